/*
 * inzage.c - `vpd person export`: everything vpd holds on one person, for
 * their request for access (AVG art. 15).
 *
 * The answer is a set of files: inzage.pdf, a letter to the person (the
 * workflow's `inzage` template) that says in plain Dutch what is kept,
 * why, for how long and who received copies; inzage.json, the same and
 * more as data (the person's file, every case file and record, each
 * document's copies and what became of them, the police exports that
 * held them, the retention of each case); their photo; and one copy of
 * every letter about them (the copy addressed to them, or else the
 * dossier's), exactly as archived.  The export is written to the access
 * log before anything is handed out.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "access.h"
#include "apply.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The Dutch date of an ISO date or instant, as a new JSON string. */
static json_t *
date_text(const char *iso)
{
	char buf[64];

	vpd_time t;

	if (iso == NULL)
		return json_null();
	/* an instant is shown as its day in Amsterdam */
	if (strlen(iso) > 10 && vpd_time_parse(iso, &t) == 0)
		vpd_letter_date(vpd_time_local_date(t), buf, sizeof(buf));
	else
		vpd_letter_date_iso(iso, buf, sizeof(buf));
	return json_string(buf);
}

/* Hands one file to the caller and lists it. */
static int
hand_out(vpd_export_fn write, void *ud, json_t *files, const char *name,
    const char *what, const void *data, size_t len, vpd_error *err)
{
	char sha[VPD_SHA256_HEX];
	json_t *entry;
	int rc;

	vpd_archive_sha256(data, len, sha);
	entry = json_pack("{sssssssI}", "bestand", name, "sha256", sha, "wat",
	    what, "bytes", (json_int_t)len);
	rc = write(ud, entry, data, len, err);
	if (rc == 0)
		json_array_append(files, entry);
	json_decref(entry);
	return rc;
}

/*
 * Takes out, at any depth, what names other people than the person: the
 * staff and witnesses of an incident (AVG art. 15(4)).  The letters the
 * person was sent name no one of them.
 */
static void
without_others(json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_del(j, "medewerkers");
		json_object_del(j, "getuigen");
		json_object_foreach(j, key, v)
			without_others(v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			without_others(v);
	}
}

/* The case's event records, oldest first. */
static json_t *
case_records(vpd_txn *t, const char *id, vpd_error *err)
{
	char dir[128], path[192];
	json_t *names, *out = json_array(), *v, *rec;
	size_t i;

	if (vpd_case_path(t, id, "events", dir, sizeof(dir))) {
		json_decref(out);
		return NULL;
	}
	names = vpd_txn_list(t, dir);
	json_array_foreach(names, i, v) {
		snprintf(path, sizeof(path), "%s/%s", dir,
		    json_string_value(v));
		if (vpd_txn_read_json(t, path, &rec, err)) {
			json_decref(names);
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, rec);
	}
	json_decref(names);
	return out;
}

/* The police exports that held copies of the person's cases:
 * [{"export", "tijdstip", "door", "documenten": [paths]}]. */
static json_t *
police_receipts(vpd_txn *t, const json_t *case_dirs, vpd_error *err)
{
	json_t *names = vpd_txn_list(t, "police/events"), *out = json_array();
	json_t *v, *rec, *f, *dir;
	size_t i, k, d;

	json_array_foreach(names, i, v) {
		char path[192];
		json_t *docs = json_array();

		snprintf(path, sizeof(path), "police/events/%s",
		    json_string_value(v));
		if (vpd_txn_read_json(t, path, &rec, err)) {
			json_decref(docs);
			json_decref(names);
			json_decref(out);
			return NULL;
		}
		json_array_foreach(json_object_get(rec, "bestanden"), k, f)
			json_array_foreach(case_dirs, d, dir)
				if (str(f, "pad") && strncmp(str(f, "pad"),
				    json_string_value(dir), strlen(
				    json_string_value(dir))) == 0)
					json_array_append(docs,
					    json_object_get(f, "pad"));
		if (json_array_size(docs))
			json_array_append_new(out, json_pack("{sOsOsOso}",
			    "export", json_object_get(rec, "export"),
			    "tijdstip", json_object_get(rec, "tijdstip"),
			    "door", json_object_get(rec, "actor"),
			    "documenten", docs));
		else
			json_decref(docs);
		json_decref(rec);
	}
	json_decref(names);
	return out;
}

