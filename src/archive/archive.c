/*
 * archive.c - the git store, on libgit2 1.5.
 *
 * Notes on the library's edges (see also docs/archive.md):
 *   - fsync of the git directory is switched on, so that a crash cannot
 *     leave the branch pointing at an object that never reached the disk;
 *   - the branch moves with git_reference_create_matching(), which locks
 *     the ref, compares it with the expected old id and only then writes;
 *     GIT_EMODIFIED, GIT_ELOCKED and GIT_EEXISTS all mean "someone else
 *     moved first" and become VPD_ECONFLICT;
 *   - every vpd writer moves the branch holding an advisory flock on
 *     ARCHIVE/vpd-write.lock, so a refs/heads/main.lock found while
 *     holding it belongs to no vpd writer: a killed one left it, and it
 *     is removed once it is REF_LOCK_STALE seconds old;
 *   - trees are built with git_tree_create_updated() on the base tree, no
 *     work tree or index is involved;
 *   - a scratch handle puts a mempack backend in front of the object
 *     store, so objects written while verifying stay in memory.
 */
#define _XOPEN_SOURCE 700
#include "archive.h"
#include "../sign/sign.h"
#include "../seal/seal.h"
#include "../util/file.h"
#include "../util/json.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>
#include <errno.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/commit.h>
#include <git2/sys/odb_backend.h>
#include <mbedtls/sha256.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define BRANCH "refs/heads/main"

struct vpd_archive {
	git_repository *repo;
	char *path;
	size_t gc_auto;        /* vpd.gcAuto: loose objects before a gc */
	int gc_max_packs;      /* vpd.gcMaxPacks: 0 for the default */
	bool gc_detach;        /* vpd.gcAutoDetach: the automatic gc apart */
	bool mirrored;         /* vpd.mirror is set (mirror.c) */
	struct timespec config_mtime; /* of ARCHIVE/config when last read */
	git_odb_backend *mem;  /* a scratch handle's mempack, else NULL */
	vpd_archive *dry;      /* the scratch handle for dry runs, lazily */
	int dry_runs;          /* on a dry handle: the runs alive on it */
};

#define GC_AUTO_DEFAULT 1024

struct vpd_txn {
	vpd_archive *a;
	vpd_archive *home;     /* where it commits; for a dry run, the
	                        * archive it was cloned from */
	bool dry;              /* on a dry handle: its objects go when the
	                        * last dry run on it ends */
	git_oid base;          /* the base commit */
	bool has_base;
	git_tree *tree;        /* its tree, or NULL for the empty tree */
	json_t *writes;        /* path -> blob id */
	json_t *marked;        /* writes at the last vpd_txn_mark() */
	bool raw;              /* reads give sealed data as stored */
	vpd_seal *seal;        /* the key store, once a read needs it */
};

static int walk(vpd_archive *a, const char *under, const char *since,
    int (*cb)(const vpd_commit *, void *), void *ud, vpd_error *err);

static int
git_fail(vpd_error *err, int code, const char *what)
{
	const git_error *e = git_error_last();

	return vpd_error_set(err, code, NULL, 0, 0, "%s: %s", what,
	    e && e->message ? e->message : "libgit2 error");
}

static void
lib_init_once(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* The "cases" and "persons" trees grow with the archive (tens of
	 * KB at 1,000 cases); libgit2 caches trees only up to 4 KB by
	 * default, so every walk step inflated them again. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)1024 * 1024);
}

/* Once per process, whichever thread opens an archive first. */
static void
lib_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, lib_init_once);
}

/* Empty, or only the checkout's placeholder README.md. */
static int
dir_usable(const char *path, vpd_error *err)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char other[256] = "";
	bool repo = false;

	if (d == NULL)
		return errno == ENOENT ? 0 : vpd_error_set(err, VPD_EINVALID,
		    path, 0, 0, "cannot use as an archive: %s",
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, "README.md"))
			continue;
		if (!strcmp(de->d_name, "HEAD") || !strcmp(de->d_name, "objects"))
			repo = true;
		else if (other[0] == '\0')
			snprintf(other, sizeof(other), "%s", de->d_name);
	}
	closedir(d);
	if (repo)
		return vpd_error_set(err, VPD_EINVALID, path, 0, 0,
		    "an archive or git repository exists here already");
	if (other[0])
		return vpd_error_set(err, VPD_EINVALID, path, 0, 0,
		    "directory is not empty ('%s' is in it): refusing to make "
		    "an archive here", other);
	return 0;
}

int
vpd_archive_create(vpd_archive **out, const char *path, vpd_error *err)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	vpd_archive *a;
	int rc;

	*out = NULL;
	lib_init();
	if ((rc = dir_usable(path, err)))
		return rc;
	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
	    GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	opts.description = "vpd audit archive: incidents, measures, letters";
	if (git_repository_init_ext(&repo, path, &opts) < 0)
		return git_fail(err, VPD_EIO, path);
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_int32(cfg, "vpd.format", 1) < 0 ||
	    git_config_set_bool(cfg, "core.logallrefupdates", 1) < 0) {
		rc = git_fail(err, VPD_EIO, path);
		git_config_free(cfg);
		git_repository_free(repo);
		return rc;
	}
	git_config_free(cfg);
	a = calloc(1, sizeof(*a));
	a->repo = repo;
	a->path = strdup(path);
	a->gc_auto = GC_AUTO_DEFAULT;
	a->gc_detach = true;
	*out = a;
	return 0;
}


void
vpd_archive_destroy_new(vpd_archive *a)
{
	char path[4096];

	if (a == NULL)
		return;
	snprintf(path, sizeof(path), "%s", a->path);
	vpd_archive_free(a);
	/* Only what create() made: the directory held at most a README.md. */
	{
		static const char *parts[] = {"HEAD", "config", "description",
		    "objects", "refs", "hooks", "info", "logs", "packed-refs",
		    NULL};

		for (int i = 0; parts[i]; i++) {
			char p[4200];

			snprintf(p, sizeof(p), "%s/%s", path, parts[i]);
			vpd_file_remove_tree(p);
		}
		rmdir(path); /* fails, as it should, when README.md is there */
	}
}

/*
 * A clone (`git clone --bare`, a mirror) does not carry the config that
 * `vpd init` wrote, but the history says what it is: a tree with vpd's
 * format file (config/formaat.json) or, in archives older than that file,
 * its actors (config/actors.json).  1, the archive format, or 0.
 */
