/*
 * cmd_person.c - `vpd person photo PERSON FILE`, `--remove`, and
 * `vpd person update PERSON FILE`.
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
    "       vpd [--as ACTOR] person update PERSON FILE";

/* The person's data from a JSON file replaces what the register holds. */
static int
update(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	json_t *data = NULL, *res = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (argc != 2 || argv[0][0] == '-' || argv[1][0] == '-')
		return cli_usage(use, "person update needs PERSON and FILE");
	vpd_error_clear(&err);
	if (vpd_json_load_file(&data, argv[1], &err))
		return cli_fail(&err);
	if ((rc = cli_open(c, &a))) {
		json_decref(data);
		return rc;
	}
	rc = vpd_core_person_update(a, &who, argv[0], data, argv[1], &res,
	    &err);
	json_decref(data);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("%s: data updated\ncommit %.12s\n", json_string_value(
	    json_object_get(res, "persoon")), json_string_value(
	    json_object_get(res, "commit")));
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
		    "cases and the photo stay.\n", use,
		    VPD_IMAGE_MAX_BYTES / 1024, VPD_IMAGE_MAX_SIDE,
		    VPD_IMAGE_MAX_SIDE, VPD_IMAGE_MIN_SIDE);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "update") == 0)
		return update(c, argc - 2, argv + 2);
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
