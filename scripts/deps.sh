#!/bin/sh
# Installs the Debian packages shikiri needs that are missing.
# Needs root or sudo when something is missing; says so and fails otherwise.
#
# gnuplot-nox draws make bench's SVG charts (bench/charts.py): 3 MiB
# installed, against about 350 MiB for python3-matplotlib and its
# dependencies. ipxe-qemu holds the option ROM of the virtio NIC virt adds
# by default (efi-virtio.rom): without it QEMU refuses to start a board
# without -nic none; it is only a Recommends of qemu-system-arm.
#
# QEMU comes from Debian's own bookworm-backports (10.0): Debian 12's QEMU 7.2
# has neither the i.MX 8M Plus EVK nor the ZCU102 model with EL2 (docs/boards.md).
set -eu

PACKAGES="make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross \
device-tree-compiler gdb-multiarch cppcheck clang-tidy clang libclang-rt-14-dev llvm \
libcmocka-dev python3 python3-pytest python3-pytest-xdist python3-pexpect u-boot-qemu e2fsprogs \
gnuplot-nox ipxe-qemu"
BACKPORTS_PACKAGES="qemu-system-arm"
QEMU_MIN_MAJOR=10
BACKPORTS_LIST=/etc/apt/sources.list.d/shikiri-bookworm-backports.list

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

qemu_new_enough() {
	command -v qemu-system-aarch64 >/dev/null 2>&1 || return 1
	major=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
	[ -n "$major" ] && [ "$major" -ge "$QEMU_MIN_MAJOR" ]
}

missing=""
for p in $PACKAGES; do
	installed "$p" || missing="$missing $p"
done
need_backports=""
qemu_new_enough || need_backports="$BACKPORTS_PACKAGES"
[ -z "$missing" ] && [ -z "$need_backports" ] && exit 0

echo "deps: installing:$missing${need_backports:+ $need_backports (bookworm-backports)}"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: missing packages:$missing $need_backports — run as root or install sudo" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$need_backports" ] && ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main" |
		$SUDO tee "$BACKPORTS_LIST" >/dev/null
fi
$SUDO apt-get update
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y --no-install-recommends $missing
fi
if [ -n "$need_backports" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y --no-install-recommends -t bookworm-backports $need_backports
	if ! qemu_new_enough; then
		echo "deps: qemu-system-aarch64 is older than $QEMU_MIN_MAJOR.0 after installing from bookworm-backports:" >&2
		qemu-system-aarch64 --version >&2 || true
		exit 1
	fi
fi
