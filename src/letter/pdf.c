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
 * simple TrueType fonts with single-byte encodings, never libharu's CID
 * path, whose ToUnicode maps are wrong.  Text is converted from UTF-8 by
 * iconv: to CP1252 (WinAnsiEncoding), which covers Dutch (ë é ï ’ – — €),
 * with the small base fonts; a stretch CP1252 cannot hold (Łukasiewicz,
 * Doğan, Nguyễn, Šķēle, Ivanov in Cyrillic) goes into the first of
 * libharu's other code pages that holds it, set in the wider "-Ext" fonts
 * (Latin Extended, Greek, Cyrillic, Vietnamese).  Each encoding's glyph
 * names give poppler the text back exactly.  A character none of them
 * holds (Chinese, Arabic, emoji) is refused by its code point rather than
 * printed wrong.
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

/*
 * The encodings text is set in, in order of preference: CP1252 with the
 * base fonts, then libharu's code pages with the -Ext fonts.  iconv's name,
 * libharu's.  CP1258 (Vietnamese) writes a letter with two marks as a
 * base letter and a combining mark, which the fonts place.
 */
static const struct {
	const char *iconv, *haru;
} encodings[] = {
	{"CP1252", "WinAnsiEncoding"},
	{"CP1250", "CP1250"},           /* Central Europe: Ł ę ő č ș… */
	{"CP1254", "CP1254"},           /* Turkish: ğ ı İ ş */
	{"CP1257", "CP1257"},           /* Baltic: ā ē ķ ļ ņ ū */
	{"ISO-8859-16", "ISO8859-16"},  /* Romanian: ș ț with comma */
	{"ISO-8859-4", "ISO8859-4"},    /* Sámi, Greenlandic: ŋ ŧ ĸ */
	{"ISO-8859-3", "ISO8859-3"},    /* Maltese, Esperanto: ħ ġ ĉ */
	{"CP1258", "CP1258"},           /* Vietnamese: ễ ầ ơ ư đ */
	{"CP1251", "CP1251"},           /* Cyrillic */
	{"CP1253", "CP1253"},           /* Greek */
};
#define NENC (sizeof(encodings) / sizeof(encodings[0]))

/* A stretch of text in one encoding, and its width. */
typedef struct {
	char *bytes;
	unsigned enc;
	double width;
} piece;

typedef struct {
	HPDF_Doc pdf;
	HPDF_Font font[4];       /* index: VPD_RUN_BOLD | VPD_RUN_ITALIC */
	HPDF_Font xfont[4][NENC]; /* the -Ext fonts, by style and encoding */
	const char *xname[4];    /* the -Ext fonts as loaded */
	iconv_t xcd[NENC];       /* UTF-8 to each encoding, when needed */
	iconv_t dcd[NENC];       /* and back, to check */
	HPDF_Page page;
	int pageno, pages;
	bool draw;
	double y;                /* from the top, in points */
	const vpd_letter_doc *d;
	vpd_error *err;
	iconv_t cd;
} ctx;

