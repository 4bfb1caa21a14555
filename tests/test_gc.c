/*
 * test_gc.c - packing the archive: loose objects go into a pack and only
 * then away, unreachable ones only when old, packs are combined without
 * losing anything, leftovers of a killed gc are cleaned up, a second gc
 * stays out, and writers committing during a gc all land.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "scratch.h"
#include "../src/archive/archive.h"

static int
setup(void **state)
{
	(void)state;
	return scratch_make("gc");
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

/* Commits `file` with `text`, retrying when another writer came first. */
static int
commit_retry(vpd_archive *a, const char *file, const char *text)
{
	for (int attempt = 0; attempt < 1000; attempt++) {
		vpd_txn *t = NULL;
		vpd_error err;
		char id[VPD_OID_HEX];
		int rc;

		if (vpd_txn_begin(&t, a, &err) ||
		    vpd_txn_write(t, file, text, strlen(text), &err)) {
			vpd_txn_free(t);
			return -1;
		}
		rc = vpd_txn_commit(t, "Tester", "", 1795000000, "test\n", id,
		    &err);
		vpd_txn_free(t);
		if (rc == 0)
			return 0;
		if (rc != VPD_ECONFLICT)
			return rc;
		usleep(1000);
	}
	return -1;
}

static void
commit_n(vpd_archive *a, const char *prefix, int n)
{
	for (int i = 0; i < n; i++) {
		char file[128], text[128];

		snprintf(file, sizeof(file), "%s/%04d.json", prefix, i);
		snprintf(text, sizeof(text), "{\"%s\": %d}\n", prefix, i);
		assert_int_equal(commit_retry(a, file, text), 0);
	}
}

/*
 * The archive's loose objects: how many, and, when `age` is set, each
 * made that many seconds old.
 */
static size_t
loose_objects(const char *archive, int age)
{
	struct timeval tv[2] = {{0, 0}, {0, 0}};
	size_t n = 0;

	tv[0].tv_sec = tv[1].tv_sec = time(NULL) - age;
	for (int i = 0; i < 256; i++) {
		char dir[600], file[700];
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/objects/%02x", archive, i);
		if ((d = opendir(dir)) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (strlen(de->d_name) != 38)
				continue;
			n++;
			snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
			if (age)
				utimes(file, tv);
		}
		closedir(d);
	}
	return n;
}

static size_t
loose_count(const char *archive)
{
	return loose_objects(archive, 0);
}

static void
loose_file(const char *archive, const char *id, char *out, size_t size)
{
	snprintf(out, size, "%s/objects/%.2s/%s", archive, id, id + 2);
}

static int
count_cb(const vpd_commit *c, void *ud)
{
	(void)c;
	(*(int *)ud)++;
	return 0;
}

static int
commits(vpd_archive *a)
{
	vpd_error err;
	int n = 0;

	assert_int_equal(vpd_archive_walk(a, count_cb, &n, &err), 0);
	return n;
}

/* Every file of every prefix/NNNN.json reads back at the tip. */
static void
check_files(vpd_archive *a, const char *prefix, int n)
{
	vpd_txn *t = NULL;
	vpd_error err;

	assert_int_equal(vpd_txn_begin(&t, a, &err), 0);
	for (int i = 0; i < n; i++) {
		char file[128], want[128], *buf = NULL;
		size_t len;

		snprintf(file, sizeof(file), "%s/%04d.json", prefix, i);
		snprintf(want, sizeof(want), "{\"%s\": %d}\n", prefix, i);
		if (vpd_txn_read(t, file, &buf, &len, &err))
			fail_msg("%s: %s", file, err.msg);
		assert_string_equal(buf, want);
		free(buf);
	}
	vpd_txn_free(t);
}

