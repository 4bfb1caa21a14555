/*
 * parse.c - YAML workflow definition to a checked model.
 *
 * libyaml (only here) loads the file as a node graph with source marks; the
 * loader walks it, builds the model of internal.h and reports every problem
 * it finds as FILE:LINE:COL, not just the first, because `vpd workflow
 * check` is how the protocol's owners find their mistakes.  Checks that
 * need the whole model (reachability, dead ends, references between
 * sections) run after the walk.  A model with any diagnostic is freed and
 * never reaches the interpreter.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../record/record.h"
#include "../yaml/yaml.h"
#include "../util/file.h"

/* Remembered so that names are checked once the whole model is known. */
typedef struct {
	vpd_expr *x;
	yaml_node_t *n;
	const char *event;       /* scope: this event's inputs */
	const char *deadline;    /* or: the start events of this deadline */
	const char *met_event;   /* or: this met_by event */
} pending;

typedef struct {
	yaml_document_t doc;
	pending *pend;
	size_t npend;
	const char *file;
	vpd_diags *diags;
	vpd_error *err;
	int nerr;
	vpd_workflow *wf;
} parser;

#define WF_MAX_DIAGS 100

static void
diag(parser *p, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
diag(parser *p, int line, int col, const char *fmt, ...)
{
	char msg[sizeof(((vpd_error *)0)->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->nerr++ == 0)
		vpd_error_set(p->err, VPD_EINVALID, p->file, line, col, "%s",
		    msg);
	/* Bounded: a hostile 1 MB file could otherwise make a million. */
	if (p->diags && p->diags->n < WF_MAX_DIAGS) {
		vpd_error *grown = realloc(p->diags->items,
		    (p->diags->n + 1) * sizeof(*grown));

		if (grown) {
			p->diags->items = grown;
			if (p->diags->n == WF_MAX_DIAGS - 1)
				vpd_error_set(&grown[p->diags->n++],
				    VPD_EINVALID, p->file, line, col, "more "
				    "than %d errors; the rest are not shown",
				    WF_MAX_DIAGS - 1);
			else
				vpd_error_set(&grown[p->diags->n++],
				    VPD_EINVALID, p->file, line, col, "%s",
				    msg);
		}
	}
}

void
vpd_diags_free(vpd_diags *d)
{
	if (d == NULL)
		return;
	free(d->items);
	d->items = NULL;
	d->n = 0;
}

#define LINE(n) ((int)(n)->start_mark.line + 1)
#define COL(n) ((int)(n)->start_mark.column + 1)

static loc
at(const yaml_node_t *n)
{
	loc l = {LINE(n), COL(n)};

	return l;
}

static yaml_node_t *
node(parser *p, int id)
{
	return yaml_document_get_node(&p->doc, id);
}

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

static const char *
expect_scalar(parser *p, yaml_node_t *n, const char *what)
{
	const char *s = scalar(n);

	if (s == NULL || *s == '\0') {
		diag(p, LINE(n), COL(n), "%s must be a non-empty text", what);
		return NULL;
	}
	/* labels and titles reach commit messages, pages and letters: a
	 * line break in one could forge a "Case:" trailer */
	if (!vpd_text_printable(s)) {
		diag(p, LINE(n), COL(n), "%s must be printable text on one "
		    "line (no control characters)", what);
		return NULL;
	}
	return s;
}

static bool
expect_kind(parser *p, yaml_node_t *n, yaml_node_type_t kind,
    const char *what)
{
	static const char *names[] = {"", "a text", "a list", "a mapping"};

	if (n->type == kind)
		return true;
	diag(p, LINE(n), COL(n), "%s must be %s", what, names[kind]);
	return false;
}

static yaml_node_t *
get(parser *p, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *pair;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		const char *k = scalar(node(p, pair->key));

		if (k && strcmp(k, key) == 0)
			return node(p, pair->value);
	}
	return NULL;
}

/* Reports keys not in `allowed` and keys that appear twice. */
static void
check_keys(parser *p, yaml_node_t *map, const char *what,
    const char *const *allowed)
{
	yaml_node_pair_t *pair, *q;

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key);
		const char *k = scalar(kn);
		bool ok = false;

		if (k == NULL) {
			diag(p, LINE(kn), COL(kn), "%s: keys must be text",
			    what);
			continue;
		}
		for (q = map->data.mapping.pairs.start; q < pair; q++) {
			const char *k2 = scalar(node(p, q->key));

			if (k2 && strcmp(k, k2) == 0) {
				diag(p, LINE(kn), COL(kn),
				    "duplicate name '%s' in %s (first at "
				    "line %d)", k, what,
				    LINE(node(p, q->key)));
				break;
			}
		}
		if (allowed == NULL)
			continue;
		for (int i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], k) == 0)
				ok = true;
		if (!ok) {
			char list[512] = "";

			for (int i = 0; allowed[i]; i++) {
				strncat(list, i ? ", " : "",
				    sizeof(list) - strlen(list) - 1);
				strncat(list, allowed[i],
				    sizeof(list) - strlen(list) - 1);
			}
			diag(p, LINE(kn), COL(kn),
			    "unknown key '%s' in %s (expected one of: %s)", k,
			    what, list);
		}
	}
}

static char *
dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool
is_name(const char *s)
{
	if (s == NULL || !((*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return false;
	return true;
}

static bool
name_ok(parser *p, yaml_node_t *kn, const char *what)
{
	const char *s = scalar(kn);

	if (is_name(s))
		return true;
	diag(p, LINE(kn), COL(kn), "%s name '%s' must be lower case letters, "
	    "digits and '_'", what, s ? s : "");
	return false;
}

/* A workflow's name is also a file name: '-' is allowed ("den-bosch"). */
static bool
workflow_name_ok(parser *p, yaml_node_t *n)
{
	const char *s = scalar(n);
	char copy[128];

	snprintf(copy, sizeof(copy), "%s", s ? s : "");
	for (char *c = copy; *c; c++)
		if (*c == '-')
			*c = '_';
	if (s && strlen(s) < sizeof(copy) && is_name(copy) && s[0] != '-')
		return true;
	diag(p, LINE(n), COL(n), "workflow name '%s' must be lower case "
	    "letters, digits, '_' and '-'", s ? s : "");
	return false;
}

static bool
boolean(parser *p, yaml_node_t *n, const char *what)
{
	const char *s = scalar(n);

	if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0))
		return true;
	if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0))
		return false;
	diag(p, LINE(n), COL(n), "%s must be true or false", what);
	return false;
}

/* ------------------------------------------------------------------ */
/* Expressions and the names they may read                            */

typedef struct {
	parser *p;
	yaml_node_t *n;
	int base;             /* column of the expression's first byte */
	const wf_event *ev;   /* input.X refers to this event, or ... */
	const wf_ref *refs;   /* ... to the inputs of these start events */
	size_t nrefs;
} scope;

static bool case_field_known(const vpd_workflow *wf, const char *name);

static bool
event_has_input(const wf_event *ev, const char *name)
{
	for (size_t i = 0; ev && i < ev->ninputs; i++)
		if (strcmp(ev->inputs[i].name, name) == 0)
			return true;
	return false;
}

