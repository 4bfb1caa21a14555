/*
 * name.c - folding, sorting and fuzzy lookup of Dutch names (name.h).
 *
 * Lookup scores every person of the index against the typed name; at
 * 10,000 persons that is a few milliseconds, because each comparison is a
 * bounded edit distance between short words that gives up as soon as the
 * bound is passed, after a length check that rejects most pairs at once.
 */
#include "name.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD 48          /* longest word kept */
#define MAX_WORDS 12

/* ---- Folding -------------------------------------------------------- */

/* ASCII for U+00C0 .. U+017F (Latin-1 Supplement and Latin Extended-A). */
static const char *latin[] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
    "i", "i", "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u",
    "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e",
    "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o",
    " ", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a", "a",
    "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e",
    "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", "g",
    "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l",
    "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n",
    "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r",
    "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t",
    "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w",
    "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/*
 * Cyrillic U+0400 .. U+045F and Greek U+0386 .. U+03CE as ICAO Doc 9303
 * writes them in the machine-readable zone of a passport, which is what
 * reception reads off an identity card: Иванов is found as Ivanov, and
 * Παπαδόπουλος as Papadopoulos.
 */
static const char *cyrillic[] = {
    /* U+0400: Ѐ Ё Ђ Ѓ Є Ѕ І Ї Ј Љ Њ Ћ Ќ Ѝ Ў Џ */
    "e", "e", "d", "g", "ie", "dz", "i", "i", "j", "lj", "nj", "c", "k",
    "i", "u", "dz",
    /* U+0410: А Б В Г Д Е Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э
     * Ю Я */
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
    "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie",
    "y", "", "e", "iu", "ia",
};

static const char *greek[] = {
    /* U+0386 Ά, U+0387 (a middle dot), U+0388 .. U+038F: Έ Ή Ί · Ό · Ύ Ώ */
    "a", " ", "e", "i", "i", " ", "o", " ", "y", "o",
    /* U+0390 ΐ, U+0391 .. U+03A9: Α .. Ω (U+03A2 is unassigned) */
    "i", "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n",
    "x", "o", "p", "r", " ", "s", "t", "y", "f", "ch", "ps", "o",
    /* U+03AA .. U+03B0: Ϊ Ϋ ά έ ή ί ΰ */
    "i", "y", "a", "e", "i", "i", "y",
    /* U+03B1 .. U+03C9: α .. ω (ς at U+03C2) */
    "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x",
    "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o",
    /* U+03CA .. U+03CE: ϊ ϋ ό ύ ώ */
    "i", "y", "o", "y", "o",
};

/* The base letter of a code point outside Latin-1 and Latin Extended-A
 * that letters can print (docs/records.md), or NULL. */
static const char *
fold_wide(unsigned cp)
{
	if (cp >= 0x400 && cp < 0x460)
		return cyrillic[cp < 0x430 ? cp - 0x400 :
		    cp < 0x450 ? cp - 0x430 + 0x10 : cp - 0x450];
	if (cp == 0x490 || cp == 0x491)
		return "g";                     /* Ґ ґ */
	if (cp >= 0x386 && cp <= 0x3CE)
		return greek[cp - 0x386];
	switch (cp) {
	case 0x18F: case 0x259:                 /* Ə ə */
		return "e";
	case 0x1A0: case 0x1A1:                 /* Ơ ơ */
		return "o";
	case 0x1AF: case 0x1B0:                 /* Ư ư */
		return "u";
	case 0x1CD: case 0x1CE:                 /* Ǎ ǎ */
		return "a";
	case 0x1CF: case 0x1D0:                 /* Ǐ ǐ */
		return "i";
	case 0x1D1: case 0x1D2:                 /* Ǒ ǒ */
		return "o";
	case 0x1D3: case 0x1D4:                 /* Ǔ ǔ */
		return "u";
	case 0x218: case 0x219:                 /* Ș ș */
		return "s";
	case 0x21A: case 0x21B:                 /* Ț ț */
		return "t";
	}
	/* Vietnamese: Ạ .. ặ, Ẹ .. ệ, Ỉ .. ị, Ọ .. ợ, Ụ .. ự, Ỳ .. ỹ */
	if (cp >= 0x1EA0 && cp <= 0x1EB7)
		return "a";
	if (cp >= 0x1EB8 && cp <= 0x1EC7)
		return "e";
	if (cp >= 0x1EC8 && cp <= 0x1ECB)
		return "i";
	if (cp >= 0x1ECC && cp <= 0x1EE3)
		return "o";
	if (cp >= 0x1EE4 && cp <= 0x1EF1)
		return "u";
	if (cp >= 0x1EF2 && cp <= 0x1EF9)
		return "y";
	return NULL;
}

