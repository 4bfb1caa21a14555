/*
 * bench_scale.c - builds an archive of N Heerlen cases through the core
 * library, for scripts/bench_scale.sh to time the command line on.
 *
 * Usage: bench_scale ARCHIVE N OUTDIR
 *
 * Calling `vpd` a few tens of thousands of times would take hours, so this
 * drives the same functions the command line does (vpd_core_case_open,
 * vpd_core_case_event, vpd_core_person_photo, vpd_core_tick), each with its
 * own "now", in one process.  Every letter is a real PDF.
 *
 * The cases are drawn deterministically (a hash of the case number) and
 * spread evenly from 3 January 2022 to a few days before the benchmark's
 * "now", NOW_TEXT below.  Each case's steps are planned first, then all
 * steps of all cases are sorted by their instant and fired in that order,
 * with a `tick` every two weeks, so the history reads like five years of
 * a municipality's work:
 *   - persons with Dutch names (tussenvoegsels, some accents), birth dates
 *     and addresses; incidents of verbal aggression and threats at three
 *     desks and the phone;
 *   - aangifte for most threats, an opvanggesprek for some, a second
 *     incident on the open case (incident_toevoegen) for some;
 *   - about a third with a warning or ban in force at NOW (a ban after the
 *     coordinator's duur_vaststellen, tot = van + that many months),
 *     some of them after a repeat incident that was linked to the case
 *     (a second case open of the same person, recidive) and a new ban;
 *     photos for many bans;
 *   - the rest: measures that ran out (closed by tick), withdrawn ones,
 *     cases closed without a measure (some persons come back later with
 *     a new case), a few still waiting, and the last week's cases partly
 *     waiting for an ordegesprek.
 * Then FIXTURES extra cases opened just before NOW, with aangifte and the
 * ban's length set, ready for a five-copy toegangsverbod.
 *
 * fsync of the git directory is switched off in this process only (it
 * builds a throw-away benchmark archive); vpd itself always fsyncs.
 *
 * OUTDIR receives fixtures.sh (shell variables naming cases and persons
 * for the timed commands) and the JSON files of persons and incidents
 * those commands use.  Prints how long the build took.
 */
#define _POSIX_C_SOURCE 200809L
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/case/case.h"
#include "../src/util/file.h"

#define NOW_TEXT "2026-11-25T10:00:00+01:00"
#define FIXTURES 9
#define HOUR 3600
#define DAY (24 * HOUR)

static const char *const given[] = {"Jan", "Piet", "Kees", "Henk", "Willem",
    "Johannes", "Cornelis", "Maria", "Johanna", "Anna", "Daan", "Sem",
    "Lucas", "Levi", "Emma", "Julia", "Sophie", "Tess", "Mohammed", "Ahmed",
    "Fatima", "Yasmina", "Ayla", "Mehmet", "Noël", "Chantal", "Ricardo",
    "Stefan", "Ingrid", "Monique", "Bianca", "Patrick", "René", "Gijs",
    "Marieke", "Wouter", "Yvonne", "Frank", "Zoë", "Dewi", "Joëlle",
    "Hendrik", "Gerrit", "Anouk", "Fleur", "Thijs", "Bram", "Mirjam"};

/* tussenvoegsel|achternaam; CP1252 only, as letters need. */
static const char *const surnames[] = {"de|Jong", "|Jansen", "de|Vries",
    "van|Dijk", "|Bakker", "|Janssen", "|Visser", "|Smit", "|Meijer",
    "de|Boer", "|Mulder", "de|Groot", "|Bos", "|Vos", "|Peters",
    "|Hendriks", "van|Leeuwen", "|Dekker", "|Brouwer", "de|Wit",
    "|Dijkstra", "|Smits", "de|Graaf", "van der|Meer", "van der|Linden",
    "|Kok", "|Jacobs", "de|Haan", "|Vermeulen", "van den|Heuvel",
    "van der|Veen", "de|Bruijn", "van der|Heijden", "|Schouten",
    "|Willems", "van de|Ven", "|Hoekstra", "|Maas", "|Verhoeven",
    "|Koster", "|Prins", "|Huisman", "|Kuipers", "|Kramer", "|Scholten",
    "|Postma", "|Timmermans", "|Groen", "|Smeets", "|Çelik", "|Yildiz",
    "|Öztürk", "|El Idrissi", "|Bouzid", "|Nguyen", "|Müller", "|Lemmens",
    "|Vaessen", "|Hermans", "|Coenen", "|Schmitz", "|Pelzer", "van 't|Hof",
    "'t|Hart", "ten|Hoeve", "|Ramdin", "|Brandsma", "|Gülen", "|Señor"};

