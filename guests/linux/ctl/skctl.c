/* SPDX-License-Identifier: MIT */
/*
 * libshikiri-ctl (skctl.h). Through sysfs only:
 *   /sys/bus/pci/devices/D/{vendor,device}        find the function
 *   /sys/bus/pci/drivers/uio_pci_generic/new_id   bind the stock driver
 *   /sys/bus/pci/devices/D/resource0              its registers, mapped
 *   /sys/bus/pci/devices/D/config                 flocked around a command
 * The registers are device memory: 32-bit volatile accesses only, as the
 * function requires (anything else is an external abort, SIGBUS).
 */
#define _GNU_SOURCE

#include "skctl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <unistd.h>

#define PCI_DEVICES "/sys/bus/pci/devices"
#define UIO_DRIVER  "/sys/bus/pci/drivers/uio_pci_generic"
#define PATH_LEN    256
#define BIND_POLLS  100
#define BIND_POLL_US 10000

static char last_error[512];

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

const char *skctl_error(void)
{
	return last_error;
}

static long read_hex(const char *dev, const char *file)
{
	char path[PATH_LEN], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", PCI_DEVICES, dev, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 16);
}

static int find_function(struct skctl *c)
{
	DIR *d = opendir(PCI_DEVICES);
	const struct dirent *e;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    read_hex(e->d_name, "vendor") != MGPCI_VENDOR_ID ||
		    read_hex(e->d_name, "device") != MGPCI_DEVICE_ID)
			continue;
		snprintf(c->pci, sizeof(c->pci), "%.31s", e->d_name);
		closedir(d);
		return 0;
	}
	closedir(d);
	return -1;
}

/* Hands the function to uio_pci_generic if nothing drives it yet (init
 * does this at boot; here for a system whose init does not). */
