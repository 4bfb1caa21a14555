/*
 * pdf.c - the letter model on A4, with libharu 2.3 (used only here).
 *
 * Layout follows NEN 1026 as implemented by the NTG "brief" class and its
 * successor isodoc.cls in TeX Live (docs/letters.md gives the measures):
 * text block 140 mm wide from 35 mm, the address block in the envelope
 * window 70 mm wide at 35 mm, centred 63.5 mm from the top, the reference
 * line at 98 mm, the subject at 108 mm, the body from 120 mm.
 *
 * Fonts are DejaVu Sans (regular, bold, oblique, bold oblique) embedded as
 * TrueType with WinAnsiEncoding: text is converted from UTF-8 to CP1252 by
 * iconv, which covers Dutch (ë é ï ’ – — €) and keeps poppler's text
 * extraction exact without libharu's faulty ToUnicode maps.  A character
 * outside CP1252 is refused with its position rather than printed wrong.
 *
 * The body is laid out twice: once to count the pages ("pagina 1 van 2"),
 * once to draw.  Lines are justified except the last of a paragraph.
 * Nothing depends on the clock: creation date is the event's instant and
 * libharu writes no /ID without encryption, so output is byte-identical.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pdfa.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define LEFT (35.0 * MM)
#define WIDTH (140.0 * MM)
#define BODY_SIZE 10.0
#define LEADING 13.5
#define PARA_GAP 7.0
#define BOTTOM (28.0 * MM)
#define LATER_TOP (30.0 * MM)

typedef struct {
	HPDF_STATUS code, detail;
} harm;

typedef struct {
	HPDF_Doc pdf;
	HPDF_Font font[4];       /* index: VPD_RUN_BOLD | VPD_RUN_ITALIC */
	HPDF_Page page;
	int pageno, pages;
	bool draw;
	double y;                /* from the top, in points */
	const vpd_letter_doc *d;
	vpd_error *err;
	iconv_t cd;
} ctx;

typedef struct {
	char *text;              /* CP1252 */
	unsigned style;
	double width;
	bool space_before;
	bool brk;                /* a forced line break after this word */
} word;

static HPDF_Font font(ctx *c, unsigned style);

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *ud)
{
	harm *h = ud;

	if (h->code == 0) {
		h->code = code;
		h->detail = detail;
	}
}

/* UTF-8 to CP1252, or NULL with err naming what cannot be printed. */
static char *
cp1252(ctx *c, const char *utf8)
{
	size_t inlen = strlen(utf8), outlen = inlen + 1;
	char *out = malloc(outlen), *in = (char *)utf8, *o = out;

	if (out == NULL) {
		vpd_error_set(c->err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	iconv(c->cd, NULL, NULL, NULL, NULL);
	if (iconv(c->cd, &in, &inlen, &o, &outlen) == (size_t)-1) {
		vpd_error_set(c->err, VPD_EINVALID, NULL, 0, 0,
		    "the letter contains a character that its font cannot "
		    "print (near \"%.20s\")", in);
		vpd_error_set_nl(c->err, "De brief kan een teken niet "
		    "afdrukken, bij \"%.20s\". Brieven kennen alleen de "
		    "letters van West-Europese talen; schrijf het teken in de "
		    "gegevens zonder haakje of streepje (bijvoorbeeld s voor "
		    "\u015f).", in);
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

static double
y_pdf(double from_top)
{
	return PAGE_H - from_top;
}

static double
text_width(ctx *c, HPDF_Font f, const char *s, double size)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s,
	    (HPDF_UINT)strlen(s));

	(void)c;
	return tw.width * size / 1000.0;
}

/* Draws a UTF-8 string (converted) at x, top-based y (baseline). */
static int
put(ctx *c, double x, double y, unsigned style, double size,
    const char *utf8)
{
	char *s;

	if (!c->draw || utf8 == NULL || *utf8 == '\0')
		return 0;
	if ((s = cp1252(c, utf8)) == NULL)
		return c->err->code;
	HPDF_Page_BeginText(c->page);
	HPDF_Page_SetFontAndSize(c->page, font(c, style & 3), (HPDF_REAL)size);
	HPDF_Page_TextOut(c->page, (HPDF_REAL)x, (HPDF_REAL)y_pdf(y), s);
	HPDF_Page_EndText(c->page);
	free(s);
	return 0;
}

static void
grey(ctx *c, double level)
{
	if (c->draw)
		HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)level,
		    (HPDF_REAL)level, (HPDF_REAL)level);
}

