/*
 * mirror.c - `vpd mirror`: push the archive to its mirrors, with a
 * signed checkpoint, and say how each mirror stands (docs/security.md).
 *
 * Each push sends the branch (fast-forward only) and then a tag
 * refs/tags/controlepunt/NNNNNN on the tip whose message is the signed
 * checkpoint of that tip: the mirror keeps every checkpoint it was sent,
 * so a history rewritten here later is caught by `vpd verify
 * --checkpoint` with any of them, and by the mirror refusing the push.
 * What each mirror last got is kept in ARCHIVE/private/mirror.json (not
 * history: a failed push is no event of the archive).  Pushes take
 * private/mirror.lock, one at a time; a push that finds the tip moved
 * while it ran pushes again, so the last change of a burst is never
 * left behind.
 */
#define _GNU_SOURCE
#include "case.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/file.h"

static void
private_path(vpd_archive *a, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/private/%s", vpd_archive_path(a), name);
}

static json_t *
read_state(vpd_archive *a)
{
	char path[4200];
	json_t *j;

	private_path(a, "mirror.json", path, sizeof(path));
	j = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	return j;
}

static int
write_state(vpd_archive *a, const json_t *state, vpd_error *err)
{
	char path[4200], *text = json_dumps(state, JSON_INDENT(2) |
	    JSON_SORT_KEYS);
	int rc;

	if (text == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	private_path(a, "mirror.json", path, sizeof(path));
	rc = vpd_file_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	return rc;
}

/* One mirror: the branch, then the checkpoint's tag. */
static json_t *
push_one(vpd_archive *a, const char *url, const char *tip, long count,
    const char *tag, vpd_time now)
{
	char when[VPD_TIME_UTC_LEN], spec[160], *complaint = NULL;
	json_t *st;
	vpd_error err;

	vpd_time_format_utc(now, when);
	st = json_pack("{ss}", "tijdstip", when);
	vpd_error_clear(&err);
	if (vpd_archive_push(a, url, "refs/heads/main:refs/heads/main",
	    &complaint, &err) != 0 || complaint) {
		json_object_set_new(st, "ok", json_false());
		json_object_set_new(st, "fout", json_string(complaint ?
		    complaint : err.msg));
		free(complaint);
		return st;
	}
	json_object_set_new(st, "ok", json_true());
	json_object_set_new(st, "commit", json_string(tip));
	json_object_set_new(st, "aantal", json_integer(count));
	if (tag[0]) {
		snprintf(spec, sizeof(spec), "%s:refs/tags/controlepunt/%06ld",
		    tag, count);
		if (vpd_archive_push(a, url, spec, &complaint, &err) != 0 ||
		    complaint) {
			/* the tip is there; its checkpoint may come with
			 * the next push */
			json_object_set_new(st, "controlepunt_fout",
			    json_string(complaint ? complaint : err.msg));
			free(complaint);
		} else {
			json_object_set_new(st, "controlepunt", json_integer(
			    count));
		}
	}
	return st;
}

/* One pass under the lock: rounds until the tip stands still.  The tip
 * pushed last is left in done_tip. */
static int
push_rounds(vpd_archive *a, const json_t *urls, json_t *state, vpd_time now,
    char done_tip[VPD_OID_HEX], vpd_error *err)
{
	char tip[VPD_OID_HEX];
	json_t *v;
	size_t i;
	int rc;

	for (int round = 0; round < 5; round++) {
		char tag[VPD_OID_HEX] = "", *cp = NULL;
		long count = 0;
		vpd_time made = 0;
		vpd_error e;

		if ((rc = vpd_archive_tip(a, tip, err)) ||
		    (rc = vpd_archive_line(a, tip, NULL, &count, NULL, NULL,
		    err)))
			return rc;
		if (strcmp(tip, done_tip) == 0 || tip[0] == '\0')
			break;
		/* The tip's checkpoint, dated by its commit: the same tag
		 * object however often it is made, so a push that repeats
		 * one (its record lost, a second URL for a mirror) finds it
		 * there already.  An archive without a key pushes without. */
		vpd_error_clear(&e);
		if (vpd_archive_commit_time(a, tip, &made, &e) == 0 &&
		    vpd_core_checkpoint(a, tip, made, &cp, &e) == 0) {
			char name[64];

			snprintf(name, sizeof(name), "controlepunt/%06ld",
			    count);
			if (vpd_archive_tag(a, tip, name, cp, made, tag, &e))
				tag[0] = '\0';
			free(cp);
		}
		json_array_foreach(urls, i, v) {
			const char *url = json_string_value(v);
			json_t *old = json_object_get(state, url);

			/* up to date already: nothing to send */
			if (json_is_true(json_object_get(old, "ok")) &&
			    json_object_get(old, "commit") &&
			    strcmp(json_string_value(json_object_get(old,
			    "commit")), tip) == 0 &&
			    (tag[0] == '\0' || json_object_get(old,
			    "controlepunt")))
				continue;
			json_object_set_new(state, url, push_one(a, url, tip,
			    count, tag, now));
		}
		if ((rc = write_state(a, state, err)))
			return rc;
		snprintf(done_tip, VPD_OID_HEX, "%s", tip);
	}
	return 0;
}

int
vpd_core_mirror_push(vpd_archive *a, vpd_time now, bool wait,
    json_t **result, vpd_error *err)
{
	json_t *urls = NULL, *state = NULL, *v;
	char path[4200], tip[VPD_OID_HEX], done_tip[VPD_OID_HEX] = "";
	vpd_store *s = NULL;
	int lock = -1, rc;
	size_t i;

	*result = NULL;
	if ((rc = vpd_archive_mirrors(a, &urls, err)))
		goto out;
	if (json_array_size(urls) == 0) {
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "the archive has no mirror: add one with 'vpd mirror add "
		    "URL'");
		goto out;
	}
	if ((rc = vpd_store_open(&s, vpd_archive_path(a), err)) ||
	    (rc = vpd_store_prepare(s, err)))
		goto out;
	private_path(a, "mirror.lock", path, sizeof(path));
	for (;;) {
		/*
		 * Without `wait` (the push a change starts), a push already
		 * at work is left to it: it looks at the tip again after it
		 * lets go of the lock, so the newest change is pushed by one
		 * of the two, and pushes never pile up behind a slow mirror.
		 */
		if ((lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC |
		    O_NOFOLLOW, 0600)) < 0) {
			rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "cannot open: %s", strerror(errno));
			goto out;
		}
		if (flock(lock, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
			if (!wait && errno == EWOULDBLOCK) {
				*result = json_pack("{sb}", "bezig", 1);
				goto out;
			}
			rc = vpd_error_set(err, VPD_EIO, path, 0, 0,
			    "cannot lock: %s", strerror(errno));
			goto out;
		}
		json_decref(state);
		state = read_state(a);
		rc = push_rounds(a, urls, state, now, done_tip, err);
		close(lock);
		lock = -1;
		if (rc)
			goto out;
		if (vpd_archive_tip(a, tip, err) == 0 &&
		    strcmp(tip, done_tip) != 0 && !wait)
			continue;
		break;
	}
	*result = json_object();
	json_array_foreach(urls, i, v) {
		json_t *st = json_object_get(state, json_string_value(v));

		json_object_set(*result, json_string_value(v), st ? st :
		    json_object());
	}
	json_array_foreach(urls, i, v) {
		json_t *st = json_object_get(*result, json_string_value(v));

		if (!json_is_true(json_object_get(st, "ok")) ||
		    json_object_get(st, "controlepunt_fout")) {
			rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
			    "a mirror could not be brought up to date "
			    "('vpd mirror status' says why)");
			break;
		}
	}
