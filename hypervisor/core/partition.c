/* SPDX-License-Identifier: MIT */
#include "core/partition.h"

#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/gic.h"
#include "arch/nospec.h"
#include "arch/stage2.h"
#include "core/partition_streams.h"
#include "arch/vgic_arch.h"
#include "core/channel.h"
#include "core/console_commands.h"
#include "core/guest_mem.h"
#include "core/load_plan.h"
#include "core/lifecycle.h"
#include "core/partition_mem.h"
#include "core/log.h"
#include "core/percpu.h"
#include "lib/fmt.h"
#include "lib/string.h"

static struct partition partitions[SK_MAX_PARTITIONS];
static uint32_t partitions_created;
static struct vcpu *vcpu_of_cpu[SK_MAX_CPUS];
/* Owner of each pass-through SPI (the validator guarantees one owner). */
static struct partition *irq_owner[SK_MAX_SPI_INTID + 1u];

struct partition *partition_owner_of_irq(uint32_t intid)
{
	return intid <= SK_MAX_SPI_INTID ? irq_owner[intid] : NULL;
}

/*
 * Pass-through SPIs are taken by the hypervisor on the CPU of the
 * partition's vCPU 0 and forwarded to the guest through a hardware-linked
 * list register, so the guest's deactivation ends the physical interrupt.
 * They are routed only when that CPU's GIC interface is up (its affinity,
 * or on GICv2 its interface number, is learnt then) and while the
 * partition runs: released when it stops, routed again when it restarts.
 *
 * device_irq_lock makes "is the owner running? then route/release" one
 * step against a stop or restart on another CPU, and serialises the
 * distributor's read-modify-writes (GICD_IGROUPR on GICv3).
 */
static struct spinlock device_irq_lock;

static void partition_claim_device_irqs(struct partition *p)
{
	for (uint32_t d = 0; d < p->cfg->device_count; d++) {
		const struct sk_cfg_device *dev = &p->cfg->devices[d];

		for (uint32_t i = 0; i < dev->irq_count; i++)
			irq_owner[dev->irqs[i]] = p;
	}
}

/* Under device_irq_lock. */
static void partition_route_device_irqs_locked(const struct partition *p)
{
	pcpu_t cpu = p->vcpus[0].pcpu;

	for (uint32_t d = 0; d < p->cfg->device_count; d++) {
		const struct sk_cfg_device *dev = &p->cfg->devices[d];

		for (uint32_t i = 0; i < dev->irq_count; i++) {
			if (!gic_enable_spi(dev->irqs[i], cpu.index))
				return; /* CPU not up yet: it routes them then */
		}
	}
}

void partition_route_device_irqs(const struct partition *p)
{
	spin_lock(&device_irq_lock);
	if (__atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING)
		partition_route_device_irqs_locked(p);
	spin_unlock(&device_irq_lock);
}

void partition_route_device_irqs_of_cpu(pcpu_t cpu)
{
	for (uint32_t id = 0; id < partitions_created; id++) {
		if (partitions[id].vcpus[0].pcpu.index == cpu.index)
			partition_route_device_irqs(&partitions[id]);
	}
}

void partition_release_device_irqs(const struct partition *p)
{
	spin_lock(&device_irq_lock);
	for (uint32_t d = 0; d < p->cfg->device_count; d++) {
		const struct sk_cfg_device *dev = &p->cfg->devices[d];

		for (uint32_t i = 0; i < dev->irq_count; i++)
			gic_release_spi(dev->irqs[i]);
	}
	spin_unlock(&device_irq_lock);
}

bool partition_device_irq_deliverable(const struct partition *p,
				      uint32_t intid)
{
	bool running;

	if (__atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING)
		return true;
	spin_lock(&device_irq_lock);
	running = __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING;
	if (!running)
		gic_release_spi(intid);
	spin_unlock(&device_irq_lock);
	return running;
}

uint32_t partition_total(void)
{
	return partitions_created;
}

struct partition *partition_get(uint32_t id)
{
	return id < partitions_created
		       ? &partitions[index_nospec(id, partitions_created)] : NULL;
}

struct vcpu *partition_vcpu_of_cpu(pcpu_t cpu)
{
	return cpu.index < SK_MAX_CPUS ? vcpu_of_cpu[cpu.index] : NULL;
}