static void bind_uio(const struct skctl *c)
{
	char path[PATH_LEN], ids[16];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/driver", PCI_DEVICES, c->pci);
	if (access(path, F_OK) == 0)
		return;
	fd = open(UIO_DRIVER "/new_id", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return; /* the registers work without it */
	snprintf(ids, sizeof(ids), "%04x %04x", MGPCI_VENDOR_ID, MGPCI_DEVICE_ID);
	if (write(fd, ids, strlen(ids)) < 0 && errno != EEXIST) {
		close(fd);
		return;
	}
	close(fd);
	for (int i = 0; i < BIND_POLLS && access(path, F_OK) != 0; i++)
		usleep(BIND_POLL_US);
}

static uint32_t reg(const struct skctl *c, uint32_t off)
{
	return c->regs[off / 4u];
}

static void reg_set(const struct skctl *c, uint32_t off, uint32_t v)
{
	c->regs[off / 4u] = v;
}

int skctl_open(struct skctl *c)
{
	char path[PATH_LEN];
	void *p;
	int fd;

	memset(c, 0, sizeof(*c));
	c->lock_fd = -1;
	if (find_function(c) != 0)
		return fail(SKCTL_E_NOT_MANAGER,
			    "this partition is not a manager: it has no shikiri management device (PCI %04x:%04x);\n"
			    "shikiri-ctl: only a partition marked `manager;` in the system configuration has one (docs/management.md)",
			    MGPCI_VENDOR_ID, MGPCI_DEVICE_ID);
	bind_uio(c);
	snprintf(path, sizeof(path), "%s/%s/resource0", PCI_DEVICES, c->pci);
	fd = open(path, O_RDWR | O_CLOEXEC | O_SYNC);
	if (fd < 0)
		return fail(SKCTL_E_SYSTEM, "%s: %s", path, strerror(errno));
	p = mmap(NULL, MGPCI_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return fail(SKCTL_E_SYSTEM, "%s: mmap: %s", path, strerror(errno));
	c->regs = p;
	snprintf(path, sizeof(path), "%s/%s/config", PCI_DEVICES, c->pci);
	c->lock_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->lock_fd < 0) {
		int err = errno;

		skctl_close(c);
		return fail(SKCTL_E_SYSTEM, "%s: %s", path, strerror(err));
	}
	if (reg(c, MGPCI_MAGIC) != MGPCI_MAGIC_VALUE ||
	    reg(c, MGPCI_VERSION) != MGPCI_VERSION_1) {
		skctl_close(c);
		return fail(SKCTL_E_SYSTEM, "%s: not a version %u shikiri management function",
			    c->pci, MGPCI_VERSION_1);
	}
	c->self = reg(c, MGPCI_SELF);
	c->partitions = reg(c, MGPCI_PARTITIONS);
	c->cpus = reg(c, MGPCI_CPUS);
	return 0;
}

void skctl_close(struct skctl *c)
{
	if (c->regs != NULL)
		munmap((void *)c->regs, MGPCI_BAR0_SIZE);
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	c->regs = NULL;
	c->lock_fd = -1;
}

static const char *status_text(int32_t s)
{
	switch (s) {
	case MGPCI_E_UNKNOWN_COMMAND: return "unknown command";
	case MGPCI_E_NO_SUCH: return "no such partition or CPU";
	case MGPCI_E_DENIED: return "denied";
	case MGPCI_E_STOPPED: return "stopped already";
	default: return "failed";
	}
}

/* Runs cmd; copies at most size bytes of its result into out. */
static int command(struct skctl *c, uint32_t cmd, uint32_t a0, uint32_t a1,
		   void *out, size_t size)
{
	uint32_t len;
	int32_t status;

	if (flock(c->lock_fd, LOCK_EX) != 0)
		return fail(SKCTL_E_SYSTEM, "flock: %s", strerror(errno));
	reg_set(c, MGPCI_ARG0, a0);
	reg_set(c, MGPCI_ARG1, a1);
	reg_set(c, MGPCI_COMMAND, cmd);
	status = (int32_t)reg(c, MGPCI_STATUS);
	len = reg(c, MGPCI_LENGTH);
	if (status == MGPCI_OK && out != NULL) {
		memset(out, 0, size);
		if (len > size)
			len = (uint32_t)size;
		for (uint32_t i = 0; i + 4u <= len; i += 4u) {
			uint32_t w = reg(c, MGPCI_DATA + i);

			memcpy((char *)out + i, &w, 4);
		}
	}
	(void)flock(c->lock_fd, LOCK_UN);
	if (status != MGPCI_OK)
		return fail(status, "command %u (argument %u): %s", cmd, a0,
			    status_text(status));
	return 0;
}

int skctl_partition(struct skctl *c, uint32_t id, struct sk_mgmt_partition *out)
{
	return command(c, MGPCI_CMD_PARTITION_INFO, id, 0, out, sizeof(*out));
}

int skctl_find(struct skctl *c, const char *name, struct sk_mgmt_partition *out)
{
	char names[256] = "";
	size_t at = 0;

	for (uint32_t id = 0; id < c->partitions; id++) {
		int rc = skctl_partition(c, id, out);

		if (rc != 0)
			return rc;
		if (strncmp(out->name, name, sizeof(out->name)) == 0)
			return 0;
		if (at < sizeof(names))
			at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s",
					       id == 0 ? "" : ", ", out->name);
	}
	return fail(SKCTL_E_UNKNOWN_NAME, "no partition named '%s' (there are: %s)",
		    name, names);
}

int skctl_stats(struct skctl *c, uint32_t id, struct sk_partition_stats *out)
{
	return command(c, MGPCI_CMD_PARTITION_STATS, id, 0, out, sizeof(*out));
}

int skctl_sched(struct skctl *c, uint32_t cpu, struct sk_sched_stats *out)
{
	int rc = command(c, MGPCI_CMD_SCHED_STATS, cpu, 0, out, sizeof(*out));

	if (rc == MGPCI_E_NO_SUCH)
		return fail(rc, "no CPU %u: the partitions run on CPUs 0-%u", cpu,
			    c->cpus - 1u);
	return rc;
}

int skctl_stop(struct skctl *c, uint32_t id)
{
	return command(c, MGPCI_CMD_STOP, id, 0, NULL, 0);
}

int skctl_restart(struct skctl *c, uint32_t id)
{
	return command(c, MGPCI_CMD_RESTART, id, 0, NULL, 0);
}

int skctl_audit(struct skctl *c, uint64_t first, struct sk_mgmt_audit *out)
{
	return command(c, MGPCI_CMD_AUDIT_READ, (uint32_t)first,
		       (uint32_t)(first >> 32), out, sizeof(*out));
}

int skctl_faults(struct skctl *c, uint32_t id, struct sk_mgmt_faults *out)
{
	return command(c, MGPCI_CMD_FAULTS, id, 0, out, sizeof(*out));
}
