/*
 * case.h - the core library of vpd: cases, actors and the audit archive
 * put together.  The command line (src/cli/) and, later, the web server
 * are thin layers over these functions; neither holds domain logic.
 *
 * Every function that changes the archive writes exactly one commit or
 * nothing.  It reads the archive's tip, builds an event record, applies it
 * (vpd_apply, the same code `vpd verify` replays), and commits with a
 * compare-and-swap on the branch; when another writer moved first it starts
 * again on the new tip.  Results come back as JSON objects owned by the
 * caller; their shapes are documented in docs/cli.md.
 */
#ifndef VPD_CASE_H
#define VPD_CASE_H

#include <jansson.h>

#include "../archive/archive.h"
#include "../util/error.h"
#include "../util/time.h"
#include "../workflow/workflow.h"

/*
 * Who acts, and when.  `actor` is a name from `vpd actor add`.  The letter
 * settings say where templates, fonts and signers are; when letters_dir is
 * NULL, letters an event produces are recorded without their PDFs.
 */
typedef struct vpd_who {
	const char *actor;
	vpd_time now;
	const char *via;             /* "vpd case show", "web GET /zaak/…":
	                              * for the access log; no personal data */
	const char *signer;          /* --signer, or NULL to choose one */
	const char *letters_dir;
	const char *fontdir;
	const char *signatures_dir;
} vpd_who;

/* Creates the archive at path with its first commit. */
int vpd_core_init(const char *path, const vpd_who *who, json_t **result,
    vpd_error *err);

/*
 * The archive's signing key (keys.c, docs/security.md).
 * vpd_core_new_key() makes a key pair, puts its secret half in
 * ARCHIVE/private/signing.key.new and gives the public half as an
 * OpenSSH line.
 * vpd_core_key_rotate() brings in a new key (a coordinator's change,
 * signed by the old key).  vpd_core_keys(): {"ondertekend": whether
 * commits are signed, "sleutel": the current key, "sleutel_aanwezig":
 * whether its secret half is here, "allowed_signers": the file's text}.
 */
int vpd_core_new_key(const char *archive, char **line, vpd_error *err);
int vpd_core_key_rotate(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err);
int vpd_core_keys(vpd_archive *a, json_t **result, vpd_error *err);

/*
 * Signed checkpoints (keys.c, docs/security.md): the archive's history
 * as it stands at `tip` (NULL: the branch tip), signed with the current
 * key, to be kept off the machine:
 *   vpd-controlepunt 1
 *   eerste ROOT-COMMIT
 *   commit TIP
 *   aantal COMMITS-UP-TO-TIP
 *   tijdstip UTC
 *   sleutel ssh-ed25519 AAAA…
 *   (empty line, then an SSH signature in namespace vpd-controlepunt
 *   over the lines above it)
 * vpd_core_checkpoint_verify() proves that the archive still holds that
 * history: the signature holds, by a key the archive has had, and the
 * commit is on the branch's line at the same place after the same first
 * commit.  VPD_EREFUSED says what does not hold; result: {"commit",
 * "aantal", "tijdstip", "ok", "sindsdien": commits since}.
 */
int vpd_core_checkpoint(vpd_archive *a, const char *tip, vpd_time now,
    char **text, vpd_error *err);
int vpd_core_checkpoint_verify(vpd_archive *a, const char *text, size_t len,
    json_t **result, vpd_error *err);

/*
 * Mirrors (mirror.c): vpd_core_mirror_push() brings every mirror (git
 * config vpd.mirror) up to the tip with a signed checkpoint as tag
 * refs/tags/controlepunt/NNNNNN; result: {URL: {"ok", "tijdstip",
 * "commit", "aantal", "fout", "controlepunt", "controlepunt_fout"}};
 * VPD_EIO when one could not be.  Without `wait`, a push already at work
 * is left to it ({"bezig": true}).  vpd_core_mirror_status(): {"commit", "aantal", "spiegels":
 * [{"url", …, "achter": commits behind, or "afwijkend": the mirror's
 * commit is not in this history}]}.  vpd_core_mirror_auto()
 * starts `vpd mirror push --detach` after a change when there are
 * mirrors (and the program is known: vpd_archive_gc_set_program()).
 */
int vpd_core_mirror_push(vpd_archive *a, vpd_time now, bool wait,
    json_t **result, vpd_error *err);
