/*
 * server.c - the HTTP daemon: libmicrohttpd with a pool of worker threads,
 * the limits every request meets, who is asking, and the headers every
 * answer carries.
 *
 * A request passes, in this order: method and path checks; static files
 * (no sign-in); the session cookie, or the user header when the request
 * comes from the configured reverse proxy and from nowhere else; the
 * route table; sign-in for every page that is not public; for a POST the
 * form's limits and its CSRF token (and the Origin header, when sent);
 * then the page's handler, which calls the core.  Each worker thread
 * has its own archive handle, as libgit2's objects are not thread-safe.
 *
 * Stopping (SIGINT, SIGTERM) stops accepting, lets the requests being
 * handled finish and then returns: a change is committed whole or not at
 * all by the core, so nothing is left half made.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/time.h"
#include "../workflow/workflow.h"

#define SESSION_COOKIE "vpd_sessie"
#define LOGIN_COOKIE "vpd_inloggen"
#define MAX_SESSIONS 4096
#define MAX_PATH_LEN 512

typedef struct tmpl {
	char *name;
	vpd_template *t;
} tmpl;

typedef struct static_file {
	char *name;
	char *data;
	size_t len;
	const char *type;
} static_file;

struct web_app {
	vpd_web_config cfg;
	tmpl *tmpls;
	size_t ntmpls;
	json_t *partials;
	static_file *statics;
	size_t nstatics;
	web_sessions *sessions;
	web_throttle *throttle;
	vpd_store *store;
	pthread_key_t archive_key;
	char *cert, *key;
	char proxy[INET6_ADDRSTRLEN];   /* --trust-proxy, as peers are written */
};

void
vpd_web_config_init(vpd_web_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->listen = "127.0.0.1:8080";
	cfg->user_header = "X-Remote-User";
	cfg->idle_minutes = 30;
	cfg->desk_idle_minutes = 30;
	cfg->threads = 4;
	cfg->every_seconds = 60;
	cfg->per_ip_connections = 64;
	cfg->max_body = 4 * 1024 * 1024;
}

/* ---- The app's parts ------------------------------------------------ */

const vpd_web_config *
web_config(const web_app *app)
{
	return &app->cfg;
}

web_sessions *
web_app_sessions(web_app *app)
{
	return app->sessions;
}

web_throttle *
web_app_throttle(web_app *app)
{
	return app->throttle;
}

vpd_store *
web_app_store(web_app *app)
{
	return app->store;
}

const vpd_template *
web_app_template(web_app *app, const char *name)
{
	for (size_t i = 0; i < app->ntmpls; i++)
		if (strcmp(app->tmpls[i].name, name) == 0)
			return app->tmpls[i].t;
	return NULL;
}

const json_t *
web_app_partials(web_app *app)
{
	return app->partials;
}

char *
web_workflow_text(const web_app *app, size_t *len, vpd_error *err)
{
	const char *w = app->cfg.workflow;
	char path[4096];

	if (w == NULL) {
		vpd_error_set(err, VPD_EIO, NULL, 0, 0, "vpd serve has no "
		    "--workflow for new reports");
		return NULL;
	}
	if (strchr(w, '/') || strstr(w, ".yaml"))
		snprintf(path, sizeof(path), "%s", w);
	else
		snprintf(path, sizeof(path), "%s/%s.yaml",
		    app->cfg.workflows_dir ? app->cfg.workflows_dir :
		    "workflows", w);
	return vpd_file_read(path, len, err);
}

/* The workflow of new reports must be there and sound now, not at the
 * first report: a staff member would be the one to find out. */
static int
check_workflow(const web_app *app, vpd_error *err)
{
	vpd_workflow *wf = NULL;
	size_t len;
	char *text;
	int rc;

	if ((text = web_workflow_text(app, &len, err)) == NULL)
		return err->code ? err->code : VPD_EIO;
	rc = vpd_workflow_load(&wf, app->cfg.workflow, text, len, NULL, err);
	vpd_workflow_free(wf);
	free(text);
	return rc;
}

