/*
 * apply.c - event records to archive files.
 *
 * Archive layout (docs/archive.md):
 *   README.md                      what this repository is
 *   config/actors.json             who may act, with their roles
 *   config/events/NNNN.json        records: init and actor changes
 *   workflows/NAME.yaml            the latest version of each workflow used
 *   persons/NN/PNNNN.json          a person and the ids of their cases
 *   cases/YYYY/NNNN/case.json      a case's current state
 *   cases/YYYY/NNNN/events/NNNN.json  the case's event records
 *   photos/NN/PNNNN.jpeg|png       a person's photo
 *   (older archives: persons/PNNNN.json, cases/YYYY-NNNN/, photos/PNNNN.*;
 *   see layout.h)
 *   photos/events/NNNN.json        records: photos set and removed
 *   police/events/NNNN.json        records: exports to the police
 *
 * Only records are ever added; every other file is derived from them, which
 * is what makes the archive verifiable.
 */
#define _POSIX_C_SOURCE 200809L
#include "apply.h"
#include "index.h"
#include "layout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "../record/record.h"
#include "../seal/seal.h"
#include "../sign/sign.h"

/* ---- Workflow cache ------------------------------------------------- */

struct vpd_wfcache {
	json_t *ids;              /* blob id -> index */
	vpd_workflow **wfs;
	size_t n;
};

vpd_wfcache *
vpd_wfcache_new(void)
{
	vpd_wfcache *c = calloc(1, sizeof(*c));

	if (c)
		c->ids = json_object();
	return c;
}

void
vpd_wfcache_free(vpd_wfcache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		vpd_workflow_free(c->wfs[i]);
	free(c->wfs);
	json_decref(c->ids);
	free(c);
}

int
vpd_wfcache_get(vpd_wfcache *c, vpd_archive *a, const char *id,
    const vpd_workflow **out, vpd_error *err)
{
	json_t *idx = json_object_get(c->ids, id);
	vpd_workflow *wf, **grown;
	char *buf, name[64];
	size_t len;
	int rc;

	if (idx) {
		*out = c->wfs[json_integer_value(idx)];
		return 0;
	}
	if ((rc = vpd_archive_get_blob(a, id, &buf, &len, err)))
		return rc;
	snprintf(name, sizeof(name), "workflow %.12s", id);
	rc = vpd_workflow_load(&wf, name, buf, len, NULL, err);
	free(buf);
	if (rc)
		return rc;
	grown = realloc(c->wfs, (c->n + 1) * sizeof(*grown));
	if (grown == NULL) {
		vpd_workflow_free(wf);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	c->wfs = grown;
	c->wfs[c->n] = wf;
	json_object_set_new(c->ids, id, json_integer((json_int_t)c->n));
	c->n++;
	*out = wf;
	return 0;
}

/* ---- Helpers -------------------------------------------------------- */

bool
vpd_is_record_path(const char *p)
{
	const char *rest;
	char id[VPD_ID_MAX];

	static const char *flat[] = {"config/events/", "photos/events/",
	    "police/events/", "persons/events/", NULL};

	for (int i = 0; flat[i]; i++)
		if (strncmp(p, flat[i], strlen(flat[i])) == 0)
			return strchr(p + strlen(flat[i]), '/') == NULL;
	if (!vpd_layout_case_of(p, id, &rest))
		return false;
	return strncmp(rest, "events/", 7) == 0 && strchr(rest + 7, '/') ==
	    NULL;
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* What a person's file keeps when new data for the person comes (a new
 * case, a person update): their photo, a restriction, the corrections. */
static const char *const kept[] = {"foto", "beperking", "correcties", NULL};

int
vpd_actor_roles(vpd_txn *t, const char *name, unsigned *roles,
    vpd_error *err)
{
	json_t *cfg, *entry;
	int rc;

	if (name == NULL || *name == '\0')
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "who acts? give --as NAME or set VPD_ACTOR");
	if (strcmp(name, "system") == 0) {
		*roles = VPD_ROLE_SYSTEM;
		return 0;
	}
	if ((rc = vpd_txn_read_json(t, "config/actors.json", &cfg, err)))
		return rc;
	entry = json_object_get(json_object_get(cfg, "actoren"), name);
	if (entry == NULL) {
		json_decref(cfg);
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "unknown actor '%s' (a coordinator adds actors with "
		    "'vpd actor add')", name);
	}
	if (json_is_true(json_object_get(entry, "uitgeschakeld"))) {
		json_decref(cfg);
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "actor '%s' "
		    "is disabled (a coordinator enables them again with 'vpd "
		    "actor add')", name);
		vpd_error_set_nl(err, "Dit account is uitgeschakeld.");
		return rc;
	}
	*roles = vpd_roles_from_json(json_object_get(entry, "rollen"));
	json_decref(cfg);
	return 0;
}

static int
request_time(const json_t *req, vpd_time *now, vpd_error *err)
{
	if (vpd_time_parse(str(req, "tijdstip"), now))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "record has no valid tijdstip");
	return 0;
}

json_t *
vpd_person_of_case(vpd_txn *t, const json_t *c)
{
	char path[128];
	json_t *p = NULL;
	vpd_error err;

	if (vpd_person_path(t, str(c, "persoon"), path, sizeof(path)) ||
	    vpd_txn_read_json(t, path, &p, &err))
		return NULL;
	return p;
}

int
vpd_person_of_case_checked(vpd_txn *t, const json_t *c, json_t **p,
    vpd_error *err)
{
	char path[128];

	*p = NULL;
	if (vpd_person_path(t, str(c, "persoon"), path, sizeof(path)) ||
	    !vpd_txn_exists(t, path))
		return 0;
	return vpd_txn_read_json(t, path, p, err);
}

/* ---- init and actors ------------------------------------------------ */

/* The example names a case as the archive's layout places it: a replay
 * of an older archive's init must write its README unchanged. */
static const char archive_readme[] =
    "# vpd audit archive\n"
    "\n"
    "This bare git repository is the audit archive of vpd (Veilige Publieke\n"
    "Dienstverlening): every registered incident, every step of the\n"
    "escalation protocol and every document is one commit here.  Nothing\n"
    "is ever rewritten.  Read it with stock git, e.g.\n"
    "\n"
    "    git -C ARCHIVE log --stat\n"
    "    git -C ARCHIVE show HEAD:cases/%s/case.json\n"
    "\n"
    "and check it with `vpd verify`.  The layout is described in vpd's\n"
    "docs/archive.md.  It holds personal data: handle it accordingly.\n";

/* Archives made before spread folders existed keep the flat layout. */
static int
init_layout(vpd_txn *t, const json_t *formaat, vpd_error *err)
{
	json_t *v;
	int rc;

	if (json_integer_value(formaat) != VPD_LAYOUT_SPREAD ||
	    !json_is_integer(formaat))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "init: formaat %d is the only layout this vpd makes",
		    VPD_LAYOUT_SPREAD);
	v = json_pack("{si}", "formaat", VPD_LAYOUT_SPREAD);
	rc = vpd_txn_write_json(t, VPD_LAYOUT_FILE, v, err);
	json_decref(v);
	return rc;
}

/* An archive that seals personal data says so in its tree: from its
 * first commit, or from its migration (docs/privacy.md). */
static int
init_sealing(vpd_txn *t, const json_t *req, vpd_error *err)
{
	if (json_integer_value(json_object_get(req, "versleuteling")) != 1)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "versleuteling: 1 is the only kind this vpd knows");
	return vpd_seal_mark(t, req, err);
}

int
vpd_seal_mark(vpd_txn *t, const json_t *req, vpd_error *err)
{
	json_t *v;
	int rc;

	if (vpd_layout_sealed(t))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive seals personal data already");
	v = json_pack("{sisO}", "versleuteling", 1, "sinds",
	    json_object_get(req, "tijdstip"));
	rc = vpd_txn_write_json(t, VPD_SEAL_MARK, v, err);
	json_decref(v);
	return rc;
}

static int add_key(vpd_txn *t, const json_t *line, vpd_error *err);