/* What the letter shows of a measure: "toegangsverbod van … tot en met
 * … (actief)". */
static json_t *
measure_text(const json_t *m)
{
	char van[64] = "", tot[64] = "", buf[300];

	if (str(m, "van"))
		vpd_letter_date_iso(str(m, "van"), van, sizeof(van));
	if (str(m, "tot"))
		vpd_letter_date_iso(str(m, "tot"), tot, sizeof(tot));
	snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s", str(m, "soort") ?
	    str(m, "soort") : "maatregel", *van ? " van " : "", van,
	    *tot ? " tot en met " : "", tot, str(m, "status") ? ", " : "",
	    str(m, "status") ? str(m, "status") : "");
	return json_string(buf);
}

/* The strings of `arr` joined by `sep` (a new JSON string). */
static json_t *
joined(const json_t *arr, const char *sep)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);
	json_t *v, *out;

	if (f == NULL)
		return json_string("");
	json_array_foreach(arr, i, v)
		fprintf(f, "%s%s", i ? sep : "", json_is_string(v) ?
		    json_string_value(v) : "");
	fclose(f);
	out = json_string(text ? text : "");
	free(text);
	return out;
}

/*
 * One document of case `id`: the copy the person was sent is handed out
 * as "brieven/ID-NNN-LETTER.pdf" and listed in `brieven` for the letter,
 * with the labels of all its copies.  A document the person was sent no
 * copy of (a report to the police, a form for the coordinator), or only
 * copies recorded without a PDF, is not theirs to have.
 */
static int
one_letter(vpd_txn *t, const char *id, const json_t *doc,
    vpd_export_fn write, void *ud, json_t *files, json_t *brieven,
    vpd_error *err)
{
	const json_t *pick = NULL, *cp;
	json_t *labels = json_array();
	char *buf = NULL, file[256];
	size_t len, k;
	int rc;

	json_array_foreach(json_object_get(doc, "exemplaren"), k, cp) {
		if (pick == NULL && str(cp, "pdf") && (json_is_true(
		    json_object_get(cp, "geadresseerde")) || (str(cp,
		    "bestemming") && strncmp(str(cp, "bestemming"), "klant",
		    5) == 0)))
			pick = cp;
		{
			/* "Politie (nog niet verstuurd)": made is not sent */
			char text[300], status[64];

			snprintf(status, sizeof(status), "%s",
			    vpd_delivery_label(str(cp, "status")));
			status[0] = (char)tolower((unsigned char)status[0]);
			snprintf(text, sizeof(text), "%s (%s)", str(cp,
			    "label") ? str(cp, "label") : "exemplaar", status);
			json_array_append_new(labels, json_string(text));
		}
	}
	if (pick == NULL) {
		json_decref(labels);
		return 0;
	}
	snprintf(file, sizeof(file), "brieven/%s-%03lld-%s.pdf", id,
	    (long long)json_integer_value(json_object_get(doc, "nr")),
	    str(doc, "brief") ? str(doc, "brief") : "brief");
	if ((rc = vpd_txn_read_checked(t, str(pick, "pdf"), str(pick,
	    "sha256"), &buf, &len, err)) == 0 &&
	    (rc = hand_out(write, ud, files, file, "brief", buf, len,
	    err)) == 0)
		json_array_append_new(brieven, json_pack("{sOsososs}",
		    "titel", json_object_get(doc, "titel"), "datum",
		    date_text(str(doc, "tijdstip")), "afschriften",
		    joined(labels, "; "), "bestand", file));
	free(buf);
	json_decref(labels);
	return rc;
}

/*
 * One case, for the JSON ("zaak", "gebeurtenissen", "bewaartermijn") and
 * for the letter (text fields); its letters handed out as files.
 */