typedef struct {
	piece *p;                /* one per encoding the word needs */
	size_t np;
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

/* The code points the -Ext fonts hold (Makefile: EXT_RANGES); the base
 * fonts hold CP1252's, which are among them. */
static bool
in_fonts(unsigned long cp)
{
	static const unsigned long ranges[][2] = {
		{0x20, 0x7E}, {0xA0, 0x24F}, {0x2C6, 0x2DD}, {0x300, 0x36F},
		{0x370, 0x3FF}, {0x400, 0x45F}, {0x490, 0x491},
		{0x1E00, 0x1EFF}, {0x2013, 0x2014}, {0x2018, 0x201A},
		{0x201C, 0x201E}, {0x2020, 0x2022}, {0x2026, 0x2026},
		{0x2030, 0x2030}, {0x2039, 0x203A}, {0x20AC, 0x20AC},
		{0x2116, 0x2116}, {0x2122, 0x2122},
	};

	/*
	 * Held by an encoding but printed as another character: libharu
	 * names the glyph, and viewers read "Tcommaaccent" as Ţ (cedilla),
	 * "Delta" as ∆, "mu" as µ; the Vietnamese-style O and U with tilde
	 * and a second mark come out with the marks in the wrong order.
	 */
	static const unsigned long wrong[] = {0x21A, 0x21B,
	    0x1E4C, 0x1E4D, 0x1E4E, 0x1E4F, 0x1E78, 0x1E79};

	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		if (cp == wrong[i])
			return false;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

static size_t utf8_char(const unsigned char *s, unsigned long *cp);

/* One UTF-8 character (len bytes) in encoding e; 0 and *olen, or -1. */
static int
encode_char(ctx *c, unsigned e, const char *ch, size_t len, char *out,
    size_t *olen)
{
	char *in = (char *)ch, *o = out;
	size_t il = len, ol = 8;

	if (e == 0 ? c->cd == (iconv_t)-1 : c->xcd[e] == (iconv_t)-1) {
		if (e == 0)
			return -1;
		if ((c->xcd[e] = iconv_open(encodings[e].iconv, "UTF-8")) ==
		    (iconv_t)-1)
			return -1;
	}
	iconv(e == 0 ? c->cd : c->xcd[e], NULL, NULL, NULL, NULL);
	if (iconv(e == 0 ? c->cd : c->xcd[e], &in, &il, &o, &ol) ==
	    (size_t)-1 || il != 0)
		return -1;
	*olen = (size_t)(o - out);
	if (e == 0)
		return 0;
	/* glibc maps some characters to a look-alike (Ț with a comma to
	 * CP1250's Ţ with a cedilla): only what comes back the same is
	 * held.  (CP1258's base letter and mark come back composed.) */
	{
		char back[16], *bi = out, *bo = back;
		size_t bl = *olen, bol = sizeof(back);

		if (c->dcd[e] == (iconv_t)-1 && (c->dcd[e] = iconv_open(
		    "UTF-8", encodings[e].iconv)) == (iconv_t)-1)
			return -1;
		iconv(c->dcd[e], NULL, NULL, NULL, NULL);
		if (iconv(c->dcd[e], &bi, &bl, &bo, &bol) == (size_t)-1 ||
		    iconv(c->dcd[e], NULL, NULL, &bo, &bol) == (size_t)-1 ||
		    (size_t)(bo - back) != len || memcmp(back, ch, len) != 0)
			return -1;
	}
	/* and libharu must read each byte as iconv does (its ISO8859-16
	 * has Ţ where the standard has Ț) */
	{
		HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, encodings[e].haru);

		for (size_t i = 0; i < *olen; i++) {
			char one = out[i], *bi = &one, u8[8], *bo = u8;
			size_t bl = 1, bol = sizeof(u8);
			unsigned long cp = 0;

			if (enc == NULL)
				return -1;
			iconv(c->dcd[e], NULL, NULL, NULL, NULL);
			if (iconv(c->dcd[e], &bi, &bl, &bo, &bol) ==
			    (size_t)-1 || iconv(c->dcd[e], NULL, NULL, &bo,
			    &bol) == (size_t)-1)
				return -1;
			*bo = '\0';
			if (utf8_char((const unsigned char *)u8, &cp) !=
			    (size_t)(bo - u8) || HPDF_Encoder_GetUnicode(enc,
			    (HPDF_UINT16)(unsigned char)out[i]) != cp)
				return -1;
		}
	}
	return 0;
}

/* The length of the UTF-8 character at s and its code point; 0 when it
 * is not one. */
static size_t
utf8_char(const unsigned char *s, unsigned long *cp)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 :
	    (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;

	if (n == 0 || s[0] == 0)
		return 0;
	*cp = n == 1 ? s[0] : s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	/* no overlong forms (a control in disguise), surrogates or code
	 * points past Unicode's */
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && *cp < 0x10000) || (*cp >= 0xD800 && *cp <= 0xDFFF) ||
	    *cp > 0x10FFFF)
		return 0;
	return n;
}

static void
free_pieces(piece *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].bytes);
	free(p);
}

/* The first encoding that holds the character at s (cl bytes, code point
 * cp), its bytes in out; -1 when the letters cannot print it. */
static int
first_encoding(ctx *c, const char *s, size_t cl, unsigned long cp,
    char out[8], size_t *olen)
{
	if (cl == 0 || !in_fonts(cp))
		return -1;
	for (unsigned e = 0; e < NENC; e++)
		if (encode_char(c, e, s, cl, out, olen) == 0)
			return (int)e;
	return -1;
}

/* What is said of a character no letter can print: its code point (the
 * text around it may be personal data) and what to write instead. */
