/*
 * api.c - the JSON API under /api/v1/ for the municipality's zaaksysteem
 * and scripts (docs/api.md; the contract is static/openapi.json).
 *
 * Following the NL API Design Rules: resources as plural nouns, JSON,
 * errors as application/problem+json (RFC 9457), the major version in
 * the path and the full one in the API-Version header, no cookies.  A
 * caller authenticates with a token per actor ("Authorization: Bearer
 * vpd_…", `vpd token add`) and then sees and may do exactly what that
 * actor may on the web pages and the command line: every handler calls
 * the same core, and events fired here go through the same checks.
 * Field names are the protocol's Dutch words, as in the archive's
 * records (docs/records.md), not camelCase.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "pages.h"

#define API_VERSION "1.0.0"

/* ---- Responses ------------------------------------------------------ */

static int api_problem(web_resp *out, int status, const char *detail);

static int
api_json(web_resp *out, int status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(body);
	if (text == NULL)
		return api_problem(out, 500, NULL);
	return web_bytes(out, status, "application/json", text, strlen(text));
}

/* A problem (RFC 9457): title by status, detail naming what is wrong,
 * never a person's data. */
static int
api_problem(web_resp *out, int status, const char *detail)
{
	const char *title;
	json_t *p;
	char *text;

	switch (status) {
	case 400: title = "Bad Request"; break;
	case 401: title = "Unauthorized"; break;
	case 403: title = "Forbidden"; break;
	case 404: title = "Not Found"; break;
	case 405: title = "Method Not Allowed"; break;
	case 409: title = "Conflict"; break;
	case 413: title = "Content Too Large"; break;
	case 415: title = "Unsupported Media Type"; break;
	case 503: title = "Service Unavailable"; break;
	default: title = "Internal Server Error"; break;
	}
	p = json_pack("{sssiss}", "type", "about:blank", "status", status,
	    "title", title);
	if (detail && *detail)
		json_object_set_new(p, "detail", json_string(detail));
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	return web_bytes(out, status, "application/problem+json", text,
	    text ? strlen(text) : 0);
}

static int
api_fail(web_resp *out, const vpd_error *err)
{
	int status = err->code == VPD_EREFUSED ? 403 : err->code ==
	    VPD_ENOTFOUND ? 404 : err->code == VPD_EINVALID ? 400 :
	    err->code == VPD_ECONFLICT ? 409 : 500;

	if (status == 500)
		fprintf(stderr, "vpd serve: api: %s\n", err->msg);
	return api_problem(out, status, status == 500 ? NULL : err->msg);
}

/* ---- Handlers ------------------------------------------------------- */

static int
api_openapi(web_req *r, web_resp *out)
{
	size_t len;
	const char *type;
	const char *data = web_app_static(r->app, "openapi.json", &type, &len);
	char *copy;

	if (data == NULL || (copy = malloc(len + 1)) == NULL)
		return api_problem(out, 500, NULL);
	memcpy(copy, data, len);
	return web_bytes(out, 200, "application/json", copy, len);
}

static int
api_cases(web_req *r, web_resp *out)
{
	json_t *res = NULL;
	vpd_error err;

	if (query_unreadable(r, "status"))
		return api_problem(out, 400, "status: not a state name");
	vpd_error_clear(&err);
	if (vpd_core_case_list(r->archive, &r->who, query(r, "status"), &res,
	    &err))
		return api_fail(out, &err);
	return api_json(out, 200, json_pack("{so}", "zaken", res));
}

static int
api_case(web_req *r, web_resp *out)
{
	json_t *res = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_case_show(r->archive, &r->who, r->params[0], &res, &err))
		return api_fail(out, &err);
	/* the web's forms are the web's */
	json_object_del(res, "formulieren");
	return api_json(out, 200, res);
}

static int
api_events(web_req *r, web_resp *out)
{
	json_t *res = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_case_log(r->archive, &r->who, r->params[0], &res, &err))
		return api_fail(out, &err);
	return api_json(out, 200, json_pack("{so}", "gebeurtenissen", res));
}

/* The inputs as the command line gives them: text; a whole number or
 * true and false as text, a list of texts joined with commas. */
