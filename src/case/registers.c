/*
 * registers.c - what reception, the coordinator and the police need to
 * know, read from the archive's tip: the bans list (with photos), the
 * desk lookup, the deadline agenda, and the export of police copies.
 *
 * Each register is for particular roles and shows only what they need:
 * the bans list and lookup carry name, birth date and photo but no
 * address; the agenda names persons by name and case; the export carries
 * the police copies only.  docs/registers.md describes them for users.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "../name/name.h"
#include "../record/record.h"
#include "../util/file.h"
#include "../util/json.h"
#include "../yaml/yaml.h"
#include "access.h"
#include "apply.h"
#include "index.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The acting viewer, or a refusal naming what they may not see. */
static int
require_roles(vpd_txn *t, const vpd_who *who, unsigned need,
    const char *what, vpd_viewer *v, vpd_error *err)
{
	int rc;

	if ((rc = vpd_viewer_load(v, t, who, what, err)))
		return rc;
	if (!(v->roles & need)) {
		json_t *names = vpd_roles_json(need);
		char *list = json_dumps(names, JSON_COMPACT);

		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s: %s is not an actor with one of the roles %s", what,
		    who->actor, list ? list : "");
		vpd_error_set_nl(err, "Dit is niet voor uw rol bedoeld.");
		free(list);
		json_decref(names);
		vpd_viewer_free(v);
		return err->code;
	}
	return 0;
}

/* The ids of the persons (and of their cases) on a list of cards. */
static int
log_cards(vpd_archive *a, const vpd_who *who, const vpd_viewer *v,
    const char *wat, const json_t *cards, vpd_error *err)
{
	json_t *zaken = json_array(), *personen = json_array(), *c, *m;
	size_t i, k;
	int rc;

	json_array_foreach(cards, i, c) {
		json_array_append(personen, json_object_get(c, "persoon"));
		if (json_object_get(c, "zaak"))
			json_array_append(zaken, json_object_get(c, "zaak"));
		json_array_foreach(json_object_get(c, "maatregelen"), k, m)
			json_array_append(zaken, json_object_get(m, "zaak"));
	}
	rc = vpd_access_log(a, who, v, wat, zaken, personen, err);
	json_decref(zaken);
	json_decref(personen);
	return rc;
}

/* The case.json of a case id, or NULL with err set: VPD_ENOTFOUND when
 * there is none, another code when it is there but cannot be read (its
 * person's data sealed and the key missing). */
static json_t *
case_file(vpd_txn *t, const json_t *id, vpd_error *err)
{
	char path[128];
	json_t *cs = NULL;

	if (vpd_case_path(t, json_string_value(id), "case.json", path,
	    sizeof(path))) {
		vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "not a case id");
		return NULL;
	}
	if (vpd_txn_read_json(t, path, &cs, err))
		return NULL;
	return cs;
}

/* ---- The bans list -------------------------------------------------- */

static bool
is_register_measure(const json_t *m)
{
	const char *soort = str(m, "soort");

	return soort && (strcmp(soort, "toegangsverbod") == 0 ||
	    strcmp(soort, "waarschuwing") == 0);
}

/*
 * Where a measure stands on `day`: 1 in force, 2 still to come, 0 over
 * or withdrawn.  Dates decide, not the status `vpd tick` writes, so a ban
 * is off the list the day after its last day without a tick.
 */
static int
measure_on(const json_t *m, vpd_date day)
{
	vpd_date van, tot;

	if (str(m, "status") && strcmp(str(m, "status"), "ingetrokken") == 0)
		return 0;
	if (vpd_date_parse(str(m, "van"), &van) ||
	    vpd_date_parse(str(m, "tot"), &tot))
		return 0;
	if (day < van)
		return 2;
	return day <= tot ? 1 : 0;
}

/* "Stadskantoor, Bestuurscentrum en Stadhuis" */
static void
list_text(const json_t *arr, char *out, size_t size)
{
	size_t i, n = json_array_size(arr), len = 0;
	json_t *v;

	out[0] = '\0';
	json_array_foreach(arr, i, v) {
		len += (size_t)snprintf(out + len, len < size ? size - len : 0,
		    "%s%s", i == 0 ? "" : i + 1 == n ? " en " : ", ",
		    json_string_value(v));
		if (len >= size)
			break;
	}
}

/* The verdict line the desk reads first. */
static char *
verdict(const json_t *m)
{
	char tot[64], where[512], buf[1024];

	vpd_letter_date_iso(str(m, "tot"), tot, sizeof(tot));
	if (strcmp(str(m, "soort"), "toegangsverbod") == 0) {
		if (json_array_size(json_object_get(m, "locaties")))
			list_text(json_object_get(m, "locaties"), where,
			    sizeof(where));
		else
			snprintf(where, sizeof(where), "gemeentelijke gebouwen");
		snprintf(buf, sizeof(buf), "GEEN TOEGANG tot %s t/m %s%s",
		    where, tot, json_is_true(json_object_get(m,
		    "telefoonverbod")) ? "; ook geen telefonisch contact" : "");
	} else {
		snprintf(buf, sizeof(buf), "SCHRIFTELIJKE WAARSCHUWING t/m %s: "
		    "wel toegang; meld elk nieuw incident", tot);
	}
	return strdup(buf);
}

/* gemeente.yaml of each workflow, for the contact routes; cached. */
static const json_t *
municipality(json_t *cache, const vpd_who *who, const char *workflow)
{
	json_t *cfg = json_object_get(cache, workflow);
	char path[1024], *text;
	size_t len;
	vpd_error e;

	if (cfg)
		return json_is_object(cfg) ? cfg : NULL;
	cfg = NULL;
	if (who->letters_dir) {
		snprintf(path, sizeof(path), "%s/%s/gemeente.yaml",
		    who->letters_dir, workflow);
		if ((text = vpd_file_read(path, &len, &e)) != NULL) {
			if (vpd_yaml_load(&cfg, path, text, len, 1, &e))
				cfg = NULL;
			free(text);
		}
	}
	json_object_set_new(cache, workflow, cfg ? cfg : json_false());
	return cfg;
}

char *
vpd_municipality_name(const vpd_who *who, const char *workflow)
{
	json_t *cache = json_object();
	const json_t *gem = workflow ? municipality(cache, who, workflow) :
	    NULL;
	char *name = str(gem, "naam") ? strdup(str(gem, "naam")) : NULL;

	json_decref(cache);
	return name;
}

