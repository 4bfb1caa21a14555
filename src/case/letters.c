/*
 * letters.c - letters from cases: the data a template sees, and preview.
 *
 * The template data (docs/letters.md lists every field):
 *   gemeente      letters/<workflow>/gemeente.yaml: naam, regels, kleur,
 *                 retouradres, namens, plaats
 *   persoon       the person record plus naam, aanhef ("Geachte heer Van
 *                 der Berg"), adresregels (the window block)
 *   zaak          id, status, recidive, gegevens (every input so far),
 *                 datums (each date or instant in gegevens in Dutch),
 *                 maatregel (the latest measure, with van_tekst, tot_tekst,
 *                 locaties_tekst), maatregel_soort
 *   incident      the latest incident, with datum_tekst and tijd_tekst
 *   brief         kenmerk, datum, exemplaar
 *   ondertekenaar naam, functie, namens
 * Preview renders one copy without committing anything.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../letter/letter.h"
#include "../util/file.h"
#include "../workflow/workflow.h"
#include "../record/record.h"
#include "../yaml/yaml.h"
#include "case.h"
#include "access.h"
#include "../seal/seal.h"
#include "apply.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static char *
slurp_len(const char *path, size_t *lenp, vpd_error *err)
{
	return vpd_file_read(path, lenp, err);
}

static char *
slurp(const char *path, vpd_error *err)
{
	return vpd_file_read(path, NULL, err);
}

/* "van der" -> "Van der" at the start of a salutation. */
static void
capitalise_first(char *s)
{
	if (s && *s)
		*s = (char)toupper((unsigned char)*s);
}

static char *
joined(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
	char *out = malloc(n);

	snprintf(out, n, "%s%s%s%s%s", a, *a && *b ? " " : "", b,
	    (*a || *b) && *c ? " " : "", c);
	return out;
}

/* Initials of the given names: "Jan Pieter" -> "J.P." */
static void
initials(const char *names, char *out, size_t size)
{
	size_t n = 0;
	bool start = true;

	for (; names && *names && n + 3 < size; names++) {
		if (*names == ' ') {
			start = true;
			continue;
		}
		if (start) {
			out[n++] = (char)toupper((unsigned char)*names);
			out[n++] = '.';
			start = false;
		}
	}
	out[n] = '\0';
}

