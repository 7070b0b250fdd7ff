/* SPDX-License-Identifier: MIT */
/*
 * The packed system configuration: the binary form that tools/shikiri-pack
 * produces from a .dts file in configs/ and that the hypervisor reads at boot.
 *
 * The same structures are compiled into the host tool and the hypervisor, so
 * both run one validator (core/config_check*.c) over one representation.
 * All fields are little-endian fixed-width; the tool refuses to run on a
 * big-endian host. The hypervisor checks the magic, version, sizes,
 * checksum and the packer's check mark, then what depends on the board
 * against the platform it finds in the boot device tree
 * (core/config_check_board.c).
 *
 * Package layout (offsets from the start of the package, 4 KiB aligned):
 *   struct sk_package_header
 *   struct sk_config                     at header.config_offset
 *   guest image blobs                    at sk_cfg_image.offset
 * The package starts at the first 4 KiB boundary after the hypervisor's own
 * memory footprint (text, data, bss, stacks, page-table pool), see
 * docs/architecture.md.
 */
#ifndef SK_CORE_CONFIG_FORMAT_H
#define SK_CORE_CONFIG_FORMAT_H

#include <stdint.h>

#define SK_PACKAGE_MAGIC    0x4b504b53u /* "SKPK" */
#define SK_CONFIG_MAGIC     0x46434b53u /* "SKCF" */
#define SK_PACKAGE_CHECKED  0x314b4f53u /* "SOK1": see sk_package_header.checked */
#define SK_CONFIG_VERSION   1u
#define SK_PACKAGE_ALIGN    4096u

#define SK_MAX_CPUS           8u
#define SK_MAX_PARTITIONS     8u
#define SK_MAX_REGIONS        8u  /* memory regions per partition */
#define SK_MAX_DEVICES        8u  /* pass-through devices per partition */
#define SK_MAX_DEVICE_IRQS    8u  /* interrupts per device */
#define SK_MAX_IMAGES         4u  /* boot images per partition */
#define SK_MAX_RAM_BANKS      4u
#define SK_NAME_MAX           16u /* partition name, NUL included */
#define SK_PATH_MAX           96u /* configuration node path, NUL included */
#define SK_FILE_MAX           96u /* image file name as written, NUL included */
#define SK_MAX_CHANNELS       8u  /* inter-partition channels */
#define SK_CHANNEL_ENDPOINTS  2u  /* a channel connects two partitions */
#define SK_MAX_LABELS         16u /* type labels the policy declares */
#define SK_MAX_CONFLICT_SETS  8u
#define SK_MAX_PARTITION_LABELS 4u

/* Translation granule all addresses and sizes are aligned to. */
#define SK_PAGE_SIZE          4096u

/* Highest guest-physical address + 1 a partition may use (39-bit IPA). */
#define SK_GUEST_PA_LIMIT     (1ull << 39)

/* Watchdog periods a partition may ask for. */
#define SK_WATCHDOG_MIN_MS    10u
#define SK_WATCHDOG_MAX_MS    3600000u
/* Scheduling (docs/scheduling.md): real-time priorities, and the ARINC 653
 * major frames of time windows a CPU may have. */
#define SK_PRIORITY_MIN       1u
#define SK_PRIORITY_MAX       99u
#define SK_MAX_WINDOWS        8u        /* windows in one major frame */
#define SK_FRAME_MIN_US       100u
#define SK_FRAME_MAX_US       10000000u /* 10 s */
#define SK_WINDOW_MIN_US      50u       /* well above a vCPU switch */

enum sk_console_kind {
	SK_CONSOLE_HYPERCALL = 0,
	SK_CONSOLE_NONE = 1,
	SK_CONSOLE_PL011 = 2, /* a virtual PL011 at SK_GUEST_UART_BASE */
};

/*
 * The guest-physical addresses of the devices shikiri emulates for every
 * partition: those of QEMU's virt board, so device trees written for it
 * work unchanged (docs/configuration.md, "Guest-physical map"). Memory
 * regions and pass-through devices may not overlap them.
 */
