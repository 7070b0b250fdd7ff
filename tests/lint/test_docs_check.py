# SPDX-License-Identifier: MIT
"""scripts/check-docs.py: each check passes on the real tree and fails, naming
the file and line, on a copy broken on purpose (make lint-selftest)."""

import os
import shutil
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(TOP, "scripts", "check-docs.py")

# What the ABI, hypercall and figure checks read.
ABI_FILES = ("include/shikiri/hypercall.h", "hypervisor/core/hypercall.c",
             "docs/hypercalls.md")


def run(root, only):
    r = subprocess.run([sys.executable, SCRIPT, "--root", str(root),
                        "--only", only],
                       capture_output=True, text=True, check=False)
    return r.returncode, r.stdout


def copy(tmp_path, *files):
    for f in files:
        dst = tmp_path / f
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(os.path.join(TOP, f), dst)
    return tmp_path


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path, needle):
    for num, line in enumerate(path.read_text(encoding="utf-8").split("\n"),
                               1):
        if needle in line:
            return num
    raise AssertionError(needle)


def test_every_check_passes_on_the_real_tree():
    rc, out = run(TOP, "paths,abi,figures,hypercalls")
    assert rc == 0, out
    assert out == ""


# ------------------------------------------------------------------ paths

def test_a_doc_naming_a_missing_file_fails_with_file_and_line(tmp_path):
    (tmp_path / "hypervisor" / "core").mkdir(parents=True)
    (tmp_path / "hypervisor" / "core" / "vcpu.c").write_text("")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "architecture.md").write_text(
        "# Map\n\nThe switch is `core/vcpu.c` and\n"
        "`arch/arm64/vcpu_switch.c`.\n")
    rc, out = run(tmp_path, "paths")
    assert rc == 1
    assert out == ("docs/architecture.md:4: names 'arch/arm64/vcpu_switch.c'"
                   ", which is not in the tree (nor in scripts/check-docs.py"
                   " ALLOWED)\n")


def test_a_comment_naming_a_missing_file_fails_with_file_and_line(tmp_path):
    (tmp_path / "hypervisor" / "core").mkdir(parents=True)
    (tmp_path / "hypervisor" / "core" / "mmio.h").write_text(
        "/* SPDX */\n#include <stdint.h> /* <stdint.h> is the host's */\n"
        "/*\n * table-driven (STYLE.md)\n */\n")
    rc, out = run(tmp_path, "paths")
    assert rc == 1
    assert "hypervisor/core/mmio.h:4: names 'STYLE.md'" in out
    assert "stdint.h" not in out


def test_paths_resolve_by_suffix_glob_placeholder_and_allow_list(tmp_path):
    for f in ("hypervisor/arch/arm64/gic/vgic_v3_regs.c",
              "guests/rtos/include/rtos/channel.h", "configs/demo.dts",
              "docs/channels.md"):
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text("")
    (tmp_path / "README.md").write_text(
        "`arch/arm64/gic/vgic*.c`, `rtos/channel.h`, `configs/NAME.dts`,\n"
        "`configs/<name>.dts`, `build/hypervisor/shikiri.bin`,\n"
        "`/usr/lib/u-boot/qemu_arm64/u-boot.bin`, [c](docs/channels.md),\n"
        "`vgic_v3_regs.c`, `hypervisor/arch/`, https://x.org/a/b.c\n")
    rc, out = run(tmp_path, "paths")
    assert rc == 0, out


# -------------------------------------------------------------------- ABI

def test_abi_versions_agreeing_pass(tmp_path):
    copy(tmp_path, *ABI_FILES)
    assert run(tmp_path, "abi") == (0, "")


def test_the_header_comment_disagreeing_with_the_definition_fails(tmp_path):
    copy(tmp_path, *ABI_FILES)
    header = tmp_path / ABI_FILES[0]
    replace(header, "ABI, version 1.4", "ABI, version 1.2")
    rc, out = run(tmp_path, "abi")
    assert rc == 1
    n = line_of(header, "ABI, version 1.2")
    d = line_of(header, "#define SK_ABI_VERSION_MAJOR")
    assert out == (f"include/shikiri/hypercall.h:{n}: the comment says ABI "
                   f"version 1.2 but include/shikiri/hypercall.h:{d} defines "
                   f"1.4\n")


def test_the_doc_disagreeing_with_the_definition_fails(tmp_path):
    copy(tmp_path, *ABI_FILES)
    doc = tmp_path / "docs/hypercalls.md"
    replace(doc, "# Hypercall ABI — version 1.4", "# Hypercall ABI — version 1.5")
    replace(doc, "x2 = minor (4)", "x2 = minor (2)")
    rc, out = run(tmp_path, "abi")
    assert rc == 1
    assert "docs/hypercalls.md:1: the title says version 1.5 but " \
           "include/shikiri/hypercall.h:" in out
    n = line_of(doc, "x2 = minor (2)")
    assert f"docs/hypercalls.md:{n}: the SK_HC_ABI_VERSION row says 1.2" in out


