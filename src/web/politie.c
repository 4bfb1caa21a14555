/*
 * politie.c - the police portal: the copies for the police, the history
 * of exports, and an export made and downloaded in one step.
 *
 * The download is a zip (Windows opens it without extra software)
 * holding exactly what `vpd police export` writes into its directory: a
 * folder of letters per case, manifest.json, LEESMIJ.txt,
 * controlepunt.txt and SHA256SUMS.  The core records the export (and logs
 * it in the access log) only after done() has the whole zip in memory,
 * so a download that cannot be made leaves no record.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"

typedef struct police_zip {
	struct archive *ar;
	FILE *mem;                 /* the zip as it is written */
	char *bytes;
	size_t len;
	time_t mtime;              /* the export's time, for every entry */
	json_t *sums;              /* SHA256SUMS lines */
} police_zip;

static la_ssize_t
zip_write(struct archive *ar, void *ud, const void *buf, size_t len)
{
	police_zip *z = ud;

	(void)ar;
	return fwrite(buf, 1, len, z->mem) == len ? (la_ssize_t)len : -1;
}

static int
zip_add(police_zip *z, const char *name, const void *data, size_t len,
    vpd_error *err)
{
	struct archive_entry *e = archive_entry_new();
	int rc = 0;

	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, z->mtime, 0);
	if (archive_write_header(z->ar, e) != ARCHIVE_OK ||
	    (len > 0 && archive_write_data(z->ar, data, len) !=
	    (la_ssize_t)len))
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "the zip cannot "
		    "be written: %s", archive_error_string(z->ar));
	archive_entry_free(e);
	return rc;
}

static int
zip_letter(void *ud, const json_t *entry, const unsigned char *data,
    size_t len, vpd_error *err)
{
	police_zip *z = ud;
	const char *file = str(entry, "bestand");
	char sha[VPD_SHA256_HEX];

	if (file == NULL || *file == '.' || *file == '/' ||
	    strstr(file, "..") || strlen(file) > 200)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "not a "
		    "file name for an export");
	vpd_archive_sha256(data, len, sha);
	json_array_append_new(z->sums, json_sprintf("%s  %s\n", sha, file));
	return zip_add(z, file, data, len, err);
}

static int
zip_done(void *ud, const json_t *m, vpd_error *err)
{
	police_zip *z = ud;
	json_t *texts, *t;
	size_t i;
	int rc = 0;

	if ((texts = vpd_police_texts(m)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	json_array_foreach(texts, i, t)
		if ((rc = zip_add(z, str(t, "bestand"), str(t, "tekst"),
		    strlen(str(t, "tekst")), err)))
			break;
	json_decref(texts);
	if (rc == 0) {
		char *sums = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&sums, &len);

		if (f == NULL)
			return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		json_array_foreach(z->sums, i, t)
			fputs(json_string_value(t), f);
		fclose(f);
		rc = zip_add(z, "SHA256SUMS", sums, len, err);
		free(sums);
	}
	/* the zip is whole before the export is recorded */
	if (rc == 0 && (archive_write_close(z->ar) != ARCHIVE_OK ||
	    fflush(z->mem) != 0))
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "the zip cannot "
		    "be written: %s", archive_error_string(z->ar));
	return rc;
}

int
page_politie_export(web_req *r, web_resp *out)
{
	police_zip z = {0};
	const char *since_s = field(r, "sinds");
	json_t *res = NULL;
	vpd_date since;
	vpd_error err;
	int rc;

	if (since_s == NULL || vpd_date_parse(since_s, &since)) {
		web_flash(r, "Vul bij ‘Brieven vanaf’ een datum in.");
		return web_redirect(out, "/politie");
	}
	z.ar = archive_write_new();
	z.mem = open_memstream(&z.bytes, &z.len);
	z.mtime = (time_t)r->who.now;
	z.sums = json_array();
	vpd_error_clear(&err);
	if (z.ar == NULL || z.mem == NULL)
		rc = vpd_error_set(&err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	else if (archive_write_set_format_zip(z.ar) != ARCHIVE_OK ||
	    archive_write_set_options(z.ar, "zip:compression=deflate") !=
	    ARCHIVE_OK || archive_write_open2(z.ar, &z, NULL, zip_write, NULL,
	    NULL) != ARCHIVE_OK)
		rc = vpd_error_set(&err, VPD_EIO, NULL, 0, 0, "the zip cannot "
		    "be started: %s", archive_error_string(z.ar));
	else
		rc = vpd_core_police_export(r->archive, &r->who, since,
		    zip_letter, zip_done, &z, &res, &err);
	if (z.ar)
		archive_write_free(z.ar);
	if (z.mem)
		fclose(z.mem);
	json_decref(z.sums);
	if (rc) {
		free(z.bytes);
		json_decref(res);
		if (err.code == VPD_ENOTFOUND || err.code == VPD_ECONFLICT ||
		    err.code == VPD_EINVALID) {
			web_flash(r, "%s", web_error_text(&err));
			return web_redirect(out, "/politie");
		}
		return web_fail(r, out, &err);
	}
	snprintf(out->disposition, sizeof(out->disposition),
	    "attachment; filename=\"politie-export-%lld.zip\"", (long long)
	    json_integer_value(json_object_get(res, "export")));
	json_decref(res);
	return web_bytes(out, 200, "application/zip", z.bytes, z.len);
}

/* The copies for the police and the exports made so far. */
int
page_politie(web_req *r, web_resp *out)
{
	json_t *res = NULL, *item;
	vpd_error err;
	size_t i;

	vpd_error_clear(&err);
	if (vpd_core_police_copies(r->archive, &r->who, &res, &err))
		return web_fail(r, out, &err);
	json_array_foreach(json_object_get(res, "kopieen"), i, item)
		set_when(item, "gemaakt_tekst", str(item, "tijdstip"));
	json_array_foreach(json_object_get(res, "exports"), i, item) {
		set_when(item, "tijdstip_tekst", str(item, "tijdstip"));
		set_day(item, "sinds_tekst", str(item, "sinds"));
	}
	{
		/* what a new export most likely wants: from the day of the
		 * last one (newest first), or else this month */
		json_t *last = json_array_get(json_object_get(res, "exports"),
		    0);
		vpd_time t = r->who.now;
		char day[VPD_DATE_LEN];

		if (last && vpd_time_parse(str(last, "tijdstip"), &t) == 0)
			vpd_date_format(vpd_time_local_date(t), day);
		else {
			vpd_date_format(vpd_time_local_date(t), day);
			memcpy(day + 8, "01", 2);
		}
		json_object_set_new(res, "sinds_voorstel", json_string(day));
	}
	return web_page(r, out, 200, "politie", "Kopieën voor de politie",
	    res);
}