static int
draw_image(ctx *c, const unsigned char *png, size_t len, double x,
    double top, double width, double max_h)
{
	HPDF_Image img;
	double w, h;

	if (!c->draw || png == NULL)
		return 0;
	img = HPDF_LoadPngImageFromMem(c->pdf, png, (HPDF_UINT)len);
	if (img == NULL)
		return vpd_error_set(c->err, VPD_EINVALID, NULL, 0, 0,
		    "an image of the letter is not a PNG libharu can place");
	w = width;
	h = w * HPDF_Image_GetHeight(img) / HPDF_Image_GetWidth(img);
	if (h > max_h) {
		w = w * max_h / h;
		h = max_h;
	}
	HPDF_Page_DrawImage(c->page, img, (HPDF_REAL)x,
	    (HPDF_REAL)y_pdf(top + h), (HPDF_REAL)w, (HPDF_REAL)h);
	return 0;
}

/* ---- Pages ---------------------------------------------------------- */

static int
footer(ctx *c)
{
	char buf[64];
	int rc;

	if (!c->draw)
		return 0;
	grey(c, 0.35);
	snprintf(buf, sizeof(buf), "pagina %d van %d", c->pageno, c->pages);
	if ((rc = put(c, LEFT + WIDTH - text_width(c, font(c, 0), buf, 7.5),
	    PAGE_H - 12.0 * MM, 0, 7.5, buf)) ||
	    (rc = put(c, LEFT, PAGE_H - 12.0 * MM, 0, 7.5, c->d->copy_label)))
		return rc;
	grey(c, 0);
	return 0;
}

static int
first_page(ctx *c)
{
	const vpd_letter_doc *d = c->d;
	size_t n = 0;
	double y;
	int rc;

	c->pageno = 1;
	c->y = 120.0 * MM;
	if (!c->draw)
		return 0;
	c->page = HPDF_AddPage(c->pdf);
	HPDF_Page_SetSize(c->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	/* Letterhead: the name in its colour, the logo top right. */
	HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)d->colour[0],
	    (HPDF_REAL)d->colour[1], (HPDF_REAL)d->colour[2]);
	if ((rc = put(c, LEFT, 24.0 * MM, VPD_RUN_BOLD, 16, d->org_name)))
		return rc;
	grey(c, 0);
	if ((rc = draw_image(c, d->logo_png, d->logo_len, 140.0 * MM,
	    12.0 * MM, 35.0 * MM, 22.0 * MM)))
		return rc;
	grey(c, 0.25);
	for (int i = 0; i < VPD_LETTER_MAX_LINES && d->org_lines[i]; i++)
		if ((rc = put(c, 140.0 * MM, 45.0 * MM + i * 10.0, 0, 7.5,
		    d->org_lines[i])))
			return rc;
	/* The window: return address, AANGETEKEND, the address. */
	while (n < VPD_LETTER_MAX_LINES && d->address[n])
		n++;
	y = 63.5 * MM - (n * 12.5) / 2.0 + 9.0;
	if ((rc = put(c, LEFT, y - 20.0, 0, 6.5, d->return_address)))
		return rc;
	grey(c, 0);
	if (d->registered && (rc = put(c, LEFT, y - 10.0, VPD_RUN_BOLD, 9,
	    "AANGETEKEND")))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = put(c, LEFT, y + i * 12.5, 0, 10, d->address[i])))
			return rc;
	/* Reference line and subject. */
	grey(c, 0.35);
	if ((rc = put(c, LEFT, 98.0 * MM, 0, 7, "Datum")) ||
	    (rc = put(c, 70.0 * MM, 98.0 * MM, 0, 7, "Kenmerk")) ||
	    (rc = put(c, LEFT, 108.0 * MM, 0, 7, "Onderwerp")))
		return rc;
	grey(c, 0);
	if ((rc = put(c, LEFT, 98.0 * MM + 11, 0, 9.5, d->datum)) ||
	    (rc = put(c, 70.0 * MM, 98.0 * MM + 11, 0, 9.5, d->kenmerk)) ||
	    (rc = put(c, LEFT, 108.0 * MM + 11, VPD_RUN_BOLD, 9.5,
	    d->onderwerp)))
		return rc;
	return 0;
}

