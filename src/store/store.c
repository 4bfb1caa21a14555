/*
 * store.c - the private store next to the archive: password hashes and the
 * access log (libsodium only here).
 *
 * Three files live in ARCHIVE/private/ (mode 0700, each file 0600):
 * passwords.json, access.log and .lock.  The directory is made on the
 * first change and tightened to 0700 whenever a change finds it wider, so
 * a store made by hand or by an old version ends up private.
 *
 * Concurrency.  The CLI and the web server share a store, so every change
 * takes an exclusive flock() on private/.lock.  A flock belongs to an open
 * file description, and each change opens .lock anew, so the one lock
 * orders threads of one process as well as separate processes.  A change
 * of passwords.json is a read-modify-write under the lock that ends in
 * vpd_file_write_atomic() (mkstemp + rename), so readers (check, has)
 * need no lock: they see the old file or the new one, never a mixture.
 * A log append reads the last line, builds the new line in memory and
 * writes it with one write() loop and an fsync(), all under the lock; if
 * the write fails part way the file is truncated back to its old size, so
 * the log never holds half a line.  vpd_store_log_verify() takes the lock
 * shared only to learn the size of the log: what lies below that size is
 * whole lines that no writer will touch again.
 *
 * Files are hostile.  passwords.json is read up to 16 MiB, must be a
 * regular file (not a symlink or a FIFO), must be JSON of the documented
 * shape, and a stored hash must be argon2id with limits that cannot be
 * used to make a check allocate gigabytes.  Log lines are bounded (64 KiB)
 * both when the last one is read to continue the chain and when the whole
 * log is verified.
 *
 * Timing.  Checking the password of an actor who has none runs a dummy
 * argon2id verification against a hash made once per process, with the
 * same limits as real hashes, so the time does not tell which names have a
 * password.
 */
#include "store.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "../util/file.h"

#define PASSWORDS_FILE "passwords.json"
#define LOG_FILE "access.log"
#define LOCK_FILE ".lock"

#define STORE_FILE_MAX ((size_t)16 << 20) /* passwords.json */
#define LOG_LINE_MAX ((size_t)64 << 10)   /* a log line with its newline */
#define LOG_ENTRY_MAX ((size_t)60 << 10)  /* the caller's entry, serialized */
#define ACTOR_MAX 1024                     /* bytes of an actor's name */

#if JSON_INTEGER_IS_LONG_LONG
#define JSON_INT_MAX LLONG_MAX
#else
#define JSON_INT_MAX LONG_MAX
#endif

#define PW_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

struct vpd_store {
	char *dir;       /* ARCHIVE/private */
	char *passwords; /* ARCHIVE/private/passwords.json */
	char *log;       /* ARCHIVE/private/access.log */
	char *lock;      /* ARCHIVE/private/.lock */
};

/* ---- libsodium, once --------------------------------------------------- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void
sodium_start(void)
{
	sodium_status = sodium_init() < 0 ? -1 : 0;
}

static int
sodium_ready(void)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_status;
}

/*
 * The hash that a check for an actor without a password verifies against:
 * a random password, hashed once with the limits of real hashes.
 */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];
static int dummy_status = -1;

static void
dummy_start(void)
{
	unsigned char raw[16];
	char pw[2 * sizeof(raw) + 1];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	dummy_status = crypto_pwhash_str(dummy_hash, pw, strlen(pw),
	    PW_OPSLIMIT, PW_MEMLIMIT);
	sodium_memzero(pw, sizeof(pw));
}

/* ---- Paths, the directory, the lock ----------------------------------- */

static char *
path_join(const char *dir, size_t dirlen, const char *name)
{
	bool slash = dirlen > 0 && dir[dirlen - 1] == '/';
	size_t n = dirlen + !slash + strlen(name) + 1;
	char *p = malloc(n);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, dirlen);
	if (!slash)
		p[dirlen++] = '/';
	memcpy(p + dirlen, name, strlen(name) + 1);
	return p;
}

