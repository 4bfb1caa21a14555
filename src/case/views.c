/*
 * views.c - cases as each viewer may see them: `case show`, `case list`
 * and `case log`, for the command line and the web pages alike.
 *
 * The full case is read, the viewer's sight of it is worked out
 * (access.c), and the view is built from the parts that sight allows, so
 * that nothing a role may not see is ever put into the result: a filter
 * that removed fields afterwards would leak every field added later.
 * Each view that shows personal data is written to the access log first;
 * when that fails, nothing is shown.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../record/record.h"
#include "../util/json.h"
#include "access.h"
#include "apply.h"
#include "index.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
read_case(vpd_txn *t, const char *id, json_t **out, vpd_error *err)
{
	char path[128];

	if (id == NULL || *id == '\0' || strchr(id, '/') || strlen(id) > 64)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' is not a case id (e.g. 2026-0001)", id ? id : "");
	if (vpd_case_path(t, id, "case.json", path,
	    sizeof(path)) || !vpd_txn_exists(t, path)) {
		vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", id);
		vpd_error_set_nl(err, "Zaak %s bestaat niet.", id);
		return VPD_ENOTFOUND;
	}
	/* one that cannot be read (a key missing) is an error, never
	 * "no such case" */
	return vpd_txn_read_json(t, path, out, err);
}

static int
refuse_case(vpd_error *err, const vpd_viewer *v, const char *id,
    const char *what)
{
	vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
	    "%s may not see %s of case %s", v->actor, what, id);
	vpd_error_set_nl(err, "U heeft geen toegang tot %s van zaak %s.",
	    strcmp(what, "the audit trail") == 0 ? "het verloop" :
	    strcmp(what, "the documents") == 0 ? "de brieven" : "de gegevens",
	    id);
	return VPD_EREFUSED;
}

static json_t *
sight_names(unsigned sight)
{
	json_t *out = json_array();

	if (sight & VPD_SIGHT_FULL)
		json_array_append_new(out, json_string("volledig"));
	if (sight & VPD_SIGHT_REPORTS)
		json_array_append_new(out, json_string("meldingen"));
	if (sight & VPD_SIGHT_DESK)
		json_array_append_new(out, json_string("balie"));
	if (sight & VPD_SIGHT_POLICE)
		json_array_append_new(out, json_string("politie"));
	return out;
}

/* The person as the full view shows it: the record plus "naam". */
static json_t *
person_full(const json_t *p)
{
	json_t *out = json_deep_copy(p);
	char *name = vpd_person_display_name(p);

	json_object_set_new(out, "naam", json_string(name ? name : ""));
	json_object_del(out, "zaken");
	free(name);
	return out;
}

/* The deadlines still open, with their local time and whether passed. */
static json_t *
open_deadlines(const json_t *cs, vpd_time now)
{
	json_t *open = json_array(), *v;
	size_t i;

	json_array_foreach(json_object_get(cs, "termijnen"), i, v) {
		vpd_time due;
		char local[VPD_TIME_LOCAL_LEN];

		if (strcmp(str(v, "status"), "open") != 0 ||
		    vpd_time_parse(str(v, "uiterlijk"), &due))
			continue;
		vpd_time_format_local(due, local);
		json_array_append_new(open, json_pack("{sOsOsOsssbsIsO}",
		    "naam", json_object_get(v, "naam"), "label",
		    json_object_get(v, "label"), "uiterlijk",
		    json_object_get(v, "uiterlijk"), "uiterlijk_lokaal", local,
		    "verlopen", now > due, "seconden_over", (json_int_t)(due -
		    now), "wie", json_object_get(v, "wie")));
	}
	return open;
}

/* The events the viewer may fire now, with what their forms need. */
static json_t *
forms(const vpd_workflow *wf, const json_t *cs, unsigned roles,
    vpd_time now)
{
	json_t *allowed = vpd_workflow_allowed(wf, cs, roles), *out, *ev;
	size_t i;

	out = json_array();
	json_array_foreach(allowed, i, ev) {
		json_t *f = vpd_workflow_event_form(wf, json_string_value(ev));

		if (f == NULL)
			continue;
		json_object_set_new(f, "reden_te_laat", json_boolean(
		    vpd_workflow_late_needs_reason(wf, cs,
		    json_string_value(ev), now)));
		json_array_append_new(out, f);
	}
	json_decref(allowed);
	return out;
}

