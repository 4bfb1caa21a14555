/*
 * gc.c - packing the archive (libgit2 1.5 writes loose objects only).
 *
 * Every commit leaves some sixteen loose objects, and libgit2 never packs
 * them.  vpd_archive_gc() does, incrementally, the way `git gc` would but
 * without ever giving up an object a concurrent writer may still need:
 *
 *   1. It takes ARCHIVE/gc.lock with flock(): a second gc skips (or waits),
 *      and a lock left by a killed gc is no lock at all (the kernel drops
 *      it with the process), so there is nothing stale to break.
 *   2. It lists the loose objects, with their mtimes.
 *   3. It marks what is reachable from the refs and not yet in a pack.  The
 *      packs are closed under reachability (a pack only ever receives the
 *      whole reachable closure of what it holds, minus what other packs
 *      hold), so the walk stops at the first packed commit or tree: an
 *      incremental gc reads only what changed since the last one.
 *   4. It writes those objects as one pack (libgit2's packbuilder, with
 *      delta compression) into ARCHIVE/gc.tmp/, fsyncs both files, renames
 *      the .pack and then the .idx into objects/pack/ (readers find packs
 *      by their .idx, so no reader sees half a pack) and fsyncs the
 *      directory.
 *   5. Only then it deletes loose objects, and only those that a pack
 *      holds (checked in the pack's index, not assumed).  Loose objects
 *      that no ref reaches are deleted when older than the prune age (a
 *      day); younger ones may belong to a writer that has not moved the
 *      branch yet and stay.  libgit2 "freshens" (touches) an existing
 *      object that a writer stores again, so reuse keeps one young.
 *   6. When there are more packs than the limit, it combines them
 *      geometrically (see combine_packs()): the small ones object by
 *      object, or all by a full packbuilder walk from the refs plus every
 *      object of the old packs that the walk did not reach; so a combine
 *      never drops anything.  The new pack is written the same way, then
 *      the old packs are deleted, .idx first.
 *
 * A gc killed at any point leaves a valid archive: at worst a temporary
 * directory (removed by the next gc), a .pack without its .idx (ignored by
 * readers, removed by the next gc), or objects both loose and packed.
 * Readers are safe throughout: libgit2 looks in the packs, then the loose
 * objects, and on a miss rescans the pack directory and tries again, and a
 * new pack is in place before any copy of its objects goes.
 */
#define _XOPEN_SOURCE 700
#include "archive.h"
#include "../util/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define GC_DEFAULT_MAX_PACKS 24
#define GC_DEFAULT_PRUNE_AGE (24L * 60 * 60)

/* ---- A set of object ids -------------------------------------------- */

typedef struct oidset {
	git_oid *slot;
	unsigned char *used;
	size_t cap, n;
} oidset;

static size_t
oid_hash(const git_oid *id)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h)); /* ids are uniformly random */
	return (size_t)h;
}

static int
oidset_grow(oidset *s)
{
	oidset g = {0};

	g.cap = s->cap ? s->cap * 2 : 1024;
	g.slot = malloc(g.cap * sizeof(*g.slot));
	g.used = calloc(g.cap, 1);
	if (g.slot == NULL || g.used == NULL) {
		free(g.slot);
		free(g.used);
		return -1;
	}
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;

		if (!s->used[i])
			continue;
		for (j = oid_hash(&s->slot[i]) & (g.cap - 1); g.used[j];
		    j = (j + 1) & (g.cap - 1))
			;
		g.slot[j] = s->slot[i];
		g.used[j] = 1;
		g.n++;
	}
	free(s->slot);
	free(s->used);
	*s = g;
	return 0;
}

/* 1 when added, 0 when it was there, -1 out of memory. */
static int
oidset_add(oidset *s, const git_oid *id)
{
	size_t j;

	if ((s->n + 1) * 2 > s->cap && oidset_grow(s) < 0)
		return -1;
	for (j = oid_hash(id) & (s->cap - 1); s->used[j];
	    j = (j + 1) & (s->cap - 1))
		if (git_oid_equal(&s->slot[j], id))
			return 0;
	s->slot[j] = *id;
	s->used[j] = 1;
	s->n++;
	return 1;
}

static bool
oidset_has(const oidset *s, const git_oid *id)
{
	if (s->cap == 0)
		return false;
	for (size_t j = oid_hash(id) & (s->cap - 1); s->used[j];
	    j = (j + 1) & (s->cap - 1))
		if (git_oid_equal(&s->slot[j], id))
			return true;
	return false;
}

