/*
 * interp.c - the pure core: (case, event, inputs, actor, now) -> new case
 * and effects, or a refusal.
 *
 * A case is a JSON object (its shape is in docs/archive.md).  The
 * interpreter never changes its input: it works on a deep copy and hands
 * that back only when every check has passed, so a refusal leaves nothing
 * half-done.  It reads no clock and no file: `now` and the person come in
 * the request, which is what lets `vpd verify` replay history exactly.
 *
 * Besides the inputs the workflow declares, the interpreter keeps a few
 * case fields itself (documented in docs/workflows.md): status, geopend,
 * recidive, categorieen, maatregel_soorten and the lists of incidents,
 * deadlines (termijnen), measures (maatregelen), documents (documenten)
 * and police records (politie).
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "../seal/seal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../record/record.h"

static const char *role_names[VPD_ROLE__MAX] = {"manager", "coordinator",
    "legal", "reception", "police", "system", "medewerker"};

unsigned
vpd_roles_effective(unsigned roles)
{
	if (roles & (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL | VPD_ROLE_RECEPTION))
		roles |= VPD_ROLE_STAFF;
	return roles;
}

unsigned
vpd_role_parse(const char *name)
{
	for (int i = 0; name && i < VPD_ROLE__MAX; i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *
vpd_role_name(unsigned bit)
{
	for (int i = 0; i < VPD_ROLE__MAX; i++)
		if (bit == 1u << i)
			return role_names[i];
	return "?";
}

json_t *
vpd_roles_json(unsigned roles)
{
	json_t *arr = json_array();

	for (int i = 0; i < VPD_ROLE__MAX; i++)
		if (roles & (1u << i))
			json_array_append_new(arr, json_string(role_names[i]));
	return arr;
}

unsigned
vpd_roles_from_json(const json_t *arr)
{
	unsigned bits = 0;
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		bits |= vpd_role_parse(json_string_value(v));
	return bits;
}

/* "manager, coordinator or legal" */
static void
roles_text(unsigned roles, char *out, size_t size)
{
	int total = 0, k = 0;

	for (int i = 0; i < VPD_ROLE__MAX; i++)
		if (roles & (1u << i))
			total++;
	out[0] = '\0';
	for (int i = 0; i < VPD_ROLE__MAX; i++)
		if (roles & (1u << i)) {
			if (k > 0)
				strncat(out, k == total - 1 ? " or " : ", ",
				    size - strlen(out) - 1);
			strncat(out, role_names[i], size - strlen(out) - 1);
			k++;
		}
	if (out[0] == '\0')
		snprintf(out, size, "none");
}

const char *
vpd_workflow_name(const vpd_workflow *wf)
{
	return wf->name;
}

const char *
vpd_workflow_title(const vpd_workflow *wf)
{
	return wf->title ? wf->title : wf->name;
}

bool
vpd_workflow_retention(const vpd_workflow *wf, vpd_duration *term,
    const char **after, const char **nomination)
{
	*nomination = wf->nomination ? wf->nomination : "vernietigen";
	*after = wf->retention_after;
	if (!wf->has_retention)
		return false;
	*term = wf->retention;
	return true;
}

const char *
vpd_workflow_initial(const vpd_workflow *wf)
{
	for (size_t i = 0; i < wf->nstates; i++)
		if (wf->states[i].initial)
			return wf->states[i].name;
	return NULL;
}

unsigned
vpd_workflow_open_roles(const vpd_workflow *wf)
{
	return wf->open_roles;
}

bool
vpd_workflow_is_final(const vpd_workflow *wf, const char *state)
{
	const wf_state *st = wf_find_state(wf, state);

	return st && st->final;
}

const char *
vpd_workflow_event_label(const vpd_workflow *wf, const char *name)
{
	const wf_event *ev = wf_find_event(wf, name);

	if (ev && ev->label)
		return ev->label;
	if (strcmp(name, VPD_EVENT_OPEN) == 0)
		return "Zaak geopend";
	return name;
}

const char *
vpd_workflow_state_label(const vpd_workflow *wf, const char *name)
{
	const wf_state *st = name ? wf_find_state(wf, name) : NULL;

	if (st && st->label)
		return st->label;
	return name ? name : "";
}

json_t *
vpd_workflow_event_form(const vpd_workflow *wf, const char *name)
{
	const wf_event *ev = wf_find_event(wf, name);
	json_t *inputs, *out;

	if (ev == NULL)
		return NULL;
	inputs = json_array();
	for (size_t i = 0; i < ev->ninputs; i++) {
		const wf_input *in = &ev->inputs[i];
		json_t *item = json_pack("{sssssssbsb}", "naam", in->name,
		    "type", wf_input_type_name(in->type), "label", in->label ?
		    in->label : in->name, "verplicht", in->required, "intern",
		    in->internal);
		bool reason = false;

		if (in->type == IN_ENUM) {
			json_t *vals = json_array();

			for (size_t k = 0; k < in->nvalues; k++)
				json_array_append_new(vals,
				    json_string(in->values[k]));
			json_object_set_new(item, "waarden", vals);
		}
		for (size_t g = 0; g < ev->nguards; g++)
			if (ev->guards[g].deviation_input &&
			    strcmp(ev->guards[g].deviation_input,
			    in->name) == 0)
				reason = true;
		json_object_set_new(item, "afwijking", json_boolean(reason));
		json_array_append_new(inputs, item);
	}
	out = json_pack("{sssssbso}", "event", ev->name, "label", ev->label ?
	    ev->label : ev->name, "incident", ev->incident, "invoer", inputs);
	return out;
}

