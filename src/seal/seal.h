/*
 * seal.h - personal data sealed under a key of each person's own
 * (docs/privacy.md).
 *
 * A sealed JSON value is the object {"verzegeld":
 * "P0001.achternaam.BASE64"}: the person whose key seals it, the field it
 * is sealed as, then the nonce and the XChaCha20-Poly1305 ciphertext of
 * the value's compact JSON text, with person and field ("vpd-seal 1 P0001
 * achternaam") as associated data: it opens as that field of that person
 * only, wherever vpd copies it (a record, the person file, a desk card, a
 * case's data), and the writers check that a person's field holds a value
 * sealed as that field.  A sealed file (a letter, a photo) starts with the
 * line "vpd-seal 1 P0001" and goes on with nonce and ciphertext.  Both can
 * be copied, compared and checked for their person without any key, which
 * is what `vpd verify` does.
 *
 * The keys live outside the history, in ARCHIVE/private/sleutels/: one
 * file per person holding its data key wrapped by the master key, and the
 * search key of the person index.  The master key is in the file named by
 * $VPD_MASTER_KEY, or else ARCHIVE/private/master.key.  Erasing a person
 * replaces their key file by a tombstone: what was sealed under it opens
 * as null from then on.
 */
#ifndef VPD_SEAL_H
#define VPD_SEAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"

#define VPD_SEAL_FIELD "verzegeld"
#define VPD_SEAL_ID_MAX 16          /* "P0001", "zoeken" and a NUL */
#define VPD_SEAL_FIELD_MAX 64       /* the field a value is sealed as */

typedef struct vpd_seal vpd_seal;

/* The key store of the archive at `archive`; keys are read when first
 * needed and kept (wiped on free).  NULL when out of memory. */
vpd_seal *vpd_seal_new(const char *archive);
void vpd_seal_free(vpd_seal *s);

/* Makes the master key (where $VPD_MASTER_KEY or the default says) and
 * the search key when they are not there yet: at `vpd init` and at the
 * migration. */
int vpd_seal_prepare(const char *archive, vpd_error *err);

/* Seals `plain` for person `pid` (new reference in *out).  Only with
 * `make` (a person new to the archive, or a migration) is a missing data
 * key made; otherwise it is an error: a key lost must not be replaced
 * unnoticed. */
int vpd_seal_value(vpd_seal *s, const char *pid, const char *field,
    bool make, const json_t *plain, json_t **out, vpd_error *err);

/* Replaces every sealed value in *j (which may itself be one) by what it
 * seals; a value whose person was erased becomes null. */
int vpd_seal_open(vpd_seal *s, json_t **j, vpd_error *err);

/* Seals a file's bytes for `pid` (`make` as above); *out is malloc'ed. */
int vpd_seal_blob(vpd_seal *s, const char *pid, bool make, const void *buf,
    size_t len, char **out, size_t *outlen, vpd_error *err);

/* Opens a sealed file (*out malloc'ed); VPD_ENOTFOUND when its person was
 * erased. */
int vpd_seal_open_blob(vpd_seal *s, const char *buf, size_t len,
    char **out, size_t *outlen, vpd_error *err);

/* Whether buf is a sealed file; its person into pid and the size of what
 * it seals into *plain_len (either may be NULL). */
bool vpd_seal_blob_person(const char *buf, size_t len,
    char pid[VPD_SEAL_ID_MAX], size_t *plain_len);

/* Whether v is a sealed value: a person's id, a field's name and base64
 * of at least a nonce and a tag (the form; only the key proves more).
 * Its person into pid (may be NULL). */
bool vpd_seal_is_sealed(const json_t *v, char pid[VPD_SEAL_ID_MAX]);
/* The field a sealed value was sealed as; false when v is none. */
bool vpd_seal_field(const json_t *v, char field[VPD_SEAL_FIELD_MAX + 1]);

/* Whether any sealed value in v belongs to another person than pid. */
bool vpd_seal_foreign(const json_t *v, const char *pid);

/* A copy of v with every value sealed for `pid` replaced by null. */
json_t *vpd_seal_drop(const json_t *v, const char *pid);

/* A copy of v with every sealed value replaced by the text "verzegeld":
 * what a workflow's guards see of a person (they can tell whether a
 * field is filled in, never what it holds, so that a replay without keys
 * decides as the command did). */
json_t *vpd_seal_masked(const json_t *v);

/*
 * The search code of a birth date: three hex digits of a keyed hash, so
 * that the person index groups people without telling their birth dates
 * (4096 groups: some nine birth dates of a century share one).
 */
int vpd_seal_search_code(vpd_seal *s, const char *birthdate, char out[4],
    vpd_error *err);

/* Destroys the person's key: its file is overwritten and replaced by a
 * tombstone saying when.  Done when it already is. */
int vpd_seal_destroy(vpd_seal *s, const char *pid, const char *when,
    vpd_error *err);

/* Rewriting history (migrate.c): what is sealed for an erased person is
 * sealed under a random key wiped at once, instead of refused. */
void vpd_seal_shred_erased(vpd_seal *s, bool on);

/* Whether the person's key is a tombstone. */
bool vpd_seal_destroyed(vpd_seal *s, const char *pid);

#endif
