/*
 * test_interp.c - the pure interpreter on the two shipped workflows: every
 * transition and guard, deadlines across DST, calendar-month bans, late
 * actions, deviations, timers and recidive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/record/record.h"
#include "../src/workflow/workflow.h"

#define MANAGER VPD_ROLE_MANAGER
#define COORD VPD_ROLE_COORDINATOR
#define LEGAL VPD_ROLE_LEGAL
#define RECEPTION VPD_ROLE_RECEPTION
#define SYSTEM VPD_ROLE_SYSTEM

static vpd_workflow *heerlen, *bosch;
static vpd_error err;
static json_t *last_effects;

static vpd_time
at(const char *s)
{
	vpd_time t;

	assert_int_equal(vpd_time_parse(s, &t), 0);
	return t;
}

static json_t *
person(void)
{
	return json_pack("{ssssssss}", "voornamen", "Jan", "tussenvoegsel",
	    "van der", "achternaam", "Berg", "geboortedatum", "1980-04-01");
}

/* An incident at `when` with behaviour of `categorie`/`soort`. */
static json_t *
incident(const char *when, const char *categorie, const char *soort)
{
	json_t *raw = json_pack("{sssssssss[{ssss}]}", "tijdstip", when,
	    "locatie", "Stadskantoor", "kanaal", "balie", "omschrijving", "…",
	    "gedrag", "categorie", categorie, "soort", soort), *out = NULL;

	assert_int_equal(vpd_incident_validate(&out, raw, "i", at(when), &err),
	    0);
	json_decref(raw);
	return out;
}

static json_t *
open_case(vpd_workflow *wf, const char *when, const char *categorie,
    const char *soort)
{
	json_t *skel = json_pack("{sss{ss}ss}", "id", "2026-0001", "workflow",
	    "naam", vpd_workflow_name(wf), "persoon", "P0001");
	json_t *inc = incident(when, categorie, soort), *p = person();
	json_t *c = NULL, *eff = NULL;
	vpd_fire f = {.actor = "M", .roles = MANAGER, .now = at(when),
	    .incident = inc, .persoon = p};

	assert_int_equal(vpd_workflow_open(wf, skel, &f, &c, &eff, &err), 0);
	json_decref(skel);
	json_decref(inc);
	json_decref(p);
	json_decref(eff);
	return c;
}

/*
 * Fires event on *c with inputs "k=v" (NULL-terminated); on success *c is
 * replaced by the new case and the effects kept in last_effects.
 */
static int
fire_full(vpd_workflow *wf, json_t **c, const char *event, unsigned roles,
    const char *now, const char *reason, json_t *inc, va_list ap)
{
	json_t *inputs = json_object(), *nc = NULL, *eff = NULL;
	json_t *p = person();
	const char *kv;
	vpd_fire f;
	int rc;

	while ((kv = va_arg(ap, const char *)) != NULL) {
		const char *eq = strchr(kv, '=');
		char key[64];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
		json_object_set_new(inputs, key, json_string(eq + 1));
	}
	memset(&f, 0, sizeof(f));
	f.event = event;
	f.inputs = inputs;
	f.reason = reason;
	f.actor = "tester";
	f.roles = roles;
	f.now = at(now);
	f.incident = inc;
	f.persoon = p;
	vpd_error_clear(&err);
	rc = vpd_workflow_fire(wf, *c, &f, &nc, &eff, &err);
	if (rc == 0) {
		json_decref(*c);
		*c = nc;
		json_decref(last_effects);
		last_effects = eff;
	}
	json_decref(inputs);
	json_decref(p);
	return rc;
}

static int
fire(vpd_workflow *wf, json_t **c, const char *event, unsigned roles,
    const char *now, ...)
{
	va_list ap;
	int rc;

	va_start(ap, now);
	rc = fire_full(wf, c, event, roles, now, NULL, NULL, ap);
	va_end(ap);
	return rc;
}

static int
fire_why(vpd_workflow *wf, json_t **c, const char *event, unsigned roles,
    const char *now, const char *reason, ...)
{
	va_list ap;
	int rc;

	va_start(ap, reason);
	rc = fire_full(wf, c, event, roles, now, reason, NULL, ap);
	va_end(ap);
	return rc;
}

static int
fire_incident(vpd_workflow *wf, json_t **c, const char *event,
    unsigned roles, const char *now, json_t *inc, ...)
{
	va_list ap;
	int rc;

	va_start(ap, inc);
	rc = fire_full(wf, c, event, roles, now, NULL, inc, ap);
	va_end(ap);
	return rc;
}

#define OK(call) do { if ((call) != 0) fail_msg("%s: %s", #call, err.msg); } \
	while (0)
#define REFUSED(call, text) do { \
	assert_int_not_equal((call), 0); \
	if (strstr(err.msg, (text)) == NULL) \
		fail_msg("expected '%s' in '%s'", (text), err.msg); \
	} while (0)

/* §8.1: the coordinator sets a Heerlen ban's length in months. */
#define LENGTH(c, months, when) OK(fire(heerlen, &(c), "duur_vaststellen", \
	COORD, (when), "maanden=" #months, "medewerker_gehoord=ja", NULL))

static const char *
status_of(const json_t *c)
{
	return json_string_value(json_object_get(c, "status"));
}

/* The latest instance of a deadline. */
static json_t *
deadline(const json_t *c, const char *name)
{
	json_t *v, *found = NULL;
	size_t i;

	json_array_foreach(json_object_get(c, "termijnen"), i, v)
		if (strcmp(json_string_value(json_object_get(v, "naam")),
		    name) == 0)
			found = v;
	return found;
}

static const char *
deadline_field(const json_t *c, const char *name, const char *field)
{
	json_t *d = deadline(c, name);

	return d ? json_string_value(json_object_get(d, field)) : NULL;
}

static json_t *
last_doc(const json_t *c)
{
	json_t *docs = json_object_get(c, "documenten");

	return json_array_get(docs, json_array_size(docs) - 1);
}

/* "klant,dossier,register" for the copies of a document. */
static const char *
copies(const json_t *doc)
{
	static char buf[256];
	json_t *v;
	size_t i;

	buf[0] = '\0';
	json_array_foreach(json_object_get(doc, "exemplaren"), i, v) {
		if (i)
			strcat(buf, ",");
		strcat(buf, json_string_value(json_object_get(v, "bestemming")));
	}
	return buf;
}

static json_t *
measure(const json_t *c, size_t i)
{
	return json_array_get(json_object_get(c, "maatregelen"), i);
}

/* ---- Heerlen -------------------------------------------------------- */

static void
test_interp__heerlen_open_starts_deadlines(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "fysiek_geweld",
	    "duwen");

	(void)state;
	assert_string_equal(status_of(c), "gemeld");
	assert_string_equal(deadline_field(c, "sanctiebrief", "uiterlijk"),
	    "2026-11-22T09:00:00Z");
	assert_string_equal(deadline_field(c, "aangifte", "uiterlijk"),
	    "2026-11-21T09:00:00Z");
	assert_string_equal(deadline_field(c, "nazorg_eerste", "uiterlijk"),
	    "2026-11-23T09:00:00Z");
	assert_string_equal(deadline_field(c, "nazorg_derde", "uiterlijk"),
	    "2027-01-01T09:00:00Z");
	json_decref(c);
	/* Only physical violence and threats call for an aangifte. */
	c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");
	assert_null(deadline(c, "aangifte"));
	json_decref(c);
}

