/*
 * report.c - the coordinator's report over a period as a PDF for the
 * management team: key figures, then each table of vpd_core_trends as a
 * bar chart drawn with libharu beside its numbers, and a note on how each
 * figure is counted.
 *
 * Like the reception folder (folder.c) it is made on request and not
 * archived, so it is a plain PDF in one code page (plain.h): a location
 * typed with a character outside CP1252 shows a '?' there.
 */
#define _POSIX_C_SOURCE 200809L
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"
#include "plain.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN (20.0 * MM)
#define BOTTOM (PAGE_H - 22.0 * MM)
#define TOP_ROWS 10              /* departments, locations, kinds */

typedef struct {
	vpd_plain p;                 /* the document and its page */
	const json_t *tr;
	const char *org;
	char header[200];            /* the line at each page's foot */
	int pageno;
	double y;                    /* from the top of the page */
} report;

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long
num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void
color(report *r, double g0, double g1, double g2)
{
	HPDF_Page_SetRGBFill(r->p.page, (HPDF_REAL)g0, (HPDF_REAL)g1,
	    (HPDF_REAL)g2);
}

/* Text at x and top-based y, cut to `width` points with "…" (0: no
 * limit); right-aligned at x when `right`.  Returns the width drawn. */
static double
text_at(report *r, double x, double y, bool bold, double size, double width,
    bool right, const char *s)
{
	char *t = vpd_plain_text(&r->p, s);
	double w;

	if (t == NULL)
		return 0;
	HPDF_Page_SetFontAndSize(r->p.page, bold ? r->p.bold : r->p.regular,
	    (HPDF_REAL)size);
	if (width > 0 && HPDF_Page_TextWidth(r->p.page, t) > width) {
		size_t n = strlen(t);

		while (n > 1) {
			t[--n] = '\0';
			t[n - 1] = '\x85';           /* … in CP1252 */
			if (HPDF_Page_TextWidth(r->p.page, t) <= width)
				break;
		}
	}
	w = HPDF_Page_TextWidth(r->p.page, t);
	HPDF_Page_BeginText(r->p.page);
	HPDF_Page_TextOut(r->p.page, (HPDF_REAL)(right ? x - w : x),
	    (HPDF_REAL)(PAGE_H - y), t);
	HPDF_Page_EndText(r->p.page);
	free(t);
	return w;
}

/* Text wrapped to width from y; returns y below it. */
static double
paragraph(report *r, double x, double y, double width, double size,
    const char *s)
{
	return vpd_plain_wrap(&r->p, x, y, width, false, size, 1.35, s);
}

