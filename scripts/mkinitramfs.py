#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the Linux partition's initramfs: a gzip-compressed cpio archive
("newc" format, the one the kernel unpacks: Documentation/driver-api/
early-userspace/buffer-format.rst) holding a static busybox, one symlink per
busybox applet, /dev/console, and the files of an overlay directory
(guests/linux/initramfs: /init, /etc/inittab, ...).

Written in Python rather than with cpio(1) so that the archive is the same
bytes on every run and every host: entries sorted, owner root, a fixed mtime
(SOURCE_DATE_EPOCH, default 0), inode numbers in order, gzip header without a
time stamp — and so that /dev/console can be created without root.

The busybox binary is arm64 and cannot be run here to ask it for its applets;
they are read from its name table instead: the applet names are stored sorted,
NUL-separated, starting with "[" and "[[".
"""

import argparse
import gzip
import os
import re
import stat
import sys

NEWC_MAGIC = b"070701"
NEWC_ALIGN = 4
TRAILER = "TRAILER!!!"

# Applets the initramfs's own scripts rely on; a busybox without one of them
# is refused at build time rather than failing at boot.
REQUIRED_APPLETS = ("sh", "init", "mount", "cat", "echo", "cttyhack",
                    "poweroff", "reboot")

APPLET_TABLE_START = b"[\x00[[\x00"
APPLET_NAME = re.compile(rb"^[a-z0-9\[][a-z0-9._\[-]{0,31}$")
MAX_APPLETS = 1024

# Character device numbers (Documentation/admin-guide/devices.txt): the
# kernel opens /dev/console for init's stdin/stdout before devtmpfs exists.
CONSOLE_MAJOR = 5
CONSOLE_MINOR = 1

DIRS = ("bin", "dev", "etc", "proc", "root", "sys", "tmp", "usr")
# Every applet lives in /bin; the other usual places point there.
DIR_LINKS = {"sbin": "bin", "usr/bin": "../bin", "usr/sbin": "../bin"}


class Entry:
    """One archive member: mode carries the file type bits."""

    def __init__(self, mode, data=b"", rdev=(0, 0)):
        self.mode = mode
        self.data = data
        self.rdev = rdev


def busybox_applets(binary):
    start = binary.find(APPLET_TABLE_START)
    if start < 0:
        raise ValueError("no applet name table (expected it to start with '[', '[[')")
    names = []
    prev = b""
    pos = start
    while len(names) < MAX_APPLETS:
        end = binary.find(b"\x00", pos)
        if end < 0:
            break
        name = binary[pos:end]
        if not APPLET_NAME.match(name) or name <= prev:
            break
        names.append(name.decode("ascii"))
        prev = name
        pos = end + 1
    return names


def newc_member(name, entry, ino, mtime):
    data = entry.data
    nlink = 2 if stat.S_ISDIR(entry.mode) else 1
    fields = (ino, entry.mode, 0, 0, nlink, mtime, len(data), 0, 0,
              entry.rdev[0], entry.rdev[1], len(name) + 1, 0)
    header = NEWC_MAGIC + b"".join(b"%08x" % f for f in fields)
    out = header + name.encode() + b"\x00"
    out += b"\x00" * (-len(out) % NEWC_ALIGN)
    out += data + b"\x00" * (-len(data) % NEWC_ALIGN)
    return out


def add_overlay(entries, root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(dirnames) + sorted(filenames):
            host = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            st = os.lstat(host)
            if stat.S_ISLNK(st.st_mode):
                entries[rel] = Entry(stat.S_IFLNK | 0o777, os.readlink(host).encode())
            elif stat.S_ISDIR(st.st_mode):
                entries[rel] = Entry(stat.S_IFDIR | 0o755)
            elif stat.S_ISREG(st.st_mode):
                with open(host, "rb") as f:
                    data = f.read()
                # Scripts are executable whatever the checkout did to the bit.
                executable = st.st_mode & stat.S_IXUSR or data.startswith(b"#!")
                perm = 0o755 if executable else 0o644
                entries[rel] = Entry(stat.S_IFREG | perm, data)
            else:
                raise ValueError(f"{host}: only files, directories and symlinks may be in the overlay")


def add_files(entries, specs):
    """--file HOST:PATH: one host file at PATH in the archive (parent
    directories created); executable if the host file is."""
    for spec in specs:
        host, sep, rel = spec.partition(":")
        rel = os.path.normpath(rel.lstrip("/"))
        if not sep or not host or rel in (".", "") or rel.startswith(".."):
            raise ValueError(f"--file {spec!r}: expected HOST:PATH")
        st = os.stat(host)
        with open(host, "rb") as f:
            data = f.read()
        parts = rel.split("/")
        for i in range(1, len(parts)):
            entries.setdefault("/".join(parts[:i]), Entry(stat.S_IFDIR | 0o755))
        perm = 0o755 if st.st_mode & stat.S_IXUSR else 0o644
        entries[rel] = Entry(stat.S_IFREG | perm, data)


def build_entries(busybox, overlay):
    entries = {d: Entry(stat.S_IFDIR | 0o755) for d in DIRS}
    entries["tmp"] = Entry(stat.S_IFDIR | 0o1777)
    entries["root"] = Entry(stat.S_IFDIR | 0o700)
    for link, target in DIR_LINKS.items():
        entries[link] = Entry(stat.S_IFLNK | 0o777, target.encode())
    entries["dev/console"] = Entry(stat.S_IFCHR | 0o600, rdev=(CONSOLE_MAJOR, CONSOLE_MINOR))
    entries["bin/busybox"] = Entry(stat.S_IFREG | 0o755, busybox)
    applets = busybox_applets(busybox)
    missing = [a for a in REQUIRED_APPLETS if a not in applets]
    if missing:
        raise ValueError(f"busybox lacks applets {', '.join(missing)} "
                         f"(found {len(applets)} applets)")
    for applet in applets:
        if applet != "busybox":
            entries["bin/" + applet] = Entry(stat.S_IFLNK | 0o777, b"busybox")
    if overlay:
        add_overlay(entries, overlay)
    return entries, len(applets)


def write_archive(entries, out_path, mtime):
    body = bytearray()
    for ino, name in enumerate(sorted(entries), start=1):
        body += newc_member(name, entries[name], ino, mtime)
    body += newc_member(TRAILER, Entry(0), 0, 0)
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as raw:
        # mtime=0 and no file name: the gzip header is the same on every run.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                           compresslevel=9) as gz:
            gz.write(body)
    os.replace(tmp, out_path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--busybox", required=True, help="static arm64 busybox binary")
    ap.add_argument("--overlay", help="directory whose tree is added on top")
    ap.add_argument("--file", action="append", default=[], metavar="HOST:PATH",
                    help="add one host file at PATH (repeatable)")
    ap.add_argument("-o", "--output", required=True, help="output .cpio.gz")
    args = ap.parse_args()
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    try:
        with open(args.busybox, "rb") as f:
            busybox = f.read()
        entries, applets = build_entries(busybox, args.overlay)
        add_files(entries, args.file)
        if "init" not in entries or not stat.S_ISREG(entries["init"].mode):
            raise ValueError("the archive has no /init file (rdinit=/init)")
        write_archive(entries, args.output, mtime)
    except (OSError, ValueError) as e:
        print(f"mkinitramfs: {e}", file=sys.stderr)
        return 1
    print(f"mkinitramfs: {args.output}: {len(entries)} entries, {applets} busybox applets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