static void
test_interp__heerlen_roles_and_inputs(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", RECEPTION,
	    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
	    "van=2026-11-21", "tot=2027-05-21", NULL),
	    "may not fire maatregel_opleggen: it needs one of manager or "
	    "legal");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
	    "tot=2027-05-21", NULL), "input 'van' is required");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=berisping", "motivering=m",
	    "van=2026-11-21", "tot=2027-05-21", NULL),
	    "input 'maatregel': must be one of waarschuwing, toegangsverbod");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
	    "van=2026-11-31", "tot=2027-05-21", NULL),
	    "input 'van': not a date");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
	    "van=2026-11-21", "tot=2027-05-21", "kleur=rood", NULL),
	    "unknown field 'kleur' for event maatregel_opleggen");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
	    "van=2026-11-21", "tot=2026-11-20", NULL),
	    "De einddatum (tot) ligt voor de begindatum");
	REFUSED(fire(heerlen, &c, "verschenen", MANAGER, "2026-11-20T12:00",
	    NULL), "event verschenen is not allowed in state gemeld");
	REFUSED(fire(heerlen, &c, "bestaat_niet", MANAGER, "2026-11-20T12:00",
	    NULL), "unknown event 'bestaat_niet'");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
	    "ordegesprek=2026-11-20T11:00", "van=2026-11-21", "tot=2027-05-21",
	    NULL), "Het ordegesprek moet in de toekomst liggen");
	/* Refusals change nothing. */
	assert_string_equal(status_of(c), "gemeld");
	assert_int_equal(json_integer_value(json_object_get(c,
	    "gebeurtenissen")), 1);
	json_decref(c);
}

static void
test_interp__heerlen_ban_is_three_calendar_months(void **state)
{
	static const char *cases[][3] = {
		/* van, tot after three months, one day short */
		{"2026-11-30", "2027-02-28", "2027-02-27"},
		{"2027-11-30", "2028-02-29", "2028-02-28"},
		{"2026-08-31", "2026-11-30", "2026-11-29"},
	};

	(void)state;
	for (int i = 0; i < 3; i++) {
		char van[32], ok[32], shy[32];
		json_t *c = open_case(heerlen, "2026-08-30T10:00",
		    "verbale_agressie", "schelden");

		snprintf(van, sizeof(van), "van=%s", cases[i][0]);
		snprintf(ok, sizeof(ok), "tot=%s", cases[i][1]);
		snprintf(shy, sizeof(shy), "tot=%s", cases[i][2]);
		LENGTH(c, 3, "2026-08-30T11:00");
		REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
		    "2026-08-30T12:00", "maatregel=toegangsverbod",
		    "motivering=m", van, shy, "locaties=Stadskantoor", NULL),
		    "zoveel kalendermaanden als de coördinator vaststelde");
		OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
		    "2026-08-30T12:00", "maatregel=toegangsverbod",
		    "motivering=m", van, ok, "locaties=Stadskantoor", NULL));
		assert_string_equal(status_of(c), "toegangsverbod");
		assert_string_equal(json_string_value(json_object_get(
		    measure(c, 0), "tot")), cases[i][1]);
		json_decref(c);
	}
}

static void
test_interp__heerlen_deviation_needs_reason_and_role(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	/* §8.1: the coordinator, not the manager, sets the length. */
	REFUSED(fire(heerlen, &c, "duur_vaststellen", MANAGER,
	    "2026-11-20T11:00", "maanden=2", "medewerker_gehoord=ja",
	    "afwijking_reden=kort", NULL), "may not fire duur_vaststellen");
	REFUSED(fire(heerlen, &c, "duur_vaststellen", COORD,
	    "2026-11-20T11:00", "maanden=2", "medewerker_gehoord=ja", NULL),
	    "minimaal 3 kalendermaanden");
	OK(fire(heerlen, &c, "duur_vaststellen", COORD, "2026-11-20T11:00",
	    "maanden=2", "medewerker_gehoord=ja",
	    "afwijking_reden=Eerste incident, spijt betuigd", NULL));
	assert_int_equal(json_array_size(json_object_get(last_effects,
	    "afwijkingen")), 1);
	/* Awb 3:40: not before it is made known. */
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", LEGAL,
	    "2026-11-20T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-19", "tot=2027-01-19", "locaties=Stadskantoor",
	    NULL), "Awb 3:40");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", LEGAL,
	    "2026-11-20T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-21", "tot=2027-02-21", "locaties=Stadskantoor",
	    NULL), "zoveel kalendermaanden");
	OK(fire(heerlen, &c, "maatregel_opleggen", LEGAL, "2026-11-20T12:00",
	    "maatregel=toegangsverbod", "motivering=m", "van=2026-11-21",
	    "tot=2027-01-21", "locaties=Stadskantoor", NULL));
	/* A choice not given is "no", not the value of an earlier measure:
	 * the letter reads it. */
	assert_true(json_is_false(json_object_get(json_object_get(c,
	    "gegevens"), "telefoonverbod")));
	REFUSED(fire(heerlen, &c, "intrekken", RECEPTION, "2026-11-22T12:00",
	    "reden=x", NULL), "may not fire intrekken");
	json_decref(c);
	/* A ban names its buildings. */
	c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");
	LENGTH(c, 3, "2026-11-20T11:00");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-21", "tot=2027-02-21", NULL), "(locaties)");
	json_decref(c);
}

static void
test_interp__heerlen_ban_length_by_the_coordinator(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden"), *inc;

	(void)state;
	/* No ban before the coordinator has set its length... */
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-21", "tot=2027-02-21", "locaties=Stadskantoor",
	    NULL), "stelt eerst de duur");
	/* ...after hearing the employee. */
	REFUSED(fire(heerlen, &c, "duur_vaststellen", COORD,
	    "2026-11-20T11:00", "maanden=6", "medewerker_gehoord=nee", NULL),
	    "Hoor eerst de medewerker");
	REFUSED(fire(heerlen, &c, "duur_vaststellen", COORD,
	    "2026-11-20T11:00", "maanden=0", "medewerker_gehoord=ja",
	    "afwijking_reden=x", NULL), "van 1 tot en met 120");
	LENGTH(c, 6, "2026-11-20T11:00");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c,
	    "gegevens"), "duur_maanden")), 6);
	/* The decision keeps that length, in calendar months. */
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-30", "tot=2027-02-28", "locaties=Stadskantoor",
	    NULL), "zoveel kalendermaanden");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-20T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-30", "tot=2027-06-01", "locaties=Stadskantoor",
	    NULL), "zoveel kalendermaanden");
	/* A warning has no length from the coordinator. */
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2026-11-20T12:00",
	    "maatregel=waarschuwing", "motivering=m", "van=2026-11-30",
	    "tot=2027-02-28", NULL));
	/* Once decided, the length is not set again for this measure. */
	REFUSED(fire(heerlen, &c, "duur_vaststellen", COORD,
	    "2026-11-21T11:00", "maanden=3", "medewerker_gehoord=ja", NULL),
	    "not allowed in state waarschuwing");
	/* A new incident asks for a new weighing. */
	inc = incident("2027-01-10T09:30", "verbale_agressie", "belediging");
	OK(fire_incident(heerlen, &c, "nieuw_incident", RECEPTION,
	    "2027-01-10T10:00", inc, NULL));
	json_decref(inc);
	assert_true(json_is_null(json_object_get(json_object_get(c,
	    "gegevens"), "duur_maanden")));
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2027-01-10T12:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2027-05-31", "tot=2027-11-30", "locaties=Stadskantoor",
	    NULL), "stelt eerst de duur");
	LENGTH(c, 6, "2027-01-10T11:00");
	/* From 31 May, six calendar months end on 30 November. */
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2027-01-10T12:00",
	    "maatregel=toegangsverbod", "motivering=m", "van=2027-05-31",
	    "tot=2027-11-30", "locaties=Stadskantoor", NULL));
	assert_string_equal(status_of(c), "toegangsverbod");
	json_decref(c);
}

