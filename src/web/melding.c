/*
 * melding.c - "Melding maken": any member of staff reports an incident,
 * and follows what became of the reports they made.
 *
 * Saving goes in two steps when the person may already be known: the
 * form is checked by the core's record validation, then the register is
 * asked for close matches of the name ("Bedoelt u …?"); the reporter
 * picks one or says it is someone else, and only then is the case
 * opened (or the incident linked to the case in force).  Nothing is
 * written before that last step.
 */
#define _POSIX_C_SOURCE 200809L
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../record/record.h"

/* Lines of a text area as a list of names, empty lines left out. */
static json_t *
lines(const char *text)
{
	json_t *out = json_array();
	const char *s = text;

	while (s && *s) {
		const char *e = strchr(s, '\n'), *end = e ? e : s + strlen(s);

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > s)
			json_array_append_new(out, json_stringn(s,
			    (size_t)(end - s)));
		s = e ? e + 1 : end;
	}
	return out;
}

static void
copy_field(json_t *o, web_req *r, const char *form, const char *key)
{
	const char *v = field(r, form);

	if (v)
		json_object_set_new(o, key, json_string(v));
}

json_t *
incident_from_form(web_req *r)
{
	json_t *inc = json_object(), *gedrag = json_array(), *l;
	const char *marks[64];
	size_t n = web_form_all(r->form, "gedrag", marks, 64);

	copy_field(inc, r, "tijdstip", "tijdstip");
	copy_field(inc, r, "locatie", "locatie");
	copy_field(inc, r, "afdeling", "afdeling");
	copy_field(inc, r, "kanaal", "kanaal");
	copy_field(inc, r, "omschrijving", "omschrijving");
	/* Each ticked box is "categorie:soort". */
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(marks[i], ':');

		if (colon && colon != marks[i] && colon[1])
			json_array_append_new(gedrag, json_pack("{s:s%s:s}",
			    "categorie", marks[i], (size_t)(colon - marks[i]),
			    "soort", colon + 1));
	}
	json_object_set_new(inc, "gedrag", gedrag);
	if (json_array_size(l = lines(field(r, "medewerkers"))))
		json_object_set(inc, "medewerkers", l);
	json_decref(l);
	if (json_array_size(l = lines(field(r, "getuigen"))))
		json_object_set(inc, "getuigen", l);
	json_decref(l);
	json_object_set_new(inc, "letsel", json_boolean(field(r, "letsel")));
	json_object_set_new(inc, "schade", json_boolean(field(r, "schade")));
	json_object_set_new(inc, "politie_ter_plaatse", json_boolean(field(r,
	    "politie_ter_plaatse")));
	return inc;
}

json_t *
person_from_form(web_req *r)
{
	static const char *const keys[] = {"voornamen", "tussenvoegsel",
	    "achternaam", "geboortedatum", "geslacht", "telefoon", "email",
	    "signalement", NULL};
	static const char *const adres[] = {"straat", "huisnummer", "postcode",
	    "woonplaats", NULL};
	json_t *p = json_object(), *a = json_object();

	for (int i = 0; keys[i]; i++)
		copy_field(p, r, keys[i], keys[i]);
	for (int i = 0; adres[i]; i++)
		copy_field(a, r, adres[i], adres[i]);
	if (json_object_size(a))
		json_object_set(p, "adres", a);
	json_decref(a);
	return p;
}

json_t *
person_form_values(const json_t *p)
{
	json_t *v = json_object(), *x;
	const char *key;
	char flag[32];

	json_object_foreach((json_t *)p, key, x)
		if (json_is_string(x))
			json_object_set(v, key, x);
	json_object_foreach(json_object_get(p, "adres"), key, x)
		json_object_set(v, key, x);
	if (str(p, "geslacht")) {
		snprintf(flag, sizeof(flag), "geslacht_%.8s", str(p,
		    "geslacht"));
		json_object_set_new(v, flag, json_true());
	}
	return v;
}

