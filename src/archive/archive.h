/*
 * archive.h - the git audit archive (a bare repository, libgit2 only here).
 *
 * Everything vpd knows lives in one branch, refs/heads/main, of a bare
 * repository.  Changes are made in a transaction: it starts from the tip's
 * tree, collects file writes in memory (their blobs go to the object store
 * at once, which is harmless: unreferenced objects change nothing), and
 * commits them as one commit whose branch update is a compare-and-swap on
 * the old tip.  When another writer got there first the commit fails with
 * VPD_ECONFLICT and the caller redoes its work on the new tip, so
 * concurrent writers never lose an update and history is never rewritten.
 *
 * A "scratch" archive handle keeps new objects in memory only; `vpd verify`
 * uses it to rebuild every commit without writing to the repository.
 */
#ifndef VPD_ARCHIVE_H
#define VPD_ARCHIVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"
#include "../util/time.h"

#define VPD_OID_HEX 41 /* 40 hex digits + NUL */
#define VPD_SHA256_HEX 65

typedef struct vpd_archive vpd_archive;
typedef struct vpd_txn vpd_txn;

/*
 * Creates a new, empty archive at path.  The directory may not exist yet,
 * or be empty, or hold only a README.md (the checkout's placeholder); any
 * other content is refused (VPD_EINVALID), and so is an existing archive.
 */
int vpd_archive_create(vpd_archive **out, const char *path, vpd_error *err);

/* Opens an archive; a path that is no vpd archive is VPD_EIO. */
int vpd_archive_open(vpd_archive **out, const char *path, vpd_error *err);

/* Like open, but new objects stay in memory (for verification). */
int vpd_archive_open_scratch(vpd_archive **out, const char *path,
    vpd_error *err);

/* Drops what was written through a scratch handle so far (nothing on
 * another handle): verify does after each commit, so that its memory does
 * not grow with the history. */
void vpd_archive_scratch_reset(vpd_archive *a);

void vpd_archive_free(vpd_archive *a);

/* The path the archive was opened at; borrowed. */
const char *vpd_archive_path(const vpd_archive *a);

/* Frees a handle from vpd_archive_create() and removes what it created
 * (for a failed `vpd init`). */
void vpd_archive_destroy_new(vpd_archive *a);

/* Stores a blob and gives its id (git's blob id of the content). */
int vpd_archive_put_blob(vpd_archive *a, const void *buf, size_t len,
    char id[VPD_OID_HEX], vpd_error *err);

/* Reads a blob by id; *buf is NUL-terminated, caller frees. */
int vpd_archive_get_blob(vpd_archive *a, const char *id, char **buf,
    size_t *len, vpd_error *err);

/* The SHA-256 of a buffer as 64 hex digits (documents are recorded with
 * it, so anyone can check a copy with sha256sum). */
int vpd_archive_sha256(const void *buf, size_t len,
    char out[VPD_SHA256_HEX]);

/* Whether buf has the SHA-256 `want` (64 hex digits; NULL never matches). */
bool vpd_archive_sha256_is(const void *buf, size_t len, const char *want);

/* The branch tip, or "" when the archive has no commit yet. */
int vpd_archive_tip(vpd_archive *a, char id[VPD_OID_HEX], vpd_error *err);

/*
 * The commits on the branch's line up to `tip` (NULL or "": the branch
 * tip), counted from the first: *count.  With `id`, *pos is its place on
 * that line (1 for the first commit), 0 when it is not on it; `root`
 * (may be NULL) gets the first commit's id.
 */
int vpd_archive_line(vpd_archive *a, const char *tip, const char *id,
    long *count, long *pos, char root[VPD_OID_HEX], vpd_error *err);

/* ---- Transactions --------------------------------------------------- */

/* Starts a transaction on the current tip. */
int vpd_txn_begin(vpd_txn **out, vpd_archive *a, vpd_error *err);

/* Starts one on the tree of `commit` ("" for the empty tree). */
int vpd_txn_begin_at(vpd_txn **out, vpd_archive *a, const char *commit,
    vpd_error *err);

void vpd_txn_free(vpd_txn *t);