/* What happened in the case, as a reporter may follow it: the steps with
 * their labels and dates, not their inputs. */
static json_t *
progress(vpd_txn *t, const vpd_workflow *wf, const json_t *cs)
{
	json_int_t n = json_integer_value(json_object_get(cs,
	    "gebeurtenissen"));
	json_t *out = json_array();

	for (json_int_t k = 1; k <= n && k <= 10000; k++) {
		char path[160], rest[32];
		json_t *rec;
		vpd_error e;

		snprintf(rest, sizeof(rest), "events/%04lld.json",
		    (long long)k);
		if (vpd_case_path(t, str(cs, "id"), rest, path,
		    sizeof(path)) || vpd_txn_read_json(t, path, &rec, &e))
			continue;
		if (strcmp(str(rec, "soort"), "verzending") != 0)
			json_array_append_new(out, json_pack("{sIsOssss}", "nr",
			    k, "tijdstip", json_object_get(rec, "tijdstip"),
			    "wat", vpd_workflow_event_label(wf, str(rec,
			    "event")), "status", vpd_workflow_state_label(wf,
			    str(rec, "naar"))));
		json_decref(rec);
	}
	return out;
}

/* The measures as a reporter sees them: kind, dates, state. */
static json_t *
measures_brief(const json_t *cs)
{
	json_t *out = json_array(), *m;
	size_t i;

	json_array_foreach(json_object_get(cs, "maatregelen"), i, m)
		json_array_append_new(out, json_pack("{sOsOsOsOsO}", "nr",
		    json_object_get(m, "nr"), "soort", json_object_get(m,
		    "soort"), "van", json_object_get(m, "van"), "tot",
		    json_object_get(m, "tot"), "status", json_object_get(m,
		    "status")));
	return out;
}

/* The documents with only their copies for the police. */
static json_t *
police_documents(const json_t *cs)
{
	json_t *out = json_array(), *doc, *cp;
	size_t i, k;

	json_array_foreach(json_object_get(cs, "documenten"), i, doc) {
		json_t *copies = json_array();

		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp)
			if (str(cp, "bestemming") &&
			    strcmp(str(cp, "bestemming"), "politie") == 0)
				json_array_append(copies, cp);
		if (json_array_size(copies) == 0) {
			json_decref(copies);
			continue;
		}
		json_array_append_new(out, json_pack("{sOsOsOsOso}", "nr",
		    json_object_get(doc, "nr"), "brief", json_object_get(doc,
		    "brief"), "titel", json_object_get(doc, "titel"),
		    "tijdstip", json_object_get(doc, "tijdstip"), "exemplaren",
		    copies));
	}
	return out;
}

/*
 * The view of a case for a sight.  Every part is added only by the bits
 * that allow it.
 */
