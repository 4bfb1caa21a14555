/*
 * cmd_init.c - `vpd init`: create the archive and its first commit.
 */
#include <stdio.h>

#include "cli.h"

static const char use[] = "vpd [--archive DIR] [--as ACTOR] init";

int
cmd_init(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	json_t *res;
	vpd_error err;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nCreates a new, empty audit archive (a bare "
		    "git repository) at DIR,\nby default ./archive, with one "
		    "commit.  Refuses a directory that holds\nanything but a "
		    "README.md.  Next: 'vpd actor add NAME --role "
		    "coordinator'.\n", use);
		return 0;
	}
	if (argc > 1)
		return cli_usage(use, "init takes no arguments");
	vpd_error_clear(&err);
	if (vpd_core_init(c->archive, &who, &res, &err))
		return cli_fail(&err);
	printf("initialised archive %s (commit %.12s)\n", c->archive,
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}
