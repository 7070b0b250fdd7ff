#!/bin/sh
# Fetches what a Linux partition runs from Debian 12's arm64 archive into a
# cache under the build folder (never into the repository):
#
#   $BUILD/debian/vmlinuz         the kernel as Debian ships it (linux-image-6.1.0-*-arm64)
#   $BUILD/debian/Image           the same kernel as a raw arm64 Image (what shikiri loads)
#   $BUILD/debian/kernel-version  e.g. "6.1.0-37-arm64 6.1.140-1": kernel release, package version
#   $BUILD/debian/busybox         the static busybox (busybox-static)
#   $BUILD/debian/modules/        the modules below of that kernel: uio.ko and
#                                 uio_pci_generic.ko (how Linux user space
#                                 reaches a channel), the SD host drivers of the
#                                 SoC boards (docs/boards.md), virtio-pci with
#                                 its disk and network drivers and ext4 (the
#                                 Linux I/O tests, tests/system/test_linux_io.py)
#   $BUILD/debian/dtbs/           the SoC boards' device trees as Debian ships them
#                                 (imx8mp-evk.dtb, zynqmp-zcu102-rev1.0.dtb)
#
# and with --xen also what the Xen comparison boots:
#
#   $BUILD/debian/xen             the Xen hypervisor, an arm64 Image
#                                 (/boot/xen-4.17-arm64 of xen-hypervisor-4.17-arm64)
#   $BUILD/debian/xen-version     e.g. "4.17 4.17.7+13-g2445b30a44-0+deb12u1": Xen release, package version
#
# The exact kernel is the one the metapackage linux-image-arm64 depends on at
# fetch time; set DEBIAN_KERNEL_PACKAGE=linux-image-6.1.0-NN-arm64 to pin one.
# apt does the work with its own state, cache and sources list in the cache
# folder, so the host's apt state is neither read nor changed, and apt checks
# every package against the archive's signed Release files.
#
# Mirrors: the Debian 12 (bookworm*) entries with component main of the
# host's sources (/etc/apt/sources.list and sources.list.d/*.list, *.sources),
# with any architecture restriction replaced by arm64. DEBIAN_MIRROR (and
# optionally DEBIAN_SECURITY_MIRROR) override them; with neither,
# deb.debian.org is used.
#
# Idempotent: when the outputs exist it prints the cached version and exits;
# only what is missing is fetched (--xen after a plain run fetches only Xen).
# --force fetches again (with --xen, Xen too). Runs as root or as a normal user.
#
#   scripts/fetch-debian.sh [--force] [--xen]
set -eu

BUILD="${BUILD:-build}"
CACHE="$BUILD/debian"
APTDIR="$CACHE/apt"
DEBDIR="$CACHE/debs"
SUITE=bookworm
ARCH=arm64
KERNEL_META=linux-image-arm64
BUSYBOX_PKG=busybox-static
XEN_RELEASE=4.17
XEN_PKG=xen-hypervisor-$XEN_RELEASE-$ARCH

say() { echo "fetch-debian: $*"; }
die() { echo "fetch-debian: error: $*" >&2; exit 1; }

# Kernel modules the Linux partition loads, as paths under the package's
# lib/modules/RELEASE/kernel/; each lands as modules/NAME.ko.
MODULES="drivers/uio/uio drivers/uio/uio_pci_generic \
drivers/mmc/host/sdhci drivers/mmc/host/sdhci-pltfm drivers/mmc/host/cqhci \
drivers/mmc/host/sdhci-esdhc-imx drivers/mmc/host/sdhci-of-arasan \
drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev \
drivers/virtio/virtio_pci drivers/block/virtio_blk \
net/core/failover drivers/net/net_failover drivers/net/virtio_net \
crypto/crc32c_generic lib/crc16 fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4"
# The package has no modules.dep (depmod writes it at install time); the
# dependencies above are the "depends=" of each module's .modinfo:
# virtio_pci needs virtio_pci_modern_dev and virtio_pci_legacy_dev (Debian
# sets CONFIG_VIRTIO_PCI_LEGACY=y), virtio_net needs net_failover needs
# failover, ext4 needs jbd2, mbcache and crc16, and ext4 and jbd2 name
# crypto-crc32c as a soft dependency (crc32c_generic: the crypto API's
# crc32c, which ext4 and jbd2 use for their metadata checksums).
# Board device trees, as paths under the package's usr/lib/linux-image-RELEASE/;
# each lands as dtbs/NAME.dtb.
DTBS="freescale/imx8mp-evk.dtb xilinx/zynqmp-zcu102-rev1.0.dtb"