/* ---- Loading templates and static files ----------------------------- */

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int
load_templates(web_app *app, vpd_error *err)
{
	char dir[4096];
	struct dirent **names = NULL;
	int n;

	snprintf(dir, sizeof(dir), "%s/templates", app->cfg.webdir);
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return vpd_error_set(err, VPD_EIO, dir, 0, 0,
		    "cannot read the page templates: %s", strerror(errno));
	app->partials = json_object();
	app->tmpls = calloc((size_t)n + 1, sizeof(*app->tmpls));
	for (int i = 0; i < n; i++) {
		char path[4600], *text;
		size_t len;
		int rc;

		if (ends_with(names[i]->d_name, ".html")) {
			tmpl *t = &app->tmpls[app->ntmpls];

			snprintf(path, sizeof(path), "%s/%s", dir,
			    names[i]->d_name);
			if ((text = vpd_file_read(path, &len, err)) == NULL) {
				rc = err->code;
			} else {
				rc = vpd_template_parse(&t->t, path, text, err);
				t->name = strndup(names[i]->d_name,
				    strlen(names[i]->d_name) - 5);
				json_object_set_new(app->partials, t->name,
				    json_string(text));
				free(text);
				app->ntmpls++;
			}
			if (rc) {
				for (; i < n; i++)
					free(names[i]);
				free(names);
				return rc;
			}
		}
		free(names[i]);
	}
	free(names);
	if (web_app_template(app, "layout") == NULL)
		return vpd_error_set(err, VPD_EIO, dir, 0, 0,
		    "no layout.html among the page templates");
	return 0;
}

static int
load_statics(web_app *app, vpd_error *err)
{
	static const struct {
		const char *suffix, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".json", "application/json"},
	};
	char dir[4096];
	struct dirent **names = NULL;
	int n;

	snprintf(dir, sizeof(dir), "%s/static", app->cfg.webdir);
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return vpd_error_set(err, VPD_EIO, dir, 0, 0,
		    "cannot read the static files: %s", strerror(errno));
	app->statics = calloc((size_t)n + 1, sizeof(*app->statics));
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++) {
			static_file *f = &app->statics[app->nstatics];
			char path[4600];

			if (!ends_with(names[i]->d_name, types[k].suffix))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir,
			    names[i]->d_name);
			if ((f->data = vpd_file_read(path, &f->len, err)) ==
			    NULL)
				break;
			f->name = strdup(names[i]->d_name);
			f->type = types[k].type;
			app->nstatics++;
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static void
app_free(web_app *app)
{
	for (size_t i = 0; i < app->ntmpls; i++) {
		free(app->tmpls[i].name);
		vpd_template_free(app->tmpls[i].t);
	}
	free(app->tmpls);
	for (size_t i = 0; i < app->nstatics; i++) {
		free(app->statics[i].name);
		free(app->statics[i].data);
	}
	free(app->statics);
	json_decref(app->partials);
	web_sessions_free(app->sessions);
	web_throttle_free(app->throttle);
	vpd_store_free(app->store);
	free(app->cert);
	if (app->key) {
		memset(app->key, 0, strlen(app->key));
		free(app->key);
	}
}

/* ---- Per-thread archive handles ------------------------------------- */

static void
archive_dtor(void *p)
{
	vpd_archive_free(p);
}

static vpd_archive *
thread_archive(web_app *app, vpd_error *err)
{
	vpd_archive *a = pthread_getspecific(app->archive_key);

	if (a)
		return a;
	if (vpd_archive_open(&a, app->cfg.archive, err))
		return NULL;
	pthread_setspecific(app->archive_key, a);
	return a;
}

/* ---- Requests ------------------------------------------------------- */

double
web_mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
peer_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, size, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, out, (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)size);
		/* An IPv4 client on an IPv6 socket. */
		if (strncmp(out, "::ffff:", 7) == 0 && strchr(out + 7, '.'))
			memmove(out, out + 7, strlen(out + 7) + 1);
	}
}

/* A client's text for the request log: printable ASCII, the rest '?'. */
static void
loggable(char *out, size_t size, const char *in)
{
	size_t n = 0;

	for (; in && *in && n + 1 < size; in++)
		out[n++] = (unsigned char)*in >= 0x21 &&
		    (unsigned char)*in < 0x7f ? *in : '?';
	out[n] = '\0';
}

