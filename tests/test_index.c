/*
 * test_index.c - the derived indexes under index/ agree with a full scan
 * of the case and person files after random events (a property test over
 * several seeds), `vpd verify` replays them, and an archive made without
 * indexes keeps none.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scratch.h"
#include "../src/archive/archive.h"
#include "../src/case/apply.h"
#include "../src/case/case.h"
#include "../src/case/index.h"
#include "../src/case/layout.h"
#include "../src/util/file.h"
#include "../src/workflow/workflow.h"

#define PERSONS 12
#define STEPS 45

static char arch[300];
static vpd_archive *a;
static int done[9];            /* steps that went through, by kind */
static vpd_time now;
static int versie;              /* of the archive's indexes */
static char *heerlen;
static size_t heerlen_len;

static vpd_who
as(const char *actor)
{
	vpd_who w = {.actor = actor, .now = now, .via = "test"};

	return w;
}

/* An archive with indexes of version `versie` (0: none, as vpd made them
 * before the indexes; 1: one file per list; 2: today's). */
static void
make_archive(int v)
{
	static const char *const actors[][3] = {
		{"C", "coordinator", NULL}, {"M", "manager", "Burgerzaken"},
		{"A", "medewerker", NULL},
	};
	vpd_who w;
	json_t *res = NULL;
	vpd_error err;

	versie = v;
	assert_int_equal(scratch_make("index"), 0);
	snprintf(arch, sizeof(arch), "%s/archive", root);
	vpd_time_parse("2026-01-05T09:00:00+01:00", &now);
	w = as("C");
	if (versie == VPD_INDEX_VERSION) {
		assert_int_equal(vpd_core_init(arch, &w, &res, &err), 0);
		json_decref(res);
		assert_int_equal(vpd_archive_open(&a, arch, &err), 0);
	} else {
		/* an archive as an earlier vpd made it */
		assert_int_equal(vpd_archive_create(&a, arch, &err), 0);
		assert_int_equal(vpd_core_commit_request(a, &w, versie ?
		    json_pack("{sssbsi}", "soort", "init", "indexen", 1,
		    "formaat", VPD_LAYOUT_SPREAD) : json_pack("{ss}", "soort",
		    "init"), &res, &err), 0);
		json_decref(res);
	}
	for (size_t i = 0; i < sizeof(actors) / sizeof(actors[0]); i++) {
		json_t *roles = json_pack("[s]", actors[i][1]);
		json_t *depts = actors[i][2] ? json_pack("[s]", actors[i][2]) :
		    NULL;

		assert_int_equal(vpd_core_actor_add(a, &w, actors[i][0], roles,
		    NULL, depts, &res, &err), 0);
		json_decref(res);
		json_decref(roles);
		json_decref(depts);
	}
}

static void
drop_archive(void)
{
	vpd_archive_free(a);
	a = NULL;
	scratch_remove();
}

static int
setup(void **state)
{
	vpd_error err;

	(void)state;
	heerlen = vpd_file_read("workflows/heerlen.yaml", &heerlen_len, &err);
	return heerlen ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	free(heerlen);
	return 0;
}

/* ---- Random steps --------------------------------------------------- */

static const char *first[] = {"Jan", "Piet", "Anna", "Fatima", "Noël",
    "Zoë"};
static const char *last[] = {"Berg", "Vries", "Bakker", "Öztürk", "Jansen",
    "Smit"};

static json_t *
person(int k)
{
	json_t *p = json_pack("{ssss}", "voornamen", first[k % 6],
	    "achternaam", last[(k / 2) % 6]);
	char born[16];

	/* Every fourth person is known without a birth date. */
	if (k % 4 != 3) {
		snprintf(born, sizeof(born), "19%02d-0%d-1%d", 60 + k % 3,
		    1 + k % 9, k % 10);
		json_object_set_new(p, "geboortedatum", json_string(born));
	}
	return p;
}

static void
day_text(vpd_date d, char *out, const char *prefix)
{
	char buf[VPD_DATE_LEN];

	vpd_date_format(d, buf);
	sprintf(out, "%s%s", prefix, buf);
}

static json_t *
case_ids(void)
{
	vpd_txn *t;
	vpd_error err;
	json_t *ids;

	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	ids = vpd_layout_case_ids(t);
	vpd_txn_free(t);
	return ids;
}

