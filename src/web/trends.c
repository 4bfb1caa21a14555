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

/* ---- SVG ------------------------------------------------------------ */

/* Text for SVG: XML-escaped, cut to `max` characters with "…". */
static void
svg_text(FILE *f, const char *s, size_t max)
{
	size_t chars = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) != 0x80 && chars++ == max) {
			fputs("…", f);
			return;
		}
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*p, f);
		}
	}
}

static long long
num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* Horizontal bars for rows [{"naam", "aantal"}]; `id` names the chart
 * for aria-labelledby.  Malloc'ed. */
static char *
svg_hbars(const json_t *rows, const char *id, const char *title)
{
	const int w = 640, label = 230, row = 26, right = 40;
	size_t n = json_array_size(rows), i;
	long long top = 0;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	json_t *r;

	if (f == NULL)
		return NULL;
	json_array_foreach(rows, i, r)
		if (num(r, "aantal") > top)
			top = num(r, "aantal");
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"%s\" viewBox=\"0 0 %d %zu\" width=\"%d\" "
	    "height=\"%zu\" class=\"grafiek\"><title id=\"%s\">", id, w,
	    n * row + 8, w, n * row + 8, id);
	svg_text(f, title, 200);
	fputs("</title>", f);
	json_array_foreach(rows, i, r) {
		long long v = num(r, "aantal");
		double bw = top ? (double)(w - label - right) * (double)v /
		    (double)top : 0;
		int y = (int)i * row + 4;

		fprintf(f, "<text x=\"0\" y=\"%d\" font-size=\"14\" "
		    "fill=\"#1a1a1a\">", y + 17);
		svg_text(f, json_string_value(json_object_get(r, "naam")) ?
		    json_string_value(json_object_get(r, "naam")) : "", 28);
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"#174f8c\"/><text x=\"%.1f\" y=\"%d\" "
		    "font-size=\"14\" font-weight=\"bold\" fill=\"#1a1a1a\">"
		    "%lld</text>", label, y + 3, bw, row - 8, label + bw + 6,
		    y + 17, v);
	}
	fputs("</svg>", f);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Vertical bars for the months of the period. */
static char *
svg_months(const json_t *rows, const char *id, const char *title)
{
	const int w = 640, h = 220, base = 180, top_room = 24;
	size_t n = json_array_size(rows), i;
	long long top = 0;
	double slot = n ? (double)w / (double)n : w;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	json_t *r;

	if (f == NULL)
		return NULL;
	json_array_foreach(rows, i, r)
		if (num(r, "aantal") > top)
			top = num(r, "aantal");
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" class=\"grafiek\"><title id=\"%s\">", id, w, h, w,
	    h, id);
	svg_text(f, title, 200);
	fprintf(f, "</title><line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#767676\"/>", base, w, base);
	json_array_foreach(rows, i, r) {
		long long v = num(r, "aantal");
		double bh = top ? (double)(base - top_room) * (double)v /
		    (double)top : 0, x = slot * (double)i;
		const char *name = json_string_value(json_object_get(r, "naam"));

		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"#174f8c\"/><text x=\"%.1f\" "
		    "y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" "
		    "text-anchor=\"middle\" fill=\"#1a1a1a\">%lld</text>"
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"%d\" "
		    "text-anchor=\"middle\" fill=\"#1a1a1a\">", x + slot * 0.2,
		    base - bh, slot * 0.6, bh, x + slot * 0.5, base - bh - 6, v,
		    x + slot * 0.5, base + 20, n > 6 ? 11 : 13);
		/* "november 2026": the month's first three letters and the
		 * year when there are many */
		if (name && n > 4 && strchr(name, ' ')) {
			fprintf(f, "%.3s", name);
			svg_text(f, strrchr(name, ' '), 10);
		} else
			svg_text(f, name ? name : "", 20);
		fputs("</text>", f);
	}
	fputs("</svg>", f);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
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
    bool months)
{
	json_t *rows = json_object_get(res, key);
	char *svg = months ? svg_months(rows, id, title) :
	    svg_hbars(rows, id, title);

	json_array_append_new(json_object_get(res, "grafieken"), json_pack(
	    "{sssssssO}", "id", id, "titel", title, "svg", svg ? svg : "",
	    "rijen", rows));
	free(svg);
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
