/*
 * trends.c - the coordinator's figures over a period: incidents by
 * month, behaviour, channel, department and location, severity,
 * recidive, measures, deadlines kept, and how soon the first letter went
 * to the client (case.h, vpd_core_trends; docs/reports.md).
 *
 * Only plain fields are read (dates, kinds, channels, departments,
 * locations, statuses): the transaction stays raw, so the figures need
 * no keys and open no one's personal data.
 */
#include "case.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "../util/json.h"
#include "access.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- Periods -------------------------------------------------------- */

static const char *const month_names[] = {"januari", "februari", "maart",
    "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december"};

static int
last_day(int y, int m)
{
	return vpd_date_valid_ymd(y, m, 31) ? 31 : vpd_date_valid_ymd(y, m,
	    30) ? 30 : vpd_date_valid_ymd(y, m, 29) ? 29 : 28;
}

int
vpd_period_parse(const char *s, vpd_period *p)
{
	static const char *const quarters[] = {"eerste", "tweede", "derde",
	    "vierde"};
	int y, m, q, n = 0;
	char a[VPD_DATE_LEN], b[VPD_DATE_LEN];
	vpd_date from, to;

	memset(p, 0, sizeof(*p));
	if (s == NULL || strlen(s) >= sizeof(p->code))
		return -1;
	if (sscanf(s, "%4d-Q%1d%n", &y, &q, &n) == 2 && s[n] == '\0' &&
	    q >= 1 && q <= 4 && n == 7) {
		from = vpd_date_from_ymd(y, 3 * q - 2, 1);
		to = vpd_date_from_ymd(y, 3 * q, last_day(y, 3 * q));
		snprintf(p->naam, sizeof(p->naam), "%s kwartaal %d",
		    quarters[q - 1], y);
	} else if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 &&
	    s[n] == '\0' && m >= 1 && m <= 12) {
		from = vpd_date_from_ymd(y, m, 1);
		to = vpd_date_from_ymd(y, m, last_day(y, m));
		snprintf(p->naam, sizeof(p->naam), "%s %d", month_names[m - 1],
		    y);
	} else if (sscanf(s, "%4d%n", &y, &n) == 1 && n == 4 && s[n] == '\0') {
		from = vpd_date_from_ymd(y, 1, 1);
		to = vpd_date_from_ymd(y, 12, 31);
		snprintf(p->naam, sizeof(p->naam), "%d", y);
	} else if (strlen(s) == 22 && s[10] == '.' && s[11] == '.') {
		int fy, fm, fd, ty, tm, td;

		memcpy(a, s, 10);
		a[10] = '\0';
		memcpy(b, s + 12, 10);
		b[10] = '\0';
		if (vpd_date_parse(a, &from) || vpd_date_parse(b, &to) ||
		    to < from || to - from > 366 * 5)
			return -1;
		vpd_date_to_ymd(from, &fy, &fm, &fd);
		vpd_date_to_ymd(to, &ty, &tm, &td);
		snprintf(p->naam, sizeof(p->naam), "%d %s %d t/m %d %s %d",
		    fd, month_names[fm - 1], fy, td, month_names[tm - 1], ty);
	} else
		return -1;
	if (y < 1970 || y > 2099)
		return -1;
	p->van = from;
	p->tot = to;
	snprintf(p->code, sizeof(p->code), "%s", s);
	return 0;
}

/* ---- Counting ------------------------------------------------------- */

static void
count(json_t *counts, const char *key)
{
	json_t *n = json_object_get(counts, key);

	json_object_set_new(counts, key, json_integer(json_integer_value(n) +
	    1));
}

typedef struct label {
	const char *waarde, *naam;
} label;

static const label categories[] = {
	{"verbale_agressie", "Verbale agressie"},
	{"persoonlijke_bedreiging", "Persoonlijke bedreiging"},
	{"fysiek_geweld", "Fysiek geweld"},
	{NULL, NULL}};

static const label channels[] = {
	{"balie", "Balie"}, {"telefoon", "Telefoon"},
	{"huisbezoek", "Huisbezoek"}, {"openbare_ruimte", "Openbare ruimte"},
	{"schriftelijk", "Schriftelijk"}, {"email", "E-mail"},
	{"sociale_media", "Sociale media"}, {NULL, NULL}};

