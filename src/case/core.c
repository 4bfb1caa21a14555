/*
 * core.c - the commands of the core library: each builds event requests,
 * applies them in a transaction and commits, retrying on the new tip when
 * another writer moved the branch first; and the read-only queries.
 *
 * Commit messages are written for legal affairs reading `git log`: a
 * Dutch sentence as subject, the details in the body, and the trailers
 * Case:, Event: and Workflow: for tools.  Personal data stays out of them;
 * the person appears by id.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../letter/letter.h"
#include "../name/name.h"
#include "../record/record.h"
#include "../store/store.h"
#include "../workflow/workflow.h"
#include "access.h"
#include "../seal/seal.h"
#include "apply.h"
#include "index.h"
#include "layout.h"

#define MAX_ATTEMPTS 400

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- Commit messages ------------------------------------------------ */

typedef struct {
	char *buf;
	size_t len;
	FILE *f;
} membuf;

static void
mb_open(membuf *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
}

static char *
mb_close(membuf *m)
{
	fclose(m->f);
	return m->buf;
}

static void
value_text(FILE *f, const json_t *v)
{
	if (vpd_seal_is_sealed(v, NULL)) {
		fputs("(verzegeld)", f);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);

		fprintf(f, "%.*s%s", n > 70 ? 70 : (int)n, s,
		    n > 70 ? "…" : "");
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;

		json_array_foreach(v, i, x) {
			fputs(i ? ", " : "", f);
			value_text(f, x);
		}
	} else if (json_is_true(v)) {
		fputs("ja", f);
	} else if (json_is_false(v)) {
		fputs("nee", f);
	} else if (json_is_integer(v)) {
		fprintf(f, "%lld", (long long)json_integer_value(v));
	}
}

static void
describe_event(FILE *f, const json_t *rec, const vpd_workflow *wf)
{
	const char *key;
	json_t *v, *acts = json_object_get(rec, "acties");
	size_t i;

	fprintf(f, "Door: %s (", str(rec, "actor"));
	value_text(f, json_object_get(rec, "rollen"));
	fputs(")\n", f);
	if (json_object_size(json_object_get(rec, "invoer")) > 0) {
		fputs("Invoer:\n", f);
		json_object_foreach(json_object_get(rec, "invoer"), key, v) {
			fprintf(f, "  %s: ", key);
			value_text(f, v);
			fputc('\n', f);
		}
	}
	if (json_object_get(rec, "incident")) {
		json_t *inc = json_object_get(rec, "incident");

		fprintf(f, "Incident: %s, %s (", str(inc, "tijdstip"),
		    str(inc, "kanaal"));
		value_text(f, json_object_get(inc, "soorten"));
		fputs(")\n", f);
	}
	if (str(rec, "reden"))
		fprintf(f, "Reden: %s\n", str(rec, "reden"));
	json_array_foreach(json_object_get(rec, "afwijkingen"), i, v)
		fprintf(f, "Afwijking van de regel \"%s\": %s\n",
		    str(v, "regel"), str(v, "reden"));
	json_array_foreach(acts, i, v) {
		const char *soort = str(v, "soort");

		if (strcmp(soort, "brief") == 0) {
			json_t *d = json_object_get(v, "document"), *x;
			size_t k;

			fprintf(f, "Brief: %s, %zu exemplaren (",
			    str(d, "titel"),
			    json_array_size(json_object_get(d, "exemplaren")));
			json_array_foreach(json_object_get(d, "exemplaren"), k,
			    x)
				fprintf(f, "%s%s", k ? ", " : "",
				    str(x, "bestemming"));
			fprintf(f, ")%s\n", json_is_true(json_object_get(d,
			    "te_laat")) ? " TE LAAT" : "");
		} else if (strcmp(soort, "maatregel") == 0) {
			json_t *m = json_object_get(v, "maatregel");

			fprintf(f, "Maatregel: %s van %s tot en met %s\n",
			    str(m, "soort"), str(m, "van"), str(m, "tot"));
		} else if (strcmp(soort, "maatregel_einde") == 0) {
			fprintf(f, "Maatregel %lld: %s\n", (long long)
			    json_integer_value(json_object_get(v,
			    "maatregel")), str(v, "status"));
		} else if (strcmp(soort, "politie") == 0) {
			json_t *p = json_object_get(v, "politie");

			fprintf(f, "Politie: %s (%s)\n", str(p, "soort"),
			    str(p, "feit") ? str(p, "feit") : "-");
		} else if (strcmp(soort, "afspraak") == 0) {
			fprintf(f, "Afspraak: %s\n", str(json_object_get(v,
			    "afspraak"), "tijdstip"));
		}
	}
	json_array_foreach(json_object_get(rec, "termijnen_afgehandeld"), i, v)
		fprintf(f, "Termijn %s: %s\n", str(v, "naam"),
		    str(v, "status"));
	json_array_foreach(json_object_get(rec, "termijnen_gestart"), i, v)
		fprintf(f, "Termijn gestart: %s\n", json_string_value(v));
	(void)wf;
}

static const vpd_workflow *
record_workflow(vpd_archive *a, vpd_wfcache *c, const json_t *rec)
{
	const vpd_workflow *wf = NULL;
	vpd_error e;

	if (vpd_wfcache_get(c, a, str(json_object_get(rec, "workflow"), "blob"),
	    &wf, &e))
		return NULL;
	return wf;
}

/* A copy of v in which no text can start a line of its own (vpd_scrub):
 * a value with a newline could otherwise forge a "Case:" or "Event:"
 * trailer, and git log --grep would find the commit under another case. */
static json_t *
message_safe(const json_t *v)
{
	json_t *out, *x;
	const char *k;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING: {
		char *clean = strdup(json_string_value(v));

		if (clean == NULL)
			return json_copy((json_t *)v);
		vpd_scrub(clean);
		out = json_string(clean);
		free(clean);
		return out;
	}
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, message_safe(x));
		return out;
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach((json_t *)v, k, x) {
			char *ck = strdup(k);

			if (ck)
				vpd_scrub(ck);
			json_object_set_new(out, ck ? ck : k, message_safe(x));
			free(ck);
		}
		return out;
	default:
		return json_copy((json_t *)v);
	}
}

static char *compose(vpd_archive *a, vpd_wfcache *c, const json_t *records);
static char *compose_message(vpd_archive *a, vpd_wfcache *c,
    const json_t *records);

/* The commit message: made from the records, with every value first made
 * safe (message_safe); the trailers are written by vpd alone. */
char *
vpd_commit_message(vpd_archive *a, vpd_wfcache *c, const json_t *records)
{
	return compose_message(a, c, records);
}

static char *
compose_message(vpd_archive *a, vpd_wfcache *c, const json_t *records)
{
	json_t *safe = message_safe(records);
	char *msg = compose(a, c, safe);

	json_decref(safe);
	return msg;
}

