/*
 * cmd_retention.c - `vpd retention`: cases whose retention term has
 * passed, and persons with no case left whose term runs.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd [--as COORDINATOR|LEGAL] retention [--at DATE] [--all] [--json]";

static void
print_retention(const json_t *res)
{
	json_t *z, *p, *v;
	size_t i, k, shown = 0;

	printf("retention on %s\n\n", json_string_value(json_object_get(res,
	    "datum")));
	printf("%-10s %-7s %-14s %-11s %s\n", "case", "person", "status",
	    "counts from", "destroy from");
	json_array_foreach(json_object_get(res, "zaken"), i, z) {
		const char *st = json_string_value(json_object_get(z,
		    "status"));

		shown++;
		printf("%-10s %-7s %-14s %-11s %s\n", json_string_value(
		    json_object_get(z, "zaak")), json_string_value(
		    json_object_get(z, "persoon")) ? json_string_value(
		    json_object_get(z, "persoon")) : "-", st,
		    json_string_value(json_object_get(z, "telt_vanaf")) ?
		    json_string_value(json_object_get(z, "telt_vanaf")) : "-",
		    json_string_value(json_object_get(z, "vernietigen_vanaf")) ?
		    json_string_value(json_object_get(z, "vernietigen_vanaf")) :
		    "-");
	}
	if (shown == 0)
		printf("(none)\n");
	printf("\npersons with no case left whose term runs:");
	if (json_array_size(json_object_get(res, "personen_verlopen")) == 0)
		printf(" none");
	json_array_foreach(json_object_get(res, "personen_verlopen"), i, p) {
		printf("\n  %s (", json_string_value(json_object_get(p,
		    "persoon")));
		json_array_foreach(json_object_get(p, "zaken"), k, v)
			printf("%s%s", k ? ", " : "", json_string_value(v));
		printf(")");
	}
	printf("\n");
}

typedef struct {
	vpd_date day;
	bool all;
} query;

/* Without --all, only the cases whose term has passed. */
static int
retention_fn(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	const query *q = arg;
	vpd_who who = cli_who(c);
	json_t *keep, *z;
	size_t i;
	int rc;

	if ((rc = vpd_core_retention(a, &who, q->day, res, err)) || q->all)
		return rc;
	keep = json_array();
	json_array_foreach(json_object_get(*res, "zaken"), i, z)
		if (strcmp(json_string_value(json_object_get(z, "status")),
		    "verlopen") == 0)
			json_array_append(keep, z);
	json_object_set_new(*res, "zaken", keep);
	return 0;
}

int
cmd_retention(cli *c, int argc, char **argv)
{
	query q = {vpd_time_local_date(c->now), false};
	bool as_json = false;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nThe cases whose retention term (the "
		    "workflow's bewaartermijn) has passed\non DATE (default "
		    "today), and the persons none of whose cases still runs:\n"
		    "their data are due for destruction (docs/privacy.md).  "
		    "--all lists every\ncase with its status: verlopen, "
		    "termijn_loopt, loopt (the case or a\nmeasure still runs), "
		    "bewaren (archiefnominatie), geen_termijn.  Ids only.\n",
		    use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--at") && i + 1 < argc) {
			if (vpd_date_parse(argv[++i], &q.day))
				return cli_usage(use, "--at: '%s' is not a "
				    "date (YYYY-MM-DD)", argv[i]);
		} else if (!strcmp(argv[i], "--all")) {
			q.all = true;
		} else if (!strcmp(argv[i], "--json")) {
			as_json = true;
		} else {
			return cli_usage(use, "unexpected '%s'", argv[i]);
		}
	}
	return cli_query(c, retention_fn, &q, as_json, print_retention);
}
