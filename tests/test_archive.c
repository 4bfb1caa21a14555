/*
 * test_archive.c - the git store: creation rules, transactions, the
 * compare-and-swap on the branch, history, and scratch handles that write
 * nothing to disk.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scratch.h"
#include "../src/archive/archive.h"
#include "../src/util/json.h"

static int
setup(void **state)
{
	(void)state;
	return scratch_make("archive");
}

static int
teardown(void **state)
{
	(void)state;
	scratch_remove();
	return 0;
}

static vpd_archive *
fresh(const char *name)
{
	vpd_archive *a = NULL;
	vpd_error err;

	if (vpd_archive_create(&a, scratch_path(name), &err))
		fail_msg("%s", err.msg);
	return a;
}

static void
commit_file(vpd_archive *a, const char *file, const char *text)
{
	vpd_txn *t = NULL;
	vpd_error err;
	char id[VPD_OID_HEX];

	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_int_equal(vpd_txn_write(t, file, text, strlen(text), &err), 0);
	if (vpd_txn_commit(t, "Tester", "", 1795000000, "test\n", id, &err))
		fail_msg("%s", err.msg);
	vpd_txn_free(t);
}

static void
test_archive__create_rules(void **state)
{
	vpd_archive *a = NULL;
	vpd_error err;
	FILE *f;

	(void)state;
	/* A README.md alone is the checkout's placeholder: allowed. */
	mkdir(scratch_path("withreadme"), 0755);
	f = fopen(scratch_path("withreadme/README.md"), "w");
	fputs("placeholder\n", f);
	fclose(f);
	assert_int_equal(vpd_archive_create(&a, scratch_path("withreadme"), &err), 0);
	vpd_archive_free(a);
	/* Anything else, or an archive already, is refused. */
	assert_int_equal(vpd_archive_create(&a, scratch_path("withreadme"), &err),
	    VPD_EINVALID);
	assert_non_null(strstr(err.msg, "exists here already"));
	mkdir(scratch_path("busy"), 0755);
	f = fopen(scratch_path("busy/notes.txt"), "w");
	fclose(f);
	assert_int_equal(vpd_archive_create(&a, scratch_path("busy"), &err),
	    VPD_EINVALID);
	assert_non_null(strstr(err.msg, "'notes.txt' is in it"));
	assert_int_equal(vpd_archive_open(&a, scratch_path("busy"), &err), VPD_EIO);
	assert_int_equal(vpd_archive_open(&a, scratch_path("missing"), &err), VPD_EIO);
}

static void
test_archive__transaction_reads_its_writes(void **state)
{
	vpd_archive *a = fresh("txn");
	vpd_txn *t = NULL;
	vpd_error err;
	char *buf;
	size_t len;
	json_t *names, *j;

	(void)state;
	commit_file(a, "cases/2026-0001/case.json", "{\"a\": 1}\n");
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_true(vpd_txn_exists(t, "cases/2026-0001/case.json"));
	assert_int_equal(vpd_txn_read(t, "nope.json", &buf, &len, &err),
	    VPD_ENOTFOUND);
	assert_int_equal(vpd_txn_write_json(t, "cases/2026-0002/case.json",
	    j = json_pack("{si}", "b", 2), &err), 0);
	json_decref(j);
	names = vpd_txn_list(t, "cases");
	assert_int_equal(json_array_size(names), 2);
	assert_string_equal(json_string_value(json_array_get(names, 1)),
	    "2026-0002");
	json_decref(names);
	assert_int_equal(vpd_txn_read(t, "cases/2026-0002/case.json", &buf,
	    &len, &err), 0);
	assert_string_equal(buf, "{\n  \"b\": 2\n}\n");
	free(buf);
	assert_int_equal(vpd_txn_write(t, "../escape", "x", 1, &err),
	    VPD_EINVALID);
	vpd_txn_free(t);
	vpd_archive_free(a);
}

static void
test_archive__branch_moves_by_compare_and_swap(void **state)
{
	vpd_archive *a = fresh("cas");
	vpd_txn *t1 = NULL, *t2 = NULL;
	vpd_error err;
	char id[VPD_OID_HEX], tip[VPD_OID_HEX];

	(void)state;
	commit_file(a, "one.txt", "1\n");
	assert_int_equal(vpd_txn_begin(&t1, a, &err), 0);
	assert_int_equal(vpd_txn_begin(&t2, a, &err), 0);
	vpd_txn_write(t1, "two.txt", "2\n", 2, &err);
	vpd_txn_write(t2, "three.txt", "3\n", 2, &err);
	assert_int_equal(vpd_txn_commit(t1, "A", "", 1795000000, "first\n",
	    id, &err), 0);
	/* t2 started on the old tip: it must not overwrite t1's commit. */
	assert_int_equal(vpd_txn_commit(t2, "B", "", 1795000000, "second\n",
	    tip, &err), VPD_ECONFLICT);
	assert_int_equal(vpd_archive_tip(a, tip, &err), 0);
	assert_string_equal(tip, id);
	vpd_txn_free(t1);
	vpd_txn_free(t2);
	vpd_archive_free(a);
}

