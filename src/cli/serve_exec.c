/*
 * serve_exec.c - `vpd serve` in the vpd executable: hands over to
 * vpd-serve.
 *
 * The web server needs libmicrohttpd, and with it GnuTLS and nine more
 * shared libraries; loading them cost every other command about 6 ms
 * before it did anything.  So vpd is built without the web server, and
 * vpd-serve is the same command line with it.  `vpd serve ARGS` replaces
 * itself (same process, same arguments, same environment) with
 * vpd-serve, found next to the vpd executable (as in build/) or in
 * $(PREFIX)/libexec/vpd (as installed).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef VPD_LIBEXECDIR
#define VPD_LIBEXECDIR "/usr/local/libexec/vpd"
#endif

#define SERVE_NAME "vpd-serve"

/* The directory of the running executable into buf; 0 or -1. */
static int
self_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= size - 1)
		return -1;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

int
cmd_serve(cli *c, int argc, char **argv)
{
	char path[PATH_MAX];
	int saved = ENOENT;

	(void)argc;
	(void)argv;
	if (self_dir(path, sizeof(path)) == 0 &&
	    strlen(path) + sizeof("/" SERVE_NAME) <= sizeof(path)) {
		strcat(path, "/" SERVE_NAME);
		execv(path, c->argv);
		saved = errno;
	}
	if (saved == ENOENT) {
		execv(VPD_LIBEXECDIR "/" SERVE_NAME, c->argv);
		saved = errno;
	}
	fprintf(stderr, "vpd: serve: cannot start %s (next to vpd or in %s): "
	    "%s\n", SERVE_NAME, VPD_LIBEXECDIR, strerror(saved));
	return 3;
}