linux_present() {
	[ -s "$CACHE/Image" ] && [ -s "$CACHE/vmlinuz" ] &&
		[ -s "$CACHE/busybox" ] && [ -s "$CACHE/kernel-version" ] &&
		for m in $MODULES; do [ -s "$CACHE/modules/${m##*/}.ko" ] || return 1; done &&
		for d in $DTBS; do [ -s "$CACHE/dtbs/${d##*/}" ] || return 1; done
}

xen_present() {
	[ -s "$CACHE/xen" ] && [ -s "$CACHE/xen-version" ]
}

force=no
xen=no
for arg in "$@"; do
	case $arg in
	--force) force=yes ;;
	--xen) xen=yes ;;
	*)
		echo "usage: $0 [--force] [--xen]" >&2
		exit 2
		;;
	esac
done

if [ "$force" = yes ]; then
	rm -f "$CACHE/Image" "$CACHE/vmlinuz" "$CACHE/busybox" "$CACHE/kernel-version"
	rm -rf "$CACHE/modules" "$CACHE/dtbs"
	[ "$xen" = no ] || rm -f "$CACHE/xen" "$CACHE/xen-version"
fi

# What is still to fetch: linux (kernel and busybox) and, with --xen, Xen.
need_linux=yes
linux_present && need_linux=no
need_xen=no
[ "$xen" = yes ] && ! xen_present && need_xen=yes

if [ "$need_linux" = no ] && [ "$need_xen" = no ]; then
	if [ "$xen" = yes ]; then
		say "cached in $CACHE: linux $(cat "$CACHE/kernel-version"), xen $(cat "$CACHE/xen-version")"
	else
		say "cached in $CACHE: linux $(cat "$CACHE/kernel-version")"
	fi
	exit 0
fi

for tool in apt-get apt-cache dpkg-deb tar gzip awk; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (this script needs Debian's apt and dpkg)"
done

# --- sources list ------------------------------------------------------------

# Prints "URI SUITE [SIGNED-BY]" for every Debian 12 entry with component main
# in the host's sources files given as arguments (one-line and deb822 format).
host_debian_entries() {
	awk -v suite="$SUITE" '
	function is_debian_suite(s) {
		# bookworm, -updates, -security; not -backports (deps.sh may add it
		# for QEMU; the kernel stays the one of Debian 12)
		return s == suite || (index(s, suite "-") == 1 && s != suite "-backports")
	}
	function has_main(comps,   n, i, c) {
		n = split(comps, c, /[ \t]+/)
		for (i = 1; i <= n; i++) if (c[i] == "main") return 1
		return 0
	}
	function emit(types, uris, suites, comps, key,   nt, t, nu, u, ns, s, i, j, k, deb) {
		deb = 0
		nt = split(types, t, /[ \t]+/)
		for (i = 1; i <= nt; i++) if (t[i] == "deb") deb = 1
		if (!deb || !has_main(comps) || enabled == "no") return
		if (key ~ /[ \t]/) key = ""     # an embedded key block: rely on trusted.gpg.d
		nu = split(uris, u, /[ \t]+/)
		ns = split(suites, s, /[ \t]+/)
		for (i = 1; i <= nu; i++)
			for (j = 1; j <= ns; j++)
				if (u[i] != "" && is_debian_suite(s[j])) print u[i], s[j], key
	}
	function flush() {
		if (types != "") emit(types, uris, suites, comps, key)
		types = uris = suites = comps = key = field = ""; enabled = "yes"
	}
	FNR == 1 { flush(); deb822 = (FILENAME ~ /\.sources$/) }
	/^[ \t]*#/ { next }
	!deb822 {
		line = $0
		if (line !~ /^[ \t]*deb[ \t]/) next
		key = ""
		if (match(line, /\[[^]]*\]/)) {
			opts = substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, 1, RSTART - 1) substr(line, RSTART + RLENGTH)
			n = split(opts, o, /[ \t]+/)
			for (i = 1; i <= n; i++) if (o[i] ~ /^signed-by=/) key = substr(o[i], 11)
		}
		n = split(line, w, /[ \t]+/)
		first = (w[1] == "") ? 2 : 1
		comps = ""
		for (i = first + 3; i <= n; i++) comps = comps " " w[i]
		enabled = "yes"
		emit("deb", w[first + 1], w[first + 2], comps, key)
		next
	}
	/^[ \t]*$/ { flush(); next }
	/^[ \t]/ { if (field == "signed-by") key = key " cont"; next }
	{
		field = tolower(substr($0, 1, index($0, ":") - 1))
		value = substr($0, index($0, ":") + 1)
		gsub(/^[ \t]+|[ \t]+$/, "", value)
		if (field == "types") types = value
		else if (field == "uris") uris = value
		else if (field == "suites") suites = value
		else if (field == "components") comps = value
		else if (field == "signed-by") key = value
		else if (field == "enabled") enabled = tolower(value)
	}
	END { flush() }
	' "$@"
}

