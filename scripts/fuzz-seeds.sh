#!/bin/sh
# Regenerates the seed corpora of the parser fuzzers (docs/testing.md,
# "Fuzzing"): scripts/fuzz-seeds.sh BUILD
#   tests/fuzz/corpus/config/   compiled configurations (dtc -O dtb): a few
#                               shipped ones, a few of configs/broken
#   tests/fuzz/corpus/pci_dtb/  guest trees with and without the PCI host
#                               of channel endpoints (guests/linux)
#   tests/fuzz/corpus/guest_dt/ guest trees for the partition check
#                               (guests/linux: GICv3, GICv2, devices, PCI)
#   tests/fuzz/corpus/package/  packages shikiri-pack writes for a few of
#                               them (dummy images of 64 bytes, the header of
#                               a dummy hypervisor cut off), and one cut short
# The image names are those tests/fuzz/fuzz_config.c provides, so the
# seeds reach the packer there too. Needs BUILD/tools/shikiri-pack.
set -eu
build=$1
pack=$build/tools/shikiri-pack
[ -x "$pack" ] || { echo "fuzz-seeds: build $pack first (make tools)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

config=tests/fuzz/corpus/config
package=tests/fuzz/corpus/package
pci_dtb=tests/fuzz/corpus/pci_dtb
guest_dt=tests/fuzz/corpus/guest_dt
mkdir -p "$config" "$package" "$pci_dtb" "$guest_dt"
rm -f "$config"/*.dtb "$package"/*.pkg "$pci_dtb"/*.dtb "$guest_dt"/*.dtb

for dts in configs/tests/thumb.dts configs/tests/windows.dts \
	configs/tests/channels.dts configs/tests/hostile.dts \
	configs/tests/linux.dts configs/tests/linux-channel.dts \
	configs/tests/smmu-streams.dts \
	configs/broken/overlap.dts configs/broken/channel-rights.dts \
	configs/broken/window-overlap.dts configs/broken/unknown-property.dts; do
	dtc -q -I dts -O dtb -o "$config/$(basename "$dts" .dts).dtb" "$dts"
done

for dts in guests/linux/linux-channel.dts guests/linux/linux-channel-gicv2.dts \
	guests/linux/linux.dts; do
	dtc -q -I dts -O dtb -o "$pci_dtb/$(basename "$dts" .dts).dtb" "$dts"
done

for dts in guests/linux/linux.dts guests/linux/linux-1cpu.dts \
	guests/linux/linux-gicv2.dts guests/linux/linux-rtc.dts \
	guests/linux/linux-channel.dts guests/linux/linux-io.dts; do
	dtc -q -I dts -O dtb -o "$guest_dt/$(basename "$dts" .dts).dtb" "$dts"
done

# What the harnesses found, so make fuzz-check meets it at once should it
# come back (docs/testing.md): a property given twice (dtc writes it with
# -f), and an interrupt-map parent whose #address-cells wraps an entry's
# length.
sed 's|cpus = <0>;|cpus = <0 1>;\n\t\t\tcpus = <0>;|' configs/tests/thumb.dts |
	dtc -q -f -I dts -O dtb -o "$config/duplicate-property.dtb" - 2>/dev/null
dtc -q -I dts -O dtb -o "$pci_dtb/wrapping-address-cells.dtb" - <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>; #size-cells = <2>;
	wide: intc { #interrupt-cells = <3>; #address-cells = <0xfffffff8>; interrupt-controller; };
	chosen { linux,pci-probe-only = <1>; };
	pcie@3f000000 {
		compatible = "pci-host-ecam-generic"; device_type = "pci";
		reg = <0x0 0x3f000000 0x0 0x100000>;
		#address-cells = <3>; #size-cells = <2>; #interrupt-cells = <1>;
		interrupt-map-mask = <0xf800 0x0 0x0 0x7>;
		interrupt-map = <0x0000 0x0 0x0 0x1 &wide 0x0 0x10 0x4>;
	};
};
DTS

# Dummy images: a kernel of 64 bytes, device trees that are real (empty)
# trees so the packer's dtb checks see a tree.
printf '/dts-v1/;\n/ { chosen { }; };\n' | dtc -q -I dts -O dtb -o "$tmp/tree.dtb" -
for f in $(grep -ho 'file = "[^"]*"' configs/tests/thumb.dts \
	configs/tests/windows.dts configs/tests/channels.dts | cut -d'"' -f2 | sort -u); do
	case $f in
	*.dtb) cp "$tmp/tree.dtb" "$tmp/$f" ;;
	*) head -c 64 /dev/zero | tr '\0' 'K' >"$tmp/$f" ;;
	esac
done
# A dummy hypervisor: an arm64 Image header (magic "ARM\x64" at byte 56)
# with image_size 4096, so the package starts at byte 4096 of the output.
{ printf '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\020\0\0\0\0\0\0'
  head -c 32 /dev/zero; printf 'ARMd\0\0\0\0'; } >"$tmp/hyp.bin"
for name in thumb windows channels; do
	"$pack" --hypervisor "$tmp/hyp.bin" -o "$tmp/$name.img" -I "$tmp" \
		"configs/tests/$name.dts" >/dev/null
	tail -c +4097 "$tmp/$name.img" >"$package/$name.pkg"
done
# A package cut short (its header promises more than there is).
head -c 8192 "$package/thumb.pkg" >"$package/truncated.pkg"
ls -l "$config" "$package" "$pci_dtb" "$guest_dt"