static const char *const streets[] = {"Akerstraat", "Dorpsstraat",
    "Kasteelstraat", "Geleenstraat", "Promenade", "Kloosterweg",
    "Schaesbergerweg", "Valkenburgerweg", "Looierstraat", "Coriovallumstraat",
    "Willemstraat", "Emmaplein"};

static const struct {
	const char *locatie, *afdeling, *kanaal;
} desks[] = {
	{"Stadskantoor, balie Burgerzaken", "Burgerzaken", "balie"},
	{"Stadskantoor, telefoon Burgerzaken", "Burgerzaken", "telefoon"},
	{"Bestuurscentrum, balie Werk en Inkomen", "Werk en Inkomen", "balie"},
	{"Bestuurscentrum, spreekkamer Werk en Inkomen", "Werk en Inkomen",
	    "balie"},
};

static const char *const omschrijvingen[] = {
	"De klant schold de medewerker uit en bleef dreigend over de balie hangen.",
	"De klant schreeuwde en schold toen de aanvraag nog niet klaar bleek te zijn.",
	"De klant dreigde de medewerker op te wachten na het werk.",
	"De klant sloeg met de vuist op de balie en riep dat hij terug zou komen.",
};

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

enum kind {
	S_OPEN, S_AANGIFTE, S_NAZORG, S_TOEVOEGEN, S_DUUR, S_MAATREGEL,
	S_PHOTO, S_INTREKKEN, S_AFSLUITEN, S_TICK
};

/* One step of one case: slot 0 is a person's first case, slot 1 a later
 * case of the same person. */
typedef struct step {
	vpd_time t;
	int i, slot, nr;
	enum kind kind;
	int months;            /* S_DUUR; S_OPEN: 1 for a repeat incident */
	vpd_date van, tot;     /* S_MAATREGEL */
	int ban, ordegesprek;  /* S_MAATREGEL */
} step;

typedef struct plan {
	step *v;
	size_t n, cap;
} plan;

static vpd_time now_t;
static vpd_date now_day;
static const char *letters_dir, *fontdir, *signatures_dir;

static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A number in [0, n) for case i and purpose salt. */
static unsigned
pick(int i, unsigned salt, unsigned n)
{
	return (unsigned)(mix(((uint64_t)i << 8) ^ salt) % n);
}

static step *
add(plan *p, vpd_time t, int i, int slot, enum kind kind)
{
	step *s;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 1024;
		p->v = realloc(p->v, p->cap * sizeof(*p->v));
		if (p->v == NULL) {
			perror("bench_scale");
			exit(3);
		}
	}
	s = &p->v[p->n];
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->i = i;
	s->slot = slot;
	s->kind = kind;
	s->nr = (int)p->n++;
	return s;
}

static int
by_time(const void *a, const void *b)
{
	const step *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->nr - y->nr;
}

static vpd_date
add_months(vpd_date d, int months)
{
	vpd_duration dur = {months, VPD_UNIT_MONTHS};

	return vpd_date_add(d, dur);
}

/* Whole months from day a to day b, rounded up. */
static int
months_until(vpd_date a, vpd_date b)
{
	int m = 0;

	while (add_months(a, m) < b)
		m++;
	return m;
}

/* ---- Persons and incidents ------------------------------------------ */