json_t *
incident_form_data(const json_t *given)
{
	json_t *c = vpd_incident_choices(), *k, *g, *s;
	const char *kanaal = str(given, "kanaal");
	size_t i, j;

	json_array_foreach(json_object_get(c, "kanalen"), i, k)
		json_object_set_new(k, "gekozen", json_boolean(kanaal &&
		    strcmp(kanaal, str(k, "waarde")) == 0));
	json_array_foreach(json_object_get(c, "gedrag"), i, g)
		json_array_foreach(json_object_get(g, "soorten"), j, s) {
			char mark[128];
			const json_t *ticked = json_object_get(given,
			    "gedrag_gekozen");
			json_t *m;
			size_t x;
			bool on = false;

			snprintf(mark, sizeof(mark), "%s:%s", str(g,
			    "categorie"), str(s, "waarde"));
			json_array_foreach(ticked, x, m)
				if (strcmp(json_string_value(m), mark) == 0)
					on = true;
			json_object_set_new(s, "merk", json_string(mark));
			json_object_set_new(s, "aangevinkt", json_boolean(on));
		}
	return c;
}

/* The form as typed, to fill it in again after a question or refusal. */
static json_t *
given_values(web_req *r)
{
	json_t *v = web_form_json(r->form), *ticked = json_array();
	const char *marks[64];
	size_t n = web_form_all(r->form, "gedrag", marks, 64);

	for (size_t i = 0; i < n; i++)
		json_array_append_new(ticked, json_string(marks[i]));
	json_object_set_new(v, "gedrag_gekozen", ticked);
	json_object_del(v, "csrf");
	return v;
}

/* The reports the signed-in person made, newest first. */
static json_t *
my_reports(web_req *r, vpd_error *err)
{
	json_t *list = NULL, *out, *e;
	size_t i;

	if (vpd_core_case_list(r->archive, &r->who, NULL, &list, err))
		return NULL;
	out = json_array();
	json_array_foreach(list, i, e) {
		json_t *m;
		size_t k;

		json_array_foreach(json_object_get(e, "mijn_meldingen"), k, m) {
			json_t *item = json_pack("{sOsOsOsOsO}", "zaak",
			    json_object_get(e, "id"), "tijdstip",
			    json_object_get(m, "tijdstip"), "locatie",
			    json_object_get(m, "locatie"), "status",
			    json_object_get(e, "status_label"), "naam",
			    json_object_get(e, "naam") ? json_object_get(e,
			    "naam") : json_string(""));

			set_when(item, "wanneer", str(m, "tijdstip"));
			json_array_insert_new(out, 0, item);
		}
	}
	json_decref(list);
	return out;
}

static int
show_form(web_req *r, web_resp *out, int status, json_t *given,
    const char *error, json_t *candidates)
{
	vpd_error err;
	json_t *d, *mine;
	char now[32];

	vpd_error_clear(&err);
	if ((mine = my_reports(r, &err)) == NULL) {
		json_decref(given);
		json_decref(candidates);
		return web_fail(r, out, &err);
	}
	if (given == NULL) {
		/* A new form: now, in Amsterdam time, as the default. */
		char local[VPD_TIME_LOCAL_LEN];

		vpd_time_format_local(r->who.now, local);
		snprintf(now, sizeof(now), "%.16s", local);
		given = json_pack("{ss}", "tijdstip", now);
	}
	d = json_pack("{sosssssOsb}", "waarden", given, "voorvoegsel", "m",
	    "fout", error ? error : "", "meldingen", mine, "heeft_meldingen",
	    json_array_size(mine) > 0);
	json_object_set_new(d, "incident_keuzes", incident_form_data(given));
	json_object_set_new(d, "pw", person_form_values(given));
	json_decref(mine);
	if (json_array_size(candidates)) {
		json_object_set(d, "kandidaten", candidates);
		json_object_set_new(d, "vraag", json_true());
	}
	json_decref(candidates);
	return web_page(r, out, status, "melding", "Melding maken", d);
}

int
page_melding(web_req *r, web_resp *out)
{
	return show_form(r, out, 200, NULL, NULL, NULL);
}

