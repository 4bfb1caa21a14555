/*
 * error.h - the error object every fallible vpd function fills in.
 *
 * A function that can fail returns 0 or a negative VPD_E* code and takes a
 * `vpd_error *err` as its last argument.  The error carries the code, an
 * optional source location (file, 1-based line and column) and a one-line
 * message.  Setting it never allocates, so it is safe on out-of-memory paths
 * and from concurrent request handlers (each has its own error object).
 */
#ifndef VPD_UTIL_ERROR_H
#define VPD_UTIL_ERROR_H

#include <stdbool.h>

typedef enum vpd_errcode {
	VPD_OK = 0,
	VPD_EINVALID = -1,  /* bad input: a file, a field, a value */
	VPD_EREFUSED = -2,  /* refused by the workflow: role, guard, state */
	VPD_ENOTFOUND = -3, /* a case, person, actor or file that does not exist */
	VPD_EUSAGE = -4,    /* wrong command-line words */
	VPD_EIO = -5,       /* archive or file-system failure */
	VPD_ECONFLICT = -6, /* another writer moved the branch: retry */
	VPD_ENOMEM = -7,
	VPD_E__MAX = -8
} vpd_errcode;

typedef struct vpd_error {
	int code;
	int line;   /* 1-based, 0 when there is no location */
	int column; /* 1-based, 0 when there is no location */
	char file[256];
	char msg[768];
	char nl[512];  /* the same for staff, in Dutch, when there is one */
} vpd_error;

/* Clears err (a no-op for NULL). */
void vpd_error_clear(vpd_error *err);

/*
 * Sets err and returns code, so callers can write `return vpd_error_set(...)`.
 * file may be NULL; line/column 0 mean "no location".
 */
int vpd_error_set(vpd_error *err, int code, const char *file, int line,
    int column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Replaces in place, with '?', whatever is not printable UTF-8: control
 * and escape characters (C0, DEL, C1), U+2028/U+2029, bidirectional
 * overrides and isolates, invalid or cut-off
 * sequences.  Every message goes through it; so does any text vpd puts
 * where a line break would mean something (a commit message). */
void vpd_scrub(char *s);

/* Cuts jansson's " near 'TOKEN'" off an error text: the token is a
 * piece of the file, which may be someone's name. */
void vpd_json_error_strip(char *text);

/* Whether vpd_scrub() would leave s as it is: printable UTF-8 only. */
bool vpd_text_printable(const char *s);
/* The same, but line breaks ('\n') are allowed: a free text, a note. */
bool vpd_text_printable_lines(const char *s);

/*
 * Sets the Dutch form of the message that vpd_error_set() just set, for
 * the people who use vpd in the browser (the web pages show it; the
 * command line keeps the English message).  A no-op for NULL.
 */
void vpd_error_set_nl(vpd_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prepends "prefix: " to the message, keeping code and location. */
void vpd_error_prefix(vpd_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The exit status the command line uses for an error code. */
int vpd_error_exit_status(int code);

#endif
