/*
 * yaml.h - small YAML configuration files as JSON values.
 *
 * Letter front matter, signers and letterhead settings are plain data, so
 * they are loaded into jansson values and checked there.  Mappings become
 * objects (a key given twice is an error), sequences arrays; scalars stay
 * text, except plain `true`/`false`, `null`/`~` and whole numbers.  Errors
 * carry FILE:LINE:COL.  (The workflow loader reads YAML itself because it
 * needs the position of every node for its checks; it shares the checks
 * below.)
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

/* Limits of every YAML file vpd reads (workflows included). */
#define VPD_YAML_MAX_BYTES (1024 * 1024)
#define VPD_YAML_MAX_DEPTH 32
#define VPD_YAML_MAX_KEYS 4096

/*
 * Before libyaml reads the text: flow collections ('[', '{') nested more
 * than VPD_YAML_MAX_DEPTH deep are refused here, since libyaml's loader
 * takes time quadratic in their depth (1 MB of '[' ran for many minutes)
 * before vpd_yaml_check could see them.  Quotes and comments are skipped.
 */
int vpd_yaml_precheck(const char *buf, size_t len, const char *file,
    int first_line, vpd_error *err);

/*
 * Checks a loaded libyaml document (a yaml_document_t) before anything
 * walks it: no alias (a node used twice, which a walk would expand, so
 * that ten nested aliases in a few KB became gigabytes), every mapping
 * key a non-empty text, at most VPD_YAML_MAX_KEYS keys in a mapping (the
 * loaders' checks compare keys pairwise), nested at most
 * VPD_YAML_MAX_DEPTH.  0, or
 * VPD_EINVALID with FILE:LINE:COL of the first offending node.
 */
int vpd_yaml_check(void *doc, const char *file, int first_line,
    vpd_error *err);

#endif