/* records: array of {"pad": …, "record": …} */
static char *
compose(vpd_archive *a, vpd_wfcache *c, const json_t *records)
{
	membuf m;
	json_t *first = json_object_get(json_array_get(records, 0), "record");
	const char *soort = str(first, "soort");
	size_t i, n = json_array_size(records);
	json_t *item;

	mb_open(&m);
	if (strcmp(soort, "init") == 0) {
		fprintf(m.f, "Archief aangemaakt\n\nDoor: %s\n\nEvent: init\n",
		    str(first, "actor"));
		return mb_close(&m);
	}
	if (strcmp(soort, "sleutel") == 0) {
		fprintf(m.f, "Nieuwe sleutel voor het archief\n\nDoor: %s\n"
		    "Sleutel: %s\n\nEvent: sleutel\n", str(first, "actor"),
		    str(first, "sleutel"));
		return mb_close(&m);
	}
	if (strcmp(soort, "actor") == 0 && json_is_true(json_object_get(first,
	    "uitgeschakeld"))) {
		fprintf(m.f, "Actor %s uitgeschakeld\n\nDoor: %s\n\nEvent: "
		    "actor\n", str(first, "naam"), str(first, "actor"));
		return mb_close(&m);
	}
	if (strcmp(soort, "actor") == 0) {
		fprintf(m.f, "Actor %s: rollen ", str(first, "naam"));
		value_text(m.f, json_object_get(first, "rollen"));
		fprintf(m.f, "\n\nDoor: %s\n\nEvent: actor\n",
		    str(first, "actor"));
		return mb_close(&m);
	}
	if (strcmp(soort, "verzending") == 0) {
		fprintf(m.f, "Zaak %s: document %lld exemplaar %lld (%s) %s\n\n"
		    "Door: %s\n", str(first, "zaak"), (long long)
		    json_integer_value(json_object_get(first, "document")),
		    (long long)json_integer_value(json_object_get(first,
		    "exemplaar")), str(first, "bestemming"), str(first,
		    "status"), str(first, "actor"));
		if (str(first, "volgnummer"))
			fprintf(m.f, "Volgnummer: %s\n", str(first,
			    "volgnummer"));
		if (str(first, "toelichting"))
			fprintf(m.f, "Toelichting: %s\n", str(first,
			    "toelichting"));
		fprintf(m.f, "\nCase: %s\nEvent: verzending\n",
		    str(first, "zaak"));
		return mb_close(&m);
	}
	if (strcmp(soort, "politie_export") == 0) {
		json_t *f;
		size_t k;

		fprintf(m.f, "Export %lld naar de politie: %zu documenten sinds "
		    "%s\n\nDoor: %s\nBasis: %s\n\n", (long long)
		    json_integer_value(json_object_get(first, "export")),
		    json_array_size(json_object_get(first, "bestanden")),
		    str(first, "sinds"), str(first, "actor"),
		    str(first, "basis"));
		json_array_foreach(json_object_get(first, "bestanden"), k, f)
			fprintf(m.f, "%s  %s\n", str(f, "sha256"),
			    str(f, "pad"));
		fputs("\nEvent: politie_export\n", m.f);
		return mb_close(&m);
	}
	if (strcmp(soort, "persoon") == 0) {
		fprintf(m.f, "Gegevens van persoon %s %s\n\nDoor: %s\n"
		    "\nPerson: %s\nEvent: persoon\n", str(first, "persoon"),
		    json_object_get(first, "reden") ? "gecorrigeerd" : "bijgewerkt",
		    str(first, "actor"), str(first, "persoon"));
		return mb_close(&m);
	}
	if (strcmp(soort, "wissen") == 0) {
		fprintf(m.f, "Gegevens van persoon %s gewist\n\nDoor: %s\n"
		    "Zaken: %zu\n\nPerson: %s\nEvent: wissen\n",
		    str(first, "persoon"), str(first, "actor"),
		    json_array_size(json_object_get(first, "zaken")),
		    str(first, "persoon"));
		return mb_close(&m);
	}
	if (strcmp(soort, "versleuteling") == 0) {
		fprintf(m.f, "Persoonsgegevens versleuteld: %zu personen\n\n"
		    "Door: %s\n\nEvent: versleuteling\n",
		    json_array_size(records) - 1, str(first, "actor"));
		return mb_close(&m);
	}
	/* the reason stays in the record: it may name the person */
	if (strcmp(soort, "beperking") == 0) {
		fprintf(m.f, "Verwerking van gegevens van persoon %s %s\n\n"
		    "Door: %s\n\nPerson: %s\nEvent: beperking\n",
		    str(first, "persoon"), json_is_true(json_object_get(first,
		    "beperkt")) ? "beperkt" : "niet langer beperkt",
		    str(first, "actor"), str(first, "persoon"));
		return mb_close(&m);
	}
	if (strcmp(soort, "foto") == 0) {
		fprintf(m.f, "Foto van persoon %s %s\n\nDoor: %s\n",
		    str(first, "persoon"), str(first, "actie"),
		    str(first, "actor"));
		if (json_is_object(json_object_get(first, "foto"))) {
			json_t *f = json_object_get(first, "foto");

			fprintf(m.f, "Foto: %s, %lld x %lld pixels, sha256 %s\n",
			    str(f, "type"), (long long)json_integer_value(
			    json_object_get(f, "breedte")), (long long)
			    json_integer_value(json_object_get(f, "hoogte")),
			    str(f, "sha256"));
		}
		fprintf(m.f, "\nPerson: %s\nEvent: foto\n",
		    str(first, "persoon"));
		return mb_close(&m);
	}
	if (n == 1) {
		const vpd_workflow *wf = record_workflow(a, c, first);
		const char *ev = str(first, "event");

		if (strcmp(soort, "openen") == 0)
			fprintf(m.f, "Zaak %s geopend voor persoon %s "
			    "(%s)\n\n", str(first, "zaak"),
			    str(first, "persoon_id"),
			    wf ? vpd_workflow_title(wf) : "");
		else
			fprintf(m.f, "Zaak %s: %s (%s → %s)\n\n",
			    str(first, "zaak"), wf ?
			    vpd_workflow_event_label(wf, ev) : ev,
			    str(first, "van"), str(first, "naar"));
		describe_event(m.f, first, wf);
	} else {
		fprintf(m.f, "Tijdgestuurde gebeurtenissen in %zu zaken\n\n",
		    n);
		json_array_foreach(records, i, item) {
			json_t *rec = json_object_get(item, "record");
			const vpd_workflow *wf = record_workflow(a, c, rec);

			fprintf(m.f, "Zaak %s: %s (%s → %s)\n",
			    str(rec, "zaak"), wf ? vpd_workflow_event_label(wf,
			    str(rec, "event")) : str(rec, "event"),
			    str(rec, "van"), str(rec, "naar"));
		}
	}
	fputc('\n', m.f);
	json_array_foreach(records, i, item)
		fprintf(m.f, "Case: %s\n", str(json_object_get(item, "record"),
		    "zaak"));
	json_array_foreach(records, i, item)
		if (i == 0 || strcmp(str(json_object_get(item, "record"),
		    "event"), str(first, "event")) != 0)
			fprintf(m.f, "Event: %s\n", str(json_object_get(item,
			    "record"), "event"));
	{
		json_t *wf = json_object_get(first, "workflow");

		fprintf(m.f, "Workflow: %s@%s\n", str(wf, "naam"),
		    str(wf, "blob"));
	}
	return mb_close(&m);
}

/* ---- The commit loop ------------------------------------------------ */

typedef int (*build_fn)(vpd_txn *t, vpd_wfcache *c, void *ud,
    json_t *records, vpd_error *err);

static void
backoff(int attempt)
{
	struct timespec ts;
	long ms = 1 + rand() % (2 + (attempt < 20 ? attempt : 20) * 3);

	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
}

static int
apply_one(vpd_txn *t, vpd_wfcache *c, const json_t *req, json_t *records,
    vpd_error *err)
{
	json_t *rec;
	char path[256];
	int rc = vpd_apply(t, c, req, &rec, path, sizeof(path), err);

	if (rc == 0)
		json_array_append_new(records, json_pack("{ssso}", "pad", path,
		    "record", rec));
	return rc;
}

/*
 * Applies an event request; when it makes letters, first on a clone of the
 * transaction to learn which, then renders every copy and applies the
 * request with the PDFs (rendering needs the case after the event, and
 * verify must replay without templates or fonts).
 */
