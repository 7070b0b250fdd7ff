// SPDX-License-Identifier: MIT
/*
 * The benchmark guest: one freestanding arm64 Image that boots bare on
 * QEMU at EL1, in a shikiri partition, and as Xen's dom0, and measures the
 * same things on each. bench/run.py boots it and builds the table.
 *
 * It learns where it runs from /chosen/bootargs ("bench=bare", "=shikiri"
 * or "=xen"), which picks its console and its null hypercall. Results are
 * lines "bench: <name> key=value ...", times in picoseconds of the virtual
 * counter: under `-icount shift=0` 1000 ps is one instruction.
 *
 * It is linked at 0x40000000 like the test guests but runs wherever it is
 * loaded (Xen puts dom0 where its memory is): the build links it twice and
 * checks both images are the same (bench/bench.mk).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "guest_time.h"
#include "stats.h"
#include "irq.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"


/* At least 1000 samples per latency figure (the floor). */
#define LATENCY_SAMPLES 1000u
/* Round trips per figure: enough that a 16 ns counter tick is noise. */
#define ROUND_TRIPS 10000u
/* Timer deadlines this far ahead (ticks), varied so the deadline does not
 * always meet the guest at the same point of its loop. */
#define DEADLINE_BASE_TICKS 600u
#define DEADLINE_SPREAD_TICKS 400u
#define DEADLINE_SPREAD_STEP 97u
/* The compute kernel: a random walk over 16 MiB (4096 pages, far more
 * than any TLB holds), reading and writing. */
#define COMPUTE_WORDS (4u << 20)
#define COMPUTE_STEPS (1u << 22)
#define COMPUTE_SEED  0x2545f491u
#define COMPUTE_MIX   2654435761u

enum bench_host { HOST_BARE, HOST_SHIKIRI, HOST_XEN, HOST_UNKNOWN };

static const char *host_name(enum bench_host h)
{
	switch (h) {
	case HOST_BARE:
		return "bare";
	case HOST_SHIKIRI:
		return "shikiri";
	case HOST_XEN:
		return "xen";
	case HOST_UNKNOWN:
	default:
		return "unknown";
	}
}

/* Round-trip loops (loops.S). */
void bench_loop_shikiri_hvc(uint64_t n, uint64_t function_id);
void bench_loop_shikiri_nop(uint64_t n, uint64_t function_id);
void bench_loop_smc(uint64_t n, uint64_t function_id);
void bench_loop_hvc_arg(uint64_t n, uint64_t function_id, uint64_t arg);
void bench_loop_hvc_arg_nop(uint64_t n, uint64_t function_id, uint64_t arg);
void bench_loop_xen_hvc(uint64_t n);
void bench_loop_xen_nop(uint64_t n);
void bench_loop_read32(uint64_t n, uint64_t addr);
void bench_loop_read32_nop(uint64_t n, uint64_t addr);

static int64_t samples[LATENCY_SAMPLES];
static uint32_t compute_buf[COMPUTE_WORDS];
static struct guest_fine_clock clock;

static enum bench_host host_from_dtb(uint64_t dtb)
{
	if (guest_bootargs_has(dtb, "bench=bare"))
		return HOST_BARE;
	if (guest_bootargs_has(dtb, "bench=shikiri"))
		return HOST_SHIKIRI;
	if (guest_bootargs_has(dtb, "bench=xen"))
		return HOST_XEN;
	return HOST_UNKNOWN;
}

static void report_samples(const char *name, int64_t *v, uint32_t n,
			   uint32_t early)
{
	guest_sort_i64(v, n);
	guest_printf("bench: %s n=%u min=%ld median=%ld p99=%ld max=%ld early=%u\n",
		     name, n, v[0], v[n / 2], v[(n * 99u) / 100u], v[n - 1], early);
}

/* Deadline to IRQ entry, from the stamp the IRQ vector took. Signed: the
 * stamp is exact to a spin turn but for a constant, so bare metal may come
 * out a few nanoseconds early; compare setups, not absolute values. */
static int64_t latency_ps(uint64_t deadline)
{
	uint64_t entry = guest_fine_time_ps(&clock, guest_irq_stamp.tick,
					    guest_irq_stamp.turns);

	return (int64_t)(entry - deadline * clock.tick_ps);
}