static int
apply_init(vpd_txn *t, const json_t *req, json_t **record, char *path,
    size_t size, vpd_error *err)
{
	json_t *rec, *actors;
	char readme[sizeof(archive_readme) + 16];
	int rc;

	if (vpd_txn_exists(t, "README.md") ||
	    vpd_txn_exists(t, "config/actors.json"))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive is initialised already");
	rec = json_deep_copy(req);
	actors = json_pack("{s{}}", "actoren");
	snprintf(path, size, "config/events/0001.json");
	snprintf(readme, sizeof(readme), archive_readme,
	    json_object_get(req, "formaat") ? "2026/0001" : "2026-0001");
	/* Archives made before the indexes existed have none: replaying
	 * their init must give the same tree. */
	if ((json_object_get(req, "indexen") &&
	    !json_is_false(json_object_get(req, "indexen")) &&
	    (rc = vpd_index_init(t, json_is_true(json_object_get(req,
	    "indexen")) ? 1 : (int)json_integer_value(json_object_get(req,
	    "indexen")), err))) ||
	    (json_object_get(req, "formaat") &&
	    (rc = init_layout(t, json_object_get(req, "formaat"), err))) ||
	    (json_object_get(req, "versleuteling") &&
	    (rc = init_sealing(t, req, err))) ||
	    (rc = vpd_txn_write(t, "README.md", readme, strlen(readme),
	    err)) ||
	    (rc = vpd_txn_write_json(t, "config/actors.json", actors, err)) ||
	    (json_object_get(req, "sleutel") &&
	    (rc = add_key(t, json_object_get(req, "sleutel"), err))) ||
	    (rc = vpd_txn_write_json(t, path, rec, err))) {
		json_decref(actors);
		json_decref(rec);
		return rc;
	}
	json_decref(actors);
	*record = rec;
	return 0;
}

/*
 * The archive's signing keys (docs/security.md): config/allowed_signers
 * lists every key the archive has had, in git's allowed-signers format,
 * the current one last.  A record brings in a key: the init record the
 * first, a `sleutel` record each next one, whose commit the previous key
 * signs.
 */
static int
add_key(vpd_txn *t, const json_t *line, vpd_error *err)
{
	unsigned char pk[VPD_SIGN_PK_BYTES];
	char *text = NULL, *add = NULL, *all = NULL;
	size_t len = 0;
	int n = 0, rc;

	if (!json_is_string(line) || json_string_length(line) > 200 ||
	    vpd_sign_parse_public_line(json_string_value(line), pk) != 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "sleutel: not an ed25519 public key in OpenSSH's form");
	rc = vpd_txn_read(t, VPD_SIGNERS_FILE, &text, &len, err);
	if (rc && rc != VPD_ENOTFOUND)
		return rc;
	vpd_error_clear(err);
	if (text) {
		int at = vpd_sign_allowed_scan(text, len, pk, &n, NULL);

		if (at == -2 || n >= 63) {
			rc = vpd_error_set(err, VPD_EINVALID, VPD_SIGNERS_FILE,
			    0, 0, at == -2 ? "a line holds no ed25519 key" :
			    "the archive has had 63 keys, the most it takes");
			goto done;
		}
		if (at >= 0) {
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "sleutel: the archive has had this key before; a "
			    "new key must be new");
			goto done;
		}
	}
	if ((add = vpd_sign_allowed_line(pk, n + 1)) == NULL ||
	    (all = malloc(len + strlen(add) + 1)) == NULL) {
		rc = vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
		goto done;
	}
	if (len)
		memcpy(all, text, len);
	strcpy(all + len, add);
	rc = vpd_txn_write(t, VPD_SIGNERS_FILE, all, strlen(all), err);
done:
	free(text);
	free(add);
	free(all);
	return rc;
}

static int
apply_key(vpd_txn *t, const json_t *req, json_t **record, char *path,
    size_t size, vpd_error *err)
{
	unsigned roles = 0;
	json_t *rec, *names;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & VPD_ROLE_COORDINATOR))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "only a coordinator may give the archive a new key");
	if ((rc = add_key(t, json_object_get(req, "sleutel"), err)))
		return rc;
	names = vpd_txn_list(t, "config/events");
	snprintf(path, size, "config/events/%04d.json",
	    (int)json_array_size(names) + 1);
	json_decref(names);
	rec = json_deep_copy(req);
	if ((rc = vpd_txn_write_json(t, path, rec, err))) {
		json_decref(rec);
		return rc;
	}
	*record = rec;
	return 0;
}

/*
 * Writes an actor change: config/actors.json (cfg) and the record at the
 * next config/events/NNNN.json.  Takes cfg and rec; *record gets rec.
 */
static int
write_actors(vpd_txn *t, json_t *cfg, json_t *rec, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	json_t *names = vpd_txn_list(t, "config/events");
	int rc;

	snprintf(path, size, "config/events/%04d.json",
	    (int)json_array_size(names) + 1);
	json_decref(names);
	if ((rc = vpd_txn_write_json(t, "config/actors.json", cfg, err)) ||
	    (rc = vpd_txn_write_json(t, path, rec, err))) {
		json_decref(cfg);
		json_decref(rec);
		return rc;
	}
	json_decref(cfg);
	*record = rec;
	return 0;
}

/*
 * Disables an actor: they keep their name, roles and history, but can no
 * longer act or sign in, until a coordinator adds them again.  Nobody
 * disables himself, and the last coordinator who can act stays.
 */
static int
disable_actor(vpd_txn *t, const json_t *req, json_t **record, char *path,
    size_t size, vpd_error *err)
{
	const char *by = str(req, "actor"), *name = str(req, "naam"), *k;
	json_t *cfg, *actors, *entry, *v, *rec;
	unsigned by_roles = 0;
	int rc, coordinators = 0;

	if ((rc = vpd_actor_roles(t, by, &by_roles, err)))
		return rc;
	if (!(by_roles & VPD_ROLE_COORDINATOR)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "only a coordinator may disable actors");
		vpd_error_set_nl(err, "Alleen de coördinator schakelt "
		    "accounts uit.");
		return rc;
	}
	if (by && strcmp(by, name) == 0) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "nobody disables himself: ask another coordinator");
		vpd_error_set_nl(err, "Uw eigen account kunt u niet "
		    "uitschakelen; vraag een andere coördinator.");
		return rc;
	}
	if ((rc = vpd_txn_read_json(t, "config/actors.json", &cfg, err)))
		return rc;
	actors = json_object_get(cfg, "actoren");
	if ((entry = json_object_get(actors, name)) == NULL ||
	    json_is_true(json_object_get(entry, "uitgeschakeld"))) {
		json_decref(cfg);
		rc = vpd_error_set(err, entry ? VPD_EREFUSED : VPD_ENOTFOUND,
		    NULL, 0, 0, entry ? "actor '%s' is already disabled" :
		    "no actor '%s' in this archive", name);
		vpd_error_set_nl(err, entry ? "Dit account is al "
		    "uitgeschakeld." : "Dit account bestaat niet.");
		return rc;
	}
	json_object_foreach(actors, k, v)
		if (strcmp(k, name) != 0 &&
		    !json_is_true(json_object_get(v, "uitgeschakeld")) &&
		    (vpd_roles_from_json(json_object_get(v, "rollen")) &
		    VPD_ROLE_COORDINATOR))
			coordinators++;
	if (coordinators == 0) {
		json_decref(cfg);
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "'%s' is the last coordinator who can act", name);
		vpd_error_set_nl(err, "Dit is de laatste coördinator die nog "
		    "kan werken; schakel eerst een andere in.");
		return rc;
	}
	json_object_set_new(entry, "uitgeschakeld", json_true());
	rec = json_pack("{sOsOsOsOsb}", "soort", json_object_get(req, "soort"),
	    "actor", json_object_get(req, "actor"), "tijdstip",
	    json_object_get(req, "tijdstip"), "naam", json_object_get(req,
	    "naam"), "uitgeschakeld", 1);
	return write_actors(t, cfg, rec, record, path, size, err);
}

