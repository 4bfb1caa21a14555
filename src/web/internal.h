/*
 * internal.h - what the files of src/web/ share: requests and responses,
 * forms, routes, sessions, pages.  Nothing outside src/web/ sees this.
 *
 *   server.c   the daemon: connections, limits, headers, dispatch
 *   form.c     request bodies (urlencoded and multipart) into fields
 *   route.c    the URL table and its matching
 *   session.c  sessions, CSRF tokens and sign-in throttling
 *   page.c     templates, the layout, error pages, Dutch dates
 *   pages_*.c  one file per part of the site
 */
#ifndef VPD_WEB_INTERNAL_H
#define VPD_WEB_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../archive/archive.h"
#include "../case/case.h"
#include "../store/store.h"
#include "../template/template.h"
#include "web.h"

struct MHD_Connection;

/* ---- Forms (form.c) ------------------------------------------------- */

#define WEB_FORM_MAX_FIELDS 400
#define WEB_FORM_MAX_VALUE (64 * 1024)
#define WEB_FORM_MAX_NAME 64

typedef struct web_file {
	const char *name;          /* the form field */
	const char *filename;      /* as sent; never trusted for a path */
	const char *type;          /* Content-Type as sent */
	const unsigned char *data;
	size_t len;
} web_file;

typedef struct web_form web_form;

enum {
	WEB_FORM_OK = 0,
	WEB_FORM_UNSUPPORTED = 1,  /* not a form body: 415 */
	WEB_FORM_TOO_LARGE = 2,    /* 413 */
	WEB_FORM_BAD = 3           /* malformed or invalid text: 400 */
};

/*
 * A form being read from a request body.  max_body bounds the body,
 * max_file each uploaded file.  web_form_begin() looks at the request's
 * Content-Type (application/x-www-form-urlencoded or multipart/form-data)
 * and returns WEB_FORM_UNSUPPORTED for anything else.  Body data is
 * passed to web_form_feed() as it comes; web_form_end() finishes and
 * checks every text value: valid UTF-8, no control characters but tab
 * and line breaks (CR LF becomes LF), names of at most 64 characters
 * [a-z0-9_.-].  Each returns a WEB_FORM_* code; web_form_error() says
 * what was wrong, naming the field but never its value.
 */
web_form *web_form_new(size_t max_body, size_t max_file);
int web_form_begin(web_form *f, struct MHD_Connection *c);
int web_form_feed(web_form *f, const char *data, size_t len);
int web_form_end(web_form *f);
const char *web_form_error(const web_form *f);
void web_form_free(web_form *f);

/* The first value of a field, or NULL. */
const char *web_form_get(const web_form *f, const char *name);
/* Every value of a field, in order; returns how many (at most max). */
size_t web_form_all(const web_form *f, const char *name, const char **out,
    size_t max);
/* An uploaded file, or NULL (also for an empty file input). */
const web_file *web_form_file(const web_form *f, const char *name);
/* The text fields as a JSON object (the first value of each). */
json_t *web_form_json(const web_form *f);

/* ---- Sessions and throttling (session.c) ---------------------------- */

typedef struct web_session {
	char actor[128];
	unsigned roles;
	char csrf[VPD_TOKEN_HEX];
	char flash[512];              /* shown once on the next page */
	bool sso;                     /* signed in by the trusted proxy */
} web_session;

typedef struct web_sessions web_sessions;

/* Idle limits in seconds; max sessions bounded (oldest go first). */
web_sessions *web_sessions_new(double idle, double desk_idle, double max_age,
    size_t max_sessions);
void web_sessions_free(web_sessions *s);

/* A new session at monotonic time now; token receives the cookie value. */
void web_session_create(web_sessions *s, const char *actor, unsigned roles,
    bool sso, double now, char token[VPD_TOKEN_HEX]);
/* Copies the live session of a token into *out and marks it used; false
 * when there is none or it has expired (it is then removed).  The flash
 * message is handed out once. */
bool web_session_get(web_sessions *s, const char *token, double now,
    web_session *out);
void web_session_set_flash(web_sessions *s, const char *token,
    const char *msg);
void web_session_end(web_sessions *s, const char *token);
/* Ends every session of an actor (e.g. after a password change). */
void web_session_end_actor(web_sessions *s, const char *actor);
size_t web_sessions_count(web_sessions *s);

typedef struct web_throttle web_throttle;

/*
 * Sign-in throttling by key ("actor:NAME", "addr:ADDRESS").  After
 * `limit` failures in a row the key is blocked for `base` seconds, the
 * wait doubling with each further failure up to 15 minutes.
 */
web_throttle *web_throttle_new(size_t max_keys);
void web_throttle_free(web_throttle *t);
/* Seconds still to wait (0: go ahead). */
int web_throttle_wait(web_throttle *t, const char *key, double now);
void web_throttle_fail(web_throttle *t, const char *key, int limit,
    double base, double now);
void web_throttle_clear(web_throttle *t, const char *key);

/* Whether a submitted CSRF token is the session's. */
bool web_csrf_ok(const web_session *s, const char *submitted);

/* ---- Requests, responses, pages ------------------------------------- */

typedef struct web_app web_app;

#define WEB_MAX_PARAMS 4

