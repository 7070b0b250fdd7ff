#!/bin/sh
# Installs the Debian packages shikiri needs that are missing.
# Needs root or sudo when something is missing; says so and fails otherwise.
set -eu

PACKAGES="make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross \
qemu-system-arm device-tree-compiler gdb-multiarch cppcheck clang-tidy clang libclang-rt-14-dev llvm \
libcmocka-dev python3 python3-pytest python3-pexpect"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: missing packages:$missing — run as root or install sudo" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y $missing