/*
 * Makes ARCHIVE/private if it is not there, and makes it 0700 if it is
 * anything else (wider, or narrowed by the umask).  A symlink or a file in
 * its place is refused.
 */
static int
ensure_dir(const vpd_store *s, vpd_error *err)
{
	struct stat st;

	if (mkdir(s->dir, 0700) != 0 && errno != EEXIST)
		return vpd_error_set(err, VPD_EIO, s->dir, 0, 0,
		    "cannot create the private store: %s", strerror(errno));
	if (lstat(s->dir, &st) != 0)
		return vpd_error_set(err, VPD_EIO, s->dir, 0, 0,
		    "cannot read the private store: %s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return vpd_error_set(err, VPD_EIO, s->dir, 0, 0,
		    "the private store is not a directory");
	if ((st.st_mode & 07777) != 0700 && chmod(s->dir, 0700) != 0)
		return vpd_error_set(err, VPD_EIO, s->dir, 0, 0,
		    "cannot make the private store private (mode 0700): %s",
		    strerror(errno));
	return 0;
}

/* Checks that fd is a regular file and gives it mode 0600 if it has
 * another. */
static int
private_file(int fd, const char *path, struct stat *st, vpd_error *err)
{
	if (fstat(fd, st) != 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "cannot read: %s", strerror(errno));
	if (!S_ISREG(st->st_mode))
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "not a regular file");
	if ((st->st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "cannot make it private (mode 0600): %s", strerror(errno));
	return 0;
}

/* Takes the store's lock exclusively; *out is the descriptor to give to
 * unlock().  The directory must exist. */
static int
lock_store(const vpd_store *s, int *out, vpd_error *err)
{
	struct stat st;
	int fd, rc;

	*out = -1;
	fd = open(s->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return vpd_error_set(err, VPD_EIO, s->lock, 0, 0,
		    "cannot open the lock: %s", strerror(errno));
	if ((rc = private_file(fd, s->lock, &st, err)) != 0) {
		close(fd);
		return rc;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			rc = vpd_error_set(err, VPD_EIO, s->lock, 0, 0,
			    "cannot take the lock: %s", strerror(errno));
			close(fd);
			return rc;
		}
	}
	*out = fd;
	return 0;
}

static void
unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

/* ---- Bounded reads ----------------------------------------------------- */

/*
 * Reads the regular file at path, at most `max` bytes, into a malloc'ed
 * buffer with a NUL after the content.  VPD_ENOTFOUND when it does not
 * exist; VPD_EIO when it is not a regular file, is larger, or cannot be
 * read.  (vpd_file_read() has no bound and follows symlinks, which a store
 * of secrets must not.)
 */
static int
read_bounded(const char *path, size_t max, char **out, size_t *len,
    vpd_error *err)
{
	struct stat st;
	char *buf = NULL;
	size_t n = 0, cap;
	int fd, rc;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return vpd_error_set(err,
		    errno == ENOENT ? VPD_ENOTFOUND : VPD_EIO, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "not a regular file");
		goto fail;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > max)
		goto too_large;
	/* The size is a hint: read until the end, but never past max. */
	cap = (size_t)st.st_size + 2;
	if ((buf = malloc(cap)) == NULL)
		goto nomem;
	for (;;) {
		ssize_t got;

		if (n + 1 == cap) {
			char *g;

			if (n > max)
				goto too_large;
			cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			if ((g = realloc(buf, cap)) == NULL)
				goto nomem;
			buf = g;
		}
		got = read(fd, buf + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "cannot read: %s", strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max)
		goto too_large;
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
too_large:
	rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
	    "larger than %zu MiB: not a file vpd wrote", max >> 20);
	goto fail;
nomem:
	rc = vpd_error_set(err, VPD_ENOMEM, path, 0, 0, "out of memory");
fail:
	free(buf);
	close(fd);
	return rc;
}

/* ---- UTF-8 and the password policy ------------------------------------ */