static json_t *
case_view(vpd_txn *t, const vpd_who *who, const vpd_viewer *v,
    const vpd_workflow *wf, const json_t *cs, const json_t *p,
    unsigned sight, const json_t *mine)
{
	vpd_date today = vpd_time_local_date(who->now);
	json_t *out;

	if (sight & VPD_SIGHT_FULL) {
		out = json_deep_copy(cs);
		if (p)
			json_object_set_new(out, "persoon", person_full(p));
		json_object_set_new(out, "open_termijnen",
		    open_deadlines(cs, who->now));
	} else {
		out = json_pack("{sOsOsOsO}", "id", json_object_get(cs, "id"),
		    "status", json_object_get(cs, "status"), "geopend",
		    json_object_get(cs, "geopend"), "bijgewerkt",
		    json_object_get(cs, "bijgewerkt"));
		if ((sight & VPD_SIGHT_DESK) && p) {
			json_t *c = vpd_desk_card(who, cs, p, today);

			json_object_set_new(out, "persoon", json_pack(
			    "{sOsOsO?sO*}", "id", json_object_get(p, "id"),
			    "naam", json_object_get(c, "naam"),
			    "geboortedatum", json_object_get(p,
			    "geboortedatum"), "foto", json_object_get(p,
			    "foto")));
			json_object_set(out, "maatregelen",
			    json_object_get(c, "maatregelen"));
			json_object_set(out, "oordeel", json_object_get(c,
			    "oordeel"));
			json_decref(c);
		} else if ((sight & VPD_SIGHT_REPORTS) && p) {
			char *name = vpd_person_display_name(p);

			json_object_set_new(out, "persoon", json_pack("{ss}",
			    "naam", name ? name : ""));
			free(name);
		}
		if ((sight & VPD_SIGHT_REPORTS) && !(sight & VPD_SIGHT_DESK))
			json_object_set_new(out, "maatregelen",
			    measures_brief(cs));
		if (sight & VPD_SIGHT_REPORTS) {
			json_t *own = json_array(), *inc, *nr;
			size_t i, k;

			json_array_foreach(json_object_get(cs, "incidenten"), i,
			    inc)
				json_array_foreach(mine, k, nr)
					if (json_equal(nr, json_object_get(inc,
					    "nr")))
						json_array_append(own, inc);
			json_object_set_new(out, "incidenten", own);
			json_object_set_new(out, "verloop", progress(t, wf, cs));
		}
		if (sight & VPD_SIGHT_POLICE)
			json_object_set_new(out, "documenten",
			    police_documents(cs));
	}
	json_object_set_new(out, "status_label", json_string(
	    vpd_workflow_state_label(wf, str(cs, "status"))));
	json_object_set_new(out, "afgesloten", json_boolean(
	    vpd_workflow_is_final(wf, str(cs, "status"))));
	json_object_set_new(out, "workflow_titel",
	    json_string(vpd_workflow_title(wf)));
	json_object_set_new(out, "zicht", sight_names(sight));
	if (sight & (VPD_SIGHT_FULL | VPD_SIGHT_DESK)) {
		json_object_set_new(out, "toegestaan", vpd_workflow_allowed(wf,
		    cs, v->roles));
		json_object_set_new(out, "formulieren", forms(wf, cs, v->roles,
		    who->now));
	}
	return out;
}

static json_t *
one_id(const char *id)
{
	json_t *arr = json_array();

	if (id)
		json_array_append_new(arr, json_string(id));
	return arr;
}

int
vpd_core_case_show(vpd_archive *a, const vpd_who *who, const char *case_id,
    json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_wfcache *c = vpd_wfcache_new();
	vpd_viewer v = {0};
	const vpd_workflow *wf;
	json_t *cs = NULL, *p = NULL, *mine = NULL, *out = NULL, *zaken = NULL,
	    *personen = NULL;
	unsigned sight;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "a case", err)) ||
	    (rc = read_case(t, case_id, &cs, err)) ||
	    (rc = vpd_wfcache_get(c, a, str(json_object_get(cs, "workflow"),
	    "blob"), &wf, err)))
		goto done;
	sight = vpd_case_sight(t, &v, cs, vpd_time_local_date(who->now),
	    &mine);
	if (sight == 0) {
		rc = refuse_case(err, &v, case_id, "anything");
		goto done;
	}
	if ((rc = vpd_person_of_case_checked(t, cs, &p, err)))
		goto done;
	out = case_view(t, who, &v, wf, cs, p, sight, mine);
	zaken = one_id(case_id);
	personen = one_id(str(cs, "persoon"));
	if ((rc = vpd_access_log(a, who, &v, "zaak", zaken, personen, err)))
		goto done;
	*result = out;
	out = NULL;
done:
	json_decref(out);
	json_decref(zaken);
	json_decref(personen);
	json_decref(mine);
	json_decref(cs);
	json_decref(p);
	vpd_viewer_free(&v);
	vpd_wfcache_free(c);
	vpd_txn_free(t);
	return rc;
}