static int
check_path(const char *path, int offset, void *ud)
{
	scope *s = ud;
	const vpd_workflow *wf = s->p->wf;
	char root[64], field[128];
	const char *dot = strchr(path, '.'), *rest;
	int col = s->base + offset;

	snprintf(root, sizeof(root), "%.*s",
	    (int)(dot ? (size_t)(dot - path) : strlen(path)), path);
	rest = dot ? dot + 1 : NULL;
	if (rest) {
		const char *d2 = strchr(rest, '.');

		snprintf(field, sizeof(field), "%.*s",
		    (int)(d2 ? (size_t)(d2 - rest) : strlen(rest)), rest);
	}
	if (strcmp(root, "now") == 0 || strcmp(root, "today") == 0) {
		if (rest)
			diag(s->p, LINE(s->n), col, "'%s' has no fields",
			    root);
		return 0;
	}
	if (strcmp(root, "input") != 0 && strcmp(root, "case") != 0 &&
	    strcmp(root, "incident") != 0 && strcmp(root, "persoon") != 0) {
		diag(s->p, LINE(s->n), col, "unknown name '%s' (expected "
		    "input.…, case.…, incident.…, persoon.…, now or today)",
		    root);
		return 0;
	}
	if (rest == NULL) {
		diag(s->p, LINE(s->n), col, "'%s' needs a field, e.g. %s.naam",
		    root, root);
		return 0;
	}
	if (strcmp(root, "input") == 0) {
		bool ok = event_has_input(s->ev, field);

		for (size_t i = 0; !ok && i < s->nrefs; i++)
			ok = event_has_input(wf_find_event(wf,
			    s->refs[i].event), field);
		if (!ok)
			diag(s->p, LINE(s->n), col, "unknown field "
			    "'input.%s': %s has no input '%s'", field,
			    s->ev ? s->ev->name : "the starting event",
			    field);
	} else if (strcmp(root, "case") == 0) {
		if (!case_field_known(wf, field))
			diag(s->p, LINE(s->n), col, "unknown field 'case.%s' "
			    "(not an input of any event, a `set` name or a "
			    "case field)", field);
	} else if (strcmp(root, "incident") == 0) {
		if (!vpd_incident_has_field(field))
			diag(s->p, LINE(s->n), col, "unknown field "
			    "'incident.%s' (see docs/records.md)", field);
	} else if (!vpd_person_has_field(field)) {
		diag(s->p, LINE(s->n), col, "unknown field 'persoon.%s' "
		    "(see docs/records.md)", field);
	}
	return 0;
}

/* Parses an expression now; its names are checked by check_exprs(). */
static vpd_expr *
expression(parser *p, yaml_node_t *n, const char *what)
{
	const char *s = scalar(n);
	vpd_error e;
	vpd_expr *x;
	int quote;

	if (s == NULL || *s == '\0') {
		diag(p, LINE(n), COL(n), "%s must be an expression", what);
		return NULL;
	}
	quote = n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	vpd_error_clear(&e);
	x = vpd_expr_parse(s, &e);
	if (x == NULL)
		diag(p, LINE(n), COL(n) + quote + e.column - 1, "%s: %s", what,
		    e.msg);
	return x;
}

static void
remember(parser *p, vpd_expr *x, yaml_node_t *n, const char *event,
    const char *deadline, const char *met_event)
{
	pending *g;

	if (x == NULL)
		return;
	g = realloc(p->pend, (p->npend + 1) * sizeof(*g));
	if (g == NULL)
		return;
	p->pend = g;
	g[p->npend].x = x;
	g[p->npend].n = n;
	g[p->npend].event = event;
	g[p->npend].deadline = deadline;
	g[p->npend].met_event = met_event;
	p->npend++;
}

/* ------------------------------------------------------------------ */
/* Sections                                                           */

static unsigned
roles(parser *p, yaml_node_t *n, const char *what)
{
	unsigned bits = 0;
	yaml_node_item_t *it;

	if (n->type == YAML_SCALAR_NODE) {
		unsigned r = vpd_role_parse(scalar(n));

		if (r == 0)
			diag(p, LINE(n), COL(n), "unknown role '%s' in %s "
			    "(roles: medewerker, manager, coordinator, legal, "
			    "reception, police, system)", scalar(n), what);
		return r;
	}
	if (!expect_kind(p, n, YAML_SEQUENCE_NODE, what))
		return 0;
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++)
		bits |= roles(p, node(p, *it), what);
	return bits;
}

static void
parse_named(parser *p, yaml_node_t *sec, const char *what,
    wf_named **out, size_t *nout, bool is_dest)
{
	static const char *const letter_keys[] = {"title", "label", NULL};
	static const char *const dest_keys[] = {"label", "registered",
	    "addressee", NULL};
	yaml_node_pair_t *pair;

	if (!expect_kind(p, sec, YAML_MAPPING_NODE, what))
		return;
	check_keys(p, sec, what, NULL);
	*out = calloc((size_t)(sec->data.mapping.pairs.top -
	    sec->data.mapping.pairs.start) + 1, sizeof(**out));
	for (pair = sec->data.mapping.pairs.start;
	    pair < sec->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key), *vn = node(p, pair->value);
		wf_named *x = &(*out)[(*nout)++];
		yaml_node_t *l;

		name_ok(p, kn, what);
		x->name = dup(scalar(kn));
		x->at = at(kn);
		if (vn->type == YAML_SCALAR_NODE) {
			x->label = dup(scalar(vn));
			continue;
		}
		if (!expect_kind(p, vn, YAML_MAPPING_NODE, what))
			continue;
		check_keys(p, vn, what, is_dest ? dest_keys : letter_keys);
		if ((l = get(p, vn, is_dest ? "label" : "title")) ||
		    (l = get(p, vn, "label")))
			x->label = dup(expect_scalar(p, l, "label"));
		if (is_dest && (l = get(p, vn, "registered")))
			x->registered = boolean(p, l, "registered");
		if (is_dest && (l = get(p, vn, "addressee")))
			x->addressee = boolean(p, l, "addressee");
	}
}

static void
parse_states(parser *p, yaml_node_t *sec)
{
	static const char *const keys[] = {"label", "initial", "final", NULL};
	vpd_workflow *wf = p->wf;
	yaml_node_pair_t *pair;

	if (!expect_kind(p, sec, YAML_MAPPING_NODE, "states"))
		return;
	check_keys(p, sec, "states", NULL);
	wf->states = calloc((size_t)(sec->data.mapping.pairs.top -
	    sec->data.mapping.pairs.start) + 1, sizeof(*wf->states));
	for (pair = sec->data.mapping.pairs.start;
	    pair < sec->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key), *vn = node(p, pair->value);
		wf_state *st = &wf->states[wf->nstates++];
		yaml_node_t *v;

		name_ok(p, kn, "state");
		st->name = dup(scalar(kn));
		st->at = at(kn);
		if (vn->type == YAML_SCALAR_NODE && *scalar(vn) == '\0')
			continue;
		if (!expect_kind(p, vn, YAML_MAPPING_NODE, "a state"))
			continue;
		check_keys(p, vn, "a state", keys);
		if ((v = get(p, vn, "label")))
			st->label = dup(expect_scalar(p, v, "label"));
		if ((v = get(p, vn, "initial")))
			st->initial = boolean(p, v, "initial");
		if ((v = get(p, vn, "final")))
			st->final = boolean(p, v, "final");
	}
}