static int
one_case(vpd_archive *a, vpd_txn *t, vpd_wfcache *cache, const vpd_who *who,
    const char *id, vpd_export_fn write, void *ud, json_t *files,
    json_t *cases, json_t *letter_cases, json_t *case_dirs, vpd_error *err)
{
	const vpd_workflow *wf = NULL;
	json_t *cs = NULL, *recs = NULL, *ret = NULL, *doc, *m;
	json_t *lc, *brieven = json_array(), *incs = json_array();
	json_t *maatr = json_array();
	char path[192], dir[128];
	size_t i;
	int rc;

	if (vpd_case_path(t, id, "case.json", path, sizeof(path)) ||
	    vpd_txn_read_json(t, path, &cs, err) ||
	    vpd_wfcache_get(cache, a, str(json_object_get(cs, "workflow"),
	    "blob"), &wf, err) || (recs = case_records(t, id, err)) == NULL) {
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "case %s cannot "
		    "be read (run 'vpd verify')", id);
		goto done;
	}
	/* "cases/2026/0001/": with the slash, so 0001 is not 00010 */
	vpd_case_path(t, id, "x", dir, sizeof(dir));
	dir[strlen(dir) - 1] = '\0';
	json_array_append_new(case_dirs, json_string(dir));
	ret = vpd_case_retention(wf, cs, vpd_time_local_date(who->now));
	json_array_foreach(json_object_get(cs, "documenten"), i, doc)
		if ((rc = one_letter(t, id, doc, write, ud, files, brieven,
		    err)))
			goto done;
	json_array_foreach(json_object_get(cs, "incidenten"), i, m)
		json_array_append_new(incs, json_pack("{sosOsO*}", "datum",
		    date_text(str(m, "tijdstip")), "locatie", json_object_get(m,
		    "locatie") ? json_object_get(m, "locatie") : json_null(),
		    "omschrijving", json_object_get(m, "omschrijving")));
	json_array_foreach(json_object_get(cs, "maatregelen"), i, m)
		json_array_append_new(maatr, json_pack("{so}", "tekst",
		    measure_text(m)));
	without_others(cs);
	without_others(recs);
	json_array_append_new(cases, json_pack("{sOsOsO}", "zaak", cs,
	    "gebeurtenissen", recs, "bewaartermijn", ret));
	lc = json_pack("{sssosOsOsOso}", "id", id, "geopend", date_text(str(cs,
	    "geopend")), "incidenten", incs, "maatregelen", maatr, "brieven",
	    brieven, "bewaren", str(ret, "vernietigen_vanaf") ?
	    date_text(str(ret, "vernietigen_vanaf")) : json_null());
	json_object_set_new(lc, "bewaren_bekend", json_boolean(str(ret,
	    "vernietigen_vanaf") != NULL));
	json_array_append_new(letter_cases, lc);
	rc = 0;
done:
	json_decref(incs);
	json_decref(maatr);
	json_decref(brieven);
	json_decref(ret);
	json_decref(recs);
	json_decref(cs);
	return rc;
}

