/* SPDX-License-Identifier: MIT */
/*
 * The management function's mailbox (core/manage_pci.h). Decode, then
 * act: the arguments are copied under the mailbox's lock, every one is
 * checked by the command (a partition id or CPU that does not exist, a
 * command that does not exist: a status, nothing done), and a stop or a
 * restart runs without the lock held, because stopping its own partition
 * does not return.
 */
#define SK_HYPERVISOR 1
#include "core/manage_pci.h"

#include "arch/spinlock.h"
#include "core/audit.h"
#include "core/manage.h"
#include "core/manage_faults.h"
#include "core/partition.h"
#include "core/sched.h"
#include "lib/string.h"
#include "shikiri/manage_pci.h"

#define MGPCI_REG_WIDTH 4u

/* The largest result a command returns (MGPCI_CMD_FAULTS'). */
#define MGPCI_RESULT_MAX sizeof(struct sk_mgmt_faults)

_Static_assert(sizeof(struct sk_mgmt_partition) <= MGPCI_RESULT_MAX &&
	       sizeof(struct sk_partition_stats) <= MGPCI_RESULT_MAX &&
	       sizeof(struct sk_sched_stats) <= MGPCI_RESULT_MAX &&
	       sizeof(struct sk_mgmt_audit) <= MGPCI_RESULT_MAX &&
	       MGPCI_RESULT_MAX <= MGPCI_DATA_MAX,
	       "every command's result must fit the data window");

struct mgpci_box {
	uint32_t arg0;
	uint32_t arg1;
	int32_t status;
	uint32_t length;
	uint8_t data[MGPCI_RESULT_MAX];
};

/* One per partition id; only a manager's is ever used. One lock for all:
 * commands are rare, and a system has one manager or two. */
static struct mgpci_box mgpci_boxes[SK_MAX_PARTITIONS];
static struct spinlock mgpci_lock;

static struct mgpci_box *mgpci_box_of(const struct partition *p)
{
	return p->id < SK_MAX_PARTITIONS ? &mgpci_boxes[p->id] : NULL;
}

void manage_pci_reset(const struct partition *p)
{
	struct mgpci_box *b = mgpci_box_of(p);

	if (b == NULL)
		return;
	spin_lock(&mgpci_lock);
	b->arg0 = 0;
	b->arg1 = 0;
	b->status = MGPCI_OK;
	b->length = 0;
	(void)sk_memset(b->data, 0, sizeof(b->data));
	spin_unlock(&mgpci_lock);
}

/* Physical CPUs the partitions run on are below this. */
static uint32_t mgpci_cpu_count(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < partition_total(); i++) {
		const struct sk_cfg_partition *cfg = partition_get(i)->cfg;

		for (uint32_t c = 0; c < cfg->cpu_count && c < SK_MAX_CPUS; c++) {
			if (cfg->cpus[c] >= n)
				n = cfg->cpus[c] + 1u;
		}
	}
	return n;
}

/* Each command's result, built outside the mailbox (a CPU's stack is small). */
struct mgpci_scratch {
	struct sk_mgmt_partition partition;
	struct sk_partition_stats stats;
	struct sk_sched_stats sched;
	struct sk_mgmt_audit audit;
	struct sk_mgmt_faults faults;
};

static void mgpci_result(struct mgpci_box *b, const void *src, size_t size)
{
	(void)sk_memcpy(b->data, src, size);
	b->length = (uint32_t)size;
}

/* The read-only commands: their answer into b->data, built in r. Caller
 * holds mgpci_lock. */
static int32_t mgpci_query(struct mgpci_box *b, struct mgpci_scratch *r,
			   uint32_t cmd, uint32_t a0, uint32_t a1)
{
	const struct partition *t = manage_partition(a0);

	switch (cmd) {
	case MGPCI_CMD_PARTITION_INFO:
		if (t == NULL)
			return MGPCI_E_NO_SUCH;
		manage_partition_info(t, &r->partition);
		mgpci_result(b, &r->partition, sizeof(r->partition));
		return MGPCI_OK;
	case MGPCI_CMD_PARTITION_STATS:
		if (t == NULL)
			return MGPCI_E_NO_SUCH;
		manage_stats_snapshot(t, &r->stats);
		mgpci_result(b, &r->stats, sizeof(r->stats));
		return MGPCI_OK;
	case MGPCI_CMD_SCHED_STATS:
		if (a0 >= mgpci_cpu_count() || !sched_snapshot(a0, &r->sched))
			return MGPCI_E_NO_SUCH;
		mgpci_result(b, &r->sched, sizeof(r->sched));
		return MGPCI_OK;
	case MGPCI_CMD_AUDIT_READ:
		audit_read(((uint64_t)a1 << 32) | a0, &r->audit);
		mgpci_result(b, &r->audit, sizeof(r->audit));
		return MGPCI_OK;
	case MGPCI_CMD_FAULTS:
		if (t == NULL)
			return MGPCI_E_NO_SUCH;
		manage_faults_read(t, &r->faults);
		mgpci_result(b, &r->faults, sizeof(r->faults));
		return MGPCI_OK;
	default:
		return MGPCI_E_UNKNOWN_COMMAND;
	}
}