#define SK_GUEST_GIC_BASE     0x08000000ull /* window of all GIC frames */
#define SK_GUEST_GIC_SIZE     0x01000000ull
#define SK_GUEST_GICD_BASE    0x08000000ull /* distributor, 64 KiB */
#define SK_GUEST_GICC_BASE    0x08010000ull /* GICv2 CPU interface, 8 KiB */
#define SK_GUEST_GICR_BASE    0x080a0000ull /* GICv3 redistributors, 128 KiB per vCPU */
#define SK_GUEST_UART_BASE    0x09000000ull /* virtual PL011 (console "pl011") */
#define SK_GUEST_UART_SIZE    0x1000ull
#define SK_GUEST_UART_INTID   33u           /* its SPI */
/* The virtual GIC implements INTIDs up to this one (ITLinesNumber 7). */
#define SK_MAX_SPI_INTID      255u
/*
 * The virtual PCI host bridge of a partition with "pci" channel endpoints
 * (docs/channels.md): ECAM configuration space for bus 0 and, inside the
 * bridge's 32-bit memory window (QEMU virt's), the register BARs of its
 * channel devices, 4 KiB each at SK_GUEST_PCI_REGS_BASE + slot * 4 KiB.
 * A pci endpoint's shared memory (its memory BAR) lies in the window too.
 * These are the defaults; a partition moves the ECAM and the window (the
 * register BARs at its start) with virtual-pci-ecam and
 * virtual-pci-window (core/vpci_map.h), e.g. when it owns a physical PCI
 * host whose window is here.
 */
#define SK_GUEST_PCI_ECAM_BASE 0x3f000000ull
#define SK_GUEST_PCI_ECAM_SIZE 0x00100000ull /* bus 0: 32 devices x 8 functions x 4 KiB */
#define SK_GUEST_PCI_WINDOW_BASE 0x10000000ull
#define SK_GUEST_PCI_WINDOW_SIZE 0x2eff0000ull
#define SK_GUEST_PCI_REGS_BASE 0x10000000ull
#define SK_GUEST_PCI_REGS_SIZE 0x00010000ull /* room for 16 register BARs */
#define SK_GUEST_PCI_REG_BAR_SIZE 0x1000ull

enum sk_fault_policy {
	SK_FAULT_STOP = 0,
	SK_FAULT_RESTART = 1,
	SK_FAULT_HALT_SYSTEM = 2,
};

/* sk_cfg_partition.sched_class */
enum sk_sched_class {
	SK_SCHED_BEST_EFFORT = 0, /* runs when no real-time vCPU of its CPU wants to */
	SK_SCHED_REALTIME = 1,    /* fixed priority: preempts lower ones at once */
};

enum sk_image_role {
	SK_IMAGE_KERNEL = 0, /* entered at its load address */
	SK_IMAGE_DTB = 1,    /* its load address is passed in x0 */
	SK_IMAGE_INITRD = 2, /* loaded only; the guest's DTB points at it */
};

/*
 * sk_cfg_device.dma: whether the device can master the bus (its own DMA).
 * The packer cannot know, so the configuration must say (docs/devices.md);
 * SK_DMA_UNSTATED is what a device without the property packs to, and the
 * validator refuses it.
 */
enum sk_device_dma {
	SK_DMA_UNSTATED = 0,
	SK_DMA_NONE = 1,    /* dma = "none": registers only */
	SK_DMA_CAPABLE = 2, /* dma = "capable": reads and writes memory itself */
};

/*
 * sk_cfg_partition.dma: what its DMA-capable devices may reach. These
 * boards have no IOMMU, so the only honest value is "unrestricted": all
 * of memory, and the partition must be identity-mapped.
 */
enum sk_partition_dma {
	SK_PARTITION_DMA_NONE = 0,         /* no DMA-capable device */
	SK_PARTITION_DMA_UNRESTRICTED = 1, /* dma = "unrestricted" */
};

/*
 * sk_cfg_partition.dma_fault: what a DMA its devices attempt outside its
 * memory (an SMMU fault event on one of its streams) does to it. The
 * transaction is blocked either way.
 */
enum sk_dma_fault {
	SK_DMA_FAULT_REPORT = 0,       /* reported and counted; it runs on */
	SK_DMA_FAULT_FAULT_POLICY = 1, /* its run ends as for a CPU fault */
};