/* Decodes one UTF-8 sequence; returns its length (invalid bytes: 1). */
static size_t
utf8(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*cp = (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = (unsigned)(s[0] & 0x0F) << 12 |
		    (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	*cp = 0xFFFD;
	return 1;
}

static void fold(const char *s, char *out, size_t size, bool wide);

void
vpd_name_fold(const char *s, char *out, size_t size)
{
	fold(s, out, size, true);
}

void
vpd_name_fold_latin(const char *s, char *out, size_t size)
{
	fold(s, out, size, false);
}

static void
fold(const char *s, char *out, size_t size, bool wide)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0;
	bool space = true;

	if (size == 0)
		return;
	unsigned cp = 0, prev;

	while (*p && n + 3 < size) {
		const char *rep = NULL;
		char one[2] = {0, 0};

		prev = cp;
		p += utf8(p, &cp);
		if (cp < 0x80 && isalnum((int)cp)) {
			one[0] = (char)tolower((int)cp);
			rep = one;
		} else if (cp >= 0xC0 && cp < 0x180) {
			rep = latin[cp - 0xC0];
		} else if (wide && (rep = fold_wide(cp)) != NULL) {
			/* Cyrillic, Greek, Romanian, Vietnamese…; Greek ου
			 * is "ou" */
			if ((cp == 0x3C5 || cp == 0x3A5 || cp == 0x3CD ||
			    cp == 0x38E) && (prev == 0x3BF || prev == 0x39F ||
			    prev == 0x3CC || prev == 0x38C))
				rep = "u";
		} else if (cp == 0x2019 || cp == '\'' || cp == 0x2018) {
			/* 't Hart, d'Ancona: the apostrophe joins nothing */
			rep = " ";
		} else {
			rep = " ";
		}
		for (; *rep && n + 1 < size; rep++) {
			if (*rep == ' ') {
				if (!space)
					out[n++] = ' ';
				space = true;
			} else {
				out[n++] = *rep;
				space = false;
			}
		}
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* ---- The spelling key ----------------------------------------------- */

static bool
at_end(const char *w, size_t i, size_t n)
{
	return w[i + n] == '\0';
}

void
vpd_name_key(const char *word_in, char *out, size_t size)
{
	char tmp[2 * WORD + 8], w[WORD];
	size_t n = 0, i;

	/* Double letters count once, before and after the rewriting. */
	for (i = 0; word_in[i] && n + 1 < sizeof(w); i++)
		if (i == 0 || word_in[i] != word_in[i - 1])
			w[n++] = word_in[i];
	w[n] = '\0';
	n = 0;

	for (i = 0; w[i] && n + 3 < sizeof(tmp); i++) {
		const char *r = NULL;
		size_t skip = 0;

		if (!strncmp(w + i, "ij", 2)) {
			r = "ei", skip = 1;
		} else if (w[i] == 'y') {
			r = "ei";
		} else if (!strncmp(w + i, "ch", 2) || !strncmp(w + i, "gh", 2)) {
			r = "g", skip = 1;
		} else if (!strncmp(w + i, "ph", 2)) {
			r = "f", skip = 1;
		} else if (!strncmp(w + i, "th", 2)) {
			r = "t", skip = 1;
		} else if (!strncmp(w + i, "ck", 2)) {
			r = "k", skip = 1;
		} else if (!strncmp(w + i, "qu", 2)) {
			r = "kw", skip = 1;
		} else if (w[i] == 'q') {
			r = "k";
		} else if (w[i] == 'x') {
			r = "ks";
		} else if (w[i] == 'c') {
			r = (w[i + 1] == 'e' || w[i + 1] == 'i') ? "s" : "k";
		} else if (w[i] == 'z') {
			r = "s";
		} else if (!strncmp(w + i, "au", 2)) {
			r = "ou", skip = 1;
		} else if (!strncmp(w + i, "dt", 2) && at_end(w, i, 2)) {
			r = "t", skip = 1;
		} else if (w[i] == 'd' && at_end(w, i, 1)) {
			r = "t";
		}
		if (r) {
			for (; *r; r++)
				tmp[n++] = *r;
			i += skip;
		} else {
			tmp[n++] = w[i];
		}
	}
	tmp[n] = '\0';
	/* Janssen is Jansen, Bakker Baker. */
	for (i = 0, n = 0; tmp[i] && n + 1 < size; i++)
		if (i == 0 || tmp[i] != tmp[i - 1])
			out[n++] = tmp[i];
	out[n] = '\0';
}

/* ---- Sorting -------------------------------------------------------- */

char *
vpd_name_sort_key(const char *voornamen, const char *tussenvoegsel,
    const char *achternaam)
{
	char a[256], t[128], v[256];
	size_t len;
	char *out;

	vpd_name_fold(achternaam, a, sizeof(a));
	vpd_name_fold(tussenvoegsel, t, sizeof(t));
	vpd_name_fold(voornamen, v, sizeof(v));
	len = strlen(a) + strlen(t) + strlen(v) + 3;
	if ((out = malloc(len)) != NULL)
		/* \x01 sorts before any letter: "berg jan" before "bergen" */
		snprintf(out, len, "%s\x01%s\x01%s", a, t, v);
	return out;
}

/* ---- Words ---------------------------------------------------------- */

typedef struct {
	char fold[WORD], key[WORD];
	size_t flen, klen;
} word;

static void
word_set(word *w, const char *s, size_t len)
{
	if (len >= WORD)
		len = WORD - 1;
	memcpy(w->fold, s, len);
	w->fold[len] = '\0';
	w->flen = len;
	vpd_name_key(w->fold, w->key, WORD);
	w->klen = strlen(w->key);
}

static const char *particles[] = {"van", "de", "der", "den", "het",
    "ter", "ten", "te", "in", "op", "aan", "la", "le", "du", "da", "di",
    "del", "dos", "das", "des", "von", "vom", "zu", "uit", "vd", "vander",
    "vanden", "vande", NULL};

static bool
is_particle(const char *w)
{
	for (int i = 0; particles[i]; i++)
		if (strcmp(w, particles[i]) == 0)
			return true;
	return false;
}

/* Splits folded text into words; returns how many. */
static size_t
split(const char *folded, word *out, size_t max)
{
	size_t n = 0;
	const char *p = folded;

	while (*p && n < max) {
		size_t len = strcspn(p, " ");

		if (len > 0)
			word_set(&out[n++], p, len);
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void expand_abbreviations(const char *in, char *out, size_t size);

/* ---- Index ---------------------------------------------------------- */

typedef struct {
	word given[MAX_WORDS];
	size_t ngiven;
	word sur[MAX_WORDS];     /* the surname's words without particles */
	size_t nsur;
	word core;               /* those words joined: "bakkervries" */
	word full;               /* particles and surname joined */
	char particles[64];      /* folded tussenvoegsel */
} entry;

struct vpd_name_index {
	entry *e;
	size_t n, cap;
};

vpd_name_index *
vpd_name_index_new(void)
{
	return calloc(1, sizeof(vpd_name_index));
}

void
vpd_name_index_free(vpd_name_index *ix)
{
	if (ix == NULL)
		return;
	free(ix->e);
	free(ix);
}

/* Joins words' folded forms without spaces. */
static void
join(word *out, const word *w, size_t n, const char *prefix)
{
	char buf[2 * WORD + 64];
	size_t len = 0;

	buf[0] = '\0';
	if (prefix)
		for (const char *p = prefix; *p && len + 1 < sizeof(buf); p++)
			if (*p != ' ')
				buf[len++] = *p;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < w[i].flen && len + 1 < sizeof(buf); k++)
			buf[len++] = w[i].fold[k];
	buf[len] = '\0';
	word_set(out, buf, len);
}

long
vpd_name_index_add(vpd_name_index *ix, const char *voornamen,
    const char *tussenvoegsel, const char *achternaam)
{
	char buf[512];
	word all[MAX_WORDS];
	entry *e;
	size_t n;

	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64;
		entry *grown = realloc(ix->e, cap * sizeof(*grown));

		if (grown == NULL)
			return -1;
		ix->e = grown;
		ix->cap = cap;
	}
	e = &ix->e[ix->n];
	memset(e, 0, sizeof(*e));
	vpd_name_fold(voornamen, buf, sizeof(buf));
	e->ngiven = split(buf, e->given, MAX_WORDS);
	expand_abbreviations(tussenvoegsel ? tussenvoegsel : "", buf,
	    sizeof(buf));
	vpd_name_fold(buf, e->particles, sizeof(e->particles));
	vpd_name_fold(achternaam, buf, sizeof(buf));
	n = split(buf, all, MAX_WORDS);
	for (size_t i = 0; i < n; i++) {
		size_t pl = strlen(e->particles);

		if (!is_particle(all[i].fold) || n == 1)
			e->sur[e->nsur++] = all[i];
		else if (pl + all[i].flen + 2 < sizeof(e->particles))
			/* "van Rijn" written in the surname field */
			snprintf(e->particles + pl, sizeof(e->particles) - pl,
			    "%s%s", pl ? " " : "", all[i].fold);
	}
	join(&e->core, e->sur, e->nsur, NULL);
	join(&e->full, e->sur, e->nsur, e->particles);
	return (long)ix->n++;
}

/* ---- Comparing ------------------------------------------------------ */

/* Optimal string alignment distance, or max + 1 when it exceeds max. */
static int
distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int d[WORD + 1][WORD + 1];

	if (la > lb ? la - lb > (size_t)max : lb - la > (size_t)max)
		return max + 1;
	if (la >= WORD || lb >= WORD)
		return max + 1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int row_min = max + 1;

		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > max)
			return max + 1;
	}
	return d[la][lb];
}

