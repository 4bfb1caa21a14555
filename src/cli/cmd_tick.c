/*
 * cmd_tick.c - `vpd tick`: fire the time-triggered events that are due.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] = "vpd tick [--json]";

int
cmd_tick(cli *c, int argc, char **argv)
{
	vpd_who who = {c->actor, c->now};
	bool as_json = argc == 2 && !strcmp(argv[1], "--json");
	json_t *res, *v;
	vpd_archive *a;
	vpd_error err;
	size_t i;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nFires, as actor \"system\", every "
		    "time-triggered event that is due at\nVPD_NOW (or now), "
		    "e.g. a ban that has run its course.  All of them\nland "
		    "in one commit; nothing due means no commit.\n", use);
		return 0;
	}
	if (argc > 1 && !as_json)
		return cli_usage(use, "unexpected '%s'", argv[1]);
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_tick(a, &who, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json) {
		cli_print_json(res);
	} else if (json_array_size(json_object_get(res, "gebeurtenissen")) == 0) {
		printf("nothing due\n");
	} else {
		json_array_foreach(json_object_get(res, "gebeurtenissen"), i, v)
			printf("%s: %s (%s -> %s)\n",
			    json_string_value(json_object_get(v, "zaak")),
			    json_string_value(json_object_get(v, "event")),
			    json_string_value(json_object_get(v, "van")),
			    json_string_value(json_object_get(v, "naar")));
		printf("commit %.12s\n",
		    json_string_value(json_object_get(res, "commit")));
	}
	json_decref(res);
	return 0;
}