static void
test_interp__heerlen_order_talk_and_no_show(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2026-11-21T09:00",
	    "maatregel=waarschuwing", "motivering=m",
	    "ordegesprek=2026-11-25T14:00", "van=2026-11-25",
	    "tot=2027-05-25", NULL));
	assert_string_equal(status_of(c), "ordegesprek_gepland");
	assert_string_equal(json_string_value(json_object_get(c, "gegevens") ?
	    json_object_get(json_object_get(c, "gegevens"), "ordegesprek") :
	    NULL), "2026-11-25T13:00:00Z");
	/* Awb 4:8: before the talk only the invitation, announcing the
	 * intended measure; the decision follows the hearing. */
	assert_int_equal(json_array_size(json_object_get(c, "documenten")), 1);
	assert_string_equal(copies(json_array_get(json_object_get(c,
	    "documenten"), 0)), "klant_post,dossier");
	assert_string_equal(deadline_field(c, "sanctiebrief", "status"),
	    "gehaald");
	assert_int_equal(json_array_size(json_object_get(c, "maatregelen")),
	    0);
	REFUSED(fire(heerlen, &c, "niet_verschenen", MANAGER,
	    "2026-11-25T13:00", NULL), "nog niet geweest");
	{
		json_t *c2 = json_deep_copy(c);

		OK(fire(heerlen, &c2, "verschenen", MANAGER,
		    "2026-11-25T15:00", "besluit=opleggen",
		    "zienswijze=Hij betuigde spijt", "verslag=Rustig gesprek",
		    NULL));
		assert_string_equal(status_of(c2), "waarschuwing");
		/* The client's copy is handed over at the talk; no police
		 * copy without an aangifte. */
		assert_string_equal(copies(last_doc(c2)),
		    "klant,dossier,register");
		json_decref(c2);
	}
	OK(fire(heerlen, &c, "niet_verschenen", MANAGER, "2026-11-25T15:00",
	    NULL));
	assert_string_equal(status_of(c), "waarschuwing");
	/* §8.1: by post and by registered post. */
	assert_string_equal(copies(last_doc(c)),
	    "klant_post,klant_aangetekend,dossier,register");
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(last_doc(c), "exemplaren"), 1), "aangetekend")));
	assert_string_equal(json_string_value(json_object_get(measure(c, 0),
	    "soort")), "waarschuwing");
	json_decref(c);
}

static void
test_interp__heerlen_five_copies_with_police(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "fysiek_geweld",
	    "slaan");

	(void)state;
	OK(fire(heerlen, &c, "aangifte_gedaan", MANAGER, "2026-11-20T16:00",
	    "feit=mishandeling", NULL));
	assert_string_equal(deadline_field(c, "aangifte", "status"), "gehaald");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(c, "politie"), 0), "vpt_code")), "VPT");
	LENGTH(c, 3, "2026-11-21T08:00");
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2026-11-21T09:00",
	    "maatregel=toegangsverbod", "motivering=m", "van=2026-11-21",
	    "tot=2027-02-21", "locaties=Stadskantoor,Bestuurscentrum", NULL));
	assert_string_equal(copies(last_doc(c)),
	    "klant_post,klant_aangetekend,dossier,politie,register");
	assert_false(json_is_true(json_object_get(last_doc(c), "te_laat")));
	assert_int_equal(json_array_size(json_object_get(measure(c, 0),
	    "locaties")), 2);
	json_decref(c);
}

static void
test_interp__heerlen_late_letter_needs_reason(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-22T10:30", "maatregel=waarschuwing", "motivering=m",
	    "van=2026-11-23", "tot=2027-05-23", NULL),
	    "passed on 22-11-2026 10:00; to act late, record why with "
	    "--reason");
	OK(fire_why(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-22T10:30", "Manager ziek", "maatregel=waarschuwing",
	    "motivering=m", "van=2026-11-23", "tot=2027-05-23", NULL));
	assert_true(json_is_true(json_object_get(last_doc(c), "te_laat")));
	assert_string_equal(json_string_value(json_object_get(last_doc(c),
	    "reden_te_laat")), "Manager ziek");
	assert_string_equal(deadline_field(c, "sanctiebrief", "status"),
	    "te_laat");
	json_decref(c);
}

static void
test_interp__heerlen_48_hours_across_dst(void **state)
{
	json_t *c;

	(void)state;
	/* Spring forward: due 29 March 11:00 CEST, so 10:30 is in time
	 * (a wall-clock count would have said 10:00). */
	c = open_case(heerlen, "2027-03-27T10:00", "verbale_agressie",
	    "schelden");
	assert_string_equal(deadline_field(c, "sanctiebrief", "uiterlijk"),
	    "2027-03-29T09:00:00Z");
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2027-03-29T10:30",
	    "maatregel=waarschuwing", "motivering=m", "van=2027-03-30",
	    "tot=2027-09-30", NULL));
	assert_false(json_is_true(json_object_get(last_doc(c), "te_laat")));
	json_decref(c);
	/* Fall back: due 26 October 09:00 CET, so 09:30 is late. */
	c = open_case(heerlen, "2026-10-24T10:00", "verbale_agressie",
	    "schelden");
	assert_string_equal(deadline_field(c, "sanctiebrief", "uiterlijk"),
	    "2026-10-26T08:00:00Z");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-10-26T09:30", "maatregel=waarschuwing", "motivering=m",
	    "van=2026-10-27", "tot=2027-04-27", NULL), "passed on 26-10-2026 "
	    "09:00");
	json_decref(c);
}

