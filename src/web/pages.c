/*
 * pages.c - the site's routes, signing in and out, the start page, the
 * police's page and photos.  The other parts have files of their own:
 * melding.c (reporting), balie.c (reception), werk.c (managers' work and
 * the case list), zaak.c (a case).
 */
#define _POSIX_C_SOURCE 200809L
#include "pages.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DESK (VPD_ROLE_RECEPTION | VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR | \
    VPD_ROLE_LEGAL)
#define CASEWORK (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL)

/* Which pages a role has; what each shows is the core's business. */
const web_route web_routes[] = {
	{"GET", "/", page_home, 0, 0},
	{"GET", "/inloggen", page_login, WEB_PUBLIC, 0},
	{"POST", "/inloggen", page_login_post, WEB_PUBLIC, 0},
	{"POST", "/uitloggen", page_logout, 0, 0},
	{"GET", "/melding", page_melding, 0, VPD_ROLE_STAFF},
	{"POST", "/melding", page_melding_post, 0, VPD_ROLE_STAFF},
	{"GET", "/balie", page_balie, 0, DESK},
	{"GET", "/werk", page_werk, 0, CASEWORK},
	{"GET", "/zaken", page_zaken, 0, CASEWORK},
	{"GET", "/zaak/{zaak}", page_zaak, 0, 0},
	{"GET", "/zaak/{zaak}/verloop", page_zaak_verloop, 0, CASEWORK},
	{"GET", "/zaak/{zaak}/verloop/{commit}", page_zaak_wijziging, 0,
	    CASEWORK},
	{"GET", "/zaak/{zaak}/dossier.pdf", page_zaak_dossier, 0,
	    VPD_ROLE_LEGAL | VPD_ROLE_COORDINATOR},
	{"POST", "/zaak/{zaak}/stap/{naam}", page_zaak_event, 0, 0},
	{"POST", "/zaak/{zaak}/persoon", page_zaak_person, 0, CASEWORK},
	{"GET", "/zaak/{zaak}/document/{nr}/{nr}", page_document, 0, 0},
	{"POST", "/zaak/{zaak}/document/{nr}/{nr}", page_document_mark, 0,
	    CASEWORK},
	{"GET", "/zaak/{zaak}/voorbeeld/{naam}", page_preview, 0, CASEWORK},
	{"GET", "/persoon/{persoon}/foto", page_photo, 0, DESK},
	{"POST", "/persoon/{persoon}/foto", page_photo_post, 0, DESK},
	{"GET", "/politie", page_politie, 0, VPD_ROLE_POLICE |
	    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL},
	{"POST", "/politie/export", page_politie_export, 0, VPD_ROLE_POLICE |
	    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL},
	{"GET", "/mandaten", page_mandaten, 0, VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL},
	{"GET", "/juridisch", page_juridisch, 0, VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL},
	{"GET", "/actoren", page_actoren, 0, VPD_ROLE_COORDINATOR},
	{"POST", "/actoren", page_actoren_post, 0, VPD_ROLE_COORDINATOR},
	{"POST", "/actoren/wachtwoord", page_actoren_wachtwoord, 0,
	    VPD_ROLE_COORDINATOR},
	{"POST", "/actoren/uitschakelen", page_actoren_uitschakelen, 0,
	    VPD_ROLE_COORDINATOR},
	{"GET", "/trends", page_trends, 0, VPD_ROLE_COORDINATOR |
	    VPD_ROLE_LEGAL},
	{"GET", "/trends/rapportage.pdf", page_trends_pdf, 0,
	    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL},
	{"GET", "/trends/cijfers.csv", page_trends_csv, 0,
	    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL},
	{NULL, NULL, NULL, 0, 0}
};

/* ---- Helpers shared by the pages ------------------------------------ */

const char *
query(web_req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn,
	    MHD_GET_ARGUMENT_KIND, name);
	json_t *j;

	/* Only printable UTF-8 of a sane length reaches a page. */
	if (v == NULL || strlen(v) > 200)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return NULL;
	if ((j = json_string(v)) == NULL)
		return NULL;
	json_decref(j);
	return v;
}

bool
query_unreadable(web_req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn,
	    MHD_GET_ARGUMENT_KIND, name);

	return v && *v && query(r, name) == NULL;
}

const char *
field(web_req *r, const char *name)
{
	const char *v = web_form_get(r->form, name);

	return v && *v ? v : NULL;
}

unsigned
roles_of(const web_req *r)
{
	return r->sess ? vpd_roles_effective(r->sess->roles) : 0;
}

const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

bool
has_sight(const json_t *view, const char *name)
{
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(view, "zicht"), i, x)
		if (json_string_value(x) && strcmp(json_string_value(x),
		    name) == 0)
			return true;
	return false;
}

