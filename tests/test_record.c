/*
 * test_record.c - person and incident records: normalisation and errors
 * that name the field path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/record/record.h"

static vpd_time now;

static json_t *
person(void)
{
	return json_loads("{\"voornamen\": \" Jan \", \"tussenvoegsel\": "
	    "\"van der\", \"achternaam\": \"Berg\", \"geslacht\": \"m\", "
	    "\"geboortedatum\": \"1980-04-01\", \"adres\": {\"straat\": "
	    "\"Dorpsstraat\", \"huisnummer\": \"1\", \"postcode\": \"6411ab\","
	    " \"woonplaats\": \"Heerlen\"}}", 0, NULL);
}

static json_t *
incident(void)
{
	return json_loads("{\"tijdstip\": \"2026-11-20T10:00:00+01:00\", "
	    "\"locatie\": \"Stadskantoor\", \"kanaal\": \"balie\", \"gedrag\":"
	    " [{\"categorie\": \"persoonlijke_bedreiging\", \"soort\": "
	    "\"intimidatie\"}, {\"categorie\": \"verbale_agressie\", "
	    "\"soort\": \"schelden\"}], \"omschrijving\": \"…\", "
	    "\"medewerkers\": [\"A. Jansen\"], \"letsel\": false, \"schade\": "
	    "false}", 0, NULL);
}

static void
assert_person_error(const char *key, json_t *value, const char *msg)
{
	json_t *p = person(), *out = NULL;
	vpd_error err;
	char *dot = strchr(key, '.');

	if (dot) {
		char top[32];

		snprintf(top, sizeof(top), "%.*s", (int)(dot - key), key);
		json_object_set_new(json_object_get(p, top), dot + 1, value);
	} else {
		json_object_set_new(p, key, value);
	}
	assert_int_equal(vpd_person_validate(&out, p, "p.json", &err),
	    VPD_EINVALID);
	assert_null(out);
	assert_string_equal(err.file, "p.json");
	assert_string_equal(err.msg, msg);
	json_decref(p);
}

static void
test_record__person_normalised(void **state)
{
	json_t *p = person(), *out = NULL;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_person_validate(&out, p, "p.json", &err), 0);
	assert_string_equal(json_string_value(json_object_get(out,
	    "voornamen")), "Jan");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(out, "adres"), "postcode")), "6411 AB");
	json_decref(p);
	json_decref(out);
}

static void
test_record__person_errors_name_the_field(void **state)
{
	(void)state;
	assert_person_error("adres.postcode", json_string("641 AB"),
	    "adres.postcode: expected four digits and two letters, e.g. "
	    "\"6411 AB\"");
	assert_person_error("geboortedatum", json_string("01-04-1980"),
	    "geboortedatum: must be a date as YYYY-MM-DD");
	assert_person_error("achternaam", json_string("  "),
	    "achternaam: required field is missing (or give a signalement "
	    "when the name is not known)");
	assert_person_error("achternam", json_string("Berg"),
	    "achternam: unknown field");
	assert_person_error("geslacht", json_string("man"),
	    "geslacht: must be \"m\", \"v\" or \"x\"");
}

/* A report may name the person by description only; a name alone
 * without birth date is a person too, but never the same as another. */
static void
test_record__person_known_by_description(void **state)
{
	json_t *p = json_pack("{ss}", "signalement", "Man van rond de 40, "
	    "rode jas"), *n = json_pack("{ssss}", "voornamen", "Jan",
	    "achternaam", "Berg"), *out = NULL, *out2 = NULL;
	vpd_error err;
	char *name;

	(void)state;
	assert_int_equal(vpd_person_validate(&out, p, "p.json", &err), 0);
	name = vpd_person_display_name(out);
	assert_string_equal(name, "Onbekende persoon");
	free(name);
	assert_int_equal(vpd_person_validate(&out2, n, "p.json", &err), 0);
	assert_false(vpd_person_same(out2, out2));
	json_decref(out);
	json_decref(out2);
	json_object_del(p, "signalement");
	json_object_set_new(p, "voornamen", json_string("Jan"));
	assert_int_equal(vpd_person_validate(&out, p, "p.json", &err),
	    VPD_EINVALID);
	assert_string_equal(err.nl, "Achternaam: vul dit in.");
	json_decref(p);
	json_decref(n);
}