static int
count(const vpd_commit *c, void *ud)
{
	json_t *log = ud;

	json_array_append_new(log, json_pack("{sisO}", "parents", c->nparents,
	    "added", c->added));
	return 0;
}

static void
test_archive__walk_oldest_first(void **state)
{
	vpd_archive *a = fresh("walk");
	json_t *log = json_array();
	vpd_error err;

	(void)state;
	commit_file(a, "a.txt", "a\n");
	commit_file(a, "b.txt", "b\n");
	assert_int_equal(vpd_archive_walk(a, count, log, &err), 0);
	assert_int_equal(json_array_size(log), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(log,
	    0), "parents")), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    json_array_get(log, 1), "added"), 0)), "b.txt");
	json_decref(log);
	vpd_archive_free(a);
}

static int
last_changes(const vpd_commit *c, void *ud)
{
	json_t *out = ud;

	json_object_set(out, "added", c->added);
	json_object_set(out, "changed", c->changed);
	return 0;
}

/* The paths of a JSON array of strings, sorted, joined by spaces. */
static char *
joined(const json_t *arr)
{
	json_t *copy = json_deep_copy(arr), *v;
	char *out = calloc(1, 4096);
	size_t i;

	vpd_json_sort(copy, vpd_json_cmp_string, false);
	json_array_foreach(copy, i, v) {
		if (i)
			strcat(out, " ");
		strcat(out, json_string_value(v));
	}
	json_decref(copy);
	return out;
}

/*
 * A commit's added and changed paths, as `git diff` names them: found by
 * walking both trees and skipping folders whose id did not change (a
 * folder left alone, a file modified, deleted, a new folder, then a
 * folder where a file was).
 */
static void
test_archive__walk_names_what_a_commit_changed(void **state)
{
	vpd_archive *a = fresh("changes");
	json_t *out = json_object();
	vpd_txn *t = NULL;
	vpd_error err;
	char id[VPD_OID_HEX], *s;

	(void)state;
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	vpd_txn_write(t, "d/x.txt", "x\n", 2, &err);
	vpd_txn_write(t, "d/y.txt", "y\n", 2, &err);
	vpd_txn_write(t, "f", "f\n", 2, &err);
	vpd_txn_write(t, "same/deep/k.txt", "k\n", 2, &err);
	assert_int_equal(vpd_txn_commit(t, "T", "", 1795000000, "one\n", id,
	    &err), 0);
	vpd_txn_free(t);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	vpd_txn_write(t, "d/x.txt", "x2\n", 3, &err);
	assert_int_equal(vpd_txn_remove(t, "d/y.txt", &err), 0);
	assert_int_equal(vpd_txn_remove(t, "f", &err), 0);
	vpd_txn_write(t, "e/new.txt", "n\n", 2, &err);
	assert_int_equal(vpd_txn_commit(t, "T", "", 1795000001, "two\n", id,
	    &err), 0);
	vpd_txn_free(t);
	assert_int_equal(vpd_archive_walk(a, last_changes, out, &err), 0);
	s = joined(json_object_get(out, "added"));
	assert_string_equal(s, "e/new.txt");
	free(s);
	s = joined(json_object_get(out, "changed"));
	assert_string_equal(s, "d/x.txt d/y.txt f");
	free(s);
	/* a folder where the file was */
	commit_file(a, "f/z.txt", "z\n");
	assert_int_equal(vpd_archive_walk(a, last_changes, out, &err), 0);
	s = joined(json_object_get(out, "added"));
	assert_string_equal(s, "f/z.txt");
	free(s);
	assert_int_equal(json_array_size(json_object_get(out, "changed")), 0);
	json_decref(out);
	vpd_archive_free(a);
}

