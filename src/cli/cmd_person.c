/*
 * cmd_person.c - `vpd person photo PERSON FILE`, `--remove`,
 * `vpd person update PERSON FILE [--reason TEXT]` and
 * `vpd person restrict PERSON [--lift] --reason TEXT`,
 * `vpd person export PERSON --out DIR` and
 * `vpd person erase PERSON --reason TEXT`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../record/record.h"
#include "../util/file.h"
#include "cli.h"

static const char use[] =
    "vpd [--as ACTOR] person photo PERSON FILE\n"
    "       vpd [--as ACTOR] person photo PERSON --remove\n"
    "       vpd [--as ACTOR] person update PERSON FILE [--reason TEXT]\n"
    "       vpd [--as ACTOR] person restrict PERSON [--lift] --reason TEXT\n"
    "       vpd [--as ACTOR] person export PERSON --out DIR [--json]\n"
    "       vpd [--as ACTOR] person erase PERSON --reason TEXT [--json]";

/* The next argument of an option, or NULL (usage error). */
static const char *
option_arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* The person's data from a JSON file replaces what the register holds;
 * with --reason it is a correction. */
static int
update(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *words[2] = {NULL, NULL}, *reason = NULL;
	json_t *data = NULL, *res = NULL;
	vpd_archive *a;
	vpd_error err;
	int n = 0, rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--reason") == 0) {
			if ((reason = option_arg(argc, argv, &i)) == NULL)
				return cli_usage(use, "--reason needs a text");
		} else if (argv[i][0] != '-' && n < 2) {
			words[n++] = argv[i];
		} else {
			return cli_usage(use, "unexpected '%s'", argv[i]);
		}
	}
	if (n != 2)
		return cli_usage(use, "person update needs PERSON and FILE");
	vpd_error_clear(&err);
	if (vpd_json_load_file(&data, words[1], &err))
		return cli_fail(&err);
	if ((rc = cli_open(c, &a))) {
		json_decref(data);
		return rc;
	}
	rc = vpd_core_person_update(a, &who, words[0], data, words[1], reason,
	    &res, &err);
	json_decref(data);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("%s: data %s\ncommit %.12s\n", json_string_value(
	    json_object_get(res, "persoon")), json_object_get(res, "reden") ?
	    "corrected" : "updated",
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}

/* Restricts the processing of a person's data, or lifts it. */
static int
restrict_(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *person = NULL, *reason = NULL;
	bool lift = false;
	json_t *res = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--lift") == 0) {
			lift = true;
		} else if (strcmp(argv[i], "--reason") == 0) {
			if ((reason = option_arg(argc, argv, &i)) == NULL)
				return cli_usage(use, "--reason needs a text");
		} else if (argv[i][0] != '-' && person == NULL) {
			person = argv[i];
		} else {
			return cli_usage(use, "unexpected '%s'", argv[i]);
		}
	}
	if (person == NULL)
		return cli_usage(use, "person restrict needs PERSON");
	if (reason == NULL)
		return cli_usage(use, "person restrict needs --reason: the "
		    "decision of legal affairs it follows");
	vpd_error_clear(&err);
	if ((rc = cli_open(c, &a)))
		return rc;
	rc = vpd_core_person_restrict(a, &who, person, !lift, reason, &res,
	    &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("%s: %s\ncommit %.12s\n", json_string_value(json_object_get(
	    res, "persoon")), lift ? "restriction lifted; back on the bans "
	    "list while a measure is in force" : "processing restricted; off "
	    "the bans list and the lookup until lifted",
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}

/* Erases the person: the record, then their key. */
static int
erase(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *person = NULL, *reason = NULL;
	bool as_json = false;
	json_t *res = NULL, *x;
	vpd_archive *a;
	vpd_error err;
	size_t k;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--reason") == 0) {
			if ((reason = option_arg(argc, argv, &i)) == NULL)
				return cli_usage(use, "--reason needs a text");
		} else if (strcmp(argv[i], "--json") == 0) {
			as_json = true;
		} else if (argv[i][0] != '-' && person == NULL) {
			person = argv[i];
		} else {
			return cli_usage(use, "unexpected '%s'", argv[i]);
		}
	}
	if (person == NULL || reason == NULL)
		return cli_usage(use, "person erase needs PERSON and --reason: "
		    "the decision it follows");
	vpd_error_clear(&err);
	if ((rc = cli_open(c, &a)))
		return rc;
	rc = vpd_core_person_erase(a, &who, person, reason, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json) {
		cli_print_json(res);
		json_decref(res);
		return 0;
	}
	printf("%s: erased%s; %zu case(s) keep their facts without the "
	    "person, and the key\nthat sealed their data is destroyed\n",
	    json_string_value(json_object_get(res, "persoon")),
	    json_is_true(json_object_get(res, "eerder")) ? " before" : "",
	    json_array_size(json_object_get(res, "zaken")));
	json_array_foreach(json_object_get(res, "politie"), k, x)
		printf("note: %s (%s) gave the police %lld copies about them; "
		    "those are outside vpd's reach\n", json_string_value(
		    json_object_get(x, "export")), json_string_value(
		    json_object_get(x, "tijdstip")), (long long)
		    json_integer_value(json_object_get(x, "documenten")));
	if (json_object_get(res, "commit"))
		printf("commit %.12s\n", json_string_value(json_object_get(res,
		    "commit")));
	json_decref(res);
	return 0;
}

