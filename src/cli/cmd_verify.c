/*
 * cmd_verify.c - `vpd verify`: replay the archive, name the first bad
 * commit.
 */
#include <stdio.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char use[] =
    "vpd [--archive DIR] verify [--since [COMMIT]] [--checkpoint FILE] "
    "[--json]";

/* --checkpoint FILE: does the archive still hold that history?  The file
 * is read whole up to a bound (a regular file only: not a device, not a
 * pipe that never ends); CR LF, as a copy passed through Windows has
 * it, is read as LF. */
static int
check_checkpoint(cli *c, const char *file, json_t **res, vpd_error *err)
{
	vpd_archive *a = NULL;
	char text[4098];
	size_t len = 0, o = 0;
	struct stat st;
	ssize_t n;
	int fd, rc;

	*res = NULL;
	if ((fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return vpd_error_set(err, errno == ENOENT ? VPD_ENOTFOUND :
		    VPD_EIO, file, 0, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "not a regular file");
	}
	while (len < sizeof(text) - 1 && (n = read(fd, text + len,
	    sizeof(text) - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return vpd_error_set(err, VPD_EIO, file, 0, 0,
			    "cannot read: %s", strerror(errno));
		}
		len += (size_t)n;
	}
	close(fd);
	if (len == sizeof(text) - 1)
		return vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "not a vpd checkpoint (longer than 4 KB)");
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			text[o++] = text[i];
	text[o] = '\0';
	if ((rc = vpd_archive_open(&a, c->archive, err)) == 0)
		rc = vpd_core_checkpoint_verify(a, text, o, res, err);
	if (rc && err->file[0] == '\0')
		snprintf(err->file, sizeof(err->file), "%s", file);
	vpd_archive_free(a);
	return rc;
}

int
cmd_verify(cli *c, int argc, char **argv)
{
	bool as_json = false;
	const char *since = NULL, *checkpoint = NULL;
	json_t *res = NULL, *cp = NULL;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nReplays every commit of the archive through "
		    "the workflow version its\ncase started on and checks that "
		    "each follows from its parent by a legal\nevent, that "
		    "the stored state equals the replayed one and that it is "
		    "signed\nby the archive's key, and checks the "
		    "chain of the\naccess log in ARCHIVE/private/.  Exit 0 when "
		    "all is well; exit 1\nnaming the first bad commit or log "
		    "line.\n\n  --since COMMIT  check only the commits after "
		    "COMMIT\n  --since         check only the commits after the "
		    "last good verify\n                  (its checkpoint is "
		    "ARCHIVE/private/verified)\n  --checkpoint FILE  also prove "
		    "that the archive still holds the history\n"
		    "                  of a checkpoint kept elsewhere ('vpd "
		    "checkpoint')\n", use);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (strcmp(argv[i], "--checkpoint") == 0 && i + 1 < argc)
			checkpoint = argv[++i];
		else if (strcmp(argv[i], "--since") == 0)
			since = i + 1 < argc && argv[i + 1][0] != '-' ?
			    argv[++i] : "";
		else
			return cli_usage(use, "unexpected '%s'", argv[i]);
	}
	vpd_error_clear(&err);
	if (checkpoint && (rc = check_checkpoint(c, checkpoint, &cp, &err))) {
		if (as_json) {
			json_t *j = json_pack("{sbsoss}", "ok", 0,
			    "extern_controlepunt", cp ? cp : json_object(),
			    "fout", err.msg);

			cli_print_json(j);
			json_decref(j);
		}
		return cli_fail(&err);
	}
	rc = vpd_core_verify_since(c->archive, since, &res, &err);
	if (res && cp)
		json_object_set(res, "extern_controlepunt", cp);
	if (as_json && res)
		cli_print_json(res);
	else if (rc == 0)
		printf("verified %lld commits%s%.12s: every state follows from "
		    "its events\naccess log: %lld entries, none changed or "
		    "missing\n", (long long)json_integer_value(json_object_get(
		    res, "commits")), since ? " after " : "", since ?
		    json_string_value(json_object_get(res, "sinds")) : "",
		    (long long)json_integer_value(json_object_get(res,
		    "toegangslog")));
	if (!as_json && rc == 0) {
		long long n = json_integer_value(json_object_get(res,
		    "ondertekend"));

		if (n > 0)
			printf("signatures: %lld commits signed with the "
			    "archive's key, all good\n", n);
		else if (since == NULL)
			printf("signatures: none; the archive has no signing "
			    "key ('vpd key rotate' gives it one)\n");
		{
			json_t *back = json_object_get(res, "sleutels_terug"),
			    *x;
			size_t k;

			json_array_foreach(back, k, x)
				printf("warning: %s was erased, but the key "
				    "store holds their key again (a backup of "
				    "private/ put back?): run 'vpd person erase "
				    "%s' again\n", json_string_value(x),
				    json_string_value(x));
		}
		if (cp)
			printf("checkpoint: commit %.12s of %s (number %lld) "
			    "is in the history, %lld commit(s) since\n",
			    json_string_value(json_object_get(cp, "commit")),
			    json_string_value(json_object_get(cp, "tijdstip")),
			    (long long)json_integer_value(json_object_get(cp,
			    "aantal")), (long long)json_integer_value(
			    json_object_get(cp, "sindsdien")));
	}
	json_decref(cp);
	json_decref(res);
	return rc ? cli_fail(&err) : 0;
}