/* One line of the case list, with what the sight allows. */
static json_t *
list_entry(const vpd_workflow *wf, const json_t *cs, const json_t *p,
    unsigned sight, const json_t *mine)
{
	json_t *e = json_pack("{sOsOsssOsOsOsbso}", "id", json_object_get(cs,
	    "id"), "status", json_object_get(cs, "status"), "status_label",
	    wf ? vpd_workflow_state_label(wf, str(cs, "status")) : "",
	    "geopend", json_object_get(cs, "geopend"), "bijgewerkt",
	    json_object_get(cs, "bijgewerkt"), "workflow",
	    json_object_get(json_object_get(cs, "workflow"), "naam"), "nieuw",
	    wf && strcmp(vpd_workflow_initial(wf), str(cs, "status")) == 0,
	    "zicht", sight_names(sight));

	json_object_set_new(e, "afgesloten", json_boolean(wf &&
	    vpd_workflow_is_final(wf, str(cs, "status"))));
	if (p && (sight & (VPD_SIGHT_FULL | VPD_SIGHT_DESK |
	    VPD_SIGHT_REPORTS))) {
		char *name = vpd_person_display_name(p);

		json_object_set_new(e, "naam", json_string(name ? name : ""));
		free(name);
	}
	if (sight & (VPD_SIGHT_FULL | VPD_SIGHT_DESK))
		json_object_set(e, "persoon", json_object_get(cs, "persoon"));
	if (sight & VPD_SIGHT_FULL) {
		json_t *afd = json_array(), *inc;
		size_t i;

		json_array_foreach(json_object_get(cs, "incidenten"), i, inc)
			if (json_object_get(inc, "afdeling"))
				json_array_append(afd, json_object_get(inc,
				    "afdeling"));
		json_object_set_new(e, "afdelingen", afd);
		json_object_set_new(e, "incidenten_aantal", json_integer((json_int_t)
		    json_array_size(json_object_get(cs, "incidenten"))));
	}
	if (sight & VPD_SIGHT_REPORTS) {
		json_t *own = json_array(), *inc, *nr;
		size_t i, k;

		json_array_foreach(json_object_get(cs, "incidenten"), i, inc)
			json_array_foreach(mine, k, nr)
				if (json_equal(nr, json_object_get(inc, "nr")))
					json_array_append_new(own, json_pack(
					    "{sOsOsO}", "nr", nr, "tijdstip",
					    json_object_get(inc, "tijdstip"),
					    "locatie", json_object_get(inc,
					    "locatie")));
		json_object_set_new(e, "mijn_meldingen", own);
	}
	return e;
}

int
vpd_core_case_list(vpd_archive *a, const vpd_who *who, const char *state,
    json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_wfcache *c = vpd_wfcache_new();
	vpd_viewer v = {0};
	json_t *ids = NULL, *id, *out = NULL, *zaken = json_array(),
	    *personen = json_array();
	vpd_date today = vpd_time_local_date(who->now);
	size_t i;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "the case list", err)))
		goto done;
	/* With a state, the index names its cases (index.h). */
	if (state == NULL || (ids = vpd_index_state(t, state)) == NULL)
		ids = vpd_layout_case_ids(t);
	out = json_array();
	json_array_foreach(ids, i, id) {
		json_t *cs = NULL, *p, *mine = NULL;
		const vpd_workflow *wf = NULL;
		unsigned sight;
		vpd_error e;

		if ((rc = read_case(t, json_string_value(id), &cs, err))) {
			/* unreadable is an error, never a shorter list */
			if (rc != VPD_ENOTFOUND)
				goto done;
			rc = 0;
			vpd_error_clear(err);
			continue;
		}
		if (state && strcmp(state, str(cs, "status")) != 0) {
			json_decref(cs);
			continue;
		}
		sight = vpd_case_sight(t, &v, cs, today, &mine);
		if (sight == 0) {
			json_decref(mine);
			json_decref(cs);
			continue;
		}
		if (vpd_wfcache_get(c, a, str(json_object_get(cs, "workflow"),
		    "blob"), &wf, &e))
			wf = NULL;
		if ((rc = vpd_person_of_case_checked(t, cs, &p, err))) {
			json_decref(mine);
			json_decref(cs);
			goto done;
		}
		json_array_append_new(out, list_entry(wf, cs, p, sight, mine));
		json_array_append(zaken, id);
		if (p && (sight & ~(unsigned)VPD_SIGHT_POLICE))
			json_array_append(personen, json_object_get(cs,
			    "persoon"));
		json_decref(p);
		json_decref(mine);
		json_decref(cs);
	}
	if ((rc = vpd_access_log(a, who, &v, "zaken", zaken, personen, err)))
		goto done;
	*result = out;
	out = NULL;
done:
	json_decref(out);
	json_decref(ids);
	json_decref(zaken);
	json_decref(personen);
	vpd_viewer_free(&v);
	vpd_wfcache_free(c);
	vpd_txn_free(t);
	return rc;
}

typedef struct {
	vpd_archive *a;
	vpd_wfcache *cache;
	char prefix[96];
	json_t *out;
	vpd_error *err;
} log_walk;

