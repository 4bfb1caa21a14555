/*
 * image.c - checking a person's photo before it goes into the archive.
 *
 * A photo must be a JPEG or PNG that is what it says it is, within the
 * limits in letter.h, and that libharu can place on a page (the bans
 * folder prints it).  libjpeg and libpng read the header first, so an
 * oversized image is refused before anything decodes it; then they decode
 * the whole image, treating every warning (a truncated file, a bad CRC) as
 * an error.  Only then does libharu load it, into a throw-away document:
 * libharu 2.3 aborts the process on a PNG that libpng rejects, so it must
 * never see one.
 */
#include <stdio.h>     /* before jpeglib.h, which needs FILE */
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>

#include "letter.h"

/* ---- JPEG (libjpeg) -------------------------------------------------- */

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
} jpeg_fail;

static void
jpeg_on_error(j_common_ptr cinfo)
{
	jpeg_fail *f = (jpeg_fail *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, f->msg);
	longjmp(f->jump, 1);
}

/* Warnings (level -1), such as "Premature end of JPEG file", are fatal. */
static void
jpeg_on_message(j_common_ptr cinfo, int level)
{
	if (level < 0)
		jpeg_on_error(cinfo);
}

static int
check_jpeg(const unsigned char *buf, size_t len, const char *name,
    vpd_image_info *info, vpd_error *err)
{
	struct jpeg_decompress_struct cinfo;
	jpeg_fail f;
	JSAMPARRAY row = NULL;
	volatile int rc = 0;

	memset(&cinfo, 0, sizeof(cinfo));
	cinfo.err = jpeg_std_error(&f.pub);
	f.pub.error_exit = jpeg_on_error;
	f.pub.emit_message = jpeg_on_message;
	f.msg[0] = '\0';
	if (setjmp(f.jump)) {
		jpeg_destroy_decompress(&cinfo);
		if (rc)
			return rc;
		return vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "not a valid JPEG: %s", f.msg);
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, buf, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	info->width = (int)cinfo.image_width;
	info->height = (int)cinfo.image_height;
	info->components = cinfo.num_components;
	if (cinfo.arith_code || (cinfo.num_components != 1 &&
	    cinfo.num_components != 3))
		rc = vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "this kind of JPEG (%s) cannot be printed reliably; save "
		    "it as an ordinary RGB or greyscale JPEG",
		    cinfo.arith_code ? "arithmetic coding" : "CMYK colours");
	else
		rc = vpd_image_limits(info, name, err);
	if (rc) {
		jpeg_destroy_decompress(&cinfo);
		return rc;
	}
	jpeg_start_decompress(&cinfo);
	row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
	    cinfo.output_width * (JDIMENSION)cinfo.output_components, 1);
	while (cinfo.output_scanline < cinfo.output_height)
		jpeg_read_scanlines(&cinfo, row, 1);
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return 0;
}

/* ---- PNG (libpng) ---------------------------------------------------- */

typedef struct {
	const unsigned char *buf;
	size_t len, pos;
	char msg[200];
} png_src;

