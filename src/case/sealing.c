/*
 * sealing.c - a request's personal data sealed before it is applied
 * (docs/privacy.md).
 *
 * In an archive that seals (config/versleuteling.json), a command's
 * request is sealed in the transaction that applies it, each time it is
 * tried: the person it is about is found first (by comparing what the
 * person files hold, opened), so that their key seals it; a value the
 * person's file already holds keeps its sealed form, so a change shows as
 * a change and nothing else is rewritten.  vpd_apply() then only copies
 * sealed values, which is why `vpd verify` replays without keys.
 */
#define _POSIX_C_SOURCE 200809L
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../record/record.h"
#include "../seal/seal.h"
#include "apply.h"
#include "index.h"
#include "layout.h"

const char *const vpd_sealed_person_fields[] = {"voornamen", "roepnaam",
    "tussenvoegsel", "achternaam", "geslacht", "geboortedatum", "adres",
    "telefoon", "email", "signalement", NULL};
const char *const vpd_sealed_incident_fields[] = {"omschrijving",
    "medewerkers", "getuigen", NULL};

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

bool
vpd_layout_sealed(vpd_txn *t)
{
	return vpd_txn_exists(t, VPD_SEAL_MARK);
}

bool
vpd_sealed_check(const json_t *o, const char *const *fields,
    const char *pid)
{
	char who[VPD_SEAL_ID_MAX], as[VPD_SEAL_FIELD_MAX + 1];

	for (const char *const *f = fields; *f; f++) {
		json_t *v = json_object_get(o, *f);

		if (v == NULL || json_is_null(v))
			continue;
		/* sealed for this person, as this field */
		if (!vpd_seal_is_sealed(v, who) || strcmp(who, pid) != 0 ||
		    !vpd_seal_field(v, as) || strcmp(as, *f) != 0)
			return false;
	}
	return !vpd_seal_foreign(o, pid);
}

/* Seals the `fields` of `plain` for pid into *out, keeping the sealed form
 * of each value `raw` (that holds `open` opened) already holds. */
static int
seal_fields(vpd_txn *t, const char *pid, bool make, const json_t *plain,
    const char *const *fields, const json_t *raw, const json_t *open,
    json_t *out, vpd_error *err)
{
	vpd_seal *s = vpd_txn_seal(t);

	if (s == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	for (const char *const *f = fields; *f; f++) {
		json_t *v = json_object_get(plain, *f), *sealed = NULL;
		int rc;

		if (v == NULL || json_is_null(v))
			continue;
		if (open && raw && json_equal(json_object_get(open, *f), v) &&
		    vpd_seal_is_sealed(json_object_get(raw, *f), NULL)) {
			json_object_set(out, *f, json_object_get(raw, *f));
			continue;
		}
		/* a key is made for a person new to the archive only */
		if ((rc = vpd_seal_value(s, pid, *f, raw == NULL &&
		    open == NULL && make, v, &sealed, err)))
			return rc;
		json_object_set_new(out, *f, sealed);
	}
	return 0;
}

/* The person file of pid as stored (*raw) and opened (*open); both NULL
 * when there is none. */
static int
person_files(vpd_txn *t, const char *pid, json_t **raw, json_t **open,
    vpd_error *err)
{
	char path[128];
	vpd_error e;
	int rc;

	*raw = *open = NULL;
	if (vpd_person_path(t, pid, path, sizeof(path)) ||
	    vpd_txn_read_json(t, path, raw, &e))
		return 0;
	*open = json_deep_copy(*raw);
	if ((rc = vpd_seal_open(vpd_txn_seal(t), open, err))) {
		json_decref(*raw);
		json_decref(*open);
		*raw = *open = NULL;
	}
	return rc;
}

/* The search code of a person record's birth date into req["zoekcode"]. */
static int
add_search_code(vpd_txn *t, const json_t *plain, json_t *req,
    vpd_error *err)
{
	const char *born = str(plain, "geboortedatum");
	char code[4];
	int rc;

	if (born == NULL)
		return 0;
	if ((rc = vpd_seal_search_code(vpd_txn_seal(t), born, code, err)))
		return rc;
	json_object_set_new(req, "zoekcode", json_string(code));
	return 0;
}

/* The person a new report is about: by id, or the one with the same
 * names and birth date; else the id a new person gets. */
static int
find_person(vpd_txn *t, const json_t *p, char pid[VPD_ID_MAX],
    vpd_error *err)
{
	json_t *names, *v;
	size_t i;
	int rc = 0;

	if (str(p, "id")) {
		char path[128];

		if (!vpd_person_id_valid(str(p, "id")) ||
		    vpd_person_path(t, str(p, "id"), path, sizeof(path)) ||
		    !vpd_txn_exists(t, path))
			return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
			    "persoon.id: no person %s in this archive",
			    str(p, "id"));
		snprintf(pid, VPD_ID_MAX, "%s", str(p, "id"));
		return 0;
	}
	if (str(p, "geboortedatum")) {
		if ((names = vpd_index_person_files(t, p)) == NULL)
			names = vpd_layout_person_files(t);
		json_array_foreach(names, i, v) {
			char path[128];
			json_t *f = NULL;
			vpd_error e;
			bool same;

			if (vpd_person_file_path(t, json_string_value(v), path,
			    sizeof(path)) || vpd_txn_read_json(t, path, &f, &e))
				continue;
			if ((rc = vpd_seal_open(vpd_txn_seal(t), &f, err))) {
				json_decref(f);
				break;
			}
			same = vpd_person_same(f, p) && str(f, "id");
			if (same)
				snprintf(pid, VPD_ID_MAX, "%s", str(f, "id"));
			json_decref(f);
			if (same) {
				json_decref(names);
				return 0;
			}
		}
		json_decref(names);
		if (rc)
			return rc;
	}
	vpd_layout_next_person(t, pid);
	return 0;
}

