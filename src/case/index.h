/*
 * index.h - derived indexes under index/ in the archive tree.
 *
 * The read commands (case list, bans, lookup, agenda, tick) and the person
 * match at `case open` would otherwise read every case or person file.
 * The indexes name the few that matter.  They are derived like case.json:
 * vpd_index_update() rewrites them in the same commit as the change, so
 * `vpd verify` replays and checks them like every other derived file.
 *
 * An archive made before the indexes existed has no index/ directory; it
 * is left as it is (replaying its history must give the same trees), and
 * the readers fall back to reading every file.
 */
#ifndef VPD_INDEX_H
#define VPD_INDEX_H

#include <jansson.h>
#include <stdbool.h>

#include "../archive/archive.h"
#include "../util/time.h"
#include "apply.h"

/* The index version a new archive gets. */
#define VPD_INDEX_VERSION 2

/* Whether the archive as the transaction sees it keeps indexes. */
bool vpd_index_enabled(vpd_txn *t);

/*
 * Starts the indexes in a new archive (at init): version 2, or 1 as
 * archives made before the index files were split by year and month
 * (their init record says "indexen": true).
 */
int vpd_index_init(vpd_txn *t, int versie, vpd_error *err);

/*
 * Brings the indexes up to date with what the transaction wrote to
 * a case.json or a person file.  Does nothing in an archive without
 * indexes.
 */
int vpd_index_update(vpd_txn *t, vpd_wfcache *c, vpd_error *err);

/*
 * Case ids, sorted (a new JSON array), or NULL when the archive keeps no
 * indexes (then read vpd_txn_list(t, "cases")):
 *  - vpd_index_state: the cases in state `state`;
 *  - vpd_index_running: the cases not in a final state (timers, deadlines);
 *  - vpd_index_desk: the cases with a warning or ban, or an appointment,
 *    that matters on or after `day` (the bans list, the desk lookup).
 */
json_t *vpd_index_state(vpd_txn *t, const char *state);
json_t *vpd_index_running(vpd_txn *t);
json_t *vpd_index_desk(vpd_txn *t, vpd_date day);

/*
 * The desk cards of the cases vpd_index_desk() names, sorted by case id
 * (a new array), or NULL (an archive with version 1 indexes or none, or a
 * damaged file: then read the case and person files).  Each card is
 * {"tot", "zaak": {"id", "workflow": {"naam"}, "maatregelen",
 * "afspraken"}, "persoon": the person's id, names, birth date and photo,
 * or null when the person file could not be read}.
 */
json_t *vpd_index_desk_cards(vpd_txn *t, vpd_date day);

/*
 * The lookup's first step: the name lines of those cards, {"zaak",
 * "persoon" (an id, or null when the person file could not be read),
 * "voornamen", "tussenvoegsel", "achternaam", "tot"} (a new array), or
 * NULL as above.  Then vpd_index_desk_cards_for() reads the cards of the
 * lines the lookup found, sorted by case id (NULL: a file is damaged).
 */
json_t *vpd_index_desk_names(vpd_txn *t, vpd_date day);
json_t *vpd_index_desk_cards_for(vpd_txn *t, const json_t *lines);

/*
 * The person files to compare a person record with: those with the same
 * birth date's year (all persons files when the record has no birth date
 * or the archive keeps no indexes).  File names, e.g. "P0001.json".
 */
json_t *vpd_index_person_files(vpd_txn *t, const json_t *person);

#endif