/* sk_cfg_device.streams: <FIRST COUNT>, the SMMU stream IDs of the DMA
 * masters behind the device (stream_cells is 0 when absent). */
#define SK_STREAM_CELLS       2u

/* sk_cfg_region.access bits */
#define SK_ACCESS_READ   (1u << 0)
#define SK_ACCESS_WRITE  (1u << 1)
#define SK_ACCESS_EXEC   (1u << 2)

struct sk_cfg_range {
	uint64_t base;
	uint64_t size;
};

struct sk_cfg_region {
	uint64_t phys;
	uint64_t guest;
	uint64_t size;
	uint32_t access; /* SK_ACCESS_* */
	uint32_t reserved;
	char path[SK_PATH_MAX];
};

struct sk_cfg_device {
	uint64_t phys;
	uint64_t guest;
	uint64_t size;
	uint32_t irq_count;
	uint32_t irqs[SK_MAX_DEVICE_IRQS]; /* GIC INTIDs, SPIs only */
	uint32_t dma;      /* enum sk_device_dma */
	char path[SK_PATH_MAX];
	uint32_t stream_cells;              /* cells of "streams": 0 or 2 */
	uint32_t streams[SK_STREAM_CELLS];  /* first stream ID, count */
	uint32_t reserved;
};

struct sk_cfg_image {
	uint32_t role;     /* enum sk_image_role */
	uint32_t reserved;
	uint64_t load;     /* guest-physical load address */
	uint64_t offset;   /* blob offset from the start of the package */
	uint64_t size;     /* blob size in bytes */
	char file[SK_FILE_MAX];
	char path[SK_PATH_MAX];
};

/* sk_cfg_endpoint.rights bits */
#define SK_RIGHT_READ    (1u << 0) /* the shared memory is mapped readable */
#define SK_RIGHT_WRITE   (1u << 1) /* ... and writable */
#define SK_RIGHT_NOTIFY  (1u << 2) /* may ring the peer's doorbell */

/* How an endpoint's partition reaches the channel. */
enum sk_endpoint_interface {
	SK_ENDPOINT_HYPERCALL = 0, /* memory at `guest`; info and notify by hypercall */
	SK_ENDPOINT_PCI = 1,       /* a virtual PCI device behind a virtual ECAM host */
};

/* A type label's name, as /policy declares it and partitions carry it. */
struct sk_cfg_label {
	char name[SK_NAME_MAX];
};

struct sk_cfg_conflict_set {
	char path[SK_PATH_MAX];
	uint32_t label_count;
	uint32_t reserved;
	struct sk_cfg_label labels[SK_MAX_LABELS];
};

/* One end of a channel: the node /channels/CHANNEL/PARTITION. */
struct sk_cfg_endpoint {
	char partition[SK_NAME_MAX]; /* the partition's name (the node's) */
	char path[SK_PATH_MAX];
	uint64_t guest;              /* guest-physical address of the memory */
	uint32_t rights;             /* SK_RIGHT_* */
	uint32_t doorbell;           /* virtual SPI INTID in that partition */
	uint32_t interface;          /* enum sk_endpoint_interface */
	uint32_t reserved;
};

struct sk_cfg_channel {
	char name[SK_NAME_MAX];
	char path[SK_PATH_MAX];
	uint64_t phys;               /* the shared memory, host-physical */
	uint64_t size;               /* a power of two, at least a page */
	uint32_t endpoint_count;
	uint32_t reserved;
	struct sk_cfg_endpoint endpoints[SK_CHANNEL_ENDPOINTS];
};

