/*
 * file.h - reading a whole file, the one way vpd does it.
 */
#ifndef VPD_UTIL_FILE_H
#define VPD_UTIL_FILE_H

#include <stddef.h>

#include "error.h"

/*
 * Reads the file at path.  Returns a malloc'ed buffer with a NUL after the
 * content (so text can be used as a string), its length in *len when len
 * is not NULL, or NULL with err set: VPD_ENOTFOUND when there is no such
 * file, VPD_EIO otherwise.
 */
char *vpd_file_read(const char *path, size_t *len, vpd_error *err);

#endif