/*
 * Whether the workflow puts this kind of measure on reception's list:
 * gemeente.yaml's `balielijst` (e.g. [toegangsverbod]); without it,
 * warnings and bans.
 */
static bool
on_desk_list(json_t *cache, const vpd_who *who, const json_t *cs,
    const json_t *m)
{
	const json_t *gem = municipality(cache, who, str(json_object_get(cs,
	    "workflow"), "naam"));
	const json_t *kinds = json_object_get(gem, "balielijst"), *v;
	size_t i;

	if (!json_is_array(kinds))
		return true;
	json_array_foreach(kinds, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v),
		    str(m, "soort")) == 0)
			return true;
	return false;
}

/* How the person may still reach the municipality during the measure. */
static json_t *
contact_routes(const json_t *m, const json_t *gem)
{
	json_t *out = json_array(), *v;
	const char *tel = str(gem, "telefoon");
	char buf[256];
	size_t i;

	if (strcmp(str(m, "soort"), "waarschuwing") == 0) {
		snprintf(buf, sizeof(buf), "zoals iedereen: balie, post%s%s",
		    tel ? " en telefoon " : "", tel ? tel : "");
		json_array_append_new(out, json_string(buf));
		return out;
	}
	if (!json_is_true(json_object_get(m, "telefoonverbod")) && tel) {
		snprintf(buf, sizeof(buf), "telefonisch: %s", tel);
		json_array_append_new(out, json_string(buf));
	}
	json_array_foreach(json_object_get(gem, "contact_tijdens_verbod"), i, v)
		if (json_is_string(v))
			json_array_append(out, v);
	if (json_array_size(out) == 0)
		json_array_append_new(out, json_string("zie de brief in het "
		    "dossier"));
	return out;
}

static int
by_sort_key(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;

	return strcmp(str(x, "sorteer"), str(y, "sorteer"));
}

/* Toegangsverbod before waarschuwing, then by end date. */
static int
by_weight(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int wx = strcmp(str(x, "soort"), "toegangsverbod") == 0;
	int wy = strcmp(str(y, "soort"), "toegangsverbod") == 0;

	if (wx != wy)
		return wy - wx;
	return strcmp(str(x, "tot"), str(y, "tot"));
}

static int
by_time(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;

	return strcmp(str(x, "tijdstip"), str(y, "tijdstip"));
}

/* The card of a person on the list, created on first use. */
static json_t *
card(json_t *by_person, const json_t *p)
{
	json_t *c = json_object_get(by_person, str(p, "id"));
	char *name, *key;

	if (c)
		return c;
	name = vpd_person_display_name(p);
	key = vpd_name_sort_key(str(p, "voornamen"), str(p, "tussenvoegsel"),
	    str(p, "achternaam"));
	/* A person may be known by description only: names and birth
	 * date are then null. */
	c = json_pack("{sssssO?sO?sO?sO?sssO*s[]}", "persoon", str(p, "id"),
	    "naam", name ? name : "", "voornamen",
	    json_object_get(p, "voornamen"), "tussenvoegsel",
	    json_object_get(p, "tussenvoegsel"), "achternaam",
	    json_object_get(p, "achternaam"), "geboortedatum",
	    json_object_get(p, "geboortedatum"), "sorteer", key ? key : "",
	    "foto", json_object_get(p, "foto"), "maatregelen");
	json_object_set_new(by_person, str(p, "id"), c);
	free(name);
	free(key);
	return c;
}

/* A measure as the desk reads it: dates, places, verdict, contact. */
static json_t *
desk_entry(const json_t *cs, const json_t *m, json_t *gem_cache,
    const vpd_who *who)
{
	char *line = verdict(m);
	json_t *entry;

	entry = json_pack("{sOsOsOsOsOsO*sOsssO}", "zaak",
	    json_object_get(cs, "id"), "nr", json_object_get(m, "nr"),
	    "soort", json_object_get(m, "soort"), "van",
	    json_object_get(m, "van"), "tot", json_object_get(m, "tot"),
	    "locaties", json_object_get(m, "locaties"), "telefoonverbod",
	    json_object_get(m, "telefoonverbod") ?
	    json_object_get(m, "telefoonverbod") : json_false(),
	    "oordeel", line ? line : "", "workflow",
	    json_object_get(json_object_get(cs, "workflow"), "naam"));
	free(line);
	json_object_set_new(entry, "contact", contact_routes(m,
	    municipality(gem_cache, who, str(json_object_get(cs, "workflow"),
	    "naam"))));
	return entry;
}

json_t *
vpd_desk_card(const vpd_who *who, const json_t *cs, const json_t *p,
    vpd_date today)
{
	json_t *by_person = json_object(), *gem_cache = json_object(), *c, *m;
	size_t i;

	c = json_incref(card(by_person, p));
	json_object_del(c, "sorteer");
	json_array_foreach(json_object_get(cs, "maatregelen"), i, m) {
		json_t *entry;

		if (!vpd_measure_at_desk(m, today) ||
		    !on_desk_list(gem_cache, who, cs, m))
			continue;
		entry = desk_entry(cs, m, gem_cache, who);
		json_object_set_new(entry, "van_kracht", json_boolean(
		    measure_on(m, today) == 1));
		json_array_append_new(json_object_get(c, "maatregelen"), entry);
	}
	vpd_json_sort(json_object_get(c, "maatregelen"), by_weight, false);
	json_object_set(c, "oordeel", json_object_get(json_array_get(
	    json_object_get(c, "maatregelen"), 0), "oordeel"));
	json_decref(by_person);
	json_decref(gem_cache);
	return c;
}

/* A case or person file the bans list needs and cannot read: the list
 * would come out short, so it is an error, never "nobody is banned". */
static json_t *
unreadable(vpd_error *err, const char *what, const char *id)
{
	vpd_error_set(err, VPD_EIO, NULL, 0, 0, "the bans list cannot be "
	    "made: the %s file of %s cannot be read (run 'vpd verify')", what,
	    id ? id : "?");
	vpd_error_set_nl(err, "De lijst kan niet worden gemaakt: het archief "
	    "is beschadigd. Waarschuw de beheerder.");
	return NULL;
}

/*
 * The bans list of `day` as the transaction sees the archive, or NULL
 * with err set: of the desk cards `cards` (taken; NULL: every case the
 * desk index names, or every case).
 */