/*
 * Whether `choice` is one of the candidates "Bedoelt u ...?" offers for
 * the person as typed.  False with err set when the lookup failed.
 */
static bool
offered(web_req *r, const json_t *p, const char *choice, vpd_error *err)
{
	json_t *match = NULL, *k;
	bool found = false;
	size_t i;

	if (json_object_get(p, "achternaam") == NULL ||
	    vpd_core_person_match(r->archive, &r->who, p, &match, err))
		return false;
	json_array_foreach(json_object_get(match, "kandidaten"), i, k)
		if (str(k, "id") && strcmp(str(k, "id"), choice) == 0)
			found = true;
	json_decref(match);
	return found;
}

int
page_melding_post(web_req *r, web_resp *out)
{
	json_t *p = person_from_form(r), *inc = incident_from_form(r);
	json_t *checked = NULL, *res = NULL;
	const char *choice = field(r, "persoon_keuze");
	char *text = NULL;
	size_t len;
	vpd_error err;
	int rc;

	vpd_error_clear(&err);
	/* The core's own checks, before anything else is asked. */
	if (vpd_person_validate(&checked, p, "persoon", &err) == 0) {
		json_decref(checked);
		checked = NULL;
		rc = vpd_incident_validate(&checked, inc, "incident",
		    r->who.now, &err);
		json_decref(checked);
	} else {
		rc = err.code;
	}
	if (rc) {
		json_decref(p);
		json_decref(inc);
		return show_form(r, out, 422, given_values(r),
		    web_error_text(&err), NULL);
	}
	/* Without a surname there is no one to recognise. */
	if (choice == NULL && json_object_get(p, "achternaam")) {
		json_t *match = NULL;

		if (vpd_core_person_match(r->archive, &r->who, p, &match,
		    &err)) {
			json_decref(p);
			json_decref(inc);
			return web_fail(r, out, &err);
		}
		if (json_array_size(json_object_get(match, "kandidaten"))) {
			json_t *c = json_incref(json_object_get(match,
			    "kandidaten")), *k;
			size_t i;

			json_array_foreach(c, i, k)
				set_day(k, "geboren", str(k, "geboortedatum"));
			json_decref(match);
			json_decref(p);
			json_decref(inc);
			return show_form(r, out, 200, given_values(r), NULL, c);
		}
		json_decref(match);
	} else if (choice && strcmp(choice, "nieuw") != 0) {
		/* Only one of the people the page offered for this name: an
		 * id typed into the form would attach the report to anyone
		 * and show their name. */
		if (!offered(r, p, choice, &err)) {
			json_decref(p);
			json_decref(inc);
			return err.code ? web_fail(r, out, &err) :
			    web_error(r, out, 400, NULL);
		}
		json_object_set_new(p, "id", json_string(choice));
	}
	if ((text = web_workflow_text(r->app, &len, &err)) == NULL) {
		json_decref(p);
		json_decref(inc);
		return web_fail(r, out, &err);
	}
	rc = vpd_core_case_open(r->archive, &r->who, web_config(r->app)->workflow,
	    text, len, p, "persoon", inc, "incident", &res, &err);
	free(text);
	json_decref(p);
	json_decref(inc);
	if (rc) {
		if (err.code == VPD_EINVALID || err.code == VPD_EREFUSED)
			return show_form(r, out, 422, given_values(r),
			    web_error_text(&err), NULL);
		return web_fail(r, out, &err);
	}
	if (json_is_true(json_object_get(res, "gekoppeld")))
		web_flash(r, "Dank u. Uw melding is toegevoegd aan zaak %s, "
		    "die al liep voor deze persoon. U kunt hieronder volgen "
		    "wat ermee gebeurt.", str(res, "zaak"));
	else
		web_flash(r, "Dank u. Uw melding is opgeslagen als zaak %s. "
		    "Uw leidinggevende krijgt haar te zien. U kunt hieronder "
		    "volgen wat ermee gebeurt.", str(res, "zaak"));
	json_decref(res);
	return web_redirect(out, "/melding");
}
