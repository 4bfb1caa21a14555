/*
 * rewrite.c - `vpd migrate --rewrite-into NEW`: after a migration, the
 * history once more, in a new archive, with every personal value sealed
 * from the first commit on (docs/privacy.md, "Rewriting the history").
 *
 * Each commit of the old history is made again in NEW, oldest first: its
 * event records, as requests, with every plain personal value sealed for
 * its person and every plain photo and letter replaced by the same file
 * sealed, applied by vpd_apply() as `vpd verify` would, and committed
 * with the old commit's author, time and message.  What was sealed
 * already is copied as it is.  A person erased since has no key: what the
 * old history held of them in plain text is sealed under a random key
 * that is wiped at once.  Two things change on the way, and the docs say
 * so: the migration's own commit is left out (NEW seals from its first
 * commit), and so are key rotations: NEW has only the current signing
 * key, which signs every commit (the old keys' secret halves are gone).
 * The old archive is not touched; the administrator checks NEW with
 * `vpd verify`, puts it in place and destroys the old one.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../seal/seal.h"
#include "../util/file.h"
#include "apply.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

typedef struct {
	vpd_archive *old, *neu;
	vpd_wfcache *cache;
	const char *key_line;       /* the current signing key */
	vpd_error *err;
	int commits, skipped;
} rewriter;

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Copies a blob of the old archive into the new one; sealed for pid
 * (when it is not yet) into *id. */
static int
carry_blob(rewriter *r, vpd_txn *t, const char *blob, const char *pid,
    char id[VPD_OID_HEX])
{
	char *buf = NULL, *sealed = NULL;
	size_t len, slen;
	int rc;

	if (blob == NULL)
		return vpd_error_set(r->err, VPD_EINVALID, NULL, 0, 0,
		    "a record names no blob");
	if ((rc = vpd_archive_get_blob(r->old, blob, &buf, &len, r->err)))
		return rc;
	if (pid == NULL || vpd_seal_blob_person(buf, len, NULL, NULL))
		rc = vpd_archive_put_blob(r->neu, buf, len, id, r->err);
	else if ((rc = vpd_seal_blob(vpd_txn_seal(t), pid, false, buf, len,
	    &sealed, &slen, r->err)) == 0)
		rc = vpd_archive_put_blob(r->neu, sealed, slen, id, r->err);
	free(buf);
	free(sealed);
	return rc;
}

/* Seals the plain `fields` of obj for pid, in place. */
static int
seal_fields(rewriter *r, vpd_txn *t, json_t *obj, const char *const *fields,
    const char *pid)
{
	json_t *sealed;
	int rc;

	if (!json_is_object(obj))
		return 0;
	for (const char *const *f = fields; *f; f++) {
		json_t *v = json_object_get(obj, *f);

		if (v == NULL || json_is_null(v) || vpd_seal_is_sealed(v, NULL))
			continue;
		if ((rc = vpd_seal_value(vpd_txn_seal(t), pid, *f, false, v,
		    &sealed, r->err)))
			return rc;
		json_object_set_new(obj, *f, sealed);
	}
	return 0;
}

static int
search_code(vpd_txn *t, json_t *req, const json_t *person, vpd_error *err)
{
	const char *born = str(person, "geboortedatum");
	char code[4];
	int rc;

	if (born == NULL || json_object_get(req, "zoekcode"))
		return 0;
	if ((rc = vpd_seal_search_code(vpd_txn_seal(t), born, code, err)))
		return rc;
	json_object_set_new(req, "zoekcode", json_string(code));
	return 0;
}

static const char *const reason[] = {"reden", NULL};