static int
next_page(ctx *c)
{
	char head[256];
	int rc;

	if ((rc = footer(c)))
		return rc;
	c->pageno++;
	c->y = LATER_TOP;
	if (!c->draw)
		return 0;
	c->page = HPDF_AddPage(c->pdf);
	HPDF_Page_SetSize(c->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	snprintf(head, sizeof(head), "%s — kenmerk %s — %s",
	    c->d->org_name ? c->d->org_name : "", c->d->kenmerk ?
	    c->d->kenmerk : "", c->d->datum ? c->d->datum : "");
	grey(c, 0.35);
	rc = put(c, LEFT, 15.0 * MM, 0, 7.5, head);
	grey(c, 0);
	return rc;
}

/* Makes room for `need` points, breaking the page when there is none. */
static int
room(ctx *c, double need)
{
	if (c->y + need > PAGE_H - BOTTOM)
		return next_page(c);
	return 0;
}

/* ---- Body ----------------------------------------------------------- */

static void
free_words(word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].text);
	free(w);
}

/* Splits a block's runs into measured words. */
static int
split(ctx *c, const vpd_block *b, double size, word **out, size_t *nout)
{
	word *w = NULL;
	size_t n = 0, cap = 0;
	bool space = false;

	for (size_t r = 0; r < b->nruns; r++) {
		const vpd_run *run = &b->runs[r];
		const char *p = run->text;

		if (run->style & VPD_RUN_BREAK) {
			if (n > 0)
				w[n - 1].brk = true;
			space = false;
			continue;
		}
		while (*p) {
			size_t len;
			char *utf;

			if (*p == ' ' || *p == '\n' || *p == '\t') {
				space = true;
				p++;
				continue;
			}
			len = strcspn(p, " \n\t");
			if (n == cap) {
				word *g = realloc(w, (cap = cap * 2 + 16) *
				    sizeof(*g));

				if (g == NULL) {
					free_words(w, n);
					return vpd_error_set(c->err, VPD_ENOMEM,
					    NULL, 0, 0, "out of memory");
				}
				w = g;
			}
			utf = strndup(p, len);
			w[n].text = utf ? cp1252(c, utf) : NULL;
			free(utf);
			if (w[n].text == NULL) {
				free_words(w, n);
				return c->err->code ? c->err->code : VPD_ENOMEM;
			}
			w[n].style = (run->style |
			    (b->kind == VPD_BLOCK_HEADING ? VPD_RUN_BOLD : 0)) & 3;
			w[n].width = text_width(c, font(c, w[n].style),
			    w[n].text, size);
			w[n].space_before = space && n > 0;
			w[n].brk = false;
			space = false;
			n++;
			p += len;
		}
	}
	*out = w;
	*nout = n;
	return 0;
}

static int
draw_line(ctx *c, word *w, size_t from, size_t to, double x0, double width,
    double size, bool justify)
{
	double natural = 0, extra = 0, x = x0, space;
	int gaps = 0;

	if (!c->draw)
		return 0;
	space = text_width(c, font(c, 0), " ", size);
	for (size_t i = from; i < to; i++) {
		natural += w[i].width + (i > from && w[i].space_before ?
		    space : 0);
		if (i > from && w[i].space_before)
			gaps++;
	}
	if (justify && gaps > 0)
		extra = (width - natural) / gaps;
	HPDF_Page_BeginText(c->page);
	for (size_t i = from; i < to; i++) {
		if (i > from && w[i].space_before)
			x += space + extra;
		HPDF_Page_SetFontAndSize(c->page, font(c, w[i].style),
		    (HPDF_REAL)size);
		HPDF_Page_TextOut(c->page, (HPDF_REAL)x,
		    (HPDF_REAL)y_pdf(c->y), w[i].text);
		x += w[i].width;
	}
	HPDF_Page_EndText(c->page);
	return 0;
}

static bool
is_item(const vpd_block *b)
{
	return b && (b->kind == VPD_BLOCK_BULLET ||
	    b->kind == VPD_BLOCK_NUMBERED);
}

/* Lays out one block; items of a list stand close, the list ends with
 * the gap of a paragraph. */
