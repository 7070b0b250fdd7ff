# SPDX-License-Identifier: MIT
"""scripts/check-layering.py: quiet on the real tree, and each kind of
violation in a small tree of its own fails naming the file and the line."""

import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "check-layering.py")


def run(root):
    return subprocess.run([sys.executable, SCRIPT, "--root", str(root)],
                          capture_output=True, text=True, timeout=60)


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def minimal_tree(root):
    """A tree that follows the rules: core uses the arch's published
    header, arch uses core's public one, lib only the C headers."""
    write(root, "hypervisor/lib/fmt.h", "#include <stdint.h>\n")
    write(root, "hypervisor/spec/gic.h", "#include <stdint.h>\n")
    write(root, "hypervisor/core/panic.h", '#include "lib/fmt.h"\n')
    write(root, "hypervisor/core/check_internal.h", "#include <stdint.h>\n")
    write(root, "hypervisor/core/check.c",
          '#include "core/check_internal.h"\n')
    write(root, "hypervisor/arch/arm64/include/arch/cpu.h",
          "#include <stdint.h>\n")
    write(root, "hypervisor/arch/arm64/sysreg.h", "#include <stdint.h>\n")
    write(root, "hypervisor/arch/arm64/cpu.c",
          '#include "arch/cpu.h"\n#include "arch/arm64/sysreg.h"\n'
          '#include "core/panic.h"\n')
    write(root, "hypervisor/core/boot.c",
          '#include "arch/cpu.h"\n#include "core/panic.h"\n'
          '#include "spec/gic.h"\n')


def test_the_real_tree_passes():
    result = run(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_a_minimal_tree_that_keeps_the_rules_passes(tmp_path):
    minimal_tree(tmp_path)
    result = run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_including_an_arch_header_by_its_path_fails(tmp_path):
    minimal_tree(tmp_path)
    write(tmp_path, "hypervisor/core/boot.c",
          '#include "arch/cpu.h"\n#include "arch/arm64/sysreg.h"\n')
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/core/boot.c:2: core may not include "
            "arch/arm64/sysreg.h (it is arch;") in result.stdout


def test_lib_including_core_fails(tmp_path):
    minimal_tree(tmp_path)
    write(tmp_path, "hypervisor/lib/fmt.h",
          '#include <stdint.h>\n\n#include "core/panic.h"\n')
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/lib/fmt.h:3: lib may not include core/panic.h "
            "(it is core;") in result.stdout


def test_lib_including_an_arch_primitive_fails(tmp_path):
    minimal_tree(tmp_path)
    write(tmp_path, "hypervisor/lib/spin.h", '#include "arch/cpu.h"\n')
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/lib/spin.h:1: lib may not include arch/cpu.h "
            "(it is arch-include;") in result.stdout


def test_spec_including_more_than_stdint_fails(tmp_path):
    minimal_tree(tmp_path)
    write(tmp_path, "hypervisor/spec/gic.h",
          "#include <stdint.h>\n#include <stdbool.h>\n")
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/spec/gic.h:2: spec may not include <stdbool.h>"
            in result.stdout)


def test_arch_including_a_core_internal_header_fails(tmp_path):
    minimal_tree(tmp_path)
    write(tmp_path, "hypervisor/arch/arm64/trap.c",
          '#include "core/check_internal.h"\n')
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/arch/arm64/trap.c:1: arch may not include "
            "core/check_internal.h (it is core;") in result.stdout


def test_an_include_cycle_fails_naming_it(tmp_path):
    minimal_tree(tmp_path)
    write(tmp_path, "hypervisor/core/a.h", '#include "core/b.h"\n')
    write(tmp_path, "hypervisor/core/b.h",
          '#include <stdint.h>\n#include "core/a.h"\n')
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/core/b.h:2: include cycle: hypervisor/core/a.h -> "
            "hypervisor/core/b.h -> hypervisor/core/a.h") in result.stdout


def test_a_broken_copy_of_the_real_core_fails(tmp_path):
    """The real partition.h, changed back to name the arch by path."""
    src = os.path.join(ROOT, "hypervisor", "core", "partition.h")
    with open(src) as f:
        text = f.read()
    write(tmp_path, "hypervisor/core/partition.h",
          '#include "arch/arm64/vgic_hw.h"\n' + text)
    write(tmp_path, "hypervisor/arch/arm64/vgic_hw.h", "\n")
    result = run(tmp_path)
    assert result.returncode == 1
    assert ("hypervisor/core/partition.h:1: core may not include "
            "arch/arm64/vgic_hw.h") in result.stdout
