/* SPDX-License-Identifier: MIT */
/*
 * libskchan (skchan.h). Everything goes through sysfs and /dev/uioN:
 *   /sys/bus/pci/devices/D/{vendor,device}     find the channel devices
 *   /sys/bus/pci/devices/D/resource0           its registers, mapped
 *   /sys/bus/pci/devices/D/resource2_wc        the shared memory, mapped
 *                                              write-combining (Normal
 *                                              non-cacheable: any access
 *                                              width works)
 *   /sys/bus/pci/drivers/uio_pci_generic/new_id  bind the stock driver
 *   /sys/bus/pci/devices/D/uio/uioN -> /dev/uioN  doorbell interrupts
 *   /sys/bus/pci/devices/D/config              INTx unmasking
 * uio_pci_generic masks INTx in its handler by setting the PCI command
 * register's Interrupt Disable bit, and has no irqcontrol: user space
 * clears the bit through the configuration space file
 * (Documentation/driver-api/uio-howto.rst, "Generic PCI UIO driver").
 */
#define _GNU_SOURCE

#include "skchan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shikiri/channel_pci.h"
#include "shikiri/hypercall.h"

#define PCI_DEVICES   "/sys/bus/pci/devices"
#define UIO_DRIVER    "/sys/bus/pci/drivers/uio_pci_generic"
#define PATH_LEN      256
/* uio_pci_generic binds asynchronously to new_id: poll for its uio node. */
#define BIND_POLLS    100
#define BIND_POLL_US  10000
/* The PCI command register's high byte; Interrupt Disable is its bit 2
 * (bit 10 of the register). */
#define PCI_COMMAND_HIGH   5
#define PCI_INTX_DISABLE_HIGH 0x04u

static char last_error[256];

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return -1;
}

const char *skchan_error(void)
{
	return last_error;
}

/* The hexadecimal number in a sysfs file, or -1. */
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

static int is_channel_device(const char *dev)
{
	return read_hex(dev, "vendor") == CHPCI_VENDOR_ID &&
	       read_hex(dev, "device") == CHPCI_DEVICE_ID;
}

