/*
 * markdown.c - a letter body in CommonMark to the blocks of letter.h.
 * cmark is used here and nowhere else.
 */
#define _POSIX_C_SOURCE 200809L
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"

typedef struct {
	vpd_blocks *out;
	const char *name;
	vpd_error *err;
} walker;

static vpd_block *
new_block(walker *w, vpd_block_kind kind, int number)
{
	vpd_block *grown = realloc(w->out->items,
	    (w->out->n + 1) * sizeof(*grown));

	if (grown == NULL)
		return NULL;
	w->out->items = grown;
	memset(&grown[w->out->n], 0, sizeof(vpd_block));
	grown[w->out->n].kind = kind;
	grown[w->out->n].number = number;
	return &grown[w->out->n++];
}

static int
add_run(walker *w, vpd_block *b, const char *text, unsigned style)
{
	vpd_run *grown = realloc(b->runs, (b->nruns + 1) * sizeof(*grown));

	if (grown == NULL || (text = strdup(text)) == NULL)
		return vpd_error_set(w->err, VPD_ENOMEM, w->name, 0, 0,
		    "out of memory");
	b->runs = grown;
	grown[b->nruns].text = (char *)text;
	grown[b->nruns].style = style;
	b->nruns++;
	return 0;
}

static int
refuse(walker *w, cmark_node *n, const char *what)
{
	return vpd_error_set(w->err, VPD_EINVALID, w->name,
	    cmark_node_get_start_line(n), cmark_node_get_start_column(n),
	    "%s has no place in a letter", what);
}

/* The inline content of n into block b. */
static int
inlines(walker *w, vpd_block *b, cmark_node *n, unsigned style)
{
	int rc;

	for (cmark_node *c = cmark_node_first_child(n); c;
	    c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			rc = add_run(w, b, cmark_node_get_literal(c), style);
			break;
		case CMARK_NODE_SOFTBREAK:
			rc = add_run(w, b, " ", style);
			break;
		case CMARK_NODE_LINEBREAK:
			rc = add_run(w, b, "", style | VPD_RUN_BREAK);
			break;
		case CMARK_NODE_EMPH:
			rc = inlines(w, b, c, style | VPD_RUN_ITALIC);
			break;
		case CMARK_NODE_STRONG:
			rc = inlines(w, b, c, style | VPD_RUN_BOLD);
			break;
		case CMARK_NODE_CODE:
			rc = add_run(w, b, cmark_node_get_literal(c), style);
			break;
		default:
			rc = refuse(w, c, cmark_node_get_type_string(c));
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int
blocks(walker *w, cmark_node *parent, vpd_block_kind kind, int *number)
{
	int rc;

	for (cmark_node *c = cmark_node_first_child(parent); c;
	    c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		vpd_block *b;

		switch (t) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			b = new_block(w, t == CMARK_NODE_HEADING ?
			    VPD_BLOCK_HEADING : kind, number ? *number : 0);
			if (b == NULL)
				return vpd_error_set(w->err, VPD_ENOMEM,
				    w->name, 0, 0, "out of memory");
			if ((rc = inlines(w, b, c, 0)))
				return rc;
			/* Only the first paragraph of an item is numbered. */
			if (kind != VPD_BLOCK_PARAGRAPH)
				kind = VPD_BLOCK_PARAGRAPH;
			break;
		case CMARK_NODE_LIST: {
			bool ordered = cmark_node_get_list_type(c) ==
			    CMARK_ORDERED_LIST;
			int n = cmark_node_get_list_start(c);

			for (cmark_node *item = cmark_node_first_child(c); item;
			    item = cmark_node_next(item)) {
				if ((rc = blocks(w, item, ordered ?
				    VPD_BLOCK_NUMBERED : VPD_BLOCK_BULLET,
				    &n)))
					return rc;
				n++;
			}
			break;
		}
		default:
			return refuse(w, c, cmark_node_get_type_string(c));
		}
	}
	return 0;
}

int
vpd_markdown_blocks(vpd_blocks *out, const char *name, const char *md,
    vpd_error *err)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md),
	    CMARK_OPT_DEFAULT);
	walker w = {.out = out, .name = name, .err = err};
	int rc;

	out->items = NULL;
	out->n = 0;
	if (doc == NULL)
		return vpd_error_set(err, VPD_ENOMEM, name, 0, 0,
		    "out of memory");
	rc = blocks(&w, doc, VPD_BLOCK_PARAGRAPH, NULL);
	cmark_node_free(doc);
	if (rc)
		vpd_blocks_free(out);
	return rc;
}

void
vpd_blocks_free(vpd_blocks *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n; i++) {
		for (size_t k = 0; k < b->items[i].nruns; k++)
			free(b->items[i].runs[k].text);
		free(b->items[i].runs);
	}
	free(b->items);
	b->items = NULL;
	b->n = 0;
}
