/*
 * index.c - derived indexes under index/ (see index.h and docs/archive.md).
 *
 * Version 2 (archives made from now on; index/versie.json {"versie": 2}):
 *   index/status/STATE/YYYY.json   ["2026-0001", ...]: the cases of year
 *                                  YYYY in STATE
 *   index/lopend/YYYY.json         the cases of YYYY not in a final state
 *   index/balie/YYYY-MM.json       {"2026-0001": CARD, ...}: the cases with
 *                                  a warning or ban not withdrawn, or an
 *                                  appointment, whose last day that matters
 *                                  falls in that month; CARD holds what
 *                                  the desk shows of the case and its
 *                                  person (desk_card() below)
 *   index/personen/YYYY.json       ["P0001.json", ...]: persons born in YYYY
 *   index/personen/onbekend.json   persons without a birth date
 *
 * Version 1 (archives made before): index/status/STATE.json,
 * index/lopend.json and index/balie.json ({"2026-0001": "2027-02-21"}),
 * each naming every case it holds.  They are kept as they were, because a
 * replay of such an archive must give the same trees.
 *
 * No file grows with the archive: a year's cases, a month's measures.  So
 * a commit rewrites a few files of bounded size, and the desk reads only
 * the months from today on.  Each file is a function of the case and
 * person files alone, so the update needs only the old and new version of
 * what the transaction wrote.
 * A file that would be empty is left out of the tree.  A damaged file
 * (not JSON, or of the wrong kind) stops every write with an error, and
 * makes the readers read every case, as without indexes: an index never
 * makes a list come out short.
 */
#include "index.h"
#include "../seal/seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/json.h"
#include "../workflow/workflow.h"
#include "layout.h"


