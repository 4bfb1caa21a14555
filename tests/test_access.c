/*
 * test_access.c - the visibility matrix (docs/access.md) in the core:
 * one small archive with an actor of every role, and for each what
 * `case show`, `case list`, `case log`, `document get` and the bans list
 * give them, and what goes to the access log.
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
#include <sys/stat.h>
#include <unistd.h>

#include "scratch.h"
#include "../src/case/access.h"
#include "../src/case/case.h"
#include "../src/store/store.h"
#include "../src/util/file.h"

static char arch[300];
static vpd_archive *a;
static vpd_time now;

static vpd_who
as(const char *actor)
{
	vpd_who w = {.actor = actor, .now = now, .via = "test"};

	return w;
}

static json_t *
show(const char *actor, int *rc)
{
	vpd_who w = as(actor);
	json_t *res = NULL;
	vpd_error err;

	*rc = vpd_core_case_show(a, &w, "2026-0001", &res, &err);
	return res;
}

static bool
sees(const json_t *view, const char *sight)
{
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(view, "zicht"), i, x)
		if (strcmp(json_string_value(x), sight) == 0)
			return true;
	return false;
}

/*
 * The archive: A (staff) reported an incident at Burgerzaken; M manages
 * Burgerzaken, N manages Sport; the manager made an aangifte (a letter
 * with a police copy), the coordinator set a ban's length, and the manager
 * imposed the ban from the next day.
 */
static int
setup(void **state)
{
	static const char *const actors[][3] = {
		{"C", "coordinator", NULL}, {"M", "manager", "Burgerzaken"},
		{"N", "manager", "Sport"}, {"R", "reception", NULL},
		{"J", "legal", NULL}, {"P", "police", NULL},
		{"A", "medewerker", NULL}, {"B", "medewerker", NULL},
	};
	json_t *persoon, *incident, *res = NULL, *in;
	char *text;
	size_t len;
	vpd_who w;
	vpd_error err;

	(void)state;
	if (scratch_make("access"))
		return -1;
	snprintf(arch, sizeof(arch), "%s/archive", root);
	vpd_time_parse("2026-11-20T11:00:00+01:00", &now);
	w = as("C");
	if (vpd_core_init(arch, &w, &res, &err))
		return -1;
	json_decref(res);
	if (vpd_archive_open(&a, arch, &err))
		return -1;
	for (size_t i = 0; i < sizeof(actors) / sizeof(actors[0]); i++) {
		json_t *roles = json_pack("[s]", actors[i][1]);
		json_t *depts = actors[i][2] ? json_pack("[s]", actors[i][2]) :
		    NULL;

		if (vpd_core_actor_add(a, &w, actors[i][0], roles, NULL, depts,
		    &res, &err))
			return -1;
		json_decref(res);
		json_decref(roles);
		json_decref(depts);
	}
	persoon = json_pack("{ssssssss}", "voornamen", "Jan", "tussenvoegsel",
	    "van der", "achternaam", "Berg", "geboortedatum", "1980-04-01");
	json_object_set_new(persoon, "adres", json_pack("{ssssssss}", "straat",
	    "Dorpsstraat", "huisnummer", "1", "postcode", "6411 AB",
	    "woonplaats", "Heerlen"));
	incident = json_pack("{sssssssss[{ssss}]ss}", "tijdstip",
	    "2026-11-20T10:00", "locatie", "Stadskantoor", "afdeling",
	    "Burgerzaken", "kanaal", "balie", "gedrag", "categorie",
	    "persoonlijke_bedreiging", "soort", "bedreiging", "omschrijving",
	    "Dreigde de medewerker te slaan.");
	text = vpd_file_read("workflows/heerlen.yaml", &len, &err);
	w = as("A");
	if (text == NULL || vpd_core_case_open(a, &w, "heerlen", text, len,
	    persoon, "p", incident, "i", &res, &err))
		return -1;
	free(text);
	json_decref(res);
	json_decref(persoon);
	json_decref(incident);
	w = as("M");
	w.now += 3600;
	in = json_pack("{ss}", "feit", "bedreiging");
	if (vpd_core_case_event(a, &w, "2026-0001", "aangifte_gedaan", in,
	    NULL, NULL, NULL, &res, &err))
		return -1;
	json_decref(in);
	json_decref(res);
	/* §8.1: the coordinator sets the ban's length. */
	w = as("C");
	w.now += 3600 + 1800;
	in = json_pack("{sisb}", "maanden", 3, "medewerker_gehoord", 1);
	if (vpd_core_case_event(a, &w, "2026-0001", "duur_vaststellen", in,
	    NULL, NULL, NULL, &res, &err))
		return -1;
	json_decref(in);
	json_decref(res);
	w = as("M");
	w.now += 2 * 3600;
	in = json_pack("{sssssssss[s]}", "maatregel", "toegangsverbod",
	    "motivering", "Bedreiging.", "van", "2026-11-21", "tot",
	    "2027-02-21", "locaties", "Stadskantoor");
	if (vpd_core_case_event(a, &w, "2026-0001", "maatregel_opleggen", in,
	    NULL, NULL, NULL, &res, &err))
		return -1;
	json_decref(in);
	json_decref(res);
	now += 24 * 3600;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	vpd_archive_free(a);
	scratch_remove();
	return 0;
}