int vpd_core_mirror_status(vpd_archive *a, json_t **result, vpd_error *err);
void vpd_core_mirror_auto(vpd_archive *a);

/*
 * Adds an actor or replaces its roles (JSON array of role names) and
 * departments (JSON array of names, or NULL: a manager sees the cases of
 * his departments).  Only a coordinator may do so, except for the very
 * first actor, who must be one.
 */
int vpd_core_actor_add(vpd_archive *a, const vpd_who *who, const char *name,
    const json_t *roles, const char *email, const json_t *departments,
    json_t **result, vpd_error *err);

/*
 * Sets an actor's password for signing in to the web pages (hashed in the
 * private store, never in the archive).  The actor must exist.
 */
int vpd_core_actor_passwd(vpd_archive *a, const vpd_who *who,
    const char *name, const char *password, vpd_error *err);

/*
 * Disables an actor (one commit): they keep their name, roles and
 * history but can neither act nor sign in until a coordinator adds them
 * again.  A coordinator only; nobody disables himself or the last
 * coordinator who can act.
 */
int vpd_core_actor_disable(vpd_archive *a, const vpd_who *who,
    const char *name, json_t **result, vpd_error *err);

/* Sets another actor's password, as vpd_core_actor_passwd, for a
 * coordinator only (the web's actor page). */
int vpd_core_actor_reset_password(vpd_archive *a, const vpd_who *who,
    const char *name, const char *password, vpd_error *err);

/* The actors and their roles: {"actoren": {NAME: {"rollen": […],
 * "email", "afdelingen", "uitgeschakeld"}}}. */
int vpd_core_actor_list(vpd_archive *a, json_t **result, vpd_error *err);
/* The roles an entry of that list may act in: none when disabled. */
unsigned vpd_actor_entry_roles(const json_t *entry);

/*
 * Opens a case for a person and an incident (both raw JSON as read from
 * the user's files, named in messages by their file names).  The workflow
 * definition is given as text; its git blob id becomes the case's version.
 * When the person already has a case with a measure in force that accepts
 * a new incident, the incident is linked to that case instead (recidive):
 * result {"zaak", "persoon", "gekoppeld": true, "event", "commit"}.
 */
int vpd_core_case_open(vpd_archive *a, const vpd_who *who,
    const char *workflow_name, const char *workflow_text, size_t len,
    const json_t *persoon, const char *persoon_file, const json_t *incident,
    const char *incident_file, json_t **result, vpd_error *err);

/*
 * Fires an event on a case.  inputs: object of strings (or typed values);
 * reason and incident may be NULL.  result: {"zaak", "event", "van",
 * "naar", "acties", "commit", …}.
 */
int vpd_core_case_event(vpd_archive *a, const vpd_who *who,
    const char *case_id, const char *event, const json_t *inputs,
    const char *reason, const json_t *incident, const char *incident_file,
    json_t **result, vpd_error *err);

/*
 * Fires every time-triggered event that is due at who->now, as actor
 * "system", all in one commit.  result: {"gebeurtenissen": […], "commit"}.
 */
int vpd_core_tick(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err);

/*
 * Reads (views.c) show each actor what the visibility matrix allows
 * (docs/access.md): they refuse a missing or unknown actor, build the
 * result from the parts the actor's sight of each case allows, and write
 * the view to the access log (when that fails, nothing is shown).
 */

/*
 * A case as who->actor may see it: "zicht" names the sight ("volledig",
 * "meldingen", "balie", "politie"); the full view is case.json with the
 * person expanded, "open_termijnen", "toegestaan" and "formulieren" (the
 * events the actor may fire now, each with its inputs from the workflow
 * and "reden_te_laat").  Refused when the actor may see nothing of it.
 */
int vpd_core_case_show(vpd_archive *a, const vpd_who *who,
    const char *case_id, json_t **result, vpd_error *err);

/* The cases who->actor may see, optionally only those in `state` (may be
 * NULL): [{"id", "status", "status_label", "nieuw", "zicht", …}]. */
int vpd_core_case_list(vpd_archive *a, const vpd_who *who, const char *state,
    json_t **result, vpd_error *err);

/* The case's event records with the commits that made them (full sight
 * only). */
