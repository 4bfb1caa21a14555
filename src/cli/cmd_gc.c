/*
 * cmd_gc.c - `vpd gc`: pack the archive's loose objects now.
 *
 * Commits run the same gc on their own when the loose objects pass
 * vpd.gcAuto; this command is for cron and for administrators.  Like
 * `vpd verify` it shows no personal data and changes no history, so it
 * needs no actor (whoever can write the archive's files can run it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char use[] =
    "vpd [--archive DIR] gc [--combine] [--wait] [--auto [--detach]] "
    "[--json]";

static void
print_gc(const vpd_gc_stats *st)
{
	if (st->busy) {
		printf("another gc is running: nothing done\n");
		return;
	}
	if (!st->ran) {
		printf("fewer loose objects than vpd.gcAuto: nothing done\n");
		return;
	}
	printf("loose objects: %zu before, %zu after\n", st->loose_before,
	    st->loose_after);
	printf("packed %zu objects; removed %zu loose copies; pruned %zu "
	    "unreachable, kept %zu younger than a day\n", st->packed,
	    st->removed, st->pruned, st->kept);
	printf("packs: %zu before, %zu after%s, %.1f MB\n", st->packs_before,
	    st->packs_after, st->combined ? " (combined)" : "",
	    (double)st->pack_bytes / 1e6);
	printf("%.2f s\n", st->seconds);
}

static void
print_gc_json(const vpd_gc_stats *st)
{
	json_t *j = json_pack("{sbsbsbsIsIsIsIsIsIsIsIsIsf}",
	    "ran", st->ran, "busy", st->busy, "combined", st->combined,
	    "loose_before", (json_int_t)st->loose_before,
	    "loose_after", (json_int_t)st->loose_after,
	    "packed", (json_int_t)st->packed,
	    "removed", (json_int_t)st->removed,
	    "pruned", (json_int_t)st->pruned,
	    "kept", (json_int_t)st->kept,
	    "packs_before", (json_int_t)st->packs_before,
	    "packs_after", (json_int_t)st->packs_after,
	    "pack_bytes", (json_int_t)st->pack_bytes,
	    "seconds", st->seconds);

	cli_print_json(j);
	json_decref(j);
}

int
cmd_gc(cli *c, int argc, char **argv)
{
	vpd_gc_options opt = {.prune_age = -1};
	vpd_gc_stats st;
	vpd_archive *a;
	bool as_json = false, automatic = false, detach = false;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nPacks the archive's loose objects into a "
		    "pack (delta compressed) and\ndeletes each loose copy once "
		    "the pack holding it is safely on disk.\nLoose objects that "
		    "no commit reaches (left by refused or retried\nchanges) "
		    "are deleted when older than a day.  When there are more "
		    "packs\nthan vpd.gcMaxPacks (24), they are combined into "
		    "one.  Other vpd\ncommands may commit meanwhile; a second "
		    "gc does nothing.\n\n"
		    "  --combine  combine all packs into one now\n"
		    "  --wait     wait for a running gc instead of doing "
		    "nothing\n"
		    "  --auto     only when there are more loose objects than "
		    "vpd.gcAuto\n"
		    "  --detach   with --auto: in the background; returns at "
		    "once, prints nothing\n"
		    "  --json     print the counts as JSON\n\n"
		    "Commits run 'gc --auto --detach' by themselves when the "
		    "archive holds more\nthan vpd.gcAuto (1024) loose objects "
		    "('git config -f ARCHIVE/config vpd.gcAuto 0'\nturns that "
		    "off; vpd.gcAutoDetach false runs it inside the command "
		    "instead).\n", use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--combine"))
			opt.combine = true;
		else if (!strcmp(argv[i], "--wait"))
			opt.wait = true;
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else if (!strcmp(argv[i], "--auto"))
			automatic = true;
		else if (!strcmp(argv[i], "--detach"))
			detach = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (detach && !automatic)
		return cli_usage(use, "--detach goes with --auto");
	if (automatic && (opt.combine || opt.wait))
		return cli_usage(use, "--auto takes neither --combine nor "
		    "--wait");
	/* opened before any fork, so that a wrong --archive is said here,
	 * not swallowed by a child nobody hears */
	if ((rc = cli_open(c, &a)))
		return rc;
	if (detach) {
		/* the caller waits for this process only: the gc goes on in
		 * a child of its own session, which nobody waits for */
		pid_t pid = fork();

		if (pid < 0) {
			vpd_archive_free(a);
			fprintf(stderr, "vpd: cannot start a gc in the "
			    "background\n");
			return 3;
		}
		if (pid > 0) {
			vpd_archive_free(a);
			return 0;
		}
		setsid();
	}
	vpd_error_clear(&err);
	if (automatic) {
		/* here, in this process: never start another one */
		vpd_archive_gc_set_program(NULL);
		rc = vpd_archive_gc_auto(a, &st, &err);
	} else {
		rc = vpd_archive_gc(a, &opt, &st, &err);
	}
	vpd_archive_free(a);
	if (detach)
		_exit(rc ? 3 : 0);
	if (rc)
		return cli_fail(&err);
	if (as_json)
		print_gc_json(&st);
	else
		print_gc(&st);
	return 0;
}
