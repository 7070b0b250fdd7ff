/* SPDX-License-Identifier: MIT */
/*
 * Boot: from the first instruction's C entry to every CPU running its
 * partition. Order matters and each step says what failed if it fails:
 * early console, board from the device tree, EL2 MMU, interrupt controller,
 * package and configuration (checked against this board), partitions,
 * secondary CPUs, guests.
 */
#include <stdint.h>

#include "arch/asm_offsets.h"
#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/el2_mmu.h"
#include "arch/gic.h"
#include "arch/psci.h"
#include "arch/vgic_arch.h"
#include "core/config_check.h"
#include "core/console.h"
#include "core/dma_fault.h"
#include "core/log.h"
#include "core/package.h"
#include "core/panic.h"
#include "core/partition.h"
#include "core/partition_streams.h"
#include "core/percpu.h"
#include "core/sched_arch.h"
#include "core/lifecycle.h"
#include "core/vcpu.h"
#include "core/vcpu_arch.h"
#include "drivers/pcie_ecam.h"
#include "drivers/smmuv3.h"
#include "drivers/uart.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "platform/board.h"

#define SHIKIRI_VERSION "0.1.0"
#define BOOT_ERR_MAX 160u
/* How long the boot CPU waits for a started CPU to report in. */
#define BOOT_CPU_ON_TIMEOUT_MS 1000u
/* Offset of image_size in the Linux arm64 Image header. */
#define IMAGE_HEADER_SIZE_OFFSET 16u

extern uint8_t __hyp_start[];
extern uint8_t __hyp_end[];
extern uint8_t cpu_stacks[];
extern uint8_t boot_stack_top[];
extern void secondary_entry(void);

SK_NORETURN void boot_main(uint64_t dtb, uint64_t load_base);
SK_NORETURN void secondary_main(uint64_t cpu);
SK_NORETURN void boot_wrong_el(uint64_t el, uint64_t dtb);

static struct board board;
/* The SMMUv3 the device tree describes, if any (found before the EL2 MMU
 * is built so that its registers are mapped). */
static struct smmuv3_dt smmu_dt;
static struct pcie_ecam_dt pcie_dt;
static bool smmu_present;
/* What smmuv3_init found (valid when smmu_present). */
static struct smmuv3_info smmu_info;
static char boot_err[BOOT_ERR_MAX];

/* The console UART the board's device tree names, with its driver; the
 * console keeps what was printed before (core/console.c). Returns false,
 * with the reason in boot_err, if the UART has no driver. */
static bool boot_console(const struct board *b)
{
	const struct uart_driver *d;

	if (b->uart.base == 0u)
		return false;
	d = uart_driver_find(b->uart_compat, b->uart_compat_len);
	if (d == NULL) {
		char names[BOOT_ERR_MAX];

		uart_driver_names(names, sizeof(names));
		(void)sk_snprintf(boot_err, sizeof(boot_err),
				  "the console UART %s (0x%llx) has no driver; shikiri drives: %s",
				  b->uart_path != NULL ? b->uart_path : "",
				  (unsigned long long)b->uart.base, names);
		return false;
	}
	console_set_uart(d, (uintptr_t)b->uart.base);
	return true;
}

SK_NORETURN void boot_wrong_el(uint64_t el, uint64_t dtb)
{
	(void)board_from_dt((const void *)(uintptr_t)dtb, &board, boot_err,
			    sizeof(boot_err));
	(void)boot_console(&board);
	log_line("entered at EL%llu: shikiri must be started at EL2 (QEMU: -M virt,virtualization=on or -M xlnx-zcu102,virtualization=on)",
		 (unsigned long long)el);
	arch_cpu_halt();
}

static SK_NORETURN void boot_fail(const char *step)
{
	log_line("boot failed at %s: %s", step, boot_err);
	system_refuse("boot failed");
}

static void boot_config_report(void *ctx, const char *path, const char *msg)
{
	unsigned *count = ctx;

	(*count)++;
	log_line("configuration error: %s: %s", path, msg);
}

_Static_assert(SMMUV3_DT_SPIS <= SK_SMMU_IRQS,
	       "every SPI the SMMU node lists is a fact for the configuration check");
/* The UART, at most five GIC regions, the SMMUv3, then the board's shared
 * controllers. */
