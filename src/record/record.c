/*
 * record.c - validation of person and incident records.
 *
 * Records arrive as JSON files written by people or exported from a form,
 * so every check names the field path and what is expected, and unknown
 * keys are refused (a misspelt "achternam" must not silently vanish).
 * Values are never echoed into messages: they may be personal data.
 */
#define _POSIX_C_SOURCE 200809L
#include "record.h"

#include "../name/name.h"
#include "../seal/seal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *categorie;
	const char *soorten[16];
} category;

/* The behaviour table of the sector guide (seed 002), one row a column. */
static const category categories[] = {
	{"verbale_agressie", {"schelden", "belediging", "vernedering", "smaad",
	    "treiteren", "discriminatie", "lokaalvredebreuk",
	    "seksuele_intimidatie", NULL}},
	{"persoonlijke_bedreiging", {"bedreiging", "houding", "gebaar",
	    "volgen", "stalken", "intimidatie", "bemoeilijken", "dwingen",
	    NULL}},
	{"fysiek_geweld", {"mishandeling", "verwonden", "schoppen",
	    "aanranding", "beetpakken", "duwen", "trekken", "slaan", "spugen",
	    "gooien_met_voorwerp", "wapengebruik", "vernieling",
	    "poging_tot_geweld", NULL}},
	{NULL, {NULL}}
};

static const char *kanalen[] = {"balie", "telefoon", "huisbezoek",
    "openbare_ruimte", "schriftelijk", "email", "sociale_media", NULL};

static const char *label_of(const char *word);

/* How the form names them; a kind without a label shows its own word. */
static const char *const labels[][2] = {
	{"balie", "Aan de balie of in het gebouw"},
	{"telefoon", "Aan de telefoon"},
	{"huisbezoek", "Op huisbezoek"},
	{"openbare_ruimte", "Buiten, in de openbare ruimte"},
	{"schriftelijk", "Per brief"},
	{"email", "Per e-mail"},
	{"sociale_media", "Via sociale media"},
	{"verbale_agressie", "Verbale agressie"},
	{"persoonlijke_bedreiging", "Persoonlijke bedreiging"},
	{"fysiek_geweld", "Fysiek geweld"},
	{"smaad", "smaad (goede naam of eer aantasten, zwartmaken)"},
	{"seksuele_intimidatie", "seksuele intimidatie"},
	{"bemoeilijken", "het werk onmogelijk maken"},
	{"dwingen", "tot iets dwingen"},
	{"gooien_met_voorwerp", "gooien met een voorwerp"},
	{"poging_tot_geweld", "poging tot geweld"},
	{NULL, NULL}
};

const char *
vpd_record_label(const char *word)
{
	return label_of(word);
}

static const char *
label_of(const char *word)
{
	for (int i = 0; labels[i][0]; i++)
		if (strcmp(labels[i][0], word) == 0)
			return labels[i][1];
	return word;
}

json_t *
vpd_incident_choices(void)
{
	json_t *ch = json_array(), *gedrag = json_array();

	for (int i = 0; kanalen[i]; i++)
		json_array_append_new(ch, json_pack("{ssss}", "waarde",
		    kanalen[i], "label", label_of(kanalen[i])));
	for (int i = 0; categories[i].categorie; i++) {
		json_t *kinds = json_array();

		for (int k = 0; categories[i].soorten[k]; k++)
			json_array_append_new(kinds, json_pack("{ssss}",
			    "waarde", categories[i].soorten[k], "label",
			    label_of(categories[i].soorten[k])));
		json_array_append_new(gedrag, json_pack("{sssssO}",
		    "categorie", categories[i].categorie, "label",
		    label_of(categories[i].categorie), "soorten", kinds));
		json_decref(kinds);
	}
	return json_pack("{soso}", "kanalen", ch, "gedrag", gedrag);
}

static const char *person_fields[] = {"id", "voornamen", "roepnaam",
    "tussenvoegsel", "achternaam", "geslacht", "geboortedatum", "adres",
    "telefoon", "email", "signalement", NULL};
