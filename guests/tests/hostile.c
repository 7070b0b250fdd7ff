// SPDX-License-Identifier: MIT
/*
 * hostile: a partition that attacks everything it can reach (hostile.h has
 * the report format). Memory, PSCI and the random SMC/HVC calls live here;
 * the GIC in hostile_gic.c; system registers, caches, debug and PMU in
 * hostile_cpu.c. When done it beats like any test guest, so a test can see
 * it is still alive and still answered.
 */
#include <stdarg.h>

#include "bootargs.h"
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "guest_time.h"
#include "hostile.h"
#include "irq.h"
#include "lib/array.h"
#include "lib/fmt.h"
#include "shikiri/hypercall.h"
#include "try.h"
#include "spec/psci.h"

/* ---- reporting ---------------------------------------------------------- */

static uint32_t attacks_run;
static uint32_t attacks_contained;

static bool hostile_vreport(const char *name, const char *verdict,
			    bool contained, const char *fmt, va_list ap)
{
	char what[GUEST_PRINTF_MAX / 2u];
	struct sk_hc_result abi;

	(void)sk_vsnprintf(what, sizeof(what), fmt, ap);
	attacks_run++;
	attacks_contained += contained ? 1u : 0u;
	guest_printf("attack %s: %s%s (%s)\n", name, contained ? "" : "NOT ",
		     verdict, what);
	abi = sk_hvc(SK_HC_ABI_VERSION, 0, 0, 0);
	if (abi.status == SK_OK)
		guest_printf("hypervisor answers: ABI %lu.%lu\n", abi.r1, abi.r2);
	else
		guest_printf("hypervisor silent: status %ld\n", abi.status);
	return contained;
}

bool hostile_report(const char *name, bool contained, const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = hostile_vreport(name, "contained", contained, fmt, ap);
	va_end(ap);
	return r;
}

bool hostile_report_trapped(const char *name, bool trapped, const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = hostile_vreport(name, "trapped", trapped, fmt, ap);
	va_end(ap);
	return r;
}


/* ---- memory ------------------------------------------------------------- */

static bool in_range(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr >= base && addr - base < size;
}

/* The partition's own windows: its RAM and its virtual GIC frames. */
static bool hostile_own_window(uint64_t addr)
{
	if (in_range(addr, GUEST_RAM_BASE, HOSTILE_RAM_SIZE))
		return true;
	if (guest_gic_detect() == 3u)
		return in_range(addr, GIC_GICD_BASE, GIC_GICD_V3_SIZE) ||
		       in_range(addr, GIC_GICR_BASE, HOSTILE_VCPUS * GIC_GICR_STRIDE);
	return in_range(addr, GIC_GICD_BASE, GIC_GICD_V2_SIZE) ||
	       in_range(addr, GIC_GICC_BASE, GIC_GICC_V2_SIZE);
}

/* Every access must come back as an abort. */
static bool hostile_memory_targets(void)
{
	static const struct {
		const char *what;
		uint64_t addr;
	} targets[] = {
		{ "victim RAM", VICTIM_RAM_PHYS },
		{ "victim RAM end", VICTIM_RAM_PHYS + HOSTILE_RAM_SIZE - 4u },
		{ "victim RTC", VICTIM_RTC_PHYS },
		{ "just past own RAM", GUEST_RAM_BASE + HOSTILE_RAM_SIZE },
		{ "board UART", 0x09000000ul },
		{ "board GIC distributor page 2", 0x08020000ul },
		{ "above 4 GiB", 0x100000000ul },
		{ "top of the 39-bit IPA space", 0x7ffffff000ul },
		{ "beyond the IPA space", 0x8000000000ul },
		{ "48-bit top", 0xfffffffff000ul },
	};
	void (*const ops[])(uint64_t) = { guest_op_read32, guest_op_write32,
					  guest_op_fetch };
	static const char *const op_names[] = { "read", "write", "fetch" };
	uint32_t aborted = 0;
	uint32_t total = 0;
	bool ok = true;

	for (uint32_t i = 0; i < ARRAY_SIZE(targets); i++) {
		for (uint32_t o = 0; o < 3u; o++) {
			struct guest_try t;

			total++;
			if (guest_try(ops[o], targets[i].addr, &t) == 1u) {
				aborted++;
				continue;
			}
			ok = false;
			guest_printf("memory: %s of %s (0x%lx) took %u exceptions\n",
				     op_names[o], targets[i].what,
				     targets[i].addr, t.count);
		}
	}
	return hostile_report("memory-targets", ok,
			      "%u/%u reads, writes and fetches of other "
			      "partitions', the hypervisor's and unassigned "
			      "addresses aborted", aborted, total);
}