/* Valid UTF-8 of printable characters, no backslash, no "..". */
static bool
path_ok(const char *p)
{
	size_t n = strlen(p);

	if (n == 0 || n > MAX_PATH_LEN || p[0] != '/' || strstr(p, "..") ||
	    strchr(p, '\\') || strstr(p, "//"))
		return false;
	for (const unsigned char *s = (const unsigned char *)p; *s; s++)
		if (*s < 0x21 || *s >= 0x7f)
			return false;
	return true;
}

static const char *
header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* A name the proxy vouches for: printable UTF-8, at most 100 bytes. */
static bool
proxy_name_ok(const char *s)
{
	json_t *j;

	if (s == NULL || *s == '\0' || strlen(s) > 100)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	if ((j = json_string(s)) == NULL)
		return false;
	json_decref(j);
	return true;
}

/* The roles of an actor in the archive (0 when unknown). */
static unsigned
actor_roles(vpd_archive *a, const char *name)
{
	json_t *res = NULL, *e;
	vpd_error err;
	unsigned roles = 0;

	if (vpd_core_actor_list(a, &res, &err) == 0 &&
	    (e = json_object_get(json_object_get(res, "actoren"), name)))
		roles = vpd_actor_entry_roles(e);
	json_decref(res);
	return roles;
}

static void
set_cookie(web_resp *out, const web_req *r, const char *name,
    const char *value, bool clear)
{
	for (int i = 0; i < 3; i++) {
		if (out->cookies[i][0])
			continue;
		snprintf(out->cookies[i], sizeof(out->cookies[i]),
		    "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name,
		    clear ? "" : value, r->secure ? "; Secure" : "",
		    clear ? "; Max-Age=0" : "");
		return;
	}
}

/* Signs the request in by the trusted proxy's user header, if it came
 * from the proxy and carries one. */
static void
proxy_sign_in(web_app *app, web_req *r, web_resp *out, double now)
{
	const char *user;
	unsigned roles;

	if (app->cfg.trusted_proxy == NULL || strcmp(r->peer,
	    app->cfg.trusted_proxy) != 0)
		return;
	user = header(r->conn, app->cfg.user_header);
	if (user == NULL)
		return;
	if (r->sess && strcmp(r->sess->actor, user) == 0)
		return;
	if (r->sess) {
		web_session_end(app->sessions, r->token);
		free(r->sess);
		r->sess = NULL;
	}
	if (!proxy_name_ok(user) || (roles = actor_roles(r->archive, user)) ==
	    0)
		return;
	web_session_create(app->sessions, user, roles, true, now, r->token);
	r->sess = calloc(1, sizeof(*r->sess));
	if (r->sess == NULL || !web_session_get(app->sessions, r->token, now,
	    r->sess)) {
		free(r->sess);
		r->sess = NULL;
		return;
	}
	set_cookie(out, r, SESSION_COOKIE, r->token, false);
}

/*
 * Whether an Origin header, when the browser sent one, is this site.  Our
 * pages say Referrer-Policy: no-referrer, under which browsers send
 * "Origin: null" with every form (Fetch standard); the CSRF token and the
 * SameSite=Strict cookie are the defence then, this a second fence
 * against pages elsewhere that do name their origin.
 */
static bool
origin_ok(web_req *r)
{
	const char *origin = header(r->conn, "Origin");
	const char *host = header(r->conn, MHD_HTTP_HEADER_HOST);
	const char *p;

	if (origin == NULL || strcmp(origin, "null") == 0)
		return true;
	if (host == NULL || (p = strstr(origin, "://")) == NULL)
		return false;
	return strcmp(p + 3, host) == 0;
}

const char *
web_app_static(web_app *app, const char *name, const char **type,
    size_t *len)
{
	for (size_t i = 0; i < app->nstatics; i++)
		if (strcmp(app->statics[i].name, name) == 0) {
			*type = app->statics[i].type;
			*len = app->statics[i].len;
			return app->statics[i].data;
		}
	return NULL;
}