static int
apply_sealed(vpd_txn *t, vpd_wfcache *c, const vpd_who *who,
    const json_t *req, json_t *records, vpd_error *err)
{
	vpd_txn *dry = NULL;
	json_t *rec = NULL, *pdfs = NULL, *full;
	char path[256];
	int rc;

	/* Events make letters; so may opening a case, when it links a repeat
	 * incident to the person's case in force (the record is then an
	 * event record). */
	if (who->letters_dir == NULL || (strcmp(str(req, "soort"), "event") != 0
	    && strcmp(str(req, "soort"), "openen") != 0))
		return apply_one(t, c, req, records, err);
	if ((rc = vpd_txn_clone(&dry, t, err)))
		return rc;
	rc = vpd_apply(dry, c, req, &rec, path, sizeof(path), err);
	/* letters print what sealed values hold */
	vpd_txn_set_raw(dry, false);
	if (rc == 0)
		rc = vpd_letters_render_event(dry, who, rec, &pdfs, err);
	json_decref(rec);
	vpd_txn_free(dry);
	if (rc)
		return rc;
	if (pdfs == NULL)
		return apply_one(t, c, req, records, err);
	full = json_deep_copy(req);
	json_object_set_new(full, "pdf", pdfs);
	rc = apply_one(t, c, full, records, err);
	json_decref(full);
	return rc;
}

/* The request's personal data sealed first, in this attempt's
 * transaction: which person it is about may change between attempts. */
static int
apply_with_letters(vpd_txn *t, vpd_wfcache *c, const vpd_who *who,
    const json_t *req, json_t *records, vpd_error *err)
{
	json_t *sealed = NULL;
	int rc;

	if ((rc = vpd_seal_request(t, req, &sealed, err)) == 0)
		rc = apply_sealed(t, c, who, sealed, records, err);
	json_decref(sealed);
	return rc;
}

static int
transact(vpd_archive *a, const vpd_who *who, build_fn build, void *ud,
    json_t **records_out, char commit[VPD_OID_HEX], vpd_error *err)
{
	static int seeded;
	int rc = 0;

	if (!seeded) {
		srand((unsigned)getpid() ^ (unsigned)time(NULL));
		seeded = 1;
	}
	commit[0] = '\0';
	*records_out = NULL;
	/* every change has its author (the first actor too: he adds
	 * himself) */
	if (who->actor == NULL || *who->actor == '\0')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "who makes "
		    "this change? Give --as NAME or set VPD_ACTOR");
	for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		vpd_txn *t = NULL;
		vpd_wfcache *c = vpd_wfcache_new();
		json_t *records = json_array(), *actors = NULL;
		char *msg;
		const char *email = "";
		vpd_error e2;

		if ((rc = vpd_txn_begin(&t, a, err)) == 0)
			vpd_txn_set_raw(t, true);
		if (rc || (rc = build(t, c, ud, records, err))) {
			vpd_txn_free(t);
			vpd_wfcache_free(c);
			json_decref(records);
			return rc;
		}
		if (!vpd_txn_dirty(t)) {
			vpd_txn_free(t);
			vpd_wfcache_free(c);
			*records_out = records;
			return 0;
		}
		if (vpd_txn_read_json(t, "config/actors.json", &actors,
		    &e2) == 0) {
			const char *em = str(json_object_get(json_object_get(
			    actors, "actoren"), who->actor), "email");

			if (em)
				email = em;
		}
		msg = compose_message(a, c, records);
		rc = vpd_txn_commit(t, who->actor, email, who->now, msg, commit,
		    err);
		free(msg);
		json_decref(actors);
		vpd_txn_free(t);
		vpd_wfcache_free(c);
		if (rc == VPD_ECONFLICT) {
			json_decref(records);
			backoff(attempt);
			continue;
		}
		if (rc) {
			json_decref(records);
			return rc;
		}
		/* The change is in; packing is housekeeping, and a gc that
		 * fails (or finds another running) leaves the archive as it
		 * was, so its outcome does not change this command's. */
		vpd_error_clear(&e2);
		vpd_archive_gc_auto(a, NULL, &e2);
		vpd_core_mirror_auto(a);
		*records_out = records;
		return 0;
	}
	return rc;
}

static void
stamp(json_t *req, const vpd_who *who)
{
	char buf[VPD_TIME_UTC_LEN];

	vpd_time_format_utc(who->now, buf);
	json_object_set_new(req, "tijdstip", json_string(buf));
	json_object_set_new(req, "actor", json_string(who->actor ?
	    who->actor : ""));
}

typedef struct {
	const vpd_who *who;
	json_t *req;
} single_job;

static int
build_single(vpd_txn *t, vpd_wfcache *c, void *ud, json_t *records,
    vpd_error *err)
{
	single_job *j = ud;

	return apply_with_letters(t, c, j->who, j->req, records, err);
}

/* Runs one request; result: the record plus "commit". */
int
vpd_core_commit_request(vpd_archive *a, const vpd_who *who, json_t *req, json_t **result,
    vpd_error *err)
{
	char commit[VPD_OID_HEX];
	json_t *records;
	int rc;

	single_job job = {who, req};

	*result = NULL;
	/* jansson refuses text that is not UTF-8, and a request built from
	 * such a value comes here as NULL */
	if (req == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "a value "
		    "is not valid UTF-8 text");
	stamp(req, who);
	rc = transact(a, who, build_single, &job, &records, commit, err);
	json_decref(req);
	if (rc)
		return rc;
	*result = json_deep_copy(json_object_get(json_array_get(records, 0),
	    "record"));
	json_object_set_new(*result, "commit", json_string(commit));
	json_decref(records);
	return 0;
}

/* ---- Commands ------------------------------------------------------- */

int
vpd_core_init(const char *path, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	vpd_archive *a = NULL;
	vpd_who w = *who;
	char *key = NULL;
	int rc;

	*result = NULL;
	if (w.actor == NULL || *w.actor == '\0')
		w.actor = "vpd";
	if ((rc = vpd_archive_create(&a, path, err)))
		return rc;
	/* A new archive keeps the indexes, and spreads its cases and
	 * persons over small folders, from its first commit (layout.h); it
	 * signs every commit, this one with the key it brings in (keys.c). */
	/* It seals personal data from the start, under keys wrapped by a
	 * master key made now (seal.h). */
	if ((rc = vpd_core_new_key(path, &key, err)) == 0 &&
	    (rc = vpd_seal_prepare(path, err)) == 0)
		rc = vpd_core_commit_request(a, &w, json_pack("{sssisisssi}",
		    "soort", "init", "indexen", VPD_INDEX_VERSION, "formaat",
		    VPD_LAYOUT_SPREAD, "sleutel", key, "versleuteling", 1),
		    result, err);
	free(key);
	if (rc)
		vpd_archive_destroy_new(a);
	else
		vpd_archive_free(a);
	return rc;
}

/*
 * A new actor's name is an author in every commit it makes and the name
 * people see in the history, so two actors must never look alike.  Only
 * Latin letters in their precomposed form (NFC: "ö", never "o" followed
 * by a combining diaeresis), digits, single spaces and . , - ' ’ ( ) are
 * taken: no look-alike letters of other scripts (a Cyrillic "о" in
 * "Coördinator"), no invisible or non-breaking spaces, no control or
 * escape characters.  Checked by the command, not on replay, so older
 * archives still verify.  The message names the character and where it
 * is, not the name.
 */
static int
actor_name_check(const char *name, vpd_error *err)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t pos = 0;

	if (name == NULL || *name == '\0' || !vpd_text_printable(name) ||
	    name[0] == ' ' || name[strlen(name) - 1] == ' ')
		return 0;               /* refused as such by apply */
	while (*p) {
		unsigned long c;
		int n;

		pos++;
		if (p[0] < 0x80) {
			c = p[0];
			n = 1;
		} else if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			c = (p[0] & 0x1fUL) << 6 | (p[1] & 0x3f);
			n = 2;
		} else if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80) {
			c = (p[0] & 0x0fUL) << 12 | (p[1] & 0x3fUL) << 6 |
			    (p[2] & 0x3f);
			n = 3;
		} else if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
			c = (p[0] & 0x07UL) << 18 | (p[1] & 0x3fUL) << 12 |
			    (p[2] & 0x3fUL) << 6 | (p[3] & 0x3f);
			n = 4;
		} else {
			return 0;       /* not UTF-8: refused as such by apply */
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || (c < 0x80 && strchr(" .,-'()", (int)c)) ||
		    c == 0x2019 || (c >= 0xc0 && c <= 0x24f && c != 0xd7 &&
		    c != 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) || c == 0)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "an actor's name may hold Latin letters (as one "
			    "character each: \"ö\", not \"o\" and a "
			    "separate \"¨\"), digits, single spaces and "
			    ". , - ' ( ); character %zu is U+%04lX", pos, c);
		if (c == ' ' && p[1] == ' ')
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "an actor's name may not hold two spaces in a "
			    "row (character %zu)", pos);
		p += n;
	}
	return 0;
}

