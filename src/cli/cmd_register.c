/*
 * cmd_register.c - the registers: `vpd bans`, `vpd lookup`, `vpd agenda`
 * and `vpd police export`.  What they print is for reception, the
 * coordinator and the police, so it is in Dutch.
 */
#define _GNU_SOURCE     /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "../util/file.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* "Berg, Jan van der (geboren 1 april 1980, P0001)" */
static void
print_person(const json_t *c)
{
	char born[64];

	vpd_letter_date_iso(str(c, "geboortedatum"), born, sizeof(born));
	printf("%s, %s%s%s (geboren %s, %s)%s\n", str(c, "achternaam"),
	    str(c, "voornamen") ? str(c, "voornamen") : "",
	    str(c, "tussenvoegsel") ? " " : "", str(c, "tussenvoegsel") ?
	    str(c, "tussenvoegsel") : "", born, str(c, "persoon"),
	    json_object_get(c, "foto") && !json_is_null(json_object_get(c,
	    "foto")) ? "" : "  [geen foto]");
}

static void
print_measures(const json_t *c, bool details)
{
	json_t *m, *v;
	size_t i, k;

	json_array_foreach(json_object_get(c, "maatregelen"), i, m) {
		char van[64], tot[64];

		printf("    %s\n", str(m, "oordeel"));
		if (!details)
			continue;
		vpd_letter_date_iso(str(m, "van"), van, sizeof(van));
		vpd_letter_date_iso(str(m, "tot"), tot, sizeof(tot));
		printf("      %s van %s t/m %s, zaak %s\n", str(m, "soort"), van,
		    tot, str(m, "zaak"));
		fputs("      contact:", stdout);
		json_array_foreach(json_object_get(m, "contact"), k, v)
			printf("%s %s", k ? ";" : "", json_string_value(v));
		fputc('\n', stdout);
	}
}

static void
print_bans(const json_t *r)
{
	json_t *people = json_object_get(r, "personen"), *c;
	char until[64];
	size_t i;

	printf("Toegangsverboden en schriftelijke waarschuwingen van kracht op "
	    "%s: %zu %s\n", str(r, "datum_tekst"), json_array_size(people),
	    json_array_size(people) == 1 ? "persoon" : "personen");
	if (str(r, "vervangen_na")) {
		vpd_letter_date_iso(str(r, "vervangen_na"), until, sizeof(until));
		printf("Deze lijst klopt t/m %s; maak daarna een nieuwe.\n",
		    until);
	}
	json_array_foreach(people, i, c) {
		fputc('\n', stdout);
		print_person(c);
		print_measures(c, true);
	}
}

static int
parse_day(const char *s, const cli *c, vpd_date *out)
{
	vpd_time t;

	if (s == NULL) {
		*out = vpd_time_local_date(c->now);
		return 0;
	}
	if (vpd_date_parse(s, out) == 0)
		return 0;
	if (vpd_time_parse(s, &t) == 0) {
		*out = vpd_time_local_date(t);
		return 0;
	}
	return -1;
}

static const char bans_use[] =
    "vpd [--as ACTOR] bans [--at DATE] [--json] [--pdf FILE]";

int
cmd_bans(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *at = NULL, *pdf_out = NULL;
	bool as_json = false;
	unsigned char *pdf = NULL;
	size_t len = 0;
	json_t *res = NULL;
	vpd_archive *a;
	vpd_error err;
	vpd_date day;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nLists every toegangsverbod and schriftelijke "
		    "waarschuwing in force on DATE\n(default today), sorted by "
		    "surname, with birth date, photo, what it\nforbids, its "
		    "dates and how the person may still contact the "
		    "municipality.\n--pdf FILE writes the reception folder: one "
		    "card per person with the photo.\nFor reception, managers, "
		    "coordinators and legal affairs (--as).\n", bans_use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--at") && i + 1 < argc)
			at = argv[++i];
		else if (!strcmp(argv[i], "--pdf") && i + 1 < argc)
			pdf_out = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else
			return cli_usage(bans_use, "unexpected '%s'", argv[i]);
	}
	if (parse_day(at, c, &day))
		return cli_usage(bans_use, "--at: '%s' is not a date "
		    "(YYYY-MM-DD)", at);
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = pdf_out ? vpd_core_bans_pdf(a, &who, day, &pdf, &len, &res, &err) :
	    vpd_core_bans(a, &who, day, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (pdf_out && (rc = cli_write_file(pdf_out, pdf, len)) == 0)
		fprintf(as_json ? stderr : stdout, "%s: baliemap, %zu %s, %zu "
		    "bytes\n", pdf_out, json_array_size(json_object_get(res,
		    "personen")), json_array_size(json_object_get(res,
		    "personen")) == 1 ? "persoon" : "personen", len);
	if (rc == 0) {
		if (as_json)
			cli_print_json(res);
		else if (!pdf_out)
			print_bans(res);
	}
	free(pdf);
	json_decref(res);
	return rc;
}

