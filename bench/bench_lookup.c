/*
 * bench_lookup.c - how well and how fast `vpd lookup` finds names.
 *
 * A register of 1,000 persons is drawn (deterministically) from common
 * Dutch given names and surnames, with and without tussenvoegsels and
 * accents; then at least 200 queries are made from it the way names
 * arrive at a desk: without accents or capitals, the tussenvoegsel moved
 * or abbreviated, a spelling variant (ei/ij, y/ij, ch/g, dt/d/t, a single
 * or double letter), a typo, initials instead of a given name.  Fifty
 * names that are not in the register are asked too.
 *
 * A hit is relevant when it is the person the query was made from, or -
 * when the query gives no given name or initial - a person with the same
 * surname and tussenvoegsel, whom the desk cannot tell apart either.
 *   recall    = queries whose person is among the hits / queries made
 *               from persons
 *   precision = relevant hits / all hits (the fifty misses included)
 * Then the register grows to 10,000 persons and every query is timed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/name/name.h"

static const char *given[] = {"Jan", "Piet", "Kees", "Henk", "Willem",
    "Johannes", "Cornelis", "Hendrik", "Gerrit", "Dirk", "Pieter",
    "Maria", "Johanna", "Anna", "Cornelia", "Elisabeth", "Wilhelmina",
    "Hendrika", "Geertruida", "Margaretha", "Daan", "Sem", "Lucas", "Levi",
    "Finn", "Noah", "Bram", "Luuk", "Thijs", "Jesse", "Emma", "Julia",
    "Sophie", "Tess", "Zoë", "Anouk", "Fleur", "Lotte", "Sanne", "Eva",
    "Mohammed", "Ahmed", "Fatima", "Yasmina", "Mustafa", "Ayşe", "Mehmet",
    "Noël", "Chantal", "Priscilla", "Dewi", "Ricardo", "Stefan", "Erik",
    "Marcel", "Ingrid", "Monique", "Bianca", "Richard", "Ronald", "Sandra",
    "Patrick", "René", "Gijs", "Teun", "Joost", "Maarten", "Michiel",
    "Rutger", "Floor", "Ilse", "Marieke", "Wouter", "Joris", "Sven",
    "Hanneke", "Mirjam", "Yvonne", "Roel", "Frank", NULL};

/* tussenvoegsel|achternaam */
static const char *surnames[] = {"de|Jong", "|Jansen", "de|Vries",
    "van den|Berg", "van|Dijk", "|Bakker", "|Janssen", "|Visser", "|Smit",
    "|Meijer", "de|Boer", "|Mulder", "de|Groot", "|Bos", "|Vos",
    "|Peters", "|Hendriks", "van|Leeuwen", "|Dekker", "|Brouwer", "de|Wit",
    "|Dijkstra", "|Smits", "de|Graaf", "van der|Meer", "van der|Linden",
    "|Kok", "|Jacobs", "de|Haan", "|Vermeulen", "van den|Heuvel",
    "van der|Veen", "van den|Broek", "de|Bruijn", "de|Bruin",
    "van der|Heijden", "|Schouten", "van|Beek", "|Willems", "van|Vliet",
    "van de|Ven", "|Hoekstra", "|Maas", "|Verhoeven", "|Koster", "van|Dam",
    "van der|Wal", "|Prins", "|Blom", "|Huisman", "|Peeters", "de|Jonge",
    "|Kuipers", "van|Veen", "|Post", "|Kuiper", "|Veenstra", "|Kramer",
    "van den|Brink", "|Scholten", "van|Wijk", "|Postma", "|Martens",
    "|Vink", "de|Ruiter", "|Timmermans", "|Groen", "|Gerritsen",
    "|Jonker", "van|Loon", "|Boer", "van der|Velde", "|Willemsen",
    "|Smeets", "de|Lange", "de|Vos", "|Bosch", "van|Dongen", "|Schipper",
    "de|Koning", "van der|Laan", "|Koning", "van der|Velden", "|Driessen",
    "van|Doorn", "|Hermans", "|Evers", "van den|Bosch", "van der|Meulen",
    "|Hofman", "|Bosman", "|Wolters", "|Sijbesma", "|Çelik", "|Yılmaz",
    "|Öztürk", "|El Idrissi", "|Bouzid", "|Nguyen", "|Müller",
    "|Schmidt", "ten|Hoeve", "'t|Hart", "van 't|Hof", "|Lichtenberg",
    "|Claassen", "|Philipsen", "|Ruijters", "|Heijnen", "|Reijnders",
    "|Kneepkens", "|Geerdink", "|Rutgers", "|Verschuuren", "|Wijnands",
    "|Hoogendijk", "|Achterberg", "|Terpstra", "|Zwart", "|Kerkhof",
    "|van Rijn", "van|Rijn", "|Goossens", "|Pauwels", "|Claes",
    "|Schreuder", "|Lambrechts", "|Huijbregts", "|Wouters", "|Ramdin",
    "|Ramautar", "|Baldewsingh", "|Akkerman", "|Nieuwenhuis", "|Ebbers",
    "|Haverkamp", "|Stoffels", "|Bijl", "|Buijs", "|Kuijpers", NULL};