static void
test_archive__walk_under_a_path(void **state)
{
	vpd_archive *a = fresh("walkunder");
	json_t *log = json_array();
	vpd_error err;

	(void)state;
	commit_file(a, "cases/1/events/0001.json", "{}\n");
	commit_file(a, "cases/2/events/0001.json", "{}\n");
	commit_file(a, "cases/1/events/0002.json", "{}\n");
	commit_file(a, "persons/P1.json", "{}\n");
	/* only the two commits that changed case 1's events */
	assert_int_equal(vpd_archive_walk_under(a, "cases/1/events", count,
	    log, &err), 0);
	assert_int_equal(json_array_size(log), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    json_array_get(log, 1), "added"), 0)), "cases/1/events/0002.json");
	json_decref(log);
	/* a path nobody wrote: no commit */
	log = json_array();
	assert_int_equal(vpd_archive_walk_under(a, "cases/9", count, log,
	    &err), 0);
	assert_int_equal(json_array_size(log), 0);
	json_decref(log);
	vpd_archive_free(a);
}

static void
test_archive__scratch_writes_nothing(void **state)
{
	vpd_archive *a = fresh("scratch"), *s = NULL;
	vpd_error err;
	char id[VPD_OID_HEX], *buf;
	char loose[600];
	struct stat st;

	(void)state;
	commit_file(a, "a.txt", "a\n");
	vpd_archive_free(a);
	assert_int_equal(vpd_archive_open_scratch(&s, scratch_path("scratch"), &err),
	    0);
	assert_int_equal(vpd_archive_put_blob(s, "only in memory\n", 15, id,
	    &err), 0);
	assert_int_equal(vpd_archive_get_blob(s, id, &buf, NULL, &err), 0);
	assert_string_equal(buf, "only in memory\n");
	free(buf);
	snprintf(loose, sizeof(loose), "%s/objects/%.2s/%s", scratch_path("scratch"),
	    id, id + 2);
	assert_int_not_equal(stat(loose, &st), 0);
	vpd_archive_free(s);
}

/* Dry runs (vpd_txn_clone) write in memory: nothing reaches the disk,
 * and a dry run ending does not take away what another still holds. */
static void
test_archive__dry_runs_write_in_memory(void **state)
{
	vpd_archive *a = fresh("dry");
	vpd_txn *t = NULL, *d1 = NULL, *d2 = NULL;
	vpd_error err;
	char *buf;
	size_t len;
	char loose[600], id[VPD_OID_HEX];
	struct stat st;

	(void)state;
	commit_file(a, "a.txt", "a\n");
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_int_equal(vpd_txn_clone(&d1, t, &err), 0);
	assert_int_equal(vpd_txn_clone(&d2, t, &err), 0);
	assert_int_equal(vpd_txn_write(d1, "b.txt", "one\n", 4, &err), 0);
	assert_int_equal(vpd_txn_write(d2, "c.txt", "two\n", 4, &err), 0);
	vpd_txn_free(d1);
	/* the second dry run still reads its own write */
	assert_int_equal(vpd_txn_read(d2, "c.txt", &buf, &len, &err), 0);
	assert_memory_equal(buf, "two\n", 4);
	free(buf);
	/* the transaction itself saw neither */
	assert_false(vpd_txn_exists(t, "b.txt"));
	vpd_txn_free(d2);
	/* and neither reached the disk */
	assert_int_equal(vpd_archive_put_blob(vpd_txn_home(t), "a\n", 2, id,
	    &err), 0);
	snprintf(loose, sizeof(loose), "%s/objects/%.2s/%s",
	    scratch_path("dry"), id, id + 2);
	assert_int_equal(stat(loose, &st), 0);  /* the check itself works */
	{
		const char *texts[] = {"one\n", "two\n"};

		for (int i = 0; i < 2; i++) {
			vpd_archive *s = NULL;

			/* the id a blob would have, from a scratch handle */
			assert_int_equal(vpd_archive_open_scratch(&s,
			    scratch_path("dry"), &err), 0);
			assert_int_equal(vpd_archive_put_blob(s, texts[i], 4, id,
			    &err), 0);
			vpd_archive_free(s);
			snprintf(loose, sizeof(loose), "%s/objects/%.2s/%s",
			    scratch_path("dry"), id, id + 2);
			assert_int_not_equal(stat(loose, &st), 0);
		}
	}
	vpd_txn_free(t);
	vpd_archive_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_archive__create_rules),
		cmocka_unit_test(test_archive__transaction_reads_its_writes),
		cmocka_unit_test(test_archive__branch_moves_by_compare_and_swap),
		cmocka_unit_test(test_archive__walk_oldest_first),
		cmocka_unit_test(test_archive__walk_under_a_path),
		cmocka_unit_test(test_archive__walk_names_what_a_commit_changed),
		cmocka_unit_test(test_archive__scratch_writes_nothing),
		cmocka_unit_test(test_archive__dry_runs_write_in_memory),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