static const char lookup_use[] = "vpd [--as ACTOR] lookup NAME... [--json]";

int
cmd_lookup(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	char name[512] = "", today[64];
	bool as_json = false;
	json_t *res = NULL, *hit;
	vpd_archive *a;
	vpd_error err;
	size_t i;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nFinds a name on today's bans list, also when "
		    "it is typed differently:\nwithout accents, with the "
		    "tussenvoegsel elsewhere (\"Berg, van den\", \"v.d. "
		    "Berg\"),\nin a Dutch spelling variant (Jansen/Janssen, "
		    "ei/ij, y/ij, ch/g, dt/d/t) or with\na small typo.  Best "
		    "match first, each with its verdict.\n", lookup_use);
		return 0;
	}
	for (int i2 = 1; i2 < argc; i2++) {
		if (!strcmp(argv[i2], "--json"))
			as_json = true;
		else if (argv[i2][0] == '-' && argv[i2][1] == '-')
			return cli_usage(lookup_use, "unexpected '%s'",
			    argv[i2]);
		else if (strlen(name) + strlen(argv[i2]) + 2 < sizeof(name))
			snprintf(name + strlen(name), sizeof(name) -
			    strlen(name), "%s%s", name[0] ? " " : "",
			    argv[i2]);
	}
	if (name[0] == '\0')
		return cli_usage(lookup_use, "lookup needs a NAME");
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_lookup(a, &who, name, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json) {
		cli_print_json(res);
		json_decref(res);
		return 0;
	}
	vpd_letter_date_iso(str(res, "datum"), today, sizeof(today));
	if (json_array_size(json_object_get(res, "gevonden")) == 0)
		printf("Niemand met een toegangsverbod of waarschuwing gevonden "
		    "voor \"%s\" op %s.\n", name, today);
	json_array_foreach(json_object_get(res, "gevonden"), i, hit) {
		printf("%zu. ", i + 1);
		print_person(hit);
		print_measures(hit, false);
	}
	json_decref(res);
	return 0;
}

static const char agenda_use[] =
    "vpd [--as ACTOR] agenda [--at INSTANT] [--days N] [--json]";

