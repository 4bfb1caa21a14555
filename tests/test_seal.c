/*
 * test_seal.c - sealing personal data: values and files round trip, are
 * bound to their person, fail loudly when tampered with or when the key
 * or master key is wrong or missing, and open as null (values) or "erased"
 * (files) once the person's key is destroyed; search codes are stable
 * and keyed.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scratch.h"
#include "../src/seal/seal.h"
#include "../src/util/file.h"

static int
setup(void **state)
{
	vpd_error err;

	(void)state;
	unsetenv("VPD_MASTER_KEY");
	if (scratch_make("seal") != 0 || mkdir(scratch_path("private"),
	    0700) != 0)
		return -1;
	return vpd_seal_prepare(root, &err);
}

static int
teardown(void **state)
{
	(void)state;
	scratch_remove();
	return 0;
}

static void
value_round_trip(void **state)
{
	vpd_seal *s = vpd_seal_new(root);
	json_t *plain = json_pack("{ss}", "straat", "Dorpsstraat"), *sealed;
	json_t *doc;
	char pid[VPD_SEAL_ID_MAX], *text;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_seal_value(s, "P0001", "adres", true, plain,
	    &sealed, &err), 0);
	assert_true(vpd_seal_is_sealed(sealed, pid));
	assert_string_equal(pid, "P0001");
	text = json_dumps(sealed, 0);
	assert_null(strstr(text, "Dorpsstraat"));
	free(text);
	doc = json_pack("{sOs{sO}si}", "adres", sealed, "oud", "adres", sealed,
	    "nr", 3);
	/* a fresh key store reads the key from its file */
	vpd_seal_free(s);
	s = vpd_seal_new(root);
	assert_int_equal(vpd_seal_open(s, &doc, &err), 0);
	assert_true(json_equal(json_object_get(doc, "adres"), plain));
	assert_true(json_equal(json_object_get(json_object_get(doc, "oud"),
	    "adres"), plain));
	assert_int_equal(json_integer_value(json_object_get(doc, "nr")), 3);
	/* sealed as "adres", it says so, and opens as nothing else */
	{
		char as[VPD_SEAL_FIELD_MAX + 1], buf[4096];
		const char *v = json_string_value(json_object_get(sealed,
		    VPD_SEAL_FIELD));

		assert_true(vpd_seal_field(sealed, as));
		assert_string_equal(as, "adres");
		json_decref(doc);
		snprintf(buf, sizeof(buf), "P0001.achternaam.%s",
		    v + strlen("P0001.adres."));
		doc = json_pack("{s{ss}}", "achternaam", VPD_SEAL_FIELD, buf);
		assert_int_equal(vpd_seal_open(s, &doc, &err), VPD_EIO);
	}
	assert_false(vpd_seal_foreign(sealed, "P0001"));
	assert_true(vpd_seal_foreign(sealed, "P0002"));
	json_decref(doc);
	json_decref(plain);
	json_decref(sealed);
	vpd_seal_free(s);
}

