/*
 * seal.c - sealing personal data under per-person keys (seal.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/file.h"

#define KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define B64 sodium_base64_VARIANT_ORIGINAL
#define BLOB_MAGIC "vpd-seal 1 "
#define VALUE_MAX (1u << 20)       /* the largest sealed JSON value */

typedef struct {
	char id[VPD_SEAL_ID_MAX];
	bool erased;
	unsigned char key[KEY_BYTES];
} entry;

struct vpd_seal {
	char *archive;
	bool shred;                /* erased persons: seal under a lost key */
	entry shredder;            /* that key, wiped after each use */
	bool have_master;
	unsigned char master[KEY_BYTES];
	entry *keys;
	size_t n, cap;
};

vpd_seal *
vpd_seal_new(const char *archive)
{
	vpd_seal *s;

	if (sodium_init() < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->archive = strdup(archive)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
vpd_seal_free(vpd_seal *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s->master, sizeof(s->master));
	if (s->keys) {
		sodium_memzero(s->keys, s->cap * sizeof(*s->keys));
		free(s->keys);
	}
	free(s->archive);
	free(s);
}

/* A key's id: a person id (P and digits) or "zoeken". */
static bool
id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n >= VPD_SEAL_ID_MAX)
		return false;
	if (strcmp(id, "zoeken") == 0)
		return true;
	if (id[0] != 'P' || n < 2)
		return false;
	return strspn(id + 1, "0123456789") == n - 1;
}

static void
master_path(const char *archive, char *out, size_t size)
{
	const char *env = getenv("VPD_MASTER_KEY");

	if (env && *env)
		snprintf(out, size, "%s", env);
	else
		snprintf(out, size, "%s/private/master.key", archive);
}

static void
key_path(const char *archive, const char *id, char *out, size_t size)
{
	snprintf(out, size, "%s/private/sleutels/%s.key", archive, id);
}

/* Reads "HEADER\nBASE64\n" into bin (exactly `want` bytes). */
static int
read_b64_file(const char *path, const char *header, unsigned char *bin,
    size_t want, vpd_error *err)
{
	size_t len, got = 0, hl = strlen(header);
	char *text = vpd_file_read(path, &len, err), *nl;
	int rc = 0;

	if (text == NULL)
		return err->code;
	if (len < hl + 1 || strncmp(text, header, hl) != 0 || text[hl] != '\n')
		rc = vpd_error_set(err, VPD_EIO, path, 1, 0, "not a vpd key "
		    "file (expected a line '%s')", header);
	else {
		if ((nl = strchr(text + hl + 1, '\n')) != NULL)
			*nl = '\0';
		if (sodium_base642bin(bin, want, text + hl + 1,
		    strlen(text + hl + 1), NULL, &got, NULL, B64) != 0 ||
		    got != want)
			rc = vpd_error_set(err, VPD_EIO, path, 2, 0, "the key "
			    "is damaged (not %zu bytes in base64)", want);
	}
	sodium_memzero(text, len);
	free(text);
	return rc;
}

static int
write_b64_file(const char *path, const char *header,
    const unsigned char *bin, size_t n, bool exclusive, vpd_error *err)
{
	size_t b64 = sodium_base64_ENCODED_LEN(n, B64);
	size_t total = strlen(header) + 1 + b64 + 1;
	char *text = malloc(total), tmp[4200];
	int rc;

	if (text == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	snprintf(text, total, "%s\n", header);
	sodium_bin2base64(text + strlen(text), b64, bin, n, B64);
	strcat(text, "\n");
	if (!exclusive) {
		rc = vpd_file_write_atomic(path, text, strlen(text), 0600, err);
		sodium_memzero(text, total);
		free(text);
		return rc;
	}
	/* A new key comes in under its name only if no other writer put
	 * one there first (link() does not replace). */
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	{
		int fd = mkstemp(tmp);
		size_t len = strlen(text);

		if (fd < 0) {
			rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot "
			    "write a key: %s", strerror(errno));
			goto out;
		}
		if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
			rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot "
			    "write a key: %s", strerror(errno));
			close(fd);
			unlink(tmp);
			goto out;
		}
		close(fd);
		if (link(tmp, path) != 0 && errno != EEXIST)
			rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot "
			    "write a key: %s", strerror(errno));
		else
			rc = 0;
		unlink(tmp);
		vpd_file_sync_dir(path);
	}