typedef struct web_req {
	web_app *app;
	struct MHD_Connection *conn;
	const char *method;            /* GET, HEAD or POST */
	const char *path;
	char peer[64];                 /* the client's address */
	bool secure;                   /* reached over TLS (or the proxy's) */
	web_form *form;                /* the body of a POST */
	int form_state;                /* WEB_FORM_* */
	size_t body_seen;
	web_session *sess;             /* NULL when not signed in */
	char token[VPD_TOKEN_HEX];     /* the session cookie's value */
	vpd_archive *archive;          /* this thread's handle */
	vpd_who who;
	char via[200];
	const char *params[WEB_MAX_PARAMS];
	char parambuf[256];
	bool api;                      /* /api/: a token, a JSON body */
	char *body;                    /* the raw body of an API POST */
	size_t body_len;
	int body_state;                /* WEB_FORM_OK, _TOO_LARGE, _UNSUPPORTED */
	char api_actor[128];           /* the actor of the API token */
} web_req;

typedef struct web_resp {
	int status;
	char *body;                    /* malloc'ed */
	size_t len;
	const char *type;              /* Content-Type */
	bool cacheable;                /* static files only */
	bool frame_self;               /* a PDF our own pages show inline */
	char location[512];            /* redirects */
	char cookies[3][320];          /* Set-Cookie values */
	char disposition[200];         /* Content-Disposition */
	char www_authenticate[64];     /* an API request without a token */
	char allow[32];                /* a 405's Allow, when not the site's */
} web_resp;

typedef int (*web_handler)(web_req *r, web_resp *out);

enum {
	WEB_PUBLIC = 1 << 0            /* no sign-in needed */
};

typedef struct web_route {
	const char *method;
	const char *pattern;           /* "/zaak/{zaak}/stap/{naam}" */
	web_handler fn;
	unsigned flags;
	unsigned roles;                /* one of these, or 0: anyone signed in;
	                                * the core decides what they see */
} web_route;

/*
 * Finds the route for a request.  Placeholders match one path segment
 * of their kind: {zaak} 2026-0001, {persoon} P0001, {naam} lower-case
 * letters, digits and '_', {nr} 1 to 6 digits.  The captured segments go
 * to params (pointing into buf).  Returns NULL when nothing matches;
 * *other_method is then true when the path exists for another method
 * (405 rather than 404).
 */
const web_route *web_route_find(const web_route *table, const char *method,
    const char *path, const char **params, char *buf, size_t size,
    bool *other_method);

/* The site's routes (pages.c). */
extern const web_route web_routes[];

/* The JSON API (api.c): its own routes, token authentication, problem
 * responses; and its version for the API-Version header. */
#define WEB_API_MAX_BODY (256 * 1024)
int web_api_dispatch(web_req *r, web_resp *out);
int web_api_refuse(web_resp *out, int status);
const char *web_api_version(void);

/* Renders template `name` with data inside the layout (page.c); takes
 * data.  Returns 0. */
int web_page(web_req *r, web_resp *out, int status, const char *name,
    const char *title, json_t *data);
/* A Dutch error page for 400, 403, 404, 405, 413, 415, 500, 503. */
int web_error(web_req *r, web_resp *out, int status, const char *msg);
/* The page for a core error: refused 403, not found 404, invalid 400,
 * anything else 500 (never a path or a stack). */
int web_fail(web_req *r, web_resp *out, const vpd_error *err);
/* A 303 See Other to a local path. */
int web_redirect(web_resp *out, const char *path);
/* Raw bytes (PDF, image, CSS); takes body. */
int web_bytes(web_resp *out, int status, const char *type, void *body,
    size_t len);

/* The Dutch message of a core error for people: its Dutch text, or a
 * plain sentence for its kind. */
const char *web_error_text(const vpd_error *err);

/* Remembers a message for the next page of this session. */
void web_flash(web_req *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "20 november 2026, 10:00" for a UTC instant; "" for NULL. */
void web_when(const char *utc, char *out, size_t size);
/* "20 november 2026" for "2026-11-20". */
void web_day(const char *iso, char *out, size_t size);

/* Sets item's "over" ("nog 5 uur", "3 dagen te laat") and "dringend"
 * (passed or due within 48 hours) for a deadline `seconds` from now. */
void web_time_left(json_t *item, long long seconds);

/* The role names of a role set in Dutch, "manager, receptie". */
void web_roles_text(unsigned roles, char *out, size_t size);

/* Seconds on the monotonic clock (sessions, throttling). */
double web_mono_now(void);

/* The server's settings (for pages that need them). */
const vpd_web_config *web_config(const web_app *app);
/* The workflow new reports run on: its text (malloc'ed), or NULL with err. */
char *web_workflow_text(const web_app *app, size_t *len, vpd_error *err);
web_sessions *web_app_sessions(web_app *app);
/* A page template by name (without .html), or NULL; and all of them as
 * partials (name -> text). */
const vpd_template *web_app_template(web_app *app, const char *name);
const json_t *web_app_partials(web_app *app);
web_throttle *web_app_throttle(web_app *app);
/* A file of static/ as loaded at start (NULL when there is none). */
const char *web_app_static(web_app *app, const char *name, const char **type,
    size_t *len);
vpd_store *web_app_store(web_app *app);

#endif