_Static_assert(7u + BOARD_MAX_SHARED_CTRLS <= SK_MAX_RESERVED,
	       "SK_MAX_RESERVED too small for the board's reserved ranges");

static void boot_facts(const struct board *b, uint64_t load_base,
		       uint64_t image_size, struct sk_platform_facts *f)
{
	(void)sk_memset(f, 0, sizeof(*f));
	f->cpu_count = b->cpu_count;
	f->ram_bank_count = b->ram_bank_count;
	for (uint32_t i = 0; i < b->ram_bank_count; i++)
		f->ram[i] = b->ram[i];
	f->uart_irq = b->uart_intid;
	f->last_spi = gic_last_spi();
	f->gic_version = (uint32_t)b->gic_version;
	f->hypervisor_image.base = load_base;
	f->hypervisor_image.size = image_size;
	f->reserved[f->reserved_count] = b->uart;
	f->reserved_names[f->reserved_count++] = "the hypervisor's UART";
	f->reserved[f->reserved_count] = b->gicd;
	f->reserved_names[f->reserved_count++] = "the GIC distributor";
	if (b->gicr.size != 0) {
		f->reserved[f->reserved_count] = b->gicr;
		f->reserved_names[f->reserved_count++] = "the GIC redistributors";
	}
	/* The whole windows of the CPU interfaces, every alias of them
	 * (struct board), not only the part the hypervisor maps. */
	if (b->gicc_window.size != 0) {
		f->reserved[f->reserved_count] = b->gicc_window;
		f->reserved_names[f->reserved_count++] = "the GIC CPU interface";
	}
	if (b->gich.size != 0) {
		f->reserved[f->reserved_count] = b->gich;
		f->reserved_names[f->reserved_count++] = "the GIC virtual interface control";
	}
	if (b->gicv_window.size != 0) {
		f->reserved[f->reserved_count] = b->gicv_window;
		f->reserved_names[f->reserved_count++] = "the GIC virtual CPU interface";
	}
	/* A partition holding the SMMU's registers could turn DMA
	 * isolation off. */
	if (b->smmu.size != 0) {
		f->reserved[f->reserved_count] = b->smmu;
		f->reserved_names[f->reserved_count++] = "the SMMUv3";
	}
	for (uint32_t i = 0; i < b->shared_count && i < BOARD_MAX_SHARED_CTRLS; i++) {
		f->reserved[f->reserved_count] = b->shared[i].range;
		f->reserved_names[f->reserved_count++] = b->shared[i].name;
	}
	/* Devices with streams need an SMMU that translates by stage 2
	 * and holds them in its stream table (core/config_check_dma.c). */
	if (!smmu_present)
		f->smmu = SK_SMMU_NONE;
	else if (!smmu_info.stage2)
		f->smmu = SK_SMMU_STAGE1_ONLY;
	else
		f->smmu = SK_SMMU_STAGE2;
	f->smmu_streams = smmu_present ? smmu_info.streams : 0u;
	if (smmu_present) {
		for (uint32_t i = 0; i < smmu_dt.spi_count; i++)
			f->smmu_irqs[i] = smmu_dt.spis[i];
		f->pcie_ecam = b->pcie_ecam;
		for (uint32_t i = 0; i < pcie_dt.map_count && i < SK_PCIE_MAPS;
		     i++) {
			f->pcie_streams[i][0] = pcie_dt.map[i].sid_base;
			f->pcie_streams[i][1] = pcie_dt.map[i].len;
		}
	}
}

/* True when [base, base + size) lies in one of the board's RAM banks. */
static bool boot_on_board_ram(uint64_t base, uint64_t size)
{
	for (uint32_t b = 0; b < board.ram_bank_count && b < SK_MAX_RAM_BANKS; b++) {
		if (base >= board.ram[b].base && size <= board.ram[b].size &&
		    base - board.ram[b].base <= board.ram[b].size - size)
			return true;
	}
	return false;
}

static void span_add(uint64_t base, uint64_t size, uint64_t *lo, uint64_t *end)
{
	if (size == 0u || base + size < base)
		return;
	if (base < *lo)
		*lo = base;
	if (base + size > *end)
		*end = base + size;
}

