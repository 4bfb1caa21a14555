/*
 * yaml.h - small YAML configuration files as JSON values.
 *
 * Letter front matter, signers and letterhead settings are plain data, so
 * they are loaded into jansson values and checked there.  Mappings become
 * objects (a key given twice is an error), sequences arrays; scalars stay
 * text, except plain `true`/`false`, `null`/`~` and whole numbers.  Errors
 * carry FILE:LINE:COL.  (The workflow loader reads YAML itself because it
 * needs the position of every node for its checks.)
 */
#ifndef VPD_YAML_H
#define VPD_YAML_H

#include <jansson.h>
#include <stddef.h>

#include "../util/error.h"

/*
 * Loads one YAML document.  `first_line` is the line number of buf's first
 * line in `file` (front matter starts on line 2).  *out is a new reference.
 */
int vpd_yaml_load(json_t **out, const char *file, const char *buf,
    size_t len, int first_line, vpd_error *err);

#endif
