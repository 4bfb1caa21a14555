/*
 * yaml.c - YAML to JSON with libyaml's document API.
 */
#define _POSIX_C_SOURCE 200809L
#include "yaml.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
	yaml_document_t doc;
	const char *file;
	int first_line;
	vpd_error *err;
} loader;

static int
fail(loader *l, const yaml_node_t *n, const char *msg, const char *arg)
{
	return vpd_error_set(l->err, VPD_EINVALID, l->file,
	    (int)n->start_mark.line + l->first_line,
	    (int)n->start_mark.column + 1, "%s%s", msg, arg ? arg : "");
}

static json_t *
scalar(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	char *end;
	long long v;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_string(s);
	if (strcmp(s, "true") == 0)
		return json_true();
	if (strcmp(s, "false") == 0)
		return json_false();
	if (strcmp(s, "null") == 0 || strcmp(s, "~") == 0 || *s == '\0')
		return json_null();
	v = strtoll(s, &end, 10);
	if (*s && *end == '\0' && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return json_integer(v);
	return json_string(s);
}

/* Converts n; *out is set only on success. */
static int
convert(loader *l, yaml_node_t *n, json_t **out, int depth)
{
	json_t *v = NULL, *item;
	int rc = 0;

	*out = NULL;
	if (depth > 32)
		return fail(l, n, "nested too deeply", NULL);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		*out = scalar(n);
		return 0;
	case YAML_SEQUENCE_NODE:
		v = json_array();
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    rc == 0 && it < n->data.sequence.items.top; it++)
			if ((rc = convert(l, yaml_document_get_node(&l->doc,
			    *it), &item, depth + 1)) == 0)
				json_array_append_new(v, item);
		break;
	case YAML_MAPPING_NODE:
		v = json_object();
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		    rc == 0 && p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&l->doc, p->key);
			const char *key;

			if (k->type != YAML_SCALAR_NODE) {
				rc = fail(l, k, "keys must be text", NULL);
				break;
			}
			key = (const char *)k->data.scalar.value;
			if (json_object_get(v, key)) {
				rc = fail(l, k, "duplicate key ", key);
				break;
			}
			if ((rc = convert(l, yaml_document_get_node(&l->doc,
			    p->value), &item, depth + 1)) == 0)
				json_object_set_new(v, key, item);
		}
		break;
	default:
		return fail(l, n, "empty document", NULL);
	}
	if (rc) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return 0;
}

static int
check_node(yaml_document_t *doc, unsigned char *seen, yaml_node_t *n,
    int depth, const char *file, int first_line, vpd_error *err)
{
	size_t id = (size_t)(n - doc->nodes.start);
	int rc = 0;

#define AT(x) file, (int)(x)->start_mark.line + first_line, \
	(int)(x)->start_mark.column + 1
	if (seen[id])
		return vpd_error_set(err, VPD_EINVALID, AT(n), "this value "
		    "is used again through an alias (*name); aliases are "
		    "not allowed: write the value out");
	seen[id] = 1;
	if (depth > VPD_YAML_MAX_DEPTH)
		return vpd_error_set(err, VPD_EINVALID, AT(n), "nested more "
		    "than %d levels deep", VPD_YAML_MAX_DEPTH);
	if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    rc == 0 && it < n->data.sequence.items.top; it++)
			rc = check_node(doc, seen, yaml_document_get_node(doc,
			    *it), depth + 1, file, first_line, err);
	} else if (n->type == YAML_MAPPING_NODE) {
		if (n->data.mapping.pairs.top - n->data.mapping.pairs.start >
		    VPD_YAML_MAX_KEYS)
			return vpd_error_set(err, VPD_EINVALID, AT(n), "more "
			    "than %d keys in one mapping", VPD_YAML_MAX_KEYS);
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		    rc == 0 && p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);

			if (k->type != YAML_SCALAR_NODE ||
			    k->data.scalar.length == 0)
				return vpd_error_set(err, VPD_EINVALID, AT(k),
				    "a key must be a non-empty text");
			if ((rc = check_node(doc, seen, k, depth + 1, file,
			    first_line, err)) == 0)
				rc = check_node(doc, seen,
				    yaml_document_get_node(doc, p->value),
				    depth + 1, file, first_line, err);
		}
	}
#undef AT
	return rc;
}

int
vpd_yaml_precheck(const char *buf, size_t len, const char *file,
    int first_line, vpd_error *err)
{
	int depth = 0, line = first_line, col = 0;
	char quote = 0;
	bool comment = false;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		col++;
		if (c == '\n') {
			line++;
			col = 0;
			comment = false;
			continue;
		}
		if (comment)
			continue;
		if (quote) {
			if (c == '\\' && quote == '"' && i + 1 < len)
				i++, col++;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			quote = c;
		else if (c == '#' && (i == 0 || buf[i - 1] == ' ' ||
		    buf[i - 1] == '\t'))
			comment = true;
		else if ((c == '[' || c == '{') &&
		    ++depth > VPD_YAML_MAX_DEPTH)
			return vpd_error_set(err, VPD_EINVALID, file, line, col,
			    "nested more than %d levels deep",
			    VPD_YAML_MAX_DEPTH);
		else if ((c == ']' || c == '}') && depth > 0)
			depth--;
	}
	return 0;
}

int
vpd_yaml_check(void *docp, const char *file, int first_line, vpd_error *err)
{
	yaml_document_t *doc = docp;
	yaml_node_t *root = yaml_document_get_root_node(doc);
	size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
	unsigned char *seen;
	int rc;

	if (root == NULL)
		return 0;
	if ((seen = calloc(n + 1, 1)) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, file, 0, 0,
		    "out of memory");
	rc = check_node(doc, seen, root, 0, file, first_line, err);
	free(seen);
	return rc;
}

int
vpd_yaml_load(json_t **out, const char *file, const char *buf, size_t len,
    int first_line, vpd_error *err)
{
	yaml_parser_t p;
	loader l = {.file = file, .first_line = first_line, .err = err};
	yaml_node_t *root;
	int rc;

	*out = NULL;
	if (len > VPD_YAML_MAX_BYTES)
		return vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "larger than %d KB", VPD_YAML_MAX_BYTES / 1024);
	if ((rc = vpd_yaml_precheck(buf, len, file, first_line, err)))
		return rc;
	if (!yaml_parser_initialize(&p))
		return vpd_error_set(err, VPD_ENOMEM, file, 0, 0,
		    "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &l.doc)) {
		rc = vpd_error_set(err, VPD_EINVALID, file,
		    (int)p.problem_mark.line + first_line,
		    (int)p.problem_mark.column + 1, "YAML: %s",
		    p.problem ? p.problem : "syntax error");
		yaml_parser_delete(&p);
		return rc;
	}
	yaml_parser_delete(&p);
	root = yaml_document_get_root_node(&l.doc);
	if (root == NULL)
		rc = vpd_error_set(err, VPD_EINVALID, file, first_line, 1,
		    "empty document");
	else if ((rc = vpd_yaml_check(&l.doc, file, first_line, err)) == 0)
		rc = convert(&l, root, out, 0);
	yaml_document_delete(&l.doc);
	return rc;
}
