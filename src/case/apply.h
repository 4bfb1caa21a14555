/*
 * apply.h - applying one event record to the archive (internal).
 *
 * An event record is what a command asked for (who, when, which event,
 * which inputs) plus what followed from it.  vpd_apply() takes the request
 * part, checks it against the archive as the transaction sees it, and
 * writes the full record and every file derived from it.  Commands call it
 * to make a change; `vpd verify` calls it on each commit's parent to
 * rebuild the commit and compares the trees.  So it must be deterministic:
 * the same request on the same tree gives the same files, byte for byte.
 */
#ifndef VPD_CASE_APPLY_H
#define VPD_CASE_APPLY_H

#include <jansson.h>
#include <stdbool.h>

#include "../archive/archive.h"
#include "../workflow/workflow.h"

typedef struct vpd_wfcache vpd_wfcache;

vpd_wfcache *vpd_wfcache_new(void);
void vpd_wfcache_free(vpd_wfcache *c);
/* The workflow stored as blob `id`; borrowed from the cache. */
int vpd_wfcache_get(vpd_wfcache *c, vpd_archive *a, const char *id,
    const vpd_workflow **out, vpd_error *err);

/*
 * Applies a request ({"soort": "init"|"actor"|"openen"|"event", …}).  On
 * success *record is the record written (new reference) and *path its
 * place in the archive.  On failure nothing useful is left in the
 * transaction; the caller drops it.
 */
int vpd_apply(vpd_txn *t, vpd_wfcache *c, const json_t *req, json_t **record,
    char *path, size_t pathsize, vpd_error *err);

/* The request part of a record (new reference). */
json_t *vpd_record_request(const json_t *record);

/* Whether an archive path is where event records live. */
bool vpd_is_record_path(const char *path);

/*
 * The roles of an actor as the transaction sees config/actors.json;
 * "system" has VPD_ROLE_SYSTEM.  Refuses a missing or unknown actor.
 */
int vpd_actor_roles(vpd_txn *t, const char *name, unsigned *roles,
    vpd_error *err);

/* The person file of a case's person; NULL when missing. */
json_t *vpd_person_of_case(vpd_txn *t, const json_t *c);
/* The same for a reader: NULL without error when there is none, an error
 * when it is there but cannot be read (a key missing). */
int vpd_person_of_case_checked(vpd_txn *t, const json_t *c, json_t **p,
    vpd_error *err);

/*
 * Renders every copy of the documents an event produced (`record` is its
 * dry-run record, `after` a transaction holding the case after the event)
 * and stores them as blobs.  *out is {"<document nr>": {"ondertekenaar":
 * …, "exemplaren": [{"blob", "sha256", "bytes"}…]}}, or NULL when the
 * event made no letters or no letters directory is configured.
 */
struct vpd_who;
int vpd_letters_render_event(vpd_txn *after, const struct vpd_who *who,
    const json_t *record, json_t **out, vpd_error *err);

/*
 * Where a case stands in its retention term on `day` (retention.c):
 * {"status", "archiefnominatie", "telt_vanaf"?, "vernietigen_vanaf"?},
 * as `vpd retention` lists it.
 */
json_t *vpd_case_retention(const vpd_workflow *wf, const json_t *cs,
    vpd_date day);

/* The person id a PERSON argument names (a person id, or a case id):
 * core.c. */
int vpd_core_resolve_person(vpd_archive *a, const char *arg, char *pid,
    size_t size, vpd_error *err);

/*
 * The answer to a person's access request (inzage.c): letter `letter` of
 * workflow wf, addressed to `person` (their file), filled with "inzage",
 * signed by who->actor without a signature image.  *pdf is malloc'ed.
 */
int vpd_letters_render_person(const struct vpd_who *who, const char *wf,
    const char *letter, const json_t *person, const json_t *inzage,
    const char *kenmerk, unsigned char **pdf, size_t *len, vpd_error *err);

/*
 * Sealing (sealing.c).  The fields sealed for the person: of a person
 * record, of an incident.  vpd_sealed_check(): every one of `fields` in o
 * is sealed for pid, and nothing in o for anyone else.
 * vpd_seal_request(): the request with its personal data sealed, when the
 * archive seals (a copy of it otherwise); *out is a new reference.
 */
/* Writes config/versleuteling.json, dated by the request: at init and at
 * the migration (apply.c); refused when the archive seals already. */
int vpd_seal_mark(vpd_txn *t, const json_t *req, vpd_error *err);
extern const char *const vpd_sealed_person_fields[];
extern const char *const vpd_sealed_incident_fields[];
bool vpd_sealed_check(const json_t *o, const char *const *fields,
    const char *pid);
int vpd_seal_request(vpd_txn *t, const json_t *req, json_t **out,
    vpd_error *err);
/* The names of an event's text inputs in the workflow of case c (new
 * reference): what sealing seals of its inputs. */
json_t *vpd_text_inputs(vpd_txn *t, vpd_wfcache *cache, const json_t *c,
    const char *event);

/*
 * Migration (migrate.c): the requests that seal a plain archive, one
 * marking it and one per person (new reference), made with the keys in
 * the writer's transaction; and applying one of them, without keys.
 */
int vpd_migration_requests(vpd_txn *t, json_t **out, vpd_error *err);
int vpd_apply_migration(vpd_txn *t, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err);

/* The commit message vpd writes for these records ([{"pad", "record"}])
 * (core.c); malloc'ed. */
char *vpd_commit_message(vpd_archive *a, vpd_wfcache *c,
    const json_t *records);

/* Stamps a request with who and when, applies it and commits (with retry
 * on a moved branch); result: the record plus "commit".  Takes req. */
int vpd_core_commit_request(vpd_archive *a, const struct vpd_who *who,
    json_t *req, json_t **result, vpd_error *err);

#endif
