/*
 * merge.c - the pages of several PDFs as one (letter.h, vpd_pdf_concat),
 * with qpdf's C API: libharu writes PDFs but cannot read them.  Each page
 * is copied whole (its fonts, images and signature image with it), so a
 * letter in a dossier looks exactly as the archived copy.
 */
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"

/* qpdf's message for the last error, as vpd's error. */
static int
qpdf_fail(qpdf_data q, const char *what, vpd_error *err)
{
	const char *msg = "unknown error";
	qpdf_error e;

	if (qpdf_has_error(q) && (e = qpdf_get_error(q)) != NULL)
		msg = qpdf_get_error_full_text(q, e);
	return vpd_error_set(err, VPD_EIO, NULL, 0, 0, "%s: %s", what, msg);
}

int
vpd_pdf_concat(const unsigned char *const *pdfs, const size_t *lens,
    size_t n, unsigned char **out, size_t *outlen, vpd_error *err)
{
	qpdf_data *src = calloc(n ? n : 1, sizeof(*src));
	qpdf_data dst = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	*outlen = 0;
	if (src == NULL || n == 0) {
		free(src);
		return vpd_error_set(err, n ? VPD_ENOMEM : VPD_EINVALID, NULL,
		    0, 0, n ? "out of memory" : "no PDF to join");
	}
	/* the first is the base; the others' pages are added to it, and
	 * must stay open until it is written */
	for (i = 0; i < n && rc == 0; i++) {
		src[i] = qpdf_init();
		qpdf_set_suppress_warnings(src[i], QPDF_TRUE);
		if (qpdf_read_memory(src[i], "document", (const char *)pdfs[i],
		    (unsigned long long)lens[i], NULL) & QPDF_ERRORS)
			rc = qpdf_fail(src[i], "a PDF cannot be read", err);
	}
	dst = src[0];
	for (i = 1; i < n && rc == 0; i++) {
		int pages = qpdf_get_num_pages(src[i]);

		if (pages < 0) {
			rc = qpdf_fail(src[i], "a PDF's pages cannot be read", err);
			break;
		}
		for (int p = 0; p < pages && rc == 0; p++)
			if (qpdf_add_page(dst, src[i], qpdf_get_page_n(src[i],
			    (size_t)p), QPDF_FALSE) & QPDF_ERRORS)
				rc = qpdf_fail(dst, "a page cannot be added",
				    err);
	}
	if (rc == 0) {
		/* the writer's settings follow its creation */
		if ((qpdf_init_write_memory(dst) & QPDF_ERRORS) ||
		    (qpdf_set_deterministic_ID(dst, QPDF_TRUE),
		    qpdf_write(dst) & QPDF_ERRORS))
			rc = qpdf_fail(dst, "the joined PDF cannot be written",
			    err);
	}
	if (rc == 0) {
		size_t len = qpdf_get_buffer_length(dst);
		const unsigned char *buf = qpdf_get_buffer(dst);

		if (buf == NULL || (*out = malloc(len ? len : 1)) == NULL)
			rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		else {
			memcpy(*out, buf, len);
			*outlen = len;
		}
	}
	for (i = 0; i < n; i++)
		if (src[i])
			qpdf_cleanup(&src[i]);
	free(src);
	return rc;
}