static int
apply_actor(vpd_txn *t, const json_t *req, json_t **record, char *path,
    size_t size, vpd_error *err)
{
	const char *by = str(req, "actor"), *name = str(req, "naam");
	const char *email = str(req, "email");
	json_t *cfg, *actors, *roles = json_object_get(req, "rollen"), *v, *rec;
	unsigned bits = 0, by_roles = 0;
	size_t i;
	int rc;

	/* the name is a commit's author: printable, no '<' or '>', and no
	 * blanks at its ends, which git would trim into another actor's */
	if (name == NULL || *name == '\0' || strlen(name) > 100 ||
	    strpbrk(name, "<>") || !vpd_text_printable(name) ||
	    isspace((unsigned char)name[0]) ||
	    isspace((unsigned char)name[strlen(name) - 1]))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an actor's name must be 1 to 100 printable characters, "
		    "without '<' or '>' and not starting or ending with a "
		    "space");
	if (strcmp(name, "system") == 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "'system' is vpd's own actor and cannot be added");
	if (email && (strpbrk(email, "<> ") || !vpd_text_printable(email)))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "--email: not an e-mail address");
	if (json_is_true(json_object_get(req, "uitgeschakeld")))
		return disable_actor(t, req, record, path, size, err);
	if (!json_is_array(roles) || json_array_size(roles) == 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an actor needs at least one --role");
	if (json_object_get(req, "afdelingen")) {
		json_t *d = json_object_get(req, "afdelingen");

		if (!json_is_array(d) || json_array_size(d) > 50)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "--afdeling: at most 50 departments");
		json_array_foreach(d, i, v) {
			const char *s = json_string_value(v);

			if (s == NULL || *s == '\0' || strlen(s) > 100 ||
			    strpbrk(s, "\n\r\t<>"))
				return vpd_error_set(err, VPD_EINVALID, NULL,
				    0, 0, "--afdeling: a department's name is "
				    "1 to 100 characters without line breaks");
		}
	}
	json_array_foreach(roles, i, v) {
		unsigned r = vpd_role_parse(json_string_value(v));

		if (r == 0 || r == VPD_ROLE_SYSTEM)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "--role: unknown role '%s' (roles: medewerker, "
			    "manager, coordinator, legal, reception, police)",
			    json_string_value(v) ? json_string_value(v) : "");
		bits |= r;
	}
	if ((rc = vpd_txn_read_json(t, "config/actors.json", &cfg, err)))
		return rc;
	actors = json_object_get(cfg, "actoren");
	if (json_object_size(actors) == 0) {
		if (!(bits & VPD_ROLE_COORDINATOR)) {
			json_decref(cfg);
			return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "the first actor must be a coordinator (who then "
			    "adds the others)");
		}
	} else {
		if ((rc = vpd_actor_roles(t, by, &by_roles, err))) {
			json_decref(cfg);
			return rc;
		}
		if (!(by_roles & VPD_ROLE_COORDINATOR)) {
			json_decref(cfg);
			return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "only a coordinator may add actors or change "
			    "their roles");
		}
	}
	json_object_set_new(actors, name, json_pack("{so}", "rollen",
	    vpd_roles_json(bits)));
	if (email && *email)
		json_object_set_new(json_object_get(actors, name), "email",
		    json_string(email));
	if (json_array_size(json_object_get(req, "afdelingen")) > 0)
		json_object_set(json_object_get(actors, name), "afdelingen",
		    json_object_get(req, "afdelingen"));
	rec = json_deep_copy(req);
	json_object_set_new(rec, "rollen", vpd_roles_json(bits));
	return write_actors(t, cfg, rec, record, path, size, err);
}

/* ---- Case events ---------------------------------------------------- */

static int
write_case(vpd_txn *t, const json_t *c, json_t *rec, int nr, char *path,
    size_t size, vpd_error *err)
{
	char cpath[128], rest[32];
	int rc;

	snprintf(rest, sizeof(rest), "events/%04d.json", nr);
	if (vpd_case_path(t, str(c, "id"), "case.json", cpath, sizeof(cpath)) ||
	    vpd_case_path(t, str(c, "id"), rest, path, size))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "a case record has no valid id");
	if ((rc = vpd_txn_write_json(t, cpath, c, err)))
		return rc;
	return vpd_txn_write_json(t, path, rec, err);
}

/* Copies the effects of the interpreter into the record. */
static void
merge_effects(json_t *rec, const json_t *eff)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)eff, key, v)
		if (strcmp(key, "event") != 0)
			json_object_set(rec, key, v);
}

/*
 * Puts the rendered copies of this event's documents into the case's
 * folder and records path, sha256 and size on each copy, and the signer
 * on the document.  Every document the event made must have its copies,
 * each blob must be there and its content must have the recorded sha256.
 */
static int
place_documents(vpd_txn *t, json_t *c, const json_t *pdfs, json_int_t nr,
    vpd_error *err)
{
	json_t *doc;
	size_t i, used = 0;

	if (pdfs == NULL)
		return 0;
	json_array_foreach(json_object_get(c, "documenten"), i, doc) {
		json_t *copies = json_object_get(doc, "exemplaren"), *entry;
		json_t *rendered, *cp;
		char key[32];
		size_t k;

		if (json_integer_value(json_object_get(doc, "gebeurtenis")) !=
		    nr)
			continue;
		snprintf(key, sizeof(key), "%lld", (long long)
		    json_integer_value(json_object_get(doc, "nr")));
		entry = json_object_get(pdfs, key);
		rendered = json_object_get(entry, "exemplaren");
		if (json_array_size(rendered) != json_array_size(copies))
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "document %s: %zu copies rendered for %zu "
			    "destinations", key, json_array_size(rendered),
			    json_array_size(copies));
		used++;
		json_array_foreach(copies, k, cp) {
			json_t *r = json_array_get(rendered, k);
			const char *blob = str(r, "blob");
			char path[256], rest[200], *buf;
			size_t len;
			bool same;
			int rc;

			if ((rc = vpd_archive_get_blob(vpd_txn_archive(t), blob,
			    &buf, &len, err)))
				return rc;
			if (vpd_layout_sealed(t)) {
				/* sealed for the case's person; its sha256
				 * is of what it seals, which takes the key
				 * to check */
				char who[VPD_SEAL_ID_MAX];
				size_t plain = 0;

				same = vpd_seal_blob_person(buf, len, who,
				    &plain) && str(c, "persoon") &&
				    strcmp(who, str(c, "persoon")) == 0;
				len = plain;
			} else
				same = vpd_archive_sha256_is(buf, len,
				    str(r, "sha256"));
			free(buf);
			if (!same)
				return vpd_error_set(err, VPD_EINVALID, NULL, 0,
				    0, "document %s copy %zu: the PDF does not "
				    "have its recorded sha256", key, k + 1);
			snprintf(rest, sizeof(rest),
			    "documents/%03lld-%s/%zu-%s.pdf",
			    (long long)json_integer_value(
			    json_object_get(doc, "nr")), str(doc, "brief"),
			    k + 1, str(cp, "bestemming"));
			if (vpd_case_path(t, str(c, "id"), rest, path,
			    sizeof(path)))
				return vpd_error_set(err, VPD_EINVALID, NULL, 0,
				    0, "document %s copy %zu: no path for it",
				    key, k + 1);
			if ((rc = vpd_txn_write_blob_id(t, path, blob, err)))
				return rc;
			json_object_set_new(cp, "pdf", json_string(path));
			json_object_set_new(cp, "sha256", json_string(str(r, "sha256")));
			json_object_set_new(cp, "bytes",
			    json_integer((json_int_t)len));
		}
		json_object_set(doc, "ondertekenaar",
		    json_object_get(entry, "ondertekenaar"));
	}
	if (used != json_object_size(pdfs))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "PDFs were given for documents this event did not make");
	return 0;
}

