/*
 * access.c - the visibility matrix (access.h, docs/access.md) and the
 * access log.
 *
 * A case's sight is worked out from the archive as it stands, so that it
 * follows the facts without a second register to keep in step: who
 * reported an incident is the actor of the event record that carried it
 * (case.json numbers each incident with the event that added it), a
 * manager's cases are those with an incident in one of his departments
 * (config/actors.json, `vpd actor add --afdeling`), and reception sees a
 * case while it has a warning or ban on the desk list.
 */
#define _POSIX_C_SOURCE 200809L
#include "access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../name/name.h"
#include "../store/store.h"
#include "apply.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int
vpd_viewer_load(vpd_viewer *v, vpd_txn *t, const vpd_who *who,
    const char *what, vpd_error *err)
{
	json_t *cfg = NULL;
	int rc;

	memset(v, 0, sizeof(*v));
	if (who->actor == NULL || *who->actor == '\0')
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s holds personal data: say who you are with --as NAME "
		    "or VPD_ACTOR", what);
	if (strcmp(who->actor, "system") == 0)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s: 'system' looks at nothing", what);
	if ((rc = vpd_actor_roles(t, who->actor, &v->roles, err)))
		return rc;
	if (vpd_txn_read_json(t, "config/actors.json", &cfg, err) == 0) {
		v->entry = json_incref(json_object_get(json_object_get(cfg,
		    "actoren"), who->actor));
		json_decref(cfg);
	}
	v->actor = who->actor;
	return 0;
}

void
vpd_viewer_free(vpd_viewer *v)
{
	if (v == NULL)
		return;
	json_decref(v->entry);
	v->entry = NULL;
}

bool
vpd_measure_at_desk(const json_t *m, vpd_date today)
{
	const char *soort = str(m, "soort"), *status = str(m, "status");
	vpd_date tot;

	if (soort == NULL || (strcmp(soort, "toegangsverbod") != 0 &&
	    strcmp(soort, "waarschuwing") != 0))
		return false;
	if (status && strcmp(status, "ingetrokken") == 0)
		return false;
	return vpd_date_parse(str(m, "tot"), &tot) == 0 && today <= tot;
}

/* Whether the incident happened in one of the manager's departments. */
static bool
in_departments(const json_t *entry, const json_t *incident)
{
	const char *afd = str(incident, "afdeling");
	char want[256], have[256];
	json_t *d;
	size_t i;

	if (afd == NULL)
		return false;
	vpd_name_fold(afd, want, sizeof(want));
	json_array_foreach(json_object_get(entry, "afdelingen"), i, d) {
		vpd_name_fold(json_string_value(d), have, sizeof(have));
		if (have[0] && strcmp(have, want) == 0)
			return true;
	}
	return false;
}

/* The actor of the event record that added an incident. */
static bool
reported_by(vpd_txn *t, const json_t *cs, const json_t *incident,
    const char *actor)
{
	json_int_t nr = json_integer_value(json_object_get(incident,
	    "gebeurtenis"));
	char path[160], rest[32];
	json_t *rec;
	vpd_error e;
	bool same = false;

	/* The first incident came with the case (event 1). */
	snprintf(rest, sizeof(rest), "events/%04lld.json",
	    (long long)(nr > 0 ? nr : 1));
	if (vpd_case_path(t, str(cs, "id"), rest, path, sizeof(path)) == 0 &&
	    vpd_txn_read_json(t, path, &rec, &e) == 0) {
		same = str(rec, "actor") && strcmp(str(rec, "actor"),
		    actor) == 0;
		json_decref(rec);
	}
	return same;
}

static bool
has_police_copy(const json_t *cs)
{
	json_t *doc, *cp;
	size_t i, k;

	json_array_foreach(json_object_get(cs, "documenten"), i, doc)
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp)
			if (str(cp, "bestemming") &&
			    strcmp(str(cp, "bestemming"), "politie") == 0)
				return true;
	return false;
}

/*
 * (access.h)
 */
bool
vpd_measure_restricted(const json_t *p, const char *id, const json_t *m)
{
	const json_t *list = json_object_get(p, "beperkt"), *v;
	char key[64];
	size_t i;

	if (list == NULL)
		list = json_object_get(json_object_get(p, "beperking"),
		    "maatregelen");
	if (!json_is_array(list) || id == NULL)
		return false;
	snprintf(key, sizeof(key), "%s/%lld", id, (long long)
	    json_integer_value(json_object_get(m, "nr")));
	json_array_foreach(list, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), key) == 0)
			return true;
	return false;
}

