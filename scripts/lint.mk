# Static analysis: cppcheck over all C, clang-tidy over the code that also
# builds for the host (tools, generic hypervisor code), cppcheck's MISRA C:2012
# addon over the hypervisor, the docs check; and the lint scripts' own tests.
# All must be quiet.

# The fuzz harnesses too: they decide what a fuzzer can find.
LINT_C_SRCS := $(shell find hypervisor tools guests bench -name '*.c') \
	$(wildcard tests/fuzz/*.c)
TIDY_SRCS := $(wildcard tools/*.c) $(wildcard hypervisor/lib/*.c) hypervisor/arch/arm64/nospec.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/core/package.c \
	hypervisor/core/guest_mem.c hypervisor/core/console.c \
	hypervisor/core/hypercall.c hypervisor/arch/arm64/pgtable.c \
	hypervisor/arch/arm64/esr_decode.c \
	$(wildcard guests/rtos/kernel/*.c)

.PHONY: lint cppcheck tidy misra layering docs-check lint-selftest
lint: layering cppcheck tidy misra docs-check lint-selftest

# Which folder may include which, and no include cycles among the
# hypervisor's headers (scripts/check-layering.py --table prints the rules;
# its own test: tests/lint/test_layering.py).
layering:
	@$(PYTHON) scripts/check-layering.py

cppcheck:
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
		--enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem --suppress=unusedFunction \
		--suppress=constParameterCallback \
		--std=c11 -Ihypervisor $(ARCH_INCLUDE) -Iinclude \
		-Iguests/tests/lib -Iguests/rtos -Iguests/rtos/include -DSK_HYPERVISOR=1 \
		-Itools -Itests/unit -Itests/fuzz \
	$(LINT_C_SRCS)

tidy:
	@out=$$(clang-tidy --quiet $(TIDY_SRCS) -- -std=c11 -Ihypervisor $(ARCH_INCLUDE) -Iinclude \
		-Itools -Iguests/rtos -Iguests/rtos/include -D_POSIX_C_SOURCE=200809L 2>&1); status=$$?; \
	echo "$$out" | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated' || true; \
	exit $$status

# MISRA C:2012 (docs/testing.md): the addon's findings over every hypervisor
# C file (and the headers they include), with the -I/-D of the hypervisor
# build, compared with scripts/misra-suppressions.txt by scripts/misra-check.py:
# a finding not listed, or a listed entry that no longer matches, fails.
# $(BUILD)/misra holds cppcheck's analysis of this run only: with the cache
# of an earlier run, the addon's cross-file rules (5.8) reported a finding
# at whichever file it met first, which differed from a fresh clone's run
# (CI), so an entry could pass here and be stale there.
MISRA_SRCS := $(sort $(shell find hypervisor -name '*.c'))
MISRA_SUPPRESSIONS := scripts/misra-suppressions.txt

misra:
	@$(PYTHON) scripts/misra-check.py --self-test
	@rm -rf $(BUILD)/misra && mkdir -p $(BUILD)/misra
	@cppcheck --quiet --addon=misra --addon-python=$(PYTHON) \
		--cppcheck-build-dir=$(BUILD)/misra \
		--std=c11 -Ihypervisor $(ARCH_INCLUDE) -Iinclude \
		-DSK_HYPERVISOR=1 --template='{file}:{line}:{id}' \
		--output-file=$(BUILD)/misra/findings.txt $(MISRA_SRCS)
	@$(PYTHON) scripts/misra-check.py $(MISRA_SUPPRESSIONS) $(BUILD)/misra/findings.txt

# Docs and comments against the tree (scripts/check-docs.py says what each
# check reads): file paths named in comments and docs exist, the hypercall
# ABI version has one definition the header comment, code and docs agree
# with, docs/hypercalls.md's tables match include/shikiri/hypercall.h, and
# measured figures live in docs/performance.md, tagged with their commit.
docs-check:
	@$(PYTHON) scripts/check-docs.py

# The lint scripts' own tests: each check fails on a tree broken on purpose
# (tests/lint/test_*.py, one file per check script).
lint-selftest:
	@$(PYTHON) -m pytest -q -p no:cacheprovider tests/lint