/*
 * How alike two words are: 1 the same, 0.95 the same Dutch spelling key,
 * 0.85 one edit (typo) away, 0.72 two edits away in a word of six letters
 * or more, else 0.
 */
static double
similar(const word *q, const word *t)
{
	size_t shortest = q->klen < t->klen ? q->klen : t->klen;
	int allowed = shortest <= 3 ? 0 : shortest <= 5 ? 1 : 2, d, dk;

	if (q->flen == t->flen && memcmp(q->fold, t->fold, q->flen) == 0)
		return 1.0;
	if (q->klen == t->klen && memcmp(q->key, t->key, q->klen) == 0)
		return 0.95;
	if (allowed == 0)
		return 0;
	d = distance(q->fold, q->flen, t->fold, t->flen, allowed);
	dk = distance(q->key, q->klen, t->key, t->klen, allowed);
	if (dk < d)
		d = dk;
	return d == 1 ? 0.85 : d == 2 && allowed == 2 ? 0.72 : 0;
}

typedef struct {
	word w[MAX_WORDS];       /* name words */
	bool before_comma[MAX_WORDS];
	size_t n;
	char initials[MAX_WORDS];
	size_t ninitials;
	char particles[64];
	bool comma;
	word pairs[MAX_WORDS];   /* word i and i+1 joined */
	word with_particles[MAX_WORDS]; /* the particles, then word i */
} query;