static void
test_interp__heerlen_recidive_phone_ban_and_violation(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden"), *inc;

	(void)state;
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2026-11-21T09:00",
	    "maatregel=waarschuwing", "motivering=m", "van=2026-11-21",
	    "tot=2027-05-21", NULL));
	assert_string_equal(status_of(c), "waarschuwing");
	REFUSED(fire(heerlen, &c, "nieuw_incident", MANAGER,
	    "2027-01-10T10:00", NULL), "needs an incident record");
	inc = incident("2027-01-10T09:30", "verbale_agressie", "belediging");
	OK(fire_incident(heerlen, &c, "nieuw_incident", RECEPTION,
	    "2027-01-10T10:00", inc, NULL));
	json_decref(inc);
	assert_string_equal(status_of(c), "gemeld");
	assert_true(json_is_true(json_object_get(c, "recidive")));
	assert_string_equal(deadline_field(c, "sanctiebrief", "uiterlijk"),
	    "2027-01-12T08:30:00Z");
	/* §8.5: a phone ban after verbal aggression, a warning and a
	 * recidive ban. */
	LENGTH(c, 3, "2027-01-11T08:00");
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2027-01-11T09:00",
	    "maatregel=toegangsverbod", "motivering=m", "van=2027-01-12",
	    "tot=2027-04-12", "locaties=Stadskantoor", "telefoonverbod=ja",
	    NULL));
	assert_true(json_is_true(json_object_get(measure(c, 1),
	    "telefoonverbod")));
	/* §8.3 violation: three orders to leave, inside the ban's period. */
	REFUSED(fire(heerlen, &c, "overtreding", RECEPTION, "2027-02-01T11:00",
	    "tijdstip=2027-02-01T10:30", "locatie=Stadskantoor",
	    "vorderingen=1", "getuigen=B. de Wit", NULL), "drie keer");
	REFUSED(fire(heerlen, &c, "overtreding", RECEPTION, "2027-05-01T11:00",
	    "tijdstip=2027-04-13T10:30", "locatie=Stadskantoor",
	    "vorderingen=3", "getuigen=B. de Wit", NULL), "buiten de looptijd");
	OK(fire(heerlen, &c, "overtreding", RECEPTION, "2027-02-01T11:00",
	    "tijdstip=2027-02-01T10:30", "locatie=Stadskantoor",
	    "vorderingen=3", "getuigen=B. de Wit", NULL));
	REFUSED(fire(heerlen, &c, "overtreding", RECEPTION, "2027-02-01T11:30",
	    "tijdstip=2027-02-01T10:30", "locatie=Stadskantoor",
	    "vorderingen=3", "getuigen=B. de Wit", NULL), "al vastgelegd");
	assert_string_equal(deadline_field(c, "aangifte_lokaalvredebreuk",
	    "uiterlijk"), "2027-02-02T09:30:00Z");
	OK(fire(heerlen, &c, "aangifte_gedaan", MANAGER, "2027-02-01T15:00",
	    "feit=lokaalvredebreuk", NULL));
	assert_string_equal(json_string_value(json_object_get(last_doc(c),
	    "brief")), "brief_na_overtreding");
	assert_string_equal(deadline_field(c, "aangifte_lokaalvredebreuk",
	    "status"), "gehaald");
	/* §8.2: a one-time access statement during the ban. */
	REFUSED(fire(heerlen, &c, "eenmalige_toegang", MANAGER,
	    "2027-02-02T09:00", "tijdstip=2027-02-01T10:00",
	    "eind=2027-02-01T10:30", "gebouw=Stadskantoor",
	    "handeling=paspoort", "medewerker=A. Jansen", NULL),
	    "in de toekomst");
	OK(fire(heerlen, &c, "eenmalige_toegang", MANAGER, "2027-02-02T09:00",
	    "tijdstip=2027-02-10T10:00", "eind=2027-02-10T10:30",
	    "gebouw=Stadskantoor", "handeling=Paspoort ophalen",
	    "medewerker=A. Jansen", NULL));
	assert_string_equal(copies(last_doc(c)), "klant_post,dossier,register");
	json_decref(c);
}

static void
test_interp__heerlen_phone_ban_refused_without_recidive(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	LENGTH(c, 3, "2026-11-21T08:00");
	REFUSED(fire(heerlen, &c, "maatregel_opleggen", MANAGER,
	    "2026-11-21T09:00", "maatregel=toegangsverbod", "motivering=m",
	    "van=2026-11-21", "tot=2027-02-21", "locaties=Stadskantoor",
	    "telefoonverbod=ja", NULL), "telefoonverbod");
	json_decref(c);
}

static void
test_interp__heerlen_expiry_and_withdrawal(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden"), *c2;

	(void)state;
	LENGTH(c, 3, "2026-11-21T08:00");
	OK(fire(heerlen, &c, "maatregel_opleggen", MANAGER, "2026-11-21T09:00",
	    "maatregel=toegangsverbod", "motivering=m", "van=2026-11-21",
	    "tot=2027-02-21", "locaties=Stadskantoor", NULL));
	/* In force through its last day; due at 00:00 the day after. */
	assert_null(vpd_workflow_due(heerlen, c, NULL,
	    at("2027-02-21T23:59")));
	assert_string_equal(vpd_workflow_due(heerlen, c, NULL,
	    at("2027-02-22T00:00")), "verlopen");
	REFUSED(fire(heerlen, &c, "verlopen", MANAGER, "2027-02-22T00:00",
	    NULL), "may not fire verlopen");
	{
		/* Ends on the last day in Amsterdam, across both DST changes:
		 * the clocks go forward on 28 March and back on 31 October. */
		json_t *d1 = json_deep_copy(c), *d2 = json_deep_copy(c);

		json_object_set_new(json_object_get(d1, "gegevens"), "tot",
		    json_string("2027-03-27"));
		json_object_set_new(json_object_get(d2, "gegevens"), "tot",
		    json_string("2027-10-30"));
		assert_null(vpd_workflow_due(heerlen, d1, NULL,
		    at("2027-03-27T23:59:59+01:00")));
		assert_string_equal(vpd_workflow_due(heerlen, d1, NULL,
		    at("2027-03-27T23:00:00Z")), "verlopen");
		assert_null(vpd_workflow_due(heerlen, d2, NULL,
		    at("2027-10-30T21:59:59Z")));
		assert_string_equal(vpd_workflow_due(heerlen, d2, NULL,
		    at("2027-10-31T00:00:00+02:00")), "verlopen");
		json_decref(d1);
		json_decref(d2);
	}
	c2 = json_deep_copy(c);
	OK(fire(heerlen, &c, "verlopen", SYSTEM, "2027-02-22T00:00", NULL));
	assert_string_equal(status_of(c), "afgesloten");
	assert_string_equal(json_string_value(json_object_get(measure(c, 0),
	    "status")), "verlopen");
	REFUSED(fire(heerlen, &c, "nazorggesprek", MANAGER, "2027-02-23T00:00",
	    "gesprek=derde", NULL), "the case is closed");
	/* Withdrawal instead: letter, measure ended, deadlines lapse. */
	OK(fire(heerlen, &c2, "intrekken", LEGAL, "2026-12-01T09:00",
	    "reden=Bezwaar gegrond", NULL));
	assert_string_equal(status_of(c2), "afgesloten");
	assert_string_equal(json_string_value(json_object_get(measure(c2, 0),
	    "status")), "ingetrokken");
	assert_string_equal(json_string_value(json_object_get(last_doc(c2),
	    "brief")), "intrekking_toegangsverbod");
	assert_string_equal(deadline_field(c2, "nazorg_derde", "status"),
	    "vervallen");
	json_decref(c);
	json_decref(c2);
}

