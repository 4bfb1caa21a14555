/*
 * verify.c - `vpd verify`: replay the archive and check every commit.
 *
 * For each commit, oldest first, the commit's new event records are read,
 * their request parts are applied to the parent's tree with the same code
 * the commands use (apply.c), and the tree that results must be the very
 * tree the commit has: same ids, so same bytes in every file.  A commit
 * that edits a case by hand, adds a file no event explains, changes or
 * deletes an event record, carries no record at all, or records an event
 * the workflow version of its case would have refused, fails the check,
 * and the first such commit is named.  Objects written while replaying
 * stay in memory (a scratch archive), so verifying changes nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include "../seal/seal.h"
#include "../sign/sign.h"
#include "../store/store.h"
#include "../util/file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "apply.h"
#include "layout.h"

typedef struct {
	vpd_archive *a;
	vpd_wfcache *cache;
	int count;
	int signed_count;          /* commits with a good signature */
	char last[VPD_OID_HEX];    /* the newest commit checked so far */
	char bad[VPD_OID_HEX];
	char why[768];
} verifier;

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int fail(verifier *v, const vpd_commit *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(verifier *v, const vpd_commit *c, const char *fmt, ...)
{
	va_list ap;

	snprintf(v->bad, sizeof(v->bad), "%s", c->id);
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
	return 1;
}

/*
 * The commit's signature, once the archive has a key: made by the key in
 * force before the commit (for the commit that brings in the first key,
 * by that key), over the commit as stored.  `replayed` holds the parent
 * and the replayed change, the same tree as the commit's.
 */
static int
check_signature(verifier *v, const vpd_commit *c, vpd_txn *replayed)
{
	unsigned char pk[32];
	char *sig = NULL, *data = NULL;
	size_t len = 0;
	bool need;
	vpd_error err;
	int rc;

	if (vpd_txn_signing_key(replayed, &need, pk, &err))
		return fail(v, c, "%s", err.msg);
	if (!need) {
		if (v->signed_count > 0)
			return fail(v, c, "the archive's signing key is gone");
		return 0;
	}
	rc = vpd_archive_commit_signature(v->a, c->id, &sig, &data, &len,
	    &err);
	if (rc == VPD_ENOTFOUND)
		return fail(v, c, "not signed, although the archive signs "
		    "every commit since its key came in");
	if (rc)
		return fail(v, c, "%s", err.msg);
	rc = vpd_sign_sshsig_verify(sig, pk, VPD_SIGN_NS_GIT, data, len);
	free(sig);
	free(data);
	if (rc != 0)
		return fail(v, c, "its signature is not the archive's key's "
		    "over this commit (rewritten, or signed with another "
		    "key)");
	v->signed_count++;
	return 0;
}

/*
 * Whether the commit is the migration that sealed a plain archive: its
 * new records are all "versleuteling".  That commit alone replaces plain
 * values in older records by sealed ones; the replay below checks that it
 * does nothing else.
 */
static bool
migration(verifier *v, const vpd_commit *c)
{
	vpd_txn *here = NULL;
	json_t *p;
	size_t i, n = 0;
	bool all = true;
	vpd_error err;

	if (vpd_txn_begin_at(&here, v->a, c->id, &err))
		return false;
	vpd_txn_set_raw(here, true);
	/* the commit that brings in the mark, and no other */
	all = false;
	json_array_foreach(c->added, i, p)
		if (strcmp(json_string_value(p), VPD_SEAL_MARK) == 0)
			all = true;
	json_array_foreach(c->added, i, p) {
		json_t *rec = NULL;
		const char *soort;

		if (!vpd_is_record_path(json_string_value(p)))
			continue;
		n++;
		if (vpd_txn_read_json(here, json_string_value(p), &rec, &err))
			all = false;
		soort = json_string_value(json_object_get(rec, "soort"));
		if (soort == NULL || strcmp(soort, "versleuteling") != 0)
			all = false;
		json_decref(rec);
	}
	vpd_txn_free(here);
	return all && n > 0;
}

static int
check_commit(const vpd_commit *c, void *ud)
{
	verifier *v = ud;
	vpd_txn *base = NULL, *here = NULL;
	const char **paths = NULL;
	size_t n = 0, i;
	json_t *p;
	char tree[VPD_OID_HEX], diff[512];
	vpd_error err;
	int rc = 0;

	v->count++;
	snprintf(v->last, sizeof(v->last), "%s", c->id);
	if (c->nparents > 1)
		return fail(v, c, "a merge commit: the archive's history must "
		    "be a single line");
	json_array_foreach(c->changed, i, p)
		if (vpd_is_record_path(json_string_value(p)) &&
		    !migration(v, c))
			return fail(v, c, "changes or deletes the event record "
			    "%s", json_string_value(p));
	paths = calloc(json_array_size(c->added) + 1, sizeof(*paths));
	json_array_foreach(c->added, i, p)
		if (vpd_is_record_path(json_string_value(p)))
			paths[n++] = json_string_value(p);
	if (n == 0) {
		free(paths);
		return fail(v, c, "changes the archive without an event "
		    "record");
	}
	/* Records of one commit apply in path order (tick: case by case). */
	qsort(paths, n, sizeof(*paths), cmp_str);
	if (vpd_txn_begin_at(&base, v->a, c->parent, &err) ||
	    vpd_txn_begin_at(&here, v->a, c->id, &err)) {
		rc = fail(v, c, "cannot read the commit: %s", err.msg);
		goto done;
	}
	/* replayed as stored: sealed values stay sealed */
	vpd_txn_set_raw(base, true);
	vpd_txn_set_raw(here, true);
	for (i = 0; i < n; i++) {
		json_t *rec = NULL, *req, *out = NULL;
		char path[256];

		if (vpd_txn_read_json(here, paths[i], &rec, &err)) {
			rc = fail(v, c, "unreadable event record: %s",
			    err.msg);
			goto done;
		}
		req = vpd_record_request(rec);
		json_decref(rec);
		vpd_error_clear(&err);
		if (vpd_apply(base, v->cache, req, &out, path, sizeof(path),
		    &err)) {
			json_decref(req);
			rc = fail(v, c, "%s is not a legal event: %s", paths[i],
			    err.msg);
			goto done;
		}
		json_decref(req);
		json_decref(out);
		if (strcmp(path, paths[i]) != 0) {
			rc = fail(v, c, "event record %s should be at %s",
			    paths[i], path);
			goto done;
		}
	}
	if (vpd_txn_tree(base, tree, &err)) {
		rc = fail(v, c, "cannot rebuild the tree: %s", err.msg);
		goto done;
	}
	if (strcmp(tree, c->tree) != 0) {
		vpd_archive_tree_diff(v->a, tree, c->tree, diff, sizeof(diff),
		    &err);
		rc = fail(v, c, "the stored state differs from the replayed "
		    "events, first at %s", diff);
		goto done;
	}
	rc = check_signature(v, c, base);
done:
	free(paths);
	vpd_txn_free(base);
	vpd_txn_free(here);
	/* the next commit is replayed on its parent as stored, never on
	 * this replay: what it wrote can go */
	vpd_archive_scratch_reset(v->a);
	return rc;
}

/*
 * The persons erased whose key is in the key store again (a backup of
 * private/ restored after their erasure): their data in the history can
 * be read again until `vpd person erase` runs once more.
 */
static bool
key_file_there(const char *archive, const char *pid)
{
	char kp[4200];

	snprintf(kp, sizeof(kp), "%s/private/sleutels/%s.key", archive, pid);
	return access(kp, F_OK) == 0;
}

static json_t *
keys_back(const char *path)
{
	json_t *out = json_array(), *names, *n;
	vpd_archive *a = NULL;
	vpd_txn *t = NULL;
	vpd_seal *s = NULL;
	vpd_error e;
	size_t i;

	if (vpd_archive_open(&a, path, &e) || vpd_txn_begin(&t, a, &e) ||
	    (s = vpd_seal_new(path)) == NULL) {
		vpd_txn_free(t);
		vpd_archive_free(a);
		return out;
	}
	vpd_txn_set_raw(t, true);
	names = vpd_txn_list(t, "persons/events");
	json_array_foreach(names, i, n) {
		char rp[160];
		json_t *rec = NULL;
		const char *pid;

		snprintf(rp, sizeof(rp), "persons/events/%s",
		    json_string_value(n));
		if (vpd_txn_read_json(t, rp, &rec, &e))
			continue;
		pid = json_string_value(json_object_get(rec, "persoon"));
		if (pid && key_file_there(path, pid) && strcmp(json_string_value(json_object_get(rec,
		    "soort")) ? json_string_value(json_object_get(rec,
		    "soort")) : "", "wissen") == 0 &&
		    !vpd_seal_destroyed(s, pid))
			json_array_append_new(out, json_string(pid));
		json_decref(rec);
	}
	json_decref(names);
	vpd_seal_free(s);
	vpd_txn_free(t);
	vpd_archive_free(a);
	return out;
}

/* ARCHIVE/private/verified: the newest commit a verify found good. */
static void
checkpoint_path(const char *archive, char *out, size_t size)
{
	snprintf(out, size, "%s/private/verified", archive);
}

static int
read_checkpoint(const char *archive, char since[VPD_OID_HEX], vpd_error *err)
{
	char path[4200], buf[64];
	ssize_t n;
	int fd;

	/* A commit id and a newline: read no more than that, and never
	 * through a link or from something that is not a file. */
	checkpoint_path(archive, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return errno == ENOENT ? vpd_error_set(err, VPD_ENOTFOUND,
		    NULL, 0, 0, "no checkpoint yet: run a full `vpd verify` "
		    "first") : vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < VPD_OID_HEX - 1 || n > VPD_OID_HEX ||
	    (n == VPD_OID_HEX && buf[VPD_OID_HEX - 1] != '\n'))
		return vpd_error_set(err, VPD_EINVALID, path, 0, 0,
		    "not a commit id");
	buf[VPD_OID_HEX - 1] = '\0';
	if (strspn(buf, "0123456789abcdef") != VPD_OID_HEX - 1)
		return vpd_error_set(err, VPD_EINVALID, path, 0, 0,
		    "not a commit id");
	snprintf(since, VPD_OID_HEX, "%s", buf);
	return 0;
}

/*
 * The history's current key must be the one this machine signs with:
 * verify alone cannot tell a history rewritten from its first commit
 * (without keys, or with a key of the rewriter's own) from the real one,
 * but the secret key in ARCHIVE/private/ is outside the history.  A copy
 * without private/ (a mirror, a clone) has no such anchor: there only a
 * checkpoint kept elsewhere proves the history.  0, or 1 with *why set.
 */
static int
check_anchor(vpd_archive *a, char *why, size_t size)
{
	unsigned char pk[32], sk[64];
	char path[4200];
	bool need = false, fresh, have_private = false;
	vpd_txn *t = NULL;
	vpd_error err;
	int rc = 0;

	for (int i = 0; i < 2 && !have_private; i++) {
		snprintf(path, sizeof(path), "%s/private/%s",
		    vpd_archive_path(a), i ? "signing.key.new" : "signing.key");
		have_private = access(path, F_OK) == 0;
	}
	if (!have_private)
		return 0;
	if (vpd_txn_begin(&t, a, &err) == 0) {
		/* the key the next commit would be signed with */
		rc = vpd_txn_signing_key(t, &need, pk, &err);
		vpd_txn_free(t);
	} else {
		rc = 1;
	}
	if (rc) {
		snprintf(why, size, "%s", err.msg);
		return 1;
	}
	if (!need) {
		snprintf(why, size, "this archive signs with the key in "
		    "private/signing.key, but its history carries no key: the "
		    "history was rebuilt without its keys");
		return 1;
	}
	if (vpd_archive_secret_key(a, pk, sk, &fresh, &err) != 0) {
		snprintf(why, size, "the history's current key is not the one "
		    "in private/signing.key: the history was rebuilt with "
		    "another key (or private/ belongs to another archive)");
		return 1;
	}
	memset(sk, 0, sizeof(sk));
	return 0;
}

int
vpd_core_verify(const char *path, json_t **result, vpd_error *err)
{
	return vpd_core_verify_since(path, NULL, result, err);
}

int
vpd_core_verify_since(const char *path, const char *since, json_t **result,
    vpd_error *err)
{
	verifier v = {0};
	char from[VPD_OID_HEX] = "";
	int rc;

	*result = NULL;
	if (since && *since == '\0' && (rc = read_checkpoint(path, from, err)))
		return rc;
	if (since && *since)
		snprintf(from, sizeof(from), "%s", since);
	if ((rc = vpd_archive_open_scratch(&v.a, path, err)))
		return rc;
	v.cache = vpd_wfcache_new();
	rc = since ? vpd_archive_walk_since(v.a, from, check_commit, &v, err) :
	    vpd_archive_walk(v.a, check_commit, &v, err);
	if (rc == 0 && v.count >= 0 && check_anchor(v.a, v.why,
	    sizeof(v.why))) {
		vpd_archive_tip(v.a, v.bad, err);
		rc = 1;
	}
	vpd_wfcache_free(v.cache);
	vpd_archive_free(v.a);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		*result = json_pack("{sbsssssi}", "ok", 0, "commit", v.bad,
		    "fout", v.why, "commits", v.count);
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "commit %.12s: %s", v.bad, v.why);
	}
	{
		/* The access log outside the history: its chain must hold. */
		vpd_store *s = NULL;
		size_t lines = 0;

		if ((rc = vpd_store_open(&s, path, err)) == 0)
			rc = vpd_store_log_verify(s, &lines, err);
		vpd_store_free(s);
		if (rc) {
			*result = json_pack("{sbsisssi}", "ok", 0, "commits",
			    v.count, "fout", err->msg, "toegangslog", -1);
			return rc;
		}
		*result = json_pack("{sbsisisi}", "ok", 1, "commits", v.count,
		    "ondertekend", v.signed_count, "toegangslog", (int)lines);
		if (since)
			json_object_set_new(*result, "sinds", json_string(from));
		json_object_set_new(*result, "sleutels_terug", keys_back(path));
	}
	/* All good up to here: the next `verify --since` starts after it.
	 * Only when everything before was checked too: by this run (a full
	 * verify) or by the one that left the checkpoint; a --since of the
	 * caller's choosing leaves it alone.  (Who can write ARCHIVE/private
	 * can move it; a signed checkpoint is the hardening issue's.) */
	if (v.last[0] && (since == NULL || *since == '\0')) {
		char cp[4200], line[VPD_OID_HEX + 1];
		vpd_error e;

		/* private/ is made with the first log line; a verify may
		 * come first */
		snprintf(cp, sizeof(cp), "%s/private", path);
		(void)mkdir(cp, 0700);
		checkpoint_path(path, cp, sizeof(cp));
		snprintf(line, sizeof(line), "%s\n", v.last);
		if (vpd_file_write_atomic(cp, line, strlen(line), 0600,
		    &e) == 0)
			json_object_set_new(*result, "controlepunt",
			    json_string(v.last));
	}
	return 0;
}

int
vpd_core_archive_check(const char *path, json_t **result, vpd_error *err)
{
	char since[VPD_OID_HEX];
	json_t *res = NULL;
	vpd_error e;
	int rc;

	*result = NULL;
	/* Without a checkpoint a check walks the whole history, which is
	 * for `vpd verify` to do, not a page. */
	vpd_error_clear(&e);
	if (read_checkpoint(path, since, &e)) {
		*result = json_pack("{ss}", "status", "onbekend");
		return 0;
	}
	rc = vpd_core_verify_since(path, "", &res, err);
	if (rc == VPD_EREFUSED && res) {
		json_object_set_new(res, "status", json_string("fout"));
		*result = res;
		return 0;
	}
	if (rc) {
		json_decref(res);
		return rc;
	}
	json_object_set_new(res, "status", json_string("ok"));
	*result = res;
	return 0;
}