/*
 * After a refusal, the two sides side by side: the CPUs and RAM the board
 * has, and those the configuration uses (its highest CPU; the span of the
 * hypervisor's, the partitions' and the channels' memory), so that a
 * machine started too small (QEMU -smp, -m) is told what it lacks. The
 * configuration failed its check: every count is bounded here.
 */
static void boot_log_needs(const struct sk_config *cfg)
{
	uint64_t lo = UINT64_MAX;
	uint64_t end = 0;
	uint32_t top_cpu = 0;

	span_add(cfg->hypervisor.base, cfg->hypervisor.size, &lo, &end);
	for (uint32_t p = 0; p < cfg->partition_count && p < SK_MAX_PARTITIONS; p++) {
		const struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->cpu_count && i < SK_MAX_CPUS; i++)
			top_cpu = part->cpus[i] > top_cpu ? part->cpus[i] : top_cpu;
		for (uint32_t r = 0; r < part->region_count && r < SK_MAX_REGIONS; r++)
			span_add(part->regions[r].phys, part->regions[r].size, &lo, &end);
	}
	for (uint32_t c = 0; c < cfg->channel_count && c < SK_MAX_CHANNELS; c++)
		span_add(cfg->channels[c].phys, cfg->channels[c].size, &lo, &end);
	for (uint32_t b = 0; b < board.ram_bank_count; b++)
		log_line("the board has RAM 0x%llx-0x%llx (%llu MiB)",
			 (unsigned long long)board.ram[b].base,
			 (unsigned long long)(board.ram[b].base + board.ram[b].size - 1u),
			 (unsigned long long)(board.ram[b].size >> 20));
	log_line("the board has %u CPUs (0-%u); the configuration uses CPUs up to %u and memory 0x%llx-0x%llx",
		 board.cpu_count, board.cpu_count != 0u ? board.cpu_count - 1u : 0u,
		 top_cpu, (unsigned long long)(end > lo ? lo : 0u),
		 (unsigned long long)(end > lo ? end - 1u : 0u));
	/* The partitions may fit although /platform claims more RAM than
	 * the board has: then only that statement is wrong. */
	if (end > lo && !boot_on_board_ram(lo, end - lo)) {
		return;
	}
	for (uint32_t b = 0; b < cfg->ram_bank_count && b < SK_MAX_RAM_BANKS; b++) {
		if (!boot_on_board_ram(cfg->ram[b].base, cfg->ram[b].size)) {
			log_line("that memory is on the board: the system fits if /platform memory states the board's RAM");
			break;
		}
	}
}

/* Reads and checks the packed configuration; refuses to go on if it does
 * not fit this board. */
static const struct sk_config *boot_config(uint64_t load_base,
					   struct package_view *pv)
{
	uint64_t footprint = (uint64_t)((uintptr_t)__hyp_end - (uintptr_t)__hyp_start);
	uint64_t image_size;
	struct sk_platform_facts facts;
	unsigned errors = 0;

	(void)sk_memcpy(&image_size,
			(const void *)(uintptr_t)(load_base + IMAGE_HEADER_SIZE_OFFSET),
			sizeof(image_size));
	if (image_size < footprint)
		image_size = footprint;
	if (!package_open(__hyp_end, image_size - footprint, pv, boot_err,
			  sizeof(boot_err)))
		boot_fail("reading the system configuration");
	boot_facts(&board, load_base, image_size, &facts);
	(void)config_check_board(pv->config, &facts, boot_config_report, &errors);
	if (errors != 0) {
		log_line("refusing to start: the configuration does not fit this board (%u error%s)",
			 errors, errors == 1 ? "" : "s");
		boot_log_needs(pv->config);
		system_refuse("invalid configuration");
	}
	return pv->config;
}

static uint32_t boot_find_cpu(uint64_t mpidr)
{
	for (uint32_t i = 0; i < board.cpu_count; i++) {
		if ((board.cpu_mpidr[i]) == mpidr)
			return i;
	}
	return UINT32_MAX;
}

/* The CPUs whose PSCI CPU_ON the firmware refused: they never start. */
static bool boot_cpu_on_failed[SK_MAX_CPUS];