static void
test_interp__heerlen_aftercare_and_closing(void **state)
{
	json_t *c = open_case(heerlen, "2026-11-20T10:00", "verbale_agressie",
	    "schelden"), *allowed;

	(void)state;
	OK(fire(heerlen, &c, "nazorggesprek", MANAGER, "2026-11-21T10:00",
	    "gesprek=eerste", NULL));
	assert_string_equal(deadline_field(c, "nazorg_eerste", "status"),
	    "gehaald");
	assert_string_equal(deadline_field(c, "nazorg_tweede", "status"),
	    "open");
	/* Aftercare late is allowed, and marked. */
	OK(fire(heerlen, &c, "nazorggesprek", MANAGER, "2026-11-26T10:00",
	    "gesprek=tweede", NULL));
	assert_string_equal(deadline_field(c, "nazorg_tweede", "status"),
	    "te_laat");
	OK(fire(heerlen, &c, "nazorggesprek", MANAGER, "2026-11-20T15:00",
	    "gesprek=opvang", NULL));
	assert_string_equal(deadline_field(c, "opvanggesprek", "status"),
	    "gehaald");
	OK(fire(heerlen, &c, "registratie_besproken", COORD,
	    "2026-11-22T10:00", NULL));
	assert_string_equal(copies(last_doc(c)), "register,dossier");
	assert_string_equal(deadline_field(c, "registratie", "status"),
	    "gehaald");
	{
		json_t *inc = incident("2026-11-20T10:30", "verbale_agressie",
		    "treiteren");

		OK(fire_incident(heerlen, &c, "incident_toevoegen", RECEPTION,
		    "2026-11-20T11:00", inc, NULL));
		json_decref(inc);
		assert_string_equal(status_of(c), "gemeld");
		assert_int_equal(json_array_size(json_object_get(c,
		    "incidenten")), 2);
		/* No measure was in force: not recidive. */
		assert_false(json_is_true(json_object_get(c, "recidive")));
	}
	allowed = vpd_workflow_allowed(heerlen, c, RECEPTION);
	assert_int_equal(json_array_size(allowed), 1); /* incident_toevoegen */
	json_decref(allowed);
	OK(fire(heerlen, &c, "afsluiten", COORD, "2026-11-21T12:00",
	    "reden=Excuses aangeboden", NULL));
	assert_string_equal(status_of(c), "afgesloten");
	json_decref(c);
}

/* ---- 's-Hertogenbosch ----------------------------------------------- */

static void
test_interp__bosch_order_talk_within_a_week(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	assert_string_equal(deadline_field(c, "ordegesprek", "uiterlijk"),
	    "2026-11-27T09:00:00Z");
	REFUSED(fire(bosch, &c, "ordegesprek_plannen", MANAGER,
	    "2026-11-21T09:00", "ordegesprek=2026-11-30T10:00",
	    "leidinggevende=B. Baas", NULL), "binnen een week");
	OK(fire(bosch, &c, "ordegesprek_plannen", MANAGER, "2026-11-21T09:00",
	    "ordegesprek=2026-11-30T10:00", "leidinggevende=B. Baas",
	    "afwijking_reden=Klant pas dan beschikbaar", NULL));
	assert_string_equal(status_of(c), "ordegesprek_gepland");
	OK(fire_why(bosch, &c, "ordegesprek_gevoerd", MANAGER,
	    "2026-11-30T11:00", "Klant kon niet eerder",
	    "afspraken=Klant belt voortaan eerst", "medewerker_aanwezig=ja",
	    NULL));
	assert_string_equal(status_of(c), "afspraken_vastgelegd");
	assert_string_equal(deadline_field(c, "ordegesprek", "status"),
	    "te_laat");
	assert_string_equal(json_string_value(json_object_get(last_doc(c),
	    "brief")), "bevestiging_afspraken");
	json_decref(c);
}

/* Hoofdstuk 5, §2: a talk is held, or missed, only once its time came. */
static void
test_interp__bosch_talk_not_recorded_before_it_took_place(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	OK(fire(bosch, &c, "ordegesprek_plannen", MANAGER, "2026-11-21T09:00",
	    "ordegesprek=2026-11-24T10:00", "leidinggevende=B. Baas", NULL));
	REFUSED(fire(bosch, &c, "niet_verschenen", MANAGER,
	    "2026-11-23T16:00", NULL), "nog niet geweest");
	REFUSED(fire(bosch, &c, "ordegesprek_gevoerd", MANAGER,
	    "2026-11-24T09:59", "afspraken=a", NULL), "nog niet geweest");
	OK(fire(bosch, &c, "ordegesprek_gevoerd", MANAGER, "2026-11-24T10:45",
	    "afspraken=a", NULL));
	json_decref(c);
}

/* Awb 3:40: no measure takes effect before the day it is made known. */
static void
test_interp__bosch_effective_dates(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	REFUSED(fire(bosch, &c, "waarschuwen", MANAGER, "2026-11-21T09:00",
	    "motivering=m", "van=2026-11-20", "tot=2027-05-20", NULL),
	    "Awb 3:40");
	OK(fire(bosch, &c, "waarschuwen", MANAGER, "2026-11-21T09:00",
	    "motivering=m", "van=2026-11-21", "tot=2027-05-21", NULL));
	REFUSED(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-25T09:00", "motivering=m", "van=2026-11-24",
	    "tot=2027-05-24", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-23", NULL), "Awb 3:40");
	REFUSED(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-25T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-25", NULL), "Awb 4:8");
	OK(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-25T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-28", NULL));
	/* Imposed after the announced first day: a new first day is needed. */
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-12-03T09:00", "uitreiking=aangetekend", NULL), "Awb 3:40");
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-12-03T09:00", "uitreiking=aangetekend", "van=2026-12-02",
	    NULL), "Awb 3:40");
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-12-03T09:00", "uitreiking=aangetekend", "van=2026-12-03",
	    "tot=2026-12-02", NULL), "einddatum");
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-12-03T09:00", "uitreiking=aangetekend", "van=2027-07-01",
	    NULL), "nieuwe einddatum");
	OK(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-12-03T09:00", "uitreiking=aangetekend", "van=2026-12-03",
	    "tot=2027-06-03", NULL));
	assert_string_equal(json_string_value(json_object_get(measure(c, 1),
	    "van")), "2026-12-03");
	assert_string_equal(json_string_value(json_object_get(measure(c, 1),
	    "tot")), "2027-06-03");
	/* A violation before the first day is not one. */
	REFUSED(fire(bosch, &c, "overtreding", RECEPTION, "2026-12-03T12:00",
	    "tijdstip=2026-12-02T10:00", "locatie=Stadskantoor",
	    "getuigen=K. Kok", "vorderingen=1", NULL), "buiten de looptijd");
	json_decref(c);
}