static json_t *
bans_of(vpd_txn *t, const vpd_who *who, vpd_date day, json_t *cards,
    vpd_error *err)
{
	json_t *ids = NULL, *v;
	json_t *by_person = json_object();
	json_t *gem_cache = json_object(), *people, *c, *expected = json_array();
	vpd_date replace = 0;
	bool have_replace = false;
	char date[VPD_DATE_LEN], until[VPD_DATE_LEN], text[64];
	char made[VPD_TIME_UTC_LEN];
	const char *key;
	json_t *result = NULL;
	size_t i;

	/* The desk index holds what the list shows of each case that matters
	 * on or after the day (index.h).  With older indexes it names those
	 * cases; without any (or a damaged one) every case is read. */
	if (cards == NULL)
		cards = vpd_index_desk_cards(t, day);
	if (cards == NULL && (ids = vpd_index_desk(t, day)) == NULL)
		ids = vpd_layout_case_ids(t);
	for (i = 0; i < json_array_size(cards ? cards : ids); i++) {
		json_t *cs, *p, *m;
		size_t k;

		v = json_array_get(cards ? cards : ids, i);
		/* The person is read only for a case on today's list: most
		 * cases have no measure in force and no visit today.  A desk
		 * card has it (null: its file could not be read). */
		p = NULL;
		if (cards) {
			cs = json_incref(json_object_get(v, "zaak"));
			if (json_is_object(json_object_get(v, "persoon")))
				p = json_incref(json_object_get(v, "persoon"));
			v = json_object_get(cs, "id");
		} else if ((cs = case_file(t, v, err)) == NULL) {
			if (err->code == VPD_ENOTFOUND)
				unreadable(err, "case", json_string_value(v));
			goto done;
		}
		json_array_foreach(json_object_get(cs, "afspraken"), k, m) {
			vpd_time when;
			char local[VPD_TIME_LOCAL_LEN];
			char *name;

			if (vpd_time_parse(str(m, "tijdstip"), &when) ||
			    vpd_time_local_date(when) != day)
				continue;
			if (p == NULL &&
			    (p = vpd_person_of_case(t, cs)) == NULL) {
				json_decref(cs);
				unreadable(err, "person", json_string_value(v));
				goto done;
			}
			vpd_time_format_human(when, local);
			name = vpd_person_display_name(p);
			json_array_append_new(expected, json_pack(
			    "{sOsOsssO?sO*sOsssO*sO*sO*}", "zaak",
			    json_object_get(cs, "id"), "persoon",
			    json_object_get(p, "id"), "naam", name ? name : "",
			    "geboortedatum", json_object_get(p,
			    "geboortedatum"), "foto", json_object_get(p, "foto"),
			    "tijdstip", json_object_get(m, "tijdstip"),
			    "tijd", local + 11, "doel", json_object_get(m,
			    "doel"), "begeleider", json_object_get(m,
			    "begeleider"), "locatie", json_object_get(m,
			    "locatie")));
			/* the end of the window, "10:30", when the visit has
			 * one */
			if (vpd_time_parse(str(m, "tot"), &when) == 0) {
				vpd_time_format_human(when, local);
				json_object_set_new(json_array_get(expected,
				    json_array_size(expected) - 1), "tot_tijd",
				    json_string(local + 11));
			}
			free(name);
		}
		json_array_foreach(json_object_get(cs, "maatregelen"), k, m) {
			int on = is_register_measure(m) && on_desk_list(
			    gem_cache, who, cs, m) ? measure_on(m, day) : 0;
			vpd_date van, tot;
			json_t *entry;

			if (on == 0)
				continue;
			if (p == NULL &&
			    (p = vpd_person_of_case(t, cs)) == NULL) {
				json_decref(cs);
				unreadable(err, "person", json_string_value(v));
				goto done;
			}
			/* legal affairs took the person off the list while
			 * an objection runs (AVG art. 18) */
			if (vpd_measure_restricted(p, json_string_value(v), m))
				continue;
			vpd_date_parse(str(m, "van"), &van);
			vpd_date_parse(str(m, "tot"), &tot);
			if (on == 2) {
				/* a measure still to come: the list must be
				 * made again the day before it starts */
				if (!have_replace || van - 1 < replace)
					replace = van - 1;
				have_replace = true;
				continue;
			}
			if (!have_replace || tot < replace)
				replace = tot;
			have_replace = true;
			entry = desk_entry(cs, m, gem_cache, who);
			json_array_append_new(json_object_get(card(by_person, p),
			    "maatregelen"), entry);
		}
		json_decref(p);
		json_decref(cs);
	}
	people = json_array();
	json_object_foreach(by_person, key, c) {
		json_t *ms = json_object_get(c, "maatregelen");

		vpd_json_sort(ms, by_weight, false);
		json_object_set(c, "oordeel", json_object_get(
		    json_array_get(ms, 0), "oordeel"));
		json_array_append(people, c);
	}
	vpd_json_sort(people, by_sort_key, false);
	json_array_foreach(people, i, c)
		json_object_del(c, "sorteer");
	vpd_date_format(day, date);
	vpd_letter_date(day, text, sizeof(text));
	if (have_replace)
		vpd_date_format(replace, until);
	vpd_time_format_utc(who->now, made);
	vpd_json_sort(expected, by_time, false);
	result = json_pack("{sssssososossss}", "datum", date, "datum_tekst",
	    text, "personen", people, "verwacht", expected, "vervangen_na",
	    have_replace ? json_string(until) : json_null(), "gemaakt", made,
	    "gemaakt_door", who->actor);
	expected = NULL;        /* the pack took it */
	if (result == NULL)
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the bans list "
		    "cannot be made: a text in it is not valid UTF-8");
done:
	json_decref(cards);
	json_decref(ids);
	json_decref(by_person);
	json_decref(gem_cache);
	json_decref(expected);
	return result;
}

static json_t *
bans_at(vpd_txn *t, const vpd_who *who, vpd_date day, vpd_error *err)
{
	return bans_of(t, who, day, NULL, err);
}

#define DESK_ROLES (VPD_ROLE_RECEPTION | VPD_ROLE_MANAGER | \
    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL)

/*
 * The bans list of a day at one commit is the same for every reader, and
 * building it reads every case.  The last one made is kept (a server
 * answers the desk page over and over between two changes); each caller
 * gets a copy of its own with its own "gemaakt" and "gemaakt_door".
 */
static struct {
	pthread_mutex_t lock;
	char key[4200];
	json_t *bans;
} last_bans = {PTHREAD_MUTEX_INITIALIZER, "", NULL};