void
set_when(json_t *o, const char *key, const char *utc)
{
	char buf[96];

	web_when(utc, buf, sizeof(buf));
	json_object_set_new(o, key, json_string(buf));
}

void
set_day(json_t *o, const char *key, const char *iso)
{
	char buf[64];

	web_day(iso, buf, sizeof(buf));
	json_object_set_new(o, key, json_string(buf));
}

/* A local path to go back to after signing in, or "/". */
static const char *
safe_return(const char *to)
{
	if (to == NULL || to[0] != '/' || to[1] == '/' || to[1] == '\\' ||
	    strlen(to) > 200 || strpbrk(to, "\r\n\"<>'"))
		return "/";
	return to;
}

/* ---- Start, sign in, sign out --------------------------------------- */

/* Each role starts where its daily work is. */
static const char *
start_page(unsigned roles)
{
	if (roles & (VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL))
		return "/werk";
	if (roles & VPD_ROLE_RECEPTION)
		return "/balie";
	if (roles & VPD_ROLE_POLICE)
		return "/politie";
	return "/melding";
}

int
page_home(web_req *r, web_resp *out)
{
	return web_redirect(out, start_page(r->sess->roles));
}

static int
login_form(web_req *r, web_resp *out, int status, const char *error,
    const char *name, const char *back)
{
	char token[VPD_TOKEN_HEX];
	json_t *d;

	/* Before a session exists, a cookie of its own carries the form's
	 * token (double submit).  A token the browser already holds is kept,
	 * so that a sign-in page open in another tab still works. */
	const char *held = MHD_lookup_connection_value(r->conn,
	    MHD_COOKIE_KIND, "vpd_inloggen");

	if (held && strlen(held) == VPD_TOKEN_HEX - 1 &&
	    strspn(held, "0123456789abcdef") == VPD_TOKEN_HEX - 1)
		memcpy(token, held, VPD_TOKEN_HEX);
	else
		vpd_token_new(token);
	snprintf(out->cookies[0], sizeof(out->cookies[0]),
	    "vpd_inloggen=%s; Path=/inloggen; HttpOnly; SameSite=Strict%s",
	    token, r->secure ? "; Secure" : "");
	d = json_pack("{ssssssss}", "token", token, "naam", name ? name : "",
	    "terug", safe_return(back), "fout", error ? error : "");
	if (query(r, "uit"))
		json_object_set_new(d, "uitgelogd", json_true());
	return web_page(r, out, status, "inloggen", "Inloggen", d);
}

int
page_login(web_req *r, web_resp *out)
{
	if (r->sess)
		return web_redirect(out, start_page(r->sess->roles));
	return login_form(r, out, 200, NULL, NULL, query(r, "terug"));
}

/* The address a sign-in comes from: the proxy's client when the request
 * came through the trusted proxy. */
static void
client_address(web_req *r, char *out, size_t size)
{
	const vpd_web_config *cfg = web_config(r->app);
	const char *xff;

	snprintf(out, size, "%s", r->peer);
	if (cfg->trusted_proxy && strcmp(r->peer, cfg->trusted_proxy) == 0 &&
	    (xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "X-Forwarded-For")) != NULL) {
		const char *last = strrchr(xff, ',');

		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (strlen(last) < size && strspn(last,
		    "0123456789abcdefABCDEF.:") == strlen(last))
			snprintf(out, size, "%s", last);
	}
}

#define LOGIN_LIMIT_ACTOR 5
#define LOGIN_LIMIT_ADDRESS 20
#define LOGIN_WAIT 60.0

