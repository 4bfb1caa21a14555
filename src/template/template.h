/*
 * template.h - Mustache templates for letters.
 *
 * The engine implements the Mustache specification's modules for
 * interpolation, sections, inverted sections, comments, partials and set
 * delimiters (tests/test_template.c runs every test of those modules from
 * the official spec data).  Letters are not HTML: the renderer escapes
 * HTML only when asked to, which the conformance tests do and the PDF
 * letters do not.  Data is JSON (jansson).
 */
#ifndef VPD_TEMPLATE_H
#define VPD_TEMPLATE_H

#include <jansson.h>
#include <stdbool.h>

#include "../util/error.h"

typedef struct vpd_template vpd_template;

/*
 * Parses src.  `name` names the template in errors, which carry the line
 * and column of the offending tag (unclosed tag or section, a closing tag
 * that does not match, an empty name, bad delimiters).  Free with
 * vpd_template_free().
 */
int vpd_template_parse(vpd_template **out, const char *name, const char *src,
    vpd_error *err);
void vpd_template_free(vpd_template *t);

typedef struct vpd_render_opts {
	bool escape_html;        /* {{x}} escapes & < > " (not for letters) */
	bool escape_markdown;    /* {{x}} is text in CommonMark: punctuation
	                          * backslash-escaped, a line break kept as a
	                          * hard break (letters) */
	bool empty_is_false;     /* "" opens no {{#x}} section (web pages) */
	const json_t *partials;  /* object: partial name -> template text */
} vpd_render_opts;

/* Renders t with data; *out is NUL-terminated and owned by the caller. */
int vpd_template_render(const vpd_template *t, const json_t *data,
    const vpd_render_opts *opts, char **out, vpd_error *err);

/*
 * Calls cb for every name the template reads ({{x}}, sections, partials
 * as ">name"), with its line, column and depth (the number of sections
 * around it, where names may be relative to a section's item), so callers
 * can check them against the fields they know.  Stops at the first
 * non-zero return.
 */
int vpd_template_names(const vpd_template *t,
    int (*cb)(const char *name, int line, int column, int depth, void *ud),
    void *ud);

#endif