/*
 * Reads one word in every 2 MiB of the low 4 GiB and every 1 GiB up to
 * the 39-bit IPA limit, and every 64 KiB of the device area around the
 * GIC and UART: outside its own RAM and GIC, nothing may answer. Its own
 * RAM is exactly its configured 16 MiB, so no other memory (the
 * hypervisor's, the other partitions') has a guest address here.
 */
#define SWEEP_LOW_STEP   0x200000ul
#define SWEEP_LOW_END    0x100000000ul
#define SWEEP_HIGH_STEP  0x40000000ul
#define SWEEP_HIGH_END   0x8000000000ul
#define SWEEP_DEV_START  0x08000000ul
#define SWEEP_DEV_END    0x0a000000ul
#define SWEEP_DEV_STEP   0x10000ul

static bool sweep_one(uint64_t addr, uint32_t *probed, uint32_t *answered)
{
	if (hostile_own_window(addr))
		return true;
	(*probed)++;
	if (guest_try(guest_op_read32, addr, NULL) == 1u)
		return true;
	(*answered)++;
	guest_printf("memory: 0x%lx answered a read\n", addr);
	return false;
}

static bool hostile_memory_sweep(void)
{
	uint32_t probed = 0;
	uint32_t answered = 0;
	bool ok = true;

	for (uint64_t a = 0; a < SWEEP_LOW_END; a += SWEEP_LOW_STEP)
		ok &= sweep_one(a, &probed, &answered);
	for (uint64_t a = SWEEP_LOW_END; a < SWEEP_HIGH_END; a += SWEEP_HIGH_STEP)
		ok &= sweep_one(a, &probed, &answered);
	for (uint64_t a = SWEEP_DEV_START; a < SWEEP_DEV_END; a += SWEEP_DEV_STEP)
		ok &= sweep_one(a, &probed, &answered);
	return hostile_report("memory-sweep", ok && probed > 0u,
			      "%u addresses outside own RAM and GIC read, "
			      "%u answered", probed, answered);
}

/* ---- PSCI --------------------------------------------------------------- */

#define HOSTILE_CPU_WAIT_MS   2000u
#define HOSTILE_POLL_MS       1u

static int64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : : "memory");
	return (int64_t)x0;
}

/* vCPU 1 starts here: it has no stack, only registers. It says it ran,
 * then asks PSCI to switch off the CPUs of other partitions, which can
 * only mean itself. */
volatile uint32_t hostile_secondary_ran;
void hostile_secondary(void);
__asm__(".text\n"
	".globl hostile_secondary\n"
	"hostile_secondary:\n"
	"	adrp	x9, hostile_secondary_ran\n"
	"	add	x9, x9, :lo12:hostile_secondary_ran\n"
	"	mov	w10, #1\n"
	"	str	w10, [x9]\n"
	"	movz	x0, #0x0002\n"
	"	movk	x0, #0x8400, lsl #16\n" /* PSCI_CPU_OFF */
	"	mov	x1, #2\n"                  /* foreign MPIDRs as arguments */
	"	mov	x2, #3\n"
	"	hvc	#0\n"
	"1:	wfe\n"                          /* CPU_OFF never returns */
	"	b	1b\n");

static int64_t affinity(uint64_t mpidr)
{
	return sk_hvc(PSCI_AFFINITY_INFO_64, mpidr, 0, 0).status;
}