static const char *type_names[IN__MAX] = {"text", "enum", "date",
    "datetime", "integer", "boolean", "list"};

const char *
wf_input_type_name(input_type t)
{
	return t < IN__MAX ? type_names[t] : "?";
}

static void
parse_inputs(parser *p, wf_event *ev, yaml_node_t *sec)
{
	static const char *const keys[] = {"type", "values", "required",
	    "label", "intern", NULL};
	yaml_node_pair_t *pair;

	if (!expect_kind(p, sec, YAML_MAPPING_NODE, "inputs"))
		return;
	check_keys(p, sec, "inputs", NULL);
	ev->inputs = calloc((size_t)(sec->data.mapping.pairs.top -
	    sec->data.mapping.pairs.start) + 1, sizeof(*ev->inputs));
	for (pair = sec->data.mapping.pairs.start;
	    pair < sec->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key), *vn = node(p, pair->value);
		wf_input *in = &ev->inputs[ev->ninputs++];
		yaml_node_t *tn = vn, *v;
		const char *t;
		int k;

		name_ok(p, kn, "input");
		in->name = dup(scalar(kn));
		in->at = at(kn);
		if (vn->type == YAML_MAPPING_NODE) {
			check_keys(p, vn, "an input", keys);
			tn = get(p, vn, "type");
			if ((v = get(p, vn, "required")))
				in->required = boolean(p, v, "required");
			if ((v = get(p, vn, "intern")))
				in->internal = boolean(p, v, "intern");
			if ((v = get(p, vn, "label")))
				in->label = dup(expect_scalar(p, v, "label"));
			if ((v = get(p, vn, "values"))) {
				yaml_node_item_t *it;

				if (!expect_kind(p, v, YAML_SEQUENCE_NODE,
				    "values"))
					continue;
				in->values = calloc((size_t)(
				    v->data.sequence.items.top -
				    v->data.sequence.items.start) + 1,
				    sizeof(char *));
				for (it = v->data.sequence.items.start;
				    it < v->data.sequence.items.top; it++) {
					yaml_node_t *x = node(p, *it);

					for (size_t j = 0; j < in->nvalues; j++)
						if (scalar(x) && strcmp(
						    in->values[j],
						    scalar(x)) == 0)
							diag(p, LINE(x), COL(x),
							    "duplicate value "
							    "'%s'", scalar(x));
					if (expect_scalar(p, x, "a value"))
						in->values[in->nvalues++] =
						    dup(scalar(x));
				}
			}
		}
		if (tn == NULL) {
			diag(p, LINE(vn), COL(vn), "input '%s' needs a type",
			    in->name);
			continue;
		}
		t = scalar(tn);
		for (k = 0; k < IN__MAX; k++)
			if (t && strcmp(t, type_names[k]) == 0)
				break;
		if (k == IN__MAX) {
			diag(p, LINE(tn), COL(tn), "unknown type '%s' (types: "
			    "text, enum, date, datetime, integer, boolean, "
			    "list)", t ? t : "");
			continue;
		}
		in->type = (input_type)k;
		if (in->type == IN_ENUM && in->nvalues == 0)
			diag(p, LINE(tn), COL(tn), "enum input '%s' needs "
			    "values", in->name);
		if (in->type != IN_ENUM && in->nvalues > 0)
			diag(p, LINE(tn), COL(tn), "only an enum input has "
			    "values");
	}
}

static void
parse_guards(parser *p, wf_event *ev, yaml_node_t *sec)
{
	static const char *const keys[] = {"when", "require", "message",
	    "deviation", NULL};
	static const char *const dkeys[] = {"reason", "roles", NULL};
	yaml_node_item_t *it;

	if (!expect_kind(p, sec, YAML_SEQUENCE_NODE, "guards"))
		return;
	ev->guards = calloc((size_t)(sec->data.sequence.items.top -
	    sec->data.sequence.items.start) + 1, sizeof(*ev->guards));
	for (it = sec->data.sequence.items.start;
	    it < sec->data.sequence.items.top; it++) {
		yaml_node_t *g = node(p, *it), *v, *d;
		wf_guard *gd = &ev->guards[ev->nguards++];

		gd->at = at(g);
		if (!expect_kind(p, g, YAML_MAPPING_NODE, "a guard"))
			continue;
		check_keys(p, g, "a guard", keys);
		if ((v = get(p, g, "when"))) {
			gd->when = expression(p, v, "when");
			remember(p, gd->when, v, ev->name, NULL, NULL);
		}
		if ((v = get(p, g, "require"))) {
			gd->require = expression(p, v, "require");
			remember(p, gd->require, v, ev->name, NULL, NULL);
		} else {
			diag(p, LINE(g), COL(g), "a guard needs 'require'");
		}
		if ((v = get(p, g, "message")))
			gd->message = dup(expect_scalar(p, v, "message"));
		else
			diag(p, LINE(g), COL(g), "a guard needs a 'message' "
			    "that tells the user why it refuses");
		if ((d = get(p, g, "deviation"))) {
			if (!expect_kind(p, d, YAML_MAPPING_NODE, "deviation"))
				continue;
			check_keys(p, d, "deviation", dkeys);
			if ((v = get(p, d, "reason"))) {
				gd->deviation_input = dup(expect_scalar(p, v,
				    "reason"));
				if (gd->deviation_input &&
				    !event_has_input(ev, gd->deviation_input))
					diag(p, LINE(v), COL(v), "unknown "
					    "field '%s': %s has no such input",
					    gd->deviation_input, ev->name);
			} else {
				diag(p, LINE(d), COL(d), "deviation needs "
				    "'reason': the input that records why");
			}
			if ((v = get(p, d, "roles")))
				gd->deviation_roles = roles(p, v, "deviation");
			else
				diag(p, LINE(d), COL(d), "deviation needs "
				    "'roles': who may deviate");
		}
	}
}

