/*
 * cli.h - what the command files share: the global options, printing of
 * errors with their source line, and the exit statuses
 *   0 done, 1 refused or invalid input, 2 usage, 3 archive or I/O failure.
 */
#ifndef VPD_CLI_H
#define VPD_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "../archive/archive.h"
#include "../case/case.h"
#include "../letter/letter.h"
#include "../util/error.h"

typedef struct cli {
	const char *archive;   /* --archive, $VPD_ARCHIVE or ./archive */
	const char *actor;     /* --as or $VPD_ACTOR */
	vpd_time now;          /* $VPD_NOW or the clock */
	char via[64];          /* "vpd case show": for the access log */
	char **argv;           /* main()'s, for handing over to vpd-serve */
} cli;

typedef struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(cli *c, int argc, char **argv);
} cli_command;

/* When standard output is a terminal, control characters in what is
 * printed become '?' (tty.c). */
void cli_tty_guard(void);

int cmd_init(cli *c, int argc, char **argv);
int cmd_workflow(cli *c, int argc, char **argv);
int cmd_case(cli *c, int argc, char **argv);
int cmd_actor(cli *c, int argc, char **argv);
int cmd_tick(cli *c, int argc, char **argv);
int cmd_verify(cli *c, int argc, char **argv);
int cmd_letter(cli *c, int argc, char **argv);
int cmd_document(cli *c, int argc, char **argv);
int cmd_person(cli *c, int argc, char **argv);
int cmd_bans(cli *c, int argc, char **argv);
int cmd_lookup(cli *c, int argc, char **argv);
int cmd_agenda(cli *c, int argc, char **argv);
int cmd_police(cli *c, int argc, char **argv);
int cmd_serve(cli *c, int argc, char **argv);
int cmd_gc(cli *c, int argc, char **argv);
int cmd_key(cli *c, int argc, char **argv);
int cmd_checkpoint(cli *c, int argc, char **argv);
int cmd_mirror(cli *c, int argc, char **argv);
int cmd_retention(cli *c, int argc, char **argv);
int cmd_migrate(cli *c, int argc, char **argv);
int cmd_mandates(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_legal(cli *c, int argc, char **argv);
int cmd_dossier(cli *c, int argc, char **argv);
int cmd_mail(cli *c, int argc, char **argv);
int cmd_token(cli *c, int argc, char **argv);
/* Sends the reminders due at `now` (cmd_mail.c; vpd-serve only). */
int vpd_cli_mail_run(vpd_archive *a, vpd_time now, bool dry, json_t **result,
    vpd_error *err);

/* Prints err as "file:line:col: error: message", with the source line and
 * a caret when there is one; returns the exit status for its code. */
int cli_fail(const vpd_error *err);

/* Prints a usage error and returns 2. */
int cli_usage(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Opens the archive or prints why not (returns the exit status). */
int cli_open(cli *c, vpd_archive **out);

/*
 * Opens the archive, runs a core call, prints its result as JSON or with
 * `print`, and returns the exit status.  `arg` is passed through.
 */
typedef int (*cli_query_fn)(vpd_archive *a, const cli *c, const void *arg,
    json_t **result, vpd_error *err);
int cli_query(cli *c, cli_query_fn fn, const void *arg, bool as_json,
    void (*print)(const json_t *result));

/*
 * A read-only overview command: `help` for --help (after "usage: USE"),
 * [--json], then cli_query of a core call that takes who acts.
 */
typedef int (*cli_overview_fn)(vpd_archive *a, const vpd_who *who,
    json_t **result, vpd_error *err);
int cli_overview(cli *c, int argc, char **argv, const char *use,
    const char *help, cli_overview_fn fn, void (*print)(const json_t *));

/* Parses "ID [--json]"; returns 0, or the usage exit status. */
int cli_id_args(int argc, char **argv, const char *use, const char *what,
    const char **id, bool *as_json);

/* Prints JSON to stdout, indented, with a final newline. */
void cli_print_json(const json_t *j);

/* Who acts, with the letter settings: $VPD_LETTERS / ./letters,
 * $VPD_FONTS / ./build/fonts, $VPD_SIGNATURES / ./signatures, or the
 * installed copies under $(PREFIX)/share/vpd. */
vpd_who cli_who(const cli *c);

/* The first of $env, a path in the checkout, the installed one. */
const char *cli_path(const char *env, const char *local,
    const char *installed);

/* Writes buf to path all or nothing (vpd_file_write_atomic).  Returns 0
 * or the exit status after printing why. */
int cli_write_file(const char *path, const unsigned char *buf, size_t len);

/* Whether argv[i] is -h or --help. */
bool cli_wants_help(int argc, char **argv);

/*
 * A directory of exported files (outdir.c).  cli_outdir_export() runs an
 * export into the new directory `out`: it refuses an `out` that exists,
 * writes into a hidden sibling (mode 0700), opens the archive and calls
 * run(), and removes what was written when run() fails; its result is an
 * exit status.  Inside run(), cli_outdir_file() (a vpd_export_fn: the
 * entry's "bestand", at most one folder deep) and cli_outdir_text() write
 * new files, fsynced; cli_outdir_place(), from the core's "done", writes
 * SHA256SUMS of the files cli_outdir_file() wrote and renames the
 * directory to `out`, never over anything.
 */
typedef struct {
	char dir[4096];
	const char *out;
	bool placed;
	json_t *sums;           /* "SHA256  NAME" lines */
} cli_outdir;

typedef int (*cli_export_fn)(vpd_archive *a, const vpd_who *who,
    const void *arg, cli_outdir *x, json_t **result, vpd_error *err);
int cli_outdir_export(cli *c, const char *out, cli_export_fn run,
    const void *arg, json_t **result);
int cli_outdir_file(void *ud, const json_t *entry, const unsigned char *data,
    size_t len, vpd_error *err);
int cli_outdir_text(cli_outdir *x, const char *name, const char *text,
    vpd_error *err);
int cli_outdir_place(cli_outdir *x, vpd_error *err);

/* Local (Amsterdam) form of a stored UTC instant, "20-11-2026 10:00". */
const char *cli_local(const char *utc, char buf[32]);

#endif