out:
	sodium_memzero(text, total);
	free(text);
	return rc;
}

static int
load_master(vpd_seal *s, vpd_error *err)
{
	char path[4200];
	int rc;

	if (s->have_master)
		return 0;
	master_path(s->archive, path, sizeof(path));
	if ((rc = read_b64_file(path, "vpd-master-key 1", s->master,
	    KEY_BYTES, err))) {
		if (rc == VPD_ENOTFOUND)
			return vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "personal data in this archive is encrypted and "
			    "its master key is not here; restore it from its "
			    "backup, or point VPD_MASTER_KEY at it "
			    "(docs/privacy.md)");
		return rc;
	}
	s->have_master = true;
	return 0;
}

static int get_key(vpd_seal *s, const char *id, bool make, entry **out,
    vpd_error *err);

/* ARCHIVE/private/sleutels (0700), made when not there. */
static int
key_dir(const char *archive, vpd_error *err)
{
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/private/sleutels", archive);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return vpd_error_set(err, VPD_EIO, dir, 0, 0, "cannot make the "
		    "key store: %s", strerror(errno));
	return 0;
}

int
vpd_seal_prepare(const char *archive, vpd_error *err)
{
	char path[4200];
	unsigned char key[KEY_BYTES];
	struct stat st;
	int rc;

	if (sodium_init() < 0)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "libsodium cannot start");
	if ((rc = key_dir(archive, err)))
		return rc;
	master_path(archive, path, sizeof(path));
	if (stat(path, &st) != 0) {
		randombytes_buf(key, sizeof(key));
		rc = write_b64_file(path, "vpd-master-key 1", key, sizeof(key),
		    true, err);
		sodium_memzero(key, sizeof(key));
		if (rc)
			return rc;
	}
	/* the search key of the person index, with it */
	snprintf(path, sizeof(path), "%s/private/sleutels/zoeken.key",
	    archive);
	if (stat(path, &st) != 0) {
		vpd_seal *s = vpd_seal_new(archive);
		entry *e;

		if (s == NULL)
			return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		rc = get_key(s, "zoeken", true, &e, err);
		vpd_seal_free(s);
		return rc;
	}
	return 0;
}

static entry *
cached(vpd_seal *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->keys[i].id, id) == 0)
			return &s->keys[i];
	return NULL;
}

static entry *
add_entry(vpd_seal *s, const char *id)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		entry *k = malloc(cap * sizeof(*k));

		/* the old block is wiped before it is given back */
		if (k == NULL)
			return NULL;
		if (s->keys) {
			memcpy(k, s->keys, s->n * sizeof(*k));
			sodium_memzero(s->keys, s->cap * sizeof(*k));
			free(s->keys);
		}
		s->keys = k;
		s->cap = cap;
	}
	memset(&s->keys[s->n], 0, sizeof(entry));
	snprintf(s->keys[s->n].id, VPD_SEAL_ID_MAX, "%s", id);
	return &s->keys[s->n++];
}

/*
 * The key of `id` (a person or "zoeken"): from the cache, or unwrapped
 * from its file; made when `make` and there is none.  *e->erased for a
 * tombstone.
 */