static void
test_access__reads_need_a_known_actor(void **state)
{
	int rc;
	json_t *v;

	(void)state;
	assert_null(v = show(NULL, &rc));
	assert_int_equal(rc, VPD_EREFUSED);
	assert_null(v = show("Onbekend", &rc));
	assert_int_equal(rc, VPD_EREFUSED);
	assert_null(v = show("system", &rc));
	assert_int_equal(rc, VPD_EREFUSED);
	assert_null(v = show("B", &rc));
	assert_int_equal(rc, VPD_EREFUSED);
	assert_null(v = show("N", &rc));
	assert_int_equal(rc, VPD_EREFUSED);
}

static void
test_access__full_sight(void **state)
{
	static const char *const full[] = {"C", "J", "M", NULL};
	int rc;

	(void)state;
	for (int i = 0; full[i]; i++) {
		json_t *v = show(full[i], &rc), *p;

		assert_int_equal(rc, 0);
		assert_true(sees(v, "volledig"));
		p = json_object_get(v, "persoon");
		assert_string_equal(json_string_value(json_object_get(
		    json_object_get(p, "adres"), "straat")), "Dorpsstraat");
		assert_non_null(json_object_get(v, "incidenten"));
		assert_non_null(json_object_get(v, "documenten"));
		assert_non_null(json_object_get(v, "gegevens"));
		json_decref(v);
	}
}

static void
test_access__reporter_sees_his_report_only(void **state)
{
	int rc;
	json_t *v = show("A", &rc), *inc;

	(void)state;
	assert_int_equal(rc, 0);
	assert_true(sees(v, "meldingen"));
	assert_false(sees(v, "volledig"));
	inc = json_object_get(v, "incidenten");
	assert_int_equal(json_array_size(inc), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    inc, 0), "omschrijving")), "Dreigde de medewerker te slaan.");
	/* the person by name only; no letters, inputs, deadlines, forms */
	assert_int_equal(json_object_size(json_object_get(v, "persoon")), 1);
	assert_null(json_object_get(v, "documenten"));
	assert_null(json_object_get(v, "gegevens"));
	assert_null(json_object_get(v, "termijnen"));
	assert_null(json_object_get(v, "formulieren"));
	assert_null(json_object_get(v, "politie"));
	/* but what became of it */
	assert_true(json_array_size(json_object_get(v, "verloop")) >= 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(v, "maatregelen"), 0), "soort")),
	    "toegangsverbod");
	json_decref(v);
}