static int
apply_event(vpd_txn *t, vpd_wfcache *cache, const json_t *req,
    json_t **record, char *path, size_t size, vpd_error *err)
{
	const char *id = str(req, "zaak"), *event = str(req, "event");
	const vpd_workflow *wf;
	json_t *c = NULL, *persoon = NULL, *incident = NULL, *nc = NULL,
	    *eff = NULL, *rec = NULL;
	char cpath[128];
	vpd_fire f;
	vpd_time now;
	unsigned roles;
	int rc;

	if (id == NULL || event == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an event needs a case and an event name");
	if ((rc = request_time(req, &now, err)))
		return rc;
	if (vpd_case_path(t, id, "case.json", cpath, sizeof(cpath)) ||
	    vpd_txn_read_json(t, cpath, &c, err))
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", id);
	if ((rc = vpd_wfcache_get(cache, vpd_txn_archive(t),
	    str(json_object_get(c, "workflow"), "blob"), &wf, err)) ||
	    (rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		goto done;
	{
		/* The audit trail of a case runs forward in time. */
		vpd_time last;

		if (vpd_time_parse(str(c, "bijgewerkt"), &last) == 0 &&
		    now < last) {
			char when[VPD_TIME_LOCAL_LEN];

			vpd_time_format_human(last, when);
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "case %s last changed at %s; an event cannot be "
			    "dated before that (check VPD_NOW)", id, when);
			goto done;
		}
	}
	persoon = vpd_person_of_case(t, c);
	if (json_object_get(req, "incident") &&
	    (rc = vpd_incident_validate(&incident, json_object_get(req,
	    "incident"), "incident", now, err)))
		goto done;
	if (incident && vpd_layout_sealed(t) && !vpd_sealed_check(incident,
	    vpd_sealed_incident_fields, str(c, "persoon"))) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "this "
		    "archive seals personal data: the incident's description "
		    "must be sealed for the case's person");
		goto done;
	}
	if (vpd_layout_sealed(t)) {
		/* so are the text inputs (sealing.c) */
		json_t *names = vpd_text_inputs(t, cache, c, event), *n;
		char who[VPD_SEAL_ID_MAX];
		size_t i;

		json_array_foreach(names, i, n) {
			json_t *v = json_object_get(json_object_get(req,
			    "invoer"), json_string_value(n));

			/* one that is no valid text is refused below, by
			 * the workflow, with its reason */
			if (json_is_string(v) && json_string_length(v) > 0 &&
			    json_string_length(v) <= VPD_TEXT_MAX &&
			    vpd_text_printable_lines(json_string_value(v)) &&
			    rc == 0)
				rc = vpd_error_set(err, VPD_EINVALID, NULL, 0,
				    0, "this archive seals personal data: "
				    "input '%s' must be sealed for the case's "
				    "person", json_string_value(n));
			else if (v && vpd_seal_is_sealed(v, who) &&
			    strcmp(who, str(c, "persoon")) != 0 && rc == 0)
				rc = vpd_error_set(err, VPD_EINVALID, NULL, 0,
				    0, "input '%s' is sealed for another "
				    "person", json_string_value(n));
		}
		json_decref(names);
		if (rc)
			goto done;
	}
	memset(&f, 0, sizeof(f));
	f.event = event;
	f.inputs = json_object_get(req, "invoer");
	f.reason = str(req, "reden");
	f.actor = str(req, "actor");
	f.roles = roles;
	f.now = now;
	f.incident = incident;
	f.persoon = persoon;
	if ((rc = vpd_workflow_fire(wf, c, &f, &nc, &eff, err)))
		goto done;
	if (roles == VPD_ROLE_SYSTEM) {
		const char *due = vpd_workflow_due(wf, c, persoon, now);

		if (due == NULL || strcmp(due, event) != 0) {
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "system fires only time-triggered events that are "
			    "due; %s is not", event);
			goto done;
		}
	}
	if ((rc = place_documents(t, nc, json_object_get(req, "pdf"),
	    (json_int_t)json_integer_value(json_object_get(nc,
	    "gebeurtenissen")), err)))
		goto done;
	rec = json_deep_copy(req);
	json_object_set_new(rec, "soort", json_string("event"));
	json_object_set(rec, "nr", json_object_get(nc, "gebeurtenissen"));
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	json_object_set(rec, "workflow", json_object_get(c, "workflow"));
	json_object_set(rec, "persoon_id", json_object_get(c, "persoon"));
	if (incident)
		json_object_set(rec, "incident", incident);
	merge_effects(rec, eff);
	rc = write_case(t, nc, rec, (int)json_integer_value(
	    json_object_get(nc, "gebeurtenissen")), path, size, err);
done:
	if (rc == 0) {
		*record = rec;
		rec = NULL;
	}
	json_decref(rec);
	json_decref(c);
	json_decref(nc);
	json_decref(eff);
	json_decref(persoon);
	json_decref(incident);
	return rc;
}

/* Finds the person a record describes; returns the id or NULL. */
static char *
match_person(vpd_txn *t, const json_t *p, json_t **file, vpd_error *err,
    int *rc)
{
	json_t *names, *v;
	const char *want = str(p, "id");
	size_t i;

	*rc = 0;
	*file = NULL;
	if (want) {
		/* by id: one file */
		char path[256];

		if (vpd_person_path(t, want, path, sizeof(path)) == 0 &&
		    vpd_txn_read_json(t, path, file, err) == 0 &&
		    strcmp(want, str(*file, "id") ? str(*file, "id") : "") == 0)
			return strdup(want);
		json_decref(*file);
		*file = NULL;
		*rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "persoon.id: no person %s in this archive", want);
		return NULL;
	}
	/* Only a person with a birth date is recognised again; the index
	 * names those born in the same year. */
	if (str(p, "geboortedatum") == NULL)
		return NULL;
	if ((names = vpd_index_person_files(t, p)) == NULL)
		names = vpd_layout_person_files(t);
	json_array_foreach(names, i, v) {
		char path[256];
		json_t *f;

		if (vpd_person_file_path(t, json_string_value(v), path,
		    sizeof(path)) || vpd_txn_read_json(t, path, &f, err))
			continue;
		if (vpd_person_same(f, p)) {
			char *id = strdup(str(f, "id"));

			*file = f;
			json_decref(names);
			return id;
		}
		json_decref(f);
	}
	json_decref(names);
	return NULL;
}

/* A search code as sealing.c makes it: three hex digits. */
static bool
search_code_ok(const json_t *v)
{
	const char *s = json_string_value(v);

	return v == NULL || (s && strlen(s) == 3 &&
	    strspn(s, "0123456789abcdef") == 3);
}

/*
 * In an archive that seals: the person the sealing named ("persoon_id"),
 * whose key seals every personal value of the request: one there is, or
 * the next new one.
 */
static char *
sealed_person(vpd_txn *t, const json_t *req, const json_t *persoon,
    const json_t *incident, json_t **file, vpd_error *err, int *rc)
{
	const char *pid = str(req, "persoon_id");
	char path[128], next[VPD_ID_MAX];
	vpd_error e;

	*file = NULL;
	*rc = 0;
	if (!vpd_person_id_valid(pid) || json_object_get(persoon, "id") ||
	    !vpd_sealed_check(persoon, vpd_sealed_person_fields, pid) ||
	    !vpd_sealed_check(incident, vpd_sealed_incident_fields, pid) ||
	    !search_code_ok(json_object_get(req, "zoekcode"))) {
		*rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "this "
		    "archive seals personal data: a new case needs the "
		    "person's id and their data sealed for them");
		return NULL;
	}
	if (vpd_person_path(t, pid, path, sizeof(path)) == 0 &&
	    vpd_txn_read_json(t, path, file, &e) == 0) {
		if (json_object_get(*file, "gewist")) {
			json_decref(*file);
			*file = NULL;
			*rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "person %s was erased", pid);
			return NULL;
		}
		return strdup(pid);
	}
	vpd_layout_next_person(t, next);
	if (strcmp(next, pid) != 0) {
		*rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "persoon_id: no person %s, and the next new one is %s",
		    pid, next);
		return NULL;
	}
	return NULL;                    /* new: made below */
}

/*
 * A case of this person with a measure in force whose workflow accepts a
 * new incident in its current state; the event name goes to *event.
 */
static json_t *
active_case(vpd_txn *t, vpd_wfcache *cache, const json_t *pfile,
    vpd_time now, char **event, bool *any_in_force)
{
	json_t *ids = json_object_get(pfile, "zaken"), *v;
	size_t i;

	*any_in_force = false;
	json_array_foreach(ids, i, v) {
		char path[128];
		json_t *c, *m;
		const vpd_workflow *wf;
		vpd_error e;
		bool in_force = false;
		size_t k;

		if (vpd_case_path(t, json_string_value(v), "case.json", path,
		    sizeof(path)) || vpd_txn_read_json(t, path, &c, &e))
			continue;
		json_array_foreach(json_object_get(c, "maatregelen"), k, m)
			if (vpd_workflow_measure_in_force(m, now))
				in_force = true;
		if (in_force)
			*any_in_force = true;
		if (in_force && vpd_wfcache_get(cache, vpd_txn_archive(t),
		    str(json_object_get(c, "workflow"), "blob"), &wf, &e) == 0) {
			json_t *allowed = vpd_workflow_allowed(wf, c, ~0u);
			json_t *ev;

			json_array_foreach(allowed, k, ev)
				if (vpd_workflow_event_takes_incident(wf,
				    json_string_value(ev))) {
					*event = strdup(json_string_value(ev));
					json_decref(allowed);
					return c;
				}
			json_decref(allowed);
		}
		json_decref(c);
	}
	return NULL;
}