static void
oidset_free(oidset *s)
{
	free(s->slot);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

/* ---- State of one run ----------------------------------------------- */

typedef struct loose {
	git_oid id;
	time_t mtime;
} loose;

typedef struct gc {
	const char *path;       /* the archive */
	char objects[4200];     /* ARCHIVE/objects */
	char packdir[4200];     /* ARCHIVE/objects/pack */
	char tmpdir[4200];      /* ARCHIVE/gc.tmp */
	git_repository *repo;
	git_odb_backend *packs; /* the packs as they were at the start */
	git_packbuilder *pb;
	oidset seen;            /* visited by the walk */
	bool through_packs;     /* the walk before pruning: all of it */
	loose *loose;
	size_t nloose, caploose;
	size_t marked;          /* objects given to the packbuilder */
	vpd_error *err;
} gc;

static int
gfail(gc *g, const char *what)
{
	const git_error *e = git_error_last();

	return vpd_error_set(g->err, VPD_EIO, g->path, 0, 0, "%s: %s", what,
	    e && e->message ? e->message : "libgit2 error");
}

static int
sysfail(gc *g, const char *what, const char *file)
{
	return vpd_error_set(g->err, VPD_EIO, file, 0, 0, "%s: %s", what,
	    strerror(errno));
}

static int
nomem(gc *g)
{
	return vpd_error_set(g->err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
}

static bool
packed(gc *g, const git_oid *id)
{
	return g->packs->exists(g->packs, id) == 1;
}

static int
fsync_path(const char *p, bool dir)
{
	int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static bool
is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

/* ---- Locking and leftovers ------------------------------------------ */

/* The lock's fd, -1 when another gc holds it (and !wait), -2 on error. */
static int
take_lock(gc *g, bool wait)
{
	char p[4200];
	int fd;

	snprintf(p, sizeof(p), "%s/gc.lock", g->path);
	/* never through a link: what the lock holds is written into it */
	fd = open(p, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		sysfail(g, "cannot open the gc lock", p);
		return -2;
	}
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
		int saved = errno;

		if (saved == EINTR)
			continue;
		close(fd);
		if (saved == EWOULDBLOCK)
			return -1;
		errno = saved;
		sysfail(g, "cannot take the gc lock", p);
		return -2;
	}
	return fd;
}


/*
 * What a killed gc may have left, removed under the lock: the temporary
 * directory, and a .pack whose .idx never arrived (no reader uses it)
 * once it is older than the prune age.
 * Temporary files of killed writers (libgit2's "tmp_object_git2_*" and
 * "*.lock" files among the loose objects) go when older than the prune
 * age.
 */
static void
clean_leftovers(gc *g, time_t cutoff)
{
	DIR *d;
	struct dirent *de;

	vpd_file_remove_tree(g->tmpdir);
	if ((d = opendir(g->packdir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			size_t n = strlen(de->d_name);
			struct stat st;
			char p[4400];

			if (n < 6 || strcmp(de->d_name + n - 5, ".pack") != 0)
				continue;
			snprintf(p, sizeof(p), "%s/%.*s.idx", g->packdir,
			    (int)(n - 5), de->d_name);
			if (access(p, F_OK) == 0 || errno != ENOENT)
				continue;
			/* not young: a git client receiving into the archive
			 * renames its .pack, then its .idx */
			snprintf(p, sizeof(p), "%s/%s", g->packdir, de->d_name);
			if (stat(p, &st) == 0 && st.st_mtime < cutoff)
				unlink(p);
		}
		closedir(d);
	}
	if ((d = opendir(g->objects)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			struct stat st;
			char p[4400];

			if (strncmp(de->d_name, "tmp_", 4) != 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", g->objects, de->d_name);
			if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
			    st.st_mtime < cutoff)
				unlink(p);
		}
		closedir(d);
	}
}

/* ---- Loose objects -------------------------------------------------- */

/*
 * Lists the loose objects (with their mtimes), or, for `tmp_cutoff`, also
 * removes old temporary files beside them.
 */
static int
scan_loose(gc *g, time_t tmp_cutoff)
{
	g->nloose = 0;
	for (int i = 0; i < 256; i++) {
		char dir[4300];
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/%02x", g->objects, i);
		if ((d = opendir(dir)) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			char hex[GIT_OID_HEXSZ + 1], p[4400];
			struct stat st;

			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
			if (!is_hex(de->d_name, GIT_OID_HEXSZ - 2)) {
				if (tmp_cutoff && lstat(p, &st) == 0 &&
				    S_ISREG(st.st_mode) &&
				    st.st_mtime < tmp_cutoff)
					unlink(p);
				continue;
			}
			if (lstat(p, &st) != 0)
				continue; /* gone meanwhile */
			snprintf(hex, sizeof(hex), "%02x%s", i, de->d_name);
			if (g->nloose == g->caploose) {
				size_t cap = g->caploose ? g->caploose * 2 : 1024;
				loose *l = realloc(g->loose, cap * sizeof(*l));

				if (l == NULL) {
					closedir(d);
					return nomem(g);
				}
				g->loose = l;
				g->caploose = cap;
			}
			git_oid_fromstr(&g->loose[g->nloose].id, hex);
			g->loose[g->nloose].mtime = st.st_mtime;
			g->nloose++;
		}
		closedir(d);
	}
	return 0;
}

static void
loose_path(gc *g, const git_oid *id, char *p, size_t size)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(p, size, "%s/%.2s/%s", g->objects, hex, hex + 2);
}

/* ---- Marking what to pack ------------------------------------------- */

/* Offers one object to the pack: 1 when new and not in a pack, 0 when
 * seen or packed, < 0 on error. */
static int
offer(gc *g, const git_oid *id, const char *name)
{
	int r = oidset_add(&g->seen, id);

	if (r < 0)
		return nomem(g);
	if (r == 0)
		return 0;
	if (g->through_packs)   /* only marking what is reachable */
		return 1;
	if (packed(g, id))
		return 0;
	if (git_packbuilder_insert(g->pb, id, name) < 0)
		return gfail(g, "adding an object to the pack");
	g->marked++;
	return 1;
}

static int
mark_tree(gc *g, const git_oid *id, const char *name)
{
	git_tree *t = NULL;
	int rc;

	if ((rc = offer(g, id, name)) <= 0)
		return rc;
	if (git_tree_lookup(&t, g->repo, id) < 0)
		return gfail(g, "reading a tree");
	for (size_t i = 0; rc >= 0 && i < git_tree_entrycount(t); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);

		switch (git_tree_entry_type(e)) {
		case GIT_OBJECT_TREE:
			rc = mark_tree(g, git_tree_entry_id(e),
			    git_tree_entry_name(e));
			break;
		case GIT_OBJECT_BLOB:
			rc = offer(g, git_tree_entry_id(e),
			    git_tree_entry_name(e));
			break;
		default:
			break;
		}
	}
	git_tree_free(t);
	return rc < 0 ? rc : 0;
}

/* Marks the commits reachable from `tip` that are not packed, with their
 * trees; stops at packed commits (their closure is packed). */
static int
mark_history(gc *g, const git_oid *tip)
{
	git_oid *stack = malloc(16 * sizeof(*stack));
	size_t n = 0, cap = 16;
	int rc = 0;

	if (stack == NULL)
		return nomem(g);
	stack[n++] = *tip;
	while (rc == 0 && n > 0) {
		git_oid id = stack[--n];
		git_commit *c = NULL;

		if ((rc = offer(g, &id, NULL)) <= 0)
			continue;
		rc = 0;
		if (git_commit_lookup(&c, g->repo, &id) < 0) {
			rc = gfail(g, "reading a commit");
			break;
		}
		rc = mark_tree(g, git_commit_tree_id(c), "");
		for (unsigned i = 0; rc == 0 && i < git_commit_parentcount(c);
		    i++) {
			if (n == cap) {
				git_oid *s = realloc(stack, 2 * cap *
				    sizeof(*s));

				if (s == NULL) {
					rc = nomem(g);
					break;
				}
				stack = s;
				cap *= 2;
			}
			stack[n++] = *git_commit_parent_id(c, i);
		}
		git_commit_free(c);
	}
	free(stack);
	return rc < 0 ? rc : 0;
}

/* Marks what a ref reaches: each annotated tag on the way (a tag an
 * auditor made of a reviewed state), then the commit, tree or blob it
 * points to. */
static int
mark_ref(git_reference *ref, void *ud)
{
	gc *g = ud;
	git_reference *res = NULL;
	git_object *o = NULL;
	int rc = 0;

	if (git_reference_resolve(&res, ref) == 0 &&
	    git_object_lookup(&o, g->repo, git_reference_target(res),
	    GIT_OBJECT_ANY) == 0) {
		for (int depth = 0; rc == 0 && o && depth < 16 &&
		    git_object_type(o) == GIT_OBJECT_TAG; depth++) {
			git_object *next = NULL;

			if ((rc = offer(g, git_object_id(o), NULL)) < 0)
				break;
			rc = git_tag_target(&next, (git_tag *)o) < 0 ?
			    gfail(g, "reading a tag") : 0;
			git_object_free(o);
			o = next;
		}
		if (rc == 0 && o) {
			switch (git_object_type(o)) {
			case GIT_OBJECT_COMMIT:
				rc = mark_history(g, git_object_id(o));
				break;
			case GIT_OBJECT_TREE:
				rc = mark_tree(g, git_object_id(o), "");
				break;
			case GIT_OBJECT_BLOB:
				rc = offer(g, git_object_id(o), NULL);
				rc = rc < 0 ? rc : 0;
				break;
			default:
				break;
			}
		}
	}
	git_object_free(o);
	git_reference_free(res);
	git_reference_free(ref);
	return rc;
}

/*
 * The walk that packs stops at packed objects, trusting that a pack holds
 * all its objects reach: true of the packs vpd writes, not of one that
 * came from elsewhere.  Before an old loose object is pruned as
 * unreachable, the whole history is walked again, through the packs, so
 * that nothing a ref reaches is ever deleted.  Only when there is an old
 * candidate, which is rare: dry runs leave none.
 */
static int
mark_all_before_pruning(gc *g, time_t cutoff)
{
	bool candidate = false;
	int rc;

	for (size_t i = 0; i < g->nloose && !candidate; i++)
		candidate = g->loose[i].mtime < cutoff &&
		    !oidset_has(&g->seen, &g->loose[i].id);
	if (!candidate)
		return 0;
	oidset_free(&g->seen);
	g->through_packs = true;
	rc = git_reference_foreach(g->repo, mark_ref, g);
	g->through_packs = false;
	return rc < 0 ? (rc < -1 ? rc : gfail(g, "walking the history")) : 0;
}

/* ---- Writing a pack ------------------------------------------------- */

/*
 * Writes the packbuilder's objects as a pack in gc.tmp/, makes both files
 * durable, and moves them into objects/pack/: the .pack first, then the
 * .idx that makes it visible.  `name` receives "pack-<hash>".
 */
static int
write_pack(gc *g, char *name, size_t size)
{
	char from[4400], to[4400];
	const char *ext[] = {".pack", ".idx"};

	vpd_file_remove_tree(g->tmpdir);
	if (mkdir(g->tmpdir, 0700) < 0)
		return sysfail(g, "cannot make the gc's temporary directory",
		    g->tmpdir);
	if (git_packbuilder_write(g->pb, g->tmpdir, 0, NULL, NULL) < 0)
		return gfail(g, "writing a pack");
	snprintf(name, size, "pack-%s", git_packbuilder_name(g->pb));
	for (int i = 0; i < 2; i++) {
		snprintf(from, sizeof(from), "%s/%s%s", g->tmpdir, name, ext[i]);
		if (fsync_path(from, false) < 0)
			return sysfail(g, "cannot make the new pack durable",
			    from);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(from, sizeof(from), "%s/%s%s", g->tmpdir, name, ext[i]);
		snprintf(to, sizeof(to), "%s/%s%s", g->packdir, name, ext[i]);
		if (rename(from, to) < 0)
			return sysfail(g, "cannot move the new pack into place",
			    to);
	}
	if (fsync_path(g->packdir, true) < 0)
		return sysfail(g, "cannot make the pack directory durable",
		    g->packdir);
	vpd_file_remove_tree(g->tmpdir);
	return 0;
}

static int
open_one_pack(gc *g, const char *name, git_odb_backend **out)
{
	char p[4400];

	snprintf(p, sizeof(p), "%s/%s.idx", g->packdir, name);
	if (git_odb_backend_one_pack(out, p) < 0)
		return gfail(g, "reading the new pack");
	return 0;
}

/*
 * Deletes the loose objects a pack now holds (checked in `fresh`, the new
 * pack, or in the packs known at the start), and unreachable ones older
 * than `cutoff`.  Any other loose object stays.
 */
static void
drop_loose(gc *g, git_odb_backend *fresh, time_t cutoff, vpd_gc_stats *st)
{
	for (size_t i = 0; i < g->nloose; i++) {
		const git_oid *id = &g->loose[i].id;
		struct stat sb;
		char p[4400];

		loose_path(g, id, p, sizeof(p));
		if ((fresh && fresh->exists(fresh, id) == 1) || packed(g, id)) {
			if (unlink(p) == 0)
				st->removed++;
			continue;
		}
		if (oidset_has(&g->seen, id)) {
			st->kept++;  /* reachable, yet not packed: cannot be */
			continue;
		}
		/* unreachable: look at its age again, just before */
		if (lstat(p, &sb) == 0 && sb.st_mtime < cutoff) {
			if (unlink(p) == 0)
				st->pruned++;
		} else {
			st->kept++;
		}
	}
}

/* ---- Packs ---------------------------------------------------------- */

typedef struct packinfo {
	char name[128];     /* "pack-<hash>" */
	off_t bytes;
} packinfo;

typedef struct packlist {
	packinfo *p;
	size_t n;
	off_t bytes;
} packlist;

static int
list_packs(gc *g, packlist *pl)
{
	DIR *d = opendir(g->packdir);
	struct dirent *de;

	memset(pl, 0, sizeof(*pl));
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char p[4400];
		struct stat st;
		void *grown;

		if (n < 5 || n >= 128 || strncmp(de->d_name, "pack-", 5) ||
		    strcmp(de->d_name + n - 4, ".idx"))
			continue;
		snprintf(p, sizeof(p), "%s/%.*s.keep", g->packdir,
		    (int)(n - 4), de->d_name);
		if (access(p, F_OK) == 0)
			continue; /* kept packs are left alone */
		snprintf(p, sizeof(p), "%s/%.*s.pack", g->packdir,
		    (int)(n - 4), de->d_name);
		if (stat(p, &st) != 0)
			continue;
		if ((grown = realloc(pl->p, (pl->n + 1) *
		    sizeof(*pl->p))) == NULL) {
			closedir(d);
			return nomem(g);
		}
		pl->p = grown;
		snprintf(pl->p[pl->n].name, 128, "%.*s", (int)(n - 4),
		    de->d_name);
		pl->p[pl->n++].bytes = st.st_size;
		pl->bytes += st.st_size;
	}
	closedir(d);
	return 0;
}

