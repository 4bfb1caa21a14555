/*
 * workflow.h - a municipality's escalation protocol as a state machine.
 *
 * A workflow is read from a YAML file (docs/workflows.md) into a checked
 * model, and run by a pure interpreter: given a case's state, an event,
 * its inputs, the actor and the instant, vpd_workflow_fire() returns the
 * new state and the actions taken, or a refusal.  It does no I/O; the
 * archive module records what it returns.  The protocol itself lives only
 * in the YAML: no state, event or deadline name appears in this C code
 * except `openen`, the reserved name of the event that opens a case.
 */
#ifndef VPD_WORKFLOW_H
#define VPD_WORKFLOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/error.h"
#include "../util/time.h"

typedef struct vpd_workflow vpd_workflow;

/* The reserved event that opens a case in the initial state. */
#define VPD_EVENT_OPEN "openen"

/* Roles, as a bit set. */
enum {
	VPD_ROLE_MANAGER = 1 << 0,
	VPD_ROLE_COORDINATOR = 1 << 1,
	VPD_ROLE_LEGAL = 1 << 2,
	VPD_ROLE_RECEPTION = 1 << 3,
	VPD_ROLE_POLICE = 1 << 4,
	VPD_ROLE_SYSTEM = 1 << 5,
	VPD_ROLE_STAFF = 1 << 6,   /* "medewerker": any member of staff */
	VPD_ROLE__MAX = 7
};

/*
 * The roles an actor acts with: the ones given, and `medewerker` for
 * everyone on the staff (every actor with a role other than police), so
 * that a workflow that lets `medewerker` report lets managers and
 * reception report too.  Records keep the roles as given.
 */
unsigned vpd_roles_effective(unsigned roles);

/* The bit of a role name, or 0 for an unknown name. */
unsigned vpd_role_parse(const char *name);
const char *vpd_role_name(unsigned bit);
/* The role set as a JSON array of names (new reference). */
json_t *vpd_roles_json(unsigned roles);
/* The role set of a JSON array of names; unknown names are ignored. */
unsigned vpd_roles_from_json(const json_t *arr);

/* Diagnostics collected while checking a workflow file. */
typedef struct vpd_diags {
	vpd_error *items;
	size_t n;
} vpd_diags;

void vpd_diags_free(vpd_diags *d);

/*
 * Loads and checks a workflow from a buffer.  `file` names it in messages.
 * Every problem found is appended to diags (when not NULL); the first one is
 * also in err.  Returns 0 with *out set, or VPD_EINVALID.
 */
int vpd_workflow_load(vpd_workflow **out, const char *file, const char *buf,
    size_t len, vpd_diags *diags, vpd_error *err);
int vpd_workflow_load_file(vpd_workflow **out, const char *path,
    vpd_diags *diags, vpd_error *err);
void vpd_workflow_free(vpd_workflow *wf);

const char *vpd_workflow_name(const vpd_workflow *wf);
const char *vpd_workflow_title(const vpd_workflow *wf);
const char *vpd_workflow_initial(const vpd_workflow *wf);
/*
 * The retention of a case's data (`bewaartermijn`): true with the term
 * and what it counts from ("laatste_maatregel": the end of the case's
 * last measure, or its closing when it had none; "afsluiting": its
 * closing); false when the workflow declares none.  *nomination is the
 * archiefnominatie, "vernietigen" (the default) or "bewaren".
 */
bool vpd_workflow_retention(const vpd_workflow *wf, vpd_duration *term,
    const char **after, const char **nomination);
/* The roles that may open a case (`opened_by`). */
unsigned vpd_workflow_open_roles(const vpd_workflow *wf);
bool vpd_workflow_is_final(const vpd_workflow *wf, const char *state);
/* The label of an event or state, falling back to its name. */
const char *vpd_workflow_event_label(const vpd_workflow *wf, const char *ev);
const char *vpd_workflow_state_label(const vpd_workflow *wf,
    const char *state);

