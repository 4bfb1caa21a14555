/*
 * expr.c - parser and evaluator of workflow expressions.
 *
 * A hand-written recursive-descent parser: the grammar is a dozen lines
 * (docs/workflows.md) and no library offers an embeddable expression
 * language with source columns and date arithmetic.  Precedence, lowest
 * first:  or · and · not · comparison and `in` · + and - · unary minus.
 *
 * Typing is dynamic and deliberately small.  Strings that hold a date
 * ("2026-11-30") or an instant ("2026-11-30T09:00:00Z") become temporal
 * values as soon as an operator needs them to be; comparing a date with an
 * instant compares the start of that day in Amsterdam.  Ordering anything
 * with null is false, so a guard over an optional input that is absent does
 * not hold unless the workflow says so with `== null`.
 */
#include "expr.h"

#include "../seal/seal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
	N_OR, N_AND, N_NOT, N_CMP, N_IN, N_NOTIN, N_ADD, N_SUB, N_NEG,
	N_INT, N_STR, N_BOOL, N_NULL, N_DUR, N_PATH, N_LIST,
	N_PDUR     /* a field counted in a unit: `case.duur_maanden months` */
} nkind;

/* A counted duration stays within a human lifetime of its unit. */
#define PDUR_MAX 1200

typedef enum { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE } cmpop;

struct vpd_expr {
	nkind kind;
	int offset;
	cmpop op;
	long long i;
	bool b;
	char *s;           /* string literal or path */
	vpd_duration dur;
	vpd_expr *a, *b2;  /* operands */
	vpd_expr **items;  /* list literal */
	size_t nitems;
	char *source;      /* set on the root only */
};

/* ------------------------------------------------------------------ */
/* Lexer                                                              */

typedef enum {
	T_END, T_IDENT, T_INT, T_STR, T_OP, T_LPAREN, T_RPAREN, T_LBRACK,
	T_RBRACK, T_COMMA, T_DOT, T_ERR
} tkind;

typedef struct {
	const char *src;
	size_t pos;
	tkind kind;
	int start;
	char text[256];
	vpd_error *err;
	int depth;             /* nesting: brackets, not, unary minus */
} lexer;

/* Bounds, so that neither the parser nor evaluating and freeing the tree
 * (all recursive) can run out of stack, whatever a workflow holds. */
#define EXPR_MAX_DEPTH 64
#define EXPR_MAX_LEN 4096

static int
lex_fail(lexer *lx, int offset, const char *msg)
{
	lx->kind = T_ERR;
	vpd_error_set(lx->err, VPD_EINVALID, NULL, 0, offset + 1, "%s", msg);
	return -1;
}

static int
lex_next(lexer *lx)
{
	const char *s = lx->src;
	size_t n = 0;

	while (isspace((unsigned char)s[lx->pos]))
		lx->pos++;
	lx->start = (int)lx->pos;
	lx->text[0] = '\0';
	if (s[lx->pos] == '\0') {
		lx->kind = T_END;
		return 0;
	}
	if (isalpha((unsigned char)s[lx->pos]) || s[lx->pos] == '_') {
		while (isalnum((unsigned char)s[lx->pos]) || s[lx->pos] == '_') {
			if (n + 1 < sizeof(lx->text))
				lx->text[n++] = s[lx->pos];
			lx->pos++;
		}
		lx->text[n] = '\0';
		lx->kind = T_IDENT;
		return 0;
	}
	if (isdigit((unsigned char)s[lx->pos])) {
		while (isdigit((unsigned char)s[lx->pos])) {
			if (n + 1 < sizeof(lx->text))
				lx->text[n++] = s[lx->pos];
			lx->pos++;
		}
		lx->text[n] = '\0';
		if (n > 15)
			return lex_fail(lx, lx->start, "number too large");
		lx->kind = T_INT;
		return 0;
	}
	if (s[lx->pos] == '"' || s[lx->pos] == '\'') {
		char q = s[lx->pos++];

		while (s[lx->pos] != q) {
			if (s[lx->pos] == '\0')
				return lex_fail(lx, lx->start,
				    "string is not closed");
			if (n + 1 >= sizeof(lx->text))
				return lex_fail(lx, lx->start,
				    "string longer than 255 bytes");
			lx->text[n++] = s[lx->pos++];
		}
		lx->pos++;
		lx->text[n] = '\0';
		lx->kind = T_STR;
		return 0;
	}
	switch (s[lx->pos]) {
	case '(': lx->kind = T_LPAREN; lx->pos++; return 0;
	case ')': lx->kind = T_RPAREN; lx->pos++; return 0;
	case '[': lx->kind = T_LBRACK; lx->pos++; return 0;
	case ']': lx->kind = T_RBRACK; lx->pos++; return 0;
	case ',': lx->kind = T_COMMA; lx->pos++; return 0;
	case '.': lx->kind = T_DOT; lx->pos++; return 0;
	case '+': case '-':
		lx->text[0] = s[lx->pos++];
		lx->text[1] = '\0';
		lx->kind = T_OP;
		return 0;
	case '=': case '!': case '<': case '>':
		lx->text[0] = s[lx->pos++];
		lx->text[1] = '\0';
		if (s[lx->pos] == '=') {
			lx->text[1] = '=';
			lx->text[2] = '\0';
			lx->pos++;
		}
		if (strcmp(lx->text, "=") == 0 || strcmp(lx->text, "!") == 0)
			return lex_fail(lx, lx->start,
			    "expected '==' or '!=' (a single '=' or '!' "
			    "is not an operator)");
		lx->kind = T_OP;
		return 0;
	default:
		return lex_fail(lx, lx->start, "unexpected character");
	}
}