static int
insert_cb(const git_oid *id, void *ud)
{
	gc *g = ud;

	if (git_packbuilder_insert(g->pb, id, NULL) < 0)
		return gfail(g, "adding an object to the pack");
	return 0;
}

typedef struct holds {
	gc *g;
	git_odb_backend *fresh;
} holds;

static int
held_cb(const git_oid *id, void *ud)
{
	holds *h = ud;
	char hex[GIT_OID_HEXSZ + 1];

	if (h->fresh->exists(h->fresh, id) == 1)
		return 0;
	return vpd_error_set(h->g->err, VPD_EIO, h->g->path, 0, 0, "the "
	    "combined pack lacks object %s; the old packs are kept",
	    git_oid_tostr(hex, sizeof(hex), id));
}

/* Whether `fresh` holds every object of the old packs: 0 or the error. */
static int
holds_all(gc *g, git_odb_backend *fresh, const packinfo *old, size_t n)
{
	holds h = {g, fresh};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		git_odb_backend *one = NULL;

		if ((rc = open_one_pack(g, old[i].name, &one)))
			break;
		rc = one->foreach(one, held_cb, &h);
		one->free(one);
		if (rc > 0 || rc == -1)
			rc = gfail(g, "reading a pack");
	}
	return rc;
}

/*
 * Combines packs into one.  `full`: all of them, by a walk from every ref
 * (which names the objects, for good deltas) plus whatever else they
 * hold; otherwise the packs `old` (the smallest) object by object.
 * Either way every object of every old pack ends up in the new one, and
 * the old packs go only after the new one is durable and has been found
 * to hold all of them.
 */