static void
person_fields(json_t *p)
{
	const char *g = str(p, "geslacht");
	const char *tv = str(p, "tussenvoegsel") ? str(p, "tussenvoegsel") : "";
	const char *an = str(p, "achternaam") ? str(p, "achternaam") : "";
	char ini[32], *surname = joined("", tv, an), *line, *name;
	json_t *adres = json_object_get(p, "adres"), *lines = json_array();

	initials(str(p, "voornamen"), ini, sizeof(ini));
	name = vpd_person_display_name(p);
	json_object_set_new(p, "naam", json_string(name ? name : ""));
	capitalise_first(surname);
	if (g && strcmp(g, "m") == 0)
		line = joined("Geachte heer", surname, "");
	else if (g && strcmp(g, "v") == 0)
		line = joined("Geachte mevrouw", surname, "");
	else
		line = joined("Geachte", name ? name : "", "");
	json_object_set_new(p, "aanhef", json_string(line));
	free(line);
	line = joined(g && !strcmp(g, "m") ? "De heer" : g && !strcmp(g, "v") ?
	    "Mevrouw" : "", ini, tv);
	{
		char *full = joined(line, an, "");

		json_array_append_new(lines, json_string(full));
		free(full);
	}
	free(line);
	if (adres) {
		char buf[256], town[128];

		snprintf(buf, sizeof(buf), "%s %s", str(adres, "straat"),
		    str(adres, "huisnummer"));
		json_array_append_new(lines, json_string(buf));
		snprintf(town, sizeof(town), "%s", str(adres, "woonplaats"));
		for (char *c = town; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		snprintf(buf, sizeof(buf), "%s  %s", str(adres, "postcode") ?
		    str(adres, "postcode") : "", town);
		json_array_append_new(lines, json_string(buf));
		if (str(adres, "land"))
			json_array_append_new(lines, json_string(str(adres,
			    "land")));
	}
	json_object_set_new(p, "adresregels", lines);
	if (str(p, "geboortedatum")) {
		vpd_date bd;
		char day[32];

		if (vpd_date_parse(str(p, "geboortedatum"), &bd) == 0) {
			vpd_letter_date(bd, day, sizeof(day));
			json_object_set_new(p, "geboortedatum_tekst",
			    json_string(day));
		}
	}
	free(surname);
	free(name);
}

/* Dutch text of a date or instant string, or NULL. */
static json_t *
dutch(const char *s)
{
	char buf[64], day[32];
	vpd_date d;
	vpd_time t;

	if (s == NULL)
		return NULL;
	if (strlen(s) == 10 && vpd_date_parse(s, &d) == 0) {
		vpd_letter_date(d, buf, sizeof(buf));
		return json_string(buf);
	}
	if (vpd_time_parse(s, &t) == 0) {
		char local[VPD_TIME_LOCAL_LEN];

		vpd_letter_date(vpd_time_local_date(t), day, sizeof(day));
		vpd_time_format_local(t, local);
		snprintf(buf, sizeof(buf), "%s om %.5s uur", day, local + 11);
		return json_string(buf);
	}
	return NULL;
}

/* "het Stadskantoor, het Bestuurscentrum en de Stadswinkel" -> as given,
 * joined with commas and "en". */
static json_t *
list_text(const json_t *arr)
{
	char buf[1024] = "";
	size_t n = json_array_size(arr);

	for (size_t i = 0; i < n; i++) {
		strncat(buf, i == 0 ? "" : i + 1 == n ? " en " : ", ",
		    sizeof(buf) - strlen(buf) - 1);
		strncat(buf, json_string_value(json_array_get(arr, i)),
		    sizeof(buf) - strlen(buf) - 1);
	}
	return json_string(buf);
}

static bool in_strings(const json_t *arr, const char *s);

static json_t *
case_fields(const json_t *c, const json_t *cfg)
{
	json_t *z = json_pack("{sOsOsOsO}", "id", json_object_get(c, "id"),
	    "status", json_object_get(c, "status"), "recidive",
	    json_object_get(c, "recidive"), "gegevens",
	    json_object_get(c, "gegevens"));
	json_t *datums = json_object(), *tijden = json_object(), *v,
	    *ms = json_object_get(c, "maatregelen");
	const char *key;

	json_object_foreach(json_object_get(c, "gegevens"), key, v) {
		json_t *d = dutch(json_string_value(v));
		vpd_time t;

		if (d)
			json_object_set_new(datums, key, d);
		/* zaak.tijden.eind: "10:30", the clock time alone */
		if (json_string_value(v) && strlen(json_string_value(v)) > 10 &&
		    vpd_time_parse(json_string_value(v), &t) == 0) {
			char local[VPD_TIME_LOCAL_LEN];

			vpd_time_format_local(t, local);
			local[16] = '\0';
			json_object_set_new(tijden, key,
			    json_string(local + 11));
		}
	}
	json_object_set_new(z, "datums", datums);
	json_object_set_new(z, "tijden", tijden);
	if (json_array_size(ms) > 0) {
		json_t *m = json_deep_copy(json_array_get(ms,
		    json_array_size(ms) - 1));

		json_object_set_new(m, "van_tekst", dutch(str(m, "van")));
		json_object_set_new(m, "tot_tekst", dutch(str(m, "tot")));
		if (json_is_array(json_object_get(m, "locaties")))
			json_object_set_new(m, "locaties_tekst",
			    list_text(json_object_get(m, "locaties")));
		/* On reception's list (with photo) when gemeente.yaml's
		 * balielijst names its kind. */
		json_object_set_new(m, "op_balielijst", json_boolean(
		    str(m, "soort") && in_strings(json_object_get(cfg,
		    "balielijst"), str(m, "soort"))));
		json_object_set_new(z, "maatregel_soort",
		    json_string(str(m, "soort")));
		json_object_set_new(z, "maatregel", m);
	}
	{
		json_t *g = json_object_get(c, "gegevens"), *is = json_object();

		if (json_is_array(json_object_get(g, "locaties")))
			json_object_set_new(z, "locaties_tekst",
			    list_text(json_object_get(g, "locaties")));
		/* zaak.is.feit.lokaalvredebreuk: a choice as a section a
		 * template can test, since Mustache cannot compare. */
		json_object_foreach(g, key, v) {
			const char *w = json_string_value(v);

			if (w == NULL || *w == '\0' || strlen(w) > 64 ||
			    strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789_")
			    != strlen(w))
				continue;
			json_object_set_new(is, key, json_pack("{sb}", w, 1));
		}
		json_object_set_new(z, "is", is);
	}
	return z;
}

/* KEY_tekst beside KEY: the Dutch label of a code ("huisbezoek"). */
static void
readable(json_t *o, const char *key)
{
	char name[64], buf[256];
	const char *v = str(o, key);

	if (v == NULL)
		return;
	snprintf(buf, sizeof(buf), "%s", vpd_record_label(v));
	for (char *c = buf; *c; c++)
		if (*c == '_')
			*c = ' ';
	snprintf(name, sizeof(name), "%s_tekst", key);
	json_object_set_new(o, name, json_string(buf));
}

static json_t *
incident_fields(const json_t *c)
{
	json_t *incs = json_object_get(c, "incidenten"), *inc;
	vpd_time t;

	if (json_array_size(incs) == 0)
		return json_object();
	inc = json_deep_copy(json_array_get(incs, json_array_size(incs) - 1));
	if (vpd_time_parse(str(inc, "tijdstip"), &t) == 0) {
		char day[32], local[VPD_TIME_LOCAL_LEN], hm[8];

		vpd_letter_date(vpd_time_local_date(t), day, sizeof(day));
		vpd_time_format_local(t, local);
		snprintf(hm, sizeof(hm), "%.5s", local + 11);
		json_object_set_new(inc, "datum_tekst", json_string(day));
		json_object_set_new(inc, "tijd_tekst", json_string(hm));
	}
	readable(inc, "kanaal");
	{
		json_t *g;
		size_t i;

		/* The form's words, not the codes: "Persoonlijke
		 * bedreiging: bedreiging". */
		json_array_foreach(json_object_get(inc, "gedrag"), i, g) {
			readable(g, "categorie");
			readable(g, "soort");
		}
	}
	return inc;
}

/* name -> text of every .md file in the blokken directory. */
static json_t *
load_blocks(const char *dir, vpd_error *err)
{
	json_t *out = json_object();
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return out;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char path[1024], name[256], *text;

		if (n < 4 || strcmp(de->d_name + n - 3, ".md") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(name, sizeof(name), "%.*s", (int)(n - 3), de->d_name);
		if ((text = slurp(path, err)) == NULL)
			continue;
		json_object_set_new(out, name, json_string(text));
		free(text);
	}
	closedir(d);
	return out;
}

static int
colour(const json_t *cfg, double rgb[3])
{
	const char *hex = str(cfg, "kleur");
	unsigned r, g, b;

	rgb[0] = rgb[1] = rgb[2] = 0;
	if (hex == NULL)
		return 0;
	if (sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
		return -1;
	rgb[0] = r / 255.0;
	rgb[1] = g / 255.0;
	rgb[2] = b / 255.0;
	return 0;
}

/* ---- Signers -------------------------------------------------------- */

static bool
in_strings(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* Refuses a signer whose role or mandate does not cover the letter now. */
static int
check_mandate(const char *id, const json_t *s, const char *letter,
    const json_t *roles, vpd_time now, vpd_error *err)
{
	const json_t *m = json_object_get(s, "mandaat");
	vpd_date van, tot, today = vpd_time_local_date(now);
	const char *rol = str(s, "rol");

	if (rol == NULL || !in_strings(roles, rol))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s (role %s) may not sign '%s'", id, rol ? rol : "none",
		    letter);
	if (!in_strings(json_object_get(m, "brieven"), letter))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the mandate of %s does not cover the letter '%s'", id,
		    letter);
	if (vpd_date_parse(str(m, "van"), &van) ||
	    vpd_date_parse(str(m, "tot"), &tot))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "signers.yaml: the mandate of %s needs van and tot dates",
		    id);
	if (today < van || today > tot)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the mandate of %s runs from %s to %s: it does not cover "
		    "today", id, str(m, "van"), str(m, "tot"));
	return 0;
}

/*
 * The signer of a letter is the person who takes the step: the acting
 * actor's own entry in signers.yaml whose mandate covers the letter
 * (--signer picks one of that actor's entries).  There is no stand-in: a
 * letter never carries the signature of someone who did not take the
 * decision (Awb 10:10), so an actor without a mandate is refused.
 * Returns a new object with the signer's id added.
 */
