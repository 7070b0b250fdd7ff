"""The lifecycle matrix (issue 16 item 3): one table of how a hostile vCPU
or partition stops x where it runs x what it leaves behind, and everything
generated from it: the system configurations (one per placement and
configuration variant, written by the build: `python3 lifecycle_matrix.py
dts NAME`), the cells, and the pairwise subset `make check` runs.
tests/system/test_lifecycle_matrix.py runs the cells; docs/testing.md
("Lifecycle matrix") explains them.

Run as a script:
    lifecycle_matrix.py configs        the configuration names, one a line
    lifecycle_matrix.py dts NAME       configuration NAME as device tree source
    lifecycle_matrix.py cells [full]   the cells (pairwise subset by default)
"""
import itertools
import sys
from collections import namedtuple

# ---- the table ---------------------------------------------------------

# How the hostile vCPU or partition stops. variant: the configuration it
# needs (the hostile's fault policy, or "pair": two vCPUs, vCPU 1 on the
# CPU under test); keys: what the hostile guest is sent (after the
# leftover's key); manager: the key the manager 'boss' is sent, or None;
# said: what the hypervisor must print (None: CPU_OFF of a secondary
# prints nothing); then: "stopped" (the manager restarts it to probe),
# "restarted" (it probes itself at boot), "probed" (vCPU 0 probed vCPU 1),
# "halted" (the whole system: halt-system stops everything by design,
# so only a clean halt is checked).
Way = namedtuple("Way", "variant key manager said then")
HOSTILE = r"\[shikiri\] partition 'hostile'"
WAYS = {
    "cpu-off": Way("pair", "c", None, None, "probed"),
    "system-off-stop": Way(
        "stop", "o", None, HOSTILE + r" stopped \(guest called PSCI SYSTEM_OFF\)",
        "stopped"),
    "system-off-restart": Way(
        "restart", "o", None,
        HOSTILE + r" restarting \(guest called PSCI SYSTEM_OFF\)", "restarted"),
    "system-off-halt": Way(
        "halt-system", "o", None,
        HOSTILE + r": guest called PSCI SYSTEM_OFF; its fault policy halts the "
        r"system", "halted"),
    "system-reset": Way(
        "stop", "b", None,
        HOSTILE + r" restarting \(guest called PSCI SYSTEM_RESET\)", "restarted"),
    "manager-stop": Way(
        "stop", "p", "S", HOSTILE + r" stopped \(stopped by the manager\)",
        "stopped"),
    "manager-restart": Way(
        "stop", "p", "R", HOSTILE + r" restarting \(restarted by the manager\)",
        "restarted"),
    "watchdog": Way(
        "stop", "h", None, HOSTILE + r" stopped \(watchdog expired\)", "stopped"),
    "abort-loop": Way(
        "stop", "a", None,
        HOSTILE + r" stopped \(guest wedged in an abort loop\)", "stopped"),
}

# Where the hostile runs (CPU T, the one under test); the victim is
# partition 0 on CPU 0. victim, hostile: their scheduling properties.
# gics: the GIC versions the placement runs on. never_starved: nothing the hostile does may ever make the
# victim stall; a best-effort victim beside a real-time hostile is starved
# while the hostile spins (by design), so only its beats after the stop
# count.
Placement = namedtuple("Placement", "target victim hostile gics never_starved")
REALTIME = 'scheduling = "realtime"; priority = <10>;'
PLACEMENTS = {
    "dedicated": Placement(1, "", "", (3, 2), True),
    "shared-best-effort": Placement(0, REALTIME, "", (3, 2), True),
    "shared-realtime": Placement(0, "", REALTIME, (3, 2), False),
}

# What the hostile leaves behind at the moment it stops: the key it is
# sent (guests/tests/lifecycle.c, role=matrix).
LEFTOVERS = {
    "timer-due": "T",
    "timer-masked": "M",
    "device-irq": "D",
    "sgi-pending": "G",
    "dirty-el1": "E",
}

# Cells that cannot exist: the PL031's interrupt is taken on the CPU of
# the partition's vCPU 0, and CPU_OFF of vCPU 1 neither stops the
# partition nor releases its device.
EXCLUDED = {("cpu-off", "device-irq")}

WATCHDOG_MS = 400

Cell = namedtuple("Cell", "way placement leftover gic")


def valid(way, placement, leftover, gic):
    return (way, leftover) not in EXCLUDED and gic in PLACEMENTS[placement].gics


def candidates():
    """Every cell, in table order (GICv3 first)."""
    return [Cell(w, p, l, g) for g, w, p, l in
            itertools.product((3, 2), WAYS, PLACEMENTS, LEFTOVERS)
            if valid(w, p, l, g)]


def full_product():
    """Every cell, on every GIC its placement runs on."""
    return candidates()


def pairs(c):
    """The pairs of dimension values cell c covers."""
    return set(itertools.combinations(enumerate(c), 2))