static int
unprintable(vpd_error *err, unsigned long cp)
{
	bool comma_t = cp == 0x21A || cp == 0x21B;

	vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "letters cannot print "
	    "the character U+%04lX; %s", cp, comma_t ? "write the t with a "
	    "cedilla (U+0162 or U+0163) or a plain t" : "write it in Latin, "
	    "Greek or Cyrillic letters");
	vpd_error_set_nl(err, "Brieven kunnen het teken U+%04lX niet "
	    "afdrukken. %s", cp, comma_t ? "Schrijf de t met een cedille "
	    "(Ţ of ţ) of een gewone t." : "Schrijf de gegevens in Latijnse "
	    "(ook Oost-Europese, Turkse of Vietnamese), Griekse of "
	    "Cyrillische letters.");
	return VPD_EINVALID;
}

static double text_width(ctx *c, HPDF_Font f, const char *s, double size);
static HPDF_Font font_in(ctx *c, unsigned style, unsigned enc);

/*
 * UTF-8 text as pieces, each in one encoding (a character stays in the
 * encoding of the piece before it when that holds it, else goes to the
 * first that does), measured at `size` in `style`.  -1 with err naming
 * the character (by code point: the text around it may be personal data)
 * when no encoding or font holds it.
 */
static int
encode(ctx *c, const char *utf8, unsigned style, double size, piece **out,
    size_t *nout)
{
	size_t n = 0, used = 0, cap = 0;
	piece *p = NULL;

	*out = NULL;
	*nout = 0;
	for (const char *s = utf8; *s; ) {
		unsigned long cp = 0;
		size_t cl = utf8_char((const unsigned char *)s, &cp), ol = 0;
		char bytes[8];
		int e;

		/* in the piece so far, or the start of a new one */
		if (n == 0 || cl == 0 || !in_fonts(cp) || encode_char(c,
		    p[n - 1].enc, s, cl, bytes, &ol) != 0) {
			piece *g;

			if ((e = first_encoding(c, s, cl, cp, bytes,
			    &ol)) < 0) {
				free_pieces(p, n);
				unprintable(c->err, cl ? cp : 0);
				return -1;
			}
			if ((g = realloc(p, (n + 1) * sizeof(*p))) == NULL) {
				free_pieces(p, n);
				goto nomem;
			}
			p = g;
			p[n] = (piece){NULL, (unsigned)e, 0};
			n++;
			used = cap = 0;
		}
		/* the piece's bytes grow as they come, with room for a NUL */
		if (used + ol + 1 > cap) {
			size_t want = cap ? cap * 2 : 32;
			char *g;

			while (want < used + ol + 1)
				want *= 2;
			if ((g = realloc(p[n - 1].bytes, want)) == NULL) {
				free_pieces(p, n);
				goto nomem;
			}
			p[n - 1].bytes = g;
			cap = want;
		}
		memcpy(p[n - 1].bytes + used, bytes, ol);
		used += ol;
		p[n - 1].bytes[used] = '\0';
		s += cl;
	}
	for (size_t i = 0; i < n; i++) {
		HPDF_Font f = font_in(c, style, p[i].enc);

		if (f == NULL) {
			free_pieces(p, n);
			return -1;
		}
		p[i].width = text_width(c, f, p[i].bytes, size);
	}
	*out = p;
	*nout = n;
	return 0;
nomem:
	vpd_error_set(c->err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
	return -1;
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

/* Draws pieces from x on, at the baseline y_pdf. */
static void
draw_pieces(ctx *c, const piece *p, size_t n, unsigned style, double size,
    double x, double y)
{
	for (size_t i = 0; i < n; i++) {
		HPDF_Page_SetFontAndSize(c->page, font_in(c, style, p[i].enc),
		    (HPDF_REAL)size);
		HPDF_Page_TextOut(c->page, (HPDF_REAL)x, (HPDF_REAL)y,
		    p[i].bytes);
		x += p[i].width;
	}
}

/* Draws a UTF-8 string (converted) at x, top-based y (baseline). */
static int
put(ctx *c, double x, double y, unsigned style, double size,
    const char *utf8)
{
	piece *p;
	size_t n;

	if (!c->draw || utf8 == NULL || *utf8 == '\0')
		return 0;
	if (encode(c, utf8, style & 3, size, &p, &n))
		return c->err->code;
	HPDF_Page_BeginText(c->page);
	draw_pieces(c, p, n, style & 3, size, x, y_pdf(y));
	HPDF_Page_EndText(c->page);
	free_pieces(p, n);
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
		free_pieces(w[i].p, w[i].np);
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
			w[n].style = (run->style |
			    (b->kind == VPD_BLOCK_HEADING ? VPD_RUN_BOLD : 0)) & 3;
			utf = strndup(p, len);
			if (utf == NULL || encode(c, utf, w[n].style, size,
			    &w[n].p, &w[n].np)) {
				free(utf);
				free_words(w, n);
				return c->err->code ? c->err->code : VPD_ENOMEM;
			}
			free(utf);
			w[n].width = 0;
			for (size_t k = 0; k < w[n].np; k++)
				w[n].width += w[n].p[k].width;
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
		draw_pieces(c, w[i].p, w[i].np, w[i].style, size, x,
		    y_pdf(c->y));
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

static const char *xfont_files[4] = {"DejaVuSans-Ext.ttf",
    "DejaVuSans-Bold-Ext.ttf", "DejaVuSans-Oblique-Ext.ttf",
    "DejaVuSans-BoldOblique-Ext.ttf"};

/* The font of a style in an encoding: the base font for CP1252, else the
 * -Ext font (loaded once per style) with libharu's encoder. */
static HPDF_Font
font_in(ctx *c, unsigned style, unsigned enc)
{
	char path[1024];

	style &= 3;
	if (enc == 0)
		return font(c, style);
	if (c->xfont[style][enc])
		return c->xfont[style][enc];
	if (c->xname[style] == NULL) {
		snprintf(path, sizeof(path), "%s/%s", c->d->fontdir ?
		    c->d->fontdir : "/usr/share/fonts/truetype/dejavu",
		    xfont_files[style]);
		c->xname[style] = HPDF_LoadTTFontFromFile(c->pdf, path,
		    HPDF_TRUE);
	}
	if (c->xname[style])
		c->xfont[style][enc] = HPDF_GetFont(c->pdf, c->xname[style],
		    encodings[enc].haru);
	if (c->xfont[style][enc] == NULL && c->err->code == 0)
		vpd_error_set(c->err, VPD_EIO, xfont_files[style], 0, 0,
		    "font missing or unusable (encoding %s)",
		    encodings[enc].haru);
	return c->xfont[style][enc];
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

/* A context's iconv handles and libharu document (c->err set). */
static int
ctx_open(ctx *c, harm *h)
{
	for (size_t e = 0; e < NENC; e++)
		c->xcd[e] = c->dcd[e] = (iconv_t)-1;
	if ((c->cd = iconv_open("CP1252", "UTF-8")) == (iconv_t)-1)
		return vpd_error_set(c->err, VPD_EIO, NULL, 0, 0,
		    "iconv cannot convert to CP1252");
	if ((c->pdf = HPDF_New(on_error, h)) == NULL) {
		iconv_close(c->cd);
		return vpd_error_set(c->err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	return 0;
}

static void
ctx_close(ctx *c)
{
	HPDF_Free(c->pdf);
	iconv_close(c->cd);
	for (size_t e = 0; e < NENC; e++) {
		if (c->xcd[e] != (iconv_t)-1)
			iconv_close(c->xcd[e]);
		if (c->dcd[e] != (iconv_t)-1)
			iconv_close(c->dcd[e]);
	}
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
	if ((rc = ctx_open(&c, &h)))
		return rc;
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
	for (int i = 0; pad > 0 && i < 4; i++) {
		HPDF_Font any = NULL;

		if (c.font[i])
			HPDF_Font_TextWidth(c.font[i],
			    (const HPDF_BYTE *)pad_glyphs[pad],
			    (HPDF_UINT)strlen(pad_glyphs[pad]));
		/* an -Ext font is one subset whatever its encodings */
		for (size_t e = 1; e < NENC && any == NULL; e++)
			any = c.xfont[i][e];
		if (any)
			HPDF_Font_TextWidth(any,
			    (const HPDF_BYTE *)pad_glyphs[pad],
			    (HPDF_UINT)strlen(pad_glyphs[pad]));
	}
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
	ctx_close(&c);
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

int
vpd_letter_printable(const char *utf8, vpd_error *err)
{
	ctx c = {.err = err};
	harm h = {0, 0};
	int rc;

	if ((rc = ctx_open(&c, &h)))
		return rc;
	for (const char *s = utf8; *s && rc == 0; ) {
		unsigned long cp = 0;
		size_t cl = utf8_char((const unsigned char *)s, &cp), ol;
		char bytes[8];

		if (cl == 0)
			rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "not UTF-8 text");
		/* controls and line breaks are the records' business */
		else if (cp >= 0x20 && cp != 0x7F &&
		    first_encoding(&c, s, cl, cp, bytes, &ol) < 0)
			rc = unprintable(err, cp);
		s += cl ? cl : 1;
	}
	ctx_close(&c);
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