static void boot_start_secondaries(uint32_t self)
{
	uint64_t freq = arch_counter_freq();

	/* Started CPUs run with their MMU on from their first store, but
	 * read these with it off: push them to memory. */
	dcache_clean_inval_range(percpu, sizeof(percpu));
	for (uint32_t i = 0; i < board.cpu_count; i++) {
		int64_t rc;
		uint64_t deadline;

		if (i == self)
			continue;
		rc = psci_cpu_on(board.cpu_mpidr[i],
				 (uint64_t)(uintptr_t)secondary_entry, i);
		if (rc != PSCI_RET_SUCCESS) {
			boot_cpu_on_failed[i] = true;
			log_line("CPU%u (MPIDR 0x%llx): PSCI CPU_ON failed: %s",
				 i, (unsigned long long)board.cpu_mpidr[i],
				 psci_error_name(rc));
			continue;
		}
		deadline = arch_counter() + freq / 1000u * BOOT_CPU_ON_TIMEOUT_MS;
		while (__atomic_load_n(&percpu[i].online, __ATOMIC_ACQUIRE) == 0 &&
		       arch_counter() < deadline)
			arch_cpu_relax();
		if (percpu[i].online == 0)
			log_line("CPU%u did not come up within %u ms", i,
				 BOOT_CPU_ON_TIMEOUT_MS);
	}
}

/* Every CPU the configuration gives a partition can start. The device
 * tree may list CPUs the machine does not have (QEMU's imx8mp-evk with
 * -smp 1 keeps the EVK's four; the firmware then refuses PSCI CPU_ON): a
 * partition on one would never run, so the system refuses to start,
 * naming it, rather than report it running. A CPU that is only slow to
 * come up (a loaded host) is not refused: it runs its partition late. The
 * CPUs that did start have entered their guests: system_refuse stops them. */
static void boot_check_partition_cpus(void)
{
	unsigned missing = 0;

	for (uint32_t id = 0; id < partition_total(); id++) {
		const struct sk_cfg_partition *part = partition_get(id)->cfg;

		for (uint32_t i = 0; i < part->cpu_count && i < SK_MAX_CPUS;
		     i++) {
			uint32_t cpu = part->cpus[i];

			if (cpu < board.cpu_count && !boot_cpu_on_failed[cpu])
				continue;
			log_line("configuration error: %s: CPU %u did not start (the device tree lists it; the firmware refused PSCI CPU_ON)",
				 part->path, cpu);
			missing++;
		}
	}
	if (missing != 0u) {
		log_line("refusing to start: a partition's CPU did not start (%u)",
			 missing);
		system_refuse("a partition's CPU did not start");
	}
}

/* Runs this CPU's vCPU 0 of a partition; any other vCPU waits for the
 * guest's PSCI CPU_ON, and a CPU without a vCPU idles. */
static SK_NORETURN void boot_run_cpu(uint32_t cpu)
{
	struct vcpu *v = partition_vcpu_of_cpu(pcpu_of(cpu));
	struct sched_cpu *sc = sched_cpu_get(cpu);

	/* This CPU's GIC interface is up: the SPIs of the partitions whose
	 * vCPU 0 runs here can be routed to it now. */
	partition_route_device_irqs_of_cpu(pcpu_of(cpu));
	if (sc != NULL && sc->shared) {
		/* Several vCPUs here: each vCPU 0 is asked to start, and the
		 * scheduler picks who goes first. */
		arch_cpu_set_shared();
		__atomic_store_n(&percpu[cpu].shared, 1u, __ATOMIC_RELEASE);
		for (uint32_t i = 0; i < sc->count; i++) {
			struct vcpu *s = sc->vcpus[i];

			if (s->index.index == 0)
				(void)vcpu_request_start(
					s, s->partition->entry.addr,
					s->partition->dtb.addr);
		}
		sched_run(NULL, true);
		vcpu_arch_park();
	}
	percpu[cpu].vcpu = v;
	if (v == NULL || v->index.index != 0) {
		/* A CPU_ON for v that came before this CPU's GIC interface was
		 * up lost its kick: the request is still there, so take it. */
		if (v != NULL)
			vcpu_start_requested(v);
		vcpu_arch_park();
	}
	__atomic_store_n(&v->state, VCPU_ON, __ATOMIC_RELEASE);
	vcpu_arch_enter(v, v->partition->entry.addr, v->partition->dtb.addr);
}

