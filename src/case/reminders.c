/*
 * reminders.c - e-mail reminders (case.h, vpd_core_reminders;
 * docs/mail.md): a deadline that comes near or passes, to the actors who
 * must act; a new report, to the managers of its department.
 *
 * What is sent is decided here, from the archive and the clock; how it
 * is sent (SMTP) is the caller's, so this module needs no mail library.
 * Each reminder has a key and is sent once: the keys sent are kept in
 * ARCHIVE/private/herinneringen.json, outside the history, written
 * after each mail, so a restart does not send again.  A run holds
 * private/herinneringen.lock, so the server's timer and a cron job never
 * send the same reminder twice.  Mails name the case, the deadline and
 * its time, and a link: never a person.
 */
#define _GNU_SOURCE
#include "case.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/json.h"
#include "access.h"
#include "layout.h"

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *const months[] = {"januari", "februari", "maart",
    "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december"};

/* "22 november 12:15", Amsterdam time. */
static void
when_nl(vpd_time t, char *out, size_t size)
{
	char local[VPD_TIME_LOCAL_LEN];
	int y, m, d;

	vpd_time_format_local(t, local);
	vpd_date_to_ymd(vpd_time_local_date(t), &y, &m, &d);
	snprintf(out, size, "%d %s %.5s", d, months[m - 1], local + 11);
}

/* ---- Settings ------------------------------------------------------- */

static void
private_path(vpd_archive *a, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/private/%s", vpd_archive_path(a), name);
}

int
vpd_mail_settings_load(vpd_archive *a, json_t **out, vpd_error *err)
{
	char path[4200];
	json_error_t je;

	*out = NULL;
	private_path(a, "mail.json", path, sizeof(path));
	if (access(path, F_OK) != 0)
		return errno == ENOENT ? 0 : vpd_error_set(err, VPD_EIO, path, 0,
		    0, "%s", strerror(errno));
	if ((*out = json_load_file(path, JSON_REJECT_DUPLICATES, &je)) == NULL
	    || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return vpd_error_set(err, VPD_EIO, path, je.line, je.column,
		    "not the mail settings vpd writes (run 'vpd mail setup' "
		    "again)");
	}
	return 0;
}