static const char *address_fields[] = {"straat", "huisnummer", "postcode",
    "woonplaats", "land", NULL};
static const char *incident_fields[] = {"tijdstip", "locatie", "afdeling",
    "kanaal", "gedrag", "omschrijving", "medewerkers", "getuigen", "letsel",
    "schade", "politie_ter_plaatse", NULL};
/* Derived on validation (and recomputed when present); readable by
 * workflows.  "nr" and "gebeurtenis" are given by the case. */
static const char *incident_derived[] = {"categorieen", "soorten", "nr",
    "gebeurtenis", NULL};
static const char *incident_accepted[] = {"tijdstip", "locatie", "afdeling",
    "kanaal", "gedrag", "omschrijving", "medewerkers", "getuigen", "letsel",
    "schade", "politie_ter_plaatse", "categorieen", "soorten", NULL};

static bool
in_list(const char *s, const char **list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

bool
vpd_person_has_field(const char *name)
{
	return in_list(name, person_fields);
}

bool
vpd_incident_has_field(const char *name)
{
	return in_list(name, incident_fields) || in_list(name, incident_derived);
}

/* The form's name of a field, for the Dutch message. */
static const char *
field_nl(const char *path)
{
	static const char *const names[][2] = {
		{"voornamen", "Voornamen"}, {"roepnaam", "Roepnaam"},
		{"tussenvoegsel", "Tussenvoegsel"},
		{"achternaam", "Achternaam"}, {"geslacht", "Geslacht"},
		{"geboortedatum", "Geboortedatum"},
		{"adres.straat", "Straat"}, {"adres.huisnummer", "Huisnummer"},
		{"adres.postcode", "Postcode"},
		{"adres.woonplaats", "Woonplaats"}, {"adres.land", "Land"},
		{"telefoon", "Telefoon"}, {"email", "E-mail"},
		{"signalement", "Beschrijving van de persoon"},
		{"tijdstip", "Wanneer"}, {"locatie", "Waar"},
		{"afdeling", "Afdeling"}, {"kanaal", "Hoe"},
		{"gedrag", "Wat voor gedrag"},
		{"omschrijving", "Wat er gebeurde"},
		{"medewerkers", "Betrokken medewerkers"},
		{"getuigen", "Getuigen"}, {NULL, NULL}
	};

	for (int i = 0; names[i][0]; i++)
		if (strncmp(path, names[i][0], strlen(names[i][0])) == 0)
			return names[i][1];
	return path;
}

/* What is wrong, in Dutch, by the English message's start. */
static const char *
what_nl(const char *what)
{
	static const char *const whats[][2] = {
		{"required field", "vul dit in"},
		{"must not be empty", "vul dit in"},
		{"longer than", "dit is te lang"},
		{"expected four digits", "vul een postcode in zoals 6411 AB"},
		{"must be a date", "vul een bestaande datum in"},
		{"must be an ISO-8601", "vul een datum en tijd in"},
		{"lies in the future", "dit ligt in de toekomst"},
		{"lies more than five years back", "dit ligt meer dan vijf "
		    "jaar terug"},
		{"holds control characters", "hier staan tekens in die niet "
		    "zijn toegestaan"},
		{"must be a non-empty list", "kies minstens één soort gedrag"},
		{"must be one of", "kies een van de mogelijkheden"},
		{"must be \"m\"", "kies man, vrouw of anders"},
		{NULL, NULL}
	};

	for (int i = 0; whats[i][0]; i++)
		if (strncmp(what, whats[i][0], strlen(whats[i][0])) == 0)
			return whats[i][1];
	return "dit klopt niet";
}

static int
bad(vpd_error *err, const char *file, const char *path, const char *what)
{
	vpd_error_set(err, VPD_EINVALID, file, 0, 0, "%s: %s", path, what);
	vpd_error_set_nl(err, "%s: %s.", field_nl(path), what_nl(what));
	return VPD_EINVALID;
}

static int
unknown_keys(const json_t *obj, const char **allowed, const char *file,
    const char *prefix, vpd_error *err)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		if (!in_list(key, allowed)) {
			char path[300];

			snprintf(path, sizeof(path), "%s%s", prefix, key);
			return bad(err, file, path, "unknown field");
		}
	}
	return 0;
}

