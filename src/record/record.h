/*
 * record.h - person and incident records: the JSON a manager hands in.
 *
 * The field names are the Dutch ones of the registration form (seed 004)
 * and the behaviour categories of the sector guide (seed 002); the schema
 * is described for people in docs/records.md.  Validation names the field
 * path of the first problem ("adres.postcode: …") and never logs values.
 */
#ifndef VPD_RECORD_H
#define VPD_RECORD_H

#include <jansson.h>
#include <stdbool.h>

#include "../util/error.h"
#include "../util/time.h"

/* The bounds of docs/records.md ("Bounds"). */
#define VPD_TEXT_MAX 2000          /* bytes in one text field or input */
#define VPD_NAME_MAX 200           /* bytes in a name in a list */
#define VPD_LIST_MAX 50            /* entries in gedrag, medewerkers, ... */
#define VPD_INT_INPUT_MAX 1000000000LL      /* a whole-number input */
#define VPD_INCIDENT_AGE_MAX (5 * 366 * 86400LL)   /* an incident's age */

/*
 * Checks a person record and returns a normalised copy in *out (owned by
 * the caller): surrounding white space trimmed, postcode as "6411 AB".
 * `file` names the source in error messages.  Unknown keys are refused.
 */
int vpd_person_validate(json_t **out, const json_t *in, const char *file,
    vpd_error *err);

/*
 * Checks an incident record; the normalised copy stores `tijdstip` in UTC
 * and adds the derived lists `categorieen` and `soorten`.  An incident in
 * the future of `now` is refused.
 */
int vpd_incident_validate(json_t **out, const json_t *in, const char *file,
    vpd_time now, vpd_error *err);

/*
 * Whether two person records describe the same person: the same
 * geboortedatum and the same names, compared without case, accents or
 * surplus spaces.
 */
bool vpd_person_same(const json_t *a, const json_t *b);

/* "Jan van der Berg": the display name (caller frees). */
char *vpd_person_display_name(const json_t *p);

/*
 * What an incident form offers, from the same tables the validation uses:
 * {"kanalen": [{"waarde", "label"}], "gedrag": [{"categorie", "label",
 * "soorten": [{"waarde", "label"}]}]}, labels in Dutch.  New reference.
 */
json_t *vpd_incident_choices(void);

/* The Dutch label of a channel, category or kind ("Fysiek geweld"); the
 * word itself when it has none. */
const char *vpd_record_label(const char *word);

/* Field names a workflow expression may read under persoon./incident. */
bool vpd_person_has_field(const char *name);
bool vpd_incident_has_field(const char *name);

/* Loads a JSON file; syntax errors carry line and column. */
int vpd_json_load_file(json_t **out, const char *path, vpd_error *err);

#endif