/* LEESMIJ.txt (and SHA256SUMS) beside the files, then the directory
 * into place. */
static int
export_done(void *ud, const json_t *m, vpd_error *err)
{
	cli_outdir *x = ud;
	char *readme = NULL;
	size_t rlen = 0;
	FILE *r;
	int rc;

	r = open_memstream(&readme, &rlen);
	fprintf(r, "Inzage in de gegevens van persoon %s (artikel 15 AVG)\n\n"
	    "Gemaakt: %s (UTC) door %s\n\n"
	    "inzage.pdf    de brief aan de betrokkene: welke gegevens de "
	    "gemeente\n              bewaart, waarom, hoe lang en wie "
	    "afschriften kreeg\n"
	    "inzage.json   dezelfde gegevens volledig, zoals vpd ze "
	    "bewaart\n"
	    "brieven/      van elke brief aan de betrokkene het exemplaar "
	    "dat hij\n              of zij kreeg\n"
	    "foto.*        de foto, als die er is\n\n"
	    "Controleer de bestanden met: sha256sum -c SHA256SUMS\n\n"
	    "Namen van medewerkers en getuigen zijn weggelaten. Lees de map "
	    "na voor\nu hem afgeeft: interne notities in inzage.json kunnen "
	    "ook over anderen\ngaan. Deze map bevat persoonsgegevens. Geef "
	    "hem alleen aan de\nbetrokkene (na vaststelling van diens "
	    "identiteit) en bewaar geen kopie\nlanger dan nodig.\n", json_string_value(
	    json_object_get(m, "persoon_id")), json_string_value(
	    json_object_get(m, "gemaakt")), json_string_value(
	    json_object_get(m, "door")));
	fclose(r);
	rc = cli_outdir_text(x, "LEESMIJ.txt", readme, err);
	free(readme);
	return rc ? rc : cli_outdir_place(x, err);
}

static int
run_export(vpd_archive *a, const vpd_who *who, const void *arg,
    cli_outdir *x, json_t **result, vpd_error *err)
{
	return vpd_core_person_export(a, who, arg, cli_outdir_file,
	    export_done, x, result, err);
}

/* Everything vpd holds on the person, into a new directory. */
static int
export(cli *c, int argc, char **argv)
{
	const char *person = NULL, *out = NULL;
	bool as_json = false;
	json_t *res = NULL;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0) {
			if ((out = option_arg(argc, argv, &i)) == NULL ||
			    *out == '\0')
				return cli_usage(use, "--out needs the name of "
				    "a new directory");
		} else if (strcmp(argv[i], "--json") == 0) {
			as_json = true;
		} else if (argv[i][0] != '-' && person == NULL) {
			person = argv[i];
		} else {
			return cli_usage(use, "unexpected '%s'", argv[i]);
		}
	}
	if (person == NULL || out == NULL)
		return cli_usage(use, "person export needs PERSON and --out");
	if ((rc = cli_outdir_export(c, out, run_export, person, &res)))
		return rc;
	if (as_json) {
		json_t *brief = json_pack("{sOsOsOsO}", "persoon_id",
		    json_object_get(res, "persoon_id"), "gemaakt",
		    json_object_get(res, "gemaakt"), "door",
		    json_object_get(res, "door"), "bestanden",
		    json_object_get(res, "bestanden"));

		cli_print_json(brief);
		json_decref(brief);
	} else {
		printf("%s: %zu files on %s (%zu cases); check: (cd %s && "
		    "sha256sum -c SHA256SUMS)\n", out, json_array_size(
		    json_object_get(res, "bestanden")), json_string_value(
		    json_object_get(res, "persoon_id")), json_array_size(
		    json_object_get(res, "zaken")), out);
	}
	json_decref(res);
	return 0;
}