static int
fire(const char *actor, const char *id, const char *event, json_t *in)
{
	vpd_who w = as(actor);
	json_t *res = NULL;
	vpd_error err;
	/* Refusals are part of the walk: they must change nothing. */
	/* the 48 hours have mostly passed in this walk */
	int rc = vpd_core_case_event(a, &w, id, event, in, strcmp(event,
	    "maatregel_opleggen") == 0 ? "Later besloten." : NULL, NULL, NULL,
	    &res, &err);

	if (rc && getenv("TEST_INDEX_DEBUG"))
		fprintf(stderr, "%s %s: %s\n", event, id, err.msg);
	json_decref(res);
	json_decref(in);
	return rc;
}

/* One step of kind `op` on case `id`: 0 when it went through. */
static int
attempt(unsigned *seed, const char *id, int op)
{
	json_t *res = NULL;
	vpd_date today = vpd_time_local_date(now);
	vpd_duration six = {6, VPD_UNIT_MONTHS}, three = {3, VPD_UNIT_MONTHS};
	char van[32], tot[32], when[40];
	vpd_who w;
	vpd_error err;
	int rc = -1;

	day_text(today, van, "");
	switch (op) {
	case 0: case 1: {
		json_t *p = person(rand_r(seed) % PERSONS);
		char t[40];
		json_t *inc;

		vpd_time_format_utc(now - 3600, t);
		inc = json_pack("{sssssssss[{ssss}]ss}", "tijdstip", t,
		    "locatie", "Stadskantoor", "afdeling", "Burgerzaken",
		    "kanaal", "balie", "gedrag", "categorie", "verbale_agressie",
		    "soort", "schelden", "omschrijving", "Schold.");
		w = as("A");
		rc = vpd_core_case_open(a, &w, "heerlen", heerlen, heerlen_len,
		    p, "p", inc, "i", &res, &err);
		json_decref(res);
		json_decref(p);
		json_decref(inc);
		break;
	}
	case 2:
		day_text(vpd_date_add(today, six), tot, "");
		rc = fire("M", id, "maatregel_opleggen", json_pack("{ssssssss}",
		    "maatregel", "waarschuwing", "motivering", "Schelden.",
		    "van", van, "tot", tot));
		break;
	case 3:
		fire("C", id, "duur_vaststellen", json_pack("{sisb}", "maanden",
		    3, "medewerker_gehoord", 1));
		day_text(vpd_date_add(today, three), tot, "");
		rc = fire("M", id, "maatregel_opleggen", json_pack(
		    "{sssssssss[s]}",
		    "maatregel", "toegangsverbod", "motivering", "Dreigen.",
		    "van", van, "tot", tot, "locaties", "Stadskantoor"));
		break;
	case 4:
		rc = fire("C", id, "afsluiten", json_pack("{ss}", "reden", "Klaar."));
		break;
	case 5:
		rc = fire("M", id, "intrekken", json_pack("{ss}", "reden", "Spijt."));
		break;
	case 6: {
		/* a one-time visit on the next weekday, 10:00-10:30 */
		vpd_date d = today + 1;
		int y, m, dd;

		/* vpd_date counts days from Thursday 1 January 1970 */
		while ((d + 4) % 7 == 0 || (d + 4) % 7 == 6)
			d++;
		vpd_date_to_ymd(d, &y, &m, &dd);
		snprintf(when, sizeof(when), "%04d-%02d-%02dT10:00", y, m, dd);
		snprintf(tot, sizeof(tot), "%04d-%02d-%02dT10:30", y, m, dd);
		rc = fire("M", id, "eenmalige_toegang", json_pack("{ssssssssss}",
		    "tijdstip", when, "eind", tot, "gebouw", "Stadskantoor",
		    "handeling", "Paspoort", "medewerker", "A. Jansen"));
		break;
	}
	case 7: {
		/* a birth date corrected: the person moves to another year */
		char pid[16], born[16];
		json_t *g;

		snprintf(pid, sizeof(pid), "P%04d", 1 + rand_r(seed) % 4);
		snprintf(born, sizeof(born), "19%02d-02-02", 70 +
		    rand_r(seed) % 3);
		/* the new record replaces the old one whole */
		g = person(rand_r(seed) % PERSONS);
		json_object_set_new(g, "geboortedatum", json_string(born));
		w = as("M");
		rc = vpd_core_person_update(a, &w, pid, g, "g", NULL, &res, &err);
		json_decref(res);
		json_decref(g);
		break;
	}
	default:
		w = as("C");
		rc = vpd_core_tick(a, &w, &res, &err);
		json_decref(res);
		break;
	}
	return rc;
}