static void
png_on_error(png_structp png, png_const_charp msg)
{
	png_src *s = png_get_error_ptr(png);

	snprintf(s->msg, sizeof(s->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void
png_on_read(png_structp png, png_bytep out, size_t n)
{
	png_src *s = png_get_io_ptr(png);

	if (n > s->len - s->pos)
		png_error(png, "the file ends too early");
	memcpy(out, s->buf + s->pos, n);
	s->pos += n;
}

static int
check_png(const unsigned char *buf, size_t len, const char *name,
    vpd_image_info *info, vpd_error *err)
{
	png_src src = {buf, len, 0, ""};
	png_structp png;
	png_infop pi = NULL;
	png_bytep volatile row = NULL;
	volatile int rc = 0;

	/* Warnings (e.g. a bad CRC in an ancillary chunk) are errors too. */
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_on_error,
	    png_on_error);
	if (png == NULL || (pi = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	if (setjmp(png_jmpbuf(png))) {
		free(row);
		png_destroy_read_struct(&png, &pi, NULL);
		if (rc)
			return rc;
		return vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "not a valid PNG: %s", src.msg);
	}
	png_set_read_fn(png, &src, png_on_read);
	png_read_info(png, pi);
	info->width = (int)png_get_image_width(png, pi);
	info->height = (int)png_get_image_height(png, pi);
	info->components = png_get_channels(png, pi);
	if ((rc = vpd_image_limits(info, name, err)))
		png_longjmp(png, 1);
	png_set_interlace_handling(png);
	png_read_update_info(png, pi);
	row = malloc(png_get_rowbytes(png, pi));
	if (row == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
		png_longjmp(png, 1);
	}
	for (int pass = png_set_interlace_handling(png); pass > 0; pass--)
		for (int y = 0; y < info->height; y++)
			png_read_row(png, row, NULL);
	png_read_end(png, NULL);
	free(row);
	png_destroy_read_struct(&png, &pi, NULL);
	return 0;
}

/* ---- Both ----------------------------------------------------------- */

int
vpd_image_limits(const vpd_image_info *info, const char *name,
    vpd_error *err)
{
	if (info->width > VPD_IMAGE_MAX_SIDE || info->height >
	    VPD_IMAGE_MAX_SIDE)
		return vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "the photo is %d x %d pixels; at most %d on each side",
		    info->width, info->height, VPD_IMAGE_MAX_SIDE);
	if (info->width < VPD_IMAGE_MIN_SIDE || info->height <
	    VPD_IMAGE_MIN_SIDE)
		return vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "the photo is %d x %d pixels; a face needs at least %d on "
		    "each side", info->width, info->height,
		    VPD_IMAGE_MIN_SIDE);
	return 0;
}

typedef struct {
	HPDF_STATUS code;
} harm;

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *ud)
{
	harm *h = ud;

	(void)detail;
	if (h->code == 0)
		h->code = code;
}

int
vpd_image_check(const unsigned char *buf, size_t len, const char *name,
    vpd_image_info *info, vpd_error *err)
{
	static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1A, '\n'};
	harm h = {0};
	HPDF_Doc pdf;
	HPDF_Image img;
	int rc;

	memset(info, 0, sizeof(*info));
	if (len > VPD_IMAGE_MAX_BYTES)
		return vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "the photo is %zu bytes; the limit is %d KiB: make it "
		    "smaller, e.g. 600 x 800 pixels", len,
		    VPD_IMAGE_MAX_BYTES / 1024);
	if (len >= 4 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF) {
		info->type = "jpeg";
		rc = check_jpeg(buf, len, name, info, err);
	} else if (len >= 8 && memcmp(buf, png_sig, 8) == 0) {
		info->type = "png";
		rc = check_png(buf, len, name, info, err);
	} else {
		return vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "not a JPEG or PNG image");
	}
	if (rc)
		return rc;
	if ((pdf = HPDF_New(on_error, &h)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	img = info->type[0] == 'j' ?
	    HPDF_LoadJpegImageFromMem(pdf, buf, (HPDF_UINT)len) :
	    HPDF_LoadPngImageFromMem(pdf, buf, (HPDF_UINT)len);
	if (img == NULL || h.code != 0)
		rc = vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "the %s cannot be placed in a PDF (libharu error 0x%04X); "
		    "save it again as an ordinary %s", info->type,
		    (unsigned)h.code, info->type[0] == 'j' ? "JPEG" : "PNG");
	else if ((int)HPDF_Image_GetWidth(img) != info->width ||
	    (int)HPDF_Image_GetHeight(img) != info->height)
		rc = vpd_error_set(err, VPD_EINVALID, name, 0, 0,
		    "the image's header and data disagree about its size");
	HPDF_Free(pdf);
	return rc;
}
