/*
 * cmd_case.c - `vpd case open|event|show|list|log`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../record/record.h"
#include "../util/file.h"
#include "cli.h"

static const char use[] =
    "vpd [--as ACTOR] case open --workflow NAME --person FILE "
    "--incident FILE [--json]\n"
    "       vpd [--as ACTOR] case event CASE EVENT [--set FIELD=VALUE]... "
    "[--reason TEXT]\n"
    "                                  [--incident FILE] [--signer ID] "
    "[--json]\n"
    "       vpd --as ACTOR case show CASE [--json]\n"
    "       vpd --as ACTOR case list [--state NAME] [--json]\n"
    "       vpd --as ACTOR case log CASE [--json]";

#ifndef VPD_DATADIR
#define VPD_DATADIR "/usr/local/share/vpd"
#endif

/* NAME, or a path: $VPD_WORKFLOWS, ./workflows, then the installed ones. */
static char *
find_workflow(const char *name, char *path, size_t size, size_t *len,
    vpd_error *err)
{
	const char *dirs[3] = {getenv("VPD_WORKFLOWS"), "workflows",
	    VPD_DATADIR "/workflows"};

	if (strchr(name, '/') || strstr(name, ".yaml")) {
		snprintf(path, size, "%s", name);
		return vpd_file_read(path, len, err);
	}
	for (int i = 0; i < 3; i++) {
		FILE *f;

		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		snprintf(path, size, "%s/%s.yaml", dirs[i], name);
		if ((f = fopen(path, "rb")) != NULL) {
			fclose(f);
			return vpd_file_read(path, len, err);
		}
	}
	vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "no workflow '%s' "
	    "(looked in $VPD_WORKFLOWS, ./workflows and %s/workflows)", name,
	    VPD_DATADIR);
	return NULL;
}

static void
print_event_result(const json_t *res)
{
	json_t *v;
	size_t i;

	printf("%s: %s (%s -> %s)\n",
	    json_string_value(json_object_get(res, "zaak")),
	    json_string_value(json_object_get(res, "event")),
	    json_string_value(json_object_get(res, "van")),
	    json_string_value(json_object_get(res, "naar")));
	json_array_foreach(json_object_get(res, "acties"), i, v) {
		const char *soort = json_string_value(json_object_get(v, "soort"));

		if (!strcmp(soort, "brief")) {
			json_t *d = json_object_get(v, "document");

			printf("  letter: %s, %zu copies%s\n",
			    json_string_value(json_object_get(d, "titel")),
			    json_array_size(json_object_get(d, "exemplaren")),
			    json_is_true(json_object_get(d, "te_laat")) ?
			    " (LATE)" : "");
		} else if (!strcmp(soort, "maatregel")) {
			json_t *m = json_object_get(v, "maatregel");

			printf("  measure: %s %s to %s\n",
			    json_string_value(json_object_get(m, "soort")),
			    json_string_value(json_object_get(m, "van")),
			    json_string_value(json_object_get(m, "tot")));
		} else if (!strcmp(soort, "maatregel_einde")) {
			printf("  measure ended: %s\n",
			    json_string_value(json_object_get(v, "status")));
		} else if (!strcmp(soort, "politie")) {
			printf("  police: %s\n", json_string_value(
			    json_object_get(json_object_get(v, "politie"),
			    "soort")));
		}
	}
	json_array_foreach(json_object_get(res, "afwijkingen"), i, v)
		printf("  deviation recorded: %s\n",
		    json_string_value(json_object_get(v, "reden")));
	json_array_foreach(json_object_get(res, "termijnen_afgehandeld"), i, v)
		printf("  deadline %s: %s\n",
		    json_string_value(json_object_get(v, "naam")),
		    json_string_value(json_object_get(v, "status")));
	printf("commit %.12s\n",
	    json_string_value(json_object_get(res, "commit")));
}

static int
load_record(const char *path, json_t **out, vpd_error *err)
{
	return vpd_json_load_file(out, path, err);
}