static void
test_gc__packs_then_removes_loose_objects(void **state)
{
	vpd_archive *a = fresh("pack");
	vpd_gc_stats st;
	vpd_error err;
	char tip[VPD_OID_HEX], after[VPD_OID_HEX];

	(void)state;
	commit_n(a, "cases", 40);
	assert_true(loose_count(scratch_path("pack")) >= 40 * 3);
	assert_int_equal(vpd_archive_tip(a, tip, &err), 0);
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_false(st.busy);
	assert_true(st.packed >= 40 * 3);
	assert_int_equal(st.removed, st.packed);
	assert_int_equal(st.packs_after, 1);
	/* the empty tree of the first commit's build is unreachable */
	assert_true(st.loose_after <= 1);
	assert_int_equal(loose_count(scratch_path("pack")), st.loose_after);
	assert_int_equal(vpd_archive_tip(a, after, &err), 0);
	assert_string_equal(tip, after);
	assert_int_equal(commits(a), 40);
	check_files(a, "cases", 40);
	/* an incremental gc packs only what is new */
	commit_n(a, "more", 5);
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_true(st.packed >= 5 * 3 && st.packed < 40);
	assert_int_equal(st.packs_after, 2);
	/* nothing new: nothing to pack */
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_int_equal(st.packed, 0);
	check_files(a, "cases", 40);
	check_files(a, "more", 5);
	vpd_archive_free(a);
	/* a fresh handle reads everything from the packs */
	assert_int_equal(vpd_archive_open(&a, scratch_path("pack"), &err), 0);
	check_files(a, "cases", 40);
	assert_int_equal(commits(a), 45);
	vpd_archive_free(a);
}

static void
test_gc__prunes_only_old_unreachable_objects(void **state)
{
	vpd_archive *a = fresh("prune");
	char young[VPD_OID_HEX], old[VPD_OID_HEX], file[600];
	struct timeval tv[2] = {{0, 0}, {0, 0}};
	vpd_gc_stats st;
	vpd_error err;
	struct stat sb;

	(void)state;
	commit_n(a, "cases", 3);
	/* a dry run's leftovers: one from a minute ago, one two days old */
	assert_int_equal(vpd_archive_put_blob(a, "young\n", 6, young, &err), 0);
	assert_int_equal(vpd_archive_put_blob(a, "old\n", 4, old, &err), 0);
	loose_file(scratch_path("prune"), old, file, sizeof(file));
	tv[0].tv_sec = tv[1].tv_sec = time(NULL) - 2 * 24 * 3600;
	assert_int_equal(utimes(file, tv), 0);
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_true(st.pruned >= 1);
	assert_true(st.kept >= 1);
	assert_int_not_equal(stat(file, &sb), 0);
	loose_file(scratch_path("prune"), young, file, sizeof(file));
	assert_int_equal(stat(file, &sb), 0);
	check_files(a, "cases", 3);
	/* with no grace at all, the young one goes too */
	{
		vpd_gc_options opt = {.prune_age = 0};

		tv[0].tv_sec = tv[1].tv_sec = time(NULL) - 10;
		utimes(file, tv);
		assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
		assert_int_not_equal(stat(file, &sb), 0);
		assert_int_equal(loose_count(scratch_path("prune")), st.kept);
	}
	check_files(a, "cases", 3);
	vpd_archive_free(a);
}

/* The archive's packs, "name size" lines in a buffer. */
static void
pack_list(const char *archive, char *out, size_t size)
{
	char dir[600], file[900];
	struct stat sb;
	size_t used = 0;
	DIR *d;
	struct dirent *de;

	out[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/objects/pack", archive);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 5, ".pack"))
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
		assert_int_equal(stat(file, &sb), 0);
		used += (size_t)snprintf(out + used, size - used, "%s %lld\n",
		    de->d_name, (long long)sb.st_size);
		assert_true(used < size);
	}
	closedir(d);
}

/* How many packs in `now` that were not in `before` are >= `bytes`. */
static int
new_packs_of(const char *before, const char *now, long long bytes)
{
	int n = 0;

	for (const char *l = now; *l; l = strchr(l, '\n') + 1) {
		char name[128];
		long long sz;

		assert_int_equal(sscanf(l, "%127s %lld", name, &sz), 2);
		if (sz >= bytes && strstr(before, name) == NULL)
			n++;
	}
	return n;
}

/*
 * The geometric rule: packs past the limit are combined from the
 * smallest up, and big packs are rewritten only when the new ones have
 * grown to half their size.  Combining "all but the largest" rewrote the
 * second largest pack, nearly as big, on every combine, which made the
 * 10,000-case build slower with every case.
 */