static bool
multiline(const char *key)
{
	return strcmp(key, "omschrijving") == 0 ||
	    strcmp(key, "signalement") == 0;
}

/* Copies a trimmed, non-empty string field; 1 when absent and optional. */
static int
text(json_t *out, const json_t *in, const char *key, bool required,
    const char *file, const char *prefix, vpd_error *err)
{
	json_t *v = json_object_get(in, key);
	char path[300];
	const char *s, *e;

	snprintf(path, sizeof(path), "%s%s", prefix, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			return bad(err, file, path, "required field is missing");
		return 0;
	}
	/* sealed (seal.h): checked before it was sealed, and kept as is */
	if (vpd_seal_is_sealed(v, NULL)) {
		json_object_set(out, key, v);
		return 0;
	}
	if (!json_is_string(v))
		return bad(err, file, path, "must be text");
	s = json_string_value(v);
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e == s) {
		if (required)
			return bad(err, file, path, "must not be empty");
		return 0;
	}
	if (e - s > VPD_TEXT_MAX)
		return bad(err, file, path, "longer than 2000 bytes");
	v = json_stringn(s, (size_t)(e - s));
	/* A description may run over lines; a name, a street or a place is
	 * one line.  No control or escape character reaches a terminal, a
	 * letter or a commit from here. */
	if (!(multiline(key) ? vpd_text_printable_lines(json_string_value(v)) :
	    vpd_text_printable(json_string_value(v)))) {
		json_decref(v);
		return bad(err, file, path, "holds control characters");
	}
	json_object_set_new(out, key, v);
	return 0;
}

static int
postcode(json_t *out, const char *file, vpd_error *err)
{
	const char *s = json_string_value(json_object_get(out, "postcode"));
	char norm[8];
	int n = 0;

	if (s == NULL)
		return 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (n >= 6)
			return bad(err, file, "adres.postcode",
			    "expected four digits and two letters, "
			    "e.g. \"6411 AB\"");
		norm[n < 4 ? n : n + 1] = (char)toupper((unsigned char)*s);
		n++;
	}
	norm[4] = ' ';
	norm[7] = '\0';
	if (n != 6 || norm[0] == '0')
		return bad(err, file, "adres.postcode",
		    "expected four digits and two letters, e.g. \"6411 AB\"");
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)norm[i]))
			return bad(err, file, "adres.postcode",
			    "expected four digits and two letters, "
			    "e.g. \"6411 AB\"");
	for (int i = 5; i < 7; i++)
		if (!isupper((unsigned char)norm[i]))
			return bad(err, file, "adres.postcode",
			    "expected four digits and two letters, "
			    "e.g. \"6411 AB\"");
	json_object_set_new(out, "postcode", json_string(norm));
	return 0;
}