static int
apply_open(vpd_txn *t, vpd_wfcache *cache, const json_t *req,
    json_t **record, char *path, size_t size, vpd_error *err)
{
	const char *wfname = str(req, "workflow"), *blob = str(req,
	    "workflow_blob");
	const vpd_workflow *wf;
	json_t *persoon = NULL, *incident = NULL, *pfile = NULL, *c = NULL,
	    *eff = NULL, *rec = NULL, *skel = NULL, *active = NULL;
	char *pid = NULL, *link_event = NULL, cid[32], ppath[128], wpath[128];
	bool in_force = false;
	unsigned roles;
	vpd_fire f;
	vpd_time now;
	int rc, y, m, d;

	if ((rc = request_time(req, &now, err)))
		return rc;
	if (wfname == NULL || blob == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "opening a case needs a workflow");
	if ((rc = vpd_wfcache_get(cache, vpd_txn_archive(t), blob, &wf, err)))
		return rc;
	if (strcmp(vpd_workflow_name(wf), wfname) != 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "workflow blob %s is '%s', not '%s'", blob,
		    vpd_workflow_name(wf), wfname);
	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(vpd_roles_effective(roles) & vpd_workflow_open_roles(wf)) ||
	    roles == VPD_ROLE_SYSTEM)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not open a case in workflow %s", str(req, "actor"),
		    wfname);
	if ((rc = vpd_person_validate(&persoon, json_object_get(req,
	    "persoon"), "persoon", err)) ||
	    (rc = vpd_incident_validate(&incident, json_object_get(req,
	    "incident"), "incident", now, err)))
		goto done;
	if (vpd_layout_sealed(t))
		pid = sealed_person(t, req, persoon, incident, &pfile, err, &rc);
	else
		pid = match_person(t, persoon, &pfile, err, &rc);
	if (rc)
		goto done;
	if (pfile && (active = active_case(t, cache, pfile, now, &link_event,
	    &in_force))) {
		/* Recidive: the incident joins the case in force. */
		json_t *ev = json_pack("{sssssssssssOs{}}", "soort", "event",
		    "actor", str(req, "actor"), "tijdstip", str(req, "tijdstip"),
		    "zaak", str(active, "id"), "event", link_event, "incident",
		    incident, "invoer");

		/* Letters the linked event makes were rendered by the command
		 * (see apply_with_letters) and come along. */
		if (json_object_get(req, "pdf"))
			json_object_set(ev, "pdf", json_object_get(req, "pdf"));

		free(link_event);
		rc = apply_event(t, cache, ev, record, path, size, err);
		json_decref(ev);
		goto done;
	}
	if (pid == NULL) {
		char buf[VPD_ID_MAX];

		vpd_layout_next_person(t, buf);
		pid = strdup(buf);
	}

	vpd_date_to_ymd(vpd_time_local_date(now), &y, &m, &d);
	vpd_layout_next_case(t, y, cid);
	skel = json_pack("{sss{ssss}sssb}", "id", cid, "workflow", "naam",
	    wfname, "blob", blob, "persoon", pid, "recidive", in_force);
	memset(&f, 0, sizeof(f));
	f.event = VPD_EVENT_OPEN;
	f.actor = str(req, "actor");
	f.roles = roles;
	f.now = now;
	f.incident = incident;
	f.persoon = persoon;
	if ((rc = vpd_workflow_open(wf, skel, &f, &c, &eff, err)))
		goto done;

	/* The person file: latest data, plus the list of their cases. */
	{
		json_t *newp = json_deep_copy(persoon);
		json_t *zaken = pfile ? json_deep_copy(json_object_get(pfile,
		    "zaken")) : json_array();

		json_object_set_new(newp, "id", json_string(pid));
		if (json_object_get(req, "zoekcode"))
			json_object_set(newp, "zoekcode", json_object_get(req,
			    "zoekcode"));
		for (const char *const *k = kept; *k; k++)
			if (json_object_get(pfile, *k))
				json_object_set(newp, *k, json_object_get(
				    pfile, *k));
		json_array_append_new(zaken, json_string(cid));
		json_object_set_new(newp, "zaken", zaken);
		rc = vpd_person_path(t, pid, ppath, sizeof(ppath)) ?
		    vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "persoon.id is not a person id") :
		    vpd_txn_write_json(t, ppath, newp, err);
		json_decref(newp);
		if (rc)
			goto done;
	}
	snprintf(wpath, sizeof(wpath), "workflows/%s.yaml", wfname);
	if ((rc = vpd_txn_write_blob_id(t, wpath, blob, err)))
		goto done;
	rec = json_deep_copy(req);
	json_object_set_new(rec, "soort", json_string("openen"));
	json_object_set_new(rec, "event", json_string(VPD_EVENT_OPEN));
	json_object_set_new(rec, "nr", json_integer(1));
	json_object_set_new(rec, "zaak", json_string(cid));
	json_object_set_new(rec, "persoon_id", json_string(pid));
	json_object_set_new(rec, "persoon", json_incref(persoon));
	json_object_set_new(rec, "incident", json_incref(incident));
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	json_object_set_new(rec, "workflow", json_pack("{ssss}", "naam",
	    wfname, "blob", blob));
	json_object_del(rec, "workflow_blob");
	merge_effects(rec, eff);
	if ((rc = write_case(t, c, rec, 1, path, size, err)))
		goto done;
	*record = rec;
	rec = NULL;
done:
	json_decref(rec);
	json_decref(skel);
	json_decref(c);
	json_decref(eff);
	json_decref(persoon);
	json_decref(incident);
	json_decref(pfile);
	json_decref(active);
	free(pid);
	return rc;
}

/* ---- Distribution of copies ----------------------------------------- */

static const char *distribution[] = {"uitgereikt", "verzonden",
    "aangetekend_verzonden", "aan_politie", "gearchiveerd",
    "niet_afgehaald", NULL};

/*
 * Records what happened to one copy of a document: handed over, posted,
 * sent by registered post (with its tracking number), given to the police,
 * filed, or returned unclaimed.  A registered copy goes by registered post
 * or by hand; it cannot return to "voorbereid".
 */
static int
apply_distribution(vpd_txn *t, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	const char *id = str(req, "zaak"), *status = str(req, "status");
	const char *track = str(req, "volgnummer");
	json_int_t docnr = json_integer_value(json_object_get(req, "document"));
	json_int_t copynr = json_integer_value(json_object_get(req,
	    "exemplaar"));
	json_t *c = NULL, *doc = NULL, *cp, *v, *rec;
	char cpath[128], nowbuf[VPD_TIME_UTC_LEN];
	unsigned roles;
	vpd_time now;
	json_int_t nr;
	size_t i;
	bool known = false;
	int rc;

	if ((rc = request_time(req, &now, err)))
		return rc;
	for (i = 0; status && distribution[i]; i++)
		if (strcmp(status, distribution[i]) == 0)
			known = true;
	if (!known)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "unknown status '%s' (uitgereikt, verzonden, "
		    "aangetekend_verzonden, aan_politie, gearchiveerd, "
		    "niet_afgehaald)", status ? status : "");
	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL | VPD_ROLE_RECEPTION)))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not record how letters were sent", str(req,
		    "actor"));
	if (vpd_case_path(t, id, "case.json", cpath, sizeof(cpath)) ||
	    vpd_txn_read_json(t, cpath, &c, err))
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no case %s in this archive", id ? id : "");
	json_array_foreach(json_object_get(c, "documenten"), i, v)
		if (json_integer_value(json_object_get(v, "nr")) == docnr)
			doc = v;
	cp = doc ? json_array_get(json_object_get(doc, "exemplaren"),
	    (size_t)(copynr - 1)) : NULL;
	if (cp == NULL || copynr < 1) {
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "case %s has no copy %lld of document %lld", id,
		    (long long)copynr, (long long)docnr);
		goto done;
	}
	if (strcmp(status, "aangetekend_verzonden") == 0 &&
	    (track == NULL || *track == '\0')) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "registered post needs its tracking number (--tracking)");
		goto done;
	}
	if (json_is_true(json_object_get(cp, "aangetekend")) &&
	    strcmp(status, "verzonden") == 0) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "copy %lld goes by registered post: record "
		    "aangetekend_verzonden with its tracking number",
		    (long long)copynr);
		goto done;
	}
	if (!json_is_true(json_object_get(cp, "aangetekend")) &&
	    strcmp(status, "aangetekend_verzonden") == 0) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "copy %lld is not a registered copy", (long long)copynr);
		goto done;
	}
	nr = json_integer_value(json_object_get(c, "gebeurtenissen")) + 1;
	vpd_time_format_utc(now, nowbuf);
	rec = json_deep_copy(req);
	json_object_set_new(rec, "nr", json_integer(nr));
	json_object_set_new(rec, "event", json_string("verzending"));
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	json_object_set(rec, "workflow", json_object_get(c, "workflow"));
	json_object_set(rec, "persoon_id", json_object_get(c, "persoon"));
	json_object_set_new(rec, "van", json_string(str(cp, "status") ?
	    str(cp, "status") : "voorbereid"));
	json_object_set_new(rec, "naar", json_string(status));
	json_object_set_new(rec, "bestemming", json_string(str(cp,
	    "bestemming")));
	if (json_object_get(cp, "verzending") == NULL)
		json_object_set_new(cp, "verzending", json_array());
	v = json_pack("{sssssI}", "status", status, "tijdstip", nowbuf,
	    "gebeurtenis", nr);
	json_object_set(v, "door", json_object_get(req, "actor"));
	if (track)
		json_object_set_new(v, "volgnummer", json_string(track));
	if (str(req, "toelichting"))
		json_object_set(v, "toelichting", json_object_get(req,
		    "toelichting"));
	json_array_append_new(json_object_get(cp, "verzending"), v);
	json_object_set_new(cp, "status", json_string(status));
	json_object_set_new(c, "gebeurtenissen", json_integer(nr));
	json_object_set_new(c, "bijgewerkt", json_string(nowbuf));
	if ((rc = write_case(t, c, rec, (int)nr, path, size, err))) {
		json_decref(rec);
		goto done;
	}
	*record = rec;