static bool
is_word(const lexer *lx, const char *w)
{
	return lx->kind == T_IDENT && strcmp(lx->text, w) == 0;
}

/* ------------------------------------------------------------------ */
/* Parser                                                             */

static vpd_expr *
node(nkind k, int offset)
{
	vpd_expr *e = calloc(1, sizeof(*e));

	if (e) {
		e->kind = k;
		e->offset = offset;
	}
	return e;
}

static vpd_expr *parse_or(lexer *lx);

static vpd_expr *
fail(lexer *lx, vpd_expr *partial, const char *msg)
{
	vpd_expr_free(partial);
	if (lx->kind != T_ERR)
		lex_fail(lx, lx->start, msg);
	return NULL;
}

static bool
reserved(const char *w)
{
	static const char *words[] = {"and", "or", "not", "in", "true",
	    "false", "null", NULL};

	for (int i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

static bool
is_unit(const char *word)
{
	char buf[300];
	vpd_duration d;

	snprintf(buf, sizeof(buf), "1 %s", word);
	return vpd_duration_parse(buf, &d) == 0;
}

/*
 * A field followed by a unit word counts that unit: `case.duur_maanden
 * months` is a duration whose number comes from the case.
 */
static vpd_expr *
parse_counted(lexer *lx, vpd_expr *path)
{
	char buf[300];
	vpd_expr *e = node(N_PDUR, lx->start);

	if (!e)
		return fail(lx, path, "out of memory");
	e->a = path;
	snprintf(buf, sizeof(buf), "1 %s", lx->text);
	if (vpd_duration_parse(buf, &e->dur))
		return fail(lx, e, "unknown unit");
	if (lex_next(lx))
		return fail(lx, e, "");
	return e;
}

static vpd_expr *
parse_primary(lexer *lx)
{
	vpd_expr *e = NULL;
	int start = lx->start;

	switch (lx->kind) {
	case T_INT:
		e = node(N_INT, start);
		if (!e)
			return NULL;
		e->i = strtoll(lx->text, NULL, 10);
		if (lex_next(lx))
			return fail(lx, e, "");
		if (lx->kind == T_IDENT && !reserved(lx->text)) {
			char buf[300];

			snprintf(buf, sizeof(buf), "%lld %s", e->i, lx->text);
			if (vpd_duration_parse(buf, &e->dur))
				return fail(lx, e, "unknown unit (use hours, "
				    "days, weeks, months or years)");
			e->kind = N_DUR;
			if (lex_next(lx))
				return fail(lx, e, "");
		}
		return e;
	case T_STR:
		e = node(N_STR, start);
		if (!e || !(e->s = strdup(lx->text)))
			return fail(lx, e, "out of memory");
		if (lex_next(lx))
			return fail(lx, e, "");
		return e;
	case T_LPAREN:
		if (lex_next(lx))
			return NULL;
		e = parse_or(lx);
		if (!e)
			return NULL;
		if (lx->kind != T_RPAREN)
			return fail(lx, e, "expected ')'");
		if (lex_next(lx))
			return fail(lx, e, "");
		return e;
	case T_LBRACK:
		e = node(N_LIST, start);
		if (!e || lex_next(lx))
			return fail(lx, e, "");
		while (lx->kind != T_RBRACK) {
			vpd_expr *item, **grown;

			if (e->nitems > 0) {
				if (lx->kind != T_COMMA)
					return fail(lx, e, "expected ',' or ']'");
				if (lex_next(lx))
					return fail(lx, e, "");
			}
			item = parse_or(lx);
			if (!item)
				return fail(lx, e, "");
			grown = realloc(e->items,
			    (e->nitems + 1) * sizeof(*grown));
			if (!grown) {
				vpd_expr_free(item);
				return fail(lx, e, "out of memory");
			}
			e->items = grown;
			e->items[e->nitems++] = item;
		}
		if (lex_next(lx))
			return fail(lx, e, "");
		return e;
	case T_IDENT:
		if (is_word(lx, "true") || is_word(lx, "false")) {
			e = node(N_BOOL, start);
			if (!e)
				return NULL;
			e->b = is_word(lx, "true");
		} else if (is_word(lx, "null")) {
			e = node(N_NULL, start);
		} else if (reserved(lx->text)) {
			return fail(lx, NULL, "expected a value");
		} else {
			char path[512];

			snprintf(path, sizeof(path), "%s", lx->text);
			if (lex_next(lx))
				return NULL;
			while (lx->kind == T_DOT) {
				size_t len = strlen(path);

				if (lex_next(lx))
					return NULL;
				if (lx->kind != T_IDENT)
					return fail(lx, NULL,
					    "expected a field name after '.'");
				snprintf(path + len, sizeof(path) - len, ".%s",
				    lx->text);
				if (lex_next(lx))
					return NULL;
			}
			e = node(N_PATH, start);
			if (!e || !(e->s = strdup(path)))
				return fail(lx, e, "out of memory");
			if (lx->kind == T_IDENT && is_unit(lx->text))
				return parse_counted(lx, e);
			return e;
		}
		if (!e || lex_next(lx))
			return fail(lx, e, "");
		return e;
	case T_ERR:
		return NULL;
	default:
		return fail(lx, NULL, lx->kind == T_END ?
		    "expression ends too early" : "expected a value");
	}
}

static bool
deeper(lexer *lx)
{
	if (++lx->depth <= EXPR_MAX_DEPTH)
		return true;
	lex_fail(lx, lx->start, "nested too deeply (at most "
	    "64 levels of brackets, 'not' and '-')");
	return false;
}

static vpd_expr *
parse_unary(lexer *lx)
{
	if (lx->kind == T_OP && strcmp(lx->text, "-") == 0) {
		vpd_expr *e = node(N_NEG, lx->start);

		if (!e || lex_next(lx) || !deeper(lx))
			return fail(lx, e, "");
		if (!(e->a = parse_unary(lx)))
			return fail(lx, e, "");
		lx->depth--;
		return e;
	}
	return parse_primary(lx);
}

static vpd_expr *
binary(lexer *lx, nkind k, vpd_expr *a, vpd_expr *(*next)(lexer *))
{
	vpd_expr *e = node(k, lx->start);

	if (!e)
		return fail(lx, a, "out of memory");
	e->a = a;
	if (lex_next(lx) || !(e->b2 = next(lx)))
		return fail(lx, e, "");
	return e;
}

static vpd_expr *
parse_add(lexer *lx)
{
	vpd_expr *e = parse_unary(lx);

	while (e && lx->kind == T_OP &&
	    (lx->text[0] == '+' || lx->text[0] == '-') && lx->text[1] == '\0')
		e = binary(lx, lx->text[0] == '+' ? N_ADD : N_SUB, e,
		    parse_unary);
	return e;
}

static vpd_expr *
parse_cmp(lexer *lx)
{
	static const char *ops[] = {"==", "!=", "<", "<=", ">", ">="};
	vpd_expr *e = parse_add(lx);

	if (!e)
		return NULL;
	if (lx->kind == T_OP) {
		for (int i = 0; i < 6; i++) {
			if (strcmp(lx->text, ops[i]) == 0) {
				e = binary(lx, N_CMP, e, parse_add);
				if (e)
					e->op = (cmpop)i;
				return e;
			}
		}
	}
	if (is_word(lx, "in"))
		return binary(lx, N_IN, e, parse_add);
	if (is_word(lx, "not")) {
		vpd_expr *n;

		if (lex_next(lx))
			return fail(lx, e, "");
		if (!is_word(lx, "in"))
			return fail(lx, e, "expected 'in' after 'not'");
		n = binary(lx, N_NOTIN, e, parse_add);
		return n;
	}
	return e;
}

static vpd_expr *
parse_not(lexer *lx)
{
	if (is_word(lx, "not")) {
		vpd_expr *e = node(N_NOT, lx->start);

		if (!e || lex_next(lx) || !deeper(lx))
			return fail(lx, e, "");
		if (!(e->a = parse_not(lx)))
			return fail(lx, e, "");
		lx->depth--;
		return e;
	}
	return parse_cmp(lx);
}

static vpd_expr *
parse_and(lexer *lx)
{
	vpd_expr *e = parse_not(lx);

	while (e && is_word(lx, "and"))
		e = binary(lx, N_AND, e, parse_not);
	return e;
}

static vpd_expr *
parse_or(lexer *lx)
{
	vpd_expr *e;

	if (!deeper(lx))
		return NULL;
	e = parse_and(lx);
	while (e && is_word(lx, "or"))
		e = binary(lx, N_OR, e, parse_and);
	lx->depth--;
	return e;
}

vpd_expr *
vpd_expr_parse(const char *src, vpd_error *err)
{
	lexer lx = {.src = src, .err = err};
	vpd_expr *e;

	if (strlen(src) > EXPR_MAX_LEN) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 1, "longer than %d "
		    "characters", EXPR_MAX_LEN);
		return NULL;
	}
	if (lex_next(&lx))
		return NULL;
	if (lx.kind == T_END) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 1,
		    "empty expression");
		return NULL;
	}
	e = parse_or(&lx);
	if (!e)
		return NULL;
	if (lx.kind != T_END) {
		vpd_expr_free(e);
		vpd_error_set(err, VPD_EINVALID, NULL, 0, lx.start + 1,
		    "unexpected '%.*s' (missing 'and', 'or' or an operator?)",
		    (int)(lx.pos - (size_t)lx.start), src + lx.start);
		return NULL;
	}
	if (!(e->source = strdup(src))) {
		vpd_expr_free(e);
		vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	return e;
}