static int
get_key(vpd_seal *s, const char *id, bool make, entry **out, vpd_error *err)
{
	char path[4200], header[64];
	unsigned char wrapped[NONCE_BYTES + KEY_BYTES + TAG_BYTES];
	entry *e;
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	if (!id_ok(id))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' cannot name a key", "sealed value");
	if ((e = cached(s, id)) != NULL) {
		*out = e;
		return 0;
	}
	if ((rc = load_master(s, err)))
		return rc;
	key_path(s->archive, id, path, sizeof(path));
	snprintf(header, sizeof(header), "vpd-data-key 1 %s", id);
	text = vpd_file_read(path, &len, err);
	if (text == NULL && err->code == VPD_ENOTFOUND && make) {
		unsigned char key[KEY_BYTES];

		vpd_error_clear(err);
		randombytes_buf(key, sizeof(key));
		randombytes_buf(wrapped, NONCE_BYTES);
		crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped +
		    NONCE_BYTES, NULL, key, sizeof(key),
		    (const unsigned char *)header, strlen(header), NULL,
		    wrapped, s->master);
		sodium_memzero(key, sizeof(key));
		if ((rc = key_dir(s->archive, err)) ||
		    (rc = write_b64_file(path, header, wrapped,
		    sizeof(wrapped), true, err)))
			return rc;
		/* read back what is there: another writer's, if it was
		 * first */
		text = vpd_file_read(path, &len, err);
	}
	if (text == NULL) {
		if (err->code == VPD_ENOTFOUND)
			return vpd_error_set(err, VPD_EIO, path, 0, 0, "the "
			    "key of sealed personal data is missing from the "
			    "key store; restore it from its backup");
		return err->code;
	}
	if (strncmp(text, header, strlen(header)) == 0 &&
	    strncmp(text + strlen(header), " gewist ", 8) == 0) {
		free(text);
		if ((e = add_entry(s, id)) == NULL)
			return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		e->erased = true;
		*out = e;
		return 0;
	}
	sodium_memzero(text, len);
	free(text);
	if ((rc = read_b64_file(path, header, wrapped, sizeof(wrapped), err)))
		return rc;
	if ((e = add_entry(s, id)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(e->key, NULL, NULL,
	    wrapped + NONCE_BYTES, sizeof(wrapped) - NONCE_BYTES,
	    (const unsigned char *)header, strlen(header), wrapped,
	    s->master) != 0) {
		s->n--;
		return vpd_error_set(err, VPD_EIO, path, 0, 0, "this key was "
		    "not made with the master key in use (a wrong "
		    "VPD_MASTER_KEY?), or is damaged");
	}
	*out = e;
	return 0;
}

void
vpd_seal_shred_erased(vpd_seal *s, bool on)
{
	s->shred = on;
}

/*
 * The key to seal with.  An erased person's is gone: nothing is sealed
 * for them, except when rewriting history, where what they had is sealed
 * under a random key that is wiped at once (lost, as theirs is).
 */
static int
usable_key(vpd_seal *s, const char *pid, bool make, entry **e,
    vpd_error *err)
{
	int rc;

	if ((rc = get_key(s, pid, make, e, err)))
		return rc;
	if (!(*e)->erased)
		return 0;
	if (!s->shred)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "person "
		    "%s was erased; nothing can be stored for them", pid);
	randombytes_buf(s->shredder.key, sizeof(s->shredder.key));
	*e = &s->shredder;
	return 0;
}

/* A field's name as an envelope names it: [a-z0-9_], 1 to 64. */
static bool
field_ok(const char *s, size_t n)
{
	return n >= 1 && n <= VPD_SEAL_FIELD_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") >= n;
}

/*
 * Splits "P0001.achternaam.BASE64": the person, the field it was sealed
 * as, and where the base64 starts.  Checks the form only: a person's id,
 * a field's name, then base64 of at least a nonce and a tag, which is all
 * a reader without keys can check.
 */