static bool wait_affinity(uint64_t mpidr, int64_t want)
{
	uint64_t end = guest_counter() + guest_ms_to_ticks(HOSTILE_CPU_WAIT_MS);

	/* ON_PENDING and ON come first; sleep between polls, as an OS would: under -icount QEMU runs one
	 * CPU at a time and a CPU that never idles keeps the one it just
	 * woke from running. */
	while ((int64_t)(guest_counter() - end) < 0) {
		if (affinity(mpidr) == want)
			return true;
		guest_sleep_until(guest_counter() + guest_ms_to_ticks(HOSTILE_POLL_MS));
	}
	return false;
}

static bool hostile_attack_psci(void)
{
	/* Everything but its own vCPUs 0 and 1 (MPIDR 0.0.0.0 and 0.0.0.1). */
	static const uint64_t foreign[] = {
		2, 3, 4, 7, 0x100, 0x101, 0x10000, 0x100000000ul,
		0xff00ffffffull, 0xfffffffffffffffful,
	};
	uint64_t entry = (uint64_t)(uintptr_t)hostile_secondary;
	uint32_t refused = 0;
	bool ok = true;

	for (uint32_t i = 0; i < ARRAY_SIZE(foreign); i++) {
		int64_t on_hvc = sk_hvc(PSCI_CPU_ON_64, foreign[i], entry, 0).status;
		int64_t on_smc = smc_call(PSCI_CPU_ON_64, foreign[i], entry, 0);
		int64_t aff = affinity(foreign[i]);

		if (on_hvc == PSCI_RET_INVALID_PARAMS && on_smc == PSCI_RET_INVALID_PARAMS &&
		    aff == PSCI_RET_INVALID_PARAMS) {
			refused++;
			continue;
		}
		ok = false;
		guest_printf("psci: MPIDR 0x%lx: CPU_ON %ld/%ld, AFFINITY_INFO %ld\n",
			     foreign[i], on_hvc, on_smc, aff);
	}
	/* Its own vCPU 1, started at an address outside its memory. */
	if (sk_hvc(PSCI_CPU_ON_64, 1, VICTIM_RAM_PHYS, 0).status != PSCI_RET_INVALID_ADDRESS) {
		ok = false;
		guest_printf("psci: CPU_ON at the victim's memory not refused\n");
	}
	/* Properly, then CPU_OFF "of the others" from there: only vCPU 1 goes. */
	hostile_secondary_ran = 0;
	if (sk_hvc(PSCI_CPU_ON_64, 1, entry, 0).status != PSCI_RET_SUCCESS ||
	    !wait_affinity(1, PSCI_AFF_OFF) || hostile_secondary_ran != 1u) {
		ok = false;
		guest_printf("psci: own vCPU 1 did not run and stop (ran %u, "
			     "now %ld)\n", hostile_secondary_ran, affinity(1));
	}
	return hostile_report("psci", ok,
			      "CPU_ON/AFFINITY_INFO refused for %u foreign "
			      "MPIDRs by HVC and SMC; own vCPU 1 on, then its "
			      "CPU_OFF stopped only itself", refused);
}

/* ---- firmware calls ----------------------------------------------------- */

/*
 * What an OS on the SoCs shikiri supports asks the firmware for: ZynqMP's
 * PMU firmware (EEMI, SiP service: clocks, resets, power of any device),
 * i.MX's TF-A SiP services, an OEM service, a trusted OS, standard secure
 * services beyond PSCI (TRNG). shikiri forwards none (docs/hypercalls.md,
 * "Firmware calls"): each must be NOT_SUPPORTED by SMC and by HVC with
 * x1..x3 as they were, and the hypervisor audits each one (the system
 * test counts the audit lines: tests/system/test_firmware_calls.py).
 */
static const struct {
	uint32_t fid;
	const char *what;
} firmware_calls[] = {
	{ 0xc2000001u, "ZynqMP EEMI PM_GET_API_VERSION" },
	{ 0xc200000du, "ZynqMP EEMI PM_REQUEST_NODE" },
	{ 0xc2000011u, "ZynqMP EEMI PM_RESET_ASSERT" },
	{ 0xc2000025u, "ZynqMP EEMI PM_CLOCK_DISABLE" },
	{ 0xc2000000u, "i.MX SiP GPC" },
	{ 0x83000000u, "OEM service" },
	{ 0xbf00ff01u, "trusted OS UID" },
	{ 0x84000050u, "TRNG_VERSION" },
};