/* Reception sees a case while one of its measures is at the desk and not
 * under a restriction of processing. */
static bool
desk_sight(vpd_txn *t, const json_t *cs, vpd_date today)
{
	json_t *m, *p = NULL;
	bool seen = false, read = false;
	size_t i;

	json_array_foreach(json_object_get(cs, "maatregelen"), i, m) {
		if (!vpd_measure_at_desk(m, today))
			continue;
		if (!read) {
			p = vpd_person_of_case(t, cs);
			read = true;
		}
		if (!vpd_measure_restricted(p, str(cs, "id"), m)) {
			seen = true;
			break;
		}
	}
	json_decref(p);
	return seen;
}

unsigned
vpd_case_sight(vpd_txn *t, const vpd_viewer *v, const json_t *cs,
    vpd_date today, json_t **mine)
{
	unsigned roles = v->roles, sight = 0;
	json_t *inc;
	size_t i;

	if (mine)
		*mine = json_array();
	if (roles & (VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL))
		sight |= VPD_SIGHT_FULL;
	json_array_foreach(json_object_get(cs, "incidenten"), i, inc) {
		if ((roles & VPD_ROLE_MANAGER) && in_departments(v->entry, inc))
			sight |= VPD_SIGHT_FULL;
		if ((vpd_roles_effective(roles) & VPD_ROLE_STAFF) &&
		    (mine || !(sight & VPD_SIGHT_FULL)) &&
		    reported_by(t, cs, inc, v->actor)) {
			sight |= VPD_SIGHT_REPORTS;
			if (mine)
				json_array_append(*mine,
				    json_object_get(inc, "nr"));
		}
	}
	if ((roles & VPD_ROLE_RECEPTION) && desk_sight(t, cs, today))
		sight |= VPD_SIGHT_DESK;
	if ((roles & VPD_ROLE_POLICE) && has_police_copy(cs))
		sight |= VPD_SIGHT_POLICE;
	return sight;
}

/* The part of `list` from `from`, at most `n` items (a new array). */
static json_t *
slice(const json_t *list, size_t from, size_t n)
{
	json_t *out = json_array();

	for (size_t i = from; i < from + n && i < json_array_size(list); i++)
		json_array_append(out, json_array_get(list, i));
	return out;
}

int
vpd_access_log(vpd_archive *a, const vpd_who *who, const vpd_viewer *v,
    const char *wat, const json_t *zaken, const json_t *personen,
    vpd_error *err)
{
	vpd_store *s = NULL;
	size_t nz = json_array_size(zaken), np = json_array_size(personen);
	size_t most = nz > np ? nz : np;
	size_t parts = most ? (most + VPD_LOG_IDS_MAX - 1) / VPD_LOG_IDS_MAX : 1;
	int rc;

	if ((rc = vpd_store_open(&s, vpd_archive_path(a), err)))
		return rc;
	/*
	 * A log line is bounded (store.c), and an agenda at 3,000 cases
	 * names more cases than one line holds: a long view is logged in
	 * parts, each naming its share of the cases and persons.  A part
	 * logged before a failing one stays: what is logged and not shown
	 * errs on the side of the person.
	 */
	for (size_t k = 0; k < parts && rc == 0; k++) {
		json_t *entry = json_pack("{sssossss}", "actor", v->actor,
		    "rollen", vpd_roles_json(v->roles), "via", who->via ?
		    who->via : "?", "wat", wat);
		size_t from = k * VPD_LOG_IDS_MAX;

		if (from < nz)
			json_object_set_new(entry, "zaken", slice(zaken, from,
			    VPD_LOG_IDS_MAX));
		if (from < np)
			json_object_set_new(entry, "personen", slice(personen,
			    from, VPD_LOG_IDS_MAX));
		if (parts > 1)
			json_object_set_new(entry, "deel", json_pack("[II]",
			    (json_int_t)k + 1, (json_int_t)parts));
		rc = vpd_store_log(s, entry, who->now, err);
		json_decref(entry);
	}
	if (rc)
		vpd_error_prefix(err, "the access log (nothing is shown that "
		    "cannot be logged)");
	vpd_store_free(s);
	return rc;
}