/* A second transaction with the same base and writes, for a dry run: its
 * own writes stay in memory, and are gone when the last dry run of this
 * archive handle is freed. */
int vpd_txn_clone(vpd_txn **out, vpd_txn *t, vpd_error *err);

/* The handle the transaction reads and writes through. */
vpd_archive *vpd_txn_archive(vpd_txn *t);

/* The archive the transaction commits to; for a dry run, the one it was
 * cloned from.  Blobs that must outlive a dry run are put there. */
vpd_archive *vpd_txn_home(vpd_txn *t);

/*
 * Sealed personal data (seal.h): a transaction reads what sealed values
 * and files hold, opened with the key store's keys, unless it is raw.
 * The writers' transactions are raw: they copy sealed values as stored,
 * and so does `vpd verify`, which needs no keys.
 */
void vpd_txn_set_raw(vpd_txn *t, bool raw);
/* Whether the transaction itself wrote the file at path. */
bool vpd_txn_wrote(const vpd_txn *t, const char *path);
struct vpd_seal;
/* The transaction's key store (opened when first asked; NULL when out of
 * memory). */
struct vpd_seal *vpd_txn_seal(vpd_txn *t);

/* Reads a file as the transaction sees it: VPD_ENOTFOUND when absent. */
int vpd_txn_read(vpd_txn *t, const char *path, char **buf, size_t *len,
    vpd_error *err);
/* The same, for a file whose sha256 a record holds: VPD_EIO (naming the
 * path, "run vpd verify") when the content does not have it. */
int vpd_txn_read_checked(vpd_txn *t, const char *path, const char *sha256,
    char **buf, size_t *len, vpd_error *err);
int vpd_txn_read_json(vpd_txn *t, const char *path, json_t **out,
    vpd_error *err);
bool vpd_txn_exists(vpd_txn *t, const char *path);

/*
 * Marks: derived files (the indexes) are brought up to date after each
 * change within a transaction, and one transaction may hold several (a
 * tick moves many cases, some twice).  vpd_txn_mark() records the files
 * as they are now; vpd_txn_read_marked() reads a file as it was at the
 * last mark (before any: as the base commit has it; VPD_ENOTFOUND when
 * absent), and vpd_txn_changed() lists the paths written or removed
 * since, sorted.
 */
void vpd_txn_mark(vpd_txn *t);
int vpd_txn_read_marked(vpd_txn *t, const char *path, char **buf,
    size_t *len, vpd_error *err);
json_t *vpd_txn_changed(vpd_txn *t);

/* The commit the transaction started from ("" in an empty archive). */
void vpd_txn_base(const vpd_txn *t, char out[VPD_OID_HEX]);

/* The names in a directory, sorted (new JSON array of strings). */
json_t *vpd_txn_list(vpd_txn *t, const char *dir);

int vpd_txn_write(vpd_txn *t, const char *path, const void *buf, size_t len,
    vpd_error *err);
/* Writes JSON in the archive's canonical form: sorted keys, 2 spaces. */
int vpd_txn_write_json(vpd_txn *t, const char *path, const json_t *j,
    vpd_error *err);
/* Points a path at an existing blob. */
int vpd_txn_write_blob_id(vpd_txn *t, const char *path, const char *id,
    vpd_error *err);

/* Removes a file (VPD_ENOTFOUND when there is none). */
int vpd_txn_remove(vpd_txn *t, const char *path, vpd_error *err);

/* Whether the transaction has written anything. */
bool vpd_txn_dirty(const vpd_txn *t);

/* The id of the tree the transaction would commit. */
int vpd_txn_tree(vpd_txn *t, char id[VPD_OID_HEX], vpd_error *err);

/*
 * Commits the writes as one commit on top of the transaction's base and
 * moves the branch to it if, and only if, the branch still points at the
 * base.  VPD_ECONFLICT when it does not.  `email` may be "".
 */
int vpd_txn_commit(vpd_txn *t, const char *name, const char *email,
    vpd_time when, const char *message, char id[VPD_OID_HEX],
    vpd_error *err);