static int
serve_static(web_app *app, web_req *r, web_resp *out)
{
	const char *name = r->path + strlen("/static/");

	for (size_t i = 0; i < app->nstatics; i++)
		if (strcmp(app->statics[i].name, name) == 0) {
			char *copy = malloc(app->statics[i].len + 1);

			if (copy == NULL)
				return web_error(r, out, 500, NULL);
			memcpy(copy, app->statics[i].data,
			    app->statics[i].len);
			out->cacheable = true;
			return web_bytes(out, 200, app->statics[i].type, copy,
			    app->statics[i].len);
		}
	return web_error(r, out, 404, NULL);
}

static int
dispatch(web_app *app, web_req *r, web_resp *out)
{
	const web_route *route;
	const char *cookie;
	bool other = false;
	double now = web_mono_now();
	vpd_error err;

	vpd_error_clear(&err);
	if (!path_ok(r->path))
		return r->api ? web_api_refuse(out, 404) :
		    web_error(r, out, 404, NULL);
	/* the API answers an unknown method with a problem of its own */
	if (!r->api && strcmp(r->method, "GET") && strcmp(r->method, "HEAD") &&
	    strcmp(r->method, "POST"))
		return web_error(r, out, 405, NULL);
	if (strncmp(r->path, "/static/", 8) == 0)
		return serve_static(app, r, out);
	if ((r->archive = thread_archive(app, &err)) == NULL) {
		fprintf(stderr, "vpd serve: %s\n", err.msg);
		return r->api ? web_api_refuse(out, 503) :
		    web_error(r, out, 503, NULL);
	}
	if (vpd_time_now(&r->who.now, &err)) {
		fprintf(stderr, "vpd serve: %s\n", err.msg);
		return r->api ? web_api_refuse(out, 500) :
		    web_error(r, out, 500, NULL);
	}
	if (r->api) {
		/* a token, not a session: no cookie, no form, no CSRF */
		snprintf(r->via, sizeof(r->via), "api %s %s", r->method,
		    r->path);
		r->who.via = r->via;
		r->who.letters_dir = app->cfg.letters_dir;
		r->who.fontdir = app->cfg.fontdir;
		r->who.signatures_dir = app->cfg.signatures_dir;
		return web_api_dispatch(r, out);
	}
	cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
	    SESSION_COOKIE);
	if (cookie && strlen(cookie) == VPD_TOKEN_HEX - 1) {
		r->sess = calloc(1, sizeof(*r->sess));
		snprintf(r->token, sizeof(r->token), "%s", cookie);
		if (r->sess == NULL || !web_session_get(app->sessions, r->token,
		    now, r->sess)) {
			free(r->sess);
			r->sess = NULL;
			r->token[0] = '\0';
		}
	}
	proxy_sign_in(app, r, out, now);

	route = web_route_find(web_routes, r->method, r->path, r->params,
	    r->parambuf, sizeof(r->parambuf), &other);
	if (route == NULL)
		return web_error(r, out, other ? 405 : 404, NULL);
	if (!(route->flags & WEB_PUBLIC) && r->sess == NULL) {
		char to[MAX_PATH_LEN + 32];

		if (strcmp(r->method, "POST") == 0)
			return web_redirect(out, "/inloggen");
		snprintf(to, sizeof(to), "/inloggen?terug=%s", r->path);
		return web_redirect(out, to);
	}
	if (route->roles && !(vpd_roles_effective(r->sess->roles) &
	    route->roles))
		return web_error(r, out, 403, NULL);
	if (strcmp(r->method, "POST") == 0) {
		if (r->form == NULL || r->form_state == WEB_FORM_UNSUPPORTED)
			return web_error(r, out, 415, NULL);
		if (r->form_state == WEB_FORM_TOO_LARGE)
			return web_error(r, out, 413, NULL);
		if (r->form_state != WEB_FORM_OK)
			return web_error(r, out, 400, NULL);
		if (!origin_ok(r))
			return web_error(r, out, 403, "Dit formulier kwam niet "
			    "van deze website.");
		if (!(route->flags & WEB_PUBLIC) && !web_csrf_ok(r->sess,
		    web_form_get(r->form, "csrf")))
			return web_error(r, out, 403, "Dit formulier is "
			    "verlopen. Laad de pagina opnieuw en probeer het "
			    "nog eens.");
	}
	r->who.actor = r->sess ? r->sess->actor : NULL;
	snprintf(r->via, sizeof(r->via), "web %s %s", r->method, r->path);
	r->who.via = r->via;
	r->who.letters_dir = app->cfg.letters_dir;
	r->who.fontdir = app->cfg.fontdir;
	r->who.signatures_dir = app->cfg.signatures_dir;
	return route->fn(r, out);
}

