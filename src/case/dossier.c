/*
 * dossier.c - one case's whole file as a single PDF for a court
 * (case.h, vpd_core_case_dossier): a printed timeline of the case from
 * the audit archive, then every letter as archived, its dossier copy.
 *
 * The timeline names, for each step, when (Amsterdam time), who, the
 * event and its inputs, the state before and after, deviations and late
 * steps with their reasons, the letters it made with their signer, sha256
 * and the commit that holds them, so each page can be checked against
 * the archive with stock git.  It is set as the letters are (pdf.c), on
 * the municipality's letterhead, so every name prints as typed; the data
 * is escaped before the Markdown stage (template.h).
 */

#include "case.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "../record/record.h"
#include "../template/template.h"
#include "access.h"

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void
when_text(const char *utc, char *out, size_t size)
{
	vpd_time t;
	char buf[VPD_TIME_LOCAL_LEN];

	if (vpd_time_parse(utc, &t)) {
		snprintf(out, size, "%s", utc);
		return;
	}
	vpd_time_format_human(t, buf);
	snprintf(out, size, "%s", buf);
}

/* A value as a line of text: lists joined, booleans in Dutch. */
static void
value_text(const json_t *v, char *out, size_t size)
{
	size_t i, n = 0;
	json_t *x;

	out[0] = '\0';
	if (json_is_string(v) && strchr(json_string_value(v), 'T') &&
	    strlen(json_string_value(v)) >= 16)
		when_text(json_string_value(v), out, size);   /* an instant */
	else if (json_is_string(v))
		snprintf(out, size, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v))
		snprintf(out, size, "ja");
	else if (json_is_false(v))
		snprintf(out, size, "nee");
	else if (json_is_array(v))
		json_array_foreach(v, i, x) {
			char one[512];

			value_text(x, one, sizeof(one));
			n += (size_t)snprintf(out + n, n < size ? size - n : 0,
			    "%s%s", i ? ", " : "", one);
			if (n >= size)
				break;
		}
	else if (json_is_object(v))
		snprintf(out, size, "(verzegeld)");
}