static uint64_t deadline_after(uint32_t i)
{
	return guest_counter() + DEADLINE_BASE_TICKS +
	       (i * DEADLINE_SPREAD_STEP) % DEADLINE_SPREAD_TICKS;
}

/*
 * A sample counts only if the interrupt came at or after its deadline: an
 * instance left over from the sample before (the timer's level output is
 * slow to drop on a noisy host) can arrive first. Such early arrivals are
 * measured again, at most this many times per sample, and reported.
 */
#define SAMPLE_TRIES 4u

static bool came_after(uint64_t deadline)
{
	return guest_irq_stamp.tick > deadline;
}

/* The timer fires while the guest runs (spins with IRQs open). */
static bool sample_running(uint32_t i, int64_t *out)
{
	uint32_t before = guest_irq_timer_count();
	uint64_t deadline = deadline_after(i);

	guest_timer_arm(deadline);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	while (guest_irq_timer_count() == before)
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	guest_timer_disarm();
	*out = latency_ps(deadline);
	return came_after(deadline);
}

/* The timer wakes the guest from WFI. */
static bool sample_wfi(uint32_t i, int64_t *out)
{
	uint64_t deadline = deadline_after(i);

	guest_sleep_until(deadline);
	*out = latency_ps(deadline);
	return came_after(deadline);
}

static void bench_timer(const char *name, bool (*sample)(uint32_t, int64_t *))
{
	uint32_t early = 0;

	for (uint32_t i = 0; i < LATENCY_SAMPLES; i++) {
		for (uint32_t t = 0; t < SAMPLE_TRIES && !sample(i, &samples[i]); t++)
			early++;
	}
	report_samples(name, samples, LATENCY_SAMPLES, early);
}

typedef void (*loop_fn)(uint64_t n, uint64_t arg);

/* Picoseconds one operation costs beyond the NOP in its twin loop. */
static uint64_t round_trip_ps(loop_fn measured, loop_fn twin, uint64_t arg)
{
	uint64_t t0 = guest_counter();
	uint64_t t1;
	uint64_t t2;

	measured(ROUND_TRIPS, arg);
	t1 = guest_counter();
	twin(ROUND_TRIPS, arg);
	t2 = guest_counter();
	if (t1 - t0 <= t2 - t1)
		return 0;
	return ((t1 - t0) - (t2 - t1)) * clock.tick_ps / ROUND_TRIPS;
}

static void xen_hvc(uint64_t n, uint64_t arg)
{
	(void)arg;
	bench_loop_xen_hvc(n);
}

static void xen_nop(uint64_t n, uint64_t arg)
{
	(void)arg;
	bench_loop_xen_nop(n);
}

static void bench_hypercall(enum bench_host host)
{
	switch (host) {
	case HOST_SHIKIRI:
		guest_printf("bench: hypercall call=abi-version ps=%lu\n",
			     round_trip_ps(bench_loop_shikiri_hvc,
					   bench_loop_shikiri_nop,
					   SK_HC_ABI_VERSION));
		/* A call the light exit path leaves to the full one (it reads
		 * the caller's vCPU): what the rest of the ABI costs. */
		guest_printf("bench: hypercall-full call=partition-id ps=%lu\n",
			     round_trip_ps(bench_loop_shikiri_hvc,
					   bench_loop_shikiri_nop,
					   SK_HC_PARTITION_ID));
		break;
	case HOST_XEN:
		guest_printf("bench: hypercall call=xen_version ps=%lu\n",
			     round_trip_ps(xen_hvc, xen_nop, 0));
		break;
	case HOST_BARE:
	case HOST_UNKNOWN:
	default:
		guest_puts("bench: hypercall none\n"); /* no EL2 to call */
		break;
	}
}

static void smccc_arch_features(uint64_t n, uint64_t arg)
{
	bench_loop_hvc_arg(n, SMCCC_ARCH_FEATURES, arg);
}

static void smccc_arch_features_nop(uint64_t n, uint64_t arg)
{
	bench_loop_hvc_arg_nop(n, SMCCC_ARCH_FEATURES, arg);
}

