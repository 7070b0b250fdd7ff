/* SPDX-License-Identifier: MIT */
/*
 * shikiri-ctl: the manager's command line (docs/management.md), on
 * libshikiri-ctl (skctl.h). Exit status: 0 done, 1 refused or failed,
 * 2 usage, 3 not a manager, 4 no partition of that name.
 */
#define _GNU_SOURCE

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "skctl.h"

#define EXIT_REFUSED     1
#define EXIT_USAGE       2
#define EXIT_NOT_MANAGER 3
#define EXIT_UNKNOWN     4
#define NS_PER_US        1000ull
#define NS_PER_S         1000000000ull
#define ESR_EC_SHIFT     26u
#define ESR_EC_MASK      0x3fu

static volatile sig_atomic_t interrupted;

static int report(int rc)
{
	fprintf(stderr, "shikiri-ctl: %s\n", skctl_error());
	switch (rc) {
	case SKCTL_E_NOT_MANAGER: return EXIT_NOT_MANAGER;
	case SKCTL_E_UNKNOWN_NAME: return EXIT_UNKNOWN;
	default: return EXIT_REFUSED;
	}
}

static const char *state_name(uint32_t s)
{
	return s == SK_PARTITION_RUNNING ? "running" : "stopped";
}

static void cpu_list(uint32_t mask, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	for (uint32_t i = 0; i < 32u && at < size; i++) {
		if ((mask & (1u << i)) != 0u)
			at += (size_t)snprintf(out + at, size - at, "%s%u",
					       at == 0 ? "" : ",", i);
	}
}

static void class_name(const struct sk_mgmt_partition *p, char *out, size_t size)
{
	if (p->sched_class == SK_MGMT_CLASS_REALTIME)
		snprintf(out, size, "realtime %u", p->priority);
	else
		snprintf(out, size, "best-effort");
}

static void uptime(uint64_t ns, uint32_t state, char *out, size_t size)
{
	uint64_t s = ns / NS_PER_S;

	if (state != SK_PARTITION_RUNNING)
		snprintf(out, size, "-");
	else if (s < 3600u)
		snprintf(out, size, "%llum%02llus", (unsigned long long)(s / 60u),
			 (unsigned long long)(s % 60u));
	else
		snprintf(out, size, "%lluh%02llum", (unsigned long long)(s / 3600u),
			 (unsigned long long)(s / 60u % 60u));
}

static int cmd_list(struct skctl *c)
{
	printf("%-3s %-15s %-8s %-6s %-12s %8s %8s %8s %8s\n", "ID", "NAME",
	       "STATE", "CPUS", "CLASS", "RESTARTS", "FAULTS", "DENIED", "UPTIME");
	for (uint32_t id = 0; id < c->partitions; id++) {
		struct sk_mgmt_partition p;
		char cpus[64], cls[24], up[24];
		int rc = skctl_partition(c, id, &p);

		if (rc != 0)
			return report(rc);
		cpu_list(p.cpus, cpus, sizeof(cpus));
		class_name(&p, cls, sizeof(cls));
		uptime(p.uptime_ns, p.state, up, sizeof(up));
		printf("%-3u %-15s %-8s %-6s %-12s %8llu %8llu %8llu %8s\n", p.id,
		       p.name, state_name(p.state), cpus, cls,
		       (unsigned long long)p.restarts, (unsigned long long)p.faults,
		       (unsigned long long)p.denied, up);
	}
	return 0;
}

static const char *policy_name(uint32_t policy)
{
	switch (policy) {
	case SK_MGMT_POLICY_RESTART: return "restart";
	case SK_MGMT_POLICY_HALT: return "halt-system";
	default: return "stop";
	}
}