/*
 * Decodes one UTF-8 sequence at s (n bytes available).  Returns its length
 * and the code point in *cp, or 0 when it is not well-formed: overlong
 * forms, surrogates (U+D800..U+DFFF), code points above U+10FFFF and
 * truncated sequences are all refused.
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		unsigned char b = s[i];

		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xbf))
			return 0;
		v = (v << 6) | (b & 0x3f);
	}
	*cp = v;
	return len;
}

static bool
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = utf8_next(p + i, n - i, &cp)) == 0)
			return false;
		i += k;
	}
	return true;
}

/* Refuses (VPD_EINVALID) a password outside the policy; the messages never
 * repeat the password. */
static int
password_policy(const char *pw, vpd_error *err)
{
	const unsigned char *p = (const unsigned char *)pw;
	size_t n, i = 0, k, chars = 0;
	bool control = false;
	uint32_t cp;

	if (pw == NULL) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "no password given");
		vpd_error_set_nl(err, "Er is geen wachtwoord opgegeven.");
		return VPD_EINVALID;
	}
	if ((n = strnlen(pw, VPD_PASSWORD_MAX + 1)) > VPD_PASSWORD_MAX) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "the password is longer than %d bytes", VPD_PASSWORD_MAX);
		vpd_error_set_nl(err, "Het wachtwoord is langer dan %d bytes.",
		    VPD_PASSWORD_MAX);
		return VPD_EINVALID;
	}
	while (i < n) {
		if ((k = utf8_next(p + i, n - i, &cp)) == 0) {
			vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "the password is not valid UTF-8");
			vpd_error_set_nl(err, "Het wachtwoord bevat ongeldige "
			    "tekens (geen geldige UTF-8).");
			return VPD_EINVALID;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			control = true;
		i += k;
		chars++;
	}
	if (control) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "the password contains a control character");
		vpd_error_set_nl(err, "Het wachtwoord bevat een stuurteken "
		    "(zoals een tab of een regeleinde).");
		return VPD_EINVALID;
	}
	if (chars < VPD_PASSWORD_MIN) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "the password is shorter than %d characters",
		    VPD_PASSWORD_MIN);
		vpd_error_set_nl(err, "Het wachtwoord moet minstens %d tekens "
		    "lang zijn.", VPD_PASSWORD_MIN);
		return VPD_EINVALID;
	}
	return 0;
}

/* An actor's name must be a usable JSON key of bounded size. */
static int
actor_name(const char *actor, vpd_error *err)
{
	size_t n;

	if (actor == NULL || actor[0] == '\0')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "no actor name given");
	if ((n = strnlen(actor, ACTOR_MAX + 1)) > ACTOR_MAX)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "the actor name is longer than %d bytes", ACTOR_MAX);
	if (!utf8_valid(actor, n))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "the actor name is not valid UTF-8");
	return 0;
}

/* ---- passwords.json ---------------------------------------------------- */

/* Parses a decimal number of at most 10 digits; NULL when there is none. */
static const char *
number(const char *p, unsigned long *v)
{
	int digits = 0;

	*v = 0;
	while (*p >= '0' && *p <= '9' && digits < 10) {
		*v = *v * 10 + (unsigned long)(*p++ - '0');
		digits++;
	}
	return digits > 0 && !(*p >= '0' && *p <= '9') ? p : NULL;
}

/*
 * Whether h looks like an argon2id hash whose limits a check may run:
 * "$argon2id$v=19$m=KIB,t=OPS,p=1$…" with memory and passes no more than
 * libsodium's "moderate" limits.  A hostile file must not make a login
 * allocate gigabytes or loop for minutes.
 */