/* A random kind of step, tried on the cases from a random one on until
 * it goes through (most cases are in a state that refuses it). */
static void
step(unsigned *seed)
{
	json_t *ids = case_ids();
	size_t n = json_array_size(ids), from = n ? (size_t)rand_r(seed) % n : 0;
	int op = n ? rand_r(seed) % 9 : 0;

	for (size_t k = 0; k < (n ? n : 1); k++) {
		const char *id = n ? json_string_value(json_array_get(ids,
		    (from + k) % n)) : NULL;

		if (attempt(seed, id, op) == 0) {
			done[op]++;
			break;
		}
		if (op <= 1 || op >= 7)
			break;          /* not about one case */
	}
	json_decref(ids);
	now += 3600 * (1 + rand_r(seed) % (24 * 20));
}

/* ---- The property ---------------------------------------------------- */

static bool
has(const json_t *arr, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* What the desk index promises, computed from the case file alone. */
static bool
desk_matters(const json_t *c, vpd_date day)
{
	json_t *m;
	size_t i;
	vpd_date d;

	json_array_foreach(json_object_get(c, "maatregelen"), i, m) {
		const char *s = json_string_value(json_object_get(m, "status"));

		if (s && strcmp(s, "ingetrokken") == 0)
			continue;
		if (vpd_date_parse(json_string_value(json_object_get(m, "tot")),
		    &d) == 0 && d >= day)
			return true;
	}
	json_array_foreach(json_object_get(c, "afspraken"), i, m) {
		vpd_time t;

		if (vpd_time_parse(json_string_value(json_object_get(m,
		    "tijdstip")), &t) == 0 && vpd_time_local_date(t) >= day)
			return true;
	}
	return false;
}

/* The desk card of case `c` (version 2) shows what its files say. */
static void
check_card(vpd_txn *t, const json_t *c, vpd_date day)
{
	json_t *cards = vpd_index_desk_cards(t, day), *card = NULL, *v, *p;
	const char *id = json_string_value(json_object_get(c, "id"));
	size_t i, n = 0;
	vpd_error err;
	char path[128];

	if (versie != 2) {
		assert_null(cards);     /* no cards before version 2 */
		return;
	}
	assert_non_null(cards);
	json_array_foreach(cards, i, v)
		if (strcmp(json_string_value(json_object_get(json_object_get(v,
		    "zaak"), "id")), id) == 0)
			card = v;
	assert_int_equal(card != NULL, desk_matters(c, day));
	/* its name line, for the lookup, and the card found from it */
	{
		json_t *lines = vpd_index_desk_names(t, day), *line = NULL;
		json_t *one, *found;

		assert_non_null(lines);
		json_array_foreach(lines, i, v)
			if (strcmp(json_string_value(json_object_get(v,
			    "zaak")), id) == 0)
				line = v;
		assert_int_equal(line != NULL, card != NULL);
		if (line) {
			p = json_object_get(card, "persoon");
			assert_true(json_equal(json_object_get(line, "persoon"),
			    json_object_get(p, "id")));
			/* a renamed person is found under the new name */
			for (const char *const *k = (const char *const[]){
			    "voornamen", "tussenvoegsel", "achternaam", NULL};
			    *k; k++) {
				/* a name the person lacks is null in the line */
				const char *x = json_string_value(
				    json_object_get(line, *k));
				const char *y = json_string_value(
				    json_object_get(p, *k));

				assert_true(x == y || (x && y &&
				    strcmp(x, y) == 0));
			}
			one = json_pack("[O]", line);
			found = vpd_index_desk_cards_for(t, one);
			assert_non_null(found);
			assert_int_equal(json_array_size(found), 1);
			assert_true(json_equal(json_array_get(found, 0), card));
			json_decref(found);
			json_decref(one);
		}
		json_decref(lines);
	}
	if (card) {
		json_array_foreach(json_object_get(c, "maatregelen"), i, v) {
			const char *s = json_string_value(json_object_get(v,
			    "status"));

			n += !(s && strcmp(s, "ingetrokken") == 0);
		}
		assert_int_equal(json_array_size(json_object_get(
		    json_object_get(card, "zaak"), "maatregelen")), n);
		assert_int_equal(json_array_size(json_object_get(c,
		    "afspraken")), json_array_size(json_object_get(
		    json_object_get(card, "zaak"), "afspraken")));
		assert_int_equal(vpd_person_path(t, json_string_value(
		    json_object_get(c, "persoon")), path, sizeof(path)), 0);
		assert_int_equal(vpd_txn_read_json(t, path, &p, &err), 0);
		v = json_object_get(card, "persoon");
		assert_true(json_is_object(v));
		for (const char *const *k = (const char *const[]){"id",
		    "voornamen", "tussenvoegsel", "achternaam", "geboortedatum",
		    "foto", NULL}; *k; k++) {
			json_t *x = json_object_get(v, *k);
			json_t *y = json_object_get(p, *k);

			assert_true(x == y || json_equal(x, y));
		}
		json_decref(p);
	}
	json_decref(cards);
}

static void
check_against_scan(void)
{
	vpd_txn *t;
	vpd_error err;
	vpd_wfcache *cache = vpd_wfcache_new();
	json_t *ids, *persons, *v;
	vpd_date today = vpd_time_local_date(now);
	size_t i;

	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, v) {
		char path[128];
		json_t *c, *st, *run, *desk;
		const vpd_workflow *wf;
		const char *s;

		assert_int_equal(vpd_case_path(t, json_string_value(v),
		    "case.json", path, sizeof(path)), 0);
		assert_int_equal(vpd_txn_read_json(t, path, &c, &err), 0);
		s = json_string_value(json_object_get(c, "status"));
		assert_int_equal(vpd_wfcache_get(cache, a, json_string_value(
		    json_object_get(json_object_get(c, "workflow"), "blob")),
		    &wf, &err), 0);
		st = vpd_index_state(t, s);
		run = vpd_index_running(t);
		assert_true(has(st, json_string_value(v)));
		assert_int_equal(has(run, json_string_value(v)),
		    !vpd_workflow_is_final(wf, s));
		for (int back = -40; back <= 200; back += 30) {
			desk = vpd_index_desk(t, today + back);
			assert_int_equal(has(desk, json_string_value(v)),
			    desk_matters(c, today + back));
			json_decref(desk);
			check_card(t, c, today + back);
		}
		json_decref(st);
		json_decref(run);
		json_decref(c);
	}
	/* and nothing more: every indexed case is in its state */
	{
		json_t *names = vpd_txn_list(t, "index/status");

		json_array_foreach(names, i, v) {
			char state[64];
			json_t *st, *id;
			size_t k;

			const char *n = json_string_value(v);
			size_t len = strlen(n);

			/* STATE.json (version 1) or STATE/ (version 2) */
			if (len > 5 && strcmp(n + len - 5, ".json") == 0)
				len -= 5;
			snprintf(state, sizeof(state), "%.*s", (int)len, n);
			st = vpd_index_state(t, state);
			assert_true(json_array_size(st) > 0);
			json_array_foreach(st, k, id) {
				char path[128];
				json_t *c;

				assert_int_equal(vpd_case_path(t,
				    json_string_value(id), "case.json", path,
				    sizeof(path)), 0);
				assert_int_equal(vpd_txn_read_json(t, path, &c,
				    &err), 0);
				assert_string_equal(json_string_value(
				    json_object_get(c, "status")), state);
				json_decref(c);
			}
			json_decref(st);
		}
		json_decref(names);
	}
	/* every person with a birth date is in its year's shard */
	persons = vpd_layout_person_files(t);
	json_array_foreach(persons, i, v) {
		char path[128];
		json_t *p, *files;

		assert_int_equal(vpd_person_file_path(t, json_string_value(v),
		    path, sizeof(path)), 0);
		assert_int_equal(vpd_txn_read_json(t, path, &p, &err), 0);
		files = vpd_index_person_files(t, p);
		if (json_object_get(p, "geboortedatum")) {
			assert_non_null(files);
			assert_true(has(files, json_string_value(v)));
		} else {
			assert_null(files);
		}
		json_decref(files);
		json_decref(p);
	}
	json_decref(persons);
	json_decref(ids);
	vpd_txn_free(t);
	vpd_wfcache_free(cache);
}

