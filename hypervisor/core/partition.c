/* SPDX-License-Identifier: MIT */
#include "core/partition.h"

#include "arch/arm64/cache.h"
#include "arch/arm64/stage2.h"
#include "core/guest_mem.h"
#include "core/log.h"
#include "core/percpu.h"
#include "lib/fmt.h"
#include "lib/string.h"

static struct partition partitions[SK_MAX_PARTITIONS];
static uint32_t partitions_created;
static struct vcpu *vcpu_of_cpu[SK_MAX_CPUS];

uint32_t partition_count(void)
{
	return partitions_created;
}

struct partition *partition_get(uint32_t id)
{
	return id < partitions_created ? &partitions[id] : NULL;
}

struct vcpu *partition_vcpu_of_cpu(uint32_t cpu)
{
	return cpu < SK_MAX_CPUS ? vcpu_of_cpu[cpu] : NULL;
}

bool partition_has_input_focus(const struct partition *p)
{
	/* Until focus switching exists, input goes to the first partition
	 * that has a console. */
	for (uint32_t i = 0; i < partitions_created; i++) {
		if (partitions[i].cfg->console != SK_CONSOLE_NONE)
			return &partitions[i] == p;
	}
	return false;
}

static bool partition_map(struct partition *p, char *err, uint32_t err_size)
{
	const struct sk_cfg_partition *c = p->cfg;
	enum pt_result r = stage2_init(&p->stage2);

	for (uint32_t i = 0; r == PT_OK && i < c->region_count; i++) {
		const struct sk_cfg_region *m = &c->regions[i];

		r = pt_map(&p->stage2, m->guest, m->phys, m->size,
			   stage2_ram_attrs(m->access));
		if (r != PT_OK)
			sk_snprintf(err, err_size, "%s: stage-2 mapping failed (error %d)",
				    m->path, (int)r);
	}
	for (uint32_t i = 0; r == PT_OK && i < c->device_count; i++) {
		const struct sk_cfg_device *d = &c->devices[i];

		r = pt_map(&p->stage2, d->guest, d->phys, d->size,
			   stage2_device_attrs());
		if (r != PT_OK)
			sk_snprintf(err, err_size, "%s: stage-2 mapping failed (error %d)",
				    d->path, (int)r);
	}
	if (r != PT_OK && p->stage2.root == NULL)
		sk_snprintf(err, err_size, "%s: no page for the stage-2 root",
			    c->path);
	return r == PT_OK;
}

/* Copies each image from the package to its place in guest memory and
 * makes it visible to a guest that starts with caches off. */
static bool partition_load_images(struct partition *p, const uint8_t *package,
				  char *err, uint32_t err_size)
{
	const struct sk_cfg_partition *c = p->cfg;

	p->entry = 0;
	p->dtb = 0;
	for (uint32_t i = 0; i < c->image_count; i++) {
		const struct sk_cfg_image *img = &c->images[i];
		uint64_t hpa;

		if (!guest_range_to_host(c, img->load, img->size, SK_ACCESS_READ,
					 &hpa)) {
			sk_snprintf(err, err_size, "%s: image does not fit its memory",
				    img->path);
			return false;
		}
		sk_memcpy((void *)(uintptr_t)hpa, package + img->offset,
			  (size_t)img->size);
		dcache_clean_inval_range((const void *)(uintptr_t)hpa,
					 (size_t)img->size);
		if (img->role == SK_IMAGE_KERNEL)
			p->entry = img->load;
		else if (img->role == SK_IMAGE_DTB)
			p->dtb = img->load;
	}
	icache_inval_all();
	return true;
}

bool partitions_create(const struct sk_config *cfg, const uint8_t *package,
		       char *err, uint32_t err_size)
{
	for (uint32_t id = 0; id < cfg->partition_count; id++) {
		struct partition *p = &partitions[id];

		p->id = id;
		p->cfg = &cfg->partitions[id];
		p->vmid = id + 1; /* VMID 0 stays unused */
		p->vcpu_count = p->cfg->cpu_count;
		for (uint32_t v = 0; v < p->vcpu_count; v++) {
			p->vcpus[v].partition = p;
			p->vcpus[v].index = v;
			p->vcpus[v].pcpu = p->cfg->cpus[v];
			vcpu_of_cpu[p->cfg->cpus[v]] = &p->vcpus[v];
		}
		if (!partition_map(p, err, err_size) ||
		    !partition_load_images(p, package, err, err_size))
			return false;
		partitions_created = id + 1;
		log_line("partition %u '%s': %u vCPU(s) on CPU%s %u%s, entry 0x%llx, dtb 0x%llx, VMID %u",
			 id, p->cfg->name, p->vcpu_count,
			 p->vcpu_count > 1 ? "s" : "", p->cfg->cpus[0],
			 p->vcpu_count > 1 ? ",..." : "",
			 (unsigned long long)p->entry,
			 (unsigned long long)p->dtb, p->vmid);
	}
	stage2_tlb_flush_all();
	return true;
}
