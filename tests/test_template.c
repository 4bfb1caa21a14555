/*
 * test_template.c - the Mustache engine against the official specification
 * data (tests/data/mustache-spec/, MIT): every test of the interpolation,
 * sections, inverted, comments, partials and delimiters modules; then the
 * errors that name template, line and column, and letter mode (no HTML
 * escaping).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/template/template.h"

static void
run_module(const char *module)
{
	char path[256];
	json_error_t je;
	json_t *spec, *tests, *t;
	size_t i, failed = 0;

	snprintf(path, sizeof(path), "tests/data/mustache-spec/%s.json",
	    module);
	spec = json_load_file(path, 0, &je);
	if (spec == NULL)
		fail_msg("%s: %s", path, je.text);
	tests = json_object_get(spec, "tests");
	assert_true(json_array_size(tests) > 0);
	json_array_foreach(tests, i, t) {
		vpd_render_opts opts = {.escape_html = true,
		    .partials = json_object_get(t, "partials")};
		vpd_template *tpl = NULL;
		vpd_error err;
		char *out = NULL;
		const char *want = json_string_value(json_object_get(t,
		    "expected"));

		if (vpd_template_parse(&tpl, "spec", json_string_value(
		    json_object_get(t, "template")), &err) ||
		    vpd_template_render(tpl, json_object_get(t, "data"), &opts,
		    &out, &err)) {
			print_error("%s / %s: error %s\n", module,
			    json_string_value(json_object_get(t, "name")),
			    err.msg);
			failed++;
		} else if (strcmp(out, want) != 0) {
			print_error("%s / %s:\n  want [%s]\n  got  [%s]\n",
			    module, json_string_value(json_object_get(t,
			    "name")), want, out);
			failed++;
		}
		free(out);
		vpd_template_free(tpl);
	}
	json_decref(spec);
	if (failed)
		fail_msg("%zu of %zu %s tests failed", failed,
		    json_array_size(tests), module);
}

static void
test_template__spec_interpolation(void **state)
{
	(void)state;
	run_module("interpolation");
}

static void
test_template__spec_sections(void **state)
{
	(void)state;
	run_module("sections");
}

static void
test_template__spec_inverted(void **state)
{
	(void)state;
	run_module("inverted");
}

static void
test_template__spec_comments(void **state)
{
	(void)state;
	run_module("comments");
}

static void
test_template__spec_partials(void **state)
{
	(void)state;
	run_module("partials");
}

static void
test_template__spec_delimiters(void **state)
{
	(void)state;
	run_module("delimiters");
}

static void
expect_error(const char *src, int line, int col, const char *msg)
{
	vpd_template *t = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	assert_int_equal(vpd_template_parse(&t, "brief.md", src, &err),
	    VPD_EINVALID);
	assert_null(t);
	assert_string_equal(err.file, "brief.md");
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, col);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("'%s' not in '%s'", msg, err.msg);
}

static void
test_template__errors_have_line_and_column(void **state)
{
	(void)state;
	expect_error("Geachte {{persoon.achternaam\n", 1, 9, "not closed");
	expect_error("a\n{{#maatregel}}\nx\n", 2, 1, "section 'maatregel' "
	    "is not closed");
	expect_error("{{#a}}\n  {{/b}}\n", 2, 3, "'b' closes the wrong "
	    "section");
	expect_error("x {{/a}}", 1, 3, "closes a section that is not open");
	expect_error("x {{ }}", 1, 3, "empty tag");
	expect_error("{{=<% =}}", 1, 1, "bad delimiters");
	/* a closing delimiter that starts with a sigil: the tag "@^^" is
	 * an inverted section without a name (it read length -1) */
	expect_error("{{=@ ^^=}}@^^", 1, 11, "not closed");
	expect_error("{{=@ ^^=}}@^^^", 1, 11, "empty tag");
	/* a delimiter longer than 15 characters was cut into two */
	expect_error("{{=AAAAAAAAAAAAAAAAAAAA =}}", 1, 1, "bad delimiters");
	/* sections nest at most 64 deep: parsing is recursive (50,000
	 * crashed) */
	{
		char *src = malloc(50000 * 6 + 1), *q = src;

		for (int i = 0; i < 50000; i++, q += 6)
			memcpy(q, "{{#a}}", 6);
		*q = '\0';
		expect_error(src, 1, 385, "sections nest deeper than 64");
		free(src);
	}
}

static int
collect(const char *name, int line, int col, int depth, void *ud)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s@%d:%d%s ", name, line, col,
	    depth ? "+" : "");
	strcat(ud, buf);
	return 0;
}

static void
test_template__letters_are_not_html(void **state)
{
	vpd_template *t = NULL;
	vpd_error err;
	json_t *data = json_pack("{s{ss}ss}", "persoon", "achternaam",
	    "Brouwer & Zn. <BV>", "bedrag", "€ 250,00");
	char *out = NULL, names[512] = "";

	(void)state;
	assert_int_equal(vpd_template_parse(&t, "brief.md", "Geachte heer "
	    "{{persoon.achternaam}},\n{{! geen HTML }}\n{{#bedrag}}Bedrag: "
	    "{{.}}{{/bedrag}}\n{{> bezwaar}}", &err), 0);
	assert_int_equal(vpd_template_render(t, data, NULL, &out, &err), 0);
	assert_string_equal(out, "Geachte heer Brouwer & Zn. <BV>,\nBedrag: "
	    "€ 250,00\n");
	vpd_template_names(t, collect, names);
	assert_string_equal(names, "persoon.achternaam@1:14 bedrag@3:1 .@3:20+ "
	    ">bezwaar@4:1 ");
	free(out);
	vpd_template_free(t);
	json_decref(data);
}

/* A value in a letter's Markdown body is text: it opens no heading, list,
 * link or emphasis, and a line break in it stays a line break. */
static void
test_template__letter_values_are_markdown_text(void **state)
{
	vpd_template *t = NULL;
	vpd_error err;
	vpd_render_opts opts = {.escape_markdown = true};
	json_t *data = json_pack("{ss}", "x", "Eerst.\n## Kop\n    [a](b) "
	    "**vet**\n\n- punt");
	char *out = NULL;

	(void)state;
	assert_int_equal(vpd_template_parse(&t, "brief.md", "**{{x}}** "
	    "{{{x}}}", &err), 0);
	assert_int_equal(vpd_template_render(t, data, &opts, &out, &err), 0);
	assert_string_equal(out, "**Eerst\\.\\\n\\#\\# Kop\\\n\\[a\\]"
	    "\\(b\\) \\*\\*vet\\*\\*\n\n\\- punt** Eerst.\n## Kop\n    "
	    "[a](b) **vet**\n\n- punt");
	free(out);
	vpd_template_free(t);
	json_decref(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template__spec_interpolation),
		cmocka_unit_test(test_template__spec_sections),
		cmocka_unit_test(test_template__spec_inverted),
		cmocka_unit_test(test_template__spec_comments),
		cmocka_unit_test(test_template__spec_partials),
		cmocka_unit_test(test_template__spec_delimiters),
		cmocka_unit_test(test_template__errors_have_line_and_column),
		cmocka_unit_test(test_template__letters_are_not_html),
		cmocka_unit_test(test_template__letter_values_are_markdown_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