static const char *not_there[] = {"Zwartkruis", "Oosterhuis", "Hamstra",
    "Eikelboom", "Wagenaar", "Lammers", "Teunissen", "Mertens", "Rozendaal",
    "Kloosterman", "Harmsen", "Boersma", "Westerhof", "Pronk", "Wiersma",
    "van Houten", "de Ridder", "Bergsma", "Feenstra", "Tuinstra", "Nijhof",
    "Oudshoorn", "Heemskerk", "Brandsma", "Dam", NULL};

typedef struct {
	const char *given, *tv, *sur;
	char tvbuf[32], surbuf[48];
} person;

static unsigned long seed = 20261123;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

static size_t
count(const char **list)
{
	size_t n = 0;

	while (list[n])
		n++;
	return n;
}

static void
draw(person *p)
{
	const char *s = surnames[rnd((unsigned)count(surnames))];
	const char *bar = strchr(s, '|');

	snprintf(p->tvbuf, sizeof(p->tvbuf), "%.*s", (int)(bar - s), s);
	snprintf(p->surbuf, sizeof(p->surbuf), "%s", bar + 1);
	p->given = given[rnd((unsigned)count(given))];
	p->tv = p->tvbuf[0] ? p->tvbuf : NULL;
	p->sur = p->surbuf;
}

static bool
same_person(const person *a, const person *b)
{
	return !strcmp(a->given, b->given) && !strcmp(a->tvbuf, b->tvbuf) &&
	    !strcmp(a->surbuf, b->surbuf);
}

static void
make_register(person *reg, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool dup;

		do {
			draw(&reg[i]);
			dup = false;
			for (size_t k = 0; k < i && !dup; k++)
				dup = same_person(&reg[i], &reg[k]);
		} while (dup && n <= 2000);
	}
}

/* Rewrites one spelling-variant spot, or returns false. */
static bool
respell(char *s, size_t size)
{
	static const char *pairs[][2] = {{"ij", "ei"}, {"ei", "ij"},
	    {"y", "ij"}, {"ij", "y"}, {"ch", "g"}, {"g", "ch"}, {"ss", "s"},
	    {"s", "ss"}, {"kk", "k"}, {"ll", "l"}, {"nn", "n"}, {"dt", "d"},
	    {"aa", "a"}, {"uu", "u"}, {"ou", "au"}, {"ph", "f"}, {"c", "k"},
	    {"z", "s"}, {"tt", "t"}, {"ee", "e"}};
	size_t start = rnd(20);

	for (size_t k = 0; k < 20; k++) {
		const char *from = pairs[(start + k) % 20][0];
		const char *to = pairs[(start + k) % 20][1];
		char *at = strstr(s + 1, from);

		if (at) {
			char tail[128];

			snprintf(tail, sizeof(tail), "%s", at + strlen(from));
			snprintf(at, size - (size_t)(at - s), "%s%s", to, tail);
			return true;
		}
	}
	/* d or t at the end */
	size_t len = strlen(s);
	if (len > 2 && (s[len - 1] == 'd' || s[len - 1] == 't')) {
		s[len - 1] = s[len - 1] == 'd' ? 't' : 'd';
		return true;
	}
	return false;
}

static void
typo(char *s)
{
	size_t len = strlen(s), i = 1 + rnd((unsigned)(len > 3 ? len - 2 : 1));
	unsigned kind = rnd(3);

	if (len < 5)
		return;
	if (kind == 0) {          /* swapped letters */
		char c = s[i];

		s[i] = s[i + 1];
		s[i + 1] = c;
	} else if (kind == 1) {   /* a letter left out */
		memmove(s + i, s + i + 1, len - i);
	} else {                  /* a neighbouring key */
		static const char *rows = "qwertyuiopasdfghjklzxcvbnm";
		const char *at = strchr(rows, s[i]);

		if (at)
			s[i] = at[1] ? at[1] : 'q';
	}
}

static void
lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Strips UTF-8 accents the crude way a keyboard without them does. */
static void
no_accents(char *s)
{
	char out[256];

	vpd_name_fold(s, out, sizeof(out));
	snprintf(s, 256, "%s", out);
}

typedef struct {
	char text[256];
	long target;        /* -1: not in the register */
	bool names_person;  /* gives a given name or initial */
} query;