/*
 * The firmware calls a stock guest makes most: PSCI_VERSION through HVC
 * and through SMC, SMCCC_VERSION, and SMCCC_ARCH_FEATURES (asking for
 * ARCH_WORKAROUND_1, as Linux does at boot). Bare QEMU answers PSCI from
 * its own firmware model through HVC only (no EL2 or EL3 there: an SMC,
 * or an HVC for anything but PSCI, is UNDEFINED), so it has only the
 * first; shikiri and Xen trap all four.
 */
static void bench_firmware_calls(enum bench_host host)
{
	guest_printf("bench: psci-version-hvc ps=%lu\n",
		     round_trip_ps(bench_loop_shikiri_hvc,
				   bench_loop_shikiri_nop, PSCI_VERSION));
	if (host == HOST_BARE) {
		guest_puts("bench: psci-version-smc none\n");
		return;
	}
	guest_printf("bench: psci-version-smc ps=%lu\n",
		     round_trip_ps(bench_loop_smc, bench_loop_shikiri_nop,
				   PSCI_VERSION));
	guest_printf("bench: smccc-version ps=%lu\n",
		     round_trip_ps(bench_loop_shikiri_hvc,
				   bench_loop_shikiri_nop, SMCCC_VERSION));
	guest_printf("bench: smccc-arch-features ps=%lu\n",
		     round_trip_ps(smccc_arch_features, smccc_arch_features_nop,
				   SMCCC_ARCH_WORKAROUND_1));
}

static void bench_gicd_read(void)
{
	guest_printf("bench: gicd-read reg=GICD_TYPER ps=%lu\n",
		     round_trip_ps(bench_loop_read32, bench_loop_read32_nop,
				   GIC_GICD_BASE + GICD_TYPER));
}

static uint32_t compute_kernel(void)
{
	uint32_t x = COMPUTE_SEED;
	uint32_t idx = 0;
	uint32_t sum = 0;

	for (uint32_t i = 0; i < COMPUTE_WORDS; i++)
		compute_buf[i] = i * COMPUTE_MIX;
	for (uint32_t s = 0; s < COMPUTE_STEPS; s++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		idx = (x ^ compute_buf[idx]) & (COMPUTE_WORDS - 1u);
		compute_buf[idx] += x;
		sum += compute_buf[idx];
	}
	return sum;
}

static void bench_compute(void)
{
	uint64_t t0 = guest_counter();
	uint32_t sum = compute_kernel();
	uint64_t t1 = guest_counter();

	guest_printf("bench: compute words=%u steps=%u checksum=0x%08x ps=%lu\n",
		     COMPUTE_WORDS, COMPUTE_STEPS, sum, (t1 - t0) * clock.tick_ps);
}

int main(uint64_t dtb)
{
	enum bench_host host = host_from_dtb(dtb);
	uint32_t gic;

	switch (host) {
	case HOST_SHIKIRI:
		guest_console_select(GUEST_CONSOLE_SHIKIRI);
		break;
	case HOST_XEN:
		guest_console_select(GUEST_CONSOLE_XEN);
		break;
	case HOST_BARE:
	case HOST_UNKNOWN:
	default:
		guest_console_select(GUEST_CONSOLE_PL011);
		break;
	}
	guest_fine_clock_init(&clock);
	guest_printf("bench: start host=%s counter_hz=%lu tick_ps=%lu turn_ps=%lu\n",
		     host_name(host), guest_counter_freq(), clock.tick_ps,
		     clock.turn_ps);
	if (host == HOST_UNKNOWN) {
		guest_puts("bench: error: no bench=bare|shikiri|xen in /chosen/bootargs\n");
		guest_halt();
	}
	guest_printf("bench: boot ps=%lu\n", guest_boot_count * clock.tick_ps);
	gic = guest_irq_init();
	if (gic == 0u) {
		guest_puts("bench: error: no GIC answered\n");
		guest_halt();
	}
	guest_printf("bench: gic version=%u\n", gic);
	bench_timer("timer-running", sample_running);
	bench_timer("timer-wfi", sample_wfi);
	bench_hypercall(host);
	bench_firmware_calls(host);
	bench_gicd_read();
	bench_compute();
	guest_puts("bench: done\n");
	guest_halt();
}
