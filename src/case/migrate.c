/*
 * migrate.c - `vpd migrate`: an archive made before sealing (plain
 * personal data) seals it, in one commit (docs/privacy.md).
 *
 * The commit holds one record that marks the archive as sealing
 * (config/events/, soort "versleuteling"), then one per person
 * (persons/events/, soort "versleuteling", "persoon"): for each file of
 * theirs that holds personal data, which values it replaces by which
 * sealed ones ("velden": [[path, sealed], …], a path being the keys and
 * indexes down to the value), or which sealed blob replaces a photo or a
 * letter ("blob").  Their files are their person file and photo, their
 * cases' case.json, letters and event records, and the person records
 * that name them.  Replaying such a record needs no key: every value it
 * sets must be sealed for the person and replace a value that is not, and
 * a sealed blob must seal as many bytes as the file it replaces; the
 * indexes follow as after any change.  The old plain blobs stay in the
 * history before this commit.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../seal/seal.h"
#include "apply.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- Building the requests (with the keys) ---------------------------- */

typedef struct {
	vpd_txn *t;
	const char *pid;
	json_t *files;              /* path -> {"velden": [...]} | {"blob"} */
} builder;

/* Seals v into the place `where` (a path; the reference is taken) of
 * file `path`. */
static int
seal_at(builder *b, const char *path, json_t *where, const json_t *v,
    vpd_error *err)
{
	json_t *sealed, *f;
	int rc;

	if (v == NULL || json_is_null(v) || vpd_seal_is_sealed(v, NULL)) {
		json_decref(where);
		return 0;
	}
	/* sealed as the field it is in: the path's last key */
	if ((rc = vpd_seal_value(vpd_txn_seal(b->t), b->pid,
	    json_string_value(json_array_get(where, json_array_size(where) -
	    1)), true, v, &sealed, err))) {
		json_decref(where);
		return rc;
	}
	if ((f = json_object_get(b->files, path)) == NULL) {
		f = json_pack("{s[]}", "velden");
		json_object_set_new(b->files, path, f);
	}
	json_array_append_new(json_object_get(f, "velden"), json_pack("[oo]",
	    where, sealed));
	return 0;
}

/* The fields of `obj` (at `at`, a path whose reference is taken) that a
 * record seals. */
static int
seal_fields(builder *b, const char *path, const json_t *obj, json_t *at,
    const char *const *fields, vpd_error *err)
{
	int rc = 0;

	for (const char *const *f = fields; json_is_object(obj) && *f &&
	    rc == 0; f++) {
		json_t *where = json_deep_copy(at);

		json_array_append_new(where, json_string(*f));
		rc = seal_at(b, path, where, json_object_get(obj, *f), err);
	}
	json_decref(at);
	return rc;
}

static int
seal_blob(builder *b, const char *path, vpd_error *err)
{
	char *buf = NULL, *sealed = NULL, id[VPD_OID_HEX];
	size_t len, slen;
	int rc;

	if ((rc = vpd_txn_read(b->t, path, &buf, &len, err)))
		return rc == VPD_ENOTFOUND ? 0 : rc;
	if (!vpd_seal_blob_person(buf, len, NULL, NULL) &&
	    (rc = vpd_seal_blob(vpd_txn_seal(b->t), b->pid, true, buf, len,
	    &sealed, &slen, err)) == 0 &&
	    (rc = vpd_archive_put_blob(vpd_txn_home(b->t), sealed, slen, id,
	    err)) == 0)
		json_object_set_new(b->files, path, json_pack("{ss}", "blob",
		    id));
	free(buf);
	free(sealed);
	return rc;
}

/* An incident's fields at `at`. */
static int
seal_incident(builder *b, const char *path, const json_t *inc,
    json_t *at, vpd_error *err)
{
	return seal_fields(b, path, inc, at, vpd_sealed_incident_fields,
	    err);
}

