/*
 * test_layout.c - where case, person and photo files are: spread folders
 * in a new archive, the flat layout in an archive made before them, ids
 * that are not ids name no file, and new ids count on past a folder.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "scratch.h"
#include "../src/archive/archive.h"
#include "../src/case/apply.h"
#include "../src/case/case.h"
#include "../src/case/layout.h"

static vpd_archive *a;

/* A new archive (spread), or one as vpd made them before (flat). */
static void
make_archive(bool spread)
{
	char arch[300];
	vpd_who w = {.actor = "C", .via = "test"};
	json_t *res = NULL;
	vpd_error err;

	assert_int_equal(scratch_make("layout"), 0);
	snprintf(arch, sizeof(arch), "%s/archive", root);
	vpd_time_parse("2026-01-05T09:00:00+01:00", &w.now);
	if (spread) {
		assert_int_equal(vpd_core_init(arch, &w, &res, &err), 0);
		assert_int_equal(vpd_archive_open(&a, arch, &err), 0);
	} else {
		assert_int_equal(vpd_archive_create(&a, arch, &err), 0);
		assert_int_equal(vpd_core_commit_request(a, &w, json_pack(
		    "{sssb}", "soort", "init", "indexen", 1), &res, &err), 0);
	}
	json_decref(res);
}

static void
drop_archive(void)
{
	vpd_archive_free(a);
	a = NULL;
	scratch_remove();
}

static void
put(vpd_txn *t, const char *path)
{
	vpd_error err;

	assert_int_equal(vpd_txn_write(t, path, "{}", 2, &err), 0);
}

static void
test_layout__ids(void **state)
{
	(void)state;
	assert_true(vpd_case_id_valid("2026-0001"));
	assert_true(vpd_case_id_valid("2026-12345678"));
	assert_false(vpd_case_id_valid("2026-001"));
	assert_false(vpd_case_id_valid("2026-123456789"));
	assert_false(vpd_case_id_valid("2026-0001/../x"));
	assert_false(vpd_case_id_valid("../2026-0001"));
	assert_false(vpd_case_id_valid("26-0001"));
	assert_false(vpd_case_id_valid(""));
	assert_false(vpd_case_id_valid(NULL));
	assert_true(vpd_person_id_valid("P0001"));
	assert_false(vpd_person_id_valid("P001"));
	assert_false(vpd_person_id_valid("P0001.json"));
	assert_false(vpd_person_id_valid("p0001"));
	assert_false(vpd_person_id_valid("P/0001"));
}

static void
test_layout__spread_in_a_new_archive(void **state)
{
	char p[128], id[VPD_ID_MAX], file[VPD_ID_MAX + 5];
	const char *rest;
	vpd_txn *t;
	vpd_error err;

	(void)state;
	make_archive(true);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_true(vpd_layout_spread(t));
	assert_int_equal(vpd_case_path(t, "2026-0001", "case.json", p,
	    sizeof(p)), 0);
	assert_string_equal(p, "cases/2026/0001/case.json");
	assert_int_equal(vpd_case_path(t, "2026-0001", "", p, sizeof(p)), 0);
	assert_string_equal(p, "cases/2026/0001");
	assert_int_equal(vpd_case_path(t, "2026-0001/x", "case.json", p,
	    sizeof(p)), -1);
	assert_string_equal(p, "");
	assert_int_equal(vpd_case_path(t, "2026-0001", "case.json", p, 10),
	    -1);
	assert_int_equal(vpd_person_path(t, "P0042", p, sizeof(p)), 0);
	assert_string_equal(p, "persons/00/P0042.json");
	assert_int_equal(vpd_person_path(t, "P1234", p, sizeof(p)), 0);
	assert_string_equal(p, "persons/12/P1234.json");
	assert_int_equal(vpd_person_path(t, "P12345", p, sizeof(p)), 0);
	assert_string_equal(p, "persons/123/P12345.json");
	assert_int_equal(vpd_person_file_path(t, "P1234.json", p, sizeof(p)),
	    0);
	assert_string_equal(p, "persons/12/P1234.json");
	assert_int_equal(vpd_person_file_path(t, "events", p, sizeof(p)), -1);
	assert_int_equal(vpd_photo_path(t, "P1234", "jpeg", p, sizeof(p)), 0);
	assert_string_equal(p, "photos/12/P1234.jpeg");

	/* paths back to whose they are, in either layout */
	assert_true(vpd_layout_case_of("cases/2026/0001/events/0003.json", id,
	    &rest));
	assert_string_equal(id, "2026-0001");
	assert_string_equal(rest, "events/0003.json");
	assert_true(vpd_layout_case_of("cases/2026-0002/case.json", id, &rest));
	assert_string_equal(id, "2026-0002");
	assert_false(vpd_layout_case_of("cases/2026", id, &rest));
	assert_false(vpd_layout_case_of("cases/2026/01/case.json", id, &rest));
	assert_false(vpd_layout_case_of("index/lopend.json", id, &rest));
	assert_true(vpd_layout_person_of("persons/12/P1234.json", file));
	assert_string_equal(file, "P1234.json");
	assert_true(vpd_layout_person_of("persons/P1234.json", file));
	assert_false(vpd_layout_person_of("persons/events/0001.json", file));
	assert_false(vpd_layout_person_of("persons/12/x/P1234.json", file));
	vpd_txn_free(t);
	drop_archive();
}

