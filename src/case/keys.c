/*
 * keys.c - the archive's signing key: made at `vpd init`, replaced with
 * `vpd key rotate` (docs/security.md).
 *
 * A new key's secret half is written to ARCHIVE/private/signing.key.new
 * before the commit that brings it in: vpd_txn_commit() signs that
 * commit with the key in force before it (or, for the first key, with
 * the new one), and the new file becomes signing.key once the commit is
 * in.  A crash in between leaves signing.key.new, which the next commit
 * finds and adopts (archive.c), so no key is ever lost to a crash.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../sign/sign.h"
#include "../store/store.h"
#include "../util/file.h"
#include "apply.h"

/* ARCHIVE/private/NAME */
static void
private_path(const char *archive, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/private/%s", archive, name);
}

/* Makes ARCHIVE/private (0700) when it is not there yet. */
static int
prepare_private(const char *archive, vpd_error *err)
{
	vpd_store *s = NULL;
	int rc;

	if ((rc = vpd_store_open(&s, archive, err)) == 0)
		rc = vpd_store_prepare(s, err);
	vpd_store_free(s);
	return rc;
}

int
vpd_core_new_key(const char *archive, char **line, vpd_error *err)
{
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES];
	char path[4200];
	int rc;

	*line = NULL;
	if ((rc = prepare_private(archive, err)))
		return rc;
	if (vpd_sign_keypair(pk, sk) != 0)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "libsodium cannot make a key");
	private_path(archive, "signing.key.new", path, sizeof(path));
	rc = vpd_sign_key_write(path, sk, err);
	memset(sk, 0, sizeof(sk));
	if (rc)
		return rc;
	if ((*line = vpd_sign_public_line(pk, NULL)) == NULL) {
		unlink(path);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	return 0;
}

/*
 * Under the rotation lock, before a new key is made: a signing.key.new
 * left by a rotation that crashed after its commit holds the key in
 * force, and is put in place; one that holds no key of the history (a
 * rotation that failed before its commit) may go; one that holds an
 * older key of the history is a puzzle for the administrator, and is
 * left alone.
 */
static int
settle_new_key(vpd_archive *a, vpd_error *err)
{
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES];
	char path[4200], to[4200], *text = NULL;
	size_t len = 0;
	bool need = false;
	vpd_txn *t = NULL;
	vpd_error e;
	int rc;

	private_path(vpd_archive_path(a), "signing.key.new", path,
	    sizeof(path));
	private_path(vpd_archive_path(a), "signing.key", to, sizeof(to));
	if (vpd_sign_key_read(path, sk, &e) != 0)
		return 0;               /* none, or not a key: made anew */
	if ((rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_txn_signing_key(t, &need, pk, err))) {
		vpd_txn_free(t);
		memset(sk, 0, sizeof(sk));
		return rc;
	}
	if (need && memcmp(sk + 32, pk, sizeof(pk)) == 0) {
		vpd_txn_free(t);
		memset(sk, 0, sizeof(sk));
		if (rename(path, to) != 0)
			return vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "holds the archive's key but cannot become "
			    "signing.key: %s", strerror(errno));
		vpd_file_sync_dir(to);
		return 0;
	}
	if (vpd_txn_read(t, VPD_SIGNERS_FILE, &text, &len, &e) == 0 &&
	    vpd_sign_allowed_scan(text, len, sk + 32, NULL, NULL) >= 0)
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "holds an "
		    "earlier key of this archive; look at private/ before "
		    "rotating (docs/security.md)");
	vpd_txn_free(t);
	memset(sk, 0, sizeof(sk));
	free(text);
	return rc;
}

