/*
 * outdir.c - a directory of files handed out (a police export, a
 * person's access export), written so that nobody sees half of it and
 * nothing is written through a name someone else chose.
 *
 * The files go into DIR.tmp-XXXXXX (mkdtemp: mode 0700, a name nobody can
 * guess), each created with O_EXCL|O_NOFOLLOW, mode 0600, written in full
 * and fsynced; then the directory is renamed to DIR, which must not
 * exist, and the parent is fsynced.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/file.h"
#include "cli.h"

static int
outdir_open(cli_outdir *x, const char *out)
{
	struct stat st;

	memset(x, 0, sizeof(*x));
	x->out = out;
	/* lstat: a dangling link is there too */
	if (lstat(out, &st) == 0) {
		fprintf(stderr, "%s: error: already exists; the export goes "
		    "into a new directory\n", out);
		return 1;
	}
	if ((size_t)snprintf(x->dir, sizeof(x->dir), "%s.tmp-XXXXXX", out) >=
	    sizeof(x->dir)) {
		fprintf(stderr, "%s: error: the name is too long\n", out);
		return 2;
	}
	if (mkdtemp(x->dir) == NULL) {
		perror(out);
		return 3;
	}
	return 0;
}

/* A new file in the directory, owner-only, never through a link; written
 * in full and fsynced. */
static int
write_new(const char *path, const void *data, size_t len, vpd_error *err)
{
	const unsigned char *p = data;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot create: "
		    "%s", strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int saved = n < 0 ? errno : ENOSPC;

			close(fd);
			return vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "cannot write: %s", strerror(saved));
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot write: "
		    "%s", strerror(errno));
	return 0;
}

int
cli_outdir_file(void *ud, const json_t *entry, const unsigned char *data,
    size_t len, vpd_error *err)
{
	cli_outdir *x = ud;
	char path[8192], sub[8192];
	const char *file = json_string_value(json_object_get(entry, "bestand"));
	const char *slash = file ? strchr(file, '/') : NULL;

	/* names the core makes: one folder deep at most, no dot files */
	if (file == NULL || *file == '.' || *file == '/' || strstr(file, "..") ||
	    (slash && strchr(slash + 1, '/')))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "not a file "
		    "name for an export: '%s'", file ? file : "");
	if (slash) {
		snprintf(sub, sizeof(sub), "%s/%.*s", x->dir,
		    (int)(slash - file), file);
		if (mkdir(sub, 0700) != 0 && errno != EEXIST)
			return vpd_error_set(err, VPD_EIO, sub, 0, 0, "%s",
			    strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/%s", x->dir, file);
	if (write_new(path, data, len, err))
		return err->code;
	{
		char sha[VPD_SHA256_HEX], line[8192];

		vpd_archive_sha256(data, len, sha);
		snprintf(line, sizeof(line), "%s  %s\n", sha, file);
		json_array_append_new(x->sums, json_string(line));
	}
	return 0;
}

int
cli_outdir_text(cli_outdir *x, const char *name, const char *text,
    vpd_error *err)
{
	char path[8192];

	snprintf(path, sizeof(path), "%s/%s", x->dir, name);
	return write_new(path, text, strlen(text), err);
}

/* Makes a directory entry (a new file, a rename) durable. */
static int
sync_dir(const char *dir, vpd_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc = 0;

	if (fd < 0 || fsync(fd) != 0)
		rc = vpd_error_set(err, VPD_EIO, dir, 0, 0, "cannot write: %s",
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* A file system without RENAME_NOREPLACE: rename unless the target
 * exists (a narrower window, not none).  Sets errno when it fails. */
static bool
no_replace_fallback(const char *from, const char *to)
{
	struct stat st;

	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return false;
	}
	return rename(from, to) == 0;
}

int
cli_outdir_place(cli_outdir *x, vpd_error *err)
{
	char parent[4096], *slash, *sums = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&sums, &len);
	json_t *line;
	int rc;

	if (f == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	json_array_foreach(x->sums, i, line)
		fputs(json_string_value(line), f);
	fclose(f);
	rc = cli_outdir_text(x, "SHA256SUMS", sums, err);
	free(sums);
	if (rc || (rc = sync_dir(x->dir, err)))
		return rc;
	/* never onto a directory made meanwhile (rename(2) would replace an
	 * empty one) */
	if (renameat2(AT_FDCWD, x->dir, AT_FDCWD, x->out,
	    RENAME_NOREPLACE) != 0 && !(errno == EINVAL &&
	    no_replace_fallback(x->dir, x->out)))
		return vpd_error_set(err, errno == EEXIST ? VPD_EREFUSED :
		    VPD_EIO, x->out, 0, 0, "%s", errno == EEXIST ?
		    "already exists; the export goes into a new directory" :
		    strerror(errno));
	x->placed = true;
	snprintf(parent, sizeof(parent), "%s", x->out);
	slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(parent, sizeof(parent), ".");
	return sync_dir(parent, err);
}

int
cli_outdir_export(cli *c, const char *out, cli_export_fn run,
    const void *arg, json_t **result)
{
	vpd_who who = cli_who(c);
	cli_outdir x;
	vpd_archive *a;
	vpd_error err;
	int rc;

	*result = NULL;
	if ((rc = outdir_open(&x, out)))
		return rc;
	x.sums = json_array();
	if ((rc = cli_open(c, &a)) == 0) {
		vpd_error_clear(&err);
		rc = run(a, &who, arg, &x, result, &err);
		vpd_archive_free(a);
		if (rc)
			rc = cli_fail(&err);
	}
	/* nothing was recorded: what was written goes */
	if (rc)
		vpd_file_remove_tree(x.placed ? x.out : x.dir);
	json_decref(x.sums);
	return rc;
}