/*
 * Two names that fold alike (name.h: without case, accents or
 * punctuation, Ĳ as ij, "O’Brien" as "O'Brien") would read as one person
 * in the history; a new actor's name must differ from every other's.
 */
static int
actor_name_distinct(const char *name, const json_t *actors, vpd_error *err)
{
	char mine[256], theirs[256];
	const char *other;
	json_t *v;

	if (name == NULL || !vpd_text_printable(name))
		return 0;               /* refused as such by apply */
	vpd_name_fold(name, mine, sizeof(mine));
	json_object_foreach(json_object_get(actors, "actoren"), other, v) {
		vpd_name_fold(other, theirs, sizeof(theirs));
		if (strcmp(mine, theirs) == 0)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "an actor's name must not look like another's: "
			    "it reads the same as the actor '%s' (without "
			    "capitals, accents or punctuation)", other);
	}
	return 0;
}

int
vpd_core_actor_add(vpd_archive *a, const vpd_who *who, const char *name,
    const json_t *roles, const char *email, const json_t *departments,
    json_t **result, vpd_error *err)
{
	json_t *req, *known = NULL;
	bool exists = false;
	int rc;

	*result = NULL;
	if (name && vpd_core_actor_list(a, &known, err) == 0)
		exists = json_object_get(json_object_get(known, "actoren"),
		    name) != NULL;
	vpd_error_clear(err);
	/* an existing actor keeps its name: its roles can always be
	 * changed or taken away, whatever rules names met when it was
	 * added; a new one must be written well and not look like one */
	if (!exists && ((rc = actor_name_check(name, err)) ||
	    (rc = actor_name_distinct(name, known, err)))) {
		json_decref(known);
		return rc;
	}
	if (exists && (vpd_actor_entry_roles(json_object_get(json_object_get(
	    known, "actoren"), name)) & VPD_ROLE_COORDINATOR)) {
		/* nobody takes the last coordinator's role away: then no one
		 * could manage actors any more */
		unsigned want = 0, others = 0;
		json_t *v, *e;
		const char *k;
		size_t i;

		json_array_foreach(roles, i, v)
			want |= vpd_role_parse(json_string_value(v));
		json_object_foreach(json_object_get(known, "actoren"), k, e)
			if (strcmp(k, name) != 0)
				others |= vpd_actor_entry_roles(e);
		if (!(want & VPD_ROLE_COORDINATOR) &&
		    !(others & VPD_ROLE_COORDINATOR)) {
			json_decref(known);
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "'%s' "
			    "is the last coordinator who can act: make another "
			    "one first", name);
			vpd_error_set_nl(err, "Dit is de laatste coördinator die "
			    "nog kan werken; maak eerst een andere.");
			return rc;
		}
	}
	if (email && *email && !vpd_mail_address_valid(email)) {
		json_decref(known);
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "--email: not "
		    "an e-mail address (name@example.nl)");
		vpd_error_set_nl(err, "Dit is geen e-mailadres.");
		return rc;
	}
	json_decref(known);
	req = json_pack("{sssssO}", "soort", "actor", "naam",
	    name ? name : "", "rollen", roles);
	if (req && email && *email &&
	    json_object_set_new(req, "email", json_string(email)) != 0) {
		json_decref(req);       /* not UTF-8: refused below */
		req = NULL;
	}
	if (json_array_size(departments) > 0)
		json_object_set(req, "afdelingen", (json_t *)departments);
	return vpd_core_commit_request(a, who, req, result, err);
}

unsigned
vpd_actor_entry_roles(const json_t *entry)
{
	if (entry == NULL || json_is_true(json_object_get(entry,
	    "uitgeschakeld")))
		return 0;
	return vpd_roles_from_json(json_object_get(entry, "rollen"));
}

int
vpd_core_actor_disable(vpd_archive *a, const vpd_who *who, const char *name,
    json_t **result, vpd_error *err)
{
	int rc = vpd_core_commit_request(a, who, json_pack("{sssssb}",
	    "soort", "actor", "naam", name ? name : "", "uitgeschakeld", 1),
	    result, err);

	/* their API tokens go with them, so enabling them again does not
	 * bring a forgotten token back */
	if (rc == 0 && (rc = vpd_core_tokens_revoke_actor(a, who, name,
	    err))) {
		json_decref(*result);
		*result = NULL;
	}
	return rc;
}

int
vpd_core_actor_reset_password(vpd_archive *a, const vpd_who *who,
    const char *name, const char *password, vpd_error *err)
{
	vpd_txn *t = NULL;
	unsigned roles = 0;
	int rc;

	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	rc = vpd_actor_roles(t, who->actor, &roles, err);
	vpd_txn_free(t);
	if (rc)
		return rc;
	if (!(roles & VPD_ROLE_COORDINATOR)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "only a "
		    "coordinator sets other people's passwords");
		vpd_error_set_nl(err, "Alleen de coördinator stelt wachtwoorden "
		    "van anderen in.");
		return rc;
	}
	return vpd_core_actor_passwd(a, who, name, password, err);
}

int
vpd_core_actor_passwd(vpd_archive *a, const vpd_who *who, const char *name,
    const char *password, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_store *s = NULL;
	unsigned roles;
	int rc;

	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	rc = vpd_actor_roles(t, name, &roles, err);
	vpd_txn_free(t);
	if (rc)
		return rc;
	if (roles == VPD_ROLE_SYSTEM)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'system' does not sign in");
	if ((rc = vpd_store_open(&s, vpd_archive_path(a), err)) == 0)
		rc = vpd_store_set_password(s, name, password, who->now, err);
	vpd_store_free(s);
	return rc;
}

/*
 * Changes to a case are made by people who can see it: the workflow says
 * which roles may fire an event, the visibility matrix which cases a
 * person has in view (a manager those of his departments, reception those
 * at the desk).  Checked here, by the command, so that verify replays the
 * records of older archives by the workflow's rules alone.
 */
static int
require_sight(vpd_archive *a, const vpd_who *who, const char *case_id,
    unsigned need, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *cs = NULL;
	char path[128];
	int rc;

	if (case_id == NULL || *case_id == '\0' || strchr(case_id, '/') ||
	    strlen(case_id) > 64)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' is not a case id (e.g. 2026-0001)", case_id ?
		    case_id : "");
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = vpd_viewer_load(&v, t, who, "changing a case", err)))
		goto done;
	if (vpd_case_path(t, case_id, "case.json", path, sizeof(path)) ||
	    (rc = vpd_txn_read_json(t, path, &cs, err))) {
		/* there, but not to be opened (a key missing): say so */
		if (rc && vpd_txn_exists(t, path))
			goto done;
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", case_id);
		vpd_error_set_nl(err, "Zaak %s bestaat niet.", case_id);
		goto done;
	}
	if (!(vpd_case_sight(t, &v, cs, vpd_time_local_date(who->now), NULL) &
	    need)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not change case %s: it is not among the cases "
		    "they can see (docs/access.md)", who->actor, case_id);
		vpd_error_set_nl(err, "U heeft geen toegang tot zaak %s.",
		    case_id);
	}
done:
	json_decref(cs);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

int
vpd_core_actor_list(vpd_archive *a, json_t **result, vpd_error *err)
{
	vpd_txn *t;
	int rc;

	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	rc = vpd_txn_read_json(t, "config/actors.json", result, err);
	vpd_txn_free(t);
	return rc;
}

