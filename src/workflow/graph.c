/*
 * graph.c - a workflow as Graphviz DOT, for `vpd workflow graph`.
 *
 * States are nodes (the initial one bold, final ones double-circled);
 * every event is an edge from each state it may be fired in to each state
 * it may lead to, labelled with its name; an event that leaves the state as
 * it is becomes a self-loop; time-triggered events are dashed.  Deadlines
 * are listed in a note with their duration and what meets them.
 */
#include "internal.h"

#include <string.h>

static void
quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n') {
			fputs("\\n", out);
			continue;
		}
		fputc(*s, out);
	}
	fputc('"', out);
}

static void
edge(FILE *out, const char *from, const char *to, const wf_event *ev,
    const char *when)
{
	char label[512];

	snprintf(label, sizeof(label), "%s%s%s%s", ev->name,
	    ev->at_expr ? "\n(at " : "",
	    ev->at_expr ? vpd_expr_source(ev->at_expr) : "",
	    ev->at_expr ? ")" : "");
	fputs("  ", out);
	quoted(out, from);
	fputs(" -> ", out);
	quoted(out, to);
	fputs(" [label=", out);
	if (when) {
		char full[1024];

		snprintf(full, sizeof(full), "%s\n[%s]", label, when);
		quoted(out, full);
	} else {
		quoted(out, label);
	}
	fputs(ev->at_expr ? ", style=dashed" : "", out);
	fputs("];\n", out);
}

int
vpd_workflow_graph(const vpd_workflow *wf, FILE *out)
{
	fputs("digraph ", out);
	quoted(out, wf->name);
	fputs(" {\n  rankdir=LR;\n  node [shape=box, style=rounded, "
	    "fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", "
	    "fontsize=10];\n  label=", out);
	quoted(out, vpd_workflow_title(wf));
	fputs(";\n  labelloc=t;\n", out);
	for (size_t i = 0; i < wf->nstates; i++) {
		const wf_state *st = &wf->states[i];
		char label[512];

		snprintf(label, sizeof(label), "%s%s%s", st->name,
		    st->label ? "\n" : "", st->label ? st->label : "");
		fputs("  ", out);
		quoted(out, st->name);
		fputs(" [label=", out);
		quoted(out, label);
		if (st->initial)
			fputs(", penwidth=2.5", out);
		if (st->final)
			fputs(", shape=doublecircle, style=solid", out);
		fputs("];\n", out);
	}
	for (size_t e = 0; e < wf->nevents; e++) {
		const wf_event *ev = &wf->events[e];

		for (size_t s = 0; s < wf->nstates; s++) {
			const char *from = wf->states[s].name;

			if (!wf_event_from(wf, ev, from))
				continue;
			if (ev->ntargets == 0)
				edge(out, from, from, ev, NULL);
			for (size_t t = 0; t < ev->ntargets; t++)
				edge(out, from, ev->targets[t].to, ev,
				    ev->ntargets > 1 && ev->targets[t].when ?
				    vpd_expr_source(ev->targets[t].when) :
				    NULL);
		}
	}
	if (wf->ndeadlines > 0) {
		char note[4096] = "Termijnen\\l";

		for (size_t i = 0; i < wf->ndeadlines; i++) {
			const wf_deadline *d = &wf->deadlines[i];
			char line[512];

			static const char *units[VPD_UNIT__MAX] = {"uur",
			    "dagen", "weken", "maanden", "jaar"};

			snprintf(line, sizeof(line), "%s: %lld %s na %s; "
			    "gehaald door %s%s\\l", d->name,
			    (long long)d->within.n, units[d->within.unit],
			    vpd_expr_source(d->anchor),
			    d->nmet ? d->met_by[0].event : "-",
			    d->nmet > 1 ? " e.a." : "");
			strncat(note, line, sizeof(note) - strlen(note) - 1);
		}
		/* `note` holds \l escapes already: write it unquoted-escaped. */
		fprintf(out, "  \"__termijnen\" [shape=note, style=solid, "
		    "fontsize=10, label=\"");
		for (const char *p = note; *p; p++) {
			if (*p == '"')
				fputc('\\', out);
			fputc(*p, out);
		}
		fputs("\"];\n", out);
	}
	fputs("}\n", out);
	return ferror(out) ? VPD_EIO : 0;
}
