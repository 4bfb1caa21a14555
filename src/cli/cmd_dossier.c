/*
 * cmd_dossier.c - `vpd dossier CASE -o FILE`: a case's whole file as one
 * PDF for a court (vpd_core_case_dossier).  Joining the letters' pages
 * needs qpdf, so this command lives in vpd-serve; vpd hands it over
 * (serve_exec.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char use[] = "vpd --as LEGAL|COORDINATOR dossier CASE -o FILE";

int
cmd_dossier(cli *c, int argc, char **argv)
{
	const char *id = NULL, *out = NULL;
	vpd_who who = cli_who(c);
	unsigned char *pdf = NULL;
	size_t len = 0;
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nThe case's whole file as one PDF for a "
		    "court: a printed timeline from\nthe audit archive (the "
		    "case, its incidents, every step with who, when,\ninputs, "
		    "states, deviations and late reasons, letters and their "
		    "signer,\nand the commit that holds it), then the dossier "
		    "copy of every letter\nexactly as archived.  For legal "
		    "affairs and the coordinator; logged.\n", use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' || id)
			return cli_usage(use, "unexpected '%s'", argv[i]);
		else
			id = argv[i];
	}
	if (id == NULL || out == NULL || *out == '\0')
		return cli_usage(use, "dossier needs a CASE and -o FILE");
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_case_dossier(a, &who, id, &pdf, &len, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if ((rc = cli_write_file(out, pdf, len)) == 0)
		printf("%s: dossier van zaak %s, %zu bytes\n", out, id, len);
	free(pdf);
	return rc;
}