static void
add_headers(struct MHD_Response *resp, const web_req *r,
    const web_resp *out)
{
	MHD_add_response_header(resp, "Content-Type", out->type ? out->type :
	    "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    out->frame_self ? "default-src 'self'; frame-ancestors 'self'" :
	    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
	    "base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", out->frame_self ?
	    "SAMEORIGIN" : "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
	    "same-origin");
	MHD_add_response_header(resp, "Cache-Control", out->cacheable ?
	    "public, max-age=300" : "no-store");
	if (r->secure)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
	if (out->location[0])
		MHD_add_response_header(resp, "Location", out->location);
	if (out->www_authenticate[0])
		MHD_add_response_header(resp, "WWW-Authenticate",
		    out->www_authenticate);
	if (r->api)
		MHD_add_response_header(resp, "API-Version", web_api_version());
	if (out->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition",
		    out->disposition);
	if (out->status == 405)
		MHD_add_response_header(resp, "Allow", out->allow[0] ?
		    out->allow : "GET, HEAD, POST");
	for (int i = 0; i < 3; i++)
		if (out->cookies[i][0])
			MHD_add_response_header(resp, "Set-Cookie",
			    out->cookies[i]);
}

static enum MHD_Result
respond(web_app *app, web_req *r, web_resp *out)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (out->body == NULL) {
		out->body = strdup("");
		out->len = 0;
	}
	resp = MHD_create_response_from_buffer(out->len, out->body,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(out->body);
		out->body = NULL;
		return MHD_NO;
	}
	out->body = NULL;
	add_headers(resp, r, out);
	ret = MHD_queue_response(r->conn, (unsigned)out->status, resp);
	MHD_destroy_response(resp);
	(void)app;
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **con_cls)
{
	web_app *app = cls;
	web_req *r = *con_cls;
	web_resp out;
	enum MHD_Result ret;
	double t0;

	(void)version;
	if (r == NULL) {
		const char *len;

		if ((r = calloc(1, sizeof(*r))) == NULL)
			return MHD_NO;
		r->app = app;
		r->conn = c;
		r->method = method;
		r->path = url;
		peer_address(c, r->peer, sizeof(r->peer));
		r->secure = app->cert != NULL;
		if (app->cfg.trusted_proxy && strcmp(r->peer,
		    app->cfg.trusted_proxy) == 0) {
			const char *proto = header(c, "X-Forwarded-Proto");

			if (proto && strcmp(proto, "https") == 0)
				r->secure = true;
		}
		*con_cls = r;
		len = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
		r->api = strncmp(url, "/api/", 5) == 0;
		if (r->api && strcmp(method, "POST") == 0) {
			const char *type = header(c,
			    MHD_HTTP_HEADER_CONTENT_TYPE);

			if (len && strtoull(len, NULL, 10) > WEB_API_MAX_BODY)
				r->body_state = WEB_FORM_TOO_LARGE;
			else if (type == NULL || strncmp(type,
			    "application/json", 16) != 0 || (type[16] &&
			    type[16] != ';'))
				r->body_state = WEB_FORM_UNSUPPORTED;
		} else if (strcmp(method, "POST") == 0) {
			r->form = web_form_new(app->cfg.max_body,
			    app->cfg.max_body);
			if (len && strtoull(len, NULL, 10) > app->cfg.max_body)
				r->form_state = WEB_FORM_TOO_LARGE;
			else if (r->form)
				r->form_state = web_form_begin(r->form, c);
		}
		return MHD_YES;
	}
	if (*size > 0 && r->api) {
		if (r->body_state == WEB_FORM_OK) {
			char *grown = r->body_len + *size > WEB_API_MAX_BODY ?
			    NULL : realloc(r->body, r->body_len + *size + 1);

			if (grown == NULL)
				r->body_state = WEB_FORM_TOO_LARGE;
			else {
				memcpy(grown + r->body_len, data, *size);
				r->body = grown;
				r->body_len += *size;
				r->body[r->body_len] = '\0';
			}
		}
		*size = 0;
		return MHD_YES;
	}
	if (*size > 0) {
		r->body_seen += *size;
		if (r->body_seen > app->cfg.max_body && r->form_state ==
		    WEB_FORM_OK)
			r->form_state = WEB_FORM_TOO_LARGE;
		if (r->form && r->form_state == WEB_FORM_OK)
			r->form_state = web_form_feed(r->form, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (r->form && r->form_state == WEB_FORM_OK)
		r->form_state = web_form_end(r->form);
	t0 = web_mono_now();
	memset(&out, 0, sizeof(out));
	dispatch(app, r, &out);
	if (out.status == 0)
		out.status = 500;
	if (!app->cfg.quiet) {
		char m[16], p[MAX_PATH_LEN + 1];

		/* The path is decoded and the method is the client's: both
		 * are written printable, so no line can be forged or a
		 * terminal steered. */
		loggable(m, sizeof(m), method);
		loggable(p, sizeof(p), r->path);
		fprintf(stderr, "%s %s %s %d %.1fms%s%s\n", r->peer, m, p,
		    out.status, (web_mono_now() - t0) * 1000,
		    r->sess || r->api_actor[0] ? " " : "", r->sess ?
		    r->sess->actor : r->api_actor);
	}
	ret = respond(app, r, &out);
	free(out.body);
	return ret;
}

static void
on_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode code)
{
	web_req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)code;
	if (r == NULL)
		return;
	web_form_free(r->form);
	free(r->sess);
	free(r->body);
	free(r);
	*con_cls = NULL;
}