static int
resolve_signer(const vpd_who *who, const char *wf, const char *letter,
    const json_t *roles, json_t **out, vpd_error *err)
{
	char path[1024], *text;
	json_t *all = NULL, *mine, *list, *s = NULL, *v;
	const char *id = who->signer, *key, *actor = who->actor;
	int rc;

	*out = NULL;
	snprintf(path, sizeof(path), "%s/signers.yaml", who->signatures_dir ?
	    who->signatures_dir : "signatures");
	if ((text = slurp(path, err)) == NULL)
		return err->code;
	rc = vpd_yaml_load(&all, path, text, strlen(text), 1, err);
	free(text);
	if (rc)
		return rc;
	mine = json_object_get(all, wf);
	list = json_object_get(mine, "ondertekenaars");
	if (json_object_get(mine, "standaard")) {
		rc = vpd_error_set(err, VPD_EINVALID, path, 0, 0,
		    "%s: 'standaard' signers are not allowed: a letter is "
		    "signed by the person who takes the decision; remove "
		    "the key", wf);
		goto done;
	}
	if (id == NULL)
		json_object_foreach(list, key, v)
			if (actor && str(v, "actor") &&
			    strcmp(str(v, "actor"), actor) == 0 &&
			    in_strings(json_object_get(json_object_get(v,
			    "mandaat"), "brieven"), letter)) {
				id = key;
				break;
			}
	if (id == NULL) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s holds no mandate to sign '%s' in workflow %s "
		    "(signers.yaml); someone with that mandate must take "
		    "this step", actor ? actor : "this actor", letter, wf);
		vpd_error_set_nl(err, "U heeft geen mandaat om de brief "
		    "'%s' te ondertekenen. Laat deze stap zetten door iemand "
		    "met dat mandaat.", letter);
		goto done;
	}
	if ((s = json_object_get(list, id)) == NULL) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "no signer '%s' for workflow %s in signers.yaml", id, wf);
		goto done;
	}
	if (actor == NULL || str(s, "actor") == NULL ||
	    strcmp(str(s, "actor"), actor) != 0) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "signer '%s' is not %s: a letter carries the signature of "
		    "the person who takes the step", id, actor ? actor :
		    "the acting actor");
		goto done;
	}
	if ((rc = check_mandate(id, s, letter, roles, who->now, err)))
		goto done;
	*out = json_deep_copy(s);
	json_object_set_new(*out, "id", json_string(id));
	json_object_del(*out, "mandaat");
	json_object_del(*out, "actor");
done:
	json_decref(all);
	return rc;
}

/* ---- Rendering ------------------------------------------------------ */

/*
 * brief.afschriften: who else receives this letter, for the AVG art. 13
 * notice: every copy whose destination the workflow does not mark
 * `addressee: true`, named as gemeente.yaml's
 * `afschriften` words it ("de politie"), else by its label.  Also
 * afschriften_tekst ("de politie en het register …") and, for a
 * section, heeft_afschriften.
 */
static void
copy_receivers(json_t *brief, const json_t *copies, const json_t *cfg)
{
	json_t *names = json_array(), *cp;
	size_t i;

	json_array_foreach(copies, i, cp) {
		const char *dest = str(cp, "bestemming"), *word;
		json_t *w;

		if (dest == NULL || json_is_true(json_object_get(cp,
		    "geadresseerde")))
			continue;
		word = str(json_object_get(cfg, "afschriften"), dest);
		w = json_string(word ? word : str(cp, "label"));
		if (w && !in_strings(names, json_string_value(w)))
			json_array_append(names, w);
		json_decref(w);
	}
	json_object_set_new(brief, "afschriften_tekst", list_text(names));
	json_object_set_new(brief, "heeft_afschriften",
	    json_boolean(json_array_size(names) > 0));
	json_object_set_new(brief, "afschriften", names);
}


/* What a letter is made from: loaded once per document, used per copy. */
typedef struct {
	vpd_letter_template *tpl;
	json_t *cfg;            /* gemeente.yaml */
	json_t *blocks;         /* blokken/: name -> text */
	unsigned char *logo;
	size_t logolen;
	const char *event;      /* the event making the letter; NULL: preview */
} letter_files;

/* letters/<wf>/gemeente.yaml: the letterhead and the municipality's
 * settings. */
static int
load_municipality(const vpd_who *who, const char *wf, json_t **cfg,
    vpd_error *err)
{
	char path[1024], *text;
	int rc;

	*cfg = NULL;
	snprintf(path, sizeof(path), "%s/%s/gemeente.yaml", who->letters_dir,
	    wf);
	if ((text = slurp(path, err)) == NULL)
		return err->code;
	rc = vpd_yaml_load(cfg, path, text, strlen(text), 1, err);
	free(text);
	return rc;
}

static void
letter_files_free(letter_files *lf)
{
	vpd_letter_template_free(lf->tpl);
	json_decref(lf->cfg);
	json_decref(lf->blocks);
	free(lf->logo);
	memset(lf, 0, sizeof(*lf));
}

int
vpd_letter_open_to_bezwaar(const vpd_who *who, const char *wf,
    const char *letter)
{
	char path[1100], *text;
	vpd_letter_template *t = NULL;
	vpd_error e;
	json_t *b;
	size_t i;
	int yes = 0;

	if (wf == NULL || letter == NULL || strchr(letter, '/') ||
	    strchr(wf, '/') || who->letters_dir == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/%s/%s.md", who->letters_dir, wf,
	    letter);
	if ((text = slurp(path, &e)) == NULL)
		return -1;
	if (vpd_letter_template_load(&t, path, text, &e) == 0)
		json_array_foreach(json_object_get(vpd_letter_template_meta(t),
		    "blocks"), i, b)
			yes = yes || (json_string_value(b) &&
			    strcmp(json_string_value(b), "bezwaar") == 0);
	else
		yes = -1;
	vpd_letter_template_free(t);
	free(text);
	return yes;
}

