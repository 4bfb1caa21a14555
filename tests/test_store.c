/*
 * test_store.c - the private store: password hashes and their policy, the
 * modes of what it makes, the hash-chained access log under tampering and
 * concurrent writers (threads and a second process), a write that fails
 * half way, and random tokens.
 *
 * Every test gets a fresh temporary directory as its archive path.  An
 * argon2id hash costs 64 MiB and, under valgrind, seconds: only the
 * password tests hash, ten times in all.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "scratch.h"
#include "../src/store/store.h"
#include "../src/util/file.h"

static int
setup(void **state)
{
	vpd_store *s = NULL;
	vpd_error err;

	if (scratch_make("store"))
		return -1;
	if (vpd_store_open(&s, root, &err) != 0)
		return -1;
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	vpd_store_free(*state);
	scratch_remove();
	return 0;
}

/* A path in the store's directory (static buffer: one at a time). */
static const char *
priv(const char *name)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/private/%s", root, name);
	return buf;
}

static vpd_time
at(const char *s)
{
	vpd_time t = 0;

	assert_int_equal(vpd_time_parse(s, &t), 0);
	return t;
}

static char *
slurp(const char *path, size_t *len)
{
	vpd_error err;
	char *buf = vpd_file_read(path, len, &err);

	if (buf == NULL)
		fail_msg("%s: %s", path, err.msg);
	return buf;
}