static void
parse_targets(parser *p, wf_event *ev, yaml_node_t *sec)
{
	static const char *const keys[] = {"when", "state", NULL};
	yaml_node_item_t *it;

	if (sec->type == YAML_SCALAR_NODE) {
		ev->targets = calloc(1, sizeof(*ev->targets));
		ev->targets[0].to = dup(expect_scalar(p, sec, "to"));
		ev->targets[0].at = at(sec);
		ev->ntargets = 1;
		return;
	}
	if (!expect_kind(p, sec, YAML_SEQUENCE_NODE, "to"))
		return;
	ev->targets = calloc((size_t)(sec->data.sequence.items.top -
	    sec->data.sequence.items.start) + 1, sizeof(*ev->targets));
	for (it = sec->data.sequence.items.start;
	    it < sec->data.sequence.items.top; it++) {
		yaml_node_t *t = node(p, *it), *v;
		wf_target *tg = &ev->targets[ev->ntargets++];

		tg->at = at(t);
		if (!expect_kind(p, t, YAML_MAPPING_NODE, "a target"))
			continue;
		check_keys(p, t, "a target", keys);
		if ((v = get(p, t, "when"))) {
			tg->when = expression(p, v, "when");
			remember(p, tg->when, v, ev->name, NULL, NULL);
		}
		if ((v = get(p, t, "state"))) {
			tg->to = dup(expect_scalar(p, v, "state"));
			tg->at = at(v);
		} else {
			diag(p, LINE(t), COL(t), "a target needs 'state'");
		}
	}
}

static void
parse_fields(parser *p, wf_event *ev, wf_action *a, yaml_node_t *n,
    const char *what, const char *const *allowed)
{
	yaml_node_pair_t *pair;

	if (!expect_kind(p, n, YAML_MAPPING_NODE, what))
		return;
	check_keys(p, n, what, allowed);
	a->fields = calloc((size_t)(n->data.mapping.pairs.top -
	    n->data.mapping.pairs.start) + 1, sizeof(*a->fields));
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key), *vn = node(p, pair->value);
		wf_field *f;

		if (a->kind == ACT_POLICE && scalar(kn) &&
		    strcmp(scalar(kn), "soort") == 0)
			continue;
		f = &a->fields[a->nfields++];
		name_ok(p, kn, "field");
		f->name = dup(scalar(kn));
		f->value = expression(p, vn, f->name ? f->name : what);
		remember(p, f->value, vn, ev->name, NULL, NULL);
	}
}

static void
parse_actions(parser *p, wf_event *ev, yaml_node_t *sec)
{
	static const char *const keys[] = {"when", "letter", "copies",
	    "deadline", "register", "end", "police", "set", "afspraak", NULL};
	static const char *const visit_keys[] = {"tijdstip", "tot", "doel",
	    "begeleider", "locatie", NULL};
	static const char *const reg_keys[] = {"soort", "van", "tot",
	    "locaties", "telefoonverbod", "toelichting", NULL};
	static const char *const police_keys[] = {"soort", "feit", "vpt_code",
	    "datum", "registratienummer", "toelichting", NULL};
	static const char *const kinds[] = {"letter", "register", "end",
	    "police", "set", "afspraak"};
	yaml_node_item_t *it;

	if (!expect_kind(p, sec, YAML_SEQUENCE_NODE, "actions"))
		return;
	ev->actions = calloc((size_t)(sec->data.sequence.items.top -
	    sec->data.sequence.items.start) + 1, sizeof(*ev->actions));
	for (it = sec->data.sequence.items.start;
	    it < sec->data.sequence.items.top; it++) {
		yaml_node_t *an = node(p, *it), *v = NULL, *w;
		wf_action *a = &ev->actions[ev->nactions++];
		int found = 0;

		a->at = at(an);
		if (!expect_kind(p, an, YAML_MAPPING_NODE, "an action"))
			continue;
		check_keys(p, an, "an action", keys);
		for (int k = 0; k < 6; k++) {
			yaml_node_t *x = get(p, an, kinds[k]);

			if (x) {
				found++;
				a->kind = (act_kind)k;
				v = x;
			}
		}
		if (found != 1) {
			diag(p, LINE(an), COL(an), "an action needs exactly "
			    "one of letter, register, end, police, set, "
			    "afspraak");
			continue;
		}
		if ((w = get(p, an, "when"))) {
			a->when = expression(p, w, "when");
			remember(p, a->when, w, ev->name, NULL, NULL);
		}
		if (a->kind != ACT_LETTER && (get(p, an, "copies") ||
		    get(p, an, "deadline")))
			diag(p, LINE(an), COL(an), "'copies' and 'deadline' "
			    "belong to a letter action");
		switch (a->kind) {
		case ACT_LETTER: {
			yaml_node_t *c = get(p, an, "copies");
			yaml_node_item_t *ci;

			a->letter = dup(expect_scalar(p, v, "letter"));
			if ((w = get(p, an, "deadline")))
				a->deadline = dup(expect_scalar(p, w,
				    "deadline"));
			if (c == NULL) {
				diag(p, LINE(an), COL(an), "a letter action "
				    "needs 'copies': where each copy goes");
				break;
			}
			if (!expect_kind(p, c, YAML_SEQUENCE_NODE, "copies"))
				break;
			a->copies = calloc((size_t)(c->data.sequence.items.top -
			    c->data.sequence.items.start) + 1,
			    sizeof(*a->copies));
			for (ci = c->data.sequence.items.start;
			    ci < c->data.sequence.items.top; ci++) {
				static const char *const ckeys[] = {"to",
				    "when", NULL};
				yaml_node_t *cn = node(p, *ci);
				wf_copy *cp = &a->copies[a->ncopies++];

				cp->at = at(cn);
				if (cn->type == YAML_SCALAR_NODE) {
					cp->dest = dup(expect_scalar(p, cn,
					    "a copy"));
				} else if (expect_kind(p, cn,
				    YAML_MAPPING_NODE, "a copy")) {
					check_keys(p, cn, "a copy", ckeys);
					if ((w = get(p, cn, "to")))
						cp->dest = dup(expect_scalar(p,
						    w, "to"));
					else
						diag(p, LINE(cn), COL(cn),
						    "a copy needs 'to'");
					if ((w = get(p, cn, "when"))) {
						cp->when = expression(p, w,
						    "when");
						remember(p, cp->when, w, ev->name,
						    NULL, NULL);
					}
				}
				for (size_t j = 0; cp->dest &&
				    j + 1 < a->ncopies; j++)
					if (a->copies[j].dest && strcmp(
					    a->copies[j].dest, cp->dest) == 0)
						diag(p, cp->at.line,
						    cp->at.col, "duplicate "
						    "copy '%s'", cp->dest);
			}
			break;
		}
		case ACT_REGISTER:
			parse_fields(p, ev, a, v, "register", reg_keys);
			if (!get(p, v, "soort") || !get(p, v, "van") ||
			    !get(p, v, "tot"))
				diag(p, LINE(v), COL(v), "register needs "
				    "soort, van and tot");
			break;
		case ACT_END:
			if (v->type == YAML_MAPPING_NODE) {
				static const char *const ekeys[] = {"status",
				    "soort", NULL};

				check_keys(p, v, "end", ekeys);
				if ((w = get(p, v, "soort")))
					a->only = dup(expect_scalar(p, w,
					    "soort"));
				v = get(p, v, "status") ? get(p, v, "status") :
				    v;
			}
			a->word = dup(expect_scalar(p, v, "end"));
			if (a->word && strcmp(a->word, "verlopen") &&
			    strcmp(a->word, "ingetrokken"))
				diag(p, LINE(v), COL(v), "end must be "
				    "'verlopen' or 'ingetrokken'");
			break;
		case ACT_POLICE:
			parse_fields(p, ev, a, v, "police", police_keys);
			if ((w = get(p, v, "soort")))
				a->word = dup(expect_scalar(p, w, "soort"));
			if (a->word == NULL || (strcmp(a->word, "aangifte") &&
			    strcmp(a->word, "melding") &&
			    strcmp(a->word, "kopie")))
				diag(p, LINE(v), COL(v), "police needs soort: "
				    "aangifte, melding or kopie");
			break;
		case ACT_SET:
			parse_fields(p, ev, a, v, "set", NULL);
			break;
		case ACT_VISIT:
			parse_fields(p, ev, a, v, "afspraak", visit_keys);
			if (!get(p, v, "tijdstip"))
				diag(p, LINE(v), COL(v), "afspraak needs "
				    "tijdstip: when the person is expected");
			break;
		}
	}
}