def pairwise():
    """A covering subset: every pair of values of two dimensions (way,
    placement, leftover, GIC) that some cell has is in at least one
    chosen cell. Greedy and deterministic: the cell covering the most
    pairs not yet covered, the earliest in table order on a tie."""
    cells = candidates()
    uncovered = set().union(*(pairs(c) for c in cells))
    chosen = []
    while uncovered:
        best = max(cells, key=lambda c: len(pairs(c) & uncovered))
        chosen.append(best)
        uncovered -= pairs(best)
    return chosen


def select(mode):
    """mode "pairwise" (make check) or "full" (make soak)."""
    if mode == "full":
        return full_product()
    if mode == "pairwise":
        return pairwise()
    raise ValueError(f"matrix mode {mode!r}: pairwise or full")


def cell_id(c):
    return f"{c.way}-{c.placement}-{c.leftover}-gicv{c.gic}"


# ---- the configurations -------------------------------------------------

def config_name(placement, variant):
    return f"matrix-{placement}-{variant}"


def configs():
    """{name: (placement, variant)} for every configuration a cell uses."""
    return {config_name(p, WAYS[w].variant): (p, WAYS[w].variant)
            for w in WAYS for p in PLACEMENTS}


def cell_config(c):
    return config_name(c.placement, WAYS[c.way].variant)


# Victim (partition 0) on CPU 0, the hostile (1) with vCPU 0 on CPU T, or
# for "pair" vCPU 0 on CPU HOME and vCPU 1 on T; the manager 'boss' (2) on
# its own CPU. Each 16 MiB of RAM; the hostile owns the PL031 RTC.
BOSS_CPU = 2
HOME_CPU = 3
PARTITION = """\
		{name} {{
			cpus = <{cpus}>;
			{extra}
			console = "hypercall";
			memory {{
				ram {{
					phys = <0x0 {phys:#x}>;
					guest = <0x0 0x40000000>;
					size = <0x0 0x01000000>;
				}};
			}};
{devices}			images {{
				kernel {{
					file = "{kernel}";
					load = <0x0 0x40000000>;
				}};
				dtb {{
					file = "{dtb}";
					load = <0x0 0x40f00000>;
				}};
			}};
		}};
"""
RTC = """\
			devices {
				rtc {
					phys = <0x0 0x09010000>;
					guest = <0x0 0x09010000>;
					size = <0x0 0x1000>;
					interrupts = <34>;
					dma = "none";
				};
			};
"""


def config_dts(name):
    placement, variant = configs()[name]
    pl = PLACEMENTS[placement]
    policy = "stop" if variant == "pair" else variant
    hostile_cpus = (f"{HOME_CPU} {pl.target}" if variant == "pair"
                    else f"{pl.target}")
    parts = [
        PARTITION.format(name="victim", cpus=0, phys=0x42000000, devices="",
                         extra=pl.victim + ' fault-policy = "stop";',
                         kernel="lifecycle.bin", dtb="lifecycle-victim.dtb"),
        PARTITION.format(name="hostile", cpus=hostile_cpus, phys=0x43000000,
                         devices=RTC, kernel="lifecycle.bin",
                         dtb="lifecycle-matrix.dtb",
                         extra=f'{pl.hostile} fault-policy = "{policy}"; '
                               f"watchdog-ms = <{WATCHDOG_MS}>;"),
        PARTITION.format(name="boss", cpus=BOSS_CPU, phys=0x44000000,
                         devices="", extra="manager;", kernel="control.bin",
                         dtb="guest.dtb"),
    ]
    return f"""\
/*
 * Generated by tests/system/lifecycle_matrix.py ({name}): a lifecycle
 * matrix configuration, placement {placement}, variant {variant}.
 * Physical memory: shikiri, victim, hostile, boss at 0x40000000,
 * 0x42000000, 0x43000000, 0x44000000 (16 MiB each).
 */
/dts-v1/;

/ {{
	compatible = "shikiri,system-v1";

	platform {{
		cpus = <{smp(name)}>;
		memory = <0x0 0x40000000 0x0 0x40000000>;
	}};

	hypervisor {{
		memory = <0x0 0x40000000 0x0 0x01000000>;
	}};

	partitions {{
{"".join(parts)}	}};
}};
"""


def smp(name):
    """CPUs the board of configuration name needs."""
    _, variant = configs()[name]
    return HOME_CPU + 1 if variant == "pair" else BOSS_CPU + 1


def main(argv):
    if argv[:1] == ["configs"]:
        print("\n".join(sorted(configs())))
    elif argv[:1] == ["dts"] and len(argv) == 2:
        sys.stdout.write(config_dts(argv[1]))
    elif argv[:1] == ["cells"]:
        for c in select(argv[1] if len(argv) > 1 else "pairwise"):
            print(cell_id(c))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