static int
combine(gc *g, const packinfo *old, size_t n, bool full, vpd_gc_stats *st)
{
	git_odb_backend *fresh = NULL;
	char name[128];
	int rc;

	git_packbuilder_free(g->pb);
	g->pb = NULL;
	if (git_packbuilder_new(&g->pb, g->repo) < 0)
		return gfail(g, "starting a pack");
	/* delta search on every core: a combine's cost is nearly all that */
	git_packbuilder_set_threads(g->pb, 0);
	if (full) {
		git_revwalk *walk = NULL;

		if (git_revwalk_new(&walk, g->repo) < 0 ||
		    git_revwalk_push_glob(walk, "refs/*") < 0 ||
		    git_packbuilder_insert_walk(g->pb, walk) < 0) {
			git_revwalk_free(walk);
			return gfail(g, "walking the history to combine packs");
		}
		git_revwalk_free(walk);
	}
	for (size_t i = 0; i < n; i++) {
		git_odb_backend *one = NULL;

		if ((rc = open_one_pack(g, old[i].name, &one)))
			return rc;
		rc = one->foreach(one, insert_cb, g);
		one->free(one);
		if (rc < 0)
			return rc < -1 ? rc : gfail(g, "reading a pack");
	}
	if ((rc = write_pack(g, name, sizeof(name))) ||
	    (rc = open_one_pack(g, name, &fresh)))
		return rc;
	if ((rc = holds_all(g, fresh, old, n))) {
		fresh->free(fresh);
		return rc;
	}
	st->combined = true;
	/* drop the old packs, each .idx first so that no reader picks it up
	 * again */
	for (size_t i = 0; i < n; i++) {
		const char *exts[] = {".idx", ".pack", ".rev", ".bitmap",
		    ".mtimes"};
		char p[4400];

		if (!strcmp(old[i].name, name))
			continue;
		for (size_t k = 0; k < sizeof(exts) / sizeof(*exts); k++) {
			snprintf(p, sizeof(p), "%s/%s%s", g->packdir,
			    old[i].name, exts[k]);
			unlink(p);
		}
	}
	/* loose objects that the walk packed (commits made since) */
	if (full && (rc = scan_loose(g, 0)) == 0)
		for (size_t i = 0; i < g->nloose; i++) {
			char p[4400];

			if (fresh->exists(fresh, &g->loose[i].id) != 1)
				continue;
			loose_path(g, &g->loose[i].id, p, sizeof(p));
			if (unlink(p) == 0)
				st->removed++;
		}
	fresh->free(fresh);
	return rc;
}