static int
paragraph(ctx *c, const vpd_block *b, const vpd_block *next)
{
	double size = b->kind == VPD_BLOCK_HEADING ? 10.5 : BODY_SIZE;
	double indent = (b->kind == VPD_BLOCK_BULLET ||
	    b->kind == VPD_BLOCK_NUMBERED) ? 6.0 * MM : 0;
	double width = WIDTH - indent, space;
	word *w = NULL;
	size_t n = 0, start = 0;
	int rc;

	if ((rc = split(c, b, size, &w, &n)))
		return rc;
	if (b->kind == VPD_BLOCK_HEADING)
		c->y += 4.0; /* a little air above a heading */
	space = text_width(c, font(c, 0), " ", size);
	for (bool first = true; start < n; first = false) {
		double used = 0;
		size_t end = start;

		while (end < n) {
			double add = w[end].width + (end > start &&
			    w[end].space_before ? space : 0);

			if (end > start && used + add > width)
				break;
			used += add;
			if (w[end++].brk)
				break;
		}
		if ((rc = room(c, LEADING)))
			break;
		c->y += LEADING;
		if (first && indent > 0 && c->draw) {
			char mark[16];

			if (b->kind == VPD_BLOCK_BULLET)
				snprintf(mark, sizeof(mark), "•");
			else
				snprintf(mark, sizeof(mark), "%d.", b->number);
			if ((rc = put(c, LEFT + 1.5 * MM, c->y, 0, size, mark)))
				break;
		}
		if ((rc = draw_line(c, w, start, end, LEFT + indent, width,
		    size, end < n && !w[end - 1].brk)))
			break;
		start = end;
	}
	free_words(w, n);
	if (rc == 0)
		c->y += is_item(b) && is_item(next) ? 2.0 : PARA_GAP;
	return rc;
}

static int
signature(ctx *c)
{
	const vpd_letter_doc *d = c->d;
	int rc;

	if ((rc = room(c, 42.0 * MM)))
		return rc;
	c->y += LEADING;
	if ((rc = put(c, LEFT, c->y, 0, BODY_SIZE, d->closing)))
		return rc;
	if (d->on_behalf) {
		c->y += LEADING;
		if ((rc = put(c, LEFT, c->y, 0, BODY_SIZE, d->on_behalf)))
			return rc;
	}
	c->y += 4.0;
	if ((rc = draw_image(c, d->signature_png, d->signature_len, LEFT,
	    c->y, 45.0 * MM, 16.0 * MM)))
		return rc;
	c->y += 16.0 * MM + LEADING;
	if ((rc = put(c, LEFT, c->y, VPD_RUN_BOLD, BODY_SIZE, d->signer_name)))
		return rc;
	c->y += LEADING;
	return put(c, LEFT, c->y, 0, BODY_SIZE, d->signer_function);
}

static int
layout(ctx *c)
{
	int rc;

	if ((rc = first_page(c)))
		return rc;
	for (size_t i = 0; c->d->body && i < c->d->body->n; i++)
		if ((rc = paragraph(c, &c->d->body->items[i],
		    i + 1 < c->d->body->n ? &c->d->body->items[i + 1] : NULL)))
			return rc;
	if ((rc = signature(c)))
		return rc;
	c->pages = c->draw ? c->pages : c->pageno;
	return footer(c);
}

/* ---- Document ------------------------------------------------------- */

static const char *font_files[4] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"};

/*
 * The font of a style, loaded on first use: libharu parses a TrueType file
 * for every document, so faces a letter does not use are not loaded.
 */
static HPDF_Font
font(ctx *c, unsigned style)
{
	char path[1024];
	const char *name;

	style &= 3;
	if (c->font[style])
		return c->font[style];
	snprintf(path, sizeof(path), "%s/%s", c->d->fontdir ? c->d->fontdir :
	    "/usr/share/fonts/truetype/dejavu", font_files[style]);
	name = HPDF_LoadTTFontFromFile(c->pdf, path, HPDF_TRUE);
	if (name)
		c->font[style] = HPDF_GetFont(c->pdf, name, "WinAnsiEncoding");
	if (c->font[style] == NULL && c->err->code == 0)
		vpd_error_set(c->err, VPD_EIO, path, 0, 0,
		    "font missing or unusable");
	return c->font[style];
}

/* Regular is needed by every letter: load it now, so a missing font
 * directory is reported before anything else. */
static int
load_fonts(ctx *c)
{
	FILE *f;
	char path[1024];

	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", c->d->fontdir ?
		    c->d->fontdir : "/usr/share/fonts/truetype/dejavu",
		    font_files[i]);
		if ((f = fopen(path, "rb")) == NULL)
			return vpd_error_set(c->err, VPD_EIO, path, 0, 0,
			    "font missing: %s", strerror(errno));
		fclose(f);
	}
	return font(c, 0) ? 0 : c->err->code;
}

/* Metadata text in ASCII: libharu writes the Info strings unchanged into
 * the XMP packet, which must be UTF-8, while Info itself is PDFDocEncoding;
 * only ASCII is right in both.  "&" would break the XML. */