static void
parse_events(parser *p, yaml_node_t *sec)
{
	static const char *const keys[] = {"label", "from", "roles",
	    "incident", "inputs", "guards", "to", "actions", "at", NULL};
	vpd_workflow *wf = p->wf;
	yaml_node_pair_t *pair;

	if (!expect_kind(p, sec, YAML_MAPPING_NODE, "events"))
		return;
	check_keys(p, sec, "events", NULL);
	wf->events = calloc((size_t)(sec->data.mapping.pairs.top -
	    sec->data.mapping.pairs.start) + 1, sizeof(*wf->events));
	for (pair = sec->data.mapping.pairs.start;
	    pair < sec->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key), *vn = node(p, pair->value);
		wf_event *ev = &wf->events[wf->nevents++];
		yaml_node_t *v;

		name_ok(p, kn, "event");
		ev->name = dup(scalar(kn));
		ev->at = at(kn);
		if (ev->name && strcmp(ev->name, VPD_EVENT_OPEN) == 0)
			diag(p, LINE(kn), COL(kn), "'%s' is the reserved "
			    "event that opens a case; choose another name",
			    VPD_EVENT_OPEN);
		if (!expect_kind(p, vn, YAML_MAPPING_NODE, "an event"))
			continue;
		check_keys(p, vn, "an event", keys);
		if ((v = get(p, vn, "label")))
			ev->label = dup(expect_scalar(p, v, "label"));
		if ((v = get(p, vn, "from")) == NULL) {
			diag(p, LINE(kn), COL(kn), "event '%s' needs 'from': "
			    "the states it may be fired in", ev->name);
		} else if (scalar(v) && strcmp(scalar(v), "any") == 0) {
			ev->any_state = true;
		} else if (v->type == YAML_SCALAR_NODE) {
			const char *f = expect_scalar(p, v, "from");

			ev->from = calloc(1, sizeof(char *));
			if (f && !wf_find_state(wf, f))
				diag(p, LINE(v), COL(v), "unknown state '%s' in "
				    "from", f);
			if (f)  /* an empty 'from:' is reported, not kept */
				ev->from[ev->nfrom++] = dup(f);
		} else if (expect_kind(p, v, YAML_SEQUENCE_NODE, "from")) {
			yaml_node_item_t *it;

			ev->from = calloc((size_t)(v->data.sequence.items.top -
			    v->data.sequence.items.start) + 1, sizeof(char *));
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++) {
				yaml_node_t *x = node(p, *it);

				if (expect_scalar(p, x, "a state")) {
					if (!wf_find_state(wf, scalar(x)))
						diag(p, LINE(x), COL(x),
						    "unknown state '%s' in "
						    "from", scalar(x));
					ev->from[ev->nfrom++] = dup(scalar(x));
				}
			}
		}
		if ((v = get(p, vn, "roles")))
			ev->roles = roles(p, v, "roles");
		else
			diag(p, LINE(kn), COL(kn), "event '%s' needs 'roles': "
			    "who may fire it", ev->name);
		if ((v = get(p, vn, "incident")))
			ev->incident = boolean(p, v, "incident");
		if ((v = get(p, vn, "inputs")))
			parse_inputs(p, ev, v);
		if ((v = get(p, vn, "guards")))
			parse_guards(p, ev, v);
		if ((v = get(p, vn, "to")))
			parse_targets(p, ev, v);
		if ((v = get(p, vn, "actions")))
			parse_actions(p, ev, v);
		if ((v = get(p, vn, "at"))) {
			ev->at_expr = expression(p, v, "at");
			remember(p, ev->at_expr, v, ev->name, NULL, NULL);
			if (!(ev->roles & VPD_ROLE_SYSTEM))
				diag(p, LINE(v), COL(v), "a timed event (with "
				    "'at') must allow role system, which fires "
				    "it");
			if (ev->ninputs)
				diag(p, LINE(v), COL(v), "a timed event "
				    "cannot have inputs: nobody enters them");
		}
	}
}

static void
parse_refs(parser *p, yaml_node_t *n, const char *what, const char *dl,
    wf_ref **out, size_t *nout)
{
	static const char *const keys[] = {"event", "when", NULL};
	yaml_node_item_t *it;

	if (n->type == YAML_SCALAR_NODE) {
		*out = calloc(1, sizeof(**out));
		(*out)[0].event = dup(expect_scalar(p, n, what));
		*nout = 1;
		return;
	}
	if (!expect_kind(p, n, YAML_SEQUENCE_NODE, what))
		return;
	*out = calloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof(**out));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		yaml_node_t *x = node(p, *it), *v;
		wf_ref *r = &(*out)[(*nout)++];
		const char *ename;

		if (x->type == YAML_SCALAR_NODE) {
			ename = expect_scalar(p, x, what);
			r->event = dup(ename);
			v = x;
		} else {
			if (!expect_kind(p, x, YAML_MAPPING_NODE, what))
				continue;
			check_keys(p, x, what, keys);
			if ((v = get(p, x, "event")) == NULL) {
				diag(p, LINE(x), COL(x), "%s needs 'event'",
				    what);
				continue;
			}
			r->event = dup(expect_scalar(p, v, "event"));
			if ((v = get(p, x, "when"))) {
				r->when = expression(p, v, "when");
				remember(p, r->when, v, NULL, NULL, r->event);
			}
			v = get(p, x, "event");
		}
		if (r->event && strcmp(r->event, VPD_EVENT_OPEN) != 0 &&
		    !wf_find_event(p->wf, r->event))
			diag(p, LINE(v), COL(v), "unknown event '%s' in %s of "
			    "deadline '%s'", r->event, what, dl);
	}
}