/* no fixed values, but names made from them ("gooien_met_voorwerp" ->
 * "Gooien met voorwerp") */
static const label named[] = {{NULL, NULL}};

static const label measures[] = {
	{"waarschuwing", "Schriftelijke waarschuwing"},
	{"toegangsverbod", "Toegangsverbod"}, {NULL, NULL}};

/* "fysiek_geweld" -> "Fysiek geweld" for a value no table names. */
static json_t *
plain_label(const char *v)
{
	char buf[256];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", v);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return json_string(buf);
}

static int
by_count(const void *x, const void *y)
{
	const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t na = json_integer_value(json_object_get(a, "aantal"));
	json_int_t nb = json_integer_value(json_object_get(b, "aantal"));

	if (na != nb)
		return na > nb ? -1 : 1;
	return strcmp(str(a, "naam"), str(b, "naam"));
}

/*
 * Counts as rows [{"waarde", "naam", "aantal"}]: first every value of
 * `fixed` (zeros too) in its order, then any other value; without a
 * table, by count, most first.
 */
static json_t *
rows(json_t *counts, const label *fixed)
{
	json_t *out = json_array(), *n, *extra = json_array();
	const char *k;
	size_t i;

	for (i = 0; fixed && fixed[i].waarde; i++)
		json_array_append_new(out, json_pack("{sssssI}", "waarde",
		    fixed[i].waarde, "naam", fixed[i].naam, "aantal",
		    json_integer_value(json_object_get(counts,
		    fixed[i].waarde))));
	json_object_foreach(counts, k, n) {
		bool known = false;

		for (i = 0; fixed && fixed[i].waarde; i++)
			known = known || strcmp(fixed[i].waarde, k) == 0;
		if (!known)
			json_array_append_new(extra, json_pack("{sssosI}",
			    "waarde", k, "naam", fixed ? plain_label(k) :
			    json_string(k), "aantal", json_integer_value(n)));
	}
	vpd_json_sort(extra, by_count, false);
	json_array_extend(out, extra);
	json_decref(extra);
	return out;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* Hours, to one decimal. */
static json_t *
hours(double h)
{
	return json_real(round(h * 10.0) / 10.0);
}

static json_t *
percent(long long part, long long whole)
{
	return whole ? json_integer((json_int_t)llround(100.0 * (double)part /
	    (double)whole)) : json_null();
}

typedef struct tally {
	vpd_period p;
	vpd_time now;
	json_t *months, *cats, *kinds, *chans, *depts, *locs, *measures;
	json_t *deadlines;          /* naam -> {label, gehaald, te_laat, …} */
	json_t *persons;            /* person -> incidents in the period */
	json_t *workflows;          /* workflow -> cases in the period */
	json_t *ever;               /* person -> incidents up to its end */
	long long incidents, cases, recidive_cases, injury, damage, police;
	long long withdrawn, open_now, overdue_now;
	double *delays;             /* hours to the first letter */
	size_t ndelays, cap;
	long long without_letter, within48;
} tally;

static bool
in_period(const tally *t, vpd_time at)
{
	vpd_date d = vpd_time_local_date(at);

	return d >= t->p.van && d <= t->p.tot;
}

/* The first letter to the client made at or after `since`, or -1. */
static vpd_time
first_letter(const json_t *cs, vpd_time since)
{
	vpd_time best = -1;
	json_t *doc, *cp;
	size_t i, k;

	json_array_foreach(json_object_get(cs, "documenten"), i, doc) {
		vpd_time made;
		bool to_client = false;

		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp)
			to_client = to_client || json_is_true(json_object_get(cp,
			    "geadresseerde"));
		if (to_client && vpd_time_parse(str(doc, "tijdstip"), &made) ==
		    0 && made >= since && (best < 0 || made < best))
			best = made;
	}
	return best;
}