static int
marker_in_tree(git_repository *repo)
{
	static const char *const markers[] = {"config/formaat.json",
	    "config/actors.json"};
	git_object *tree = NULL;
	int found = 0;

	if (git_revparse_single(&tree, repo, BRANCH "^{tree}") < 0) {
		git_error_clear();
		return 0;
	}
	for (size_t i = 0; !found && i < 2; i++) {
		git_tree_entry *e = NULL;

		if (git_tree_entry_bypath(&e, (git_tree *)tree, markers[i]) ==
		    0 && git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			found = 1;
		git_tree_entry_free(e);
	}
	git_error_clear();
	git_object_free(tree);
	return found;
}

int
vpd_archive_open(vpd_archive **out, const char *path, vpd_error *err)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int32_t format = 0, gc_auto = GC_AUTO_DEFAULT, max_packs = 0;
	int detach = 1;
	bool mirrored;
	vpd_archive *a;
	struct stat st;

	*out = NULL;
	lib_init();
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "no archive here (create one with 'vpd init')");
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH |
	    GIT_REPOSITORY_OPEN_BARE, NULL) < 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "not a vpd archive (create one with 'vpd init')");
	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    (git_config_get_int32(&format, cfg, "vpd.format") < 0 &&
	    (format = marker_in_tree(repo)) == 0)) {
		git_config_free(cfg);
		git_repository_free(repo);
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "a git repository, but not a vpd archive");
	}
	/* absent (or unreadable) keys keep the defaults */
	if (git_config_get_int32(&gc_auto, cfg, "vpd.gcauto") < 0 ||
	    gc_auto < 0)
		gc_auto = GC_AUTO_DEFAULT;
	if (git_config_get_int32(&max_packs, cfg, "vpd.gcmaxpacks") < 0 ||
	    max_packs < 0)
		max_packs = 0;
	if (git_config_get_bool(&detach, cfg, "vpd.gcautodetach") < 0)
		detach = 1;
	{
		git_config_entry *e = NULL;

		/* the last value is enough to know there is one */
		mirrored = git_config_get_entry(&e, cfg, "vpd.mirror") == 0;
		git_config_entry_free(e);
	}
	git_error_clear();
	git_config_free(cfg);
	if (format != 1) {
		git_repository_free(repo);
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "archive format %d is not supported by this vpd", format);
	}
	a = calloc(1, sizeof(*a));
	a->repo = repo;
	a->path = strdup(path);
	a->gc_auto = (size_t)gc_auto;
	a->gc_max_packs = max_packs;
	a->gc_detach = detach != 0;
	a->mirrored = mirrored;
	{
		char file[4200];
		struct stat cst;

		snprintf(file, sizeof(file), "%s/config", path);
		if (stat(file, &cst) == 0)
			a->config_mtime = cst.st_mtim;
	}
	*out = a;
	return 0;
}

int
vpd_archive_open_scratch(vpd_archive **out, const char *path, vpd_error *err)
{
	git_odb_backend *mem = NULL;
	git_odb *odb = NULL;
	int rc;

	if ((rc = vpd_archive_open(out, path, err)))
		return rc;
	if (git_mempack_new(&mem) < 0 ||
	    git_repository_odb(&odb, (*out)->repo) < 0 ||
	    git_odb_add_backend(odb, mem, 1000) < 0) {
		rc = git_fail(err, VPD_EIO, path);
		if (mem)        /* the odb owns it only once added */
			mem->free(mem);
		git_odb_free(odb);
		vpd_archive_free(*out);
		*out = NULL;
		return rc;
	}
	(*out)->mem = mem;      /* the odb owns it */
	git_odb_free(odb);
	return 0;
}

void
vpd_archive_scratch_reset(vpd_archive *a)
{
	if (a->mem)
		git_mempack_reset(a->mem);
}

const char *
vpd_archive_path(const vpd_archive *a)
{
	return a->path;
}

size_t
vpd_archive_gc_threshold(const vpd_archive *a)
{
	return a->gc_auto;
}

int
vpd_archive_gc_max_packs(const vpd_archive *a)
{
	return a->gc_max_packs;
}

bool
vpd_archive_gc_detach(const vpd_archive *a)
{
	return a->gc_detach;
}

void
vpd_archive_free(vpd_archive *a)
{
	if (a == NULL)
		return;
	vpd_archive_free(a->dry);
	git_repository_free(a->repo);
	free(a->path);
	free(a);
}

int
vpd_archive_put_blob(vpd_archive *a, const void *buf, size_t len,
    char id[VPD_OID_HEX], vpd_error *err)
{
	git_oid oid;

	if (git_blob_create_from_buffer(&oid, a->repo, buf, len) < 0)
		return git_fail(err, VPD_EIO, "storing a blob");
	git_oid_tostr(id, VPD_OID_HEX, &oid);
	return 0;
}

static int
read_blob(vpd_archive *a, const git_oid *oid, char **buf, size_t *len,
    vpd_error *err)
{
	git_blob *blob = NULL;
	size_t n;

	if (git_blob_lookup(&blob, a->repo, oid) < 0)
		return git_fail(err, VPD_EIO, "reading a blob");
	n = (size_t)git_blob_rawsize(blob);
	*buf = malloc(n + 1);
	if (*buf == NULL) {
		git_blob_free(blob);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	memcpy(*buf, git_blob_rawcontent(blob), n);
	(*buf)[n] = '\0';
	if (len)
		*len = n;
	git_blob_free(blob);
	return 0;
}

int
vpd_archive_get_blob(vpd_archive *a, const char *id, char **buf, size_t *len,
    vpd_error *err)
{
	git_oid oid;

	if (id == NULL || git_oid_fromstr(&oid, id) < 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' is not an object id", id ? id : "");
	if (!git_odb_exists(NULL, &oid)) {
		git_odb *odb = NULL;
		int exists;

		if (git_repository_odb(&odb, a->repo) < 0)
			return git_fail(err, VPD_EIO, "object store");
		exists = git_odb_exists(odb, &oid);
		git_odb_free(odb);
		if (!exists)
			return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
			    "object %s is not in the archive", id);
	}
	return read_blob(a, &oid, buf, len, err);
}

int
vpd_archive_tip(vpd_archive *a, char id[VPD_OID_HEX], vpd_error *err)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, a->repo, BRANCH);

	id[0] = '\0';
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return git_fail(err, VPD_EIO, "reading the branch");
	git_oid_tostr(id, VPD_OID_HEX, &oid);
	return 0;
}

int
vpd_archive_commit_time(vpd_archive *a, const char *id, vpd_time *when,
    vpd_error *err)
{
	git_commit *c = NULL;
	git_oid oid;

	if (git_oid_fromstr(&oid, id) < 0 ||
	    git_commit_lookup(&c, a->repo, &oid) < 0)
		return git_fail(err, VPD_EIO, "reading a commit");
	*when = (vpd_time)git_commit_time(c);
	git_commit_free(c);
	return 0;
}

