/*
 * internal.h - the checked model of a workflow, shared by the loader,
 * the interpreter and the graph writer.  Nothing outside src/workflow/
 * sees these structures.
 */
#ifndef VPD_WORKFLOW_INTERNAL_H
#define VPD_WORKFLOW_INTERNAL_H

#include "expr.h"
#include "workflow.h"

typedef enum {
	IN_TEXT, IN_ENUM, IN_DATE, IN_DATETIME, IN_INTEGER, IN_BOOLEAN,
	IN_LIST, IN__MAX
} input_type;

typedef struct {
	int line, col;
} loc;

typedef struct {
	char *name;
	char *label;
	input_type type;
	char **values;   /* enum values */
	size_t nvalues;
	bool required;
	bool internal;  /* intern: kept in the record, never in case data or letters */
	loc at;
} wf_input;

typedef struct {
	vpd_expr *when;
	vpd_expr *require;
	char *message;
	char *deviation_input;   /* the input that holds the reason */
	unsigned deviation_roles;
	loc at;
} wf_guard;

typedef struct {
	vpd_expr *when;
	char *to;
	int state;
	loc at;
} wf_target;

typedef struct {
	char *dest;
	vpd_expr *when;
	loc at;
} wf_copy;

typedef struct {
	char *name;
	vpd_expr *value;
} wf_field;

typedef enum { ACT_LETTER, ACT_REGISTER, ACT_END, ACT_POLICE, ACT_SET,
	ACT_VISIT } act_kind;

typedef struct {
	act_kind kind;
	vpd_expr *when;
	loc at;
	/* letter */
	char *letter;
	wf_copy *copies;
	size_t ncopies;
	char *deadline;
	/* register (maatregel), end (status), police (soort), set, afspraak
	 * (visit): fields */
	char *word;      /* end: the new status; police: the kind */
	char *only;      /* end: only measures of this soort (or NULL) */
	wf_field *fields;
	size_t nfields;
} wf_action;

typedef struct {
	char *event;
	vpd_expr *when;
} wf_ref;

typedef struct {
	char *name;
	char *label;
	wf_ref *start;
	size_t nstart;
	vpd_expr *when;
	vpd_expr *anchor;
	vpd_duration within;
	wf_ref *met_by;
	size_t nmet;
	bool late_needs_reason;
	unsigned who;
	loc at;
} wf_deadline;

typedef struct {
	char *name;
	char *label;
	bool initial, final;
	loc at;
} wf_state;

typedef struct {
	char *name;
	char *label;
	bool any_state;
	char **from;
	size_t nfrom;
	unsigned roles;
	bool incident;
	wf_input *inputs;
	size_t ninputs;
	wf_guard *guards;
	size_t nguards;
	wf_target *targets;
	size_t ntargets;
	wf_action *actions;
	size_t nactions;
	vpd_expr *at_expr;   /* time-triggered when set */
	loc at;
} wf_event;

typedef struct {
	char *name;
	char *label;
	bool registered;
	bool addressee;  /* a copy for the letter's addressee, not an afschrift */
	loc at;
} wf_named;

struct vpd_workflow {
	char *file;
	char *name;
	char *title;
	unsigned open_roles;
	bool expire_measures;  /* every event first ends measures past their end */
	/* bewaartermijn (AVG art. 5(1)(e)): how long a case's data are kept,
	 * counted from the end of its last measure or from its closing */
	bool has_retention;
	vpd_duration retention;
	char *retention_after;  /* "laatste_maatregel" or "afsluiting" */
	char *nomination;       /* archiefnominatie: "vernietigen", "bewaren" */
	wf_state *states;
	size_t nstates;
	wf_event *events;
	size_t nevents;
	wf_deadline *deadlines;
	size_t ndeadlines;
	wf_named *letters;
	size_t nletters;
	wf_named *destinations;
	size_t ndestinations;
};

const wf_state *wf_find_state(const vpd_workflow *wf, const char *name);
const wf_event *wf_find_event(const vpd_workflow *wf, const char *name);
const wf_input *wf_find_input(const wf_event *ev, const char *name);
const wf_named *wf_find_letter(const vpd_workflow *wf, const char *name);
const wf_named *wf_find_destination(const vpd_workflow *wf, const char *n);
bool wf_event_from(const vpd_workflow *wf, const wf_event *ev,
    const char *state);
const char *wf_input_type_name(input_type t);

#endif