static void
tally_incident(tally *t, const json_t *cs, const json_t *inc, vpd_time at)
{
	json_t *v;
	size_t i;
	vpd_time letter;
	int y, m, d;
	char key[16];
	const char *afd = str(inc, "afdeling"), *loc = str(inc, "locatie");

	t->incidents++;
	vpd_date_to_ymd(vpd_time_local_date(at), &y, &m, &d);
	snprintf(key, sizeof(key), "%04d-%02d", y, m);
	count(t->months, key);
	json_array_foreach(json_object_get(inc, "categorieen"), i, v)
		if (json_is_string(v))
			count(t->cats, json_string_value(v));
	json_array_foreach(json_object_get(inc, "soorten"), i, v)
		if (json_is_string(v))
			count(t->kinds, json_string_value(v));
	count(t->chans, str(inc, "kanaal") ? str(inc, "kanaal") : "onbekend");
	count(t->depts, afd && *afd ? afd : "(geen afdeling)");
	/* A home visit's location is the client's address, and one in
	 * the street may be too: they are counted by channel, never by
	 * their text.  A sealed location would be an object: never text. */
	if (str(inc, "kanaal") && (strcmp(str(inc, "kanaal"),
	    "huisbezoek") == 0 || strcmp(str(inc, "kanaal"),
	    "openbare_ruimte") == 0))
		count(t->locs, strcmp(str(inc, "kanaal"), "huisbezoek") == 0 ?
		    "(bij de klant thuis)" : "(openbare ruimte)");
	else
		count(t->locs, loc && *loc ? loc : "(onbekend)");
	t->injury += json_is_true(json_object_get(inc, "letsel"));
	t->damage += json_is_true(json_object_get(inc, "schade"));
	t->police += json_is_true(json_object_get(inc, "politie_ter_plaatse"));
	if (str(cs, "persoon"))
		count(t->persons, str(cs, "persoon"));
	letter = first_letter(cs, at);
	if (letter < 0) {
		t->without_letter++;
		return;
	}
	if (t->ndelays == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		double *d2 = realloc(t->delays, cap * sizeof(*d2));

		if (d2 == NULL)
			return;
		t->delays = d2;
		t->cap = cap;
	}
	t->delays[t->ndelays++] = (double)(letter - at) / 3600.0;
	t->within48 += letter - at <= 48 * 3600;
}

static void
tally_case(tally *t, const json_t *cs)
{
	json_t *inc, *m, *dl;
	size_t i;
	bool counted = false;
	vpd_time end = vpd_date_start(t->p.tot + 1);

	json_array_foreach(json_object_get(cs, "incidenten"), i, inc) {
		vpd_time at;

		if (vpd_time_parse(str(inc, "tijdstip"), &at))
			continue;
		if (at < end && str(cs, "persoon"))
			count(t->ever, str(cs, "persoon"));
		if (!in_period(t, at))
			continue;
		tally_incident(t, cs, inc, at);
		counted = true;
	}
	if (counted) {
		const char *wf = str(json_object_get(cs, "workflow"), "naam");

		if (wf)
			count(t->workflows, wf);
		t->cases++;
		t->recidive_cases += json_is_true(json_object_get(cs,
		    "recidive"));
	}
	json_array_foreach(json_object_get(cs, "maatregelen"), i, m) {
		vpd_date van;

		if (vpd_date_parse(str(m, "van"), &van) || van < t->p.van ||
		    van > t->p.tot)
			continue;
		count(t->measures, str(m, "soort") ? str(m, "soort") :
		    "onbekend");
		t->withdrawn += str(m, "status") && strcmp(str(m, "status"),
		    "ingetrokken") == 0;
	}
	json_array_foreach(json_object_get(cs, "termijnen"), i, dl) {
		const char *st = str(dl, "status") ? str(dl, "status") : "";
		const char *naam = str(dl, "naam") ? str(dl, "naam") : "?";
		vpd_time anchor, due;
		json_t *row;
		bool open = strcmp(st, "open") == 0;
		bool overdue = open && vpd_time_parse(str(dl, "uiterlijk"),
		    &due) == 0 && due < t->now;

		t->open_now += open;
		t->overdue_now += overdue;
		if (vpd_time_parse(str(dl, "anker"), &anchor) ||
		    !in_period(t, anchor) || strcmp(st, "vervangen") == 0)
			continue;
		if (strcmp(st, "vervallen") == 0) {
			/* dropped when the case closed (its last change):
			 * missed when it had already passed by then, else it
			 * does not count */
			vpd_time dropped;

			if (vpd_time_parse(str(dl, "uiterlijk"), &due) ||
			    vpd_time_parse(str(cs, "bijgewerkt"), &dropped) ||
			    dropped <= due)
				continue;
			overdue = true;
		}
		if ((row = json_object_get(t->deadlines, naam)) == NULL) {
			row = json_pack("{sssOsisisisi}", "naam", naam, "label",
			    json_object_get(dl, "label") ? json_object_get(dl,
			    "label") : json_string(naam), "gehaald", 0,
			    "te_laat", 0, "open", 0, "verlopen", 0);
			json_object_set_new(t->deadlines, naam, row);
		}
		count(row, overdue ? "verlopen" : open ? "open" : st);
	}
}