static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* 1 or 2; 0 without indexes; -1 for a versie this vpd does not know (a
 * newer vpd's, or a damaged file): the readers then read every file, and
 * a write stops. */
static int
version(vpd_txn *t)
{
	json_t *v = NULL;
	vpd_error e;
	json_int_t n;
	int rc = vpd_txn_read_json(t, "index/versie.json", &v, &e);

	if (rc == VPD_ENOTFOUND)
		return 0;
	n = rc ? 0 : json_integer_value(json_object_get(v, "versie"));
	json_decref(v);
	return n == 1 || n == 2 ? (int)n : -1;
}

bool
vpd_index_enabled(vpd_txn *t)
{
	return version(t) > 0;
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
vpd_index_init(vpd_txn *t, int versie, vpd_error *err)
{
	json_t *v;
	int rc;

	if (versie != 1 && versie != VPD_INDEX_VERSION)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "init: indexen %d is not an index version this vpd keeps",
		    versie);
	v = json_pack("{si}", "versie", versie);
	rc = vpd_txn_write_json(t, "index/versie.json", v, err);
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

	/* nothing of an erased person's case is shown at the desk */
	if (json_object_get(c, "persoon_gewist"))
		return 0;
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

/* ---- Version 2: a year's cases, a month's desk cards ------------------ */

/* "index/lopend/2026.json": the file of a case's year in `dir`. */
static void
year_path(const char *dir, const char *id, char *out, size_t size)
{
	snprintf(out, size, "%s/%.4s.json", dir, id);
}

/* "index/balie/2027-02.json": the file in `dir` of a last day. */
static void
month_path(const char *dir, vpd_date until, char *out, size_t size)
{
	char day[VPD_DATE_LEN];

	vpd_date_format(until, day);
	snprintf(out, size, "%s/%.7s.json", dir, day);
}

/* A copy of the fields `keys` of `o` (those it has). */
static json_t *
pick(const json_t *o, const char *const *keys)
{
	json_t *out = json_object();

	for (; *keys; keys++)
		if (json_object_get(o, *keys))
			json_object_set(out, *keys, json_object_get(o, *keys));
	return out;
}

static bool
desk_measure(const json_t *m)
{
	const char *soort = str(m, "soort"), *status = str(m, "status");

	return soort && (strcmp(soort, "toegangsverbod") == 0 ||
	    strcmp(soort, "waarschuwing") == 0) &&
	    !(status && strcmp(status, "ingetrokken") == 0);
}

/*
 * What the desk needs of a case, so that the bans list and the lookup
 * read one file per month instead of every case and person on the list:
 * the case's id and workflow, its warnings and bans not withdrawn, its
 * appointments, and its person's names, birth date and photo.  Null as
 * the person when the person file cannot be read: the reader then stops,
 * as it would reading the files (never a short list).
 */
static json_t *
desk_card(vpd_txn *t, const json_t *c, vpd_date until)
{
	static const char *const mkeys[] = {"nr", "soort", "van", "tot",
	    "status", "locaties", "telefoonverbod", "gebeurtenis", NULL};
	static const char *const akeys[] = {"tijdstip", "tot", "doel",
	    "begeleider", "locatie", NULL};
	static const char *const pkeys[] = {"id", "voornamen",
	    "tussenvoegsel", "achternaam", "geboortedatum", "foto", NULL};
	json_t *ms = json_array(), *as = json_array(), *m, *p;
	char day[VPD_DATE_LEN];
	size_t i;

	json_array_foreach(json_object_get(c, "maatregelen"), i, m)
		if (desk_measure(m))
			json_array_append_new(ms, pick(m, mkeys));
	json_array_foreach(json_object_get(c, "afspraken"), i, m)
		json_array_append_new(as, pick(m, akeys));
	p = vpd_person_of_case(t, c);
	vpd_date_format(until, day);
	m = json_pack("{sss{sOs{sO?}soso}so}", "tot", day, "zaak", "id",
	    json_object_get(c, "id"), "workflow", "naam", json_object_get(
	    json_object_get(c, "workflow"), "naam"), "maatregelen", ms,
	    "afspraken", as, "persoon", p ? pick(p, pkeys) : json_null());
	/* a restriction: which measures it covers, not why */
	if (p && json_object_get(json_object_get(p, "beperking"),
	    "maatregelen"))
		json_object_set(json_object_get(m, "persoon"), "beperkt",
		    json_object_get(json_object_get(p, "beperking"),
		    "maatregelen"));
	json_decref(p);
	return m;
}

/*
 * The name line of a desk card, for the lookup: who, under which names,
 * until when.  The lookup reads these small lines and only then the cards
 * of the persons it found.
 */
static json_t *
name_line(const json_t *card)
{
	const json_t *p = json_object_get(card, "persoon");

	/* the person file could not be read: the lookup stops on it, as
	 * the bans list does on the card */
	if (!json_is_object(p))
		return json_pack("{snsO}", "persoon", "tot",
		    json_object_get(card, "tot"));
	return json_pack("{sOsO?sO?sO?sO}", "persoon", json_object_get(p, "id"),
	    "voornamen", json_object_get(p, "voornamen"), "tussenvoegsel",
	    json_object_get(p, "tussenvoegsel"), "achternaam",
	    json_object_get(p, "achternaam"), "tot", json_object_get(card,
	    "tot"));
}

static bool
text_or_null(const json_t *v)
{
	return v == NULL || json_is_null(v) || json_is_string(v) ||
	    vpd_seal_is_sealed(v, NULL);
}

/* A desk card (`line` false) or name line as vpd writes it (the readers
 * rely on its kinds). */
static bool
card_sound(const char *id, const json_t *card, bool line)
{
	const json_t *z = json_object_get(card, "zaak");
	const json_t *p = json_object_get(card, "persoon");

	if (!json_is_object(card) || !str(card, "tot"))
		return false;
	if (line)
		return z == NULL && (json_is_string(p) || json_is_null(p)) &&
		    text_or_null(json_object_get(card, "voornamen")) &&
		    text_or_null(json_object_get(card, "tussenvoegsel")) &&
		    text_or_null(json_object_get(card, "achternaam"));
	return json_is_object(z) && str(z, "id") &&
	    strcmp(str(z, "id"), id) == 0 &&
	    json_is_array(json_object_get(z, "maatregelen")) &&
	    json_is_array(json_object_get(z, "afspraken")) &&
	    (json_is_null(p) || json_is_object(p));
}

/* A month's desk file (cards) or names file (lines): absent is empty,
 * damaged is NULL. */
static json_t *
load_cards(vpd_txn *t, const char *path, bool lines)
{
	json_t *j = NULL, *v;
	const char *id;
	vpd_error e;
	int rc = vpd_txn_read_json(t, path, &j, &e);

	if (rc == VPD_ENOTFOUND)
		return json_object();
	if (rc || !json_is_object(j))
		goto damaged;
	json_object_foreach(j, id, v)
		if (!card_sound(id, v, lines))
			goto damaged;
	return j;
damaged:
	json_decref(j);
	return NULL;
}

/*
 * Writes a month's desk file one card a line, so that `git show` and a
 * diff read it case by case; or leaves it out when empty.
 */
static int
store_cards(vpd_txn *t, const char *path, const json_t *cards,
    vpd_error *err)
{
	const char **ids;
	const char *id;
	json_t *v;
	size_t n = json_object_size(cards), k = 0, len = 0, cap = 64;
	char *buf;
	int rc;

	if (n == 0)
		return vpd_txn_exists(t, path) ? vpd_txn_remove(t, path, err) :
		    0;
	ids = malloc(n * sizeof(*ids));
	buf = malloc(cap);
	if (ids == NULL || buf == NULL) {
		free(ids);
		free(buf);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	json_object_foreach((json_t *)cards, id, v)
		ids[k++] = id;
	qsort(ids, n, sizeof(*ids), cmp_cstr);
	buf[len++] = '{';
	for (k = 0; k < n && buf; k++) {
		json_t *key = json_string(ids[k]);
		char *ks = json_dumps(key, JSON_ENCODE_ANY);
		char *vs = json_dumps(json_object_get(cards, ids[k]),
		    JSON_COMPACT | JSON_SORT_KEYS);
		/* "\n  KEY: CARD" and "," or "\n}\n", and sprintf's NUL */
		size_t need = (ks ? strlen(ks) : 0) + (vs ? strlen(vs) : 0) + 16;

		if (ks && vs && len + need > cap) {
			char *grown;

			while (len + need > cap)
				cap *= 2;
			if ((grown = realloc(buf, cap)) == NULL) {
				free(buf);
				buf = NULL;
			} else {
				buf = grown;
			}
		}
		if (ks && vs && buf)
			len += (size_t)sprintf(buf + len, "\n  %s: %s%s", ks, vs,
			    k + 1 < n ? "," : "\n}\n");
		else {
			free(buf);
			buf = NULL;
		}
		free(ks);
		free(vs);
		json_decref(key);
	}
	free(ids);
	if (buf == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	rc = vpd_txn_write(t, path, buf, len, err);
	free(buf);
	return rc;
}

/* Puts `card` (taken; NULL: none) as case `id`'s in the month file at
 * `path`, of cards or of name lines. */
static int
set_card(vpd_txn *t, const char *path, bool lines, const char *id,
    json_t *card, vpd_error *err)
{
	json_t *cards = load_cards(t, path, lines), *was;
	int rc = 0;

	if (cards == NULL) {
		json_decref(card);
		return damaged(path, err);
	}
	was = json_object_get(cards, id);
	if (card && !json_equal(was, card)) {
		json_object_set(cards, id, card);
		rc = store_cards(t, path, cards, err);
	} else if (card == NULL && was) {
		json_object_del(cards, id);
		rc = store_cards(t, path, cards, err);
	}
	json_decref(card);
	json_decref(cards);
	return rc;
}

/* Moves case `id`'s desk card and name line from where `old` put them
 * to where `now` puts them (either NULL: the case absent). */
static int
update_desk(vpd_txn *t, const char *id, const json_t *old, const json_t *now,
    vpd_error *err)
{
	static const char *const dirs[] = {"index/balie", "index/namen"};
	vpd_date ou = old ? desk_until(old) : 0, nu = now ? desk_until(now) : 0;
	json_t *card = nu ? desk_card(t, now, nu) : NULL;
	int rc = 0;

	for (int k = 0; k < 2 && rc == 0; k++) {
		char op[64] = "", np[64] = "";

		if (ou)
			month_path(dirs[k], ou, op, sizeof(op));
		if (nu)
			month_path(dirs[k], nu, np, sizeof(np));
		if (ou && strcmp(op, np) != 0)
			rc = set_card(t, op, k == 1, id, NULL, err);
		if (rc == 0 && nu)
			rc = set_card(t, np, k == 1, id, k == 0 ?
			    json_incref(card) : name_line(card), err);
	}
	json_decref(card);
	return rc;
}

static int
update_case_v2(vpd_txn *t, const char *id, const json_t *old,
    const json_t *now, const vpd_workflow *wf, vpd_error *err)
{
	const char *os = str(old, "status"), *ns = str(now, "status");
	char dir[128], path[192];
	int rc = 0;

	if (!(os && ns && strcmp(os, ns) == 0)) {
		if (safe_name(os)) {
			snprintf(dir, sizeof(dir), "index/status/%s", os);
			year_path(dir, id, path, sizeof(path));
			rc = set_member(t, path, id, false, err);
		}
		if (rc == 0 && safe_name(ns)) {
			snprintf(dir, sizeof(dir), "index/status/%s", ns);
			year_path(dir, id, path, sizeof(path));
			rc = set_member(t, path, id, true, err);
		}
		if (rc)
			return rc;
	}
	year_path("index/lopend", id, path, sizeof(path));
	if ((rc = set_member(t, path, id, wf && !vpd_workflow_is_final(wf, ns),
	    err)))
		return rc;
	return update_desk(t, id, old, now, err);
}

/* ---- Version 1: one file per list ---------------------------------- */

static int
update_case_v1(vpd_txn *t, const char *id, const json_t *old,
    const json_t *now, const vpd_workflow *wf, vpd_error *err)
{
	char old_path[160], new_path[160], day[VPD_DATE_LEN];
	json_t *desk = NULL;
	const char *os = str(old, "status"), *ns = str(now, "status"), *was;
	vpd_date until;
	int rc = 0;

	if (!(os && ns && strcmp(os, ns) == 0)) {
		snprintf(old_path, sizeof(old_path), "index/status/%s.json",
		    os ? os : "");
		snprintf(new_path, sizeof(new_path), "index/status/%s.json",
		    ns ? ns : "");
		if ((safe_name(os) &&
		    (rc = set_member(t, old_path, id, false, err))) ||
		    (safe_name(ns) &&
		    (rc = set_member(t, new_path, id, true, err))))
			return rc;
	}
	if ((rc = set_member(t, "index/lopend.json", id, wf &&
	    !vpd_workflow_is_final(wf, ns), err)))
		return rc;
	if ((desk = load(t, "index/balie.json", JSON_OBJECT)) == NULL)
		return damaged("index/balie.json", err);
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
	json_decref(desk);
	return rc;
}

static int
update_case(vpd_txn *t, vpd_wfcache *cache, int v, const char *id,
    vpd_error *err)
{
	char path[160];
	json_t *old, *now;
	const vpd_workflow *wf = NULL;
	int rc = 0;

	if (vpd_case_path(t, id, "case.json", path, sizeof(path)))
		return 0;
	versions(t, path, &old, &now);
	/* a case whose workflow cannot be read is an error, not a case
	 * quietly left out of the running ones (its timers would never
	 * fire) */
	if (str(now, "status") && (rc = vpd_wfcache_get(cache,
	    vpd_txn_archive(t), str(json_object_get(now, "workflow"), "blob"),
	    &wf, err)))
		goto done;
	rc = v == 1 ? update_case_v1(t, id, old, now, wf, err) :
	    update_case_v2(t, id, old, now, wf, err);
done:
	json_decref(old);
	json_decref(now);
	return rc;
}

/* "index/personen/1980.json", or ".../onbekend.json" without a birth date */
static void
person_shard(const json_t *p, char *out, size_t size)
{
	const char *born = str(p, "geboortedatum"), *code = str(p,
	    "zoekcode");

	/* an erased person is in no shard */
	if (p == NULL || json_object_get(p, "gewist"))
		*out = '\0';
	/* sealed: by the search code of the birth date ("index/personen/
	 * a/3f.json"), which tells nothing without the search key */
	else if (code && strlen(code) == 3 &&
	    strspn(code, "0123456789abcdef") == 3)
		snprintf(out, size, "index/personen/%c/%s.json", code[0],
		    code + 1);
	else if (born && strlen(born) >= 4 && born[0] >= '0' && born[0] <= '9' &&
	    born[1] >= '0' && born[1] <= '9' && born[2] >= '0' &&
	    born[2] <= '9' && born[3] >= '0' && born[3] <= '9')
		snprintf(out, size, "index/personen/%.4s.json", born);
	else
		snprintf(out, size, "index/personen/onbekend.json");
}

/* Version 2: the desk cards of the person's cases show the person. */
static int
update_person_cards(vpd_txn *t, const json_t *old, const json_t *now,
    vpd_error *err)
{
	json_t *ids = json_array(), *v;
	size_t i;
	int rc = 0;

	json_array_extend(ids, json_object_get(now, "zaken"));
	json_array_extend(ids, json_object_get(old, "zaken"));
	json_array_foreach(ids, i, v) {
		char path[160];
		json_t *co, *cn;

		if (!json_is_string(v) || vpd_case_path(t, json_string_value(v),
		    "case.json", path, sizeof(path)))
			continue;
		versions(t, path, &co, &cn);
		rc = update_desk(t, json_string_value(v), co, cn, err);
		json_decref(co);
		json_decref(cn);
		if (rc)
			break;
	}
	json_decref(ids);
	return rc;
}

static int
update_person(vpd_txn *t, int v, const char *file, vpd_error *err)
{
	char path[160], old_shard[64], new_shard[64];
	json_t *old, *now;
	int rc = 0;

	if (vpd_person_file_path(t, file, path, sizeof(path)))
		return 0;
	versions(t, path, &old, &now);
	person_shard(old, old_shard, sizeof(old_shard));
	person_shard(now, new_shard, sizeof(new_shard));
	if (old && *old_shard && (now == NULL ||
	    strcmp(old_shard, new_shard) != 0))
		rc = set_member(t, old_shard, file, false, err);
	if (rc == 0 && now && *new_shard)
		rc = set_member(t, new_shard, file, true, err);
	if (rc == 0 && v == 2 && !json_equal(old, now))
		rc = update_person_cards(t, old, now, err);
	json_decref(old);
	json_decref(now);
	return rc;
}

int
vpd_index_update(vpd_txn *t, vpd_wfcache *c, vpd_error *err)
{
	json_t *paths, *v;
	size_t i;
	int rc = 0, ver = version(t);

	if (ver == 0)
		return 0;
	if (ver < 0)
		return damaged("index/versie.json", err);
	/* only what changed since the last update: a tick applies many
	 * events in one transaction, and a case it moves twice must leave
	 * the index of the state in between */
	paths = vpd_txn_changed(t);
	json_array_foreach(paths, i, v) {
		const char *p = json_string_value(v), *rest;
		char id[VPD_ID_MAX], file[VPD_ID_MAX + 5];

		if (vpd_layout_case_of(p, id, &rest) &&
		    strcmp(rest, "case.json") == 0)
			rc = update_case(t, c, ver, id, err);
		else if (vpd_layout_person_of(p, file))
			rc = update_person(t, ver, file, err);
		if (rc)
			break;
	}
	json_decref(paths);
	if (rc == 0)
		vpd_txn_mark(t);
	return rc;
}

/* ---- Readers ---------------------------------------------------------- */

/* What an index file holds: case ids, desk cards, or name lines. */
enum kind { IDS, CARDS, LINES };

/*
 * Version 2: the files in `dir` whose names sort at or after `first`
 * ("" for all; years and months compare as text), each loaded as `kind`
 * (a new array of them); NULL when one is damaged.
 */
static json_t *
load_dir(vpd_txn *t, const char *dir, const char *first, enum kind kind)
{
	json_t *names = vpd_txn_list(t, dir), *out = json_array(), *n, *f;
	size_t i;

	json_array_foreach(names, i, n) {
		char path[192];

		if (strcmp(json_string_value(n), first) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, json_string_value(n));
		f = kind == IDS ? load(t, path, JSON_ARRAY) : load_cards(t, path,
		    kind == LINES);
		if (f == NULL) {
			json_decref(out);
			out = NULL;
			break;
		}
		json_array_append_new(out, f);
	}
	json_decref(names);
	return out;
}

/* Version 2: the ids of every year's file in `dir`, one sorted array;
 * NULL when one is damaged. */
static json_t *
load_years(vpd_txn *t, const char *dir)
{
	json_t *files = load_dir(t, dir, "", IDS), *out, *f;
	size_t i;

	if (files == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(files, i, f)
		json_array_extend(out, f);
	json_decref(files);
	vpd_json_sort(out, vpd_json_cmp_string, true);
	return out;
}

json_t *
vpd_index_state(vpd_txn *t, const char *state)
{
	char path[160];
	int v = version(t);

	if (v <= 0)
		return NULL;
	if (!safe_name(state))
		return json_array();
	if (v == 2) {
		snprintf(path, sizeof(path), "index/status/%s", state);
		return load_years(t, path);
	}
	snprintf(path, sizeof(path), "index/status/%s.json", state);
	return load(t, path, JSON_ARRAY);
}

json_t *
vpd_index_running(vpd_txn *t)
{
	int v = version(t);

	if (v <= 0)
		return NULL;
	if (v == 2)
		return load_years(t, "index/lopend");
	return load(t, "index/lopend.json", JSON_ARRAY);
}

static int
by_case_id(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;

	return strcmp(str(json_object_get(x, "zaak"), "id"),
	    str(json_object_get(y, "zaak"), "id"));
}

/*
 * Version 2: the desk cards (or name lines, each with its case id as
 * "zaak") that matter on or after `day`, from the month files from day's
 * month on; NULL when a file is damaged.
 */
static json_t *
month_entries(vpd_txn *t, vpd_date day, enum kind kind)
{
	json_t *files, *out, *f, *c;
	char from[VPD_DATE_LEN], first[32];
	const char *id;
	size_t i;

	if (version(t) != 2)
		return NULL;
	vpd_date_format(day, from);
	snprintf(first, sizeof(first), "%.7s.json", from);
	if ((files = load_dir(t, kind == LINES ? "index/namen" : "index/balie",
	    first, kind)) == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(files, i, f)
		json_object_foreach(f, id, c) {
			/* ISO dates compare as text. */
			if (strcmp(str(c, "tot"), from) < 0)
				continue;
			if (kind == LINES)
				json_object_set_new(c, "zaak", json_string(id));
			json_array_append(out, c);
		}
	json_decref(files);
	if (kind == CARDS)
		vpd_json_sort(out, by_case_id, false);
	return out;
}

json_t *
vpd_index_desk_cards(vpd_txn *t, vpd_date day)
{
	return month_entries(t, day, CARDS);
}

json_t *
vpd_index_desk_names(vpd_txn *t, vpd_date day)
{
	return month_entries(t, day, LINES);
}

json_t *
vpd_index_desk_cards_for(vpd_txn *t, const json_t *lines)
{
	json_t *months = json_object(), *out = json_array(), *line, *cards;
	size_t i;

	json_array_foreach(lines, i, line) {
		char path[192];
		vpd_date until;
		json_t *card;

		if (vpd_date_parse(str(line, "tot"), &until) || !str(line,
		    "zaak"))
			goto damaged;
		month_path("index/balie", until, path, sizeof(path));
		if ((cards = json_object_get(months, path)) == NULL) {
			if ((cards = load_cards(t, path, false)) == NULL)
				goto damaged;
			json_object_set_new(months, path, cards);
		}
		/* a name line without its card: not what vpd writes */
		if ((card = json_object_get(cards, str(line, "zaak"))) == NULL ||
		    json_object_get(card, "zaak") == NULL)
			goto damaged;
		json_array_append(out, card);
	}
	json_decref(months);
	vpd_json_sort(out, by_case_id, true);
	return out;
damaged:
	json_decref(months);
	json_decref(out);
	return NULL;
}

json_t *
vpd_index_desk(vpd_txn *t, vpd_date day)
{
	json_t *desk, *out, *v;
	const char *id;
	char from[VPD_DATE_LEN];
	size_t i;
	int ver = version(t);

	if (ver <= 0)
		return NULL;
	if (ver == 2) {
		/* the name lines are the light half of the cards */
		if ((desk = month_entries(t, day, LINES)) == NULL)
			return NULL;    /* damaged: read every case */
		out = json_array();
		json_array_foreach(desk, i, v)
			json_array_append(out, json_object_get(v, "zaak"));
		json_decref(desk);
		vpd_json_sort(out, vpd_json_cmp_string, true);
		return out;
	}
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
	if (vpd_layout_sealed(t)) {
		/* the shard of the birth date's search code */
		json_t *q;
		vpd_error e;
		char code[4];

		if (vpd_txn_seal(t) == NULL || vpd_seal_search_code(
		    vpd_txn_seal(t), str(person, "geboortedatum"), code, &e))
			return NULL;
		q = json_pack("{ss}", "zoekcode", code);
		person_shard(q, shard, sizeof(shard));
		json_decref(q);
	} else
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