static int
letter_files_load(letter_files *lf, const vpd_who *who, const char *wf,
    const char *letter, vpd_error *err)
{
	char path[1100], *text;
	int rc;

	memset(lf, 0, sizeof(*lf));
	if (strchr(letter, '/') || strchr(wf, '/'))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a letter name: '%s'", letter);
	snprintf(path, sizeof(path), "%s/%s/%s.md", who->letters_dir, wf,
	    letter);
	if ((text = slurp(path, err)) == NULL)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "workflow %s has no letter '%s': there is no template "
		    "%s", wf, letter, path);
	rc = vpd_letter_template_load(&lf->tpl, path, text, err);
	free(text);
	if (rc)
		goto fail;
	if ((rc = load_municipality(who, wf, &lf->cfg, err)))
		goto fail;
	if (str(lf->cfg, "logo")) {
		char lpath[1200];

		snprintf(lpath, sizeof(lpath), "%s/%s/%s", who->letters_dir, wf,
		    str(lf->cfg, "logo"));
		if (strchr(str(lf->cfg, "logo"), '/') || (lf->logo =
		    (unsigned char *)slurp_len(lpath, &lf->logolen, err)) ==
		    NULL) {
			rc = vpd_error_set(err, VPD_EINVALID, lpath, 0, 0,
			    "gemeente.yaml: logo must be a PNG file beside it");
			goto fail;
		}
	}
	snprintf(path, sizeof(path), "%s/%s/blokken", who->letters_dir, wf);
	lf->blocks = load_blocks(path, err);
	return 0;
fail:
	letter_files_free(lf);
	return rc;
}

/*
 * Lays out a letter: fills lf's template with `data` and renders it with
 * the municipality's letterhead.  signer: who signs (a signer of
 * signatures/, with the image of its "handtekening" if any), or NULL for
 * a preview.  subject_id goes into the PDF's metadata.
 */
static int
lay_out(const vpd_who *who, const letter_files *lf, const char *letter,
    const json_t *data, const char *kenmerk, const char *today,
    const char *label, bool registered, const json_t *signer,
    const char *subject_id, unsigned char **pdf, size_t *len, vpd_error *err)
{
	const json_t *cfg = lf->cfg;
	const vpd_letter_template *tpl = lf->tpl;
	char path[1024], *subject = NULL, *md = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	vpd_blocks body = {0};
	vpd_letter_doc d;
	json_t *lines;
	bool besluit = json_is_true(json_object_get(
	    vpd_letter_template_meta(lf->tpl), "besluit"));
	size_t i;
	int rc;

	if ((rc = vpd_letter_template_fill(tpl, data, lf->blocks, &subject,
	    &md, err)) || (rc = vpd_markdown_blocks(&body, letter, md, err)))
		goto done;

	memset(&d, 0, sizeof(d));
	d.org_name = str(cfg, "naam");
	lines = json_object_get(cfg, "regels");
	for (i = 0; i < VPD_LETTER_MAX_LINES && i < json_array_size(lines); i++)
		d.org_lines[i] = json_string_value(json_array_get(lines, i));
	if (colour(cfg, d.colour)) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "gemeente.yaml: kleur must be like \"#004b87\"");
		goto done;
	}
	d.return_address = str(cfg, "retouradres");
	d.logo_png = lf->logo;
	d.logo_len = lf->logolen;
	{
		/* The addressee: the person, or who the template names. */
		const char *to = json_string_value(json_object_get(
		    vpd_letter_template_meta(tpl), "to"));

		lines = (json_t *)vpd_letter_field(data, to ? to :
		    "persoon.adresregels");
		if (!json_is_array(lines)) {
			rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "letter %s: the addressee '%s' is not a list of "
			    "address lines", letter, to ? to :
			    "persoon.adresregels");
			goto done;
		}
	}
	for (i = 0; i < VPD_LETTER_MAX_LINES && i < json_array_size(lines); i++)
		d.address[i] = json_string_value(json_array_get(lines, i));
	d.registered = registered;
	d.kenmerk = kenmerk;
	d.datum = today;
	d.onderwerp = subject;
	d.body = &body;
	d.closing = "Hoogachtend,";
	if (signer) {
		/* "namens de burgemeester" belongs under a decision taken
		 * under mandate, not under a form or a report. */
		d.on_behalf = !besluit ? NULL : str(signer, "namens") ?
		    str(signer, "namens") : str(cfg, "namens");
		d.signer_name = str(signer, "naam");
		d.signer_function = str(signer, "functie");
		if (str(signer, "handtekening")) {
			snprintf(path, sizeof(path), "%s/%s",
			    who->signatures_dir, str(signer, "handtekening"));
			if ((sig = (unsigned char *)slurp_len(path, &siglen,
			    err)) == NULL) {
				rc = err->code;
				goto done;
			}
			d.signature_png = sig;
			d.signature_len = siglen;
		}
	} else {
		d.on_behalf = besluit ? str(cfg, "namens") : NULL;
		d.signer_name = who->actor ? who->actor : "";
		d.signer_function = "(voorbeeld — nog niet ondertekend)";
	}
	d.copy_label = label;
	d.title = subject;
	d.subject = subject_id;
	d.author = str(cfg, "naam");
	d.created = who->now;
	d.fontdir = who->fontdir;
	{
		/* PDF/A-1b when Debian's sRGB profile is there; the document
		 * id is derived from what identifies this copy. */
		static const char icc[] = "/usr/share/color/icc/sRGB.icc";
		char ident[512], sha[VPD_SHA256_HEX];
		FILE *f = fopen(icc, "rb");

		if (f) {
			fclose(f);
			snprintf(ident, sizeof(ident), "%s|%s|%s|%lld", kenmerk,
			    label, letter, (long long)who->now);
			vpd_archive_sha256(ident, strlen(ident), sha);
			d.icc_profile = icc;
			d.document_id = sha;
			rc = vpd_letter_pdf(&d, pdf, len, err);
		} else {
			rc = vpd_letter_pdf(&d, pdf, len, err);
		}
	}
	if (rc && err->file[0] == '\0')
		vpd_error_prefix(err, "letter %s", letter);
done:
	vpd_blocks_free(&body);
	free(subject);
	free(md);
	free(sig);
	return rc;
}

/*
 * Renders copy `copy` (1-based) of `doc`, a document of case c (or NULL
 * for a preview of a letter the case has no document of yet), signed by
 * `signer` (NULL: a preview).
 */
