/*
 * route.c - matching a request's method and path against the site's
 * table of routes.
 *
 * A pattern is a path whose segments are literal or a placeholder of a
 * kind; a placeholder matches one segment only when the whole segment
 * has the shape of its kind, so a case id that is not one never reaches
 * a handler, and ".." or an encoded slash cannot either.
 */
#include "internal.h"

#include <ctype.h>
#include <string.h>

static bool
all_of(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(set, s[i]) == NULL)
			return false;
	return true;
}

/* Whether segment s[0..n) has the shape of placeholder kind k. */
static bool
shape(const char *k, size_t kn, const char *s, size_t n)
{
	static const char digits[] = "0123456789";

	if (kn == 4 && memcmp(k, "zaak", 4) == 0)
		return n == 9 && all_of(s, 4, digits) && s[4] == '-' &&
		    all_of(s + 5, 4, digits);
	if (kn == 7 && memcmp(k, "persoon", 7) == 0)
		return n >= 2 && n <= 9 && s[0] == 'P' &&
		    all_of(s + 1, n - 1, digits);
	if (kn == 4 && memcmp(k, "naam", 4) == 0)
		return n >= 1 && n <= 64 && all_of(s, n,
		    "abcdefghijklmnopqrstuvwxyz0123456789_");
	if (kn == 2 && memcmp(k, "nr", 2) == 0)
		return n >= 1 && n <= 6 && all_of(s, n, digits);
	if (kn == 6 && memcmp(k, "commit", 6) == 0)
		return n == 40 && all_of(s, n, "0123456789abcdef");
	return false;
}

/* Matches path against pattern; captures into params/buf. */
static bool
match(const char *pattern, const char *path, const char **params,
    char *buf, size_t size)
{
	const char *p = pattern, *q = path;
	size_t used = 0, np = 0;

	while (*p && *q) {
		const char *pe = strchr(p, '/'), *qe = strchr(q + 1, '/');
		size_t pn, qn;

		/* both at a '/': compare the segment after it */
		if (*p != '/' || *q != '/')
			return false;
		p++;
		q++;
		pe = strchr(p, '/');
		qe = strchr(q, '/');
		pn = pe ? (size_t)(pe - p) : strlen(p);
		qn = qe ? (size_t)(qe - q) : strlen(q);
		if (pn > 2 && p[0] == '{' && p[pn - 1] == '}') {
			if (!shape(p + 1, pn - 2, q, qn) || np ==
			    WEB_MAX_PARAMS || used + qn + 1 > size)
				return false;
			memcpy(buf + used, q, qn);
			buf[used + qn] = '\0';
			params[np++] = buf + used;
			used += qn + 1;
		} else if (pn != qn || memcmp(p, q, pn) != 0) {
			return false;
		}
		p += pn;
		q += qn;
	}
	return *p == '\0' && *q == '\0';
}

const web_route *
web_route_find(const web_route *table, const char *method, const char *path,
    const char **params, char *buf, size_t size, bool *other_method)
{
	*other_method = false;
	if (path == NULL || path[0] != '/' || strlen(path) > 512)
		return NULL;
	for (const web_route *r = table; r->pattern; r++) {
		if (!match(r->pattern, path, params, buf, size))
			continue;
		if (strcmp(r->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
		    strcmp(r->method, "GET") == 0))
			return r;
		*other_method = true;
	}
	return NULL;
}