static int
seal_case(builder *b, const char *id, vpd_error *err)
{
	char path[160], dir[160];
	json_t *c = NULL, *inc, *doc, *cp, *names, *n;
	size_t i, k;
	int rc;

	if (vpd_case_path(b->t, id, "case.json", path, sizeof(path)) ||
	    (rc = vpd_txn_read_json(b->t, path, &c, err)))
		return 0;
	json_array_foreach(json_object_get(c, "incidenten"), i, inc)
		if ((rc = seal_incident(b, path, inc, json_pack("[sI]",
		    "incidenten", (json_int_t)i), err)))
			goto done;
	json_array_foreach(json_object_get(c, "documenten"), i, doc)
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp)
			if (str(cp, "pdf") && (rc = seal_blob(b, str(cp, "pdf"),
			    err)))
				goto done;
	vpd_case_path(b->t, id, "events", dir, sizeof(dir));
	names = vpd_txn_list(b->t, dir);
	json_array_foreach(names, i, n) {
		char rpath[200];
		json_t *rec = NULL;

		snprintf(rpath, sizeof(rpath), "%s/%s", dir,
		    json_string_value(n));
		if (vpd_txn_read_json(b->t, rpath, &rec, err))
			continue;
		rc = seal_fields(b, rpath, json_object_get(rec, "persoon"),
		    json_pack("[s]", "persoon"), vpd_sealed_person_fields, err);
		if (rc == 0)
			rc = seal_incident(b, rpath, json_object_get(rec,
			    "incident"), json_pack("[s]", "incident"), err);
		json_decref(rec);
		if (rc)
			break;
	}
	json_decref(names);
done:
	json_decref(c);
	return rc;
}

/* The migration request of one person (new reference in *out). */
static int
person_request(vpd_txn *t, const char *file, const json_t *records,
    json_t **out, vpd_error *err)
{
	char path[160];
	json_t *p = NULL, *v, *req = NULL;
	builder b;
	size_t i;
	int rc;

	*out = NULL;
	if (vpd_person_file_path(t, file, path, sizeof(path)) ||
	    (rc = vpd_txn_read_json(t, path, &p, err)))
		return 0;
	if (str(p, "gewist") || !vpd_person_id_valid(str(p, "id"))) {
		json_decref(p);
		return 0;
	}
	b.t = t;
	b.pid = str(p, "id");
	b.files = json_object();
	rc = seal_fields(&b, path, p, json_array(), vpd_sealed_person_fields,
	    err);
	json_array_foreach(json_object_get(p, "correcties"), i, v)
		if (rc == 0)
			rc = seal_at(&b, path, json_pack("[sIs]", "correcties",
			    (json_int_t)i, "reden"), json_object_get(v,
			    "reden"), err);
	if (rc == 0 && json_object_get(p, "beperking"))
		rc = seal_at(&b, path, json_pack("[ss]", "beperking", "reden"),
		    json_object_get(json_object_get(p, "beperking"), "reden"),
		    err);
	if (rc == 0 && str(json_object_get(p, "foto"), "pad"))
		rc = seal_blob(&b, str(json_object_get(p, "foto"), "pad"), err);
	json_array_foreach(json_object_get(p, "zaken"), i, v)
		if (rc == 0)
			rc = seal_case(&b, json_string_value(v), err);
	json_array_foreach(records, i, v) {
		const json_t *rec = json_object_get(v, "record");
		const char *rpath = str(v, "pad");

		if (rc || strcmp(str(rec, "persoon") ? str(rec, "persoon") :
		    "", b.pid) != 0)
			continue;
		rc = seal_fields(&b, rpath, json_object_get(rec, "gegevens"),
		    json_pack("[s]", "gegevens"), vpd_sealed_person_fields, err);
		if (rc == 0 && json_is_string(json_object_get(rec, "reden")))
			rc = seal_at(&b, rpath, json_pack("[s]", "reden"),
			    json_object_get(rec, "reden"), err);
	}
	if (rc == 0) {
		req = json_pack("{sssssO}", "soort", "versleuteling", "persoon",
		    b.pid, "bestanden", b.files);
		if (str(p, "geboortedatum")) {
			char code[4];

			if ((rc = vpd_seal_search_code(vpd_txn_seal(t),
			    str(p, "geboortedatum"), code, err)) == 0)
				json_object_set_new(req, "zoekcode",
				    json_string(code));
		}
	}
	json_decref(b.files);
	json_decref(p);
	if (rc)
		json_decref(req);
	else
		*out = req;
	return rc;
}