/*
 * One step of a case's trail as a change in the archive, for those who
 * see the case fully: the commit (a full id that changed the case), its
 * subject and time, the case's files it added or changed, and the
 * case.json before and after as a list of changed fields ({"pad", "oud",
 * "nieuw"}, values as JSON text; at most 500), opened for the reader.
 * Logged.
 */
int vpd_core_case_change(vpd_archive *a, const vpd_who *who,
    const char *case_id, const char *commit, json_t **result,
    vpd_error *err);

/*
 * One case's whole file as a single PDF for a court (dossier.c): a
 * printed timeline (the incidents; every step with who, when, inputs,
 * states, deviations and late steps with their reasons, letters and
 * signer, and its commit; every letter with the sha256 of each copy; how
 * to check it), then the dossier copy of every letter as archived.  For
 * legal affairs and the coordinator; logged.  *pdf is malloc'ed.
 */
int vpd_core_case_dossier(vpd_archive *a, const vpd_who *who,
    const char *case_id, unsigned char **pdf, size_t *len, vpd_error *err);

int vpd_core_case_log(vpd_archive *a, const vpd_who *who,
    const char *case_id, json_t **result, vpd_error *err);

/* The same records as the case's folder holds them now, without the
 * commits: no walk through the history, so its cost does not grow with
 * the archive (the case page). */
int vpd_core_case_history(vpd_archive *a, const vpd_who *who,
    const char *case_id, json_t **result, vpd_error *err);

/*
 * Renders one copy of a letter for a case without committing anything: the
 * template who->letters_dir/<workflow>/<letter>.md with its gemeente.yaml
 * and blokken/, filled from the case.  copy is 1-based (the copies of the
 * case's latest document of this letter).  *pdf is malloc'ed.
 */
int vpd_core_letter_preview(vpd_archive *a, const vpd_who *who,
    const char *case_id, const char *letter, int copy, unsigned char **pdf,
    size_t *len, vpd_error *err);

/*
 * Takes copy `copy` (1-based) of document `document` of a case out of the
 * archive, after checking it against its recorded sha256.  *out is
 * malloc'ed; *info describes it (brief, bestemming, pdf, sha256,
 * ondertekenaar).  For the full view; the police get police copies.
 */
int vpd_core_document_get(vpd_archive *a, const vpd_who *who,
    const char *case_id, int document, int copy, unsigned char **out,
    size_t *len, json_t **info, vpd_error *err);

/*
 * Records how copy `copy` of document `document` was distributed: status
 * uitgereikt, verzonden, aangetekend_verzonden (tracking required, only a
 * registered copy), aan_politie, gearchiveerd or niet_afgehaald.  One
 * commit; result as for events.
 */
int vpd_core_document_mark(vpd_archive *a, const vpd_who *who,
    const char *case_id, int document, int copy, const char *status,
    const char *tracking, const char *note, json_t **result,
    vpd_error *err);

/* What became of a copy, in Dutch, from its status ("verzonden" ->
 * "Verzonden"; none: "Nog niet verstuurd"). */
const char *vpd_delivery_label(const char *status);

/*
 * Sets a person's photo (image: JPEG or PNG, `file` names it in errors),
 * or removes it (image NULL).  person is a person id or a case id.  One
 * commit; result: the record ({"persoon", "actie", "foto", "commit"}).
 */
int vpd_core_person_photo(vpd_archive *a, const vpd_who *who,
    const char *person, const unsigned char *image, size_t len,
    const char *file, json_t **result, vpd_error *err);

/*
 * Completes or corrects a person's data (person: a person id or a case
 * id): the new record replaces the old; id, cases, photo, restriction
 * and earlier corrections stay.  With a reason (NULL or "": none) it is
 * a correction (AVG art. 16): the person file's "correcties" gains when,
 * by whom, why and which fields; letters already made are not made
 * again.  For those who see one of the person's cases fully.  Logged in
 * the access log.  One commit; result: the record.
 */
int vpd_core_person_update(vpd_archive *a, const vpd_who *who,
    const char *person, const json_t *gegevens, const char *file,
    const char *reason, json_t **result, vpd_error *err);

/*
 * Restricts the processing of a person's data (on), or lifts the
 * restriction, with the reason (required): while it lasts the person's
 * measures are off the bans list and the lookup (AVG art. 18 and 21,
 * while an objection runs).  Legal affairs only; logged in the access
 * log.  One commit; result: the record.
 */