static json_t *
bans_cached(vpd_archive *a, vpd_txn *t, const vpd_who *who, vpd_date day,
    vpd_error *err)
{
	char key[sizeof(last_bans.key)], base[VPD_OID_HEX];
	char made[VPD_TIME_UTC_LEN];
	json_t *out = NULL;

	vpd_txn_base(t, base);
	snprintf(key, sizeof(key), "%s\n%s\n%lld\n%s", vpd_archive_path(a),
	    base, (long long)day, who->letters_dir ? who->letters_dir : "");
	pthread_mutex_lock(&last_bans.lock);
	if (last_bans.bans && strcmp(key, last_bans.key) == 0)
		out = json_deep_copy(last_bans.bans);
	pthread_mutex_unlock(&last_bans.lock);
	if (out) {
		vpd_time_format_utc(who->now, made);
		json_object_set_new(out, "gemaakt", json_string(made));
		json_object_set_new(out, "gemaakt_door", json_string(
		    who->actor ? who->actor : ""));
		return out;
	}
	if ((out = bans_at(t, who, day, err)) == NULL)
		return NULL;
	pthread_mutex_lock(&last_bans.lock);
	json_decref(last_bans.bans);
	last_bans.bans = json_deep_copy(out);
	snprintf(last_bans.key, sizeof(last_bans.key), "%s", key);
	pthread_mutex_unlock(&last_bans.lock);
	return out;
}

int
vpd_core_bans(vpd_archive *a, const vpd_who *who, vpd_date day,
    json_t **result, vpd_error *err)
{
	vpd_txn *t;
	vpd_viewer v;
	json_t *bans;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = require_roles(t, who, DESK_ROLES, "the bans list", &v,
	    err)) == 0) {
		if ((bans = bans_cached(a, t, who, day, err)) == NULL)
			rc = err->code;
		else if ((rc = log_cards(a, who, &v, "balielijst",
		    json_object_get(bans, "personen"), err)) == 0 &&
		    (json_array_size(json_object_get(bans, "verwacht")) == 0 ||
		    (rc = log_cards(a, who, &v, "verwachte bezoekers",
		    json_object_get(bans, "verwacht"), err)) == 0))
			*result = bans;
		else
			json_decref(bans);
		vpd_viewer_free(&v);
	}
	vpd_txn_free(t);
	return rc;
}

int
vpd_core_bans_pdf(vpd_archive *a, const vpd_who *who, vpd_date day,
    unsigned char **pdf, size_t *len, json_t **result, vpd_error *err)
{
	vpd_txn *t;
	vpd_viewer v = {0};
	json_t *people, *c;
	vpd_folder_photo *photos = NULL;
	const json_t *gem = NULL;
	json_t *gem_cache = json_object();
	size_t i, n;
	int rc;

	*pdf = NULL;
	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = require_roles(t, who, DESK_ROLES, "the bans list", &v, err)))
		goto done;
	if ((*result = bans_at(t, who, day, err)) == NULL) {
		rc = err->code;
		goto done;
	}
	people = json_object_get(*result, "personen");
	if ((rc = log_cards(a, who, &v, "baliemap", people, err)))
		goto done;
	n = json_array_size(people);
	photos = calloc(n ? n : 1, sizeof(*photos));
	json_array_foreach(people, i, c) {
		const char *path = str(json_object_get(c, "foto"), "pad");
		char *buf;
		size_t blen;

		if (path && vpd_txn_read(t, path, &buf, &blen, err) == 0) {
			photos[i].data = (unsigned char *)buf;
			photos[i].len = blen;
		}
		if (gem == NULL)
			gem = municipality(gem_cache, who, str(json_array_get(
			    json_object_get(c, "maatregelen"), 0), "workflow"));
	}
	rc = vpd_folder_pdf(*result, photos, gem ? str(gem, "naam") : NULL,
	    who->fontdir, pdf, len, err);
	for (i = 0; i < n; i++)
		free(photos[i].data);
done:
	if (rc) {
		json_decref(*result);
		*result = NULL;
	}
	free(photos);
	json_decref(gem_cache);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

/* ---- Lookup at the desk --------------------------------------------- */

/*
 * The events the viewer may fire on a case now: [{"event", "label"}].
 * Only on a case in the viewer's sight, as the event itself demands: a
 * manager of another department is offered nothing he would be refused.
 */
static json_t *
desk_steps(vpd_txn *t, vpd_wfcache *cache, const vpd_viewer *v,
    const char *id, vpd_date today)
{
	json_t *out = json_array(), *cs = NULL, *allowed, *ev;
	const vpd_workflow *wf;
	char path[128];
	vpd_error e;
	size_t i;

	if (vpd_case_path(t, id ? id : "", "case.json", path,
	    sizeof(path)) ||
	    vpd_txn_read_json(t, path, &cs, &e))
		return out;
	if (!(vpd_case_sight(t, v, cs, today, NULL) & (VPD_SIGHT_FULL |
	    VPD_SIGHT_DESK))) {
		json_decref(cs);
		return out;
	}
	if (vpd_wfcache_get(cache, vpd_txn_archive(t), str(json_object_get(cs,
	    "workflow"), "blob"), &wf, &e) == 0) {
		allowed = vpd_workflow_allowed(wf, cs, v->roles);
		json_array_foreach(allowed, i, ev)
			json_array_append_new(out, json_pack("{sOss}", "event",
			    ev, "label", vpd_workflow_event_label(wf,
			    json_string_value(ev))));
		json_decref(allowed);
	}
	json_decref(cs);
	return out;
}

/*
 * The bans list the lookup searches: of the persons whose names in the
 * desk index come near the query (their cards are read, not the whole
 * list's), or the whole list (older indexes, or a damaged file).  A name
 * line of a person whose file could not be read stops it.
 */