static int
seal_incident(vpd_txn *t, const char *pid, json_t *req, vpd_error *err)
{
	json_t *inc = json_object_get(req, "incident"), *copy;
	int rc;

	if (!json_is_object(inc))
		return 0;
	copy = json_deep_copy(inc);
	rc = seal_fields(t, pid, false, inc, vpd_sealed_incident_fields, NULL,
	    NULL, copy, err);
	if (rc == 0)
		json_object_set(req, "incident", copy);
	json_decref(copy);
	return rc;
}

static int
seal_reason(vpd_txn *t, const char *pid, json_t *req, vpd_error *err)
{
	static const char *const reason[] = {"reden", NULL};

	return seal_fields(t, pid, false, req, reason, NULL, NULL, req, err);
}

static int
seal_open(vpd_txn *t, json_t *req, vpd_error *err)
{
	json_t *plain = NULL, *raw = NULL, *open = NULL, *sealed;
	char pid[VPD_ID_MAX];
	int rc;

	if ((rc = vpd_person_validate(&plain, json_object_get(req, "persoon"),
	    "persoon", err)))
		return rc;
	if ((rc = find_person(t, plain, pid, err)) ||
	    (rc = person_files(t, pid, &raw, &open, err)))
		goto done;
	sealed = json_object();
	json_object_set_new(req, "persoon", sealed);
	json_object_set_new(req, "persoon_id", json_string(pid));
	if ((rc = seal_fields(t, pid, true, plain, vpd_sealed_person_fields,
	    raw, open, sealed, err)) ||
	    (rc = add_search_code(t, plain, req, err)))
		goto done;
	rc = seal_incident(t, pid, req, err);
done:
	json_decref(plain);
	json_decref(raw);
	json_decref(open);
	return rc;
}

json_t *
vpd_text_inputs(vpd_txn *t, vpd_wfcache *cache, const json_t *c,
    const char *event)
{
	const vpd_workflow *wf;
	json_t *form, *in, *out = json_array();
	vpd_error e;
	size_t i;

	if (vpd_wfcache_get(cache, vpd_txn_archive(t), str(json_object_get(c,
	    "workflow"), "blob"), &wf, &e))
		return out;
	form = vpd_workflow_event_form(wf, event);
	json_array_foreach(json_object_get(form, "invoer"), i, in)
		if (vpd_workflow_input_sealable(wf, event, str(in, "naam")))
			json_array_append(out, json_object_get(in, "naam"));
	json_decref(form);
	return out;
}