static bool
hash_acceptable(const char *h)
{
	static const char prefix[] = "$argon2id$v=19$m=";
	unsigned long m, t, par;
	const char *p = h;

	if (strnlen(h, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES ||
	    strncmp(p, prefix, sizeof(prefix) - 1) != 0)
		return false;
	p += sizeof(prefix) - 1;
	if ((p = number(p, &m)) == NULL || strncmp(p, ",t=", 3) != 0 ||
	    (p = number(p + 3, &t)) == NULL || strncmp(p, ",p=", 3) != 0 ||
	    (p = number(p + 3, &par)) == NULL || *p != '$')
		return false;
	return m >= 8 && m <= crypto_pwhash_MEMLIMIT_MODERATE / 1024 &&
	    t >= 1 && t <= crypto_pwhash_OPSLIMIT_MODERATE && par == 1;
}

/*
 * Loads passwords.json into *root (a new {"actoren": {}} when there is
 * none) with *actoren borrowed from it.  VPD_EIO names the file when it is
 * not of the documented shape.
 */
static int
load_passwords(const vpd_store *s, json_t **root, json_t **actoren,
    vpd_error *err)
{
	json_error_t jerr;
	char *buf = NULL;
	size_t len;
	json_t *r, *a;
	int rc;

	*root = NULL;
	*actoren = NULL;
	rc = read_bounded(s->passwords, STORE_FILE_MAX, &buf, &len, err);
	if (rc == VPD_ENOTFOUND) {
		r = json_object();
		a = json_object();
		if (r == NULL || json_object_set_new(r, "actoren", a) != 0) {
			json_decref(r);
			return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		}
		*root = r;
		*actoren = a;
		return 0;
	}
	if (rc != 0)
		return rc;
	r = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (r == NULL && (vpd_json_error_strip(jerr.text), 1))
		return vpd_error_set(err, VPD_EIO, s->passwords, jerr.line,
		    jerr.column, "the password store is not valid JSON: %s",
		    jerr.text);
	if (!json_is_object(r)) {
		json_decref(r);
		return vpd_error_set(err, VPD_EIO, s->passwords, 0, 0,
		    "the password store is not a JSON object");
	}
	if ((a = json_object_get(r, "actoren")) == NULL) {
		if (json_object_set_new(r, "actoren", json_object()) != 0) {
			json_decref(r);
			return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		}
		a = json_object_get(r, "actoren");
	}
	if (!json_is_object(a)) {
		json_decref(r);
		return vpd_error_set(err, VPD_EIO, s->passwords, 0, 0,
		    "\"actoren\" in the password store is not an object");
	}
	*root = r;
	*actoren = a;
	return 0;
}

/* The stored hash of an actor, borrowed from actoren; *hash is NULL when
 * the actor has none.  VPD_EIO when the entry is malformed. */
static int
stored_hash(const vpd_store *s, json_t *actoren, const char *actor,
    const char **hash, vpd_error *err)
{
	json_t *e, *h;

	*hash = NULL;
	if (actor == NULL || (e = json_object_get(actoren, actor)) == NULL)
		return 0;
	h = json_object_get(e, "hash");
	if (!json_is_object(e) || !json_is_string(h))
		return vpd_error_set(err, VPD_EIO, s->passwords, 0, 0,
		    "the password store entry of \"%s\" has no \"hash\"",
		    actor);
	if (!hash_acceptable(json_string_value(h)))
		return vpd_error_set(err, VPD_EIO, s->passwords, 0, 0,
		    "the password hash of \"%s\" is not an argon2id hash "
		    "within vpd's limits", actor);
	*hash = json_string_value(h);
	return 0;
}

/* ---- The handle -------------------------------------------------------- */

int
vpd_store_open(vpd_store **out, const char *archive_path, vpd_error *err)
{
	vpd_store *s;
	size_t n;

	*out = NULL;
	if (archive_path == NULL || archive_path[0] == '\0')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "no archive path for the private store");
	if (sodium_ready() != 0)
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "libsodium cannot be initialised");
	n = strlen(archive_path);
	while (n > 1 && archive_path[n - 1] == '/')
		n--;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		goto nomem;
	if ((s->dir = path_join(archive_path, n, "private")) == NULL ||
	    (s->passwords = path_join(s->dir, strlen(s->dir),
	    PASSWORDS_FILE)) == NULL ||
	    (s->log = path_join(s->dir, strlen(s->dir), LOG_FILE)) == NULL ||
	    (s->lock = path_join(s->dir, strlen(s->dir), LOCK_FILE)) == NULL)
		goto nomem;
	*out = s;
	return 0;