static int
desk_candidates(vpd_archive *a, vpd_txn *t, const vpd_who *who,
    const char *query, json_t **bans, vpd_error *err)
{
	vpd_date today = vpd_time_local_date(who->now);
	json_t *lines = vpd_index_desk_names(t, today), *line, *by_person;
	json_t *order, *picked, *cards;
	vpd_name_index *ix;
	vpd_name_hit hits[200];
	size_t i, n;

	*bans = NULL;
	if (lines == NULL) {
		*bans = bans_cached(a, t, who, today, err);
		return *bans ? 0 : err->code;
	}
	if ((ix = vpd_name_index_new()) == NULL) {
		json_decref(lines);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	by_person = json_object();
	order = json_array();
	json_array_foreach(lines, i, line) {
		const char *pid = str(line, "persoon");
		json_t *mine;

		if (pid == NULL) {
			unreadable(err, "person", str(line, "zaak"));
			goto done;
		}
		if ((mine = json_object_get(by_person, pid)) == NULL) {
			vpd_name_index_add(ix, str(line, "voornamen"),
			    str(line, "tussenvoegsel"), str(line, "achternaam"));
			json_array_append_new(order, json_string(pid));
			json_object_set_new(by_person, pid, mine = json_array());
		}
		json_array_append(mine, line);
	}
	/* More than the lookup shows: some found may have only a measure
	 * still to come, and drop out of the list. */
	n = vpd_name_lookup(ix, query, hits, sizeof(hits) / sizeof(hits[0]));
	if (n == sizeof(hits) / sizeof(hits[0])) {
		/* as many as fit: more may match, and those cut off could be
		 * the ones with a measure in force; search the whole list */
		*bans = bans_cached(a, t, who, today, err);
		goto done;
	}
	picked = json_array();
	for (i = 0; i < n; i++)
		json_array_extend(picked, json_object_get(by_person,
		    json_string_value(json_array_get(order, hits[i].person))));
	cards = vpd_index_desk_cards_for(t, picked);
	json_decref(picked);
	*bans = cards ? bans_of(t, who, today, cards, err) :
	    bans_cached(a, t, who, today, err);
done:
	vpd_name_index_free(ix);
	json_decref(by_person);
	json_decref(order);
	json_decref(lines);
	return *bans ? 0 : err->code;
}

int
vpd_core_lookup(vpd_archive *a, const vpd_who *who, const char *query,
    json_t **result, vpd_error *err)
{
	vpd_txn *t;
	vpd_viewer v = {0};
	json_t *bans = NULL, *people, *found = NULL, *c;
	vpd_name_index *ix = NULL;
	vpd_name_hit hits[50];
	vpd_wfcache *cache = NULL;
	char folded[800];
	size_t i, n;
	int rc;

	*result = NULL;
	if (query == NULL || strlen(query) > 200)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "lookup needs a name of at most 200 characters");
	/* A name vpd cannot read is an error, never "nobody found" (what
	 * was typed is not repeated: it may be anyone's name). */
	if (!vpd_text_printable(query)) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the name to look "
		    "up is not valid UTF-8 text, or holds control characters");
		vpd_error_set_nl(err, "De zoeknaam bevat tekens die niet "
		    "gelezen kunnen worden.");
		return err->code;
	}
	vpd_name_fold(query, folded, sizeof(folded));
	if (strspn(folded, " ") == strlen(folded)) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the name to look "
		    "up has no letters or digits");
		vpd_error_set_nl(err, "Typ een naam om op te zoeken.");
		return err->code;
	}
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = require_roles(t, who, DESK_ROLES, "lookup", &v, err)))
		goto done;
	if ((rc = desk_candidates(a, t, who, query, &bans, err)))
		goto done;
	people = json_object_get(bans, "personen");
	if ((ix = vpd_name_index_new()) == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	json_array_foreach(people, i, c)
		vpd_name_index_add(ix, str(c, "voornamen"),
		    str(c, "tussenvoegsel"), str(c, "achternaam"));
	n = vpd_name_lookup(ix, query, hits, 50);
	found = json_array();
	cache = vpd_wfcache_new();
	for (i = 0; i < n; i++) {
		json_t *hit = json_deep_copy(json_array_get(people,
		    hits[i].person)), *m, *cases = json_array();
		size_t k;

		/* What the person at the desk may do now, on each of the
		 * person's cases: one search and one form away from the
		 * violation's report. */
		json_array_foreach(json_object_get(hit, "maatregelen"), k, m) {
			json_t *x;
			size_t j;
			bool seen = false;

			json_array_foreach(cases, j, x)
				seen |= json_equal(json_object_get(x, "zaak"),
				    json_object_get(m, "zaak"));
			if (!seen)
				json_array_append_new(cases, json_pack("{sOso}",
				    "zaak", json_object_get(m, "zaak"),
				    "stappen", desk_steps(t, cache, &v, str(m,
				    "zaak"), vpd_time_local_date(who->now))));
		}
		json_object_set_new(hit, "zaken", cases);

		json_object_set_new(hit, "score", json_real(
		    (double)(int)(hits[i].score * 100 + 0.5) / 100));
		json_array_append_new(found, hit);
	}
	/* The log names who was found, never what was typed. */
	if ((rc = log_cards(a, who, &v, "zoeken", found, err)))
		goto done;
	*result = json_pack("{sssOsO}", "zoekterm", query, "datum",
	    json_object_get(bans, "datum"), "gevonden", found);
	if (*result == NULL)
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
done:
	vpd_wfcache_free(cache);
	json_decref(found);
	vpd_name_index_free(ix);
	json_decref(bans);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

/* ---- The agenda ----------------------------------------------------- */

/* The active actors who hold any of `roles`, by name (not the disabled:
 * they cannot act). */
static json_t *
actors_with(const json_t *actors, unsigned roles)
{
	json_t *out = json_array(), *e;
	const char *name;

	json_object_foreach(json_object_get((json_t *)actors, "actoren"), name,
	    e)
		if (vpd_actor_entry_roles(e) & roles)
			json_array_append_new(out, json_string(name));
	return out;
}


static int
by_due(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int lx = json_is_true(json_object_get(x, "te_laat"));
	int ly = json_is_true(json_object_get(y, "te_laat"));
	int c;

	if (lx != ly)
		return ly - lx;
	if ((c = strcmp(str(x, "uiterlijk"), str(y, "uiterlijk"))) != 0)
		return c;
	return strcmp(str(x, "zaak"), str(y, "zaak"));
}

/* The event that imposed a measure, from the case's record of it. */
static unsigned
measure_roles(vpd_txn *t, const vpd_workflow *wf, const json_t *cs,
    const json_t *m)
{
	char path[160], rest[32];
	json_t *rec;
	vpd_error e;
	unsigned roles = 0;

	snprintf(rest, sizeof(rest), "events/%04lld.json",
	    (long long)json_integer_value(json_object_get(m, "gebeurtenis")));
	if (vpd_case_path(t, str(cs, "id"), rest, path, sizeof(path)) == 0 &&
	    vpd_txn_read_json(t, path, &rec, &e) == 0) {
		roles = vpd_workflow_event_roles(wf, str(rec, "event"));
		json_decref(rec);
	}
	return roles & ~(unsigned)VPD_ROLE_SYSTEM;
}

static json_t *
agenda_item(const json_t *cs, const char *naam, const char *soort,
    const char *label, vpd_time due, vpd_time at, unsigned roles,
    const json_t *actors)
{
	char utc[VPD_TIME_UTC_LEN], local[VPD_TIME_LOCAL_LEN];

	vpd_time_format_utc(due, utc);
	vpd_time_format_human(due, local);
	return json_pack("{sOsssssssssssbsoso}", "zaak",
	    json_object_get(cs, "id"), "persoon", naam, "soort", soort,
	    "wat", label, "uiterlijk", utc, "uiterlijk_lokaal", local,
	    "te_laat", at > due, "wie", vpd_roles_json(roles), "actoren",
	    actors_with(actors, roles));
}

int
vpd_core_agenda(vpd_archive *a, const vpd_who *who, vpd_time at, int days,
    json_t **result, vpd_error *err)
{
	vpd_txn *t;
	vpd_wfcache *cache = vpd_wfcache_new();
	vpd_viewer viewer = {0};
	json_t *ids = NULL, *items = NULL, *v, *actors = NULL,
	    *zaken = json_array(), *personen = json_array();
	vpd_date today = vpd_time_local_date(at);
	size_t i;
	int rc;

	*result = NULL;
	if (days < 0 || days > 366)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "--days must be between 0 and 366");
	if ((rc = vpd_txn_begin(&t, a, err))) {
		vpd_wfcache_free(cache);
		return rc;
	}
	if ((rc = require_roles(t, who, VPD_ROLE_MANAGER |
	    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL, "the agenda", &viewer,
	    err)) ||
	    (rc = vpd_txn_read_json(t, "config/actors.json", &actors, err)))
		goto done;
	/* Open deadlines are in running cases, measures in force on the
	 * desk's index (index.h). */
	ids = vpd_index_running(t);
	{
		json_t *desk = ids ? vpd_index_desk(t, today) : NULL;

		if (desk) {
			json_array_extend(ids, desk);
			json_decref(desk);
			vpd_json_sort(ids, vpd_json_cmp_string, true);
		} else {
			/* no index, or one of the two damaged: every case,
			 * never a short agenda */
			json_decref(ids);
			ids = vpd_layout_case_ids(t);
		}
	}
	items = json_array();
	json_array_foreach(ids, i, v) {
		char *naam;
		json_t *cs, *p, *d, *m;
		const vpd_workflow *wf;
		vpd_error e;
		size_t k;

		if ((cs = case_file(t, v, err)) == NULL) {
			/* gone is skipped; unreadable is an error, never a
			 * shorter list */
			if (err->code != VPD_ENOTFOUND) {
				rc = err->code;
				goto done;
			}
			vpd_error_clear(err);
			continue;
		}
		/* A manager's agenda holds the cases of his departments. */
		if (!(vpd_case_sight(t, &viewer, cs, today, NULL) &
		    VPD_SIGHT_FULL) || vpd_wfcache_get(cache, a,
		    str(json_object_get(cs, "workflow"), "blob"), &wf, &e)) {
			json_decref(cs);
			continue;
		}
		json_array_append(zaken, v);
		json_array_append(personen, json_object_get(cs, "persoon"));
		p = vpd_person_of_case(t, cs);
		naam = p ? vpd_person_display_name(p) : strdup("?");
		json_array_foreach(json_object_get(cs, "termijnen"), k, d) {
			vpd_time due;

			if (strcmp(str(d, "status"), "open") != 0 ||
			    vpd_time_parse(str(d, "uiterlijk"), &due))
				continue;
			json_array_append_new(items, agenda_item(cs, naam,
			    "termijn", str(d, "label"), due, at,
			    vpd_roles_from_json(json_object_get(d, "wie")),
			    actors));
		}
		json_array_foreach(json_object_get(cs, "maatregelen"), k, m) {
			vpd_date tot;
			char label[256], end[64];

			if (!is_register_measure(m) || measure_on(m, today) != 1
			    || vpd_date_parse(str(m, "tot"), &tot) ||
			    tot > today + days)
				continue;
			vpd_letter_date(tot, end, sizeof(end));
			snprintf(label, sizeof(label), "%s loopt af na %s: "
			    "verlengen of laten aflopen, baliemap bijwerken",
			    strcmp(str(m, "soort"), "toegangsverbod") == 0 ?
			    "Toegangsverbod" : "Schriftelijke waarschuwing",
			    end);
			json_array_append_new(items, agenda_item(cs, naam,
			    "maatregel_einde", label, vpd_date_start(tot + 1),
			    at, measure_roles(t, wf, cs, m), actors));
		}
		free(naam);
		json_decref(p);
		json_decref(cs);
	}
	vpd_json_sort(items, by_due, false);
	{
		char utc[VPD_TIME_UTC_LEN], local[VPD_TIME_LOCAL_LEN];
		size_t late = 0;

		json_array_foreach(items, i, v)
			late += json_is_true(json_object_get(v, "te_laat"));
		vpd_time_format_utc(at, utc);
		vpd_time_format_human(at, local);
		if ((rc = vpd_access_log(a, who, &viewer, "agenda", zaken,
		    personen, err)) == 0) {
			*result = json_pack("{sssssisIsO}", "tijdstip", utc,
			    "tijdstip_lokaal", local, "dagen", days, "te_laat",
			    (json_int_t)late, "punten", items);
		}
	}
done:
	json_decref(items);
	json_decref(ids);
	json_decref(actors);
	json_decref(zaken);
	json_decref(personen);
	vpd_viewer_free(&viewer);
	vpd_wfcache_free(cache);
	vpd_txn_free(t);
	return rc;
}

