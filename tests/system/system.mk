# System tests: pytest + pexpect boot packed images in QEMU
# (tests/system/README.md). Every QEMU run has a timeout.

PYTEST_ARGS ?=

.PHONY: system
system: build
	$(PYTHON) -m pytest -ra -p no:cacheprovider tests/system $(PYTEST_ARGS)