int vpd_core_person_restrict(vpd_archive *a, const vpd_who *who,
    const char *person, bool on, const char *reason, json_t **result,
    vpd_error *err);

/*
 * Erases a person (AVG art. 17, at the end of the retention term or on a
 * decision): records the erasure (one commit: their file, photo and
 * every value sealed for them leave the current state; the facts of the
 * cases stay), then destroys their key, so that nothing the history
 * holds on them can be read again.  Run again after a crash between the
 * two, it destroys the key.  Legal affairs only; logged.  Result: the
 * record, and "politie": the police exports that held copies of their
 * letters, which are outside vpd's reach.
 */
int vpd_core_person_erase(vpd_archive *a, const vpd_who *who,
    const char *person, const char *reason, json_t **result,
    vpd_error *err);

/*
 * Seals the personal data of an archive made before sealing (migrate.c):
 * makes the master key when there is none, then one commit.  The
 * coordinator; result: {"commit", "personen"}.
 */
int vpd_core_migrate(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err);

/*
 * After a migration: the whole history once more, into a new archive at
 * `path` (which must not exist), with every personal value and file
 * sealed from the first commit on (rewrite.c).  The old archive is not
 * changed.  The coordinator; result: {"commit", "commits", "weggelaten"}
 * (commits left out: the migration's, key rotations).
 */
int vpd_core_rewrite(vpd_archive *a, const vpd_who *who, const char *path,
    json_t **result, vpd_error *err);

/* ---- Persons (persons.c) -------------------------------------------- */

/*
 * The persons already in the register whom a reported person may be,
 * for "Bedoelt u …?" before a report is saved: {"kandidaten": [{"id",
 * "naam", "geboortedatum", "zelfde"}]}, at most three close matches of
 * the name; a different birth date rules a person out.  For staff.
 */
int vpd_core_person_match(vpd_archive *a, const vpd_who *who,
    const json_t *persoon, json_t **result, vpd_error *err);

/*
 * A person's photo (checked against its sha256), for those who see one
 * of the person's cases fully or at the desk.  *out is malloc'ed; *type
 * is "image/jpeg" or "image/png".
 */
int vpd_core_person_photo_get(vpd_archive *a, const vpd_who *who,
    const char *pid, unsigned char **out, size_t *len, const char **type,
    vpd_error *err);

/* ---- Registers (registers.c) ---------------------------------------- */

/*
 * The bans list: every toegangsverbod and schriftelijke waarschuwing in
 * force on `day`, one entry per person sorted by surname the Dutch way,
 * with name, birth date, photo, the measures, a verdict line and the
 * contact routes; "vervangen_na" is the last day the list is right.
 * For reception, managers, coordinators and legal affairs.
 */
int vpd_core_bans(vpd_archive *a, const vpd_who *who, vpd_date day,
    json_t **result, vpd_error *err);

/* The same as the reception folder PDF (*pdf malloc'ed). */
int vpd_core_bans_pdf(vpd_archive *a, const vpd_who *who, vpd_date day,
    unsigned char **pdf, size_t *len, json_t **result, vpd_error *err);

/*
 * The persons on today's bans list a typed name may mean, best first:
 * {"zoekterm", "datum", "gevonden": [card + "score" + "zaken": [{"zaak",
 * "stappen": [{"event", "label"}]}]]}, with the steps the actor may take
 * on each case now.
 */
int vpd_core_lookup(vpd_archive *a, const vpd_who *who, const char *query,
    json_t **result, vpd_error *err);

/*
 * Every open deadline of every case at `at`, and every measure in force
 * that ends within `days` days: overdue first, then by due instant.
 * For managers, coordinators and legal affairs.
 */
int vpd_core_agenda(vpd_archive *a, const vpd_who *who, vpd_time at,
    int days, json_t **result, vpd_error *err);

/*
 * The retention list on `day` (retention.c, docs/privacy.md), for a
 * coordinator or legal affairs: {"datum", "zaken": [{"zaak", "persoon",
 * "status", "archiefnominatie", "telt_vanaf", "vernietigen_vanaf"}],
 * "personen_verlopen": [{"persoon", "zaken"}]}.  status: "verlopen" (the
 * term has passed), "termijn_loopt", "loopt" (the case or a measure still
 * runs: no date yet), "bewaren" (archiefnominatie bewaren: kept for
 * good), "geen_termijn" (its workflow version declares none).  Ids only:
 * no personal data.
 */