out:
	if (lock >= 0)
		close(lock);
	vpd_store_free(s);
	json_decref(state);
	json_decref(urls);
	return rc;
}

int
vpd_core_mirror_status(vpd_archive *a, json_t **result, vpd_error *err)
{
	json_t *urls = NULL, *state, *v;
	char tip[VPD_OID_HEX];
	long total = 0;
	size_t i;
	int rc;

	*result = NULL;
	if ((rc = vpd_archive_mirrors(a, &urls, err)) ||
	    (rc = vpd_archive_tip(a, tip, err)) ||
	    (rc = vpd_archive_line(a, tip, NULL, &total, NULL, NULL, err))) {
		json_decref(urls);
		return rc;
	}
	state = read_state(a);
	*result = json_pack("{sssIs[]}", "commit", tip, "aantal",
	    (json_int_t)total, "spiegels");
	json_array_foreach(urls, i, v) {
		json_t *st = json_object_get(state, json_string_value(v));
		json_t *o = st ? json_deep_copy(st) : json_object();

		json_object_set(o, "url", v);
		if (json_string_value(json_object_get(o, "commit"))) {
			long n = 0, pos = 0;
			vpd_error e;

			/* the mirror's commit must be on this history's line:
			 * if not, one of the two was rewritten */
			if (vpd_archive_line(a, tip, json_string_value(
			    json_object_get(o, "commit")), &n, &pos, NULL,
			    &e) == 0 && pos > 0)
				json_object_set_new(o, "achter",
				    json_integer(total - pos));
			else
				json_object_set_new(o, "afwijkend",
				    json_true());
		}
		json_array_append_new(json_object_get(*result, "spiegels"), o);
	}
	json_decref(state);
	json_decref(urls);
	return 0;
}

void
vpd_core_mirror_auto(vpd_archive *a)
{
	if (vpd_archive_mirrored(a))
		(void)vpd_archive_start_apart(a, (const char *const[]){
		    "mirror", "push", "--detach", NULL});
}