int
vpd_person_validate(json_t **out, const json_t *in, const char *file,
    vpd_error *err)
{
	json_t *p = NULL, *adres;
	const char *s;
	vpd_date d;
	int rc;

	*out = NULL;
	if (!json_is_object(in))
		return bad(err, file, "persoon", "must be a JSON object");
	if ((rc = unknown_keys(in, person_fields, file, "", err)))
		return rc;
	p = json_object();
	if ((rc = text(p, in, "id", false, file, "", err)) ||
	    (rc = text(p, in, "voornamen", false, file, "", err)) ||
	    (rc = text(p, in, "roepnaam", false, file, "", err)) ||
	    (rc = text(p, in, "tussenvoegsel", false, file, "", err)) ||
	    (rc = text(p, in, "achternaam", false, file, "", err)) ||
	    (rc = text(p, in, "geslacht", false, file, "", err)) ||
	    (rc = text(p, in, "geboortedatum", false, file, "", err)) ||
	    (rc = text(p, in, "telefoon", false, file, "", err)) ||
	    (rc = text(p, in, "email", false, file, "", err)) ||
	    (rc = text(p, in, "signalement", false, file, "", err)))
		goto fail;
	s = json_string_value(json_object_get(p, "geslacht"));
	if (s && strcmp(s, "m") && strcmp(s, "v") && strcmp(s, "x")) {
		rc = bad(err, file, "geslacht", "must be \"m\", \"v\" or \"x\"");
		goto fail;
	}
	/* A report may come before anyone knows who it was: then a
	 * description must say whom to look for. */
	if (json_object_get(p, "achternaam") == NULL &&
	    json_object_get(p, "signalement") == NULL) {
		rc = bad(err, file, "achternaam", "required field is missing "
		    "(or give a signalement when the name is not known)");
		goto fail;
	}
	s = json_string_value(json_object_get(p, "geboortedatum"));
	if (s && vpd_date_parse(s, &d)) {
		rc = bad(err, file, "geboortedatum",
		    "must be a date as YYYY-MM-DD");
		goto fail;
	}
	adres = json_object_get(in, "adres");
	if (vpd_seal_is_sealed(adres, NULL))
		json_object_set(p, "adres", adres);
	else if (adres && !json_is_null(adres)) {
		json_t *a = json_object();

		json_object_set_new(p, "adres", a);
		if (!json_is_object(adres)) {
			rc = bad(err, file, "adres", "must be an object");
			goto fail;
		}
		if ((rc = unknown_keys(adres, address_fields, file, "adres.",
		    err)) ||
		    (rc = text(a, adres, "straat", true, file, "adres.", err)) ||
		    (rc = text(a, adres, "huisnummer", true, file, "adres.",
		    err)) ||
		    (rc = text(a, adres, "postcode", true, file, "adres.",
		    err)) ||
		    (rc = text(a, adres, "woonplaats", true, file, "adres.",
		    err)) ||
		    (rc = text(a, adres, "land", false, file, "adres.", err)))
			goto fail;
		if (json_object_get(a, "land") == NULL &&
		    (rc = postcode(a, file, err)))
			goto fail;
	}
	*out = p;
	return 0;
fail:
	json_decref(p);
	return rc;
}

static const category *
find_category(const char *name)
{
	for (int i = 0; categories[i].categorie; i++)
		if (strcmp(categories[i].categorie, name) == 0)
			return &categories[i];
	return NULL;
}

static int
string_list(json_t *out, const json_t *in, const char *key, const char *file,
    vpd_error *err)
{
	json_t *v = json_object_get(in, key), *copy, *item;
	size_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (vpd_seal_is_sealed(v, NULL)) {
		json_object_set(out, key, v);
		return 0;
	}
	if (!json_is_array(v))
		return bad(err, file, key, "must be a list of names");
	if (json_array_size(v) > VPD_LIST_MAX)
		return bad(err, file, key, "holds more than 50 names");
	copy = json_array();
	json_array_foreach(v, i, item) {
		char path[64];

		snprintf(path, sizeof(path), "%s[%zu]", key, i);
		if (!json_is_string(item) || json_string_length(item) == 0) {
			json_decref(copy);
			return bad(err, file, path, "must be a non-empty name");
		}
		if (json_string_length(item) > VPD_NAME_MAX ||
		    !vpd_text_printable(json_string_value(item))) {
			json_decref(copy);
			return bad(err, file, path, json_string_length(item) >
			    VPD_NAME_MAX ? "longer than 200 bytes" :
			    "holds control characters");
		}
		json_array_append(copy, item);
	}
	json_object_set_new(out, key, copy);
	return 0;
}