int vpd_core_retention(vpd_archive *a, const vpd_who *who, vpd_date day,
    json_t **result, vpd_error *err);

/*
 * The police export: every copy for the police (destination "politie")
 * of documents made on or after `since`.  For each, write(ud, entry,
 * data, len) is called (entry: zaak, document, exemplaar, brief, bestand,
 * sha256, commit, vpt_code…); then done(ud, manifest) with {"export",
 * "tijdstip", "door", "sinds", "basis", "bestanden": […]}, which must
 * make all of it durable; only then is the export recorded, in one
 * commit (written first, committed last: a failed write leaves no
 * record).  The commit is refused when another export was recorded
 * meanwhile, as the manifest's number would be wrong; the caller then
 * removes what it wrote.  result: the manifest plus "commit".  For
 * coordinators, legal affairs and the police.
 */
typedef int (*vpd_export_fn)(void *ud, const json_t *entry,
    const unsigned char *data, size_t len, vpd_error *err);
typedef int (*vpd_export_done_fn)(void *ud, const json_t *manifest,
    vpd_error *err);
int vpd_core_police_export(vpd_archive *a, const vpd_who *who,
    vpd_date since, vpd_export_fn write, vpd_export_done_fn done, void *ud,
    json_t **result, vpd_error *err);
/* The text files a police export holds beside its letters, from its
 * manifest: [{"bestand": "manifest.json", "tekst"}, LEESMIJ.txt (in
 * Dutch), controlepunt.txt when the archive signs], so the CLI's
 * directory and the web's download hold the same.  NULL when out of
 * memory.  SHA256SUMS covers the letters only. */
json_t *vpd_police_texts(const json_t *manifest);

/*
 * Everything vpd holds on a person (a person id or a case id), for their
 * request for access (AVG art. 15): write(ud, entry, data, len) is called
 * for each file (entry: "bestand", "sha256", "wat", "bytes"): the copy
 * they were sent of every letter to them
 * ("brieven/2026-0001-002-toegangsverbod.pdf"), their photo
 * ("foto.jpeg"), the letter that answers the request ("inzage.pdf", the
 * workflow's `inzage` template of their latest case) and "inzage.json"
 * (the result as written); then done(ud, result), which must make it
 * durable.  result: {"persoon_id", "gemaakt", "door", "persoon" (their
 * file), "zaken": [{"zaak", "gebeurtenissen", "bewaartermijn"}] without
 * the staff and witnesses of the incidents,
 * "politie": [{"export", "tijdstip", "door", "documenten"}],
 * "bestanden"}.  Legal affairs or the coordinator; logged in the access
 * log first.  Nothing is committed.
 */
int vpd_core_person_export(vpd_archive *a, const vpd_who *who,
    const char *person, vpd_export_fn write, vpd_export_done_fn done,
    void *ud, json_t **result, vpd_error *err);

/*
 * The police's copies of letters of every case the actor sees them of:
 * {"kopieen": [{"zaak", "document", "exemplaar", "brief", "titel",
 * "tijdstip", "sha256", "bytes", "status"}]}, newest first.  For the
 * police, coordinators and legal affairs.
 */
int vpd_core_police_copies(vpd_archive *a, const vpd_who *who,
    json_t **result, vpd_error *err);

/*
 * A period for the trends: "2026-Q4", "2026-11", "2026", or
 * "2026-10-01..2026-12-31" (at most five years).  van and tot are
 * Amsterdam days, both included; naam is Dutch ("vierde kwartaal
 * 2026").  0, or -1 for anything else.
 */
typedef struct vpd_period {
	char code[32];
	char naam[80];
	vpd_date van, tot;
} vpd_period;
int vpd_period_parse(const char *s, vpd_period *p);

/*
 * The coordinator's figures over a period (trends.c, docs/reports.md):
 * {"periode": {code, naam, van, tot}, "gemaakt", "incidenten", "zaken",
 * "per_maand", "per_categorie", "per_soort", "per_kanaal",
 * "per_afdeling", "per_locatie", "maatregelen" (rows {"waarde", "naam",
 * "aantal"}), "ernst": {letsel, schade, politie_ter_plaatse},
 * "recidive": {personen, herhaald, herhaald_procent, meer_in_periode,
 * zaken_recidive}, "termijnen": [{naam, label, gehaald, te_laat, open,
 * verlopen, op_tijd_procent}], "eerste_brief": {met_brief, zonder_brief,
 * binnen_48_uur, binnen_48_uur_procent, mediaan_uren, gemiddeld_uren,
 * langst_uren}, "openstaand": {open, verlopen} (now),
 * "maatregelen_ingetrokken"}.  An incident counts in the period of its
 * Amsterdam day; a measure by its first day; a deadline by its anchor.
 * Plain fields only: no keys are needed.  Coordinator and legal affairs.
 */
