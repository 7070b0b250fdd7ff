"""Configurations that cannot work are refused with a message that says
what and where: by the tool before packing, by the hypervisor at boot."""
import glob
import os
import re

import pytest

from conftest import GUESTS, ROOT, build_path, config_image, run_pack

BROKEN = sorted(glob.glob(os.path.join(ROOT, "configs", "broken", "*.dts")))


def expectations(path):
    """The node path and phrase a broken config's header promises."""
    head = open(path, encoding="utf-8").read().split("*/", 1)[0]
    node = re.search(r"(?im)^\s*\*?\s*expect(?:ed)?[- ]path:\s*(\S+)", head)
    phrase = re.search(r"(?im)^\s*\*?\s*expect(?:ed)?[- ](?:message|error):\s*(.+?)\s*$", head)
    return (node.group(1) if node else None,
            phrase.group(1) if phrase else None)


def test_there_are_broken_configs():
    assert len(BROKEN) >= 7


@pytest.mark.parametrize("path", BROKEN, ids=os.path.basename)
def test_tool_rejects_broken_config_with_node_path(path):
    node, phrase = expectations(path)
    assert node, f"{path}: header must state 'expect-path: /...'"
    rc, out = run_pack("--check", "-I", GUESTS, path)
    assert rc == 1, out
    assert f"{os.path.basename(path)}: {node}: " in out, out
    if phrase:
        assert phrase in out, out


def test_tool_accepts_demo_config():
    rc, out = run_pack("--check", "-I", GUESTS,
                       os.path.join(ROOT, "configs", "qemu-virt-demo.dts"))
    assert rc == 0, out
    assert "2 partitions" in out


def test_boot_refuses_cpu_the_board_lacks(qemu):
    q = qemu(config_image("tests/cpu5"), smp=4)
    q.expect(r"configuration error: /partitions/beta: CPU 5 is not present: "
             r"the board has 4 CPUs")
    q.expect(r"refusing to start: the configuration does not fit this board \(1 error\)")
    q.expect(r"system halted")


def test_same_image_boots_on_a_board_with_enough_cpus(qemu):
    q = qemu(config_image("tests/cpu5"), smp=8)
    q.expect(r"partition 1 'beta': 1 vCPU\(s\) on CPU 5")
    q.expect(r"\[beta\] heartbeat 2")


def test_boot_refuses_ram_the_board_lacks(qemu):
    q = qemu(config_image("qemu-virt-demo"), mem="512M")
    m = q.expect(r"configuration error: (/\S+): (.*)\r*\n")
    assert m.group(1) == "/platform", m.group(0)
    q.expect(r"refusing to start")


def test_hypervisor_without_configuration_says_how_to_make_one(qemu):
    q = qemu(build_path("hypervisor", "shikiri.bin"))
    q.expect(r"boot failed at reading the system configuration: package: none found "
             r"after the hypervisor: pack a configuration with tools/shikiri-pack")


def test_entered_below_el2_says_so(qemu):
    q = qemu(config_image("qemu-virt-demo"),
             extra=["-M", "virt,virtualization=off,gic-version=3"])
    q.expect(r"entered at EL1: shikiri must be started at EL2")