static int
boolean(json_t *out, const json_t *in, const char *key, const char *file,
    vpd_error *err)
{
	json_t *v = json_object_get(in, key);

	if (v == NULL || json_is_null(v)) {
		json_object_set_new(out, key, json_false());
		return 0;
	}
	if (!json_is_boolean(v))
		return bad(err, file, key, "must be true or false");
	json_object_set(out, key, v);
	return 0;
}

static void
add_unique(json_t *arr, const char *s)
{
	size_t i;
	json_t *item;

	json_array_foreach(arr, i, item)
		if (strcmp(json_string_value(item), s) == 0)
			return;
	json_array_append_new(arr, json_string(s));
}

int
vpd_incident_validate(json_t **out, const json_t *in, const char *file,
    vpd_time now, vpd_error *err)
{
	json_t *inc = NULL, *gedrag, *g, *cats, *soorten, *list;
	char buf[VPD_TIME_UTC_LEN];
	const char *s;
	vpd_time t;
	size_t i;
	int rc;

	*out = NULL;
	if (!json_is_object(in))
		return bad(err, file, "incident", "must be a JSON object");
	if ((rc = unknown_keys(in, incident_accepted, file, "", err)))
		return rc;
	inc = json_object();
	if ((rc = text(inc, in, "tijdstip", true, file, "", err)) ||
	    (rc = text(inc, in, "locatie", true, file, "", err)) ||
	    (rc = text(inc, in, "afdeling", false, file, "", err)) ||
	    (rc = text(inc, in, "kanaal", true, file, "", err)) ||
	    (rc = text(inc, in, "omschrijving", true, file, "", err)) ||
	    (rc = string_list(inc, in, "medewerkers", file, err)) ||
	    (rc = string_list(inc, in, "getuigen", file, err)) ||
	    (rc = boolean(inc, in, "letsel", file, err)) ||
	    (rc = boolean(inc, in, "schade", file, err)) ||
	    (rc = boolean(inc, in, "politie_ter_plaatse", file, err)))
		goto fail;
	s = json_string_value(json_object_get(inc, "tijdstip"));
	if (vpd_time_parse(s, &t)) {
		rc = bad(err, file, "tijdstip", "must be an ISO-8601 instant, "
		    "e.g. 2026-11-20T10:00:00+01:00");
		goto fail;
	}
	if (t > now) {
		rc = bad(err, file, "tijdstip", "lies in the future");
		goto fail;
	}
	/* Five years is as long as an incident is kept (AVG): an older one
	 * is a typing error. */
	if (t < now - VPD_INCIDENT_AGE_MAX) {
		rc = bad(err, file, "tijdstip", "lies more than five years "
		    "back");
		goto fail;
	}
	vpd_time_format_utc(t, buf);
	json_object_set_new(inc, "tijdstip", json_string(buf));
	s = json_string_value(json_object_get(inc, "kanaal"));
	if (!in_list(s, kanalen)) {
		rc = bad(err, file, "kanaal", "must be one of balie, telefoon, "
		    "huisbezoek, openbare_ruimte, schriftelijk, email, "
		    "sociale_media");
		goto fail;
	}
	gedrag = json_object_get(in, "gedrag");
	if (!json_is_array(gedrag) || json_array_size(gedrag) == 0) {
		rc = bad(err, file, "gedrag", "must be a non-empty list of "
		    "{\"categorie\": …, \"soort\": …}");
		goto fail;
	}
	if (json_array_size(gedrag) > VPD_LIST_MAX) {
		rc = bad(err, file, "gedrag", "holds more than 50 entries");
		goto fail;
	}
	list = json_array();
	cats = json_array();
	soorten = json_array();
	json_object_set_new(inc, "gedrag", list);
	json_object_set_new(inc, "categorieen", cats);
	json_object_set_new(inc, "soorten", soorten);
	json_array_foreach(gedrag, i, g) {
		static const char *keys[] = {"categorie", "soort", NULL};
		const category *c;
		const char *soort;
		char prefix[64], path[96];

		snprintf(prefix, sizeof(prefix), "gedrag[%zu].", i);
		if (!json_is_object(g)) {
			snprintf(path, sizeof(path), "gedrag[%zu]", i);
			rc = bad(err, file, path, "must be an object");
			goto fail;
		}
		if ((rc = unknown_keys(g, keys, file, prefix, err)))
			goto fail;
		s = json_string_value(json_object_get(g, "categorie"));
		soort = json_string_value(json_object_get(g, "soort"));
		snprintf(path, sizeof(path), "%scategorie", prefix);
		if (s == NULL || (c = find_category(s)) == NULL) {
			rc = bad(err, file, path, "must be one of "
			    "verbale_agressie, persoonlijke_bedreiging, "
			    "fysiek_geweld");
			goto fail;
		}
		snprintf(path, sizeof(path), "%ssoort", prefix);
		if (soort == NULL || !in_list(soort, (const char **)c->soorten)) {
			char allowed[512] = "";

			for (int k = 0; c->soorten[k]; k++) {
				strncat(allowed, k ? ", " : "",
				    sizeof(allowed) - strlen(allowed) - 1);
				strncat(allowed, c->soorten[k],
				    sizeof(allowed) - strlen(allowed) - 1);
			}
			rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
			    "%s: for %s must be one of %s", path, s, allowed);
			goto fail;
		}
		json_array_append_new(list, json_pack("{ssss}", "categorie", s,
		    "soort", soort));
		add_unique(cats, s);
		add_unique(soorten, soort);
	}
	*out = inc;
	return 0;
