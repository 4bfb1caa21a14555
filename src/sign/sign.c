/*
 * sign.c - OpenSSH's signature format (PROTOCOL.sshsig) over libsodium's
 * ed25519, for signing commits the way `git -c gpg.format=ssh` does.
 *
 * The signed blob and the signature are OpenSSH wire data: strings are a
 * big-endian uint32 length and the bytes.  A public key is
 * string("ssh-ed25519") string(32 bytes); a signature
 * string("ssh-ed25519") string(64 bytes).  What is signed is
 *   "SSHSIG" string(namespace) string("") string("sha512")
 *   string(SHA-512(message))
 * and the armored result is
 *   "SSHSIG" uint32(1) string(public key) string(namespace) string("")
 *   string("sha512") string(signature)
 * in base64, 70 characters a line, between BEGIN/END SSH SIGNATURE.
 */
#include "sign.h"

#include "../util/file.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KEY_TYPE "ssh-ed25519"
#define ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END "-----END SSH SIGNATURE-----"
#define LINE 70

typedef struct wire {
	unsigned char *p;
	size_t len, cap;
	int failed;
} wire;

static void
put(wire *w, const void *data, size_t len)
{
	if (w->failed)
		return;
	if (w->len + len > w->cap) {
		size_t cap = (w->len + len) * 2 + 64;
		unsigned char *p = realloc(w->p, cap);

		if (p == NULL) {
			w->failed = 1;
			return;
		}
		w->p = p;
		w->cap = cap;
	}
	memcpy(w->p + w->len, data, len);
	w->len += len;
}

static void
put_u32(wire *w, uint32_t v)
{
	unsigned char b[4] = {v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
	    v & 0xff};

	put(w, b, 4);
}

static void
put_string(wire *w, const void *data, size_t len)
{
	put_u32(w, (uint32_t)len);
	put(w, data, len);
}

static void
put_cstring(wire *w, const char *s)
{
	put_string(w, s, strlen(s));
}

/* The public key blob: string(type) string(key). */
static void
put_public(wire *w, const unsigned char pk[VPD_SIGN_PK_BYTES])
{
	put_cstring(w, KEY_TYPE);
	put_string(w, pk, VPD_SIGN_PK_BYTES);
}

/* A reader over wire data; every get fails once anything failed. */
typedef struct reader {
	const unsigned char *p;
	size_t left;
	int failed;
} reader;

static const unsigned char *
get(reader *r, size_t len)
{
	const unsigned char *p = r->p;

	if (r->failed || len > r->left) {
		r->failed = 1;
		return NULL;
	}
	r->p += len;
	r->left -= len;
	return p;
}

static const unsigned char *
get_string(reader *r, size_t *len)
{
	const unsigned char *b = get(r, 4);

	if (b == NULL)
		return NULL;
	*len = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 |
	    b[3];
	return get(r, *len);
}

static int
get_is(reader *r, const char *want)
{
	size_t len;
	const unsigned char *s = get_string(r, &len);

	return s && len == strlen(want) && memcmp(s, want, len) == 0;
}