static int
render_copy(vpd_txn *t, const vpd_who *who, const json_t *c,
    const letter_files *lf, const char *letter, const json_t *doc, int copy,
    const json_t *signer, unsigned char **pdf, size_t *len, vpd_error *err)
{
	json_t *p = NULL, *data = NULL, *cfg = lf->cfg;
	json_t *copies = doc ? json_object_get(doc, "exemplaren") : NULL;
	char today[32], kenmerk[64], label[200];
	const char *case_id = str(c, "id");
	bool registered;
	int rc;

	*pdf = NULL;
	*len = 0;
	if ((rc = vpd_person_of_case_checked(t, c, &p, err)))
		return rc;
	if (copy < 1 || (copies && (size_t)copy > json_array_size(copies)))
		copy = 1;
	vpd_letter_date(vpd_time_local_date(who->now), today, sizeof(today));
	if (doc) {
		json_t *cp = json_array_get(copies, (size_t)copy - 1);

		snprintf(kenmerk, sizeof(kenmerk), "%s/%lld", case_id,
		    (long long)json_integer_value(json_object_get(doc, "nr")));
		snprintf(label, sizeof(label), "Exemplaar %d van %zu — %s%s",
		    copy, json_array_size(copies), str(cp, "label"),
		    signer ? "" : " — VOORBEELD");
	} else {
		snprintf(kenmerk, sizeof(kenmerk), "%s", case_id);
		snprintf(label, sizeof(label), "VOORBEELD — niet verzonden");
	}
	if (p)
		person_fields(p);
	data = json_object();
	json_object_set(data, "gemeente", cfg);
	json_object_set_new(data, "persoon", p ? json_incref(p) :
	    json_object());
	json_object_set_new(data, "zaak", case_fields(c, cfg));
	json_object_set_new(data, "incident", incident_fields(c));
	json_object_set_new(data, "brief", json_pack("{ssssss}", "kenmerk",
	    kenmerk, "datum", today, "exemplaar", label));
	copy_receivers(json_object_get(data, "brief"), copies, cfg);
	/* brief.bij.verschenen: which event makes the letter, so one
	 * template can speak of a talk that took place or was missed. */
	if (lf->event)
		json_object_set_new(json_object_get(data, "brief"), "bij",
		    json_pack("{sb}", lf->event, 1));
	json_object_set_new(data, "ondertekenaar", signer ?
	    json_deep_copy(signer) : json_pack("{sssssssb}", "naam",
	    who->actor ? who->actor : "", "functie", "", "namens",
	    str(cfg, "namens") ? str(cfg, "namens") : "", "voorbeeld", 1));
	registered = copies ? json_is_true(json_object_get(json_array_get(
	    copies, (size_t)copy - 1), "aangetekend")) :
	    json_is_true(json_object_get(vpd_letter_template_meta(lf->tpl),
	    "registered"));
	rc = lay_out(who, lf, letter, data, kenmerk, today, label, registered,
	    signer, case_id, pdf, len, err);
	json_decref(data);
	json_decref(p);
	return rc;
}

/*
 * The answer to a person's request for access (AVG art. 15): the letter
 * `letter` of workflow wf's letters, addressed to the person, filled with
 * "persoon" (their file), "gemeente", "brief" and "inzage" (what vpd
 * holds), signed by the actor who made it.
 */
int
vpd_letters_render_person(const vpd_who *who, const char *wf,
    const char *letter, const json_t *person, const json_t *inzage,
    const char *kenmerk, unsigned char **pdf, size_t *len, vpd_error *err)
{
	letter_files lf;
	json_t *p, *data;
	char today[32];
	int rc;

	*pdf = NULL;
	*len = 0;
	if ((rc = letter_files_load(&lf, who, wf, letter, err)))
		return rc;
	if (!json_is_true(json_object_get(vpd_letter_template_meta(lf.tpl),
	    "inzage"))) {
		letter_files_free(&lf);
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "letter %s "
		    "of %s is no access letter: its front matter lacks "
		    "'inzage: true'", letter, wf);
	}
	vpd_letter_date(vpd_time_local_date(who->now), today, sizeof(today));
	p = json_deep_copy(person);
	person_fields(p);
	data = json_pack("{sOsOs{ssss}sOs{sssssb}}", "gemeente", lf.cfg,
	    "persoon", p, "brief", "kenmerk", kenmerk, "datum", today,
	    "inzage", inzage, "ondertekenaar", "naam", who->actor ?
	    who->actor : "", "functie", "", "voorbeeld", 0);
	rc = lay_out(who, &lf, letter, data, kenmerk, today, "Inzage — "
	    "alleen voor de betrokkene", false, json_object_get(data,
	    "ondertekenaar"), kenmerk, pdf, len, err);
	json_decref(data);
	json_decref(p);
	letter_files_free(&lf);
	return rc;
}

int
vpd_core_letter_preview(vpd_archive *a, const vpd_who *who,
    const char *case_id, const char *letter, int copy, unsigned char **pdf,
    size_t *len, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer viewer = {0};
	json_t *c = NULL, *doc = NULL, *v, *zaken, *personen;
	char path[256];
	size_t i;
	int rc;

	*pdf = NULL;
	*len = 0;
	if (case_id == NULL || strchr(case_id, '/') || strlen(case_id) > 64 ||
	    who->letters_dir == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "no case %s, or no letters directory", case_id ? case_id :
		    "");
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = vpd_viewer_load(&viewer, t, who, "a letter preview",
	    err))) {
		vpd_txn_free(t);
		return rc;
	}
	if (vpd_case_path(t, case_id, "case.json", path,
	    sizeof(path)) ||
	    vpd_txn_read_json(t, path, &c, err)) {
		bool there = *path && vpd_txn_exists(t, path);

		vpd_viewer_free(&viewer);
		vpd_txn_free(t);
		if (there)
			return err->code;
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", case_id);
	}
	zaken = json_pack("[s]", case_id);
	personen = json_pack("[O]", json_object_get(c, "persoon"));
	if (!(vpd_case_sight(t, &viewer, c, vpd_time_local_date(who->now),
	    NULL) & VPD_SIGHT_FULL)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not see the letters of case %s", who->actor,
		    case_id);
		vpd_error_set_nl(err, "U heeft geen toegang tot de brieven van "
		    "deze zaak.");
	} else {
		rc = vpd_access_log(a, who, &viewer, "briefvoorbeeld", zaken,
		    personen, err);
	}
	json_decref(zaken);
	json_decref(personen);
	vpd_viewer_free(&viewer);
	if (rc) {
		json_decref(c);
		vpd_txn_free(t);
		return rc;
	}
	json_array_foreach(json_object_get(c, "documenten"), i, v)
		if (strcmp(str(v, "brief"), letter) == 0)
			doc = v;
	{
		letter_files lf;

		if ((rc = letter_files_load(&lf, who, str(json_object_get(c,
		    "workflow"), "naam"), letter, err)) == 0)
			rc = render_copy(t, who, c, &lf, letter, doc, copy, NULL,
			    pdf, len, err);
		letter_files_free(&lf);
	}
	json_decref(c);
	vpd_txn_free(t);
	return rc;
}