static void
make_query(const person *p, unsigned kind, query *q)
{
	char sur[128], tv[64];

	snprintf(sur, sizeof(sur), "%s", p->sur);
	snprintf(tv, sizeof(tv), "%s", p->tv ? p->tv : "");
	q->names_person = true;
	switch (kind % 10) {
	case 0:     /* lower case, no accents */
		snprintf(q->text, sizeof(q->text), "%s %s%s%s", p->given, tv,
		    *tv ? " " : "", sur);
		no_accents(q->text);
		break;
	case 1:     /* "Berg, van den" */
		snprintf(q->text, sizeof(q->text), "%s%s%s", sur, *tv ? ", " :
		    "", tv);
		q->names_person = false;
		break;
	case 2:     /* "v.d. Berg" where it applies, initials */
		if (!strncmp(tv, "van d", 5))
			snprintf(tv, sizeof(tv), "v.d.");
		snprintf(q->text, sizeof(q->text), "%.1s. %s%s%s", p->given, tv,
		    *tv ? " " : "", sur);
		break;
	case 3: case 4: case 5:     /* spelling variants */
		lower_ascii(sur);
		if (!respell(sur, sizeof(sur)))
			typo(sur);
		snprintf(q->text, sizeof(q->text), "%s %s%s%s", p->given, tv,
		    *tv ? " " : "", sur);
		break;
	case 6: case 7:     /* a typo, no given name */
		typo(sur);
		snprintf(q->text, sizeof(q->text), "%s%s%s", tv, *tv ? " " : "",
		    sur);
		q->names_person = false;
		break;
	case 8:     /* "Berg, Jan van den" */
		snprintf(q->text, sizeof(q->text), "%s, %s%s%s", sur, p->given,
		    *tv ? " " : "", tv);
		break;
	default:    /* surname glued to its tussenvoegsel, capitals */
		snprintf(q->text, sizeof(q->text), "%s %s%s", p->given, tv, sur);
		for (char *c = q->text; *c; c++)
			if (*c == ' ' && c > q->text + strlen(p->given))
				memmove(c, c + 1, strlen(c));
		for (char *c = q->text; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		break;
	}
}

static bool
relevant(const person *reg, const query *q, size_t hit)
{
	const person *t;

	if (q->target < 0)
		return false;
	if (hit == (size_t)q->target)
		return true;
	t = &reg[q->target];
	return !q->names_person && !strcmp(reg[hit].tvbuf, t->tvbuf) &&
	    !strcmp(reg[hit].surbuf, t->surbuf);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	size_t nq = argc > 1 ? (size_t)atoi(argv[1]) : 250, nneg = 50;
	size_t big = 10000, found = 0, hits_all = 0, hits_ok = 0;
	person *reg = calloc(big, sizeof(*reg));
	query *qs = calloc(nq + nneg, sizeof(*qs));
	vpd_name_index *ix = vpd_name_index_new();
	vpd_name_hit hits[64];
	bool verbose = getenv("VERBOSE") != NULL;
	double t0, t1;

	make_register(reg, 1000);
	for (size_t i = 0; i < 1000; i++)
		vpd_name_index_add(ix, reg[i].given, reg[i].tv, reg[i].sur);
	for (size_t i = 0; i < nq; i++) {
		qs[i].target = (long)rnd(1000);
		make_query(&reg[qs[i].target], (unsigned)i, &qs[i]);
	}
	for (size_t i = 0; i < nneg; i++) {
		snprintf(qs[nq + i].text, sizeof(qs[nq + i].text), "%s %s",
		    given[rnd((unsigned)count(given))],
		    not_there[i % count(not_there)]);
		qs[nq + i].target = -1;
	}
	for (size_t i = 0; i < nq + nneg; i++) {
		size_t n = vpd_name_lookup(ix, qs[i].text, hits, 64);
		bool hit = false;

		for (size_t k = 0; k < n; k++) {
			hits_all++;
			if (relevant(reg, &qs[i], hits[k].person))
				hits_ok++;
			else if (verbose)
				printf("  noise for '%s': %s %s %s (%.2f)\n",
				    qs[i].text, reg[hits[k].person].given,
				    reg[hits[k].person].tvbuf,
				    reg[hits[k].person].surbuf, hits[k].score);
			if (qs[i].target >= 0 &&
			    hits[k].person == (size_t)qs[i].target)
				hit = true;
		}
		if (hit)
			found++;
		else if (qs[i].target >= 0 && verbose)
			printf("  missed '%s' for %s %s %s\n", qs[i].text,
			    reg[qs[i].target].given, reg[qs[i].target].tvbuf,
			    reg[qs[i].target].surbuf);
	}
	printf("vpd lookup, %zu name variants + %zu names not in a register "
	    "of 1,000 persons\n", nq, nneg);
	printf("  recall:               %8.3f    (target >= 0.98)\n",
	    (double)found / (double)nq);
	printf("  precision:            %8.3f    (target >= 0.90; %zu of %zu "
	    "hits relevant)\n", hits_all ? (double)hits_ok / (double)hits_all :
	    1.0, hits_ok, hits_all);

	/* Speed at 10,000. */
	vpd_name_index_free(ix);
	ix = vpd_name_index_new();
	make_register(reg + 1000, big - 1000);
	for (size_t i = 0; i < big; i++)
		vpd_name_index_add(ix, reg[i].given, reg[i].tv, reg[i].sur);
	t0 = now_ms();
	for (int round = 0; round < 4; round++)
		for (size_t i = 0; i < nq + nneg; i++)
			vpd_name_lookup(ix, qs[i].text, hits, 64);
	t1 = now_ms();
	printf("  lookup at 10,000:     %8.3f ms (target <= 5 ms; mean of %zu)\n",
	    (t1 - t0) / (double)(4 * (nq + nneg)), 4 * (nq + nneg));
	vpd_name_index_free(ix);
	free(reg);
	free(qs);
	return 0;
}