/* ---- Police copies --------------------------------------------------- */

static int
newest_first(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(y, "tijdstip"), str(x, "tijdstip"));

	return c ? c : strcmp(str(y, "zaak"), str(x, "zaak"));
}

/* The exports to the police so far, newest first: number, when, by whom,
 * since when, how many files (their records, police/events/). */
static json_t *
police_exports(vpd_txn *t)
{
	json_t *out = json_array(), *names = vpd_txn_list(t, "police/events"),
	    *n;
	size_t i;

	json_array_foreach(names, i, n) {
		char path[160];
		json_t *rec = NULL;
		vpd_error e;

		snprintf(path, sizeof(path), "police/events/%s",
		    json_string_value(n));
		if (vpd_txn_read_json(t, path, &rec, &e))
			continue;
		json_array_insert_new(out, 0, json_pack("{sIsOsOsOsI}", "nr",
		    (json_int_t)i + 1, "tijdstip", json_object_get(rec,
		    "tijdstip") ? json_object_get(rec, "tijdstip") :
		    json_null(), "door", json_object_get(rec, "actor") ?
		    json_object_get(rec, "actor") : json_null(), "sinds",
		    json_object_get(rec, "sinds") ? json_object_get(rec,
		    "sinds") : json_null(), "bestanden", (json_int_t)
		    json_array_size(json_object_get(rec, "bestanden"))));
		json_decref(rec);
	}
	json_decref(names);
	return out;
}