static void boot_init_percpu(uint32_t self)
{
	for (uint32_t i = 0; i < board.cpu_count; i++) {
		percpu[i].id = i;
		percpu[i].mpidr = board.cpu_mpidr[i];
		percpu[i].stack_top =
			(uint64_t)(uintptr_t)(cpu_stacks + (uint64_t)(i + 1) * CPU_STACK_SIZE);
	}
	percpu[self].stack_top = (uint64_t)(uintptr_t)boot_stack_top;
	percpu_set_current(&percpu[self]);
}

/* The board from the device tree, its console UART first: what was
 * logged before it is found is written out then. */
static void boot_read_board(uint64_t dtb, uint64_t load_base)
{
	bool read = board_from_dt((const void *)(uintptr_t)dtb, &board,
				  boot_err, sizeof(boot_err));
	char uart_err[BOOT_ERR_MAX];
	bool console;

	(void)sk_strlcpy(uart_err, boot_err, sizeof(uart_err));
	console = boot_console(&board);
	log_line("shikiri %s on %s: loaded at 0x%llx, device tree at 0x%llx",
		 SHIKIRI_VERSION, board.name != NULL ? board.name : "an unknown board",
		 (unsigned long long)load_base, (unsigned long long)dtb);
	if (!console && read)
		boot_fail("finding the console UART");
	if (!read) {
		(void)sk_strlcpy(boot_err, uart_err, sizeof(boot_err));
		boot_fail("reading the board's device tree");
	}
	log_line("board: %u CPU%s, %u RAM bank%s (first 0x%llx+0x%llx), GICv%u, UART 0x%llx%s",
		 board.cpu_count, board.cpu_count == 1 ? "" : "s",
		 board.ram_bank_count, board.ram_bank_count == 1 ? "" : "s",
		 (unsigned long long)board.ram[0].base,
		 (unsigned long long)board.ram[0].size, (unsigned)board.gic_version,
		 (unsigned long long)board.uart.base,
		 board.cpus_truncated ? " (more CPUs than shikiri supports; extra ones stay off)" : "");
}

/* The boot CPU's own state: found in the device tree, its per-CPU data set
 * up. Returns its index. */
static uint32_t boot_init_self(void)
{
	uint32_t self = boot_find_cpu(arch_cpu_mpidr());

	if (self == UINT32_MAX)
		panic("boot CPU MPIDR 0x%llx is not in the device tree's /cpus",
		      (unsigned long long)arch_cpu_mpidr());
	boot_init_percpu(self);
	return self;
}

/* The interrupt controller, this CPU's interface, virtualisation on this
 * CPU, the console's receive interrupt, and the virtual GIC. */
static void boot_init_interrupts(uint32_t self)
{
	if (!gic_init(&board, boot_err, sizeof(boot_err)))
		boot_fail("initialising the interrupt controller");
	if (!gic_cpu_init(self, percpu[self].mpidr))
		panic("CPU%u: GIC CPU interface did not initialise", self);
	arch_cpu_init_virt();
	percpu[self].online = 1;

	if (board.uart_intid != 0) {
		(void)gic_enable_spi(board.uart_intid, self);
		console_set_rx_interrupt(board.uart_intid);
	}
	if (!vgic_arch_setup(&board, boot_err, sizeof(boot_err)))
		boot_fail("setting up the virtual GIC");
}

/* The SMMUv3 in the device tree, if any: its registers join the EL2 map. */
static void boot_find_smmu(void)
{
	int found = smmuv3_find(&board.dt, &smmu_dt, boot_err,
				sizeof(boot_err));

	if (found < 0)
		boot_fail("reading the SMMUv3 in the device tree");
	smmu_present = found > 0;
	if (!smmu_present)
		return;
	board.smmu.base = smmu_dt.base;
	board.smmu.size = smmu_dt.size;
	/* The PCIe host in front of it: its ECAM joins the EL2 map, to
	 * quiesce a stopping partition's functions (drivers/pcie_ecam.h). */
	found = pcie_ecam_find(&board.dt, smmu_dt.phandle, &pcie_dt, boot_err,
			       sizeof(boot_err));
	if (found < 0)
		boot_fail("reading the PCIe host in front of the SMMUv3");
	if (found > 0) {
		board.pcie_ecam.base = pcie_dt.base;
		board.pcie_ecam.size = pcie_dt.size;
		pcie_ecam_use(&pcie_dt);
	}
}