static json_t *
person(int i)
{
	const char *s = surnames[pick(i, 1, NELEM(surnames))];
	const char *bar = strchr(s, '|');
	char tv[32], date[VPD_DATE_LEN], nr[16], pc[16];
	json_t *p = json_object(), *adres = json_object();
	vpd_date born = vpd_date_from_ymd(1945, 1, 1) +
	    (vpd_date)pick(i, 2, 60 * 365);

	snprintf(tv, sizeof(tv), "%.*s", (int)(bar - s), s);
	json_object_set_new(p, "voornamen",
	    json_string(given[pick(i, 3, NELEM(given))]));
	if (*tv)
		json_object_set_new(p, "tussenvoegsel", json_string(tv));
	json_object_set_new(p, "achternaam", json_string(bar + 1));
	json_object_set_new(p, "geslacht",
	    json_string((const char *[]){"m", "v", "x"}[pick(i, 4, 3)]));
	vpd_date_format(born, date);
	json_object_set_new(p, "geboortedatum", json_string(date));
	snprintf(nr, sizeof(nr), "%u", 1 + pick(i, 5, 180));
	snprintf(pc, sizeof(pc), "64%02u %c%c", 11 + pick(i, 6, 30),
	    "ABCDEFGHJKLMNPRSTVWXZ"[pick(i, 7, 21)],
	    "ABCDEFGHJKLMNPRSTVWXZ"[pick(i, 8, 21)]);
	json_object_set_new(adres, "straat",
	    json_string(streets[pick(i, 9, NELEM(streets))]));
	json_object_set_new(adres, "huisnummer", json_string(nr));
	json_object_set_new(adres, "postcode", json_string(pc));
	json_object_set_new(adres, "woonplaats", json_string("Heerlen"));
	json_object_set_new(p, "adres", adres);
	return p;
}

/* Threats (about 40%) lead to an aangifte deadline. */
static int
threat(int i, int slot)
{
	return pick(i, 10 + (unsigned)slot, 100) < 40;
}

static json_t *
incident(int i, int slot, vpd_time t, int threatening)
{
	unsigned k = pick(i, 20 + (unsigned)slot, NELEM(desks));
	char when[VPD_TIME_LOCAL_LEN];
	json_t *in = json_object(), *gedrag = json_array();

	vpd_time_format_local(t, when);
	json_object_set_new(in, "tijdstip", json_string(when));
	json_object_set_new(in, "locatie", json_string(desks[k].locatie));
	json_object_set_new(in, "afdeling", json_string(desks[k].afdeling));
	json_object_set_new(in, "kanaal", json_string(desks[k].kanaal));
	json_array_append_new(gedrag, json_pack("{ssss}", "categorie",
	    "verbale_agressie", "soort", "schelden"));
	if (threatening)
		json_array_append_new(gedrag, json_pack("{ssss}", "categorie",
		    "persoonlijke_bedreiging", "soort", "intimidatie"));
	json_object_set_new(in, "gedrag", gedrag);
	json_object_set_new(in, "omschrijving", json_string(
	    omschrijvingen[pick(i, 30 + (unsigned)slot, NELEM(omschrijvingen))]));
	json_object_set_new(in, "medewerkers", json_pack("[s]", "A. Jansen"));
	json_object_set_new(in, "letsel", json_false());
	json_object_set_new(in, "schade", json_false());
	return in;
}

/* ---- The plan ------------------------------------------------------- */

/* A measure from the day after t: a ban (with the coordinator's length
 * first) or a warning, ending on `until` or later. */
static void
plan_measure(plan *p, int i, int slot, vpd_time t, int ban, vpd_date until)
{
	vpd_date van = vpd_time_local_date(t + 20 * HOUR);
	step *s;

	if (ban) {
		int m = months_until(van, until);

		if (m < 3)
			m = 3;
		if (m > 120)
			ban = 0;
		else {
			add(p, t + 19 * HOUR, i, slot, S_DUUR)->months = m;
			until = add_months(van, m);
		}
	}
	s = add(p, t + 20 * HOUR, i, slot, S_MAATREGEL);
	s->ban = ban;
	s->van = van;
	s->tot = until > van ? until : van;
}

/*
 * The steps of case i, whose incident is at t.  Returns a rough kind for
 * the summary: 0 waiting, 1 in force, 2 ended or closed.
 */
