/*
 * store.h - the private store next to the archive: what must never enter
 * the git history (libsodium only here).
 *
 * The audit archive is append-only and readable by whoever may read the
 * repository, so secrets cannot live in it: a changed password would leave
 * its old hash in history forever.  They live in ARCHIVE/private/, a
 * directory inside the bare repository that git does not track (a clone
 * does not copy it), mode 0700:
 *
 *   private/passwords.json   {"actoren": {NAME: {"hash": "$argon2id$…",
 *                            "gewijzigd": "2026-11-20T09:00:00Z"}}}, 0600
 *   private/access.log       the logboek dataverwerkingen: who looked at
 *                            which personal data, when, through what; one
 *                            JSON object a line, hash-chained, 0600
 *   private/.lock            taken with flock() around every change
 *
 * Every function is safe to call from several threads and processes at
 * once (the CLI and `vpd serve` share a store): changes take an exclusive
 * flock on private/.lock, files are replaced through mkstemp() + rename,
 * and log lines are appended whole under the lock.
 */
#ifndef VPD_STORE_H
#define VPD_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"
#include "../util/time.h"

typedef struct vpd_store vpd_store;

/*
 * A handle on the private store of the archive at archive_path.  Nothing is
 * created until the first change.  Free with vpd_store_free().
 */
int vpd_store_open(vpd_store **out, const char *archive_path,
    vpd_error *err);
void vpd_store_free(vpd_store *s);

/* The store's directory ("ARCHIVE/private"); borrowed. */
const char *vpd_store_dir(const vpd_store *s);

/* Makes the store's directory (mode 0700) if it is not there yet, for
 * files kept beside the store's own (the archive's signing key). */
int vpd_store_prepare(vpd_store *s, vpd_error *err);

/* ---- Passwords ------------------------------------------------------ */

#define VPD_PASSWORD_MIN 10     /* characters (UTF-8 code points) */
#define VPD_PASSWORD_MAX 1024   /* bytes */

/*
 * Sets an actor's password, hashed with argon2id (crypto_pwhash_str, the
 * interactive limits).  Refuses (VPD_EINVALID, message in English, never
 * echoing the password) one that is not valid UTF-8, holds control
 * characters, is shorter than VPD_PASSWORD_MIN characters or longer than
 * VPD_PASSWORD_MAX bytes.  `now` is recorded as "gewijzigd".  The actor's
 * existence is the caller's business.
 */
int vpd_store_set_password(vpd_store *s, const char *actor,
    const char *password, vpd_time now, vpd_error *err);

/*
 * Checks a password.  *ok is true only when the actor has a password and
 * it matches.  An actor without one costs the same time as a wrong
 * password (a dummy verification), so timing does not tell which names
 * exist.  Returns 0, or VPD_EIO when the store cannot be read.
 */
int vpd_store_check_password(vpd_store *s, const char *actor,
    const char *password, bool *ok, vpd_error *err);

/* Whether the actor has a password (false when the store is unreadable). */
bool vpd_store_has_password(vpd_store *s, const char *actor);

/* ---- The access log ------------------------------------------------- */

/*
 * Appends one entry (a JSON object; the caller gives "actor", "rollen",
 * "via", "wat" and "zaken"/"personen" as it has them) to the access log.
 * The store adds "tijdstip" (from `now`, UTC), "nr" (1, 2, …) and "vorige"
 * (the SHA-256 of the previous line, 64 hex digits; 64 zeros for the
 * first), and writes the entry as one line.  A view that cannot be logged
 * must not be shown: callers refuse on failure (VPD_EIO).
 */
int vpd_store_log(vpd_store *s, const json_t *entry, vpd_time now,
    vpd_error *err);

/*
 * Reads the whole log and checks its chain: numbers run 1, 2, … and each
 * "vorige" is the SHA-256 of the line before.  *lines is the number of
 * entries.  VPD_EINVALID names the first bad line; a missing log is an
 * empty, valid one.
 */
int vpd_store_log_verify(vpd_store *s, size_t *lines, vpd_error *err);

/* ---- Random tokens -------------------------------------------------- */

#define VPD_TOKEN_HEX 65  /* 256 bits as 64 hex digits + NUL */

/* A new random 256-bit token as hex (libsodium's randombytes). */
void vpd_token_new(char out[VPD_TOKEN_HEX]);

/* Whether two NUL-terminated tokens are equal, in constant time for equal
 * lengths; NULL never equals anything. */
bool vpd_token_equal(const char *a, const char *b);

/* The SHA-256 of a token as hex (sessions are kept by this, not by the
 * token itself). */
void vpd_token_hash(const char *token, char out[VPD_TOKEN_HEX]);

#endif