def test_a_version_bump_without_the_doc_fails(tmp_path):
    copy(tmp_path, *ABI_FILES)
    replace(tmp_path / ABI_FILES[0], "#define SK_ABI_VERSION_MINOR 4u",
            "#define SK_ABI_VERSION_MINOR 5u")
    rc, out = run(tmp_path, "abi")
    assert rc == 1
    assert "the comment says ABI version 1.4 but" in out
    assert "the newest additions are 'Since 1.4' but the version is 1.5" in out
    assert "docs/hypercalls.md:1: the title says version 1.4" in out


def test_an_addition_that_is_no_call_needs_its_version_too(tmp_path):
    """A 'Since X.Y' on codes or a struct's new version counts like a
    call's: marked newer than the version, the check fails."""
    copy(tmp_path, *ABI_FILES)
    replace(tmp_path / ABI_FILES[0], "/* Since 1.4: firmware calls",
            "/* Since 1.5: firmware calls")
    rc, out = run(tmp_path, "abi")
    assert rc == 1
    assert "the newest additions are 'Since 1.5' but the version is 1.4" in out


def test_code_reporting_a_number_instead_of_the_definition_fails(tmp_path):
    copy(tmp_path, *ABI_FILES)
    replace(tmp_path / ABI_FILES[1], "regs[2] = SK_ABI_VERSION_MINOR;",
            "regs[2] = 3u;")
    rc, out = run(tmp_path, "abi")
    assert rc == 1
    assert out.startswith("hypervisor/core/hypercall.c:1: the "
                          "SK_HC_ABI_VERSION handler does not return "
                          "SK_ABI_VERSION_MINOR in x2")


# ------------------------------------------------------------- hypercalls

def test_a_hypercall_missing_from_the_table_fails(tmp_path):
    copy(tmp_path, *ABI_FILES)
    doc = tmp_path / "docs/hypercalls.md"
    text = doc.read_text(encoding="utf-8").split("\n")
    doc.write_text("\n".join(l for l in text if "`SK_HC_AUDIT_READ`" not in l),
                   encoding="utf-8")
    rc, out = run(tmp_path, "hypercalls")
    assert rc == 1
    n = line_of(tmp_path / ABI_FILES[0], "#define SK_HC_AUDIT_READ")
    assert out == (f"include/shikiri/hypercall.h:{n}: SK_HC_AUDIT_READ is "
                   f"missing from the Calls table of docs/hypercalls.md\n")


def test_a_wrong_id_or_version_names_both_places(tmp_path):
    copy(tmp_path, *ABI_FILES)
    doc = tmp_path / "docs/hypercalls.md"
    replace(doc, "| `0xC600000C` | `SK_HC_CHANNEL_NOTIFY` (1.2) |",
            "| `0xC600000F` | `SK_HC_CHANNEL_NOTIFY` (1.1) |")
    rc, out = run(tmp_path, "hypercalls")
    assert rc == 1
    n = line_of(doc, "SK_HC_CHANNEL_NOTIFY")
    h = line_of(tmp_path / ABI_FILES[0], "#define SK_HC_CHANNEL_NOTIFY")
    assert out == (
        f"docs/hypercalls.md:{n}: SK_HC_CHANNEL_NOTIFY has id 0XC600000F but "
        f"include/shikiri/hypercall.h:{h} defines 0XC600000C\n"
        f"docs/hypercalls.md:{n}: SK_HC_CHANNEL_NOTIFY is marked since 1.1 "
        f"but include/shikiri/hypercall.h:{h} says 1.2\n")


def test_a_row_the_header_does_not_define_fails(tmp_path):
    copy(tmp_path, *ABI_FILES)
    doc = tmp_path / "docs/hypercalls.md"
    replace(doc, "| -5 | `SK_E_BAD_ADDRESS` |", "| -6 | `SK_E_BAD_ADDRESS` |")
    replace(doc, "`SK_HC_PARTITION_STOP` (1.1)", "`SK_HC_PARTITION_HALT` (1.1)")
    rc, out = run(tmp_path, "hypercalls")
    assert rc == 1
    assert f"docs/hypercalls.md:{line_of(doc, 'SK_HC_PARTITION_HALT')}: " \
           f"SK_HC_PARTITION_HALT is not defined in " \
           f"include/shikiri/hypercall.h" in out
    assert "SK_HC_PARTITION_STOP is missing from the Calls table" in out
    assert f"docs/hypercalls.md:{line_of(doc, '| -6 |')}: SK_E_BAD_ADDRESS " \
           f"is -6 but include/shikiri/hypercall.h:" in out