/* {"naam", "label", "gehaald", "te_laat", "open", "verlopen",
 * "op_tijd_procent"} per deadline, in the order first seen by name. */
static json_t *
deadline_rows(json_t *deadlines)
{
	json_t *out = json_array(), *row;
	const char *k;

	json_object_foreach(deadlines, k, row) {
		json_int_t ok = json_integer_value(json_object_get(row,
		    "gehaald"));
		json_int_t late = json_integer_value(json_object_get(row,
		    "te_laat")) + json_integer_value(json_object_get(row,
		    "verlopen"));

		json_object_set_new(row, "op_tijd_procent", percent(ok, ok +
		    late));
		json_array_append(out, row);
	}
	return out;
}

static json_t *
month_rows(const tally *t)
{
	json_t *out = json_array();
	int y, m, d, ty, tm;

	vpd_date_to_ymd(t->p.van, &y, &m, &d);
	vpd_date_to_ymd(t->p.tot, &ty, &tm, &d);
	while (y < ty || (y == ty && m <= tm)) {
		char key[16], name[40];

		snprintf(key, sizeof(key), "%04d-%02d", y, m);
		snprintf(name, sizeof(name), "%s %d", month_names[m - 1], y);
		json_array_append_new(out, json_pack("{sssssI}", "waarde", key,
		    "naam", name, "aantal", json_integer_value(json_object_get(
		    t->months, key))));
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return out;
}

static json_t *
recidive(const tally *t)
{
	const char *k;
	json_t *n;
	long long persons = 0, repeat = 0, several = 0;

	json_object_foreach(t->persons, k, n) {
		persons++;
		several += json_integer_value(n) > 1;
		repeat += json_integer_value(json_object_get(t->ever, k)) > 1;
	}
	return json_pack("{sIsIsIsIso}", "personen", (json_int_t)persons,
	    "herhaald", (json_int_t)repeat, "meer_in_periode",
	    (json_int_t)several, "zaken_recidive", (json_int_t)
	    t->recidive_cases, "herhaald_procent", percent(repeat, persons));
}

static json_t *
letter_delay(tally *t)
{
	json_t *out;

	qsort(t->delays, t->ndelays, sizeof(*t->delays), cmp_double);
	out = json_pack("{sIsIsIso}", "met_brief", (json_int_t)t->ndelays,
	    "zonder_brief", (json_int_t)t->without_letter, "binnen_48_uur",
	    (json_int_t)t->within48, "binnen_48_uur_procent",
	    percent(t->within48, (long long)t->ndelays));
	if (t->ndelays) {
		double sum = 0;

		for (size_t i = 0; i < t->ndelays; i++)
			sum += t->delays[i];
		json_object_set_new(out, "mediaan_uren", hours(t->ndelays % 2 ?
		    t->delays[t->ndelays / 2] : (t->delays[t->ndelays / 2 - 1] +
		    t->delays[t->ndelays / 2]) / 2));
		json_object_set_new(out, "gemiddeld_uren", hours(sum /
		    (double)t->ndelays));
		json_object_set_new(out, "langst_uren", hours(
		    t->delays[t->ndelays - 1]));
	}
	return out;
}

int
vpd_core_trends(vpd_archive *a, const vpd_who *who, const vpd_period *p,
    json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *ids = NULL, *id;
	tally ty = {0};
	size_t i;
	int rc;
	char van[VPD_DATE_LEN], tot[VPD_DATE_LEN], now[VPD_TIME_UTC_LEN];

	*result = NULL;
	ty.p = *p;
	ty.now = who->now;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "the trends", err)))
		goto done;
	if (!(v.roles & (VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL))) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "the trends: "
		    "for the coordinator and legal affairs");
		vpd_error_set_nl(err, "Dit is niet voor uw rol bedoeld.");
		goto done;
	}
	/* plain fields only: no keys needed, nobody's data opened */
	vpd_txn_set_raw(t, true);
	ty.months = json_object();
	ty.cats = json_object();
	ty.kinds = json_object();
	ty.chans = json_object();
	ty.depts = json_object();
	ty.locs = json_object();
	ty.measures = json_object();
	ty.deadlines = json_object();
	ty.persons = json_object();
	ty.workflows = json_object();
	ty.ever = json_object();
	ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, id) {
		char path[160];
		json_t *cs = NULL;

		if ((rc = vpd_case_path(t, json_string_value(id), "case.json",
		    path, sizeof(path))) ||
		    (rc = vpd_txn_read_json(t, path, &cs, err))) {
			/* a figure that leaves out a case is no figure */
			if (rc == VPD_ENOTFOUND)
				rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
				    "the case file of %s cannot be read (run "
				    "'vpd verify')", json_string_value(id));
			goto done;
		}
		tally_case(&ty, cs);
		json_decref(cs);
	}
	vpd_date_format(p->van, van);
	vpd_date_format(p->tot, tot);
	vpd_time_format_utc(who->now, now);
	*result = json_pack("{s{ssssssss}sssIsIso so so so so so so so so"
	    " s{sIsIsI} s{sIsI}}",
	    "periode", "code", p->code, "naam", p->naam, "van", van, "tot",
	    tot, "gemaakt", now, "incidenten", (json_int_t)ty.incidents,
	    "zaken", (json_int_t)ty.cases,
	    "recidive", recidive(&ty),
	    "per_maand", month_rows(&ty),
	    "per_categorie", rows(ty.cats, categories),
	    "per_soort", rows(ty.kinds, named),
	    "per_kanaal", rows(ty.chans, channels),
	    "per_afdeling", rows(ty.depts, NULL),
	    "per_locatie", rows(ty.locs, NULL),
	    "maatregelen", rows(ty.measures, measures),
	    "termijnen", deadline_rows(ty.deadlines),
	    "ernst", "letsel", (json_int_t)ty.injury, "schade",
	    (json_int_t)ty.damage, "politie_ter_plaatse", (json_int_t)ty.police,
	    "openstaand", "open", (json_int_t)ty.open_now, "verlopen",
	    (json_int_t)ty.overdue_now);
	if (*result == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	json_object_set_new(*result, "eerste_brief", letter_delay(&ty));
	json_object_set_new(*result, "maatregelen_ingetrokken",
	    json_integer(ty.withdrawn));
	json_object_set_new(*result, "werkstromen", rows(ty.workflows, NULL));
done:
	free(ty.delays);
	json_decref(ty.months);
	json_decref(ty.cats);
	json_decref(ty.kinds);
	json_decref(ty.chans);
	json_decref(ty.depts);
	json_decref(ty.locs);
	json_decref(ty.measures);
	json_decref(ty.deadlines);
	json_decref(ty.persons);
	json_decref(ty.workflows);
	json_decref(ty.ever);
	json_decref(ids);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

int
vpd_core_report_pdf(vpd_archive *a, const vpd_who *who, const vpd_period *p,
    unsigned char **pdf, size_t *len, json_t **result, vpd_error *err)
{
	char *org;
	int rc;

	*pdf = NULL;
	if ((rc = vpd_core_trends(a, who, p, result, err)))
		return rc;
	org = vpd_municipality_name(who, str(json_array_get(json_object_get(
	    *result, "werkstromen"), 0), "waarde"));
	rc = vpd_report_pdf(*result, org, who->actor, who->fontdir, pdf, len,
	    err);
	free(org);
	if (rc) {
		json_decref(*result);
		*result = NULL;
	}
	return rc;
}

/* ---- CSV ------------------------------------------------------------ */

static void
csv_field(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ";\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	/* =, +, -, @ would start a formula in a spreadsheet */
	if (strchr("=+-@\t", s[0]) && s[0])
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

static void
csv_row(FILE *f, const char *table, const char *key, const char *name,
    const json_t *n)
{
	csv_field(f, table);
	fputc(';', f);
	csv_field(f, key);
	fputc(';', f);
	csv_field(f, name);
	fputc(';', f);
	if (json_is_integer(n))
		fprintf(f, "%lld", (long long)json_integer_value(n));
	else if (json_is_real(n)) {
		char buf[64], *dot;

		snprintf(buf, sizeof(buf), "%.1f", json_real_value(n));
		if ((dot = strchr(buf, '.')) != NULL)
			*dot = ',';
		fputs(buf, f);
	}
	fputs("\r\n", f);
}

static void
csv_rows(FILE *f, const json_t *tr, const char *table)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(tr, table), i, r)
		csv_row(f, table, str(r, "waarde"), str(r, "naam"),
		    json_object_get(r, "aantal"));
}