static void add_line(json_t *lines, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_line(json_t *lines, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	json_array_append_new(lines, json_vsprintf(fmt, ap));
	va_end(ap);
}

/* The case itself: its state, workflow, person and measures. */
static json_t *
case_items(const json_t *cs)
{
	json_t *lines = json_array(), *m, *p = json_object_get(cs, "persoon");
	json_t *out;
	char opened[64], buf[512];
	size_t i;

	when_text(str(cs, "geopend"), opened, sizeof(opened));
	add_line(lines, "Status nu: %s", *str(cs, "status_label") ? str(cs,
	    "status_label") : str(cs, "status"));
	add_line(lines, "Werkstroom (protocol): %s", str(json_object_get(cs,
	    "workflow"), "naam"));
	add_line(lines, "Geopend: %s", opened);
	add_line(lines, "Persoon: %s (%s)", str(p, "id"), json_is_true(
	    json_object_get(cs, "recidive")) ? "herhaald incident" :
	    "eerste zaak");
	json_array_foreach(json_object_get(cs, "maatregelen"), i, m) {
		value_text(json_object_get(m, "locaties"), buf, sizeof(buf));
		add_line(lines, "Maatregel %lld: %s van %s tot en met %s%s%s; "
		    "status %s", (long long)json_integer_value(json_object_get(m,
		    "nr")), str(m, "soort"), str(m, "van"), str(m, "tot"),
		    *buf ? ", voor " : "", buf, str(m, "status"));
	}
	out = json_pack("[{sssssO}]", "wanneer", "", "kop", "De zaak",
	    "regels", lines);
	json_decref(lines);
	return out;
}

/* The incidents of the case. */
static json_t *
incidents(const json_t *cs)
{
	json_t *items = json_array(), *inc, *g;
	size_t i, k;

	json_array_foreach(json_object_get(cs, "incidenten"), i, inc) {
		json_t *lines = json_array();
		char when[64], kop[128], buf[2048];

		when_text(str(inc, "tijdstip"), when, sizeof(when));
		snprintf(kop, sizeof(kop), "Incident %lld", (long long)
		    json_integer_value(json_object_get(inc, "nr")));
		add_line(lines, "Plaats: %s%s", str(inc, "locatie"), "");
		if (*str(inc, "afdeling"))
			add_line(lines, "Afdeling: %s%s", str(inc, "afdeling"),
			    "");
		add_line(lines, "Kanaal: %s%s", str(inc, "kanaal"), "");
		json_array_foreach(json_object_get(inc, "gedrag"), k, g)
			add_line(lines, "Gedrag: %s, %s", str(g, "categorie"),
			    str(g, "soort"));
		add_line(lines, "Wat er gebeurde: %s%s", str(inc,
		    "omschrijving"), "");
		value_text(json_object_get(inc, "medewerkers"), buf,
		    sizeof(buf));
		if (*buf)
			add_line(lines, "Medewerkers: %s%s", buf, "");
		value_text(json_object_get(inc, "getuigen"), buf, sizeof(buf));
		if (*buf)
			add_line(lines, "Getuigen: %s%s", buf, "");
		snprintf(buf, sizeof(buf), "letsel %s, schade %s, politie ter "
		    "plaatse %s", json_is_true(json_object_get(inc, "letsel")) ?
		    "ja" : "nee", json_is_true(json_object_get(inc, "schade")) ?
		    "ja" : "nee", json_is_true(json_object_get(inc,
		    "politie_ter_plaatse")) ? "ja" : "nee");
		add_line(lines, "Ernst: %s%s", buf, "");
		json_array_append_new(items, json_pack("{sssssO}", "wanneer",
		    when, "kop", kop, "regels", lines));
		json_decref(lines);
	}
	return items;
}

/* Each step of the trail (the case's event records, oldest first). */
static json_t *
steps(const json_t *log, const json_t *cs)
{
	json_t *items = json_array(), *rec, *v, *act, *d;
	const char *key;
	size_t i, k;

	json_array_foreach(log, i, rec) {
		json_t *lines = json_array();
		char when[64], kop[256], buf[2048];

		when_text(str(rec, "tijdstip"), when, sizeof(when));
		snprintf(kop, sizeof(kop), "Stap %lld: %s", (long long)
		    json_integer_value(json_object_get(rec, "nr")), *str(rec,
		    "wat") ? str(rec, "wat") : str(rec, "event"));
		add_line(lines, "Door: %s%s", str(rec, "actor"), "");
		if (*str(rec, "van_label") || *str(rec, "naar_label"))
			add_line(lines, "Status: van %s naar %s", *str(rec,
			    "van_label") ? str(rec, "van_label") : "(nieuw)",
			    str(rec, "naar_label"));
		json_object_foreach(json_object_get(rec, "invoer_labels"), key,
		    v) {
			const json_t *val = json_object_get(json_object_get(rec,
			    "invoer"), key);

			if (val == NULL)
				continue;
			value_text(val, buf, sizeof(buf));
			add_line(lines, "%s: %s", json_string_value(v) ?
			    json_string_value(v) : key, buf);
		}
		if (*str(rec, "reden"))
			add_line(lines, "%s: %s", json_is_true(json_object_get(
			    rec, "te_laat")) ? "Te laat; reden" : "Reden",
			    str(rec, "reden"));
		json_array_foreach(json_object_get(rec, "afwijkingen"), k, d) {
			snprintf(buf, sizeof(buf), "%s (door %s)", str(d, "regel"),
			    str(d, "door"));
			add_line(lines, "Afwijking van de regel: %s; reden: %s",
			    buf, str(d, "reden"));
		}
		json_array_foreach(json_object_get(rec, "acties"), k, act) {
			const json_t *doc = json_object_get(act, "document");
			const json_t *full = NULL, *x;
			size_t j;

			if (strcmp(str(act, "soort"), "brief") != 0 || doc == NULL)
				continue;
			/* the document as the case file holds it now */
			json_array_foreach(json_object_get(cs, "documenten"), j,
			    x)
				if (json_integer_value(json_object_get(x, "nr")) ==
				    json_integer_value(json_object_get(doc, "nr")))
					full = x;
			snprintf(buf, sizeof(buf), "%s (document %lld)", str(doc,
			    "titel"), (long long)json_integer_value(
			    json_object_get(doc, "nr")));
			add_line(lines, "Brief: %s, ondertekend door %s", buf,
			    str(json_object_get(full ? full : doc,
			    "ondertekenaar"), "naam"));
		}
		if (*str(rec, "commit"))
			add_line(lines, "Vastgelegd in commit %s%s", str(rec,
			    "commit"), "");
		json_array_append_new(items, json_pack("{sssssO}", "wanneer",
		    when, "kop", kop, "regels", lines));
		json_decref(lines);
	}
	return items;
}

/* The letters, each with its copies and checksums, and the one in the
 * dossier (the "dossier" copy, or the first). */
static json_t *
letters(const json_t *cs, json_t *picked)
{
	json_t *items = json_array(), *doc, *cp;
	size_t i, k;

	json_array_foreach(json_object_get(cs, "documenten"), i, doc) {
		json_t *lines = json_array(), *pick = NULL;
		char when[64], kop[256], buf[512];

		when_text(str(doc, "tijdstip"), when, sizeof(when));
		snprintf(kop, sizeof(kop), "Document %lld: %s", (long long)
		    json_integer_value(json_object_get(doc, "nr")), str(doc,
		    "titel"));
		snprintf(buf, sizeof(buf), "%s, %s", str(json_object_get(doc,
		    "ondertekenaar"), "naam"), str(json_object_get(doc,
		    "ondertekenaar"), "functie"));
		add_line(lines, "Ondertekend door %s %s", buf,
		    str(json_object_get(doc, "ondertekenaar"), "namens"));
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp) {
			snprintf(buf, sizeof(buf), "%lld. %s", (long long)
			    json_integer_value(json_object_get(cp, "nr")),
			    str(cp, "label"));
			add_line(lines, "Exemplaar %s, SHA-256 %s", buf, str(cp,
			    "sha256"));
			if (pick == NULL || strcmp(str(cp, "bestemming"),
			    "dossier") == 0)
				pick = cp;
		}
		if (pick && *str(pick, "pdf")) {
			json_array_append_new(picked, json_pack("{sOsOsO}", "pdf",
			    json_object_get(pick, "pdf"), "sha256",
			    json_object_get(pick, "sha256"), "nr",
			    json_object_get(doc, "nr")));
			add_line(lines, "In dit dossier: exemplaar %s%s", str(pick,
			    "label"), ", zoals gearchiveerd, achter de tijdlijn");
		}
		json_array_append_new(items, json_pack("{sssssO}", "wanneer",
		    when, "kop", kop, "regels", lines));
		json_decref(lines);
	}
	return items;
}

