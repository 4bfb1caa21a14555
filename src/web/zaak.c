/*
 * zaak.c - a case: the person, the state, incidents, measures, open
 * deadlines, the timeline, the letters with each copy and how it went
 * out, and one form for every step the signed-in person may take now.
 *
 * The forms are generated from what the core reports of the workflow
 * (vpd_workflow_event_form): each declared input becomes a field of its
 * type with the workflow's label.  Nothing here knows a particular
 * workflow; a third municipality's file gets working forms as it is.
 * The page shows what the person's sight of the case allows: the core
 * builds the view, this file only lays it out.
 */
#define _POSIX_C_SOURCE 200809L
#include "pages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "ordegesprek_gepland" as words: "Ordegesprek gepland". */
static json_t *
words(const char *name)
{
	char buf[128];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", name ? name : "");
	for (i = 0; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	if (buf[0])
		buf[0] = (char)toupper((unsigned char)buf[0]);
	return json_string(buf);
}

/* A stored value as a person reads it. */
static json_t *
value_text(const json_t *v)
{
	char buf[96];

	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		vpd_time t;
		vpd_date d;

		if (strlen(s) == 20 && s[19] == 'Z' && vpd_time_parse(s, &t) ==
		    0) {
			web_when(s, buf, sizeof(buf));
			return json_string(buf);
		}
		if (strlen(s) == 10 && vpd_date_parse(s, &d) == 0) {
			web_day(s, buf, sizeof(buf));
			return json_string(buf);
		}
		return json_string(s);
	}
	if (json_is_true(v))
		return json_string("ja");
	if (json_is_false(v))
		return json_string("nee");
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)
		    json_integer_value(v));
		return json_string(buf);
	}
	if (json_is_array(v)) {
		char out[1024] = "";
		size_t i, len = 0;
		json_t *x;

		json_array_foreach(v, i, x)
			len += (size_t)snprintf(out + len, len < sizeof(out) ?
			    sizeof(out) - len : 0, "%s%s", i ? ", " : "",
			    json_string_value(x) ? json_string_value(x) : "");
		return json_string(out);
	}
	return json_string("");
}

/* ---- Forms from the workflow ---------------------------------------- */

/*
 * The fields of one event's form.  `given` holds what was typed when the
 * form comes back after a refusal.
 */
static json_t *
form_fields(const json_t *form, const json_t *given)
{
	json_t *out = json_array(), *in;
	size_t i;

	json_array_foreach(json_object_get(form, "invoer"), i, in) {
		const char *type = str(in, "type"), *name = str(in, "naam");
		const char *val = str(given, name);
		json_t *f = json_pack("{sOsOsOsssO}", "naam", json_object_get(in,
		    "naam"), "label", json_object_get(in, "label"), "verplicht",
		    json_object_get(in, "verplicht"), "waarde", val ? val : "",
		    "afwijking", json_object_get(in, "afwijking"));
		char id[160];

		snprintf(id, sizeof(id), "f-%s-%s", str(form, "event"), name);
		json_object_set_new(f, "id", json_string(id));
		if (strcmp(type, "enum") == 0) {
			json_t *choices = json_array(), *v;
			size_t k;

			json_array_foreach(json_object_get(in, "waarden"), k,
			    v) {
				snprintf(id, sizeof(id), "f-%s-%s-%zu",
				    str(form, "event"), name, k);
				json_array_append_new(choices, json_pack(
				    "{sOsosbss}", "waarde", v, "label",
				    words(json_string_value(v)), "gekozen",
				    val && strcmp(val, json_string_value(v)) ==
				    0, "id", id));
			}
			json_object_set_new(f, "is_keuze", json_true());
			json_object_set_new(f, "keuzes", choices);
		} else if (strcmp(type, "boolean") == 0) {
			json_object_set_new(f, "is_janee", json_true());
			json_object_set_new(f, "ja", json_boolean(val &&
			    strcmp(val, "ja") == 0));
			json_object_set_new(f, "nee", json_boolean(val &&
			    strcmp(val, "nee") == 0));
		} else if (strcmp(type, "date") == 0) {
			json_object_set_new(f, "is_datum", json_true());
		} else if (strcmp(type, "datetime") == 0) {
			json_object_set_new(f, "is_tijdstip", json_true());
		} else if (strcmp(type, "integer") == 0) {
			json_object_set_new(f, "is_getal", json_true());
		} else if (strcmp(type, "list") == 0) {
			json_object_set_new(f, "is_lijst", json_true());
		} else {
			json_object_set_new(f, "is_tekst", json_true());
		}
		json_array_append_new(out, f);
	}
	return out;
}