/* Hoofdstuk 5, §4: a ban is for repeated behaviour; legal may deviate. */
static void
test_interp__bosch_ban_needs_repeat(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00",
	    "persoonlijke_bedreiging", "bedreiging"), *dev;

	(void)state;
	REFUSED(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-21T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-28", NULL), "herhaald agressief gedrag");
	REFUSED(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-21T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-28", "afwijking_reden=Ernstig", NULL),
	    "legal");
	OK(fire(bosch, &c, "voornemen_toegangsverbod", LEGAL,
	    "2026-11-21T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-28", "afwijking_reden=Dreigen met een mes",
	    NULL));
	dev = json_array_get(json_object_get(last_effects, "afwijkingen"), 0);
	assert_non_null(dev);
	assert_string_equal(json_string_value(json_object_get(dev, "reden")),
	    "Dreigen met een mes");
	json_decref(c);
	/* After a warning no deviation is needed. */
	c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");
	OK(fire(bosch, &c, "waarschuwen", MANAGER, "2026-11-21T09:00",
	    "motivering=m", "van=2026-11-21", "tot=2027-05-21", NULL));
	OK(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-25T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-28", NULL));
	assert_int_equal(json_array_size(json_object_get(last_effects,
	    "afwijkingen")), 0);
	json_decref(c);
}

/* Hoofdstuk 5, §3: a threat is the employee's own report; the
 * municipality reports damage to its property and lokaalvredebreuk. */
static void
test_interp__bosch_who_reports_to_the_police(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00",
	    "persoonlijke_bedreiging", "bedreiging");
	json_t *g;
	size_t docs;

	(void)state;
	assert_null(deadline(c, "aangifte"));
	REFUSED(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2026-11-20T15:00",
	    "feit=bedreiging", NULL), "input 'feit': must be one of");
	REFUSED(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2026-11-20T15:00",
	    "feit=mishandeling", NULL), "input 'feit': must be one of");
	REFUSED(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2026-11-20T15:00",
	    "feit=lokaalvredebreuk", NULL), "Leg eerst de overtreding");
	REFUSED(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2026-11-20T15:00",
	    "feit=vernieling", NULL), "(vernield)");
	REFUSED(fire(bosch, &c, "aangifte_medewerker", MANAGER,
	    "2026-11-20T15:00", "aangifte_datum=2026-11-20",
	    "adres_gemeente=ja", "steun_aangeboden=nee", NULL),
	    "ondersteuning en nazorg");
	REFUSED(fire(bosch, &c, "aangifte_medewerker", MANAGER,
	    "2026-11-20T15:00", "aangifte_datum=2026-11-21",
	    "adres_gemeente=ja", "steun_aangeboden=ja", NULL),
	    "in de toekomst");
	docs = json_array_size(json_object_get(c, "documenten"));
	OK(fire(bosch, &c, "aangifte_medewerker", MANAGER, "2026-11-20T15:00",
	    "aangifte_datum=2026-11-20", "politie_nummer=PL-1",
	    "adres_gemeente=ja", "steun_aangeboden=ja",
	    "notitie=Medewerker is erg geschrokken", NULL));
	g = json_object_get(c, "gegevens");
	assert_true(json_is_true(json_object_get(g, "aangifte_gedaan")));
	/* The internal note stays out of the case data, so out of letters. */
	assert_null(json_object_get(g, "notitie"));
	assert_int_equal(json_array_size(json_object_get(c, "documenten")),
	    docs);
	OK(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2026-11-20T16:00",
	    "feit=vernieling", "vernield=Ruit van de balie", NULL));
	assert_string_equal(copies(last_doc(c)), "politie,dossier");
	json_decref(c);
}

static void
test_interp__bosch_ban_delivery_and_receipt(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "fysiek_geweld",
	    "duwen");

	(void)state;
	OK(fire(bosch, &c, "aangifte_medewerker", MANAGER, "2026-11-20T15:00",
	    "aangifte_datum=2026-11-20", "adres_gemeente=ja",
	    "steun_aangeboden=ja", NULL));
	REFUSED(fire(bosch, &c, "voornemen_toegangsverbod", LEGAL,
	    "2026-11-21T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-12-05", "afwijking_reden=Duwen", NULL),
	    "reageren voordat");
	OK(fire(bosch, &c, "voornemen_toegangsverbod", LEGAL,
	    "2026-11-21T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor",
	    "reactie_tot=2026-11-28", "afwijking_reden=Duwen", NULL));
	assert_string_equal(copies(last_doc(c)), "klant_aangetekend,dossier");
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-11-25T09:00", "uitreiking=aangetekend", NULL),
	    "nog niet voorbij");
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-11-30T09:00", "uitreiking=persoonlijk", NULL), "(ontvangst)");
	REFUSED(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-11-30T09:00", "uitreiking=persoonlijk", "ontvangst=geweigerd",
	    NULL), "verslag");
	OK(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-11-30T09:00", "uitreiking=persoonlijk", "ontvangst=geweigerd",
	    "weigering_verslag=Klant verscheurde de brief", NULL));
	assert_string_equal(status_of(c), "toegangsverbod");
	assert_string_equal(copies(last_doc(c)),
	    "klant,dossier,beveiliging,politie");
	assert_string_equal(json_string_value(json_object_get(measure(c, 0),
	    "van")), "2026-12-01");
	OK(fire(bosch, &c, "overtreding", RECEPTION, "2027-01-05T11:00",
	    "tijdstip=2027-01-05T10:00", "locatie=Stadskantoor",
	    "getuigen=K. Kok", "vorderingen=1", NULL));
	assert_string_equal(deadline_field(c, "aangifte_lokaalvredebreuk",
	    "status"), "open");
	OK(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2027-01-05T15:00",
	    "feit=lokaalvredebreuk", NULL));
	assert_string_equal(deadline_field(c, "aangifte_lokaalvredebreuk",
	    "status"), "gehaald");
	OK(fire(bosch, &c, "schade_verhalen", LEGAL, "2027-01-06T09:00",
	    "omschrijving=Kapotte deur", "bedrag=€ 250,00", NULL));
	assert_string_equal(copies(last_doc(c)), "klant_aangetekend,dossier");
	/* Withdrawing an imposed ban reaches all who had it. */
	OK(fire(bosch, &c, "intrekken", LEGAL, "2027-01-07T09:00",
	    "reden=r", NULL));
	assert_string_equal(copies(last_doc(c)),
	    "klant_post,dossier,beveiliging,politie");
	assert_true(json_is_true(json_object_get(json_object_get(c,
	    "gegevens"), "verbod_ingetrokken")));
	json_decref(c);
}

/* A ban in force: open it for the violation and invitation tests. */
static json_t *
bosch_ban(void)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	OK(fire(bosch, &c, "waarschuwen", MANAGER, "2026-11-21T09:00",
	    "motivering=m", "van=2026-11-21", "tot=2027-05-21", NULL));
	OK(fire(bosch, &c, "voornemen_toegangsverbod", MANAGER,
	    "2026-11-25T09:00", "motivering=m", "van=2026-12-01",
	    "tot=2027-06-01", "locaties=Stadskantoor, Bestuurscentrum",
	    "reactie_tot=2026-11-28", NULL));
	OK(fire(bosch, &c, "toegangsverbod_opleggen", MANAGER,
	    "2026-11-30T09:00", "uitreiking=aangetekend", NULL));
	return c;
}

/* A violation: a witness, the orders to leave, once; then the aangifte
 * and the letter to the client (seed 004's action letter). */