int
vpd_core_police_copies(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	vpd_txn *t;
	vpd_viewer viewer = {0};
	json_t *ids = NULL, *v, *items = json_array(), *zaken = json_array();
	vpd_date today = vpd_time_local_date(who->now);
	size_t i;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)))
		goto out;
	if ((rc = require_roles(t, who, VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL |
	    VPD_ROLE_POLICE, "the police's copies", &viewer, err)))
		goto done;
	ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, v) {
		json_t *cs, *doc, *cp;
		size_t k, j;
		bool any = false;

		if ((cs = case_file(t, v, err)) == NULL) {
			/* gone is skipped; unreadable is an error, never a
			 * shorter list */
			if (err->code != VPD_ENOTFOUND) {
				rc = err->code;
				goto done;
			}
			vpd_error_clear(err);
			continue;
		}
		if (!(vpd_case_sight(t, &viewer, cs, today, NULL) &
		    (VPD_SIGHT_FULL | VPD_SIGHT_POLICE))) {
			json_decref(cs);
			continue;
		}
		json_array_foreach(json_object_get(cs, "documenten"), k, doc)
			json_array_foreach(json_object_get(doc, "exemplaren"), j,
			    cp) {
				if (str(cp, "bestemming") == NULL ||
				    strcmp(str(cp, "bestemming"), "politie") != 0)
					continue;
				json_array_append_new(items, json_pack(
				    "{sOsOsOsOsOsOsOsOss}", "zaak",
				    json_object_get(cs, "id"), "document",
				    json_object_get(doc, "nr"), "exemplaar",
				    json_object_get(cp, "nr"), "brief",
				    json_object_get(doc, "brief"), "titel",
				    json_object_get(doc, "titel"), "tijdstip",
				    json_object_get(doc, "tijdstip"), "sha256",
				    json_object_get(cp, "sha256"), "bytes",
				    json_object_get(cp, "bytes"), "status",
				    str(cp, "status") ? str(cp, "status") :
				    "voorbereid"));
				any = true;
			}
		if (any)
			json_array_append(zaken, v);
		json_decref(cs);
	}
	vpd_json_sort(items, newest_first, false);
	if ((rc = vpd_access_log(a, who, &viewer, "politiekopieen", zaken,
	    NULL, err)) == 0)
		*result = json_pack("{sOso}", "kopieen", items, "exports",
		    police_exports(t));
done:
	vpd_viewer_free(&viewer);
	vpd_txn_free(t);
out:
	json_decref(ids);
	json_decref(items);
	json_decref(zaken);
	return rc;
}

/* ---- Police export -------------------------------------------------- */

typedef struct {
	json_t *origin;        /* archive path -> commit that added it */
} origin_walk;

json_t *
vpd_police_texts(const json_t *m)
{
	long long nr = (long long)json_integer_value(json_object_get(m,
	    "export"));
	char *json = json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *readme = NULL;
	size_t rlen = 0;
	FILE *r = open_memstream(&readme, &rlen);
	json_t *out = NULL;

	if (json == NULL || r == NULL) {
		if (r)
			fclose(r);
		free(readme);
		free(json);
		return NULL;
	}
	fprintf(r, "Export %lld van vpd aan de politie\n\n"
	    "Gemaakt: %s (UTC) door %s\nDocumenten gemaakt vanaf: %s\n"
	    "Gebaseerd op archiefstand: %s\n"
	    "In het archief vastgelegd als export %lld (git log --grep "
	    "'Export %lld ')\n\n"
	    "Elk document is een exemplaar voor de politie, precies zoals het in "
	    "het\nauditarchief van de gemeente is vastgelegd. Controleer ze met:"
	    "\n\n    sha256sum -c SHA256SUMS\n\n"
	    "Elke regel moet OK zijn. manifest.json noemt per bestand de zaak, "
	    "het\ndocument, de meldcode (VPT), de registratienummers van de "
	    "aangifte, de\nSHA-256 en de archief-commit waarin het document is "
	    "vastgelegd.\n\ncontrolepunt.txt is een door het archief "
	    "ondertekend controlepunt van de\narchiefstand. Bewaar het: "
	    "daarmee toont 'vpd verify --checkpoint' later aan\ndat het "
	    "archief deze geschiedenis nog ongewijzigd bevat.\n", nr,
	    str(m, "tijdstip"), str(m, "door"), str(m, "sinds"),
	    str(m, "basis"), nr, nr);
	if (fclose(r) == 0 && readme)
		out = json_pack("[{ssss}{ssss}]", "bestand", "manifest.json",
		    "tekst", json, "bestand", "LEESMIJ.txt", "tekst", readme);
	if (out && str(m, "controlepunt"))
		json_array_append_new(out, json_pack("{ssss}", "bestand",
		    "controlepunt.txt", "tekst", str(m, "controlepunt")));
	free(readme);
	free(json);
	return out;
}

static int
origin_cb(const vpd_commit *c, void *ud)
{
	origin_walk *w = ud;
	json_t *p;
	size_t i;

	json_array_foreach(c->added, i, p) {
		const char *path = json_string_value(p);

		if (strstr(path, "/documents/") && strstr(path, "-politie.pdf") &&
		    !json_object_get(w->origin, path))
			json_object_set_new(w->origin, path,
			    json_string(c->id));
	}
	return 0;
}

/* The police's case references: VPT code and report numbers. */
static void
police_refs(const json_t *cs, json_t *entry)
{
	json_t *p, *nrs = json_array();
	const char *vpt = NULL;
	size_t i;

	json_array_foreach(json_object_get(cs, "politie"), i, p) {
		if (str(p, "vpt_code"))
			vpt = str(p, "vpt_code");
		if (str(p, "registratienummer"))
			json_array_append(nrs, json_object_get(p,
			    "registratienummer"));
	}
	json_object_set_new(entry, "vpt_code", vpt ? json_string(vpt) :
	    json_null());
	json_object_set_new(entry, "registratienummers", nrs);
}