/* The inputs of a form as the core takes them: lists one per line. */
static json_t *
inputs_from_form(web_req *r, const json_t *form)
{
	json_t *out = json_object(), *in;
	size_t i;

	json_array_foreach(json_object_get(form, "invoer"), i, in) {
		const char *name = str(in, "naam"), *v = field(r, name);

		if (v == NULL)
			continue;
		if (strcmp(str(in, "type"), "list") == 0) {
			json_t *list = json_array();
			const char *s = v;

			while (*s) {
				const char *e = strchr(s, '\n');
				const char *end = e ? e : s + strlen(s);

				while (s < end && isspace((unsigned char)*s))
					s++;
				while (end > s && isspace((unsigned char)
				    end[-1]))
					end--;
				if (end > s)
					json_array_append_new(list,
					    json_stringn(s, (size_t)(end - s)));
				s = e ? e + 1 : end;
			}
			json_object_set_new(out, name, list);
		} else {
			json_object_set_new(out, name, json_string(v));
		}
	}
	return out;
}

/* ---- The page ------------------------------------------------------- */

static void
dress_person(json_t *p)
{
	json_t *a;

	if (p == NULL)
		return;
	set_day(p, "geboren", str(p, "geboortedatum"));
	json_object_set_new(p, "heeft_foto", json_boolean(json_object_get(p,
	    "foto") && !json_is_null(json_object_get(p, "foto"))));
	if ((a = json_object_get(p, "adres")) != NULL) {
		char line[300];

		snprintf(line, sizeof(line), "%s %s, %s %s", str(a, "straat"),
		    str(a, "huisnummer"), str(a, "postcode") ? str(a,
		    "postcode") : "", str(a, "woonplaats"));
		json_object_set_new(p, "adresregel", json_string(line));
	}
}

static void
dress_incidents(json_t *view)
{
	json_t *inc, *x;
	size_t i, k;

	json_array_foreach(json_object_get(view, "incidenten"), i, inc) {
		char kinds[512] = "";
		size_t len = 0;

		set_when(inc, "wanneer", str(inc, "tijdstip"));
		json_array_foreach(json_object_get(inc, "soorten"), k, x)
			len += (size_t)snprintf(kinds + len, len < sizeof(kinds) ?
			    sizeof(kinds) - len : 0, "%s%s", k ? ", " : "",
			    json_string_value(x));
		for (k = 0; kinds[k]; k++)
			if (kinds[k] == '_')
				kinds[k] = ' ';
		json_object_set_new(inc, "gedrag_tekst", json_string(kinds));
		json_object_set_new(inc, "kanaal_tekst", words(str(inc,
		    "kanaal")));
		json_object_set_new(inc, "medewerkers_tekst", value_text(
		    json_object_get(inc, "medewerkers")));
		json_object_set_new(inc, "getuigen_tekst", value_text(
		    json_object_get(inc, "getuigen")));
	}
}

static void
dress_measures(json_t *view)
{
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(view, "maatregelen"), i, m) {
		const char *st = str(m, "status");

		set_day(m, "van_tekst", str(m, "van"));
		set_day(m, "tot_tekst", str(m, "tot"));
		json_object_set_new(m, "soort_tekst", strcmp(str(m, "soort"),
		    "toegangsverbod") == 0 ? json_string("Toegangsverbod") :
		    strcmp(str(m, "soort"), "waarschuwing") == 0 ?
		    json_string("Schriftelijke waarschuwing") : words(str(m,
		    "soort")));
		json_object_set_new(m, "status_tekst", json_string(st == NULL ?
		    "" : strcmp(st, "actief") == 0 ? "van kracht" :
		    strcmp(st, "verlopen") == 0 ? "verlopen" :
		    strcmp(st, "ingetrokken") == 0 ? "ingetrokken" : st));
		json_object_set_new(m, "locaties_tekst", value_text(
		    json_object_get(m, "locaties")));
		json_object_set_new(m, "heeft_contact", json_boolean(
		    json_array_size(json_object_get(m, "contact")) > 0));
	}
}