static void
parse_deadlines(parser *p, yaml_node_t *sec)
{
	static const char *const keys[] = {"label", "start", "when", "anchor",
	    "within", "met_by", "late", "who", NULL};
	vpd_workflow *wf = p->wf;
	yaml_node_pair_t *pair;

	if (!expect_kind(p, sec, YAML_MAPPING_NODE, "deadlines"))
		return;
	check_keys(p, sec, "deadlines", NULL);
	wf->deadlines = calloc((size_t)(sec->data.mapping.pairs.top -
	    sec->data.mapping.pairs.start) + 1, sizeof(*wf->deadlines));
	for (pair = sec->data.mapping.pairs.start;
	    pair < sec->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = node(p, pair->key), *vn = node(p, pair->value);
		wf_deadline *d = &wf->deadlines[wf->ndeadlines++];
		yaml_node_t *v;
		const char *s;

		name_ok(p, kn, "deadline");
		d->name = dup(scalar(kn));
		d->at = at(kn);
		if (!expect_kind(p, vn, YAML_MAPPING_NODE, "a deadline"))
			continue;
		check_keys(p, vn, "a deadline", keys);
		if ((v = get(p, vn, "label")))
			d->label = dup(expect_scalar(p, v, "label"));
		else
			diag(p, LINE(kn), COL(kn), "deadline '%s' needs a "
			    "label", d->name);
		if ((v = get(p, vn, "start")))
			parse_refs(p, v, "start", d->name, &d->start,
			    &d->nstart);
		else
			diag(p, LINE(kn), COL(kn), "deadline '%s' needs "
			    "'start': the events that open it", d->name);
		if ((v = get(p, vn, "met_by")))
			parse_refs(p, v, "met_by", d->name, &d->met_by,
			    &d->nmet);
		else
			diag(p, LINE(kn), COL(kn), "deadline '%s' needs "
			    "'met_by': the events that meet it", d->name);
		if ((v = get(p, vn, "when"))) {
			d->when = expression(p, v, "when");
			remember(p, d->when, v, NULL, d->name, NULL);
		}
		if ((v = get(p, vn, "anchor"))) {
			d->anchor = expression(p, v, "anchor");
			remember(p, d->anchor, v, NULL, d->name, NULL);
		} else {
			diag(p, LINE(kn), COL(kn), "deadline '%s' needs "
			    "'anchor': the instant it counts from", d->name);
		}
		if ((v = get(p, vn, "within"))) {
			s = scalar(v);
			if (vpd_duration_parse(s, &d->within))
				diag(p, LINE(v), COL(v), "within: expected a "
				    "duration such as '48 hours', '5 days', "
				    "'1 week' or '3 months', not '%s'",
				    s ? s : "");
		} else {
			diag(p, LINE(kn), COL(kn), "deadline '%s' needs "
			    "'within'", d->name);
		}
		if ((v = get(p, vn, "late"))) {
			s = scalar(v);
			if (s && strcmp(s, "reason") == 0)
				d->late_needs_reason = true;
			else if (!s || strcmp(s, "allowed") != 0)
				diag(p, LINE(v), COL(v), "late must be "
				    "'reason' (acting late needs a recorded "
				    "reason) or 'allowed'");
		}
		if ((v = get(p, vn, "who")))
			d->who = roles(p, v, "who");
	}
}

/* ------------------------------------------------------------------ */
/* Whole-model checks                                                 */

const wf_state *
wf_find_state(const vpd_workflow *wf, const char *name)
{
	for (size_t i = 0; name && i < wf->nstates; i++)
		if (wf->states[i].name && strcmp(wf->states[i].name, name) == 0)
			return &wf->states[i];
	return NULL;
}

const wf_input *
wf_find_input(const wf_event *ev, const char *name)
{
	for (size_t i = 0; ev && name && i < ev->ninputs; i++)
		if (ev->inputs[i].name && strcmp(ev->inputs[i].name, name) == 0)
			return &ev->inputs[i];
	return NULL;
}

const wf_event *
wf_find_event(const vpd_workflow *wf, const char *name)
{
	for (size_t i = 0; name && i < wf->nevents; i++)
		if (wf->events[i].name && strcmp(wf->events[i].name, name) == 0)
			return &wf->events[i];
	return NULL;
}

static const wf_named *
find_named(const wf_named *list, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (list[i].name && strcmp(list[i].name, name) == 0)
			return &list[i];
	return NULL;
}

const wf_named *
wf_find_letter(const vpd_workflow *wf, const char *name)
{
	return find_named(wf->letters, wf->nletters, name);
}

const wf_named *
wf_find_destination(const vpd_workflow *wf, const char *name)
{
	return find_named(wf->destinations, wf->ndestinations, name);
}

bool
wf_event_from(const vpd_workflow *wf, const wf_event *ev, const char *state)
{
	const wf_state *st = wf_find_state(wf, state);

	if (ev->any_state)
		return st && !st->final;
	for (size_t i = 0; i < ev->nfrom; i++)
		if (strcmp(ev->from[i], state) == 0)
			return true;
	return false;
}

/* Built-in case fields, kept by the interpreter (docs/workflows.md). */
static const char *case_builtins[] = {"id", "status", "geopend", "recidive",
    "categorieen", "maatregel_soorten", "incidenten", NULL};

static bool
case_field_known(const vpd_workflow *wf, const char *name)
{
	for (int i = 0; case_builtins[i]; i++)
		if (strcmp(case_builtins[i], name) == 0)
			return true;
	for (size_t e = 0; e < wf->nevents; e++) {
		const wf_event *ev = &wf->events[e];

		if (event_has_input(ev, name))
			return true;
		for (size_t a = 0; a < ev->nactions; a++)
			if (ev->actions[a].kind == ACT_SET)
				for (size_t f = 0; f < ev->actions[a].nfields;
				    f++)
					if (ev->actions[a].fields[f].name &&
					    strcmp(ev->actions[a].fields[f].name,
					    name) == 0)
						return true;
	}
	return false;
}

static void
check_exprs(parser *p)
{
	for (size_t i = 0; i < p->npend; i++) {
		pending *g = &p->pend[i];
		int quote = g->n->data.scalar.style ==
		    YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    g->n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		scope s = {.p = p, .n = g->n, .base = COL(g->n) + quote};

		if (g->event)
			s.ev = wf_find_event(p->wf, g->event);
		if (g->met_event)
			s.ev = wf_find_event(p->wf, g->met_event);
		if (g->deadline) {
			for (size_t d = 0; d < p->wf->ndeadlines; d++)
				if (strcmp(p->wf->deadlines[d].name,
				    g->deadline) == 0) {
					s.refs = p->wf->deadlines[d].start;
					s.nrefs = p->wf->deadlines[d].nstart;
				}
		}
		vpd_expr_paths(g->x, check_path, &s);
	}
}

