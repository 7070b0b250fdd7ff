/* SPDX-License-Identifier: MIT */
/*
 * A channel as a virtual PCI device (docs/channels.md, "Linux"): what a
 * driver or user-space library for it needs. Every channel endpoint with
 * interface "pci" is function 0 of one device on bus 0 of a virtual ECAM
 * host bridge. Stock drivers bind to it: Linux's uio_pci_generic, with the
 * shared memory mapped through sysfs.
 *
 *   BAR0  registers, 4 KiB, 32-bit non-prefetchable (below)
 *   BAR2  the shared memory, 32-bit prefetchable, the channel's size
 *   INTx  pin A: the doorbell, level, masked by the PCI command register's
 *         Interrupt Disable bit and by CHPCI_INT_MASK
 */
#ifndef SHIKIRI_CHANNEL_PCI_H
#define SHIKIRI_CHANNEL_PCI_H

/* Not a PCI-SIG assigned vendor id: a product ships its own. */
#define CHPCI_VENDOR_ID     0x5348u /* "SH" */
#define CHPCI_DEVICE_ID     0x4348u /* "CH" */
#define CHPCI_CLASS         0xff0000u /* unassigned class */

/* BAR0 registers: 32-bit accesses only. */
#define CHPCI_MAGIC         0x00u /* RO: CHPCI_MAGIC_VALUE */
#define CHPCI_VERSION       0x04u /* RO: 1 */
#define CHPCI_OWN_ID        0x08u /* RO: this partition's id */
#define CHPCI_PEER_ID       0x0cu /* RO: the other endpoint's partition id */
#define CHPCI_CHANNEL_ID    0x10u /* RO: the channel id (hypercall ABI) */
#define CHPCI_RIGHTS        0x14u /* RO: SK_CHANNEL_READ/WRITE/NOTIFY */
#define CHPCI_SIZE          0x18u /* RO: the shared memory's size in bytes */
#define CHPCI_DOORBELL      0x20u /* WO: any value rings the peer's doorbell */
#define CHPCI_INT_STATUS    0x24u /* bit 0: the doorbell rang; write 1 to clear */
#define CHPCI_INT_MASK      0x28u /* bit 0: 1 (reset) lets it raise INTx */
#define CHPCI_NAME          0x30u /* RO: the channel's name, 16 bytes, NUL-padded */

#define CHPCI_MAGIC_VALUE   0x48434b53u /* "SKCH" */
#define CHPCI_INT_DOORBELL  (1u << 0)
#define CHPCI_BAR0_SIZE     0x1000u

#endif /* SHIKIRI_CHANNEL_PCI_H */
