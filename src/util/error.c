/*
 * error.c - filling in vpd_error without allocating.
 */
#include "error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void
vpd_error_clear(vpd_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

/*
 * Messages reach terminals, logs and web pages, and often quote what a
 * user or a file gave.  Whatever is not printable UTF-8 there - a control
 * or escape character, an invalid byte, a character cut in half where
 * the message was cut off - becomes '?', so no message can move a cursor
 * or hide a line.  Line and paragraph separators (U+2028, U+2029) and the
 * bidirectional embeddings, overrides and isolates (which reorder what a
 * reader sees) too.
 */
void
vpd_scrub(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p) {
		unsigned c = *p, len, cp, min;

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				*p = '?';
			p++;
			continue;
		}
		len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
		    c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
		min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
		for (unsigned i = 1; len && i < len; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				len = 0;
				break;
			}
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (len == 0) {                 /* not a character */
			*p++ = '?';
			continue;
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <=
		    0xdfff) || cp < 0xa0 ||     /* C1 controls too */
		    cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) ||   /* bidi overrides, */
		    (cp >= 0x2066 && cp <= 0x2069))     /* which reorder text */
			memset(p, '?', len);
		p += len;
	}
}

static bool
printable(const char *s, bool lines)
{
	size_t n = strlen(s);
	char buf[512], *copy = n < sizeof(buf) ? buf : malloc(n + 1);
	bool same = true;

	if (copy == NULL)
		return false;
	memcpy(copy, s, n + 1);
	vpd_scrub(copy);
	for (size_t i = 0; i < n && same; i++)
		same = copy[i] == s[i] || (lines && s[i] == '\n');
	if (copy != buf)
		free(copy);
	return same;
}

void
vpd_json_error_strip(char *text)
{
	char *near = strstr(text, " near ");

	if (near)
		*near = '\0';
}

bool
vpd_text_printable(const char *s)
{
	return printable(s, false);
}

bool
vpd_text_printable_lines(const char *s)
{
	return printable(s, true);
}

int
vpd_error_set(vpd_error *err, int code, const char *file, int line, int column,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	vpd_scrub(err->file);
	vpd_scrub(err->msg);
	err->nl[0] = '\0';
	return code;
}

void
vpd_error_set_nl(vpd_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->nl, sizeof(err->nl), fmt, ap);
	va_end(ap);
	vpd_scrub(err->nl);
}

void
vpd_error_prefix(vpd_error *err, const char *fmt, ...)
{
	char prefix[256], old[sizeof(err->msg)];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	vpd_scrub(err->msg);
}

int
vpd_error_exit_status(int code)
{
	switch (code) {
	case VPD_OK:
		return 0;
	case VPD_EUSAGE:
		return 2;
	case VPD_EIO:
	case VPD_ECONFLICT:
	case VPD_ENOMEM:
		return 3;
	default:
		return 1;
	}
}
