/*
 * cmd_person.c - `vpd person photo PERSON FILE` and `--remove`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/file.h"
#include "cli.h"

static const char use[] =
    "vpd [--as ACTOR] person photo PERSON FILE\n"
    "       vpd [--as ACTOR] person photo PERSON --remove";

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
		    "removing\na photo is a commit of its own.\n", use,
		    VPD_IMAGE_MAX_BYTES / 1024, VPD_IMAGE_MAX_SIDE,
		    VPD_IMAGE_MAX_SIDE, VPD_IMAGE_MIN_SIDE);
		return argc < 2 ? 2 : 0;
	}
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