static void
test_record__same_person_ignores_case_and_accents(void **state)
{
	json_t *a = json_pack("{ssssss}", "voornamen", "Chloë",
	    "achternaam", "Janssen", "geboortedatum", "1990-01-01");
	json_t *b = json_pack("{ssssss}", "voornamen", "chloe",
	    "achternaam", "JANSSEN ", "geboortedatum", "1990-01-01");
	json_t *c = json_pack("{ssssss}", "voornamen", "Chloe",
	    "achternaam", "Janssen", "geboortedatum", "1990-01-02");

	(void)state;
	assert_true(vpd_person_same(a, b));
	assert_false(vpd_person_same(a, c));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	/* Cyrillic names are told apart; and Ștefan is not Stefan, as older
	 * vpd (which dropped Ș) decided, so old archives replay alike */
	a = json_pack("{ssssss}", "voornamen", "Иван", "achternaam", "Иванов",
	    "geboortedatum", "1980-04-01");
	b = json_pack("{ssssss}", "voornamen", "Иван", "achternaam", "Петров",
	    "geboortedatum", "1980-04-01");
	c = json_pack("{ssssss}", "voornamen", "Иван", "achternaam", "иванов",
	    "geboortedatum", "1980-04-01");
	assert_false(vpd_person_same(a, b));
	assert_true(vpd_person_same(a, c));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	a = json_pack("{ssssss}", "voornamen", "Ștefan", "achternaam", "Pop",
	    "geboortedatum", "1980-04-01");
	b = json_pack("{ssssss}", "voornamen", "Stefan", "achternaam", "Pop",
	    "geboortedatum", "1980-04-01");
	assert_false(vpd_person_same(a, b));
	json_decref(a);
	json_decref(b);
}

static void
test_record__incident_derives_categories(void **state)
{
	json_t *i = incident(), *out = NULL;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_incident_validate(&out, i, "i.json", now, &err),
	    0);
	assert_string_equal(json_string_value(json_object_get(out,
	    "tijdstip")), "2026-11-20T09:00:00Z");
	assert_int_equal(json_array_size(json_object_get(out,
	    "categorieen")), 2);
	/* Validating the normalised record again changes nothing. */
	{
		json_t *again = NULL;

		assert_int_equal(vpd_incident_validate(&again, out, "i.json",
		    now, &err), 0);
		assert_true(json_equal(again, out));
		json_decref(again);
	}
	json_decref(i);
	json_decref(out);
}

static void
test_record__incident_errors(void **state)
{
	json_t *i = incident(), *out = NULL;
	vpd_error err;

	(void)state;
	json_object_set_new(json_array_get(json_object_get(i, "gedrag"), 1),
	    "soort", json_string("slaan"));
	assert_int_equal(vpd_incident_validate(&out, i, "i.json", now, &err),
	    VPD_EINVALID);
	assert_non_null(strstr(err.msg, "gedrag[1].soort: for "
	    "verbale_agressie must be one of"));
	json_object_set_new(json_array_get(json_object_get(i, "gedrag"), 1),
	    "soort", json_string("schelden"));
	json_object_set_new(i, "kanaal", json_string("fax"));
	assert_int_equal(vpd_incident_validate(&out, i, "i.json", now, &err),
	    VPD_EINVALID);
	assert_non_null(strstr(err.msg, "kanaal: must be one of"));
	json_object_set_new(i, "kanaal", json_string("balie"));
	json_object_set_new(i, "tijdstip", json_string("2026-12-01T10:00"));
	assert_int_equal(vpd_incident_validate(&out, i, "i.json", now, &err),
	    VPD_EINVALID);
	assert_string_equal(err.msg, "tijdstip: lies in the future");
	json_decref(i);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record__person_normalised),
		cmocka_unit_test(test_record__person_errors_name_the_field),
		cmocka_unit_test(test_record__person_known_by_description),
		cmocka_unit_test(test_record__same_person_ignores_case_and_accents),
		cmocka_unit_test(test_record__incident_derives_categories),
		cmocka_unit_test(test_record__incident_errors),
	};

	vpd_time_init();
	vpd_time_parse("2026-11-21T10:00", &now);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