bool
vpd_workflow_late_needs_reason(const vpd_workflow *wf, const json_t *case_in,
    const char *event, vpd_time now)
{
	size_t i;
	json_t *inst;

	json_array_foreach(json_object_get(case_in, "termijnen"), i, inst) {
		const char *st = json_string_value(json_object_get(inst,
		    "status")), *dn = json_string_value(json_object_get(inst,
		    "naam"));
		vpd_time due;

		if (st == NULL || strcmp(st, "open") != 0 || dn == NULL ||
		    vpd_time_parse(json_string_value(json_object_get(inst,
		    "uiterlijk")), &due) || now <= due)
			continue;
		for (size_t d = 0; d < wf->ndeadlines; d++) {
			const wf_deadline *dl = &wf->deadlines[d];

			if (strcmp(dl->name, dn) != 0 || !dl->late_needs_reason)
				continue;
			for (size_t r = 0; r < dl->nmet; r++)
				if (strcmp(dl->met_by[r].event, event) == 0)
					return true;
		}
	}
	return false;
}

json_t *
vpd_workflow_letters(const vpd_workflow *wf)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < wf->nletters; i++)
		json_array_append_new(arr, json_string(wf->letters[i].name));
	return arr;
}

bool
vpd_workflow_event_takes_incident(const vpd_workflow *wf, const char *name)
{
	const wf_event *ev = wf_find_event(wf, name);

	return ev && ev->incident;
}

unsigned
vpd_workflow_event_roles(const vpd_workflow *wf, const char *name)
{
	const wf_event *ev = wf_find_event(wf, name);

	return ev ? ev->roles : 0;
}

/* ------------------------------------------------------------------ */
/* Inputs                                                             */

/* What a person is asked for a value of each type, in Dutch. */
static const char *type_nl[IN__MAX] = {"een tekst", "een van de keuzes",
    "een datum", "een datum en tijd", "een heel getal", "ja of nee",
    "een of meer regels tekst"};

static int
input_error(vpd_error *err, const wf_input *in, const char *fmt,
    const char *detail)
{
	vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "input '%s': %s%s",
	    in->name, fmt, detail ? detail : "");
	vpd_error_set_nl(err, "%s: vul %s in.", in->label ? in->label :
	    in->name, type_nl[in->type]);
	return err ? err->code : VPD_EINVALID;
}

static json_t *
split_list(const char *s)
{
	json_t *arr = json_array();

	while (*s) {
		const char *comma = strchr(s, ','), *e;

		e = comma ? comma : s + strlen(s);
		while (s < e && isspace((unsigned char)*s))
			s++;
		{
			const char *t = e;

			while (t > s && isspace((unsigned char)t[-1]))
				t--;
			if (t > s)
				json_array_append_new(arr,
				    json_stringn(s, (size_t)(t - s)));
		}
		s = comma ? comma + 1 : e;
	}
	return arr;
}

/* Coerces one value to its declared type; *out is a new reference. */
static int
coerce(const wf_input *in, const json_t *v, json_t **out, vpd_error *err)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	char buf[VPD_TIME_UTC_LEN];

	*out = NULL;
	switch (in->type) {
	case IN_TEXT:
		/* sealed for the case's person: checked before it was */
		if (vpd_seal_is_sealed(v, NULL)) {
			*out = json_deep_copy(v);
			return 0;
		}
		if (!s)
			return input_error(err, in, "must be text", NULL);
		if (strlen(s) > VPD_TEXT_MAX)
			return input_error(err, in, "is longer than 2000 bytes",
			    NULL);
		if (!vpd_text_printable_lines(s))
			return input_error(err, in, "holds control characters "
			    "or is not valid UTF-8", NULL);
		*out = json_string(s);
		return 0;
	case IN_ENUM:
		for (size_t i = 0; s && i < in->nvalues; i++)
			if (strcmp(s, in->values[i]) == 0) {
				*out = json_string(s);
				return 0;
			}
		{
			char list[512] = "";

			for (size_t i = 0; i < in->nvalues; i++) {
				strncat(list, i ? ", " : "",
				    sizeof(list) - strlen(list) - 1);
				strncat(list, in->values[i],
				    sizeof(list) - strlen(list) - 1);
			}
			return input_error(err, in, "must be one of ",
			    list);
		}
	case IN_DATE: {
		vpd_date d;

		if (!s || vpd_date_parse(s, &d))
			return input_error(err, in, "not a date "
			    "(expected YYYY-MM-DD, a real calendar day)", NULL);
		vpd_date_format(d, buf);
		*out = json_string(buf);
		return 0;
	}
	case IN_DATETIME: {
		vpd_time t;

		if (!s || vpd_time_parse(s, &t))
			return input_error(err, in, "not a date and "
			    "time (expected YYYY-MM-DDTHH:MM, Amsterdam time, "
			    "or with an offset)", NULL);
		vpd_time_format_utc(t, buf);
		*out = json_string(buf);
		return 0;
	}
	case IN_INTEGER:
		if (json_is_integer(v) && json_integer_value(v) >=
		    -VPD_INT_INPUT_MAX && json_integer_value(v) <=
		    VPD_INT_INPUT_MAX) {
			*out = json_integer(json_integer_value(v));
			return 0;
		}
		if (s) {
			char *end;
			long long n;

			errno = 0;
			n = strtoll(s, &end, 10);
			if (*s && *end == '\0' && (isdigit((unsigned char)*s) ||
			    *s == '-') && errno == 0 && n >= -VPD_INT_INPUT_MAX &&
			    n <= VPD_INT_INPUT_MAX) {
				*out = json_integer(n);
				return 0;
			}
		}
		return input_error(err, in, "not a whole number (at most "
		    "1000000000 either way)", NULL);
	case IN_BOOLEAN:
		if (json_is_boolean(v)) {
			*out = json_boolean(json_is_true(v));
			return 0;
		}
		if (s && (!strcmp(s, "ja") || !strcmp(s, "true") ||
		    !strcmp(s, "yes") || !strcmp(s, "1"))) {
			*out = json_true();
			return 0;
		}
		if (s && (!strcmp(s, "nee") || !strcmp(s, "false") ||
		    !strcmp(s, "no") || !strcmp(s, "0"))) {
			*out = json_false();
			return 0;
		}
		return input_error(err, in, "must be ja or nee (true or "
		    "false)", NULL);
	case IN_LIST:
		if (s) {
			*out = split_list(s);
		} else if (json_is_array(v)) {
			size_t i;
			json_t *item;

			json_array_foreach(v, i, item)
				if (!json_is_string(item))
					return input_error(err, in,
					    "must be a list of texts", NULL);
			*out = json_deep_copy(v);
		} else {
			return input_error(err, in, "must be a "
			    "comma-separated list", NULL);
		}
		if (json_array_size(*out) > VPD_LIST_MAX) {
			json_decref(*out);
			*out = NULL;
			return input_error(err, in, "holds more than 50 items",
			    NULL);
		}
		{
			size_t i;
			json_t *item;

			json_array_foreach(*out, i, item)
				if (json_string_length(item) > VPD_NAME_MAX ||
				    !vpd_text_printable(json_string_value(
				    item))) {
					json_decref(*out);
					*out = NULL;
					return input_error(err, in, "has an item "
					    "longer than 200 bytes or with "
					    "control characters", NULL);
				}
		}
		if (json_array_size(*out) == 0) {
			json_decref(*out);
			*out = NULL;
		}
		return 0;
	default:
		return input_error(err, in, "has an unknown type", NULL);
	}
}