static void
spit(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void
sha256_hex(const char *data, size_t len, char out[VPD_TOKEN_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(out, VPD_TOKEN_HEX, h, sizeof(h));
}

/* Appends {"actor": "T. Tester", "schrijver": who, "i": i}. */
static int
append(vpd_store *s, int who, int i, vpd_error *err)
{
	json_t *e = json_pack("{s:s, s:i, s:i, s:s}", "actor", "T. Tester",
	    "schrijver", who, "i", i, "via", "test");
	int rc;

	if (e == NULL)
		return -1;
	rc = vpd_store_log(s, e, 1795165200, err);
	json_decref(e);
	return rc;
}

static void
append_ok(vpd_store *s, int who, int i)
{
	vpd_error err;

	if (append(s, who, i, &err) != 0)
		fail_msg("%s", err.msg);
}

static size_t
verify_ok(vpd_store *s)
{
	vpd_error err;
	size_t n = 0;

	if (vpd_store_log_verify(s, &n, &err) != 0)
		fail_msg("%s", err.msg);
	return n;
}

/* The start of line n (1-based) in buf. */
static char *
line_at(char *buf, int n)
{
	while (--n > 0) {
		buf = strchr(buf, '\n');
		assert_non_null(buf);
		buf++;
	}
	return buf;
}

/* ---- The handle --------------------------------------------------------- */

static void
test_store__open_creates_nothing(void **state)
{
	vpd_store *s = *state, *t = NULL;
	vpd_error err;
	char want[512], slashed[300];
	size_t n = 7;

	snprintf(want, sizeof(want), "%s/private", root);
	assert_string_equal(vpd_store_dir(s), want);
	snprintf(slashed, sizeof(slashed), "%s//", root);
	assert_int_equal(vpd_store_open(&t, slashed, &err), 0);
	assert_string_equal(vpd_store_dir(t), want);
	vpd_store_free(t);
	vpd_store_free(NULL);

	assert_int_equal(vpd_store_open(&t, "", &err), VPD_EINVALID);
	assert_null(t);
	assert_int_equal(vpd_store_open(&t, NULL, &err), VPD_EINVALID);

	/* Reading a store that is not there: nothing, and nothing made. */
	assert_false(vpd_store_has_password(s, "A. Actor"));
	assert_int_equal(vpd_store_log_verify(s, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_false(exists(want));
}

/* ---- Passwords ---------------------------------------------------------- */

static void
test_store__set_and_check_password(void **state)
{
	vpd_store *s = *state;
	vpd_error err;
	json_error_t jerr;
	json_t *doc, *actoren, *a, *b;
	char *text, *before, *bhash;
	size_t len;
	bool ok = true;

	/* Exactly VPD_PASSWORD_MIN characters, one of them two bytes. */
	if (vpd_store_set_password(s, "A. Actor", "wachtwoörd",
	    at("2026-11-20T10:00:00+01:00"), &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(vpd_store_has_password(s, "A. Actor"));
	assert_false(vpd_store_has_password(s, "B. Ander"));
	assert_false(vpd_store_has_password(s, NULL));

	assert_int_equal(vpd_store_check_password(s, "A. Actor", "wachtwoörd",
	    &ok, &err), 0);
	assert_true(ok);
	assert_int_equal(vpd_store_check_password(s, "A. Actor", "wachtwoord",
	    &ok, &err), 0);
	assert_false(ok);
	ok = true;
	assert_int_equal(vpd_store_check_password(s, "B. Ander", "wachtwoörd",
	    &ok, &err), 0);
	assert_false(ok);
	/* Cheap refusals: no password, and one that could never be set. */
	assert_int_equal(vpd_store_check_password(s, "A. Actor", NULL, &ok,
	    &err), 0);
	assert_false(ok);

	/* Modes, and the documented shape without the password in it. */
	assert_int_equal(mode_of(vpd_store_dir(s)), 0700);
	assert_int_equal(mode_of(priv("passwords.json")), 0600);
	text = slurp(priv("passwords.json"), &len);
	assert_true(len > 0 && text[len - 1] == '\n');
	assert_null(strstr(text, "wachtwoörd"));
	assert_non_null(strstr(text, "\n  \"actoren\": {\n"));
	doc = json_loads(text, 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(json_object_size(doc), 1);
	actoren = json_object_get(doc, "actoren");
	assert_true(json_is_object(actoren));
	assert_int_equal(json_object_size(actoren), 1);
	a = json_object_get(actoren, "A. Actor");
	assert_int_equal(json_object_size(a), 2);
	assert_string_equal(json_string_value(json_object_get(a, "gewijzigd")),
	    "2026-11-20T09:00:00Z");
	assert_true(strncmp(json_string_value(json_object_get(a, "hash")),
	    "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0);

	/* Another actor, added by hand (with a copy of A's hash), must
	 * survive a change of A's password. */
	b = json_pack("{s:O, s:s}", "hash", json_object_get(a, "hash"),
	    "gewijzigd", "2026-01-01T00:00:00Z");
	assert_int_equal(json_object_set_new(actoren, "B. Ander", b), 0);
	bhash = strdup(json_string_value(json_object_get(a, "hash")));
	free(text);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	spit(priv("passwords.json"), text, strlen(text));
	free(text);
	json_decref(doc);
	assert_true(vpd_store_has_password(s, "B. Ander"));

	/* Replacing A's password: the old one stops working. */
	before = slurp(priv("passwords.json"), NULL);
	if (vpd_store_set_password(s, "A. Actor", "een heel ander wachtwoord",
	    at("2026-11-21T12:30:00Z"), &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(vpd_store_check_password(s, "A. Actor", "wachtwoörd",
	    &ok, &err), 0);
	assert_false(ok);
	assert_int_equal(vpd_store_check_password(s, "A. Actor",
	    "een heel ander wachtwoord", &ok, &err), 0);
	assert_true(ok);
	text = slurp(priv("passwords.json"), NULL);
	assert_string_not_equal(text, before);
	doc = json_loads(text, 0, &jerr);
	assert_non_null(doc);
	actoren = json_object_get(doc, "actoren");
	assert_int_equal(json_object_size(actoren), 2);
	a = json_object_get(actoren, "A. Actor");
	assert_string_equal(json_string_value(json_object_get(a, "gewijzigd")),
	    "2026-11-21T12:30:00Z");
	assert_string_not_equal(json_string_value(json_object_get(a, "hash")),
	    bhash);
	b = json_object_get(actoren, "B. Ander");
	assert_string_equal(json_string_value(json_object_get(b, "hash")),
	    bhash);
	assert_string_equal(json_string_value(json_object_get(b, "gewijzigd")),
	    "2026-01-01T00:00:00Z");
	assert_int_equal(mode_of(priv("passwords.json")), 0600);
	json_decref(doc);
	free(text);
	free(before);
	free(bhash);
}

static void
refuse(vpd_store *s, const char *actor, const char *pw, const char *msg)
{
	vpd_error err;

	vpd_error_clear(&err);
	assert_int_equal(vpd_store_set_password(s, actor, pw, 0, &err),
	    VPD_EINVALID);
	assert_int_equal(err.code, VPD_EINVALID);
	assert_string_equal(err.msg, msg);
	/* Never the password, not even its start. */
	if (pw != NULL && strlen(pw) >= 4) {
		char head[5];

		memcpy(head, pw, 4);
		head[4] = '\0';
		assert_null(strstr(err.msg, head));
		assert_null(strstr(err.nl, head));
	}
}

static void
refuse_all(vpd_store *s)
{
	static const char *const control[] = {
		"abcdefghij\x01k", "abcdefghij\tk", "abcdefghij\nk",
		"abcdefghij\x1fk", "abcdefghij\x7fk",
		"abcdefghij\xc2\x80k", "abcdefghij\xc2\x85k",
		"abcdefghij\xc2\x9fk",
	};
	static const char *const bad_utf8[] = {
		"abcdefghij\xffk",            /* never in UTF-8 */
		"abcdefghij\x80k",            /* a lone continuation byte */
		"abcdefghij\xc0\xafk",        /* overlong "/" */
		"abcdefghij\xc1\xbfk",        /* overlong */
		"abcdefghij\xe0\x80\xafk",    /* overlong, three bytes */
		"abcdefghij\xf0\x80\x80\xafk", /* overlong, four bytes */
		"abcdefghij\xed\xa0\x80k",    /* a surrogate, U+D800 */
		"abcdefghij\xed\xbf\xbfk",    /* a surrogate, U+DFFF */
		"abcdefghij\xf4\x90\x80\x80k", /* above U+10FFFF */
		"abcdefghij\xe2\x82",         /* cut short at the end */
		"abcdefghij\xe2\x82k",        /* cut short */
	};
	char long_pw[VPD_PASSWORD_MAX + 2];
	size_t i;

	refuse(s, "A. Actor", "kort", "the password is shorter than 10 "
	    "characters");
	refuse(s, "A. Actor", "123456789", "the password is shorter than 10 "
	    "characters");
	/* Nine characters in eighteen bytes are still nine. */
	refuse(s, "A. Actor", "ëëëëëëëëë", "the password is shorter than 10 "
	    "characters");
	refuse(s, "A. Actor", "", "the password is shorter than 10 "
	    "characters");
	refuse(s, "A. Actor", NULL, "no password given");
	for (i = 0; i < sizeof(control) / sizeof(control[0]); i++)
		refuse(s, "A. Actor", control[i], "the password contains a "
		    "control character");
	for (i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++)
		refuse(s, "A. Actor", bad_utf8[i], "the password is not valid "
		    "UTF-8");
	memset(long_pw, 'a', VPD_PASSWORD_MAX + 1);
	long_pw[VPD_PASSWORD_MAX + 1] = '\0';
	refuse(s, "A. Actor", long_pw, "the password is longer than 1024 "
	    "bytes");
	refuse(s, NULL, "lang genoeg wachtwoord", "no actor name given");
	refuse(s, "", "lang genoeg wachtwoord", "no actor name given");
	refuse(s, "A. \xff", "lang genoeg wachtwoord", "the actor name is not "
	    "valid UTF-8");
}

static void
test_store__password_policy(void **state)
{
	static const char stored[] = "{\"actoren\": {}, \"anders\": 1}\n";
	vpd_store *s = *state;
	vpd_error err;
	char *text;
	int entries = 0;
	DIR *d;
	struct dirent *de;

	/* On an empty store: refused, and nothing made. */
	refuse_all(s);
	assert_false(exists(vpd_store_dir(s)));

	/* On a store: refused, and nothing changed or left behind. */
	assert_int_equal(mkdir(vpd_store_dir(s), 0700), 0);
	spit(priv("passwords.json"), stored, strlen(stored));
	refuse_all(s);
	text = slurp(priv("passwords.json"), NULL);
	assert_string_equal(text, stored);
	free(text);
	assert_non_null(d = opendir(vpd_store_dir(s)));
	while ((de = readdir(d)) != NULL)
		entries += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(entries, 1);
	assert_false(exists(priv(".lock")));

	/* The Dutch form is there for the web pages. */
	vpd_error_clear(&err);
	assert_int_equal(vpd_store_set_password(s, "A. Actor", "kort", 0,
	    &err), VPD_EINVALID);
	assert_string_equal(err.nl, "Het wachtwoord moet minstens 10 tekens "
	    "lang zijn.");
}

static void
test_store__hostile_password_store(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"{\"actoren\": {", "the password store is not valid JSON"},
		{"", "the password store is not valid JSON"},
		{"{\"actoren\": {}, \"actoren\": {}}",
		    "the password store is not valid JSON"},
		{"[]", "the password store is not a JSON object"},
		{"{\"actoren\": []}", "\"actoren\" in the password store is "
		    "not an object"},
		{"{\"actoren\": {\"A. Actor\": \"x\"}}",
		    "the password store entry of \"A. Actor\" has no \"hash\""},
		{"{\"actoren\": {\"A. Actor\": {\"hash\": 1}}}",
		    "the password store entry of \"A. Actor\" has no \"hash\""},
		/* 4 GiB a check: a hash no login may run. */
		{"{\"actoren\": {\"A. Actor\": {\"hash\": \"$argon2id$v=19$"
		    "m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo\"}}}",
		    "the password hash of \"A. Actor\" is not an argon2id "
		    "hash within vpd's limits"},
		{"{\"actoren\": {\"A. Actor\": {\"hash\": \"$2y$10$abc\"}}}",
		    "the password hash of \"A. Actor\" is not an argon2id "
		    "hash within vpd's limits"},
	};
	vpd_store *s = *state;
	vpd_error err;
	char *text;
	bool ok;
	size_t i;
	int fd;

	assert_int_equal(mkdir(vpd_store_dir(s), 0700), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		spit(priv("passwords.json"), cases[i].text,
		    strlen(cases[i].text));
		ok = true;
		vpd_error_clear(&err);
		assert_int_equal(vpd_store_check_password(s, "A. Actor",
		    "lang genoeg wachtwoord", &ok, &err), VPD_EIO);
		assert_false(ok);
		assert_string_equal(err.file, priv("passwords.json"));
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: %s", i, err.msg);
		assert_false(vpd_store_has_password(s, "A. Actor"));
	}

	/* Not followed through a symlink, and not read past 16 MiB. */
	assert_int_equal(unlink(priv("passwords.json")), 0);
	assert_int_equal(symlink("/etc/passwd", priv("passwords.json")), 0);
	assert_int_equal(vpd_store_check_password(s, "A. Actor",
	    "lang genoeg wachtwoord", &ok, &err), VPD_EIO);
	assert_int_equal(unlink(priv("passwords.json")), 0);
	fd = open(priv("passwords.json"), O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (16 << 20) + 1), 0);
	close(fd);
	assert_int_equal(vpd_store_check_password(s, "A. Actor",
	    "lang genoeg wachtwoord", &ok, &err), VPD_EIO);
	assert_string_equal(err.msg, "larger than 16 MiB: not a file vpd "
	    "wrote");

	/* A change refuses to overwrite a store it cannot read. */
	spit(priv("passwords.json"), "{\"actoren\": {", 13);
	assert_int_equal(vpd_store_set_password(s, "A. Actor",
	    "lang genoeg wachtwoord", 0, &err), VPD_EIO);
	assert_string_equal(err.file, priv("passwords.json"));
	text = slurp(priv("passwords.json"), NULL);
	assert_string_equal(text, "{\"actoren\": {");
	free(text);
}

/* ---- Modes -------------------------------------------------------------- */

static void
test_store__modes(void **state)
{
	vpd_store *s = *state;
	mode_t old = umask(0);

	/* The widest umask still gives a private store. */
	append_ok(s, 1, 1);
	umask(old);
	assert_int_equal(mode_of(vpd_store_dir(s)), 0700);
	assert_int_equal(mode_of(priv("access.log")), 0600);
	assert_int_equal(mode_of(priv(".lock")), 0600);

	/* A store that was opened up is made private again on a change. */
	assert_int_equal(chmod(vpd_store_dir(s), 0755), 0);
	assert_int_equal(chmod(priv("access.log"), 0644), 0);
	assert_int_equal(chmod(priv(".lock"), 0666), 0);
	append_ok(s, 1, 2);
	assert_int_equal(mode_of(vpd_store_dir(s)), 0700);
	assert_int_equal(mode_of(priv("access.log")), 0600);
	assert_int_equal(mode_of(priv(".lock")), 0600);
	assert_int_equal(verify_ok(s), 2);
}

static void
test_store__refuses_a_file_for_its_directory(void **state)
{
	vpd_store *s = *state;
	vpd_error err;

	spit(vpd_store_dir(s), "x", 1);
	assert_int_equal(append(s, 1, 1, &err), VPD_EIO);
	assert_string_equal(err.msg, "the private store is not a directory");
}

/* ---- The access log ----------------------------------------------------- */

static void
test_store__log_appends_chained_lines(void **state)
{
	static const char first[] = "{\"actor\":\"M. de Manager\",\"nr\":1,"
	    "\"rollen\":[\"manager\"],\"tijdstip\":\"2026-11-20T09:00:00Z\","
	    "\"via\":\"cli\",\"vorige\":\"00000000000000000000000000000000"
	    "00000000000000000000000000000000\",\"wat\":\"case show\","
	    "\"zaken\":[\"2026-0001\"]}\n";
	vpd_store *s = *state;
	vpd_error err;
	json_t *e, *line;
	json_error_t jerr;
	char *text, *p, hash[VPD_TOKEN_HEX];
	int n;

	e = json_pack("{s:s, s:[s], s:s, s:s, s:[s]}", "actor",
	    "M. de Manager", "rollen", "manager", "via", "cli", "wat",
	    "case show", "zaken", "2026-0001");
	assert_int_equal(vpd_store_log(s, e, at("2026-11-20T10:00"), &err), 0);
	/* The caller's entry is not changed. */
	assert_int_equal(json_object_size(e), 5);
	assert_null(json_object_get(e, "nr"));
	text = slurp(priv("access.log"), NULL);
	assert_string_equal(text, first);
	free(text);
	json_decref(e);

	/* A caller's own "nr", "vorige" or "tijdstip" does not count; other
	 * text, NULs included, comes through. */
	e = json_pack("{s:s, s:i, s:s, s:s, s:s%}", "actor", "R. Receptie",
	    "nr", 99, "vorige", "nep", "tijdstip", "gisteren", "wat",
	    "lookup\0\"v.d. Berg\"\n", (size_t)19);
	assert_int_equal(vpd_store_log(s, e, at("2026-11-20T10:01"), &err), 0);
	json_decref(e);
	append_ok(s, 3, 3);

	text = slurp(priv("access.log"), NULL);
	p = text;
	for (n = 1; n <= 3; n++) {
		char *end = strchr(p, '\n');

		assert_non_null(end);
		line = json_loadb(p, (size_t)(end - p), JSON_ALLOW_NUL, &jerr);
		assert_non_null(line);
		assert_int_equal(json_integer_value(json_object_get(line,
		    "nr")), n);
		if (n > 1)
			assert_string_equal(json_string_value(json_object_get(
			    line, "vorige")), hash);
		if (n == 2) {
			assert_string_equal(json_string_value(json_object_get(
			    line, "tijdstip")), "2026-11-20T09:01:00Z");
			assert_int_equal(json_string_length(json_object_get(
			    line, "wat")), 19);
		}
		sha256_hex(p, (size_t)(end - p), hash);
		json_decref(line);
		p = end + 1;
	}
	assert_int_equal(*p, '\0');
	free(text);
	assert_int_equal(verify_ok(s), 3);
}

static void
test_store__log_refuses_what_is_not_an_entry(void **state)
{
	vpd_store *s = *state;
	vpd_error err;
	json_t *bad[4], *big;
	char *blob;
	size_t i;

	bad[0] = json_array();
	bad[1] = json_string("case show");
	bad[2] = json_integer(1);
	bad[3] = json_null();
	for (i = 0; i < 4; i++) {
		assert_int_equal(vpd_store_log(s, bad[i], 0, &err),
		    VPD_EINVALID);
		assert_string_equal(err.msg, "an access log entry must be a "
		    "JSON object");
		json_decref(bad[i]);
	}
	assert_int_equal(vpd_store_log(s, NULL, 0, &err), VPD_EINVALID);

	/* Over 60 KiB serialized. */
	blob = malloc(61 << 10);
	memset(blob, 'x', (61 << 10) - 1);
	blob[(61 << 10) - 1] = '\0';
	big = json_pack("{s:s}", "wat", blob);
	assert_int_equal(vpd_store_log(s, big, 0, &err), VPD_EINVALID);
	assert_string_equal(err.msg, "an access log entry is longer than "
	    "61440 bytes");
	json_decref(big);
	assert_false(exists(vpd_store_dir(s)));

	/* Just under it is fine, and the next line chains to it. */
	blob[(59 << 10)] = '\0';
	big = json_pack("{s:s}", "wat", blob);
	assert_int_equal(vpd_store_log(s, big, 0, &err), 0);
	json_decref(big);
	append_ok(s, 1, 1);
	append_ok(s, 1, 2);
	assert_int_equal(verify_ok(s), 3);
	free(blob);
}

static void
expect_verify_error(vpd_store *s, int line, const char *msg)
{
	vpd_error err;
	size_t n = 99;

	vpd_error_clear(&err);
	assert_int_equal(vpd_store_log_verify(s, &n, &err), VPD_EINVALID);
	assert_int_equal(n, 0);
	assert_int_equal(err.line, line);
	assert_string_equal(err.file, priv("access.log"));
	if (strncmp(err.msg, msg, strlen(msg)) != 0)
		fail_msg("expected \"%s…\", got \"%s\"", msg, err.msg);
}

static void
test_store__log_tampering_is_found(void **state)
{
	vpd_store *s = *state;
	char *orig, *text, *p, *l2, *l3;
	size_t len, off;
	int i;

	for (i = 1; i <= 5; i++)
		append_ok(s, 7, i);
	assert_int_equal(verify_ok(s), 5);
	orig = slurp(priv("access.log"), &len);
	text = malloc(len + 2);

	/* One byte in the middle line: its successor no longer matches. */
	memcpy(text, orig, len + 1);
	l3 = line_at(text, 3);
	p = strstr(l3, "\"i\":3");
	assert_true(p != NULL && p < strchr(l3, '\n'));
	p[4] = '8';
	spit(priv("access.log"), text, len);
	expect_verify_error(s, 4, "access.log line 4: \"vorige\" is not the "
	    "SHA-256 of line 3: line 3 was changed");

	/* Its number. */
	memcpy(text, orig, len + 1);
	l3 = line_at(text, 3);
	p = strstr(l3, "\"nr\":3");
	assert_non_null(p);
	p[5] = '7';
	spit(priv("access.log"), text, len);
	expect_verify_error(s, 3, "access.log line 3: \"nr\" is 7, not 3");

	/* Not JSON any more. */
	memcpy(text, orig, len + 1);
	line_at(text, 3)[0] = '[';
	spit(priv("access.log"), text, len);
	expect_verify_error(s, 3, "access.log line 3: not valid JSON");

	/* A line taken out. */
	memcpy(text, orig, len + 1);
	l2 = line_at(text, 2);
	l3 = line_at(text, 3);
	memmove(l2, l3, strlen(l3) + 1);
	spit(priv("access.log"), text, strlen(text));
	expect_verify_error(s, 2, "access.log line 2: \"nr\" is 3, not 2");

	/* The first line's "vorige". */
	memcpy(text, orig, len + 1);
	p = strstr(text, "\"vorige\":\"0");
	p[10] = '1';
	spit(priv("access.log"), text, len);
	expect_verify_error(s, 1, "access.log line 1: \"vorige\" is not 64 "
	    "zeros");

	/* An empty line, and the end cut off. */
	off = (size_t)(line_at(orig, 2) - orig);
	memcpy(text, orig, off);
	text[off] = '\n';
	memcpy(text + off + 1, orig + off, len - off);
	spit(priv("access.log"), text, len + 1);
	expect_verify_error(s, 2, "access.log line 2: an empty line");
	spit(priv("access.log"), orig, len - 1);
	expect_verify_error(s, 5, "access.log line 5: an incomplete line");

	/* Put back, it is whole again. */
	spit(priv("access.log"), orig, len);
	assert_int_equal(verify_ok(s), 5);
	free(text);
	free(orig);
}

static void
test_store__log_refuses_a_broken_tail(void **state)
{
	vpd_store *s = *state;
	vpd_error err;
	char *orig, *text, *big;
	size_t len, n;

	append_ok(s, 1, 1);
	append_ok(s, 1, 2);
	orig = slurp(priv("access.log"), &len);

	/* Half a line at the end: no line is chained to it. */
	spit(priv("access.log"), orig, len - 3);
	assert_int_equal(append(s, 1, 3, &err), VPD_EIO);
	assert_string_equal(err.file, priv("access.log"));
	text = slurp(priv("access.log"), &n);
	assert_int_equal(n, len - 3);
	free(text);

	/* A last line that is no entry. */
	text = malloc(len + 8);
	memcpy(text, orig, len);
	memcpy(text + len, "[1, 2]\n", 7);
	spit(priv("access.log"), text, len + 7);
	assert_int_equal(append(s, 1, 3, &err), VPD_EIO);
	free(text);

	/* A last line longer than the window that is read. */
	big = malloc(len + (70 << 10) + 16);
	memcpy(big, orig, len);
	n = len;
	memcpy(big + n, "{\"wat\":\"", 8);
	n += 8;
	memset(big + n, 'x', 70 << 10);
	n += 70 << 10;
	memcpy(big + n, "\"}\n", 3);
	n += 3;
	spit(priv("access.log"), big, n);
	assert_int_equal(append(s, 1, 3, &err), VPD_EIO);
	assert_string_equal(err.msg, "the last line of the access log is "
	    "longer than 65536 bytes; it cannot be chained");
	expect_verify_error(s, 3, "access.log line 3: longer than 65536 "
	    "bytes");
	free(big);
	free(orig);
}

static void
test_store__log_write_failure_leaves_no_half_line(void **state)
{
	vpd_store *s = *state;
	vpd_error err;
	struct rlimit old, lim;
	struct stat st;
	void (*was)(int);
	off_t size;
	int rc;

	append_ok(s, 1, 1);
	append_ok(s, 1, 2);
	assert_int_equal(stat(priv("access.log"), &st), 0);
	size = st.st_size;

	/* The file may grow by 20 bytes: the line is cut short, then the
	 * next write() fails with EFBIG. */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)size + 20;
	was = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = append(s, 1, 3, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);

	assert_int_equal(rc, VPD_EIO);
	assert_non_null(strstr(err.msg, "cannot append to the access log"));
	assert_int_equal(stat(priv("access.log"), &st), 0);
	assert_int_equal(st.st_size, size);
	assert_int_equal(verify_ok(s), 2);
	append_ok(s, 1, 3);
	assert_int_equal(verify_ok(s), 3);
}

/* ---- Concurrent writers ------------------------------------------------- */

#define THREADS 4
#define PER_WRITER 50
#define CHILD_WRITER 99

struct writer {
	vpd_store *s;
	int who;
	int failures;
	char msg[768];
};

static void *
writer_run(void *arg)
{
	struct writer *w = arg;
	vpd_error err;
	int i;

	for (i = 1; i <= PER_WRITER; i++)
		if (append(w->s, w->who, i, &err) != 0 && w->failures++ == 0)
			memcpy(w->msg, err.msg, sizeof(w->msg));
	return NULL;
}

static void
test_store__log_concurrent_writers(void **state)
{
	vpd_store *s = *state;
	struct writer w[THREADS];
	pthread_t th[THREADS];
	int last[CHILD_WRITER + 1] = {0}, count[CHILD_WRITER + 1] = {0};
	char *text, *p;
	pid_t pid;
	int i, status;

	/* The child process has its own handle and appends while the
	 * threads of this one do. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		vpd_store *cs = NULL;
		vpd_error err;
		int bad = 0;

		if (vpd_store_open(&cs, root, &err) != 0)
			_exit(2);
		for (i = 1; i <= PER_WRITER; i++)
			bad += append(cs, CHILD_WRITER, i, &err) != 0;
		vpd_store_free(cs);
		_exit(bad ? 1 : 0);
	}
	for (i = 0; i < THREADS; i++) {
		w[i] = (struct writer){.s = s, .who = i + 1};
		assert_int_equal(pthread_create(&th[i], NULL, writer_run,
		    &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		if (w[i].failures)
			fail_msg("writer %d: %s", w[i].who, w[i].msg);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	assert_int_equal(verify_ok(s), (THREADS + 1) * PER_WRITER);

	/* Every entry once, each writer's in its own order. */
	text = slurp(priv("access.log"), NULL);
	for (p = text; *p; p = strchr(p, '\n') + 1) {
		json_error_t jerr;
		json_t *o = json_loadb(p, (size_t)(strchr(p, '\n') - p), 0,
		    &jerr);
		int who = (int)json_integer_value(json_object_get(o,
		    "schrijver"));
		int n = (int)json_integer_value(json_object_get(o, "i"));

		assert_non_null(o);
		assert_true(who >= 1 && who <= CHILD_WRITER);
		assert_int_equal(n, last[who] + 1);
		last[who] = n;
		count[who]++;
		json_decref(o);
	}
	for (i = 1; i <= THREADS; i++)
		assert_int_equal(count[i], PER_WRITER);
	assert_int_equal(count[CHILD_WRITER], PER_WRITER);
	free(text);
}

/* ---- Tokens ------------------------------------------------------------- */

static void
test_store__token_new(void **state)
{
	char a[VPD_TOKEN_HEX], b[VPD_TOKEN_HEX];
	size_t i;

	(void)state;
	vpd_token_new(a);
	vpd_token_new(b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strlen(b), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	assert_int_equal(strspn(b, "0123456789abcdef"), 64);
	assert_string_not_equal(a, b);
	for (i = 0; i < 8; i++) {
		vpd_token_new(b);
		assert_string_not_equal(a, b);
	}
}

static void
test_store__token_equal(void **state)
{
	char a[VPD_TOKEN_HEX], b[VPD_TOKEN_HEX];

	(void)state;
	vpd_token_new(a);
	memcpy(b, a, sizeof(a));
	assert_true(vpd_token_equal(a, b));
	b[63] = b[63] == '0' ? '1' : '0';
	assert_false(vpd_token_equal(a, b));
	b[63] = '\0';
	assert_false(vpd_token_equal(a, b));
	assert_false(vpd_token_equal(a, ""));
	assert_false(vpd_token_equal(a, NULL));
	assert_false(vpd_token_equal(NULL, a));
	assert_false(vpd_token_equal(NULL, NULL));
	assert_true(vpd_token_equal("", ""));
}

static void
test_store__token_hash(void **state)
{
	char h[VPD_TOKEN_HEX], t[VPD_TOKEN_HEX], again[VPD_TOKEN_HEX];

	(void)state;
	vpd_token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	vpd_token_hash("", h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	vpd_token_new(t);
	vpd_token_hash(t, h);
	vpd_token_hash(t, again);
	assert_string_equal(h, again);
	assert_string_not_equal(h, t);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store__open_creates_nothing),
		T(test_store__set_and_check_password),
		T(test_store__password_policy),
		T(test_store__hostile_password_store),
		T(test_store__modes),
		T(test_store__refuses_a_file_for_its_directory),
		T(test_store__log_appends_chained_lines),
		T(test_store__log_refuses_what_is_not_an_entry),
		T(test_store__log_tampering_is_found),
		T(test_store__log_refuses_a_broken_tail),
		T(test_store__log_write_failure_leaves_no_half_line),
		T(test_store__log_concurrent_writers),
		cmocka_unit_test(test_store__token_new),
		cmocka_unit_test(test_store__token_equal),
		cmocka_unit_test(test_store__token_hash),
	};
#undef T

	vpd_time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