nomem:
	vpd_store_free(s);
	return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
}

void
vpd_store_free(vpd_store *s)
{
	if (s == NULL)
		return;
	free(s->dir);
	free(s->passwords);
	free(s->log);
	free(s->lock);
	free(s);
}

int
vpd_store_prepare(vpd_store *s, vpd_error *err)
{
	return ensure_dir(s, err);
}

const char *
vpd_store_dir(const vpd_store *s)
{
	return s->dir;
}

/* ---- Passwords --------------------------------------------------------- */

int
vpd_store_set_password(vpd_store *s, const char *actor, const char *password,
    vpd_time now, vpd_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	char when[VPD_TIME_UTC_LEN];
	json_t *root = NULL, *actoren, *entry;
	char *text = NULL, *buf = NULL;
	size_t len;
	int lock = -1, rc;

	if ((rc = actor_name(actor, err)) != 0 ||
	    (rc = password_policy(password, err)) != 0)
		return rc;
	/* The slow part (64 MiB, tens of milliseconds) before the lock. */
	if (crypto_pwhash_str(hash, password, strlen(password), PW_OPSLIMIT,
	    PW_MEMLIMIT) != 0)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory while hashing the password");
	vpd_time_format_utc(now, when);
	if ((rc = ensure_dir(s, err)) != 0 ||
	    (rc = lock_store(s, &lock, err)) != 0 ||
	    (rc = load_passwords(s, &root, &actoren, err)) != 0)
		goto done;
	entry = json_pack("{s:s, s:s}", "hash", hash, "gewijzigd", when);
	if (json_object_set_new(actoren, actor, entry) != 0 ||
	    (text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL ||
	    (buf = malloc((len = strlen(text)) + 1)) == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	memcpy(buf, text, len);
	buf[len++] = '\n';
	rc = vpd_file_write_atomic(s->passwords, buf, len, 0600, err);
done:
	unlock(lock);
	json_decref(root);
	free(text);
	free(buf);
	return rc;
}

int
vpd_store_check_password(vpd_store *s, const char *actor,
    const char *password, bool *ok, vpd_error *err)
{
	json_t *root = NULL, *actoren;
	const char *hash = NULL;
	size_t len;
	int rc, wasted;

	*ok = false;
	if ((rc = load_passwords(s, &root, &actoren, err)) != 0 ||
	    (rc = stored_hash(s, actoren, actor, &hash, err)) != 0)
		goto done;
	len = password ? strnlen(password, VPD_PASSWORD_MAX + 1) : 0;
	if (hash != NULL && password != NULL && len <= VPD_PASSWORD_MAX) {
		*ok = crypto_pwhash_str_verify(hash, password, len) == 0;
		goto done;
	}
	/* No password, or one that could never have been set: spend the
	 * time of a real check all the same. */
	pthread_once(&dummy_once, dummy_start);
	if (dummy_status != 0) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory while checking a password");
		goto done;
	}
	wasted = crypto_pwhash_str_verify(dummy_hash,
	    password ? password : "", len > VPD_PASSWORD_MAX ?
	    VPD_PASSWORD_MAX : len);
	(void)wasted;
done:
	json_decref(root);
	return rc;
}

bool
vpd_store_has_password(vpd_store *s, const char *actor)
{
	json_t *root = NULL, *actoren;
	const char *hash = NULL;
	bool has;

	has = load_passwords(s, &root, &actoren, NULL) == 0 &&
	    stored_hash(s, actoren, actor, &hash, NULL) == 0 && hash != NULL;
	json_decref(root);
	return has;
}

/* ---- The access log ---------------------------------------------------- */

static void
sha256_hex(const void *data, size_t len, char out[VPD_TOKEN_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, VPD_TOKEN_HEX, h, sizeof(h));
}

/* Reads len bytes at off, or fails (EOF counts as failure: the file
 * shrank). */
static int
pread_all(int fd, char *buf, size_t len, off_t off, const char *path,
    vpd_error *err)
{
	while (len > 0) {
		ssize_t got = pread(fd, buf, len, off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "cannot read: %s",
			    got < 0 ? strerror(errno) : "the file shrank");
		buf += got;
		len -= (size_t)got;
		off += got;
	}
	return 0;
}

/*
 * Reads the last line of the log (of `size` bytes; the lock is held) to
 * continue the chain: *nr is its number (0 for an empty log) and `hash`
 * its SHA-256 (64 zeros for an empty log).  Reads at most LOG_LINE_MAX
 * bytes from the end; a longer last line is refused rather than chained
 * to something that was not read.
 */
static int
log_tail(int fd, off_t size, const char *path, json_int_t *nr,
    char hash[VPD_TOKEN_HEX], vpd_error *err)
{
	json_error_t jerr;
	json_t *last = NULL, *n;
	char *buf = NULL;
	size_t window, start, end;
	int rc;

	*nr = 0;
	memset(hash, '0', VPD_TOKEN_HEX - 1);
	hash[VPD_TOKEN_HEX - 1] = '\0';
	if (size == 0)
		return 0;
	window = (uintmax_t)size < LOG_LINE_MAX ? (size_t)size : LOG_LINE_MAX;
	if ((buf = malloc(window)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, path, 0, 0,
		    "out of memory");
	if ((rc = pread_all(fd, buf, window, size - (off_t)window, path,
	    err)) != 0)
		goto done;
	if (buf[window - 1] != '\n') {
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "the access log does not end with a whole line; "
		    "check it with verify");
		goto done;
	}
	end = window - 1;
	for (start = end; start > 0 && buf[start - 1] != '\n'; start--)
		;
	if (start == 0 && window < (uintmax_t)size) {
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "the last line of the access log is longer than %zu "
		    "bytes; it cannot be chained", LOG_LINE_MAX);
		goto done;
	}
	last = json_loadb(buf + start, end - start,
	    JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
	n = json_object_get(last, "nr");
	if (!json_is_integer(n) || json_integer_value(n) < 1 ||
	    json_integer_value(n) == JSON_INT_MAX) {
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "the last line of the access log is not a log entry; "
		    "check it with verify");
		goto done;
	}
	*nr = json_integer_value(n);
	sha256_hex(buf + start, end - start, hash);
	rc = 0;
done:
	json_decref(last);
	free(buf);
	return rc;
}