/* Whether ARCHIVE/config names a mirror; its mtime in *mtime. */
static bool
config_has_mirror(const char *path, struct timespec *mtime)
{
	git_config *cfg = NULL;
	git_config_entry *e = NULL;
	char file[4200];
	struct stat st;
	bool has;

	snprintf(file, sizeof(file), "%s/config", path);
	if (stat(file, &st) == 0)
		*mtime = st.st_mtim;
	if (git_config_open_ondisk(&cfg, file) < 0) {
		git_error_clear();
		return false;
	}
	has = git_config_get_entry(&e, cfg, "vpd.mirror") == 0;
	git_config_entry_free(e);
	git_config_free(cfg);
	git_error_clear();
	return has;
}

bool
vpd_archive_mirrored(vpd_archive *a)
{
	char file[4200];
	struct stat st;

	/* a long-running server learns of a mirror added since it started
	 * when the config file changes */
	snprintf(file, sizeof(file), "%s/config", a->path);
	if (stat(file, &st) == 0 && (st.st_mtim.tv_sec !=
	    a->config_mtime.tv_sec || st.st_mtim.tv_nsec !=
	    a->config_mtime.tv_nsec))
		a->mirrored = config_has_mirror(a->path, &a->config_mtime);
	return a->mirrored;
}

int
vpd_archive_line(vpd_archive *a, const char *tip, const char *id,
    long *count, long *pos, char root[VPD_OID_HEX], vpd_error *err)
{
	git_revwalk *walk = NULL;
	git_oid oid, want, from;
	bool look = id && *id;
	long n = 0, at = -1;
	int grc;

	*count = 0;
	if (pos)
		*pos = 0;
	if (root)
		root[0] = '\0';
	if (look && git_oid_fromstr(&want, id) < 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a commit id");
	if (tip && *tip && git_oid_fromstr(&from, tip) < 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a commit id");
	if (git_revwalk_new(&walk, a->repo) < 0 ||
	    git_revwalk_simplify_first_parent(walk) < 0 ||
	    ((tip && *tip) ? git_revwalk_push(walk, &from) :
	    git_revwalk_push_ref(walk, BRANCH)) < 0) {
		git_revwalk_free(walk);
		return git_fail(err, VPD_EIO, "walking the history");
	}
	while ((grc = git_revwalk_next(&oid, walk)) == 0) {
		if (look && at < 0 && git_oid_equal(&oid, &want))
			at = n;
		if (root)
			git_oid_tostr(root, VPD_OID_HEX, &oid);
		n++;
	}
	git_revwalk_free(walk);
	if (grc != GIT_ITEROVER)
		return git_fail(err, VPD_EIO, "walking the history");
	*count = n;
	if (pos)
		*pos = at < 0 ? 0 : n - at;
	return 0;
}

/* ---- Transactions --------------------------------------------------- */

int
vpd_txn_begin_at(vpd_txn **out, vpd_archive *a, const char *commit,
    vpd_error *err)
{
	vpd_txn *t = calloc(1, sizeof(*t));
	git_commit *c = NULL;

	*out = NULL;
	if (t == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	t->a = t->home = a;
	t->writes = json_object();
	if (commit && *commit) {
		if (git_oid_fromstr(&t->base, commit) < 0 ||
		    git_commit_lookup(&c, a->repo, &t->base) < 0 ||
		    git_commit_tree(&t->tree, c) < 0) {
			int rc = git_fail(err, VPD_EIO, "reading a commit");

			git_commit_free(c);
			vpd_txn_free(t);
			return rc;
		}
		git_commit_free(c);
		t->has_base = true;
	}
	*out = t;
	return 0;
}

int
vpd_txn_begin(vpd_txn **out, vpd_archive *a, vpd_error *err)
{
	char tip[VPD_OID_HEX];
	int rc;

	if ((rc = vpd_archive_tip(a, tip, err)))
		return rc;
	return vpd_txn_begin_at(out, a, tip, err);
}

void
vpd_txn_base(const vpd_txn *t, char out[VPD_OID_HEX])
{
	out[0] = '\0';
	if (t->has_base)
		git_oid_tostr(out, VPD_OID_HEX, &t->base);
}

/*
 * A dry run writes on the archive's scratch handle (a mempack in front of
 * the same object store, opened once), so that the records and indexes it
 * writes, which the real run writes again with other content, never
 * reach the disk as unreachable objects; they go when the dry run ends.
 * On a scratch handle (verify) the clone shares its mempack.
 */
int
vpd_txn_clone(vpd_txn **out, vpd_txn *t, vpd_error *err)
{
	char base[VPD_OID_HEX] = "";
	vpd_archive *on = t->a;
	int rc;

	if (t->has_base)
		git_oid_tostr(base, sizeof(base), &t->base);
	if (on->mem == NULL) {
		if (on->dry == NULL &&
		    (rc = vpd_archive_open_scratch(&on->dry, on->path, err)))
			return rc;
		on = on->dry;
	}
	if ((rc = vpd_txn_begin_at(out, on, base, err)))
		return rc;
	(*out)->home = t->home;
	if (on != t->a) {
		(*out)->dry = true;
		on->dry_runs++;
	}
	json_decref((*out)->writes);
	(*out)->writes = json_deep_copy(t->writes);
	(*out)->marked = t->marked ? json_deep_copy(t->marked) : NULL;
	(*out)->raw = t->raw;
	return 0;
}

void
vpd_txn_free(vpd_txn *t)
{
	if (t == NULL)
		return;
	git_tree_free(t->tree);
	json_decref(t->writes);
	json_decref(t->marked);
	vpd_seal_free(t->seal);
	if (t->dry && --t->a->dry_runs == 0)
		git_mempack_reset(t->a->mem);
	free(t);
}

vpd_archive *
vpd_txn_archive(vpd_txn *t)
{
	return t->a;
}

vpd_archive *
vpd_txn_home(vpd_txn *t)
{
	return t->home;
}

bool
vpd_txn_wrote(const vpd_txn *t, const char *path)
{
	return json_is_string(json_object_get(t->writes, path));
}

void
vpd_txn_set_raw(vpd_txn *t, bool raw)
{
	t->raw = raw;
}

vpd_seal *
vpd_txn_seal(vpd_txn *t)
{
	if (t->seal == NULL)
		t->seal = vpd_seal_new(t->home->path);
	return t->seal;
}

/* An open transaction's reads give what sealed files hold. */
static int
open_read(vpd_txn *t, int rc, char **buf, size_t *len, vpd_error *err)
{
	char *plain;
	size_t n;

	if (rc || t->raw || !vpd_seal_blob_person(*buf, *len, NULL, NULL))
		return rc;
	if (vpd_txn_seal(t) == NULL)
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	else
		rc = vpd_seal_open_blob(t->seal, *buf, *len, &plain, &n, err);
	free(*buf);
	*buf = NULL;
	if (rc == 0) {
		*buf = plain;
		*len = n;
	}
	return rc;
}

bool
vpd_txn_dirty(const vpd_txn *t)
{
	return json_object_size(t->writes) > 0;
}

/* The blob id of a path in the base tree; 0, or GIT_ENOTFOUND. */
static int
base_entry(vpd_txn *t, const char *path, git_oid *oid, git_object_t *type)
{
	git_tree_entry *e = NULL;

	if (t->tree == NULL)
		return GIT_ENOTFOUND;
	if (git_tree_entry_bypath(&e, t->tree, path) < 0)
		return GIT_ENOTFOUND;
	git_oid_cpy(oid, git_tree_entry_id(e));
	*type = git_tree_entry_type(e);
	git_tree_entry_free(e);
	return 0;
}

static int
txn_read(vpd_txn *t, const char *path, char **buf, size_t *len,
    vpd_error *err)
{
	json_t *wj = json_object_get(t->writes, path);
	const char *w = json_string_value(wj);
	git_object_t type;
	git_oid oid;

	*buf = NULL;
	if (json_is_null(wj))
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "%s: not in the archive", path);
	if (w) {
		git_oid_fromstr(&oid, w);
		return read_blob(t->a, &oid, buf, len, err);
	}
	if (base_entry(t, path, &oid, &type) != 0 || type != GIT_OBJECT_BLOB)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "%s: not in the archive", path);
	return read_blob(t->a, &oid, buf, len, err);
}

int
vpd_txn_read(vpd_txn *t, const char *path, char **buf, size_t *len,
    vpd_error *err)
{
	return open_read(t, txn_read(t, path, buf, len, err), buf, len, err);
}

int
vpd_txn_read_checked(vpd_txn *t, const char *path, const char *sha256,
    char **buf, size_t *len, vpd_error *err)
{
	int rc;

	if (path == NULL)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "a file recorded without a path");
	if ((rc = vpd_txn_read(t, path, buf, len, err)))
		return rc;
	if (!vpd_archive_sha256_is(*buf, *len, sha256)) {
		free(*buf);
		*buf = NULL;
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0, "%s does not "
		    "have its recorded sha256: run vpd verify", path);
	}
	return 0;
}