static bool
blank(const json_t *v)
{
	return v == NULL || json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0);
}

static int
typed_inputs(const wf_event *ev, const json_t *raw, json_t **out,
    vpd_error *err)
{
	json_t *typed = json_object(), *v;
	const char *key;
	int rc;

	json_object_foreach((json_t *)raw, key, v) {
		const wf_input *in = NULL;
		json_t *c;

		for (size_t i = 0; i < ev->ninputs; i++)
			if (strcmp(ev->inputs[i].name, key) == 0)
				in = &ev->inputs[i];
		if (in == NULL) {
			char list[512] = "";

			for (size_t i = 0; i < ev->ninputs; i++) {
				strncat(list, i ? ", " : "",
				    sizeof(list) - strlen(list) - 1);
				strncat(list, ev->inputs[i].name,
				    sizeof(list) - strlen(list) - 1);
			}
			json_decref(typed);
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "unknown field '%s' for event %s (its inputs: %s)",
			    key, ev->name, list[0] ? list : "none");
		}
		if (blank(v))
			continue;
		if ((rc = coerce(in, v, &c, err))) {
			json_decref(typed);
			return rc;
		}
		if (c)
			json_object_set_new(typed, key, c);
	}
	for (size_t i = 0; i < ev->ninputs; i++)
		if (ev->inputs[i].required &&
		    json_object_get(typed, ev->inputs[i].name) == NULL) {
			json_decref(typed);
			vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "input '%s' is required for event %s (%s)",
			    ev->inputs[i].name, ev->name,
			    wf_input_type_name(ev->inputs[i].type));
			vpd_error_set_nl(err, "%s: dit moet worden ingevuld.",
			    ev->inputs[i].label ? ev->inputs[i].label :
			    ev->inputs[i].name);
			return VPD_EINVALID;
		}
	*out = typed;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Context                                                            */

bool
vpd_workflow_measure_in_force(const json_t *m, vpd_time now)
{
	const char *status = json_string_value(json_object_get(m, "status"));
	vpd_date van, tot, today = vpd_time_local_date(now);

	if (!status || strcmp(status, "actief") != 0)
		return false;
	if (vpd_date_parse(json_string_value(json_object_get(m, "van")), &van)
	    || vpd_date_parse(json_string_value(json_object_get(m, "tot")),
	    &tot))
		return false;
	return van <= today && today <= tot;
}

static void
add_unique(json_t *arr, json_t *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_equal(v, s))
			return;
	json_array_append(arr, s);
}

/* {"input","case","incident","persoon","now","today"} for expressions. */
static json_t *
context(const json_t *c, const json_t *inputs, const json_t *persoon,
    vpd_time now)
{
	json_t *ctx = json_object(), *cs, *cats = json_array(),
	    *kinds = json_array(), *incs = json_object_get(c, "incidenten"),
	    *v, *last = NULL;
	char buf[VPD_TIME_UTC_LEN];
	const char *key;
	size_t i;

	cs = json_deep_copy(json_object_get(c, "gegevens"));
	if (cs == NULL)
		cs = json_object();
	json_object_foreach((json_t *)c, key, v)
		if (strcmp(key, "gegevens") != 0 && !json_is_object(v) &&
		    !json_is_array(v))
			json_object_set(cs, key, v);
	json_array_foreach(incs, i, v) {
		size_t k;
		json_t *x;

		json_array_foreach(json_object_get(v, "categorieen"), k, x)
			add_unique(cats, x);
		last = v;
	}
	json_array_foreach(json_object_get(c, "maatregelen"), i, v)
		add_unique(kinds, json_object_get(v, "soort"));
	json_object_set_new(cs, "categorieen", cats);
	json_object_set_new(cs, "maatregel_soorten", kinds);
	json_object_set_new(cs, "incidenten",
	    json_integer((json_int_t)json_array_size(incs)));
	json_object_set_new(ctx, "case", cs);
	json_object_set_new(ctx, "input",
	    inputs ? json_deep_copy(inputs) : json_object());
	/* sealed values read as "verzegeld" (expr.c) */
	json_object_set_new(ctx, "incident",
	    last ? json_deep_copy(last) : json_object());
	json_object_set_new(ctx, "persoon",
	    persoon ? json_deep_copy(persoon) : json_object());
	vpd_time_format_utc(now, buf);
	json_object_set_new(ctx, "now", json_string(buf));
	vpd_date_format(vpd_time_local_date(now), buf);
	json_object_set_new(ctx, "today", json_string(buf));
	return ctx;
}

static int
test(const vpd_workflow *wf, const vpd_expr *x, const json_t *ctx, bool *out,
    vpd_error *err)
{
	int rc = vpd_expr_test(x, ctx, out, err);

	if (rc)
		vpd_error_prefix(err, "%s: in '%s'", wf->file,
		    vpd_expr_source(x));
	return rc;
}

