/*
 * trends.c - the coordinator's trends: the figures of vpd_core_trends
 * over a period, each drawn as an SVG chart made here on the server (no
 * script, no chart library in the browser) with a table of the same
 * numbers beside it for screen readers; and the same figures as the PDF
 * report and as CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "pages.h"

/* ---- Charts --------------------------------------------------------- */

/*
 * A chart is data for the template trends.html, which writes the SVG
 * (so every label goes through the template's escaping, as on every
 * page): {"breedte", "hoogte", "lijn": {"y"} or absent, "staven": [{"x",
 * "y", "b", "h" (the bar), "tx", "ty", "grootte", "anker", "tekst" (its
 * label), "wx", "wy", "wanker", "waarde" (its number)}]}.  Coordinates
 * are strings with one decimal.
 */

static long long
num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static json_t *
coord(double v)
{
	return json_sprintf("%.1f", v);
}

/* The largest count of rows [{"aantal"}]: the full length of a bar. */
static long long
most(const json_t *rows)
{
	long long top = 0;
	json_t *r;
	size_t i;

	json_array_foreach(rows, i, r)
		if (num(r, "aantal") > top)
			top = num(r, "aantal");
	return top;
}

/* A label cut to `max` characters (UTF-8), with "…". */
static json_t *
cut(const char *s, size_t max)
{
	size_t chars = 0, i;

	s = s ? s : "";
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			return json_sprintf("%.*s…", (int)i, s);
	return json_string(s);
}

static json_t *
bar(double x, double y, double w, double h, double tx, double ty, int size,
    const char *anchor, json_t *label, double wx, double wy,
    const char *wanchor, long long v)
{
	return json_pack("{sosososososo" "sisssosososssI}", "x", coord(x),
	    "y", coord(y), "b", coord(w), "h", coord(h), "tx", coord(tx),
	    "ty", coord(ty), "grootte", size, "anker", anchor,
	    "tekst", label, "wx", coord(wx), "wy", coord(wy), "wanker",
	    wanchor, "waarde", (json_int_t)v);
}

/* Horizontal bars: the label on the left, the bar, its number. */
static json_t *
hbars(const json_t *rows)
{
	const int w = 640, label = 230, row = 26, right = 40;
	size_t n = json_array_size(rows), i;
	long long top = most(rows);
	json_t *r, *bars = json_array();

	json_array_foreach(rows, i, r) {
		long long v = num(r, "aantal");
		double bw = top ? (double)(w - label - right) * (double)v /
		    (double)top : 0;
		double y = (double)i * row + 4;

		json_array_append_new(bars, bar(label, y + 3, bw, row - 8, 0,
		    y + 17, 14, "start", cut(json_string_value(json_object_get(
		    r, "naam")), 28), label + bw + 6, y + 17, "start", v));
	}
	return json_pack("{sisIso}", "breedte", w, "hoogte", (json_int_t)(n *
	    row + 8), "staven", bars);
}

/* Vertical bars for the months, the number above each. */
static json_t *
months(const json_t *rows)
{
	const int w = 640, h = 220, base = 180, top_room = 24;
	size_t n = json_array_size(rows), i;
	long long top = most(rows);
	double slot = n ? (double)w / (double)n : w;
	json_t *r, *bars = json_array();

	json_array_foreach(rows, i, r) {
		long long v = num(r, "aantal");
		double bh = top ? (double)(base - top_room) * (double)v /
		    (double)top : 0, x = slot * (double)i;
		const char *name = json_string_value(json_object_get(r, "naam"));
		const char *year = name ? strrchr(name, ' ') : NULL;
		/* "nov 2026" when there are many months */
		json_t *label = n > 4 && year ? json_sprintf("%.3s%s", name,
		    year) : cut(name, 20);

		json_array_append_new(bars, bar(x + slot * 0.2, base - bh,
		    slot * 0.6, bh, x + slot * 0.5, base + 20, n > 6 ? 11 : 13,
		    "middle", label, x + slot * 0.5, base - bh - 6, "middle", v));
	}
	return json_pack("{sisis{so}so}", "breedte", w, "hoogte", h, "lijn",
	    "y", coord(base), "staven", bars);
}

/* ---- The page ------------------------------------------------------- */

/* The period asked for, or this quarter; false when what was asked
 * cannot be read (the page then says so and shows this quarter). */
static bool
period_of(web_req *r, vpd_period *p)
{
	const char *q = query(r, "periode");
	int y, m, d;
	char code[16];

	if (q && *q && vpd_period_parse(q, p) == 0)
		return true;
	vpd_date_to_ymd(vpd_time_local_date(r->who.now), &y, &m, &d);
	snprintf(code, sizeof(code), "%d-Q%d", y, (m - 1) / 3 + 1);
	vpd_period_parse(code, p);
	return !(q && *q) && !query_unreadable(r, "periode");
}

/* Links to the periods people ask for most: this and last quarter, this
 * and last year. */