static void
dress_deadlines(json_t *view)
{
	json_t *d;
	size_t i;

	json_array_foreach(json_object_get(view, "open_termijnen"), i, d) {
		set_when(d, "uiterlijk_tekst", str(d, "uiterlijk"));
		web_time_left(d, (long long)json_integer_value(
		    json_object_get(d, "seconden_over")));
	}
}

static void
dress_documents(json_t *view, const char *case_id, const char *shown)
{
	json_t *doc, *cp, *st;
	size_t i, k, j;

	json_array_foreach(json_object_get(view, "documenten"), i, doc) {
		set_when(doc, "wanneer", str(doc, "tijdstip"));
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp) {
			char href[160], key[32];

			snprintf(href, sizeof(href), "/zaak/%s/document/%lld/"
			    "%lld", case_id, (long long)json_integer_value(
			    json_object_get(doc, "nr")), (long long)
			    json_integer_value(json_object_get(cp, "nr")));
			snprintf(key, sizeof(key), "%lld-%lld", (long long)
			    json_integer_value(json_object_get(doc, "nr")),
			    (long long)json_integer_value(json_object_get(cp,
			    "nr")));
			json_object_set_new(cp, "href", json_string(href));
			json_object_set_new(cp, "getoond", json_boolean(shown &&
			    strcmp(shown, key) == 0));
			json_object_set_new(cp, "sleutel", json_string(key));
			json_object_set_new(cp, "status_tekst", json_string(
			    vpd_delivery_label(str(cp, "status"))));
			json_array_foreach(json_object_get(cp, "verzending"), j,
			    st) {
				set_when(st, "wanneer", str(st, "tijdstip"));
				json_object_set_new(st, "status_tekst",
				    json_string(vpd_delivery_label(str(st,
				    "status"))));
			}
			if (shown && strcmp(shown, key) == 0)
				json_object_set_new(view, "getoond_pdf",
				    json_pack("{sssOsO}", "href", href,
				    "titel", json_object_get(doc, "titel"),
				    "bestemming", json_object_get(cp,
				    "label")));
		}
	}
}

/* The audit trail as the page shows it. */
static json_t *
timeline(const json_t *log)
{
	json_t *out = json_array(), *rec;
	size_t i;

	json_array_foreach(log, i, rec) {
		json_t *item, *inputs = json_array(), *v, *act, *letters =
		    json_array();
		const char *key;
		size_t k;

		/* In the order the workflow declares them. */
		json_object_foreach(json_object_get(rec, "invoer_labels"), key,
		    v)
			if (json_object_get(json_object_get(rec, "invoer"), key))
				json_array_append_new(inputs, json_pack(
				    "{sOso}", "label", v, "waarde", value_text(
				    json_object_get(json_object_get(rec,
				    "invoer"), key))));
		json_array_foreach(json_object_get(rec, "acties"), k, act)
			if (strcmp(str(act, "soort"), "brief") == 0)
				json_array_append(letters, json_object_get(
				    json_object_get(act, "document"),
				    "titel"));
		item = json_pack("{sOsOsOsOsOsososOsOsOsO}", "nr",
		    json_object_get(rec, "nr"), "wat", json_object_get(rec,
		    "wat"), "door", json_object_get(rec, "actor"), "van",
		    json_object_get(rec, "van_label") ? json_object_get(rec,
		    "van_label") : json_null(), "naar", json_object_get(rec,
		    "naar_label") ? json_object_get(rec, "naar_label") :
		    json_null(), "invoer", inputs, "brieven", letters,
		    "afwijkingen", json_object_get(rec, "afwijkingen") ?
		    json_object_get(rec, "afwijkingen") : json_null(), "reden",
		    json_object_get(rec, "reden") ? json_object_get(rec,
		    "reden") : json_null(), "te_laat", json_object_get(rec,
		    "te_laat") ? json_object_get(rec, "te_laat") : json_false(),
		    "commit", json_object_get(rec, "commit") ?
		    json_object_get(rec, "commit") : json_null());
		set_when(item, "wanneer", str(rec, "tijdstip"));
		json_object_set_new(item, "verandert", json_boolean(
		    str(rec, "van_label") && str(rec, "naar_label") &&
		    strcmp(str(rec, "van_label"), str(rec, "naar_label")) != 0));
		json_array_insert_new(out, 0, item);
	}
	return out;
}