/*
 * What a form for an event needs, from the workflow file alone (new
 * reference, NULL for an unknown event): {"event", "label", "incident",
 * "invoer": [{"naam", "type", "label", "verplicht", "waarden" (enum),
 * "afwijking" (true for an input that holds a deviation's reason)}]}.
 * Types are the workflow's: text, enum, date, datetime, integer, boolean,
 * list.
 */
json_t *vpd_workflow_event_form(const vpd_workflow *wf, const char *ev);

/*
 * Whether input `name` of event `ev` is sealed for the case's person
 * (docs/privacy.md): a text input that no expression of the workflow
 * looks at (in a guard, a condition, a deadline, a computed value), only
 * copies.  What is compared must stay readable without keys.
 */
bool vpd_workflow_input_sealable(const vpd_workflow *wf, const char *ev,
    const char *name);

/*
 * Whether firing `event` on the case at `now` would meet a deadline that
 * has passed and needs a reason for acting late (`late: reason`).
 */
bool vpd_workflow_late_needs_reason(const vpd_workflow *wf,
    const json_t *case_in, const char *event, vpd_time now);
/* Whether an event carries a new incident record (`incident: true`). */
bool vpd_workflow_event_takes_incident(const vpd_workflow *wf, const char *ev);

/* The roles that may fire an event (0 when there is no such event). */
unsigned vpd_workflow_event_roles(const vpd_workflow *wf, const char *ev);

/* The names of the letters the workflow declares (new JSON array). */
json_t *vpd_workflow_letters(const vpd_workflow *wf);

/* Writes the state machine as Graphviz DOT. */
int vpd_workflow_graph(const vpd_workflow *wf, FILE *out);

/* What the caller asks the interpreter to do. */
typedef struct vpd_fire {
	const char *event;
	const json_t *inputs;    /* object of strings or typed values; may be NULL */
	const char *reason;      /* --reason, may be NULL */
	const char *actor;
	unsigned roles;          /* the actor's roles */
	vpd_time now;
	const json_t *incident;  /* validated incident, for incident events */
	const json_t *persoon;   /* the case's person (read by expressions) */
} vpd_fire;

/*
 * Opens a case: a new case object in the initial state with the first
 * incident, the deadlines that start on `openen`, and the event number 1.
 * `skeleton` carries id, persoon (the id) and workflow; req->event is
 * ignored.  Returns the case in *case_out and the effects in *effects.
 */
int vpd_workflow_open(const vpd_workflow *wf, const json_t *skeleton,
    const vpd_fire *req, json_t **case_out, json_t **effects,
    vpd_error *err);

/*
 * Fires an event on a case.  Checks, in this order: the event exists and is
 * allowed in the current state; the actor holds a role it allows; inputs
 * are known, typed and complete; the guards hold (or a permitted deviation
 * is recorded); a deadline met late has a reason.  On success *case_out is
 * the new case (the input is not changed) and *effects lists what happened
 * (transition, letters with their copies, measures, police records,
 * deadlines met or started).  A refusal returns VPD_EREFUSED or
 * VPD_EINVALID with a message in err, and nothing in the outputs.
 */
int vpd_workflow_fire(const vpd_workflow *wf, const json_t *case_in,
    const vpd_fire *req, json_t **case_out, json_t **effects,
    vpd_error *err);

/*
 * The first time-triggered event due on the case at `now`, or NULL.  An
 * event is due when the case is in one of its `from` states and its `at`
 * instant has come.
 */
const char *vpd_workflow_due(const vpd_workflow *wf, const json_t *case_in,
    const json_t *persoon, vpd_time now);

/* The events an actor with `roles` may fire now (new JSON array). */
json_t *vpd_workflow_allowed(const vpd_workflow *wf, const json_t *case_in,
    unsigned roles);

/*
 * Whether a measure (an entry of a case's "maatregelen") is in force on the
 * Amsterdam day of `now`: active, not before its start, not after its end.
 */
bool vpd_workflow_measure_in_force(const json_t *m, vpd_time now);

#endif