# ---------------------------------------------------------------- figures

def test_a_measured_figure_outside_performance_md_fails(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "architecture.md").write_text(
        "# Architecture\n\n"
        "Stacks are 16 KiB per CPU; a chunk is at most 64 KiB.\n"
        "The hypervisor is 44 KiB of code.\n"
        "Release jitter stays at mean 0.5 µs.\n"
        "The report prints `max 295147802283 ns` when it breaks.\n"
        "```\ncontrol: release jitter max 736 ns\n```\n")
    rc, out = run(tmp_path, "figures")
    assert rc == 1
    assert out == (
        "docs/architecture.md:4: states a measured figure ('44 KiB' after "
        "'of code'): measured figures live in docs/performance.md; link there"
        " instead\n"
        "docs/architecture.md:5: states a measured figure ('0.5 µs' after "
        "'mean'): measured figures live in docs/performance.md; link there "
        "instead\n")


def test_performance_md_sections_need_their_commit(tmp_path):
    (tmp_path / "docs").mkdir()
    perf = tmp_path / "docs" / "performance.md"
    perf.write_text("# Performance\n\nHow we measure, ~1 minute.\n\n"
                    "## Tagged\n\nMeasured at 0ae97c4.\n\n| a | b |\n|---|---|\n"
                    "| null hypercall | 144 |\n\n"
                    "## Untagged\n\n```\ntimer irq (ns)     32.0\n```\n\n"
                    "## Method\n\n| figure | how |\n|---|---|\n"
                    "| compute kernel | 4 Mi steps |\n")
    rc, out = run(tmp_path, "figures")
    assert rc == 1
    assert out == ("docs/performance.md:13: section 'Untagged' has measured "
                   "figures but no 'measured at <commit>'\n")


def test_a_link_to_a_missing_heading_fails(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "performance.md").write_text(
        "# Performance\n\n## Shared CPUs\n\n### `/schedule/FRAME` — a frame\n")
    (tmp_path / "docs" / "scheduling.md").write_text(
        "# Scheduling\n\n[a](performance.md#shared-cpus),\n"
        "[b](performance.md#scheduleframe--a-frame), [c](#scheduling),\n"
        "[d](performance.md#shared-cpu)\n")
    rc, out = run(tmp_path, "paths")
    assert rc == 1
    assert out == ("docs/scheduling.md:5: links to 'performance.md#shared-cpu'"
                   ", but docs/performance.md has no heading with that "
                   "anchor\n")


def test_a_tag_naming_no_commit_fails_in_a_git_checkout(tmp_path):
    (tmp_path / "docs").mkdir()
    perf = tmp_path / "docs" / "performance.md"
    perf.write_text("# Performance\n\n## Micro\n\nMeasured at 0123abc.\n\n"
                    "| figure | shikiri |\n|---|---|\n| null hypercall | 144 |\n")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t",
           "-c", "user.email=t@t"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "figures"], check=True)
    rc, out = run(tmp_path, "figures")
    assert rc == 1
    assert out == ("docs/performance.md:5: 'measured at 0123abc' names no "
                   "commit of this repository\n")


def test_a_value_or_uid_in_the_prose_must_be_the_headers(tmp_path):
    copy(tmp_path, *ABI_FILES)
    doc = tmp_path / "docs/hypercalls.md"
    replace(doc, "`SK_CONSOLE_WRITE_MAX` (4096)", "`SK_CONSOLE_WRITE_MAX` (8192)")
    replace(doc, "### `SK_HC_SCHED_STATS` (1.3)", "### `SK_HC_SCHED_STATS` (1.2)")
    replace(doc, "0x6b696873, 0x2d697269", "0x6b696874, 0x2d697269")
    rc, out = run(tmp_path, "hypercalls")
    assert rc == 1
    h = tmp_path / ABI_FILES[0]
    assert out == (
        f"docs/hypercalls.md:{line_of(doc, '(8192)')}: SK_CONSOLE_WRITE_MAX "
        f"(8192) but include/shikiri/hypercall.h:"
        f"{line_of(h, '#define SK_CONSOLE_WRITE_MAX')} defines 4096\n"
        f"docs/hypercalls.md:{line_of(doc, '`SK_HC_SCHED_STATS` (1.2)')}: "
        f"SK_HC_SCHED_STATS (1.2) but include/shikiri/hypercall.h:"
        f"{line_of(h, '#define SK_HC_SCHED_STATS')} says since 1.3\n"
        f"docs/hypercalls.md:{line_of(doc, '0x6b696874')}: UID word 0 is "
        f"0x6b696874 but include/shikiri/hypercall.h:"
        f"{line_of(h, '#define SK_UID_0')} defines SK_UID_0 as 0x6b696873\n")