static void
check_model(parser *p)
{
	vpd_workflow *wf = p->wf;
	size_t ninitial = 0;
	bool *seen;
	size_t *queue, head = 0, tail = 0;

	for (size_t i = 0; i < wf->nstates; i++)
		if (wf->states[i].initial)
			ninitial++;
	if (ninitial == 0)
		diag(p, 1, 1, "no initial state: mark one state "
		    "'initial: true'");
	for (size_t i = 0, k = 0; ninitial > 1 && i < wf->nstates; i++)
		if (wf->states[i].initial && k++ > 0)
			diag(p, wf->states[i].at.line, wf->states[i].at.col,
			    "several initial states: '%s' is initial too",
			    wf->states[i].name);
	for (size_t i = 0; i < wf->nstates; i++)
		if (wf->states[i].initial && wf->states[i].final)
			diag(p, wf->states[i].at.line, wf->states[i].at.col,
			    "state '%s' cannot be both initial and final",
			    wf->states[i].name);

	for (size_t e = 0; e < wf->nevents; e++) {
		wf_event *ev = &wf->events[e];

		for (size_t t = 0; t < ev->ntargets; t++)
			if (ev->targets[t].to &&
			    !wf_find_state(wf, ev->targets[t].to))
				diag(p, ev->targets[t].at.line,
				    ev->targets[t].at.col, "transition to "
				    "unknown state '%s'", ev->targets[t].to);
		for (size_t t = 0; t + 1 < ev->ntargets; t++)
			if (ev->targets[t].when == NULL)
				diag(p, ev->targets[t].at.line,
				    ev->targets[t].at.col, "a target without "
				    "'when' must come last: the ones after it "
				    "are never taken");
		for (size_t a = 0; a < ev->nactions; a++) {
			wf_action *ac = &ev->actions[a];

			if (ac->kind != ACT_LETTER)
				continue;
			if (ac->letter && !wf_find_letter(wf, ac->letter))
				diag(p, ac->at.line, ac->at.col, "unknown "
				    "letter '%s' (declare it under letters)",
				    ac->letter);
			for (size_t c = 0; c < ac->ncopies; c++)
				if (ac->copies[c].dest && !wf_find_destination(
				    wf, ac->copies[c].dest))
					diag(p, ac->copies[c].at.line,
					    ac->copies[c].at.col, "unknown "
					    "destination '%s' (declare it "
					    "under destinations)",
					    ac->copies[c].dest);
			if (ac->deadline) {
				bool ok = false;

				for (size_t d = 0; d < wf->ndeadlines; d++)
					if (strcmp(wf->deadlines[d].name,
					    ac->deadline) == 0)
						ok = true;
				if (!ok)
					diag(p, ac->at.line, ac->at.col,
					    "unknown deadline '%s'",
					    ac->deadline);
			}
		}
	}

	/* Reachability from the initial state. */
	seen = calloc(wf->nstates + 1, sizeof(*seen));
	queue = calloc(wf->nstates + 1, sizeof(*queue));
	for (size_t i = 0; i < wf->nstates; i++)
		if (wf->states[i].initial) {
			seen[i] = true;
			queue[tail++] = i;
			break;
		}
	while (head < tail) {
		const wf_state *st = &wf->states[queue[head++]];

		for (size_t e = 0; e < wf->nevents; e++) {
			const wf_event *ev = &wf->events[e];

			if (!wf_event_from(wf, ev, st->name))
				continue;
			for (size_t t = 0; t < ev->ntargets; t++) {
				const wf_state *to = wf_find_state(wf,
				    ev->targets[t].to);
				size_t k;

				if (to == NULL)
					continue;
				k = (size_t)(to - wf->states);
				if (!seen[k]) {
					seen[k] = true;
					queue[tail++] = k;
				}
			}
		}
	}
	for (size_t i = 0; ninitial > 0 && i < wf->nstates; i++)
		if (!seen[i])
			diag(p, wf->states[i].at.line, wf->states[i].at.col,
			    "state '%s' is unreachable from the initial state",
			    wf->states[i].name);
	free(seen);
	free(queue);

	/* Dead ends: a state that is not final must have a way out. */
	for (size_t i = 0; i < wf->nstates; i++) {
		const wf_state *st = &wf->states[i];
		bool out = false, any = false;

		for (size_t e = 0; e < wf->nevents; e++) {
			const wf_event *ev = &wf->events[e];

			if (!wf_event_from(wf, ev, st->name))
				continue;
			any = true;
			for (size_t t = 0; t < ev->ntargets; t++)
				if (ev->targets[t].to &&
				    strcmp(ev->targets[t].to, st->name) != 0)
					out = true;
		}
		if (st->final && any)
			diag(p, st->at.line, st->at.col, "final state '%s' "
			    "has events leaving it", st->name);
		if (!st->final && !out)
			diag(p, st->at.line, st->at.col, "state '%s' is a "
			    "dead end: no event leaves it and it is not final",
			    st->name);
	}
	check_exprs(p);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */

static void
free_ref(wf_ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].event);
		vpd_expr_free(r[i].when);
	}
	free(r);
}

void
vpd_workflow_free(vpd_workflow *wf)
{
	if (wf == NULL)
		return;
	for (size_t i = 0; i < wf->nstates; i++) {
		free(wf->states[i].name);
		free(wf->states[i].label);
	}
	for (size_t i = 0; i < wf->nevents; i++) {
		wf_event *ev = &wf->events[i];

		free(ev->name);
		free(ev->label);
		for (size_t k = 0; k < ev->nfrom; k++)
			free(ev->from[k]);
		free(ev->from);
		for (size_t k = 0; k < ev->ninputs; k++) {
			free(ev->inputs[k].name);
			free(ev->inputs[k].label);
			for (size_t v = 0; v < ev->inputs[k].nvalues; v++)
				free(ev->inputs[k].values[v]);
			free(ev->inputs[k].values);
		}
		free(ev->inputs);
		for (size_t k = 0; k < ev->nguards; k++) {
			vpd_expr_free(ev->guards[k].when);
			vpd_expr_free(ev->guards[k].require);
			free(ev->guards[k].message);
			free(ev->guards[k].deviation_input);
		}
		free(ev->guards);
		for (size_t k = 0; k < ev->ntargets; k++) {
			vpd_expr_free(ev->targets[k].when);
			free(ev->targets[k].to);
		}
		free(ev->targets);
		for (size_t k = 0; k < ev->nactions; k++) {
			wf_action *a = &ev->actions[k];

			vpd_expr_free(a->when);
			free(a->letter);
			free(a->deadline);
			free(a->word);
			free(a->only);
			for (size_t c = 0; c < a->ncopies; c++) {
				free(a->copies[c].dest);
				vpd_expr_free(a->copies[c].when);
			}
			free(a->copies);
			for (size_t f = 0; f < a->nfields; f++) {
				free(a->fields[f].name);
				vpd_expr_free(a->fields[f].value);
			}
			free(a->fields);
		}
		free(ev->actions);
		vpd_expr_free(ev->at_expr);
	}
	for (size_t i = 0; i < wf->ndeadlines; i++) {
		wf_deadline *d = &wf->deadlines[i];

		free(d->name);
		free(d->label);
		free_ref(d->start, d->nstart);
		free_ref(d->met_by, d->nmet);
		vpd_expr_free(d->when);
		vpd_expr_free(d->anchor);
	}
	for (size_t i = 0; i < wf->nletters; i++) {
		free(wf->letters[i].name);
		free(wf->letters[i].label);
	}
	for (size_t i = 0; i < wf->ndestinations; i++) {
		free(wf->destinations[i].name);
		free(wf->destinations[i].label);
	}
	free(wf->states);
	free(wf->events);
	free(wf->deadlines);
	free(wf->letters);
	free(wf->destinations);
	free(wf->file);
	free(wf->name);
	free(wf->title);
	free(wf->retention_after);
	free(wf->nomination);
	free(wf);
}

