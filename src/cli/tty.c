/*
 * tty.c - nothing the archive holds can drive the terminal.
 *
 * Records made before vpd refused control characters (and files edited
 * by hand) may hold an escape sequence in a name or a note; `vpd case
 * show` would print it, and the terminal would act on it: recolour,
 * move the cursor, hide a line, retitle the window.  When standard
 * output is a terminal, it goes through this filter: C0 controls other
 * than tab and line feed, DEL and the C1 controls (U+0080..U+009F, the
 * 8-bit CSI among them) become '?'.  A pipe or a file gets the bytes as
 * they are (`vpd document get` writes a PDF there); JSON output escapes
 * controls anyway.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int out_fd = -1;
static int pending_c2;          /* a 0xC2 ended the last write */

static int
write_all(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(out_fd, buf, len);

		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static ssize_t
guard_write(void *cookie, const char *buf, size_t size)
{
	char out[4096];
	size_t o = 0;

	(void)cookie;
	for (size_t i = 0; i < size; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (o + 2 > sizeof(out)) {
			if (write_all(out, o) < 0)
				return -1;
			o = 0;
		}
		if (pending_c2) {
			pending_c2 = 0;
			if (c >= 0x80 && c <= 0x9f) {   /* a C1 control */
				out[o++] = '?';
				continue;
			}
			out[o++] = (char)0xc2;
		}
		if (c == 0xc2) {
			pending_c2 = 1;
			continue;
		}
		out[o++] = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ?
		    '?' : (char)c;
	}
	if (o > 0 && write_all(out, o) < 0)
		return -1;
	return (ssize_t)size;
}

static int
guard_close(void *cookie)
{
	(void)cookie;
	if (pending_c2) {
		pending_c2 = 0;
		(void)write_all("\xc2", 1);
	}
	return 0;
}

void
cli_tty_guard(void)
{
	cookie_io_functions_t io = {.write = guard_write, .close =
	    guard_close};
	FILE *f;

	/* close-on-exec: the background gc must not hold the terminal */
	if (!isatty(STDOUT_FILENO) ||
	    (out_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
		return;
	if ((f = fopencookie(NULL, "w", io)) == NULL) {
		close(out_fd);
		return;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	stdout = f;
}
