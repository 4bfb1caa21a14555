/*
 * cmd_verify.c - `vpd verify`: replay the archive, name the first bad
 * commit.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] = "vpd [--archive DIR] verify [--json]";

int
cmd_verify(cli *c, int argc, char **argv)
{
	bool as_json = argc == 2 && !strcmp(argv[1], "--json");
	json_t *res = NULL;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nReplays every commit of the archive through "
		    "the workflow version its\ncase started on and checks that "
		    "each follows from its parent by a legal\nevent and that "
		    "the stored state equals the replayed one, and checks the "
		    "chain of the\naccess log in ARCHIVE/private/.  Exit 0 when "
		    "all is well; exit 1\nnaming the first bad commit or log "
		    "line.\n", use);
		return 0;
	}
	if (argc > 1 && !as_json)
		return cli_usage(use, "unexpected '%s'", argv[1]);
	vpd_error_clear(&err);
	rc = vpd_core_verify(c->archive, &res, &err);
	if (as_json && res)
		cli_print_json(res);
	else if (rc == 0)
		printf("verified %lld commits: every state follows from its "
		    "events\naccess log: %lld entries, none changed or "
		    "missing\n", (long long)json_integer_value(json_object_get(
		    res, "commits")), (long long)json_integer_value(
		    json_object_get(res, "toegangslog")));
	json_decref(res);
	return rc ? cli_fail(&err) : 0;
}