void
vpd_txn_mark(vpd_txn *t)
{
	json_decref(t->marked);
	t->marked = json_copy(t->writes);
}

int
vpd_txn_read_marked(vpd_txn *t, const char *path, char **buf, size_t *len,
    vpd_error *err)
{
	json_t *w = t->marked ? json_object_get(t->marked, path) : NULL;
	git_object_t type;
	git_oid oid;

	*buf = NULL;
	if (w) {
		if (json_is_null(w) ||
		    git_oid_fromstr(&oid, json_string_value(w)) < 0)
			return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
			    "%s: not in the archive", path);
		return read_blob(t->a, &oid, buf, len, err);
	}
	if (base_entry(t, path, &oid, &type) != 0 || type != GIT_OBJECT_BLOB)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "%s: not in the archive", path);
	return read_blob(t->a, &oid, buf, len, err);
}

json_t *
vpd_txn_changed(vpd_txn *t)
{
	json_t *paths = json_array(), *v;
	const char *key;

	json_object_foreach(t->writes, key, v)
		if (t->marked == NULL ||
		    !json_equal(json_object_get(t->marked, key), v))
			json_array_append_new(paths, json_string(key));
	vpd_json_sort(paths, vpd_json_cmp_string, true);
	return paths;
}

bool
vpd_txn_exists(vpd_txn *t, const char *path)
{
	git_object_t type;
	git_oid oid;

	json_t *w = json_object_get(t->writes, path);

	if (w)
		return !json_is_null(w);
	return base_entry(t, path, &oid, &type) == 0;
}

int
vpd_txn_read_json(vpd_txn *t, const char *path, json_t **out, vpd_error *err)
{
	json_error_t je;
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = vpd_txn_read(t, path, &buf, &len, err)))
		return rc;
	*out = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (*out == NULL && (vpd_json_error_strip(je.text), 1))
		return vpd_error_set(err, VPD_EIO, path, je.line, je.column,
		    "archive file is not valid JSON: %s", je.text);
	if (!t->raw && vpd_txn_seal(t) == NULL)
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	else if (!t->raw)
		rc = vpd_seal_open(t->seal, out, err);
	if (rc) {
		if (*err->file == '\0')
			snprintf(err->file, sizeof(err->file), "%s", path);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static void
add_sorted_unique(json_t *arr, const char *name)
{
	size_t i, n = json_array_size(arr);

	for (i = 0; i < n; i++) {
		int c = strcmp(json_string_value(json_array_get(arr, i)), name);

		if (c == 0)
			return;
		if (c > 0)
			break;
	}
	json_array_insert_new(arr, i, json_string(name));
}

json_t *
vpd_txn_list(vpd_txn *t, const char *dir)
{
	json_t *names = json_array(), *v;
	size_t dl = strlen(dir);
	git_object_t type;
	git_oid oid;
	const char *key;

	if (base_entry(t, dir, &oid, &type) == 0 && type == GIT_OBJECT_TREE) {
		git_tree *sub = NULL;

		if (git_tree_lookup(&sub, t->a->repo, &oid) == 0) {
			/* A tree is sorted already (a directory's name as if
			 * it ended in '/'): append, and sort only when git's
			 * order differs from strcmp's.  Inserting one by one
			 * made listing 10,000 cases quadratic. */
			size_t n = git_tree_entrycount(sub);
			bool sorted = true;
			const char *prev = NULL;

			for (size_t i = 0; i < n; i++) {
				const char *name = git_tree_entry_name(
				    git_tree_entry_byindex(sub, i));

				if (prev && strcmp(prev, name) >= 0)
					sorted = false;
				json_array_append_new(names, json_string(name));
				prev = name;
			}
			git_tree_free(sub);
			if (!sorted)
				vpd_json_sort(names, vpd_json_cmp_string,
				    true);
		}
	}
	json_object_foreach(t->writes, key, v) {
		const char *rest, *slash;
		char name[256];

		if (strncmp(key, dir, dl) != 0 || key[dl] != '/')
			continue;
		rest = key + dl + 1;
		slash = strchr(rest, '/');
		if (json_is_null(v) && slash == NULL) {
			/* a removed file */
			for (size_t i = 0; i < json_array_size(names); i++)
				if (!strcmp(json_string_value(
				    json_array_get(names, i)), rest))
					json_array_remove(names, i);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s",
		    (int)(slash ? (size_t)(slash - rest) : strlen(rest)), rest);
		add_sorted_unique(names, name);
	}
	return names;
}

int
vpd_txn_write_blob_id(vpd_txn *t, const char *path, const char *id,
    vpd_error *err)
{
	if (path[0] == '\0' || path[0] == '/' || strstr(path, "//") ||
	    strstr(path, ".."))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "invalid archive path '%s'", path);
	json_object_set_new(t->writes, path, json_string(id));
	return 0;
}