int
vpd_core_person_export(vpd_archive *a, const vpd_who *who,
    const char *person, vpd_export_fn write, vpd_export_done_fn done,
    void *ud, json_t **result, vpd_error *err)
{
	vpd_txn *t = NULL;
	vpd_viewer v = {0};
	vpd_wfcache *cache = NULL;
	json_t *p = NULL, *files = json_array(), *cases = json_array();
	json_t *letter_cases = json_array(), *case_dirs = json_array();
	json_t *police = NULL, *pl, *id, *out = NULL, *inzage = NULL, *fix;
	char pid[80], path[192], made[VPD_TIME_UTC_LEN], kenmerk[96];
	unsigned char *pdf = NULL;
	char *buf = NULL, *json = NULL;
	const char *wf = NULL;
	size_t len = 0, i;
	int rc;

	*result = NULL;
	if ((rc = vpd_core_resolve_person(a, person, pid, sizeof(pid), err)) ||
	    (rc = vpd_txn_begin(&t, a, err)) ||
	    (rc = vpd_viewer_load(&v, t, who, "a person's data", err)))
		goto done;
	if (!(v.roles & (VPD_ROLE_LEGAL | VPD_ROLE_COORDINATOR))) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "%s may not "
		    "export a person's data (legal affairs or coordinator)",
		    who->actor);
		goto done;
	}
	if ((rc = vpd_person_load(t, pid, path, sizeof(path), &p, err)))
		goto done;
	/* logged before anything is handed out */
	{
		json_t *ids = json_pack("[s]", pid);

		rc = vpd_access_log(a, who, &v, "inzage", json_object_get(p,
		    "zaken"), ids, err);
		json_decref(ids);
		if (rc)
			goto done;
	}
	cache = vpd_wfcache_new();
	json_array_foreach(json_object_get(p, "zaken"), i, id)
		if ((rc = one_case(a, t, cache, who, json_string_value(id),
		    write, ud, files, cases, letter_cases, case_dirs, err)))
			goto done;
	if ((police = police_receipts(t, case_dirs, err)) == NULL) {
		rc = err->code ? err->code : VPD_EIO;
		goto done;
	}
	if (json_is_object(json_object_get(p, "foto"))) {
		const json_t *foto = json_object_get(p, "foto");

		if ((rc = vpd_txn_read_checked(t, str(foto, "pad"), str(foto,
		    "sha256"), &buf, &len, err)))
			goto done;
		snprintf(path, sizeof(path), "foto.%s", str(foto, "type") &&
		    strcmp(str(foto, "type"), "png") == 0 ? "png" : "jpeg");
		if ((rc = hand_out(write, ud, files, path, "foto", buf, len,
		    err)))
			goto done;
		free(buf);
		buf = NULL;
	}
	vpd_time_format_utc(who->now, made);

	/* The letter: plain Dutch text of the same. */
	fix = json_array();
	json_array_foreach(json_object_get(p, "correcties"), i, id)
		json_array_append_new(fix, json_pack("{sososs}", "datum",
		    date_text(str(id, "tijdstip")), "velden", joined(
		    json_object_get(id, "velden"), ", "), "reden", str(id,
		    "reden") ? str(id, "reden") : ""));
	pl = json_array();
	json_array_foreach(police, i, id)
		json_array_append_new(pl, json_pack("{sOsosI}", "export",
		    json_object_get(id, "export"), "datum", date_text(str(id,
		    "tijdstip")), "aantal", (json_int_t)json_array_size(
		    json_object_get(id, "documenten"))));
	inzage = json_pack("{sososbsbsosbsosbsb}", "zaken", letter_cases,
	    "politie", pl, "heeft_politie", json_array_size(police) > 0,
	    "foto", json_object_get(p, "foto") != NULL, "correcties", fix,
	    "heeft_correcties", json_array_size(fix) > 0, "beperking",
	    json_object_get(p, "beperking") ? date_text(str(json_object_get(p,
	    "beperking"), "sinds")) : json_null(), "beperkt",
	    json_object_get(p, "beperking") != NULL, "geen_zaken",
	    json_array_size(letter_cases) == 0);
	letter_cases = NULL;       /* the pack took them */
	/* the workflow of the person's latest case writes the letter */
	if (json_array_size(cases))
		wf = str(json_object_get(json_object_get(json_array_get(cases,
		    json_array_size(cases) - 1), "zaak"), "workflow"), "naam");
	if (wf == NULL || who->letters_dir == NULL) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "%s has no "
		    "case, or no letters directory is set: the access letter "
		    "needs a workflow's 'inzage' template", pid);
		goto done;
	}
	{
		/* the letter's day in Amsterdam, as its date line */
		char day[VPD_DATE_LEN];

		vpd_date_format(vpd_time_local_date(who->now), day);
		snprintf(kenmerk, sizeof(kenmerk), "%s/inzage/%s", pid, day);
	}
	if ((rc = vpd_letters_render_person(who, wf, "inzage", p, inzage,
	    kenmerk, &pdf, &len, err)) ||
	    (rc = hand_out(write, ud, files, "inzage.pdf", "brief over de "
	    "inzage", pdf, len, err)))
		goto done;

	out = json_pack("{sssssssOsOsOsO}", "persoon_id", pid, "gemaakt", made,
	    "door", who->actor, "persoon", p, "zaken", cases, "politie",
	    police, "bestanden", files);
	if ((json = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS)) ==
	    NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	{
		/* inzage.json lists the files beside it, not itself */
		json_t *self = json_array();

		rc = hand_out(write, ud, self, "inzage.json", "gegevens",
		    json, strlen(json), err);
		if (rc == 0)
			json_array_extend(files, self);
		json_decref(self);
	}
	if (rc || (rc = done(ud, out, err)))
		goto done;
	*result = out;
	out = NULL;
done:
	free(json);
	free(pdf);
	free(buf);
	json_decref(out);
	json_decref(inzage);
	json_decref(letter_cases);
	json_decref(case_dirs);
	json_decref(police);
	json_decref(cases);
	json_decref(files);
	json_decref(p);
	vpd_wfcache_free(cache);
	vpd_viewer_free(&v);
	vpd_txn_free(t);
	return rc;
}