/* The partition with the input focus: at boot the first with a console;
 * Ctrl-] <id> moves it. */
static struct partition *input_focus;

struct partition *partition_input_focus(void)
{
	return __atomic_load_n(&input_focus, __ATOMIC_ACQUIRE);
}

void partition_set_focus(struct partition *p)
{
	struct partition *old = partition_input_focus();

	if (old == p)
		return;
	if (old != NULL) {
		size_t dropped;

		/* Keys typed for old that it never took are its own: nobody
		 * else gets them (a partition that never reads its console
		 * would otherwise pass them on to the next focus). */
		__atomic_store_n(&input_focus, NULL, __ATOMIC_RELEASE);
		dropped = console_input_drop();
		if (dropped != 0)
			log_line("%u input bytes for '%s' dropped",
				 (uint32_t)dropped, old->cfg->name);
		old->console.live = false;
		console_end_live_line();
	}
	p->console.live = true;
	__atomic_store_n(&input_focus, p, __ATOMIC_RELEASE);
}

bool partition_has_input_focus(const struct partition *p)
{
	return p != NULL && partition_input_focus() == p;
}

/* At most this many characters move per delivery: the PL011 FIFO. */
#define PARTITION_DELIVER_MAX VPL011_FIFO_DEPTH

/* Peek, hand over, consume: one CPU at a time, or two vCPUs exiting at
 * once would both hand over the same characters. */
static struct spinlock deliver_lock;

void partition_console_deliver(void)
{
	struct partition *p = partition_input_focus();
	char buf[PARTITION_DELIVER_MAX];
	uint32_t epoch;
	size_t n;

	if (p == NULL || p->cfg->console != SK_CONSOLE_PL011 ||
	    __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) != PARTITION_RUNNING)
		return;
	spin_lock(&deliver_lock);
	n = console_input_peek(buf, sizeof(buf), &epoch);
	if (n > 0)
		console_input_consume(vpl011_receive(&p->uart, buf, (uint32_t)n),
				      epoch);
	spin_unlock(&deliver_lock);
}

static bool partition_map(struct partition *p, char *err, uint32_t err_size)
{
	const struct sk_cfg_partition *c = p->cfg;
	enum pt_result r = stage2_init(&p->arch.stage2);

	if (r == PT_OK && !partition_mem_map(p, err, err_size))
		return false;
	for (uint32_t i = 0; r == PT_OK && i < c->device_count; i++) {
		const struct sk_cfg_device *d = &c->devices[i];

		r = stage2_map(&p->arch.stage2, gpa_of(d->guest), hpa_of(d->phys),
			       d->size, stage2_device_attrs());
		if (r != PT_OK)
			(void)sk_snprintf(err, err_size, "%s: stage-2 mapping failed (error %d)",
					  d->path, (int)r);
	}
	if (r != PT_OK && p->arch.stage2.root == NULL)
		(void)sk_snprintf(err, err_size, "%s: no page for the stage-2 root",
				  c->path);
	return r == PT_OK;
}

/* Does one chunk of p's load (core/load_plan.h). p's memory is cleared
 * before its images are loaded, at boot and at each restart: a partition
 * starts from its images and zeros, never from what an earlier run of
 * itself, a boot loader or an earlier configuration left in that RAM
 * (docs/security.md). A lazy load clears only the granules its images
 * overlap, skipping one an earlier image's chunks already cleared, and
 * maps each once cleared; the others are cleared on first touch
 * (core/partition_mem.h). Channel memory is not a region: it is cleared
 * once at boot (core/channel.c). Each copied chunk is made visible to a
 * guest that starts with caches off. */