static void
test_access__reception_sees_the_desk_card(void **state)
{
	int rc;
	json_t *v = show("R", &rc), *p, *f;
	size_t i;
	bool violation = false;

	(void)state;
	assert_int_equal(rc, 0);
	assert_true(sees(v, "balie"));
	p = json_object_get(v, "persoon");
	assert_string_equal(json_string_value(json_object_get(p, "naam")),
	    "Jan van der Berg");
	assert_string_equal(json_string_value(json_object_get(p,
	    "geboortedatum")), "1980-04-01");
	assert_null(json_object_get(p, "adres"));
	assert_null(json_object_get(v, "incidenten"));
	assert_null(json_object_get(v, "documenten"));
	assert_null(json_object_get(v, "gegevens"));
	assert_non_null(json_object_get(json_array_get(json_object_get(v,
	    "maatregelen"), 0), "oordeel"));
	/* the steps reception may take, with their forms */
	json_array_foreach(json_object_get(v, "formulieren"), i, f) {
		assert_string_not_equal(json_string_value(json_object_get(f,
		    "event")), "maatregel_opleggen");
		if (strcmp(json_string_value(json_object_get(f, "event")),
		    "overtreding") == 0)
			violation = true;
	}
	assert_true(violation);
	json_decref(v);
}

static void
test_access__police_see_their_copies_only(void **state)
{
	int rc;
	json_t *v = show("P", &rc), *doc, *cp;
	vpd_who w = as("P");
	unsigned char *pdf = NULL;
	size_t i, k, len;
	json_t *info = NULL;
	vpd_error err;

	(void)state;
	assert_int_equal(rc, 0);
	assert_true(sees(v, "politie"));
	assert_null(json_object_get(v, "persoon"));
	assert_null(json_object_get(v, "incidenten"));
	assert_true(json_array_size(json_object_get(v, "documenten")) > 0);
	json_array_foreach(json_object_get(v, "documenten"), i, doc)
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp)
			assert_string_equal(json_string_value(json_object_get(
			    cp, "bestemming")), "politie");
	json_decref(v);
	/* letters were made without PDFs here; the refusal comes first */
	assert_int_equal(vpd_core_document_get(a, &w, "2026-0001", 1, 2, &pdf,
	    &len, &info, &err), VPD_EREFUSED);
	assert_null(pdf);
}

static void
test_access__lists_and_trail_follow_the_sight(void **state)
{
	vpd_who w;
	json_t *res = NULL;
	vpd_error err;

	(void)state;
	w = as("N");
	assert_int_equal(vpd_core_case_list(a, &w, NULL, &res, &err), 0);
	assert_int_equal(json_array_size(res), 0);
	json_decref(res);
	w = as("A");
	assert_int_equal(vpd_core_case_list(a, &w, NULL, &res, &err), 0);
	assert_int_equal(json_array_size(res), 1);
	assert_null(json_object_get(json_array_get(res, 0), "persoon"));
	json_decref(res);
	assert_int_equal(vpd_core_case_log(a, &w, "2026-0001", &res, &err),
	    VPD_EREFUSED);
	w = as("R");
	assert_int_equal(vpd_core_case_log(a, &w, "2026-0001", &res, &err),
	    VPD_EREFUSED);
	w = as("J");
	assert_int_equal(vpd_core_case_log(a, &w, "2026-0001", &res, &err), 0);
	assert_true(json_array_size(res) >= 3);
	json_decref(res);
	/* the bans list is for the desk, not for staff or police */
	w = as("A");
	assert_int_equal(vpd_core_bans(a, &w, vpd_time_local_date(now), &res,
	    &err), VPD_EREFUSED);
	w = as("P");
	assert_int_equal(vpd_core_bans(a, &w, vpd_time_local_date(now), &res,
	    &err), VPD_EREFUSED);
}

