/*
 * session.c - who is signed in, the CSRF token of each session, and the
 * throttling of failed sign-ins.
 *
 * Sessions live in the server's memory only: a restart signs everybody
 * out, and nothing about them reaches a disk.  A session is found by the
 * SHA-256 of its 256-bit token, so even a dump of the server's memory
 * holds no cookie that could be replayed.  Times are monotonic seconds
 * given by the caller (a changed wall clock or VPD_NOW moves nothing).
 * Both tables are bounded; when full, the session used longest ago and
 * the oldest throttle entry make room.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	char hash[VPD_TOKEN_HEX];
	web_session s;
	double created, used;
	bool live;
} entry;

struct web_sessions {
	pthread_mutex_t lock;
	entry *e;
	size_t n;
	double idle, desk_idle, max_age;
};

web_sessions *
web_sessions_new(double idle, double desk_idle, double max_age,
    size_t max_sessions)
{
	web_sessions *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if ((s->e = calloc(max_sessions ? max_sessions : 1,
	    sizeof(*s->e))) == NULL) {
		free(s);
		return NULL;
	}
	s->n = max_sessions ? max_sessions : 1;
	s->idle = idle;
	s->desk_idle = desk_idle;
	s->max_age = max_age;
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void
web_sessions_free(web_sessions *s)
{
	if (s == NULL)
		return;
	pthread_mutex_destroy(&s->lock);
	memset(s->e, 0, s->n * sizeof(*s->e));
	free(s->e);
	free(s);
}

/* Reception works at a desk all day and may have a longer idle time. */
static double
idle_of(const web_sessions *s, const entry *e)
{
	if ((e->s.roles & VPD_ROLE_RECEPTION) && !(e->s.roles &
	    (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL)))
		return s->desk_idle;
	return s->idle;
}

static bool
expired(const web_sessions *s, const entry *e, double now)
{
	return now - e->used > idle_of(s, e) || now - e->created > s->max_age;
}

void
web_session_create(web_sessions *s, const char *actor, unsigned roles,
    bool sso, double now, char token[VPD_TOKEN_HEX])
{
	entry *slot = NULL;

	vpd_token_new(token);
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++) {
		entry *e = &s->e[i];

		if (e->live && expired(s, e, now))
			e->live = false;
		if (!e->live) {
			slot = e;
			break;
		}
		if (slot == NULL || e->used < slot->used)
			slot = e;
	}
	memset(slot, 0, sizeof(*slot));
	vpd_token_hash(token, slot->hash);
	snprintf(slot->s.actor, sizeof(slot->s.actor), "%s", actor);
	slot->s.roles = roles;
	slot->s.sso = sso;
	vpd_token_new(slot->s.csrf);
	slot->created = slot->used = now;
	slot->live = true;
	pthread_mutex_unlock(&s->lock);
}

static entry *
find(web_sessions *s, const char *token)
{
	char hash[VPD_TOKEN_HEX];

	if (token == NULL || strlen(token) != VPD_TOKEN_HEX - 1)
		return NULL;
	vpd_token_hash(token, hash);
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].live && vpd_token_equal(s->e[i].hash, hash))
			return &s->e[i];
	return NULL;
}

bool
web_session_get(web_sessions *s, const char *token, double now,
    web_session *out)
{
	entry *e;
	bool ok = false;

	pthread_mutex_lock(&s->lock);
	if ((e = find(s, token)) != NULL) {
		if (expired(s, e, now)) {
			memset(e, 0, sizeof(*e));
		} else {
			e->used = now;
			*out = e->s;
			e->s.flash[0] = '\0';
			ok = true;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return ok;
}

void
web_session_set_flash(web_sessions *s, const char *token, const char *msg)
{
	entry *e;

	pthread_mutex_lock(&s->lock);
	if ((e = find(s, token)) != NULL)
		snprintf(e->s.flash, sizeof(e->s.flash), "%s", msg);
	pthread_mutex_unlock(&s->lock);
}

void
web_session_end(web_sessions *s, const char *token)
{
	entry *e;

	pthread_mutex_lock(&s->lock);
	if ((e = find(s, token)) != NULL)
		memset(e, 0, sizeof(*e));
	pthread_mutex_unlock(&s->lock);
}

void
web_session_end_actor(web_sessions *s, const char *actor)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].live && strcmp(s->e[i].s.actor, actor) == 0)
			memset(&s->e[i], 0, sizeof(s->e[i]));
	pthread_mutex_unlock(&s->lock);
}

size_t
web_sessions_count(web_sessions *s)
{
	size_t k = 0;

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++)
		k += s->e[i].live;
	pthread_mutex_unlock(&s->lock);
	return k;
}

bool
web_csrf_ok(const web_session *s, const char *submitted)
{
	return s && submitted && vpd_token_equal(s->csrf, submitted);
}

/* ---- Throttling ----------------------------------------------------- */

typedef struct tkey {
	char key[160];
	int failures;
	double until, last;
} tkey;

struct web_throttle {
	pthread_mutex_t lock;
	tkey *k;
	size_t n;
};

#define THROTTLE_MAX_WAIT 900.0
#define THROTTLE_FORGET 3600.0      /* seconds without a failure */

web_throttle *
web_throttle_new(size_t max_keys)
{
	web_throttle *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->n = max_keys ? max_keys : 1;
	if ((t->k = calloc(t->n, sizeof(*t->k))) == NULL) {
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

void
web_throttle_free(web_throttle *t)
{
	if (t == NULL)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t->k);
	free(t);
}

static tkey *
tfind(web_throttle *t, const char *key, bool make)
{
	tkey *oldest = NULL;

	for (size_t i = 0; i < t->n; i++) {
		if (t->k[i].key[0] && strcmp(t->k[i].key, key) == 0)
			return &t->k[i];
		if (oldest == NULL || t->k[i].key[0] == '\0' ||
		    (oldest->key[0] && t->k[i].last < oldest->last))
			oldest = &t->k[i];
	}
	if (!make)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	return oldest;
}

int
web_throttle_wait(web_throttle *t, const char *key, double now)
{
	tkey *k;
	int wait = 0;

	pthread_mutex_lock(&t->lock);
	if ((k = tfind(t, key, false)) != NULL && k->until > now)
		wait = (int)(k->until - now) + 1;
	pthread_mutex_unlock(&t->lock);
	return wait;
}

void
web_throttle_fail(web_throttle *t, const char *key, int limit, double base,
    double now)
{
	tkey *k;

	pthread_mutex_lock(&t->lock);
	k = tfind(t, key, true);
	/* Failures are forgotten after a quiet spell, or one office's
	 * typos would keep its shared address waiting for ever. */
	if (k->failures && now - k->last > THROTTLE_FORGET)
		k->failures = 0;
	k->failures++;
	k->last = now;
	if (k->failures >= limit) {
		double wait = base;

		for (int i = limit; i < k->failures && wait < THROTTLE_MAX_WAIT;
		    i++)
			wait *= 2;
		if (wait > THROTTLE_MAX_WAIT)
			wait = THROTTLE_MAX_WAIT;
		k->until = now + wait;
	}
	pthread_mutex_unlock(&t->lock);
}

void
web_throttle_clear(web_throttle *t, const char *key)
{
	tkey *k;

	pthread_mutex_lock(&t->lock);
	if ((k = tfind(t, key, false)) != NULL)
		memset(k, 0, sizeof(*k));
	pthread_mutex_unlock(&t->lock);
}