/* ---- Starting and stopping ------------------------------------------ */

static int
parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6,
    vpd_error *err)
{
	char host[128];
	const char *colon;
	long port;
	char *end;

	memset(ss, 0, sizeof(*ss));
	*v6 = s[0] == '[';
	colon = *v6 ? strstr(s, "]:") : strrchr(s, ':');
	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		return vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
		    "--listen: expected ADDRESS:PORT, e.g. 127.0.0.1:8080");
	memcpy(host, s + *v6, (size_t)(colon - s) - *v6);
	host[(size_t)(colon - s) - *v6] = '\0';
	port = strtol(colon + 1 + *v6, &end, 10);
	if (*end || port < 1 || port > 65535)
		return vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
		    "--listen: the port must be 1 to 65535");
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
			    "--listen: '%s' is not an IPv6 address", host);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
			    "--listen: '%s' is not an IPv4 address", host);
	}
	return 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("vpd serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/*
 * The gateway's address written the way peer_address() writes a peer, so
 * that "::ffff:127.0.0.1" or "0:0::1" match; a name or a typo is refused
 * at start rather than silently matching no one.
 */
static int
trusted_proxy(web_app *app, const char *given, vpd_error *err)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (given == NULL)
		return 0;
	if (inet_pton(AF_INET, given, buf) == 1)
		inet_ntop(AF_INET, buf, app->proxy, sizeof(app->proxy));
	else if (inet_pton(AF_INET6, given, buf) == 1) {
		inet_ntop(AF_INET6, buf, app->proxy, sizeof(app->proxy));
		if (strncmp(app->proxy, "::ffff:", 7) == 0 &&
		    strchr(app->proxy + 7, '.'))
			memmove(app->proxy, app->proxy + 7,
			    strlen(app->proxy + 7) + 1);
	} else
		return vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
		    "--trust-proxy: '%s' is not an IP address (the gateway's "
		    "address as vpd sees it, such as 127.0.0.1)", given);
	app->cfg.trusted_proxy = app->proxy;
	return 0;
}