static void
test_interp__bosch_violation_once_with_witness(void **state)
{
	json_t *c = bosch_ban(), *g;

	(void)state;
	REFUSED(fire(bosch, &c, "overtreding", RECEPTION, "2027-01-05T11:00",
	    "tijdstip=2027-01-05T10:00", "locatie=Stadskantoor",
	    "vorderingen=1", NULL), "getuigen");
	REFUSED(fire(bosch, &c, "overtreding", RECEPTION, "2027-01-05T11:00",
	    "tijdstip=2027-01-05T10:00", "locatie=Stadskantoor",
	    "getuigen=K. Kok", NULL), "vorderingen");
	REFUSED(fire(bosch, &c, "overtreding", RECEPTION, "2027-01-05T11:00",
	    "tijdstip=2027-01-05T10:00", "locatie=Stadswinkel",
	    "getuigen=K. Kok", "vorderingen=0", NULL), "gebouwen die erin");
	OK(fire(bosch, &c, "overtreding", RECEPTION, "2027-01-05T11:00",
	    "tijdstip=2027-01-05T10:00", "locatie=Bestuurscentrum",
	    "plek=hal", "getuigen=K. Kok, L. de Lange", "vorderingen=0",
	    NULL));
	g = json_object_get(c, "gegevens");
	assert_string_equal(json_string_value(json_object_get(g,
	    "overtreding_locatie")), "Bestuurscentrum");
	assert_string_equal(json_string_value(json_object_get(g,
	    "laatste_overtreding")), "2027-01-05T09:00:00Z");
	assert_int_equal(json_array_size(json_object_get(g,
	    "overtreding_getuigen")), 2);
	assert_true(json_is_false(json_object_get(g, "gevorderd")));
	REFUSED(fire(bosch, &c, "overtreding", RECEPTION, "2027-01-05T12:00",
	    "tijdstip=2027-01-05T10:00", "locatie=Bestuurscentrum",
	    "getuigen=K. Kok", "vorderingen=0", NULL), "al vastgelegd");
	REFUSED(fire(bosch, &c, "aangifte_gedaan", RECEPTION,
	    "2027-01-05T15:00", "feit=lokaalvredebreuk", NULL),
	    "may not fire aangifte_gedaan");
	OK(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2027-01-05T15:00",
	    "feit=lokaalvredebreuk", NULL));
	assert_string_equal(json_string_value(json_object_get(last_doc(c),
	    "brief")), "aangifte_overtreding");
	assert_string_equal(copies(last_doc(c)), "klant_post,dossier");
	REFUSED(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2027-01-05T16:00",
	    "feit=lokaalvredebreuk", NULL), "al aangifte gedaan");
	/* A later violation is recorded, with orders to leave this time. */
	OK(fire(bosch, &c, "overtreding", MANAGER, "2027-01-12T11:00",
	    "tijdstip=2027-01-12T10:00", "locatie=Stadskantoor",
	    "getuigen=K. Kok", "vorderingen=2", NULL));
	g = json_object_get(c, "gegevens");
	assert_true(json_is_true(json_object_get(g, "gevorderd")));
	assert_null(json_string_value(json_object_get(g, "overtreding_plek")));
	OK(fire(bosch, &c, "aangifte_gedaan", MANAGER, "2027-01-12T15:00",
	    "feit=lokaalvredebreuk", NULL));
	json_decref(c);
}

/* Hoofdstuk 5, §4: during the ban only by invitation, to a building of
 * the ban; reception expects the visit. */
static void
test_interp__bosch_invitation_during_ban(void **state)
{
	json_t *c = bosch_ban(), *ap;

	(void)state;
	REFUSED(fire(bosch, &c, "uitnodiging_tijdens_verbod", MANAGER,
	    "2026-12-07T09:00", "bezoek_tijdstip=2026-12-15T10:00",
	    "bezoek_eind=2026-12-15T10:30", "gebouw=Stadswinkel",
	    "doel=Paspoort", "begeleider=A. Jansen", NULL),
	    "gebouwen uit de ontzegging");
	REFUSED(fire(bosch, &c, "uitnodiging_tijdens_verbod", MANAGER,
	    "2026-12-07T09:00", "bezoek_tijdstip=2026-12-15T10:00",
	    "bezoek_eind=2026-12-15T09:30", "gebouw=Stadskantoor",
	    "doel=Paspoort", "begeleider=A. Jansen", NULL), "eindtijd");
	REFUSED(fire(bosch, &c, "uitnodiging_tijdens_verbod", RECEPTION,
	    "2026-12-07T09:00", "bezoek_tijdstip=2026-12-15T10:00",
	    "bezoek_eind=2026-12-15T10:30", "gebouw=Stadskantoor",
	    "doel=Paspoort", "begeleider=A. Jansen", NULL), "may not fire");
	OK(fire(bosch, &c, "uitnodiging_tijdens_verbod", LEGAL,
	    "2026-12-07T09:00", "bezoek_tijdstip=2026-12-15T10:00",
	    "bezoek_eind=2026-12-15T10:30", "gebouw=Stadskantoor",
	    "doel=Paspoort", "begeleider=A. Jansen", NULL));
	assert_string_equal(copies(last_doc(c)), "klant_post,dossier");
	ap = json_array_get(json_object_get(c, "afspraken"), 0);
	assert_non_null(ap);
	assert_string_equal(json_string_value(json_object_get(ap, "tijdstip")),
	    "2026-12-15T09:00:00Z");
	assert_string_equal(json_string_value(json_object_get(ap, "tot")),
	    "2026-12-15T09:30:00Z");
	assert_string_equal(json_string_value(json_object_get(ap, "locatie")),
	    "Stadskantoor");
	/* The ban's own dates are untouched by the visit's times. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    c, "gegevens"), "tot")), "2027-06-01");
	json_decref(c);
}

/* The registration form of the protocol's annex, for the coordinator. */
static void
test_interp__bosch_registration_form(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "fysiek_geweld",
	    "duwen");

	(void)state;
	REFUSED(fire(bosch, &c, "registratie", MANAGER, "2026-11-20T15:00",
	    "weigert_vertrek=nee", "letsel=ja", "schade_persoonlijk=nee",
	    "schade_gemeente=nee", "aangifte=nee", "nazorg=ja", "vervolg=nee",
	    NULL), "letsel_omschrijving");
	REFUSED(fire(bosch, &c, "registratie", RECEPTION, "2026-11-20T15:00",
	    "weigert_vertrek=nee", "letsel=nee", "schade_persoonlijk=nee",
	    "schade_gemeente=nee", "aangifte=nee", "nazorg=ja", "vervolg=nee",
	    NULL), "may not fire");
	OK(fire(bosch, &c, "registratie", MANAGER, "2026-11-20T15:00",
	    "weigert_vertrek=ja", "letsel=ja", "letsel_omschrijving=Blauwe plek",
	    "schade_persoonlijk=nee", "schade_gemeente=nee", "aangifte=ja",
	    "aangifte_op=2026-11-21", "nazorg=ja", "vervolg=nee", NULL));
	assert_string_equal(json_string_value(json_object_get(last_doc(c),
	    "brief")), "registratieformulier");
	assert_string_equal(copies(last_doc(c)), "dossier");
	/* A second form does not carry the first one's details. */
	OK(fire(bosch, &c, "registratie", MANAGER, "2026-11-21T15:00",
	    "weigert_vertrek=nee", "letsel=nee", "schade_persoonlijk=nee",
	    "schade_gemeente=nee", "aangifte=nee", "nazorg=ja", "vervolg=nee",
	    NULL));
	assert_null(json_string_value(json_object_get(json_object_get(c,
	    "gegevens"), "letsel_omschrijving")));
	json_decref(c);
}

static void
test_interp__bosch_warning_expires(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");

	(void)state;
	OK(fire(bosch, &c, "waarschuwen", MANAGER, "2026-11-21T09:00",
	    "motivering=m", "van=2026-11-21", "tot=2027-05-21", NULL));
	assert_string_equal(status_of(c), "gewaarschuwd");
	assert_string_equal(deadline_field(c, "ordegesprek", "status"),
	    "gehaald");
	assert_string_equal(vpd_workflow_due(bosch, c, NULL,
	    at("2027-05-22T00:00")), "verlopen");
	OK(fire(bosch, &c, "verlopen", SYSTEM, "2027-05-22T00:00", NULL));
	assert_string_equal(status_of(c), "afgesloten");
	json_decref(c);
}

