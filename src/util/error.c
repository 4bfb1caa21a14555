/*
 * error.c - filling in vpd_error without allocating.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
vpd_error_clear(vpd_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
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