/*
 * Renders the case page.  `open_event`, `given` and `error` bring back a
 * refused form with what was typed and why.
 */
static int
show_case(web_req *r, web_resp *out, int status, const char *open_event,
    json_t *given, const char *error)
{
	const char *id = r->params[0], *shown = query(r, "document");
	json_t *view = NULL, *log = NULL, *f, *forms;
	vpd_error err;
	char title[64];
	bool placed;
	size_t i;

	vpd_error_clear(&err);
	if (vpd_core_case_show(r->archive, &r->who, id, &view, &err)) {
		json_decref(given);
		return web_fail(r, out, &err);
	}
	/* The steps as the case holds them: the commits of each are on
	 * the verloop page, as finding them walks the whole history. */
	if (has_sight(view, "volledig") && vpd_core_case_history(r->archive,
	    &r->who, id, &log, &err)) {
		json_decref(view);
		json_decref(given);
		return web_fail(r, out, &err);
	}
	if (open_event == NULL)
		open_event = query(r, "stap");
	dress_person(json_object_get(view, "persoon"));
	dress_incidents(view);
	dress_measures(view);
	dress_deadlines(view);
	dress_documents(view, id, shown);
	json_array_foreach(json_object_get(view, "verloop"), i, f)
		set_when(f, "wanneer", str(f, "tijdstip"));
	if (log)
		json_object_set_new(view, "tijdlijn", timeline(log));
	json_decref(log);
	forms = json_object_get(view, "formulieren");
	placed = false;
	json_array_foreach(forms, i, f) {
		bool open = open_event && strcmp(open_event, str(f, "event")) ==
		    0;

		json_object_set_new(f, "velden", form_fields(f, open ? given :
		    NULL));
		json_object_set_new(f, "open", json_boolean(open));
		json_object_set(f, "voorvoegsel", json_object_get(f, "event"));
		if (open && error) {
			json_object_set_new(f, "fout", json_string(error));
			placed = true;
		}
		if (open && given && str(given, "_reden"))
			json_object_set(f, "reden_waarde", json_object_get(
			    given, "_reden"));
		if (json_is_true(json_object_get(f, "incident")))
			json_object_set_new(f, "incident_keuzes",
			    incident_form_data(open ? given : NULL));
		if (open && given)
			json_object_set(f, "waarden", given);
	}
	json_object_set_new(view, "volledig_zicht", json_boolean(has_sight(view,
	    "volledig")));
	json_object_set_new(view, "balie_zicht", json_boolean(has_sight(view,
	    "balie")));
	json_object_set_new(view, "meldingen_zicht", json_boolean(has_sight(
	    view, "meldingen")));
	json_object_set_new(view, "politie_zicht", json_boolean(has_sight(
	    view, "politie")));
	json_object_set_new(view, "mag_foto", json_boolean(has_sight(view,
	    "volledig") || has_sight(view, "balie")));
	set_when(view, "geopend_tekst", str(view, "geopend"));
	json_object_set_new(view, "zaak_id", json_string(id));
	if (has_sight(view, "volledig") && json_object_get(view, "persoon")) {
		/* The person's data to complete or correct, or what was typed
		 * when that was refused. */
		bool mine = open_event && strcmp(open_event, "persoon") == 0;
		json_t *pf = json_pack("{sssbso}", "voorvoegsel", "p", "open",
		    mine, "pw", person_form_values(mine && given ? given :
		    json_object_get(view, "persoon")));

		if (mine && error) {
			json_object_set_new(pf, "fout", json_string(error));
			placed = true;
		}
		json_object_set_new(view, "persoon_formulier", pf);
	}
	/* A refusal whose form is no longer on the page - someone else took
	 * the step first, or the state moved on - is said at the top. */
	if (error && !placed)
		json_object_set_new(view, "pagina_fout", json_string(error));
	{
		static const char *const parts[][2] = {
			{"formulieren", "heeft_stappen"},
			{"open_termijnen", "heeft_termijnen"},
			{"maatregelen", "heeft_maatregelen"},
			{"incidenten", "heeft_incidenten"},
			{"documenten", "heeft_documenten"},
			{"verloop", "heeft_verloop"},
			{"tijdlijn", "heeft_tijdlijn"},
		};

		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
			json_object_set_new(view, parts[i][1], json_boolean(
			    json_array_size(json_object_get(view,
			    parts[i][0])) > 0));
	}
	json_decref(given);
	snprintf(title, sizeof(title), "Zaak %s", id);
	return web_page(r, out, status, "zaak", title, view);
}