int
vpd_migration_requests(vpd_txn *t, json_t **out, vpd_error *err)
{
	json_t *files, *v, *records, *names;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (vpd_layout_sealed(t))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "this archive seals personal data already");
	if (vpd_txn_seal(t) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	/* the person records, read once */
	records = json_array();
	names = vpd_txn_list(t, "persons/events");
	json_array_foreach(names, i, v) {
		char path[160];
		json_t *rec;

		snprintf(path, sizeof(path), "persons/events/%s",
		    json_string_value(v));
		if (vpd_txn_read_json(t, path, &rec, err) == 0)
			json_array_append_new(records, json_pack("{ssso}", "pad",
			    path, "record", rec));
	}
	json_decref(names);
	*out = json_array();
	json_array_append_new(*out, json_pack("{ss}", "soort",
	    "versleuteling"));
	files = vpd_layout_person_files(t);
	json_array_foreach(files, i, v) {
		json_t *req = NULL;

		if ((rc = person_request(t, json_string_value(v), records, &req,
		    err)))
			break;
		if (req)
			json_array_append_new(*out, req);
	}
	json_decref(files);
	json_decref(records);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- Applying (without keys) ------------------------------------------ */

/* The place of `where` in doc: its parent and key or index. */
static json_t *
parent_of(json_t *doc, const json_t *where, const char **key, size_t *idx)
{
	json_t *cur = doc, *step;
	size_t i, n = json_array_size(where);

	if (n == 0 || n > 8)
		return NULL;
	for (i = 0; i + 1 < n; i++) {
		step = json_array_get(where, i);
		cur = json_is_string(step) ? json_object_get(cur,
		    json_string_value(step)) : json_is_integer(step) ?
		    json_array_get(cur, (size_t)json_integer_value(step)) : NULL;
		if (cur == NULL)
			return NULL;
	}
	step = json_array_get(where, n - 1);
	*key = json_string_value(step);
	*idx = json_is_integer(step) ? (size_t)json_integer_value(step) : 0;
	if ((*key && json_is_object(cur)) || (!*key && json_is_integer(step) &&
	    json_is_array(cur)))
		return cur;
	return NULL;
}

/* Whether the path ends in a field vpd seals: of a person record, of an
 * incident, or a reason. */
static bool
sealable(const json_t *where)
{
	const char *last = json_string_value(json_array_get(where,
	    json_array_size(where) - 1));

	if (last == NULL)
		return false;
	if (strcmp(last, "reden") == 0)
		return true;
	for (const char *const *f = vpd_sealed_person_fields; *f; f++)
		if (strcmp(*f, last) == 0)
			return true;
	for (const char *const *f = vpd_sealed_incident_fields; *f; f++)
		if (strcmp(*f, last) == 0)
			return true;
	return false;
}

static int
replace_values(vpd_txn *t, const char *pid, const char *path,
    const json_t *fields, vpd_error *err)
{
	json_t *doc = NULL, *f;
	char who[VPD_SEAL_ID_MAX];
	size_t i;
	int rc;

	if ((rc = vpd_txn_read_json(t, path, &doc, err)))
		return rc;
	json_array_foreach(fields, i, f) {
		const json_t *where = json_array_get(f, 0);
		json_t *sealed = json_array_get(f, 1), *parent, *old;
		const char *key = NULL;
		size_t idx = 0;

		if (!sealable(where)) {
			json_decref(doc);
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "migration of %s: value %zu of %s is not personal "
			    "data that vpd seals", pid, i + 1, path);
		}
		parent = parent_of(doc, where, &key, &idx);
		old = parent ? (key ? json_object_get(parent, key) :
		    json_array_get(parent, idx)) : NULL;
		if (old == NULL || json_is_null(old) ||
		    vpd_seal_is_sealed(old, NULL) ||
		    !vpd_seal_is_sealed(sealed, who) || strcmp(who, pid) != 0) {
			json_decref(doc);
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "migration of %s: value %zu of %s is not a plain "
			    "value replaced by one sealed for them", pid,
			    i + 1, path);
		}
		if (key)
			json_object_set(parent, key, sealed);
		else
			json_array_set(parent, idx, sealed);
	}
	rc = vpd_txn_write_json(t, path, doc, err);
	json_decref(doc);
	return rc;
}

static int
replace_blob(vpd_txn *t, const char *pid, const char *path,
    const char *blob, vpd_error *err)
{
	char *old = NULL, *buf = NULL, who[VPD_SEAL_ID_MAX];
	size_t olen, len, plain;
	bool ok;
	int rc;

	if ((rc = vpd_txn_read(t, path, &old, &olen, err)))
		return rc;
	if (blob == NULL || (rc = vpd_archive_get_blob(vpd_txn_archive(t),
	    blob, &buf, &len, err))) {
		free(old);
		return rc ? rc : vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "migration of %s: no blob for %s", pid, path);
	}
	ok = !vpd_seal_blob_person(old, olen, NULL, NULL) &&
	    vpd_seal_blob_person(buf, len, who, &plain) &&
	    strcmp(who, pid) == 0 && plain == olen;
	free(old);
	free(buf);
	if (!ok)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "migration of %s: %s is not replaced by the same file "
		    "sealed for them", pid, path);
	return vpd_txn_write_blob_id(t, path, blob, err);
}

