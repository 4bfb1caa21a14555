/*
 * template.c - Mustache: a parser to a node tree, and a renderer over a
 * stack of JSON contexts.
 *
 * The parser reads text and tags with the current delimiters.  A
 * "standalone" tag - a section, inverted section, closing, comment,
 * partial or delimiter tag alone on its line with only spaces or tabs
 * around it - takes its whole line with it, as the specification demands;
 * a standalone partial remembers the line's indentation, which is put in
 * front of every line of the partial before it is parsed.  Partials are
 * parsed when they are rendered, so a partial may include itself (bounded
 * by MAX_DEPTH).
 */
#define _POSIX_C_SOURCE 200809L
#include "template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef enum { T_TEXT, T_VAR, T_SECTION, T_INVERTED, T_PARTIAL } node_kind;

typedef struct node {
	node_kind kind;
	char *text;            /* text, or the tag's name */
	char *indent;          /* partial: the standalone indentation */
	bool escape;           /* var: {{x}} rather than {{{x}}} / {{&x}} */
	int line, column;
	struct node *children; /* sections */
	size_t nchildren;
} node;

struct vpd_template {
	char *name;
	node root;
};

typedef struct {
	const char *name;
	const char *src;
	size_t pos;
	char open[16], close[16];
	vpd_error *err;
	int depth;             /* sections open around the position */
} parser;