static char *
ascii(const char *utf8)
{
	iconv_t cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	size_t inlen = strlen(utf8), outlen = inlen * 4 + 1;
	char *out = malloc(outlen), *in = (char *)utf8, *o = out;

	if (out == NULL || cd == (iconv_t)-1) {
		free(out);
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		return NULL;
	}
	while (inlen > 0 && iconv(cd, &in, &inlen, &o, &outlen) == (size_t)-1) {
		in++;   /* skip what cannot be transliterated */
		inlen--;
	}
	*o = '\0';
	iconv_close(cd);
	for (char *p = out; *p; p++)
		if (*p == '&' || *p == '<' || *p == '>')
			*p = '+';
	return out;
}

/* Pins the trailer /ID to the document's identity, before libharu's
 * PDF/A code would make one from the clock. */
static int
pin_id(ctx *c)
{
	HPDF_BYTE key[16];
	HPDF_Array id;
	const char *hex = c->d->document_id;

	if (hex == NULL || strlen(hex) < 32)
		return vpd_error_set(c->err, VPD_EINVALID, NULL, 0, 0,
		    "PDF/A needs a document id of 32 hex digits");
	for (int i = 0; i < 16; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return vpd_error_set(c->err, VPD_EINVALID, NULL, 0, 0,
			    "document id is not hexadecimal");
		key[i] = (HPDF_BYTE)v;
	}
	id = HPDF_Array_New(c->pdf->mmgr);
	if (id == NULL || HPDF_Dict_Add(c->pdf->trailer, "ID", id) != HPDF_OK ||
	    HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, key, 16)) !=
	    HPDF_OK || HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, key,
	    16)) != HPDF_OK)
		return vpd_error_set(c->err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	return 0;
}

static int
pdfa(ctx *c)
{
	HPDF_OutputIntent intent;
	int rc;

	if (c->d->icc_profile == NULL)
		return 0;
	if ((rc = pin_id(c)))
		return rc;
	{
		HPDF_STATUS st = HPDF_PDFA_SetPDFAConformance(c->pdf,
		    HPDF_PDFA_1B);

		if (st != HPDF_OK)
			return vpd_error_set(c->err, VPD_EIO, NULL, 0, 0,
			    "libharu cannot make PDF/A-1b metadata (error "
			    "0x%04X)", (unsigned)st);
	}
	intent = HPDF_LoadIccProfileFromFile(c->pdf, c->d->icc_profile, 3);
	if (intent)     /* libharu 2.3 would store the profile uncompressed */
		((HPDF_Dict)intent)->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (intent == NULL || HPDF_PDFA_AppendOutputIntents(c->pdf,
	    "sRGB IEC61966-2.1", intent) != HPDF_OK)
		return vpd_error_set(c->err, VPD_EIO, c->d->icc_profile, 0, 0,
		    "cannot use this ICC profile for the output intent");
	return 0;
}

static int
set_info(ctx *c)
{
	HPDF_Date date;
	int y, m, d;
	vpd_time t = c->d->created;
	vpd_date day = (vpd_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long rest = (long)(t - (vpd_time)day * 86400);
	const char *fields[3] = {c->d->title, c->d->subject, c->d->author};
	HPDF_InfoType types[3] = {HPDF_INFO_TITLE, HPDF_INFO_SUBJECT,
	    HPDF_INFO_AUTHOR};

	for (int i = 0; i < 3; i++) {
		char *s;

		if (fields[i] == NULL)
			continue;
		if ((s = ascii(fields[i])) == NULL)
			return vpd_error_set(c->err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		HPDF_SetInfoAttr(c->pdf, types[i], s);
		free(s);
	}
	/* libharu's PDF/A code writes these into the XMP unconditionally. */
	HPDF_SetInfoAttr(c->pdf, HPDF_INFO_CREATOR, "vpd");
	HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "vpd with libharu 2.3");
	HPDF_SetInfoAttr(c->pdf, HPDF_INFO_KEYWORDS, "vpd");
	vpd_date_to_ymd(day, &y, &m, &d);
	memset(&date, 0, sizeof(date));
	date.year = y;
	date.month = m;
	date.day = d;
	date.hour = (HPDF_INT)(rest / 3600);
	date.minutes = (HPDF_INT)(rest / 60 % 60);
	date.seconds = (HPDF_INT)(rest % 60);
	date.ind = '+';        /* +00'00': libharu's XMP code rejects 'Z' */
	HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, date);
	return 0;
}