/* A term's length in days, roughly: at most a century is taken. */
static int64_t
retention_days(const vpd_duration *d)
{
	static const int64_t per[VPD_UNIT__MAX] = {0, 1, 7, 31, 366};

	return d->n > 100000 ? INT64_MAX : d->n * per[d->unit];
}

/*
 * bewaartermijn:
 *   duur: 5 years                 # a duration in days, weeks, months, years
 *   na: laatste_maatregel         # or: afsluiting
 */
static void
parse_retention(parser *p, yaml_node_t *n)
{
	static const char *const keys[] = {"duur", "na", NULL};
	yaml_node_t *v;
	const char *s;

	if (!expect_kind(p, n, YAML_MAPPING_NODE, "bewaartermijn"))
		return;
	check_keys(p, n, "bewaartermijn", keys);
	if ((v = get(p, n, "duur")) == NULL) {
		diag(p, LINE(n), COL(n), "bewaartermijn needs 'duur', such as "
		    "'5 years'");
	} else if ((s = scalar(v)) == NULL ||
	    vpd_duration_parse(s, &p->wf->retention) != 0 ||
	    p->wf->retention.unit == VPD_UNIT_HOURS ||
	    p->wf->retention.n <= 0 || retention_days(&p->wf->retention) >
	    100 * 366) {
		diag(p, LINE(v), COL(v), "bewaartermijn.duur: expected a "
		    "period of days, weeks, months or years up to a century, "
		    "such as '5 years' or '60 months', not '%s'", s ? s : "");
	} else {
		p->wf->has_retention = true;
	}
	if ((v = get(p, n, "na")) == NULL) {
		diag(p, LINE(n), COL(n), "bewaartermijn needs 'na': "
		    "laatste_maatregel or afsluiting");
		p->wf->has_retention = false;
	} else if ((s = scalar(v)) == NULL ||
	    (strcmp(s, "laatste_maatregel") != 0 &&
	    strcmp(s, "afsluiting") != 0)) {
		diag(p, LINE(v), COL(v), "bewaartermijn.na must be "
		    "'laatste_maatregel' or 'afsluiting'");
		p->wf->has_retention = false;
	} else {
		p->wf->retention_after = dup(s);
	}
}

int
vpd_workflow_load(vpd_workflow **out, const char *file, const char *buf,
    size_t len, vpd_diags *diags, vpd_error *err)
{
	static const char *const keys[] = {"workflow", "title", "description",
	    "opened_by", "expire_measures", "destinations", "letters",
	    "deadlines", "states", "events", "bewaartermijn",
	    "archiefnominatie", NULL};
	yaml_parser_t yp;
	parser p = {.file = file, .diags = diags, .err = err};
	yaml_node_t *root, *v;

	*out = NULL;
	if (len > VPD_YAML_MAX_BYTES) {
		diag(&p, 1, 1, "larger than %d KB: not a workflow",
		    VPD_YAML_MAX_BYTES / 1024);
		return VPD_EINVALID;
	}
	{
		vpd_error ye;

		vpd_error_clear(&ye);
		if (vpd_yaml_precheck(buf, len, file, 1, &ye)) {
			diag(&p, ye.line, ye.column, "%s", ye.msg);
			return VPD_EINVALID;
		}
	}
	if (!yaml_parser_initialize(&yp))
		return vpd_error_set(err, VPD_ENOMEM, file, 0, 0,
		    "out of memory");
	yaml_parser_set_input_string(&yp, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&yp, &p.doc)) {
		diag(&p, (int)yp.problem_mark.line + 1,
		    (int)yp.problem_mark.column + 1, "YAML: %s%s%s",
		    yp.problem ? yp.problem : "syntax error",
		    yp.context ? " " : "", yp.context ? yp.context : "");
		yaml_parser_delete(&yp);
		return VPD_EINVALID;
	}
	yaml_parser_delete(&yp);
	{
		vpd_error ye;

		vpd_error_clear(&ye);
		if (vpd_yaml_check(&p.doc, file, 1, &ye)) {
			diag(&p, ye.line, ye.column, "%s", ye.msg);
			yaml_document_delete(&p.doc);
			return VPD_EINVALID;
		}
	}
	p.wf = calloc(1, sizeof(*p.wf));
	p.wf->file = strdup(file);
	root = yaml_document_get_root_node(&p.doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		diag(&p, 1, 1, "a workflow file must be a mapping with "
		    "workflow, states and events");
		goto done;
	}
	check_keys(&p, root, "the workflow", keys);
	if ((v = get(&p, root, "workflow")) && workflow_name_ok(&p, v))
		p.wf->name = dup(scalar(v));
	else if (v == NULL)
		diag(&p, 1, 1, "missing 'workflow: NAME'");
	if ((v = get(&p, root, "title")))
		p.wf->title = dup(expect_scalar(&p, v, "title"));
	if ((v = get(&p, root, "opened_by")))
		p.wf->open_roles = roles(&p, v, "opened_by");
	else
		diag(&p, 1, 1, "missing 'opened_by': the roles that may open "
		    "a case");
	if ((v = get(&p, root, "expire_measures")))
		p.wf->expire_measures = boolean(&p, v, "expire_measures");
	if ((v = get(&p, root, "bewaartermijn")))
		parse_retention(&p, v);
	if ((v = get(&p, root, "archiefnominatie"))) {
		const char *s = scalar(v);

		if (s && (strcmp(s, "vernietigen") == 0 ||
		    strcmp(s, "bewaren") == 0))
			p.wf->nomination = dup(s);
		else
			diag(&p, LINE(v), COL(v), "archiefnominatie must be "
			    "'vernietigen' or 'bewaren'");
	}
	if ((v = get(&p, root, "destinations")))
		parse_named(&p, v, "destinations", &p.wf->destinations,
		    &p.wf->ndestinations, true);
	if ((v = get(&p, root, "letters")))
		parse_named(&p, v, "letters", &p.wf->letters, &p.wf->nletters,
		    false);
	if ((v = get(&p, root, "states")))
		parse_states(&p, v);
	else
		diag(&p, 1, 1, "missing 'states'");
	if ((v = get(&p, root, "events")))
		parse_events(&p, v);
	else
		diag(&p, 1, 1, "missing 'events'");
	if ((v = get(&p, root, "deadlines")))
		parse_deadlines(&p, v);
	if (p.nerr == 0 || p.wf->nstates > 0)
		check_model(&p);
done:
	yaml_document_delete(&p.doc);
	free(p.pend);
	if (p.nerr > 0) {
		vpd_workflow_free(p.wf);
		return VPD_EINVALID;
	}
	*out = p.wf;
	return 0;
}

int
vpd_workflow_load_file(vpd_workflow **out, const char *path, vpd_diags *diags,
    vpd_error *err)
{
	size_t len;
	char *buf = vpd_file_read(path, &len, err);
	int rc;

	*out = NULL;
	if (buf == NULL)
		return err ? err->code : VPD_EIO;
	rc = vpd_workflow_load(out, path, buf, len, diags, err);
	free(buf);
	return rc;
}
