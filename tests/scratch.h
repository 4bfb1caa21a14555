/*
 * scratch.h - the temporary directory a test program works in, `root`:
 * scratch_make() makes it, scratch_path() names a file in it,
 * scratch_remove() removes it with all it holds.
 * For the test programs only; include it once in each.
 */
#ifndef VPD_TESTS_SCRATCH_H
#define VPD_TESTS_SCRATCH_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char root[256];

static int
scratch_rm_entry(const char *p, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

/* /tmp/vpd-test-NAME-XXXXXX; 0, or -1 when it cannot be made. */
static int
scratch_make(const char *name)
{
	snprintf(root, sizeof(root), "/tmp/vpd-test-%s-XXXXXX", name);
	return mkdtemp(root) ? 0 : -1;
}

/* ROOT/name, in a static buffer (the next call overwrites it); inline, so
 * that a program without a use for it is not warned about it. */
static inline char *
scratch_path(const char *name)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/%s", root, name);
	return buf;
}

static void
scratch_remove(void)
{
	nftw(root, scratch_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