static int
plan_case(plan *p, int i, vpd_time t)
{
	vpd_date day = vpd_time_local_date(t);
	int age = now_day - day, thr = threat(i, 0), ban = pick(i, 40, 100) < 45;
	unsigned q = pick(i, 41, 1000);
	int force;

	add(p, t + HOUR, i, 0, S_OPEN);
	if (thr && pick(i, 42, 100) < 70)
		add(p, t + 4 * HOUR, i, 0, S_AANGIFTE);
	if (pick(i, 43, 100) < 30)
		add(p, t + 5 * HOUR, i, 0, S_NAZORG);
	if (pick(i, 44, 100) < 10)
		add(p, t + 6 * HOUR, i, 0, S_TOEVOEGEN);
	if (age <= 7) {
		/* Last week: waiting, or an ordegesprek to come. */
		if (q < 400)
			return 0;
		if (q < 700) {
			step *s = add(p, t + 20 * HOUR, i, 0, S_MAATREGEL);

			s->ordegesprek = 1;
			s->van = now_day + 3;
			s->tot = add_months(s->van, 6);
			return 0;
		}
		force = 1;
	} else
		force = q < (age < 730 ? 800u : 50u);
	if (force) {
		vpd_date until = now_day + 30 * (1 + (int)pick(i, 45, 11));

		plan_measure(p, i, 0, t, ban, until);
		if (ban && pick(i, 46, 100) < 60)
			add(p, t + 22 * HOUR, i, 0, S_PHOTO);
		/* A repeat incident while the measure is in force: the
		 * person's next case open is linked to this case (recidive),
		 * and a (new) ban follows. */
		if (pick(i, 47, 100) < 15) {
			vpd_time r = t + (vpd_time)(30 + pick(i, 48, 60)) * DAY;

			if (r < now_t - 3 * DAY) {
				add(p, r + HOUR, i, 0, S_OPEN)->months = 1;
				plan_measure(p, i, 0, r, 1, until);
			}
		}
		return 1;
	}
	q = pick(i, 49, 100);
	if (q < 45) {
		/* A warning or a three-month ban that ran out. */
		vpd_date van = vpd_time_local_date(t + 20 * HOUR);

		plan_measure(p, i, 0, t, ban, add_months(van, ban ? 3 : 6));
		return 2;
	}
	if (q < 55) {
		plan_measure(p, i, 0, t, ban, now_day + 400);
		add(p, t + 20 * DAY, i, 0, S_INTREKKEN);
		return 2;
	}
	if (q < 90) {
		vpd_time back = t + (vpd_time)(120 + pick(i, 50, 300)) * DAY;

		add(p, t + 2 * DAY, i, 0, S_AFSLUITEN);
		/* Some come back later: a new case for the same person. */
		if (pick(i, 51, 100) < 25 && back < now_t - 10 * DAY) {
			add(p, back + HOUR, i, 1, S_OPEN);
			if (pick(i, 52, 100) < 60)
				add(p, back + 2 * DAY, i, 1, S_AFSLUITEN);
		}
		return 2;
	}
	return 0;
}

/* ---- Firing --------------------------------------------------------- */

typedef struct ctx {
	vpd_archive *a;
	char *wf;
	size_t wflen;
	unsigned char *photo;
	size_t photolen;
	char (*ids)[2][16];    /* case ids per case and slot */
	int failed;
} ctx;

static vpd_who
as(const char *actor, vpd_time t)
{
	vpd_who w = {.actor = actor, .now = t, .via = "bench_scale",
	    .letters_dir = letters_dir, .fontdir = fontdir,
	    .signatures_dir = signatures_dir};

	return w;
}

static int
event(ctx *c, const char *actor, vpd_time t, const char *id,
    const char *ev, json_t *in, json_t *inc, vpd_error *err)
{
	vpd_who w = as(actor, t);
	json_t *res = NULL;
	int rc;

	rc = vpd_core_case_event(c->a, &w, id, ev, in, NULL, inc, "incident",
	    &res, err);
	json_decref(res);
	json_decref(in);
	json_decref(inc);
	return rc;
}