/*
 * libharu 2.3 subsets each TrueType font into a memory stream of 4,096-byte
 * blocks and then seeks to every table it wrote.  When the subset's size
 * is an exact multiple of 4,096, the seek to its end finds no block and
 * HPDF_SaveToStream fails with HPDF_INVALID_OBJECT (0x1033).  The size
 * follows from the glyphs a letter uses, so about one letter in a
 * thousand would fail for its text alone ("Schelden aan de balie." did).
 * The cure is to make the subset another size: render again with a few
 * more glyphs marked as used (measuring a glyph marks it), which adds
 * their outlines to every subset and prints nothing.
 */
static const char *const pad_glyphs[] = {"", "\xA4", "\xA4\xA6",
    "\xA4\xA6\xAC"};

static int
render(const vpd_letter_doc *d, int pad, unsigned char **pdf, size_t *len,
    HPDF_STATUS *harm_code, vpd_error *err)
{
	harm h = {0, 0};
	ctx c = {.d = d, .err = err};
	unsigned char *buf = NULL;
	HPDF_UINT32 size;
	int rc;

	*harm_code = 0;
	c.cd = iconv_open("CP1252", "UTF-8");
	if (c.cd == (iconv_t)-1)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "iconv cannot convert to CP1252");
	c.pdf = HPDF_New(on_error, &h);
	if (c.pdf == NULL) {
		iconv_close(c.cd);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL);
	if ((rc = load_fonts(&c)) || (rc = set_info(&c)) || (rc = pdfa(&c)))
		goto done;
	c.draw = false;
	if ((rc = layout(&c)))
		goto done;
	c.pages = c.pageno;
	c.draw = true;
	if ((rc = layout(&c)))
		goto done;
	for (int i = 0; pad > 0 && i < 4; i++)
		if (c.font[i])
			HPDF_Font_TextWidth(c.font[i],
			    (const HPDF_BYTE *)pad_glyphs[pad],
			    (HPDF_UINT)strlen(pad_glyphs[pad]));
	if (h.code == 0 && HPDF_SaveToStream(c.pdf) == HPDF_OK) {
		size = HPDF_GetStreamSize(c.pdf);
		buf = malloc(size ? size : 1);
		if (buf && HPDF_ReadFromStream(c.pdf, buf, &size) != HPDF_OK &&
		    h.code == 0)
			h.code = 1;
	}
	if (h.code != 0 || buf == NULL) {
		*harm_code = h.code;
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "libharu failed (error 0x%04X, detail %u)",
		    (unsigned)h.code, (unsigned)h.detail);
		free(buf);
		goto done;
	}
	if (c.d->icc_profile) {
		/* libharu 2.3 writes the metadata stream's key as /SubType;
		 * PDF says /Subtype.  Same length, so no offset moves. */
		static const char bad[] = "/SubType /XML";

		for (size_t i = 0; i + sizeof(bad) - 1 <= size; i++)
			if (memcmp(buf + i, bad, sizeof(bad) - 1) == 0)
				memcpy(buf + i + 4, "type", 4);
	}
	*pdf = buf;
	*len = size;
done:
	HPDF_Free(c.pdf);
	iconv_close(c.cd);
	return rc;
}

int
vpd_letter_pdf(const vpd_letter_doc *d, unsigned char **pdf, size_t *len,
    vpd_error *err)
{
	HPDF_STATUS code;
	int rc = 0;

	*pdf = NULL;
	*len = 0;
	for (int pad = 0; pad < (int)(sizeof(pad_glyphs) /
	    sizeof(pad_glyphs[0])); pad++) {
		if (pad > 0)
			vpd_error_clear(err);
		rc = render(d, pad, pdf, len, &code, err);
		if (rc == 0 || code != HPDF_INVALID_OBJECT)
			break;
	}
	return rc;
}

void
vpd_letter_date(vpd_date day, char *out, size_t size)
{
	static const char *months[] = {"januari", "februari", "maart",
	    "april", "mei", "juni", "juli", "augustus", "september",
	    "oktober", "november", "december"};
	int y, m, d;

	vpd_date_to_ymd(day, &y, &m, &d);
	snprintf(out, size, "%d %s %d", d, months[m - 1], y);
}

void
vpd_letter_date_iso(const char *iso, char *out, size_t size)
{
	vpd_date d;

	if (iso && vpd_date_parse(iso, &d) == 0)
		vpd_letter_date(d, out, size);
	else
		snprintf(out, size, "%s", iso ? iso : "-");
}