/* The timeline as Markdown; every value is escaped when it is filled. */
static const char timeline_md[] =
    "{{#secties}}## {{titel}}\n\n"
    "{{#items}}**{{kop}}**{{#wanneer}} — {{wanneer}}{{/wanneer}}\n\n"
    "{{#regels}}- {{.}}\n{{/regels}}\n\n{{/items}}{{/secties}}";

/* Renders the timeline document (titel, secties…) as a PDF. */
static int
timeline_pdf(const vpd_who *who, const json_t *doc, const char *id,
    const char *org, unsigned char **pdf, size_t *len, vpd_error *err)
{
	vpd_render_opts opts = {.escape_markdown = true,
	    .empty_is_false = true};
	vpd_template *t = NULL;
	vpd_blocks body = {0};
	vpd_letter_doc d = {0};
	char *md = NULL, kenmerk[64], datum[64], onderwerp[300];
	int rc;

	if ((rc = vpd_template_parse(&t, "dossier", timeline_md, err)) ||
	    (rc = vpd_template_render(t, doc, &opts, &md, err)) ||
	    (rc = vpd_markdown_blocks(&body, "dossier", md, err)))
		goto out;
	snprintf(kenmerk, sizeof(kenmerk), "%s/dossier", id);
	vpd_letter_date(vpd_time_local_date(who->now), datum, sizeof(datum));
	snprintf(onderwerp, sizeof(onderwerp), "%s",
	    json_string_value(json_object_get(doc, "ondertitel")));
	d.org_name = org ? org : "Gemeente";
	d.colour[0] = 0.09;
	d.colour[1] = 0.31;
	d.colour[2] = 0.55;
	d.address[0] = "Dossier voor de rechter";
	d.address[1] = json_string_value(json_object_get(doc, "klein"));
	d.kenmerk = kenmerk;
	d.datum = datum;
	d.onderwerp = onderwerp;
	d.body = &body;
	d.closing = "Samengesteld uit het auditarchief door";
	d.signer_name = who->actor;
	d.copy_label = json_string_value(json_object_get(doc, "voet"));
	d.title = "Dossier voor de rechter";
	d.subject = kenmerk;
	d.author = "vpd";
	d.created = who->now;
	d.fontdir = who->fontdir;
	rc = vpd_letter_pdf(&d, pdf, len, err);
out:
	vpd_blocks_free(&body);
	vpd_template_free(t);
	free(md);
	return rc;
}