char *
vpd_trends_csv(const json_t *tr)
{
	static const char *const tables[] = {"per_maand", "per_categorie",
	    "per_soort", "per_kanaal", "per_afdeling", "per_locatie",
	    "maatregelen", NULL};
	static const label summary[] = {
		{"incidenten", "Incidenten"}, {"zaken", "Zaken met een incident"},
		{"maatregelen_ingetrokken", "Maatregelen ingetrokken"},
		{NULL, NULL}};
	static const label groups[][8] = {
		{{"ernst", NULL}, {"letsel", "Met letsel"},
		 {"schade", "Met schade"},
		 {"politie_ter_plaatse", "Politie ter plaatse"}, {NULL, NULL}},
		{{"recidive", NULL}, {"personen", "Personen met een incident"},
		 {"herhaald", "Van wie eerder of opnieuw een incident"},
		 {"herhaald_procent", "Idem, procent"},
		 {"meer_in_periode", "Met meer dan één incident in de periode"},
		 {"zaken_recidive", "Zaken gemarkeerd als recidive"},
		 {NULL, NULL}},
		{{"eerste_brief", NULL},
		 {"met_brief", "Incidenten met een brief aan de klant"},
		 {"zonder_brief", "Incidenten nog zonder brief"},
		 {"binnen_48_uur", "Eerste brief binnen 48 uur"},
		 {"binnen_48_uur_procent", "Idem, procent"},
		 {"mediaan_uren", "Mediaan uren tot de eerste brief"},
		 {"gemiddeld_uren", "Gemiddeld uren tot de eerste brief"},
		 {"langst_uren", "Langst uren tot de eerste brief"}},
		{{"openstaand", NULL}, {"open", "Open termijnen (nu)"},
		 {"verlopen", "Verlopen open termijnen (nu)"}, {NULL, NULL}},
	};
	static const char *const dl_keys[] = {"gehaald", "te_laat", "open",
	    "verlopen", "op_tijd_procent", NULL};
	char *out = NULL;
	size_t len = 0, i, g;
	FILE *f = open_memstream(&out, &len);
	json_t *r;

	if (f == NULL)
		return NULL;
	fputs("\xEF\xBB\xBFtabel;sleutel;omschrijving;aantal\r\n", f);
	csv_row(f, "periode", str(json_object_get(tr, "periode"), "code"),
	    str(json_object_get(tr, "periode"), "naam"), NULL);
	for (i = 0; summary[i].waarde; i++)
		csv_row(f, "samenvatting", summary[i].waarde, summary[i].naam,
		    json_object_get(tr, summary[i].waarde));
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		const json_t *o = json_object_get(tr, groups[g][0].waarde);

		for (i = 1; i < 8 && groups[g][i].waarde; i++)
			csv_row(f, groups[g][0].waarde, groups[g][i].waarde,
			    groups[g][i].naam, json_object_get(o,
			    groups[g][i].waarde));
	}
	for (i = 0; tables[i]; i++)
		csv_rows(f, tr, tables[i]);
	json_array_foreach(json_object_get(tr, "termijnen"), i, r)
		for (g = 0; dl_keys[g]; g++) {
			char table[48];

			snprintf(table, sizeof(table), "termijn_%s", dl_keys[g]);
			csv_row(f, table, str(r, "naam"), str(r, "label"),
			    json_object_get(r, dl_keys[g]));
		}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}
