/*
 * cmd_migrate.c - `vpd migrate`: seal the personal data of an archive
 * made before vpd sealed it (docs/privacy.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd --as COORDINATOR migrate [--json]\n"
    "       vpd --as COORDINATOR migrate --rewrite-into NEWDIR [--json]";

int
cmd_migrate(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	bool as_json = false;
	const char *into = NULL;
	json_t *res = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nSeals the personal data of an archive "
		    "made before vpd sealed it: names,\naddresses, birth "
		    "dates, incident descriptions, photos and letters,\neach "
		    "person's under a key of their own (docs/privacy.md).  One "
		    "commit;\nthe coordinator runs it once.  The plain data "
		    "stays in the history\nbefore that commit.\n\n"
		    "--rewrite-into NEWDIR, after the migration, makes the "
		    "whole history\nagain in a new archive, sealed from its "
		    "first commit, and leaves this\none as it is.  Commit ids "
		    "change, key rotations are left out and the\ncurrent key "
		    "signs every commit: check NEWDIR with vpd verify, put "
		    "it\nin place of this archive and destroy this one and "
		    "its copies\n(docs/privacy.md, \"Rewriting the "
		    "history\").\n", use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (strcmp(argv[i], "--rewrite-into") == 0 && i + 1 < argc &&
		    *argv[i + 1])
			into = argv[++i];
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	vpd_error_clear(&err);
	if ((rc = cli_open(c, &a)))
		return rc;
	rc = into ? vpd_core_rewrite(a, &who, into, &res, &err) :
	    vpd_core_migrate(a, &who, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json)
		cli_print_json(res);
	else if (into)
		printf("%s: the history made again, sealed: %lld commits "
		    "(%lld left out)\ncommit %.12s\nnext: vpd --archive %s "
		    "verify; then put it in place of this archive\n"
		    "and destroy this one and its copies (docs/privacy.md)\n",
		    into, (long long)json_integer_value(json_object_get(res,
		    "commits")), (long long)json_integer_value(json_object_get(
		    res, "weggelaten")), json_string_value(json_object_get(res,
		    "commit")), into);
	else
		printf("personal data of %lld persons sealed\ncommit %.12s\n"
		    "the plain data stays in the history before this commit "
		    "(docs/privacy.md)\n", (long long)json_integer_value(
		    json_object_get(res, "personen")), json_string_value(
		    json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}