static const char *
split(const json_t *v, char pid[VPD_SEAL_ID_MAX],
    char field[VPD_SEAL_FIELD_MAX + 1])
{
	const char *s, *d1, *d2;
	size_t n;

	if (!json_is_object(v) || json_object_size(v) != 1 ||
	    (s = json_string_value(json_object_get(v, VPD_SEAL_FIELD))) ==
	    NULL || (d1 = strchr(s, '.')) == NULL ||
	    (d2 = strchr(d1 + 1, '.')) == NULL ||
	    (size_t)(d1 - s) >= VPD_SEAL_ID_MAX ||
	    !field_ok(d1 + 1, (size_t)(d2 - d1 - 1)))
		return NULL;
	memcpy(pid, s, (size_t)(d1 - s));
	pid[d1 - s] = '\0';
	memcpy(field, d1 + 1, (size_t)(d2 - d1 - 1));
	field[d2 - d1 - 1] = '\0';
	n = strlen(d2 + 1);
	if (!id_ok(pid) || strcmp(pid, "zoeken") == 0 ||
	    n < sodium_base64_ENCODED_LEN(NONCE_BYTES + TAG_BYTES, B64) - 1 ||
	    strspn(d2 + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/=") != n)
		return NULL;
	return d2 + 1;
}

bool
vpd_seal_is_sealed(const json_t *v, char pid[VPD_SEAL_ID_MAX])
{
	char id[VPD_SEAL_ID_MAX], field[VPD_SEAL_FIELD_MAX + 1];

	if (split(v, id, field) == NULL)
		return false;
	if (pid)
		snprintf(pid, VPD_SEAL_ID_MAX, "%s", id);
	return true;
}

bool
vpd_seal_field(const json_t *v, char field[VPD_SEAL_FIELD_MAX + 1])
{
	char id[VPD_SEAL_ID_MAX];

	return split(v, id, field) != NULL;
}

/* The associated data of a value: the person and the field it is
 * sealed as, so that it opens nowhere else. */
static void
value_ad(char *ad, size_t size, const char *pid, const char *field)
{
	snprintf(ad, size, "vpd-seal 1 %s %s", pid, field);
}

int
vpd_seal_value(vpd_seal *s, const char *pid, const char *field, bool make,
    const json_t *plain, json_t **out, vpd_error *err)
{
	char *text = NULL, ad[128], *full = NULL;
	unsigned char *bin = NULL;
	size_t len, n, blen;
	entry *e;
	int rc;

	*out = NULL;
	if (field == NULL || !field_ok(field, strlen(field)))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "a value is sealed as a field with a plain name");
	if ((rc = usable_key(s, pid, make, &e, err)))
		return rc;
	text = json_dumps(plain, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY);
	if (text == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	len = strlen(text);
	n = NONCE_BYTES + len + TAG_BYTES;
	blen = sodium_base64_ENCODED_LEN(n, B64);
	bin = malloc(n);
	full = malloc(strlen(pid) + strlen(field) + 2 + blen);
	if (bin == NULL || full == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	value_ad(ad, sizeof(ad), pid, field);
	randombytes_buf(bin, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE_BYTES, NULL,
	    (unsigned char *)text, len, (unsigned char *)ad, strlen(ad), NULL,
	    bin, e->key);
	sodium_memzero(s->shredder.key, sizeof(s->shredder.key));
	sprintf(full, "%s.%s.", pid, field);
	sodium_bin2base64(full + strlen(full), blen, bin, n, B64);
	*out = json_pack("{ss}", VPD_SEAL_FIELD, full);
	rc = 0;
done:
	sodium_memzero(text, len);
	free(text);
	free(bin);
	free(full);
	return rc;
}

/* What one sealed value holds (new reference); null once erased. */
static int
open_one(vpd_seal *s, const json_t *v, json_t **out, vpd_error *err)
{
	const char *b64;
	char pid[VPD_SEAL_ID_MAX], field[VPD_SEAL_FIELD_MAX + 1], ad[128];
	unsigned char *bin = NULL, *plain = NULL;
	unsigned long long plen = 0;
	size_t n = 0, cap;
	json_error_t je;
	entry *e;
	int rc;

	*out = NULL;
	if ((b64 = split(v, pid, field)) == NULL)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "a sealed value is damaged");
	if ((rc = get_key(s, pid, false, &e, err)))
		return rc;
	if (e->erased) {
		*out = json_null();
		return 0;
	}
	cap = strlen(b64) / 4 * 3 + 3;
	if (cap > VALUE_MAX + NONCE_BYTES + TAG_BYTES ||
	    (bin = malloc(cap)) == NULL || (plain = malloc(cap + 1)) == NULL) {
		free(bin);
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "a sealed value is too large");
	}
	value_ad(ad, sizeof(ad), pid, field);
	if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &n, NULL,
	    B64) != 0 || n < NONCE_BYTES + TAG_BYTES ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL,
	    bin + NONCE_BYTES, n - NONCE_BYTES, (unsigned char *)ad,
	    strlen(ad), bin, e->key) != 0) {
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "a value sealed "
		    "for %s does not open with their key: the archive or the "
		    "key store is damaged", pid);
		goto done;
	}
	*out = json_loadb((char *)plain, (size_t)plen, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &je);
	if (*out == NULL)
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "a value sealed "
		    "for %s is not JSON", pid);