static void
test_index__agrees_with_a_full_scan(void **state)
{
	(void)state;
	memset(done, 0, sizeof(done));
	for (unsigned seed = 1; seed <= 2; seed++) {
		unsigned s = seed;
		json_t *res = NULL;
		vpd_error err;

		make_archive(VPD_INDEX_VERSION);
		for (int i = 0; i < STEPS; i++)
			step(&s);
		check_against_scan();
		/* verify replays every commit, the indexes included */
		assert_int_equal(vpd_core_verify(arch, &res, &err), 0);
		json_decref(res);
		drop_archive();
	}
	/* The walk reached what the indexes are about: new cases, warnings,
	 * bans, closing, withdrawing, visits and a moved birth date. */
	for (int k = 0; k < 8; k++)
		if (done[k] == 0)
			fail_msg("no step of kind %d went through", k);
}

/* One tick moves a case twice (wacht -> tussen -> klaar): the state in
 * between must not keep it.  (The index compared with the base commit,
 * so the case stayed listed under 'tussen'.) */
static void
test_index__a_case_moved_twice_in_one_change(void **state)
{
	static const char twee[] = "workflow: twee\nopened_by: [medewerker]\n"
	    "states:\n  wacht: {initial: true}\n  tussen: {}\n"
	    "  klaar: {final: true}\nevents:\n  door:\n    from: [wacht]\n"
	    "    roles: [system]\n    at: incident.tijdstip + 1 day\n"
	    "    to: tussen\n  af:\n    from: [tussen]\n    roles: [system]\n"
	    "    at: incident.tijdstip + 2 days\n    to: klaar\n";
	json_t *p = person(1), *inc, *res = NULL, *ids;
	vpd_who w;
	vpd_txn *t;
	vpd_error err;
	char when[40];

	(void)state;
	make_archive(VPD_INDEX_VERSION);
	vpd_time_format_utc(now - 3600, when);
	inc = json_pack("{sssssssss[{ssss}]ss}", "tijdstip", when,
	    "locatie", "Stadskantoor", "afdeling", "Burgerzaken", "kanaal",
	    "balie", "gedrag", "categorie", "verbale_agressie", "soort",
	    "schelden", "omschrijving", "Schold.");
	w = as("A");
	assert_int_equal(vpd_core_case_open(a, &w, "twee", twee,
	    sizeof(twee) - 1, p, "p", inc, "i", &res, &err), 0);
	json_decref(res);
	json_decref(p);
	json_decref(inc);
	now += 3 * 24 * 3600;
	w = as("C");
	assert_int_equal(vpd_core_tick(a, &w, &res, &err), 0);
	json_decref(res);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	ids = vpd_index_state(t, "tussen");
	assert_true(ids == NULL || json_array_size(ids) == 0);
	json_decref(ids);
	ids = vpd_index_state(t, "klaar");
	assert_non_null(ids);
	assert_int_equal(json_array_size(ids), 1);
	json_decref(ids);
	ids = vpd_index_running(t);
	assert_true(ids == NULL || json_array_size(ids) == 0);
	json_decref(ids);
	vpd_txn_free(t);
	check_against_scan();
	assert_int_equal(vpd_core_verify(arch, &res, &err), 0);
	json_decref(res);
	drop_archive();
}