/* The event's text inputs, sealed for the case's person: what a manager
 * writes in them ("motivering", a reason, a note) is about the person.
 * A value that is no valid text stays, for the workflow to refuse. */
static int
seal_inputs(vpd_txn *t, const json_t *c, json_t *req, vpd_error *err)
{
	vpd_wfcache *cache = vpd_wfcache_new();
	json_t *names = vpd_text_inputs(t, cache, c, str(req, "event")), *n;
	json_t *inputs = json_object_get(req, "invoer");
	size_t i;
	int rc = 0;

	json_array_foreach(names, i, n) {
		const char *name = json_string_value(n);
		json_t *v = json_object_get(inputs, name), *sealed = NULL;

		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > VPD_TEXT_MAX ||
		    !vpd_text_printable_lines(json_string_value(v)))
			continue;
		if ((rc = vpd_seal_value(vpd_txn_seal(t), str(c, "persoon"),
		    name, false, v, &sealed, err)))
			break;
		json_object_set_new(inputs, name, sealed);
	}
	json_decref(names);
	vpd_wfcache_free(cache);
	return rc;
}

static int
seal_event(vpd_txn *t, json_t *req, vpd_error *err)
{
	json_t *c = NULL;
	char path[128];
	int rc;

	if (vpd_case_path(t, str(req, "zaak"), "case.json", path,
	    sizeof(path)) || vpd_txn_read_json(t, path, &c, err))
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", str(req, "zaak") ?
		    str(req, "zaak") : "");
	if (str(c, "persoon") == NULL)
		rc = vpd_error_set(err, VPD_EIO, path, 0, 0, "names no person");
	else if ((rc = seal_inputs(t, c, req, err)) == 0 &&
	    json_object_get(req, "incident"))
		rc = seal_incident(t, str(c, "persoon"), req, err);
	json_decref(c);
	return rc;
}

static int
seal_person_update(vpd_txn *t, json_t *req, vpd_error *err)
{
	const char *pid = str(req, "persoon");
	json_t *plain = NULL, *raw = NULL, *open = NULL, *sealed;
	int rc;

	if (!vpd_person_id_valid(pid))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "persoon: not a person id");
	if ((rc = vpd_person_validate(&plain, json_object_get(req,
	    "gegevens"), "persoon", err)) ||
	    (rc = person_files(t, pid, &raw, &open, err)))
		goto done;
	sealed = json_object();
	if (str(plain, "id"))
		json_object_set(sealed, "id", json_object_get(plain, "id"));
	json_object_set_new(req, "gegevens", sealed);
	if ((rc = seal_fields(t, pid, false, plain, vpd_sealed_person_fields,
	    raw, open, sealed, err)) ||
	    (rc = add_search_code(t, plain, req, err)))
		goto done;
	rc = seal_reason(t, pid, req, err);
done:
	json_decref(plain);
	json_decref(raw);
	json_decref(open);
	return rc;
}

int
vpd_seal_request(vpd_txn *t, const json_t *req, json_t **out,
    vpd_error *err)
{
	const char *soort = str(req, "soort");
	int rc = 0;

	*out = NULL;
	/* What a command hands in is plain: a sealed value in it came from
	 * a user's file or form, and is refused (in any archive). */
	for (const char *const *k = (const char *const[]){"persoon",
	    "incident", "gegevens", "invoer", "reden", NULL}; *k; k++)
		if (json_is_object(json_object_get(req, *k)) &&
		    vpd_seal_foreign(json_object_get(req, *k), ""))
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "%s: holds a sealed value ({\"%s\": …}); give "
			    "the data as plain text", *k, VPD_SEAL_FIELD);
	*out = json_deep_copy(req);
	if (!vpd_layout_sealed(t) || soort == NULL)
		return 0;
	if (vpd_txn_seal(t) == NULL)
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	else if (strcmp(soort, "openen") == 0)
		rc = seal_open(t, *out, err);
	else if (strcmp(soort, "event") == 0)
		rc = seal_event(t, *out, err);
	else if (strcmp(soort, "persoon") == 0)
		rc = seal_person_update(t, *out, err);
	else if (strcmp(soort, "beperking") == 0 &&
	    vpd_person_id_valid(str(req, "persoon")))
		rc = seal_reason(t, str(req, "persoon"), *out, err);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