/*
 * A report about a person already in the register ("id" given, e.g. when
 * the reporter chose "Bedoelt u …?") carries what the reporter knew.  The
 * register's names and birth date stay (the reporter pointed at the
 * person, perhaps spelling the name as it sounded; corrections go through
 * `vpd person update`), and its other data fills in what the report
 * lacks, so an address is not lost because the reporter did not know it.
 * *out is a new reference.
 */
static int
with_stored_person(vpd_archive *a, const json_t *persoon, json_t **out,
    vpd_error *err)
{
	const char *id = str(persoon, "id"), *key;
	vpd_txn *t = NULL;
	json_t *stored = NULL, *v;
	char path[128];
	int rc;

	*out = json_deep_copy(persoon);
	if (*out == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "persoon: must be a JSON object");
	if (!vpd_person_id_valid(id))
		return 0;
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if (vpd_person_path(t, id, path, sizeof(path)) == 0 &&
	    vpd_txn_read_json(t, path, &stored, err) == 0) {
		static const char *const identity[] = {"voornamen",
		    "roepnaam", "tussenvoegsel", "achternaam",
		    "geboortedatum", NULL};

		for (int i = 0; identity[i]; i++) {
			json_object_del(*out, identity[i]);
			if (json_object_get(stored, identity[i]))
				json_object_set(*out, identity[i],
				    json_object_get(stored, identity[i]));
		}
		/* only the fields of a person record: not the file's own
		 * (cases, photo, corrections, restriction, search code) */
		json_object_foreach(stored, key, v)
			if (vpd_person_has_field(key) &&
			    json_object_get(*out, key) == NULL)
				json_object_set(*out, key, v);
	}
	json_decref(stored);
	vpd_txn_free(t);
	return 0;
}

/*
 * A text given with a request (a reason, a note): printable UTF-8, with
 * line breaks where `lines`, at most `max` bytes.  The text itself is not
 * repeated: it may hold anyone's name.
 */
static int
edge_text(const char *s, const char *what, size_t max, bool lines,
    vpd_error *err)
{
	if (strlen(s) > max) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "%s: longer than "
		    "%zu bytes", what, max);
		vpd_error_set_nl(err, "De tekst is te lang (hoogstens %zu "
		    "tekens).", max);
		return VPD_EINVALID;
	}
	if (!(lines ? vpd_text_printable_lines(s) : vpd_text_printable(s))) {
		vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "%s: not valid "
		    "UTF-8 text, or holds control characters", what);
		vpd_error_set_nl(err, "In de tekst staan tekens die niet zijn "
		    "toegestaan.");
		return VPD_EINVALID;
	}
	return 0;
}

/* A person's birth date lies on or before today. */
static int
born_by_now(const json_t *p, const char *file, vpd_time now, vpd_error *err)
{
	vpd_date born;

	if (vpd_date_parse(json_string_value(json_object_get(p,
	    "geboortedatum")), &born) == 0 && born > vpd_time_local_date(now)) {
		vpd_error_set(err, VPD_EINVALID, file, 0, 0,
		    "geboortedatum: lies in the future");
		vpd_error_set_nl(err, "Geboortedatum: dit ligt in de toekomst.");
		return VPD_EINVALID;
	}
	return 0;
}

/*
 * Every text of a record (person, incident) letters may print: a name no
 * letter can print would block every letter of the case, and the 48-hour
 * deadline with them, so it is refused at the door, naming the field.
 */
static int
printable_record(const json_t *v, const char *file, const char *field,
    vpd_error *err)
{
	const char *key;
	json_t *x;
	size_t i;
	int rc = 0;

	if (json_is_string(v)) {
		if ((rc = vpd_letter_printable(json_string_value(v), err))) {
			vpd_error_prefix(err, "field '%s'", field);
			if (file)
				snprintf(err->file, sizeof(err->file), "%s",
				    file);
		}
		return rc;
	}
	if (json_is_object(v))
		json_object_foreach((json_t *)v, key, x) {
			char sub[128];

			snprintf(sub, sizeof(sub), "%s%s%s", field, *field ?
			    (strcmp(field, "--set") == 0 ? " " : ".") : "",
			    key);
			if ((rc = printable_record(x, file, sub, err)))
				return rc;
		}
	if (json_is_array(v))
		json_array_foreach(v, i, x) {
			char sub[128];

			snprintf(sub, sizeof(sub), "%s[%zu]", field, i);
			if ((rc = printable_record(x, file, sub, err)))
				return rc;
		}
	return rc;
}

int
vpd_core_case_open(vpd_archive *a, const vpd_who *who,
    const char *workflow_name, const char *text, size_t len,
    const json_t *persoon, const char *persoon_file, const json_t *incident,
    const char *incident_file, json_t **result, vpd_error *err)
{
	vpd_workflow *wf = NULL;
	json_t *p = NULL, *inc = NULL, *req, *given = NULL;
	char blob[VPD_OID_HEX];
	int rc;

	*result = NULL;
	/* Check everything the user gave before anything is written. */
	if ((rc = vpd_workflow_load(&wf, workflow_name, text, len, NULL, err)))
		return rc;
	if ((rc = with_stored_person(a, persoon, &given, err))) {
		vpd_workflow_free(wf);
		return rc;
	}
	persoon = given;
	if ((rc = vpd_person_validate(&p, persoon, persoon_file, err)) ||
	    (rc = born_by_now(p, persoon_file, who->now, err)) ||
	    (rc = vpd_incident_validate(&inc, incident, incident_file,
	    who->now, err)) ||
	    (rc = printable_record(p, persoon_file, "", err)) ||
	    (rc = printable_record(inc, incident_file, "", err)) ||
	    (rc = vpd_archive_put_blob(a, text, len, blob, err))) {
		vpd_workflow_free(wf);
		json_decref(p);
		json_decref(inc);
		json_decref(given);
		return rc;
	}
	json_decref(given);
	/* The workflow's own name, which the file name need not be. */
	req = json_pack("{sssssssoso}", "soort", "openen", "workflow",
	    vpd_workflow_name(wf), "workflow_blob", blob, "persoon", p,
	    "incident", inc);
	vpd_workflow_free(wf);
	rc = vpd_core_commit_request(a, who, req, result, err);
	if (rc == 0) {
		vpd_txn *t = NULL;
		unsigned roles = 0;
		vpd_error e;

		json_object_set_new(*result, "gekoppeld",
		    json_boolean(strcmp(str(*result, "soort"), "event") == 0));
		/* The person as the register knows them is for those who see
		 * everything; a reporter sees what he typed, by his report. */
		if (vpd_txn_begin(&t, a, &e) == 0 &&
		    vpd_actor_roles(t, who->actor, &roles, &e) == 0 &&
		    !(roles & (VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL)))
			json_object_del(*result, "persoon");
		vpd_txn_free(t);
	}
	return rc;
}

int
vpd_core_case_event(vpd_archive *a, const vpd_who *who, const char *case_id,
    const char *event, const json_t *inputs, const char *reason,
    const json_t *incident, const char *incident_file, json_t **result,
    vpd_error *err)
{
	json_t *req, *inc = NULL;
	int rc;

	*result = NULL;
	if (who->actor && strcmp(who->actor, "system") == 0)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "'system' acts only through 'vpd tick'");
	if ((rc = require_sight(a, who, case_id, VPD_SIGHT_FULL |
	    VPD_SIGHT_DESK, err)))
		return rc;
	if (incident && ((rc = vpd_incident_validate(&inc, incident,
	    incident_file, who->now, err)) ||
	    (rc = printable_record(inc, incident_file, "", err)))) {
		json_decref(inc);
		return rc;
	}
	/* an input stored now may be printed by a later letter */
	if (inputs && (rc = printable_record(inputs, NULL, "--set", err))) {
		json_decref(inc);
		return rc;
	}
	req = json_pack("{sssssss{}}", "soort", "event", "zaak", case_id,
	    "event", event, "invoer");
	if (inputs)
		json_object_set(req, "invoer", (json_t *)inputs);
	if (reason && *reason && (rc = edge_text(reason, "--reason",
	    VPD_TEXT_MAX, true, err))) {
		json_decref(req);
		json_decref(inc);
		return rc;
	}
	if (reason && *reason)
		json_object_set_new(req, "reden", json_string(reason));
	if (inc)
		json_object_set_new(req, "incident", inc);
	return vpd_core_commit_request(a, who, req, result, err);
}