int
page_zaak(web_req *r, web_resp *out)
{
	return show_case(r, out, 200, NULL, NULL, NULL);
}

int
page_zaak_event(web_req *r, web_resp *out)
{
	const char *id = r->params[0], *event = r->params[1];
	json_t *view = NULL, *form = NULL, *f, *inputs, *inc = NULL,
	    *res = NULL, *given;
	const char *reason = field(r, "_reden");
	vpd_error err;
	size_t i;
	int rc;

	vpd_error_clear(&err);
	if (vpd_core_case_show(r->archive, &r->who, id, &view, &err))
		return web_fail(r, out, &err);
	json_array_foreach(json_object_get(view, "formulieren"), i, f)
		if (strcmp(str(f, "event"), event) == 0)
			form = f;
	if (form == NULL) {
		json_decref(view);
		return web_error(r, out, 403, "Deze stap kunt u nu niet zetten. "
		    "Misschien heeft iemand anders de zaak net gewijzigd; "
		    "bekijk de zaak opnieuw.");
	}
	inputs = inputs_from_form(r, form);
	if (json_is_true(json_object_get(form, "incident")))
		inc = incident_from_form(r);
	rc = vpd_core_case_event(r->archive, &r->who, id, event, inputs,
	    reason, inc, "incident", &res, &err);
	json_decref(inputs);
	json_decref(inc);
	if (rc) {
		json_decref(view);
		if (err.code != VPD_EINVALID && err.code != VPD_EREFUSED)
			return web_fail(r, out, &err);
		given = web_form_json(r->form);
		{
			/* The boxes ticked for behaviour, to tick them again. */
			const char *marks[64];
			size_t n = web_form_all(r->form, "gedrag", marks, 64);
			json_t *ticked = json_array();

			for (size_t k = 0; k < n; k++)
				json_array_append_new(ticked,
				    json_string(marks[k]));
			json_object_set_new(given, "gedrag_gekozen", ticked);
		}
		return show_case(r, out, 422, event, given,
		    web_error_text(&err));
	}
	{
		size_t letters = 0;
		json_t *act;

		json_array_foreach(json_object_get(res, "acties"), i, act)
			letters += strcmp(str(act, "soort"), "brief") == 0;
		if (letters)
			web_flash(r, "Opgeslagen: %s. Er %s %zu brief%s "
			    "gemaakt; u vindt ze onder Brieven.", str(form,
			    "label"), letters == 1 ? "is" : "zijn", letters,
			    letters == 1 ? "" : "ven");
		else
			web_flash(r, "Opgeslagen: %s.", str(form, "label"));
	}
	json_decref(res);
	json_decref(view);
	{
		char to[64];

		snprintf(to, sizeof(to), "/zaak/%s", id);
		return web_redirect(out, to);
	}
}