int
cmd_agenda(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	vpd_time at = c->now;
	int days = 14;
	bool as_json = false;
	json_t *res = NULL, *item, *v;
	vpd_archive *a;
	vpd_error err;
	size_t i, k;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nEvery open deadline of every case (from the "
		    "workflows), and every ban or\nwarning that ends within N "
		    "days (default 14): overdue first, then by due\ntime, each "
		    "with case, person, what is due and who must act.\n",
		    agenda_use);
		return 0;
	}
	for (int i2 = 1; i2 < argc; i2++) {
		char *end;

		if (!strcmp(argv[i2], "--at") && i2 + 1 < argc) {
			if (vpd_time_parse(argv[++i2], &at))
				return cli_usage(agenda_use, "--at: '%s' is not "
				    "an ISO-8601 instant", argv[i2]);
		} else if (!strcmp(argv[i2], "--days") && i2 + 1 < argc) {
			days = (int)strtol(argv[++i2], &end, 10);
			if (*end || end == argv[i2])
				return cli_usage(agenda_use, "--days: '%s' is "
				    "not a number", argv[i2]);
		} else if (!strcmp(argv[i2], "--json")) {
			as_json = true;
		} else {
			return cli_usage(agenda_use, "unexpected '%s'",
			    argv[i2]);
		}
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_agenda(a, &who, at, days, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json) {
		cli_print_json(res);
		json_decref(res);
		return 0;
	}
	printf("Agenda op %s: %zu open, waarvan %lld te laat\n",
	    str(res, "tijdstip_lokaal"), json_array_size(json_object_get(res,
	    "punten")), (long long)json_integer_value(json_object_get(res,
	    "te_laat")));
	json_array_foreach(json_object_get(res, "punten"), i, item) {
		printf("\n%-7s uiterlijk %s  zaak %s  %s\n        %s\n        "
		    "wie: ", json_is_true(json_object_get(item, "te_laat")) ?
		    "TE LAAT" : "", str(item, "uiterlijk_lokaal"),
		    str(item, "zaak"), str(item, "persoon"), str(item, "wat"));
		json_array_foreach(json_object_get(item, "wie"), k, v)
			printf("%s%s", k ? ", " : "", json_string_value(v));
		if (json_array_size(json_object_get(item, "actoren"))) {
			fputs(" (", stdout);
			json_array_foreach(json_object_get(item, "actoren"), k,
			    v)
				printf("%s%s", k ? ", " : "",
				    json_string_value(v));
			fputc(')', stdout);
		}
		fputc('\n', stdout);
	}
	json_decref(res);
	return 0;
}

/* ---- police export -------------------------------------------------- */

static const char police_use[] =
    "vpd [--as ACTOR] police export --since DATE --out DIR [--json]";

/*
 * manifest.json and LEESMIJ.txt (and SHA256SUMS) beside the files, all made
 * durable and renamed into place before the export is recorded.
 */
static int
export_done(void *ud, const json_t *m, vpd_error *err)
{
	cli_outdir *x = ud;
	json_t *texts = vpd_police_texts(m), *t;
	size_t i;
	int rc = 0;

	if (texts == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	json_array_foreach(texts, i, t)
		if ((rc = cli_outdir_text(x, str(t, "bestand"), str(t, "tekst"),
		    err)))
			break;
	json_decref(texts);
	return rc ? rc : cli_outdir_place(x, err);
}

static int
run_police(vpd_archive *a, const vpd_who *who, const void *arg,
    cli_outdir *x, json_t **result, vpd_error *err)
{
	return vpd_core_police_export(a, who, *(const vpd_date *)arg,
	    cli_outdir_file, export_done, x, result, err);
}

int
cmd_police(cli *c, int argc, char **argv)
{
	const char *since_s = NULL, *out = NULL;
	bool as_json = false;
	json_t *res = NULL;
	vpd_date since;
	int rc;

	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nWrites every copy for the police of documents "
		    "made on or after DATE into\nDIR (which must not exist), "
		    "with SHA256SUMS, manifest.json and LEESMIJ.txt,\nand "
		    "records the export in the archive.  The police check the "
		    "files with\n'sha256sum -c SHA256SUMS'.  For coordinators, "
		    "legal affairs and the police.\n", police_use);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "export") != 0)
		return cli_usage(police_use, "unknown police command '%s'",
		    argv[1]);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--since") && i + 1 < argc)
			since_s = argv[++i];
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else
			return cli_usage(police_use, "unexpected '%s'", argv[i]);
	}
	if (since_s == NULL || out == NULL)
		return cli_usage(police_use, "police export needs --since and "
		    "--out");
	if (vpd_date_parse(since_s, &since))
		return cli_usage(police_use, "--since: '%s' is not a date "
		    "(YYYY-MM-DD)", since_s);
	if (*out == '\0')
		return cli_usage(police_use, "--out: the name of a new directory");
	if ((rc = cli_outdir_export(c, out, run_police, &since, &res)))
		return rc;
	if (as_json)
		cli_print_json(res);
	else
		printf("%s: export %lld, %zu documenten voor de politie sinds "
		    "%s\nvastgelegd in commit %.12s; controle: (cd %s && "
		    "sha256sum -c SHA256SUMS)\n", out, (long long)
		    json_integer_value(json_object_get(res, "export")),
		    json_array_size(json_object_get(res, "bestanden")),
		    str(res, "sinds"), str(res, "commit"), out);
	json_decref(res);
	return 0;
}