static int
build_tick(vpd_txn *t, vpd_wfcache *c, void *ud, json_t *records,
    vpd_error *err)
{
	const vpd_who *who = ud;
	/* Timers fire only outside final states (index.h). */
	json_t *ids = vpd_index_running(t), *v;
	size_t i;
	int rc = 0;

	if (ids == NULL)
		ids = vpd_layout_case_ids(t);
	json_array_foreach(ids, i, v) {
		/* A case may pass several timers at once: loop, bounded. */
		for (int round = 0; round < 8 && rc == 0; round++) {
			char path[128];
			json_t *cs = NULL, *p, *req;
			const vpd_workflow *wf;
			const char *due;

			if (vpd_case_path(t, json_string_value(v), "case.json",
			    path, sizeof(path)))
				break;          /* not a case id: skip it */
			if ((rc = vpd_txn_read_json(t, path, &cs, err)))
				break;
			if ((rc = vpd_wfcache_get(c, vpd_txn_archive(t),
			    str(json_object_get(cs, "workflow"), "blob"), &wf,
			    err))) {
				json_decref(cs);
				break;
			}
			p = vpd_person_of_case(t, cs);
			due = vpd_workflow_due(wf, cs, p, who->now);
			json_decref(p);
			if (due == NULL) {
				json_decref(cs);
				break;
			}
			req = json_pack("{sssssss{}}", "soort", "event", "zaak",
			    json_string_value(v), "event", due, "invoer");
			stamp(req, who);
			rc = apply_with_letters(t, c, who, req, records, err);
			json_decref(req);
			json_decref(cs);
		}
		if (rc)
			break;
	}
	json_decref(ids);
	return rc;
}

int
vpd_core_tick(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	vpd_who sys = *who;
	char commit[VPD_OID_HEX];
	json_t *records, *list, *item;
	size_t i;
	int rc;

	*result = NULL;
	sys.actor = "system";
	sys.signer = NULL;
	if ((rc = transact(a, &sys, build_tick, &sys, &records, commit, err)))
		return rc;
	list = json_array();
	json_array_foreach(records, i, item) {
		json_t *rec = json_object_get(item, "record");

		json_array_append_new(list, json_pack("{sOsOsOsO}", "zaak",
		    json_object_get(rec, "zaak"), "event",
		    json_object_get(rec, "event"), "van",
		    json_object_get(rec, "van"), "naar",
		    json_object_get(rec, "naar")));
	}
	*result = json_pack("{soss}", "gebeurtenissen", list, "commit", commit);
	json_decref(records);
	return 0;
}

/* ---- Photos --------------------------------------------------------- */

/* The person id a PERSON argument names: a person id, or a case id. */
int
vpd_core_resolve_person(vpd_archive *a, const char *arg, char *pid, size_t size,
    vpd_error *err)
{
	vpd_txn *t;
	json_t *cs = NULL;
	char path[128];
	int rc;

	if (arg == NULL || *arg == '\0' || strchr(arg, '/') ||
	    strlen(arg) > 64)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'%s' is not a person id (P0001) or case id (2026-0001)",
		    arg ? arg : "");
	if (arg[0] == 'P') {
		snprintf(pid, size, "%s", arg);
		return 0;
	}
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if (vpd_case_path(t, arg, "case.json", path, sizeof(path)) ||
	    vpd_txn_read_json(t, path, &cs, err)) {
		bool there = vpd_txn_exists(t, path);

		vpd_txn_free(t);
		if (there && *path)
			return err->code;
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no person or case '%s' in this archive", arg);
	}
	snprintf(pid, size, "%s", str(cs, "persoon"));
	json_decref(cs);
	vpd_txn_free(t);
	return 0;
}

/* The person is in one of the cases the actor sees with `need`. */
static int
require_person_sight(vpd_archive *a, const vpd_who *who, const char *pid,
    unsigned need, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *p = NULL, *id;
	char path[128];
	size_t i;
	int rc;

	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if ((rc = vpd_viewer_load(&v, t, who, "a person", err)))
		goto done;
	if ((rc = vpd_person_load(t, pid, path, sizeof(path), &p, err)))
		goto done;
	rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "%s may not "
	    "change person %s: none of their cases is in view", who->actor,
	    pid);
	vpd_error_set_nl(err, "U heeft geen toegang tot deze persoon.");
	json_array_foreach(json_object_get(p, "zaken"), i, id) {
		json_t *cs = NULL;

		if (vpd_case_path(t, json_string_value(id), "case.json", path,
		    sizeof(path)) == 0 &&
		    vpd_txn_read_json(t, path, &cs, err) == 0 &&
		    (vpd_case_sight(t, &v, cs, vpd_time_local_date(who->now),
		    NULL) & need))
			rc = 0;
		json_decref(cs);
		if (rc == 0)
			break;
	}
	if (rc == 0)
		vpd_error_clear(err);
done:
	json_decref(p);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

/* Stores a photo's bytes, sealed for the person when the archive seals. */
static int
put_photo(vpd_archive *a, const char *pid, const unsigned char *image,
    size_t len, char blob[VPD_OID_HEX], vpd_error *err)
{
	vpd_txn *t = NULL;
	char *sealed = NULL;
	size_t slen = 0;
	int rc;

	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	if (!vpd_layout_sealed(t))
		rc = vpd_archive_put_blob(a, image, len, blob, err);
	else if ((rc = vpd_seal_blob(vpd_txn_seal(t), pid, false, image,
	    len, &sealed, &slen, err)) == 0)
		rc = vpd_archive_put_blob(a, sealed, slen, blob, err);
	free(sealed);
	vpd_txn_free(t);
	return rc;
}

int
vpd_core_person_photo(vpd_archive *a, const vpd_who *who,
    const char *person, const unsigned char *image, size_t len,
    const char *file, json_t **result, vpd_error *err)
{
	char pid[80];
	json_t *req;
	int rc;

	*result = NULL;
	if ((rc = vpd_core_resolve_person(a, person, pid, sizeof(pid), err)) ||
	    (rc = require_person_sight(a, who, pid, VPD_SIGHT_FULL |
	    VPD_SIGHT_DESK, err)))
		return rc;
	req = json_pack("{ssss}", "soort", "foto", "persoon", pid);
	if (image) {
		char blob[VPD_OID_HEX], sha[VPD_SHA256_HEX];
		vpd_image_info info;

		/* Checked here first, so the message names the user's file. */
		if ((rc = vpd_image_check(image, len, file, &info, err)) ||
		    (rc = put_photo(a, pid, image, len, blob, err))) {
			json_decref(req);
			return rc;
		}
		vpd_archive_sha256(image, len, sha);
		json_object_set_new(req, "foto", json_pack("{sssssssisi}",
		    "blob", blob, "sha256", sha, "type", info.type, "breedte",
		    info.width, "hoogte", info.height));
	}
	return vpd_core_commit_request(a, who, req, result, err);
}

int
vpd_core_document_mark(vpd_archive *a, const vpd_who *who,
    const char *case_id, int document, int copy, const char *status,
    const char *tracking, const char *note, json_t **result, vpd_error *err)
{
	json_t *req;
	int rc;

	*result = NULL;
	if ((tracking && (rc = edge_text(tracking, "--tracking", 100, false,
	    err))) || (note && (rc = edge_text(note, "--note", VPD_TEXT_MAX,
	    true, err))))
		return rc;
	if ((rc = require_sight(a, who, case_id, VPD_SIGHT_FULL, err)))
		return rc;
	req = json_pack("{sssssisiss}", "soort", "verzending", "zaak",
	    case_id, "document", document, "exemplaar", copy, "status",
	    status ? status : "");
	if (tracking && *tracking)
		json_object_set_new(req, "volgnummer", json_string(tracking));
	if (note && *note)
		json_object_set_new(req, "toelichting", json_string(note));
	return vpd_core_commit_request(a, who, req, result, err);
}

