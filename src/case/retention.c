/*
 * retention.c - `vpd retention`: which cases have kept their data as long
 * as their workflow says (its `bewaartermijn`), and which persons have no
 * case left whose term still runs (docs/privacy.md).
 *
 * A term counts from the end of the case's last measure (a case without
 * one: from its closing) or from its closing, as the workflow version the
 * case started on declares; a case still running, or with a measure in
 * force, has no date yet.  The list names cases and persons by id only:
 * it shows no personal data, so it needs no entry in the access log.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/*
 * The date a case's term counts from, or -1 when it has none yet.  A case
 * is closed when it is in a final state of its workflow; nothing changes
 * it after that, so its last change is its closing, taken as a day in
 * Amsterdam.
 */
static vpd_date
counts_from(const vpd_workflow *wf, const json_t *cs, const char *after,
    vpd_date day)
{
	vpd_date closed = -1, last = -1, d;
	vpd_time t;
	json_t *m;
	size_t i;

	if (str(cs, "status") && vpd_workflow_is_final(wf, str(cs, "status")) &&
	    str(cs, "bijgewerkt") && vpd_time_parse(str(cs, "bijgewerkt"),
	    &t) == 0)
		closed = vpd_time_local_date(t);
	if (strcmp(after, "afsluiting") == 0)
		return closed;
	json_array_foreach(json_object_get(cs, "maatregelen"), i, m) {
		if (str(m, "tot") == NULL || vpd_date_parse(str(m, "tot"), &d))
			continue;
		/* a measure in force: its end is not reached yet */
		if (d >= day && str(m, "status") &&
		    strcmp(str(m, "status"), "actief") == 0)
			return -1;
		if (d > last)
			last = d;
	}
	return last >= 0 ? last : closed;
}

json_t *
vpd_case_retention(const vpd_workflow *wf, const json_t *cs, vpd_date day)
{
	const char *after = NULL, *nom = NULL, *state;
	vpd_duration term;
	vpd_date from = -1, until = -1;
	char buf[VPD_DATE_LEN];
	json_t *entry;

	if (!vpd_workflow_retention(wf, &term, &after, &nom)) {
		state = "geen_termijn";
	} else if ((from = counts_from(wf, cs, after, day)) < 0) {
		state = "loopt";
	} else {
		until = vpd_date_add(from, term);
		state = strcmp(nom, "bewaren") == 0 ? "bewaren" :
		    day >= until ? "verlopen" : "termijn_loopt";
	}
	/* its person erased: nothing of them is left to destroy */
	if (json_object_get(cs, "persoon_gewist"))
		state = "gewist";
	entry = json_pack("{ssss?}", "status", state, "archiefnominatie", nom);
	if (from >= 0) {
		vpd_date_format(from, buf);
		json_object_set_new(entry, "telt_vanaf", json_string(buf));
	}
	if (until >= 0) {
		vpd_date_format(until, buf);
		json_object_set_new(entry, "vernietigen_vanaf",
		    json_string(buf));
	}
	return entry;
}

int
vpd_core_retention(vpd_archive *a, const vpd_who *who, vpd_date day,
    json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_wfcache *cache = NULL;
	json_t *ids = NULL, *cases = json_array(), *persons = json_object();
	json_t *v, *due = json_array();
	unsigned roles = 0;
	char buf[VPD_DATE_LEN];
	const char *pid;
	size_t i;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_actor_roles(t, who->actor, &roles, err)))
		goto done;
	if (!(roles & (VPD_ROLE_LEGAL | VPD_ROLE_COORDINATOR))) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "%s may not "
		    "see the retention list (coordinator or legal)",
		    who->actor);
		goto done;
	}
	cache = vpd_wfcache_new();
	ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, v) {
		const vpd_workflow *wf = NULL;
		const char *state;
		json_t *cs = NULL, *entry, *p;
		char path[128];

		if (vpd_case_path(t, json_string_value(v), "case.json", path,
		    sizeof(path)) || vpd_txn_read_json(t, path, &cs, err) ||
		    vpd_wfcache_get(cache, a, str(json_object_get(cs,
		    "workflow"), "blob"), &wf, err)) {
			json_decref(cs);
			/* one that is there but cannot be opened keeps its
			 * own message (a key missing) */
			rc = *path && vpd_txn_exists(t, path) && err->code !=
			    VPD_EINVALID ? err->code : vpd_error_set(err,
			    VPD_EIO, NULL, 0, 0, "case %s cannot be read (run "
			    "'vpd verify')", json_string_value(v));
			goto done;
		}
		entry = vpd_case_retention(wf, cs, day);
		json_object_set(entry, "zaak", v);
		json_object_set(entry, "persoon", json_object_get(cs,
		    "persoon"));
		state = str(entry, "status");
		json_array_append(cases, entry);
		/* a person is due once every case of theirs is */
		if (str(cs, "persoon")) {
			if ((p = json_object_get(persons, str(cs,
			    "persoon"))) == NULL) {
				p = json_pack("{sbs[]}", "verlopen", 1,
				    "zaken");
				json_object_set_new(persons, str(cs, "persoon"),
				    p);
			}
			json_array_append(json_object_get(p, "zaken"), v);
			if (strcmp(state, "verlopen") != 0)
				json_object_set_new(p, "verlopen",
				    json_false());
		}
		json_decref(entry);
		json_decref(cs);
	}
	json_object_foreach(persons, pid, v)
		if (json_is_true(json_object_get(v, "verlopen")))
			json_array_append_new(due, json_pack("{sssO}", "persoon",
			    pid, "zaken", json_object_get(v, "zaken")));
	vpd_date_format(day, buf);
	*result = json_pack("{sssOsO}", "datum", buf, "zaken", cases,
	    "personen_verlopen", due);
done:
	json_decref(due);
	json_decref(persons);
	json_decref(cases);
	json_decref(ids);
	vpd_wfcache_free(cache);
	vpd_txn_free(t);
	return rc;
}
