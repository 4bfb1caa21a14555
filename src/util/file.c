/*
 * file.c - whole-file reads.
 */
#include "file.h"

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
