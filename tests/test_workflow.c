/*
 * test_workflow.c - loading and checking workflow files: the shipped ones
 * load, and each kind of mistake is reported at its line and column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/workflow/workflow.h"

/* A small valid workflow; the tests below each break one thing. */
static const char mini[] =
    "workflow: mini\n"                         /* 1 */
    "opened_by: [manager]\n"                   /* 2 */
    "destinations:\n"                          /* 3 */
    "  dossier: {label: Dossier}\n"            /* 4 */
    "letters:\n"                               /* 5 */
    "  brief: {title: Brief}\n"                /* 6 */
    "states:\n"                                /* 7 */
    "  a: {initial: true}\n"                   /* 8 */
    "  b: {label: B}\n"                        /* 9 */
    "  z: {final: true}\n"                     /* 10 */
    "events:\n"                                /* 11 */
    "  go:\n"                                  /* 12 */
    "    from: [a]\n"                          /* 13 */
    "    roles: [manager]\n"                   /* 14 */
    "    inputs:\n"                            /* 15 */
    "      x: {type: date, required: true}\n"  /* 16 */
    "    guards:\n"                            /* 17 */
    "      - require: input.x > today\n"       /* 18 */
    "        message: x ligt in het verleden\n"/* 19 */
    "    to: b\n"                              /* 20 */
    "    actions:\n"                           /* 21 */
    "      - letter: brief\n"                  /* 22 */
    "        copies: [dossier]\n"              /* 23 */
    "  stop:\n"                                /* 24 */
    "    from: [b]\n"                          /* 25 */
    "    roles: [manager]\n"                   /* 26 */
    "    to: z\n";                             /* 27 */

/* mini with `from` replaced by `to` once. */
static char *
edit(const char *from, const char *to)
{
	const char *at = strstr(mini, from);
	size_t n = strlen(mini) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(at);
	snprintf(out, n, "%.*s%s%s", (int)(at - mini), mini, to,
	    at + strlen(from));
	return out;
}

/* Loads text; expects a diagnostic at line:col containing msg. */
static void
expect(const char *text, int line, int col, const char *msg)
{
	vpd_workflow *wf = NULL;
	vpd_diags diags = {0};
	vpd_error err;
	bool found = false;

	vpd_error_clear(&err);
	assert_int_equal(vpd_workflow_load(&wf, "w.yaml", text, strlen(text),
	    &diags, &err), VPD_EINVALID);
	assert_null(wf);
	for (size_t i = 0; i < diags.n; i++) {
		assert_string_equal(diags.items[i].file, "w.yaml");
		if (diags.items[i].line == line &&
		    diags.items[i].column == col &&
		    strstr(diags.items[i].msg, msg))
			found = true;
	}
	if (!found) {
		for (size_t i = 0; i < diags.n; i++)
			print_error("  got %d:%d: %s\n", diags.items[i].line,
			    diags.items[i].column, diags.items[i].msg);
		fail_msg("no diagnostic %d:%d '%s'", line, col, msg);
	}
	vpd_diags_free(&diags);
}

static void
expect_edit(const char *from, const char *to, int line, int col,
    const char *msg)
{
	char *text = edit(from, to);

	expect(text, line, col, msg);
	free(text);
}

static void
test_workflow__shipped_ones_load(void **state)
{
	static const char *files[] = {"workflows/heerlen.yaml",
	    "workflows/den-bosch.yaml"};

	(void)state;
	for (int i = 0; i < 2; i++) {
		vpd_workflow *wf = NULL;
		vpd_diags diags = {0};
		vpd_error err;

		if (vpd_workflow_load_file(&wf, files[i], &diags, &err) != 0)
			fail_msg("%s:%d:%d: %s", err.file, err.line, err.column,
			    err.msg);
		assert_int_equal(diags.n, 0);
		vpd_workflow_free(wf);
	}
}

static void
test_workflow__mini_loads(void **state)
{
	vpd_workflow *wf = NULL;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_workflow_load(&wf, "w.yaml", mini, strlen(mini),
	    NULL, &err), 0);
	assert_string_equal(vpd_workflow_initial(wf), "a");
	assert_true(vpd_workflow_is_final(wf, "z"));
	vpd_workflow_free(wf);
}

static void
test_workflow__initial_states(void **state)
{
	(void)state;
	expect_edit("  a: {initial: true}", "  a: {label: A}", 1, 1,
	    "no initial state");
	expect_edit("  b: {label: B}", "  b: {initial: true}", 9, 3,
	    "several initial states");
}