/*
 * Appends buf whole: one write() loop, then fsync().  If any of it fails
 * the file is cut back to `before`, its size when the lock was taken, so
 * no half line stays behind.
 */
static int
append_whole(int fd, const char *buf, size_t len, off_t before,
    const char *path, vpd_error *err)
{
	size_t done = 0;
	int saved;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n < 0 ? errno : EIO;
			goto fail;
		}
		done += (size_t)n;
	}
	if (fsync(fd) == 0)
		return 0;
	saved = errno;
fail:
	if (ftruncate(fd, before) == 0)
		(void)fsync(fd);
	return vpd_error_set(err, VPD_EIO, path, 0, 0,
	    "cannot append to the access log: %s", strerror(saved));
}

int
vpd_store_log(vpd_store *s, const json_t *entry, vpd_time now,
    vpd_error *err)
{
	char when[VPD_TIME_UTC_LEN], prev[VPD_TOKEN_HEX];
	json_t *line = NULL;
	char *text = NULL, *buf = NULL;
	json_int_t nr;
	struct stat st;
	size_t len;
	int lock = -1, fd = -1, rc;

	if (!json_is_object(entry))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an access log entry must be a JSON object");
	if ((text = json_dumps(entry, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	len = strlen(text);
	free(text);
	text = NULL;
	if (len > LOG_ENTRY_MAX)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an access log entry is longer than %zu bytes",
		    LOG_ENTRY_MAX);
	/* A copy, so the caller's entry is never changed; the store's own
	 * fields replace any the caller gave. */
	if ((line = json_deep_copy(entry)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	vpd_time_format_utc(now, when);
	if ((rc = ensure_dir(s, err)) != 0 ||
	    (rc = lock_store(s, &lock, err)) != 0)
		goto done;
	fd = open(s->log, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0) {
		rc = vpd_error_set(err, VPD_EIO, s->log, 0, 0,
		    "cannot open the access log: %s", strerror(errno));
		goto done;
	}
	if ((rc = private_file(fd, s->log, &st, err)) != 0 ||
	    (rc = log_tail(fd, st.st_size, s->log, &nr, prev, err)) != 0)
		goto done;
	if (json_object_set_new(line, "tijdstip", json_string(when)) != 0 ||
	    json_object_set_new(line, "nr", json_integer(nr + 1)) != 0 ||
	    json_object_set_new(line, "vorige", json_string(prev)) != 0 ||
	    (text = json_dumps(line, JSON_COMPACT | JSON_SORT_KEYS)) == NULL ||
	    (buf = malloc((len = strlen(text)) + 1)) == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	/* The caller's entry was bounded, but its "nr", "tijdstip" or
	 * "vorige" were replaced: check the line that is written. */
	if (len + 2 > LOG_LINE_MAX) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an access log entry is longer than %zu bytes",
		    LOG_ENTRY_MAX);
		goto done;
	}
	memcpy(buf, text, len);
	buf[len++] = '\n';
	rc = append_whole(fd, buf, len, st.st_size, s->log, err);
done:
	if (fd >= 0)
		close(fd);
	unlock(lock);
	json_decref(line);
	free(text);
	free(buf);
	return rc;
}

/*
 * Checks line number n (1-based) of the log, given the SHA-256 of the line
 * before in `prev`, and replaces `prev` with this line's.
 */
static int
check_line(const char *path, size_t n, const char *line, size_t len,
    char prev[VPD_TOKEN_HEX], vpd_error *err)
{
	json_error_t jerr;
	json_t *o, *nr, *vorige, *when;
	vpd_time t;
	int rc = VPD_EINVALID;

	if (len == 0)
		return vpd_error_set(err, VPD_EINVALID, path, (int)n, 0,
		    "access.log line %zu: an empty line", n);
	o = json_loadb(line, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
	    &jerr);
	if (o == NULL && (vpd_json_error_strip(jerr.text), 1))
		return vpd_error_set(err, VPD_EINVALID, path, (int)n,
		    jerr.column, "access.log line %zu: not valid JSON: %s", n,
		    jerr.text);
	nr = json_object_get(o, "nr");
	vorige = json_object_get(o, "vorige");
	when = json_object_get(o, "tijdstip");
	if (!json_is_object(o))
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line %zu: not a JSON object", n);
	else if (!json_is_integer(nr))
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line %zu: \"nr\" is missing or not a whole "
		    "number", n);
	else if (json_integer_value(nr) < 1 ||
	    (uintmax_t)json_integer_value(nr) != n)
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line %zu: \"nr\" is %" JSON_INTEGER_FORMAT
		    ", not %zu: a line was removed, inserted or changed", n,
		    json_integer_value(nr), n);
	else if (!json_is_string(vorige))
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line %zu: \"vorige\" is missing", n);
	else if (strcmp(json_string_value(vorige), prev) != 0 && n == 1)
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line 1: \"vorige\" is not 64 zeros");
	else if (strcmp(json_string_value(vorige), prev) != 0)
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line %zu: \"vorige\" is not the SHA-256 of "
		    "line %zu: line %zu was changed (or this line's "
		    "\"vorige\")", n, n - 1, n - 1);
	else if (!json_is_string(when) ||
	    vpd_time_parse(json_string_value(when), &t) != 0)
		vpd_error_set(err, rc, path, (int)n, 0,
		    "access.log line %zu: \"tijdstip\" is missing or not an "
		    "instant", n);
	else
		rc = 0;
	json_decref(o);
	if (rc == 0)
		sha256_hex(line, len, prev);
	return rc;
}

