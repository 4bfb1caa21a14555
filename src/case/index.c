/*
 * index.c - derived indexes under index/ (see index.h and docs/archive.md).
 *
 *   index/versie.json              {"versie": 1}: this archive keeps indexes
 *   index/status/STATE.json        ["2026-0001", ...]: the cases in STATE
 *   index/lopend.json              the cases not in a final state
 *   index/balie.json               {"2026-0001": "2027-02-21", ...}: cases
 *                                  with a warning or ban not withdrawn, or
 *                                  an appointment, and the last day any of
 *                                  them matters
 *   index/personen/YYYY.json       ["P0001.json", ...]: persons born in YYYY
 *   index/personen/onbekend.json   persons without a birth date
 *
 * Each file is small enough to rewrite in every commit that changes it,
 * and each is a function of case.json or the person file alone, so the
 * update needs only the old and new version of what the transaction wrote.
 * A file that would be empty is left out of the tree.  A damaged file
 * (not JSON, or of the wrong kind) stops every write with an error, and
 * makes the readers read every case, as without indexes: an index never
 * makes a list come out short.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "../workflow/workflow.h"
#include "layout.h"

#define INDEX_VERSION 1

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

bool
vpd_index_enabled(vpd_txn *t)
{
	return vpd_txn_exists(t, "index/versie.json");
}

int
vpd_index_init(vpd_txn *t, vpd_error *err)
{
	json_t *v = json_pack("{si}", "versie", INDEX_VERSION);
	int rc = vpd_txn_write_json(t, "index/versie.json", v, err);

	json_decref(v);
	return rc;
}

/* Every item or value is text (a case id, a file name, a date). */
static bool
only_text(const json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (!json_is_string(v))
				return false;
	} else {
		json_object_foreach((json_t *)j, key, v)
			if (!json_is_string(v))
				return false;
	}
	return true;
}

/*
 * An index file: absent is empty (a new array or object of `kind`);
 * present but not JSON of that kind is damaged: NULL.
 */
static json_t *
load(vpd_txn *t, const char *path, json_type kind)
{
	json_t *j = NULL;
	vpd_error e;
	int rc = vpd_txn_read_json(t, path, &j, &e);

	if (rc == VPD_ENOTFOUND)
		return kind == JSON_OBJECT ? json_object() : json_array();
	if (rc == 0 && json_typeof(j) == kind && only_text(j))
		return j;
	json_decref(j);
	return NULL;
}

static int
damaged(const char *path, vpd_error *err)
{
	return vpd_error_set(err, VPD_EIO, path, 0, 0, "the archive's index "
	    "file is damaged (not what vpd wrote); `vpd verify` names the "
	    "commit that changed it");
}

/* Writes an index file, or leaves it out when it is empty. */
static int
store(vpd_txn *t, const char *path, const json_t *j, vpd_error *err)
{
	if (json_is_array(j) ? json_array_size(j) > 0 : json_object_size(j) > 0)
		return vpd_txn_write_json(t, path, j, err);
	return vpd_txn_exists(t, path) ? vpd_txn_remove(t, path, err) : 0;
}

/* The file at `path` at the last index update (or before the transaction)
 * and now (NULL: absent). */
static void
versions(vpd_txn *t, const char *path, json_t **old, json_t **now)
{
	json_error_t je;
	char *buf;
	size_t len;
	vpd_error e;

	*old = NULL;
	if (vpd_txn_read_marked(t, path, &buf, &len, &e) == 0) {
		*old = json_loadb(buf, len, 0, &je);
		free(buf);
	}
	if (vpd_txn_read_json(t, path, now, &e))
		*now = NULL;
}

