/*
 * expr.h - the small expression language of workflow files.
 *
 * Guards, conditions, deadline anchors and timers are written as
 * expressions such as
 *
 *     input.tot >= input.van + 3 months
 *     "fysiek_geweld" in incident.categorieen and not case.recidive
 *
 * An expression is parsed once, when the workflow is loaded, into a tree
 * whose nodes keep their byte offset in the source text, so that a syntax
 * error or an unknown field is reported at its column.  Evaluation is pure:
 * it reads a JSON context object ({"input":…, "case":…, "incident":…,
 * "persoon":…, "now":…, "today":…}) and allocates nothing that outlives
 * the call.  docs/workflows.md describes the language for its readers.
 */
#ifndef VPD_WORKFLOW_EXPR_H
#define VPD_WORKFLOW_EXPR_H

#include <jansson.h>
#include <stdbool.h>

#include "../util/error.h"
#include "../util/time.h"

typedef struct vpd_expr vpd_expr;

typedef enum vpd_vkind {
	VPD_V_NULL,
	VPD_V_BOOL,
	VPD_V_INT,
	VPD_V_STR,
	VPD_V_DATE,
	VPD_V_TIME,
	VPD_V_DUR,
	VPD_V_LIST,
	VPD_V__MAX
} vpd_vkind;

/* A value; strings and lists are borrowed from the context or the tree. */
typedef struct vpd_value {
	vpd_vkind kind;
	bool b;
	long long i;
	const char *s;
	vpd_date date;
	vpd_time time;
	vpd_duration dur;
	const json_t *list;         /* a JSON array, or NULL for a literal */
	const vpd_expr *list_expr;  /* a list literal */
} vpd_value;

/*
 * Parses src.  On failure returns NULL and sets err with the column
 * (1-based, within src) in err->column.  The tree is freed with
 * vpd_expr_free().
 */
vpd_expr *vpd_expr_parse(const char *src, vpd_error *err);
void vpd_expr_free(vpd_expr *e);

/* The source text the tree was parsed from (borrowed). */
const char *vpd_expr_source(const vpd_expr *e);

/*
 * Calls cb for every field path in the expression ("input.tot",
 * "incident.categorieen") with its 0-based offset in the source.  Stops and
 * returns the first non-zero value cb returns.
 */
int vpd_expr_paths(const vpd_expr *e,
    int (*cb)(const char *path, int offset, void *ud), void *ud);

/* Evaluates e in ctx.  Type errors set err (code VPD_EINVALID). */
/* The path an expression is, when it is nothing but a path ("input.x");
 * else NULL. */
const char *vpd_expr_bare_path(const vpd_expr *e);

int vpd_expr_eval(const vpd_expr *e, const json_t *ctx, vpd_value *out,
    vpd_error *err);

/* Evaluates e and tells whether the result is true (null, 0, "" are not). */
int vpd_expr_test(const vpd_expr *e, const json_t *ctx, bool *out,
    vpd_error *err);

/*
 * Converts a value to an instant: an instant stays, a date becomes 00:00
 * in Amsterdam, a string in either form is parsed.  0 or -1.
 */
int vpd_value_instant(const vpd_value *v, vpd_time *out);

/*
 * Converts a value to JSON for storing in a case: dates and instants become
 * their string forms.  Returns a new reference (json_null() for null).
 * A literal list needs its context to be evaluated: use vpd_expr_json().
 */
json_t *vpd_value_to_json(const vpd_value *v);

/* Evaluates e in ctx straight to JSON (*out is a new reference). */
int vpd_expr_json(const vpd_expr *e, const json_t *ctx, json_t **out,
    vpd_error *err);

#endif