/*
 * An expected visit (afspraak) must fall within the opening hours that
 * gemeente.yaml gives per weekday (`openingstijden: {maandag:
 * "08:30-17:00", …}`; a day not named is closed), from `tijdstip` to
 * `tot` on one day.  Without openingstijden nothing is checked.
 */
static int
check_visit(const json_t *cfg, const json_t *ap, vpd_error *err)
{
	static const char *days[] = {"maandag", "dinsdag", "woensdag",
	    "donderdag", "vrijdag", "zaterdag", "zondag"};
	const json_t *hours = json_object_get(cfg, "openingstijden");
	char from[VPD_TIME_LOCAL_LEN], to[VPD_TIME_LOCAL_LEN], day[32];
	const char *window;
	int oh, om, ch, cm, wd;
	vpd_time t0, t1;
	vpd_date d;

	if (hours == NULL)
		return 0;
	if (!json_is_object(hours))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "openingstijden must map weekdays to "
		    "times such as \"08:30-17:00\"");
	if (vpd_time_parse(str(ap, "tijdstip"), &t0) ||
	    vpd_time_parse(str(ap, "tot"), &t1))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an appointment needs a start and an end (tot) when "
		    "gemeente.yaml has openingstijden");
	d = vpd_time_local_date(t0);
	vpd_letter_date(d, day, sizeof(day));
	/* 1970-01-01, day 0, was a Thursday. */
	wd = (int)(((d % 7) + 7 + 3) % 7);
	vpd_time_format_local(t0, from);
	vpd_time_format_local(t1, to);
	{
		const char *key;
		json_t *v;
		int i, n;

		/* Every entry must be a weekday with a sane window. */
		json_object_foreach((json_t *)hours, key, v) {
			const char *w = json_string_value(v);

			for (i = 0; i < 7 && strcmp(key, days[i]) != 0; i++)
				;
			n = 0;
			if (i == 7 || w == NULL || sscanf(w, "%d:%d-%d:%d%n",
			    &oh, &om, &ch, &cm, &n) != 4 || w[n] != '\0' ||
			    oh < 0 || oh > 23 || om < 0 || om > 59 || ch < 0 ||
			    ch > 24 || cm < 0 || cm > 59 ||
			    oh * 60 + om >= ch * 60 + cm)
				return vpd_error_set(err, VPD_EINVALID, NULL,
				    0, 0, "openingstijden: "
				    "'%s' must be a weekday (maandag … zondag) "
				    "with a time like \"08:30-17:00\"", key);
		}
	}
	window = str(hours, days[wd]);
	if (window == NULL || sscanf(window, "%d:%d-%d:%d", &oh, &om, &ch,
	    &cm) != 4) {
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the municipality is closed on %s %s (openingstijden in "
		    "gemeente.yaml): choose a working day", days[wd], day);
		vpd_error_set_nl(err, "Op %s %s is de gemeente gesloten. Kies "
		    "een werkdag binnen de openingstijden.", days[wd], day);
		return VPD_EREFUSED;
	}
	/* local times are "YYYY-MM-DDTHH:MM…": compare in minutes */
	if (t1 <= t0 || vpd_time_local_date(t1) != d ||
	    atoi(from + 11) * 60 + atoi(from + 14) < oh * 60 + om ||
	    atoi(to + 11) * 60 + atoi(to + 14) > ch * 60 + cm) {
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the appointment %.5s-%.5s on %s %s is not within the "
		    "opening hours %s", from + 11, to + 11, days[wd], day,
		    window);
		vpd_error_set_nl(err, "De afspraak van %.5s tot %.5s uur op "
		    "%s %s valt niet binnen de openingstijden (%s uur).",
		    from + 11, to + 11, days[wd], day, window);
		return VPD_EREFUSED;
	}
	return 0;
}

static int
check_visits(const vpd_who *who, const json_t *c, const json_t *acts,
    vpd_error *err)
{
	const char *wf = str(json_object_get(c, "workflow"), "naam");
	json_t *act, *cfg = NULL;
	size_t i;
	int rc = 0;

	json_array_foreach(acts, i, act) {
		if (json_object_get(act, "afspraak") == NULL)
			continue;
		if (cfg == NULL && (rc = load_municipality(who, wf, &cfg, err)))
			return rc;
		if ((rc = check_visit(cfg, json_object_get(act, "afspraak"),
		    err))) {
			if (rc == VPD_EINVALID)
				vpd_error_prefix(err, "%s/%s/gemeente.yaml",
				    who->letters_dir, wf);
			break;
		}
	}
	json_decref(cfg);
	return rc;
}

/* Stores a copy into the archive itself (`after` may be a dry run, and
 * the event's real run refers to it), sealed for the case's person when
 * the archive seals. */