done:
	json_decref(c);
	return rc;
}

/* ---- Photos --------------------------------------------------------- */

/* The next record path in a flat records folder such as photos/events. */
static void
next_record_path(vpd_txn *t, const char *dir, char *path, size_t size)
{
	json_t *names = vpd_txn_list(t, dir);

	snprintf(path, size, "%s/%04d.json", dir,
	    (int)json_array_size(names) + 1);
	json_decref(names);
}

/*
 * Sets or removes a person's photo.  The image is already a blob (the
 * command stored it); it is checked here again, so that a replay by
 * verify applies the same rules.
 */
static int
apply_photo(vpd_txn *t, const json_t *req, json_t **record, char *path,
    size_t size, vpd_error *err)
{
	const char *pid = str(req, "persoon");
	const json_t *foto = json_object_get(req, "foto");
	json_t *p = NULL, *rec = NULL;
	char ppath[128], old[128], *buf = NULL;
	unsigned roles;
	size_t len;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL | VPD_ROLE_RECEPTION)))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not set or remove photos", str(req, "actor"));
	if ((rc = vpd_person_load(t, pid, ppath, sizeof(ppath), &p, err)))
		return rc;
	if (json_object_get(p, "foto")) {
		snprintf(old, sizeof(old), "%s", str(json_object_get(p, "foto"),
		    "pad"));
		if ((rc = vpd_txn_remove(t, old, err)))
			goto done;
		json_object_del(p, "foto");
	} else if (foto == NULL || json_is_null(foto)) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "person %s has no photo to remove", pid);
		goto done;
	}
	rec = json_deep_copy(req);
	if (json_is_object(foto)) {
		const char *blob = str(foto, "blob");
		char fpath[128];
		vpd_image_info info;

		if (blob == NULL || (rc = vpd_archive_get_blob(
		    vpd_txn_archive(t), blob, &buf, &len, err)))
			goto done;
		if (vpd_layout_sealed(t)) {
			/* sealed for the person: what it is was checked
			 * before, and the request says it */
			char who[VPD_SEAL_ID_MAX];
			const char *type = str(foto, "type");
			json_int_t w = json_integer_value(json_object_get(foto,
			    "breedte")), h = json_integer_value(
			    json_object_get(foto, "hoogte"));

			if (!vpd_seal_blob_person(buf, len, who, &len) ||
			    strcmp(who, pid) != 0 || type == NULL ||
			    (strcmp(type, "jpeg") && strcmp(type, "png")) ||
			    w < 1 || h < 1 || w > 100000 || h > 100000 ||
			    str(foto, "sha256") == NULL) {
				rc = vpd_error_set(err, VPD_EINVALID, NULL, 0,
				    0, "this archive seals personal data: a "
				    "photo must be sealed for its person, with "
				    "its kind and size");
				goto done;
			}
			memset(&info, 0, sizeof(info));
			info.type = strcmp(type, "png") == 0 ? "png" : "jpeg";
			info.width = (int)w;
			info.height = (int)h;
		} else if (!vpd_archive_sha256_is(buf, len, str(foto,
		    "sha256"))) {
			rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "the photo does not have its recorded sha256");
			goto done;
		}
		if (!vpd_layout_sealed(t) && (rc = vpd_image_check(
		    (unsigned char *)buf, len, "photo", &info, err)))
			goto done;
		if (vpd_photo_path(t, pid, info.type, fpath, sizeof(fpath))) {
			rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "no photo path for this person");
			goto done;
		}
		if ((rc = vpd_txn_write_blob_id(t, fpath, blob, err)))
			goto done;
		json_object_set_new(p, "foto", json_pack("{sssssisisIssss}",
		    "pad", fpath, "type", info.type, "breedte", info.width,
		    "hoogte", info.height, "bytes", (json_int_t)len, "sha256",
		    str(foto, "sha256"), "sinds", str(req, "tijdstip")));
		json_object_set_new(rec, "foto", json_deep_copy(
		    json_object_get(p, "foto")));
		json_object_set_new(json_object_get(rec, "foto"), "blob",
		    json_string(blob));
		json_object_set_new(rec, "actie", json_string("vastgelegd"));
	} else {
		json_object_set_new(rec, "actie", json_string("verwijderd"));
	}
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	next_record_path(t, "photos/events", path, size);
	if ((rc = vpd_txn_write_json(t, ppath, p, err)) ||
	    (rc = vpd_txn_write_json(t, path, rec, err)))
		goto done;
	*record = rec;
	rec = NULL;
done:
	free(buf);
	json_decref(rec);
	json_decref(p);
	return rc;
}

/* ---- Person data ---------------------------------------------------- */

/*
 * Appends to the person's "correcties": when, by whom, why, and which
 * fields changed (their names only; the values before are in the
 * records).  A correction that changes nothing is refused.
 */
static int
mark_correction(json_t *data, const json_t *old, const json_t *req,
    vpd_error *err)
{
	static const char *const fields[] = {"voornamen", "roepnaam",
	    "tussenvoegsel", "achternaam", "geslacht", "geboortedatum",
	    "adres", "telefoon", "email", "signalement", NULL};
	json_t *changed = json_array(), *list;

	for (const char *const *f = fields; *f; f++) {
		json_t *a = json_object_get(old, *f), *b = json_object_get(data,
		    *f);

		if (!(a == NULL && b == NULL) && !(a && b && json_equal(a, b)))
			json_array_append_new(changed, json_string(*f));
	}
	if (json_array_size(changed) == 0) {
		json_decref(changed);
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the "
		    "correction changes nothing: the file holds the data the "
		    "register has");
	}
	list = json_deep_copy(json_object_get(old, "correcties"));
	if (!json_is_array(list)) {
		json_decref(list);
		list = json_array();
	}
	json_array_append_new(list, json_pack("{sOsOsOso}", "tijdstip",
	    json_object_get(req, "tijdstip"), "door", json_object_get(req,
	    "actor"), "reden", json_object_get(req, "reden"), "velden",
	    changed));
	json_object_set_new(data, "correcties", list);
	return 0;
}

/*
 * Completes or corrects a person's data: a report may have come in with
 * a name only, or a description, and the manager finds out who it was.
 * The new data replaces the old (the form shows the old to start from);
 * the id, the cases, the photo, a restriction and earlier corrections
 * stay.  With a reason ("reden") it is a correction and is marked so.
 */
static int
apply_person_update(vpd_txn *t, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	const char *pid = str(req, "persoon");
	json_t *p = NULL, *data = NULL, *rec = NULL;
	char ppath[128];
	unsigned roles;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL)))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not change a person's data (manager, coordinator "
		    "or legal)", str(req, "actor"));
	if ((rc = vpd_person_load(t, pid, ppath, sizeof(ppath), &p, err)))
		return rc;
	if ((rc = vpd_person_validate(&data, json_object_get(req, "gegevens"),
	    "persoon", err)))
		goto done;
	if (json_object_get(data, "id") && strcmp(str(data, "id"), pid)) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "persoon.id: the data is for %s, not %s", str(data, "id"),
		    pid);
		goto done;
	}
	if (vpd_layout_sealed(t) && (!vpd_sealed_check(data,
	    vpd_sealed_person_fields, pid) || !vpd_sealed_check(req,
	    (const char *const[]){"reden", NULL}, pid) ||
	    !search_code_ok(json_object_get(req, "zoekcode")))) {
		rc = vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "this "
		    "archive seals personal data: the person's data must be "
		    "sealed for them");
		goto done;
	}
	json_object_set(data, "id", json_object_get(p, "id"));
	if (json_object_get(req, "zoekcode"))
		json_object_set(data, "zoekcode", json_object_get(req,
		    "zoekcode"));
	json_object_set(data, "zaken", json_object_get(p, "zaken"));
	for (const char *const *k = kept; *k; k++)
		if (json_object_get(p, *k))
			json_object_set(data, *k, json_object_get(p, *k));
	/* A correction (AVG art. 16) carries its reason, and is marked in
	 * the person's file; letters already made stay as they were sent. */
	if (json_object_get(req, "reden") && (rc = mark_correction(data, p, req, err)))
		goto done;
	rec = json_deep_copy(req);
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	next_record_path(t, "persons/events", path, size);
	if ((rc = vpd_txn_write_json(t, ppath, data, err)) ||
	    (rc = vpd_txn_write_json(t, path, rec, err)))
		goto done;
	*record = rec;
	rec = NULL;
