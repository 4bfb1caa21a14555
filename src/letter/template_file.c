/*
 * template_file.c - letter templates: YAML front matter + a Mustache body
 * that renders to CommonMark.
 *
 *     ---
 *     subject: Schriftelijke waarschuwing
 *     fields: [persoon.achternaam, zaak.gegevens.van, zaak.gegevens.tot]
 *     signers: [manager, coordinator, legal]
 *     registered: false
 *     blocks: [contact]
 *     ---
 *     {{persoon.aanhef}},
 *     …
 *
 * Loading checks the front matter's keys and types, parses the body (with
 * its line numbers in the file), and checks that every name the body reads
 * outside a section starts with a known root (persoon, zaak, incident,
 * brief, gemeente, ondertekenaar).  Filling checks that every required
 * field has a value.  Any problem names the template, line and field, and
 * nothing is rendered.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "../template/template.h"
#include "../yaml/yaml.h"
#include "letter.h"

struct vpd_letter_template {
	char *file;
	json_t *meta;          /* the front matter */
	vpd_template *subject;
	vpd_template *body;
};

static const char *roots[] = {"persoon", "zaak", "incident", "brief",
    "gemeente", "ondertekenaar", NULL};

typedef struct {
	const char *file;
	bool inzage;            /* the access letter: "inzage." too */
	int line_offset;
	vpd_error *err;
	int rc;
} checker;

static int
check_name(const char *name, int line, int col, int depth, void *ud)
{
	checker *c = ud;
	char root[64];

	if (name[0] == '>' || strcmp(name, ".") == 0)
		return 0;
	snprintf(root, sizeof(root), "%.*s", (int)strcspn(name, "."), name);
	for (int i = 0; roots[i]; i++)
		if (strcmp(root, roots[i]) == 0)
			return 0;
	if (c->inzage && strcmp(root, "inzage") == 0)
		return 0;
	/* Names inside sections may be relative to the section's item. */
	if (strchr(name, '.') == NULL && depth > 0)
		return 0;
	c->rc = vpd_error_set(c->err, VPD_EINVALID, c->file,
	    line + c->line_offset, col, "unknown placeholder '%s' (fields "
	    "start with persoon., zaak., incident., brief., gemeente., "
	    "ondertekenaar., or inzage. in a letter with 'inzage: true'; see "
	    "docs/letters.md)", name);
	return 1;
}

static int
meta_list(json_t *meta, const char *key, const char *file, vpd_error *err)
{
	json_t *v = json_object_get(meta, key), *item;
	size_t i;

	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "front matter: %s must be a list", key);
	json_array_foreach(v, i, item)
		if (!json_is_string(item))
			return vpd_error_set(err, VPD_EINVALID, file, 0, 0,
			    "front matter: %s[%zu] must be text", key, i);
	return 0;
}

