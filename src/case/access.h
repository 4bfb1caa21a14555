/*
 * access.h - who may see what of a case (internal to src/case/).
 *
 * The visibility matrix of docs/access.md, in one place, so that the
 * command line and the web pages show each role the same.  A viewer's
 * *sight* of a case is a set of bits:
 *
 *   FULL     everything: person with address, incidents, letters, the
 *            audit trail (coordinator, legal; a manager for the cases of
 *            his departments)
 *   REPORTS  the incidents the viewer reported, the case's state and its
 *            measures (any member of staff who made a report)
 *   DESK     the reception card: name, birth date, photo, measures,
 *            locations, dates and contact rules (reception, while the
 *            case has a warning or ban in force or still to come)
 *   POLICE   the copies of letters made for the police (police)
 *
 * No bit means the case is not shown at all.  Every view of personal data
 * is written to the access log in the private store (vpd_access_log).
 */
#ifndef VPD_CASE_ACCESS_H
#define VPD_CASE_ACCESS_H

#include <jansson.h>
#include <stdbool.h>

#include "../archive/archive.h"
#include "case.h"

enum {
	VPD_SIGHT_FULL = 1 << 0,
	VPD_SIGHT_REPORTS = 1 << 1,
	VPD_SIGHT_DESK = 1 << 2,
	VPD_SIGHT_POLICE = 1 << 3
};

/* Who looks: the actor, the roles as given, and the departments. */
typedef struct vpd_viewer {
	const char *actor;
	unsigned roles;
	json_t *entry;          /* the actor's entry in config/actors.json */
} vpd_viewer;

/*
 * Loads the acting person as a viewer.  Refuses (VPD_EREFUSED) when no
 * actor is given, when the actor is unknown, and `system`: every view of
 * personal data has a person who asked for it.  `what` names the view in
 * the message.  Free with vpd_viewer_free().
 */
int vpd_viewer_load(vpd_viewer *v, vpd_txn *t, const vpd_who *who,
    const char *what, vpd_error *err);
void vpd_viewer_free(vpd_viewer *v);

/*
 * The viewer's sight of a case (bits above) on `today`.  When `mine` is
 * not NULL it receives a new array with the numbers of the case's
 * incidents the viewer reported.
 */
unsigned vpd_case_sight(vpd_txn *t, const vpd_viewer *v, const json_t *cs,
    vpd_date today, json_t **mine);

/*
 * Whether a measure is on the reception list on `today` or will be: a
 * warning or ban, not withdrawn, whose last day has not passed.
 */
bool vpd_measure_at_desk(const json_t *m, vpd_date today);

/*
 * Whether a restriction of processing (AVG art. 18, `vpd person restrict`)
 * covers measure m of case `case_id`: person p's file lists it under
 * "beperking", or p is a desk card's person listing it under "beperkt".
 * Such a measure is not at the desk: off the bans list and the lookup,
 * and it gives reception no sight of the case.
 */
bool vpd_measure_restricted(const json_t *p, const char *case_id,
    const json_t *m);

/*
 * The reception card of a case's person (registers.c): name, birth date,
 * photo, and the case's warnings and bans at the desk on `today` with
 * their verdict lines and contact routes.  New reference.
 */
json_t *vpd_desk_card(const vpd_who *who, const json_t *cs, const json_t *p,
    vpd_date today);

/* Ids per log line: a longer view is logged in parts ("deel": [k, n]). */
#define VPD_LOG_IDS_MAX 1000

/*
 * Writes to the access log: who (actor, roles), through what (who->via),
 * what was shown (`wat`), and which cases and persons (arrays of ids,
 * either may be NULL), in one line or, past VPD_LOG_IDS_MAX ids, in
 * parts.  Returns VPD_EIO when a line cannot be written; the caller then
 * shows nothing.
 */
int vpd_access_log(vpd_archive *a, const vpd_who *who, const vpd_viewer *v,
    const char *wat, const json_t *zaken, const json_t *personen,
    vpd_error *err);

#endif
