# SPDX-License-Identifier: MIT
"""shikiri-pack on the command line: every configs/broken/*.dts fails with
exactly the error its header comment names, and the shipped configurations
pass. The packer checks each partition's device tree against the partition
(tools/guest_dt.c), so the device trees are the real ones, compiled here from
guests/*/ and configs/broken/guests/ (the two SoC boards' derived by
tools/partition_dt.py from Debian's board DTBs); the other guest images are
small dummy files, so no guest build is needed."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("BUILD", "build")
TOOL = BUILD / "tools" / "shikiri-pack"
BROKEN = sorted((ROOT / "configs" / "broken").glob("*.dts"))
VALID = sorted((ROOT / "configs").glob("*.dts")) + sorted(
    (ROOT / "configs" / "tests").glob("*.dts"))
IMAGES = {"heartbeat.bin": 5000, "control.bin": 5000, "probe.bin": 3000, "hyp-fault.bin": 2000,
          "hostile.bin": 5000, "rtos.bin": 5000, "rtos.dtb": 1000, "rtos-selftest.dtb": 1000,
          "guest.dtb": 1000, "Image": 8000, "initramfs.cpio.gz": 4000,
          "linux.dtb": 1500, "linux-gicv2.dtb": 1500, "linux-rtc.dtb": 1500,
          "linux-smc.dtb": 1500, "channel.bin": 5000, "channel-producer.dtb": 1000,
          "channel-consumer.dtb": 1000, "channel-stranger.dtb": 1000,
          "channel-echo.dtb": 1000, "linux-channel.dtb": 2000,
          "linux-channel-gicv2.dtb": 2000, "linux-1cpu.dtb": 1500,
          "spin.bin": 3000}
# Guest device-tree sources, compiled by dtc into <stem>.dtb.
DT_SOURCES = sorted(
    [*(ROOT / "guests").glob("*/*.dts"), *(ROOT / "configs" / "broken" / "guests").glob("*.dts")])
# The SoC boards' Linux trees: derived from the board's DTB for a config.
DEBIAN_DTBS = ROOT / "build" / "debian" / "dtbs"
DERIVED = {"imx8mp-evk-linux.dtb": ("imx8mp-evk.dtb", "imx8mp-evk-demo.dts"),
           "zcu102-linux.dtb": ("zynqmp-zcu102-rev1.0.dtb", "zcu102-demo.dts")}
# Every other image a shipped configuration names (test guests and their
# device trees) gets a dummy of this size.
DEFAULT_IMAGE_SIZE = 3000
TIMEOUT = 60


def named_images():
    """{file name: dummy size} for every image the configurations name."""
    names = {}
    for dts in VALID:
        for name in re.findall(r'file\s*=\s*"([^"]+)"', dts.read_text()):
            names[name] = IMAGES.get(name, DEFAULT_IMAGE_SIZE)
    return {**names, **IMAGES}


@pytest.fixture(scope="module")
def tool():
    if not TOOL.exists():
        pytest.fail(f"{TOOL} is not built (make tools)")
    return TOOL


@pytest.fixture(scope="module")
def device_trees(tmp_path_factory):
    """A directory of every guest device tree the configurations name."""
    out = tmp_path_factory.mktemp("dtbs")
    for src in DT_SOURCES:
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", str(src.parent),
                        "-o", str(out / f"{src.stem}.dtb"), str(src)],
                       check=True, timeout=TIMEOUT)
    for name, (board, config) in DERIVED.items():
        if not (DEBIAN_DTBS / board).exists():
            pytest.fail(f"{DEBIAN_DTBS / board} is missing (scripts/fetch-debian.sh)")
        subprocess.run([sys.executable, str(ROOT / "tools" / "partition_dt.py"),
                        "--board", str(DEBIAN_DTBS / board),
                        "--config", str(ROOT / "configs" / config),
                        "--partition", "linux", "-o", str(out / name)],
                       check=True, timeout=TIMEOUT)
    return out


@pytest.fixture
def image_dir(tmp_path, device_trees):
    for dtb in device_trees.iterdir():
        shutil.copy(dtb, tmp_path / dtb.name)
    for name, size in named_images().items():
        if not (tmp_path / name).exists():
            (tmp_path / name).write_bytes(bytes(i & 0xff for i in range(size)))
    return tmp_path


def run(tool, *args):
    return subprocess.run([str(tool), *map(str, args)], capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)


def expectation(dts):
    """The expect-path / expect-error lines of a broken configuration."""
    text = dts.read_text()
    path = re.search(r"expect-path:\s*(\S+)", text)
    error = re.search(r"expect-error:\s*(.+)", text)
    assert path and error, f"{dts} lacks expect-path / expect-error"
    return path.group(1), error.group(1).strip()


def test_there_are_broken_configurations():
    assert len(BROKEN) >= 7


@pytest.mark.parametrize("dts", BROKEN, ids=lambda p: p.stem)
def test_broken_configuration_reports_its_error(tool, image_dir, dts):
    path, error = expectation(dts)
    result = run(tool, "--check", dts, "-I", image_dir)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [f"{dts}: {path}: {lines[0].split(': ', 2)[2]}",
                     f"{dts}: 1 error(s)"], result.stderr
    assert error in lines[0], result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("dts", BROKEN, ids=lambda p: p.stem)
def test_broken_configuration_is_not_packed(tool, image_dir, tmp_path, dts):
    hyp = tmp_path / "hyp.bin"
    header = bytearray(4096)
    header[16:24] = (1 << 20).to_bytes(8, "little")  # image_size: 1 MiB
    header[56:60] = b"ARM\x64"
    hyp.write_bytes(bytes(header))
    out = tmp_path / "out.img"
    result = run(tool, "--hypervisor", hyp, "-o", out, "-I", image_dir, dts)
    assert result.returncode == 1, result.stderr
    assert not out.exists()
    assert not (tmp_path / "out.img.tmp").exists()


@pytest.mark.parametrize("dts", VALID, ids=lambda p: p.stem)
def test_shipped_configuration_is_valid(tool, image_dir, dts):
    result = run(tool, "--check", dts, "-I", image_dir)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        rf"{re.escape(str(dts))}: \d+ partitions, \d+ images, \d+ bytes of images\n",
        result.stdout), result.stdout


def readme_commands(section):
    """The shell commands of the first ```sh block under a README heading,
    continuation lines joined."""
    text = (ROOT / "README.md").read_text()
    body = text.split(f"## {section}\n", 1)[1]
    block = body.split("```sh\n", 1)[1].split("```", 1)[0]
    return [c.strip() for c in block.replace("\\\n", " ").splitlines() if c.strip()]


def test_readme_pack_commands_work_as_written(tmp_path):
    """README, "Making your own system": the packer's commands, run as
    shown (after `make build`), check and pack the default system; the
    packed image is then the one `make run` boots."""
    if BUILD != ROOT / "build":
        pytest.skip("the README's commands name build/")
    commands = [c for c in readme_commands("Making your own system")
                if c.startswith("build/tools/shikiri-pack")]
    assert len(commands) == 2, commands
    out = tmp_path / "my-system.img"
    for command in commands:
        result = subprocess.run(command.replace("my-system.img", str(out)), shell=True,
                                cwd=ROOT, capture_output=True, text=True,
                                timeout=TIMEOUT, check=False)
        assert result.returncode == 0, (command, result.stderr)
    assert out.read_bytes() == (BUILD / "configs" / "qemu-virt-demo.img").read_bytes()


def test_two_linux_partitions_carry_one_copy_of_the_kernel(tmp_path):
    """Two Linux partitions running Debian's Image: the package holds one
    copy (issue 20: two copies of the kernel before), so the system fits
    64 MiB of hypervisor memory, which two copies would not."""
    image = BUILD / "debian" / "Image"
    if not image.exists():
        pytest.fail(f"{image} is missing (make build)")
    text = (ROOT / "configs" / "broken" / "dt-gic-mixed.dts").read_text()
    config = tmp_path / "two-linux.dts"
    config.write_text(text.replace("linux-1cpu-gicv2.dtb", "linux-1cpu.dtb"))
    out = tmp_path / "two-linux.img"
    dirs = [a for d in ("guests", "rtos", "linux", "debian") for a in ("-I", BUILD / d)]
    result = run(TOOL, "--hypervisor", BUILD / "hypervisor" / "shikiri.bin", "-o", out,
                 *dirs, config)
    assert result.returncode == 0, result.stderr
    kernel = image.stat().st_size
    assert f"(1 identical to another, stored once: {kernel} bytes saved)" \
        in result.stdout, result.stdout
    assert out.stat().st_size < 2 * kernel, (out.stat().st_size, kernel)
