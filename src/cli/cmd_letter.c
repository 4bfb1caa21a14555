/*
 * cmd_letter.c - `vpd letter preview CASE LETTER [-o FILE] [--copy N]`.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef VPD_DATADIR
#define VPD_DATADIR "/usr/local/share/vpd"
#endif

static const char use[] =
    "vpd [--as ACTOR] letter preview CASE LETTER [-o FILE] [--copy N]\n"
    "       vpd letter check WORKFLOW-FILE...";

static int
preview(cli *c, int argc, char **argv)
{
	const char *id = NULL, *letter = NULL, *out = NULL;
	char defname[256];
	vpd_who who = cli_who(c);
	unsigned char *pdf = NULL;
	vpd_archive *a;
	vpd_error err;
	size_t len;
	int copy = 1, rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--copy") && i + 1 < argc)
			copy = atoi(argv[++i]);
		else if (argv[i][0] != '-' && !id)
			id = argv[i];
		else if (argv[i][0] != '-' && !letter)
			letter = argv[i];
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (!id || !letter)
		return cli_usage(use, "letter preview needs CASE and LETTER");
	if (out == NULL) {
		snprintf(defname, sizeof(defname), "%s-%s.pdf", id, letter);
		out = defname;
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_letter_preview(a, &who, id, letter, copy, &pdf, &len,
	    &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	rc = cli_write_file(out, pdf, len);
	free(pdf);
	if (rc == 0)
		printf("%s (%zu bytes; a preview, nothing was committed)\n",
		    out, len);
	return rc;
}

static int
check(int argc, char **argv)
{
	const char *dir = cli_path("VPD_LETTERS", "letters",
	    VPD_DATADIR "/letters");
	int status = 0;

	if (argc < 1)
		return cli_usage(use, "letter check needs a workflow FILE");
	for (int i = 0; i < argc; i++) {
		vpd_diags diags = {0};
		vpd_error err;

		vpd_error_clear(&err);
		if (vpd_core_letters_check(argv[i], dir, &diags, &err)) {
			int s = cli_fail(&err);

			status = s > status ? s : status;
			continue;
		}
		for (size_t k = 0; k < diags.n; k++)
			cli_fail(&diags.items[k]);
		if (diags.n == 0)
			printf("%s: letters ok\n", argv[i]);
		else if (status < 1)
			status = 1;
		vpd_diags_free(&diags);
	}
	return status;
}

int
cmd_letter(cli *c, int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\npreview renders a letter for a case as PDF "
		    "without "
		    "committing anything, so a\nmanager can check it.  LETTER "
		    "is a letter of the case's workflow\n(letters/WORKFLOW/"
		    "LETTER.md); --copy picks which copy of the case's\nlatest "
		    "such document (its destination, registered or not).\n"
		    "Default output: CASE-LETTER.pdf.\ncheck   reports every "
		    "letter a workflow names that has no template,\n        or "
		    "whose template, letterhead or blocks have a problem.\n",
		    use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "preview"))
		return preview(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "check"))
		return check(argc - 2, argv + 2);
	return cli_usage(use, "unknown letter command '%s'", argv[1]);
}