/* The event's text inputs that a sealing archive seals (sealing.c). */
static int
seal_inputs(rewriter *r, vpd_txn *t, json_t *req, const char *pid)
{
	char path[128];
	json_t *c = NULL, *names, *n, *inputs = json_object_get(req, "invoer");
	size_t i;
	int rc = 0;

	if (vpd_case_path(t, str(req, "zaak"), "case.json", path,
	    sizeof(path)) || vpd_txn_read_json(t, path, &c, r->err))
		return vpd_error_set(r->err, VPD_EINVALID, NULL, 0, 0,
		    "an old event record names no case of the new archive");
	names = vpd_text_inputs(t, r->cache, c, str(req, "event"));
	json_array_foreach(names, i, n) {
		json_t *v = json_object_get(inputs, json_string_value(n)), *s;

		if (!json_is_string(v) || json_string_length(v) == 0)
			continue;
		if ((rc = vpd_seal_value(vpd_txn_seal(t), pid,
		    json_string_value(n), false, v, &s, r->err)))
			break;
		json_object_set_new(inputs, json_string_value(n), s);
	}
	json_decref(names);
	json_decref(c);
	return rc;
}

/* The request of an old record as the sealing archive takes it. */
static int
seal_request(rewriter *r, vpd_txn *t, json_t *req)
{
	const char *soort = str(req, "soort");
	const char *pid = str(req, "persoon_id");
	char id[VPD_OID_HEX];
	int rc = 0;

	if (strcmp(soort, "init") == 0) {
		json_object_set_new(req, "versleuteling", json_integer(1));
		if (r->key_line)
			json_object_set_new(req, "sleutel",
			    json_string(r->key_line));
		return 0;
	}
	if (strcmp(soort, "openen") == 0) {
		json_t *p = json_object_get(req, "persoon");

		if (pid == NULL)
			return vpd_error_set(r->err, VPD_EINVALID, NULL, 0, 0,
			    "an old record of a new case names no person");
		json_object_del(p, "id");
		if ((rc = search_code(t, req, p, r->err)) ||
		    (rc = seal_fields(r, t, p, vpd_sealed_person_fields,
		    pid)) ||
		    (rc = seal_fields(r, t, json_object_get(req, "incident"),
		    vpd_sealed_incident_fields, pid)) ||
		    (rc = carry_blob(r, t, str(req, "workflow_blob"), NULL,
		    id)))
			return rc;
	}
	if (strcmp(soort, "event") == 0) {
		json_t *doc, *cp;
		const char *key;
		size_t i;

		if (pid == NULL)
			return vpd_error_set(r->err, VPD_EINVALID, NULL, 0, 0,
			    "an old event record names no person");
		if ((rc = seal_fields(r, t, json_object_get(req, "incident"),
		    vpd_sealed_incident_fields, pid)) ||
		    (rc = seal_inputs(r, t, req, pid)))
			return rc;
		json_object_foreach(json_object_get(req, "pdf"), key, doc)
			json_array_foreach(json_object_get(doc, "exemplaren"),
			    i, cp) {
				if ((rc = carry_blob(r, t, str(cp, "blob"), pid,
				    id)))
					return rc;
				json_object_set_new(cp, "blob", json_string(id));
			}
		/* only the request: vpd_apply derives the rest */
		json_object_del(req, "persoon_id");
	}
	if (strcmp(soort, "persoon") == 0) {
		pid = str(req, "persoon");
		if ((rc = search_code(t, req, json_object_get(req, "gegevens"),
		    r->err)) ||
		    (rc = seal_fields(r, t, json_object_get(req, "gegevens"),
		    vpd_sealed_person_fields, pid)) ||
		    (rc = seal_fields(r, t, req, reason, pid)))
			return rc;
	}
	if (strcmp(soort, "beperking") == 0)
		rc = seal_fields(r, t, req, reason, str(req, "persoon"));
	if (strcmp(soort, "foto") == 0 && json_is_object(json_object_get(req,
	    "foto"))) {
		json_t *f = json_object_get(req, "foto");

		if ((rc = carry_blob(r, t, str(f, "blob"), str(req, "persoon"),
		    id)) == 0)
			json_object_set_new(f, "blob", json_string(id));
	}
	return rc;
}

