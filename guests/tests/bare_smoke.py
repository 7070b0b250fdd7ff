#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""TEST AID: smoke-test the test guests' runtime on bare QEMU (no hypervisor).

Boots the -DGUEST_BARE_CONSOLE builds (console = the virt board's PL011) at
EL1 on `qemu-system-aarch64 -M virt` without virtualization, entered the way
shikiri enters a partition: raw image at 0x40000000, x0 = DTB address. A
three-instruction shim loaded at 0x40ff0000 sets x0 and branches to the image
(loaded from the .elf, same bytes as the .bin);
the guest DTB is placed at 0x40f00000; RAM is 16 MiB like a test partition.

Without EL2, hvc is UNDEFINED; the bare runtime answers it NOT_SUPPORTED, so
names/ids print as "?" and the UID check reports a mismatch.

Usage: bare_smoke.py BARE_DIR   (e.g. build/guests/bare; guest.dtb is taken
from its parent directory)
"""
import os
import re
import struct
import sys
import tempfile
import time

import pexpect

RAM_MIB = 16
IMAGE_ADDR = 0x40000000
DTB_ADDR = 0x40F00000
SHIM_ADDR = 0x40FF0000
OUTSIDE_RAM = 0x41000000
TIMEOUT_S = 10
LAST_QEMU = None  # the QEMU of the check running now, for failure reports

# A64 encodings (Arm ARM C6.2): MOVZ Xd, #imm16, LSL #16 and BR Xn.
MOVZ_X_LSL16 = 0xD2A00000
BR = 0xD61F0000
IMM16_SHIFT = 5
RN_SHIFT = 5


def shim_words(x0):
    """movz x0, #(x0>>16), lsl 16; movz x1, #(IMAGE>>16), lsl 16; br x1"""
    assert x0 & 0xFFFF == 0 and x0 >> 32 == 0
    return [
        MOVZ_X_LSL16 | ((x0 >> 16) << IMM16_SHIFT) | 0,
        MOVZ_X_LSL16 | ((IMAGE_ADDR >> 16) << IMM16_SHIFT) | 1,
        BR | (1 << RN_SHIFT),
    ]


def boot(bare_dir, guest, x0, workdir):
    shim = os.path.join(workdir, "shim-%x.bin" % x0)
    with open(shim, "wb") as f:
        f.write(struct.pack("<3I", *shim_words(x0)))
    dtb = os.path.join(os.path.dirname(os.path.abspath(bare_dir)), "guest.dtb")
    args = [
        "-M", "virt", "-cpu", "cortex-a53", "-m", "%dM" % RAM_MIB,
        "-nographic", "-monitor", "none",
        # The ELF loads the same bytes as the .bin at 0x40000000. A raw .bin
        # cannot be used: without -kernel, QEMU puts its own DTB at the base
        # of RAM, and with -kernel it loads an Image 2 MiB above it.
        "-kernel", os.path.join(bare_dir, guest + ".elf"),
        "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (dtb, DTB_ADDR),
        "-device", "loader,file=%s,addr=0x%x,force-raw=on,cpu-num=0"
        % (shim, SHIM_ADDR),
    ]
    global LAST_QEMU
    LAST_QEMU = pexpect.spawn("qemu-system-aarch64", args, timeout=TIMEOUT_S,
                              encoding="utf-8", codec_errors="replace")
    return LAST_QEMU


def expect_line(p, text):
    """Waits for text; a trailing newline matches any line ending (the
    guest sends CR LF, the pty may add a CR)."""
    if text.endswith("\n"):
        p.expect(re.escape(text.rstrip("\r\n")) + r"\r*\n")
    else:
        p.expect_exact(text)


def hello_line(x0, verdict):
    return ("hello from ?: partition ?, vCPU ? of ?, ABI ?.?, "
            "dtb at 0x%x (%s)" % (x0, verdict))


def check_heartbeat(bare_dir, workdir):
    p = boot(bare_dir, "heartbeat", DTB_ADDR, workdir)
    expect_line(p, hello_line(DTB_ADDR, "ok"))
    expect_line(p, "UID mismatch")
    expect_line(p, "heartbeat 1\r\n")
    start = time.monotonic()
    expect_line(p, "heartbeat 6\r\n")
    elapsed = time.monotonic() - start
    # 5 periods of 200 ms; generous bounds for TCG and a busy host.
    assert 0.7 <= elapsed <= 3.0, "5 beats took %.2f s" % elapsed
    p.send("k")
    expect_line(p, "got key 'k'")
    p.send("\x1b")
    expect_line(p, "got key '\\x1b'")
    expect_line(p, "heartbeat 8\r\n")


def check_bad_dtb(bare_dir, workdir):
    # x0 at the image itself: readable, but not a DTB.
    p = boot(bare_dir, "heartbeat", IMAGE_ADDR, workdir)
    expect_line(p, hello_line(IMAGE_ADDR, "bad magic"))


def check_unexpected_exception(bare_dir, workdir):
    # x0 outside RAM: reading the DTB magic takes a real external abort,
    # which nothing expects: one report line, then the guest halts.
    p = boot(bare_dir, "heartbeat", OUTSIDE_RAM, workdir)
    p.expect(r"unexpected exception: kind 4 \(sync, current EL SPx\), "
             r"ESR_EL1 0x96000010, ELR_EL1 0x4[0-9a-f]+, "
             r"FAR_EL1 0x41000000; guest halted")
    i = p.expect([pexpect.TIMEOUT, "heartbeat", "hello"], timeout=1.5)
    assert i == 0, "guest kept running after an unexpected exception"


def check_probe(bare_dir, workdir):
    # On bare QEMU the board's devices are really there (no exception);
    # unassigned addresses give real synchronous external aborts.
    p = boot(bare_dir, "probe", DTB_ADDR, workdir)
    expect_line(p, hello_line(DTB_ADDR, "ok"))
    for addr, far in (("0x41000000", "0x41000000"), ("0x08ff0000", "0x8ff0000")):
        expect_line(p, "probe read %s: contained (ESR 0x96000010, FAR %s)"
                    % (addr, far))
        expect_line(p, "probe write %s: contained (ESR 0x96000050, FAR %s)"
                    % (addr, far))
    for addr in ("0x09000000", "0x0a000000"):
        expect_line(p, "probe read %s: NOT contained (no exception)" % addr)
        expect_line(p, "probe write %s: NOT contained (no exception)" % addr)
    for addr in ("0x80000000", "0x100000000"):
        expect_line(p, "probe read %s: contained (ESR 0x96000010, FAR %s)"
                    % (addr, addr))
        expect_line(p, "probe write %s: contained (ESR 0x96000050, FAR %s)"
                    % (addr, addr))
    expect_line(p, "probe fetch 0x41000000: contained "
                "(ESR 0x86000010, FAR 0x41000000)")
    expect_line(p, "probe summary: 9/13 contained")
    # Three beats came before the probes; the count goes on after them.
    expect_line(p, "heartbeat 5\r\n")


def check_hyp_fault(bare_dir, workdir):
    p = boot(bare_dir, "hyp-fault", DTB_ADDR, workdir)
    expect_line(p, "heartbeat 3\r\n")
    expect_line(p, "requesting EL2 fault\r\n")
    expect_line(p, "EL2 fault request answered NOT_SUPPORTED (-1)\r\n")
    expect_line(p, "heartbeat 4\r\n")


CHECKS = [check_heartbeat, check_bad_dtb, check_unexpected_exception,
          check_probe, check_hyp_fault]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    failed = 0
    with tempfile.TemporaryDirectory() as workdir:
        for check in CHECKS:
            try:
                check(sys.argv[1], workdir)
                print("ok   %s" % check.__name__)
            except (AssertionError, pexpect.ExceptionPexpect) as e:
                failed += 1
                print("FAIL %s: %s" % (check.__name__, str(e).splitlines()[0]))
                if LAST_QEMU and isinstance(LAST_QEMU.before, str):
                    print("     last output: %r" % LAST_QEMU.before[-300:])
            finally:
                if LAST_QEMU:
                    LAST_QEMU.terminate(force=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