static void
test_gc__combines_small_packs_and_leaves_big_ones(void **state)
{
	vpd_archive *a = fresh("geometric");
	vpd_gc_options opt = {.max_packs = 3, .prune_age = -1};
	vpd_gc_stats st;
	vpd_error err;
	char before[4096], now[4096];
	long long second;
	int big_writes = 0, combines = 0;

	(void)state;
	/* two big packs of about the same size */
	commit_n(a, "one", 120);
	assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
	commit_n(a, "two", 100);
	assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
	assert_int_equal(st.packs_after, 2);
	pack_list(scratch_path("geometric"), now, sizeof(now));
	second = 0;
	for (const char *l = now; *l; l = strchr(l, '\n') + 1) {
		long long sz;

		assert_int_equal(sscanf(l, "%*s %lld", &sz), 1);
		if (second == 0 || sz < second)
			second = sz;
	}
	for (int round = 0; round < 12; round++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "s%d", round);
		commit_n(a, prefix, 2);
		memcpy(before, now, sizeof(before));
		assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
		assert_true(st.packs_after <= 3);
		combines += st.combined;
		pack_list(scratch_path("geometric"), now, sizeof(now));
		big_writes += new_packs_of(before, now, second / 2);
	}
	/* the two big ones were combined once (they broke the progression),
	 * then only small ones */
	assert_true(combines >= 4);
	assert_true(big_writes <= 1);
	check_files(a, "one", 120);
	check_files(a, "two", 100);
	for (int round = 0; round < 12; round++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "s%d", round);
		check_files(a, prefix, 2);
	}
	vpd_archive_free(a);
}

static void
test_gc__combines_packs_without_loss(void **state)
{
	vpd_archive *a = fresh("combine");
	vpd_gc_options opt = {.max_packs = 3, .prune_age = -1};
	vpd_gc_stats st;
	vpd_error err;
	bool combined = false;

	(void)state;
	for (int round = 0; round < 6; round++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "r%d", round);
		commit_n(a, prefix, 4);
		assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
		assert_true(st.packs_after <= 3);
		combined |= st.combined;
	}
	assert_true(combined);
	for (int round = 0; round < 6; round++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "r%d", round);
		check_files(a, prefix, 4);
	}
	/* and all into one on request */
	opt.combine = true;
	commit_n(a, "last", 2);
	assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
	assert_true(st.combined);
	assert_int_equal(st.packs_after, 1);
	assert_true(st.loose_after <= 1);
	check_files(a, "last", 2);
	check_files(a, "r0", 4);
	assert_int_equal(commits(a), 26);
	vpd_archive_free(a);
}

static void
test_gc__recovers_what_a_killed_gc_left(void **state)
{
	vpd_archive *a = fresh("killed");
	vpd_gc_stats st;
	vpd_error err;
	struct stat sb;
	FILE *f;

	(void)state;
	commit_n(a, "cases", 5);
	/* a gc killed while writing: its lock file, a half temporary pack,
	 * and a .pack that was moved but whose .idx never followed */
	f = fopen(scratch_path("killed/gc.lock"), "w");
	fclose(f);
	mkdir(scratch_path("killed/gc.tmp"), 0700);
	f = fopen(scratch_path("killed/gc.tmp/pack_a1b2c3"), "w");
	fputs("PACK half", f);
	fclose(f);
	mkdir(scratch_path("killed/objects/pack"), 0755);
	f = fopen(scratch_path("killed/objects/pack/pack-0123456789012345678901234567890123456789.pack"), "w");
	fputs("PACK half", f);
	fclose(f);
	{
		struct timeval tv[2] = {{0, 0}, {0, 0}};

		tv[0].tv_sec = tv[1].tv_sec = time(NULL) - 2 * 24 * 3600;
		utimes(scratch_path("killed/objects/pack/pack-0123456789012345678901234567890123456789.pack"), tv);
	}
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_false(st.busy);
	assert_true(st.packed > 0);
	assert_int_not_equal(stat(scratch_path("killed/gc.tmp"), &sb), 0);
	assert_int_not_equal(stat(scratch_path("killed/objects/pack/pack-0123456789012345678901234567890123456789.pack"), &sb), 0);
	assert_int_equal(st.packs_after, 1);
	check_files(a, "cases", 5);
	vpd_archive_free(a);
}