static enum partition_load_result partition_load_chunk(struct partition *p,
						       char *err,
						       uint32_t err_size)
{
	const struct sk_cfg_partition *c = p->cfg;
	struct load_chunk k;
	hpa_t hpa;

	load_plan_next(&p->load, c, &k);
	switch (k.op) {
	case LOAD_OP_CLEAR:
		if (!p->load.lazy || !partition_mem_is_cleared(p, k.clear_gpa))
			dcache_zero_range((void *)(uintptr_t)k.clear_dst.addr,
					  (size_t)k.size);
		if (k.granule_end && !partition_mem_loaded(p, k.clear_gpa)) {
			(void)sk_snprintf(err, err_size, "%s: stage-2 mapping failed",
					  c->path);
			return PARTITION_LOAD_FAILED;
		}
		return PARTITION_LOAD_MORE;
	case LOAD_OP_COPY:
		if (!guest_range_to_host(p, k.copy_dst, k.size, SK_ACCESS_READ,
					 &hpa)) {
			(void)sk_snprintf(err, err_size, "%s: image does not fit its memory",
					  c->images[k.image].path);
			return PARTITION_LOAD_FAILED;
		}
		(void)sk_memcpy((void *)(uintptr_t)hpa.addr, p->package + k.src,
				(size_t)k.size);
		dcache_clean_inval_range((const void *)(uintptr_t)hpa.addr,
					 (size_t)k.size);
		return PARTITION_LOAD_MORE;
	case LOAD_OP_DONE:
	default:
		icache_inval_all();
		return PARTITION_LOAD_DONE;
	}
}

/* A load begins: its cursor, and (lazy) every granule back to "not
 * cleared" and unmapped; no vCPU of p runs. */
static bool partition_load_begin(struct partition *p, uint32_t gen, char *err,
				 uint32_t err_size)
{
	load_plan_start(&p->load, gen, partition_mem_lazy(p));
	return partition_mem_reset(p, err, err_size);
}

/* The entry point and device tree address its images give. */
static void partition_find_entry(struct partition *p)
{
	const struct sk_cfg_partition *c = p->cfg;

	p->entry = gpa_of(0);
	p->dtb = gpa_of(0);
	for (uint32_t i = 0; i < c->image_count; i++) {
		if (c->images[i].role == SK_IMAGE_KERNEL)
			p->entry = gpa_of(c->images[i].load);
		else if (c->images[i].role == SK_IMAGE_DTB)
			p->dtb = gpa_of(c->images[i].load);
	}
}

/* At boot, before any guest runs: the whole load at once. */
static bool partition_load_images(struct partition *p, char *err,
				  uint32_t err_size)
{
	enum partition_load_result r = PARTITION_LOAD_MORE;

	partition_find_entry(p);
	if (!partition_load_begin(p, 0, err, err_size))
		return false;
	/* Each chunk moves the cursor on: bounded by the load's size. */
	while (r == PARTITION_LOAD_MORE)
		r = partition_load_chunk(p, err, err_size);
	return r == PARTITION_LOAD_DONE;
}

void partition_load_request(struct partition *p)
{
	__atomic_add_fetch(&p->load_gen, 1u, __ATOMIC_ACQ_REL);
}

enum partition_load_result partition_load_continue(struct partition *p,
						   char *err, uint32_t err_size)
{
	uint32_t gen = __atomic_load_n(&p->load_gen, __ATOMIC_ACQUIRE);

	/* A restart asked for a new load since this cursor began (maybe in
	 * the middle of its last chunk): start again from the beginning. */
	if (p->load.gen != gen && !partition_load_begin(p, gen, err, err_size))
		return PARTITION_LOAD_FAILED;
	return partition_load_chunk(p, err, err_size);
}

/* Each CPU's scheduler: its vCPUs with their ranks, and its major frame.
 * Every frame starts at the same instant, so windows on different CPUs
 * line up. */
static bool partitions_schedule(const struct sk_config *cfg, char *err,
				uint32_t err_size)
{
	uint64_t freq = arch_counter_freq();
	uint64_t base = arch_counter();
	bool shared = false;

	for (uint32_t f = 0; f < cfg->frame_count && f < SK_MAX_CPUS; f++)
		sched_cpu_set_frame(sched_cpu_get(cfg->frames[f].cpu),
				    &cfg->frames[f], cfg, freq, base);
	for (uint32_t cpu = 0; cpu < SK_MAX_CPUS; cpu++)
		shared = shared || sched_cpu_get(cpu)->shared;
	if (!shared)
		return true;
	return arch_cpu_shareable(err, err_size);
}

/* The partition's vCPUs: each on its configured CPU, known to that CPU's
 * scheduler. */