static void
test_interp__bosch_no_show_new_incident_and_withdrawal(void **state)
{
	json_t *c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden"), *inc;

	(void)state;
	OK(fire(bosch, &c, "ordegesprek_plannen", MANAGER, "2026-11-21T09:00",
	    "ordegesprek=2026-11-24T10:00", "leidinggevende=B. Baas", NULL));
	OK(fire(bosch, &c, "niet_verschenen", MANAGER, "2026-11-24T11:00",
	    NULL));
	assert_string_equal(status_of(c), "gemeld");
	OK(fire(bosch, &c, "waarschuwen", MANAGER, "2026-11-24T12:00",
	    "motivering=m", "van=2026-11-25", "tot=2027-05-25", NULL));
	inc = incident("2026-12-10T09:00", "verbale_agressie", "belediging");
	OK(fire_incident(bosch, &c, "nieuw_incident", RECEPTION,
	    "2026-12-10T10:00", inc, NULL));
	json_decref(inc);
	assert_string_equal(status_of(c), "gemeld");
	assert_true(json_is_true(json_object_get(c, "recidive")));
	OK(fire(bosch, &c, "voornemen_toegangsverbod", LEGAL,
	    "2026-12-11T09:00", "motivering=m", "van=2026-12-20",
	    "tot=2027-06-20", "locaties=Stadskantoor",
	    "reactie_tot=2026-12-18", NULL));
	OK(fire(bosch, &c, "intrekken", LEGAL, "2026-12-19T09:00",
	    "reden=Klant heeft excuses aangeboden", NULL));
	assert_string_equal(status_of(c), "afgesloten");
	/* Withdrawing the intended ban leaves the earlier warning in force. */
	assert_string_equal(json_string_value(json_object_get(measure(c, 0),
	    "status")), "actief");
	/* The intention went to the client and the dossier only, so its
	 * withdrawal does too. */
	assert_string_equal(copies(last_doc(c)), "klant_post,dossier");
	assert_true(json_is_false(json_object_get(json_object_get(c,
	    "gegevens"), "verbod_ingetrokken")));
	json_decref(c);
	c = open_case(bosch, "2026-11-20T10:00", "verbale_agressie",
	    "schelden");
	REFUSED(fire(bosch, &c, "afsluiten", RECEPTION, "2026-11-21T09:00",
	    "reden=x", NULL), "may not fire afsluiten");
	OK(fire(bosch, &c, "afsluiten", COORD, "2026-11-21T09:00",
	    "reden=Misverstand", NULL));
	assert_string_equal(status_of(c), "afgesloten");
	assert_string_equal(deadline_field(c, "ordegesprek", "status"),
	    "vervallen");
	json_decref(c);
}

/*
 * expire_measures: a warning past its last day ends with the next event,
 * in any state.  A workflow version without the key (every case made
 * before it) keeps the old behaviour, so `vpd verify` replays old
 * archives byte for byte.
 */
static void
test_interp__measures_expire_only_where_declared(void **state)
{
	vpd_workflow *old = NULL;
	char *text = NULL, *cut;
	size_t len;
	FILE *f = fopen("workflows/heerlen.yaml", "rb");

	(void)state;
	assert_non_null(f);
	text = calloc(1, 200000);
	len = fread(text, 1, 199999, f);
	fclose(f);
	cut = strstr(text, "expire_measures: true\n");
	assert_non_null(cut);
	memmove(cut, cut + 22, len - (size_t)(cut - text) - 21);
	assert_int_equal(vpd_workflow_load(&old, "old.yaml", text, strlen(text),
	    NULL, &err), 0);
	for (int v = 0; v < 2; v++) {
		vpd_workflow *wf = v ? old : heerlen;
		json_t *c = open_case(wf, "2026-11-20T10:00", "verbale_agressie",
		    "schelden");
		json_t *inc = incident("2026-12-10T09:00", "verbale_agressie",
		    "schelden");

		OK(fire(wf, &c, "maatregel_opleggen", MANAGER,
		    "2026-11-20T12:00", "maatregel=waarschuwing", "motivering=m",
		    "van=2026-11-20", "tot=2026-12-20", NULL));
		OK(fire_incident(wf, &c, "nieuw_incident", MANAGER,
		    "2026-12-10T10:00", inc, NULL));
		OK(fire(wf, &c, "afsluiten", MANAGER, "2027-01-10T10:00",
		    "reden=klaar", NULL));
		assert_string_equal(json_string_value(json_object_get(
		    measure(c, 0), "status")), v ? "actief" : "verlopen");
		json_decref(inc);
		json_decref(c);
	}
	vpd_workflow_free(old);
	free(text);
}

static int
setup(void **state)
{
	(void)state;
	vpd_time_init();
	if (vpd_workflow_load_file(&heerlen, "workflows/heerlen.yaml", NULL,
	    &err) || vpd_workflow_load_file(&bosch, "workflows/den-bosch.yaml",
	    NULL, &err)) {
		print_error("%s:%d:%d: %s\n", err.file, err.line, err.column,
		    err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	vpd_workflow_free(heerlen);
	vpd_workflow_free(bosch);
	json_decref(last_effects);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interp__heerlen_open_starts_deadlines),
		cmocka_unit_test(test_interp__heerlen_roles_and_inputs),
		cmocka_unit_test(test_interp__heerlen_ban_is_three_calendar_months),
		cmocka_unit_test(test_interp__heerlen_deviation_needs_reason_and_role),
		cmocka_unit_test(test_interp__heerlen_ban_length_by_the_coordinator),
		cmocka_unit_test(test_interp__heerlen_order_talk_and_no_show),
		cmocka_unit_test(test_interp__heerlen_five_copies_with_police),
		cmocka_unit_test(test_interp__heerlen_late_letter_needs_reason),
		cmocka_unit_test(test_interp__heerlen_48_hours_across_dst),
		cmocka_unit_test(test_interp__heerlen_recidive_phone_ban_and_violation),
		cmocka_unit_test(test_interp__heerlen_phone_ban_refused_without_recidive),
		cmocka_unit_test(test_interp__heerlen_expiry_and_withdrawal),
		cmocka_unit_test(test_interp__heerlen_aftercare_and_closing),
		cmocka_unit_test(test_interp__bosch_order_talk_within_a_week),
		cmocka_unit_test(test_interp__bosch_talk_not_recorded_before_it_took_place),
		cmocka_unit_test(test_interp__bosch_effective_dates),
		cmocka_unit_test(test_interp__bosch_ban_needs_repeat),
		cmocka_unit_test(test_interp__bosch_who_reports_to_the_police),
		cmocka_unit_test(test_interp__bosch_ban_delivery_and_receipt),
		cmocka_unit_test(test_interp__bosch_violation_once_with_witness),
		cmocka_unit_test(test_interp__bosch_invitation_during_ban),
		cmocka_unit_test(test_interp__bosch_registration_form),
		cmocka_unit_test(test_interp__bosch_warning_expires),
		cmocka_unit_test(test_interp__bosch_no_show_new_incident_and_withdrawal),
		cmocka_unit_test(test_interp__measures_expire_only_where_declared),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