static void
test_gc__a_second_gc_stays_out(void **state)
{
	vpd_archive *a = fresh("busy");
	vpd_gc_stats st;
	vpd_error err;
	int fd;

	(void)state;
	commit_n(a, "cases", 3);
	fd = open(scratch_path("busy/gc.lock"), O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_true(st.busy);
	assert_int_equal(st.packed, 0);
	assert_true(loose_count(scratch_path("busy")) > 0);
	close(fd);
	assert_int_equal(vpd_archive_gc(a, NULL, &st, &err), 0);
	assert_false(st.busy);
	assert_true(st.packed > 0);
	vpd_archive_free(a);
}

static void
test_gc__runs_by_itself_past_the_threshold(void **state)
{
	vpd_archive *a = fresh("auto");
	vpd_gc_stats st;
	vpd_error err;
	FILE *f;
	bool ran = false;

	(void)state;
	commit_n(a, "cases", 1);
	vpd_archive_free(a);
	f = fopen(scratch_path("auto/config"), "a");
	fputs("\tgcauto = 256\n", f);  /* under [vpd], the last section */
	fclose(f);
	assert_int_equal(vpd_archive_open(&a, scratch_path("auto"), &err), 0);
	assert_int_equal(vpd_archive_gc_threshold(a), 256);
	for (int i = 0; i < 200 && !ran; i++) {
		char file[64];

		snprintf(file, sizeof(file), "c/%04d.json", i);
		assert_int_equal(commit_retry(a, file, file), 0);
		assert_int_equal(vpd_archive_gc_auto(a, &st, &err), 0);
		ran = st.packed > 0;
	}
	assert_true(ran);
	assert_true(loose_count(scratch_path("auto")) < 16);
	/* right after a gc the estimate is low again: no gc */
	assert_int_equal(vpd_archive_gc_auto(a, &st, &err), 0);
	assert_int_equal(st.packed, 0);
	vpd_archive_free(a);
}

/* Nothing a ref reaches is pruned: not an annotated tag (an auditor's
 * mark on a reviewed state), and not the history below a pack that came
 * from elsewhere and holds only the tip commit, which stopped the walk
 * (the whole history was pruned). */
static void
test_gc__prunes_nothing_a_ref_reaches(void **state)
{
	vpd_archive *a = fresh("reach");
	vpd_gc_options opt = {.prune_age = 0};
	git_repository *repo = NULL;
	git_packbuilder *pb = NULL;
	git_object *head = NULL;
	git_signature *sig = NULL;
	git_oid tag;
	git_tag *t = NULL;
	vpd_gc_stats st;
	vpd_error err;

	(void)state;
	commit_n(a, "cases", 5);
	assert_int_equal(git_repository_open(&repo, scratch_path("reach")), 0);
	assert_int_equal(git_revparse_single(&head, repo, "main"), 0);
	assert_int_equal(git_signature_now(&sig, "Auditor", "a@x.invalid"), 0);
	assert_int_equal(git_tag_create(&tag, repo, "gecontroleerd", head, sig,
	    "gecontroleerd\n", 0), 0);
	/* a pack with the tip commit alone, as a fetch could leave */
	assert_int_equal(git_packbuilder_new(&pb, repo), 0);
	assert_int_equal(git_packbuilder_insert(pb, git_object_id(head), NULL),
	    0);
	assert_int_equal(git_packbuilder_write(pb, scratch_path(
	    "reach/objects/pack"), 0, NULL, NULL), 0);
	git_packbuilder_free(pb);
	loose_objects(scratch_path("reach"), 10);   /* ten seconds old */
	assert_int_equal(vpd_archive_gc(a, &opt, &st, &err), 0);
	check_files(a, "cases", 5);
	git_repository_free(repo);
	assert_int_equal(git_repository_open(&repo, scratch_path("reach")), 0);
	assert_int_equal(git_tag_lookup(&t, repo, &tag), 0);
	git_tag_free(t);
	assert_int_equal(commits(a), 5);
	git_signature_free(sig);
	git_object_free(head);
	git_repository_free(repo);
	vpd_archive_free(a);
}

/* Young unreachable objects that a gc must keep do not start a gc after
 * every commit: the trigger counts what came after the last gc. */
static void
test_gc__young_leftovers_do_not_start_gc_after_gc(void **state)
{
	vpd_archive *a = fresh("left");
	vpd_gc_stats st;
	vpd_error err;
	FILE *f;
	int gcs = 0;

	(void)state;
	commit_n(a, "cases", 1);
	vpd_archive_free(a);
	f = fopen(scratch_path("left/config"), "a");
	fputs("\tgcauto = 64\n", f);
	fclose(f);
	assert_int_equal(vpd_archive_open(&a, scratch_path("left"), &err), 0);
	/* 300 young blobs nobody refers to (refused changes, lost races) */
	for (int i = 0; i < 300; i++) {
		char text[32], id[VPD_OID_HEX];

		snprintf(text, sizeof(text), "orphan %d\n", i);
		assert_int_equal(vpd_archive_put_blob(a, text, strlen(text), id,
		    &err), 0);
	}
	assert_int_equal(vpd_archive_gc_auto(a, &st, &err), 0);
	assert_true(st.kept >= 300);
	assert_true(st.loose_after >= 300);
	/* ten commits (about 30 objects): under the threshold again */
	for (int i = 0; i < 10; i++) {
		char file[64];

		snprintf(file, sizeof(file), "c/%04d.json", i);
		assert_int_equal(commit_retry(a, file, file), 0);
		assert_int_equal(vpd_archive_gc_auto(a, &st, &err), 0);
		gcs += st.kept > 0 || st.packed > 0;
	}
	assert_int_equal(gcs, 0);
	/* but enough new objects start one */
	for (int i = 10; i < 200 && gcs == 0; i++) {
		char file[64];

		snprintf(file, sizeof(file), "c/%04d.json", i);
		assert_int_equal(commit_retry(a, file, file), 0);
		assert_int_equal(vpd_archive_gc_auto(a, &st, &err), 0);
		gcs += st.packed > 0;
	}
	assert_int_equal(gcs, 1);
	vpd_archive_free(a);
}

/* Three processes commit 15 times each while this one packs. */
static void
test_gc__writers_during_a_gc_all_land(void **state)
{
	vpd_archive *a = fresh("writers");
	vpd_gc_options opt = {.max_packs = 2, .prune_age = -1};
	pid_t kids[3];
	int left = 3, before;
	vpd_error err;

	(void)state;
	commit_n(a, "base", 10);
	before = commits(a);
	for (int k = 0; k < 3; k++) {
		if ((kids[k] = fork()) == 0) {
			vpd_archive *mine = NULL;
			char prefix[16];
			int bad = 0;

			if (vpd_archive_open(&mine, scratch_path("writers"), &err))
				_exit(2);
			snprintf(prefix, sizeof(prefix), "w%d", k);
			for (int i = 0; i < 15; i++) {
				char file[64], text[64];

				snprintf(file, sizeof(file), "%s/%04d.json",
				    prefix, i);
				snprintf(text, sizeof(text), "{\"%s\": %d}\n",
				    prefix, i);
				bad |= commit_retry(mine, file, text) != 0;
			}
			vpd_archive_free(mine);
			_exit(bad);
		}
		assert_true(kids[k] > 0);
	}
	/* packing and combining (max_packs 2) over and over; the prune age
	 * stays a day, as it must: a writer's objects are unreachable until
	 * its branch update, and a prune age of 0 could take them */
	while (left > 0) {
		vpd_gc_stats st;
		int status;
		pid_t p;

		if (vpd_archive_gc(a, &opt, &st, &err))
			fail_msg("gc: %s", err.msg);
		while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 0);
			left--;
		}
	}
	vpd_archive_free(a);
	assert_int_equal(vpd_archive_open(&a, scratch_path("writers"), &err), 0);
	assert_int_equal(commits(a), before + 45);
	for (int k = 0; k < 3; k++) {
		char prefix[16];

		snprintf(prefix, sizeof(prefix), "w%d", k);
		check_files(a, prefix, 15);
	}
	check_files(a, "base", 10);
	vpd_archive_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gc__packs_then_removes_loose_objects),
		cmocka_unit_test(test_gc__prunes_only_old_unreachable_objects),
		cmocka_unit_test(test_gc__combines_packs_without_loss),
		cmocka_unit_test(test_gc__combines_small_packs_and_leaves_big_ones),
		cmocka_unit_test(test_gc__recovers_what_a_killed_gc_left),
		cmocka_unit_test(test_gc__a_second_gc_stays_out),
		cmocka_unit_test(test_gc__runs_by_itself_past_the_threshold),
		cmocka_unit_test(test_gc__young_leftovers_do_not_start_gc_after_gc),
		cmocka_unit_test(test_gc__prunes_nothing_a_ref_reaches),
		cmocka_unit_test(test_gc__writers_during_a_gc_all_land),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