static int
value(const vpd_workflow *wf, const vpd_expr *x, const json_t *ctx,
    json_t **out, vpd_error *err)
{
	int rc = vpd_expr_json(x, ctx, out, err);

	if (rc)
		vpd_error_prefix(err, "%s: in '%s'", wf->file,
		    vpd_expr_source(x));
	return rc;
}

/* ------------------------------------------------------------------ */
/* Deadlines                                                          */

static const wf_deadline *
find_deadline(const vpd_workflow *wf, const char *name)
{
	for (size_t i = 0; name && i < wf->ndeadlines; i++)
		if (strcmp(wf->deadlines[i].name, name) == 0)
			return &wf->deadlines[i];
	return NULL;
}

/* Opens the deadlines that `event` starts; context must include input. */
static int
start_deadlines(const vpd_workflow *wf, json_t *c, const char *event,
    const json_t *ctx, json_int_t nr, json_t *effects, vpd_error *err)
{
	json_t *list = json_object_get(c, "termijnen");
	int rc;

	for (size_t i = 0; i < wf->ndeadlines; i++) {
		const wf_deadline *d = &wf->deadlines[i];
		bool starts = false, ok;
		vpd_value anchor;
		vpd_time t, due;
		char a[VPD_TIME_UTC_LEN], u[VPD_TIME_UTC_LEN];
		size_t k;
		json_t *old;

		for (size_t r = 0; r < d->nstart && !starts; r++) {
			if (strcmp(d->start[r].event, event) != 0)
				continue;
			if ((rc = test(wf, d->start[r].when, ctx, &ok, err)))
				return rc;
			starts = ok;
		}
		if (!starts)
			continue;
		if ((rc = test(wf, d->when, ctx, &ok, err)))
			return rc;
		if (!ok)
			continue;
		if ((rc = vpd_expr_eval(d->anchor, ctx, &anchor, err))) {
			vpd_error_prefix(err, "%s: deadline %s", wf->file,
			    d->name);
			return rc;
		}
		if (vpd_value_instant(&anchor, &t))
			return vpd_error_set(err, VPD_EINVALID, wf->file,
			    d->at.line, d->at.col, "deadline %s: anchor '%s' "
			    "is not a date or instant here", d->name,
			    vpd_expr_source(d->anchor));
		due = vpd_time_add(t, d->within);
		/* A restarted deadline supersedes the open one. */
		json_array_foreach(list, k, old) {
			const char *n = json_string_value(
			    json_object_get(old, "naam"));
			const char *s = json_string_value(
			    json_object_get(old, "status"));

			if (strcmp(n, d->name) == 0 && strcmp(s, "open") == 0)
				json_object_set_new(old, "status",
				    json_string("vervangen"));
		}
		vpd_time_format_utc(t, a);
		vpd_time_format_utc(due, u);
		json_array_append_new(list, json_pack("{sssssssssssIso}",
		    "naam", d->name, "label", d->label, "anker", a,
		    "uiterlijk", u, "status", "open", "gestart_bij", nr,
		    "wie", vpd_roles_json(d->who)));
		json_array_append_new(json_object_get(effects,
		    "termijnen_gestart"), json_string(d->name));
	}
	return 0;
}

/* Marks the open deadlines this event meets; refuses late ones without
 * a reason when the workflow says so. */
static int
meet_deadlines(const vpd_workflow *wf, json_t *c, const wf_event *ev,
    const vpd_fire *req, const json_t *ctx, json_int_t nr, json_t *effects,
    vpd_error *err)
{
	json_t *list = json_object_get(c, "termijnen"), *inst;
	size_t i;
	int rc;

	json_array_foreach(list, i, inst) {
		const wf_deadline *d = find_deadline(wf,
		    json_string_value(json_object_get(inst, "naam")));
		const char *status = json_string_value(
		    json_object_get(inst, "status"));
		bool meets = false, ok;
		vpd_time due;
		char nowbuf[VPD_TIME_UTC_LEN];

		if (d == NULL || strcmp(status, "open") != 0)
			continue;
		for (size_t r = 0; r < d->nmet && !meets; r++) {
			if (strcmp(d->met_by[r].event, ev->name) != 0)
				continue;
			if ((rc = test(wf, d->met_by[r].when, ctx, &ok, err)))
				return rc;
			meets = ok;
		}
		if (!meets)
			continue;
		vpd_time_parse(json_string_value(json_object_get(inst,
		    "uiterlijk")), &due);
		if (req->now > due) {
			char local[VPD_TIME_LOCAL_LEN];

			vpd_time_format_human(due, local);
			if (d->late_needs_reason &&
			    (req->reason == NULL || req->reason[0] == '\0')) {
				vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
				    "the deadline '%s' passed on %s; to act "
				    "late, record why with --reason", d->label,
				    local);
				vpd_error_set_nl(err, "De termijn is verstreken "
				    "op %s (%s). Schrijf op waarom deze stap te "
				    "laat is.", local, d->label);
				return VPD_EREFUSED;
			}
			json_object_set_new(inst, "status",
			    json_string("te_laat"));
			json_object_set_new(effects, "te_laat", json_true());
		} else {
			json_object_set_new(inst, "status",
			    json_string("gehaald"));
		}
		vpd_time_format_utc(req->now, nowbuf);
		json_object_set_new(inst, "afgehandeld", json_string(nowbuf));
		json_object_set_new(inst, "afgehandeld_bij", json_integer(nr));
		json_array_append_new(json_object_get(effects,
		    "termijnen_afgehandeld"), json_pack("{ssss}", "naam",
		    d->name, "status",
		    json_string_value(json_object_get(inst, "status"))));
	}
	return 0;
}