#define FIRMWARE_ARG1 0x1111u
#define FIRMWARE_ARG2 0x2222u
#define FIRMWARE_ARG3 0x3333u

/* x0..x3 after the call, by SMC #0 or HVC #0. */
static void firmware_call(uint32_t fid, bool smc, uint64_t out[4])
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = FIRMWARE_ARG1;
	register uint64_t x2 __asm__("x2") = FIRMWARE_ARG2;
	register uint64_t x3 __asm__("x3") = FIRMWARE_ARG3;

	if (smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2),
				 "+r"(x3) : : "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2),
				 "+r"(x3) : : "memory");
	out[0] = x0;
	out[1] = x1;
	out[2] = x2;
	out[3] = x3;
}

static bool firmware_refused(const uint64_t r[4])
{
	return (int64_t)r[0] == SK_E_NOT_SUPPORTED && r[1] == FIRMWARE_ARG1 &&
	       r[2] == FIRMWARE_ARG2 && r[3] == FIRMWARE_ARG3;
}

static bool hostile_attack_firmware_calls(void)
{
	uint32_t refused = 0;

	for (uint32_t i = 0; i < ARRAY_SIZE(firmware_calls); i++) {
		uint64_t smc[4], hvc[4];
		bool ok;

		firmware_call(firmware_calls[i].fid, true, smc);
		firmware_call(firmware_calls[i].fid, false, hvc);
		ok = firmware_refused(smc) && firmware_refused(hvc);
		refused += ok ? 1u : 0u;
		guest_printf("firmware call 0x%08x (%s): smc %ld, hvc %ld, "
			     "arguments %s\n", firmware_calls[i].fid,
			     firmware_calls[i].what, (int64_t)smc[0],
			     (int64_t)hvc[0], ok ? "kept" : "CHANGED");
	}
	return hostile_report("firmware-calls",
			      refused == ARRAY_SIZE(firmware_calls),
			      "%u/%u SiP/OEM/trusted-OS/standard calls NOT_SUPPORTED "
			      "by SMC and HVC, arguments kept", refused,
			      (uint32_t)ARRAY_SIZE(firmware_calls));
}

/* ---- random SMC / HVC --------------------------------------------------- */

#define RANDOM_CALLS     100000u
#define RANDOM_SEED      0x5eed5eed0b5e55edul
#define RANDOM_PROGRESS  20000u
/* Soak mode (bootargs "soak-calls=<n>", make soak): n calls on each
 * conduit, a progress line every tenth. */
#define SOAK_PROGRESS_STEPS 10u

/* xorshift64*: small, fast and reproducible from the seed. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/*
 * Calls that end or suspend the caller by design (PSCI CPU_OFF, CPU_SUSPEND,
 * SYSTEM_OFF/RESET/RESET2/SUSPEND, CPU_FREEZE, CPU_DEFAULT_SUSPEND): the
 * random run skips them, since "the guest switched itself off" is the right
 * answer, not a finding. Matched on W0, as SMCCC dispatches.
 */
static bool self_ending(uint32_t fid)
{
	switch (fid & ~0x40000000u) { /* SMC32 and SMC64 alike */
	case 0x84000001u: case 0x84000002u: case 0x84000008u: case 0x84000009u:
	case 0x8400000bu: case 0x8400000cu: case 0x8400000eu: case 0x84000012u:
		return true;
	default:
		return false;
	}
}

/*
 * A function id from every SMCCC class: fast or yielding, SMC32 or SMC64,
 * any owning entity (Arm, CPU, SiP, OEM, standard incl. PSCI, hypervisor
 * incl. shikiri's, trusted apps/OS, reserved) with any function number;
 * any 32-bit value at all; and, half the time, a number next to the
 * implemented ones (SMCCC_VERSION/ARCH_FEATURES, PSCI, shikiri's calls),
 * so that the implemented handlers see random arguments too. The upper 32
 * bits are random half the time (SMCCC dispatches on W0).
 */
