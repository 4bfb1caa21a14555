/*
 * plain.c - plain PDFs in one code page (plain.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "plain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *ud)
{
	vpd_plain *p = ud;

	(void)detail;
	if (p->code == 0)
		p->code = code;
}

static HPDF_Font
load_font(vpd_plain *p, const char *fontdir, const char *file,
    vpd_error *err)
{
	char path[1024];
	const char *name;

	snprintf(path, sizeof(path), "%s/%s", fontdir ? fontdir :
	    "/usr/share/fonts/truetype/dejavu", file);
	if ((name = HPDF_LoadTTFontFromFile(p->pdf, path, HPDF_TRUE)) == NULL) {
		vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "font missing or unusable");
		return NULL;
	}
	return HPDF_GetFont(p->pdf, name, "WinAnsiEncoding");
}

int
vpd_plain_open(vpd_plain *p, const char *fontdir, const char *title,
    vpd_error *err)
{
	memset(p, 0, sizeof(*p));
	if ((p->cd = iconv_open("CP1252", "UTF-8")) == (iconv_t)-1)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "iconv cannot convert to CP1252");
	if ((p->pdf = HPDF_New(on_error, p)) == NULL) {
		vpd_plain_close(p);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	HPDF_SetCompressionMode(p->pdf, HPDF_COMP_ALL);
	if ((p->regular = load_font(p, fontdir, "DejaVuSans.ttf", err)) ==
	    NULL || (p->bold = load_font(p, fontdir, "DejaVuSans-Bold.ttf",
	    err)) == NULL) {
		vpd_plain_close(p);
		return err->code;
	}
	HPDF_SetInfoAttr(p->pdf, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(p->pdf, HPDF_INFO_CREATOR, "vpd");
	return 0;
}

int
vpd_plain_save(vpd_plain *p, const char *what, unsigned char **pdf,
    size_t *len, vpd_error *err)
{
	HPDF_UINT32 size = 0;
	unsigned char *buf = NULL;

	*pdf = NULL;
	*len = 0;
	if (p->code == 0 && HPDF_SaveToStream(p->pdf) == HPDF_OK) {
		size = HPDF_GetStreamSize(p->pdf);
		buf = malloc(size ? size : 1);
		if (buf && HPDF_ReadFromStream(p->pdf, buf, &size) != HPDF_OK &&
		    p->code == 0)
			p->code = 1;
	}
	if (p->code != 0 || buf == NULL) {
		free(buf);
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0, "libharu failed "
		    "making the %s (error 0x%04X)", what, (unsigned)p->code);
	}
	*pdf = buf;
	*len = size;
	return 0;
}

void
vpd_plain_close(vpd_plain *p)
{
	if (p->pdf)
		HPDF_Free(p->pdf);
	if (p->cd && p->cd != (iconv_t)-1)
		iconv_close(p->cd);
	p->pdf = NULL;
	p->cd = NULL;
}

char *
vpd_plain_text(vpd_plain *p, const char *utf8)
{
	size_t inlen = strlen(utf8 ? utf8 : ""), outlen = inlen + 1;
	char *out = malloc(outlen), *in = (char *)(utf8 ? utf8 : ""), *o = out;

	if (out == NULL)
		return NULL;
	iconv(p->cd, NULL, NULL, NULL, NULL);
	while (inlen > 0 && iconv(p->cd, &in, &inlen, &o, &outlen) ==
	    (size_t)-1) {
		size_t skip = 1;

		while (skip < inlen && ((unsigned char)in[skip] & 0xC0) == 0x80)
			skip++;
		*o++ = '?';
		outlen--;
		in += skip;
		inlen -= skip;
	}
	*o = '\0';
	return out;
}

double
vpd_plain_put(vpd_plain *p, double x, double y, bool bold, double size,
    const char *utf8)
{
	char *t = vpd_plain_text(p, utf8);
	double w;

	if (t == NULL)
		return 0;
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, bold ? p->bold : p->regular,
	    (HPDF_REAL)size);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x,
	    (HPDF_REAL)(VPD_PLAIN_PAGE_H - y), t);
	HPDF_Page_EndText(p->page);
	w = HPDF_Page_TextWidth(p->page, t);
	free(t);
	return w;
}

double
vpd_plain_wrap(vpd_plain *p, double x, double y, double width, bool bold,
    double size, double leading, const char *utf8)
{
	char *t = vpd_plain_text(p, utf8), *s;

	if (t == NULL)
		return y;
	HPDF_Page_SetFontAndSize(p->page, bold ? p->bold : p->regular,
	    (HPDF_REAL)size);
	for (s = t; *s;) {
		HPDF_UINT n = HPDF_Page_MeasureText(p->page, s,
		    (HPDF_REAL)width, HPDF_TRUE, NULL);
		char save;

		if (n == 0)
			n = HPDF_Page_MeasureText(p->page, s, (HPDF_REAL)width,
			    HPDF_FALSE, NULL);
		if (n == 0)
			n = 1;
		save = s[n];
		s[n] = '\0';
		HPDF_Page_BeginText(p->page);
		HPDF_Page_TextOut(p->page, (HPDF_REAL)x,
		    (HPDF_REAL)(VPD_PLAIN_PAGE_H - y), s);
		HPDF_Page_EndText(p->page);
		s[n] = save;
		s += n;
		while (*s == ' ')
			s++;
		y += size * leading;
	}
	free(t);
	return y;
}