int
vpd_txn_remove(vpd_txn *t, const char *path, vpd_error *err)
{
	if (!vpd_txn_exists(t, path))
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "%s: not in the archive", path);
	json_object_set_new(t->writes, path, json_null());
	return 0;
}

int
vpd_txn_write(vpd_txn *t, const char *path, const void *buf, size_t len,
    vpd_error *err)
{
	char id[VPD_OID_HEX];
	int rc;

	if ((rc = vpd_archive_put_blob(t->a, buf, len, id, err)))
		return rc;
	return vpd_txn_write_blob_id(t, path, id, err);
}

int
vpd_txn_write_json(vpd_txn *t, const char *path, const json_t *j,
    vpd_error *err)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
	size_t len;
	int rc;

	if (s == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "cannot serialise %s", path);
	len = strlen(s);
	{
		char *nl = realloc(s, len + 2);

		if (nl == NULL) {
			free(s);
			return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
			    "out of memory");
		}
		s = nl;
		s[len++] = '\n';
		s[len] = '\0';
	}
	rc = vpd_txn_write(t, path, s, len, err);
	free(s);
	return rc;
}

static int
build_tree(vpd_txn *t, git_oid *out, vpd_error *err)
{
	size_t n = json_object_size(t->writes), i = 0;
	git_tree_update *ups = calloc(n + 1, sizeof(*ups));
	git_tree *base = t->tree, *empty = NULL;
	const char *key;
	json_t *v;
	int rc = 0;

	if (ups == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if (base == NULL) {
		git_treebuilder *tb = NULL;
		git_oid eid;

		if (git_treebuilder_new(&tb, t->a->repo, NULL) < 0 ||
		    git_treebuilder_write(&eid, tb) < 0 ||
		    git_tree_lookup(&empty, t->a->repo, &eid) < 0) {
			git_treebuilder_free(tb);
			free(ups);
			return git_fail(err, VPD_EIO, "building a tree");
		}
		git_treebuilder_free(tb);
		base = empty;
	}
	json_object_foreach(t->writes, key, v) {
		git_object_t type;
		git_oid oid;

		if (json_is_null(v)) {
			/* removed; a file written and removed in this
			 * transaction was never in the base */
			if (base_entry(t, key, &oid, &type) != 0)
				continue;
			ups[i].action = GIT_TREE_UPDATE_REMOVE;
			ups[i].path = key;
			i++;
			continue;
		}
		ups[i].action = GIT_TREE_UPDATE_UPSERT;
		git_oid_fromstr(&ups[i].id, json_string_value(v));
		ups[i].filemode = GIT_FILEMODE_BLOB;
		ups[i].path = key;
		i++;
	}
	if (git_tree_create_updated(out, t->a->repo, base, i, ups) < 0)
		rc = git_fail(err, VPD_EIO, "building a tree");
	git_tree_free(empty);
	free(ups);
	return rc;
}

int
vpd_txn_tree(vpd_txn *t, char id[VPD_OID_HEX], vpd_error *err)
{
	git_oid oid;
	int rc;

	if ((rc = build_tree(t, &oid, err)))
		return rc;
	git_oid_tostr(id, VPD_OID_HEX, &oid);
	return 0;
}

/* "A. de Vries" -> "a.de.vries@vpd.invalid": git needs an address, and
 * .invalid (RFC 2606) says plainly that it is none. */
static void
placeholder_email(const char *name, char *out, size_t size)
{
	size_t n = 0;
	bool dot = true;

	for (; *name && n + 16 < size; name++) {
		unsigned char ch = (unsigned char)*name;

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			out[n++] = (char)ch;
			dot = false;
		} else if (ch >= 'A' && ch <= 'Z') {
			out[n++] = (char)(ch - 'A' + 'a');
			dot = false;
		} else if (!dot && ch < 0x80) {
			out[n++] = '.';
			dot = true;
		}
	}
	while (n > 0 && out[n - 1] == '.')
		n--;
	if (n == 0)
		out[n++] = 'x';
	snprintf(out + n, size - n, "@vpd.invalid");
}

static int
tz_offset_minutes(vpd_time when)
{
	struct tm tm;
	time_t tt = (time_t)when;

	vpd_time_init();
	localtime_r(&tt, &tm);
	return (int)(tm.tm_gmtoff / 60);
}

/* Seconds after which a ref lock no vpd writer holds is a killed
 * process's leftover (a stock git command holds one for milliseconds; a
 * writer killed mid-commit so delays the next by about this long). */
#define REF_LOCK_STALE 2

/*
 * The writers' advisory lock, held only while the branch moves (a few
 * milliseconds), so waiting for it is short; the kernel drops it when
 * its holder dies, whatever the way.  Returns the descriptor, or -1 with
 * err set.
 */
static int
writer_lock(vpd_archive *a, vpd_error *err)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/vpd-write.lock", a->path);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) < 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "cannot open the archive's write lock: %s",
		    strerror(errno)), -1;
	for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited++) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= 1500) {
			vpd_error_set(err, errno == EWOULDBLOCK ? VPD_ECONFLICT :
			    VPD_EIO, path, 0, 0, "cannot take the archive's "
			    "write lock: %s", errno == EWOULDBLOCK ? "another "
			    "vpd process has held it for 15 s" :
			    strerror(errno));
			close(fd);
			return -1;
		}
		usleep(10000);
	}
	return fd;
}

/*
 * Under the writers' lock: a lock file git left on the branch (or its
 * log) that is REF_LOCK_STALE seconds old was left by a killed process;
 * it would block every write for good.  A younger one may be a stock git
 * command's at work: the commit then meets it and retries.
 */
static void
clear_stale_ref_locks(vpd_archive *a)
{
	static const char *const locks[] = {"refs/heads/main.lock",
	    "logs/refs/heads/main.lock", NULL};
	time_t now = time(NULL);

	for (int i = 0; locks[i]; i++) {
		char path[4200];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", a->path, locks[i]);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    now - st.st_mtime >= REF_LOCK_STALE)
			unlink(path);
	}
}

