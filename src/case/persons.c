/*
 * persons.c - persons as the people who report and receive them see
 * them: the near matches a report is checked against, so that one person
 * does not become three, and a person's photo.
 *
 * A match shows a name and a birth date of someone in the register to a
 * member of staff who is typing a report, so it is kept narrow: only
 * close matches of the name typed, at most three, a different birth date
 * when both are known rules a person out, and the view is logged.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../name/name.h"
#include "../record/record.h"
#include "access.h"
#include "apply.h"
#include "index.h"
#include "layout.h"

#define MATCH_MAX 3
#define MATCH_SCORE 0.85

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int
vpd_core_person_match(vpd_archive *a, const vpd_who *who,
    const json_t *persoon, json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	vpd_name_index *ix = NULL;
	vpd_name_hit hits[16];
	json_t *names = NULL, *people = json_array(), *found = json_array(),
	    *ids = json_array(), *n;
	const char *born = str(persoon, "geboortedatum");
	char *query = NULL;
	size_t i, k;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "matching a person", err)))
		goto done;
	if (!(vpd_roles_effective(v.roles) & VPD_ROLE_STAFF)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s does not report incidents", who->actor);
		goto done;
	}
	query = vpd_person_display_name(persoon);
	if (query == NULL || strspn(query, " ") == strlen(query))
		goto answer;
	if ((ix = vpd_name_index_new()) == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	/* With a birth date only those born that year, or without one,
	 * can match (index.h). */
	if ((names = vpd_index_person_files(t, persoon)) == NULL)
		names = vpd_layout_person_files(t);
	json_array_foreach(names, i, n) {
		char path[128];
		json_t *p;
		vpd_error e;

		if (vpd_person_file_path(t, json_string_value(n), path,
		    sizeof(path)) || vpd_txn_read_json(t, path, &p, &e))
			continue;
		vpd_name_index_add(ix, str(p, "voornamen"), str(p,
		    "tussenvoegsel"), str(p, "achternaam"));
		json_array_append_new(people, p);
	}
	k = vpd_name_lookup(ix, query, hits, 16);
	for (i = 0; i < k && json_array_size(found) < MATCH_MAX; i++) {
		json_t *p = json_array_get(people, hits[i].person);
		const char *pb = str(p, "geboortedatum");
		char *name;

		if (hits[i].score < MATCH_SCORE || (born && pb &&
		    strcmp(born, pb) != 0))
			continue;
		name = vpd_person_display_name(p);
		json_array_append_new(found, json_pack("{sOsssOsb}", "id",
		    json_object_get(p, "id"), "naam", name ? name : "",
		    "geboortedatum", json_object_get(p, "geboortedatum") ?
		    json_object_get(p, "geboortedatum") : json_null(),
		    "zelfde", vpd_person_same(p, persoon)));
		json_array_append(ids, json_object_get(p, "id"));
		free(name);
	}
	if (json_array_size(ids) && (rc = vpd_access_log(a, who, &v,
	    "mogelijke persoon bij een melding", NULL, ids, err)))
		goto done;
answer:
	*result = json_pack("{sO}", "kandidaten", found);
done:
	free(query);
	vpd_name_index_free(ix);
	json_decref(names);
	json_decref(people);
	json_decref(found);
	json_decref(ids);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

int
vpd_core_person_photo_get(vpd_archive *a, const vpd_who *who,
    const char *pid, unsigned char **out, size_t *len, const char **type,
    vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *p = NULL, *id, *ids = NULL, *zaken = NULL;
	char path[128], *buf = NULL;
	vpd_date today = vpd_time_local_date(who->now);
	bool seen = false;
	size_t i;
	int rc;

	*out = NULL;
	*len = 0;
	if (pid == NULL || pid[0] != 'P' || strchr(pid, '/') ||
	    strlen(pid) > 16)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' is not a person id", pid ? pid : "");
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "a photo", err)))
		goto done;
	if (vpd_person_path(t, pid, path, sizeof(path)) == 0)
		vpd_txn_read_json(t, path, &p, err);
	zaken = json_array();
	json_array_foreach(json_object_get(p, "zaken"), i, id) {
		json_t *cs = NULL;

		if (vpd_case_path(t, json_string_value(id), "case.json", path,
		    sizeof(path)) == 0 &&
		    vpd_txn_read_json(t, path, &cs, err) == 0 &&
		    (vpd_case_sight(t, &v, cs, today, NULL) &
		    (VPD_SIGHT_FULL | VPD_SIGHT_DESK))) {
			seen = true;
			json_array_append(zaken, id);
		}
		json_decref(cs);
	}
	/* Whether there is such a person or photo is told only to those
	 * who may see it. */
	if (!seen) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not see the photo of %s", who->actor, pid);
		vpd_error_set_nl(err, "U heeft geen toegang tot deze foto.");
		goto done;
	}
	if (json_object_get(p, "foto") == NULL) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no photo of person %s", pid);
		vpd_error_set_nl(err, "Er is geen foto van deze persoon.");
		goto done;
	}
	ids = json_pack("[s]", pid);
	if ((rc = vpd_access_log(a, who, &v, "foto", zaken, ids, err)) ||
	    (rc = vpd_txn_read_checked(t, str(json_object_get(p, "foto"),
	    "pad"), str(json_object_get(p, "foto"), "sha256"), &buf, len,
	    err)))
		goto done;
	*type = strcmp(str(json_object_get(p, "foto"), "type"), "png") == 0 ?
	    "image/png" : "image/jpeg";
	*out = (unsigned char *)buf;
	buf = NULL;
done:
	if (rc)
		*len = 0;
	free(buf);
	json_decref(p);
	json_decref(ids);
	json_decref(zaken);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}