static void
test_index__old_archives_keep_none(void **state)
{
	unsigned s = 7;
	vpd_txn *t;
	vpd_error err;
	json_t *res = NULL;

	(void)state;
	make_archive(0);
	for (int i = 0; i < 10; i++)
		step(&s);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_false(vpd_index_enabled(t));
	assert_null(vpd_index_running(t));
	assert_false(vpd_txn_exists(t, "index/lopend.json"));
	{
		json_t *ids = vpd_layout_case_ids(t);

		assert_true(json_array_size(ids) > 0);
		json_decref(ids);
	}
	vpd_txn_free(t);
	assert_int_equal(vpd_core_verify(arch, &res, &err), 0);
	json_decref(res);
	drop_archive();
}

/* An archive made with version 1 indexes keeps them: one file per list,
 * still brought up to date, and its history still replays. */
static void
test_index__version_1_archives_keep_theirs(void **state)
{
	unsigned s = 3;
	vpd_txn *t;
	vpd_error err;
	json_t *res = NULL, *names;

	(void)state;
	make_archive(1);
	for (int i = 0; i < 25; i++)
		step(&s);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_true(vpd_index_enabled(t));
	assert_true(vpd_txn_exists(t, "index/lopend.json"));
	names = vpd_txn_list(t, "index/balie");
	assert_int_equal(json_array_size(names), 0);
	json_decref(names);
	vpd_txn_free(t);
	check_against_scan();
	assert_int_equal(vpd_core_verify(arch, &res, &err), 0);
	json_decref(res);
	drop_archive();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index__agrees_with_a_full_scan),
		cmocka_unit_test(test_index__a_case_moved_twice_in_one_change),
		cmocka_unit_test(test_index__old_archives_keep_none),
		cmocka_unit_test(test_index__version_1_archives_keep_theirs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