/*
 * The workflow's words for a record, so a reader of the trail needs no
 * workflow file: "wat" (the event's label), "van_label", "naar_label",
 * and "invoer_labels" (input name -> label).
 */
static void
label_record(log_walk *w, json_t *rec)
{
	const vpd_workflow *wf;
	json_t *form, *in, *labels = json_object();
	const char *ev = str(rec, "event");
	vpd_error e;
	size_t i;

	if (vpd_wfcache_get(w->cache, w->a, str(json_object_get(rec,
	    "workflow"), "blob"), &wf, &e)) {
		json_decref(labels);
		return;
	}
	json_object_set_new(rec, "wat", json_string(strcmp(str(rec, "soort"),
	    "verzending") == 0 ? "Verzending van een brief" :
	    vpd_workflow_event_label(wf, ev ? ev : "")));
	if (strcmp(str(rec, "soort"), "verzending") != 0) {
		json_object_set_new(rec, "van_label", json_string(
		    vpd_workflow_state_label(wf, str(rec, "van"))));
		json_object_set_new(rec, "naar_label", json_string(
		    vpd_workflow_state_label(wf, str(rec, "naar"))));
	}
	form = ev ? vpd_workflow_event_form(wf, ev) : NULL;
	json_array_foreach(json_object_get(form, "invoer"), i, in)
		json_object_set(labels, str(in, "naam"), json_object_get(in,
		    "label"));
	json_object_set_new(rec, "invoer_labels", labels);
	json_decref(form);
}

static int
log_cb(const vpd_commit *c, void *ud)
{
	log_walk *w = ud;
	size_t i;
	json_t *p;
	int rc = 0;

	json_array_foreach(c->added, i, p) {
		const char *path = json_string_value(p);
		vpd_txn *t = NULL;
		json_t *rec;

		if (strncmp(path, w->prefix, strlen(w->prefix)) != 0 ||
		    !vpd_is_record_path(path))
			continue;
		if ((rc = vpd_txn_begin_at(&t, w->a, c->id, w->err)))
			return rc;
		if ((rc = vpd_txn_read_json(t, path, &rec, w->err)) == 0) {
			json_object_set_new(rec, "commit", json_string(c->id));
			label_record(w, rec);
			json_array_append_new(w->out, rec);
		}
		vpd_txn_free(t);
		if (rc)
			return rc;
	}
	return 0;
}

/* The records in the case's folder as it is now, oldest first. */
static int
records_now(vpd_txn *t, log_walk *w, const char *dir)
{
	json_t *names = vpd_txn_list(t, dir), *name;
	size_t i;
	int rc = 0;

	json_array_foreach(names, i, name) {
		char path[160];
		json_t *rec;

		snprintf(path, sizeof(path), "%s/%s", dir,
		    json_string_value(name));
		if (!vpd_is_record_path(path))
			continue;
		if ((rc = vpd_txn_read_json(t, path, &rec, w->err)))
			break;
		label_record(w, rec);
		json_array_append_new(w->out, rec);
	}
	json_decref(names);
	return rc;
}

/*
 * The case's records for a reader with full sight, with the commit of
 * each when `commits` (a walk through the history: the cost grows with
 * the archive) or as they are in the case's folder now.
 */
static int
case_log(vpd_archive *a, const vpd_who *who, const char *case_id,
    bool commits, json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *cs = NULL, *zaken = NULL, *personen = NULL;
	log_walk w = {.a = a, .err = err};
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "the audit trail", err)) ||
	    (rc = read_case(t, case_id, &cs, err)))
		goto done;
	if (!(vpd_case_sight(t, &v, cs, vpd_time_local_date(who->now), NULL) &
	    VPD_SIGHT_FULL)) {
		rc = refuse_case(err, &v, case_id, "the audit trail");
		goto done;
	}
	vpd_case_path(t, case_id, "events/", w.prefix, sizeof(w.prefix));
	w.out = json_array();
	w.cache = vpd_wfcache_new();
	zaken = one_id(case_id);
	personen = one_id(str(cs, "persoon"));
	{
		char dir[sizeof(w.prefix)];

		snprintf(dir, sizeof(dir), "%.*s", (int)strlen(w.prefix) - 1,
		    w.prefix);
		/* With commits: only those that touched this case's events. */
		rc = commits ? vpd_archive_walk_under(a, dir, log_cb, &w, err) :
		    records_now(t, &w, dir);
	}
	if (rc || (rc = vpd_access_log(a, who, &v, "verloop", zaken, personen,
	    err))) {
		json_decref(w.out);
		goto done;
	}
	*result = w.out;