/* A stop or a restart, without the lock: a stop of its own partition
 * does not return. */
static int32_t mgpci_act(struct vcpu *v, uint32_t cmd, uint32_t a0)
{
	struct partition *t = manage_partition(a0);

	if (t == NULL)
		return MGPCI_E_NO_SUCH;
	if (cmd == MGPCI_CMD_RESTART) {
		manage_restart(v, t);
		return MGPCI_OK;
	}
	return manage_stop(v, t) ? MGPCI_OK : MGPCI_E_STOPPED;
}

static void mgpci_command(struct vcpu *v, struct mgpci_box *b, uint32_t cmd)
{
	/* Only a command holding mgpci_lock uses it. */
	static struct mgpci_scratch scratch;
	uint32_t a0;
	uint32_t a1;
	int32_t status;

	spin_lock(&mgpci_lock);
	a0 = b->arg0;
	a1 = b->arg1;
	if (cmd != MGPCI_CMD_STOP && cmd != MGPCI_CMD_RESTART) {
		b->length = 0;
		b->status = mgpci_query(b, &scratch, cmd, a0, a1);
		spin_unlock(&mgpci_lock);
		return;
	}
	spin_unlock(&mgpci_lock);
	status = mgpci_act(v, cmd, a0);
	spin_lock(&mgpci_lock);
	b->length = 0;
	b->status = status;
	spin_unlock(&mgpci_lock);
}

static bool mgpci_read(const struct partition *self, struct mgpci_box *b,
		       uint32_t reg, uint64_t *value)
{
	switch (reg) {
	case MGPCI_MAGIC: *value = MGPCI_MAGIC_VALUE; return true;
	case MGPCI_VERSION: *value = MGPCI_VERSION_1; return true;
	case MGPCI_SELF: *value = self->id; return true;
	case MGPCI_PARTITIONS: *value = partition_total(); return true;
	case MGPCI_CPUS: *value = mgpci_cpu_count(); return true;
	case MGPCI_ARG0: *value = b->arg0; return true;
	case MGPCI_ARG1: *value = b->arg1; return true;
	case MGPCI_COMMAND: *value = 0; return true;
	case MGPCI_STATUS: *value = (uint32_t)b->status; return true;
	case MGPCI_LENGTH: *value = b->length; return true;
	default:
		break;
	}
	if (reg < MGPCI_DATA || reg - MGPCI_DATA >= MGPCI_DATA_MAX)
		return false;
	reg -= MGPCI_DATA;
	if (reg < b->length) {
		uint32_t w = 0;

		(void)sk_memcpy(&w, &b->data[reg], sizeof(w));
		*value = w;
	} else {
		*value = 0;
	}
	return true;
}

bool manage_pci_mmio(struct vcpu *v, uint32_t reg, struct mmio_access *a)
{
	struct partition *self = v->partition;
	struct mgpci_box *b = mgpci_box_of(self);
	bool ok = true;

	/* The function exists only in a manager (core/vpci.c); checked
	 * again here, where the rights are used. */
	if (b == NULL || self->cfg->manager == 0u ||
	    a->size != MGPCI_REG_WIDTH || (reg & (MGPCI_REG_WIDTH - 1u)) != 0u)
		return false;
	if (a->write && reg == MGPCI_COMMAND) {
		mgpci_command(v, b, (uint32_t)a->value);
		return true;
	}
	spin_lock(&mgpci_lock);
	if (!a->write)
		ok = mgpci_read(self, b, reg, &a->value);
	else if (reg == MGPCI_ARG0)
		b->arg0 = (uint32_t)a->value;
	else if (reg == MGPCI_ARG1)
		b->arg1 = (uint32_t)a->value;
	else /* read-only registers ignore writes; unknown offsets fault */
		ok = mgpci_read(self, b, reg, &(uint64_t){ 0 });
	spin_unlock(&mgpci_lock);
	return ok;
}