/* An SMMU left as firmware set it may let any device DMA anywhere: reset
 * it so that nothing bypasses and every stream aborts until a partition
 * is given one. No SMMU described: nothing is done or printed. */
static void boot_init_smmu(uint32_t self)
{
	char line[240];

	if (!smmu_present)
		return;
	if (!smmuv3_init(&smmu_dt, &smmu_info, boot_err, sizeof(boot_err)))
		boot_fail("resetting the SMMUv3");
	smmuv3_describe(&smmu_info, line, sizeof(line));
	log_line("%s", line);
	/* Its event and global-error SPIs are edge-triggered (the device
	 * tree's flags; IHI 0070 3.18 wired interrupts), taken by this CPU
	 * (core/dma_fault.c). Without them faults are still blocked, only
	 * not reported: said, not fatal. */
	if ((smmu_dt.eventq_intid != 0u &&
	     !gic_enable_spi_edge(smmu_dt.eventq_intid, self)) ||
	    (smmu_dt.gerror_intid != 0u &&
	     !gic_enable_spi_edge(smmu_dt.gerror_intid, self))) {
		log_line("SMMUv3: its interrupts could not be enabled: DMA faults are blocked but not reported");
		return;
	}
	dma_fault_set_interrupts(smmu_dt.eventq_intid, smmu_dt.gerror_intid);
	if (!smmuv3_irqs_enable(boot_err, sizeof(boot_err)))
		log_line("%s: DMA faults are blocked but not reported", boot_err);
}

/* Streams no partition owns: their DMA refused and reported
 * (core/partition_streams.h). A refusal leaves the rest aborting, which is
 * as safe, only silent. */
static void boot_fence_unowned_streams(void)
{
	bool ok;
	uint32_t n;

	if (!smmu_present || !smmu_info.stage2)
		return;
	n = partition_streams_fence_unowned(smmu_info.streams, boot_err,
					    sizeof(boot_err), &ok);
	log_line("SMMUv3: %u stream%s no partition owns translate through an empty stage 2 (VMID %u): their DMA is refused and reported",
		 n, n == 1u ? "" : "s", STREAMS_UNOWNED_VMID);
	if (!ok)
		log_line("SMMUv3: %s: the other unowned streams abort unreported",
			 boot_err);
}

/* Other CPUs are started through PSCI, which at EL2 only SMC reaches. */
static void boot_check_psci(void)
{
	if (board.cpu_count > 1 && board.psci != BOARD_PSCI_SMC) {
		(void)sk_strlcpy(boot_err, "the device tree's PSCI method is not \"smc\" (shikiri at EL2 needs firmware reached by SMC)",
				 sizeof(boot_err));
		boot_fail("starting the other CPUs");
	}
}

SK_NORETURN void boot_main(uint64_t dtb, uint64_t load_base)
{
	struct package_view pv;
	const struct sk_config *cfg;
	uint32_t self;

	boot_read_board(dtb, load_base);
	self = boot_init_self();
	boot_find_smmu();
	if (!el2_mmu_build(&board, boot_err, sizeof(boot_err)))
		boot_fail("building the EL2 page tables");
	el2_mmu_enable();
	console_enable_locking();
	boot_init_interrupts(self);
	boot_init_smmu(self);
	cfg = boot_config(load_base, &pv);
	boot_check_psci();
	if (!partitions_create(cfg, pv.base, boot_err, sizeof(boot_err)))
		boot_fail("creating partitions");
	boot_fence_unowned_streams();
	boot_start_secondaries(self);
	boot_check_partition_cpus();
	log_line("%u partition%s running", partition_total(),
		 partition_total() == 1 ? "" : "s");
	boot_run_cpu(self);
}

SK_NORETURN void secondary_main(uint64_t cpu)
{
	if (cpu >= board.cpu_count ||
	    percpu[cpu].mpidr != arch_cpu_mpidr())
		arch_cpu_halt(); /* not a CPU we started: stay out of the way */
	percpu_set_current(&percpu[cpu]);
	if (!gic_cpu_init((uint32_t)cpu, percpu[cpu].mpidr))
		panic("CPU%llu: GIC CPU interface did not initialise",
		      (unsigned long long)cpu);
	arch_cpu_init_virt();
	__atomic_store_n(&percpu[cpu].online, 1u, __ATOMIC_RELEASE);
	boot_run_cpu((uint32_t)cpu);
}
