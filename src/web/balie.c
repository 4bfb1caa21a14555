/*
 * balie.c - the reception desk: today's bans and warnings as photo
 * cards, a search that finds a name however it is said, and today's
 * expected visitors with a one-time access declaration.
 *
 * A hit shows the steps the person at the desk may take on that case
 * now (from the workflow, e.g. recording a violation); each is a link to
 * the case page with that step's form opened: one search and one form
 * away from the lokaalvredebreuk path.
 */
#define _POSIX_C_SOURCE 200809L
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Dates and words on a card, in Dutch. */
static void
dress_card(json_t *c, const char *where)
{
	json_t *m;
	size_t i;

	set_day(c, "geboren", str(c, "geboortedatum"));
	/* A person may be on the page twice: found, and on the list. */
	json_object_set_new(c, "kaartsoort", json_string(where));
	json_object_set_new(c, "heeft_foto", json_boolean(json_object_get(c,
	    "foto") && !json_is_null(json_object_get(c, "foto"))));
	json_array_foreach(json_object_get(c, "maatregelen"), i, m) {
		set_day(m, "van_tekst", str(m, "van"));
		set_day(m, "tot_tekst", str(m, "tot"));
		json_object_set_new(m, "verbod", json_boolean(strcmp(str(m,
		    "soort"), "toegangsverbod") == 0));
	}
	/* The cases on the card, once each (the lookup adds their steps). */
	if (json_object_get(c, "zaken") == NULL) {
		json_t *cases = json_array(), *x;
		size_t k;

		json_array_foreach(json_object_get(c, "maatregelen"), i, m) {
			bool seen = false;

			json_array_foreach(cases, k, x)
				seen |= json_equal(json_object_get(x, "zaak"),
				    json_object_get(m, "zaak"));
			if (!seen)
				json_array_append_new(cases, json_pack("{sO}",
				    "zaak", json_object_get(m, "zaak")));
		}
		json_object_set_new(c, "zaken", cases);
	}
	json_object_set_new(c, "verbod", json_boolean(json_array_size(
	    json_object_get(c, "maatregelen")) && strcmp(str(json_array_get(
	    json_object_get(c, "maatregelen"), 0), "soort"),
	    "toegangsverbod") == 0));
}

int
page_balie(web_req *r, web_resp *out)
{
	const char *q = query(r, "zoek");
	json_t *bans = NULL, *found = NULL, *c, *d;
	vpd_date today = vpd_time_local_date(r->who.now);
	vpd_error err;
	size_t i;

	vpd_error_clear(&err);
	if (vpd_core_bans(r->archive, &r->who, today, &bans, &err))
		return web_fail(r, out, &err);
	json_array_foreach(json_object_get(bans, "personen"), i, c)
		dress_card(c, "-lijst");
	json_array_foreach(json_object_get(bans, "verwacht"), i, c) {
		set_day(c, "geboren", str(c, "geboortedatum"));
		json_object_set_new(c, "heeft_foto", json_boolean(
		    json_object_get(c, "foto") && !json_is_null(
		    json_object_get(c, "foto"))));
	}
	d = json_pack("{sOsOsOsssb}", "lijst", json_object_get(bans,
	    "personen"), "verwacht", json_object_get(bans, "verwacht"),
	    "datum", json_object_get(bans, "datum_tekst"), "zoek", q ? q : "",
	    "gezocht", q != NULL && *q);
	json_object_set_new(d, "aantal", json_integer((json_int_t)
	    json_array_size(json_object_get(bans, "personen"))));
	json_decref(bans);
	if (query_unreadable(r, "zoek")) {
		/* typed, but not text vpd can search (or longer than the
		 * field allows): said, never taken as no search at all */
		json_object_set_new(d, "fout", json_string("De zoeknaam bevat "
		    "tekens die niet gelezen kunnen worden, of is te lang."));
		return web_page(r, out, 400, "balie", "Balie", d);
	}
	if (q && *q) {
		if (vpd_core_lookup(r->archive, &r->who, q, &found, &err)) {
			/* a name that cannot be searched: said on the page,
			 * beside the field, never "nobody found" */
			if (err.code == VPD_EINVALID && err.nl[0]) {
				json_object_set_new(d, "fout", json_string(
				    err.nl));
				return web_page(r, out, 400, "balie", "Balie",
				    d);
			}
			json_decref(d);
			return web_fail(r, out, &err);
		}
		json_array_foreach(json_object_get(found, "gevonden"), i, c)
			dress_card(c, "-gevonden");
		json_object_set(d, "gevonden", json_object_get(found,
		    "gevonden"));
		json_object_set_new(d, "niets", json_boolean(json_array_size(
		    json_object_get(found, "gevonden")) == 0));
		json_decref(found);
	}
	return web_page(r, out, 200, "balie", "Balie", d);
}