/*
 * Logs a change to a person's data by its kind (`wat`) in the access
 * log, before it is made: a change that then fails stays logged as
 * tried, which errs on the person's side.
 */
static int
log_person_change(vpd_archive *a, const vpd_who *who, const char *wat,
    const char *pid, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	json_t *ids;
	int rc;

	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	ids = json_pack("[s]", pid);
	if ((rc = vpd_viewer_load(&v, t, who, "a person", err)) == 0)
		rc = vpd_access_log(a, who, &v, wat, NULL, ids, err);
	json_decref(ids);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}

const char *
vpd_delivery_label(const char *status)
{
	static const char *const labels[][2] = {
		{"uitgereikt", "Uitgereikt"}, {"verzonden", "Verzonden"},
		{"aangetekend_verzonden", "Aangetekend verzonden"},
		{"aan_politie", "Aan de politie gegeven"},
		{"gearchiveerd", "In het dossier"},
		{"niet_afgehaald", "Niet afgehaald"}, {NULL, NULL}
	};

	for (int i = 0; status && labels[i][0]; i++)
		if (strcmp(labels[i][0], status) == 0)
			return labels[i][1];
	return "Nog niet verstuurd";
}

int
vpd_core_person_update(vpd_archive *a, const vpd_who *who, const char *person,
    const json_t *gegevens, const char *file, const char *reason,
    json_t **result, vpd_error *err)
{
	char pid[80];
	json_t *checked = NULL, *req;
	int rc;

	*result = NULL;
	/* a reason of spaces is none */
	if (reason && strspn(reason, " \t\n") == strlen(reason))
		reason = NULL;
	if ((rc = vpd_core_resolve_person(a, person, pid, sizeof(pid), err)) ||
	    (rc = require_person_sight(a, who, pid, VPD_SIGHT_FULL, err)))
		return rc;
	/* Checked here first, so the message names the user's file. */
	if ((rc = vpd_person_validate(&checked, gegevens, file, err)) ||
	    (rc = born_by_now(checked, file, who->now, err)) ||
	    (rc = printable_record(checked, file, "", err)) ||
	    (reason && *reason && (rc = edge_text(reason, "--reason",
	    VPD_TEXT_MAX, true, err)))) {
		json_decref(checked);
		return rc;
	}
	json_decref(checked);
	if ((rc = log_person_change(a, who, reason && *reason ? "correctie" :
	    "gegevens bijwerken", pid, err)))
		return rc;
	req = json_pack("{sssssO}", "soort", "persoon", "persoon", pid,
	    "gegevens", gegevens);
	if (reason && *reason)
		json_object_set_new(req, "reden", json_string(reason));
	return vpd_core_commit_request(a, who, req, result, err);
}

int
vpd_core_person_restrict(vpd_archive *a, const vpd_who *who,
    const char *person, bool on, const char *reason, json_t **result,
    vpd_error *err)
{
	char pid[80];
	int rc;

	*result = NULL;
	if (reason == NULL || strspn(reason, " \t\n") == strlen(reason))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "%s needs "
		    "--reason: the decision of legal affairs it follows", on ?
		    "a restriction" : "lifting a restriction");
	if ((rc = edge_text(reason, "--reason", VPD_TEXT_MAX, true, err)) ||
	    (rc = vpd_core_resolve_person(a, person, pid, sizeof(pid), err)) ||
	    (rc = require_person_sight(a, who, pid, VPD_SIGHT_FULL, err)) ||
	    (rc = log_person_change(a, who, on ? "beperking" :
	    "beperking opheffen", pid, err)))
		return rc;
	return vpd_core_commit_request(a, who, json_pack("{sssssbss}",
	    "soort", "beperking", "persoon", pid, "beperkt", on, "reden",
	    reason), result, err);
}

/*
 * The police exports that held copies of the person's letters: outside
 * vpd's reach once handed over, so the erasure says which.
 */
static json_t *
police_copies(vpd_archive *a, const json_t *cases)
{
	json_t *out = json_array(), *names, *n, *f;
	vpd_txn *t = NULL;
	vpd_error e;
	size_t i, k;

	if (vpd_txn_begin(&t, a, &e))
		return out;
	vpd_txn_set_raw(t, true);
	names = vpd_txn_list(t, "police/events");
	json_array_foreach(names, i, n) {
		char path[160];
		json_t *rec = NULL;
		size_t count = 0;

		snprintf(path, sizeof(path), "police/events/%s",
		    json_string_value(n));
		if (vpd_txn_read_json(t, path, &rec, &e))
			continue;
		json_array_foreach(json_object_get(rec, "bestanden"), k, f) {
			json_t *c;
			size_t j;

			json_array_foreach(cases, j, c)
				if (str(f, "zaak") && json_string_value(c) &&
				    strcmp(str(f, "zaak"),
				    json_string_value(c)) == 0)
					count++;
		}
		if (count)
			json_array_append_new(out, json_pack("{sssOsI}",
			    "export", path, "tijdstip", json_object_get(rec,
			    "tijdstip"), "documenten", (json_int_t)count));
		json_decref(rec);
	}
	json_decref(names);
	vpd_txn_free(t);
	return out;
}

int
vpd_core_person_erase(vpd_archive *a, const vpd_who *who, const char *person,
    const char *reason, json_t **result, vpd_error *err)
{
	char pid[80], when[VPD_TIME_UTC_LEN];
	json_t *stub = NULL;
	vpd_seal *s;
	vpd_txn *t = NULL;
	bool done_before = false;
	int rc;

	*result = NULL;
	if (reason == NULL || strspn(reason, " \t\n") == strlen(reason))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "an "
		    "erasure needs --reason: the decision it follows (never "
		    "the person's name)");
	if ((rc = edge_text(reason, "--reason", VPD_TEXT_MAX, true, err)) ||
	    (rc = vpd_core_resolve_person(a, person, pid, sizeof(pid), err)))
		return rc;
	/* Erased before, with a key left (a crash after the commit, or a
	 * key store restored from a backup): the key goes now. */
	if ((rc = vpd_txn_begin(&t, a, err)))
		return rc;
	vpd_txn_set_raw(t, true);
	{
		char path[128];
		vpd_error e;

		if (vpd_person_path(t, pid, path, sizeof(path)) == 0 &&
		    vpd_txn_read_json(t, path, &stub, &e) == 0 &&
		    str(stub, "gewist"))
			done_before = true;
	}
	vpd_txn_free(t);
	if (!done_before) {
		if ((rc = require_person_sight(a, who, pid, VPD_SIGHT_FULL,
		    err)) ||
		    (rc = log_person_change(a, who, "wissen", pid, err)) ||
		    (rc = vpd_core_commit_request(a, who, json_pack(
		    "{ssssss}", "soort", "wissen", "persoon", pid, "reden",
		    reason), result, err))) {
			json_decref(stub);
			return rc;
		}
		snprintf(when, sizeof(when), "%s", str(*result, "tijdstip"));
	} else {
		unsigned roles = 0;

		if ((rc = vpd_txn_begin(&t, a, err)) == 0)
			rc = vpd_actor_roles(t, who->actor, &roles, err);
		vpd_txn_free(t);
		if (rc == 0 && !(roles & VPD_ROLE_LEGAL))
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "%s may not erase a person (legal)", who->actor);
		if (rc) {
			json_decref(stub);
			return rc;
		}
		*result = json_pack("{sssOsO}", "persoon", pid, "zaken",
		    json_object_get(stub, "zaken"), "tijdstip",
		    json_object_get(stub, "gewist"));
		snprintf(when, sizeof(when), "%s", str(stub, "gewist"));
		json_object_set_new(*result, "eerder", json_true());
	}
	json_decref(stub);
	json_object_set_new(*result, "politie", police_copies(a,
	    json_object_get(*result, "zaken")));
	if ((s = vpd_seal_new(vpd_archive_path(a))) == NULL)
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	else
		rc = vpd_seal_destroy(s, pid, when, err);
	vpd_seal_free(s);
	if (rc) {
		vpd_error_prefix(err, "the erasure of %s is recorded, but its "
		    "key is not destroyed yet; run this command again", pid);
		json_decref(*result);
		*result = NULL;
	}
	return rc;
}