void
vpd_expr_free(vpd_expr *e)
{
	if (e == NULL)
		return;
	vpd_expr_free(e->a);
	vpd_expr_free(e->b2);
	for (size_t i = 0; i < e->nitems; i++)
		vpd_expr_free(e->items[i]);
	free(e->items);
	free(e->s);
	free(e->source);
	free(e);
}

const char *
vpd_expr_source(const vpd_expr *e)
{
	return e && e->source ? e->source : "";
}

int
vpd_expr_paths(const vpd_expr *e, int (*cb)(const char *, int, void *),
    void *ud)
{
	int rc;

	if (e == NULL)
		return 0;
	if (e->kind == N_PATH && (rc = cb(e->s, e->offset, ud)) != 0)
		return rc;
	if ((rc = vpd_expr_paths(e->a, cb, ud)) != 0 ||
	    (rc = vpd_expr_paths(e->b2, cb, ud)) != 0)
		return rc;
	for (size_t i = 0; i < e->nitems; i++)
		if ((rc = vpd_expr_paths(e->items[i], cb, ud)) != 0)
			return rc;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Evaluation                                                         */

static void
from_json(const json_t *j, vpd_value *v)
{
	memset(v, 0, sizeof(*v));
	if (j == NULL || json_is_null(j)) {
		v->kind = VPD_V_NULL;
	} else if (json_is_boolean(j)) {
		v->kind = VPD_V_BOOL;
		v->b = json_is_true(j);
	} else if (json_is_integer(j)) {
		v->kind = VPD_V_INT;
		v->i = json_integer_value(j);
	} else if (json_is_string(j)) {
		v->kind = VPD_V_STR;
		v->s = json_string_value(j);
	} else if (json_is_array(j)) {
		v->kind = VPD_V_LIST;
		v->list = j;
	} else if (vpd_seal_is_sealed(j, NULL)) {
		/* personal data, sealed: an expression sees that it is
		 * there, never what it holds, so a replay without keys
		 * decides the same (docs/workflows.md) */
		v->kind = VPD_V_STR;
		v->s = "verzegeld";
	} else {
		v->kind = VPD_V_NULL; /* objects are not values */
	}
}

static const json_t *
lookup(const json_t *ctx, const char *path)
{
	char key[256];
	const char *p = path, *dot;
	const json_t *cur = ctx;

	while (cur && *p) {
		size_t len;

		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
		p = dot ? dot + 1 : p + len;
	}
	return cur;
}

/* Makes a string temporal if it looks like a date or an instant. */
static bool
temporal(vpd_value *v)
{
	if (v->kind == VPD_V_DATE || v->kind == VPD_V_TIME)
		return true;
	if (v->kind != VPD_V_STR)
		return false;
	if (strlen(v->s) == 10 && vpd_date_parse(v->s, &v->date) == 0) {
		v->kind = VPD_V_DATE;
		return true;
	}
	if (vpd_time_parse(v->s, &v->time) == 0) {
		v->kind = VPD_V_TIME;
		return true;
	}
	return false;
}

int
vpd_value_instant(const vpd_value *v, vpd_time *out)
{
	vpd_value c = *v;

	if (!temporal(&c))
		return -1;
	*out = c.kind == VPD_V_DATE ? vpd_date_start(c.date) : c.time;
	return 0;
}

static const char *kind_names[VPD_V__MAX] = {
	"null", "boolean", "number", "text", "date", "instant", "duration",
	"list"
};

static int
type_error(const vpd_expr *e, vpd_error *err, const char *what,
    const vpd_value *a, const vpd_value *b)
{
	return vpd_error_set(err, VPD_EINVALID, NULL, 0, e->offset + 1,
	    "cannot %s %s and %s", what, kind_names[a->kind],
	    b ? kind_names[b->kind] : "nothing");
}

static bool
truthy(const vpd_value *v)
{
	switch (v->kind) {
	case VPD_V_BOOL: return v->b;
	case VPD_V_INT: return v->i != 0;
	case VPD_V_STR: return v->s[0] != '\0';
	case VPD_V_LIST:
		return v->list ? json_array_size(v->list) > 0 :
		    v->list_expr->nitems > 0;
	case VPD_V_NULL: return false;
	default: return true;
	}
}

static int eval(const vpd_expr *e, const json_t *ctx, vpd_value *out,
    vpd_error *err);

/* -1, 0, 1 for ordered values; 2 when they cannot be ordered. */
static int
compare(vpd_value *a, vpd_value *b, bool *ordered)
{
	*ordered = true;
	if (a->kind == VPD_V_NULL || b->kind == VPD_V_NULL) {
		*ordered = false;
		return a->kind == b->kind ? 0 : 2;
	}
	if ((a->kind == VPD_V_DATE || a->kind == VPD_V_TIME ||
	    b->kind == VPD_V_DATE || b->kind == VPD_V_TIME ||
	    (a->kind == VPD_V_STR && b->kind == VPD_V_STR)) &&
	    temporal(a) && temporal(b)) {
		vpd_time ta, tb;

		if (a->kind == VPD_V_DATE && b->kind == VPD_V_DATE)
			return (a->date > b->date) - (a->date < b->date);
		ta = a->kind == VPD_V_DATE ? vpd_date_start(a->date) : a->time;
		tb = b->kind == VPD_V_DATE ? vpd_date_start(b->date) : b->time;
		return (ta > tb) - (ta < tb);
	}
	if (a->kind == VPD_V_INT && b->kind == VPD_V_INT)
		return (a->i > b->i) - (a->i < b->i);
	if (a->kind == VPD_V_STR && b->kind == VPD_V_STR) {
		int c = strcmp(a->s, b->s);

		return (c > 0) - (c < 0);
	}
	*ordered = false;
	if (a->kind == VPD_V_BOOL && b->kind == VPD_V_BOOL)
		return a->b == b->b ? 0 : 2;
	return 2;
}

static int
member(const vpd_expr *e, vpd_value *needle, vpd_value *hay, const json_t *ctx,
    bool *found, vpd_error *err)
{
	bool ordered;

	*found = false;
	if (hay->kind == VPD_V_NULL)
		return 0;
	if (hay->kind == VPD_V_STR && needle->kind == VPD_V_STR) {
		*found = strstr(hay->s, needle->s) != NULL;
		return 0;
	}
	if (hay->kind != VPD_V_LIST)
		return type_error(e, err, "look for an item in", hay, NULL);
	if (hay->list) {
		size_t i;
		json_t *item;

		json_array_foreach(hay->list, i, item) {
			vpd_value v, n = *needle;

			from_json(item, &v);
			if (compare(&n, &v, &ordered) == 0) {
				*found = true;
				return 0;
			}
		}
		return 0;
	}
	for (size_t i = 0; i < hay->list_expr->nitems; i++) {
		vpd_value v, n = *needle;
		int rc = eval(hay->list_expr->items[i], ctx, &v, err);

		if (rc)
			return rc;
		if (compare(&n, &v, &ordered) == 0) {
			*found = true;
			return 0;
		}
	}
	return 0;
}

static int
arith(const vpd_expr *e, vpd_value *a, vpd_value *b, vpd_value *out,
    vpd_error *err)
{
	bool sub = e->kind == N_SUB;

	memset(out, 0, sizeof(*out));
	if (a->kind == VPD_V_NULL || b->kind == VPD_V_NULL) {
		out->kind = VPD_V_NULL;
		return 0;
	}
	if (a->kind == VPD_V_INT && b->kind == VPD_V_INT) {
		out->kind = VPD_V_INT;
		out->i = sub ? a->i - b->i : a->i + b->i;
		return 0;
	}
	if (b->kind == VPD_V_DUR && temporal(a)) {
		vpd_duration d = b->dur;

		if (sub)
			d.n = -d.n;
		if (a->kind == VPD_V_DATE && d.unit != VPD_UNIT_HOURS) {
			out->kind = VPD_V_DATE;
			out->date = vpd_date_add(a->date, d);
		} else {
			vpd_time t = a->kind == VPD_V_DATE ?
			    vpd_date_start(a->date) : a->time;

			out->kind = VPD_V_TIME;
			out->time = vpd_time_add(t, d);
		}
		return 0;
	}
	return type_error(e, err, sub ? "subtract" : "add", a, b);
}

static int
eval(const vpd_expr *e, const json_t *ctx, vpd_value *out, vpd_error *err)
{
	vpd_value a, b;
	bool found, ordered;
	int rc, c;

	memset(out, 0, sizeof(*out));
	switch (e->kind) {
	case N_INT:
		out->kind = VPD_V_INT;
		out->i = e->i;
		return 0;
	case N_STR:
		out->kind = VPD_V_STR;
		out->s = e->s;
		return 0;
	case N_BOOL:
		out->kind = VPD_V_BOOL;
		out->b = e->b;
		return 0;
	case N_NULL:
		out->kind = VPD_V_NULL;
		return 0;
	case N_DUR:
		out->kind = VPD_V_DUR;
		out->dur = e->dur;
		return 0;
	case N_LIST:
		out->kind = VPD_V_LIST;
		out->list_expr = e;
		return 0;
	case N_PDUR:
		if ((rc = eval(e->a, ctx, &a, err)))
			return rc;
		if (a.kind == VPD_V_NULL) {
			out->kind = VPD_V_NULL;
			return 0;
		}
		if (a.kind != VPD_V_INT)
			return type_error(e, err, "count units of", &a, NULL);
		if (a.i < -PDUR_MAX || a.i > PDUR_MAX)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0,
			    e->offset + 1, "%s is too large a number of %s "
			    "(at most %d)", e->a->s, vpd_unit_name(e->dur.unit),
			    PDUR_MAX);
		out->kind = VPD_V_DUR;
		out->dur.n = a.i;
		out->dur.unit = e->dur.unit;
		return 0;
	case N_PATH:
		from_json(lookup(ctx, e->s), out);
		return 0;
	case N_NOT:
		if ((rc = eval(e->a, ctx, &a, err)))
			return rc;
		out->kind = VPD_V_BOOL;
		out->b = !truthy(&a);
		return 0;
	case N_NEG:
		if ((rc = eval(e->a, ctx, &a, err)))
			return rc;
		if (a.kind == VPD_V_INT) {
			*out = a;
			out->i = -a.i;
		} else if (a.kind == VPD_V_DUR) {
			*out = a;
			out->dur.n = -a.dur.n;
		} else {
			return type_error(e, err, "negate", &a, NULL);
		}
		return 0;
	case N_AND:
	case N_OR:
		if ((rc = eval(e->a, ctx, &a, err)))
			return rc;
		out->kind = VPD_V_BOOL;
		if (truthy(&a) == (e->kind == N_OR)) {
			out->b = e->kind == N_OR;
			return 0;
		}
		if ((rc = eval(e->b2, ctx, &b, err)))
			return rc;
		out->b = truthy(&b);
		return 0;
	case N_ADD:
	case N_SUB:
		if ((rc = eval(e->a, ctx, &a, err)) ||
		    (rc = eval(e->b2, ctx, &b, err)))
			return rc;
		return arith(e, &a, &b, out, err);
	case N_IN:
	case N_NOTIN:
		if ((rc = eval(e->a, ctx, &a, err)) ||
		    (rc = eval(e->b2, ctx, &b, err)) ||
		    (rc = member(e, &a, &b, ctx, &found, err)))
			return rc;
		out->kind = VPD_V_BOOL;
		out->b = e->kind == N_IN ? found : !found;
		return 0;
	case N_CMP:
		if ((rc = eval(e->a, ctx, &a, err)) ||
		    (rc = eval(e->b2, ctx, &b, err)))
			return rc;
		out->kind = VPD_V_BOOL;
		if (a.kind == VPD_V_LIST || b.kind == VPD_V_LIST) {
			/* Lists compare only for (in)equality: `x != null`. */
			bool eq = a.kind == b.kind && a.list && b.list &&
			    json_equal(a.list, b.list);

			if (e->op != C_EQ && e->op != C_NE)
				return type_error(e, err, "order", &a, &b);
			out->b = e->op == C_EQ ? eq : !eq;
			return 0;
		}
		if (a.kind == VPD_V_DUR || b.kind == VPD_V_DUR)
			return type_error(e, err, "compare", &a, &b);
		c = compare(&a, &b, &ordered);
		switch (e->op) {
		case C_EQ: out->b = c == 0; break;
		case C_NE: out->b = c != 0; break;
		case C_LT: out->b = ordered && c < 0; break;
		case C_LE: out->b = ordered && c <= 0; break;
		case C_GT: out->b = ordered && c > 0; break;
		case C_GE: out->b = ordered && c >= 0; break;
		}
		return 0;
	}
	return vpd_error_set(err, VPD_EINVALID, NULL, 0, e->offset + 1,
	    "internal: unknown expression node");
}