/* A value moved to another person, or changed, does not open. */
static void
tampered_value(void **state)
{
	vpd_seal *s = vpd_seal_new(root);
	json_t *plain = json_string("Berg"), *sealed, *moved, *other;
	vpd_error err;
	char buf[4096];
	const char *v;

	(void)state;
	assert_int_equal(vpd_seal_value(s, "P0001", "x", true, plain, &sealed,
	    &err), 0);
	assert_int_equal(vpd_seal_value(s, "P0002", "x", true, plain, &other,
	    &err), 0);
	v = json_string_value(json_object_get(sealed, VPD_SEAL_FIELD));
	snprintf(buf, sizeof(buf), "P0002%s", v + 5);
	moved = json_pack("{ss}", VPD_SEAL_FIELD, buf);
	assert_int_not_equal(vpd_seal_open(s, &moved, &err), 0);
	assert_non_null(strstr(err.msg, "does not open"));
	assert_null(strstr(err.msg, "Berg"));
	json_decref(moved);
	snprintf(buf, sizeof(buf), "%s", v);
	buf[strlen(buf) - 3] = buf[strlen(buf) - 3] == 'A' ? 'B' : 'A';
	moved = json_pack("{ss}", VPD_SEAL_FIELD, buf);
	assert_int_not_equal(vpd_seal_open(s, &moved, &err), 0);
	json_decref(moved);
	/* only the form of a seal counts as one: a person's id (never the
	 * search key's) and base64 of a nonce and a tag at least */
	moved = json_pack("{ss}", VPD_SEAL_FIELD, "P0001.Jan Jansen");
	assert_false(vpd_seal_is_sealed(moved, NULL));
	json_decref(moved);
	moved = json_pack("{ss}", VPD_SEAL_FIELD, "P0001.AAAA");
	assert_false(vpd_seal_is_sealed(moved, NULL));
	json_decref(moved);
	snprintf(buf, sizeof(buf), "zoeken%s", v + 5);
	moved = json_pack("{ss}", VPD_SEAL_FIELD, buf);
	assert_false(vpd_seal_is_sealed(moved, NULL));
	json_decref(moved);
	json_decref(plain);
	json_decref(sealed);
	json_decref(other);
	vpd_seal_free(s);
}

static void
blob_round_trip(void **state)
{
	vpd_seal *s = vpd_seal_new(root);
	const char pdf[] = "%PDF-1.4 Jan van der Berg";
	char *sealed, *out, pid[VPD_SEAL_ID_MAX];
	size_t slen, olen, plain;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_seal_blob(s, "P0007", true, pdf, sizeof(pdf),
	    &sealed, &slen, &err), 0);
	assert_true(vpd_seal_blob_person(sealed, slen, pid, &plain));
	assert_string_equal(pid, "P0007");
	assert_int_equal(plain, sizeof(pdf));
	assert_null(memmem(sealed, slen, "Berg", 4));
	assert_int_equal(vpd_seal_open_blob(s, sealed, slen, &out, &olen,
	    &err), 0);
	assert_int_equal(olen, sizeof(pdf));
	assert_memory_equal(out, pdf, sizeof(pdf));
	free(out);
	sealed[slen - 1] ^= 1;
	assert_int_not_equal(vpd_seal_open_blob(s, sealed, slen, &out, &olen,
	    &err), 0);
	assert_false(vpd_seal_blob_person("%PDF", 4, NULL, NULL));
	free(sealed);
	vpd_seal_free(s);
}

/* After erasure: values open as null, files say so, nothing is sealed
 * anew, and the tombstone holds no key. */
static void
destroyed_key(void **state)
{
	vpd_seal *s = vpd_seal_new(root), *s2;
	json_t *plain = json_string("Smeets"), *sealed, *copy, *again = NULL;
	char *blob, *out, *text;
	size_t blen, olen, len;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_seal_value(s, "P0003", "x", true, plain, &sealed,
	    &err), 0);
	assert_int_equal(vpd_seal_blob(s, "P0003", true, "x", 1, &blob, &blen,
	    &err), 0);
	assert_false(vpd_seal_destroyed(s, "P0003"));
	assert_int_equal(vpd_seal_destroy(s, "P0003", "2031-01-01T00:00:00Z",
	    &err), 0);
	assert_true(vpd_seal_destroyed(s, "P0003"));
	text = vpd_file_read(scratch_path("private/sleutels/P0003.key"), &len,
	    &err);
	assert_non_null(text);
	assert_non_null(strstr(text, " gewist 2031-01-01T00:00:00Z"));
	assert_true(len < 64);
	free(text);
	s2 = vpd_seal_new(root);
	copy = json_deep_copy(sealed);
	assert_int_equal(vpd_seal_open(s2, &copy, &err), 0);
	assert_true(json_is_null(copy));
	json_decref(copy);
	assert_int_equal(vpd_seal_open_blob(s2, blob, blen, &out, &olen, &err),
	    VPD_ENOTFOUND);
	assert_int_equal(vpd_seal_value(s2, "P0003", "x", true, plain, &again,
	    &err),
	    VPD_EREFUSED);
	/* the cache of the store that destroyed it forgets the key too */
	copy = json_deep_copy(sealed);
	assert_int_equal(vpd_seal_open(s, &copy, &err), 0);
	assert_true(json_is_null(copy));
	json_decref(copy);
	free(blob);
	json_decref(plain);
	json_decref(sealed);
	vpd_seal_free(s);
	vpd_seal_free(s2);
}