int vpd_core_trends(vpd_archive *a, const vpd_who *who, const vpd_period *p,
    json_t **result, vpd_error *err);
/* The report over a period as a PDF with charts (vpd_report_pdf), under
 * the name of the municipality of the workflow most of its cases run on;
 * result: the figures.  Coordinator and legal affairs. */
int vpd_core_report_pdf(vpd_archive *a, const vpd_who *who,
    const vpd_period *p, unsigned char **pdf, size_t *len, json_t **result,
    vpd_error *err);
/* The name in gemeente.yaml of a workflow's letters (malloc'ed), or
 * NULL. */
char *vpd_municipality_name(const vpd_who *who, const char *workflow);
/* The figures as CSV for a spreadsheet set to Dutch: UTF-8 with a byte
 * order mark, ';' between fields, a decimal comma, quoted as RFC 4180
 * says; one row per figure, "tabel;sleutel;omschrijving;aantal".  A text
 * that a spreadsheet would take for a formula gets a leading "'".
 * Malloc'ed, NULL when out of memory. */
char *vpd_trends_csv(const json_t *trends);

/* Whether a workflow's letter is a decision open to bezwaar (its
 * template prints the standard block `bezwaar`): 1, 0, or -1 when the
 * template cannot be read. */
int vpd_letter_open_to_bezwaar(const vpd_who *who, const char *wf,
    const char *letter);

/*
 * E-mail reminders (reminders.c, docs/mail.md).  The settings are kept
 * in ARCHIVE/private/mail.json (mode 0600: it holds the account's
 * password): {"server", "poort", "tls" ("starttls", "ssl", "geen"),
 * "gebruiker", "wachtwoord", "afzender", "link" (the web pages' address),
 * "voor": [hours before a deadline, e.g. 24, 4], "sinds" (UTC: nothing
 * due before it is sent)}.  load gives NULL without an error when there
 * are none.
 */
int vpd_mail_settings_load(vpd_archive *a, json_t **settings,
    vpd_error *err);
int vpd_mail_settings_save(vpd_archive *a, const json_t *settings,
    vpd_error *err);

/* Whether an e-mail address is one vpd sends to: local@domain.tld,
 * printable ASCII without spaces, quotes, brackets, ',' or ';'. */
bool vpd_mail_address_valid(const char *addr);

/* Sends one mail {"sleutel", "aan" (one address), "onderwerp", "tekst"}. */
typedef int (*vpd_mail_fn)(void *ud, const json_t *mail, vpd_error *err);

/*
 * Sends the reminders due at `now` that were not sent before: for each
 * open deadline, one at the latest of its `voor` moments that has come,
 * and one when it has passed, to the actors with an e-mail address who
 * hold a role the deadline names and see the case; for each incident
 * recorded since `sinds`, one to the managers who see the case (the
 * coordinators when none does).  Each is kept as sent in
 * ARCHIVE/private/herinneringen.json after it went; `dry` sends and
 * keeps nothing.  result: {"verzonden": [{"sleutel", "aan",
 * "onderwerp", "niet_verzonden"?}], "niet_verzonden": n, "mislukt": n,
 * "bezet"?: true when another run holds the lock}.  A mail the server
 * refuses is counted and the run goes on; it is kept per address, so the
 * others are not sent it again, and the run then fails with the first
 * refusal (no result).  No personal data in any mail.
 */
int vpd_core_reminders(vpd_archive *a, vpd_time now, const json_t *settings,
    bool dry, vpd_mail_fn send, void *ud, json_t **result, vpd_error *err);

/*
 * API tokens (tokens.c, docs/api.md): "vpd_" and 64 hex digits, shown
 * once; only the SHA-256 is kept in ARCHIVE/private/tokens.json.  A
 * coordinator makes one for an active actor with a label (*token
 * malloc'ed; result: {"id" (12 hex digits of the hash), "actor",
 * "label", "gemaakt", "door"}), lists them ({"tokens": […]}) and revokes
 * one by id.  token_actor gives the actor a token acts as, refusing an
 * unknown or revoked token and a disabled actor's.
 */