struct sk_cfg_partition {
	char name[SK_NAME_MAX];
	char path[SK_PATH_MAX];
	uint32_t label_count;         /* type labels (/policy) it carries */
	uint32_t reserved;
	struct sk_cfg_label labels[SK_MAX_PARTITION_LABELS];
	uint32_t cpu_count;
	uint32_t cpus[SK_MAX_CPUS];   /* physical CPU index of vCPU i */
	uint32_t console;             /* enum sk_console_kind */
	uint32_t fault_policy;        /* enum sk_fault_policy */
	uint32_t manager;             /* 1: may query, stop and restart others */
	uint32_t watchdog_ms;         /* 0: no watchdog */
	uint32_t sched_class;         /* enum sk_sched_class */
	uint32_t priority;            /* realtime: SK_PRIORITY_MIN..MAX; else 0 */
	uint32_t dma;                 /* enum sk_partition_dma */
	uint32_t region_count;
	uint32_t device_count;
	uint32_t image_count;
	uint32_t dma_fault;           /* enum sk_dma_fault */
	/* Where its virtual PCI host sits (virtual-pci-ecam,
	 * virtual-pci-window); 0 / size 0: the default SK_GUEST_PCI_*
	 * (core/vpci_map.h). */
	uint64_t vpci_ecam;
	struct sk_cfg_range vpci_window;
	struct sk_cfg_region regions[SK_MAX_REGIONS];
	struct sk_cfg_device devices[SK_MAX_DEVICES];
	struct sk_cfg_image images[SK_MAX_IMAGES];
};

/* A time window of a major frame: /schedule/FRAME/WINDOW. */
struct sk_cfg_window {
	char partition[SK_NAME_MAX]; /* the partition that owns it */
	char path[SK_PATH_MAX];
	uint32_t start_us;           /* from the start of the frame */
	uint32_t length_us;
};

/* /schedule/FRAME: the major frame of one CPU, repeated for ever. Time no
 * window covers is scheduled by priority among the CPU's vCPUs. */
struct sk_cfg_frame {
	char path[SK_PATH_MAX];
	uint32_t cpu;
	uint32_t period_us;          /* major-frame-us */
	uint32_t window_count;
	uint32_t reserved;
	struct sk_cfg_window windows[SK_MAX_WINDOWS];
};

struct sk_config {
	uint32_t magic;               /* SK_CONFIG_MAGIC */
	uint32_t version;             /* SK_CONFIG_VERSION */
	uint32_t size;                /* sizeof(struct sk_config) */
	uint32_t partition_count;
	/* What the designer states about the board (node /platform). */
	uint32_t platform_cpu_count;
	uint32_t ram_bank_count;
	struct sk_cfg_range ram[SK_MAX_RAM_BANKS];
	/* Memory reserved for shikiri itself (node /hypervisor). */
	struct sk_cfg_range hypervisor;
	struct sk_cfg_partition partitions[SK_MAX_PARTITIONS];
	/* Node /policy: the type labels and their conflict sets. */
	uint32_t label_count;
	uint32_t conflict_set_count;
	struct sk_cfg_label labels[SK_MAX_LABELS];
	struct sk_cfg_conflict_set conflict_sets[SK_MAX_CONFLICT_SETS];
	/* Node /channels, in file order: a channel's id is its index. */
	uint32_t channel_count;
	/* /platform gic-version: the board's GIC architecture version, 2 or
	 * 3, as the partitions' device trees describe it; 0 when unstated.
	 * (Here, in what was a reserved word, so the layout is unchanged.) */
	uint32_t gic_version;
	struct sk_cfg_channel channels[SK_MAX_CHANNELS];
	/* Node /schedule: at most one major frame per CPU. */
	uint32_t frame_count;
	uint32_t reserved2;
	struct sk_cfg_frame frames[SK_MAX_CPUS];
};

struct sk_package_header {
	uint32_t magic;          /* SK_PACKAGE_MAGIC */
	uint32_t version;        /* SK_CONFIG_VERSION */
	uint64_t size;           /* whole package, header included */
	uint64_t config_offset;
	uint64_t config_size;
	uint32_t config_crc32;   /* CRC-32 (IEEE) of the sk_config bytes */
	/* The check mark: SK_PACKAGE_CHECKED ^ config_crc32, which
	 * tools/shikiri-pack writes only after its full check (config_check)
	 * found no error. It marks this configuration, not any: a
	 * configuration changed and resealed after packing no longer matches
	 * it. The hypervisor checks at boot only what depends on the board
	 * (config_check_board) and refuses a package without the mark. */
	uint32_t checked;
};

#endif /* SK_CORE_CONFIG_FORMAT_H */