static int
case_open(cli *c, int argc, char **argv)
{
	const char *wfname = NULL, *pfile = NULL, *ifile = NULL;
	vpd_who who = cli_who(c);
	json_t *persoon = NULL, *incident = NULL, *res = NULL;
	char path[1024], *text = NULL;
	bool as_json = false;
	vpd_archive *a = NULL;
	vpd_error err;
	size_t len;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--workflow") && i + 1 < argc)
			wfname = argv[++i];
		else if (!strcmp(argv[i], "--person") && i + 1 < argc)
			pfile = argv[++i];
		else if (!strcmp(argv[i], "--incident") && i + 1 < argc)
			ifile = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (!wfname || !pfile || !ifile)
		return cli_usage(use, "case open needs --workflow, --person "
		    "and --incident");
	vpd_error_clear(&err);
	if ((text = find_workflow(wfname, path, sizeof(path), &len, &err)) ==
	    NULL || load_record(pfile, &persoon, &err) ||
	    load_record(ifile, &incident, &err)) {
		rc = cli_fail(&err);
		goto done;
	}
	if ((rc = cli_open(c, &a)))
		goto done;
	if (vpd_core_case_open(a, &who, path, text, len, persoon, pfile,
	    incident, ifile, &res, &err)) {
		rc = cli_fail(&err);
		goto done;
	}
	if (as_json) {
		cli_print_json(res);
	} else {
		printf("%s\n", json_string_value(json_object_get(res, "zaak")));
		if (json_is_true(json_object_get(res, "gekoppeld")))
			fprintf(stderr, "vpd: person %s has a measure in force "
			    "in case %s: the incident was added to it "
			    "(recidive, event %s)\n",
			    json_string_value(json_object_get(res,
			    "persoon_id")) ? json_string_value(
			    json_object_get(res, "persoon_id")) : "",
			    json_string_value(json_object_get(res, "zaak")),
			    json_string_value(json_object_get(res, "event")));
		else if (json_is_true(json_object_get(res, "recidive")))
			fprintf(stderr, "vpd: person %s has a measure in force "
			    "elsewhere: case marked as recidive\n",
			    json_string_value(json_object_get(res,
			    "persoon_id")));
	}
done:
	json_decref(res);
	json_decref(persoon);
	json_decref(incident);
	free(text);
	vpd_archive_free(a);
	return rc;
}

static int
case_event(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *id = NULL, *event = NULL, *reason = NULL, *ifile = NULL;
	json_t *inputs = json_object(), *incident = NULL, *res = NULL;
	bool as_json = false;
	vpd_archive *a = NULL;
	vpd_error err;
	int rc = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--set") && i + 1 < argc) {
			char *eq = strchr(argv[++i], '=');

			if (eq == NULL || eq == argv[i]) {
				json_decref(inputs);
				return cli_usage(use, "--set needs FIELD=VALUE, "
				    "not '%s'", argv[i]);
			}
			*eq = '\0';
			/* JSON holds only UTF-8: what is not would be lost on
			 * the way, so it is refused here (the value is not
			 * repeated) */
			if (!vpd_text_printable(argv[i]) ||
			    !vpd_text_printable_lines(eq + 1)) {
				vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0,
				    "--set %s: %s is not valid UTF-8 text, or "
				    "holds control characters", argv[i],
				    vpd_text_printable(argv[i]) ? "the value" :
				    "the field name");
				json_decref(inputs);
				return cli_fail(&err);
			}
			if (json_object_get(inputs, argv[i])) {
				json_decref(inputs);
				return cli_usage(use, "--set %s given twice",
				    argv[i]);
			}
			json_object_set_new(inputs, argv[i],
			    json_string(eq + 1));
		} else if (!strcmp(argv[i], "--reason") && i + 1 < argc) {
			reason = argv[++i];
		} else if (!strcmp(argv[i], "--signer") && i + 1 < argc) {
			who.signer = argv[++i];
		} else if (!strcmp(argv[i], "--incident") && i + 1 < argc) {
			ifile = argv[++i];
		} else if (!strcmp(argv[i], "--json")) {
			as_json = true;
		} else if (argv[i][0] != '-' && !id) {
			id = argv[i];
		} else if (argv[i][0] != '-' && !event) {
			event = argv[i];
		} else {
			json_decref(inputs);
			return cli_usage(use, "unexpected '%s'", argv[i]);
		}
	}
	if (!id || !event) {
		json_decref(inputs);
		return cli_usage(use, "case event needs CASE and EVENT");
	}
	vpd_error_clear(&err);
	if (ifile && load_record(ifile, &incident, &err)) {
		rc = cli_fail(&err);
		goto done;
	}
	if ((rc = cli_open(c, &a)))
		goto done;
	if (vpd_core_case_event(a, &who, id, event, inputs, reason, incident,
	    ifile, &res, &err)) {
		rc = cli_fail(&err);
		goto done;
	}
	if (as_json)
		cli_print_json(res);
	else
		print_event_result(res);
