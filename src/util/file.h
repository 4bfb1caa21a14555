/*
 * file.h - reading and writing whole files, the one way vpd does it.
 */
#ifndef VPD_UTIL_FILE_H
#define VPD_UTIL_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/*
 * Reads the file at path.  Returns a malloc'ed buffer with a NUL after the
 * content (so text can be used as a string), its length in *len when len
 * is not NULL, or NULL with err set: VPD_ENOTFOUND when there is no such
 * file, VPD_EIO otherwise.
 */
char *vpd_file_read(const char *path, size_t *len, vpd_error *err);

/*
 * Writes buf to path whole or not at all: into a file made by mkstemp()
 * in the same directory (so never through a name another user could
 * guess or plant), flushed to disk, given `mode`, then renamed over path.
 * On failure path is unchanged and the temporary file is gone.  Returns 0
 * or VPD_EIO with err naming path.
 */
int vpd_file_write_atomic(const char *path, const void *buf, size_t len,
    mode_t mode, vpd_error *err);

/* Flushes the directory holding path (a rename into it) to disk; best
 * effort. */
void vpd_file_sync_dir(const char *path);

/* Removes path and, for a directory, all it holds, never following a
 * link; what cannot be removed stays.  0 or -1 (errno). */
int vpd_file_remove_tree(const char *path);

#endif