/* Whether `path` is a file of person `p` (their file, photo, a file of
 * one of their cases, a person record naming them). */
static bool
file_of(vpd_txn *t, const json_t *p, const char *path)
{
	char own[160], id[VPD_ID_MAX];
	const char *rest;
	json_t *v;
	size_t i;

	if (vpd_person_path(t, str(p, "id"), own, sizeof(own)) == 0 &&
	    strcmp(own, path) == 0)
		return true;
	if (str(json_object_get(p, "foto"), "pad") &&
	    strcmp(str(json_object_get(p, "foto"), "pad"), path) == 0)
		return true;
	if (strncmp(path, "persons/events/", 15) == 0) {
		json_t *rec = NULL;
		vpd_error e;
		bool mine;

		if (vpd_txn_read_json(t, path, &rec, &e))
			return false;
		mine = str(rec, "persoon") && strcmp(str(rec, "persoon"),
		    str(p, "id")) == 0;
		json_decref(rec);
		return mine;
	}
	if (!vpd_layout_case_of(path, id, &rest))
		return false;
	json_array_foreach(json_object_get(p, "zaken"), i, v)
		if (strcmp(json_string_value(v), id) == 0)
			return strcmp(rest, "case.json") == 0 ||
			    strncmp(rest, "events/", 7) == 0 ||
			    strncmp(rest, "documents/", 10) == 0;
	return false;
}

int
vpd_apply_migration(vpd_txn *t, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	const char *pid = str(req, "persoon"), *code = str(req, "zoekcode");
	json_t *files = json_object_get(req, "bestanden"), *f, *p = NULL;
	json_t *rec;
	char ppath[128];
	unsigned roles;
	const char *file;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & VPD_ROLE_COORDINATOR))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "%s may "
		    "not migrate the archive (coordinator)", str(req, "actor"));
	if (pid == NULL) {
		/* the first record: the archive seals from now on */
		if ((rc = vpd_seal_mark(t, req, err)))
			return rc;
		{
			json_t *names = vpd_txn_list(t, "config/events");

			snprintf(path, size, "config/events/%04d.json",
			    (int)json_array_size(names) + 1);
			json_decref(names);
		}
	} else {
		/* only in the commit that brings in the mark, which its
		 * first record wrote */
		if (!vpd_txn_wrote(t, VPD_SEAL_MARK) || !json_is_object(files) ||
		    (code && (strlen(code) != 3 ||
		    strspn(code, "0123456789abcdef") != 3)))
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "a migration record needs the archive's mark "
			    "first, and the person's files");
		if ((rc = vpd_person_load(t, pid, ppath, sizeof(ppath), &p,
		    err)))
			return rc;
		json_object_foreach(files, file, f) {
			if (!file_of(t, p, file)) {
				rc = vpd_error_set(err, VPD_EINVALID, NULL, 0,
				    0, "migration of %s: %s is not theirs",
				    pid, file);
				break;
			}
			rc = json_object_get(f, "blob") ? replace_blob(t, pid,
			    file, str(f, "blob"), err) : replace_values(t,
			    pid, file, json_object_get(f, "velden"), err);
			if (rc)
				break;
		}
		json_decref(p);
		if (rc == 0 && code) {
			/* the person file as sealed now, with its search
			 * code */
			if ((rc = vpd_txn_read_json(t, ppath, &p, err)) == 0) {
				json_object_set_new(p, "zoekcode",
				    json_string(code));
				rc = vpd_txn_write_json(t, ppath, p, err);
			}
			json_decref(p);
		}
		if (rc)
			return rc;
		{
			json_t *names = vpd_txn_list(t, "persons/events");

			snprintf(path, size, "persons/events/%04d.json",
			    (int)json_array_size(names) + 1);
			json_decref(names);
		}
	}
	rec = json_deep_copy(req);
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	if ((rc = vpd_txn_write_json(t, path, rec, err))) {
		json_decref(rec);
		return rc;
	}
	*record = rec;
	return 0;
}