int
page_login_post(web_req *r, web_resp *out)
{
	const char *name = field(r, "naam"), *pw = web_form_get(r->form,
	    "wachtwoord"), *token = field(r, "csrf"), *back = field(r,
	    "terug");
	const char *cookie = MHD_lookup_connection_value(r->conn,
	    MHD_COOKIE_KIND, "vpd_inloggen");
	web_throttle *th = web_app_throttle(r->app);
	char akey[200], ikey[120], addr[64], msg[200];
	double now = web_mono_now();
	int wait;
	bool ok = false;
	unsigned roles = 0;
	vpd_error err;

	if (!vpd_token_equal(token, cookie))
		return web_error(r, out, 403, "Dit formulier is verlopen. Laad "
		    "de pagina opnieuw en probeer het nog eens.");
	if (name == NULL || pw == NULL || *pw == '\0' || strlen(name) > 100)
		return login_form(r, out, 200, "Vul uw naam en wachtwoord in.",
		    name, back);
	client_address(r, addr, sizeof(addr));
	snprintf(akey, sizeof(akey), "actor:%s", name);
	snprintf(ikey, sizeof(ikey), "addr:%s", addr);
	wait = web_throttle_wait(th, akey, now);
	if (web_throttle_wait(th, ikey, now) > wait)
		wait = web_throttle_wait(th, ikey, now);
	if (wait > 0) {
		snprintf(msg, sizeof(msg), "Er is te vaak een verkeerd "
		    "wachtwoord gegeven. Probeer het over %d seconden opnieuw.",
		    wait);
		fprintf(stderr, "vpd serve: sign-in throttled for %s\n", addr);
		return login_form(r, out, 429, msg, name, back);
	}
	vpd_error_clear(&err);
	if (vpd_store_check_password(web_app_store(r->app), name, pw, &ok,
	    &err)) {
		fprintf(stderr, "vpd serve: password store: %s\n", err.msg);
		return web_error(r, out, 500, NULL);
	}
	if (ok) {
		json_t *res = NULL, *e;

		if (vpd_core_actor_list(r->archive, &res, &err) == 0 &&
		    (e = json_object_get(json_object_get(res, "actoren"),
		    name)))
			roles = vpd_actor_entry_roles(e);
		json_decref(res);
	}
	if (!ok || roles == 0) {
		web_throttle_fail(th, akey, LOGIN_LIMIT_ACTOR, LOGIN_WAIT, now);
		web_throttle_fail(th, ikey, LOGIN_LIMIT_ADDRESS, LOGIN_WAIT,
		    now);
		return login_form(r, out, 200, "Deze naam en dit wachtwoord "
		    "horen niet bij elkaar.", name, back);
	}
	web_throttle_clear(th, akey);
	/* A new session (and token) at every sign-in. */
	if (r->sess)
		web_session_end(web_app_sessions(r->app), r->token);
	web_session_create(web_app_sessions(r->app), name, roles, false, now,
	    r->token);
	snprintf(out->cookies[0], sizeof(out->cookies[0]),
	    "vpd_sessie=%s; Path=/; HttpOnly; SameSite=Strict%s", r->token,
	    r->secure ? "; Secure" : "");
	snprintf(out->cookies[1], sizeof(out->cookies[1]),
	    "vpd_inloggen=; Path=/inloggen; HttpOnly; SameSite=Strict; "
	    "Max-Age=0");
	back = safe_return(back);
	return web_redirect(out, strcmp(back, "/") == 0 ? start_page(roles) :
	    back);
}

