/*
 * form.c - request bodies into form fields, with libmicrohttpd's post
 * processor doing the parsing (urlencoded and multipart).
 *
 * The body is hostile until checked.  Its size is bounded as it arrives
 * (max_body) and so is each field (64 KiB of text, max_file for an
 * upload) and their number.  When the body is complete, every text value
 * must be valid UTF-8 without control characters other than tab and line
 * breaks; CR LF becomes LF, so text typed in a browser is stored the way
 * the command line stores it.  A problem names the field, never its
 * value, which may be personal data.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct field {
	char *name;
	char *filename;
	char *type;
	unsigned char *data;
	size_t len, cap;
	bool file;
} field;

struct web_form {
	struct MHD_PostProcessor *pp;
	bool urlencoded;
	char tail[3];              /* the last bytes fed, for "%00" */
	size_t max_body, max_file, seen;
	field *fields;
	size_t n, cap;
	int state;
	char error[256];
	web_file file_view;
};

web_form *
web_form_new(size_t max_body, size_t max_file)
{
	web_form *f = calloc(1, sizeof(*f));

	if (f) {
		f->max_body = max_body;
		f->max_file = max_file;
	}
	return f;
}

static int fail(web_form *f, int state, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(web_form *f, int state, const char *fmt, ...)
{
	va_list ap;

	if (f->state != WEB_FORM_OK)
		return f->state;
	f->state = state;
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof(f->error), fmt, ap);
	va_end(ap);
	return state;
}

static bool
name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > WEB_FORM_MAX_NAME)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

static bool
append(field *fl, const char *data, size_t size)
{
	if (fl->len + size + 1 > fl->cap) {
		size_t cap = fl->cap ? fl->cap : 256;
		unsigned char *g;

		while (cap < fl->len + size + 1)
			cap *= 2;
		if ((g = realloc(fl->data, cap)) == NULL)
			return false;
		fl->data = g;
		fl->cap = cap;
	}
	memcpy(fl->data + fl->len, data, size);
	fl->len += size;
	fl->data[fl->len] = '\0';
	return true;
}

static enum MHD_Result
iterate(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	web_form *f = cls;
	field *fl = f->n ? &f->fields[f->n - 1] : NULL;

	(void)kind;
	(void)transfer_encoding;
	if (f->state != WEB_FORM_OK)
		return MHD_NO;
	if (!name_ok(key)) {
		fail(f, WEB_FORM_BAD, "a field name is not allowed (at most 64 "
		    "of a-z 0-9 _ . -)");
		return MHD_NO;
	}
	/* The same field continues when the offset goes on from it. */
	if (fl == NULL || off == 0 || strcmp(fl->name, key) != 0 ||
	    off != fl->len) {
		if (f->n == WEB_FORM_MAX_FIELDS) {
			fail(f, WEB_FORM_TOO_LARGE, "more than %d fields",
			    WEB_FORM_MAX_FIELDS);
			return MHD_NO;
		}
		if (f->n == f->cap) {
			size_t cap = f->cap ? f->cap * 2 : 16;
			field *g = realloc(f->fields, cap * sizeof(*g));

			if (g == NULL) {
				fail(f, WEB_FORM_TOO_LARGE, "out of memory");
				return MHD_NO;
			}
			f->fields = g;
			f->cap = cap;
		}
		fl = &f->fields[f->n++];
		memset(fl, 0, sizeof(*fl));
		fl->name = strdup(key);
		fl->file = filename != NULL;
		fl->filename = filename ? strdup(filename) : NULL;
		fl->type = content_type ? strdup(content_type) : NULL;
		if (!append(fl, "", 0)) {
			fail(f, WEB_FORM_TOO_LARGE, "out of memory");
			return MHD_NO;
		}
	}
	/* A NUL in a text value would cut it short where it is read. */
	if (!fl->file && size > 0 && memchr(data, '\0', size)) {
		fail(f, WEB_FORM_BAD, "a field is not valid text (it holds a "
		    "NUL character)");
		return MHD_NO;
	}
	if (fl->len + size > (fl->file ? f->max_file : WEB_FORM_MAX_VALUE)) {
		fail(f, WEB_FORM_TOO_LARGE, "field '%s' is too long", key);
		return MHD_NO;
	}
	if (size > 0 && !append(fl, data, size)) {
		fail(f, WEB_FORM_TOO_LARGE, "out of memory");
		return MHD_NO;
	}
	return MHD_YES;
}

int
web_form_begin(web_form *f, struct MHD_Connection *c)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);

	if (type == NULL || (strncasecmp(type,
	    MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
	    strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) != 0 &&
	    strncasecmp(type, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
	    strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) != 0))
		return fail(f, WEB_FORM_UNSUPPORTED, "the body is not a form");
	f->urlencoded = strncasecmp(type,
	    MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
	    strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) == 0;
	f->pp = MHD_create_post_processor(c, 16 * 1024, iterate, f);
	if (f->pp == NULL)
		return fail(f, WEB_FORM_BAD, "the form's encoding is not "
		    "understood (a multipart body needs its boundary)");
	return WEB_FORM_OK;
}