/* Adds or removes `id` in the sorted array at `path`; writes on change. */
static int
set_member(vpd_txn *t, const char *path, const char *id, bool member,
    vpd_error *err)
{
	json_t *arr = load(t, path, JSON_ARRAY);
	size_t lo = 0, hi;
	bool present;
	int rc = 0;

	if (arr == NULL)
		return damaged(path, err);
	hi = json_array_size(arr);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *v = json_string_value(json_array_get(arr, mid));

		if (v && strcmp(v, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	present = lo < json_array_size(arr) &&
	    json_string_value(json_array_get(arr, lo)) &&
	    strcmp(json_string_value(json_array_get(arr, lo)), id) == 0;
	if (present != member) {
		if (member)
			json_array_insert_new(arr, lo, json_string(id));
		else
			json_array_remove(arr, lo);
		rc = store(t, path, arr, err);
	}
	json_decref(arr);
	return rc;
}

/* A state name safe as a file name (workflow names are checked, but the
 * index does not rely on it). */
static bool
safe_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/*
 * The last day anything of the case matters at the desk: a warning or ban
 * not withdrawn (its last day), an appointment (its day).  0 when none.
 */
static vpd_date
desk_until(const json_t *c)
{
	vpd_date last = 0, d;
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(c, "maatregelen"), i, m) {
		const char *soort = str(m, "soort"), *status = str(m, "status");

		if (soort == NULL || (strcmp(soort, "toegangsverbod") != 0 &&
		    strcmp(soort, "waarschuwing") != 0) ||
		    (status && strcmp(status, "ingetrokken") == 0) ||
		    vpd_date_parse(str(m, "tot"), &d))
			continue;
		if (last == 0 || d > last)
			last = d;
	}
	json_array_foreach(json_object_get(c, "afspraken"), i, m) {
		vpd_time when;

		if (vpd_time_parse(str(m, "tijdstip"), &when))
			continue;
		d = vpd_time_local_date(when);
		if (last == 0 || d > last)
			last = d;
	}
	return last;
}

static int
update_case(vpd_txn *t, vpd_wfcache *cache, const char *id, vpd_error *err)
{
	char path[160], old_path[160], new_path[160], day[VPD_DATE_LEN];
	json_t *old, *now, *desk = NULL;
	const char *os, *ns, *was;
	const vpd_workflow *wf = NULL;
	vpd_date until;
	int rc = 0;

	if (vpd_case_path(t, id, "case.json", path, sizeof(path)))
		return 0;
	versions(t, path, &old, &now);
	os = str(old, "status");
	ns = str(now, "status");
	if (!(os && ns && strcmp(os, ns) == 0)) {
		snprintf(old_path, sizeof(old_path), "index/status/%s.json",
		    os ? os : "");
		snprintf(new_path, sizeof(new_path), "index/status/%s.json",
		    ns ? ns : "");
		if ((safe_name(os) &&
		    (rc = set_member(t, old_path, id, false, err))) ||
		    (safe_name(ns) &&
		    (rc = set_member(t, new_path, id, true, err))))
			goto done;
	}
	/* a case whose workflow cannot be read is an error, not a case
	 * quietly left out of the running ones (its timers would never
	 * fire) */
	if (ns && (rc = vpd_wfcache_get(cache, vpd_txn_archive(t),
	    str(json_object_get(now, "workflow"), "blob"), &wf, err)))
		goto done;
	if ((rc = set_member(t, "index/lopend.json", id, wf &&
	    !vpd_workflow_is_final(wf, ns), err)))
		goto done;
	if ((desk = load(t, "index/balie.json", JSON_OBJECT)) == NULL) {
		rc = damaged("index/balie.json", err);
		goto done;
	}
	until = now ? desk_until(now) : 0;
	was = json_string_value(json_object_get(desk, id));
	if (until) {
		vpd_date_format(until, day);
		if (was == NULL || strcmp(was, day) != 0) {
			json_object_set_new(desk, id, json_string(day));
			rc = store(t, "index/balie.json", desk, err);
		}
	} else if (was) {
		json_object_del(desk, id);
		rc = store(t, "index/balie.json", desk, err);
	}
done:
	json_decref(desk);
	json_decref(old);
	json_decref(now);
	return rc;
}

/* "index/personen/1980.json", or ".../onbekend.json" without a birth date */
static void
person_shard(const json_t *p, char *out, size_t size)
{
	const char *born = str(p, "geboortedatum");

	if (born && strlen(born) >= 4 && born[0] >= '0' && born[0] <= '9' &&
	    born[1] >= '0' && born[1] <= '9' && born[2] >= '0' &&
	    born[2] <= '9' && born[3] >= '0' && born[3] <= '9')
		snprintf(out, size, "index/personen/%.4s.json", born);
	else
		snprintf(out, size, "index/personen/onbekend.json");
}

static int
update_person(vpd_txn *t, const char *file, vpd_error *err)
{
	char path[160], old_shard[64], new_shard[64];
	json_t *old, *now;
	int rc = 0;

	if (vpd_person_file_path(t, file, path, sizeof(path)))
		return 0;
	versions(t, path, &old, &now);
	person_shard(old, old_shard, sizeof(old_shard));
	person_shard(now, new_shard, sizeof(new_shard));
	if (old && (now == NULL || strcmp(old_shard, new_shard) != 0))
		rc = set_member(t, old_shard, file, false, err);
	if (rc == 0 && now)
		rc = set_member(t, new_shard, file, true, err);
	json_decref(old);
	json_decref(now);
	return rc;
}

int
vpd_index_update(vpd_txn *t, vpd_wfcache *c, vpd_error *err)
{
	json_t *paths, *v;
	size_t i;
	int rc = 0;

	if (!vpd_index_enabled(t))
		return 0;
	/* only what changed since the last update: a tick applies many
	 * events in one transaction, and a case it moves twice must leave
	 * the index of the state in between */
	paths = vpd_txn_changed(t);
	json_array_foreach(paths, i, v) {
		const char *p = json_string_value(v), *rest;
		char id[VPD_ID_MAX], file[VPD_ID_MAX + 5];

		if (vpd_layout_case_of(p, id, &rest) &&
		    strcmp(rest, "case.json") == 0)
			rc = update_case(t, c, id, err);
		else if (vpd_layout_person_of(p, file))
			rc = update_person(t, file, err);
		if (rc)
			break;
	}
	json_decref(paths);
	if (rc == 0)
		vpd_txn_mark(t);
	return rc;
}

/* ---- Readers ---------------------------------------------------------- */

json_t *
vpd_index_state(vpd_txn *t, const char *state)
{
	char path[160];

	if (!vpd_index_enabled(t))
		return NULL;
	if (!safe_name(state))
		return json_array();
	snprintf(path, sizeof(path), "index/status/%s.json", state);
	return load(t, path, JSON_ARRAY);
}

json_t *
vpd_index_running(vpd_txn *t)
{
	if (!vpd_index_enabled(t))
		return NULL;
	return load(t, "index/lopend.json", JSON_ARRAY);
}

json_t *
vpd_index_desk(vpd_txn *t, vpd_date day)
{
	json_t *desk, *out, *v;
	const char *id;
	char from[VPD_DATE_LEN];

	if (!vpd_index_enabled(t))
		return NULL;
	if ((desk = load(t, "index/balie.json", JSON_OBJECT)) == NULL)
		return NULL;            /* damaged: read every case */
	out = json_array();
	vpd_date_format(day, from);
	/* ISO dates compare as text. */
	json_object_foreach(desk, id, v)
		if (json_string_value(v) && strcmp(json_string_value(v),
		    from) >= 0)
			json_array_append_new(out, json_string(id));
	json_decref(desk);
	return out;
}

json_t *
vpd_index_person_files(vpd_txn *t, const json_t *person)
{
	char shard[64];
	json_t *out, *unknown;

	if (!vpd_index_enabled(t) || str(person, "geboortedatum") == NULL)
		return NULL;
	person_shard(person, shard, sizeof(shard));
	out = load(t, shard, JSON_ARRAY);
	unknown = load(t, "index/personen/onbekend.json", JSON_ARRAY);
	if (out && unknown) {
		json_array_extend(out, unknown);
	} else {
		json_decref(out);       /* damaged: read every person */
		out = NULL;
	}
	json_decref(unknown);
	return out;
}