/*
 * Past the limit, the packs are combined geometrically, as git's
 * `repack --geometric=2` does: sorted by size, the packs should each be
 * at least twice all smaller ones together.  The smallest packs are
 * combined up to the last place where that fails, and larger packs are
 * rolled in while they are less than twice what is being combined.  So a
 * big pack is rewritten only once the new ones have grown to half its
 * size: each object is rewritten about log2(archive / gc) times over the
 * archive's life, and a combine costs what is new, not the whole
 * archive.  (Combining "all but the largest" instead rewrote the second
 * largest pack, nearly as big, every time.)  Should the progression
 * still leave more packs than the limit, more are rolled in.  When every
 * pack is combined, it is done by a full walk, for the best deltas.
 */
static int
by_size_asc(const void *x, const void *y)
{
	const packinfo *a = x, *b = y;

	return a->bytes < b->bytes ? -1 : a->bytes > b->bytes ? 1 : 0;
}

static size_t
geometric_split(const packinfo *p, size_t n, size_t max_packs)
{
	size_t split = 0;
	off_t rolled = 0;

	for (size_t i = n - 1; i > 0; i--)
		if (p[i].bytes / 2 < p[i - 1].bytes) {
			split = i;
			break;
		}
	/* packs [0, split] break the progression: combine them, and roll in
	 * what is less than twice their sum */
	for (size_t i = 0; i <= split; i++)
		rolled += p[i].bytes;
	while (split + 1 < n && (p[split + 1].bytes / 2 < rolled ||
	    n - split > max_packs)) {
		split++;
		rolled += p[split].bytes;
	}
	return split + 1;       /* how many of the smallest to combine */
}

