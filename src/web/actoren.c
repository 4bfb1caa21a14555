/*
 * actoren.c - the coordinator's page of actors: who may act in which
 * roles, add or change one, set a new password, disable one.  Each change
 * of roles is one commit through the same core as `vpd actor`; a
 * password is kept outside the history.  After any change the actor's
 * sessions end, so new roles (or none) apply at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"

static const struct {
	const char *value, *label;
} role_choices[] = {
	{"medewerker", "medewerker (meldt incidenten)"},
	{"manager", "manager"},
	{"coordinator", "coördinator agressie en geweld"},
	{"legal", "juridische zaken"},
	{"reception", "receptie"},
	{"police", "politie"},
};

#define NROLES (sizeof(role_choices) / sizeof(role_choices[0]))

/* The role checkboxes, those of `have` ticked; `prefix` makes the ids
 * of each form unique. */
static json_t *
role_boxes(const json_t *have, const char *prefix)
{
	json_t *out = json_array(), *v;
	size_t i, k;

	for (i = 0; i < NROLES; i++) {
		bool on = false;

		json_array_foreach(have, k, v)
			on = on || (json_string_value(v) &&
			    vpd_role_parse(json_string_value(v)) ==
			    vpd_role_parse(role_choices[i].value));
		json_array_append_new(out, json_pack("{sssssbss}", "waarde",
		    role_choices[i].value, "naam", role_choices[i].label,
		    "aan", on, "id", prefix));
	}
	return out;
}

/* "Burgerzaken\nWerk en Inkomen" from a list of departments. */
static json_t *
lines_of(const json_t *list)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	json_t *v, *out;

	if (f == NULL)
		return json_string("");
	json_array_foreach(list, i, v)
		fprintf(f, "%s%s", i ? "\n" : "", json_string_value(v) ?
		    json_string_value(v) : "");
	fclose(f);
	out = json_string(buf ? buf : "");
	free(buf);
	return out ? out : json_string("");
}

int
page_actoren(web_req *r, web_resp *out)
{
	json_t *res = NULL, *list = json_array(), *v;
	vpd_store *store = web_app_store(r->app);
	const char *name;
	vpd_error err;
	int n = 0;

	vpd_error_clear(&err);
	if (vpd_core_actor_list(r->archive, &res, &err)) {
		json_decref(list);
		return web_fail(r, out, &err);
	}
	json_object_foreach(json_object_get(res, "actoren"), name, v) {
		char roles[200], id[16];
		bool off = json_is_true(json_object_get(v, "uitgeschakeld"));

		web_roles_text(vpd_roles_from_json(json_object_get(v, "rollen")),
		    roles, sizeof(roles));
		snprintf(id, sizeof(id), "a%d", ++n);
		json_array_append_new(list, json_pack("{sssssosssbsbsbsssb}",
		    "naam", name, "rollen_tekst", roles, "afdelingen",
		    lines_of(json_object_get(v, "afdelingen")), "email",
		    json_string_value(json_object_get(v, "email")) ?
		    json_string_value(json_object_get(v, "email")) : "",
		    "uitgeschakeld", off, "wachtwoord",
		    vpd_store_has_password(store, name), "zelf",
		    strcmp(name, r->who.actor) == 0, "id", id, "actief", !off));
		json_object_set_new(json_array_get(list, json_array_size(list) -
		    1), "keuze", role_boxes(json_object_get(v, "rollen"), id));
	}
	json_decref(res);
	return web_page(r, out, 200, "actoren", "Actoren en rollen", json_pack(
	    "{soso}", "actoren", list, "nieuw", role_boxes(NULL, "nieuw")));
}

/* Back to the page with a message, and the actor's sessions ended. */
static int
done(web_req *r, web_resp *out, const char *name, const char *msg)
{
	web_session_end_actor(web_app_sessions(r->app), name);
	web_flash(r, "%s", msg);
	return web_redirect(out, "/actoren");
}

static int
refused(web_req *r, web_resp *out, const vpd_error *err)
{
	if (err->code == VPD_EREFUSED || err->code == VPD_EINVALID ||
	    err->code == VPD_ENOTFOUND) {
		web_flash(r, "Niet opgeslagen. %s", web_error_text(err));
		return web_redirect(out, "/actoren");
	}
	return web_fail(r, out, err);
}

int
page_actoren_post(web_req *r, web_resp *out)
{
	const char *name = field(r, "naam"), *email = field(r, "email");
	const char *depts = field(r, "afdelingen"), *chosen[NROLES + 1];
	json_t *roles = json_array(), *dl = json_array(), *res = NULL;
	size_t n = web_form_all(r->form, "rol", chosen, NROLES + 1), i;
	char msg[300];
	vpd_error err;
	int rc;

	for (i = 0; i < n && i < NROLES; i++)
		json_array_append_new(roles, json_string(chosen[i]));
	if (depts) {
		const char *p = depts;

		while (*p) {
			size_t len = strcspn(p, "\n");
			json_t *d;

			while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\r'))
				len--;
			while (len > 0 && *p == ' ')
				p++, len--;
			if (len > 0 && (d = json_stringn(p, len)) != NULL)
				json_array_append_new(dl, d);
			p += strcspn(p, "\n");
			if (*p)
				p++;
		}
	}
	vpd_error_clear(&err);
	if (name == NULL || json_array_size(roles) == 0) {
		json_decref(roles);
		json_decref(dl);
		web_flash(r, "Niet opgeslagen: vul een naam in en kies minstens "
		    "één rol.");
		return web_redirect(out, "/actoren");
	}
	rc = vpd_core_actor_add(r->archive, &r->who, name, roles, email, dl,
	    &res, &err);
	json_decref(roles);
	json_decref(dl);
	json_decref(res);
	if (rc)
		return refused(r, out, &err);
	snprintf(msg, sizeof(msg), "Opgeslagen: de rollen van %s.", name);
	return done(r, out, name, msg);
}

int
page_actoren_wachtwoord(web_req *r, web_resp *out)
{
	const char *name = field(r, "naam"), *pw = field(r, "wachtwoord");
	const char *again = field(r, "herhaling");
	char msg[300];
	vpd_error err;

	if (name == NULL || pw == NULL || again == NULL || strcmp(pw,
	    again) != 0) {
		web_flash(r, "Niet opgeslagen: vul het nieuwe wachtwoord twee "
		    "keer gelijk in.");
		return web_redirect(out, "/actoren");
	}
	vpd_error_clear(&err);
	if (vpd_core_actor_reset_password(r->archive, &r->who, name, pw, &err))
		return refused(r, out, &err);
	snprintf(msg, sizeof(msg), "Het wachtwoord van %s is ingesteld; geef "
	    "het persoonlijk door. Wie met het oude was ingelogd, is "
	    "uitgelogd.", name);
	return done(r, out, name, msg);
}

int
page_actoren_uitschakelen(web_req *r, web_resp *out)
{
	const char *name = field(r, "naam");
	json_t *res = NULL;
	char msg[300];
	vpd_error err;

	vpd_error_clear(&err);
	if (vpd_core_actor_disable(r->archive, &r->who, name ? name : "", &res,
	    &err))
		return refused(r, out, &err);
	json_decref(res);
	snprintf(msg, sizeof(msg), "%s is uitgeschakeld: kan niet meer "
	    "inloggen of iets doen. Zet rollen terug om het account weer te "
	    "gebruiken.", name);
	return done(r, out, name, msg);
}