/* Whether the latest instance of a deadline was due before now. */
static bool
deadline_late(const json_t *c, const char *name, vpd_time now)
{
	json_t *inst, *found = NULL;
	size_t i;
	vpd_time due;

	json_array_foreach(json_object_get(c, "termijnen"), i, inst)
		if (strcmp(json_string_value(json_object_get(inst, "naam")),
		    name) == 0)
			found = inst;
	if (found == NULL || vpd_time_parse(json_string_value(
	    json_object_get(found, "uiterlijk")), &due))
		return false;
	return now > due;
}

/* ------------------------------------------------------------------ */
/* Actions                                                            */

static int
fields(const vpd_workflow *wf, const wf_action *a, const json_t *ctx,
    json_t *into, vpd_error *err)
{
	for (size_t f = 0; f < a->nfields; f++) {
		json_t *v;
		int rc = value(wf, a->fields[f].value, ctx, &v, err);

		if (rc)
			return rc;
		json_object_set_new(into, a->fields[f].name, v);
	}
	return 0;
}

static int
next_nr(const json_t *arr)
{
	return (int)json_array_size(arr) + 1;
}

/*
 * Ends the measures in force (status "actief"), only those of kind `only`
 * when given, with `status`; with `past_only`, only those whose last day
 * has passed (expiry), else all (withdrawal).  Each end is listed in
 * `acts`.
 */
static void
end_measures(json_t *c, const char *status, const char *only, bool past_only,
    vpd_time now, const char *nowbuf, json_t *acts)
{
	vpd_date tot, today = vpd_time_local_date(now);
	json_t *m;
	size_t k;

	json_array_foreach(json_object_get(c, "maatregelen"), k, m) {
		const char *st = json_string_value(json_object_get(m, "status"));
		const char *soort = json_string_value(json_object_get(m,
		    "soort"));

		if (st == NULL || strcmp(st, "actief") != 0 ||
		    (only && (soort == NULL || strcmp(only, soort) != 0)))
			continue;
		if (past_only && vpd_date_parse(json_string_value(
		    json_object_get(m, "tot")), &tot) == 0 && tot >= today)
			continue;
		json_object_set_new(m, "status", json_string(status));
		json_object_set_new(m, "beeindigd", json_string(nowbuf));
		json_array_append_new(acts, json_pack("{sssOss}", "soort",
		    "maatregel_einde", "maatregel", json_object_get(m, "nr"),
		    "status", status));
	}
}