static int
combine_packs(gc *g, packlist *pl, bool all, int max_packs,
    vpd_gc_stats *st)
{
	size_t k;

	if (all)
		return pl->n > 1 ? combine(g, pl->p, pl->n, true, st) : 0;
	if (pl->n <= (size_t)max_packs)
		return 0;
	qsort(pl->p, pl->n, sizeof(*pl->p), by_size_asc);
	k = geometric_split(pl->p, pl->n, (size_t)max_packs);
	if (k < 2)
		return 0;
	return combine(g, pl->p, k, k == pl->n, st);
}

/* ---- The whole run -------------------------------------------------- */

/*
 * What a gc leaves loose (unreachable objects younger than the prune age:
 * a commit that lost a race, a refused change) is written into gc.lock,
 * which only gcs write, so that the automatic trigger counts only what
 * came after: otherwise a thousand young leftovers would start a gc after
 * every commit until they were a day old.  It is the same sampled
 * estimate the trigger makes, so that the two compare like with like.
 * A hint: when it cannot be written or read, the trigger counts
 * everything, as before.
 */
static size_t estimate(vpd_archive *a, int k);
static int sample_dirs(size_t threshold);

static void
note_left(int lock, size_t left)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%zu\n", left);

	if (pwrite(lock, buf, (size_t)n, 0) == n)
		(void)!ftruncate(lock, n);
}