done:
	vpd_wfcache_free(w.cache);
	json_decref(zaken);
	json_decref(personen);
	json_decref(cs);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

int
vpd_core_case_log(vpd_archive *a, const vpd_who *who, const char *case_id,
    json_t **result, vpd_error *err)
{
	return case_log(a, who, case_id, true, result, err);
}

int
vpd_core_case_history(vpd_archive *a, const vpd_who *who,
    const char *case_id, json_t **result, vpd_error *err)
{
	return case_log(a, who, case_id, false, result, err);
}

/* ---- Legal affairs' overview across cases --------------------------- */

/* The deviations recorded in a case's event records. */
static int
case_deviations(vpd_txn *t, const json_t *cs, json_t *out, bool *listed,
    vpd_error *err)
{
	json_int_t n = json_integer_value(json_object_get(cs, "gebeurtenissen"));
	const char *id = str(cs, "id");

	for (json_int_t i = 1; i <= n; i++) {
		char rest[32], path[160];
		json_t *rec = NULL, *d;
		size_t k;
		int rc;

		snprintf(rest, sizeof(rest), "events/%04lld.json", (long long)i);
		if (vpd_case_path(t, id, rest, path, sizeof(path)))
			continue;
		if ((rc = vpd_txn_read_json(t, path, &rec, err))) {
			if (rc != VPD_ENOTFOUND)
				return rc;
			vpd_error_clear(err);
			continue;
		}
		json_array_foreach(json_object_get(rec, "afwijkingen"), k, d) {
			json_array_append_new(out, json_pack("{sssIsOsOsOsOsOsO}",
			    "zaak", id, "gebeurtenis", i, "event",
			    json_object_get(rec, "event") ? json_object_get(rec,
			    "event") : json_null(), "tijdstip", json_object_get(
			    rec, "tijdstip") ? json_object_get(rec, "tijdstip") :
			    json_null(), "regel", json_object_get(d, "regel") ?
			    json_object_get(d, "regel") : json_null(), "reden",
			    json_object_get(d, "reden") ? json_object_get(d,
			    "reden") : json_null(), "door", json_object_get(d,
			    "door") ? json_object_get(d, "door") : json_null(),
			    "rollen", json_object_get(d, "rollen") ?
			    json_object_get(d, "rollen") : json_null()));
			*listed = true;
		}
		json_decref(rec);
	}
	return 0;
}

/* Easter Sunday of year y (the Gregorian computus). */
static vpd_date
easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) %
	    31 + 1;

	return vpd_date_from_ymd(y, month, day);
}

/*
 * Whether a term cannot end on day d (Algemene termijnenwet art. 1 and
 * 3): a Saturday or Sunday, New Year's Day, Good Friday (equated by
 * decree), Easter and Whit Monday, Ascension Day, King's Day (27 April,
 * the 26th when the 27th is a Sunday), 5 May, and both Christmas days.
 */
static bool
no_term_end(vpd_date d)
{
	int y, m, dd, weekday = (int)(((d + 3) % 7 + 7) % 7);   /* 0: Monday */
	vpd_date e;

	if (weekday >= 5)
		return true;
	vpd_date_to_ymd(d, &y, &m, &dd);
	e = easter(y);
	if ((m == 1 && dd == 1) || (m == 5 && dd == 5) || (m == 12 &&
	    (dd == 25 || dd == 26)))
		return true;
	if (d == e - 2 || d == e + 1 || d == e + 39 || d == e + 50)
		return true;
	{
		vpd_date king = vpd_date_from_ymd(y, 4, 27);

		if ((((king + 3) % 7 + 7) % 7) == 6)
			king--;
		if (d == king)
			return true;
	}
	return false;
}

/*
 * The decisions of a case open to bezwaar, with their term: six weeks
 * from the day after the decision was made known, i.e. after its letter
 * went to the addressee (sent, by registered post, or handed over: Awb
 * 3:41, 6:7, 6:8), the last day moved past a weekend or holiday
 * (Algemene termijnenwet).  A decision not yet sent is listed without a
 * term: it has not been made known.  Listed until the term's last day.
 * Whether a letter is a decision open to bezwaar is its template's to
 * say (cache: workflow/letter -> true/false).
 */
