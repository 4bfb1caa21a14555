/*
 * test_expr.c - the workflow expression language: syntax errors with their
 * column, evaluation, dates and nulls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/workflow/expr.h"

static json_t *ctx;

static bool
eval_bool(const char *src)
{
	vpd_error err;
	vpd_expr *e = vpd_expr_parse(src, &err);
	bool out = false;

	assert_non_null(e);
	assert_int_equal(vpd_expr_test(e, ctx, &out, &err), 0);
	vpd_expr_free(e);
	return out;
}

static void
assert_syntax_error(const char *src, int column, const char *msg)
{
	vpd_error err;
	vpd_expr *e;

	vpd_error_clear(&err);
	e = vpd_expr_parse(src, &err);
	assert_null(e);
	assert_int_equal(err.column, column);
	assert_non_null(strstr(err.msg, msg));
}

static int
setup(void **state)
{
	(void)state;
	ctx = json_pack("{s{sssssss[ss]sbsi}s{sss[s]}s{ss}ssss}",
	    "input", "van", "2026-11-30", "tot", "2027-02-28", "maatregel",
	    "toegangsverbod", "locaties", "Stadskantoor", "Bestuurscentrum",
	    "telefoonverbod", 0, "vorderingen", 3,
	    "incident", "tijdstip", "2026-11-20T09:00:00Z", "categorieen",
	    "verbale_agressie",
	    "case", "status", "gemeld",
	    "now", "2026-11-21T09:00:00Z", "today", "2026-11-21");
	return ctx ? 0 : -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(ctx);
	return 0;
}

static void
test_expr__comparisons_and_logic(void **state)
{
	(void)state;
	assert_true(eval_bool("input.maatregel == \"toegangsverbod\""));
	assert_true(eval_bool("input.vorderingen >= 3 and not "
	    "input.telefoonverbod"));
	assert_false(eval_bool("input.vorderingen > 3 or case.status != "
	    "'gemeld'"));
	assert_true(eval_bool("(1 + 2) == 3"));
}

static void
test_expr__calendar_months(void **state)
{
	(void)state;
	/* From 30 November, three months end on 28 February. */
	assert_true(eval_bool("input.tot >= input.van + 3 months"));
	assert_false(eval_bool("input.tot >= input.van + 3 months + 1 day"));
}

static void
test_expr__counted_from_a_field(void **state)
{
	vpd_error err;
	vpd_value v;
	vpd_expr *e;

	(void)state;
	/* input.vorderingen is 3: the same calendar months as `3 months`. */
	assert_true(eval_bool("input.tot >= input.van + input.vorderingen "
	    "months"));
	assert_false(eval_bool("input.tot >= input.van + input.vorderingen "
	    "months + 1 day"));
	/* A field not yet set counts nothing: the comparison fails. */
	assert_false(eval_bool("input.tot >= input.van + case.duur months"));
	assert_true(eval_bool("input.van + case.duur months == null"));

	e = vpd_expr_parse("input.van + input.maatregel months", &err);
	assert_non_null(e);
	assert_int_equal(vpd_expr_eval(e, ctx, &v, &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "cannot count units of text"));
	vpd_expr_free(e);

	/* Not a unit: the word is simply out of place. */
	assert_syntax_error("input.van + case.duur fortnights", 23,
	    "unexpected 'fortnights'");
}

static void
test_expr__counted_out_of_range(void **state)
{
	vpd_error err;
	vpd_value v;
	json_t *big = json_pack("{s{sssI}}", "input", "van", "2026-11-30",
	    "n", (json_int_t)9000000000000LL);
	vpd_expr *e = vpd_expr_parse("input.van + input.n years", &err);

	(void)state;
	assert_non_null(big);
	assert_non_null(e);
	assert_int_equal(vpd_expr_eval(e, big, &v, &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "too large"));
	vpd_expr_free(e);
	json_decref(big);
}

static void
test_expr__instants_and_dates(void **state)
{
	(void)state;
	assert_true(eval_bool("incident.tijdstip + 48 hours > now"));
	assert_false(eval_bool("incident.tijdstip + 24 hours > now"));
	assert_true(eval_bool("input.van > today"));
	/* A date compares as 00:00 Amsterdam time that day. */
	assert_true(eval_bool("today < now"));
}

static void
test_expr__membership_and_null(void **state)
{
	(void)state;
	assert_true(eval_bool("\"verbale_agressie\" in incident.categorieen"));
	assert_true(eval_bool("\"fysiek_geweld\" not in "
	    "incident.categorieen"));
	assert_true(eval_bool("case.status in [\"gemeld\", \"waarschuwing\"]"));
	assert_true(eval_bool("input.locaties != null"));
	assert_true(eval_bool("input.ordegesprek == null"));
	/* Ordering with null is false either way. */
	assert_false(eval_bool("input.ordegesprek > now"));
	assert_false(eval_bool("input.ordegesprek <= now"));
}