/* New ids count on past a folder, and the highest folder is found by
 * number, not by text ("100" sorts before "99"). */
static void
test_layout__new_ids_count_on(void **state)
{
	char next[VPD_ID_MAX];
	json_t *ids, *files;
	vpd_txn *t;
	vpd_error err;

	(void)state;
	make_archive(true);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	vpd_layout_next_person(t, next);
	assert_string_equal(next, "P0001");
	vpd_layout_next_case(t, 2026, next);
	assert_string_equal(next, "2026-0001");
	put(t, "persons/00/P0099.json");
	put(t, "persons/01/P0100.json");
	put(t, "persons/events/0001.json");
	vpd_layout_next_person(t, next);
	assert_string_equal(next, "P0101");
	put(t, "persons/99/P9999.json");
	put(t, "persons/100/P10000.json");
	vpd_layout_next_person(t, next);
	assert_string_equal(next, "P10001");
	put(t, "cases/2026/0001/case.json");
	put(t, "cases/2026/0002/case.json");
	put(t, "cases/2025/0007/case.json");
	vpd_layout_next_case(t, 2026, next);
	assert_string_equal(next, "2026-0003");
	vpd_layout_next_case(t, 2027, next);
	assert_string_equal(next, "2027-0001");

	ids = vpd_layout_case_ids(t);
	assert_int_equal(json_array_size(ids), 3);
	assert_string_equal(json_string_value(json_array_get(ids, 0)),
	    "2025-0007");
	assert_string_equal(json_string_value(json_array_get(ids, 2)),
	    "2026-0002");
	files = vpd_layout_person_files(t);
	assert_int_equal(json_array_size(files), 4);    /* not events/ */
	json_decref(ids);
	json_decref(files);
	vpd_txn_free(t);
	drop_archive();
}

/* An archive made before spread folders keeps its flat layout. */
static void
test_layout__flat_in_an_older_archive(void **state)
{
	char p[128], next[VPD_ID_MAX];
	json_t *ids, *files;
	vpd_txn *t;
	vpd_error err;

	(void)state;
	make_archive(false);
	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	assert_false(vpd_layout_spread(t));
	assert_int_equal(vpd_case_path(t, "2026-0001", "case.json", p,
	    sizeof(p)), 0);
	assert_string_equal(p, "cases/2026-0001/case.json");
	assert_int_equal(vpd_person_path(t, "P1234", p, sizeof(p)), 0);
	assert_string_equal(p, "persons/P1234.json");
	assert_int_equal(vpd_photo_path(t, "P1234", "png", p, sizeof(p)), 0);
	assert_string_equal(p, "photos/P1234.png");
	put(t, "cases/2026-0004/case.json");
	put(t, "cases/2025-0009/case.json");
	put(t, "persons/P0003.json");
	put(t, "persons/events/0001.json");
	vpd_layout_next_case(t, 2026, next);
	assert_string_equal(next, "2026-0005");
	vpd_layout_next_person(t, next);
	assert_string_equal(next, "P0004");
	ids = vpd_layout_case_ids(t);
	files = vpd_layout_person_files(t);
	assert_int_equal(json_array_size(ids), 2);
	assert_int_equal(json_array_size(files), 1);
	json_decref(ids);
	json_decref(files);
	vpd_txn_free(t);
	drop_archive();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout__ids),
		cmocka_unit_test(test_layout__spread_in_a_new_archive),
		cmocka_unit_test(test_layout__new_ids_count_on),
		cmocka_unit_test(test_layout__flat_in_an_older_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