int
vpd_letter_template_load(vpd_letter_template **out, const char *file,
    const char *text, vpd_error *err)
{
	static const char *keys[] = {"subject", "fields", "signers",
	    "registered", "blocks", "to", "besluit", "inzage", NULL};
	vpd_letter_template *t;
	const char *fm, *end, *body;
	int body_line = 1, rc;
	json_t *v;
	const char *key;
	checker c = {.file = file, .err = err};

	*out = NULL;
	if (strncmp(text, "---\n", 4) != 0 ||
	    (end = strstr(text + 4, "\n---\n")) == NULL)
		return vpd_error_set(err, VPD_EINVALID, file, 1, 1,
		    "a letter template starts with front matter between "
		    "'---' lines");
	fm = text + 4;
	body = end + 5;
	for (const char *p = text; p < body; p++)
		if (*p == '\n')
			body_line++;
	t = calloc(1, sizeof(*t));
	t->file = strdup(file);
	if ((rc = vpd_yaml_load(&t->meta, file, fm, (size_t)(end + 1 - fm), 2,
	    err)))
		goto fail;
	if (!json_is_object(t->meta)) {
		rc = vpd_error_set(err, VPD_EINVALID, file, 2, 1,
		    "front matter must be a mapping");
		goto fail;
	}
	json_object_foreach(t->meta, key, v) {
		bool ok = false;

		for (int i = 0; keys[i]; i++)
			if (strcmp(keys[i], key) == 0)
				ok = true;
		if (!ok) {
			rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
			    "front matter: unknown key '%s' (keys: subject, "
			    "fields, signers, registered, blocks, to, besluit, "
			    "inzage)", key);
			goto fail;
		}
	}
	if (!json_is_string(json_object_get(t->meta, "subject"))) {
		rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "front matter: subject is required (the letter's "
		    "Onderwerp)");
		goto fail;
	}
	v = json_object_get(t->meta, "to");
	if (v && !json_is_string(v)) {
		rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "front matter: to must be a field path such as "
		    "gemeente.politie");
		goto fail;
	}
	v = json_object_get(t->meta, "registered");
	if (v && !json_is_boolean(v)) {
		rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "front matter: registered must be true or false");
		goto fail;
	}
	v = json_object_get(t->meta, "besluit");
	if (v && !json_is_boolean(v)) {
		rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "front matter: besluit must be true or false");
		goto fail;
	}
	v = json_object_get(t->meta, "inzage");
	if (v && !json_is_boolean(v)) {
		rc = vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "front matter: inzage must be true or false");
		goto fail;
	}
	c.inzage = json_is_true(v);
	if ((rc = meta_list(t->meta, "fields", file, err)) ||
	    (rc = meta_list(t->meta, "signers", file, err)) ||
	    (rc = meta_list(t->meta, "blocks", file, err)))
		goto fail;
	if ((rc = vpd_template_parse(&t->subject, file, json_string_value(
	    json_object_get(t->meta, "subject")), err)))
		goto fail;
	{
		/* Parse errors count lines from the body's first line. */
		vpd_error e2;

		vpd_error_clear(&e2);
		if ((rc = vpd_template_parse(&t->body, file, body, &e2))) {
			vpd_error_set(err, rc, file, e2.line + body_line - 1,
			    e2.column, "%s", e2.msg);
			goto fail;
		}
	}
	c.line_offset = body_line - 1;
	if (vpd_template_names(t->body, check_name, &c)) {
		rc = c.rc;
		goto fail;
	}
	*out = t;
	return 0;
fail:
	vpd_letter_template_free(t);
	return rc;
}

void
vpd_letter_template_free(vpd_letter_template *t)
{
	if (t == NULL)
		return;
	json_decref(t->meta);
	vpd_template_free(t->subject);
	vpd_template_free(t->body);
	free(t->file);
	free(t);
}

const json_t *
vpd_letter_template_meta(const vpd_letter_template *t)
{
	return t->meta;
}

const json_t *
vpd_letter_field(const json_t *data, const char *path)
{
	char part[128];
	const json_t *v = data;

	while (v && *path) {
		size_t n = strcspn(path, ".");

		snprintf(part, sizeof(part), "%.*s", (int)n, path);
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
		path += n + (path[n] == '.');
	}
	return v;
}

int
vpd_letter_template_fill(const vpd_letter_template *t, const json_t *data,
    const json_t *partials, char **subject, char **body, vpd_error *err)
{
	vpd_render_opts opts = {.escape_html = false, .partials = partials};
	json_t *f;
	size_t i;
	int rc;

	*subject = *body = NULL;
	json_array_foreach(json_object_get(t->meta, "fields"), i, f) {
		const json_t *v = vpd_letter_field(data,
		    json_string_value(f));

		if (v == NULL || json_is_null(v) || (json_is_string(v) &&
		    json_string_length(v) == 0))
			return vpd_error_set(err, VPD_EINVALID, t->file, 0, 0,
			    "required field '%s' has no value for this letter",
			    json_string_value(f));
	}
	json_array_foreach(json_object_get(t->meta, "blocks"), i, f)
		if (json_object_get(partials, json_string_value(f)) == NULL)
			return vpd_error_set(err, VPD_EINVALID, t->file, 0, 0,
			    "standard block '%s' does not exist",
			    json_string_value(f));
	if ((rc = vpd_template_render(t->subject, data, &opts, subject, err)))
		return rc;
	/* The body is Markdown: a value is text in it, never markup. */
	opts.escape_markdown = true;
	if ((rc = vpd_template_render(t->body, data, &opts, body, err))) {
		free(*subject);
		*subject = NULL;
	}
	return rc;
}
