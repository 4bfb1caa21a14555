/*
 * cmd_legal.c - `vpd legal`: legal affairs' overview across cases (the
 * web's /juridisch): steps taken late, deviations from the protocol,
 * running bezwaar terms, and the decisions by signer.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] = "vpd --as LEGAL|COORDINATOR legal [--json]";

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static void
print_legal(const json_t *res)
{
	json_t *x;
	size_t i;

	printf("Te laat gezette stappen\n");
	json_array_foreach(json_object_get(res, "te_laat"), i, x)
		printf("  %s  %s: uiterlijk %s, gezet %s; reden: %s\n",
		    str(x, "zaak"), str(x, "termijn"), str(x, "uiterlijk"),
		    str(x, "tijdstip"), str(x, "reden"));
	if (json_array_size(json_object_get(res, "te_laat")) == 0)
		printf("  (geen)\n");
	printf("\nAfwijkingen van het protocol\n");
	json_array_foreach(json_object_get(res, "afwijkingen"), i, x)
		printf("  %s  stap %lld (%s, %s) door %s\n    regel: %s\n"
		    "    reden: %s\n", str(x, "zaak"), (long long)
		    json_integer_value(json_object_get(x, "gebeurtenis")),
		    str(x, "event"), str(x, "tijdstip"), str(x, "door"),
		    str(x, "regel"), str(x, "reden"));
	if (json_array_size(json_object_get(res, "afwijkingen")) == 0)
		printf("  (geen)\n");
	printf("\nLopende bezwaartermijnen (zes weken vanaf de dag na de "
	    "bekendmaking)\n");
	json_array_foreach(json_object_get(res, "bezwaar"), i, x) {
		printf("  %s  document %lld, %s: brief %s, ", str(x, "zaak"),
		    (long long)json_integer_value(json_object_get(x, "nr")),
		    str(x, "titel"), str(x, "datum"));
		if (json_is_true(json_object_get(x, "verzonden")))
			printf("bekendgemaakt %s, termijn t/m %s (nog %lld "
			    "dagen)\n", str(x, "bekendgemaakt"), str(x, "tot"),
			    (long long)json_integer_value(json_object_get(x,
			    "dagen")));
		else
			printf("nog niet verzonden: de termijn loopt nog niet\n");
	}
	if (json_array_size(json_object_get(res, "bezwaar")) == 0)
		printf("  (geen)\n");
	printf("\nBesluiten per ondertekenaar\n");
	json_array_foreach(json_object_get(res, "ondertekenaars"), i, x)
		printf("  %-30s %lld\n", str(x, "naam"), (long long)
		    json_integer_value(json_object_get(x, "aantal")));
}

int
cmd_legal(cli *c, int argc, char **argv)
{
	return cli_overview(c, argc, argv, use, "Legal affairs' overview "
	    "across all cases (the web's /juridisch): the\nsteps taken after "
	    "their deadline with the reason given, every deviation\nfrom a "
	    "rule of the protocol with its reason, the decisions open to\n"
	    "bezwaar with their term (six weeks from the day after they were "
	    "sent or\nhanded over; none yet for a decision not sent), and the "
	    "decisions by\nsigner.  For legal affairs and the coordinator; "
	    "logged in the access log.\n", vpd_core_legal_overview,
	    print_legal);
}