static int
ready(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
vpd_sign_keypair(unsigned char pk[VPD_SIGN_PK_BYTES],
    unsigned char sk[VPD_SIGN_SK_BYTES])
{
	if (ready() < 0)
		return -1;
	return crypto_sign_ed25519_keypair(pk, sk) == 0 ? 0 : -1;
}

static char *
base64(const unsigned char *data, size_t len)
{
	size_t size = sodium_base64_encoded_len(len,
	    sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(size);

	if (out)
		sodium_bin2base64(out, size, data, len,
		    sodium_base64_VARIANT_ORIGINAL);
	return out;
}

char *
vpd_sign_public_line(const unsigned char pk[VPD_SIGN_PK_BYTES],
    const char *comment)
{
	wire w = {0};
	char *b64, *line;
	size_t n;

	put_public(&w, pk);
	if (w.failed || (b64 = base64(w.p, w.len)) == NULL) {
		free(w.p);
		return NULL;
	}
	free(w.p);
	n = strlen(KEY_TYPE) + 1 + strlen(b64) + (comment ? strlen(comment) +
	    1 : 0) + 1;
	if ((line = malloc(n)) != NULL) {
		strcpy(line, KEY_TYPE " ");
		strcat(line, b64);
		if (comment) {
			strcat(line, " ");
			strcat(line, comment);
		}
	}
	free(b64);
	return line;
}

int
vpd_sign_parse_public_line(const char *line,
    unsigned char pk[VPD_SIGN_PK_BYTES])
{
	unsigned char blob[128];
	size_t bloblen, len;
	const char *b64, *end;
	const unsigned char *key;
	reader r;

	if (ready() < 0 || strncmp(line, KEY_TYPE " ", strlen(KEY_TYPE) + 1))
		return -1;
	b64 = line + strlen(KEY_TYPE) + 1;
	end = b64 + strcspn(b64, " \t\r\n");
	if (sodium_base642bin(blob, sizeof(blob), b64, (size_t)(end - b64),
	    NULL, &bloblen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	r = (reader){blob, bloblen, 0};
	if (!get_is(&r, KEY_TYPE) || (key = get_string(&r, &len)) == NULL ||
	    len != VPD_SIGN_PK_BYTES || r.left != 0)
		return -1;
	memcpy(pk, key, VPD_SIGN_PK_BYTES);
	return 0;
}

/* What is signed: the preamble, namespace, reserved, hash name, hash. */
static int
signed_data(wire *w, const char *namespace, const char *hash,
    const void *msg, size_t len)
{
	unsigned char md[crypto_hash_sha512_BYTES];
	size_t mdlen;

	if (strcmp(hash, "sha512") == 0) {
		crypto_hash_sha512(md, msg, len);
		mdlen = crypto_hash_sha512_BYTES;
	} else if (strcmp(hash, "sha256") == 0) {
		crypto_hash_sha256(md, msg, len);
		mdlen = crypto_hash_sha256_BYTES;
	} else {
		return -1;
	}
	put(w, "SSHSIG", 6);
	put_cstring(w, namespace);
	put_cstring(w, "");
	put_cstring(w, hash);
	put_string(w, md, mdlen);
	return w->failed ? -1 : 0;
}

char *
vpd_sign_sshsig(const unsigned char sk[VPD_SIGN_SK_BYTES],
    const char *namespace, const void *msg, size_t len)
{
	unsigned char sig[crypto_sign_ed25519_BYTES];
	wire data = {0}, blob = {0}, sigw = {0};
	char *b64 = NULL, *out = NULL;
	size_t n, o;

	if (ready() < 0 || signed_data(&data, namespace, "sha512", msg,
	    len) < 0)
		goto done;
	crypto_sign_ed25519_detached(sig, NULL, data.p, data.len, sk);
	put_cstring(&sigw, KEY_TYPE);
	put_string(&sigw, sig, sizeof(sig));
	put(&blob, "SSHSIG", 6);
	put_u32(&blob, 1);
	{
		wire pub = {0};

		/* the public half is the secret key's last 32 bytes */
		put_public(&pub, sk + 32);
		put_string(&blob, pub.p, pub.len);
		blob.failed |= pub.failed;
		free(pub.p);
	}
	put_cstring(&blob, namespace);
	put_cstring(&blob, "");
	put_cstring(&blob, "sha512");
	put_string(&blob, sigw.p, sigw.len);
	if (blob.failed || sigw.failed || (b64 = base64(blob.p, blob.len)) ==
	    NULL)
		goto done;
	n = strlen(b64);
	if ((out = malloc(strlen(ARMOR_BEGIN) + n + n / LINE + 2 +
	    strlen(ARMOR_END) + 1)) == NULL)
		goto done;
	o = (size_t)sprintf(out, "%s\n", ARMOR_BEGIN);
	for (size_t i = 0; i < n; i += LINE) {
		size_t k = n - i < LINE ? n - i : LINE;

		memcpy(out + o, b64 + i, k);
		o += k;
		out[o++] = '\n';
	}
	strcpy(out + o, ARMOR_END);
done:
	sodium_memzero(sig, sizeof(sig));
	free(data.p);
	free(blob.p);
	free(sigw.p);
	free(b64);
	return out;
}

int
vpd_sign_sshsig_verify(const char *armored,
    const unsigned char pk[VPD_SIGN_PK_BYTES], const char *namespace,
    const void *msg, size_t len)
{
	const char *b, *e;
	unsigned char *blob = NULL;
	size_t bloblen = 0, n, klen, slen, hlen;
	const unsigned char *key, *sig, *hash, *pub, *ns;
	char hashname[16];
	wire data = {0};
	reader r, k, s;
	int rc = -1;

	if (ready() < 0 || (b = strstr(armored, ARMOR_BEGIN)) == NULL)
		return -1;
	b += strlen(ARMOR_BEGIN);
	/* the END marker after the BEGIN one, never sharing its dashes */
	if ((e = strstr(b, ARMOR_END)) == NULL)
		return -1;
	n = (size_t)(e - b);
	if ((blob = malloc(n)) == NULL ||
	    sodium_base642bin(blob, n, b, n, " \t\r\n", &bloblen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		goto done;
	r = (reader){blob, bloblen, 0};
	{
		const unsigned char *magic = get(&r, 6), *v = get(&r, 4);

		if (magic == NULL || memcmp(magic, "SSHSIG", 6) != 0 ||
		    v == NULL || v[0] || v[1] || v[2] || v[3] != 1)
			goto done;
	}
	if ((pub = get_string(&r, &klen)) == NULL ||
	    (ns = get_string(&r, &n)) == NULL || n != strlen(namespace) ||
	    memcmp(ns, namespace, n) != 0 || get_string(&r, &n) == NULL ||
	    (hash = get_string(&r, &hlen)) == NULL || hlen >= sizeof(hashname)
	    || (sig = get_string(&r, &slen)) == NULL || r.left != 0)
		goto done;
	if (memchr(hash, '\0', hlen) != NULL)  /* as OpenSSH: a C string */
		goto done;
	memcpy(hashname, hash, hlen);
	hashname[hlen] = '\0';
	k = (reader){pub, klen, 0};
	if (!get_is(&k, KEY_TYPE) || (key = get_string(&k, &n)) == NULL ||
	    n != VPD_SIGN_PK_BYTES || k.left != 0 ||
	    memcmp(key, pk, VPD_SIGN_PK_BYTES) != 0)
		goto done;
	s = (reader){sig, slen, 0};
	if (!get_is(&s, KEY_TYPE) || (sig = get_string(&s, &n)) == NULL ||
	    n != crypto_sign_ed25519_BYTES || s.left != 0)
		goto done;
	if (signed_data(&data, namespace, hashname, msg, len) < 0)
		goto done;
	rc = crypto_sign_ed25519_verify_detached(sig, data.p, data.len, pk) ==
	    0 ? 0 : -1;
done:
	free(data.p);
	free(blob);
	return rc;
}

/* ---- The archive's keys --------------------------------------------- */

#define KEY_FILE_HEADER "vpd-ed25519-secret-key\n"

int
vpd_sign_key_write(const char *path, const unsigned char sk[VPD_SIGN_SK_BYTES],
    vpd_error *err)
{
	char *b64 = base64(sk, VPD_SIGN_SK_BYTES), buf[256];
	int n, rc;

	if (b64 == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	n = snprintf(buf, sizeof(buf), "%s%s\n", KEY_FILE_HEADER, b64);
	free(b64);
	rc = vpd_file_write_atomic(path, buf, (size_t)n, 0600, err);
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

/* Whether the public half of sk is the one its seed gives. */
static int
whole_key(const unsigned char sk[VPD_SIGN_SK_BYTES])
{
	unsigned char seed[crypto_sign_ed25519_SEEDBYTES],
	    pk[crypto_sign_ed25519_PUBLICKEYBYTES],
	    again[crypto_sign_ed25519_SECRETKEYBYTES];
	int ok;

	ok = crypto_sign_ed25519_sk_to_seed(seed, sk) == 0 &&
	    crypto_sign_ed25519_seed_keypair(pk, again, seed) == 0 &&
	    memcmp(pk, sk + 32, sizeof(pk)) == 0;
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(again, sizeof(again));
	return ok;
}

int
vpd_sign_key_read(const char *path, unsigned char sk[VPD_SIGN_SK_BYTES],
    vpd_error *err)
{
	size_t len = 0, got = 0;
	char *text = vpd_file_read(path, &len, err);
	const char *b64;
	int rc = 0;

	if (text == NULL)
		return err->code;
	b64 = text + strlen(KEY_FILE_HEADER);
	if (ready() < 0 || len > 200 || strncmp(text, KEY_FILE_HEADER,
	    strlen(KEY_FILE_HEADER)) != 0 ||
	    sodium_base642bin(sk, VPD_SIGN_SK_BYTES, b64, strcspn(b64, "\n"),
	    NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != VPD_SIGN_SK_BYTES || !whole_key(sk))
		rc = vpd_error_set(err, VPD_EINVALID, path, 0, 0,
		    "not a vpd signing key");
	sodium_memzero(text, len);
	free(text);
	if (rc)
		sodium_memzero(sk, VPD_SIGN_SK_BYTES);
	return rc;
}

char *
vpd_sign_allowed_line(const unsigned char pk[VPD_SIGN_PK_BYTES], int n)
{
	char comment[32], *key, *line;
	size_t size;

	snprintf(comment, sizeof(comment), "sleutel-%d", n);
	if ((key = vpd_sign_public_line(pk, comment)) == NULL)
		return NULL;
	size = strlen(key) + 64;
	if ((line = malloc(size)) != NULL)
		snprintf(line, size, "vpd namespaces=\"%s,%s\" %s\n",
		    VPD_SIGN_NS_GIT, VPD_SIGN_NS_CHECKPOINT, key);
	free(key);
	return line;
}

int
vpd_sign_allowed_scan(const char *text, size_t len,
    const unsigned char pk[VPD_SIGN_PK_BYTES], int *count,
    unsigned char last[VPD_SIGN_PK_BYTES])
{
	unsigned char key[VPD_SIGN_PK_BYTES];
	int n = 0, found = -1;

	for (size_t i = 0; i < len; ) {
		const char *line = text + i, *nl = memchr(line, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - line) : len - i;
		char buf[512];
		const char *k;

		i += ll + 1;
		if (ll == 0)
			continue;
		if (ll >= sizeof(buf))
			return -2;
		memcpy(buf, line, ll);
		buf[ll] = '\0';
		if ((k = strstr(buf, " " KEY_TYPE " ")) == NULL ||
		    vpd_sign_parse_public_line(k + 1, key) != 0)
			return -2;
		if (pk && found < 0 && memcmp(key, pk, sizeof(key)) == 0)
			found = n;
		if (last)
			memcpy(last, key, sizeof(key));
		n++;
	}
	if (count)
		*count = n;
	return found;
}