int
vpd_web_serve(const vpd_web_config *cfg, vpd_error *err)
{
	web_app app;
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	unsigned flags;
	sigset_t set, old;
	vpd_archive *probe = NULL;
	bool v6;
	int sig, rc;

	memset(&app, 0, sizeof(app));
	app.cfg = *cfg;
	if ((rc = parse_listen(cfg->listen, &ss, &v6, err)) ||
	    (rc = trusted_proxy(&app, cfg->trusted_proxy, err)))
		return rc;
	if ((rc = check_workflow(&app, err)))
		return rc;
	if (cfg->threads < 1 || cfg->threads > 64)
		return vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
		    "--threads: 1 to 64");
	/* The archive must open now, not at the first request. */
	if ((rc = vpd_archive_open(&probe, cfg->archive, err)))
		return rc;
	vpd_archive_free(probe);
	if ((rc = vpd_store_open(&app.store, cfg->archive, err)) ||
	    (rc = load_templates(&app, err)) || (rc = load_statics(&app, err)))
		goto out;
	if (cfg->tls_cert || cfg->tls_key) {
		if (!cfg->tls_cert || !cfg->tls_key) {
			rc = vpd_error_set(err, VPD_EUSAGE, NULL, 0, 0,
			    "TLS needs both --tls-cert and --tls-key");
			goto out;
		}
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
			    "this libmicrohttpd has no TLS");
			goto out;
		}
		if ((app.cert = vpd_file_read(cfg->tls_cert, NULL, err)) ==
		    NULL || (app.key = vpd_file_read(cfg->tls_key, NULL,
		    err)) == NULL) {
			rc = err->code;
			goto out;
		}
	}
	app.sessions = web_sessions_new(cfg->idle_minutes * 60.0,
	    cfg->desk_idle_minutes * 60.0, 12 * 3600.0, MAX_SESSIONS);
	app.throttle = web_throttle_new(4096);
	pthread_key_create(&app.archive_key, archive_dtor);

	/* Signals are taken by this thread only, with sigwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0) |
	    (app.cert ? MHD_USE_TLS : 0);
	{
		/* The same options with or without TLS; the certificate and
		 * key end the list when there are none. */
		struct MHD_OptionItem tls[] = {
			{MHD_OPTION_HTTPS_MEM_CERT, 0, app.cert},
			{MHD_OPTION_HTTPS_MEM_KEY, 0, app.key},
			{MHD_OPTION_END, 0, NULL},
		};

		if (app.cert == NULL)
			tls[0].option = MHD_OPTION_END;
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &app,
		    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		    MHD_OPTION_CONNECTION_LIMIT, 512u,
		    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		    (unsigned)cfg->per_ip_connections,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		    MHD_OPTION_NOTIFY_COMPLETED, on_done, &app,
		    MHD_OPTION_ARRAY, tls,
		    MHD_OPTION_END);
	}
	if (d == NULL) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_key_delete(app.archive_key);
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "cannot listen on "
		    "%s (in use, or not an address of this machine?)",
		    cfg->listen);
		goto out;
	}
	if (!cfg->quiet) {
		printf("vpd serve: %s://%s%s%s/ (archive %s); Ctrl-C stops\n",
		    app.cert ? "https" : "http", v6 ? "" : "",
		    strncmp(cfg->listen, "0.0.0.0:", 8) == 0 ? "localhost" :
		    "", strncmp(cfg->listen, "0.0.0.0:", 8) == 0 ?
		    cfg->listen + 7 : cfg->listen, cfg->archive);
		fflush(stdout);
	}
	/* Wait for a stop; meanwhile run the timer's work (the mail
	 * reminders) every so often on this thread. */
	for (;;) {
		struct timespec ts = {cfg->every_seconds > 0 ?
		    cfg->every_seconds : 3600, 0};

		if ((sig = sigtimedwait(&set, NULL, &ts)) > 0)
			break;
		if (sig < 0 && errno == EAGAIN && cfg->every &&
		    cfg->every_seconds > 0)
			cfg->every(cfg->every_ud);
	}
	if (!cfg->quiet)
		fprintf(stderr, "vpd serve: stopping; requests in progress "
		    "finish first\n");
	{
		MHD_socket fd = MHD_quiesce_daemon(d);

		if (fd != MHD_INVALID_SOCKET)
			close(fd);
	}
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_key_delete(app.archive_key);
	if (!cfg->quiet)
		fprintf(stderr, "vpd serve: stopped\n");
	rc = 0;
out:
	app_free(&app);
	return rc;
}