/*
 * Signing (docs/security.md).  An archive with a file VPD_SIGNERS_FILE in
 * its tree signs every commit in git's SSH format with the secret key in
 * ARCHIVE/private/signing.key: the key in force before the change (the
 * last in the file as the base commit has it), or, for the change that
 * brings in the first key, that key.  vpd_txn_signing_key() says which
 * key that is for the transaction as it stands (*need false: an archive
 * from before signing, whose commits are not signed).  vpd_txn_commit()
 * signs with it and refuses (VPD_EIO) when the secret half is not there.
 */
#define VPD_SIGNERS_FILE "config/allowed_signers"

int vpd_txn_signing_key(vpd_txn *t, bool *need, unsigned char pk[32],
    vpd_error *err);
/* The secret half of pk, from ARCHIVE/private/signing.key or, while a new
 * key comes in, signing.key.new (*fresh).  VPD_EIO when neither holds
 * it. */
int vpd_archive_secret_key(vpd_archive *a, const unsigned char pk[32],
    unsigned char sk[64], bool *fresh, vpd_error *err);
/* A commit's SSH signature and the bytes it signs (NUL-terminated, *len
 * long); VPD_ENOTFOUND when the commit is not signed.  Caller frees. */
int vpd_archive_commit_signature(vpd_archive *a, const char *id, char **sig,
    char **data, size_t *len, vpd_error *err);

/* ---- Mirrors (mirror.c) --------------------------------------------- */

/* The mirrors: the values of vpd.mirror in the archive's config (at most
 * 8), as a new JSON array of strings. */
int vpd_archive_mirrors(vpd_archive *a, json_t **urls, vpd_error *err);
/* A commit's time (its committer's). */
int vpd_archive_commit_time(vpd_archive *a, const char *id, vpd_time *when,
    vpd_error *err);
/* Whether the archive has a mirror: read at open, and again when
 * ARCHIVE/config has changed since (a stat). */
bool vpd_archive_mirrored(vpd_archive *a);
/* Adds (add) or removes a mirror; a URL starting with '-' or holding a
 * control character is refused. */
int vpd_archive_mirror_set(vpd_archive *a, const char *url, bool add,
    vpd_error *err);
/* An annotated tag object (no ref) on commit `target`, tagger "vpd". */
int vpd_archive_tag(vpd_archive *a, const char *target, const char *name,
    const char *message, vpd_time when, char id[VPD_OID_HEX],
    vpd_error *err);
/*
 * `git push --quiet -- URL REFSPEC` with stock git, unattended (no
 * prompts).  0 with *complaint NULL when it went through; 0 with
 * *complaint (what git said, scrubbed; caller frees) when git refused or
 * failed; VPD_EIO when git cannot be run.
 */
int vpd_archive_push(vpd_archive *a, const char *url, const char *refspec,
    char **complaint, vpd_error *err);

/* ---- History -------------------------------------------------------- */

typedef struct vpd_commit {
	char id[VPD_OID_HEX];
	char parent[VPD_OID_HEX];   /* "" for the first commit */
	char tree[VPD_OID_HEX];
	int nparents;
	const char *author;
	const char *email;
	vpd_time when;
	const char *message;
	json_t *added;              /* paths added, relative to the parent */
	json_t *changed;            /* paths modified or deleted */
} vpd_commit;

/*
 * Calls cb for every commit of the branch, oldest first, with the paths it
 * added and changed.  Stops at the first non-zero return of cb and returns
 * it.  The commit and its lists live only during the call.
 */
int vpd_archive_walk(vpd_archive *a,
    int (*cb)(const vpd_commit *c, void *ud), void *ud, vpd_error *err);
/*
 * The same, for only the commits that changed something at `under` (a
 * folder such as "cases/2026-0001/events", or a file): the others are
 * passed over with two tree lookups, without a diff.
 */
int vpd_archive_walk_under(vpd_archive *a, const char *under,
    int (*cb)(const vpd_commit *c, void *ud), void *ud, vpd_error *err);

/* The commits after `since` (a commit id on the line to the tip), oldest
 * first; VPD_ENOTFOUND when `since` is not on that line. */