/* Without the master key, or with another one, nothing opens, and the
 * message says where the key was looked for. */
static void
master_key(void **state)
{
	vpd_seal *s = vpd_seal_new(root), *s2;
	json_t *plain = json_string("Berg"), *sealed, *copy;
	char other[600];
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_seal_value(s, "P0004", "x", true, plain, &sealed,
	    &err), 0);
	snprintf(other, sizeof(other), "%s", scratch_path("elders.key"));
	setenv("VPD_MASTER_KEY", other, 1);
	s2 = vpd_seal_new(root);
	copy = json_deep_copy(sealed);
	assert_int_equal(vpd_seal_open(s2, &copy, &err), VPD_EIO);
	assert_non_null(strstr(err.msg, "master key is not here"));
	vpd_seal_free(s2);
	assert_int_equal(vpd_seal_prepare(root, &err), 0);
	s2 = vpd_seal_new(root);
	assert_int_equal(vpd_seal_open(s2, &copy, &err), VPD_EIO);
	assert_non_null(strstr(err.msg, "master key"));
	unsetenv("VPD_MASTER_KEY");
	json_decref(copy);
	json_decref(plain);
	json_decref(sealed);
	vpd_seal_free(s);
	vpd_seal_free(s2);
}

static void
search_codes(void **state)
{
	vpd_seal *s = vpd_seal_new(root);
	char a[4], b[4], c[4];
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_seal_search_code(s, "1980-04-01", a, &err), 0);
	vpd_seal_free(s);
	s = vpd_seal_new(root);
	assert_int_equal(vpd_seal_search_code(s, "1980-04-01", b, &err), 0);
	assert_int_equal(vpd_seal_search_code(s, "1980-04-02", c, &err), 0);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 3);
	assert_int_equal(strspn(a, "0123456789abcdef"), 3);
	/* another archive's search key groups otherwise (usually) */
	vpd_seal_free(s);
	(void)c;
}

static void
masked_and_dropped(void **state)
{
	vpd_seal *s = vpd_seal_new(root);
	json_t *name = json_string("Berg"), *a, *b, *doc, *m, *d;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_seal_value(s, "P0005", "x", true, name, &a,
	    &err), 0);
	assert_int_equal(vpd_seal_value(s, "P0006", "x", true, name, &b,
	    &err), 0);
	doc = json_pack("{sOsOss}", "achternaam", a, "ander", b, "status",
	    "gemeld");
	m = vpd_seal_masked(doc);
	assert_string_equal(json_string_value(json_object_get(m,
	    "achternaam")), "verzegeld");
	assert_string_equal(json_string_value(json_object_get(m, "status")),
	    "gemeld");
	d = vpd_seal_drop(doc, "P0005");
	assert_true(json_is_null(json_object_get(d, "achternaam")));
	assert_true(json_equal(json_object_get(d, "ander"), b));
	json_decref(m);
	json_decref(d);
	json_decref(doc);
	json_decref(a);
	json_decref(b);
	json_decref(name);
	vpd_seal_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(value_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(tampered_value, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(blob_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(destroyed_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(master_key, setup, teardown),
		cmocka_unit_test_setup_teardown(search_codes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(masked_and_dropped, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
