/*
 * plain.h - plain PDFs in one code page (internal to src/letter/): the
 * reception folder (folder.c) and the management report (report.c).
 *
 * Text is DejaVu Sans in WinAnsiEncoding; a character CP1252 lacks
 * prints as '?'.  (Letters and the court dossier, which must print every
 * name as typed, use pdf.c instead.)  y is measured from the top of an
 * A4 page.
 */
#ifndef VPD_LETTER_PLAIN_H
#define VPD_LETTER_PLAIN_H

#include <hpdf.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"

#define VPD_PLAIN_PAGE_H (297.0 * 72.0 / 25.4)

typedef struct vpd_plain {
	HPDF_Doc pdf;
	HPDF_Page page;              /* the page drawn on */
	HPDF_Font regular, bold;
	HPDF_STATUS code;            /* libharu's first error, 0 */
	iconv_t cd;
} vpd_plain;

/* A new document with both faces loaded and `title` in its info. */
int vpd_plain_open(vpd_plain *p, const char *fontdir, const char *title,
    vpd_error *err);
/* Saves it into *pdf (malloc'ed); `what` names it in an error. */
int vpd_plain_save(vpd_plain *p, const char *what, unsigned char **pdf,
    size_t *len, vpd_error *err);
/* Frees the document (after saving, or on an error). */
void vpd_plain_close(vpd_plain *p);

/* UTF-8 as CP1252, '?' for what it lacks (malloc'ed; NULL: memory). */
char *vpd_plain_text(vpd_plain *p, const char *utf8);
/* Text at x, top-based y; returns its width. */
double vpd_plain_put(vpd_plain *p, double x, double y, bool bold,
    double size, const char *utf8);
/* Text wrapped to width from y, `leading` times size apart; returns y
 * below it. */
double vpd_plain_wrap(vpd_plain *p, double x, double y, double width,
    bool bold, double size, double leading, const char *utf8);

#endif