int
vpd_core_police_export(vpd_archive *a, const vpd_who *who, vpd_date since,
    vpd_export_fn write, vpd_export_done_fn done, void *ud, json_t **result,
    vpd_error *err)
{
	vpd_txn *t;
	vpd_viewer viewer = {0};
	origin_walk w = {json_object()};
	json_t *ids = NULL, *entries = json_array(), *files = json_array();
	json_t *v, *rec = NULL, *manifest = NULL;
	char tip[VPD_OID_HEX], sincebuf[VPD_DATE_LEN], when[VPD_TIME_UTC_LEN];
	size_t i;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)))
		goto out;
	if ((rc = require_roles(t, who, VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL |
	    VPD_ROLE_POLICE, "the police export", &viewer, err)) ||
	    (rc = vpd_archive_tip(a, tip, err)) ||
	    (rc = vpd_archive_walk(a, origin_cb, &w, err)))
		goto done;
	ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, v) {
		json_t *cs, *doc;
		size_t k;

		if ((cs = case_file(t, v, err)) == NULL) {
			rc = err->code == VPD_ENOTFOUND ? vpd_error_set(err,
			    VPD_EIO, NULL, 0, 0, "the case file of %s cannot be "
			    "read (run 'vpd verify')", json_string_value(v)) :
			    err->code;
			goto done;
		}
		json_array_foreach(json_object_get(cs, "documenten"), k, doc) {
			json_t *cp;
			vpd_time made;
			size_t j;

			if (vpd_time_parse(str(doc, "tijdstip"), &made) ||
			    vpd_time_local_date(made) < since)
				continue;
			json_array_foreach(json_object_get(doc, "exemplaren"),
			    j, cp) {
				const char *pdf = str(cp, "pdf");
				char file[256], local[64];
				char *buf;
				size_t len;
				json_t *entry;

				if (strcmp(str(cp, "bestemming"), "politie") != 0
				    || pdf == NULL)
					continue;
				if ((rc = vpd_txn_read_checked(t, pdf,
				    str(cp, "sha256"), &buf, &len, err)))
					break;
				/* one file per copy in a folder per case:
				 * "2026-0001/005-toegangsverbod-4-politie.pdf" */
				snprintf(file, sizeof(file), "%s/%03lld-%s-%lld-"
				    "politie.pdf", str(cs, "id"), (long long)
				    json_integer_value(json_object_get(doc,
				    "nr")), str(doc, "brief"), (long long)
				    json_integer_value(json_object_get(cp,
				    "nr")));
				vpd_time_format_human(made, local);
				entry = json_pack("{sOsOsOsOsOsssssssssIsO*}",
				    "zaak", json_object_get(cs, "id"),
				    "document", json_object_get(doc, "nr"),
				    "exemplaar", json_object_get(cp, "nr"),
				    "brief", json_object_get(doc, "brief"),
				    "titel", json_object_get(doc, "titel"),
				    "gemaakt", local, "bestand", file, "pad",
				    pdf, "sha256", str(cp, "sha256"), "bytes",
				    (json_int_t)len, "commit",
				    json_object_get(w.origin, pdf));
				police_refs(cs, entry);
				rc = write(ud, entry, (unsigned char *)buf, len,
				    err);
				free(buf);
				json_array_append_new(files, json_pack(
				    "{sOsOsOsOsO}", "zaak", json_object_get(cs,
				    "id"), "document", json_object_get(doc,
				    "nr"), "exemplaar", json_object_get(cp,
				    "nr"), "pad", json_object_get(entry, "pad"),
				    "sha256", json_object_get(entry,
				    "sha256")));
				json_array_append_new(entries, entry);
				if (rc)
					break;
			}
			if (rc)
				break;
		}
		json_decref(cs);
		if (rc)
			goto done;
	}
	vpd_date_format(since, sincebuf);
	if (json_array_size(files) == 0) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no documents for the police since %s: nothing exported",
		    sincebuf);
		vpd_error_set_nl(err, "Er zijn geen documenten voor de politie "
		    "gemaakt sinds de gekozen datum. Er is niets geëxporteerd.");
		goto done;
	}
	{
		/* Recorded in the archive too; the log says who took what,
		 * before anything is handed over. */
		json_t *zaken = json_array(), *f;
		size_t k;

		json_array_foreach(files, k, f)
			json_array_append(zaken, json_object_get(f, "zaak"));
		rc = vpd_access_log(a, who, &viewer, "politie-export", zaken,
		    NULL, err);
		json_decref(zaken);
		if (rc)
			goto done;
	}
	/* Everything is written before the export is recorded: the number
	 * it will have is the next one at the tip read, and the commit is
	 * refused should another export land first. */
	{
		json_t *names = vpd_txn_list(t, "police/events");

		vpd_time_format_utc(who->now, when);
		manifest = json_pack("{sIsssssssssO}", "export", (json_int_t)
		    json_array_size(names) + 1, "tijdstip", when, "door",
		    who->actor, "sinds", sincebuf, "basis", tip, "bestanden",
		    entries);
		json_decref(names);
	}
	if (manifest == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	{
		/* A signed checkpoint of the history the export is based on:
		 * kept by the police, it later proves that no commit up to it
		 * was dropped or rewritten (docs/security.md).  An archive
		 * without a key has none to give. */
		char *cp = NULL;
		bool need = false;
		unsigned char pk[32];

		if ((rc = vpd_txn_signing_key(t, &need, pk, err)))
			goto done;
		if (need) {
			if ((rc = vpd_core_checkpoint(a, tip, who->now, &cp,
			    err)))
				goto done;
			json_object_set_new(manifest, "controlepunt",
			    json_string(cp));
			free(cp);
		}
	}
	if ((rc = done(ud, manifest, err)))
		goto done;
	rc = vpd_core_commit_request(a, who, json_pack("{sssssssOsO}", "soort",
	    "politie_export", "sinds", sincebuf, "basis", tip, "bestanden",
	    files, "export", json_object_get(manifest, "export")), &rec, err);
	if (rc == 0) {
		*result = json_deep_copy(manifest);
		json_object_set(*result, "commit", json_object_get(rec,
		    "commit"));
	}
done:
	json_decref(manifest);
	vpd_viewer_free(&viewer);
	vpd_txn_free(t);
out:
	json_decref(rec);
	json_decref(ids);
	json_decref(files);
	json_decref(entries);
	json_decref(w.origin);
	return rc;
}