static int
one_commit(const vpd_commit *c, void *ud)
{
	rewriter *r = ud;
	const char **paths;
	vpd_txn *here = NULL, *t = NULL;
	size_t n = 0, i, applied = 0;
	json_t *p, *records = json_array();
	char id[VPD_OID_HEX], *msg = NULL;
	int rc = 0;

	paths = calloc(json_array_size(c->added) + 1, sizeof(*paths));
	if (paths == NULL)
		return vpd_error_set(r->err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	json_array_foreach(c->added, i, p)
		if (vpd_is_record_path(json_string_value(p)))
			paths[n++] = json_string_value(p);
	qsort(paths, n, sizeof(*paths), cmp_str);
	if ((rc = vpd_txn_begin_at(&here, r->old, c->id, r->err)) ||
	    (rc = vpd_txn_begin(&t, r->neu, r->err)))
		goto done;
	vpd_txn_set_raw(here, true);
	vpd_txn_set_raw(t, true);
	vpd_seal_shred_erased(vpd_txn_seal(t), true);
	for (i = 0; i < n && rc == 0; i++) {
		json_t *rec = NULL, *req, *out = NULL;
		const char *soort;
		char path[256];

		if ((rc = vpd_txn_read_json(here, paths[i], &rec, r->err)))
			break;
		req = vpd_record_request(rec);
		/* the request keeps the person the old record was about */
		if (json_object_get(rec, "persoon_id"))
			json_object_set(req, "persoon_id", json_object_get(rec,
			    "persoon_id"));
		json_decref(rec);
		soort = str(req, "soort");
		if (soort == NULL || strcmp(soort, "versleuteling") == 0 ||
		    strcmp(soort, "sleutel") == 0) {
			json_decref(req);
			continue;
		}
		if ((rc = seal_request(r, t, req)) == 0 &&
		    (rc = vpd_apply(t, r->cache, req, &out, path, sizeof(path),
		    r->err)) == 0) {
			applied++;
			json_array_append_new(records, json_pack("{sssO}",
			    "pad", path, "record", out));
		}
		if (rc)
			vpd_error_prefix(r->err, "commit %.12s, %s", c->id,
			    paths[i]);
		json_decref(out);
		json_decref(req);
	}
	/* the message made again from the new records: the old one may
	 * repeat inputs that are sealed now */
	if (rc == 0 && applied == 0)
		r->skipped++;
	else if (rc == 0 && ((msg = vpd_commit_message(r->neu, r->cache,
	    records)) == NULL ? (rc = vpd_error_set(r->err, VPD_ENOMEM, NULL,
	    0, 0, "out of memory")) : (rc = vpd_txn_commit(t, c->author,
	    c->email, c->when, msg, id, r->err))) == 0)
		r->commits++;
done:
	free(msg);
	json_decref(records);
	vpd_txn_free(here);
	vpd_txn_free(t);
	free(paths);
	return rc;
}

/* Copies the files of OLD/private (and its key store) that belong to the
 * archive as a whole into NEW/private: the keys, the passwords, the
 * access log; not the checkpoint or the mirrors' state, which name the
 * old commits, nor locks. */
static int
copy_private(const char *from, const char *to, vpd_error *err)
{
	static const char *const skip[] = {"verified", "mirror.json", ".lock",
	    "rotate.lock", "mirror.lock", "gc.lock", "signing.key.new", NULL};
	char src[4200], dst[4200];
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (mkdir(to, 0700) != 0 && errno != EEXIST)
		return vpd_error_set(err, VPD_EIO, to, 0, 0, "cannot make: %s",
		    strerror(errno));
	if ((d = opendir(from)) == NULL)
		return errno == ENOENT ? 0 : vpd_error_set(err, VPD_EIO, from,
		    0, 0, "cannot read: %s", strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct stat st;
		bool skipped = de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    strcmp(de->d_name, "..") == 0);

		for (int i = 0; skip[i]; i++)
			if (strcmp(de->d_name, skip[i]) == 0)
				skipped = true;
		if (skipped || strstr(de->d_name, ".tmp-"))
			continue;
		snprintf(src, sizeof(src), "%s/%s", from, de->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", to, de->d_name);
		if (lstat(src, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && strcmp(de->d_name, "sleutels") == 0)
			rc = copy_private(src, dst, err);
		else if (S_ISREG(st.st_mode)) {
			size_t len;
			char *buf = vpd_file_read(src, &len, err);

			rc = buf ? vpd_file_write_atomic(dst, buf, len,
			    st.st_mode & 0700, err) : err->code;
			free(buf);
		}
	}
	closedir(d);
	return rc;
}

/* The last line of the old archive's config/allowed_signers: the key in
 * force, as its records give it. */
static char *
current_key(vpd_archive *a)
{
	vpd_txn *t = NULL;
	char *text = NULL, *line = NULL, *nl;
	size_t len;
	vpd_error e;

	if (vpd_txn_begin(&t, a, &e) == 0 &&
	    vpd_txn_read(t, VPD_SIGNERS_FILE, &text, &len, &e) == 0) {
		while (len > 0 && text[len - 1] == '\n')
			text[--len] = '\0';
		nl = strrchr(text, '\n');
		/* "vpd namespaces=… ssh-ed25519 AAAA… sleutel-N": the key */
		if ((line = strstr(nl ? nl + 1 : text, "ssh-ed25519 ")) != NULL) {
			char *end = strchr(line + 12, ' ');

			if (end)
				*end = '\0';
			line = strdup(line);
		}
	}
	free(text);
	vpd_txn_free(t);
	return line;
}

int
vpd_core_rewrite(vpd_archive *a, const vpd_who *who, const char *path,
    json_t **result, vpd_error *err)
{
	rewriter r = {0};
	vpd_txn *t = NULL;
	unsigned roles = 0;
	char from[4200], to[4200], work[4200], tip[VPD_OID_HEX];
	struct stat st;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_actor_roles(t, who->actor, &roles, err))) {
		vpd_txn_free(t);
		return rc;
	}
	if (!(roles & VPD_ROLE_COORDINATOR))
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "%s may not "
		    "rewrite the archive (coordinator)", who->actor);
	else if (!vpd_layout_sealed(t))
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "this archive "
		    "does not seal personal data yet: run `vpd migrate` first");
	vpd_txn_free(t);
	if (rc)
		return rc;
	if (stat(path, &st) == 0)
		return vpd_error_set(err, VPD_EREFUSED, path, 0, 0, "exists "
		    "already; the history is rewritten into a new directory");
	/* made aside and renamed into place when whole: a rewrite that is
	 * killed halfway leaves no shorter history under the new name */
	snprintf(work, sizeof(work), "%s.tmp-%ld", path, (long)getpid());
	if (stat(work, &st) == 0)
		vpd_file_remove_tree(work);
	if ((rc = vpd_archive_create(&r.neu, work, err)))
		return rc;
	snprintf(from, sizeof(from), "%s/private", vpd_archive_path(a));
	snprintf(to, sizeof(to), "%s/private", work);
	r.old = a;
	r.err = err;
	r.cache = vpd_wfcache_new();
	r.key_line = current_key(a);
	if ((rc = copy_private(from, to, err)) == 0)
		rc = vpd_archive_walk(a, one_commit, &r, err);
	if (rc == 0 && (rc = vpd_archive_tip(r.neu, tip, err)) == 0)
		*result = json_pack("{sssisi}", "commit", tip, "commits",
		    r.commits, "weggelaten", r.skipped);
	vpd_wfcache_free(r.cache);
	free((char *)r.key_line);
	if (rc == 0) {
		vpd_error e2;

		vpd_archive_gc_auto(r.neu, NULL, &e2);
	}
	vpd_archive_free(r.neu);
	if (rc == 0 && rename(work, path) != 0)
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot put the "
		    "rewritten archive in place: %s", strerror(errno));
	if (rc) {
		/* nothing half made is left for someone to take for the
		 * archive */
		json_decref(*result);
		*result = NULL;
		vpd_file_remove_tree(work);
		return rc;
	}
	vpd_file_sync_dir(path);
	return 0;
}