static json_t *
quick_periods(const web_req *r)
{
	int y, m, d, q;
	char a[16], b[16], c[16], e[16];

	vpd_date_to_ymd(vpd_time_local_date(r->who.now), &y, &m, &d);
	q = (m - 1) / 3 + 1;
	snprintf(a, sizeof(a), "%d-Q%d", y, q);
	snprintf(b, sizeof(b), "%d-Q%d", q == 1 ? y - 1 : y, q == 1 ? 4 :
	    q - 1);
	snprintf(c, sizeof(c), "%d", y);
	snprintf(e, sizeof(e), "%d", y - 1);
	return json_pack("[{ssss}{ssss}{ssss}{ssss}]", "code", a, "naam",
	    "dit kwartaal", "code", b, "naam", "vorig kwartaal", "code", c,
	    "naam", "dit jaar", "code", e, "naam", "vorig jaar");
}

static void
chart(json_t *res, const char *key, const char *id, const char *title,
    bool by_month)
{
	json_t *rows = json_object_get(res, key);

	json_array_append_new(json_object_get(res, "grafieken"), json_pack(
	    "{sssssosO}", "id", id, "titel", title, "svg", by_month ?
	    months(rows) : hbars(rows), "rijen", rows));
}

int
page_trends(web_req *r, web_resp *out)
{
	vpd_period p;
	bool readable = period_of(r, &p);
	json_t *res = NULL, *row;
	vpd_error err;
	size_t i;

	vpd_error_clear(&err);
	if (vpd_core_trends(r->archive, &r->who, &p, &res, &err))
		return web_fail(r, out, &err);
	json_object_set_new(res, "grafieken", json_array());
	chart(res, "per_maand", "g-maand", "Incidenten per maand", true);
	chart(res, "per_categorie", "g-categorie",
	    "Incidenten per soort agressie (gedragscategorie)", false);
	chart(res, "per_kanaal", "g-kanaal", "Incidenten per kanaal", false);
	chart(res, "per_afdeling", "g-afdeling", "Incidenten per afdeling",
	    false);
	chart(res, "per_locatie", "g-locatie", "Incidenten per locatie", false);
	chart(res, "per_soort", "g-soort", "Incidenten per gedraging", false);
	chart(res, "maatregelen", "g-maatregel", "Maatregelen opgelegd", false);
	json_array_foreach(json_object_get(res, "termijnen"), i, row)
		json_object_set_new(row, "op_tijd_tekst", json_is_integer(
		    json_object_get(row, "op_tijd_procent")) ? json_sprintf(
		    "%lld%%", num(row, "op_tijd_procent")) : json_string("—"));
	{
		json_t *eb = json_object_get(res, "eerste_brief");
		json_t *pct = json_object_get(eb, "binnen_48_uur_procent");
		json_t *med = json_object_get(eb, "mediaan_uren");

		json_object_set_new(eb, "procent_tekst", json_is_integer(pct) ?
		    json_sprintf("%lld%%", (long long)json_integer_value(pct)) :
		    json_string("—"));
		json_object_set_new(eb, "mediaan_tekst", json_is_real(med) ?
		    json_sprintf("%.0f uur", json_real_value(med)) :
		    json_string("—"));
	}
	json_object_set_new(res, "snel", quick_periods(r));
	if (!readable)
		json_object_set_new(res, "periode_fout", json_true());
	return web_page(r, out, 200, "trends", "Trends", res);
}

int
page_trends_pdf(web_req *r, web_resp *out)
{
	vpd_period p;
	json_t *res = NULL;
	unsigned char *pdf = NULL;
	size_t len = 0;
	vpd_error err;

	if (!period_of(r, &p))
		return web_error(r, out, 400, "Deze periode kan vpd niet lezen.");
	vpd_error_clear(&err);
	if (vpd_core_report_pdf(r->archive, &r->who, &p, &pdf, &len, &res,
	    &err))
		return web_fail(r, out, &err);
	json_decref(res);
	snprintf(out->disposition, sizeof(out->disposition),
	    "attachment; filename=\"rapportage-%s.pdf\"", p.code);
	return web_bytes(out, 200, "application/pdf", pdf, len);
}

int
page_trends_csv(web_req *r, web_resp *out)
{
	vpd_period p;
	json_t *res = NULL;
	char *csv;
	vpd_error err;

	if (!period_of(r, &p))
		return web_error(r, out, 400, "Deze periode kan vpd niet lezen.");
	vpd_error_clear(&err);
	if (vpd_core_trends(r->archive, &r->who, &p, &res, &err))
		return web_fail(r, out, &err);
	csv = vpd_trends_csv(res);
	json_decref(res);
	if (csv == NULL)
		return web_error(r, out, 500, NULL);
	snprintf(out->disposition, sizeof(out->disposition),
	    "attachment; filename=\"cijfers-%s.csv\"", p.code);
	return web_bytes(out, 200, "text/csv; charset=utf-8", csv,
	    strlen(csv));
}