static int
run_actions(const vpd_workflow *wf, const wf_event *ev, json_t *c,
    const vpd_fire *req, const json_t *ctx, json_int_t nr, json_t *effects,
    vpd_error *err)
{
	json_t *acts = json_object_get(effects, "acties");
	char nowbuf[VPD_TIME_UTC_LEN];
	int rc;

	vpd_time_format_utc(req->now, nowbuf);
	for (size_t i = 0; i < ev->nactions; i++) {
		const wf_action *a = &ev->actions[i];
		bool ok;

		if ((rc = test(wf, a->when, ctx, &ok, err)))
			return rc;
		if (!ok)
			continue;
		switch (a->kind) {
		case ACT_LETTER: {
			json_t *docs = json_object_get(c, "documenten");
			json_t *copies = json_array(), *doc;
			const wf_named *l = wf_find_letter(wf, a->letter);
			bool late = a->deadline &&
			    deadline_late(c, a->deadline, req->now);

			for (size_t k = 0; k < a->ncopies; k++) {
				const wf_named *d = wf_find_destination(wf,
				    a->copies[k].dest);

				if ((rc = test(wf, a->copies[k].when, ctx, &ok,
				    err))) {
					json_decref(copies);
					return rc;
				}
				if (!ok)
					continue;
				json_array_append_new(copies, json_pack(
				    "{sisssssbss}", "nr",
				    (int)json_array_size(copies) + 1,
				    "bestemming", d->name, "label",
				    d->label ? d->label : d->name,
				    "aangetekend", d->registered, "status",
				    "voorbereid"));
				/* Only when declared: copies of older workflow
				 * versions replay byte for byte. */
				if (d->addressee)
					json_object_set_new(json_array_get(
					    copies, json_array_size(copies) -
					    1), "geadresseerde", json_true());
			}
			doc = json_pack("{sisssssosIsssb}", "nr",
			    next_nr(docs), "brief", l->name, "titel",
			    l->label ? l->label : l->name, "exemplaren",
			    copies, "gebeurtenis", nr, "tijdstip", nowbuf,
			    "te_laat", late);
			if (a->deadline)
				json_object_set_new(doc, "termijn",
				    json_string(a->deadline));
			if (late && req->reason)
				json_object_set_new(doc, "reden_te_laat",
				    json_string(req->reason));
			json_array_append(docs, doc);
			json_array_append_new(acts, json_pack("{sssO}",
			    "soort", "brief", "document", doc));
			json_decref(doc);
			break;
		}
		case ACT_REGISTER: {
			json_t *list = json_object_get(c, "maatregelen");
			json_t *m = json_object();
			vpd_date van, tot;
			const char *soort;

			json_object_set_new(m, "nr", json_integer(next_nr(list)));
			if ((rc = fields(wf, a, ctx, m, err))) {
				json_decref(m);
				return rc;
			}
			soort = json_string_value(json_object_get(m, "soort"));
			if (soort == NULL || vpd_date_parse(json_string_value(
			    json_object_get(m, "van")), &van) ||
			    vpd_date_parse(json_string_value(
			    json_object_get(m, "tot")), &tot)) {
				json_decref(m);
				return vpd_error_set(err, VPD_EINVALID,
				    wf->file, a->at.line, a->at.col,
				    "register: soort must be text and van/tot "
				    "dates");
			}
			json_object_set_new(m, "status", json_string("actief"));
			json_object_set_new(m, "gebeurtenis", json_integer(nr));
			json_array_append(list, m);
			json_array_append_new(acts, json_pack("{sssO}",
			    "soort", "maatregel", "maatregel", m));
			json_decref(m);
			break;
		}
		case ACT_END:
			end_measures(c, a->word, a->only,
			    strcmp(a->word, "verlopen") == 0, req->now, nowbuf,
			    acts);
			break;
		case ACT_POLICE: {
			json_t *list = json_object_get(c, "politie");
			json_t *pr = json_pack("{siss}", "nr", next_nr(list),
			    "soort", a->word);

			if ((rc = fields(wf, a, ctx, pr, err))) {
				json_decref(pr);
				return rc;
			}
			json_object_set_new(pr, "tijdstip", json_string(nowbuf));
			json_object_set_new(pr, "gebeurtenis", json_integer(nr));
			json_array_append(list, pr);
			json_array_append_new(acts, json_pack("{sssO}",
			    "soort", "politie", "politie", pr));
			json_decref(pr);
			break;
		}
		case ACT_SET:
			if ((rc = fields(wf, a, ctx,
			    json_object_get(c, "gegevens"), err)))
				return rc;
			break;
		case ACT_VISIT: {
			/* Made on first use, so cases of workflows without
			 * appointments keep the files they always had. */
			json_t *list = json_object_get(c, "afspraken"), *ap;
			vpd_time when;

			if (list == NULL) {
				json_object_set_new(c, "afspraken",
				    json_array());
				list = json_object_get(c, "afspraken");
			}
			ap = json_pack("{si}", "nr", next_nr(list));
			if ((rc = fields(wf, a, ctx, ap, err))) {
				json_decref(ap);
				return rc;
			}
			if (vpd_time_parse(json_string_value(json_object_get(ap,
			    "tijdstip")), &when)) {
				json_decref(ap);
				return vpd_error_set(err, VPD_EINVALID,
				    wf->file, a->at.line, a->at.col,
				    "afspraak: tijdstip must be an instant");
			}
			json_object_set_new(ap, "gebeurtenis", json_integer(nr));
			json_array_append(list, ap);
			json_array_append_new(acts, json_pack("{sssO}",
			    "soort", "afspraak", "afspraak", ap));
			json_decref(ap);
			break;
		}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */

static json_t *
new_effects(const char *event, const char *from, const char *to)
{
	return json_pack("{sssssssbs[]s[]s[]s[]}", "event", event, "van",
	    from ? from : "", "naar", to ? to : "", "te_laat", 0, "acties",
	    "afwijkingen", "termijnen_gestart", "termijnen_afgehandeld");
}

int
vpd_workflow_open(const vpd_workflow *wf, const json_t *skeleton,
    const vpd_fire *req, json_t **case_out, json_t **effects, vpd_error *err)
{
	json_t *c = json_deep_copy(skeleton), *inc, *ctx, *eff;
	char nowbuf[VPD_TIME_UTC_LEN];
	int rc;

	*case_out = *effects = NULL;
	if (req->incident == NULL) {
		json_decref(c);
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "a case opens with an incident record");
	}
	vpd_time_format_utc(req->now, nowbuf);
	inc = json_deep_copy(req->incident);
	json_object_set_new(inc, "nr", json_integer(1));
	json_object_set_new(c, "status", json_string(vpd_workflow_initial(wf)));
	json_object_set_new(c, "geopend", json_string(nowbuf));
	if (json_object_get(c, "recidive") == NULL)
		json_object_set_new(c, "recidive", json_false());
	json_object_set_new(c, "incidenten", json_pack("[o]", inc));
	json_object_set_new(c, "gegevens", json_object());
	json_object_set_new(c, "termijnen", json_array());
	json_object_set_new(c, "maatregelen", json_array());
	json_object_set_new(c, "documenten", json_array());
	json_object_set_new(c, "politie", json_array());
	json_object_set_new(c, "gebeurtenissen", json_integer(1));
	json_object_set_new(c, "bijgewerkt", json_string(nowbuf));
	eff = new_effects(VPD_EVENT_OPEN, "", vpd_workflow_initial(wf));
	ctx = context(c, NULL, req->persoon, req->now);
	rc = start_deadlines(wf, c, VPD_EVENT_OPEN, ctx, 1, eff, err);
	json_decref(ctx);
	if (rc) {
		json_decref(c);
		json_decref(eff);
		return rc;
	}
	*case_out = c;
	*effects = eff;
	return 0;
}

static void
allowed_text(const vpd_workflow *wf, const char *state, char *out,
    size_t size)
{
	out[0] = '\0';
	for (size_t e = 0; e < wf->nevents; e++)
		if (wf_event_from(wf, &wf->events[e], state) &&
		    wf->events[e].at_expr == NULL) {
			if (out[0])
				strncat(out, ", ", size - strlen(out) - 1);
			strncat(out, wf->events[e].name,
			    size - strlen(out) - 1);
		}
	if (out[0] == '\0')
		snprintf(out, size, "none");
}

int
vpd_workflow_fire(const vpd_workflow *wf, const json_t *case_in,
    const vpd_fire *req, json_t **case_out, json_t **effects, vpd_error *err)
{
	const char *state = json_string_value(json_object_get(case_in,
	    "status"));
	const wf_event *ev = wf_find_event(wf, req->event);
	json_t *c = NULL, *inputs = NULL, *ctx = NULL, *eff = NULL, *v;
	const char *to = state, *key;
	char buf[512], nowbuf[VPD_TIME_UTC_LEN];
	json_int_t nr;
	bool ok, in_force = false;
	size_t i;
	int rc;

	*case_out = *effects = NULL;
	if (ev == NULL) {
		allowed_text(wf, state ? state : "", buf, sizeof(buf));
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "unknown event '%s' in workflow %s (allowed now: %s)",
		    req->event, wf->name, buf);
	}
	if (state == NULL || wf_find_state(wf, state) == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "case state '%s' is not a state of workflow %s",
		    state ? state : "", wf->name);
	if (vpd_workflow_is_final(wf, state)) {
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the case is closed (state %s): no event can be fired",
		    state);
		vpd_error_set_nl(err, "De zaak is afgesloten; er kan geen "
		    "stap meer worden gezet.");
		return VPD_EREFUSED;
	}
	if (!wf_event_from(wf, ev, state)) {
		allowed_text(wf, state, buf, sizeof(buf));
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "event %s is not allowed in state %s (allowed now: %s)",
		    ev->name, state, buf);
		vpd_error_set_nl(err, "'%s' kan nu niet: de zaak staat op "
		    "'%s'.", ev->label ? ev->label : ev->name,
		    vpd_workflow_state_label(wf, state));
		return VPD_EREFUSED;
	}
	if ((vpd_roles_effective(req->roles) & ev->roles) == 0) {
		char have[128];

		roles_text(req->roles, have, sizeof(have));
		roles_text(ev->roles, buf, sizeof(buf));
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s (roles: %s) may not fire %s: it needs one of %s",
		    req->actor ? req->actor : "this actor", have, ev->name,
		    buf);
		vpd_error_set_nl(err, "U mag '%s' niet doen; dat is aan "
		    "iemand met een andere rol.", ev->label ? ev->label :
		    ev->name);
		return VPD_EREFUSED;
	}
	if (ev->incident && req->incident == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "event %s needs an incident record (--incident FILE)",
		    ev->name);
	if (!ev->incident && req->incident != NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "event %s takes no incident record", ev->name);
	if (req->inputs == NULL)
		inputs = json_object();
	else if ((rc = typed_inputs(ev, req->inputs, &inputs, err)))
		return rc;

	c = json_deep_copy(case_in);
	nr = json_integer_value(json_object_get(c, "gebeurtenissen")) + 1;
	vpd_time_format_utc(req->now, nowbuf);
	if (ev->incident) {
		json_t *inc = json_deep_copy(req->incident);
		json_t *list = json_object_get(c, "incidenten"), *m;

		json_object_set_new(inc, "nr", json_integer(next_nr(list)));
		json_object_set_new(inc, "gebeurtenis", json_integer(nr));
		json_array_append_new(list, inc);
		json_array_foreach(json_object_get(c, "maatregelen"), i, m)
			if (vpd_workflow_measure_in_force(m, req->now))
				in_force = true;
		if (in_force)
			json_object_set_new(c, "recidive", json_true());
	}
	ctx = context(c, inputs, req->persoon, req->now);
	eff = new_effects(ev->name, state, state);
	/* A workflow that says so ends measures past their last day with
	 * any event, whatever state the case is in, so a warning does not
	 * stay "actief" after the case moved on.  Declared, not built in:
	 * cases on older workflow versions replay as they were made. */
	if (wf->expire_measures)
		end_measures(c, "verlopen", NULL, true, req->now, nowbuf,
		    json_object_get(eff, "acties"));

	/* Guards. */
	for (i = 0; i < ev->nguards; i++) {
		const wf_guard *g = &ev->guards[i];
		const char *reason;

		if ((rc = test(wf, g->when, ctx, &ok, err)))
			goto fail;
		if (!ok)
			continue;
		if ((rc = test(wf, g->require, ctx, &ok, err)))
			goto fail;
		if (ok)
			continue;
		reason = g->deviation_input ? json_string_value(
		    json_object_get(inputs, g->deviation_input)) : NULL;
		/* a sealed reason is a reason given */
		if (g->deviation_input && vpd_seal_is_sealed(json_object_get(
		    inputs, g->deviation_input), NULL))
			reason = "verzegeld";
		if (reason && *reason && (req->roles & g->deviation_roles)) {
			/* the reason as given: sealed, it stays so */
			json_array_append_new(json_object_get(eff,
			    "afwijkingen"), json_pack("{sssOsss[s]}", "regel",
			    g->message, "reden", json_object_get(inputs,
			    g->deviation_input), "door",
			    req->actor ? req->actor : "", "rollen",
			    vpd_role_name(req->roles & g->deviation_roles)));
			continue;
		}
		if (g->deviation_input) {
			roles_text(g->deviation_roles, buf, sizeof(buf));
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "%s (to deviate, someone with the role %s records "
			    "the reason in '%s')", g->message, buf,
			    g->deviation_input);
			vpd_error_set_nl(err, "%s Afwijken mag alleen met een "
			    "reden, door iemand met de rol %s.", g->message,
			    buf);
		} else {
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "%s", g->message);
			vpd_error_set_nl(err, "%s", g->message);
		}
		goto fail;
	}

	/* Target state. */
	for (i = 0; i < ev->ntargets; i++) {
		if ((rc = test(wf, ev->targets[i].when, ctx, &ok, err)))
			goto fail;
		if (ok) {
			to = ev->targets[i].to;
			break;
		}
	}
	if (ev->ntargets > 0 && i == ev->ntargets) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "none of the targets of event %s applies to these inputs",
		    ev->name);
		goto fail;
	}

	if ((rc = meet_deadlines(wf, c, ev, req, ctx, nr, eff, err)))
		goto fail;

	/* Inputs become case data; actions see them as case.X.  Internal
	 * notes stay in the event record only, so no letter can print
	 * them. */
	json_object_foreach(inputs, key, v) {
		const wf_input *in = wf_find_input(ev, key);

		if (in && in->internal)
			continue;
		json_object_set(json_object_get(c, "gegevens"), key, v);
	}
	json_object_set_new(c, "status", json_string(to));
	json_decref(ctx);
	ctx = context(c, inputs, req->persoon, req->now);
	if ((rc = run_actions(wf, ev, c, req, ctx, nr, eff, err)))
		goto fail;
	if ((rc = start_deadlines(wf, c, ev->name, ctx, nr, eff, err)))
		goto fail;
	if (vpd_workflow_is_final(wf, to)) {
		json_t *inst;

		json_array_foreach(json_object_get(c, "termijnen"), i, inst)
			if (strcmp(json_string_value(json_object_get(inst,
			    "status")), "open") == 0)
				json_object_set_new(inst, "status",
				    json_string("vervallen"));
	}
	json_object_set_new(c, "gebeurtenissen", json_integer(nr));
	json_object_set_new(c, "bijgewerkt", json_string(nowbuf));
	json_object_set_new(eff, "naar", json_string(to));
	json_object_set_new(eff, "invoer", inputs);
	json_decref(ctx);
	*case_out = c;
	*effects = eff;
	return 0;
