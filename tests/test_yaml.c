/*
 * test_yaml.c - YAML configuration files as JSON: the conversion, and
 * the limits every YAML file vpd reads is held to (aliases, keys,
 * nesting, size).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/yaml/yaml.h"

static void
expect_error(const char *text, int line, int col, const char *msg)
{
	json_t *j = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	assert_int_equal(vpd_yaml_load(&j, "signers.yaml", text, strlen(text),
	    1, &err), VPD_EINVALID);
	assert_null(j);
	assert_string_equal(err.file, "signers.yaml");
	if (err.line != line || err.column != col || !strstr(err.msg, msg))
		fail_msg("got %d:%d: %s", err.line, err.column, err.msg);
}

static void
test_yaml__converts_plain_data(void **state)
{
	json_t *j = NULL;
	vpd_error err;
	const char *text = "naam: \"J. de Vries\"\nactief: true\nnr: 12\n"
	    "leeg: ~\nrollen: [manager, coordinator]\n";

	(void)state;
	assert_int_equal(vpd_yaml_load(&j, "x.yaml", text, strlen(text), 1,
	    &err), 0);
	assert_string_equal(json_string_value(json_object_get(j, "naam")),
	    "J. de Vries");
	assert_true(json_is_true(json_object_get(j, "actief")));
	assert_int_equal(json_integer_value(json_object_get(j, "nr")), 12);
	assert_true(json_is_null(json_object_get(j, "leeg")));
	assert_int_equal(json_array_size(json_object_get(j, "rollen")), 2);
	json_decref(j);
}

/* A 450-byte signers file took 3 GB through nested aliases. */
static void
test_yaml__hostile_files_are_refused(void **state)
{
	char *big;

	(void)state;
	expect_error("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n", 1, 4,
	    "aliases are not allowed");
	expect_error("? [a]\n: x\n", 1, 3, "a key must be a non-empty text");
	expect_error("a: 1\n\"\": 2\n", 2, 1, "a key must be a non-empty text");
	expect_error("a: 1\na: 2\n", 2, 1, "duplicate key a");
	big = calloc(1, 200);
	for (int i = 0; i < 40; i++)
		strcat(big, "[");
	for (int i = 0; i < 40; i++)
		strcat(big, "]");
	expect_error(big, 1, 33, "nested more than 32 levels deep");
	free(big);
	/* before libyaml, whose loader is quadratic in the nesting: 1 MB
	 * of '[' ran for many minutes; now it stops at the 33rd */
	big = malloc(1024 * 1024);
	memset(big, '[', 1024 * 1024 - 1);
	big[1024 * 1024 - 1] = '\0';
	expect_error(big, 1, 33, "nested more than 32 levels deep");
	free(big);
	/* brackets in quotes and comments are text */
	{
		json_t *j = NULL;
		vpd_error err;
		char text[400];

		snprintf(text, sizeof(text), "a: '%s'\nb: \"%s\\\"\" # %s\n",
		    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		    "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
		    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
		assert_int_equal(vpd_yaml_load(&j, "x.yaml", text,
		    strlen(text), 1, &err), 0);
		json_decref(j);
	}
	/* at most 4096 keys in a mapping */
	big = malloc(5000 * 16);
	big[0] = '\0';
	for (int i = 0, n = 0; i < 5000; i++)
		n += sprintf(big + n, "k%d: 1\n", i);
	expect_error(big, 1, 1, "more than 4096 keys in one mapping");
	free(big);
	big = malloc(1024 * 1024 + 2);
	memset(big, '#', 1024 * 1024 + 1);
	big[1024 * 1024 + 1] = '\0';
	expect_error(big, 0, 0, "larger than 1024 KB");
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml__converts_plain_data),
		cmocka_unit_test(test_yaml__hostile_files_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
