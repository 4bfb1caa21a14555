/*
 * letter.h - a letter as a document model, and its rendering to PDF.
 *
 * The model is what the PDF needs and nothing more: letterhead, the
 * addressee block for the window envelope, reference line, a body of
 * blocks made of styled runs, the signature block and the copy label.
 * vpd_markdown_blocks() turns a filled-in CommonMark body into blocks
 * (cmark only here); vpd_letter_pdf() lays the model out on A4 following
 * NEN 1026 (libharu only here).  Rendering is deterministic: the same
 * model gives the same bytes, so a letter can be re-rendered and compared.
 */
#ifndef VPD_LETTER_H
#define VPD_LETTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"
#include "../util/time.h"

enum { VPD_RUN_BOLD = 1, VPD_RUN_ITALIC = 2, VPD_RUN_BREAK = 4 };

typedef struct vpd_run {
	char *text;        /* UTF-8 */
	unsigned style;    /* VPD_RUN_* bits; BREAK: a forced line break */
} vpd_run;

typedef enum vpd_block_kind {
	VPD_BLOCK_PARAGRAPH,
	VPD_BLOCK_HEADING,
	VPD_BLOCK_BULLET,
	VPD_BLOCK_NUMBERED,
	VPD_BLOCK__MAX
} vpd_block_kind;

typedef struct vpd_block {
	vpd_block_kind kind;
	int number;        /* numbered list items */
	vpd_run *runs;
	size_t nruns;
} vpd_block;

typedef struct vpd_blocks {
	vpd_block *items;
	size_t n;
} vpd_blocks;

/*
 * Parses CommonMark into blocks: paragraphs, headings, bullet and numbered
 * list items; emphasis is italic, strong emphasis bold, a hard line break
 * a BREAK run.  Other constructs (code, quotes, HTML, links, images) are
 * refused with the line they start on, since a letter has no use for them.
 */
int vpd_markdown_blocks(vpd_blocks *out, const char *name, const char *md,
    vpd_error *err);
void vpd_blocks_free(vpd_blocks *b);

#define VPD_LETTER_MAX_LINES 8

typedef struct vpd_letter_doc {
	/* Letterhead. */
	const char *org_name;                    /* "Gemeente Heerlen" */
	const char *org_lines[VPD_LETTER_MAX_LINES]; /* address, phone… */
	double colour[3];                        /* RGB 0..1 of the name */
	const unsigned char *logo_png;           /* optional */
	size_t logo_len;
	/* Window envelope. */
	const char *return_address;              /* one line, small */
	bool registered;                         /* "AANGETEKEND" */
	const char *address[VPD_LETTER_MAX_LINES];
	/* Reference line. */
	const char *kenmerk;
	const char *datum;                       /* "22 november 2026" */
	const char *onderwerp;
	/* Body. */
	const vpd_blocks *body;
	/* Signature. */
	const char *closing;                     /* "Hoogachtend," */
	const char *on_behalf;                   /* "namens de burgemeester," */
	const char *signer_name;
	const char *signer_function;
	const unsigned char *signature_png;      /* optional */
	size_t signature_len;
	/* Copy label at the foot of every page: "Exemplaar 3 van 5 — politie". */
	const char *copy_label;
	/* Metadata. */
	const char *title, *subject, *author;
	vpd_time created;                        /* the event's instant */
	const char *fontdir;                     /* DejaVuSans*.ttf */
	/* PDF/A-1b: an ICC profile for the output intent (NULL: plain PDF),
	 * and 32 hex digits that identify the document (the trailer /ID). */
	const char *icc_profile;
	const char *document_id;
} vpd_letter_doc;

/* Renders the letter; *pdf is malloc'ed, owned by the caller. */
int vpd_letter_pdf(const vpd_letter_doc *d, unsigned char **pdf, size_t *len,
    vpd_error *err);

/*
 * Whether letters can print every character of utf8 (controls and line
 * breaks aside, which records refuse or letters lay out): 0, or
 * VPD_EINVALID naming the first that no font and encoding holds, by code
 * point, in English and Dutch.  Checked when data enters (case open,
 * person update), so that a name cannot block a letter later.
 */
int vpd_letter_printable(const char *utf8, vpd_error *err);

/* ---- Letter templates (template_file.c) ----------------------------- */

typedef struct vpd_letter_template vpd_letter_template;

/*
 * Loads a template from its text; `file` names it in errors.  Checks the
 * front matter and every placeholder the body reads.
 */
int vpd_letter_template_load(vpd_letter_template **out, const char *file,
    const char *text, vpd_error *err);
void vpd_letter_template_free(vpd_letter_template *t);

/* The front matter (borrowed): subject, fields, signers, registered,
 * blocks. */
const json_t *vpd_letter_template_meta(const vpd_letter_template *t);

/*
 * Fills the template: checks the required fields have values and the
 * standard blocks exist in `partials` (name -> text), then renders the
 * subject and the Markdown body (both malloc'ed).
 */
int vpd_letter_template_fill(const vpd_letter_template *t,
    const json_t *data, const json_t *partials, char **subject, char **body,
    vpd_error *err);

/* The value at a dotted path ("persoon.adres.postcode") in data, or NULL. */
const json_t *vpd_letter_field(const json_t *data, const char *path);

/* ---- Photos (image.c) ---------------------------------------------- */

/* Limits of a person's photo (docs/registers.md). */
#define VPD_IMAGE_MAX_BYTES (2 * 1024 * 1024)
#define VPD_IMAGE_MAX_SIDE 4000
#define VPD_IMAGE_MIN_SIDE 100

typedef struct vpd_image_info {
	const char *type;        /* "jpeg" or "png" (static) */
	int width, height, components;
} vpd_image_info;

/*
 * Checks that buf is a JPEG or PNG within the limits that libharu can
 * place; `name` names it in errors.
 */
int vpd_image_check(const unsigned char *buf, size_t len, const char *name,
    vpd_image_info *info, vpd_error *err);

/* Whether width and height are within the limits. */
int vpd_image_limits(const vpd_image_info *info, const char *name,
    vpd_error *err);

/* ---- The reception folder (folder.c) -------------------------------- */

typedef struct vpd_folder_photo {
	unsigned char *data;     /* JPEG or PNG, checked when stored */
	size_t len;
} vpd_folder_photo;

/*
 * The coordinator's report over a period (report.c): the figures of
 * vpd_core_trends as a PDF for the management team, with bar charts.
 * org_name and made_by may be NULL.  Not archived; a plain PDF.
 */
int vpd_report_pdf(const json_t *trends, const char *org_name,
    const char *made_by, const char *fontdir, unsigned char **pdf,
    size_t *len, vpd_error *err);

/* The pages of several PDFs, in order, as one PDF (qpdf). */
int vpd_pdf_concat(const unsigned char *const *pdfs, const size_t *lens,
    size_t n, unsigned char **out, size_t *outlen, vpd_error *err);

/*
 * Renders the bans list (the result of vpd_core_bans) as the reception
 * folder; photos[i] belongs to personen[i] (data NULL: none).
 */
int vpd_folder_pdf(const json_t *bans, const vpd_folder_photo *photos,
    const char *org_name, const char *fontdir, unsigned char **pdf,
    size_t *len, vpd_error *err);

/* "22 november 2026" */
void vpd_letter_date(vpd_date d, char *out, size_t size);

/* The same from "2026-11-22"; anything else is copied as it is ("-" for
 * NULL). */
void vpd_letter_date_iso(const char *iso, char *out, size_t size);

#endif