fail:
	json_decref(inc);
	return rc;
}

/*
 * Whether two names are the same person's: equal under both foldings.
 * The wide folding keeps Иванов and Петров apart; the Latin one, which
 * older vpd used, keeps Ștefan and Stefan apart as they were, so an
 * archive replays as it was made.
 */
static bool
same_field(const json_t *a, const json_t *b, const char *key)
{
	const char *x = json_string_value(json_object_get(a, key));
	const char *y = json_string_value(json_object_get(b, key));
	char fa[512], fb[512];

	vpd_name_fold(x, fa, sizeof(fa));
	vpd_name_fold(y, fb, sizeof(fb));
	if (strcmp(fa, fb) != 0)
		return false;
	vpd_name_fold_latin(x, fa, sizeof(fa));
	vpd_name_fold_latin(y, fb, sizeof(fb));
	return strcmp(fa, fb) == 0;
}

bool
vpd_person_same(const json_t *a, const json_t *b)
{
	const char *da = json_string_value(json_object_get(a, "geboortedatum"));
	const char *db = json_string_value(json_object_get(b, "geboortedatum"));

	return da && db && strcmp(da, db) == 0 &&
	    same_field(a, b, "achternaam") &&
	    same_field(a, b, "tussenvoegsel") &&
	    same_field(a, b, "voornamen");
}

char *
vpd_person_display_name(const json_t *p)
{
	const char *v = json_string_value(json_object_get(p, "voornamen"));
	const char *t = json_string_value(json_object_get(p, "tussenvoegsel"));
	const char *a = json_string_value(json_object_get(p, "achternaam"));
	size_t len = (v ? strlen(v) : 0) + (t ? strlen(t) : 0) +
	    (a ? strlen(a) : 0) + 20;
	char *out = malloc(len);

	if (out && v == NULL && a == NULL)
		snprintf(out, len, "Onbekende persoon");
	else if (out)
		snprintf(out, len, "%s%s%s%s%s", v ? v : "", v ? " " : "",
		    t ? t : "", t ? " " : "", a ? a : "");
	return out;
}

int
vpd_json_load_file(json_t **out, const char *path, vpd_error *err)
{
	json_error_t je;

	*out = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (*out == NULL) {
		vpd_json_error_strip(je.text);
		if (je.line <= 0)
			return vpd_error_set(err, VPD_EINVALID, path, 0, 0,
			    "%s", je.text);
		return vpd_error_set(err, VPD_EINVALID, path, je.line,
		    je.column, "%s", je.text);
	}
	return 0;
}