static int
case_bezwaar(const vpd_who *who, const json_t *cs, json_t *out,
    json_t *cache, bool *listed)
{
	const char *wf = str(json_object_get(cs, "workflow"), "naam");
	vpd_date today = vpd_time_local_date(who->now);
	json_t *doc, *cp, *st;
	size_t i, k, j;

	json_array_foreach(json_object_get(cs, "documenten"), i, doc) {
		char key[300], from[VPD_DATE_LEN], to[VPD_DATE_LEN],
		    day[VPD_DATE_LEN];
		json_t *open, *entry;
		vpd_time made, sent = -1;
		vpd_date end;

		if (wf == NULL || str(doc, "brief") == NULL ||
		    vpd_time_parse(str(doc, "tijdstip"), &made))
			continue;
		snprintf(key, sizeof(key), "%s/%s", wf, str(doc, "brief"));
		if ((open = json_object_get(cache, key)) == NULL) {
			open = json_boolean(vpd_letter_open_to_bezwaar(who, wf,
			    str(doc, "brief")) == 1);
			json_object_set_new(cache, key, open);
		}
		if (!json_is_true(open))
			continue;
		/* made known: the first time a copy reached its addressee */
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp) {
			if (!json_is_true(json_object_get(cp, "geadresseerde")))
				continue;
			json_array_foreach(json_object_get(cp, "verzending"), j,
			    st) {
				const char *s = str(st, "status");
				vpd_time t;

				if (s && (strcmp(s, "verzonden") == 0 ||
				    strcmp(s, "aangetekend_verzonden") == 0 ||
				    strcmp(s, "uitgereikt") == 0) &&
				    vpd_time_parse(str(st, "tijdstip"), &t) == 0 &&
				    (sent < 0 || t < sent))
					sent = t;
			}
		}
		vpd_date_format(vpd_time_local_date(made), day);
		entry = json_pack("{sssOsOss}", "zaak", str(cs, "id"), "nr",
		    json_object_get(doc, "nr"), "titel", json_object_get(doc,
		    "titel") ? json_object_get(doc, "titel") : json_null(),
		    "datum", day);
		if (sent < 0) {
			json_object_set_new(entry, "verzonden", json_false());
			json_object_set_new(entry, "van", json_null());
			json_object_set_new(entry, "tot", json_null());
			json_object_set_new(entry, "dagen", json_null());
		} else {
			vpd_date known = vpd_time_local_date(sent);

			end = known + 42;
			while (no_term_end(end))
				end++;
			if (end < today) {
				json_decref(entry);
				continue;
			}
			vpd_date_format(known, day);
			vpd_date_format(known + 1, from);
			vpd_date_format(end, to);
			json_object_set_new(entry, "verzonden", json_true());
			json_object_set_new(entry, "bekendgemaakt",
			    json_string(day));
			json_object_set_new(entry, "van", json_string(from));
			json_object_set_new(entry, "tot", json_string(to));
			json_object_set_new(entry, "dagen", json_integer(end -
			    today));
		}
		json_array_append_new(out, entry);
		*listed = true;
	}
	return 0;
}

static int
by_end(const void *x, const void *y)
{
	const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	/* not yet made known (no term) first: they need sending */
	int c = strcmp(str(a, "tot") ? str(a, "tot") : "",
	    str(b, "tot") ? str(b, "tot") : "");

	return c ? c : strcmp(str(a, "zaak"), str(b, "zaak"));
}


/*
 * The steps taken after their deadline, with the reason given, and the
 * decisions by signer, over every case: from the case files (deadlines
 * met late, documents with signer and time) and, for each late step, the
 * record that holds its reason.  For legal affairs and the coordinator,
 * who see every case fully.
 */
