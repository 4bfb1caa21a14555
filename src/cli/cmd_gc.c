/*
 * cmd_gc.c - `vpd gc`: pack the archive's loose objects now.
 *
 * Commits run the same gc on their own when the loose objects pass
 * vpd.gcAuto; this command is for cron and for administrators.  Like
 * `vpd verify` it shows no personal data and changes no history, so it
 * needs no actor (whoever can write the archive's files can run it).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd [--archive DIR] gc [--combine] [--wait] [--json]";

static void
print_gc(const vpd_gc_stats *st)
{
	if (st->busy) {
		printf("another gc is running: nothing done\n");
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
	json_t *j = json_pack("{sbsbsIsIsIsIsIsIsIsIsIsf}",
	    "busy", st->busy, "combined", st->combined,
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
	bool as_json = false;
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
		    "  --json     print the counts as JSON\n\n"
		    "Commits run the same gc by themselves when the archive "
		    "holds more than\nvpd.gcAuto (1024) loose objects "
		    "('git config -f ARCHIVE/config vpd.gcAuto 0'\nturns that "
		    "off).\n", use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--combine"))
			opt.combine = true;
		else if (!strcmp(argv[i], "--wait"))
			opt.wait = true;
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_archive_gc(a, &opt, &st, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json)
		print_gc_json(&st);
	else
		print_gc(&st);
	return 0;
}