int
page_logout(web_req *r, web_resp *out)
{
	web_session_end(web_app_sessions(r->app), r->token);
	snprintf(out->cookies[0], sizeof(out->cookies[0]),
	    "vpd_sessie=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return web_redirect(out, "/inloggen?uit=1");
}

/* ---- Legal affairs ---------------------------------------------------- */

/* The letters made late and the decisions by signer, over all cases. */
int
page_juridisch(web_req *r, web_resp *out)
{
	json_t *res = NULL, *x, *s;
	vpd_error err;
	size_t i, k;

	vpd_error_clear(&err);
	if (vpd_core_legal_overview(r->archive, &r->who, &res, &err))
		return web_fail(r, out, &err);
	json_array_foreach(json_object_get(res, "te_laat"), i, x) {
		set_when(x, "tijdstip_tekst", str(x, "tijdstip"));
		set_when(x, "uiterlijk_tekst", str(x, "uiterlijk"));
	}
	json_array_foreach(json_object_get(res, "ondertekenaars"), i, s) {
		json_object_set_new(s, "een", json_boolean(json_integer_value(
		    json_object_get(s, "aantal")) == 1));
		json_array_foreach(json_object_get(s, "besluiten"), k, x)
			set_when(x, "tijdstip_tekst", str(x, "tijdstip"));
	}
	json_object_set_new(res, "heeft_te_laat", json_boolean(
	    json_array_size(json_object_get(res, "te_laat")) > 0));
	json_array_foreach(json_object_get(res, "afwijkingen"), i, x)
		set_when(x, "tijdstip_tekst", str(x, "tijdstip"));
	json_object_set_new(res, "heeft_afwijkingen", json_boolean(
	    json_array_size(json_object_get(res, "afwijkingen")) > 0));
	json_array_foreach(json_object_get(res, "bezwaar"), i, x) {
		set_day(x, "datum_tekst", str(x, "datum"));
		if (str(x, "tot")) {
			set_day(x, "bekendgemaakt_tekst", str(x,
			    "bekendgemaakt"));
			set_day(x, "tot_tekst", str(x, "tot"));
		}
	}
	json_object_set_new(res, "heeft_bezwaar", json_boolean(
	    json_array_size(json_object_get(res, "bezwaar")) > 0));
	return web_page(r, out, 200, "juridisch", "Juridisch overzicht", res);
}

/* ---- Mandates ------------------------------------------------------- */

/* What needs attention in a mandate, in Dutch. */
static json_t *
mandate_notes(const json_t *s)
{
	json_t *out = json_array(), *w;
	size_t i;

	json_array_foreach(json_object_get(s, "waarschuwingen"), i, w) {
		const char *c = json_string_value(w);

		if (strcmp(c, "verloopt") == 0)
			json_array_append_new(out, json_sprintf("het mandaat "
			    "loopt over %lld dag%s af", (long long)
			    json_integer_value(json_object_get(s, "dagen")),
			    json_integer_value(json_object_get(s, "dagen")) ==
			    1 ? "" : "en"));
		else if (strcmp(c, "verlopen") == 0)
			json_array_append_new(out, json_string("het mandaat is "
			    "verlopen: deze ondertekenaar kan geen brieven "
			    "meer tekenen"));
		else if (strcmp(c, "nog_niet") == 0)
			json_array_append_new(out, json_string("het mandaat "
			    "gaat nog niet in"));
		else if (strcmp(c, "onbekend") == 0)
			json_array_append_new(out, json_string("het mandaat "
			    "heeft geen geldige begin- en einddatum"));
		else if (strcmp(c, "geen_actor") == 0)
			json_array_append_new(out, json_string("geen actor in "
			    "het archief met deze naam: niemand kan onder dit "
			    "mandaat tekenen"));
		else if (strcmp(c, "geen_handtekening") == 0)
			json_array_append_new(out, json_string("het bestand "
			    "met de handtekening ontbreekt"));
	}
	return out;
}

/* Who signs which letters, until when: the coordinator keeps signers.yaml
 * up to date, and sees here what runs out. */
int
page_mandaten(web_req *r, web_resp *out)
{
	json_t *res = NULL, *wf, *s;
	vpd_error err;
	size_t i, k;

	vpd_error_clear(&err);
	if (vpd_core_mandates(r->archive, &r->who, &res, &err))
		return web_fail(r, out, &err);
	json_array_foreach(json_object_get(res, "werkstromen"), i, wf)
		json_array_foreach(json_object_get(wf, "ondertekenaars"), k, s) {
			const char *st = str(s, "status");

			set_day(s, "van_tekst", str(s, "van"));
			set_day(s, "tot_tekst", str(s, "tot"));
			json_object_set_new(s, "let_op", json_boolean(
			    json_array_size(json_object_get(s,
			    "waarschuwingen")) > 0));
			json_object_set_new(s, "waarschuwingen", mandate_notes(
			    s));
			json_object_set_new(s, "status_tekst", json_string(
			    strcmp(st, "geldig") == 0 ? "Geldig" :
			    strcmp(st, "verloopt") == 0 ? "Loopt binnenkort af" :
			    strcmp(st, "verlopen") == 0 ? "Verlopen" :
			    strcmp(st, "nog_niet") == 0 ? "Gaat nog in" :
			    "Onbekend"));
		}
	return web_page(r, out, 200, "mandaten", "Mandaten", res);
}

/* ---- Photos --------------------------------------------------------- */

int
page_photo(web_req *r, web_resp *out)
{
	unsigned char *img = NULL;
	size_t len = 0;
	const char *type = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_person_photo_get(r->archive, &r->who, r->params[0], &img,
	    &len, &type, &err))
		return web_fail(r, out, &err);
	return web_bytes(out, 200, type, img, len);
}

int
page_photo_post(web_req *r, web_resp *out)
{
	const web_file *f = web_form_file(r->form, "foto");
	const char *back = field(r, "terug");
	json_t *res = NULL;
	vpd_error err;
	int rc;

	vpd_error_clear(&err);
	if (field(r, "verwijderen"))
		rc = vpd_core_person_photo(r->archive, &r->who, r->params[0],
		    NULL, 0, NULL, &res, &err);
	else if (f == NULL)
		return web_error(r, out, 400, "Kies eerst een foto (JPEG of "
		    "PNG).");
	else
		rc = vpd_core_person_photo(r->archive, &r->who, r->params[0],
		    f->data, f->len, "foto", &res, &err);
	json_decref(res);
	if (rc) {
		if (err.code == VPD_EINVALID)
			return web_error(r, out, 400, "Deze foto kan niet worden "
			    "gebruikt: het moet een JPEG- of PNG-foto zijn van "
			    "hoogstens 2 MB en 4000 pixels, en minstens 100 "
			    "pixels breed en hoog.");
		return web_fail(r, out, &err);
	}
	web_flash(r, field(r, "verwijderen") ? "De foto is verwijderd." :
	    "De foto is opgeslagen.");
	return web_redirect(out, safe_return(back));
}