int
vpd_core_case_dossier(vpd_archive *a, const vpd_who *who, const char *id,
    unsigned char **pdf, size_t *len, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *view = NULL, *log = NULL, *doc = NULL, *picked = json_array();
	json_t *p, *zaken = NULL;
	unsigned char **parts = NULL, *timeline = NULL;
	size_t *lens = NULL, n = 0, i, tlen = 0;
	char made[VPD_TIME_LOCAL_LEN], sub[400], small[400], foot[200];
	int rc;

	*pdf = NULL;
	*len = 0;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "the court dossier", err)))
		goto done;
	if (!(v.roles & (VPD_ROLE_LEGAL | VPD_ROLE_COORDINATOR))) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "the court "
		    "dossier: for legal affairs and the coordinator");
		vpd_error_set_nl(err, "Het dossier voor de rechter is voor "
		    "juridische zaken en de coördinator.");
		goto done;
	}
	if ((rc = vpd_core_case_show(a, who, id, &view, err)) ||
	    (rc = vpd_core_case_log(a, who, id, &log, err)))
		goto done;
	p = json_object_get(view, "persoon");
	vpd_time_format_human(who->now, made);
	{
		char *name = vpd_person_display_name(p);

		char born[64] = "";

		if (*str(p, "geboortedatum"))
			vpd_letter_date_iso(str(p, "geboortedatum"), born,
			    sizeof(born));
		snprintf(sub, sizeof(sub), "Zaak %s — %s%s%s%s", id, name ? name :
		    "Onbekende persoon", *born ? " (geboren " : "", born,
		    *born ? ")" : "");
		free(name);
	}
	snprintf(small, sizeof(small), "gemaakt op %s", made);
	snprintf(foot, sizeof(foot), "Dossier zaak %s — vertrouwelijk", id);
	doc = json_pack("{sssssssss[{ssso}{ssso}{ssso}{ssso}]}", "titel",
	    "Dossier voor de rechter", "ondertitel", sub, "klein", small,
	    "voet", foot, "secties", "titel", "Zaak", "items",
	    case_items(view), "titel", "Incidenten", "items",
	    incidents(view), "titel", "Verloop van de zaak", "items",
	    steps(log, view), "titel", "Brieven", "items", letters(view,
	    picked));
	if (doc == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	json_array_append_new(json_object_get(doc, "secties"), json_pack(
	    "{sss[{sssss[sss]}]}", "titel", "Controle", "items", "wanneer", "",
	    "kop", "Zo controleert u dit dossier", "regels",
	    "Elke stap noemt de commit in het auditarchief (git) waarin hij "
	    "is vastgelegd; 'git show COMMIT' toont hem, met wie en wanneer.",
	    "Elke brief hierna is het exemplaar zoals gearchiveerd; de SHA-256 "
	    "hierboven is die van dat bestand in het archief.",
	    "'vpd verify' controleert dat elke stap volgt uit de werkstroom "
	    "en dat elke commit met de sleutel van het archief is "
	    "ondertekend."));
	{
		char *org = vpd_municipality_name(who, str(json_object_get(view,
		    "workflow"), "naam"));

		rc = timeline_pdf(who, doc, id, org, &timeline, &tlen, err);
		free(org);
		if (rc)
			goto done;
	}
	n = json_array_size(picked) + 1;
	parts = calloc(n, sizeof(*parts));
	lens = calloc(n, sizeof(*lens));
	if (parts == NULL || lens == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	parts[0] = timeline;
	lens[0] = tlen;
	for (i = 1; i < n; i++) {
		json_t *x = json_array_get(picked, i - 1);
		char *buf;

		if ((rc = vpd_txn_read_checked(t, str(x, "pdf"), str(x,
		    "sha256"), &buf, &lens[i], err)))
			goto done;
		parts[i] = (unsigned char *)buf;
	}
	zaken = json_pack("[s]", id);
	if ((rc = vpd_access_log(a, who, &v, "dossier", zaken, NULL, err)))
		goto done;
	rc = vpd_pdf_concat((const unsigned char *const *)parts, lens, n, pdf,
	    len, err);
done:
	for (i = 1; parts && i < n; i++)
		free(parts[i]);
	free(parts);
	free(lens);
	free(timeline);
	json_decref(zaken);
	json_decref(doc);
	json_decref(view);
	json_decref(log);
	json_decref(picked);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}