static int cmd_status(struct skctl *c, const char *name)
{
	struct sk_mgmt_partition p;
	char cpus[64], cls[24], up[24];
	int rc = skctl_find(c, name, &p);

	if (rc != 0)
		return report(rc);
	cpu_list(p.cpus, cpus, sizeof(cpus));
	class_name(&p, cls, sizeof(cls));
	uptime(p.uptime_ns, p.state, up, sizeof(up));
	printf("partition %u '%s': %s%s\n", p.id, p.name, state_name(p.state),
	       p.manager != 0u ? ", manager" : "");
	printf("  vCPUs %u on CPUs %s, %s, fault policy %s\n", p.vcpus, cpus, cls,
	       policy_name(p.fault_policy));
	printf("  restarts %llu, faults %llu, denied %llu, uptime %s\n",
	       (unsigned long long)p.restarts, (unsigned long long)p.faults,
	       (unsigned long long)p.denied, up);
	return 0;
}

static int cmd_stop(struct skctl *c, const char *name)
{
	struct sk_mgmt_partition p;
	int rc = skctl_find(c, name, &p);

	if (rc != 0)
		return report(rc);
	if (p.id == c->self)
		printf("shikiri-ctl: stopping '%s', this partition\n", p.name);
	rc = skctl_stop(c, p.id);
	if (rc == MGPCI_E_STOPPED) {
		fprintf(stderr, "shikiri-ctl: partition '%s' is stopped already (restart it with: shikiri-ctl restart %s)\n",
			p.name, p.name);
		return EXIT_REFUSED;
	}
	if (rc != 0)
		return report(rc);
	printf("shikiri-ctl: stopped '%s'\n", p.name);
	return 0;
}

static int cmd_restart(struct skctl *c, const char *name)
{
	struct sk_mgmt_partition p;
	int rc = skctl_find(c, name, &p);

	if (rc != 0)
		return report(rc);
	/* Restarting this partition does not come back to print. */
	printf("shikiri-ctl: restarting '%s'\n", p.name);
	fflush(stdout);
	rc = skctl_restart(c, p.id);
	if (rc != 0)
		return report(rc);
	return 0;
}

/* The line Ctrl-] s prints for a partition (core/manage.c). */
static int cmd_stats(struct skctl *c, const char *name)
{
	struct sk_mgmt_partition p;
	struct sk_partition_stats st;
	int rc = skctl_find(c, name, &p);

	if (rc == 0)
		rc = skctl_stats(c, p.id, &st);
	if (rc != 0)
		return report(rc);
	printf("stats '%s' (%s): exits %llu (hypercall %llu, mmio %llu, sysreg %llu, irq %llu), faults %llu, dma faults %llu, irqs injected %llu, restarts %llu, denied %llu\n",
	       p.name, state_name(p.state), (unsigned long long)st.exits,
	       (unsigned long long)st.exits_hypercall,
	       (unsigned long long)st.exits_mmio,
	       (unsigned long long)st.exits_sysreg,
	       (unsigned long long)st.exits_irq, (unsigned long long)st.faults,
	       (unsigned long long)st.dma_faults,
	       (unsigned long long)st.irqs_injected,
	       (unsigned long long)st.restarts, (unsigned long long)st.denied);
	return 0;
}

static void name_of(struct skctl *c, uint32_t id, char *out, size_t size)
{
	struct sk_mgmt_partition p;

	if (skctl_partition(c, id, &p) == 0)
		snprintf(out, size, "%s", p.name);
	else
		snprintf(out, size, "#%u", id);
}