done:
	sodium_memzero(plain, cap);
	free(plain);
	free(bin);
	return rc;
}

static int
open_walk(vpd_seal *s, json_t *j, int depth, vpd_error *err)
{
	const char *key;
	json_t *v, *o;
	size_t i;
	int rc;

	if (depth > 64)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "archive JSON nests too deep");
	if (json_is_object(j)) {
		void *tmp;

		json_object_foreach_safe(j, tmp, key, v) {
			if (vpd_seal_is_sealed(v, NULL)) {
				if ((rc = open_one(s, v, &o, err)))
					return rc;
				json_object_set_new(j, key, o);
			} else if ((rc = open_walk(s, v, depth + 1, err)))
				return rc;
		}
	} else if (json_is_array(j))
		json_array_foreach(j, i, v) {
			if (vpd_seal_is_sealed(v, NULL)) {
				if ((rc = open_one(s, v, &o, err)))
					return rc;
				json_array_set_new(j, i, o);
			} else if ((rc = open_walk(s, v, depth + 1, err)))
				return rc;
		}
	return 0;
}

int
vpd_seal_open(vpd_seal *s, json_t **j, vpd_error *err)
{
	json_t *o;
	int rc;

	if (vpd_seal_is_sealed(*j, NULL)) {
		if ((rc = open_one(s, *j, &o, err)))
			return rc;
		json_decref(*j);
		*j = o;
		return 0;
	}
	return open_walk(s, *j, 0, err);
}

bool
vpd_seal_blob_person(const char *buf, size_t len,
    char pid[VPD_SEAL_ID_MAX], size_t *plain_len)
{
	size_t ml = strlen(BLOB_MAGIC), i;
	char id[VPD_SEAL_ID_MAX];

	if (buf == NULL || len < ml || memcmp(buf, BLOB_MAGIC, ml) != 0)
		return false;
	for (i = 0; ml + i < len && buf[ml + i] != '\n'; i++) {
		if (i + 1 >= VPD_SEAL_ID_MAX)
			return false;
		id[i] = buf[ml + i];
	}
	id[i] = '\0';
	if (ml + i >= len || !id_ok(id) ||
	    len - (ml + i + 1) < NONCE_BYTES + TAG_BYTES)
		return false;
	if (pid)
		snprintf(pid, VPD_SEAL_ID_MAX, "%s", id);
	if (plain_len)
		*plain_len = len - (ml + i + 1) - NONCE_BYTES - TAG_BYTES;
	return true;
}

int
vpd_seal_blob(vpd_seal *s, const char *pid, bool make, const void *buf,
    size_t len, char **out, size_t *outlen, vpd_error *err)
{
	char head[64];
	size_t hl;
	entry *e;
	int rc;

	*out = NULL;
	if ((rc = usable_key(s, pid, make, &e, err)))
		return rc;
	snprintf(head, sizeof(head), BLOB_MAGIC "%s\n", pid);
	hl = strlen(head);
	*outlen = hl + NONCE_BYTES + len + TAG_BYTES;
	if ((*out = malloc(*outlen)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	memcpy(*out, head, hl);
	randombytes_buf(*out + hl, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt((unsigned char *)*out + hl
	    + NONCE_BYTES, NULL, buf, len, (unsigned char *)head, hl, NULL,
	    (unsigned char *)*out + hl, e->key);
	sodium_memzero(s->shredder.key, sizeof(s->shredder.key));
	return 0;
}

int
vpd_seal_open_blob(vpd_seal *s, const char *buf, size_t len, char **out,
    size_t *outlen, vpd_error *err)
{
	char pid[VPD_SEAL_ID_MAX];
	size_t plain, hl;
	unsigned long long got = 0;
	entry *e;
	int rc;

	*out = NULL;
	if (!vpd_seal_blob_person(buf, len, pid, &plain))
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "a sealed file is damaged");
	if ((rc = get_key(s, pid, false, &e, err)))
		return rc;
	if (e->erased)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "this "
		    "file held personal data of %s, who was erased", pid);
	hl = len - plain - NONCE_BYTES - TAG_BYTES;
	if ((*out = malloc(plain + 1)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)*out,
	    &got, NULL, (const unsigned char *)buf + hl + NONCE_BYTES,
	    plain + TAG_BYTES, (const unsigned char *)buf, hl,
	    (const unsigned char *)buf + hl, e->key) != 0) {
		free(*out);
		*out = NULL;
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0, "a file sealed "
		    "for %s does not open with their key: the archive or the "
		    "key store is damaged", pid);
	}
	(*out)[plain] = '\0';
	*outlen = plain;
	return 0;
}

