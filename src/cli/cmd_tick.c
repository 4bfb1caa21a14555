/*
 * cmd_tick.c - `vpd tick`: fire the time-triggered events that are due.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] = "vpd tick [--json]";

static int
tick_query(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	vpd_who who = cli_who(c);

	(void)arg;
	return vpd_core_tick(a, &who, res, err);
}

static void
print_tick(const json_t *res)
{
	json_t *v;
	size_t i;

	if (json_array_size(json_object_get(res, "gebeurtenissen")) == 0) {
		printf("nothing due\n");
		return;
	}
	json_array_foreach(json_object_get(res, "gebeurtenissen"), i, v)
		printf("%s: %s (%s -> %s)\n",
		    json_string_value(json_object_get(v, "zaak")),
		    json_string_value(json_object_get(v, "event")),
		    json_string_value(json_object_get(v, "van")),
		    json_string_value(json_object_get(v, "naar")));
	printf("commit %.12s\n",
	    json_string_value(json_object_get(res, "commit")));
}

int
cmd_tick(cli *c, int argc, char **argv)
{
	bool as_json = argc == 2 && !strcmp(argv[1], "--json");

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nFires, as actor \"system\", every "
		    "time-triggered event that is due at\nVPD_NOW (or now), "
		    "e.g. a ban that has run its course.  All of them\nland "
		    "in one commit; nothing due means no commit.\n", use);
		return 0;
	}
	if (argc > 1 && !as_json)
		return cli_usage(use, "unexpected '%s'", argv[1]);
	return cli_query(c, tick_query, NULL, as_json, print_tick);
}