done:
	json_decref(rec);
	json_decref(data);
	json_decref(p);
	return rc;
}

/*
 * Restricts the processing of a person's data (AVG art. 18 and 21), or
 * lifts the restriction: while an objection against a ban runs, legal
 * affairs may decide that the person is off the reception's bans list
 * and lookup.  The person's file holds "beperking" {"sinds", "door",
 * "reden", "maatregelen": ["2026-0001/1", …]} while it lasts: the
 * measures it covers are those there were when it began.  Legal affairs
 * only.
 */
static int
apply_restriction(vpd_txn *t, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	const char *pid = str(req, "persoon"), *reason = str(req, "reden");
	json_t *on = json_object_get(req, "beperkt"), *p = NULL, *rec;
	char ppath[128];
	unsigned roles;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & VPD_ROLE_LEGAL))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not restrict the processing of a person's data "
		    "(legal)", str(req, "actor"));
	if (vpd_layout_sealed(t)) {
		/* sealed for the person: checked before it was sealed */
		if (!json_is_boolean(on) || !vpd_sealed_check(req,
		    (const char *const[]){"reden", NULL}, pid ? pid : "") ||
		    !vpd_seal_is_sealed(json_object_get(req, "reden"), NULL))
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "a restriction needs \"beperkt\" (true or false) "
			    "and a reason sealed for the person");
	} else if (!json_is_boolean(on) || reason == NULL ||
	    *reason == '\0' || strlen(reason) > VPD_TEXT_MAX ||
	    !vpd_text_printable_lines(reason))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "a "
		    "restriction needs \"beperkt\" (true or false) and a "
		    "reason of at most %d bytes of text", VPD_TEXT_MAX);
	if ((rc = vpd_person_load(t, pid, ppath, sizeof(ppath), &p, err)))
		return rc;
	if (json_is_true(on) == (json_object_get(p, "beperking") != NULL)) {
		json_decref(p);
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    json_is_true(on) ? "the processing of %s's data is "
		    "restricted already" : "the processing of %s's data is "
		    "not restricted", pid);
	}
	if (json_is_true(on)) {
		/* the measures there are now: a measure imposed later (a new
		 * incident) is not under the objection, and shows */
		json_t *ms = json_array(), *id, *m;
		size_t i, k;

		json_array_foreach(json_object_get(p, "zaken"), i, id) {
			json_t *cs = NULL;
			char cpath[160], key[64];
			vpd_error ignored;

			if (vpd_case_path(t, json_string_value(id), "case.json",
			    cpath, sizeof(cpath)) ||
			    vpd_txn_read_json(t, cpath, &cs, &ignored))
				continue;
			json_array_foreach(json_object_get(cs, "maatregelen"),
			    k, m) {
				snprintf(key, sizeof(key), "%s/%lld",
				    json_string_value(id), (long long)
				    json_integer_value(json_object_get(m,
				    "nr")));
				json_array_append_new(ms, json_string(key));
			}
			json_decref(cs);
		}
		json_object_set_new(p, "beperking", json_pack("{sOsOsOso}",
		    "sinds", json_object_get(req, "tijdstip"), "door",
		    json_object_get(req, "actor"), "reden",
		    json_object_get(req, "reden"), "maatregelen", ms));
	} else
		json_object_del(p, "beperking");
	rec = json_deep_copy(req);
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	next_record_path(t, "persons/events", path, size);
	if ((rc = vpd_txn_write_json(t, ppath, p, err)) ||
	    (rc = vpd_txn_write_json(t, path, rec, err))) {
		json_decref(rec);
		json_decref(p);
		return rc;
	}
	json_decref(p);
	*record = rec;
	return 0;
}

/* ---- Erasure ---------------------------------------------------------- */

/*
 * Erases a person (crypto-shredding, docs/privacy.md): the person file
 * becomes {"id", "gewist", "zaken"}, the photo goes from the tree, and in
 * each of their cases every value sealed for them becomes null and
 * "persoon_gewist" says when, so the desk shows nothing of them and the
 * facts (states, dates, deadlines, measures, which letters went where)
 * stay.  The command destroys the key after the commit; what history
 * holds was sealed under it.  Legal affairs only, in an archive that
 * seals, and only once every case of the person has ended.
 */
static int
apply_erase(vpd_txn *t, vpd_wfcache *cache, const json_t *req,
    json_t **record, char *path, size_t size, vpd_error *err)
{
	const char *pid = str(req, "persoon"), *reason = str(req, "reden");
	json_t *p = NULL, *stub = NULL, *rec = NULL, *id;
	char ppath[128];
	unsigned roles;
	size_t i;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & VPD_ROLE_LEGAL))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not erase a person (legal)", str(req, "actor"));
	if (!vpd_layout_sealed(t))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "this "
		    "archive keeps personal data unsealed, so erasing cannot "
		    "reach its history: run `vpd migrate` first");
	if (reason == NULL || *reason == '\0' ||
	    strlen(reason) > VPD_TEXT_MAX || !vpd_text_printable_lines(reason))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "an "
		    "erasure needs a reason of at most %d bytes of text",
		    VPD_TEXT_MAX);
	if ((rc = vpd_person_load(t, pid, ppath, sizeof(ppath), &p, err)))
		return rc;
	json_array_foreach(json_object_get(p, "zaken"), i, id) {
		const vpd_workflow *wf;
		json_t *c = NULL, *dropped;
		char cpath[160];

		if (vpd_case_path(t, json_string_value(id), "case.json", cpath,
		    sizeof(cpath)) || (rc = vpd_txn_read_json(t, cpath, &c,
		    err)) || (rc = vpd_wfcache_get(cache, vpd_txn_archive(t),
		    str(json_object_get(c, "workflow"), "blob"), &wf, err))) {
			json_decref(c);
			if (rc == 0)
				rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
				    "person %s names a case that is not there",
				    pid);
			goto done;
		}
		if (!vpd_workflow_is_final(wf, str(c, "status"))) {
			rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
			    "case %s of %s is still running (%s); a person is "
			    "erased once all their cases have ended",
			    json_string_value(id), pid, str(c, "status"));
			json_decref(c);
			goto done;
		}
		{
			/* a case the archive keeps for good is not erased */
			vpd_time when;
			json_t *ret = NULL;
			bool keep;

			if (vpd_time_parse(str(req, "tijdstip"), &when) == 0)
				ret = vpd_case_retention(wf, c,
				    vpd_time_local_date(when));
			keep = str(ret, "status") && strcmp(str(ret, "status"),
			    "bewaren") == 0;
			json_decref(ret);
			if (keep) {
				rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0,
				    0, "case %s of %s is to be kept for good "
				    "(archiefnominatie: bewaren)",
				    json_string_value(id), pid);
				json_decref(c);
				goto done;
			}
		}
		dropped = vpd_seal_drop(c, pid);
		json_object_set(dropped, "persoon_gewist", json_object_get(req,
		    "tijdstip"));
		rc = vpd_txn_write_json(t, cpath, dropped, err);
		json_decref(dropped);
		json_decref(c);
		if (rc)
			goto done;
	}
	if (str(json_object_get(p, "foto"), "pad") &&
	    (rc = vpd_txn_remove(t, str(json_object_get(p, "foto"), "pad"),
	    err)))
		goto done;
	stub = json_pack("{sOsOsO}", "id", json_object_get(p, "id"), "gewist",
	    json_object_get(req, "tijdstip"), "zaken", json_object_get(p,
	    "zaken"));
	rec = json_deep_copy(req);
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	json_object_set(rec, "zaken", json_object_get(p, "zaken"));
	next_record_path(t, "persons/events", path, size);
	if ((rc = vpd_txn_write_json(t, ppath, stub, err)) ||
	    (rc = vpd_txn_write_json(t, path, rec, err)))
		goto done;
	*record = rec;
	rec = NULL;
done:
	json_decref(rec);
	json_decref(stub);
	json_decref(p);
	return rc;
}

/* ---- Police exports ------------------------------------------------- */

/* Whether the case's record of the copy at `pdf` holds this sha256 (a
 * sealed copy's content takes the key to hash). */