int
vpd_core_key_rotate(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	const char *archive = vpd_archive_path(a);
	char path[4200], to[4200], *line = NULL;
	bool made = false;
	int lock, rc;

	*result = NULL;
	if ((rc = prepare_private(archive, err)))
		return rc;
	/* one rotation at a time: two would share signing.key.new */
	private_path(archive, "rotate.lock", path, sizeof(path));
	if ((lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
		rc = vpd_error_set(err, VPD_ECONFLICT, path, 0, 0,
		    lock < 0 ? "cannot open: %s" : "another key rotation is "
		    "running", strerror(errno));
		if (lock >= 0)
			close(lock);
		return rc;
	}
	if ((rc = settle_new_key(a, err)) == 0 &&
	    (rc = vpd_core_new_key(archive, &line, err)) == 0) {
		made = true;
		rc = vpd_core_commit_request(a, who, json_pack("{ssss}",
		    "soort", "sleutel", "sleutel", line), result, err);
	}
	free(line);
	private_path(archive, "signing.key.new", path, sizeof(path));
	private_path(archive, "signing.key", to, sizeof(to));
	if (rc && made)
		unlink(path);           /* this rotation's, never committed */
	else if (rc == 0 && rename(path, to) == 0)
		vpd_file_sync_dir(to);
	/* (a failed rename leaves the key in signing.key.new, which the
	 * next commit finds and puts in place) */
	close(lock);
	return rc;
}

int
vpd_core_keys(vpd_archive *a, json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	char *text = NULL;
	size_t len = 0;
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES];
	bool need = false, have = false;
	int rc;

	*result = NULL;
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	rc = vpd_txn_read(t, VPD_SIGNERS_FILE, &text, &len, err);
	if (rc == VPD_ENOTFOUND) {
		vpd_error_clear(err);
		rc = 0;
	}
	if (rc == 0)
		rc = vpd_txn_signing_key(t, &need, pk, err);
	vpd_txn_free(t);
	if (rc) {
		free(text);
		return rc;
	}
	if (need) {
		vpd_error e;
		bool fresh;

		/* in signing.key, or still in signing.key.new after a crash
		 * (the next commit puts it in place) */
		have = vpd_archive_secret_key(a, pk, sk, &fresh, &e) == 0;
		memset(sk, 0, sizeof(sk));
	}
	*result = json_pack("{sbsbss#}", "ondertekend", need,
	    "sleutel_aanwezig", have, "allowed_signers", text ? text : "",
	    (int)(text ? len : 0));
	if (need) {
		char *line = vpd_sign_public_line(pk, NULL);

		json_object_set_new(*result, "sleutel", json_string(line));
		free(line);
	}
	free(text);
	return 0;
}

/* ---- Checkpoints ----------------------------------------------------- */

#define CHECKPOINT_MAGIC "vpd-controlepunt 1"
#define CHECKPOINT_MAX 4096

int
vpd_core_checkpoint(vpd_archive *a, const char *tip, vpd_time now,
    char **text, vpd_error *err)
{
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES];
	char id[VPD_OID_HEX], root[VPD_OID_HEX], when[VPD_TIME_UTC_LEN];
	char body[1024], *key = NULL, *sig = NULL;
	vpd_txn *t = NULL;
	bool need = false, fresh;
	long count;
	int rc, n;

	*text = NULL;
	if (tip && *tip)
		snprintf(id, sizeof(id), "%s", tip);
	else if ((rc = vpd_archive_tip(a, id, err)))
		return rc;
	if (*id == '\0')
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive has no commits yet");
	if ((rc = vpd_txn_begin_at(&t, a, id, err)) ||
	    (rc = vpd_txn_signing_key(t, &need, pk, err))) {
		vpd_txn_free(t);
		return rc;
	}
	vpd_txn_free(t);
	if (!need)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive has no signing key yet: give it one with "
		    "'vpd key rotate'");
	if ((rc = vpd_archive_line(a, id, NULL, &count, NULL, root, err)) ||
	    (rc = vpd_archive_secret_key(a, pk, sk, &fresh, err)))
		return rc;
	vpd_time_format_utc(now, when);
	key = vpd_sign_public_line(pk, NULL);
	n = snprintf(body, sizeof(body), "%s\neerste %s\ncommit %s\n"
	    "aantal %ld\ntijdstip %s\nsleutel %s\n", CHECKPOINT_MAGIC, root, id,
	    count, when, key ? key : "");
	if (key)
		sig = vpd_sign_sshsig(sk, VPD_SIGN_NS_CHECKPOINT, body,
		    (size_t)n);
	memset(sk, 0, sizeof(sk));
	if (key == NULL || sig == NULL || (*text = malloc((size_t)n +
	    strlen(sig) + 3)) == NULL) {
		free(key);
		free(sig);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	sprintf(*text, "%s\n%s\n", body, sig);
	free(key);
	free(sig);
	return 0;
}