static json_t *
inputs_of(const json_t *given, char *why, size_t size)
{
	json_t *out = json_object(), *v, *x;
	const char *k;
	size_t i;

	json_object_foreach((json_t *)given, k, v) {
		if (json_is_string(v))
			json_object_set(out, k, v);
		else if (json_is_integer(v))
			json_object_set_new(out, k, json_sprintf("%lld",
			    (long long)json_integer_value(v)));
		else if (json_is_boolean(v))
			json_object_set_new(out, k, json_string(json_is_true(v) ?
			    "true" : "false"));
		else if (json_is_array(v)) {
			char *joined = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&joined, &len);
			bool ok = f != NULL;

			json_array_foreach(v, i, x) {
				ok = ok && json_is_string(x) && !strchr(
				    json_string_value(x), ',');
				if (ok)
					fprintf(f, "%s%s", i ? "," : "",
					    json_string_value(x));
			}
			if (f)
				fclose(f);
			if (ok)
				json_object_set_new(out, k, json_string(joined ?
				    joined : ""));
			free(joined);
			if (!ok) {
				snprintf(why, size, "invoer.%s: a list of texts "
				    "without commas", k);
				json_decref(out);
				return NULL;
			}
		} else {
			snprintf(why, size, "invoer.%s: text, a whole number, "
			    "true, false or a list of texts", k);
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

static int
api_fire(web_req *r, web_resp *out)
{
	json_t *body, *inputs, *res = NULL;
	const char *event, *reason;
	json_error_t je;
	char why[200], loc[200];
	vpd_error err;
	int rc;

	if (r->body_state == WEB_FORM_TOO_LARGE)
		return api_problem(out, 413, "the body is larger than 256 KB");
	if (r->body_state == WEB_FORM_UNSUPPORTED)
		return api_problem(out, 415, "the body must be application/json");
	if ((body = json_loadb(r->body ? r->body : "", r->body_len,
	    JSON_REJECT_DUPLICATES, &je)) == NULL || !json_is_object(body)) {
		json_decref(body);
		snprintf(why, sizeof(why), "the body is not a JSON object "
		    "(line %d, column %d)", je.line, je.column);
		return api_problem(out, 400, why);
	}
	event = json_string_value(json_object_get(body, "event"));
	reason = json_string_value(json_object_get(body, "reden"));
	if (event == NULL || (json_object_get(body, "reden") && reason ==
	    NULL) || (json_object_get(body, "invoer") && !json_is_object(
	    json_object_get(body, "invoer")))) {
		json_decref(body);
		return api_problem(out, 400, "the body is {\"event\": NAME, "
		    "\"invoer\": {…}, \"reden\": TEXT}");
	}
	if (json_object_get(body, "invoer") == NULL)
		json_object_set_new(body, "invoer", json_object());
	if ((inputs = inputs_of(json_object_get(body, "invoer"), why,
	    sizeof(why))) == NULL) {
		json_decref(body);
		return api_problem(out, 400, why);
	}
	vpd_error_clear(&err);
	rc = vpd_core_case_event(r->archive, &r->who, r->params[0], event,
	    inputs, reason, NULL, NULL, &res, &err);
	json_decref(inputs);
	json_decref(body);
	if (rc)
		return api_fail(out, &err);
	snprintf(loc, sizeof(loc), "/api/v1/zaken/%s/gebeurtenissen",
	    r->params[0]);
	snprintf(out->location, sizeof(out->location), "%s", loc);
	return api_json(out, 201, res);
}

static int
api_documents(web_req *r, web_resp *out)
{
	json_t *res = NULL, *docs, *doc, *cp;
	vpd_error err;
	size_t i, k;

	vpd_error_clear(&err);
	if (vpd_core_case_show(r->archive, &r->who, r->params[0], &res, &err))
		return api_fail(out, &err);
	docs = json_incref(json_object_get(res, "documenten"));
	json_decref(res);
	if (docs == NULL)
		docs = json_array();
	json_array_foreach(docs, i, doc)
		json_array_foreach(json_object_get(doc, "exemplaren"), k, cp) {
			json_object_set_new(cp, "href", json_sprintf(
			    "/api/v1/zaken/%s/documenten/%lld/exemplaren/%lld",
			    r->params[0], (long long)json_integer_value(
			    json_object_get(doc, "nr")), (long long)
			    json_integer_value(json_object_get(cp, "nr"))));
			/* where it lies in the archive is the archive's */
			json_object_del(cp, "pdf");
		}
	return api_json(out, 200, json_pack("{so}", "documenten", docs));
}

static int
api_copy(web_req *r, web_resp *out)
{
	unsigned char *pdf = NULL;
	size_t len = 0;
	json_t *info = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_document_get(r->archive, &r->who, r->params[0],
	    atoi(r->params[1]), atoi(r->params[2]), &pdf, &len, &info, &err))
		return api_fail(out, &err);
	json_decref(info);
	return web_bytes(out, 200, "application/pdf", pdf, len);
}

static int
api_bans(web_req *r, web_resp *out)
{
	const char *d = query(r, "datum");
	vpd_date day = vpd_time_local_date(r->who.now);
	json_t *res = NULL, *p;
	vpd_error err;
	size_t i;

	if ((d && vpd_date_parse(d, &day)) || query_unreadable(r, "datum"))
		return api_problem(out, 400, "datum: a date, YYYY-MM-DD");
	vpd_error_clear(&err);
	if (vpd_core_bans(r->archive, &r->who, day, &res, &err))
		return api_fail(out, &err);
	/* where a photo lies in the archive is the archive's */
	json_array_foreach(json_object_get(res, "personen"), i, p)
		if (json_is_object(json_object_get(p, "foto")))
			json_object_del(json_object_get(p, "foto"), "pad");
	return api_json(out, 200, res);
}

/* ---- Dispatch ------------------------------------------------------- */

static const web_route api_routes[] = {
	{"GET", "/api/v1/openapi.json", api_openapi, WEB_PUBLIC, 0},
	{"GET", "/api/v1/zaken", api_cases, 0, 0},
	{"GET", "/api/v1/zaken/{zaak}", api_case, 0, 0},
	{"GET", "/api/v1/zaken/{zaak}/gebeurtenissen", api_events, 0, 0},
	{"POST", "/api/v1/zaken/{zaak}/gebeurtenissen", api_fire, 0, 0},
	{"GET", "/api/v1/zaken/{zaak}/documenten", api_documents, 0, 0},
	{"GET", "/api/v1/zaken/{zaak}/documenten/{nr}/exemplaren/{nr}",
	    api_copy, 0, 0},
	{"GET", "/api/v1/verboden", api_bans, 0, 0},
	{NULL, NULL, NULL, 0, 0}
};

/* A problem for the API's requests that the server turns away before
 * they reach a route (a path it does not take, no archive). */
int
web_api_refuse(web_resp *out, int status)
{
	return api_problem(out, status, status == 404 ? "no such resource in "
	    "/api/v1 (see /api/v1/openapi.json)" : NULL);
}

int
web_api_dispatch(web_req *r, web_resp *out)
{
	const web_route *route;
	bool other = false;
	const char *auth;
	vpd_error err;

	route = web_route_find(api_routes, r->method, r->path, r->params,
	    r->parambuf, sizeof(r->parambuf), &other);
	if (route == NULL && other) {
		/* Allow: the methods this resource takes */
		static const char *const methods[] = {"GET", "POST"};
		const char *params[WEB_MAX_PARAMS];
		char buf[256];
		bool o;

		for (size_t i = 0; i < 2; i++)
			if (web_route_find(api_routes, methods[i], r->path,
			    params, buf, sizeof(buf), &o))
				snprintf(out->allow + strlen(out->allow),
				    sizeof(out->allow) - strlen(out->allow),
				    "%s%s%s", out->allow[0] ? ", " : "",
				    methods[i], i == 0 ? ", HEAD" : "");
		return api_problem(out, 405, "this resource does not take "
		    "that method");
	}
	if (route == NULL)
		return api_problem(out, 404, "no such resource in /api/v1 (see "
		    "/api/v1/openapi.json)");
	if (route->flags & WEB_PUBLIC)
		return route->fn(r, out);
	auth = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Authorization");
	vpd_error_clear(&err);
	if (auth == NULL || strncmp(auth, "Bearer ", 7) != 0 ||
	    vpd_core_token_actor(r->archive, auth + 7, r->api_actor,
	    sizeof(r->api_actor), &err)) {
		snprintf(out->www_authenticate, sizeof(out->www_authenticate),
		    "Bearer realm=\"vpd\"");
		return api_problem(out, 401, auth ? "an unknown or revoked "
		    "token, or its actor is disabled" : "send 'Authorization: "
		    "Bearer TOKEN' (vpd token add)");
	}
	r->who.actor = r->api_actor;
	return route->fn(r, out);
}

const char *
web_api_version(void)
{
	return API_VERSION;
}