write_sources_list() {
	list="$APTDIR/etc/sources.list"
	tmp="$list.tmp"
	: >"$tmp"
	if [ -n "${DEBIAN_MIRROR:-}" ]; then
		echo "$DEBIAN_MIRROR $SUITE" >>"$tmp"
		echo "$DEBIAN_MIRROR $SUITE-updates" >>"$tmp"
		echo "${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} $SUITE-security" >>"$tmp"
	else
		set --
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
			[ -r "$f" ] && set -- "$@" "$f"
		done
		[ $# -gt 0 ] && host_debian_entries "$@" >>"$tmp"
		if [ ! -s "$tmp" ]; then
			say "no Debian 12 entries with component main in /etc/apt/sources.list*; using deb.debian.org"
			echo "http://deb.debian.org/debian $SUITE" >>"$tmp"
			echo "http://deb.debian.org/debian $SUITE-updates" >>"$tmp"
			echo "http://deb.debian.org/debian-security $SUITE-security" >>"$tmp"
		fi
	fi
	# One-line format, every entry restricted to arm64.
	sort -u "$tmp" | while read -r uri suite key; do
		opts="arch=$ARCH"
		[ -n "$key" ] && opts="$opts signed-by=$key"
		echo "deb [$opts] $uri $suite main"
	done >"$list"
	rm -f "$tmp"
}

# --- apt with private state --------------------------------------------------

mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" \
	"$APTDIR/etc/sources.list.d" "$APTDIR/etc/preferences.d" "$DEBDIR"
: >"$APTDIR/status"
APTDIR_ABS=$(cd "$APTDIR" && pwd)

# APT_QUIET (default -q) is apt's verbosity: the download step empties it
# so that apt shows its progress (a progress line on a terminal, "Get:" and
# "Fetched" lines otherwise).
apt_run() {
	tool=$1
	shift
	# shellcheck disable=SC2086
	"$tool" ${APT_QUIET--q} \
		-o APT::Architecture="$ARCH" -o APT::Architectures="$ARCH" \
		-o Dir::State::Lists="$APTDIR_ABS/lists" \
		-o Dir::State::Status="$APTDIR_ABS/status" \
		-o Dir::Cache="$APTDIR_ABS/cache" \
		-o Dir::Etc::SourceList="$APTDIR_ABS/etc/sources.list" \
		-o Dir::Etc::SourceParts="$APTDIR_ABS/etc/sources.list.d" \
		-o Dir::Etc::Preferences="$APTDIR_ABS/etc/preferences" \
		-o Dir::Etc::PreferencesParts="$APTDIR_ABS/etc/preferences.d" \
		-o APT::Sandbox::User=root \
		-o Acquire::Languages=none \
		-o APT::Get::List-Cleanup=false \
		"$@"
}

write_sources_list
say "sources ($APTDIR/etc/sources.list):"
sed 's/^/    /' "$APTDIR/etc/sources.list"

say "step 1/4: apt-get update (arm64 package lists)"
# --error-on=any: a list that failed to download is an error, not a warning
# followed by a stale or missing kernel.
if ! apt_run apt-get update --error-on=any >"$APTDIR/update.log" 2>&1; then
	grep '^[WE]:' "$APTDIR/update.log" >&2 || cat "$APTDIR/update.log" >&2
	die "step 1/4 failed: 'apt-get update' could not fetch the arm64 package lists from the sources above (log: $APTDIR/update.log)"
fi

# Prints the version of package $1 that apt would fetch (empty: not in the lists).
candidate_version() {
	apt_run apt-cache show --no-all-versions "$1" 2>/dev/null |
		awk '$1 == "Version:" { print $2; exit }'
}

# The download size of package $1's candidate in MB ("?" if unknown).
candidate_mb() {
	apt_run apt-cache show --no-all-versions "$1" 2>/dev/null |
		awk '$1 == "Size:" { printf "%.1f", $2 / 1000000; found = 1; exit }
		     END { if (!found) printf "?" }'
}

# Prints the newest .deb of package $1 in the download folder (the cache may
# hold older versions too).
newest_deb() {
	ls -t "$DEBDIR/${1}_"*_"$ARCH".deb 2>/dev/null | head -n 1
}

# Fails unless file $1 (described as $2) is an arm64 Image: the header carries
# the magic "ARM\x64" at offset 56.
check_image() {
	magic=$(dd if="$1" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')
	[ "$magic" = "41524d64" ] ||
		die "step 4/4 failed: $2 is not an arm64 Image (no ARM\\x64 magic at offset 56, found '$magic')"
}

pkgs=""
if [ "$need_linux" = yes ]; then
	# Resolves the kernel package: the metapackage depends on exactly one
	# linux-image-<release> (Debian's signed build of it on arm64).
	if [ -n "${DEBIAN_KERNEL_PACKAGE:-}" ]; then
		kernel_pkg=$DEBIAN_KERNEL_PACKAGE
	else
		kernel_pkg=$(apt_run apt-cache depends --important "$KERNEL_META" 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-.*-arm64$/ { print $2; exit }')
		[ -n "$kernel_pkg" ] ||
			die "step 2/4 failed: cannot resolve the kernel: '$KERNEL_META' has no dependency linux-image-6.1.0-*-arm64 in the arm64 lists"
	fi
	kernel_ver=$(candidate_version "$kernel_pkg")
	[ -n "$kernel_ver" ] || die "step 2/4 failed: package '$kernel_pkg' is not in the arm64 lists"
	release=${kernel_pkg#linux-image-}
	release=${release%-unsigned}
	say "step 2/4: kernel is $kernel_pkg $kernel_ver"
	pkgs="$kernel_pkg $BUSYBOX_PKG"
fi
if [ "$need_xen" = yes ]; then
	xen_ver=$(candidate_version "$XEN_PKG")
	[ -n "$xen_ver" ] || die "step 2/4 failed: package '$XEN_PKG' is not in the arm64 lists"
	say "step 2/4: xen is $XEN_PKG $xen_ver"
	pkgs="${pkgs:+$pkgs }$XEN_PKG"
fi

say "step 3/4: apt-get download $pkgs"
for pkg in $pkgs; do
	say "step 3/4: downloading $pkg ($(candidate_mb "$pkg") MB)"
	if ! (cd "$DEBDIR" && APT_QUIET= apt_run apt-get download "$pkg"); then
		die "step 3/4 failed: 'apt-get download $pkg' (arm64) failed"
	fi
done
for pkg in $pkgs; do
	[ -n "$(newest_deb "$pkg")" ] || die "step 3/4 failed: no $pkg .deb in $DEBDIR after download"
done

ROOT="$CACHE/root"
rm -rf "$ROOT"
mkdir -p "$ROOT"

if [ "$need_linux" = yes ]; then
	kernel_deb=$(newest_deb "$kernel_pkg")
	busybox_deb=$(newest_deb "$BUSYBOX_PKG")
	# Extracts only what is used (the kernel package is mostly modules).
	say "step 4/4: extracting the kernel and busybox"
	dpkg-deb --fsys-tarfile "$kernel_deb" | tar -x -C "$ROOT" "./boot/vmlinuz-$release" ||
		die "step 4/4 failed: $kernel_deb has no ./boot/vmlinuz-$release"
	dpkg-deb --fsys-tarfile "$busybox_deb" | tar -x -C "$ROOT" ./bin/busybox ||
		die "step 4/4 failed: $busybox_deb has no ./bin/busybox"
	moddir="./lib/modules/$release/kernel"
	dtbdir="./usr/lib/linux-image-$release"
	for m in $MODULES; do
		dpkg-deb --fsys-tarfile "$kernel_deb" | tar -x -C "$ROOT" "$moddir/$m.ko" ||
			die "step 4/4 failed: $kernel_deb has no $moddir/$m.ko"
	done
	for d in $DTBS; do
		dpkg-deb --fsys-tarfile "$kernel_deb" | tar -x -C "$ROOT" "$dtbdir/$d" ||
			die "step 4/4 failed: $kernel_deb has no $dtbdir/$d"
	done

	# Debian's arm64 vmlinuz is a gzip-compressed Image; shikiri loads raw Images.
	cp "$ROOT/boot/vmlinuz-$release" "$CACHE/vmlinuz.tmp"
	if gzip -t "$CACHE/vmlinuz.tmp" 2>/dev/null; then
		gzip -dc "$CACHE/vmlinuz.tmp" >"$CACHE/Image.tmp" ||
			die "step 4/4 failed: cannot decompress vmlinuz-$release"
	else
		cp "$CACHE/vmlinuz.tmp" "$CACHE/Image.tmp"
	fi
	check_image "$CACHE/Image.tmp" "vmlinuz-$release"
	cp "$ROOT/bin/busybox" "$CACHE/busybox.tmp"
	chmod 0755 "$CACHE/busybox.tmp"

	mkdir -p "$CACHE/modules" "$CACHE/dtbs"
	for m in $MODULES; do
		cp "$ROOT/$moddir/$m.ko" "$CACHE/modules/${m##*/}.ko"
	done
	for d in $DTBS; do
		cp "$ROOT/$dtbdir/$d" "$CACHE/dtbs/${d##*/}"
	done
	mv "$CACHE/vmlinuz.tmp" "$CACHE/vmlinuz"
	mv "$CACHE/Image.tmp" "$CACHE/Image"
	mv "$CACHE/busybox.tmp" "$CACHE/busybox"
	echo "$release $kernel_ver" >"$CACHE/kernel-version.tmp"
	mv "$CACHE/kernel-version.tmp" "$CACHE/kernel-version"
	say "done: linux $release ($kernel_ver), busybox from $(basename "$busybox_deb") in $CACHE"
fi

if [ "$need_xen" = yes ]; then
	xen_deb=$(newest_deb "$XEN_PKG")
	xen_file="./boot/xen-$XEN_RELEASE-$ARCH"
	# The package ships the same binary twice: xen-4.17-arm64 (boots as an
	# arm64 Image from a boot loader or QEMU's -kernel) and a .efi copy.
	say "step 4/4: extracting xen"
	dpkg-deb --fsys-tarfile "$xen_deb" | tar -x -C "$ROOT" "$xen_file" ||
		die "step 4/4 failed: $xen_deb has no $xen_file"
	cp "$ROOT/$xen_file" "$CACHE/xen.tmp"
	check_image "$CACHE/xen.tmp" "$xen_file of $(basename "$xen_deb")"
	mv "$CACHE/xen.tmp" "$CACHE/xen"
	echo "$XEN_RELEASE $xen_ver" >"$CACHE/xen-version.tmp"
	mv "$CACHE/xen-version.tmp" "$CACHE/xen-version"
	say "done: xen $XEN_RELEASE ($xen_ver) from $(basename "$xen_deb") in $CACHE"
fi