int
cmd_person(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *words[2] = {NULL, NULL};
	unsigned char *img = NULL;
	bool remove = false;
	size_t len = 0;
	json_t *res = NULL;
	vpd_archive *a;
	vpd_error err;
	int n = 0, rc;

	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nStores a photo of a person (a person id "
		    "such as P0001, or the id of one of\ntheir cases) for the "
		    "bans list: a JPEG or PNG of at most %d KiB and\n%d x %d "
		    "pixels, at least %d pixels on each side.  Replacing or "
		    "removing\na photo is a commit of its own.\n\nupdate "
		    "completes or corrects a person's data (a person file as "
		    "for\n'case open', docs/records.md): a report may name a "
		    "person by description\nonly, until a manager finds out "
		    "who it was.  The file replaces the data;\nthe id, the "
		    "cases and the photo stay.  With --reason it is a "
		    "correction\n(AVG art. 16): the person's file notes when, "
		    "by whom, why and which\nfields; letters already sent are "
		    "not made again.\n\nrestrict (legal affairs) takes the "
		    "person's measures off the bans list\nand the lookup while "
		    "an objection runs (AVG art. 18 and 21); --lift\nputs them "
		    "back.  Both need the reason.\n\nexport (legal affairs, "
		    "coordinator) writes everything vpd holds on the\nperson "
		    "into DIR (which must not exist), for their request for "
		    "access\n(AVG art. 15): a letter to them (inzage.pdf), the "
		    "data (inzage.json,\nwithout colleagues' and witnesses' "
		    "names), the copy they were sent of every\nletter to them, "
		    "their photo, SHA256SUMS and LEESMIJ.txt.\nRead it before "
		    "handing it out.\n\nerase (legal affairs) erases the "
		    "person once all their cases have ended:\ntheir file, "
		    "photo and everything sealed for them leave the archive's "
		    "state,\nand the key that sealed it in the history is "
		    "destroyed (docs/privacy.md).\nCopies already given to "
		    "the police are outside vpd's reach; it says which.\n",
		    use,
		    VPD_IMAGE_MAX_BYTES / 1024, VPD_IMAGE_MAX_SIDE,
		    VPD_IMAGE_MAX_SIDE, VPD_IMAGE_MIN_SIDE);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "update") == 0)
		return update(c, argc - 2, argv + 2);
	if (strcmp(argv[1], "restrict") == 0)
		return restrict_(c, argc - 2, argv + 2);
	if (strcmp(argv[1], "export") == 0)
		return export(c, argc - 2, argv + 2);
	if (strcmp(argv[1], "erase") == 0)
		return erase(c, argc - 2, argv + 2);
	if (strcmp(argv[1], "photo") != 0)
		return cli_usage(use, "unknown person command '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--remove"))
			remove = true;
		else if (argv[i][0] != '-' && n < 2)
			words[n++] = argv[i];
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (n != (remove ? 1 : 2))
		return cli_usage(use, remove ? "person photo --remove needs "
		    "PERSON only" : "person photo needs PERSON and FILE");
	vpd_error_clear(&err);
	if (!remove && (img = (unsigned char *)vpd_file_read(words[1], &len,
	    &err)) == NULL)
		return cli_fail(&err);
	if ((rc = cli_open(c, &a))) {
		free(img);
		return rc;
	}
	rc = vpd_core_person_photo(a, &who, words[0], img, len, words[1],
	    &res, &err);
	vpd_archive_free(a);
	free(img);
	if (rc)
		return cli_fail(&err);
	if (remove)
		printf("%s: photo removed\n", json_string_value(
		    json_object_get(res, "persoon")));
	else
		printf("%s: photo stored (%s, %lld x %lld pixels)\n",
		    json_string_value(json_object_get(res, "persoon")),
		    json_string_value(json_object_get(json_object_get(res,
		    "foto"), "type")), (long long)json_integer_value(
		    json_object_get(json_object_get(res, "foto"), "breedte")),
		    (long long)json_integer_value(json_object_get(
		    json_object_get(res, "foto"), "hoogte")));
	printf("commit %.12s\n", json_string_value(json_object_get(res,
	    "commit")));
	json_decref(res);
	return 0;
}
