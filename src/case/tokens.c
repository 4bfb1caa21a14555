/*
 * tokens.c - API tokens (case.h; docs/api.md): a script or the
 * municipality's zaaksysteem calls /api/v1/ as an actor, with a token a
 * coordinator made for that actor.
 *
 * A token is "vpd_" and 64 hex digits (32 random bytes), shown once.
 * Only its SHA-256 is kept, in ARCHIVE/private/tokens.json (mode 0600),
 * outside the history, with the actor, a label, when and by whom it was
 * made.  A token acts with its actor's roles and sight; disabling the
 * actor revokes their tokens.  Making and revoking a token is written to
 * the access log (hash-chained), as who did it for whom.  Changes to the
 * token file hold private/tokens.lock.
 */
#define _GNU_SOURCE
#include "case.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/file.h"
#include <fcntl.h>
#include <sys/file.h>

#define TOKEN_PREFIX "vpd_"
#define TOKEN_LEN (4 + 64)

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
tokens_path(vpd_archive *a, char *out, size_t size)
{
	snprintf(out, size, "%s/private/tokens.json", vpd_archive_path(a));
}

static int
load(vpd_archive *a, json_t **out, vpd_error *err)
{
	char path[4200];
	json_error_t je;

	tokens_path(a, path, sizeof(path));
	if (access(path, F_OK) != 0) {
		if (errno != ENOENT)
			return vpd_error_set(err, VPD_EIO, path, 0, 0, "%s",
			    strerror(errno));
		*out = json_object();
		return 0;
	}
	if ((*out = json_load_file(path, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return vpd_error_set(err, VPD_EIO, path, je.line, je.column,
		    "not the token list vpd writes");
	}
	return 0;
}

static int
save(vpd_archive *a, const json_t *tokens, vpd_error *err)
{
	char path[4200], *text = json_dumps(tokens, JSON_INDENT(2) |
	    JSON_SORT_KEYS);
	int rc;

	if (text == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	snprintf(path, sizeof(path), "%s/private", vpd_archive_path(a));
	mkdir(path, 0700);
	tokens_path(a, path, sizeof(path));
	rc = vpd_file_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	return rc;
}

/* Holds private/tokens.lock for a change of the token file (-1: error). */
static int
lock_tokens(vpd_archive *a, vpd_error *err)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/private", vpd_archive_path(a));
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/private/tokens.lock",
	    vpd_archive_path(a));
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) < 0 || flock(fd, LOCK_EX) != 0) {
		vpd_error_set(err, VPD_EIO, path, 0, 0, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void
unlock_tokens(int fd)
{
	flock(fd, LOCK_UN);
	close(fd);
}

/* Who made or revoked which token for whom, in the access log. */
static int
log_token(vpd_archive *a, const vpd_who *who, const char *wat,
    const char *actor, const char *id, vpd_error *err)
{
	vpd_store *st = NULL;
	json_t *entry = json_pack("{ssssssssss?}", "actor", who->actor, "via",
	    who->via ? who->via : "?", "wat", wat, "voor", actor ? actor : "",
	    "token", id);
	int rc;

	if (entry == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if ((rc = vpd_store_open(&st, vpd_archive_path(a), err)) == 0)
		rc = vpd_store_log(st, entry, who->now, err);
	vpd_store_free(st);
	json_decref(entry);
	return rc;
}

/* The roles an actor acts in now (0: unknown or disabled). */
static unsigned
actor_roles(vpd_archive *a, const char *name)
{
	json_t *list = NULL;
	vpd_error e;
	unsigned roles = 0;

	if (name && vpd_core_actor_list(a, &list, &e) == 0)
		roles = vpd_actor_entry_roles(json_object_get(json_object_get(
		    list, "actoren"), name));
	json_decref(list);
	return roles;
}

static void
hash_hex(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int
vpd_core_token_new(vpd_archive *a, const vpd_who *who, const char *actor,
    const char *label, char **token, json_t **result, vpd_error *err)
{
	unsigned char raw[32];
	char hex[65], hash[65], when[VPD_TIME_UTC_LEN];
	json_t *tokens = NULL, *entry;
	int rc, lock;

	*token = NULL;
	*result = NULL;
	if (!(actor_roles(a, who->actor) & VPD_ROLE_COORDINATOR))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "API tokens "
		    "are made by a coordinator");
	if (actor_roles(a, actor) == 0)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "no active "
		    "actor '%s'", actor ? actor : "");
	if (label == NULL || !*label || strlen(label) > 100 ||
	    !vpd_text_printable(label))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "--label: "
		    "what the token is for, 1 to 100 printable characters");
	if ((lock = lock_tokens(a, err)) < 0)
		return err->code;
	if ((rc = load(a, &tokens, err))) {
		unlock_tokens(lock);
		return rc;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	if ((*token = malloc(TOKEN_LEN + 1)) == NULL) {
		json_decref(tokens);
		unlock_tokens(lock);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	}
	snprintf(*token, TOKEN_LEN + 1, TOKEN_PREFIX "%s", hex);
	sodium_memzero(hex, sizeof(hex));
	hash_hex(*token, hash);
	vpd_time_format_utc(who->now, when);
	entry = json_pack("{ssssssssss}", "actor", actor, "label", label,
	    "gemaakt", when, "door", who->actor, "id", "");
	if (entry == NULL) {
		free(*token);
		*token = NULL;
		json_decref(tokens);
		unlock_tokens(lock);
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the actor "
		    "or label is not valid UTF-8");
	}
	json_object_set_new(entry, "id", json_stringn(hash, 12));
	json_object_set(tokens, hash, entry);
	/* logged first: a token nobody can trace is not handed out */
	if ((rc = log_token(a, who, "token gemaakt", actor, str(entry, "id"),
	    err)) || (rc = save(a, tokens, err))) {
		free(*token);
		*token = NULL;
	} else
		*result = json_incref(entry);
	json_decref(entry);
	json_decref(tokens);
	unlock_tokens(lock);
	return rc;
}

int
vpd_core_token_list(vpd_archive *a, const vpd_who *who, json_t **result,
    vpd_error *err)
{
	json_t *tokens = NULL, *e, *list;
	const char *k;
	int rc;

	*result = NULL;
	if (!(actor_roles(a, who->actor) & VPD_ROLE_COORDINATOR))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "the API "
		    "tokens: for a coordinator");
	if ((rc = load(a, &tokens, err)))
		return rc;
	list = json_array();
	json_object_foreach(tokens, k, e)
		json_array_append(list, e);
	*result = json_pack("{so}", "tokens", list);
	json_decref(tokens);
	return 0;
}