static uint64_t random_fid(void)
{
	static const uint32_t implemented[] = {
		0x80000000u, 0x80008000u, 0x84000000u, 0xc4000000u,
		0x86000000u, 0xc6000000u, 0x8600ff00u,
	};
	uint64_t r = rng_next();
	uint32_t fid;

	switch (r & 3u) {
	case 0:
		fid = (uint32_t)(r >> 32);
		break;
	case 1:
		fid = ((uint32_t)(r >> 32) & 0xff00ffffu);
		break;
	default:
		fid = implemented[(r >> 8) % ARRAY_SIZE(implemented)] +
		      ((uint32_t)(r >> 16) & 0x1fu);
		break;
	}
	return ((r >> 5) & 1u) != 0u ? ((rng_next() << 32) | fid) : fid;
}

/* Arguments: random, small (ids, counts), or addresses outside its own
 * memory (the victim's RAM, the device area). Never its own RAM: a call
 * that writes results there would be the guest hurting itself. */
static uint64_t random_arg(void)
{
	uint64_t r = rng_next();

	switch (r & 3u) {
	case 0:
		return r >> 60;
	case 1:
		return VICTIM_RAM_PHYS + ((r >> 8) & 0xfffff8ul);
	case 2:
		return GIC_GICD_BASE + ((r >> 8) & 0x1fffff8ul);
	default:
		return rng_next();
	}
}

/* conduit 0-2: HVC #0, 3-5: SMC #0 (SMCCC's conduits), 6: HVC and 7: SMC
 * with an immediate SMCCC does not use. */
