/*
 * serve_exec.c - `vpd serve`, `vpd dossier` and `vpd mail` in the vpd
 * executable:
 * they hand over to vpd-serve.
 *
 * The web server needs libmicrohttpd, the court dossier qpdf and mail
 * libcurl; with them come GnuTLS, libstdc++ and more shared libraries, and loading
 * them cost every other command about 6 ms before it did anything.  So
 * vpd is built without them, and vpd-serve is the same command line with
 * them.  `vpd serve ARGS` (or `dossier`, `mail`) replaces itself (same
 * process, same arguments, same environment) with vpd-serve: the one in
 * $(PREFIX)/libexec/vpd when vpd is the installed $(PREFIX)/bin/vpd, else
 * the one next to it (as in build/).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VPD_LIBEXECDIR
#define VPD_LIBEXECDIR "/usr/local/libexec/vpd"
#endif
#ifndef VPD_BINDIR
#define VPD_BINDIR "/usr/local/bin"
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

static int
hand_over(cli *c, const char *what)
{
	char dir[PATH_MAX], path[PATH_MAX + sizeof("/" SERVE_NAME)];
	bool installed;
	int saved;

	if (self_dir(dir, sizeof(dir)) != 0) {
		fprintf(stderr, "vpd: %s: cannot tell where vpd is "
		    "(/proc/self/exe)\n", what);
		return 3;
	}
	/* the installed vpd uses the installed vpd-serve; any other (a
	 * checkout's build/) only the one beside it, never an older
	 * installed one on another archive's code */
	/* vpd-serve that is vpd itself (a link, a copy) would hand over to
	 * itself for ever */
	if (getenv("VPD_SERVE_HANDED_OVER")) {
		fprintf(stderr, "vpd: %s: %s/%s is not the web server "
		    "(is it a link to vpd?)\n", what, dir, SERVE_NAME);
		return 3;
	}
	setenv("VPD_SERVE_HANDED_OVER", "1", 1);
	installed = strcmp(dir, VPD_BINDIR) == 0;
	snprintf(path, sizeof(path), "%s/%s", installed ? VPD_LIBEXECDIR : dir,
	    SERVE_NAME);
	execv(path, c->argv);
	saved = errno;
	fprintf(stderr, "vpd: %s: cannot start %s: %s%s\n", what, path,
	    strerror(saved), installed ? "" : " (make builds it next to vpd)");
	return 3;
}

int
cmd_serve(cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return hand_over(c, "serve");
}

int
cmd_dossier(cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return hand_over(c, "dossier");
}

int
cmd_mail(cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return hand_over(c, "mail");
}
