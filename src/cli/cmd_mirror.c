/*
 * cmd_mirror.c - `vpd mirror`: the archive's mirrors (docs/security.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char use[] =
    "vpd [--archive DIR] mirror [status] [--json]\n"
    "       vpd mirror add URL | remove URL\n"
    "       vpd mirror push [--detach] [--json]";

static void
print_status(const json_t *res)
{
	json_t *m;
	size_t i;

	if (json_array_size(json_object_get(res, "spiegels")) == 0) {
		printf("no mirrors: add one with 'vpd mirror add URL' (a path "
		    "or an ssh remote\nholding a bare git repository)\n");
		return;
	}
	printf("archive: %lld commits, tip %.12s\n", (long long)
	    json_integer_value(json_object_get(res, "aantal")),
	    json_string_value(json_object_get(res, "commit")));
	json_array_foreach(json_object_get(res, "spiegels"), i, m) {
		const char *when = json_string_value(json_object_get(m,
		    "tijdstip"));
		char local[32];

		printf("%s\n", json_string_value(json_object_get(m, "url")));
		if (when == NULL) {
			printf("  never pushed\n");
			continue;
		}
		printf("  last push: %s, %s\n", cli_local(when, local),
		    json_is_true(json_object_get(m, "ok")) ? "good" :
		    "FAILED");
		if (json_string_value(json_object_get(m, "fout")))
			printf("  git said: %s\n", json_string_value(
			    json_object_get(m, "fout")));
		if (json_is_true(json_object_get(m, "afwijkend")))
			printf("  DIVERGED: the commit it was last given is not "
			    "in this archive's history\n  (this archive or "
			    "the mirror was rewritten: see docs/security.md)\n");
		else if (json_integer_value(json_object_get(m, "achter")) > 0)
			printf("  %lld commits behind\n", (long long)
			    json_integer_value(json_object_get(m, "achter")));
		else if (json_object_get(m, "achter"))
			printf("  up to date\n");
		if (json_object_get(m, "controlepunt"))
			printf("  checkpoint: refs/tags/controlepunt/%06lld\n",
			    (long long)json_integer_value(json_object_get(m,
			    "controlepunt")));
		if (json_string_value(json_object_get(m, "controlepunt_fout")))
			printf("  checkpoint not sent: %s\n", json_string_value(
			    json_object_get(m, "controlepunt_fout")));
	}
}

static int
status_fn(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	(void)c;
	(void)arg;
	return vpd_core_mirror_status(a, res, err);
}

static int
push(cli *c, int argc, char **argv)
{
	bool as_json = false, detach = false;
	vpd_archive *a;
	json_t *res = NULL;
	vpd_error err;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (strcmp(argv[i], "--detach") == 0)
			detach = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	if (detach) {
		/* as gc --detach: the caller waits for this process only */
		pid_t pid = fork();

		if (pid != 0) {
			vpd_archive_free(a);
			return pid < 0 ? 3 : 0;
		}
		setsid();
	}
	vpd_error_clear(&err);
	rc = vpd_core_mirror_push(a, c->now, !detach, &res, &err);
	vpd_archive_free(a);
	if (detach) {
		json_decref(res);
		_exit(rc ? 3 : 0);
	}
	if (res && as_json)
		cli_print_json(res);
	else if (res) {
		const char *url;
		json_t *st;

		json_object_foreach(res, url, st) {
			if (strcmp(url, "bezig") == 0)
				continue;
			printf("%s: %s\n", url, json_is_true(json_object_get(st,
			    "ok")) ? "up to date" : json_string_value(
			    json_object_get(st, "fout")) ? json_string_value(
			    json_object_get(st, "fout")) : "failed");
			if (json_string_value(json_object_get(st,
			    "controlepunt_fout")))
				printf("  checkpoint not sent: %s\n",
				    json_string_value(json_object_get(st,
				    "controlepunt_fout")));
		}
	}
	json_decref(res);
	return rc ? cli_fail(&err) : 0;
}

static int
set(cli *c, int argc, char **argv, bool add)
{
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (argc != 1)
		return cli_usage(use, "mirror %s takes one URL", add ? "add" :
		    "remove");
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_archive_mirror_set(a, argv[0], add, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (add)
		printf("mirror added; every change is now pushed to it (run "
		    "'vpd mirror push' for the\nhistory so far, and from cron "
		    "to catch up after a failure)\n");
	else
		printf("mirror removed\n");
	return 0;
}

int
cmd_mirror(cli *c, int argc, char **argv)
{
	bool as_json = false;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nMirrors are bare git repositories elsewhere "
		    "(a path, or an ssh remote\nsuch as "
		    "backup@host:vpd.git) that every change is pushed to, "
		    "with\nstock git, fast-forward only, together with a "
		    "signed checkpoint as the\ntag controlepunt/NNNNNN.  They "
		    "are kept in the archive's git config\n(vpd.mirror).  "
		    "'status' (the default) says when each was last "
		    "brought\nup to date and how far behind it is.\n", use);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return set(c, argc - 2, argv + 2, true);
	if (argc >= 2 && strcmp(argv[1], "remove") == 0)
		return set(c, argc - 2, argv + 2, false);
	if (argc >= 2 && strcmp(argv[1], "push") == 0)
		return push(c, argc - 2, argv + 2);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (i != 1 || strcmp(argv[i], "status") != 0)
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	return cli_query(c, status_fn, NULL, as_json, print_status);
}
