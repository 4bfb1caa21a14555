/*
 * name.h - Dutch personal names: folding, sorting and finding them again
 * when they are typed the way a visitor says them.
 *
 * A name is compared folded: lower-case ASCII letters and digits, accents
 * and ligatures dropped ("Cliënt" is "client", "Ĳsselmuiden" is
 * "ijsselmuiden"), everything else a single space.  Sorting is the Dutch
 * register way: by the surname without its tussenvoegsel, so "de Vries"
 * sorts under V.  Lookup tolerates tussenvoegsels in any place or
 * abbreviated ("Berg, van den", "v.d. Berg"), the usual Dutch spelling
 * variants (ei/ij/y, ch/g, dt/d/t at the end, single or double letters as
 * in Jansen/Janssen, c/k, z/s, ph/f, au/ou) and small typos; it ranks the
 * persons it finds, best first.  docs/registers.md describes the rules.
 */
#ifndef VPD_NAME_H
#define VPD_NAME_H

#include <stddef.h>

/* Folds UTF-8 text as described above into out (always NUL-terminated). */
void vpd_name_fold(const char *s, char *out, size_t size);
/* The folding vpd used before Greek, Cyrillic, Romanian and Vietnamese
 * letters were folded (they were dropped): person matching compares both
 * foldings, so a person recognised or kept apart in an older archive is
 * so again when it is replayed. */
void vpd_name_fold_latin(const char *s, char *out, size_t size);

/* The Dutch spelling key of one folded word (letters only). */
void vpd_name_key(const char *word, char *out, size_t size);

/*
 * The sort key of a person: folded surname, then tussenvoegsel, then given
 * names ("vries de jan").  Caller frees.
 */
char *vpd_name_sort_key(const char *voornamen, const char *tussenvoegsel,
    const char *achternaam);

typedef struct vpd_name_index vpd_name_index;

typedef struct vpd_name_hit {
	size_t person;    /* the order in which it was added */
	double score;     /* about 0.7 .. 1.1; higher is better */
} vpd_name_hit;

vpd_name_index *vpd_name_index_new(void);
void vpd_name_index_free(vpd_name_index *ix);

/* Adds a person; returns its number (0, 1, …) or -1 when out of memory. */
long vpd_name_index_add(vpd_name_index *ix, const char *voornamen,
    const char *tussenvoegsel, const char *achternaam);

/*
 * Finds the persons a typed name may mean, best first; at most max hits
 * are written.  Returns the number written.
 */
size_t vpd_name_lookup(const vpd_name_index *ix, const char *query,
    vpd_name_hit *hits, size_t max);

#endif