done:
	json_decref(res);
	json_decref(inputs);
	json_decref(incident);
	vpd_archive_free(a);
	return rc;
}

/* A text field for printing: a view may leave any field out. */
static const char *
field(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "-";
}

static void
print_show(const json_t *s)
{
	json_t *p = json_object_get(s, "persoon"), *v;
	const char *key;
	char buf[32];
	size_t i;

#define S(o, k) field((o), (k))
	printf("Case      %s (%s)\n", S(s, "id"), S(s, "workflow_titel"));
	printf("State     %s (%s)\n", S(s, "status"), S(s, "status_label"));
	printf("You see   ");
	json_array_foreach(json_object_get(s, "zicht"), i, v)
		printf("%s%s", i ? ", " : "", json_string_value(v));
	printf(" (docs/access.md)\n");
	if (p)
		printf("Person    %s %s, born %s\n", S(p, "id"), S(p, "naam"),
		    S(p, "geboortedatum"));
	printf("Opened    %s\n", cli_local(S(s, "geopend"), buf));
	if (json_object_get(s, "recidive"))
		printf("Recidive  %s\n", json_is_true(json_object_get(s,
		    "recidive")) ? "yes" : "no");
	if (json_object_get(s, "incidenten"))
		printf("Incidents\n");
	json_array_foreach(json_object_get(s, "incidenten"), i, v) {
		json_t *x;
		size_t k;

		printf("  %lld. %s, %s (", (long long)json_integer_value(
		    json_object_get(v, "nr")), cli_local(S(v, "tijdstip"), buf),
		    S(v, "locatie"));
		json_array_foreach(json_object_get(v, "soorten"), k, x)
			printf("%s%s", k ? ", " : "", json_string_value(x));
		printf(")\n");
	}
	if (json_object_size(json_object_get(s, "gegevens")) > 0) {
		printf("Inputs so far\n");
		json_object_foreach(json_object_get(s, "gegevens"), key, v) {
			char *txt = json_dumps(v, JSON_ENCODE_ANY);

			printf("  %-16s %s\n", key, txt ? txt : "");
			free(txt);
		}
	}
	if (json_object_get(s, "open_termijnen"))
		printf("Open deadlines\n");
	if (json_object_get(s, "open_termijnen") &&
	    json_array_size(json_object_get(s, "open_termijnen")) == 0)
		printf("  none\n");
	json_array_foreach(json_object_get(s, "open_termijnen"), i, v)
		printf("  %s %s: due %s%s\n", json_is_true(json_object_get(v,
		    "verlopen")) ? "OVERDUE" : "-", S(v, "label"),
		    cli_local(S(v, "uiterlijk"), buf), "");
	if (json_array_size(json_object_get(s, "maatregelen")) > 0) {
		printf("Measures\n");
		json_array_foreach(json_object_get(s, "maatregelen"), i, v)
			printf("  %lld. %s %s to %s%s%s%s\n", (long long)
			    json_integer_value(json_object_get(v, "nr")),
			    S(v, "soort"), S(v, "van"), S(v, "tot"),
			    json_object_get(v, "status") ? " (" : "",
			    json_object_get(v, "status") ? S(v, "status") :
			    "", json_object_get(v, "status") ? ")" : "");
	}
	if (json_array_size(json_object_get(s, "documenten")) > 0) {
		printf("Documents\n");
		json_array_foreach(json_object_get(s, "documenten"), i, v) {
			json_t *x;
			size_t k;

			printf("  %lld. %s%s: ", (long long)json_integer_value(
			    json_object_get(v, "nr")), S(v, "titel"),
			    json_is_true(json_object_get(v, "te_laat")) ?
			    " (LATE)" : "");
			json_array_foreach(json_object_get(v, "exemplaren"), k,
			    x)
				printf("%s%s", k ? ", " : "",
				    S(x, "bestemming"));
			printf("\n");
		}
	}
	json_array_foreach(json_object_get(s, "verloop"), i, v)
		printf("%s  %s  %s\n", i ? "        " : "Progress",
		    cli_local(S(v, "tijdstip"), buf), S(v, "wat"));
	if (json_object_get(s, "toegestaan")) {
		printf("Next events ");
		if (json_array_size(json_object_get(s, "toegestaan")) == 0)
			printf(" none");
		json_array_foreach(json_object_get(s, "toegestaan"), i, v)
			printf(" %s", json_string_value(v));
		printf("\n");
	}
#undef S
}