int vpd_archive_walk_since(vpd_archive *a, const char *since,
    int (*cb)(const vpd_commit *c, void *ud), void *ud, vpd_error *err);

/* The first path that differs between two trees, or "" when equal. */
int vpd_archive_tree_diff(vpd_archive *a, const char *tree_a,
    const char *tree_b, char *path, size_t size, vpd_error *err);

/* ---- Packing -------------------------------------------------------- */

/*
 * libgit2 writes every object loose and never packs.  vpd_archive_gc()
 * packs the loose objects that the refs reach into a new pack (delta
 * compressed), deletes a loose object only once a durable pack holds it,
 * deletes unreachable loose objects older than the prune age (those left
 * by dry runs and lost compare-and-swaps; younger ones may still belong to
 * a writer in flight), and combines all packs into one when there are
 * more than the limit.  Commits by other processes may go on meanwhile;
 * a second gc skips (or waits), and a gc killed at any point leaves a
 * valid archive.  See gc.c and docs/archive.md ("Packing").
 */
typedef struct vpd_gc_options {
	int max_packs;     /* combine above this many packs; 0: the archive's
	                      vpd.gcMaxPacks, or 24 */
	long prune_age;    /* seconds an unreachable loose object is kept;
	                      < 0: a day */
	bool combine;      /* combine all packs into one now */
	bool wait;         /* wait for a running gc rather than skip */
} vpd_gc_options;

typedef struct vpd_gc_stats {
	bool ran;                /* a gc ran (in this process) */
	bool busy;               /* another gc was running: nothing done */
	bool combined;           /* the packs were combined into one */
	size_t loose_before, loose_after;
	size_t packed;           /* objects written to the new pack */
	size_t removed;          /* loose copies deleted (now in a pack) */
	size_t pruned;           /* unreachable loose objects deleted */
	size_t kept;             /* unreachable loose objects kept (young) */
	size_t packs_before, packs_after;
	long long pack_bytes;    /* size of all packs afterwards */
	double seconds;
} vpd_gc_stats;

/*
 * Packs the archive as described above.  `opt` may be NULL (defaults),
 * `st` may be NULL.  Returns 0 also when another gc held the lock
 * (st->busy), VPD_EIO when the file system or libgit2 failed (the
 * archive stays valid).
 */
int vpd_archive_gc(vpd_archive *a, const vpd_gc_options *opt,
    vpd_gc_stats *st, vpd_error *err);

/* The loose-object count above which a commit runs a gc: the archive's
 * vpd.gcAuto, by default 1024; 0 switches the automatic gc off. */
size_t vpd_archive_gc_threshold(const vpd_archive *a);

/* The archive's vpd.gcMaxPacks, or 0 for the default. */
int vpd_archive_gc_max_packs(const vpd_archive *a);

/* The archive's vpd.gcAutoDetach (default true): whether the automatic
 * gc runs apart from the command that triggered it. */
bool vpd_archive_gc_detach(const vpd_archive *a);

/*
 * The program that runs the automatic gc apart: `program gc --auto
 * --detach` is started, and returns as soon as it has forked a gc of its
 * own (a combine of a big archive takes minutes, which nobody should wait
 * for at the desk).  vpd and vpd-serve set their own executable; a
 * program that does not (the library's tests, the benchmark's generator)
 * runs the gc in its own process.  NULL switches it back.
 */
void vpd_archive_gc_set_program(const char *program);
/*
 * Runs `program --archive PATH ARGS…` (NULL-terminated; a command that
 * forks its work with --detach and returns), standard streams on
 * /dev/null, and waits for it alone.  0, or -1 when no program is set or
 * it could not start or failed.
 */
int vpd_archive_start_apart(vpd_archive *a, const char *const *args);

/*
 * For the write path, after a commit: when the estimate has passed the
 * threshold (a few directory reads otherwise), runs vpd_archive_gc(), or
 * starts it apart as above when a program was set and vpd.gcAutoDetach
 * allows (falling back to running it here when that cannot start).
 * `st` may be NULL; st->packed etc. stay 0 when nothing ran here.
 */
int vpd_archive_gc_auto(vpd_archive *a, vpd_gc_stats *st, vpd_error *err);

#endif