/* The value of "NAME value" on the line starting at *p; moves *p on. */
static const char *
field(const char **p, const char *name, char *out, size_t size)
{
	size_t nl = strlen(name), len;
	const char *end;

	if (strncmp(*p, name, nl) != 0 || (*p)[nl] != ' ' ||
	    (end = strchr(*p, '\n')) == NULL)
		return NULL;
	len = (size_t)(end - (*p + nl + 1));
	if (len == 0 || len >= size)
		return NULL;
	memcpy(out, *p + nl + 1, len);
	out[len] = '\0';
	*p = end + 1;
	return out;
}

static bool
is_oid(const char *s)
{
	return strlen(s) == VPD_OID_HEX - 1 &&
	    strspn(s, "0123456789abcdef") == VPD_OID_HEX - 1;
}

int
vpd_core_checkpoint_verify(vpd_archive *a, const char *text, size_t len,
    json_t **result, vpd_error *err)
{
	char root[VPD_OID_HEX], id[VPD_OID_HEX], count_s[24], when[40];
	char key[200], here_root[VPD_OID_HEX], *signers = NULL, *body;
	unsigned char pk[VPD_SIGN_PK_BYTES];
	const char *p = text, *sig;
	size_t slen = 0, blen;
	long count, total, pos;
	vpd_txn *t = NULL;
	vpd_time at;
	int rc, ok = 0;

	*result = NULL;
	if (len > CHECKPOINT_MAX || memchr(text, '\0', len) != NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a vpd checkpoint (too long, or not text)");
	if (strncmp(p, CHECKPOINT_MAGIC "\n", strlen(CHECKPOINT_MAGIC) + 1))
		return vpd_error_set(err, VPD_EINVALID, NULL, 1, 1,
		    "not a vpd checkpoint: the first line must be '%s'",
		    CHECKPOINT_MAGIC);
	p += strlen(CHECKPOINT_MAGIC) + 1;
	if (!field(&p, "eerste", root, sizeof(root)) || !is_oid(root) ||
	    !field(&p, "commit", id, sizeof(id)) || !is_oid(id) ||
	    !field(&p, "aantal", count_s, sizeof(count_s)) ||
	    (count = strtol(count_s, NULL, 10)) < 1 ||
	    strspn(count_s, "0123456789") != strlen(count_s) ||
	    !field(&p, "tijdstip", when, sizeof(when)) ||
	    vpd_time_parse(when, &at) != 0 ||
	    !field(&p, "sleutel", key, sizeof(key)) ||
	    vpd_sign_parse_public_line(key, pk) != 0 || *p != '\n')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a vpd checkpoint: expected the lines eerste, commit, "
		    "aantal, tijdstip and sleutel, then an empty line and the "
		    "signature");
	blen = (size_t)(p - text);
	sig = p + 1;
	/* the signature must be by a key this archive has had */
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	rc = vpd_txn_read(t, VPD_SIGNERS_FILE, &signers, &slen, err);
	vpd_txn_free(t);
	if (rc == VPD_ENOTFOUND)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive has no signing keys, so no checkpoint of it "
		    "can hold: its history was rebuilt without them");
	if (rc)
		return rc;
	ok = vpd_sign_allowed_scan(signers, slen, pk, NULL, NULL) >= 0;
	free(signers);
	if (!ok)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the checkpoint is signed by a key this archive does not "
		    "have: commits were dropped or the history was rebuilt "
		    "(or the checkpoint is another archive's)");
	if ((body = strndup(text, blen)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	rc = vpd_sign_sshsig_verify(sig, pk, VPD_SIGN_NS_CHECKPOINT, body,
	    blen);
	free(body);
	if (rc != 0)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the checkpoint's signature does not hold: it was changed "
		    "after it was signed");
	if ((rc = vpd_archive_line(a, NULL, id, &total, &pos, here_root, err)))
		return rc;
	*result = json_pack("{sssIss}", "commit", id, "aantal",
	    (json_int_t)count, "tijdstip", when);
	if (strcmp(root, here_root) != 0 || pos == 0) {
		json_object_set_new(*result, "ok", json_false());
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive no longer holds commit %.12s of the "
		    "checkpoint (%s): commits were dropped or the history "
		    "was rewritten", id, when);
	}
	if (pos != count) {
		json_object_set_new(*result, "ok", json_false());
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "commit %.12s is number %ld of the archive's history, but "
		    "the checkpoint says %ld: the history before it was "
		    "rewritten", id, pos, count);
	}
	json_object_set_new(*result, "ok", json_true());
	json_object_set_new(*result, "sindsdien", json_integer(total - pos));
	return 0;
}