/* Revokes the token `id`, or every token of `actor`; how many. */
static int
revoke_tokens(vpd_archive *a, const vpd_who *who, const char *id,
    const char *actor, int *count, vpd_error *err)
{
	json_t *tokens = NULL, *e;
	const char *k;
	void *tmp;
	int rc, lock;

	*count = 0;
	if ((lock = lock_tokens(a, err)) < 0)
		return err->code;
	if ((rc = load(a, &tokens, err))) {
		unlock_tokens(lock);
		return rc;
	}
	json_object_foreach_safe(tokens, tmp, k, e) {
		if (id ? strcmp(str(e, "id") ? str(e, "id") : "", id) != 0 :
		    strcmp(str(e, "actor") ? str(e, "actor") : "", actor) != 0)
			continue;
		if ((rc = log_token(a, who, "token ingetrokken", str(e,
		    "actor"), str(e, "id"), err)))
			break;
		json_object_del(tokens, k);
		(*count)++;
	}
	if (*count > 0) {
		int rc2 = save(a, tokens, err);

		rc = rc ? rc : rc2;
	}
	json_decref(tokens);
	unlock_tokens(lock);
	return rc;
}

int
vpd_core_token_revoke(vpd_archive *a, const vpd_who *who, const char *id,
    vpd_error *err)
{
	int rc, n;

	if (!(actor_roles(a, who->actor) & VPD_ROLE_COORDINATOR))
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "API tokens "
		    "are revoked by a coordinator");
	if (id == NULL || *id == '\0')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "which "
		    "token? (vpd token list)");
	if ((rc = revoke_tokens(a, who, id, NULL, &n, err)))
		return rc;
	return n ? 0 : vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "no API "
	    "token '%s' (vpd token list)", id);
}

int
vpd_core_tokens_revoke_actor(vpd_archive *a, const vpd_who *who,
    const char *actor, vpd_error *err)
{
	int n;

	return revoke_tokens(a, who, NULL, actor, &n, err);
}

int
vpd_core_token_actor(vpd_archive *a, const char *token, char *actor,
    size_t size, vpd_error *err)
{
	char hash[65];
	json_t *tokens = NULL, *e;
	int rc;

	actor[0] = '\0';
	if (token == NULL || strlen(token) != TOKEN_LEN ||
	    strncmp(token, TOKEN_PREFIX, 4) != 0)
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0,
		    "not an API token");
	if ((rc = load(a, &tokens, err)))
		return rc;
	hash_hex(token, hash);
	/* looked up by its hash: the token itself is never compared */
	e = json_object_get(tokens, hash);
	if (e == NULL || actor_roles(a, str(e, "actor")) == 0 ||
	    strlen(str(e, "actor")) >= size)
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "an unknown "
		    "or revoked API token, or its actor is disabled");
	else
		snprintf(actor, size, "%s", str(e, "actor"));
	json_decref(tokens);
	return rc;
}