/* The lines Ctrl-] s prints for a shared CPU (core/sched_stats.c). */
static int cmd_sched(struct skctl *c, const char *arg)
{
	struct sk_sched_stats st;
	char *end;
	unsigned long cpu = strtoul(arg, &end, 0);
	int rc;

	if (*arg == '\0' || *end != '\0' || cpu > UINT32_MAX) {
		fprintf(stderr, "shikiri-ctl: '%s' is not a CPU number\n", arg);
		return EXIT_USAGE;
	}
	rc = skctl_sched(c, (uint32_t)cpu, &st);
	if (rc != 0)
		return report(rc);
	if (st.shared == 0u) {
		printf("sched CPU%u: not shared (at most one vCPU runs there, it has no scheduler)\n",
		       st.cpu);
		return 0;
	}
	printf("sched CPU%u: switches %llu, idle %llu us, real-time wake-ups %llu, worst wake-up latency %llu ns, average switch %llu ns\n",
	       st.cpu, (unsigned long long)st.switches,
	       (unsigned long long)(st.idle_ns / NS_PER_US),
	       (unsigned long long)st.rt_wakeups,
	       (unsigned long long)st.worst_rt_latency_ns,
	       (unsigned long long)st.average_switch_ns);
	for (uint32_t i = 0; i < st.vcpu_count && i < SK_SCHED_STATS_VCPUS; i++) {
		const struct sk_sched_vcpu *v = &st.vcpus[i];
		char name[SK_PARTITION_NAME_MAX + 4];

		name_of(c, v->partition, name, sizeof(name));
		printf("sched CPU%u: '%s' vCPU%u (%s %u) ran %llu us\n", st.cpu, name,
		       v->vcpu, v->priority != 0u ? "realtime" : "best-effort",
		       v->priority, (unsigned long long)(v->run_ns / NS_PER_US));
	}
	return 0;
}

static const char *audit_op(uint32_t op)
{
	switch (op) {
	case SK_AUDIT_OP_NOTIFY: return "notify on channel";
	case SK_AUDIT_OP_FIRMWARE: return "firmware call";
	case SK_AUDIT_OP_STOP: return "stop of partition";
	case SK_AUDIT_OP_RESTART: return "restart of partition";
	case SK_AUDIT_OP_QUERY: return "management query about";
	default: return "request";
	}
}

static const char *audit_reason(int32_t reason)
{
	switch (reason) {
	case SK_AUDIT_DONE: return "done";
	case SK_AUDIT_NOT_ENDPOINT: return "refused: not an endpoint of such a channel";
	case SK_AUDIT_NO_RIGHT: return "refused: endpoint without the notify right";
	case SK_AUDIT_NOT_FORWARDED: return "refused: not forwarded to the firmware";
	case SK_AUDIT_NOT_MANAGER: return "refused: not a manager";
	default: return "refused";
	}
}

static void audit_object(struct skctl *c, const struct sk_audit_entry *e,
			 char *out, size_t size)
{
	if (e->op == SK_AUDIT_OP_FIRMWARE)
		snprintf(out, size, "0x%08llx", (unsigned long long)e->object);
	else if ((e->op == SK_AUDIT_OP_STOP || e->op == SK_AUDIT_OP_RESTART) &&
		 e->object < c->partitions) {
		char name[SK_PARTITION_NAME_MAX + 4];

		name_of(c, (uint32_t)e->object, name, sizeof(name));
		snprintf(out, size, "'%s'", name);
	} else
		snprintf(out, size, "%llu", (unsigned long long)e->object);
}

static int cmd_audit(struct skctl *c)
{
	uint64_t next = 0, shown = 0, lost = 0;

	for (int guard = 0; guard < 64; guard++) {
		struct sk_mgmt_audit a;
		int rc = skctl_audit(c, next, &a);

		if (rc != 0)
			return report(rc);
		lost += a.lost;
		for (uint32_t i = 0; i < a.count && i < SK_MGMT_AUDIT_ENTRIES; i++) {
			const struct sk_audit_entry *e = &a.entries[i];
			char who[SK_PARTITION_NAME_MAX + 4], obj[48];

			name_of(c, e->partition, who, sizeof(who));
			audit_object(c, e, obj, sizeof(obj));
			printf("#%llu %llu.%06llus '%s' %s %s: %s\n",
			       (unsigned long long)e->seq,
			       (unsigned long long)(e->time_ns / NS_PER_S),
			       (unsigned long long)(e->time_ns % NS_PER_S / NS_PER_US),
			       who, audit_op(e->op), obj, audit_reason(e->reason));
			shown++;
		}
		if (a.count == 0u)
			break;
		next = a.next;
	}
	printf("%llu record(s), %llu lost\n", (unsigned long long)shown,
	       (unsigned long long)lost);
	return 0;
}