static void
test_workflow__unreachable_and_dead_ends(void **state)
{
	(void)state;
	expect_edit("  z: {final: true}\n", "  z: {final: true}\n  c: {}\n", 11,
	    3, "state 'c' is unreachable");
	expect_edit("  z: {final: true}\n", "  z: {final: true}\n  c: {}\n", 11,
	    3, "state 'c' is a dead end");
	expect_edit("    from: [b]\n", "    from: [a]\n", 9, 3,
	    "state 'b' is a dead end");
	expect_edit("    to: z\n", "    to: q\n", 27, 9,
	    "transition to unknown state 'q'");
	expect_edit("    from: [b]\n", "    from: [b, z]\n", 10, 3,
	    "final state 'z' has events leaving it");
}

static void
test_workflow__unknown_names(void **state)
{
	(void)state;
	expect_edit("    roles: [manager]\n    inputs", "    roles: [boss]\n    inputs",
	    14, 13, "unknown role 'boss'");
	expect_edit("input.x > today", "input.y > today", 18, 18,
	    "unknown field 'input.y'");
	expect_edit("input.x > today", "case.q > today", 18, 18,
	    "unknown field 'case.q'");
	expect_edit("input.x > today", "incident.kleur > today", 18, 18,
	    "unknown field 'incident.kleur'");
	expect_edit("input.x > today", "x > today", 18, 18,
	    "unknown name 'x'");
	expect_edit("- letter: brief", "- letter: memo", 22, 9,
	    "unknown letter 'memo'");
	expect_edit("copies: [dossier]", "copies: [politie]", 23, 18,
	    "unknown destination 'politie'");
	expect_edit("    from: [a]\n", "    from: [x]\n", 13, 12,
	    "unknown state 'x' in from");
}

static void
test_workflow__duplicates_and_keys(void **state)
{
	(void)state;
	expect_edit("  b: {label: B}\n", "  b: {label: B}\n  b: {}\n", 10, 3,
	    "duplicate name 'b' in states (first at line 9)");
	expect_edit("type: date, required: true", "type: date, requred: true",
	    16, 23, "unknown key 'requred'");
	expect_edit("type: date,", "type: datum,", 16, 17,
	    "unknown type 'datum'");
}

static void
test_workflow__expressions_and_durations(void **state)
{
	(void)state;
	expect_edit("input.x > today", "input.x >> today", 18, 27,
	    "expected a value");
	expect_edit("input.x > today", "'input.x = today'", 18, 27,
	    "'=='");
	expect("workflow: m\nopened_by: [manager]\nstates:\n  a: {initial: "
	    "true}\n  z: {final: true}\nevents:\n  e: {from: [a], roles: "
	    "[manager], to: z}\ndeadlines:\n  d:\n    label: D\n    start: "
	    "[openen]\n    anchor: incident.tijdstip\n    within: 2 fortnights\n"
	    "    met_by: [e]\n", 13, 13, "within: expected a duration");
	expect("workflow: m\nopened_by: [manager]\nstates:\n  a: {initial: "
	    "true}\n  z: {final: true}\nevents:\n  e: {from: [a], roles: "
	    "[manager], to: z}\ndeadlines:\n  d:\n    label: D\n    start: "
	    "[openen]\n    anchor: incident.tijdstip\n    within: 2 days\n"
	    "    met_by: [f]\n", 14, 14, "unknown event 'f' in met_by");
}

/* bewaartermijn and archiefnominatie: read, or refused with their place. */
static void
test_workflow__retention(void **state)
{
	static const char head[] = "workflow: m\nopened_by: [manager]\n"
	    "states:\n  a: {initial: true}\n  z: {final: true}\nevents:\n"
	    "  e: {from: [a], roles: [manager], to: z}\n";
	char text[512];
	vpd_workflow *wf = NULL;
	vpd_duration d;
	const char *after = NULL, *nom = NULL;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_workflow_load(&wf, "w.yaml", head, strlen(head),
	    NULL, &err), 0);
	assert_false(vpd_workflow_retention(wf, &d, &after, &nom));
	assert_string_equal(nom, "vernietigen");
	vpd_workflow_free(wf);
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  duur: 60 months\n"
	    "  na: afsluiting\narchiefnominatie: bewaren\n", head);
	assert_int_equal(vpd_workflow_load(&wf, "w.yaml", text, strlen(text),
	    NULL, &err), 0);
	assert_true(vpd_workflow_retention(wf, &d, &after, &nom));
	assert_int_equal(d.n, 60);
	assert_int_equal(d.unit, VPD_UNIT_MONTHS);
	assert_string_equal(after, "afsluiting");
	assert_string_equal(nom, "bewaren");
	vpd_workflow_free(wf);
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  duur: 5 hours\n"
	    "  na: afsluiting\n", head);
	expect(text, 9, 9, "expected a period of days, weeks");
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  duur: 1826 days\n"
	    "  na: afsluiting\n", head);
	assert_int_equal(vpd_workflow_load(&wf, "w.yaml", text, strlen(text),
	    NULL, &err), 0);
	vpd_workflow_free(wf);
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  duur: 101 years\n"
	    "  na: afsluiting\n", head);
	expect(text, 9, 9, "up to a century");
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  duur: "
	    "99999999999999 weeks\n  na: afsluiting\n", head);
	expect(text, 9, 9, "up to a century");
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  duur: 5 years\n"
	    "  na: morgen\n", head);
	expect(text, 10, 7, "'laatste_maatregel' or 'afsluiting'");
	snprintf(text, sizeof(text), "%sbewaartermijn:\n  na: afsluiting\n",
	    head);
	expect(text, 9, 3, "needs 'duur'");
	snprintf(text, sizeof(text), "%sarchiefnominatie: weg\n", head);
	expect(text, 8, 19, "'vernietigen' or 'bewaren'");
	snprintf(text, sizeof(text), "%sbewaartermijn: 5 years\n", head);
	expect(text, 8, 16, "bewaartermijn must be a mapping");
}