static bool
copy_has_sha(vpd_txn *t, const char *pdf, const char *sha)
{
	char id[VPD_ID_MAX], path[160];
	const char *rest;
	json_t *c = NULL, *doc, *cp;
	size_t i, k;
	vpd_error e;
	bool found = false;

	if (sha == NULL || !vpd_layout_case_of(pdf, id, &rest) ||
	    vpd_case_path(t, id, "case.json", path, sizeof(path)) ||
	    vpd_txn_read_json(t, path, &c, &e))
		return false;
	json_array_foreach(json_object_get(c, "documenten"), i, doc)
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp)
			if (str(cp, "pdf") && strcmp(str(cp, "pdf"), pdf) == 0 &&
			    str(cp, "sha256") && strcmp(str(cp, "sha256"),
			    sha) == 0)
				found = true;
	json_decref(c);
	return found;
}

/*
 * Records an export to the police: which copies (archive path and
 * sha256), since when, on which tip.  Every copy must be a police copy in
 * the archive with the recorded sha256.
 */
static int
apply_police_export(vpd_txn *t, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	json_t *files = json_object_get(req, "bestanden"), *f, *rec, *names;
	unsigned roles;
	size_t i;
	int rc;

	if ((rc = vpd_actor_roles(t, str(req, "actor"), &roles, err)))
		return rc;
	if (!(roles & (VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL |
	    VPD_ROLE_POLICE)))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "%s may not export documents to the police (coordinator, "
		    "legal or police)", str(req, "actor"));
	if (!json_is_array(files) || json_array_size(files) == 0)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "an export lists at least one document");
	json_array_foreach(files, i, f) {
		const char *p = str(f, "pad");
		char *buf;
		size_t len;
		bool same;

		if (p == NULL || strncmp(p, "cases/", 6) != 0 ||
		    strstr(p, "/documents/") == NULL ||
		    strstr(p, "-politie.pdf") == NULL)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "export entry %zu is not a police copy", i + 1);
		if ((rc = vpd_txn_read(t, p, &buf, &len, err)))
			return rc;
		same = vpd_seal_blob_person(buf, len, NULL, NULL) ?
		    copy_has_sha(t, p, str(f, "sha256")) :
		    vpd_archive_sha256_is(buf, len, str(f, "sha256"));
		free(buf);
		if (!same)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "%s does not have the sha256 the export records", p);
	}
	names = vpd_txn_list(t, "police/events");
	/* The export's files name its number before it is recorded. */
	if (json_object_get(req, "export") && json_integer_value(
	    json_object_get(req, "export")) != (json_int_t)json_array_size(
	    names) + 1) {
		json_decref(names);
		vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "another export "
		    "was recorded meanwhile; run this export again");
		vpd_error_set_nl(err, "Er is intussen een andere export "
		    "vastgelegd; maak deze export opnieuw.");
		return VPD_EREFUSED;
	}
	rec = json_deep_copy(req);
	json_object_set_new(rec, "export",
	    json_integer((json_int_t)json_array_size(names) + 1));
	json_object_set_new(rec, "rollen", vpd_roles_json(roles));
	json_decref(names);
	next_record_path(t, "police/events", path, size);
	if ((rc = vpd_txn_write_json(t, path, rec, err))) {
		json_decref(rec);
		return rc;
	}
	*record = rec;
	return 0;
}

int
vpd_apply(vpd_txn *t, vpd_wfcache *c, const json_t *req, json_t **record,
    char *path, size_t size, vpd_error *err)
{
	const char *soort = str(req, "soort");
	int rc;

	*record = NULL;
	if (soort == NULL)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "record without 'soort'");
	if (strcmp(soort, "init") == 0)
		rc = apply_init(t, req, record, path, size, err);
	else if (strcmp(soort, "actor") == 0)
		rc = apply_actor(t, req, record, path, size, err);
	else if (strcmp(soort, "openen") == 0)
		rc = apply_open(t, c, req, record, path, size, err);
	else if (strcmp(soort, "event") == 0)
		rc = apply_event(t, c, req, record, path, size, err);
	else if (strcmp(soort, "verzending") == 0)
		rc = apply_distribution(t, req, record, path, size, err);
	else if (strcmp(soort, "foto") == 0)
		rc = apply_photo(t, req, record, path, size, err);
	else if (strcmp(soort, "politie_export") == 0)
		rc = apply_police_export(t, req, record, path, size, err);
	else if (strcmp(soort, "persoon") == 0)
		rc = apply_person_update(t, req, record, path, size, err);
	else if (strcmp(soort, "sleutel") == 0)
		rc = apply_key(t, req, record, path, size, err);
	else if (strcmp(soort, "beperking") == 0)
		rc = apply_restriction(t, req, record, path, size, err);
	else if (strcmp(soort, "wissen") == 0)
		rc = apply_erase(t, c, req, record, path, size, err);
	else if (strcmp(soort, "versleuteling") == 0)
		rc = vpd_apply_migration(t, req, record, path, size, err);
	else
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "unknown record kind '%s'", soort);
	/* The indexes follow in the same commit (index.h). */
	if (rc == 0 && (rc = vpd_index_update(t, c, err))) {
		json_decref(*record);
		*record = NULL;
	}
	return rc;
}

json_t *
vpd_record_request(const json_t *rec)
{
	static const char *common[] = {"soort", "actor", "tijdstip", NULL};
	static const char *actor[] = {"naam", "rollen", "email", "afdelingen",
	    "uitgeschakeld", NULL};
	static const char *open[] = {"persoon", "incident", "persoon_id",
	    "zoekcode", NULL};
	static const char *event[] = {"zaak", "event", "invoer", "reden",
	    "incident", "pdf", NULL};
	static const char *sent[] = {"zaak", "document", "exemplaar", "status",
	    "volgnummer", "toelichting", NULL};
	static const char *photo[] = {"persoon", NULL};
	static const char *police[] = {"sinds", "basis", "bestanden", "export",
	    NULL};
	static const char *person[] = {"persoon", "gegevens", "reden",
	    "zoekcode", NULL};
	static const char *restrict_[] = {"persoon", "beperkt", "reden", NULL};
	static const char *erase[] = {"persoon", "reden", NULL};
	static const char *migrate[] = {"persoon", "bestanden", "zoekcode",
	    NULL};
	static const char *init[] = {"indexen", "formaat", "sleutel",
	    "versleuteling", NULL};
	static const char *key[] = {"sleutel", NULL};
	const char *soort = str(rec, "soort");
	const char **extra = NULL;
	json_t *req = json_object();

	for (int i = 0; common[i]; i++)
		if (json_object_get(rec, common[i]))
			json_object_set(req, common[i],
			    json_object_get(rec, common[i]));
	if (soort && strcmp(soort, "init") == 0)
		extra = init;
	else if (soort && strcmp(soort, "actor") == 0)
		extra = actor;
	else if (soort && strcmp(soort, "openen") == 0)
		extra = open;
	else if (soort && strcmp(soort, "event") == 0)
		extra = event;
	else if (soort && strcmp(soort, "verzending") == 0)
		extra = sent;
	else if (soort && strcmp(soort, "foto") == 0)
		extra = photo;
	else if (soort && strcmp(soort, "politie_export") == 0)
		extra = police;
	else if (soort && strcmp(soort, "persoon") == 0)
		extra = person;
	else if (soort && strcmp(soort, "sleutel") == 0)
		extra = key;
	else if (soort && strcmp(soort, "beperking") == 0)
		extra = restrict_;
	else if (soort && strcmp(soort, "wissen") == 0)
		extra = erase;
	else if (soort && strcmp(soort, "versleuteling") == 0)
		extra = migrate;
	for (int i = 0; extra && extra[i]; i++)
		if (json_object_get(rec, extra[i]))
			json_object_set(req, extra[i],
			    json_object_get(rec, extra[i]));
	if (soort && strcmp(soort, "openen") == 0) {
		json_t *wf = json_object_get(rec, "workflow");

		json_object_set(req, "workflow", json_object_get(wf, "naam"));
		json_object_set(req, "workflow_blob",
		    json_object_get(wf, "blob"));
		/* the person as given: its id is derived */
	}
	if (soort && strcmp(soort, "foto") == 0 &&
	    json_is_object(json_object_get(rec, "foto")))
		json_object_set_new(req, "foto", json_pack("{sOsOsO?sO?sO?}",
		    "blob", json_object_get(json_object_get(rec, "foto"),
		    "blob"), "sha256", json_object_get(json_object_get(rec,
		    "foto"), "sha256"), "type", json_object_get(
		    json_object_get(rec, "foto"), "type"), "breedte",
		    json_object_get(json_object_get(rec, "foto"), "breedte"),
		    "hoogte", json_object_get(json_object_get(rec, "foto"),
		    "hoogte")));
	return req;
}