static void
test_access__changes_need_the_case_in_sight(void **state)
{
	vpd_who w = as("N");
	json_t *res = NULL, *in = json_pack("{ss}", "reden", "x");
	vpd_error err;

	(void)state;
	/* N's role may withdraw a ban, but the case is not N's */
	assert_int_equal(vpd_core_case_event(a, &w, "2026-0001", "intrekken",
	    in, NULL, NULL, NULL, &res, &err), VPD_EREFUSED);
	assert_non_null(strstr(err.msg, "may not change case"));
	json_decref(in);
}

static void
test_access__every_view_is_logged(void **state)
{
	vpd_store *s = NULL;
	vpd_error err;
	size_t lines = 0;
	char path[400], *log;
	int rc;
	json_t *v = show("R", &rc);

	(void)state;
	json_decref(v);
	assert_int_equal(vpd_store_open(&s, arch, &err), 0);
	assert_int_equal(vpd_store_log_verify(s, &lines, &err), 0);
	assert_true(lines >= 1);
	vpd_store_free(s);
	snprintf(path, sizeof(path), "%s/private/access.log", arch);
	log = vpd_file_read(path, NULL, &err);
	assert_non_null(log);
	assert_non_null(strstr(log, "\"actor\":\"R\""));
	assert_non_null(strstr(log, "\"zaken\":[\"2026-0001\"]"));
	/* no citizen's name, address or birth date */
	assert_null(strstr(log, "Berg"));
	assert_null(strstr(log, "Dorpsstraat"));
	assert_null(strstr(log, "1980"));
	free(log);
}

/* An agenda at 3,000 cases names more cases than one log line holds: the
 * view is logged in parts, every id in one, and the chain holds. */
static void
test_access__a_long_view_is_logged_in_parts(void **state)
{
	vpd_store *s = NULL;
	vpd_viewer v = {.actor = "C", .roles = VPD_ROLE_COORDINATOR};
	vpd_who w = as("C");
	vpd_error err;
	json_t *zaken = json_array(), *personen = json_array();
	size_t before = 0, after = 0, n = 3 * VPD_LOG_IDS_MAX + 7;
	char id[32], path[400], *log;
	vpd_archive *arc = NULL;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "2026-%05zu", i + 1);
		json_array_append_new(zaken, json_string(id));
		snprintf(id, sizeof(id), "P%05zu", i + 1);
		json_array_append_new(personen, json_string(id));
	}
	assert_int_equal(vpd_store_open(&s, arch, &err), 0);
	assert_int_equal(vpd_store_log_verify(s, &before, &err), 0);
	assert_int_equal(vpd_archive_open(&arc, arch, &err), 0);
	assert_int_equal(vpd_access_log(arc, &w, &v, "agenda", zaken,
	    personen, &err), 0);
	assert_int_equal(vpd_store_log_verify(s, &after, &err), 0);
	assert_int_equal(after - before, 4);
	snprintf(path, sizeof(path), "%s/private/access.log", arch);
	log = vpd_file_read(path, NULL, &err);
	assert_non_null(log);
	assert_non_null(strstr(log, "\"deel\":[4,4]"));
	assert_non_null(strstr(log, "\"2026-00001\""));
	assert_non_null(strstr(log, "\"P03007\""));
	free(log);
	vpd_archive_free(arc);
	vpd_store_free(s);
	json_decref(zaken);
	json_decref(personen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access__reads_need_a_known_actor),
		cmocka_unit_test(test_access__full_sight),
		cmocka_unit_test(test_access__reporter_sees_his_report_only),
		cmocka_unit_test(test_access__reception_sees_the_desk_card),
		cmocka_unit_test(test_access__police_see_their_copies_only),
		cmocka_unit_test(test_access__lists_and_trail_follow_the_sight),
		cmocka_unit_test(test_access__changes_need_the_case_in_sight),
		cmocka_unit_test(test_access__every_view_is_logged),
		cmocka_unit_test(test_access__a_long_view_is_logged_in_parts),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
