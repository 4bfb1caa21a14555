/*
 * folder.c - the reception folder: the bans list as a PDF with one card
 * per person, two cards to an A4 page, the photo large enough to know a
 * face by (55 x 73 mm, a passport photo's proportions at 1.5 times).
 *
 * Every page says VERTROUWELIJK, the day the list is for, when it was
 * made and the day after which it must be replaced.  The folder is made
 * when asked and not archived, so it is a plain PDF, not PDF/A, in one
 * code page (plain.h).
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
#define MARGIN (15.0 * MM)
#define CARD_H (118.0 * MM)
#define PHOTO_W (55.0 * MM)
#define PHOTO_H (73.0 * MM)
#define CARDS_PER_PAGE 2

typedef struct {
	vpd_plain p;                 /* the document and its page */
	const json_t *bans;
	const char *org;
	int pageno, pages;
} folder;

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static double
text(folder *f, double x, double y, bool bold, double size, const char *s)
{
	return vpd_plain_put(&f->p, x, y, bold, size, s);
}

static double
wrapped(folder *f, double x, double y, double width, bool bold,
    double size, const char *s)
{
	return vpd_plain_wrap(&f->p, x, y, width, bold, size, 1.3, s);
}

static void
fill(folder *f, double r, double g, double b)
{
	HPDF_Page_SetRGBFill(f->p.page, (HPDF_REAL)r, (HPDF_REAL)g,
	    (HPDF_REAL)b);
}

static void
page_frame(folder *f)
{
	char line[256], made[64], until[64], pg[32];
	double w;
	vpd_time t;
	vpd_date d;

	f->p.page = HPDF_AddPage(f->p.pdf);
	HPDF_Page_SetSize(f->p.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	f->pageno++;
	/* The red band: confidential. */
	fill(f, 0.75, 0.05, 0.05);
	HPDF_Page_Rectangle(f->p.page, (HPDF_REAL)MARGIN,
	    (HPDF_REAL)(PAGE_H - MARGIN - 9 * MM), (HPDF_REAL)(PAGE_W -
	    2 * MARGIN), (HPDF_REAL)(9 * MM));
	HPDF_Page_Fill(f->p.page);
	fill(f, 1, 1, 1);
	w = text(f, MARGIN + 3 * MM, MARGIN + 6.3 * MM, true, 13,
	    "VERTROUWELIJK");
	snprintf(line, sizeof(line), "Baliemap toegangsverboden en "
	    "waarschuwingen%s%s", f->org ? " — " : "", f->org ? f->org : "");
	text(f, MARGIN + 3 * MM + w + 6 * MM, MARGIN + 6.1 * MM, false, 9.5,
	    line);
	fill(f, 0, 0, 0);
	made[0] = '\0';
	if (vpd_time_parse(str(f->bans, "gemaakt"), &t) == 0)
		vpd_time_format_human(t, made);
	snprintf(line, sizeof(line), "Van kracht op %s.  Gemaakt %s door %s.",
	    str(f->bans, "datum_tekst"), made, str(f->bans, "gemaakt_door") ?
	    str(f->bans, "gemaakt_door") : "-");
	text(f, MARGIN, MARGIN + 15 * MM, false, 9, line);
	if (vpd_date_parse(str(f->bans, "vervangen_na"), &d) == 0) {
		vpd_letter_date(d, until, sizeof(until));
		snprintf(line, sizeof(line), "Geldig tot en met %s: vervang "
		    "de map daarna, en meteen bij een nieuw verbod.", until);
	} else {
		snprintf(line, sizeof(line), "Vervang de map meteen bij een "
		    "nieuw verbod.");
	}
	text(f, MARGIN, MARGIN + 19.5 * MM, true, 9, line);
	snprintf(pg, sizeof(pg), "pagina %d van %d", f->pageno, f->pages);
	fill(f, 0.35, 0.35, 0.35);
	text(f, MARGIN, PAGE_H - 10 * MM, false, 7.5, "Vertrouwelijk: "
	    "alleen voor balie, beveiliging en leiding. Niet aan bezoekers "
	    "tonen; vernietig een vervangen map.");
	text(f, PAGE_W - MARGIN - 25 * MM, PAGE_H - 10 * MM, false, 7.5, pg);
	fill(f, 0, 0, 0);
}

static void
photo(folder *f, const vpd_folder_photo *ph, double x, double top)
{
	HPDF_Image img = NULL;

	HPDF_Page_SetLineWidth(f->p.page, 0.6);
	HPDF_Page_SetRGBStroke(f->p.page, 0.6f, 0.6f, 0.6f);
	HPDF_Page_Rectangle(f->p.page, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - top -
	    PHOTO_H), (HPDF_REAL)PHOTO_W, (HPDF_REAL)PHOTO_H);
	HPDF_Page_Stroke(f->p.page);
	if (ph && ph->data && ph->len > 3)
		img = ph->data[0] == 0xFF ?
		    HPDF_LoadJpegImageFromMem(f->p.pdf, ph->data,
		    (HPDF_UINT)ph->len) :
		    HPDF_LoadPngImageFromMem(f->p.pdf, ph->data,
		    (HPDF_UINT)ph->len);
	if (img) {
		double iw = HPDF_Image_GetWidth(img), ih =
		    HPDF_Image_GetHeight(img), w = PHOTO_W, h = PHOTO_W * ih / iw;

		if (h > PHOTO_H) {
			w = w * PHOTO_H / h;
			h = PHOTO_H;
		}
		HPDF_Page_DrawImage(f->p.page, img, (HPDF_REAL)(x + (PHOTO_W -
		    w) / 2), (HPDF_REAL)(PAGE_H - top - PHOTO_H + (PHOTO_H -
		    h) / 2), (HPDF_REAL)w, (HPDF_REAL)h);
	} else {
		fill(f, 0.5, 0.5, 0.5);
		text(f, x + 17 * MM, top + PHOTO_H / 2, false, 10, "geen foto");
		fill(f, 0, 0, 0);
	}
}