static void
rect(report *r, double x, double y, double w, double h)
{
	HPDF_Page_Rectangle(r->p.page, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y - h),
	    (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(r->p.page);
}

static void
new_page(report *r)
{
	char line[200];

	r->p.page = HPDF_AddPage(r->p.pdf);
	HPDF_Page_SetSize(r->p.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	r->pageno++;
	color(r, 0.35, 0.35, 0.35);
	text_at(r, MARGIN, PAGE_H - 12 * MM, false, 8, PAGE_W - 2 * MARGIN -
	    20 * MM, false, r->header);
	snprintf(line, sizeof(line), "pagina %d", r->pageno);
	text_at(r, PAGE_W - MARGIN, PAGE_H - 12 * MM, false, 8, 0, true, line);
	color(r, 0, 0, 0);
	r->y = MARGIN;
}

/* Room for `h` more points on this page, or a new page. */
static void
need(report *r, double h)
{
	if (r->y + h > BOTTOM)
		new_page(r);
}

static void
heading(report *r, const char *s)
{
	need(r, 40 * MM);
	r->y += 8 * MM;
	text_at(r, MARGIN, r->y, true, 13, 0, false, s);
	r->y += 3 * MM;
}

/*
 * A horizontal bar chart of rows [{"naam", "aantal"}]: the label on the
 * left, the bar, the number at its end.  At most `max` rows; the rest
 * are summed as "overig".
 */
static void
hbars(report *r, const char *title, const json_t *rows, size_t max,
    const char *note)
{
	const double label_w = 62 * MM, bar_x = MARGIN + label_w + 2 * MM;
	const double bar_w = PAGE_W - MARGIN - bar_x - 14 * MM, row_h = 6 * MM;
	size_t n = json_array_size(rows), shown = n > max ? max : n, i;
	long long top = 0, rest = 0;
	json_t *row;

	heading(r, title);
	json_array_foreach(rows, i, row) {
		if (i < shown && num(row, "aantal") > top)
			top = num(row, "aantal");
		if (i >= shown)
			rest += num(row, "aantal");
	}
	if (rest > top)
		top = rest;
	if (n == 0) {
		r->y += 6 * MM;
		text_at(r, MARGIN, r->y, false, 9.5, 0, false,
		    "Geen gegevens in deze periode.");
		r->y += 2 * MM;
		return;
	}
	r->y += 2 * MM;
	for (i = 0; i < shown + (rest > 0); i++) {
		const char *name = i < shown ? str(json_array_get(rows, i),
		    "naam") : "overig";
		long long v = i < shown ? num(json_array_get(rows, i),
		    "aantal") : rest;
		double w = top ? bar_w * (double)v / (double)top : 0;
		char val[32];

		need(r, row_h);
		text_at(r, MARGIN, r->y + 4.2 * MM, false, 9, label_w, false,
		    name);
		color(r, 0.09, 0.31, 0.55);
		if (w > 0)
			rect(r, bar_x, r->y + 1 * MM, w < 0.6 ? 0.6 : w,
			    row_h - 2 * MM);
		color(r, 0, 0, 0);
		snprintf(val, sizeof(val), "%lld", v);
		text_at(r, bar_x + w + 1.5 * MM, r->y + 4.2 * MM, true, 9, 0,
		    false, val);
		r->y += row_h;
	}
	if (note) {
		color(r, 0.3, 0.3, 0.3);
		r->y = paragraph(r, MARGIN, r->y + 4 * MM, PAGE_W - 2 * MARGIN,
		    8, note);
		color(r, 0, 0, 0);
	}
}

/* Vertical bars for the months, with the number above each. */
static void
month_bars(report *r, const json_t *rows)
{
	const double h = 45 * MM, w = PAGE_W - 2 * MARGIN;
	size_t n = json_array_size(rows), i;
	long long top = 0;
	double slot, base;
	json_t *row;

	heading(r, "Incidenten per maand");
	json_array_foreach(rows, i, row)
		if (num(row, "aantal") > top)
			top = num(row, "aantal");
	slot = n ? w / (double)n : w;
	r->y += 8 * MM;
	base = r->y + h;
	color(r, 0.6, 0.6, 0.6);
	rect(r, MARGIN, base, w, 0.5);
	json_array_foreach(rows, i, row) {
		long long v = num(row, "aantal");
		double bh = top ? h * (double)v / (double)top : 0;
		double x = MARGIN + slot * (double)i, bw = slot * 0.6;
		char val[32], month[40];
		const char *name = str(row, "naam");

		color(r, 0.09, 0.31, 0.55);
		if (bh > 0)
			rect(r, x + slot * 0.2, base - bh, bw, bh);
		color(r, 0, 0, 0);
		snprintf(val, sizeof(val), "%lld", v);
		text_at(r, x + slot * 0.5 + 2.5, base - bh - 1.5 * MM, true, 9,
		    0, true, val);
		/* "november 2026" -> "nov 2026" when many months */
		snprintf(month, sizeof(month), "%s", name);
		if (n > 4 && strlen(month) > 8) {
			const char *year = strrchr(name, ' ');

			snprintf(month, sizeof(month), "%.3s%s", name,
			    year ? year : "");
		}
		text_at(r, x + slot * 0.2, base + 4.5 * MM, false, n > 6 ? 7 :
		    8.5, slot, false, month);
	}
	r->y = base + 7 * MM;
}

/* A box with one key figure. */
static void
key_figure(report *r, double x, double y, double w, const char *value,
    const char *what)
{
	color(r, 0.93, 0.95, 0.98);
	rect(r, x, y, w, 24 * MM);
	color(r, 0.09, 0.31, 0.55);
	text_at(r, x + 4 * MM, y + 11 * MM, true, 20, w - 8 * MM, false,
	    value);
	color(r, 0, 0, 0);
	paragraph(r, x + 4 * MM, y + 17 * MM, w - 8 * MM, 8.5, what);
}

static void
key_figures(report *r)
{
	const json_t *tr = r->tr, *eb = json_object_get(tr, "eerste_brief");
	const json_t *rc = json_object_get(tr, "recidive");
	const json_t *open = json_object_get(tr, "openstaand");
	const double gap = 4 * MM, w = (PAGE_W - 2 * MARGIN - 2 * gap) / 3;
	char v[6][64], d[6][160];
	long long measures = 0;
	json_t *row;
	size_t i;

	json_array_foreach(json_object_get(tr, "maatregelen"), i, row)
		measures += num(row, "aantal");
	snprintf(v[0], sizeof(v[0]), "%lld", num(tr, "incidenten"));
	snprintf(d[0], sizeof(d[0]), "incidenten gemeld, in %lld zaken",
	    num(tr, "zaken"));
	if (json_is_integer(json_object_get(eb, "binnen_48_uur_procent")))
		snprintf(v[1], sizeof(v[1]), "%lld%%", num(eb,
		    "binnen_48_uur_procent"));
	else
		snprintf(v[1], sizeof(v[1]), "—");
	snprintf(d[1], sizeof(d[1]), "eerste brief aan de klant binnen 48 uur "
	    "(%lld van %lld)", num(eb, "binnen_48_uur"), num(eb, "met_brief"));
	if (json_is_real(json_object_get(eb, "mediaan_uren")))
		snprintf(v[2], sizeof(v[2]), "%.0f uur", json_real_value(
		    json_object_get(eb, "mediaan_uren")));
	else
		snprintf(v[2], sizeof(v[2]), "—");
	snprintf(d[2], sizeof(d[2]), "van incident tot eerste brief "
	    "(mediaan); %lld nog zonder brief", num(eb, "zonder_brief"));
	snprintf(v[3], sizeof(v[3]), "%lld", measures);
	snprintf(d[3], sizeof(d[3]), "maatregelen opgelegd (waarschuwing of "
	    "toegangsverbod)");
	snprintf(v[4], sizeof(v[4]), "%lld", num(rc, "herhaald"));
	snprintf(d[4], sizeof(d[4]), "van de %lld personen hadden meer dan "
	    "één incident", num(rc, "personen"));
	snprintf(v[5], sizeof(v[5]), "%lld", num(open, "verlopen"));
	snprintf(d[5], sizeof(d[5]), "termijnen nu verlopen en nog open (van "
	    "%lld open)", num(open, "open"));
	for (i = 0; i < 6; i++)
		key_figure(r, MARGIN + (double)(i % 3) * (w + gap), r->y +
		    (double)(i / 3) * (24 * MM + gap), w, v[i], d[i]);
	r->y += 2 * (24 * MM) + gap + 2 * MM;
}

/* The deadlines as a table: label, kept, late, open, overdue, share. */
static void
deadline_table(report *r)
{
	static const char *const cols[] = {"gehaald", "te laat", "open",
	    "verlopen", "op tijd"};
	const json_t *rows = json_object_get(r->tr, "termijnen");
	const double label_w = 80 * MM, col_w = (PAGE_W - 2 * MARGIN -
	    label_w) / 5;
	json_t *row;
	size_t i, c;

	heading(r, "Termijnen uit het protocol");
	if (json_array_size(rows) == 0) {
		r->y += 6 * MM;
		text_at(r, MARGIN, r->y, false, 9.5, 0, false,
		    "Geen termijnen in deze periode.");
		return;
	}
	r->y += 6 * MM;
	for (c = 0; c < 5; c++)
		text_at(r, MARGIN + label_w + col_w * (double)(c + 1) - 2 * MM,
		    r->y, true, 8.5, 0, true, cols[c]);
	r->y += 2 * MM;
	json_array_foreach(rows, i, row) {
		static const char *const keys[] = {"gehaald", "te_laat", "open",
		    "verlopen"};
		char val[16];
		double y0;

		need(r, 12 * MM);
		y0 = r->y;
		color(r, 0.8, 0.8, 0.8);
		rect(r, MARGIN, r->y, PAGE_W - 2 * MARGIN, 0.4);
		color(r, 0, 0, 0);
		r->y = paragraph(r, MARGIN, r->y + 4 * MM, label_w - 4 * MM, 8,
		    str(row, "label"));
		for (c = 0; c < 5; c++) {
			if (c < 4)
				snprintf(val, sizeof(val), "%lld", num(row,
				    keys[c]));
			else if (json_is_integer(json_object_get(row,
			    "op_tijd_procent")))
				snprintf(val, sizeof(val), "%lld%%", num(row,
				    "op_tijd_procent"));
			else
				snprintf(val, sizeof(val), "—");
			text_at(r, MARGIN + label_w + col_w * (double)(c + 1) -
			    2 * MM, y0 + 4 * MM, c == 4, 9, 0, true, val);
		}
		r->y += 1 * MM;
	}
}

static void
notes(report *r)
{
	static const char *const lines[] = {
		"Een incident telt in de periode van de dag waarop het "
		"gebeurde (Nederlandse tijd). Eén incident kan onder meer "
		"gedragscategorieën en gedragingen vallen; die tellen elk "
		"mee, dus hun som kan groter zijn dan het aantal incidenten.",
		"Een maatregel telt in de periode waarin hij ingaat. Een "
		"termijn telt in de periode waarin hij begon; 'verlopen' is "
		"een termijn die nu voorbij is en nog open staat.",
		"De eerste brief is de eerste brief aan de klant die na het "
		"incident is gemaakt, in welke zaak dan ook van dat incident; "
		"de 48 uur zijn echte uren, ook over de wisseling van zomer- "
		"en wintertijd.",
		"Een persoon telt als herhaald wanneer hij tot het einde van "
		"de periode meer dan één incident op zijn naam heeft.",
		"Dit rapport bevat geen namen of andere persoonsgegevens. De "
		"cijfers komen uit het auditarchief van vpd en zijn na te "
		"rekenen met 'vpd report --period' (ook als CSV).",
	};
	size_t i;

	heading(r, "Toelichting");
	r->y += 3 * MM;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		need(r, 14 * MM);
		r->y = paragraph(r, MARGIN, r->y + 3 * MM, PAGE_W - 2 * MARGIN,
		    9, lines[i]);
	}
}

/* A new document with its fonts and title. */
static int
doc_begin(report *r, const char *fontdir, const char *title, vpd_error *err)
{
	r->pageno = 0;
	return vpd_plain_open(&r->p, fontdir, title, err);
}

/*
 * Saves the document (`pad` > 0 first draws a few more glyphs in white:
 * libharu 2.3 fails to save a font subset whose size is a multiple of
 * 4,096 bytes, see pdf.c, and other glyphs give the subset another size)
 * and frees it.
 */
static int
doc_end(report *r, int pad, const char *what, unsigned char **pdf,
    size_t *len, vpd_error *err)
{
	int rc;

	if (pad > 0) {
		static const char *const pads[] = {"", "Xqj", "ZQxkw", "#%&@$"};

		color(r, 1, 1, 1);
		text_at(r, MARGIN, BOTTOM, false, 4, 0, false, pads[pad & 3]);
		color(r, 0, 0, 0);
	}
	rc = vpd_plain_save(&r->p, what, pdf, len, err);
	vpd_plain_close(&r->p);
	return rc;
}

/* The title block on the first page: a rule, the title, two lines. */
static void
title_block(report *r, const char *title, const char *sub,
    const char *small)
{
	new_page(r);
	color(r, 0.09, 0.31, 0.55);
	rect(r, MARGIN, r->y, PAGE_W - 2 * MARGIN, 1.2 * MM);
	color(r, 0, 0, 0);
	r->y += 12 * MM;
	text_at(r, MARGIN, r->y, true, 20, PAGE_W - 2 * MARGIN, false, title);
	r->y += 8 * MM;
	text_at(r, MARGIN, r->y, false, 11, PAGE_W - 2 * MARGIN, false, sub);
	r->y += 5.5 * MM;
	color(r, 0.3, 0.3, 0.3);
	text_at(r, MARGIN, r->y, false, 9, PAGE_W - 2 * MARGIN, false, small);
	color(r, 0, 0, 0);
	r->y += 8 * MM;
}

/* One attempt at the report. */
static int
render(report *r, int pad, const char *made_by, const char *fontdir,
    unsigned char **pdf, size_t *len, vpd_error *err)
{
	const json_t *tr = r->tr, *p = json_object_get(tr, "periode");
	const json_t *ernst = json_object_get(tr, "ernst");
	char line[400], sub[400];
	vpd_time made;
	int rc;

	snprintf(line, sizeof(line), "Rapportage agressie en geweld, %s",
	    str(p, "naam"));
	if ((rc = doc_begin(r, fontdir, line, err)))
		return rc;
	snprintf(sub, sizeof(sub), "%s%sRapportage over %s", r->org ?
	    r->org : "", r->org ? " — " : "", str(p, "naam"));
	line[0] = '\0';
	if (vpd_time_parse(str(tr, "gemaakt"), &made) == 0) {
		char when[VPD_TIME_LOCAL_LEN];

		vpd_time_format_human(made, when);
		snprintf(line, sizeof(line), "Gemaakt op %s%s%s.", when,
		    made_by ? " door " : "", made_by ? made_by : "");
	}
	title_block(r, "Agressie en geweld tegen medewerkers", sub, line);
	key_figures(r);
	month_bars(r, json_object_get(tr, "per_maand"));
	hbars(r, "Soort agressie (gedragscategorie)",
	    json_object_get(tr, "per_categorie"), 10, NULL);
	hbars(r, "Kanaal", json_object_get(tr, "per_kanaal"), 10, NULL);
	hbars(r, "Afdeling", json_object_get(tr, "per_afdeling"), TOP_ROWS,
	    NULL);
	hbars(r, "Locatie", json_object_get(tr, "per_locatie"), TOP_ROWS,
	    NULL);
	hbars(r, "Gedragingen", json_object_get(tr, "per_soort"), TOP_ROWS,
	    NULL);
	snprintf(line, sizeof(line), "Ingetrokken van deze maatregelen: %lld.",
	    num(tr, "maatregelen_ingetrokken"));
	hbars(r, "Maatregelen opgelegd", json_object_get(tr, "maatregelen"), 10,
	    line);
	{
		json_t *sev = json_pack("[{sssI}{sssI}{sssI}]", "naam",
		    "Met letsel", "aantal", json_integer_value(json_object_get(
		    ernst, "letsel")), "naam", "Met schade", "aantal",
		    json_integer_value(json_object_get(ernst, "schade")),
		    "naam", "Politie ter plaatse", "aantal",
		    json_integer_value(json_object_get(ernst,
		    "politie_ter_plaatse")));

		hbars(r, "Ernst", sev, 10, NULL);
		json_decref(sev);
	}
	deadline_table(r);
	notes(r);
	return doc_end(r, pad, "report", pdf, len, err);
}

int
vpd_report_pdf(const json_t *trends, const char *org_name,
    const char *made_by, const char *fontdir, unsigned char **pdf,
    size_t *len, vpd_error *err)
{
	report r = {.tr = trends, .org = org_name};
	int rc = 0;

	snprintf(r.header, sizeof(r.header), "Agressie en geweld tegen "
	    "medewerkers — %s", str(json_object_get(trends, "periode"),
	    "naam"));
	*pdf = NULL;
	*len = 0;
	for (int pad = 0; pad < 4; pad++) {
		vpd_error_clear(err);
		rc = render(&r, pad, made_by, fontdir, pdf, len, err);
		if (rc == 0 || r.p.code != HPDF_INVALID_OBJECT)
			break;
	}
	return rc;
}