int
vpd_mail_settings_save(vpd_archive *a, const json_t *settings,
    vpd_error *err)
{
	char path[4200], *text = json_dumps(settings, JSON_INDENT(2) |
	    JSON_SORT_KEYS);
	int rc;

	if (text == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	private_path(a, "", path, sizeof(path));
	mkdir(path, 0700);
	private_path(a, "mail.json", path, sizeof(path));
	/* it holds the mail account's password: the owner only */
	rc = vpd_file_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	return rc;
}

/* ---- Who gets what -------------------------------------------------- */

typedef struct run {
	vpd_archive *a;
	vpd_txn *t;
	vpd_time now, since;
	const json_t *settings;
	json_t *actors;             /* config/actors.json's "actoren" */
	json_t *sent;               /* key -> {"tijdstip", "aan"} */
	char sent_path[4200];
	vpd_mail_fn send;
	void *ud;
	json_t *done;               /* what this run sent */
	long long skipped;          /* reminders nobody could be sent */
	long long failures;         /* mails the server did not take */
	vpd_error first_failure;
	bool dry;
} run;

/* The e-mail addresses of the actors holding one of `roles` (a list of
 * role names; NULL: managers) who see the case. */
static json_t *
recipients(run *r, const json_t *cs, const json_t *roles, unsigned want)
{
	json_t *out = json_array(), *entry, *v;
	const char *name;
	size_t i;

	json_array_foreach(roles, i, v)
		want |= vpd_role_parse(json_string_value(v));
	json_object_foreach(r->actors, name, entry) {
		vpd_viewer viewer = {name, vpd_actor_entry_roles(entry), entry};
		const char *email = str(entry, "email");

		if (email == NULL || !*email || !(viewer.roles & want))
			continue;
		/* the roles that must act, narrowed to them: a manager who
		 * also reports sees his own reports, not another
		 * department's deadlines */
		viewer.roles &= want;
		if (vpd_case_sight(r->t, &viewer, cs, vpd_time_local_date(
		    r->now), NULL) & (VPD_SIGHT_FULL | VPD_SIGHT_REPORTS))
			json_array_append_new(out, json_string(email));
	}
	return out;
}

static int
save_sent(run *r, vpd_error *err)
{
	char *text = json_dumps(r->sent, JSON_COMPACT | JSON_SORT_KEYS);
	int rc;

	if (text == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	rc = vpd_file_write_atomic(r->sent_path, text, strlen(text), 0600,
	    err);
	free(text);
	return rc;
}

bool
vpd_mail_address_valid(const char *a)
{
	const char *at;

	if (a == NULL || strlen(a) > 254 || (at = strchr(a, '@')) == NULL ||
	    at == a || at[1] == '\0' || strchr(at + 1, '@') ||
	    strchr(at + 1, '.') == NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>,;\"\\()[]", *p))
			return false;
	return true;
}

static bool
in_list(const json_t *list, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (json_string_value(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/*
 * Sends one reminder to each address that has not had it (kept per
 * address, so a refusal for one never sends it again to the others),
 * and once every address has it, keeps `also` (the keys it stands for)
 * as sent too.  A failure is counted and the run goes on.
 */
static int
remind(run *r, const char *key, const json_t *also, json_t *to,
    const char *subject, const char *body, vpd_error *err)
{
	json_t *entry = json_object_get(r->sent, key), *addr, *k;
	char when[VPD_TIME_UTC_LEN];
	size_t i, done = 0;
	int rc;

	if (entry && (json_is_true(json_object_get(entry, "vervangen")) ||
	    json_is_true(json_object_get(entry, "compleet")))) {
		json_decref(to);
		return 0;
	}
	/* one mail per address, however many actors share it */
	vpd_json_sort(to, vpd_json_cmp_string, true);
	if (json_array_size(to) == 0) {
		/* nobody with an e-mail address may act: said in the result,
		 * and not kept, so it goes once someone can get it */
		r->skipped++;
		json_array_append_new(r->done, json_pack("{sssosbss}", "sleutel",
		    key, "aan", to, "niet_verzonden", 1, "onderwerp", subject));
		return 0;
	}
	vpd_time_format_utc(r->now, when);
	json_array_foreach(to, i, addr) {
		const char *a = json_string_value(addr);
		json_t *mail;
		vpd_error e;

		if (entry && in_list(json_object_get(entry, "aan"), a)) {
			done++;
			continue;
		}
		if (!vpd_mail_address_valid(a)) {
			vpd_error_set(&e, VPD_EINVALID, NULL, 0, 0, "an actor's "
			    "e-mail address is not one (vpd actor list)");
			goto failed;
		}
		if (r->dry) {
			done++;
			continue;
		}
		mail = json_pack("{ssssssss}", "sleutel", key, "aan", a,
		    "onderwerp", subject, "tekst", body);
		vpd_error_clear(&e);
		rc = r->send(r->ud, mail, &e);
		json_decref(mail);
		if (rc)
			goto failed;
		if (entry == NULL) {
			entry = json_pack("{sss[]}", "tijdstip", when, "aan");
			json_object_set_new(r->sent, key, entry);
		}
		json_array_append(json_object_get(entry, "aan"), addr);
		done++;
		if ((rc = save_sent(r, err))) {
			json_decref(to);
			return rc;
		}
		continue;
failed:
		/* the others still get theirs; this one is tried next time */
		if (r->failures++ == 0)
			r->first_failure = e;
	}
	json_array_append_new(r->done, json_pack("{sssOss}", "sleutel", key,
	    "aan", to, "onderwerp", subject));
	if (done == json_array_size(to) && !r->dry) {
		if (entry == NULL) {
			entry = json_pack("{sss[]}", "tijdstip", when, "aan");
			json_object_set_new(r->sent, key, entry);
		}
		json_object_set_new(entry, "compleet", json_true());
		json_array_foreach(also, i, k)
			if (!json_object_get(r->sent, json_string_value(k)))
				json_object_set_new(r->sent, json_string_value(k),
				    json_pack("{sssb}", "tijdstip", when,
				    "vervangen", 1));
		rc = save_sent(r, err);
	} else
		rc = 0;
	json_decref(to);
	return rc;
}

static void
body_text(run *r, const char *case_id, const char *first, const char *label,
    char *out, size_t size)
{
	const char *link = str(r->settings, "link");

	snprintf(out, size, "%s\n\n%s%s%sOpen de zaak: %s/zaak/%s\n\n"
	    "Deze e-mail komt van vpd, het register agressie en geweld. Er "
	    "staan bewust geen namen of andere persoonsgegevens in; die ziet "
	    "u na het inloggen.\n", first, label ? label : "", label ? "\n\n" :
	    "", "", link && *link ? link : "", case_id);
}

/* The reminders of one open deadline: at each `voor` hours before it and
 * when it has passed; only the latest due is sent, the earlier ones are
 * kept as passed. */
static int
deadline(run *r, const json_t *cs, const json_t *dl, vpd_error *err)
{
	const json_t *before = json_object_get(r->settings, "voor"), *h;
	const char *id = str(cs, "id"), *naam = str(dl, "naam");
	char base[300], key[340], subject[400], body[2000], due_s[64], *p;
	json_t *also = json_array();
	vpd_time due;
	long long best = -1;
	size_t i;
	int rc = 0;

	if (naam == NULL || vpd_time_parse(str(dl, "uiterlijk"), &due)) {
		json_decref(also);
		return 0;
	}
	snprintf(base, sizeof(base), "termijn/%s/%s/%lld", id, naam,
	    (long long)json_integer_value(json_object_get(dl, "gestart_bij")));
	json_array_foreach(before, i, h) {
		long long hours = json_integer_value(h);
		vpd_time at = due - hours * 3600;

		if (r->now < at || at < r->since)
			continue;
		snprintf(key, sizeof(key), "%s/%lldu", base, hours);
		json_array_append_new(also, json_string(key));
		if (r->now < due && (best < 0 || hours < best))
			best = hours;
	}
	when_nl(due, due_s, sizeof(due_s));
	/* "sanctiebrief": the deadline's name, spoken */
	snprintf(subject, sizeof(subject), "Zaak %s: %s %s %s", id, naam,
	    r->now >= due ? "verlopen, uiterlijk was" : "uiterlijk", due_s);
	for (p = subject; *p; p++)
		if (*p == '_')
			*p = ' ';
	body_text(r, id, subject, str(dl, "label"), body, sizeof(body));
	if (r->now >= due && due >= r->since) {
		snprintf(key, sizeof(key), "%s/verlopen", base);
		rc = remind(r, key, also, recipients(r, cs, json_object_get(dl,
		    "wie"), 0), subject, body, err);
	} else if (best >= 0) {
		snprintf(key, sizeof(key), "%s/%lldu", base, best);
		rc = remind(r, key, also, recipients(r, cs, json_object_get(dl,
		    "wie"), 0), subject, body, err);
	}
	json_decref(also);
	return rc;
}

/* A new report (each incident recorded since the mail was set up) to
 * the managers who see the case; the coordinator when none does. */
static int
reports(run *r, const json_t *cs, vpd_error *err)
{
	const char *id = str(cs, "id");
	json_t *inc;
	size_t i;

	json_array_foreach(json_object_get(cs, "incidenten"), i, inc) {
		json_int_t ev = json_integer_value(json_object_get(inc,
		    "gebeurtenis"));
		char key[200], subject[300], body[2000], rest[32], path[160];
		const char *afd = str(inc, "afdeling");
		vpd_time recorded;
		json_t *to, *rec = NULL;
		vpd_error e;

		/* recorded when the case was opened, or by its event */
		if (vpd_time_parse(str(cs, "geopend"), &recorded))
			continue;
		if (ev > 1) {
			snprintf(rest, sizeof(rest), "events/%04lld.json",
			    (long long)ev);
			if (vpd_case_path(r->t, id, rest, path, sizeof(path)) ==
			    0 && vpd_txn_read_json(r->t, path, &rec, &e) == 0)
				vpd_time_parse(str(rec, "tijdstip"), &recorded);
			json_decref(rec);
		}
		if (recorded < r->since || recorded > r->now)
			continue;
		snprintf(key, sizeof(key), "melding/%s/%lld", id, (long long)
		    json_integer_value(json_object_get(inc, "nr")));
		snprintf(subject, sizeof(subject), "Zaak %s: nieuwe melding van "
		    "agressie%s%s%s", id, afd ? " (" : "", afd ? afd : "", afd ?
		    ")" : "");
		body_text(r, id, subject, "Bekijk de melding en bepaal binnen "
		    "48 uur de maatregel.", body, sizeof(body));
		to = recipients(r, cs, NULL, VPD_ROLE_MANAGER);
		if (json_array_size(to) == 0) {
			json_decref(to);
			to = recipients(r, cs, NULL, VPD_ROLE_COORDINATOR);
		}
		if (remind(r, key, NULL, to, subject, body, err))
			return err->code;
	}
	return 0;
}

int
vpd_core_reminders(vpd_archive *a, vpd_time now, const json_t *settings,
    bool dry, vpd_mail_fn send, void *ud, json_t **result, vpd_error *err)
{
	run r = {.a = a, .now = now, .settings = settings, .send = send,
	    .ud = ud, .dry = dry};
	char lock[4200];
	json_t *cfg = NULL, *ids = NULL, *id;
	size_t i;
	int fd, rc;

	*result = NULL;
	if (vpd_time_parse(str(settings, "sinds"), &r.since))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the mail "
		    "settings have no 'sinds' (run 'vpd mail setup' again)");
	private_path(a, "herinneringen.lock", lock, sizeof(lock));
	if ((fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) < 0)
		return vpd_error_set(err, VPD_EIO, lock, 0, 0, "%s",
		    strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		*result = json_pack("{s[]sIsb}", "verzonden", "niet_verzonden",
		    (json_int_t)0, "bezet", 1);
		return 0;
	}
	private_path(a, "herinneringen.json", r.sent_path,
	    sizeof(r.sent_path));
	if (access(r.sent_path, F_OK) == 0) {
		json_error_t je;

		if ((r.sent = json_load_file(r.sent_path, 0, &je)) == NULL ||
		    !json_is_object(r.sent)) {
			rc = vpd_error_set(err, VPD_EIO, r.sent_path, je.line,
			    je.column, "not the list of reminders sent that "
			    "vpd writes: nothing is sent rather than all again");
			goto out;
		}
	} else
		r.sent = json_object();
	r.done = json_array();
	if ((rc = vpd_txn_begin(&r.t, a, err)))
		goto out;
	/* plain fields only: nobody's data is opened */
	vpd_txn_set_raw(r.t, true);
	if ((rc = vpd_txn_read_json(r.t, "config/actors.json", &cfg, err)))
		goto out;
	r.actors = json_object_get(cfg, "actoren");
	ids = vpd_layout_case_ids(r.t);
	json_array_foreach(ids, i, id) {
		char path[160];
		json_t *cs = NULL, *dl;
		size_t k;

		if ((rc = vpd_case_path(r.t, json_string_value(id), "case.json",
		    path, sizeof(path))) || (rc = vpd_txn_read_json(r.t, path,
		    &cs, err)))
			goto out;
		json_array_foreach(json_object_get(cs, "termijnen"), k, dl)
			if (str(dl, "status") && strcmp(str(dl, "status"),
			    "open") == 0 && (rc = deadline(&r, cs, dl, err)))
				break;
		if (rc == 0)
			rc = reports(&r, cs, err);
		json_decref(cs);
		if (rc)
			goto out;
	}
	*result = json_pack("{sOsIsI}", "verzonden", r.done, "niet_verzonden",
	    (json_int_t)r.skipped, "mislukt", (json_int_t)r.failures);
	/* everything that could go went; what could not is an error */
	if (r.failures) {
		*err = r.first_failure;
		rc = err->code;
		json_decref(*result);
		*result = NULL;
	}
out:
	json_decref(ids);
	json_decref(cfg);
	json_decref(r.sent);
	json_decref(r.done);
	vpd_txn_free(r.t);
	flock(fd, LOCK_UN);
	close(fd);
	return rc;
}