static const char *fault_kind(uint32_t kind)
{
	switch (kind) {
	case SK_MGMT_FAULT_DATA_READ: return "data read";
	case SK_MGMT_FAULT_DATA_WRITE: return "data write";
	case SK_MGMT_FAULT_INSN_FETCH: return "instruction fetch";
	case SK_MGMT_FAULT_UNDEFINED: return "trapped instruction";
	case SK_MGMT_FAULT_SERROR: return "SError";
	case SK_MGMT_FAULT_ABORT_LOOP: return "abort loop at its exception vector";
	case SK_MGMT_FAULT_WATCHDOG: return "watchdog expired";
	case SK_MGMT_FAULT_GUEST_OFF: return "guest called PSCI SYSTEM_OFF";
	case SK_MGMT_FAULT_DMA: return "DMA fault";
	default: return "fault";
	}
}

static const char *fault_action(uint32_t action)
{
	switch (action) {
	case SK_MGMT_ACTION_ABORT_INJECTED: return "external abort injected";
	case SK_MGMT_ACTION_UNDEF_INJECTED: return "undefined instruction injected";
	case SK_MGMT_ACTION_IGNORED: return "ignored";
	case SK_MGMT_ACTION_STOPPED: return "fault policy: stopped";
	case SK_MGMT_ACTION_RESTARTED: return "fault policy: restarted";
	case SK_MGMT_ACTION_HALTED: return "fault policy: system halted";
	default: return "?";
	}
}

/* The exception class of ESR_EL2 (Arm ARM D17.2.37), by name. */
static const char *esr_class(uint64_t esr)
{
	switch ((esr >> ESR_EC_SHIFT) & ESR_EC_MASK) {
	case 0x00: return "unknown reason";
	case 0x01: return "WFI/WFE";
	case 0x16: return "HVC";
	case 0x17: return "SMC";
	case 0x18: return "MSR/MRS/system instruction";
	case 0x20: return "instruction abort from EL0/EL1";
	case 0x24: return "data abort from EL0/EL1";
	case 0x2f: return "SError";
	default: return "other";
	}
}

/* Two lines a record: what and what followed, then where (a terminal's
 * width each). */
static void print_fault(const char *name, const struct sk_mgmt_fault *f)
{
	printf("#%llu %llu.%06llus run %u vCPU%u: %s", (unsigned long long)f->seq,
	       (unsigned long long)(f->time_ns / NS_PER_S),
	       (unsigned long long)(f->time_ns % NS_PER_S / NS_PER_US), f->run,
	       f->vcpu, fault_kind(f->kind));
	if (f->kind <= SK_MGMT_FAULT_SERROR)
		printf(" at 0x%llx", (unsigned long long)f->addr);
	printf(": %s\n", fault_action(f->action));
	if (f->kind > SK_MGMT_FAULT_SERROR)
		return;
	printf("    PC 0x%llx, ESR 0x%llx (%s)", (unsigned long long)f->pc,
	       (unsigned long long)f->esr, esr_class(f->esr));
	if (f->kind <= SK_MGMT_FAULT_INSN_FETCH) {
		if (f->where[0] != '\0')
			printf(", in %.*s (not allowed there)", (int)sizeof(f->where),
			       f->where);
		else
			printf(", outside every region and device of '%s'", name);
	}
	printf("\n");
}

