/*
 * main.c - vpd's command line: global options, then one command from the
 * table below.  Each command lives in its own cmd_<name>.c and does no
 * more than parse its arguments, call the core library and print.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/time.h"

#define VPD_VERSION "0.1.0"

static const cli_command commands[] = {
	{"init", "create the audit archive", cmd_init},
	{"workflow", "check a workflow file or draw it as a graph",
	    cmd_workflow},
	{"case", "open cases, fire events, show, list and log them", cmd_case},
	{"actor", "add actors and their roles, list them", cmd_actor},
	{"letter", "preview a case's letter as PDF (nothing committed)",
	    cmd_letter},
	{"document", "take a letter's copy out of the archive", cmd_document},
	{"person", "a person's photo, or corrections to their details", cmd_person},
	{"bans", "the bans and warnings in force, as list or reception folder",
	    cmd_bans},
	{"lookup", "find a name on the bans list, however it is typed",
	    cmd_lookup},
	{"agenda", "open deadlines and measures about to end", cmd_agenda},
	{"police", "export the police's copies with a checkable manifest",
	    cmd_police},
	{"tick", "apply the time-triggered transitions that are due",
	    cmd_tick},
	{"retention", "cases and persons whose retention term has passed",
	    cmd_retention},
	{"migrate", "seal the personal data of an archive made before sealing",
	    cmd_migrate},
	{"mandates", "the signers and their mandates, and what runs out",
	    cmd_mandates},
	{"report", "the figures over a period: text, CSV, or a PDF with charts",
	    cmd_report},
	{"legal", "late steps, deviations, running bezwaar terms, decisions",
	    cmd_legal},
	{"dossier", "a case's whole file as one PDF for a court", cmd_dossier},
	{"mail", "e-mail reminders: settings, and send what is due", cmd_mail},
	{"token", "API tokens for scripts and the zaaksysteem", cmd_token},
	{"serve", "serve the web pages for staff, reception and managers",
	    cmd_serve},
	{"verify", "replay the archive and check every commit", cmd_verify},
	{"key", "the archive's signing key: show it, rotate it", cmd_key},
	{"checkpoint", "a signed checkpoint of the history, to keep elsewhere",
	    cmd_checkpoint},
	{"mirror", "push the archive to its mirrors; how they stand",
	    cmd_mirror},
	{"gc", "pack the archive's loose objects (commits do it by themselves)",
	    cmd_gc},
	{NULL, NULL, NULL}
};

static void
usage(FILE *f)
{
	fputs("usage: vpd [--archive DIR] [--as ACTOR] COMMAND [ARGS]\n\n"
	    "vpd runs a municipality's aggression protocol: incidents, order\n"
	    "talks, warnings, access bans and police reports, every step a\n"
	    "commit in a git audit archive.\n\ncommands:\n", f);
	for (int i = 0; commands[i].name; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\noptions:\n"
	    "  --archive DIR  the archive (default $VPD_ARCHIVE or ./archive)\n"
	    "  --as ACTOR     who acts (default $VPD_ACTOR)\n"
	    "  --version      print the version\n\n"
	    "environment: VPD_NOW (an ISO-8601 instant) replaces the clock.\n"
	    "'vpd COMMAND --help' describes a command.\n", f);
}

/* Only the files that say how vpd works are quoted: a workflow, a
 * template, a setting.  A person or incident file, or any other file
 * given where one of those was expected, may hold anyone's data. */
static bool
quotable(const char *file)
{
	static const char *const ends[] = {".yaml", ".yml", ".md", NULL};
	size_t n = strlen(file);

	for (int i = 0; ends[i]; i++)
		if (n > strlen(ends[i]) &&
		    strcmp(file + n - strlen(ends[i]), ends[i]) == 0)
			return true;
	return false;
}