/* "v.d." and "v/d" are "van de(r/n)", "'t" is "het" and "'s" "des";
 * done before folding, which would make them lone letters. */
static void
expand_abbreviations(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; in[i] && n + 8 < size; i++) {
		bool start = i == 0 || in[i - 1] == ' ' || in[i - 1] == ',';

		if (start && (in[i] == 'v' || in[i] == 'V') &&
		    (in[i + 1] == '.' || in[i + 1] == '/') &&
		    (in[i + 2] == 'd' || in[i + 2] == 'D' || (in[i + 2] == ' ' &&
		    (in[i + 3] == 'd' || in[i + 3] == 'D')))) {
			memcpy(out + n, " van de ", 8);
			n += 8;
			i += in[i + 2] == ' ' ? 3 : 2;
			if (in[i + 1] == '.')
				i++;
			continue;
		}
		if (start && in[i] == '\'' && (in[i + 1] == 't' ||
		    in[i + 1] == 'T' || in[i + 1] == 's' || in[i + 1] == 'S') &&
		    (in[i + 2] == ' ' || in[i + 2] == '\0')) {
			memcpy(out + n, (in[i + 1] | 0x20) == 't' ? "het" : "des",
			    3);
			n += 3;
			i++;
			continue;
		}
		out[n++] = in[i];
	}
	out[n] = '\0';
}

static void
parse_query(const char *text, query *q)
{
	char expanded[512], folded[512], *comma;
	word ws[MAX_WORDS];
	size_t n, before;

	memset(q, 0, sizeof(*q));
	expand_abbreviations(text, expanded, sizeof(expanded));
	comma = strchr(expanded, ',');
	q->comma = comma != NULL;
	if (comma)
		*comma = '\0';
	vpd_name_fold(expanded, folded, sizeof(folded));
	before = split(folded, ws, MAX_WORDS);
	n = before;
	if (comma) {
		vpd_name_fold(comma + 1, folded, sizeof(folded));
		n += split(folded, ws + before, MAX_WORDS - before);
	}
	for (size_t i = 0; i < n; i++) {
		if (is_particle(ws[i].fold)) {
			size_t pl = strlen(q->particles);

			if (pl + ws[i].flen + 2 < sizeof(q->particles))
				snprintf(q->particles + pl,
				    sizeof(q->particles) - pl, "%s%s",
				    pl ? " " : "", ws[i].fold);
		} else if (ws[i].flen == 1) {
			q->initials[q->ninitials++] = ws[i].fold[0];
		} else {
			q->before_comma[q->n] = comma && i < before;
			q->w[q->n++] = ws[i];
		}
	}
	for (size_t i = 0; i + 1 < q->n; i++)
		join(&q->pairs[i], &q->w[i], 2, NULL);
	for (size_t i = 0; i < q->n; i++)
		join(&q->with_particles[i], &q->w[i], 1, q->particles);
}