/* Whether the branch lock is something other than a regular file. */
static bool
odd_ref_lock(vpd_archive *a)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/refs/heads/main.lock", a->path);
	return lstat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* ---- Signing -------------------------------------------------------- */

int
vpd_txn_signing_key(vpd_txn *t, bool *need,
    unsigned char pk[VPD_SIGN_PK_BYTES], vpd_error *err)
{
	git_object_t type;
	git_oid oid;
	char *buf = NULL;
	size_t len = 0;
	int rc, n = 0;

	*need = false;
	/* the key in force before this change signs it ... */
	if (base_entry(t, VPD_SIGNERS_FILE, &oid, &type) == 0 &&
	    type == GIT_OBJECT_BLOB) {
		if ((rc = read_blob(t->a, &oid, &buf, &len, err)))
			return rc;
	} else if ((rc = vpd_txn_read(t, VPD_SIGNERS_FILE, &buf, &len,
	    err)) != 0) {
		/* ... or, bringing in the first key, that key */
		if (rc != VPD_ENOTFOUND)
			return rc;
		vpd_error_clear(err);
		return 0;
	}
	rc = vpd_sign_allowed_scan(buf, len, NULL, &n, pk);
	free(buf);
	if (rc == -2)
		return vpd_error_set(err, VPD_EINVALID, VPD_SIGNERS_FILE, 0, 0,
		    "a line holds no ed25519 key");
	*need = n > 0;
	return 0;
}

/*
 * The secret half of pk from ARCHIVE/private: signing.key, or
 * signing.key.new while a new key comes in (the commit that brings in the
 * first key is signed by it; a crash after a rotation's commit leaves it
 * there).  *fresh tells which.
 */
int
vpd_archive_secret_key(vpd_archive *a, const unsigned char pk[32],
    unsigned char sk[64], bool *fresh, vpd_error *err)
{
	static const char *const names[] = {"signing.key", "signing.key.new"};

	for (int i = 0; i < 2; i++) {
		char path[4200];
		vpd_error e;

		snprintf(path, sizeof(path), "%s/private/%s", a->path,
		    names[i]);
		if (vpd_sign_key_read(path, sk, &e) == 0 &&
		    memcmp(sk + 32, pk, VPD_SIGN_PK_BYTES) == 0) {
			*fresh = i == 1;
			return 0;
		}
	}
	memset(sk, 0, VPD_SIGN_SK_BYTES);
	return vpd_error_set(err, VPD_EIO, NULL, 0, 0, "%s/private/signing.key "
	    "is missing or is not the archive's current key (the last in "
	    "%s): this copy cannot sign, so it makes no change; a mirror or "
	    "clone is read-only, and a lost key is replaced as "
	    "docs/security.md says", a->path, VPD_SIGNERS_FILE);
}

/*
 * After a commit signed by the key in signing.key.new: it is the key now.
 * Only if the file still holds that key (a rotation may have put the
 * next one there meanwhile), and never while a rotation works on it
 * (it holds private/rotate.lock; it then puts the file in place itself,
 * or the next commit does).
 */
static void
adopt_new_key(vpd_archive *a, const unsigned char pk[VPD_SIGN_PK_BYTES])
{
	unsigned char sk[VPD_SIGN_SK_BYTES];
	char from[4200], to[4200], lock[4200];
	vpd_error e;
	int fd;

	snprintf(from, sizeof(from), "%s/private/signing.key.new", a->path);
	snprintf(to, sizeof(to), "%s/private/signing.key", a->path);
	snprintf(lock, sizeof(lock), "%s/private/rotate.lock", a->path);
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) < 0)
		return;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0 &&
	    vpd_sign_key_read(from, sk, &e) == 0 &&
	    memcmp(sk + 32, pk, VPD_SIGN_PK_BYTES) == 0 &&
	    rename(from, to) == 0)
		vpd_file_sync_dir(to);
	memset(sk, 0, sizeof(sk));
	close(fd);                      /* drops the flock */
}

/* Writes the commit, signed when the archive has a key (the first key
 * being brought in counts). */
static int
write_commit(vpd_txn *t, git_oid *out, const git_signature *sig,
    const char *message, const git_tree *tree, const git_commit **parents,
    bool *fresh, unsigned char pk[VPD_SIGN_PK_BYTES], vpd_error *err)
{
	unsigned char sk[VPD_SIGN_SK_BYTES];
	git_buf buf = {0};
	bool need;
	char *armored;
	int rc;

	*fresh = false;
	if ((rc = vpd_txn_signing_key(t, &need, pk, err)))
		return rc;
	/* a scratch handle replays commits in memory: verify checks the
	 * stored commits' signatures, not these */
	if (!need || t->a->mem != NULL) {
		if (git_commit_create(out, t->a->repo, NULL, sig, sig, NULL,
		    message, tree, t->has_base ? 1 : 0, parents) < 0)
			return git_fail(err, VPD_EIO, "writing the commit");
		return 0;
	}
	if ((rc = vpd_archive_secret_key(t->a, pk, sk, fresh, err))) {
		git_oid tip;

		/* a rotation that landed since this change began took the
		 * base's key away: the change is retried on the new tip */
		if (git_reference_name_to_id(&tip, t->a->repo, BRANCH) == 0 &&
		    (!t->has_base || !git_oid_equal(&tip, &t->base))) {
			vpd_error_clear(err);
			return vpd_error_set(err, VPD_ECONFLICT, NULL, 0, 0,
			    "the archive changed while this change was made");
		}
		return rc;
	}
	if (git_commit_create_buffer(&buf, t->a->repo, sig, sig, NULL,
	    message, tree, t->has_base ? 1 : 0, parents) < 0) {
		memset(sk, 0, sizeof(sk));
		return git_fail(err, VPD_EIO, "writing the commit");
	}
	armored = vpd_sign_sshsig(sk, VPD_SIGN_NS_GIT, buf.ptr, buf.size);
	memset(sk, 0, sizeof(sk));
	if (armored == NULL)
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	else if (git_commit_create_with_signature(out, t->a->repo, buf.ptr,
	    armored, "gpgsig") < 0)
		rc = git_fail(err, VPD_EIO, "writing the signed commit");
	free(armored);
	git_buf_dispose(&buf);
	return rc;
}