static void partition_create_vcpus(struct partition *p)
{
	for (uint32_t v = 0; v < p->vcpu_count; v++) {
		p->vcpus[v].partition = p;
		p->vcpus[v].index = vcpu_index_of(v);
		p->vcpus[v].pcpu = pcpu_of(p->cfg->cpus[v]);
		p->vcpus[v].sched.rank =
			p->cfg->sched_class == SK_SCHED_REALTIME ? p->cfg->priority : 0u;
		vcpu_of_cpu[p->cfg->cpus[v]] = &p->vcpus[v];
		(void)sched_cpu_add(sched_cpu_get(p->cfg->cpus[v]), &p->vcpus[v]);
	}
}

static void partition_log_created(const struct partition *p)
{
	log_line("partition %u '%s': %u vCPU(s) on CPU%s %u%s, entry 0x%llx, dtb 0x%llx, VMID %u",
		 p->id, p->cfg->name, p->vcpu_count,
		 p->vcpu_count > 1 ? "s" : "", p->cfg->cpus[0],
		 p->vcpu_count > 1 ? ",..." : "",
		 (unsigned long long)p->entry.addr,
		 (unsigned long long)p->dtb.addr, p->arch.vmid);
	/* docs/devices.md: no IOMMU, so this partition's bus masters are
	 * trusted like the hypervisor for memory; say so at every boot. */
	if (p->cfg->dma == SK_PARTITION_DMA_UNRESTRICTED)
		log_line("partition %u '%s': dma unrestricted: its devices can read and write all memory (no IOMMU)",
			 p->id, p->cfg->name);
}

/* Partition `id` of the configuration: its vCPUs, memory, virtual GIC,
 * images, virtual UART, devices and watchdog; running when this returns
 * true. */
static bool partition_create_one(const struct sk_config *cfg, uint32_t id,
				 const uint8_t *package, char *err,
				 uint32_t err_size)
{
	struct partition *p = &partitions[id];

	p->id = id;
	p->cfg = &cfg->partitions[id];
	p->arch.vmid = id + 1; /* VMID 0 stays unused */
	p->vcpu_count = p->cfg->cpu_count;
	partition_create_vcpus(p);
	p->package = package;
	partition_mem_init(p, cfg);
	if (!partition_map(p, err, err_size) ||
	    !vgic_arch_partition_init(p, err, err_size) ||
	    !partition_load_images(p, err, err_size))
		return false;
	if (p->cfg->console == SK_CONSOLE_PL011) {
		/* A terminal device: focused, it drives the terminal
		 * (core/console.h). Set before it runs, never changed. */
		p->console.terminal = true;
		vpl011_init(&p->uart, p, SK_GUEST_UART_INTID);
		partition_register_mmio(p, SK_GUEST_UART_BASE, SK_GUEST_UART_SIZE,
					vpl011_mmio, &p->uart, "PL011");
	}
	partition_claim_device_irqs(p);
	watchdog_arm(p);
	p->arch.cntvoff = arch_counter();
	p->state = PARTITION_RUNNING;
	partitions_created = id + 1;
	partition_log_created(p);
	return true;
}

/* The console's input goes first to the first partition that has one. */
static void partitions_focus_first_console(void)
{
	for (uint32_t id = 0; id < partitions_created; id++) {
		if (partitions[id].cfg->console != SK_CONSOLE_NONE) {
			partition_set_focus(&partitions[id]);
			break;
		}
	}
}

bool partitions_create(const struct sk_config *cfg, const uint8_t *package,
		       char *err, uint32_t err_size)
{
	for (uint32_t cpu = 0; cpu < SK_MAX_CPUS; cpu++)
		sched_cpu_init(sched_cpu_get(cpu), arch_counter_freq());
	for (uint32_t id = 0; id < cfg->partition_count; id++) {
		if (!partition_create_one(cfg, id, package, err, err_size))
			return false;
	}
	partitions_focus_first_console();
	if (!channels_create(cfg, err, err_size) ||
	    !partitions_schedule(cfg, err, err_size))
		return false;
	console_set_command_handler(console_command_run);
	stage2_tlb_flush_all();
	/* The stage-2 tables are complete (channels mapped) and no vCPU
	 * runs yet: the SMMU may walk them for the partitions' devices. */
	for (uint32_t id = 0; id < partitions_created; id++) {
		if (partition_has_streams(&partitions[id]) &&
		    !vgic_arch_dma_stage2(&partitions[id], err, err_size))
			return false;
		if (!partition_streams_assign(&partitions[id], true, err,
					      err_size))
			return false;
	}
	return true;
}