static int
put_letter(vpd_txn *after, const json_t *c, const unsigned char *pdf,
    size_t len, char id[VPD_OID_HEX], vpd_error *err)
{
	char *sealed = NULL;
	size_t slen = 0;
	int rc;

	if (!vpd_layout_sealed(after))
		return vpd_archive_put_blob(vpd_txn_home(after), pdf, len, id,
		    err);
	if (vpd_txn_seal(after) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if ((rc = vpd_seal_blob(vpd_txn_seal(after), str(c, "persoon"), false,
	    pdf, len, &sealed, &slen, err)) == 0)
		rc = vpd_archive_put_blob(vpd_txn_home(after), sealed, slen,
		    id, err);
	free(sealed);
	return rc;
}

int
vpd_letters_render_event(vpd_txn *after, const vpd_who *who,
    const json_t *record, json_t **out, vpd_error *err)
{
	json_t *c = NULL, *acts = json_object_get(record, "acties"), *act;
	char path[256];
	size_t i;
	int rc = 0;

	*out = NULL;
	if (who->letters_dir == NULL)
		return 0;
	json_array_foreach(acts, i, act)
		if (json_object_get(act, "afspraak") && c == NULL) {
			vpd_case_path(after, str(record, "zaak"), "case.json",
			    path, sizeof(path));
			if ((rc = vpd_txn_read_json(after, path, &c, err)) ||
			    (rc = check_visits(who, c, acts, err))) {
				json_decref(c);
				return rc;
			}
		}
	json_array_foreach(acts, i, act) {
		json_t *doc = json_object_get(act, "document"), *signer = NULL;
		json_t *entry, *copies;
		letter_files lf;
		const char *letter, *wf;
		char key[32];
		size_t n;

		if (doc == NULL)
			continue;
		letter = str(doc, "brief");
		if (c == NULL) {
			vpd_case_path(after, str(record, "zaak"), "case.json",
			    path, sizeof(path));
			if ((rc = vpd_txn_read_json(after, path, &c, err)))
				break;
		}
		wf = str(json_object_get(c, "workflow"), "naam");
		if ((rc = letter_files_load(&lf, who, wf, letter, err)))
			break;
		lf.event = str(record, "event");
		/* Who signs: checked against the template's signer roles. */
		if ((rc = resolve_signer(who, wf, letter, json_object_get(
		    vpd_letter_template_meta(lf.tpl), "signers"), &signer,
		    err))) {
			letter_files_free(&lf);
			break;
		}
		if (*out == NULL)
			*out = json_object();
		copies = json_array();
		entry = json_pack("{soso}", "ondertekenaar", signer,
		    "exemplaren", copies);
		snprintf(key, sizeof(key), "%lld", (long long)
		    json_integer_value(json_object_get(doc, "nr")));
		json_object_set_new(*out, key, entry);
		n = json_array_size(json_object_get(doc, "exemplaren"));
		for (size_t k = 1; k <= n && rc == 0; k++) {
			unsigned char *pdf = NULL;
			size_t len;
			char id[VPD_OID_HEX], sha[VPD_SHA256_HEX];

			rc = render_copy(after, who, c, &lf, letter, doc,
			    (int)k, signer, &pdf, &len, err);
			/* into the archive itself: `after` may be a dry
			 * run, and the event's real run refers to them */
			if (rc == 0 && (rc = put_letter(after, c, pdf, len,
			    id, err)) == 0 &&
			    (rc = vpd_archive_sha256(pdf, len, sha)) == 0)
				json_array_append_new(copies, json_pack(
				    "{sssssI}", "blob", id, "sha256", sha,
				    "bytes", (json_int_t)len));
			free(pdf);
		}
		letter_files_free(&lf);
		if (rc)
			break;
	}
	json_decref(c);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static void
add_diag(vpd_diags *d, const vpd_error *e)
{
	vpd_error *grown = realloc(d->items, (d->n + 1) * sizeof(*grown));

	if (grown) {
		d->items = grown;
		d->items[d->n++] = *e;
	}
}

int
vpd_core_letters_check(const char *workflow_file, const char *letters_dir,
    vpd_diags *diags, vpd_error *err)
{
	vpd_workflow *wf = NULL;
	json_t *names, *v, *cfg = NULL, *blocks;
	char dir[1024], path[1100], *text;
	vpd_error e;
	size_t i;
	int rc;

	if ((rc = vpd_workflow_load_file(&wf, workflow_file, NULL, err)))
		return rc;
	snprintf(dir, sizeof(dir), "%s/%s", letters_dir,
	    vpd_workflow_name(wf));
	snprintf(path, sizeof(path), "%s/gemeente.yaml", dir);
	vpd_error_clear(&e);
	if ((text = slurp(path, &e)) == NULL ||
	    vpd_yaml_load(&cfg, path, text, strlen(text), 1, &e))
		add_diag(diags, &e);
	else if (!json_is_string(json_object_get(cfg, "naam")))
		add_diag(diags, (vpd_error_set(&e, VPD_EINVALID, path, 0, 0,
		    "naam (the municipality's name) is missing"), &e));
	else if (str(cfg, "logo")) {
		char lpath[1200];
		FILE *f;

		snprintf(lpath, sizeof(lpath), "%s/%s", dir, str(cfg, "logo"));
		if (strchr(str(cfg, "logo"), '/') ||
		    (f = fopen(lpath, "rb")) == NULL)
			add_diag(diags, (vpd_error_set(&e, VPD_EINVALID, path,
			    0, 0, "logo '%s' is not a file beside gemeente.yaml",
			    str(cfg, "logo")), &e));
		else
			fclose(f);
	}
	free(text);
	json_decref(cfg);
	snprintf(path, sizeof(path), "%s/blokken", dir);
	blocks = load_blocks(path, &e);
	names = vpd_workflow_letters(wf);
	json_array_foreach(names, i, v) {
		vpd_letter_template *t = NULL;
		json_t *b;
		size_t k;

		snprintf(path, sizeof(path), "%s/%s.md", dir,
		    json_string_value(v));
		vpd_error_clear(&e);
		if ((text = slurp(path, &e)) == NULL) {
			vpd_error_set(&e, VPD_ENOTFOUND, path, 0, 0,
			    "workflow %s names letter '%s' but there is no "
			    "template for it", vpd_workflow_name(wf),
			    json_string_value(v));
			add_diag(diags, &e);
			continue;
		}
		if (vpd_letter_template_load(&t, path, text, &e)) {
			add_diag(diags, &e);
		} else {
			json_array_foreach(json_object_get(
			    vpd_letter_template_meta(t), "blocks"), k, b)
				if (!json_object_get(blocks,
				    json_string_value(b))) {
					vpd_error_set(&e, VPD_EINVALID, path,
					    0, 0, "standard block '%s' is not "
					    "in %s/blokken", json_string_value(b),
					    dir);
					add_diag(diags, &e);
				}
		}
		vpd_letter_template_free(t);
		free(text);
	}
	json_decref(names);
	json_decref(blocks);
	vpd_workflow_free(wf);
	return 0;
}

int
vpd_core_document_get(vpd_archive *a, const vpd_who *who, const char *case_id,
    int document, int copy, unsigned char **out, size_t *len, json_t **info,
    vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer viewer = {0};
	json_t *c = NULL, *doc = NULL, *cp, *v, *zaken = NULL, *personen = NULL;
	char path[256], *buf = NULL;
	unsigned sight;
	size_t i, n = 0;
	int rc;

	*out = NULL;
	*len = 0;
	*info = NULL;
	if (case_id == NULL || strchr(case_id, '/') || strlen(case_id) > 64)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' is not a case id", case_id ? case_id : "");
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = vpd_viewer_load(&viewer, t, who, "a letter", err)))
		goto done;
	if (vpd_case_path(t, case_id, "case.json", path,
	    sizeof(path)) ||
	    (rc = vpd_txn_read_json(t, path, &c, err))) {
		/* there, but not to be opened (a key missing): say so */
		if (rc && vpd_txn_exists(t, path))
			goto done;
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", case_id);
		goto done;
	}
	sight = vpd_case_sight(t, &viewer, c, vpd_time_local_date(who->now),
	    NULL);
	json_array_foreach(json_object_get(c, "documenten"), i, v)
		if (json_integer_value(json_object_get(v, "nr")) == document)
			doc = v;
	if (doc == NULL) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "case %s has no document %d (see vpd case show)", case_id,
		    document);
		goto done;
	}
	cp = json_array_get(json_object_get(doc, "exemplaren"),
	    (size_t)(copy - 1));
	if (copy < 1 || cp == NULL) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "document %d has %zu copies, not %d", document,
		    json_array_size(json_object_get(doc, "exemplaren")), copy);
		goto done;
	}
	/* Letters are for the full view; the police get their own copies. */
	if (!(sight & VPD_SIGHT_FULL) && !((sight & VPD_SIGHT_POLICE) &&
	    str(cp, "bestemming") && strcmp(str(cp, "bestemming"),
	    "politie") == 0)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not see this letter of case %s", who->actor,
		    case_id);
		vpd_error_set_nl(err, "U heeft geen toegang tot deze brief.");
		goto done;
	}
	if (str(cp, "pdf") == NULL) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "document %d was recorded without a PDF", document);
		goto done;
	}
	if ((rc = vpd_txn_read_checked(t, str(cp, "pdf"), str(cp, "sha256"),
	    &buf, &n, err)))
		goto done;
	zaken = json_pack("[s]", case_id);
	personen = json_pack("[O]", json_object_get(c, "persoon"));
	if ((rc = vpd_access_log(a, who, &viewer, "brief", zaken, personen,
	    err)))
		goto done;
	*info = json_pack("{sOsOsOsOsO}", "brief", json_object_get(doc,
	    "brief"), "bestemming", json_object_get(cp, "bestemming"),
	    "pdf", json_object_get(cp, "pdf"), "sha256",
	    json_object_get(cp, "sha256"), "ondertekenaar",
	    json_object_get(doc, "ondertekenaar") ? json_object_get(doc,
	    "ondertekenaar") : json_null());
	*out = (unsigned char *)buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	json_decref(c);
	json_decref(zaken);
	json_decref(personen);
	vpd_viewer_free(&viewer);
	vpd_txn_free(t);
	return rc;
}

