/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L

#include "config_load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file_io.h"
#include "lib/fdt.h"

#define DTC_DEFAULT     "dtc"
#define READ_CHUNK      65536u
/* A configuration DTB is a few KiB; anything near this is not one. */
#define DTB_SIZE_LIMIT  ((size_t)16u << 20)
#define EXIT_EXEC_FAILED 127

/* A DTB starts with the big-endian magic; a DTS is text. */
static bool is_dtb(const uint8_t *data, size_t size)
{
	return size >= sizeof(uint32_t) &&
	       fdt_read_cells(data, 1) == FDT_MAGIC;
}

/* Reads the child's stdout to EOF into a growing buffer. */
static int read_pipe(int fd, uint8_t **out, size_t *out_size)
{
	uint8_t *buf = NULL;
	size_t used = 0;

	while (used < DTB_SIZE_LIMIT) {
		uint8_t *grown = realloc(buf, used + READ_CHUNK);
		ssize_t n;

		if (grown == NULL) {
			free(buf);
			return ENOMEM;
		}
		buf = grown;
		n = read(fd, buf + used, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			free(buf);
			return err;
		}
		if (n == 0) {
			*out = buf;
			*out_size = used;
			return 0;
		}
		used += (size_t)n;
	}
	free(buf);
	return EFBIG;
}

static int wait_child(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR)
			return errno;
	}
	return 0;
}

static int run_dtc(const char *path, uint8_t **blob, size_t *size,
		   struct diag *d)
{
	const char *env = getenv("DTC");
	const char *dtc = env != NULL && env[0] != '\0' ? env : DTC_DEFAULT;
	struct sk_config_reporter rep = diag_reporter(d);
	int fds[2];
	int status = 0;
	int err;
	pid_t pid;

	if (pipe(fds) != 0) {
		config_report(&rep, NULL, 0, "cannot run %s: %s", dtc,
			      strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		config_report(&rep, NULL, 0, "cannot run %s: %s", dtc,
			      strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp(dtc, dtc, "-q", "-I", "dts", "-O", "dtb", path,
		       (char *)NULL);
		_exit(EXIT_EXEC_FAILED);
	}
	close(fds[1]);
	err = read_pipe(fds[0], blob, size);
	close(fds[0]);
	if (wait_child(pid, &status) != 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		if (err == 0)
			free(*blob);
		if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_EXEC_FAILED)
			config_report(&rep, NULL, 0,
				      "cannot run %s (set DTC to the device-tree compiler)",
				      dtc);
		else
			config_report(&rep, NULL, 0,
				      "%s could not compile the configuration",
				      dtc);
		return -1;
	}
	if (err != 0) {
		config_report(&rep, NULL, 0, "reading %s output: %s", dtc,
			      strerror(err));
		return -1;
	}
	return 0;
}

int config_load_dtb(const char *path, uint8_t **blob, size_t *size,
		    struct diag *d)
{
	uint8_t *data = NULL;
	size_t len = 0;
	int err = file_read_all(path, &data, &len);

	if (err != 0) {
		struct sk_config_reporter rep = diag_reporter(d);

		config_report(&rep, NULL, 0, "cannot read: %s", strerror(err));
		return -1;
	}
	if (is_dtb(data, len)) {
		*blob = data;
		*size = len;
		return 0;
	}
	free(data);
	return run_dtc(path, blob, size, d);
}
