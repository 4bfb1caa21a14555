/*
 * page.c - pages from template files: every page is its own template,
 * rendered with HTML escaping on ({{x}} escapes, only {{{inhoud}}} in
 * the layout takes the rendered page as it is), then put into the
 * layout with the menu of the signed-in person's roles.
 *
 * Handlers hand over plain JSON; the Dutch presentation of dates, roles
 * and errors is done here, so no page repeats it.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../letter/letter.h"
#include "../template/template.h"

/* ---- Dutch words ---------------------------------------------------- */

void
web_when(const char *utc, char *out, size_t size)
{
	vpd_time t;
	char human[VPD_TIME_LOCAL_LEN], day[64];

	if (utc == NULL || vpd_time_parse(utc, &t)) {
		snprintf(out, size, "%s", utc ? utc : "");
		return;
	}
	vpd_time_format_human(t, human);
	vpd_letter_date(vpd_time_local_date(t), day, sizeof(day));
	snprintf(out, size, "%s, %s", day, human + 11);
}

void
web_day(const char *iso, char *out, size_t size)
{
	if (iso == NULL) {
		snprintf(out, size, "%s", "");
		return;
	}
	vpd_letter_date_iso(iso, out, size);
}

static const char *
role_nl(unsigned bit)
{
	switch (bit) {
	case VPD_ROLE_MANAGER: return "manager";
	case VPD_ROLE_COORDINATOR: return "coördinator";
	case VPD_ROLE_LEGAL: return "juridische zaken";
	case VPD_ROLE_RECEPTION: return "receptie";
	case VPD_ROLE_POLICE: return "politie";
	case VPD_ROLE_STAFF: return "medewerker";
	default: return "";
	}
}

void
web_roles_text(unsigned roles, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < VPD_ROLE__MAX; i++) {
		unsigned bit = 1u << i;

		if (!(roles & bit) || bit == VPD_ROLE_SYSTEM)
			continue;
		len += (size_t)snprintf(out + len, len < size ? size - len : 0,
		    "%s%s", len ? ", " : "", role_nl(bit));
	}
}

void
web_time_left(json_t *item, long long s)
{
	long long h = (s < 0 ? -s : s) / 3600;
	char buf[64];

	if (s < 0 && h < 48)
		snprintf(buf, sizeof(buf), "%lld uur te laat", h ? h : 1);
	else if (s < 0)
		snprintf(buf, sizeof(buf), "%lld dagen te laat", h / 24);
	else if (h < 72)
		snprintf(buf, sizeof(buf), "nog %lld uur", h);
	else
		snprintf(buf, sizeof(buf), "nog %lld dagen", h / 24);
	json_object_set_new(item, "over", json_string(buf));
	/* Red: passed, or due within 48 hours (the sanction letter). */
	json_object_set_new(item, "dringend", json_boolean(s < 48 * 3600));
}

/* ---- Rendering ------------------------------------------------------ */

static char *
render(web_app *app, const char *name, const json_t *data, vpd_error *err)
{
	const vpd_template *t = web_app_template(app, name);
	vpd_render_opts opts = {.escape_html = true, .empty_is_false = true,
	    .partials = web_app_partials(app)};
	char *out = NULL;

	if (t == NULL) {
		vpd_error_set(err, VPD_EIO, NULL, 0, 0, "no page template '%s'",
		    name);
		return NULL;
	}
	if (vpd_template_render(t, data, &opts, &out, err))
		return NULL;
	return out;
}

/* The menu of the signed-in person's roles. */
static json_t *
menu(const web_req *r)
{
	static const struct {
		const char *href, *label;
		unsigned roles;
	} items[] = {
		{"/werk", "Mijn werk", VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR |
		    VPD_ROLE_LEGAL},
		{"/zaken", "Zaken", VPD_ROLE_MANAGER | VPD_ROLE_COORDINATOR |
		    VPD_ROLE_LEGAL},
		{"/balie", "Balie", VPD_ROLE_RECEPTION | VPD_ROLE_MANAGER |
		    VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL},
		{"/melding", "Melding maken", VPD_ROLE_STAFF},
		{"/politie", "Politie", VPD_ROLE_POLICE},
		{"/juridisch", "Juridisch", VPD_ROLE_COORDINATOR |
		    VPD_ROLE_LEGAL},
		{"/mandaten", "Mandaten", VPD_ROLE_COORDINATOR |
		    VPD_ROLE_LEGAL},
		{"/trends", "Trends", VPD_ROLE_COORDINATOR | VPD_ROLE_LEGAL},
		{"/actoren", "Actoren", VPD_ROLE_COORDINATOR},
	};
	json_t *out = json_array();
	unsigned roles = r->sess ? vpd_roles_effective(r->sess->roles) : 0;

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		size_t n = strlen(items[i].href);

		if (!(roles & items[i].roles))
			continue;
		json_array_append_new(out, json_pack("{sssssb}", "href",
		    items[i].href, "label", items[i].label, "actief",
		    strncmp(r->path, items[i].href, n) == 0 &&
		    (r->path[n] == '\0' || r->path[n] == '/')));
	}
	return out;
}

static int
emit(web_resp *out, int status, char *html)
{
	free(out->body);
	out->status = status;
	out->body = html;
	out->len = strlen(html);
	out->type = "text/html; charset=utf-8";
	return 0;
}