/* ---- Mandates (the coordinator's overview) -------------------------- */

/* A mandate ending within this many days is flagged. */
#define MANDATE_WARN_DAYS 30

static json_t *
mandate_entry(const char *id, const json_t *s, const json_t *actors,
    const char *dir, vpd_date today)
{
	const json_t *m = json_object_get(s, "mandaat");
	const char *sig = str(s, "handtekening"), *actor = str(s, "actor");
	json_t *e, *warn = json_array();
	vpd_date van, tot;
	const char *status = "geldig";
	long days = -1;

	if (vpd_date_parse(str(m, "van"), &van) ||
	    vpd_date_parse(str(m, "tot"), &tot))
		status = "onbekend";
	else if (today < van)
		status = "nog_niet";
	else if (today > tot)
		status = "verlopen";
	else if ((days = (long)(tot - today)) <= MANDATE_WARN_DAYS)
		status = "verloopt";
	if (strcmp(status, "geldig") != 0)
		json_array_append_new(warn, json_string(status));
	if (actor == NULL || json_object_get(actors, actor) == NULL)
		json_array_append_new(warn, json_string("geen_actor"));
	if (sig) {
		char path[1200];

		snprintf(path, sizeof(path), "%s/%s", dir, sig);
		if (strchr(sig, '/') || access(path, R_OK) != 0)
			json_array_append_new(warn, json_string(
			    "geen_handtekening"));
	}
	e = json_pack("{sssOsOsOsOsOsOsOsOsssO}", "id", id, "naam",
	    json_object_get(s, "naam") ? json_object_get(s, "naam") :
	    json_null(), "functie", json_object_get(s, "functie") ?
	    json_object_get(s, "functie") : json_null(), "rol",
	    json_object_get(s, "rol") ? json_object_get(s, "rol") :
	    json_null(), "actor", actor ? json_object_get(s, "actor") :
	    json_null(), "namens", json_object_get(s, "namens") ?
	    json_object_get(s, "namens") : json_null(), "brieven",
	    json_object_get(m, "brieven") ? json_object_get(m, "brieven") :
	    json_null(), "van", json_object_get(m, "van") ?
	    json_object_get(m, "van") : json_null(), "tot",
	    json_object_get(m, "tot") ? json_object_get(m, "tot") :
	    json_null(), "status", status, "waarschuwingen", warn);
	json_decref(warn);
	if (days >= 0)
		json_object_set_new(e, "dagen", json_integer(days));
	return e;
}

int
vpd_core_mandates(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	const char *dir = who->signatures_dir ? who->signatures_dir :
	    "signatures";
	json_t *all = NULL, *actors = NULL, *out, *list, *wf, *s;
	const char *wname, *id;
	unsigned roles = 0;
	vpd_txn *t = NULL;
	char path[1100], *text;
	size_t warned = 0;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_actor_roles(t, who->actor, &roles, err))) {
		vpd_txn_free(t);
		return rc;
	}
	if (!(roles & (VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL))) {
		vpd_txn_free(t);
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "the mandates: "
		    "for the coordinator and legal affairs");
		vpd_error_set_nl(err, "Dit is niet voor uw rol bedoeld.");
		return VPD_EREFUSED;
	}
	{
		vpd_error e;

		if (vpd_txn_read_json(t, "config/actors.json", &actors, &e))
			actors = json_object();
	}
	vpd_txn_free(t);
	snprintf(path, sizeof(path), "%s/signers.yaml", dir);
	if ((text = slurp(path, err)) == NULL) {
		json_decref(actors);
		return err->code;
	}
	rc = vpd_yaml_load(&all, path, text, strlen(text), 1, err);
	free(text);
	if (rc) {
		json_decref(actors);
		return rc;
	}
	out = json_array();
	json_object_foreach(all, wname, wf) {
		json_t *entries = json_array();

		list = json_object_get(wf, "ondertekenaars");
		json_object_foreach(list, id, s) {
			json_t *e = mandate_entry(id, s, json_object_get(actors,
			    "actoren"), dir, vpd_time_local_date(who->now));

			warned += json_array_size(json_object_get(e,
			    "waarschuwingen")) > 0;
			json_array_append_new(entries, e);
		}
		json_array_append_new(out, json_pack("{ssso}", "werkstroom",
		    wname, "ondertekenaars", entries));
	}
	*result = json_pack("{sosI}", "werkstromen", out, "met_waarschuwing",
	    (json_int_t)warned);
	json_decref(all);
	json_decref(actors);
	return 0;
}