int
vpd_expr_eval(const vpd_expr *e, const json_t *ctx, vpd_value *out,
    vpd_error *err)
{
	return eval(e, ctx, out, err);
}

int
vpd_expr_test(const vpd_expr *e, const json_t *ctx, bool *out, vpd_error *err)
{
	vpd_value v;
	int rc;

	if (e == NULL) {
		*out = true;
		return 0;
	}
	if ((rc = eval(e, ctx, &v, err)))
		return rc;
	*out = truthy(&v);
	return 0;
}

json_t *
vpd_value_to_json(const vpd_value *v)
{
	char buf[VPD_TIME_UTC_LEN];

	switch (v->kind) {
	case VPD_V_BOOL: return json_boolean(v->b);
	case VPD_V_INT: return json_integer(v->i);
	case VPD_V_STR: return json_string(v->s);
	case VPD_V_DATE:
		vpd_date_format(v->date, buf);
		return json_string(buf);
	case VPD_V_TIME:
		vpd_time_format_utc(v->time, buf);
		return json_string(buf);
	case VPD_V_LIST:
		/* A literal list needs its context: see vpd_expr_json(). */
		return v->list ? json_deep_copy(v->list) : json_null();
	default:
		return json_null();
	}
}

const char *
vpd_expr_bare_path(const vpd_expr *e)
{
	return e && e->kind == N_PATH ? e->s : NULL;
}

int
vpd_expr_json(const vpd_expr *e, const json_t *ctx, json_t **out,
    vpd_error *err)
{
	vpd_value v;
	int rc;

	*out = NULL;
	/* a field copied as it is (`set: x: input.y`) keeps its sealed
	 * form */
	if (e->kind == N_PATH) {
		const json_t *j = lookup(ctx, e->s);

		if (vpd_seal_is_sealed(j, NULL)) {
			*out = json_deep_copy(j);
			return 0;
		}
	}
	if ((rc = eval(e, ctx, &v, err)))
		return rc;
	if (v.kind == VPD_V_LIST && v.list_expr) {
		json_t *arr = json_array();

		for (size_t i = 0; i < v.list_expr->nitems; i++) {
			json_t *item;

			if ((rc = vpd_expr_json(v.list_expr->items[i], ctx, &item,
			    err))) {
				json_decref(arr);
				return rc;
			}
			json_array_append_new(arr, item);
		}
		*out = arr;
		return 0;
	}
	*out = vpd_value_to_json(&v);
	return 0;
}