static void
person_card(folder *f, const json_t *c, const vpd_folder_photo *ph,
    double top)
{
	double x = MARGIN + PHOTO_W + 7 * MM, w = PAGE_W - MARGIN - x, y;
	char name[256], born[64], line[512];
	const json_t *m;
	size_t i;

	HPDF_Page_SetLineWidth(f->p.page, 0.8);
	HPDF_Page_SetRGBStroke(f->p.page, 0.2f, 0.2f, 0.2f);
	HPDF_Page_Rectangle(f->p.page, (HPDF_REAL)(MARGIN - 3 * MM),
	    (HPDF_REAL)(PAGE_H - top - CARD_H + 4 * MM),
	    (HPDF_REAL)(PAGE_W - 2 * MARGIN + 6 * MM),
	    (HPDF_REAL)(CARD_H - 2 * MM));
	HPDF_Page_Stroke(f->p.page);
	photo(f, ph, MARGIN, top + 2 * MM);
	/* The register way: surname first, then given names and
	 * tussenvoegsel ("Berg, Jan van der"). */
	snprintf(name, sizeof(name), "%s, %s%s%s", str(c, "achternaam"),
	    str(c, "voornamen") ? str(c, "voornamen") : "",
	    str(c, "tussenvoegsel") ? " " : "", str(c, "tussenvoegsel") ?
	    str(c, "tussenvoegsel") : "");
	y = wrapped(f, x, top + 8 * MM, w, true, 16, name);
	vpd_letter_date_iso(str(c, "geboortedatum"), born, sizeof(born));
	snprintf(line, sizeof(line), "geboren %s  ·  persoon %s", born,
	    str(c, "persoon"));
	text(f, x, y + 1, false, 9.5, line);
	y += 8 * MM;
	json_array_foreach(json_object_get(c, "maatregelen"), i, m) {
		char van[64], tot[64], where[512];
		const json_t *v;
		size_t k;
		bool ban = strcmp(str(m, "soort"), "toegangsverbod") == 0;

		if (ban)
			fill(f, 0.72, 0.05, 0.05);
		y = wrapped(f, x, y, w, true, 11, str(m, "oordeel"));
		fill(f, 0, 0, 0);
		vpd_letter_date_iso(str(m, "van"), van, sizeof(van));
		vpd_letter_date_iso(str(m, "tot"), tot, sizeof(tot));
		snprintf(line, sizeof(line), "%s van %s t/m %s  ·  zaak %s",
		    ban ? "Toegangsverbod" : "Schriftelijke waarschuwing", van,
		    tot, str(m, "zaak"));
		y = wrapped(f, x, y + 1, w, false, 9, line);
		if (ban) {
			where[0] = '\0';
			json_array_foreach(json_object_get(m, "locaties"), k,
			    v)
				snprintf(where + strlen(where), sizeof(where) -
				    strlen(where), "%s%s", k ? ", " : "",
				    json_string_value(v));
			snprintf(line, sizeof(line), "Verboden: %s; telefonisch "
			    "contact %s.", where[0] ? where :
			    "gemeentelijke gebouwen", json_is_true(
			    json_object_get(m, "telefoonverbod")) ?
			    "ook verboden" : "toegestaan");
			y = wrapped(f, x, y, w, false, 9, line);
		}
		y = wrapped(f, x, y + 1, w, true, 9, "Contact met de gemeente:");
		json_array_foreach(json_object_get(m, "contact"), k, v) {
			snprintf(line, sizeof(line), "– %s",
			    json_string_value(v));
			y = wrapped(f, x + 2 * MM, y, w - 2 * MM, false, 9,
			    line);
		}
		y += 2 * MM;
	}
	if (y > top + CARD_H - 6 * MM) {
		fill(f, 0.72, 0.05, 0.05);
		text(f, x, top + CARD_H - 4 * MM, false, 7.5, "(meer dan op "
		    "deze kaart past: zie vpd bans)");
		fill(f, 0, 0, 0);
	}
}

int
vpd_folder_pdf(const json_t *bans, const vpd_folder_photo *photos,
    const char *org_name, const char *fontdir, unsigned char **pdf,
    size_t *len, vpd_error *err)
{
	folder f = {.bans = bans, .org = org_name};
	const json_t *people = json_object_get(bans, "personen");
	size_t n = json_array_size(people), i;
	int rc = 0;

	if ((rc = vpd_plain_open(&f.p, fontdir, "Baliemap (vertrouwelijk)",
	    err)))
		return rc;
	f.pages = n == 0 ? 1 : (int)((n + CARDS_PER_PAGE - 1) /
	    CARDS_PER_PAGE);
	if (n == 0) {
		page_frame(&f);
		text(&f, MARGIN, MARGIN + 40 * MM, true, 12, "Er is op deze "
		    "dag geen toegangsverbod of schriftelijke waarschuwing "
		    "van kracht.");
	}
	for (i = 0; i < n; i++) {
		if (i % CARDS_PER_PAGE == 0)
			page_frame(&f);
		person_card(&f, json_array_get(people, i), photos ? &photos[i] :
		    NULL, MARGIN + 26 * MM + (double)(i % CARDS_PER_PAGE) *
		    CARD_H);
	}
	rc = vpd_plain_save(&f.p, "folder", pdf, len, err);
	vpd_plain_close(&f.p);
	return rc;
}