int
page_zaak_person(web_req *r, web_resp *out)
{
	json_t *p = person_from_form(r), *res = NULL;
	vpd_error err;
	char to[64];
	int rc;

	vpd_error_clear(&err);
	rc = vpd_core_person_update(r->archive, &r->who, r->params[0], p,
	    "persoon", web_form_get(r->form, "reden"), &res, &err);
	json_decref(res);
	if (rc) {
		if (err.code != VPD_EINVALID && err.code != VPD_EREFUSED) {
			json_decref(p);
			return web_fail(r, out, &err);
		}
		return show_case(r, out, 422, "persoon", p,
		    web_error_text(&err));
	}
	json_decref(p);
	web_flash(r, "De gegevens van de persoon zijn opgeslagen.");
	snprintf(to, sizeof(to), "/zaak/%s", r->params[0]);
	return web_redirect(out, to);
}

int
page_document(web_req *r, web_resp *out)
{
	unsigned char *pdf = NULL;
	json_t *info = NULL;
	size_t len = 0;
	vpd_error err;
	int doc = atoi(r->params[1]), copy = atoi(r->params[2]);

	vpd_error_clear(&err);
	if (vpd_core_document_get(r->archive, &r->who, r->params[0], doc, copy,
	    &pdf, &len, &info, &err))
		return web_fail(r, out, &err);
	json_decref(info);
	snprintf(out->disposition, sizeof(out->disposition),
	    "inline; filename=\"%s-%d-%d.pdf\"", r->params[0], doc, copy);
	out->frame_self = true;
	return web_bytes(out, 200, "application/pdf", pdf, len);
}

/*
 * The banner of the trail: what `vpd verify` says of the archive, from
 * its last checkpoint on (quick: the commits since).  A trail is worth
 * only as much as the archive's chain under it.
 */
static json_t *
archive_check(web_req *r)
{
	json_t *res = NULL, *out;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_archive_check(vpd_archive_path(r->archive), &res,
	    &err)) {
		/* the check itself could not run: say so, never "in order" */
		return json_pack("{sb}", "niet_gedaan", 1);
	}
	out = json_pack("{sbsbsb}", "ok", strcmp(json_string_value(
	    json_object_get(res, "status")), "ok") == 0, "fout",
	    strcmp(json_string_value(json_object_get(res, "status")),
	    "fout") == 0, "onbekend", strcmp(json_string_value(
	    json_object_get(res, "status")), "onbekend") == 0);
	if (json_is_true(json_object_get(out, "ok"))) {
		char when[VPD_TIME_LOCAL_LEN] = "";
		/* the newest commit checked: this check's, or, when no
		 * commit came since, the checkpoint it started from */
		const char *cp = json_string_value(json_object_get(res,
		    "controlepunt")) ? json_string_value(json_object_get(res,
		    "controlepunt")) : json_string_value(json_object_get(res,
		    "sinds"));

		vpd_time_format_human(r->who.now, when);
		json_object_set_new(out, "tijdstip", json_string(when));
		json_object_set_new(out, "controlepunt", json_sprintf("%.12s",
		    cp ? cp : ""));
		json_object_set(out, "ondertekend", json_object_get(res,
		    "ondertekend"));
		json_object_set_new(out, "getekend", json_boolean(
		    json_integer_value(json_object_get(res, "ondertekend")) >
		    0));
		if (json_array_size(json_object_get(res, "sleutels_terug")))
			json_object_set(out, "sleutels_terug", json_object_get(
			    res, "sleutels_terug"));
	}
	if (json_is_true(json_object_get(out, "fout"))) {
		json_object_set_new(out, "commit", json_sprintf("%.12s",
		    json_string_value(json_object_get(res, "commit"))));
		json_object_set(out, "reden", json_object_get(res, "fout"));
	}
	json_decref(res);
	return out;
}

/* The steps of a case with the commit of each: for legal affairs and
 * anyone who checks the trail against the archive. */