/*
 * libmicrohttpd decodes "%00" and hands on the value cut short at the NUL;
 * a value must be refused, not stored in part, so the encoded NUL is
 * looked for in the body itself (also across two pieces of it).
 */
static bool
encoded_nul(web_form *f, const char *data, size_t len)
{
	char window[8];
	size_t t = strlen(f->tail);

	for (size_t i = 0; i < len; i++) {
		if (data[i] == '%' && i + 2 < len && data[i + 1] == '0' &&
		    data[i + 2] == '0')
			return true;
	}
	/* the pieces' seam: up to two bytes before, two after */
	memcpy(window, f->tail, t);
	memcpy(window + t, data, len < 2 ? len : 2);
	window[t + (len < 2 ? len : 2)] = '\0';
	if (strstr(window, "%00"))
		return true;
	if (len >= 2) {
		f->tail[0] = data[len - 2];
		f->tail[1] = data[len - 1];
		f->tail[2] = '\0';
	} else if (len == 1) {
		f->tail[0] = t ? f->tail[t - 1] : '\0';
		f->tail[1] = data[0];
		f->tail[2] = '\0';
		if (f->tail[0] == '\0')
			memmove(f->tail, f->tail + 1, 2);
	}
	return false;
}

int
web_form_feed(web_form *f, const char *data, size_t len)
{
	if (f->state != WEB_FORM_OK)
		return f->state;
	if (f->urlencoded && (memchr(data, '\0', len) ||
	    encoded_nul(f, data, len)))
		return fail(f, WEB_FORM_BAD, "a field is not valid text (it "
		    "holds a NUL character)");
	if (f->seen + len > f->max_body)
		return fail(f, WEB_FORM_TOO_LARGE, "the request body is larger "
		    "than %zu bytes", f->max_body);
	f->seen += len;
	if (f->pp && MHD_post_process(f->pp, data, len) != MHD_YES)
		return fail(f, WEB_FORM_BAD, "the form could not be read");
	return f->state;
}

/* Valid UTF-8, no control characters but tab and line breaks; CR LF and
 * a lone CR become LF in place. */
static bool
clean_text(field *fl)
{
	unsigned char *s = fl->data, *w = fl->data;
	size_t i = 0, n = fl->len;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, len;
		unsigned cp;

		if (c < 0x80) {
			if (c == '\r') {
				*w++ = '\n';
				i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
				continue;
			}
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				return false;
			*w++ = c;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 ||
		    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp <= 0x9f))
			return false;
		memmove(w, s + i, len);
		w += len;
		i += len;
	}
	*w = '\0';
	fl->len = (size_t)(w - fl->data);
	return true;
}

int
web_form_end(web_form *f)
{
	if (f->pp) {
		/* Urlencoded: the last value arrives only now. */
		if (MHD_destroy_post_processor(f->pp) != MHD_YES &&
		    f->state == WEB_FORM_OK)
			fail(f, WEB_FORM_BAD, "the form ends in the middle");
		f->pp = NULL;
	}
	if (f->state != WEB_FORM_OK)
		return f->state;
	for (size_t i = 0; i < f->n; i++)
		if (!f->fields[i].file && !clean_text(&f->fields[i]))
			return fail(f, WEB_FORM_BAD, "field '%s' is not valid "
			    "text (UTF-8 without control characters)",
			    f->fields[i].name);
	return WEB_FORM_OK;
}

const char *
web_form_error(const web_form *f)
{
	return f->error;
}

void
web_form_free(web_form *f)
{
	if (f == NULL)
		return;
	if (f->pp)
		MHD_destroy_post_processor(f->pp);
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].name);
		free(f->fields[i].filename);
		free(f->fields[i].type);
		free(f->fields[i].data);
	}
	free(f->fields);
	free(f);
}

const char *
web_form_get(const web_form *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (!f->fields[i].file && strcmp(f->fields[i].name, name) == 0)
			return (const char *)f->fields[i].data;
	return NULL;
}

size_t
web_form_all(const web_form *f, const char *name, const char **out,
    size_t max)
{
	size_t k = 0;

	for (size_t i = 0; f && i < f->n && k < max; i++)
		if (!f->fields[i].file && strcmp(f->fields[i].name, name) == 0)
			out[k++] = (const char *)f->fields[i].data;
	return k;
}

const web_file *
web_form_file(const web_form *f, const char *name)
{
	web_form *m = (web_form *)f;

	for (size_t i = 0; f && i < f->n; i++) {
		field *fl = &f->fields[i];

		if (!fl->file || strcmp(fl->name, name) != 0 || fl->len == 0)
			continue;
		m->file_view.name = fl->name;
		m->file_view.filename = fl->filename ? fl->filename : "";
		m->file_view.type = fl->type ? fl->type : "";
		m->file_view.data = fl->data;
		m->file_view.len = fl->len;
		return &m->file_view;
	}
	return NULL;
}

json_t *
web_form_json(const web_form *f)
{
	json_t *o = json_object();

	for (size_t i = 0; f && i < f->n; i++)
		if (!f->fields[i].file && !json_object_get(o,
		    f->fields[i].name))
			json_object_set_new(o, f->fields[i].name, json_stringn(
			    (const char *)f->fields[i].data, f->fields[i].len));
	return o;
}