int
vpd_archive_commit_signature(vpd_archive *a, const char *id, char **sig,
    char **data, size_t *len, vpd_error *err)
{
	git_buf s = {0}, d = {0};
	git_oid oid;
	int grc;

	*sig = *data = NULL;
	if (git_oid_fromstr(&oid, id) < 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "not a commit id");
	grc = git_commit_extract_signature(&s, &d, a->repo, &oid, "gpgsig");
	if (grc == GIT_ENOTFOUND)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "commit %.12s is not signed", id);
	if (grc < 0)
		return git_fail(err, VPD_EIO, "reading a commit's signature");
	*sig = strndup(s.ptr, s.size);
	*data = malloc(d.size + 1);
	if (*sig == NULL || *data == NULL) {
		free(*sig);
		free(*data);
		*sig = *data = NULL;
		git_buf_dispose(&s);
		git_buf_dispose(&d);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	memcpy(*data, d.ptr, d.size);
	(*data)[d.size] = '\0';
	*len = d.size;
	git_buf_dispose(&s);
	git_buf_dispose(&d);
	return 0;
}

int
vpd_txn_commit(vpd_txn *t, const char *name, const char *email,
    vpd_time when, const char *message, char id[VPD_OID_HEX], vpd_error *err)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_reference *ref = NULL;
	git_oid tree_oid, commit_oid;
	const git_commit *parents[1];
	int rc = 0, grc, lockfd = -1;
	unsigned char used_key[VPD_SIGN_PK_BYTES];
	bool fresh;

	if (name == NULL || *name == '\0')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "a commit needs its author's name");
	if ((rc = build_tree(t, &tree_oid, err)))
		return rc;
	char fallback[160];

	if (email == NULL || *email == '\0') {
		placeholder_email(name, fallback, sizeof(fallback));
		email = fallback;
	}
	if (git_tree_lookup(&tree, t->a->repo, &tree_oid) < 0 ||
	    git_signature_new(&sig, name, email,
	    (git_time_t)when, tz_offset_minutes(when)) < 0 ||
	    (t->has_base && git_commit_lookup(&parent, t->a->repo,
	    &t->base) < 0)) {
		rc = git_fail(err, VPD_EIO, "preparing the commit");
		goto done;
	}
	parents[0] = parent;
	if ((rc = write_commit(t, &commit_oid, sig, message, tree, parents,
	    &fresh, used_key, err)))
		goto done;
	/* a scratch handle (verify, dry runs) moves a branch in memory only */
	if (t->a->mem == NULL) {
		if ((lockfd = writer_lock(t->a, err)) < 0) {
			rc = err->code;
			goto done;
		}
		clear_stale_ref_locks(t->a);
	}
	if (t->has_base)
		grc = git_reference_create_matching(&ref, t->a->repo, BRANCH,
		    &commit_oid, 1, &t->base, "vpd");
	else
		grc = git_reference_create(&ref, t->a->repo, BRANCH,
		    &commit_oid, 0, "vpd");
	if (grc == GIT_ELOCKED && odd_ref_lock(t->a)) {
		/* not a lock git makes: no writer will ever remove it, and
		 * neither does vpd; retrying would only wait */
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "%s/refs/heads/main.lock is not a file but a directory or "
		    "a link, which blocks every write; no git command makes "
		    "one, so vpd leaves it alone: an administrator must look "
		    "at it and remove it", t->a->path);
		goto done;
	}
	if (grc == GIT_ELOCKED) {
		rc = vpd_error_set(err, VPD_ECONFLICT, NULL, 0, 0,
		    "the archive's branch is locked (refs/heads/main.lock): a "
		    "git command is writing to it, or a killed one left the "
		    "lock, which vpd removes once it is %d s old",
		    REF_LOCK_STALE);
		goto done;
	}
	if (grc == GIT_EMODIFIED || grc == GIT_EEXISTS) {
		rc = vpd_error_set(err, VPD_ECONFLICT, NULL, 0, 0,
		    "the archive changed while this change was made");
		goto done;
	}
	if (grc < 0) {
		rc = git_fail(err, VPD_EIO, "moving the branch");
		goto done;
	}
	git_oid_tostr(id, VPD_OID_HEX, &commit_oid);
	if (fresh)
		adopt_new_key(t->a, used_key);
done:
	if (lockfd >= 0)
		close(lockfd);          /* drops the flock */
	git_reference_free(ref);
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	return rc;
}

/* ---- History -------------------------------------------------------- */

/*
 * The paths that differ between two trees, as `git diff` names them:
 * added ones into out->added, modified and deleted ones into
 * out->changed.  Subtrees with the same id are skipped without being
 * read: a commit touches a handful of the archive's folders, and
 * libgit2's tree-to-tree diff read every entry of every folder on the
 * way (at 10,000 cases that made `vpd verify` slower with every commit).
 * `old` or `cur` may be NULL (nothing there).
 */
static int
tree_changes(vpd_archive *a, const git_tree *old, const git_tree *cur,
    const char *prefix, vpd_commit *out)
{
	size_t i = 0, j = 0, no = old ? git_tree_entrycount(old) : 0;
	size_t nc = cur ? git_tree_entrycount(cur) : 0;
	int rc = 0;

	while (rc == 0 && (i < no || j < nc)) {
		const git_tree_entry *eo = i < no ?
		    git_tree_entry_byindex(old, i) : NULL;
		const git_tree_entry *ec = j < nc ?
		    git_tree_entry_byindex(cur, j) : NULL;
		int c = eo == NULL ? 1 : ec == NULL ? -1 :
		    git_tree_entry_cmp(eo, ec);
		const git_tree_entry *e = c <= 0 ? eo : ec;
		bool is_tree = git_tree_entry_type(e) == GIT_OBJECT_TREE;
		char *path;

		if (c == 0 && git_oid_equal(git_tree_entry_id(eo),
		    git_tree_entry_id(ec)) && git_tree_entry_filemode(eo) ==
		    git_tree_entry_filemode(ec)) {
			i++;
			j++;
			continue;
		}
		{
			size_t n = strlen(prefix) +
			    strlen(git_tree_entry_name(e)) + 2;

			if ((path = malloc(n)) == NULL)
				return -1;
			snprintf(path, n, "%s%s%s", prefix,
			    git_tree_entry_name(e), is_tree ? "/" : "");
		}
		if (is_tree) {
			git_tree *to = NULL, *tc = NULL;

			if ((c <= 0 && git_tree_lookup(&to, a->repo,
			    git_tree_entry_id(eo)) < 0) || (c >= 0 &&
			    git_tree_lookup(&tc, a->repo,
			    git_tree_entry_id(ec)) < 0))
				rc = -1;
			else
				rc = tree_changes(a, to, tc, path, out);
			git_tree_free(to);
			git_tree_free(tc);
		} else {
			json_array_append_new(c > 0 ? out->added : out->changed,
			    json_string(path));
		}
		free(path);
		i += c <= 0;
		j += c >= 0;
	}
	return rc;
}