/* The last resort when even the error page cannot be made. */
static int
bare(web_resp *out, int status)
{
	static const char page[] = "<!DOCTYPE html><html lang=\"nl\"><head>"
	    "<meta charset=\"utf-8\"><title>Fout</title></head><body><main>"
	    "<h1>Er ging iets mis</h1><p>Probeer het later opnieuw of neem "
	    "contact op met de beheerder.</p></main></body></html>";

	return emit(out, status, strdup(page));
}

int
web_page(web_req *r, web_resp *out, int status, const char *name,
    const char *title, json_t *data)
{
	vpd_error err;
	char *inner, *html, roles[160];
	json_t *layout;

	vpd_error_clear(&err);
	if (data == NULL)
		data = json_object();
	json_object_set_new(data, "csrf", json_string(r->sess ? r->sess->csrf :
	    ""));
	inner = render(r->app, name, data, &err);
	json_decref(data);
	if (inner == NULL) {
		fprintf(stderr, "vpd serve: page %s: %s\n", name, err.msg);
		if (strcmp(name, "fout") == 0)
			return bare(out, 500);
		return web_error(r, out, 500, NULL);
	}
	web_roles_text(r->sess ? r->sess->roles : 0, roles, sizeof(roles));
	layout = json_pack("{sssssbsossssss}", "titel", title, "inhoud",
	    inner, "ingelogd", r->sess != NULL, "menu", menu(r), "gebruiker",
	    r->sess ? r->sess->actor : "", "rollen", roles, "csrf",
	    r->sess ? r->sess->csrf : "");
	free(inner);
	if (r->sess && r->sess->flash[0])
		json_object_set_new(layout, "melding",
		    json_string(r->sess->flash));
	html = render(r->app, "layout", layout, &err);
	json_decref(layout);
	if (html == NULL) {
		fprintf(stderr, "vpd serve: layout: %s\n", err.msg);
		return bare(out, 500);
	}
	return emit(out, status, html);
}

int
web_error(web_req *r, web_resp *out, int status, const char *msg)
{
	static const struct {
		int status;
		const char *title, *text;
	} kinds[] = {
		{400, "Dit verzoek klopt niet", "Het formulier of de link bevat "
		    "iets dat niet kan. Ga terug en probeer het opnieuw."},
		{403, "Geen toegang", "Dit kunt u met uw rol niet zien of doen."},
		{404, "Niet gevonden", "Deze pagina bestaat niet (meer)."},
		{405, "Dit kan zo niet", "Deze pagina kan niet op deze manier "
		    "worden opgevraagd."},
		{413, "Te groot", "Wat u verstuurde is te groot. Een foto mag "
		    "hoogstens 2 MB zijn."},
		{415, "Onbekend formaat", "Verstuur het formulier zoals het op "
		    "de pagina staat."},
		{429, "Even wachten", "Er is te vaak geprobeerd in te loggen. "
		    "Wacht even en probeer het dan opnieuw."},
		{500, "Er ging iets mis", "Er ging iets mis bij vpd. Er is niets "
		    "half opgeslagen. Probeer het opnieuw; blijft het misgaan, "
		    "neem dan contact op met de beheerder."},
		{503, "Even niet beschikbaar", "vpd is even niet beschikbaar. "
		    "Probeer het over een paar minuten opnieuw."},
	};
	const char *title = "Er ging iets mis", *text = kinds[7].text;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].status == status) {
			title = kinds[i].title;
			text = kinds[i].text;
		}
	return web_page(r, out, status, "fout", title, json_pack("{sssssi}",
	    "kop", title, "tekst", msg ? msg : text, "status", status));
}

const char *
web_error_text(const vpd_error *err)
{
	if (err->nl[0])
		return err->nl;
	switch (err->code) {
	case VPD_EREFUSED:
		return "Dit kan niet volgens het protocol of met uw rol.";
	case VPD_ENOTFOUND:
		return "Dit bestaat niet (meer).";
	case VPD_EINVALID:
		return "Er klopt iets niet in wat u invulde. Kijk de velden na.";
	case VPD_ECONFLICT:
		return "Iemand anders wijzigde de zaak tegelijk. Probeer het "
		    "opnieuw.";
	default:
		return "Er ging iets mis bij vpd. Er is niets opgeslagen. "
		    "Probeer het opnieuw; blijft het misgaan, neem dan contact "
		    "op met de beheerder.";
	}
}

int
web_fail(web_req *r, web_resp *out, const vpd_error *err)
{
	switch (err->code) {
	case VPD_EREFUSED:
		return web_error(r, out, 403, err->nl[0] ? err->nl : NULL);
	case VPD_ENOTFOUND:
		return web_error(r, out, 404, err->nl[0] ? err->nl : NULL);
	case VPD_EINVALID:
		return web_error(r, out, 400, err->nl[0] ? err->nl : NULL);
	default:
		/* The details are for the administrator, not the page. */
		fprintf(stderr, "vpd serve: %s %s: %s\n", r->method, r->path,
		    err->msg);
		return web_error(r, out, 500, NULL);
	}
}

int
web_redirect(web_resp *out, const char *path)
{
	out->status = 303;
	snprintf(out->location, sizeof(out->location), "%s", path);
	free(out->body);
	out->body = strdup("");
	out->len = 0;
	out->type = "text/plain; charset=utf-8";
	return 0;
}

int
web_bytes(web_resp *out, int status, const char *type, void *body,
    size_t len)
{
	free(out->body);
	out->status = status;
	out->body = body;
	out->len = len;
	out->type = type;
	return 0;
}

void
web_flash(web_req *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (r->sess == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	web_session_set_flash(web_app_sessions(r->app), r->token, msg);
}