static void
test_workflow__yaml_syntax(void **state)
{
	(void)state;
	expect("workflow: m\nstates: [a\n", 3, 1, "YAML:");
}

/* Hostile files: each was a crash or a runaway before (issue 11). */
static void
test_workflow__hostile_yaml(void **state)
{
	char *big;

	(void)state;
	/* 'from:' without a value reached strcmp(NULL) */
	expect("states:\n g:\nevents:\n n:\n  from:", 5, 8,
	    "from must be a non-empty text");
	/* a label reaches commit messages: a line break in it could forge
	 * a trailer */
	expect_edit("  b: {label: B}\n", "  b: {label: \"B\\nCase: 2099-0001\"}\n",
	    9, 14, "label must be printable text on one line");
	/* a key that is not a text */
	expect("workflow: m\nopened_by: [manager]\nstates:\n  a: {initial: "
	    "true, final: true}\nevents: {}\ndeadlines:\n  ? []\n  : x\n",
	    7, 5, "a key must be a non-empty text");
	/* ten levels of aliases grew to gigabytes */
	expect("workflow: m\nopened_by: &a [manager, manager]\nx: &b [*a, *a]\n"
	    "states: {}\nevents: {}\n", 2, 12, "aliases");
	/* nesting */
	big = calloc(1, 200);
	for (int i = 0; i < 40; i++)
		strcat(big, "[");
	strcat(big, "1");
	for (int i = 0; i < 40; i++)
		strcat(big, "]");
	expect(big, 1, 33, "nested more than 32 levels deep");
	free(big);
	/* at most 100 diagnostics, however many mistakes */
	{
		vpd_workflow *wf = NULL;
		vpd_diags diags = {0};
		vpd_error err;
		size_t cap = 64 + 3000 * 40, n;

		big = malloc(cap);
		n = (size_t)snprintf(big, cap, "workflow: m\nstates:\n");
		for (int i = 0; i < 3000; i++)
			n += (size_t)snprintf(big + n, cap - n,
			    "  S%d: {label: x}\n", i);
		assert_int_equal(vpd_workflow_load(&wf, "w.yaml", big, n,
		    &diags, &err), VPD_EINVALID);
		assert_int_equal(diags.n, 100);
		assert_non_null(strstr(diags.items[99].msg, "more than 99 "
		    "errors"));
		vpd_diags_free(&diags);
		free(big);
	}
	/* size */
	big = malloc(2 * 1024 * 1024 + 1);
	memset(big, '#', 2 * 1024 * 1024);
	big[2 * 1024 * 1024] = '\0';
	expect(big, 1, 1, "larger than 1024 KB");
	free(big);
}

static void
test_workflow__graph_is_dot(void **state)
{
	vpd_workflow *wf = NULL;
	vpd_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(vpd_workflow_load(&wf, "w.yaml", mini, strlen(mini),
	    NULL, &err), 0);
	assert_int_equal(vpd_workflow_graph(wf, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "digraph \"mini\""));
	assert_non_null(strstr(buf, "\"a\" -> \"b\" [label=\"go\"]"));
	free(buf);
	vpd_workflow_free(wf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workflow__shipped_ones_load),
		cmocka_unit_test(test_workflow__mini_loads),
		cmocka_unit_test(test_workflow__initial_states),
		cmocka_unit_test(test_workflow__unreachable_and_dead_ends),
		cmocka_unit_test(test_workflow__unknown_names),
		cmocka_unit_test(test_workflow__duplicates_and_keys),
		cmocka_unit_test(test_workflow__expressions_and_durations),
		cmocka_unit_test(test_workflow__retention),
		cmocka_unit_test(test_workflow__yaml_syntax),
		cmocka_unit_test(test_workflow__hostile_yaml),
		cmocka_unit_test(test_workflow__graph_is_dot),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