static int
show_query(vpd_archive *a, const cli *c, const void *id, json_t **res,
    vpd_error *err)
{
	vpd_who who = cli_who(c);

	return vpd_core_case_show(a, &who, id, res, err);
}

static int
case_show(cli *c, int argc, char **argv)
{
	const char *id;
	bool as_json;
	int rc;

	if ((rc = cli_id_args(argc, argv, use, "case show", &id, &as_json)))
		return rc;
	return cli_query(c, show_query, id, as_json, print_show);
}

static int
list_query(vpd_archive *a, const cli *c, const void *state, json_t **res,
    vpd_error *err)
{
	vpd_who who = cli_who(c);

	return vpd_core_case_list(a, &who, state, res, err);
}

static void
print_list(const json_t *res)
{
	json_t *v;
	char buf[32];
	size_t i;

	json_array_foreach(res, i, v) {
		const char *p = json_string_value(json_object_get(v, "persoon"));

		printf("%-10s %-20s %-6s %-16s %s\n",
		    json_string_value(json_object_get(v, "id")),
		    json_string_value(json_object_get(v, "status")),
		    p ? p : "-",
		    cli_local(json_string_value(json_object_get(v, "geopend")),
		    buf), json_string_value(json_object_get(v, "workflow")));
	}
}

static int
case_list(cli *c, int argc, char **argv)
{
	const char *state = NULL;
	bool as_json = false;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = true;
		else if (!strcmp(argv[i], "--state") && i + 1 < argc)
			state = argv[++i];
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	return cli_query(c, list_query, state, as_json, print_list);
}

static int
log_query(vpd_archive *a, const cli *c, const void *id, json_t **res,
    vpd_error *err)
{
	vpd_who who = cli_who(c);

	return vpd_core_case_log(a, &who, id, res, err);
}

static void
print_log(const json_t *res)
{
	json_t *v;
	char buf[32];
	size_t i;

	json_array_foreach(res, i, v) {
		json_t *x;
		size_t k;

#define S(o, key) json_string_value(json_object_get((o), (key)))
		printf("%3lld  %s  %-22s %-20s %s -> %s%s  [%.10s]\n",
		    (long long)json_integer_value(json_object_get(v, "nr")),
		    cli_local(S(v, "tijdstip"), buf), S(v, "event"),
		    S(v, "actor"), S(v, "van")[0] ? S(v, "van") : "-",
		    S(v, "naar"), json_is_true(json_object_get(v, "te_laat")) ?
		    "  LATE" : "", S(v, "commit"));
		if (S(v, "reden"))
			printf("       reason: %s\n", S(v, "reden"));
		json_array_foreach(json_object_get(v, "acties"), k, x)
			if (!strcmp(S(x, "soort"), "brief"))
				printf("       letter: %s\n",
				    S(json_object_get(x, "document"), "titel"));
		json_array_foreach(json_object_get(v, "afwijkingen"), k, x)
			printf("       deviation: %s\n", S(x, "reden"));
#undef S
	}
}

static int
case_log(cli *c, int argc, char **argv)
{
	const char *id;
	bool as_json;
	int rc;

	if ((rc = cli_id_args(argc, argv, use, "case log", &id, &as_json)))
		return rc;
	return cli_query(c, log_query, id, as_json, print_log);
}

int
cmd_case(cli *c, int argc, char **argv)
{
	if (argc < 2 || (cli_wants_help(argc, argv))) {
		printf("usage: %s\n\n"
		    "open   registers an incident for a person under a workflow "
		    "and prints the\n       new case id (or links it to the "
		    "person's case in force: recidive)\nevent  fires EVENT; "
		    "inputs as --set FIELD=VALUE (lists comma-separated,\n"
		    "       dates YYYY-MM-DD, times YYYY-MM-DDTHH:MM Amsterdam "
		    "time)\nshow   state, person, inputs, open deadlines, "
		    "measures, documents, next events\nlist   all cases, or "
		    "those in one state\nlog    the case's audit trail, read "
		    "from the archive\n", use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "open"))
		return case_open(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "event"))
		return case_event(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "show"))
		return case_show(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "list"))
		return case_list(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "log"))
		return case_log(c, argc - 2, argv + 2);
	return cli_usage(use, "unknown case command '%s'", argv[1]);
}
