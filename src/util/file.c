/*
 * file.c - whole-file reads, and writes that are all or nothing.
 */
#define _XOPEN_SOURCE 700
#include "file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <ftw.h>
#include <unistd.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
vpd_file_read(const char *path, size_t *len, vpd_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL) {
		vpd_error_set(err, errno == ENOENT ? VPD_ENOTFOUND : VPD_EIO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 >= cap) {
			char *g = realloc(buf, cap = cap * 2 + 8192);

			if (g == NULL) {
				free(buf);
				fclose(f);
				vpd_error_set(err, VPD_ENOMEM, path, 0, 0,
				    "out of memory");
				return NULL;
			}
			buf = g;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot read");
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int
vpd_file_write_atomic(const char *path, const void *buf, size_t len,
    mode_t mode, vpd_error *err)
{
	char tmp[4096];
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const unsigned char *p = buf;
	int fd, saved;

	struct stat st;

	if (dirlen + sizeof(".vpd-XXXXXX") > sizeof(tmp))
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "path too long");
	/* only a regular file is replaced: a rename over /dev/full or a
	 * fifo would put a file where a device was */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return vpd_error_set(err, VPD_EIO, path, 0, 0, "not a regular "
		    "file: vpd writes only to a new or a regular file");
	memcpy(tmp, path, dirlen);
	memcpy(tmp + dirlen, ".vpd-XXXXXX", sizeof(".vpd-XXXXXX"));
	if ((fd = mkstemp(tmp)) < 0)
		return vpd_error_set(err, VPD_EIO, path, 0, 0,
		    "cannot create a file in its directory: %s",
		    strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, mode) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	/* the rename itself must survive a power loss too */
	vpd_file_sync_dir(path);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return vpd_error_set(err, VPD_EIO, path, 0, 0, "cannot write: %s",
	    strerror(saved));
}

static int
remove_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

int
vpd_file_remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void
vpd_file_sync_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}