static int
print_source_line(const vpd_error *err)
{
	FILE *f;
	char line[1024];
	int n = 0;

	if (err->file[0] == '\0' || err->line <= 0 ||
	    !quotable(err->file) || (f = fopen(err->file, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (++n == err->line)
			break;
	fclose(f);
	if (n != err->line)
		return 0;
	line[strcspn(line, "\n")] = '\0';
	vpd_scrub(line);        /* no escape reaches the terminal */
	fprintf(stderr, "  %s\n  ", line);
	for (int i = 1; i < err->column && line[i - 1]; i++)
		fputc(line[i - 1] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
	return 1;
}

int
cli_fail(const vpd_error *err)
{
	if (err->file[0] && err->line > 0)
		fprintf(stderr, "%s:%d:%d: error: %s\n", err->file, err->line,
		    err->column, err->msg);
	else if (err->file[0])
		fprintf(stderr, "%s: error: %s\n", err->file, err->msg);
	else
		fprintf(stderr, "vpd: error: %s\n", err->msg);
	print_source_line(err);
	return vpd_error_exit_status(err->code);
}

int
cli_usage(const char *use, const char *fmt, ...)
{
	va_list ap;

	fputs("vpd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", use);
	return 2;
}

int
cli_open(cli *c, vpd_archive **out)
{
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_archive_open(out, c->archive, &err))
		return cli_fail(&err);
	return 0;
}

int
cli_query(cli *c, cli_query_fn fn, const void *arg, bool as_json,
    void (*print)(const json_t *))
{
	vpd_archive *a;
	json_t *res = NULL;
	vpd_error err;
	int rc;

	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = fn(a, c, arg, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json)
		cli_print_json(res);
	else
		print(res);
	json_decref(res);
	return 0;
}

typedef struct overview {
	cli_overview_fn fn;
} overview;

static int
overview_query(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	vpd_who who = cli_who(c);

	return ((const overview *)arg)->fn(a, &who, res, err);
}

int
cli_overview(cli *c, int argc, char **argv, const char *use,
    const char *help, cli_overview_fn fn, void (*print)(const json_t *))
{
	overview o = {fn};
	bool as_json = false;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\n%s", use, help);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	return cli_query(c, overview_query, &o, as_json, print);
}

int
cli_id_args(int argc, char **argv, const char *use, const char *what,
    const char **id, bool *as_json)
{
	*id = NULL;
	*as_json = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			*as_json = true;
		else if (argv[i][0] != '-' && *id == NULL)
			*id = argv[i];
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (*id == NULL)
		return cli_usage(use, "%s needs CASE", what);
	return 0;
}

void
cli_print_json(const json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', stdout);
}

bool
cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

#ifndef VPD_DATADIR
#define VPD_DATADIR "/usr/local/share/vpd"
#endif

const char *
cli_path(const char *env, const char *local, const char *installed)
{
	const char *e = getenv(env);

	if (e && *e)
		return e;
	if (access(local, R_OK) == 0)
		return local;
	return installed;
}

/* All or nothing, through mkstemp() and a rename (util/file.h). */
int
cli_write_file(const char *path, const unsigned char *buf, size_t len)
{
	vpd_error err;

	vpd_error_clear(&err);
	/* letters, documents and the reception folder hold personal data:
	 * readable by their owner only */
	if (vpd_file_write_atomic(path, buf, len, 0600, &err))
		return cli_fail(&err);
	return 0;
}

vpd_who
cli_who(const cli *c)
{
	vpd_who who = {.actor = c->actor, .now = c->now, .via = c->via};

	who.letters_dir = cli_path("VPD_LETTERS", "letters",
	    VPD_DATADIR "/letters");
	who.fontdir = cli_path("VPD_FONTS", "build/fonts",
	    VPD_DATADIR "/fonts");
	who.signatures_dir = cli_path("VPD_SIGNATURES", "signatures",
	    VPD_DATADIR "/signatures");
	return who;
}

const char *
cli_local(const char *utc, char buf[32])
{
	vpd_time t;

	if (utc == NULL || vpd_time_parse(utc, &t)) {
		snprintf(buf, 32, "%s", utc ? utc : "-");
		return buf;
	}
	vpd_time_format_human(t, buf);
	return buf;
}

/*
 * The automatic gc after a commit runs apart, as `THIS-PROGRAM gc --auto
 * --detach` (vpd and vpd-serve take the same command line), so that no
 * command waits for a combine of packs.  /proc/self/exe is the very
 * binary that runs, even when an upgrade has replaced the file since the
 * server started.  Without /proc the gc runs inside.
 */
static void
gc_apart(void)
{
	if (access("/proc/self/exe", X_OK) == 0)
		vpd_archive_gc_set_program("/proc/self/exe");
}

int
main(int argc, char **argv)
{
	cli c = {0};
	vpd_error err;
	int i;

	vpd_time_init();
	gc_apart();
	cli_tty_guard();
	c.argv = argv;
	c.archive = getenv("VPD_ARCHIVE");
	c.actor = getenv("VPD_ACTOR");
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--archive") && i + 1 < argc) {
			c.archive = argv[++i];
		} else if (!strcmp(argv[i], "--as") && i + 1 < argc) {
			c.actor = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("vpd %s\n", VPD_VERSION);
			return 0;
		} else {
			fprintf(stderr, "vpd: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (c.archive == NULL || *c.archive == '\0')
		c.archive = "archive";
	if (c.actor && *c.actor == '\0')
		c.actor = NULL;
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	vpd_error_clear(&err);
	if (vpd_time_now(&c.now, &err))
		return cli_fail(&err);
	/* The command's words, never its arguments (names are personal
	 * data): "vpd case show", "vpd lookup". */
	snprintf(c.via, sizeof(c.via), "vpd %.20s", argv[i]);
	if (i + 1 < argc && strspn(argv[i + 1], "abcdefghijklmnopqrstuvwxyz") ==
	    strlen(argv[i + 1]) && strlen(argv[i + 1]) < 16 &&
	    strcmp(argv[i], "lookup") != 0)
		snprintf(c.via + strlen(c.via), sizeof(c.via) - strlen(c.via),
		    " %s", argv[i + 1]);
	for (int k = 0; commands[k].name; k++)
		if (!strcmp(argv[i], commands[k].name))
			return commands[k].run(&c, argc - i, argv + i);
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "vpd: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return 2;
}