static void *map_resource(const char *dev, const char *res, size_t size,
			  int *err)
{
	char path[PATH_LEN];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", PCI_DEVICES, dev, res);
	fd = open(path, O_RDWR | O_CLOEXEC | O_SYNC);
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*err = errno;
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static uint32_t reg_read(const struct skchan *ch, uint32_t off)
{
	return ch->regs[off / 4u];
}

static void reg_write(const struct skchan *ch, uint32_t off, uint32_t v)
{
	ch->regs[off / 4u] = v;
}

/* Fills the identity of a mapped device from its registers. */
static int describe(struct skchan *ch)
{
	if (reg_read(ch, CHPCI_MAGIC) != CHPCI_MAGIC_VALUE)
		return fail("%s: no shikiri channel registers in BAR0", ch->pci);
	for (uint32_t i = 0; i < SKCHAN_NAME_MAX; i += 4u) {
		uint32_t w = reg_read(ch, CHPCI_NAME + i);

		memcpy(ch->name + i, &w, 4);
	}
	ch->name[SKCHAN_NAME_MAX - 1u] = '\0';
	ch->id = reg_read(ch, CHPCI_CHANNEL_ID);
	ch->own_id = reg_read(ch, CHPCI_OWN_ID);
	ch->peer_id = reg_read(ch, CHPCI_PEER_ID);
	ch->rights = reg_read(ch, CHPCI_RIGHTS);
	ch->size = reg_read(ch, CHPCI_SIZE);
	return 0;
}

static int map_registers(struct skchan *ch)
{
	int err = 0;

	ch->regs = map_resource(ch->pci, "resource0", CHPCI_BAR0_SIZE, &err);
	if (ch->regs == NULL)
		return fail("%s: cannot map its registers (resource0): %s",
			    ch->pci, strerror(err));
	return describe(ch);
}

static void unmap(struct skchan *ch)
{
	if (ch->regs != NULL)
		munmap((void *)ch->regs, CHPCI_BAR0_SIZE);
	if (ch->mem != NULL)
		munmap(ch->mem, ch->size);
	if (ch->uio_fd >= 0)
		close(ch->uio_fd);
	if (ch->config_fd >= 0)
		close(ch->config_fd);
	ch->regs = NULL;
	ch->mem = NULL;
	ch->uio_fd = -1;
	ch->config_fd = -1;
}

int skchan_list(void (*fn)(const struct skchan *info, void *ctx), void *ctx)
{
	DIR *d = opendir(PCI_DEVICES);
	struct dirent *e;
	int count = 0;

	if (d == NULL)
		return fail("%s: %s (no PCI in this partition?)", PCI_DEVICES,
			    strerror(errno));
	while ((e = readdir(d)) != NULL) {
		struct skchan ch = { .uio_fd = -1, .config_fd = -1 };

		if (e->d_name[0] == '.' || !is_channel_device(e->d_name))
			continue;
		snprintf(ch.pci, sizeof(ch.pci), "%.31s", e->d_name);
		if (map_registers(&ch) == 0) {
			count++;
			if (fn != NULL)
				fn(&ch, ctx);
		}
		unmap(&ch);
	}
	closedir(d);
	return count;
}

/* /dev/uioN of the device, binding uio_pci_generic first if needed. */
static int open_uio(struct skchan *ch)
{
	char path[PATH_LEN], node[PATH_LEN];
	int fd;

	for (int i = 0; i < BIND_POLLS; i++) {
		DIR *d;

		snprintf(path, sizeof(path), "%s/%s/uio", PCI_DEVICES, ch->pci);
		d = opendir(path);
		if (d != NULL) {
			const struct dirent *e;

			while ((e = readdir(d)) != NULL) {
				if (strncmp(e->d_name, "uio", 3) != 0)
					continue;
				snprintf(node, sizeof(node), "/dev/%.200s", e->d_name);
				closedir(d);
				fd = open(node, O_RDWR | O_CLOEXEC);
				if (fd < 0)
					return fail("%s: %s", node, strerror(errno));
				return fd;
			}
			closedir(d);
		}
		if (i == 0) {
			/* Not bound: hand our ids to the stock driver. */
			snprintf(path, sizeof(path), "%s/new_id", UIO_DRIVER);
			fd = open(path, O_WRONLY | O_CLOEXEC);
			if (fd < 0)
				return fail("%s: %s (is uio_pci_generic loaded?)",
					    path, strerror(errno));
			snprintf(node, sizeof(node), "%04x %04x", CHPCI_VENDOR_ID,
				 CHPCI_DEVICE_ID);
			/* EEXIST: the ids are known; the driver binds anyway. */
			if (write(fd, node, strlen(node)) < 0 && errno != EEXIST) {
				int err = errno;

				close(fd);
				return fail("%s: %s", path, strerror(err));
			}
			close(fd);
		}
		usleep(BIND_POLL_US);
	}
	return fail("%s: uio_pci_generic did not bind (no %s/%s/uio)", ch->pci,
		    PCI_DEVICES, ch->pci);
}

/* Clears Interrupt Disable: INTx reaches the driver again. */
static int unmask_intx(struct skchan *ch)
{
	uint8_t high;

	if (pread(ch->config_fd, &high, 1, PCI_COMMAND_HIGH) != 1)
		return fail("%s: read command register: %s", ch->pci, strerror(errno));
	high &= (uint8_t)~PCI_INTX_DISABLE_HIGH;
	if (pwrite(ch->config_fd, &high, 1, PCI_COMMAND_HIGH) != 1)
		return fail("%s: write command register: %s", ch->pci, strerror(errno));
	return 0;
}

static int open_config(struct skchan *ch)
{
	char path[PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s/config", PCI_DEVICES, ch->pci);
	ch->config_fd = open(path, O_RDWR | O_CLOEXEC);
	if (ch->config_fd < 0)
		return fail("%s: %s", path, strerror(errno));
	return 0;
}

struct find_ctx {
	const char *name;
	char pci[32];
};

static void find_by_name(const struct skchan *info, void *ctx)
{
	struct find_ctx *f = ctx;

	if (strcmp(info->name, f->name) == 0)
		snprintf(f->pci, sizeof(f->pci), "%s", info->pci);
}

int skchan_open(struct skchan *ch, const char *name)
{
	struct find_ctx f = { .name = name, .pci = "" };
	int err = 0;

	memset(ch, 0, sizeof(*ch));
	ch->uio_fd = -1;
	ch->config_fd = -1;
	if (skchan_list(find_by_name, &f) < 0)
		return -1;
	if (f.pci[0] == '\0')
		return fail("no channel '%s' in this partition", name);
	snprintf(ch->pci, sizeof(ch->pci), "%s", f.pci);
	if (map_registers(ch) != 0)
		goto out;
	ch->mem = map_resource(ch->pci, "resource2_wc", ch->size, &err);
	if (ch->mem == NULL) {
		fail("%s: cannot map the shared memory (resource2_wc): %s",
		     ch->pci, strerror(err));
		goto out;
	}
	ch->uio_fd = open_uio(ch);
	if (ch->uio_fd < 0 || open_config(ch) != 0)
		goto out;
	/* Clean start: nothing pending, doorbell unmasked, INTx enabled. */
	reg_write(ch, CHPCI_INT_STATUS, CHPCI_INT_DOORBELL);
	reg_write(ch, CHPCI_INT_MASK, CHPCI_INT_DOORBELL);
	if (unmask_intx(ch) != 0)
		goto out;
	return 0;
out:
	unmap(ch);
	return -1;
}

void skchan_close(struct skchan *ch)
{
	unmap(ch);
}

int skchan_notify(struct skchan *ch)
{
	if ((ch->rights & SK_CHANNEL_NOTIFY) == 0u)
		return fail("channel '%s': no notify right (the attempt would be audited)",
			    ch->name);
	reg_write(ch, CHPCI_DOORBELL, 1u);
	return 0;
}

int skchan_wait(struct skchan *ch, int timeout_ms)
{
	struct pollfd p = { .fd = ch->uio_fd, .events = POLLIN };
	uint32_t count;
	int rc;

	rc = poll(&p, 1, timeout_ms);
	if (rc < 0)
		return errno == EINTR ? 0 : fail("poll: %s", strerror(errno));
	if (rc == 0)
		return 0;
	if (read(ch->uio_fd, &count, sizeof(count)) != sizeof(count))
		return fail("read %s event: %s", ch->pci, strerror(errno));
	ch->events = count;
	/* Clear, then unmask: a ring after the clear raises INTx again. */
	reg_write(ch, CHPCI_INT_STATUS, CHPCI_INT_DOORBELL);
	return unmask_intx(ch) != 0 ? -1 : 1;
}