bool
vpd_seal_foreign(const json_t *v, const char *pid)
{
	char who[VPD_SEAL_ID_MAX];
	const char *key;
	json_t *x;
	size_t i;

	if (vpd_seal_is_sealed(v, who))
		return strcmp(who, pid) != 0;
	if (json_is_object(v))
		json_object_foreach((json_t *)v, key, x)
			if (vpd_seal_foreign(x, pid))
				return true;
	if (json_is_array(v))
		json_array_foreach(v, i, x)
			if (vpd_seal_foreign(x, pid))
				return true;
	return false;
}

static json_t *
replace(const json_t *v, const char *pid, json_t *(*with)(void))
{
	char who[VPD_SEAL_ID_MAX];
	const char *key;
	json_t *x, *out;
	size_t i;

	if (vpd_seal_is_sealed(v, who))
		return pid == NULL || strcmp(who, pid) == 0 ? with() :
		    json_deep_copy(v);
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach((json_t *)v, key, x)
			json_object_set_new(out, key, replace(x, pid, with));
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, replace(x, pid, with));
		return out;
	}
	return json_deep_copy(v);
}

static json_t *
marker(void)
{
	return json_string("verzegeld");
}

json_t *
vpd_seal_masked(const json_t *v)
{
	return replace(v, NULL, marker);
}

json_t *
vpd_seal_drop(const json_t *v, const char *pid)
{
	return replace(v, pid, json_null);
}


int
vpd_seal_search_code(vpd_seal *s, const char *birthdate, char out[4],
    vpd_error *err)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	entry *e;
	int rc;

	/* made with the master key (vpd_seal_prepare): one missing is lost,
	 * and a new one would match nobody again */
	if ((rc = get_key(s, "zoeken", false, &e, err)))
		return rc;
	crypto_auth_hmacsha256(mac, (const unsigned char *)birthdate,
	    strlen(birthdate), e->key);
	snprintf(out, 4, "%02x%x", mac[0], mac[1] >> 4);
	return 0;
}

int
vpd_seal_destroy(vpd_seal *s, const char *pid, const char *when,
    vpd_error *err)
{
	char path[4200], text[128];
	entry *e;
	int fd;

	if (!id_ok(pid) || strcmp(pid, "zoeken") == 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a person's key");
	key_path(s->archive, pid, path, sizeof(path));
	snprintf(text, sizeof(text), "vpd-data-key 1 %s gewist %s\n", pid,
	    when);
	/* Overwrite the wrapped key where it lies before the tombstone
	 * replaces the name (best effort: a journal or an SSD may keep a
	 * copy, which the master key alone cannot open without it). */
	if ((fd = open(path, O_WRONLY | O_NOFOLLOW)) >= 0) {
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			char zero[512] = {0};

			for (off_t o = 0; o < st.st_size;
			    o += (off_t)sizeof(zero))
				if (write(fd, zero, sizeof(zero)) < 0)
					break;
			(void)fsync(fd);
		}
		close(fd);
	}
	if (vpd_file_write_atomic(path, text, strlen(text), 0600, err))
		return err->code;
	vpd_file_sync_dir(path);
	if ((e = cached(s, pid)) != NULL) {
		sodium_memzero(e->key, sizeof(e->key));
		e->erased = true;
	}
	return 0;
}

bool
vpd_seal_destroyed(vpd_seal *s, const char *pid)
{
	char path[4200], header[64];
	char *text;
	size_t len;
	vpd_error e;
	bool gone;

	key_path(s->archive, pid, path, sizeof(path));
	if ((text = vpd_file_read(path, &len, &e)) == NULL)
		return false;
	snprintf(header, sizeof(header), "vpd-data-key 1 %s gewist ", pid);
	gone = strncmp(text, header, strlen(header)) == 0;
	sodium_memzero(text, len);
	free(text);
	return gone;
}