static void
test_expr__type_errors(void **state)
{
	vpd_error err;
	vpd_expr *e = vpd_expr_parse("input.maatregel + 3 months", &err);
	vpd_value v;

	(void)state;
	assert_non_null(e);
	assert_int_equal(vpd_expr_eval(e, ctx, &v, &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "cannot add text and duration"));
	vpd_expr_free(e);
}

static void
test_expr__syntax_errors_have_columns(void **state)
{
	(void)state;
	assert_syntax_error("input.tot >= ", 14, "ends too early");
	assert_syntax_error("input.tot = 3", 11, "'=='");
	assert_syntax_error("input.tot >= input.van + 3 fortnights", 28,
	    "unknown unit");
	assert_syntax_error("a b", 3, "unexpected 'b'");
	assert_syntax_error("\"open", 1, "not closed");
	assert_syntax_error("", 1, "empty");
}

static void
test_expr__literal_lists_become_json(void **state)
{
	vpd_error err;
	vpd_expr *e = vpd_expr_parse("[\"a\", input.maatregel, 1 + 1]", &err);
	json_t *out = NULL;
	char *s;

	(void)state;
	assert_non_null(e);
	assert_int_equal(vpd_expr_json(e, ctx, &out, &err), 0);
	s = json_dumps(out, JSON_COMPACT);
	assert_string_equal(s, "[\"a\",\"toegangsverbod\",2]");
	free(s);
	json_decref(out);
	vpd_expr_free(e);
}

static int
count_path(const char *path, int offset, void *ud)
{
	(void)path;
	(void)offset;
	(*(int *)ud)++;
	return 0;
}

static void
test_expr__paths_are_reported(void **state)
{
	vpd_error err;
	vpd_expr *e = vpd_expr_parse("input.a > case.b and \"x\" in "
	    "persoon.c", &err);
	int n = 0;

	(void)state;
	assert_non_null(e);
	vpd_expr_paths(e, count_path, &n);
	assert_int_equal(n, 3);
	vpd_expr_free(e);
}

/* Hostile workflows: deep nesting and huge expressions are errors, not a
 * stack overflow (11,000 brackets crashed the parser). */
static char *
nested(const char *open, const char *mid, const char *close, int n)
{
	size_t lo = strlen(open), lc = strlen(close), lm = strlen(mid);
	char *s = malloc((size_t)n * (lo + lc) + lm + 1), *p = s;

	for (int i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, mid, lm);
	p += lm;
	for (int i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void
test_expr__nesting_and_length_are_bounded(void **state)
{
	vpd_error err;
	char *s;

	(void)state;
	s = nested("(", "true", ")", 60);
	assert_true(eval_bool(s));
	free(s);
	s = nested("(", "true", ")", 2000);
	assert_syntax_error(s, 65, "nested too deeply");
	free(s);
	s = nested("(", "true", ")", 11000);
	assert_syntax_error(s, 1, "longer than 4096");
	free(s);
	s = nested("not ", "true", "", 1000);
	assert_syntax_error(s, 257, "nested too deeply");
	free(s);
	s = nested("-", "1", "", 4000);
	vpd_error_clear(&err);
	assert_null(vpd_expr_parse(s, &err));
	assert_non_null(strstr(err.msg, "deeply"));
	free(s);
	s = nested("[", "1", "]", 2000);
	vpd_error_clear(&err);
	assert_null(vpd_expr_parse(s, &err));
	assert_non_null(strstr(err.msg, "deeply"));
	free(s);
	/* a long flat chain is refused by its length: its tree would be as
	 * deep as it is long */
	s = nested("1 + ", "1", "", 2000);
	assert_syntax_error(s, 1, "longer than 4096");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr__comparisons_and_logic),
		cmocka_unit_test(test_expr__calendar_months),
		cmocka_unit_test(test_expr__counted_from_a_field),
		cmocka_unit_test(test_expr__counted_out_of_range),
		cmocka_unit_test(test_expr__instants_and_dates),
		cmocka_unit_test(test_expr__membership_and_null),
		cmocka_unit_test(test_expr__type_errors),
		cmocka_unit_test(test_expr__syntax_errors_have_columns),
		cmocka_unit_test(test_expr__paths_are_reported),
		cmocka_unit_test(test_expr__literal_lists_become_json),
		cmocka_unit_test(test_expr__nesting_and_length_are_bounded),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
