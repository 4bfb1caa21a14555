/*
 * cmd_report.c - `vpd report`: the coordinator's figures over a period,
 * as text, JSON, CSV or the PDF report for the management team (the
 * web's /trends; docs/reports.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd --as COORDINATOR|LEGAL report --period PERIOD [--json] "
    "[--csv FILE] [--pdf FILE]";

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static long long
num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void
print_rows(const char *title, const json_t *rows)
{
	json_t *r;
	size_t i;

	printf("\n%s\n", title);
	if (json_array_size(rows) == 0)
		printf("  (geen)\n");
	json_array_foreach(rows, i, r)
		printf("  %-40s %6lld\n", str(r, "naam"), num(r, "aantal"));
}

static void
print_percent(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		printf("%lld%%", (long long)json_integer_value(v));
	else
		printf("-");
}

static void
print_report(const json_t *tr)
{
	const json_t *p = json_object_get(tr, "periode");
	const json_t *eb = json_object_get(tr, "eerste_brief");
	const json_t *rc = json_object_get(tr, "recidive");
	const json_t *e = json_object_get(tr, "ernst");
	const json_t *o = json_object_get(tr, "openstaand"), *r;
	size_t i;

	printf("Agressie en geweld: %s (%s t/m %s)\n\n", str(p, "naam"),
	    str(p, "van"), str(p, "tot"));
	printf("  incidenten                 %6lld in %lld zaken\n",
	    num(tr, "incidenten"), num(tr, "zaken"));
	printf("  eerste brief binnen 48 uur %6lld van %lld (", num(eb,
	    "binnen_48_uur"), num(eb, "met_brief"));
	print_percent(eb, "binnen_48_uur_procent");
	printf("); %lld nog zonder brief\n", num(eb, "zonder_brief"));
	if (json_is_real(json_object_get(eb, "mediaan_uren")))
		printf("  uren tot de eerste brief   mediaan %.1f, gemiddeld "
		    "%.1f, langst %.1f\n", json_real_value(json_object_get(eb,
		    "mediaan_uren")), json_real_value(json_object_get(eb,
		    "gemiddeld_uren")), json_real_value(json_object_get(eb,
		    "langst_uren")));
	printf("  personen                   %6lld, van wie %lld met meer dan "
	    "een incident (", num(rc, "personen"), num(rc, "herhaald"));
	print_percent(rc, "herhaald_procent");
	printf(")\n  ernst                      letsel %lld, schade %lld, "
	    "politie ter plaatse %lld\n", num(e, "letsel"), num(e, "schade"),
	    num(e, "politie_ter_plaatse"));
	printf("  termijnen nu               %lld open, van wie %lld verlopen\n",
	    num(o, "open"), num(o, "verlopen"));
	print_rows("Per maand", json_object_get(tr, "per_maand"));
	print_rows("Per gedragscategorie", json_object_get(tr,
	    "per_categorie"));
	print_rows("Per gedraging", json_object_get(tr, "per_soort"));
	print_rows("Per kanaal", json_object_get(tr, "per_kanaal"));
	print_rows("Per afdeling", json_object_get(tr, "per_afdeling"));
	print_rows("Per locatie", json_object_get(tr, "per_locatie"));
	print_rows("Maatregelen opgelegd", json_object_get(tr, "maatregelen"));
	printf("\nTermijnen (gehaald / te laat / open / verlopen / op tijd)\n");
	json_array_foreach(json_object_get(tr, "termijnen"), i, r) {
		printf("  %-40.40s %4lld %4lld %4lld %4lld  ", str(r, "naam"),
		    num(r, "gehaald"), num(r, "te_laat"), num(r, "open"),
		    num(r, "verlopen"));
		print_percent(r, "op_tijd_procent");
		printf("\n");
	}
}

int
cmd_report(cli *c, int argc, char **argv)
{
	const char *period_s = NULL, *csv_out = NULL, *pdf_out = NULL;
	bool as_json = false;
	vpd_period period;
	vpd_who who = cli_who(c);
	vpd_archive *a;
	vpd_error err;
	json_t *res = NULL;
	unsigned char *pdf = NULL;
	size_t len = 0;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nThe figures over a period for the "
		    "coordinator and the management team:\nincidents per "
		    "month, behaviour, channel, department and location;\n"
		    "severity; recidive; measures imposed; the deadlines of the "
		    "protocol kept\nor missed; how soon the first letter went "
		    "to the client.  No names or\nother personal data.\n\n"
		    "PERIOD: 2026-Q4, 2026-11, 2026, or 2026-10-01..2026-12-31."
		    "\n--csv FILE  the figures for a spreadsheet (';', decimal "
		    "comma, UTF-8)\n--pdf FILE  the report with charts, for "
		    "the management team\n--json      the figures as JSON\n"
		    "For the coordinator and legal affairs; docs/reports.md.\n",
		    use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--period") && i + 1 < argc)
			period_s = argv[++i];
		else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
			csv_out = argv[++i];
		else if (!strcmp(argv[i], "--pdf") && i + 1 < argc)
			pdf_out = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (period_s == NULL)
		return cli_usage(use, "report needs --period");
	if (vpd_period_parse(period_s, &period))
		return cli_usage(use, "--period: '%s' is not a period (2026-Q4, "
		    "2026-11, 2026 or 2026-10-01..2026-12-31)", period_s);
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = pdf_out ? vpd_core_report_pdf(a, &who, &period, &pdf, &len, &res,
	    &err) : vpd_core_trends(a, &who, &period, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (pdf_out && (rc = cli_write_file(pdf_out, pdf, len)) == 0)
		fprintf(stderr, "%s: rapport over %s, %zu bytes\n", pdf_out,
		    period.naam, len);
	if (rc == 0 && csv_out) {
		char *csv = vpd_trends_csv(res);

		if (csv == NULL) {
			fprintf(stderr, "vpd: out of memory\n");
			rc = 3;
		} else if ((rc = cli_write_file(csv_out, (unsigned char *)csv,
		    strlen(csv))) == 0)
			fprintf(stderr, "%s: cijfers over %s als CSV\n", csv_out,
			    period.naam);
		free(csv);
	}
	if (rc == 0) {
		if (as_json)
			cli_print_json(res);
		else if (!pdf_out && !csv_out)
			print_report(res);
	}
	free(pdf);
	json_decref(res);
	return rc;
}