int
vpd_store_log_verify(vpd_store *s, size_t *lines, vpd_error *err)
{
	char prev[VPD_TOKEN_HEX];
	struct stat st;
	char *buf = NULL;
	size_t fill = 0, count = 0;
	off_t off = 0;
	int fd, lk, rc;

	*lines = 0;
	fd = open(s->log, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return vpd_error_set(err, VPD_EIO, s->log, 0, 0,
		    "cannot open the access log: %s", strerror(errno));
	/* The size under the lock: below it lie whole lines only. */
	if ((lk = open(s->lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0)
		while (flock(lk, LOCK_SH) != 0 && errno == EINTR)
			;
	rc = fstat(fd, &st);
	if (lk >= 0)
		close(lk);
	if (rc != 0 || !S_ISREG(st.st_mode)) {
		rc = vpd_error_set(err, VPD_EIO, s->log, 0, 0,
		    "cannot read the access log: %s",
		    rc != 0 ? strerror(errno) : "not a regular file");
		goto done;
	}
	if ((buf = malloc(LOG_LINE_MAX)) == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, s->log, 0, 0,
		    "out of memory");
		goto done;
	}
	memset(prev, '0', VPD_TOKEN_HEX - 1);
	prev[VPD_TOKEN_HEX - 1] = '\0';
	for (;;) {
		size_t start = 0;
		char *nl;

		if (off < st.st_size && fill < LOG_LINE_MAX) {
			size_t want = LOG_LINE_MAX - fill;

			if ((uintmax_t)(st.st_size - off) < want)
				want = (size_t)(st.st_size - off);
			if ((rc = pread_all(fd, buf + fill, want, off, s->log,
			    err)) != 0)
				goto done;
			fill += want;
			off += (off_t)want;
		}
		while ((nl = memchr(buf + start, '\n', fill - start)) != NULL) {
			size_t len = (size_t)(nl - (buf + start));

			if ((rc = check_line(s->log, ++count, buf + start, len,
			    prev, err)) != 0)
				goto done;
			start += len + 1;
		}
		memmove(buf, buf + start, fill - start);
		fill -= start;
		if (off == st.st_size && fill > 0) {
			rc = vpd_error_set(err, VPD_EINVALID, s->log,
			    (int)count + 1, 0, "access.log line %zu: an "
			    "incomplete line (no newline at its end)",
			    count + 1);
			goto done;
		}
		if (off == st.st_size)
			break;
		if (fill == LOG_LINE_MAX) {
			rc = vpd_error_set(err, VPD_EINVALID, s->log,
			    (int)count + 1, 0, "access.log line %zu: longer "
			    "than %zu bytes", count + 1, LOG_LINE_MAX);
			goto done;
		}
	}
	*lines = count;
	rc = 0;
done:
	free(buf);
	close(fd);
	return rc;
}

/* ---- Random tokens ----------------------------------------------------- */

void
vpd_token_new(char out[VPD_TOKEN_HEX])
{
	unsigned char raw[32];

	/* Without libsodium there is no good randomness: a predictable
	 * session token would be worse than stopping. */
	if (sodium_ready() != 0)
		abort();
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, VPD_TOKEN_HEX, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

bool
vpd_token_equal(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return false;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

void
vpd_token_hash(const char *token, char out[VPD_TOKEN_HEX])
{
	if (sodium_ready() != 0)
		abort();
	if (token == NULL)
		token = "";
	sha256_hex(token, strlen(token), out);
}
