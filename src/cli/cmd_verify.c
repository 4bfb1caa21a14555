/*
 * cmd_verify.c - `vpd verify`: replay the archive, name the first bad
 * commit.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd [--archive DIR] verify [--since [COMMIT]] [--json]";

int
cmd_verify(cli *c, int argc, char **argv)
{
	bool as_json = false;
	const char *since = NULL;
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
		    "line.\n\n  --since COMMIT  check only the commits after "
		    "COMMIT\n  --since         check only the commits after the "
		    "last good verify\n                  (its checkpoint is "
		    "ARCHIVE/private/verified)\n", use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (strcmp(argv[i], "--since") == 0)
			since = i + 1 < argc && argv[i + 1][0] != '-' ?
			    argv[++i] : "";
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	vpd_error_clear(&err);
	rc = vpd_core_verify_since(c->archive, since, &res, &err);
	if (as_json && res)
		cli_print_json(res);
	else if (rc == 0)
		printf("verified %lld commits%s%.12s: every state follows from "
		    "its events\naccess log: %lld entries, none changed or "
		    "missing\n", (long long)json_integer_value(json_object_get(
		    res, "commits")), since ? " after " : "", since ?
		    json_string_value(json_object_get(res, "sinds")) : "",
		    (long long)json_integer_value(json_object_get(res,
		    "toegangslog")));
	json_decref(res);
	return rc ? cli_fail(&err) : 0;
}