/* The migration's requests, made in the attempt's transaction, applied
 * in order: the mark first, then person by person. */
static int
build_migration(vpd_txn *t, vpd_wfcache *c, void *ud, json_t *records,
    vpd_error *err)
{
	const vpd_who *who = ud;
	json_t *reqs = NULL, *req;
	size_t i;
	int rc;

	if ((rc = vpd_migration_requests(t, &reqs, err)))
		return rc;
	json_array_foreach(reqs, i, req) {
		stamp(req, who);
		if ((rc = apply_one(t, c, req, records, err)))
			break;
	}
	json_decref(reqs);
	return rc;
}

int
vpd_core_migrate(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	char commit[VPD_OID_HEX];
	json_t *records = NULL;
	int rc;

	*result = NULL;
	if ((rc = vpd_seal_prepare(vpd_archive_path(a), err)) ||
	    (rc = transact(a, who, build_migration, (void *)who, &records,
	    commit, err)))
		return rc;
	*result = json_pack("{sssI}", "commit", commit, "personen",
	    (json_int_t)(json_array_size(records) ? json_array_size(records) -
	    1 : 0));
	json_decref(records);
	return 0;
}

/* ---- One step's change in the archive (legal affairs) --------------- */

/* Flattens v into out: "a.b[2].c" -> the value's text. */
static void
flatten(const json_t *v, const char *at, json_t *out, int depth)
{
	const char *key;
	json_t *x;
	size_t i;

	if (depth > 16 || json_object_size(out) > 5000)
		return;
	if (json_is_object(v) && json_object_size(v) > 0) {
		json_object_foreach((json_t *)v, key, x) {
			char sub[512];

			snprintf(sub, sizeof(sub), "%s%s%s", at, *at ? "." : "",
			    key);
			flatten(x, sub, out, depth + 1);
		}
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		json_array_foreach(v, i, x) {
			char sub[512];

			snprintf(sub, sizeof(sub), "%s[%zu]", at, i);
			flatten(x, sub, out, depth + 1);
		}
	} else {
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

		json_object_set_new(out, *at ? at : "(geheel)", json_string(
		    text ? text : ""));
		free(text);
	}
}

typedef struct {
	const char *want;
	char parent[VPD_OID_HEX];
	json_t *paths;
	const char *author;
	vpd_time when;
	char *message;
	bool found;
} change_find;

static int
find_commit(const vpd_commit *c, void *ud)
{
	change_find *f = ud;
	json_t *p;
	size_t i;

	if (strcmp(c->id, f->want) != 0)
		return 0;
	f->found = true;
	snprintf(f->parent, sizeof(f->parent), "%s", c->parent);
	f->when = c->when;
	f->message = strdup(c->message ? c->message : "");
	f->paths = json_array();
	json_array_foreach(c->added, i, p)
		json_array_append_new(f->paths, json_pack("{sOss}", "pad", p,
		    "wat", "toegevoegd"));
	json_array_foreach(c->changed, i, p)
		json_array_append_new(f->paths, json_pack("{sOss}", "pad", p,
		    "wat", "gewijzigd"));
	return 1;
}

int
vpd_core_case_change(vpd_archive *a, const vpd_who *who, const char *case_id,
    const char *commit, json_t **result, vpd_error *err)
{
	change_find f = {0};
	vpd_txn *before = NULL, *after = NULL;
	vpd_viewer v = {0};
	json_t *old = NULL, *now = NULL, *fo = json_object(), *fn = json_object(),
	    *diff = json_array(), *files = json_array(), *x, *p;
	char dir[128], path[160];
	const char *key;
	size_t i;
	int rc;

	*result = NULL;
	if (commit == NULL || strlen(commit) != VPD_OID_HEX - 1 ||
	    strspn(commit, "0123456789abcdef") != VPD_OID_HEX - 1) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "not a "
		    "commit id");
		goto done;
	}
	if ((rc = require_sight(a, who, case_id, VPD_SIGHT_FULL, err)))
		goto done;
	f.want = commit;
	if ((rc = vpd_txn_begin(&after, a, err)) ||
	    vpd_case_path(after, case_id, "", dir, sizeof(dir)) ||
	    vpd_case_path(after, case_id, "case.json", path, sizeof(path))) {
		if (rc == 0)
			rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "'%s' is not a case id", case_id);
		goto done;
	}
	vpd_txn_free(after);
	after = NULL;
	/* only a commit that changed this case */
	if ((rc = vpd_archive_walk_under(a, dir, find_commit, &f, err)) < 0 ||
	    (rc > 1))
		goto done;
	rc = 0;
	if (!f.found) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "commit "
		    "%.12s did not change case %s", commit, case_id);
		vpd_error_set_nl(err, "Deze vastlegging hoort niet bij zaak "
		    "%s.", case_id);
		goto done;
	}
	if ((rc = vpd_txn_begin_at(&after, a, commit, err)) ||
	    (rc = vpd_txn_begin_at(&before, a, f.parent, err)) ||
	    (rc = vpd_viewer_load(&v, after, who, "a step's change", err)))
		goto done;
	/* opened for the reader, as the case page shows them */
	if ((rc = vpd_txn_read_json(after, path, &now, err)))
		goto done;
	if (vpd_txn_exists(before, path) &&
	    (rc = vpd_txn_read_json(before, path, &old, err)))
		goto done;
	if (old)
		flatten(old, "", fo, 0);
	flatten(now, "", fn, 0);
	json_object_foreach(fn, key, x) {
		json_t *o = json_object_get(fo, key);

		if (json_array_size(diff) >= 500)
			break;
		if (o == NULL || !json_equal(o, x))
			json_array_append_new(diff, json_pack("{sssO?sO}", "pad",
			    key, "oud", o, "nieuw", x));
	}
	json_object_foreach(fo, key, x)
		if (json_object_get(fn, key) == NULL &&
		    json_array_size(diff) < 500)
			json_array_append_new(diff, json_pack("{sssOsn}", "pad",
			    key, "oud", x, "nieuw"));
	json_array_foreach(f.paths, i, p)
		if (strncmp(json_string_value(json_object_get(p, "pad")), dir,
		    strlen(dir)) == 0)
			json_array_append(files, p);
	{
		json_t *z = json_pack("[s]", case_id), *pe = json_pack("[O]",
		    json_object_get(now, "persoon"));

		rc = vpd_access_log(a, who, &v, "verloop", z, pe, err);
		json_decref(z);
		json_decref(pe);
		if (rc)
			goto done;
	}
	{
		char when[VPD_TIME_LOCAL_LEN];
		char *nl = strchr(f.message, '\n');

		if (nl)
			*nl = '\0';
		vpd_time_format_human(f.when, when);
		*result = json_pack("{sssssssssssOsO}", "zaak", case_id,
		    "commit", commit, "tijdstip", when, "onderwerp",
		    f.message, "ouder", f.parent, "bestanden", files,
		    "wijzigingen", diff);
	}
done:
	free(f.message);
	json_decref(f.paths);
	json_decref(old);
	json_decref(now);
	json_decref(fo);
	json_decref(fn);
	json_decref(diff);
	json_decref(files);
	vpd_viewer_free(&v);
	vpd_txn_free(before);
	vpd_txn_free(after);
	return rc;
}