/* The best match of a query word against the surname; *used set. */
static double
surname_score(const query *q, const entry *e, size_t *used, size_t *span)
{
	double best = 0, s;

	for (size_t i = 0; i < q->n; i++) {
		if (q->comma && !q->before_comma[i])
			continue;
		if ((s = similar(&q->w[i], &e->core)) > best)
			best = s, *used = i, *span = 1;
		if (q->particles[0] && (s = similar(&q->with_particles[i],
		    &e->full)) > best)
			best = s, *used = i, *span = 1;
		/* "Vandenberg" typed as one word */
		if ((s = similar(&q->w[i], &e->full)) > best)
			best = s, *used = i, *span = 1;
		if (e->nsur > 1)
			for (size_t k = 0; k < e->nsur; k++)
				if ((s = similar(&q->w[i], &e->sur[k]) - 0.05) >
				    best)
					best = s, *used = i, *span = 1;
		if (i + 1 < q->n && (!q->comma || q->before_comma[i + 1]) &&
		    (s = similar(&q->pairs[i], &e->core)) > best)
			best = s, *used = i, *span = 2;
	}
	return best;
}

static double
score(const query *q, const entry *e)
{
	size_t used = 0, span = 0;
	double s = surname_score(q, e, &used, &span);

	if (s < 0.7)
		return 0;
	for (size_t i = 0; i < q->n; i++) {
		double g = 0, x;

		if (i >= used && i < used + span)
			continue;
		for (size_t k = 0; k < e->nsur; k++)
			if ((x = similar(&q->w[i], &e->sur[k])) > g)
				g = x;
		if (g >= 0.85)
			continue;        /* another word of the surname */
		for (size_t k = 0; k < e->ngiven; k++)
			if ((x = similar(&q->w[i], &e->given[k])) > g)
				g = x;
		/* a given name that is not theirs: another person; a two-letter
		 * word says too little to count against them */
		if (g >= 0.85)
			s += 0.08;
		else if (q->w[i].flen > 2)
			s -= 0.35;
	}
	for (size_t i = 0; i < q->ninitials; i++) {
		bool ok = false;

		for (size_t k = 0; k < e->ngiven; k++)
			if (e->given[k].fold[0] == q->initials[i])
				ok = true;
		s += ok ? 0.03 : -0.2;
	}
	/* "de Vos" and "Vos" are different names; "van den Berg" and "van
	 * der Berg" are easily confused. */
	if (q->particles[0] && !e->particles[0])
		s -= 0.15;
	else if (!q->particles[0] && e->particles[0])
		s -= 0.08;      /* often left out when a name is said */
	else if (q->particles[0] && strcmp(q->particles, e->particles) == 0)
		s += 0.02;
	else if (q->particles[0])
		s -= 0.05;
	return s;
}

static int
by_score(const void *a, const void *b)
{
	const vpd_name_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->person < y->person ? -1 : x->person > y->person;
}

size_t
vpd_name_lookup(const vpd_name_index *ix, const char *text,
    vpd_name_hit *hits, size_t max)
{
	query q;
	vpd_name_hit *all;
	size_t n = 0, out = 0;
	double best = 0;

	parse_query(text ? text : "", &q);
	if (q.n == 0 || max == 0 || ix->n == 0)
		return 0;
	if ((all = malloc(ix->n * sizeof(*all))) == NULL)
		return 0;
	for (size_t i = 0; i < ix->n; i++) {
		double s = score(&q, &ix->e[i]);

		if (s >= 0.7) {
			all[n].person = i;
			all[n++].score = s;
			if (s > best)
				best = s;
		}
	}
	qsort(all, n, sizeof(*all), by_score);
	/* Clearly weaker matches are noise next to a strong one. */
	for (size_t i = 0; i < n && out < max; i++)
		if (all[i].score > best - 0.1)
			hits[out++] = all[i];
	free(all);
	return out;
}