static int
changes(vpd_archive *a, git_commit *c, vpd_commit *out, vpd_error *err)
{
	git_tree *old = NULL, *cur = NULL;
	git_commit *parent = NULL;
	int rc = 0;

	if (git_commit_tree(&cur, c) < 0 ||
	    (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&parent, c, 0) < 0 ||
	    git_commit_tree(&old, parent) < 0)) ||
	    tree_changes(a, old, cur, "", out) < 0)
		rc = git_fail(err, VPD_EIO, "reading a commit's changes");
	git_tree_free(old);
	git_tree_free(cur);
	git_commit_free(parent);
	return rc;
}

/*
 * Whether commit c changed what is at `under` (a folder or file path),
 * compared with its first parent: two tree lookups, no diff.
 */
static bool
touches(git_commit *c, const char *under)
{
	git_tree *tree = NULL, *ptree = NULL;
	git_tree_entry *e = NULL, *pe = NULL;
	git_commit *parent = NULL;
	bool changed;

	if (under == NULL)
		return true;
	if (git_commit_tree(&tree, c) < 0)
		return true;
	git_tree_entry_bypath(&e, tree, under);
	if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c,
	    0) == 0 && git_commit_tree(&ptree, parent) == 0)
		git_tree_entry_bypath(&pe, ptree, under);
	if (e == NULL || pe == NULL)
		changed = e != pe;
	else
		changed = !git_oid_equal(git_tree_entry_id(e),
		    git_tree_entry_id(pe));
	git_tree_entry_free(e);
	git_tree_entry_free(pe);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_tree_free(tree);
	return changed;
}

int
vpd_archive_walk(vpd_archive *a, int (*cb)(const vpd_commit *, void *),
    void *ud, vpd_error *err)
{
	return vpd_archive_walk_under(a, NULL, cb, ud, err);
}

int
vpd_archive_walk_under(vpd_archive *a, const char *under,
    int (*cb)(const vpd_commit *, void *), void *ud, vpd_error *err)
{
	return walk(a, under, NULL, cb, ud, err);
}

int
vpd_archive_walk_since(vpd_archive *a, const char *since,
    int (*cb)(const vpd_commit *, void *), void *ud, vpd_error *err)
{
	return walk(a, NULL, since, cb, ud, err);
}

static int
walk(vpd_archive *a, const char *under, const char *since,
    int (*cb)(const vpd_commit *, void *), void *ud, vpd_error *err)
{
	git_revwalk *walk = NULL;
	git_oid oid, hide, head;
	int rc = 0, next;
	char tip[VPD_OID_HEX];

	if ((rc = vpd_archive_tip(a, tip, err)))
		return rc;
	if (tip[0] == '\0')
		return since ? vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "commit %.12s is not in the archive's history", since) : 0;
	if (since) {
		git_object *o = NULL;

		/* as git reads it: a full or short id, or "main~3" */
		if (strlen(since) > 100 || git_revparse_single(&o, a->repo,
		    since) < 0 || git_object_type(o) != GIT_OBJECT_COMMIT) {
			git_object_free(o);
			git_error_clear();
			return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
			    "'%.40s' is not a commit of the archive", since);
		}
		git_oid_cpy(&hide, git_object_id(o));
		git_object_free(o);
		/* only on the line to the tip: never a commit elsewhere */
		git_oid_fromstr(&head, tip);
		if (git_oid_cmp(&hide, &head) != 0 &&
		    git_graph_descendant_of(a->repo, &head, &hide) != 1)
			return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
			    "commit %.12s is not on the branch's line to its "
			    "tip", since);
	}
	if (git_revwalk_new(&walk, a->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push_ref(walk, BRANCH) < 0 ||
	    (since && git_revwalk_hide(walk, &hide) < 0)) {
		rc = git_fail(err, VPD_EIO, "walking history");
		git_revwalk_free(walk);
		return rc;
	}
	while (rc == 0 && (next = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		vpd_commit info;
		const git_signature *au;

		if (git_commit_lookup(&c, a->repo, &oid) < 0) {
			rc = git_fail(err, VPD_EIO, "reading a commit");
			break;
		}
		if (!touches(c, under)) {
			git_commit_free(c);
			continue;
		}
		memset(&info, 0, sizeof(info));
		git_oid_tostr(info.id, VPD_OID_HEX, &oid);
		git_oid_tostr(info.tree, VPD_OID_HEX, git_commit_tree_id(c));
		info.nparents = (int)git_commit_parentcount(c);
		if (info.nparents > 0)
			git_oid_tostr(info.parent, VPD_OID_HEX,
			    git_commit_parent_id(c, 0));
		au = git_commit_author(c);
		info.author = au->name;
		info.email = au->email;
		info.when = (vpd_time)au->when.time;
		info.message = git_commit_message(c);
		info.added = json_array();
		info.changed = json_array();
		rc = changes(a, c, &info, err);
		if (rc == 0)
			rc = cb(&info, ud);
		json_decref(info.added);
		json_decref(info.changed);
		git_commit_free(c);
	}
	/* a walk that breaks off (a parent missing) is an error, never the
	 * end of history: verify would report a short history as good */
	if (rc == 0 && next != GIT_ITEROVER)
		rc = git_fail(err, VPD_EIO, "walking history");
	git_revwalk_free(walk);
	return rc;
}

int
vpd_archive_tree_diff(vpd_archive *a, const char *tree_a, const char *tree_b,
    char *path, size_t size, vpd_error *err)
{
	git_tree *ta = NULL, *tb = NULL;
	git_diff *diff = NULL;
	git_oid oa, ob;
	int rc = 0;

	path[0] = '\0';
	if (git_oid_fromstr(&oa, tree_a) < 0 || git_oid_fromstr(&ob, tree_b) < 0 ||
	    git_tree_lookup(&ta, a->repo, &oa) < 0 ||
	    git_tree_lookup(&tb, a->repo, &ob) < 0 ||
	    git_diff_tree_to_tree(&diff, a->repo, ta, tb, NULL) < 0) {
		rc = git_fail(err, VPD_EIO, "comparing trees");
		goto done;
	}
	if (git_diff_num_deltas(diff) > 0) {
		const git_diff_delta *d = git_diff_get_delta(diff, 0);

		snprintf(path, size, "%s", d->new_file.path ?
		    d->new_file.path : d->old_file.path);
	}
done:
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

bool
vpd_archive_sha256_is(const void *buf, size_t len, const char *want)
{
	char sha[VPD_SHA256_HEX];

	return want && vpd_archive_sha256(buf, len, sha) == 0 &&
	    strcmp(sha, want) == 0;
}

int
vpd_archive_sha256(const void *buf, size_t len, char out[VPD_SHA256_HEX])
{
	unsigned char md[32];

	if (mbedtls_sha256_ret(buf, len, md, 0) != 0)
		return VPD_EIO;
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}