static int64_t random_call(uint64_t fid, uint32_t conduit)
{
	/* Every argument first: a function call between setting a register
	 * variable and the asm that uses it may clobber the register. */
	uint64_t a1 = random_arg(), a2 = random_arg(), a3 = random_arg();
	uint64_t a4 = random_arg(), a5 = rng_next(), a6 = rng_next();
	uint64_t a7 = rng_next();
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x6 __asm__("x6") = a6;
	register uint64_t x7 __asm__("x7") = a7;

	switch (conduit) {
	case 0: case 1: case 2:
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
				 "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7) : : "memory");
		break;
	case 3: case 4: case 5:
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
				 "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7) : : "memory");
		break;
	case 6:
		__asm__ volatile("hvc #0xffff" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
				 "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7) : : "memory");
		break;
	default:
		__asm__ volatile("smc #0x1234" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
				 "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7) : : "memory");
		break;
	}
	return (int64_t)x0;
}

/* Status buckets: SMCCC/shikiri codes -1..-9, 0, and anything else
 * (positive results such as version numbers). */
#define STATUS_BUCKETS 11u

static uint32_t status_bucket(int64_t status)
{
	if (status <= 0 && status >= -9)
		return (uint32_t)(-status);
	return STATUS_BUCKETS - 1u;
}

/* Which conduits a run uses: random_call's 0-7 (rng & 7), or only the
 * HVC ones (0-2, 6) or only the SMC ones (3-5, 7). */
enum random_conduits { CONDUITS_ALL, CONDUITS_HVC, CONDUITS_SMC };

static uint32_t random_conduit(enum random_conduits which)
{
	uint32_t c = (uint32_t)rng_next() & 7u;
	bool smc = (c >= 3u && c <= 5u) || c == 7u;

	switch (which) {
	case CONDUITS_HVC: return smc ? (c == 7u ? 6u : c - 3u) : c;
	case CONDUITS_SMC: return smc ? c : (c == 6u ? 7u : c + 3u);
	case CONDUITS_ALL:
	default: return c;
	}
}

/* count seeded random calls on the conduits which, a progress line every
 * progress calls; true if the hypervisor answered at every one. */
static bool random_calls(const char *what, uint32_t count, uint32_t progress,
			 enum random_conduits which)
{
	uint32_t hist[STATUS_BUCKETS] = { 0 };
	uint32_t skipped = 0;
	uint32_t made = 0;
	bool ok = true;

	rng_state = RANDOM_SEED;
	guest_printf("%s: seed 0x%lx, %u calls\n", what, RANDOM_SEED, count);
	while (made < count) {
		uint64_t fid = random_fid();

		if (self_ending((uint32_t)fid)) {
			skipped++;
			continue;
		}
		hist[status_bucket(random_call(fid, random_conduit(which)))]++;
		made++;
		if (made % progress == 0u) {
			bool up = sk_hvc(SK_HC_ABI_VERSION, 0, 0, 0).status == SK_OK;

			guest_printf("%s: %u made, hypervisor %s\n", what, made,
				     up ? "answers" : "SILENT");
			ok &= up;
		}
	}
	guest_printf("%s: status 0: %u, -1: %u, -2: %u, -3: %u, "
		     "-4: %u, -5: %u, -9: %u, other: %u; %u self-ending "
		     "skipped\n", what, hist[0], hist[1], hist[2], hist[3],
		     hist[4], hist[5], hist[9], hist[STATUS_BUCKETS - 1u], skipped);
	return ok;
}

static bool hostile_attack_random_calls(void)
{
	bool ok = random_calls("random calls", RANDOM_CALLS, RANDOM_PROGRESS,
			       CONDUITS_ALL);

	return hostile_report("random-calls", ok,
			      "%u seeded random SMC/HVC calls, each answered",
			      RANDOM_CALLS);
}

/* make soak: count random calls by HVC, then count by SMC, and nothing
 * else; then it beats like the others. */
static void hostile_soak(uint32_t count)
{
	uint32_t progress = count / SOAK_PROGRESS_STEPS != 0u
			    ? count / SOAK_PROGRESS_STEPS : 1u;
	bool hvc = random_calls("soak hvc", count, progress, CONDUITS_HVC);
	bool smc = random_calls("soak smc", count, progress, CONDUITS_SMC);

	guest_printf("soak: %u calls per conduit, hypervisor answered: hvc %s, smc %s\n",
		     count, hvc ? "yes" : "NO", smc ? "yes" : "NO");
}

/* ---- stage-2 fault storm ------------------------------------------------ */

#define STORM_FAULTS 100000u

static bool hostile_attack_fault_storm(void)
{
	uint32_t n = guest_fault_storm(VICTIM_RAM_PHYS, STORM_FAULTS);

	return hostile_report("fault-storm", n == STORM_FAULTS,
			      "%u/%u reads of the victim's memory answered "
			      "with an external abort", n, STORM_FAULTS);
}

/* ---- main --------------------------------------------------------------- */

/* Beats before the attacks, so the victims are up and beating. */
#define HOSTILE_BEATS_BEFORE 3u

int main(uint64_t dtb)
{
	static bool (*const attacks[])(void) = {
		hostile_memory_targets,
		hostile_memory_sweep,
		hostile_attack_gic_distributor,
		hostile_attack_gic_redistributor,
		hostile_attack_sgis,
		hostile_gic_restore,
		hostile_attack_psci,
		hostile_attack_firmware_calls,
		hostile_attack_random_calls,
		hostile_attack_el2_el3_registers,
		hostile_attack_set_way,
		hostile_attack_cache_by_address,
		hostile_attack_debug,
		hostile_attack_pmu,
		hostile_attack_fault_storm,
	};
	struct guest_beat beat;
	uint64_t soak_calls = guest_bootargs_number(dtb, "soak-calls=", 0);
	/* bootargs "firmware-calls=1": that attack alone, so that every
	 * audit line it causes fits in the partition's log budget. */
	bool firmware_only = guest_bootargs_number(dtb, "firmware-calls=", 0) != 0u;

	guest_hello(dtb);
	/* Paced by polling until the GIC attacks are over; then its own GIC
	 * is put back in order (hostile_gic_restore) and it sleeps like
	 * any other guest. */
	guest_delay_ms(HOSTILE_BEATS_BEFORE * GUEST_BEAT_PERIOD_MS);
	if (firmware_only) {
		(void)hostile_attack_firmware_calls();
	} else if (soak_calls != 0u) {
		hostile_soak(soak_calls <= UINT32_MAX ? (uint32_t)soak_calls
						      : UINT32_MAX);
	} else {
		for (uint32_t i = 0; i < ARRAY_SIZE(attacks); i++)
			(void)attacks[i]();
		guest_printf("hostile: %u/%u attacks contained\n",
			     attacks_contained, attacks_run);
	}
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
