"""shikiri on the SoC boards (tests/system/boards.py): one hypervisor image
boots on QEMU's imx8mp-evk and xlnx-zcu102 with the DTBs Debian's kernel
ships, finds its console UART from the DT (i.MX UART, Cadence UART), takes
console input there, and refuses a configuration that does not fit the
board with a message naming what and where. The hostile-guest suite and the
RTOS selftest run per board in test_hostile.py and test_rtos.py."""
import os
import subprocess

import pytest

import boards
from conftest import board_image, heartbeat_counts, make_run

# The board line the hypervisor prints: what it read from each DT.
BOARD_LINES = {
    "imx8mp-evk": r"board: 4 CPUs, 1 RAM bank \(first 0x40000000\+0x80000000\), "
                  r"GICv3, UART 0x30890000\r",
    "zcu102": r"board: 4 CPUs, 1 RAM bank \(first 0x0\+0x80000000\), "
              r"GICv2, UART 0xff000000\r",
}
LOAD_ADDRESS = {"imx8mp-evk": "0x40200000", "zcu102": "0x200000"}


@pytest.mark.parametrize("board", boards.SOC_BOARDS)
def test_hypervisor_boots_and_names_the_board(qemu, board):
    q = qemu(board_image(board, "tests/heartbeats"), board=board,
             icount=True)
    q.expect(rf"\[shikiri\] shikiri \S+ on {board}: loaded at "
             rf"{LOAD_ADDRESS[board]}, device tree at 0x[0-9a-f]+\r")
    q.expect(BOARD_LINES[board])
    # Both partitions run, on their own CPUs (started by PSCI CPU_ON), in
    # whichever order they get there.
    seen = {q.expect(r"\[(alpha|beta)\] shikiri UID ok\r").group(1)
            for _ in range(2)}
    assert seen == {"alpha", "beta"}
    assert "CPU_ON failed" not in "".join(q.log)


def test_zcu102_partitions_beat_on_the_gic400(qemu):
    """The guests' timer interrupts come through the GIC-400's virtual CPU
    interface at its unaliased address (platform/zcu102/zcu102.c)."""
    q = qemu(board_image("zcu102", "tests/heartbeats"), board="zcu102",
             icount=True)
    lines, _ = q.lines_until(r"\[alpha\] heartbeat 5\r")
    beats = heartbeat_counts(lines)
    assert beats["alpha"][:4] == [1, 2, 3, 4], beats
    assert len(beats.get("beta", [])) >= 3, beats


@pytest.mark.parametrize("board", boards.SOC_BOARDS)
def test_console_input_reaches_the_hypervisor_on_the_board_uart(qemu, board):
    """The console's receive path through the board's UART driver: a
    command typed on it is answered."""
    q = qemu(board_image(board, "tests/heartbeats"), board=board)
    q.expect(r"\[\w+\] shikiri UID ok\r")
    q.focus(1, "beta")


def test_imx8mp_guests_get_their_timer_interrupts(qemu):
    """QEMU 10.0.2's imx8mp-evk does not wire the GIC's virtual IRQ to the
    CPUs (hw/arm/fsl-imx8mp.c; wired upstream later by 'hw/arm/fsl-imx8mp:
    Wire VIRQ and VFIQ'): the hypervisor raises it with HCR_EL2.VI
    (platform/imx8mp-evk/imx8mp_evk.c, arch/arm64/gic/vgic_v3_virq.c), says
    so at boot, and both partitions' timer interrupts arrive."""
    q = qemu(board_image("imx8mp-evk", "tests/heartbeats"),
             board="imx8mp-evk", icount=True)
    q.expect(r"\[shikiri\] imx8mp-evk: the GIC's virtual IRQ is not wired "
             r"to the CPUs: the hypervisor raises it \(HCR_EL2\.VI\)\r")
    lines, _ = q.lines_until(r"\[alpha\] heartbeat 5\r", timeout=60)
    beats = heartbeat_counts(lines)
    assert beats["alpha"][:4] == [1, 2, 3, 4], beats
    assert len(beats.get("beta", [])) >= 3, beats