static size_t
read_left(vpd_archive *a)
{
	char p[4200], buf[32];
	unsigned long long v;
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s/gc.lock", vpd_archive_path(a));
	/* a hint only: never wait on it (a fifo), never follow a link */
	if ((fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		return 0;
	v = strtoull(buf, NULL, 10);
	return v > (1ULL << 40) ? 0 : (size_t)v;  /* nonsense: ignored */
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
run(gc *g, const vpd_gc_options *opt, int max_packs, vpd_gc_stats *st)
{
	time_t cutoff = time(NULL) - (opt->prune_age >= 0 ? opt->prune_age :
	    GC_DEFAULT_PRUNE_AGE);
	git_odb_backend *fresh = NULL;
	packlist pl = {0};
	char name[128];
	int rc;

	clean_leftovers(g, cutoff);
	if ((rc = scan_loose(g, cutoff)))
		return rc;
	st->loose_before = g->nloose;
	if (git_repository_open_ext(&g->repo, g->path,
	    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
	    NULL) < 0)
		return gfail(g, "opening the archive");
	if (git_odb_backend_pack(&g->packs, g->objects) < 0)
		return gfail(g, "reading the packs");
	if (git_packbuilder_new(&g->pb, g->repo) < 0)
		return gfail(g, "starting a pack");
	/* delta search on every core: a combine's cost is nearly all that */
	git_packbuilder_set_threads(g->pb, 0);
	/* refs are read after the loose objects were listed, so whatever a
	 * listed object belongs to is either reached now or young */
	if ((rc = git_reference_foreach(g->repo, mark_ref, g)) < 0)
		return rc < -1 ? rc : gfail(g, "walking the history");
	if (g->marked > 0) {
		if ((rc = write_pack(g, name, sizeof(name))) ||
		    (rc = open_one_pack(g, name, &fresh)))
			return rc;
		st->packed = g->marked;
	}
	if ((rc = mark_all_before_pruning(g, cutoff))) {
		if (fresh)
			fresh->free(fresh);
		return rc;
	}
	drop_loose(g, fresh, cutoff, st);
	if (fresh)
		fresh->free(fresh);
	if ((rc = list_packs(g, &pl)))
		return rc;
	st->packs_before = pl.n;
	rc = combine_packs(g, &pl, opt->combine, max_packs, st);
	free(pl.p);
	if (rc == 0 && (rc = list_packs(g, &pl)) == 0) {
		st->packs_after = pl.n;
		st->pack_bytes = (long long)pl.bytes;
		free(pl.p);
	}
	if (rc == 0 && (rc = scan_loose(g, 0)) == 0)
		st->loose_after = g->nloose;
	return rc;
}

int
vpd_archive_gc(vpd_archive *a, const vpd_gc_options *opt, vpd_gc_stats *st,
    vpd_error *err)
{
	vpd_gc_options defaults = {.prune_age = -1};
	vpd_gc_stats ignored;
	gc g = {0};
	double t0 = mono();
	int lock, rc;

	if (opt == NULL)
		opt = &defaults;
	if (st == NULL)
		st = &ignored;
	memset(st, 0, sizeof(*st));
	g.path = vpd_archive_path(a);
	g.err = err;
	snprintf(g.objects, sizeof(g.objects), "%s/objects", g.path);
	snprintf(g.packdir, sizeof(g.packdir), "%s/objects/pack", g.path);
	snprintf(g.tmpdir, sizeof(g.tmpdir), "%s/gc.tmp", g.path);
	if ((lock = take_lock(&g, opt->wait)) == -2)
		return VPD_EIO;
	if (lock == -1) {
		st->busy = true;
		return 0;
	}
	st->ran = true;
	mkdir(g.packdir, 0755);
	rc = run(&g, opt, opt->max_packs > 0 ? opt->max_packs :
	    vpd_archive_gc_max_packs(a) > 0 ? vpd_archive_gc_max_packs(a) :
	    GC_DEFAULT_MAX_PACKS, st);
	if (rc == 0)
		note_left(lock, estimate(a, sample_dirs(
		    vpd_archive_gc_threshold(a))));
	if (g.packs)
		g.packs->free(g.packs);
	git_packbuilder_free(g.pb);
	git_repository_free(g.repo);
	oidset_free(&g.seen);
	free(g.loose);
	close(lock);
	st->seconds = mono() - t0;
	return rc;
}

/* ---- The automatic trigger ------------------------------------------ */

static const char *gc_program;

void
vpd_archive_gc_set_program(const char *program)
{
	gc_program = program;
}

/*
 * Starts `gc_program --archive PATH ARGS…` (a command with --detach), its
 * standard streams on /dev/null (nothing of it reaches a terminal or a
 * web page), and waits only for that process, which forks the work and
 * exits at once: no zombie is left in a long-running server.  0, or -1
 * when it could not be started or failed.
 */
int
vpd_archive_start_apart(vpd_archive *a, const char *const *args)
{
	char *argv[16];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	pid_t pid;
	int rc, status, n = 0;

	if (gc_program == NULL)
		return -1;
	argv[n++] = (char *)"vpd";
	argv[n++] = (char *)"--archive";
	argv[n++] = (char *)vpd_archive_path(a);
	for (int i = 0; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	/* the server blocks SIGINT and SIGTERM in its threads; the gc must
	 * stop on them like any process */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGPIPE);
	if (posix_spawnattr_init(&attr) != 0)
		return -1;
	if (posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF) != 0 ||
	    posix_spawnattr_setsigmask(&attr, &none) != 0 ||
	    posix_spawnattr_setsigdefault(&attr, &dfl) != 0 ||
	    posix_spawn_file_actions_init(&fa) != 0) {
		posix_spawnattr_destroy(&attr);
		return -1;
	}
	rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0) || posix_spawn_file_actions_addopen(&fa, 1, "/dev/null",
	    O_WRONLY, 0) || posix_spawn_file_actions_addopen(&fa, 2,
	    "/dev/null", O_WRONLY, 0) ||
	    posix_spawn(&pid, gc_program, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}


/* Whether a gc is at work (a combine takes minutes): then nothing is
 * started, rather than a process per commit that finds the lock taken. */
static bool
gc_busy(vpd_archive *a)
{
	char lockpath[4200];
	int fd, busy = 0;

	snprintf(lockpath, sizeof(lockpath), "%s/gc.lock", vpd_archive_path(a));
	if ((fd = open(lockpath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) >= 0) {
		busy = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
		close(fd);
	}
	return busy;
}

/* Counts the loose objects in `k` of the 256 fan-out directories, spread
 * evenly, and scales the count up. */
static size_t
estimate(vpd_archive *a, int k)
{
	size_t n = 0;

	for (int i = 0; i < k; i++) {
		char p[4200];
		DIR *d;
		struct dirent *de;

		snprintf(p, sizeof(p), "%s/objects/%02x", vpd_archive_path(a),
		    i * 256 / k);
		if ((d = opendir(p)) == NULL)
			continue;
		while ((de = readdir(d)) != NULL)
			if (is_hex(de->d_name, GIT_OID_HEXSZ - 2))
				n++;
		closedir(d);
	}
	return n * 256 / (size_t)k;
}

/* Enough directories that some 32 objects are expected in them at the
 * threshold (git's gc.auto reads one directory for 6,700 objects, ~26):
 * the estimate is then within about a fifth, and costs a few readdir()s. */
static int
sample_dirs(size_t threshold)
{
	size_t k = threshold ? (32 * 256 + threshold - 1) / threshold : 2;

	return k < 2 ? 2 : k > 256 ? 256 : (int)k;
}

int
vpd_archive_gc_auto(vpd_archive *a, vpd_gc_stats *st, vpd_error *err)
{
	size_t threshold = vpd_archive_gc_threshold(a);

	if (st)
		memset(st, 0, sizeof(*st));
	if (threshold == 0 ||
	    estimate(a, sample_dirs(threshold)) < threshold + read_left(a))
		return 0;
	if (gc_program != NULL && vpd_archive_gc_detach(a) && (gc_busy(a) ||
	    vpd_archive_start_apart(a, (const char *const[]){"gc", "--auto",
	    "--detach", NULL}) == 0))
		return 0;
	return vpd_archive_gc(a, NULL, st, err);
}