int
page_zaak_verloop(web_req *r, web_resp *out)
{
	const char *id = r->params[0];
	json_t *log = NULL, *d;
	vpd_error err;
	char title[64];

	vpd_error_clear(&err);
	if (vpd_core_case_log(r->archive, &r->who, id, &log, &err))
		return web_fail(r, out, &err);
	d = json_pack("{ss}", "id", id);
	json_object_set_new(d, "tijdlijn", timeline(log));
	json_decref(log);
	{
		json_t *item;
		size_t i;

		/* each step links to its change in the archive */
		json_array_foreach(json_object_get(d, "tijdlijn"), i, item)
			json_object_set_new(item, "zaak", json_string(id));
	}
	json_object_set_new(d, "controle", archive_check(r));
	json_object_set_new(d, "dossier", json_boolean(roles_of(r) &
	    (VPD_ROLE_LEGAL | VPD_ROLE_COORDINATOR)));
	snprintf(title, sizeof(title), "Verloop van zaak %s", id);
	return web_page(r, out, 200, "verloop", title, d);
}

/* The case's whole file as one PDF, for a court. */
int
page_zaak_dossier(web_req *r, web_resp *out)
{
	const char *id = r->params[0];
	unsigned char *pdf = NULL;
	size_t len = 0;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_case_dossier(r->archive, &r->who, id, &pdf, &len, &err))
		return web_fail(r, out, &err);
	snprintf(out->disposition, sizeof(out->disposition),
	    "attachment; filename=\"dossier-%s.pdf\"", id);
	return web_bytes(out, 200, "application/pdf", pdf, len);
}

/* One step as a change in the archive: the case's files it added or
 * changed, and the case file's fields before and after. */
int
page_zaak_wijziging(web_req *r, web_resp *out)
{
	json_t *res = NULL, *f;
	vpd_error err;
	char title[80];
	size_t i;

	vpd_error_clear(&err);
	if (vpd_core_case_change(r->archive, &r->who, r->params[0],
	    r->params[1], &res, &err))
		return web_fail(r, out, &err);
	json_array_foreach(json_object_get(res, "bestanden"), i, f) {
		const char *p = str(f, "pad");

		/* a letter's copy: its page (".../documents/002-x/3-y.pdf") */
		if (p && strstr(p, "/documents/") && strstr(p, ".pdf")) {
			int doc = 0, copy = 0;
			const char *d = strstr(p, "/documents/") + 11;
			const char *c = strchr(d, '/');

			if (sscanf(d, "%d", &doc) == 1 && c &&
			    sscanf(c + 1, "%d", &copy) == 1)
				json_object_set_new(f, "link", json_sprintf(
				    "/zaak/%s/document/%d/%d", r->params[0], doc,
				    copy));
		}
	}
	json_object_set_new(res, "heeft_wijzigingen", json_boolean(
	    json_array_size(json_object_get(res, "wijzigingen")) > 0));
	snprintf(title, sizeof(title), "Wijziging in zaak %s", r->params[0]);
	return web_page(r, out, 200, "wijziging", title, res);
}

int
page_preview(web_req *r, web_resp *out)
{
	unsigned char *pdf = NULL;
	size_t len = 0;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_letter_preview(r->archive, &r->who, r->params[0],
	    r->params[1], 1, &pdf, &len, &err))
		return web_fail(r, out, &err);
	snprintf(out->disposition, sizeof(out->disposition),
	    "inline; filename=\"%s-%s-voorbeeld.pdf\"", r->params[0],
	    r->params[1]);
	out->frame_self = true;
	return web_bytes(out, 200, "application/pdf", pdf, len);
}

int
page_document_mark(web_req *r, web_resp *out)
{
	const char *id = r->params[0];
	json_t *res = NULL;
	vpd_error err;
	char to[96];

	vpd_error_clear(&err);
	if (vpd_core_document_mark(r->archive, &r->who, id, atoi(r->params[1]),
	    atoi(r->params[2]), field(r, "status"), field(r, "volgnummer"),
	    field(r, "toelichting"), &res, &err)) {
		if (err.code != VPD_EINVALID && err.code != VPD_EREFUSED)
			return web_fail(r, out, &err);
		web_flash(r, "Niet opgeslagen: %s", web_error_text(&err));
	} else {
		web_flash(r, "Opgeslagen: exemplaar %s van brief %s is %s.",
		    r->params[2], r->params[1], vpd_delivery_label(field(r,
		    "status")));
	}
	json_decref(res);
	snprintf(to, sizeof(to), "/zaak/%s#brieven", id);
	return web_redirect(out, to);
}