@pytest.mark.parametrize("board", ["imx8mp-evk", "virt"])
def test_an_eoi_that_unblocks_a_pending_interrupt_raises_the_virq(qemu, board):
    """guests/tests/virq.c, interrupts masked, no exit after its EOI: an
    active SGI with two pending behind it, then one pending and active. On
    imx8mp-evk the hypervisor raises the virtual IRQ (vgic_v3_virq.h): with
    three list registers the first EOI went unseen and the IRQ stayed low
    (a Linux vCPU in WFI never got its timer: an intermittent boot hang).
    virt's GIC signals it itself: the same guest, the reference."""
    q = qemu(board_image(board, "tests/virq"), board=board, icount=True)
    q.expect(r"\[alpha\] virq: active 1, pending 2 and 3: virtual IRQ raised "
             r"after the EOI, SGIs taken 0xc\r")
    q.expect(r"\[alpha\] virq: 4 pending and active: virtual IRQ raised "
             r"after the EOI, SGIs taken 0x10\r")
    q.expect(r"\[alpha\] heartbeat 2\r")
    log = "".join(q.log)
    assert "unexpected" not in log, log


@pytest.mark.parametrize("board", ["zcu102", "virt"])
def test_the_virq_workaround_is_off_on_other_boards(qemu, board):
    q = qemu(board_image(board, "tests/heartbeats"), board=board,
             icount=True)
    lines, _ = q.lines_until(r"\[alpha\] heartbeat 2\r")
    assert not any("virtual IRQ is not wired" in l for l in lines), lines


REFUSALS = {
    "tests/device-on-uart": (
        "/partitions/beta/devices/taken",
        "overlaps the hypervisor's UART"),
    "tests/device-on-gic": (
        "/partitions/beta/devices/taken",
        "overlaps the GIC distributor"),
    "tests/cpu5": (
        "/partitions/beta",
        "CPU 5 is not present: the board has 4 CPUs"),
    # The board's clock controller, which no partition may own
    # (platform/<board>/: the i.MX CCM, the ZynqMP's CRL_APB).
    "tests/device-on-clocks": (
        "/partitions/beta/devices/taken",
        {"imx8mp-evk": "overlaps the clock controller (CCM)",
         "zcu102": "overlaps the low-power domain's clocks and resets "
                   "(CRL_APB)"}),
}


@pytest.mark.parametrize("config", sorted(REFUSALS))
@pytest.mark.parametrize("board", boards.SOC_BOARDS)
def test_a_configuration_that_does_not_fit_the_board_is_refused(qemu, board,
                                                                config):
    path, what = REFUSALS[config]
    if isinstance(what, dict):
        what = what[board]
    q = qemu(board_image(board, config), board=board)
    m = q.expect(r"configuration error: (/\S+): ([^\r\n]*)\r")
    assert m.group(1) == path, m.group(0)
    assert what in m.group(2), m.group(0)
    q.expect(r"refusing to start: the configuration does not fit this "
             r"board \(1 error\)")
    q.expect(r"system halted")
    # Powered off by PSCI SYSTEM_OFF: QEMU exits instead of waiting.
    q.expect(r"powering off\r")
    q.expect_exit()


# The other board's variant puts RAM where this board has none (the
# ZCU102 given 1 GiB ends where the i.MX's RAM starts).
@pytest.mark.parametrize("board,other,mem", [("imx8mp-evk", "zcu102", None),
                                             ("zcu102", "imx8mp-evk", "1G")])
def test_ram_outside_the_board_is_refused(qemu, board, other, mem):
    q = qemu(board_image(other, "tests/heartbeats"), board=board, mem=mem)
    lines, _ = q.lines_until(r"refusing to start")
    errors = [l for l in lines if "configuration error: /platform: " in l]
    assert errors and "not present on the board" in errors[0], lines


def test_make_run_with_an_unknown_board_lists_the_boards():
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    r = subprocess.run(["make", "-j1", "--no-print-directory", "run",
                        "BOARD=nosuch"], cwd=boards.ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert ("make run: unknown BOARD 'nosuch'; the boards are: "
            "virt imx8mp-evk zcu102") in r.stderr, r.stderr
    # Nothing was installed, built or booted.
    assert "Booting" not in r.stdout, r.stdout


@pytest.mark.parametrize("board", boards.SOC_BOARDS)
def test_make_run_on_a_soc_board_reaches_linux_with_its_sd_card(board, tmp_path):
    """`make run BOARD=...` as a user types it: the board's demo comes up to
    Linux's prompt beside the RTOS, and Linux has the passed-through SD host
    with the card make run put in its slot (RUN_SD, created empty)."""
    sd = tmp_path / "sd.img"
    with make_run(["run", f"BOARD={board}", f"RUN_SD={sd}"],
                  (rf"an empty 64 MiB SD card for {board}'s Linux",
                   r"Booting \S+ on " + board),
                  (r"\[rtos\] rtos: demo on shikiri",
                   r"\[linux\] shikiri-linux: SD host found",
                   r"\[linux\] shikiri-linux:/root# "),
                  f"make run BOARD={board}"):
        assert sd.stat().st_size == 64 * 1024 * 1024