int
vpd_core_legal_overview(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *ids = NULL, *id, *late = json_array(), *signers = json_object(),
	    *zaken = json_array(), *doc, *deviations = json_array(),
	    *bezwaar = json_array(), *bezwaar_cache = json_object();
	size_t i, k;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "the legal overview", err)))
		goto done;
	if (!(v.roles & (VPD_ROLE_LEGAL | VPD_ROLE_COORDINATOR))) {
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "the legal "
		    "overview: for legal affairs and the coordinator");
		vpd_error_set_nl(err, "Dit is niet voor uw rol bedoeld.");
		rc = VPD_EREFUSED;
		goto done;
	}
	ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, id) {
		json_t *cs = NULL;
		bool listed = false;

		if ((rc = read_case(t, json_string_value(id), &cs, err))) {
			if (rc != VPD_ENOTFOUND)
				goto done;
			rc = 0;
			vpd_error_clear(err);
			continue;
		}
		json_array_foreach(json_object_get(cs, "termijnen"), k, doc) {
			json_t *rec = NULL;
			char path[160], rest[32];
			vpd_error e;

			if (strcmp(str(doc, "status") ? str(doc, "status") : "",
			    "te_laat") != 0)
				continue;
			/* the reason is the late step's own */
			snprintf(rest, sizeof(rest), "events/%04lld.json",
			    (long long)json_integer_value(json_object_get(doc,
			    "afgehandeld_bij")));
			if (vpd_case_path(t, json_string_value(id), rest, path,
			    sizeof(path)) == 0 &&
			    (rc = vpd_txn_read_json(t, path, &rec, &e)) &&
			    rc != VPD_ENOTFOUND) {
				*err = e;
				json_decref(cs);
				goto done;
			}
			rc = 0;
			json_array_append_new(late, json_pack("{sOsOsOsOsO}",
			    "zaak", id, "termijn", json_object_get(doc, "label") ?
			    json_object_get(doc, "label") : json_object_get(doc,
			    "naam"), "uiterlijk", json_object_get(doc,
			    "uiterlijk"), "tijdstip", json_object_get(doc,
			    "afgehandeld") ? json_object_get(doc, "afgehandeld") :
			    json_null(), "reden", json_object_get(rec, "reden") ?
			    json_object_get(rec, "reden") : json_null()));
			json_decref(rec);
			listed = true;
		}
		if ((rc = case_deviations(t, cs, deviations, &listed, err)) ||
		    (rc = case_bezwaar(who, cs, bezwaar, bezwaar_cache,
		    &listed))) {
			json_decref(cs);
			goto done;
		}
		json_array_foreach(json_object_get(cs, "documenten"), k, doc) {
			const json_t *sig = json_object_get(doc, "ondertekenaar");
			const char *sid = str(sig, "id") ? str(sig, "id") :
			    str(sig, "naam");
			json_t *entry = json_pack("{sOsOsOsO}", "zaak", id, "nr",
			    json_object_get(doc, "nr"), "titel",
			    json_object_get(doc, "titel") ? json_object_get(doc,
			    "titel") : json_object_get(doc, "brief"),
			    "tijdstip", json_object_get(doc, "tijdstip") ?
			    json_object_get(doc, "tijdstip") : json_null());

			if (sid && !json_object_get(sig, "voorbeeld")) {
				json_t *s = json_object_get(signers, sid);

				if (s == NULL) {
					s = json_pack("{sOsOs[]}", "naam",
					    json_object_get(sig, "naam") ?
					    json_object_get(sig, "naam") :
					    json_null(), "functie",
					    json_object_get(sig, "functie") ?
					    json_object_get(sig, "functie") :
					    json_null(), "besluiten");
					json_object_set_new(signers, sid, s);
				}
				json_array_append(json_object_get(s,
				    "besluiten"), entry);
				listed = true;
			}
			json_decref(entry);
		}
		if (listed)
			json_array_append(zaken, id);
		json_decref(cs);
	}
	if ((rc = vpd_access_log(a, who, &v, "juridisch overzicht", zaken,
	    NULL, err)))
		goto done;
	{
		json_t *list = json_array(), *s;
		const char *key;

		json_object_foreach(signers, key, s) {
			json_object_set_new(s, "id", json_string(key));
			json_object_set_new(s, "aantal", json_integer((json_int_t)
			    json_array_size(json_object_get(s, "besluiten"))));
			json_array_append(list, s);
		}
		vpd_json_sort(bezwaar, by_end, false);
		*result = json_pack("{sOsosOsO}", "te_laat", late,
		    "ondertekenaars", list, "afwijkingen", deviations,
		    "bezwaar", bezwaar);
	}
done:
	json_decref(ids);
	json_decref(late);
	json_decref(signers);
	json_decref(zaken);
	json_decref(deviations);
	json_decref(bezwaar);
	json_decref(bezwaar_cache);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}