fail:
	json_decref(inputs);
	json_decref(ctx);
	json_decref(eff);
	json_decref(c);
	return rc;
}

const char *
vpd_workflow_due(const vpd_workflow *wf, const json_t *case_in,
    const json_t *persoon, vpd_time now)
{
	const char *state = json_string_value(json_object_get(case_in,
	    "status"));
	const char *due = NULL;
	json_t *ctx;

	if (state == NULL || vpd_workflow_is_final(wf, state))
		return NULL;
	ctx = context(case_in, NULL, persoon, now);
	for (size_t e = 0; e < wf->nevents && !due; e++) {
		const wf_event *ev = &wf->events[e];
		vpd_value v;
		vpd_error err;
		vpd_time t;

		if (ev->at_expr == NULL || !wf_event_from(wf, ev, state))
			continue;
		if (vpd_expr_eval(ev->at_expr, ctx, &v, &err) == 0 &&
		    vpd_value_instant(&v, &t) == 0 && t <= now)
			due = ev->name;
	}
	json_decref(ctx);
	return due;
}

json_t *
vpd_workflow_allowed(const vpd_workflow *wf, const json_t *case_in,
    unsigned roles)
{
	const char *state = json_string_value(json_object_get(case_in,
	    "status"));
	json_t *arr = json_array();

	for (size_t e = 0; state && e < wf->nevents; e++) {
		const wf_event *ev = &wf->events[e];

		if (ev->at_expr == NULL && wf_event_from(wf, ev, state) &&
		    (ev->roles & vpd_roles_effective(roles)))
			json_array_append_new(arr, json_string(ev->name));
	}
	return arr;
}