static int
fire(ctx *c, const step *s, vpd_error *err)
{
	const char *id = s->i >= 0 ? c->ids[s->i][s->slot] : "";
	char van[VPD_DATE_LEN], tot[VPD_DATE_LEN], og[VPD_TIME_LOCAL_LEN];
	json_t *res = NULL, *in;
	vpd_who w;
	int rc;

	if (s->kind != S_OPEN && s->kind != S_TICK && *id == '\0')
		return 0; /* its case did not open: counted there */
	switch (s->kind) {
	case S_OPEN: {
		json_t *p = person(s->i);
		json_t *inc = incident(s->i, s->slot + s->months, s->t - HOUR,
		    threat(s->i, s->slot + s->months));

		w = as("A. Jansen", s->t);
		rc = vpd_core_case_open(c->a, &w, "heerlen", c->wf, c->wflen,
		    p, "persoon", inc, "incident", &res, err);
		json_decref(p);
		json_decref(inc);
		if (rc == 0 && s->months == 0)
			snprintf(c->ids[s->i][s->slot], 16, "%s",
			    json_string_value(json_object_get(res, "zaak")));
		json_decref(res);
		return rc;
	}
	case S_AANGIFTE:
		return event(c, "C. Coördinator", s->t, id, "aangifte_gedaan",
		    json_pack("{ssss}", "feit", "bedreiging",
		    "registratienummer", "PL2400-2026"), NULL, err);
	case S_NAZORG:
		return event(c, "M. de Manager", s->t, id, "nazorggesprek",
		    json_pack("{ssss}", "gesprek", "opvang", "medewerker",
		    "A. Jansen"), NULL, err);
	case S_TOEVOEGEN:
		return event(c, "M. de Manager", s->t, id, "incident_toevoegen",
		    NULL, incident(s->i, 5, s->t - HOUR, 0), err);
	case S_DUUR:
		return event(c, "C. Coördinator", s->t, id, "duur_vaststellen",
		    json_pack("{sisb}", "maanden", s->months,
		    "medewerker_gehoord", 1), NULL, err);
	case S_MAATREGEL:
		vpd_date_format(s->van, van);
		vpd_date_format(s->tot, tot);
		in = json_pack("{ssssssss}", "maatregel",
		    s->ban ? "toegangsverbod" : "waarschuwing", "motivering",
		    s->ban ? "U heeft een medewerker bedreigd." :
		    "U heeft een medewerker uitgescholden.", "van", van,
		    "tot", tot);
		if (s->ban)
			json_object_set_new(in, "locaties", json_pack("[ss]",
			    "Stadskantoor", "Bestuurscentrum"));
		if (s->ordegesprek) {
			vpd_time_format_local(vpd_date_start(s->van) +
			    10 * HOUR, og);
			json_object_set_new(in, "ordegesprek", json_string(og));
		}
		return event(c, "M. de Manager", s->t, id,
		    "maatregel_opleggen", in, NULL, err);
	case S_PHOTO:
		w = as("C. Coördinator", s->t);
		rc = vpd_core_person_photo(c->a, &w, id, c->photo, c->photolen,
		    "foto.jpg", &res, err);
		json_decref(res);
		return rc;
	case S_INTREKKEN:
		return event(c, "J. Juridisch", s->t, id, "intrekken",
		    json_pack("{ss}", "reden", "Na bezwaar heroverwogen."),
		    NULL, err);
	case S_AFSLUITEN:
		return event(c, "M. de Manager", s->t, id, "afsluiten",
		    json_pack("{ss}", "reden", "Excuses aangeboden; geen "
		    "maatregel nodig."), NULL, err);
	case S_TICK:
		w = as("system", s->t);
		rc = vpd_core_tick(c->a, &w, &res, err);
		json_decref(res);
		return rc;
	}
	return 0;
}

/* ---- Output for the timed commands ---------------------------------- */

static void
write_json(const char *dir, const char *name, json_t *v)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (json_dump_file(v, path, JSON_INDENT(2) | JSON_SORT_KEYS)) {
		fprintf(stderr, "bench_scale: cannot write %s\n", path);
		exit(3);
	}
	json_decref(v);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *
env(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

int
main(int argc, char **argv)
{
	static const char *const actors[][3] = {
		{"C. Coördinator", "coordinator", NULL},
		{"A. Jansen", "medewerker", NULL},
		{"M. de Manager", "manager", NULL},
		{"J. Juridisch", "legal", NULL},
		{"R. Receptie", "reception", NULL},
		{"P. Politie", "police", NULL},
	};
	ctx c = {0};
	plan p = {0};
	vpd_error err;
	vpd_who w;
	json_t *res = NULL;
	int n, kinds[3] = {0}, next_report = 1;
	vpd_date first = vpd_date_from_ymd(2022, 1, 3), last;
	double t0 = now_s();
	char path[1024], wfpath[1024];
	FILE *fx;
	const char *out;

	if (argc != 4 || (n = atoi(argv[2])) < 10) {
		fprintf(stderr, "usage: bench_scale ARCHIVE N OUTDIR (N >= 10)\n");
		return 2;
	}
	out = argv[3];
	vpd_time_init();
	vpd_time_parse(NOW_TEXT, &now_t);
	now_day = vpd_time_local_date(now_t);
	letters_dir = env("VPD_LETTERS", "letters");
	fontdir = env("VPD_FONTS", "build/fonts");
	signatures_dir = env("VPD_SIGNATURES", "signatures");
	snprintf(wfpath, sizeof(wfpath), "%s/heerlen.yaml",
	    env("VPD_WORKFLOWS", "workflows"));
	if ((c.wf = vpd_file_read(wfpath, &c.wflen, &err)) == NULL ||
	    (c.photo = (unsigned char *)vpd_file_read("docs/examples/foto.jpg",
	    &c.photolen, &err)) == NULL) {
		fprintf(stderr, "bench_scale: %s\n", err.msg);
		return 3;
	}

	/* The plan: N cases evenly from `first` to a week before NOW, the
	 * last few in the last week, then FIXTURES cases just before NOW. */
	last = now_day - 3;
	c.ids = calloc((size_t)n + FIXTURES, sizeof(*c.ids));
	for (int i = 0; i < n; i++) {
		vpd_date d = first + (vpd_date)((int64_t)i * (last - first) / n);
		vpd_time t = vpd_date_start(d) + 8 * HOUR + 30 * 60 +
		    (vpd_time)pick(i, 60, 8 * 60) * 60;

		kinds[plan_case(&p, i, t)]++;
	}
	for (int k = 0; k < FIXTURES; k++) {
		int i = n + k;
		vpd_time t = now_t - 6 * HOUR + k * 60;

		add(&p, t + HOUR, i, 0, S_OPEN);
		add(&p, t + 2 * HOUR, i, 0, S_AANGIFTE);
		add(&p, t + 3 * HOUR, i, 0, S_DUUR)->months = 3;
	}
	for (vpd_time t = vpd_date_start(first + 14) + 7 * HOUR;
	    t < now_t - DAY; t += 14 * DAY)
		add(&p, t, -1, 0, S_TICK);
	add(&p, vpd_date_start(now_day - 1) + 7 * HOUR, -1, 0, S_TICK);
	qsort(p.v, p.n, sizeof(*p.v), by_time);

	/* The archive and its actors, on the first day. */
	w = as("C. Coördinator", vpd_date_start(first) + 8 * HOUR);
	if (vpd_core_init(argv[1], &w, &res, &err)) {
		fprintf(stderr, "bench_scale: %s\n", err.msg);
		return 3;
	}
	json_decref(res);
	/* A throw-away archive: no fsync in this process (the library
	 * switched it on when it created the archive). */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	if (vpd_archive_open(&c.a, argv[1], &err)) {
		fprintf(stderr, "bench_scale: %s\n", err.msg);
		return 3;
	}
	for (size_t k = 0; k < NELEM(actors); k++) {
		json_t *roles = json_pack("[s]", actors[k][1]);
		json_t *depts = strcmp(actors[k][1], "manager") ? NULL :
		    json_pack("[ss]", "Burgerzaken", "Werk en Inkomen");

		if (vpd_core_actor_add(c.a, &w, actors[k][0], roles, NULL,
		    depts, &res, &err)) {
			fprintf(stderr, "bench_scale: %s\n", err.msg);
			return 3;
		}
		json_decref(res);
		json_decref(roles);
		json_decref(depts);
	}
	fprintf(stderr, "bench_scale: %d cases + %d fixtures, %zu steps "
	    "(fsync off in this process)\n", n, FIXTURES, p.n);

	for (size_t k = 0; k < p.n; k++) {
		const step *s = &p.v[k];

		if (s->t >= now_t)
			continue; /* planned after NOW: not yet */
		if (fire(&c, s, &err)) {
			if (c.failed++ < 20)
				fprintf(stderr, "bench_scale: case %d.%d step %d "
				    "at %lld: %s\n", s->i, s->slot, (int)s->kind,
				    (long long)s->t, err.msg);
		}
		if (k * 10 >= (size_t)next_report * p.n) {
			fprintf(stderr, "bench_scale: %d%% (%.0f s)\n",
			    next_report * 10, now_s() - t0);
			next_report++;
		}
	}

	/* What the timed commands need. */
	snprintf(path, sizeof(path), "%s/fixtures.sh", out);
	if ((fx = fopen(path, "w")) == NULL) {
		perror(path);
		return 3;
	}
	fprintf(fx, "NOW=%s\nCASES=%d\n", NOW_TEXT, n);
	fprintf(fx, "EVENT_CASES=\"");
	for (int k = 0; k < FIXTURES; k++)
		fprintf(fx, "%s%s", k ? " " : "", c.ids[n + k][0]);
	fprintf(fx, "\"\n");
	/* A ban in force with a photo: shown and looked up by name. */
	for (size_t k = p.n; k-- > 0;) {
		const step *s = &p.v[k];

		if (s->kind == S_PHOTO && s->t < now_t - 30 * DAY &&
		    *c.ids[s->i][0]) {
			json_t *pp = person(s->i);
			const char *tv = json_string_value(json_object_get(pp,
			    "tussenvoegsel"));

			fprintf(fx, "SHOW_CASE=%s\nLOOKUP_NAME='%s%s%s %s'\n",
			    c.ids[s->i][0], json_string_value(json_object_get(pp,
			    "voornamen")), tv ? " " : "", tv ? tv : "",
			    json_string_value(json_object_get(pp, "achternaam")));
			json_decref(pp);
			break;
		}
	}
	/* Persons who come back (their earlier case closed), and new ones. */
	for (int i = 0, r = 0; i < n && r < FIXTURES; i++)
		if (*c.ids[i][0] && !*c.ids[i][1] && pick(i, 49, 100) >= 55 &&
		    pick(i, 49, 100) < 90 && pick(i, 41, 1000) >= 800) {
			snprintf(path, sizeof(path), "repeat%d.json", ++r);
			write_json(out, path, person(i));
		}
	for (int r = 1; r <= FIXTURES; r++) {
		json_t *np = person(1000000 + r);

		json_object_set_new(np, "achternaam", json_string("Nieuwenhuis"));
		json_object_set_new(np, "geboortedatum", json_string("2001-02-03"));
		json_object_set_new(np, "voornamen", json_string(
		    given[(size_t)r % NELEM(given)]));
		snprintf(path, sizeof(path), "new%d.json", r);
		write_json(out, path, np);
	}
	write_json(out, "incident.json", incident(0, 0, now_t - HOUR, 1));
	fclose(fx);

	printf("bench_scale: built %d cases (+%d fixtures) in %.1f s: %d "
	    "planned in force at %s, %d ended or closed, %d waiting; %d "
	    "steps failed (fsync was off while building)\n", n, FIXTURES,
	    now_s() - t0, kinds[1], NOW_TEXT, kinds[2], kinds[0], c.failed);
	vpd_archive_free(c.a);
	free(c.wf);
	free(c.photo);
	free(c.ids);
	free(p.v);
	return c.failed * 100 > n ? 1 : 0;
}