static int cmd_faults(struct skctl *c, const char *name)
{
	struct sk_mgmt_partition p;
	struct sk_mgmt_faults fs;
	int rc = skctl_find(c, name, &p);

	if (rc == 0)
		rc = skctl_faults(c, p.id, &fs);
	if (rc != 0)
		return report(rc);
	if (fs.total == 0u) {
		printf("partition '%s': no faults since boot\n", p.name);
		return 0;
	}
	printf("partition '%s': %llu fault(s) since boot, the last %u:\n", p.name,
	       (unsigned long long)fs.total, fs.count);
	for (uint32_t i = 0; i < fs.count && i < SK_MGMT_FAULTS_KEPT; i++)
		print_fault(p.name, &fs.faults[i]);
	return 0;
}

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The list, redrawn every second until Ctrl-C (or count times). On a
 * terminal the screen is cleared for each; into a pipe or a file the lists
 * follow one another, a blank line apart, with no terminal controls. */
static int cmd_watch(struct skctl *c, const char *count_arg)
{
	long count = -1;
	bool screen = isatty(STDOUT_FILENO) != 0;

	if (count_arg != NULL) {
		char *end;

		count = strtol(count_arg, &end, 10);
		if (*count_arg == '\0' || *end != '\0' || count <= 0) {
			fprintf(stderr, "shikiri-ctl: watch: '%s' is not a number "
				"of times (1 or more)\n", count_arg);
			return EXIT_USAGE;
		}
	}
	signal(SIGINT, on_sigint);
	for (long n = 0; !interrupted && (count < 0 || n < count); n++) {
		int rc;

		if (n != 0)
			sleep(1);
		if (interrupted)
			break;
		if (screen)
			printf("\033[H\033[2J");
		else if (n != 0)
			printf("\n");
		rc = cmd_list(c);
		if (rc != 0)
			return rc;
		printf("(every 1 s; Ctrl-C ends)\n");
		fflush(stdout);
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: shikiri-ctl COMMAND\n"
		"  list            the partitions: id, name, state, CPUs, class, restarts, faults, denials, uptime\n"
		"  status NAME     one partition\n"
		"  stop NAME       stop it\n"
		"  restart NAME    restart it from its images\n"
		"  stats NAME      its counters (as Ctrl-] s prints them)\n"
		"  sched CPU       that CPU's scheduler statistics\n"
		"  audit           the audit log: refused requests, stops and restarts\n"
		"  faults NAME     its last faults, kept across its restarts\n"
		"  watch [N]       the list every second until Ctrl-C (N times)\n"
		"Only a partition marked `manager;` can use it (docs/management.md).\n");
}

static int run(struct skctl *c, int argc, char **argv)
{
	const char *cmd = argv[1];
	const char *arg = argc > 2 ? argv[2] : NULL;

	if (strcmp(cmd, "list") == 0)
		return cmd_list(c);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(c);
	if (strcmp(cmd, "watch") == 0)
		return cmd_watch(c, arg);
	if (arg == NULL) {
		usage();
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "status") == 0)
		return cmd_status(c, arg);
	if (strcmp(cmd, "stop") == 0)
		return cmd_stop(c, arg);
	if (strcmp(cmd, "restart") == 0)
		return cmd_restart(c, arg);
	if (strcmp(cmd, "stats") == 0)
		return cmd_stats(c, arg);
	if (strcmp(cmd, "sched") == 0)
		return cmd_sched(c, arg);
	if (strcmp(cmd, "faults") == 0)
		return cmd_faults(c, arg);
	usage();
	return EXIT_USAGE;
}

static int known(const char *cmd)
{
	static const char *const cmds[] = { "list", "status", "stop", "restart",
		"stats", "sched", "audit", "faults", "watch" };

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmd, cmds[i]) == 0)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct skctl c;
	int rc;

	if (argc < 2 || !known(argv[1])) {
		usage();
		return EXIT_USAGE;
	}
	rc = skctl_open(&c);
	if (rc != 0)
		return report(rc);
	rc = run(&c, argc, argv);
	skctl_close(&c);
	return rc;
}