/* ------------------------------------------------------------------ */
/* Which text inputs may be sealed                                     */

typedef struct {
	const char *a, *b;      /* "input.NAME", "case.NAME" */
	bool hit;
} path_probe;

static int
probe_path(const char *path, int offset, void *ud)
{
	path_probe *p = ud;

	(void)offset;
	if (strcmp(path, p->a) == 0 || strcmp(path, p->b) == 0 ||
	    (strncmp(path, p->b, strlen(p->b)) == 0 &&
	    path[strlen(p->b)] == '.'))
		p->hit = true;
	return 0;
}

static bool
expr_uses(const vpd_expr *e, path_probe *p)
{
	if (e)
		vpd_expr_paths(e, probe_path, p);
	return p->hit;
}

/* Whether an expression of the workflow looks at the value of `name`
 * (as input.NAME or case.NAME) other than to copy it as it is. */
static bool
compared(const vpd_workflow *wf, const char *name, int depth)
{
	char a[160], b[160];
	path_probe p = {a, b, false};

	snprintf(a, sizeof(a), "input.%s", name);
	snprintf(b, sizeof(b), "case.%s", name);
	for (size_t i = 0; i < wf->nevents && !p.hit; i++) {
		const wf_event *ev = &wf->events[i];

		expr_uses(ev->at_expr, &p);
		for (size_t g = 0; g < ev->nguards; g++) {
			expr_uses(ev->guards[g].when, &p);
			expr_uses(ev->guards[g].require, &p);
		}
		for (size_t k = 0; k < ev->ntargets; k++)
			expr_uses(ev->targets[k].when, &p);
		for (size_t k = 0; k < ev->nactions; k++) {
			const wf_action *act = &ev->actions[k];

			expr_uses(act->when, &p);
			for (size_t c = 0; c < act->ncopies; c++)
				expr_uses(act->copies[c].when, &p);
			for (size_t f = 0; f < act->nfields; f++) {
				const char *bare = vpd_expr_bare_path(
				    act->fields[f].value);

				if (bare == NULL) {
					expr_uses(act->fields[f].value, &p);
					continue;
				}
				/* copied as it is into case.FIELD: looked at
				 * there? */
				if ((strcmp(bare, a) == 0 ||
				    strcmp(bare, b) == 0) && act->kind ==
				    ACT_SET && strcmp(act->fields[f].name,
				    name) != 0 && (depth > 4 || compared(wf,
				    act->fields[f].name, depth + 1)))
					p.hit = true;
				/* copied where vpd reads it itself (a
				 * measure's kind and dates, an appointment's
				 * times): that needs it plain */
				if ((strcmp(bare, a) == 0 ||
				    strcmp(bare, b) == 0) && act->kind !=
				    ACT_SET && !(act->kind == ACT_VISIT &&
				    (strcmp(act->fields[f].name, "doel") == 0 ||
				    strcmp(act->fields[f].name, "begeleider") ==
				    0 || strcmp(act->fields[f].name,
				    "locatie") == 0)))
					p.hit = true;
			}
		}
	}
	for (size_t i = 0; i < wf->ndeadlines && !p.hit; i++) {
		expr_uses(wf->deadlines[i].when, &p);
		expr_uses(wf->deadlines[i].anchor, &p);
		for (size_t k = 0; k < wf->deadlines[i].nstart; k++)
			expr_uses(wf->deadlines[i].start[k].when, &p);
		for (size_t k = 0; k < wf->deadlines[i].nmet; k++)
			expr_uses(wf->deadlines[i].met_by[k].when, &p);
	}
	return p.hit;
}

bool
vpd_workflow_input_sealable(const vpd_workflow *wf, const char *event,
    const char *name)
{
	const wf_event *ev = wf_find_event(wf, event);
	const wf_input *in = ev ? wf_find_input(ev, name) : NULL;

	return in && in->type == IN_TEXT && strlen(name) <= 64 &&
	    !compared(wf, name, 0);
}
