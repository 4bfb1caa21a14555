/*
 * cmd_actor.c - `vpd actor add NAME --role ROLE...`, `vpd actor list`,
 * `vpd actor disable NAME` and `vpd actor passwd NAME`.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static const char use[] =
    "vpd [--as ACTOR] actor add NAME --role ROLE [--role ROLE...] "
    "[--email ADDRESS]\n"
    "                              [--afdeling DEPARTMENT...]\n"
    "       vpd actor list [--json]\n"
    "       vpd --as COORDINATOR actor disable NAME\n"
    "       vpd actor passwd NAME";

static int
disable(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	json_t *res = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (argc != 1 || argv[0][0] == '-')
		return cli_usage(use, "actor disable needs one NAME");
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_actor_disable(a, &who, argv[0], &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("%s disabled: no more acting or signing in (commit %.12s); "
	    "'vpd actor add' enables them again\n", argv[0],
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}

static int
add(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	json_t *roles = json_array(), *depts = json_array(), *res;
	const char *name = NULL, *email = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc) {
			json_array_append_new(roles, json_string(argv[++i]));
		} else if (!strcmp(argv[i], "--email") && i + 1 < argc) {
			email = argv[++i];
		} else if (!strcmp(argv[i], "--afdeling") && i + 1 < argc) {
			json_t *d = json_string(argv[++i]);

			if (d == NULL) {
				json_decref(roles);
				json_decref(depts);
				return cli_usage(use, "--afdeling: not UTF-8");
			}
			json_array_append_new(depts, d);
		} else if (argv[i][0] == '-' || name) {
			json_decref(roles);
			json_decref(depts);
			return cli_usage(use, "unexpected '%s'", argv[i]);
		} else {
			name = argv[i];
		}
	}
	if (name == NULL || json_array_size(roles) == 0) {
		json_decref(roles);
		json_decref(depts);
		return cli_usage(use, "actor add needs a NAME and a --role");
	}
	if ((rc = cli_open(c, &a))) {
		json_decref(roles);
		json_decref(depts);
		return rc;
	}
	vpd_error_clear(&err);
	rc = vpd_core_actor_add(a, &who, name, roles, email, depts, &res,
	    &err);
	json_decref(roles);
	json_decref(depts);
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

/*
 * Reads a password: twice, without echo, from a terminal; once (one line)
 * from anything else, so scripts can pipe it in.  *out is malloc'ed.
 */
static int
read_password(char **out)
{
	char *first = NULL, *second = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	*out = NULL;
	if (!isatty(STDIN_FILENO)) {
		if ((n = getline(&first, &cap, stdin)) < 0) {
			free(first);
			fputs("vpd: error: no password on standard input\n",
			    stderr);
			return 1;
		}
		first[strcspn(first, "\r\n")] = '\0';
		*out = first;
		return 0;
	}
	for (int round = 0; round < 2 && rc == 0; round++) {
		struct termios old, quiet;
		char **dst = round == 0 ? &first : &second;
		size_t c2 = 0;

		fputs(round == 0 ? "New password: " : "Again: ", stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
		n = getline(dst, &c2, stdin);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
		if (n < 0)
			rc = 1;
		else
			(*dst)[strcspn(*dst, "\r\n")] = '\0';
	}
	if (rc == 0 && strcmp(first, second) != 0) {
		fputs("vpd: error: the two passwords differ; nothing "
		    "changed\n", stderr);
		rc = 1;
	}
	if (second)
		memset(second, 0, strlen(second));
	free(second);
	if (rc) {
		if (first)
			memset(first, 0, strlen(first));
		free(first);
		return rc;
	}
	*out = first;
	return 0;
}

static int
passwd(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	char *pw = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (argc != 1 || argv[0][0] == '-')
		return cli_usage(use, "actor passwd needs one NAME");
	if ((rc = cli_open(c, &a)))
		return rc;
	if ((rc = read_password(&pw))) {
		vpd_archive_free(a);
		return rc;
	}
	vpd_error_clear(&err);
	rc = vpd_core_actor_passwd(a, &who, argv[0], pw, &err);
	memset(pw, 0, strlen(pw));
	free(pw);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("password of %s set (kept outside the audit trail)\n",
	    argv[0]);
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
		if (json_is_true(json_object_get(v, "uitgeschakeld")))
			printf(" (disabled)");
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
		printf("usage: %s\n\nWho may act, and in which roles "
		    "(medewerker, manager, coordinator,\nlegal, reception, "
		    "police), is kept in the archive, so every change is\n"
		    "audited.  Only a coordinator adds actors; the first actor "
		    "must be a\ncoordinator.  Adding an existing actor replaces "
		    "their roles and\ndepartments; a manager sees the cases of "
		    "his departments (--afdeling).\n\ndisable takes away an actor's right to act "
		    "and sign in, in one\ncommit; their name, roles and history "
		    "stay, and 'actor add' enables\nthem again.  Nobody disables "
		    "himself or the last coordinator.\n\npasswd sets the password "
		    "for signing in to 'vpd serve': asked twice on\na terminal, "
		    "or read as one line from standard input.  It is kept\n"
		    "hashed (argon2id) in ARCHIVE/private/, outside the git "
		    "history.\n", use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "add"))
		return add(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "list"))
		return list(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "passwd"))
		return passwd(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "disable"))
		return disable(c, argc - 2, argv + 2);
	return cli_usage(use, "unknown actor command '%s'", argv[1]);
}
