/*
 * cmd_token.c - `vpd token`: API tokens for scripts and the
 * municipality's zaaksysteem (docs/api.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd --as COORDINATOR token add ACTOR --label TEXT\n"
    "       vpd --as COORDINATOR token list [--json]\n"
    "       vpd --as COORDINATOR token revoke ID";

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static void
print_tokens(const json_t *res)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(res, "tokens"), i, t)
		printf("%s  %-24s %s (made %s by %s)\n", str(t, "id"), str(t,
		    "actor"), str(t, "label"), str(t, "gemaakt"), str(t,
		    "door"));
	if (json_array_size(json_object_get(res, "tokens")) == 0)
		printf("no API tokens\n");
}

static int
list_fn(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	vpd_who who = cli_who(c);

	(void)arg;
	return vpd_core_token_list(a, &who, res, err);
}

int
cmd_token(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	vpd_archive *a;
	vpd_error err;
	json_t *res = NULL;
	char *token = NULL;
	int rc;

	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nA token lets a script or the zaaksysteem "
		    "call the JSON API (/api/v1/) as\nACTOR, with that actor's "
		    "roles and sight: 'Authorization: Bearer TOKEN'.\nadd prints "
		    "the token once; only its SHA-256 is kept, in\n"
		    "ARCHIVE/private/tokens.json.  revoke takes the ID list "
		    "shows.\n", use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "list")) {
		if (argc > 3 || (argc == 3 && strcmp(argv[2], "--json")))
			return cli_usage(use, "unexpected '%s'", argv[2]);
		return cli_query(c, list_fn, NULL, argc == 3, print_tokens);
	}
	if (!strcmp(argv[1], "add")) {
		const char *actor = NULL, *label = NULL;

		for (int i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "--label") && i + 1 < argc)
				label = argv[++i];
			else if (argv[i][0] == '-' || actor)
				return cli_usage(use, "unexpected '%s'", argv[i]);
			else
				actor = argv[i];
		}
		if (actor == NULL || label == NULL)
			return cli_usage(use, "token add needs ACTOR and --label");
		if ((rc = cli_open(c, &a)))
			return rc;
		vpd_error_clear(&err);
		rc = vpd_core_token_new(a, &who, actor, label, &token, &res,
		    &err);
		vpd_archive_free(a);
		if (rc)
			return cli_fail(&err);
		printf("%s\n", token);
		fprintf(stderr, "API token %s for %s: shown once, keep it in the "
		    "calling system's secrets\n", str(res, "id"), actor);
		free(token);
		json_decref(res);
		return 0;
	}
	if (!strcmp(argv[1], "revoke")) {
		if (argc != 3)
			return cli_usage(use, "token revoke needs one ID");
		if ((rc = cli_open(c, &a)))
			return rc;
		vpd_error_clear(&err);
		rc = vpd_core_token_revoke(a, &who, argv[2], &err);
		vpd_archive_free(a);
		if (rc)
			return cli_fail(&err);
		printf("API token %s revoked\n", argv[2]);
		return 0;
	}
	return cli_usage(use, "unknown token command '%s'", argv[1]);
}
