/*
 * cmd_document.c - `vpd document get CASE DOCUMENT [COPY] -o FILE`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd document get CASE DOCUMENT [COPY] [-o FILE] [--json]\n"
    "       vpd [--as ACTOR] document mark CASE DOCUMENT COPY STATUS "
    "[--tracking NR] [--note TEXT]";

static int
mark(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	const char *words[4] = {NULL, NULL, NULL, NULL}, *track = NULL;
	const char *note = NULL;
	json_t *res;
	vpd_archive *a;
	vpd_error err;
	int n = 0, rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--tracking") && i + 1 < argc)
			track = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else if (argv[i][0] != '-' && n < 4)
			words[n++] = argv[i];
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (n != 4 || atoi(words[1]) < 1 || atoi(words[2]) < 1)
		return cli_usage(use, "document mark needs CASE DOCUMENT COPY "
		    "STATUS");
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_document_mark(a, &who, words[0], atoi(words[1]),
	    atoi(words[2]), words[3], track, note, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("%s: document %s copy %s (%s): %s -> %s\ncommit %.12s\n",
	    words[0], words[1], words[2],
	    json_string_value(json_object_get(res, "bestemming")),
	    json_string_value(json_object_get(res, "van")),
	    json_string_value(json_object_get(res, "naar")),
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}

int
cmd_document(cli *c, int argc, char **argv)
{
	const char *id = NULL, *out = NULL;
	int document = 0, copy = 1, rc, n = 0;
	bool as_json = false;
	unsigned char *buf = NULL;
	json_t *info = NULL;
	char defname[256];
	vpd_archive *a;
	vpd_error err;
	size_t len;

	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nget   writes copy COPY (default 1) of "
		    "document DOCUMENT of a case - the\n      numbers 'vpd case "
		    "show' lists - to FILE (default CASE-DOCUMENT-COPY.pdf),\n"
		    "      after checking it against the sha256 recorded in the "
		    "archive.\nmark  records how a copy went out: uitgereikt, "
		    "verzonden,\n      aangetekend_verzonden (--tracking NR), "
		    "aan_politie, gearchiveerd,\n      niet_afgehaald.\n", use);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "mark") == 0)
		return mark(c, argc - 2, argv + 2);
	if (strcmp(argv[1], "get") != 0)
		return cli_usage(use, "unknown document command '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			as_json = true;
		else if (argv[i][0] != '-' && n == 0 && ++n)
			id = argv[i];
		else if (argv[i][0] != '-' && n == 1 && ++n)
			document = atoi(argv[i]);
		else if (argv[i][0] != '-' && n == 2 && ++n)
			copy = atoi(argv[i]);
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if (id == NULL || document < 1)
		return cli_usage(use, "document get needs CASE and DOCUMENT");
	if (out == NULL) {
		snprintf(defname, sizeof(defname), "%s-%d-%d.pdf", id, document,
		    copy);
		out = defname;
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	{
		vpd_who who = cli_who(c);

		rc = vpd_core_document_get(a, &who, id, document, copy, &buf,
		    &len, &info, &err);
	}
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	rc = cli_write_file(out, buf, len);
	if (rc == 0) {
		if (as_json) {
			json_object_set_new(info, "bestand", json_string(out));
			cli_print_json(info);
		} else {
			printf("%s: %s, copy for %s, sha256 %s\n", out,
			    json_string_value(json_object_get(info, "brief")),
			    json_string_value(json_object_get(info,
			    "bestemming")),
			    json_string_value(json_object_get(info, "sha256")));
		}
	}
	free(buf);
	json_decref(info);
	return rc;
}
