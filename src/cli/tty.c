/*
 * tty.c - nothing the archive holds can drive the terminal.
 *
 * Records made before vpd refused control characters (and files edited
 * by hand) may hold an escape sequence in a name or a note; `vpd case
 * show` would print it, and the terminal would act on it: recolour,
 * move the cursor, hide a line, retitle the window.  When standard
 * output is a terminal, it goes through this filter, which scrubs what
 * is printed the way error messages are scrubbed (vpd_scrub(): control
 * and escape characters, C1 controls, invalid UTF-8, line separators and
 * bidirectional overrides become '?'), keeping only tab and line feed.
 * A pipe or a file gets the bytes as they are (`vpd document get` writes
 * a PDF there); JSON output escapes controls anyway.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/error.h"

static int out_fd = -1;
/* the start of a UTF-8 character that the last write cut off: scrubbed
 * with the rest of it in the next write */
static char carry[4];
static size_t ncarry;

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

/* How many bytes at the end of buf[0..len) begin a character that is not
 * complete yet (0 when the last one is whole, or is no character). */
static size_t
cut_off(const unsigned char *buf, size_t len)
{
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		unsigned char c = buf[len - back];
		size_t need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 &&
		    c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;

		if ((c & 0xc0) == 0x80)
			continue;       /* a continuation byte: look further */
		return need > back ? back : 0;
	}
	return 0;
}

/* Scrubs buf[0..len) in place, line by line and between tabs, so that
 * vpd_scrub() keeps its length and only tab and line feed stay. */
static void
scrub_text(char *buf, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? buf[i] : '\0';

		if (i < len && c != '\n' && c != '\t' && c != '\0')
			continue;
		buf[i] = '\0';
		vpd_scrub(buf + start);
		if (i < len)
			buf[i] = c == '\0' ? '?' : c;
		start = i + 1;
	}
}

static ssize_t
guard_write(void *cookie, const char *data, size_t size)
{
	char *buf = malloc(ncarry + size + 1);
	size_t len = ncarry + size, keep;
	int rc;

	(void)cookie;
	if (buf == NULL)
		return -1;
	memcpy(buf, carry, ncarry);
	memcpy(buf + ncarry, data, size);
	keep = cut_off((const unsigned char *)buf, len);
	len -= keep;
	memcpy(carry, buf + len, keep);
	ncarry = keep;
	scrub_text(buf, len);
	rc = write_all(buf, len);
	free(buf);
	return rc < 0 ? -1 : (ssize_t)size;
}

void
cli_tty_guard(void)
{
	cookie_io_functions_t io = {.write = guard_write};
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