static void
line_col(const char *src, size_t pos, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < pos; i++) {
		if (src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int fail(parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(parser *p, size_t pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	line_col(p->src, pos, &line, &col);
	return vpd_error_set(p->err, VPD_EINVALID, p->name, line, col, "%s",
	    msg);
}

static void
free_children(node *n)
{
	for (size_t i = 0; i < n->nchildren; i++) {
		free_children(&n->children[i]);
		free(n->children[i].text);
		free(n->children[i].indent);
	}
	free(n->children);
	n->children = NULL;
	n->nchildren = 0;
}

static node *
add(node *parent, node_kind kind)
{
	node *grown = realloc(parent->children,
	    (parent->nchildren + 1) * sizeof(*grown));

	if (grown == NULL)
		return NULL;
	parent->children = grown;
	memset(&grown[parent->nchildren], 0, sizeof(node));
	grown[parent->nchildren].kind = kind;
	return &grown[parent->nchildren++];
}

static int
add_text(parser *p, node *parent, size_t from, size_t to)
{
	node *n;

	if (to <= from)
		return 0;
	if ((n = add(parent, T_TEXT)) == NULL ||
	    (n->text = strndup(p->src + from, to - from)) == NULL)
		return vpd_error_set(p->err, VPD_ENOMEM, p->name, 0, 0,
		    "out of memory");
	return 0;
}

static char *
trimmed(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return strndup(s, len);
}

/*
 * Parses until the closing tag of `section` (NULL at the top level).
 * Returns 0, with p->pos after the closing tag.
 */
static int
parse_into(parser *p, node *parent, const char *section, size_t sect_pos)
{
	size_t text_start = p->pos;

	for (;;) {
		const char *open = strstr(p->src + p->pos, p->open);
		size_t tag, inner, end, line_start, after;
		char sigil, *name;
		bool standalone = false;
		const char *close;
		node *n;
		int rc;

		if (open == NULL) {
			if (section)
				return fail(p, sect_pos, "section '%s' is "
				    "not closed", section);
			return add_text(p, parent, text_start,
			    strlen(p->src));
		}
		tag = (size_t)(open - p->src);
		inner = tag + strlen(p->open);
		sigil = p->src[inner];
		if (sigil == '{') {
			close = strstr(p->src + inner + 1, "}");
			if (close == NULL || strncmp(close + 1, p->close,
			    strlen(p->close)) != 0)
				close = NULL;
			end = close ? (size_t)(close - p->src) + 1 +
			    strlen(p->close) : 0;
		} else if (sigil == '=') {
			char want[20];

			snprintf(want, sizeof(want), "=%s", p->close);
			close = strstr(p->src + inner + 1, want);
			end = close ? (size_t)(close - p->src) + strlen(want) : 0;
		} else {
			/* after the sigil: with '^^' as closing delimiter,
			 * "@^^" is an inverted section with no name, not a
			 * tag closed by its own sigil */
			size_t from = inner + (sigil != '\0' &&
			    strchr("#^/>&!", sigil) ? 1 : 0);

			close = strstr(p->src + from, p->close);
			end = close ? (size_t)(close - p->src) + strlen(p->close) :
			    0;
		}
		if (close == NULL)
			return fail(p, tag, "tag is not closed");

		/* Standalone: only blanks between line start, tag and EOL. */
		line_start = tag;
		while (line_start > 0 && (p->src[line_start - 1] == ' ' ||
		    p->src[line_start - 1] == '\t'))
			line_start--;
		after = end;
		while (p->src[after] == ' ' || p->src[after] == '\t')
			after++;
		if (strchr("#^/!>=", sigil) &&
		    (line_start == 0 || p->src[line_start - 1] == '\n') &&
		    (p->src[after] == '\0' || p->src[after] == '\n' ||
		    (p->src[after] == '\r' && p->src[after + 1] == '\n'))) {
			standalone = true;
			if ((rc = add_text(p, parent, text_start, line_start)))
				return rc;
			if (p->src[after] == '\r')
				after++;
			if (p->src[after] == '\n')
				after++;
		} else if ((rc = add_text(p, parent, text_start, tag))) {
			return rc;
		}
		p->pos = standalone ? after : end;
		text_start = p->pos;

		switch (sigil) {
		case '!':
			continue;
		case '=': {
			char *spec = trimmed(p->src + inner + 1,
			    end - strlen(p->close) - 1 - inner - 1);
			char o[17], c[17];

			/* a word longer than 15 would be cut into two */
			if (spec == NULL || sscanf(spec, "%16s %16s", o, c) != 2 ||
			    strlen(o) > 15 || strlen(c) > 15 ||
			    strchr(o, '=') || strchr(c, '=')) {
				free(spec);
				return fail(p, tag, "bad delimiters: write "
				    "{{=<%% %%>=}}");
			}
			free(spec);
			memcpy(p->open, o, sizeof(p->open));
			memcpy(p->close, c, sizeof(p->close));
			continue;
		}
		default:
			break;
		}
		{
			size_t from = inner + (sigil != '\0' &&
			    strchr("#^/>&{", sigil) ? 1 : 0);
			size_t to = end - strlen(p->close) - (sigil == '{');

			name = trimmed(p->src + from, to > from ? to - from : 0);
		}
		if (name == NULL)
			return vpd_error_set(p->err, VPD_ENOMEM, p->name, 0, 0,
			    "out of memory");
		if (*name == '\0') {
			free(name);
			return fail(p, tag, "empty tag");
		}
		if (sigil == '/') {
			if (section == NULL || strcmp(name, section) != 0) {
				rc = section ? fail(p, tag, "'%s' closes the "
				    "wrong section", name) : fail(p, tag,
				    "'%s' closes a section that is not open",
				    name);
				free(name);
				return rc;
			}
			free(name);
			return 0;
		}
		n = add(parent, sigil == '#' ? T_SECTION : sigil == '^' ?
		    T_INVERTED : sigil == '>' ? T_PARTIAL : T_VAR);
		if (n == NULL) {
			free(name);
			return vpd_error_set(p->err, VPD_ENOMEM, p->name, 0, 0,
			    "out of memory");
		}
		n->text = name;
		n->escape = sigil != '{' && sigil != '&';
		line_col(p->src, tag, &n->line, &n->column);
		if (n->kind == T_PARTIAL && standalone)
			n->indent = strndup(p->src + line_start,
			    tag - line_start);
		if (n->kind == T_SECTION || n->kind == T_INVERTED) {
			/* n may move when parent grows: parse into a copy. */
			node sect = *n;
			size_t idx = (size_t)(n - parent->children);

			sect.children = NULL;
			sect.nchildren = 0;
			/* recursive: bounded like rendering, so no template
			 * can exhaust the stack (50,000 sections did) */
			if (p->depth >= MAX_DEPTH)
				return fail(p, tag, "sections nest deeper than "
				    "%d", MAX_DEPTH);
			p->depth++;
			rc = parse_into(p, &sect, name, tag);
			p->depth--;
			parent->children[idx].children = sect.children;
			parent->children[idx].nchildren = sect.nchildren;
			if (rc)
				return rc;
			text_start = p->pos;
		}
	}
}

int
vpd_template_parse(vpd_template **out, const char *name, const char *src,
    vpd_error *err)
{
	vpd_template *t = calloc(1, sizeof(*t));
	parser p = {.name = name, .src = src, .err = err};
	int rc;

	*out = NULL;
	if (t == NULL)
		return vpd_error_set(err, VPD_ENOMEM, name, 0, 0,
		    "out of memory");
	strcpy(p.open, "{{");
	strcpy(p.close, "}}");
	t->name = strdup(name);
	if ((rc = parse_into(&p, &t->root, NULL, 0))) {
		vpd_template_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void
vpd_template_free(vpd_template *t)
{
	if (t == NULL)
		return;
	free_children(&t->root);
	free(t->name);
	free(t);
}

/* ---- Rendering ------------------------------------------------------ */

typedef struct {
	const json_t *stack[MAX_DEPTH * 4];
	int depth;
	const vpd_render_opts *opts;
	FILE *out;
	vpd_error *err;
	const char *name;
	int partial_depth;
} renderer;

static const json_t *
resolve(renderer *r, const char *name)
{
	char first[256];
	const char *dot, *rest;
	const json_t *v = NULL;

	if (strcmp(name, ".") == 0)
		return r->stack[r->depth - 1];
	dot = strchr(name, '.');
	snprintf(first, sizeof(first), "%.*s",
	    (int)(dot ? (size_t)(dot - name) : strlen(name)), name);
	for (int i = r->depth - 1; i >= 0 && v == NULL; i--)
		if (json_is_object(r->stack[i]))
			v = json_object_get(r->stack[i], first);
	for (rest = dot ? dot + 1 : NULL; v && rest; ) {
		char part[256];

		dot = strchr(rest, '.');
		snprintf(part, sizeof(part), "%.*s",
		    (int)(dot ? (size_t)(dot - rest) : strlen(rest)), rest);
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
		rest = dot ? dot + 1 : NULL;
	}
	return v;
}

/* The spec's false values; web pages also count an empty text false,
 * so "{{#fout}}" shows nothing when there is no error. */
static bool
falsey(const renderer *r, const json_t *v)
{
	return v == NULL || json_is_null(v) || json_is_false(v) ||
	    (json_is_array(v) && json_array_size(v) == 0) ||
	    (r->opts && r->opts->empty_is_false && json_is_string(v) &&
	    json_string_length(v) == 0);
}

/*
 * A value as CommonMark text: every ASCII punctuation character is
 * backslash-escaped (CommonMark lets any be), so a value cannot open a
 * heading, list, quote, code block, link or emphasis; a single newline
 * becomes a hard line break, a blank line still separates paragraphs.
 */
static void
put_markdown_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			if (s[1] == '\n') {
				while (s[1] == '\n')
					s++;
				fputs("\n\n", out);
			} else if (s[1] != '\0') {
				fputs("\\\n", out);
			}
			while (s[1] == ' ' || s[1] == '\t')
				s++;   /* no indented code block */
			continue;
		}
		if (strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *s))
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void
put_value(renderer *r, const json_t *v, bool escape)
{
	char buf[64];
	const char *s = buf;

	if (v == NULL || json_is_null(v))
		return;
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld",
		    (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof(buf), "%.15g", json_real_value(v));
	else if (json_is_boolean(v))
		s = json_is_true(v) ? "true" : "false";
	else
		return;
	if (escape && r->opts && r->opts->escape_markdown) {
		put_markdown_text(r->out, s);
		return;
	}
	if (!escape) {
		fputs(s, r->out);
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", r->out); break;
		case '<': fputs("&lt;", r->out); break;
		case '>': fputs("&gt;", r->out); break;
		case '"': fputs("&quot;", r->out); break;
		default: fputc(*s, r->out);
		}
	}
}

static int render_nodes(renderer *r, const node *n);
static int render_in(renderer *r, const node *n, const json_t *v);

static int
push(renderer *r, const json_t *v)
{
	if (r->depth >= (int)(sizeof(r->stack) / sizeof(r->stack[0])))
		return vpd_error_set(r->err, VPD_EINVALID, r->name, 0, 0,
		    "data nested too deeply");
	r->stack[r->depth++] = v;
	return 0;
}

/* "  " before the start and after every newline but a final one. */
static char *
indent_lines(const char *src, const char *indent)
{
	size_t n = 1, il = strlen(indent), len = strlen(src);
	char *out, *w;

	for (const char *s = src; *s; s++)
		if (*s == '\n')
			n++;
	out = malloc(len + n * il + 1);
	if (out == NULL)
		return NULL;
	w = out;
	for (const char *s = src; *s; s++) {
		if (s == src || (s[-1] == '\n')) {
			memcpy(w, indent, il);
			w += il;
		}
		*w++ = *s;
	}
	*w = '\0';
	return out;
}

static int
render_partial(renderer *r, const node *n)
{
	const char *src = json_string_value(r->opts && r->opts->partials ?
	    json_object_get(r->opts->partials, n->text) : NULL);
	vpd_template *t = NULL;
	char *text;
	int rc;

	if (src == NULL)
		return 0; /* the spec: a missing partial renders as nothing */
	if (r->partial_depth >= MAX_DEPTH)
		return vpd_error_set(r->err, VPD_EINVALID, r->name, n->line,
		    n->column, "partials nest deeper than %d", MAX_DEPTH);
	text = n->indent ? indent_lines(src, n->indent) : strdup(src);
	if (text == NULL)
		return vpd_error_set(r->err, VPD_ENOMEM, r->name, 0, 0,
		    "out of memory");
	rc = vpd_template_parse(&t, n->text, text, r->err);
	free(text);
	if (rc)
		return rc;
	r->partial_depth++;
	rc = render_nodes(r, &t->root);
	r->partial_depth--;
	vpd_template_free(t);
	return rc;
}

/* Renders a section's children with v as the innermost context. */
static int
render_in(renderer *r, const node *n, const json_t *v)
{
	int rc;

	if ((rc = push(r, v)))
		return rc;
	rc = render_nodes(r, n);
	r->depth--;
	return rc;
}

static int
render_nodes(renderer *r, const node *parent)
{
	for (size_t i = 0; i < parent->nchildren; i++) {
		const node *n = &parent->children[i];
		const json_t *v;
		int rc;

		switch (n->kind) {
		case T_TEXT:
			fputs(n->text, r->out);
			break;
		case T_VAR:
			put_value(r, resolve(r, n->text), n->escape &&
			    r->opts && (r->opts->escape_html ||
			    r->opts->escape_markdown));
			break;
		case T_INVERTED:
			if (falsey(r, resolve(r, n->text)) &&
			    (rc = render_nodes(r, n)))
				return rc;
			break;
		case T_SECTION:
			v = resolve(r, n->text);
			if (falsey(r, v))
				break;
			if (json_is_array(v)) {
				size_t k;
				json_t *item;

				json_array_foreach(v, k, item)
					if ((rc = render_in(r, n, item)))
						return rc;
				break;
			}
			if ((rc = render_in(r, n, v)))
				return rc;
			break;
		case T_PARTIAL:
			if ((rc = render_partial(r, n)))
				return rc;
			break;
		}
	}
	return 0;
}

int
vpd_template_render(const vpd_template *t, const json_t *data,
    const vpd_render_opts *opts, char **out, vpd_error *err)
{
	renderer r = {.opts = opts, .err = err, .name = t->name};
	size_t len = 0;
	int rc;

	*out = NULL;
	r.out = open_memstream(out, &len);
	if (r.out == NULL)
		return vpd_error_set(err, VPD_ENOMEM, t->name, 0, 0,
		    "out of memory");
	r.stack[r.depth++] = data;
	rc = render_nodes(&r, &t->root);
	fclose(r.out);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

static int
walk_names(const node *parent, int depth,
    int (*cb)(const char *, int, int, int, void *), void *ud)
{
	for (size_t i = 0; i < parent->nchildren; i++) {
		const node *n = &parent->children[i];
		char buf[300];
		int rc;

		if (n->kind == T_TEXT)
			continue;
		if (n->kind == T_PARTIAL) {
			snprintf(buf, sizeof(buf), ">%s", n->text);
			rc = cb(buf, n->line, n->column, depth, ud);
		} else {
			rc = cb(n->text, n->line, n->column, depth, ud);
		}
		if (rc || (rc = walk_names(n, depth + 1, cb, ud)))
			return rc;
	}
	return 0;
}

int
vpd_template_names(const vpd_template *t,
    int (*cb)(const char *, int, int, int, void *), void *ud)
{
	return walk_names(&t->root, 0, cb, ud);
}
