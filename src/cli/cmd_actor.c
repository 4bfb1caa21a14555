/*
 * cmd_actor.c - `vpd actor add NAME --role ROLE...` and `vpd actor list`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] =
    "vpd [--as ACTOR] actor add NAME --role ROLE [--role ROLE...] "
    "[--email ADDRESS]\n       vpd actor list [--json]";

static int
add(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	json_t *roles = json_array(), *res;
	const char *name = NULL, *email = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc) {
			json_array_append_new(roles, json_string(argv[++i]));
		} else if (!strcmp(argv[i], "--email") && i + 1 < argc) {
			email = argv[++i];
		} else if (argv[i][0] == '-' || name) {
			json_decref(roles);
			return cli_usage(use, "unexpected '%s'", argv[i]);
		} else {
			name = argv[i];
		}
	}
	if (name == NULL || json_array_size(roles) == 0) {
		json_decref(roles);
		return cli_usage(use, "actor add needs a NAME and a --role");
	}
	if ((rc = cli_open(c, &a))) {
		json_decref(roles);
		return rc;
	}
	vpd_error_clear(&err);
	rc = vpd_core_actor_add(a, &who, name, roles, email, &res, &err);
	json_decref(roles);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("actor %s: ", name);
	for (size_t i = 0; i < json_array_size(json_object_get(res, "rollen"));
	    i++)
		printf("%s%s", i ? ", " : "", json_string_value(json_array_get(
		    json_object_get(res, "rollen"), i)));
	printf(" (commit %.12s)\n",
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}

static int
list_query(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	(void)c;
	(void)arg;
	return vpd_core_actor_list(a, res, err);
}

static void
print_actors(const json_t *res)
{
	const char *key;
	json_t *v, *r;
	size_t i;

	json_object_foreach(json_object_get(res, "actoren"), key, v) {
		printf("%-24s ", key);
		json_array_foreach(json_object_get(v, "rollen"), i, r)
			printf("%s%s", i ? ", " : "", json_string_value(r));
		putchar('\n');
	}
}

static int
list(cli *c, int argc, char **argv)
{
	bool as_json = argc == 1 && !strcmp(argv[0], "--json");

	if (argc > 0 && !as_json)
		return cli_usage(use, "unexpected '%s'", argv[0]);
	return cli_query(c, list_query, NULL, as_json, print_actors);
}

int
cmd_actor(cli *c, int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nWho may act, and in which roles (manager, "
		    "coordinator, legal,\nreception, police), is kept in the "
		    "archive, so every change is audited.\nOnly a coordinator "
		    "adds actors; the first actor must be a coordinator.\n"
		    "Adding an existing actor replaces their roles.\n", use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "add"))
		return add(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "list"))
		return list(c, argc - 2, argv + 2);
	return cli_usage(use, "unknown actor command '%s'", argv[1]);
}