int vpd_core_token_new(vpd_archive *a, const vpd_who *who, const char *actor,
    const char *label, char **token, json_t **result, vpd_error *err);
int vpd_core_token_list(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err);
int vpd_core_token_revoke(vpd_archive *a, const vpd_who *who, const char *id,
    vpd_error *err);
int vpd_core_token_actor(vpd_archive *a, const char *token, char *actor,
    size_t size, vpd_error *err);
/* Revokes every token of an actor (when they are disabled); logged. */
int vpd_core_tokens_revoke_actor(vpd_archive *a, const vpd_who *who,
    const char *actor, vpd_error *err);

/*
 * Legal affairs' overview across cases (views.c): {"te_laat": [{"zaak",
 * "termijn", "uiterlijk", "tijdstip", "reden"}], "ondertekenaars": [{"id",
 * "naam", "functie", "aantal", "besluiten": [{"zaak", "nr", "titel",
 * "tijdstip"}]}], "afwijkingen": [{"zaak", "gebeurtenis", "event",
 * "tijdstip", "regel", "reden", "door", "rollen"}], "bezwaar": [{"zaak",
 * "nr", "titel", "datum", "verzonden", "bekendgemaakt", "van", "tot",
 * "dagen"}]}: the deadlines met late, with the reason the late step gave;
 * every letter by its signer; every deviation from a rule of the
 * protocol, with its reason; and the decisions open to bezwaar whose term
 * still runs on `who->now`'s day (six weeks from the day after they were
 * made known by sending or handing over, the end moved past weekends and
 * holidays: Awb 3:41, 6:7, 6:8, Algemene termijnenwet), those not yet
 * sent first (no term: van, tot and dagen null), then soonest end first.
 * For legal affairs and the coordinator; logged.
 */
int vpd_core_legal_overview(vpd_archive *a, const vpd_who *who,
    json_t **result, vpd_error *err);

/*
 * The signers and their mandates (signers.yaml), read-only, for the
 * coordinator and legal affairs: {"werkstromen": [{"werkstroom",
 * "ondertekenaars": [{"id", "naam", "functie", "rol", "actor", "namens",
 * "brieven", "van", "tot", "status" ("geldig", "verloopt" within 30 days,
 * "verlopen", "nog_niet", "onbekend"), "dagen"?, "waarschuwingen": [the
 * status when not "geldig", "geen_actor", "geen_handtekening"]}]}],
 * "met_waarschuwing": n}.  Names staff only.
 */
int vpd_core_mandates(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err);

/*
 * Checks that every letter a workflow file declares has a template in
 * letters_dir/<workflow>/ that loads, that gemeente.yaml is there and that
 * the standard blocks the templates need exist.  Problems are appended to
 * diags; the return value is non-zero only when the workflow itself does
 * not load.
 */
int vpd_core_letters_check(const char *workflow_file, const char *letters_dir,
    struct vpd_diags *diags, vpd_error *err);

/*
 * Replays the whole history and checks every commit.  Returns 0 with
 * result {"commits": N, "ok": true}, or VPD_EREFUSED with err naming the
 * first bad commit and result {"ok": false, "commit": id, "fout": …}.
 */
int vpd_core_verify(const char *path, json_t **result, vpd_error *err);

/*
 * The archive's check for a page (legal affairs' trail): `vpd verify
 * --since` from the last checkpoint, which is quick and moves the
 * checkpoint on.  *result: {"status": "ok"|"fout"|"onbekend", …} as
 * vpd_core_verify gives it; "onbekend" when no full verify ran yet (the
 * page never walks the whole history).  The check's own failure (a
 * damaged checkpoint) is an error.
 */
int vpd_core_archive_check(const char *path, json_t **result,
    vpd_error *err);
/*
 * The same for only the commits after `since` (a commit id), or after the
 * checkpoint the last good verify left in ARCHIVE/private/verified when
 * `since` is "".  Each commit is checked against its parent as a full
 * verify does, so the commits up to `since` are taken as verified.
 */
int vpd_core_verify_since(const char *path, const char *since,
    json_t **result, vpd_error *err);

#endif
