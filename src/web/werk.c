/*
 * werk.c - "Mijn werk" for managers, coordinators and legal affairs:
 * the deadlines across their cases, overdue first, with the hours left
 * (red within 48 hours, so the 48-hour letter cannot be missed); the new
 * reports still to be picked up; and the list of their cases.
 */
#define _POSIX_C_SOURCE 200809L
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
time_left(json_t *item, vpd_time now)
{
	vpd_time due;

	if (vpd_time_parse(str(item, "uiterlijk"), &due) == 0)
		web_time_left(item, (long long)(due - now));
}

static json_t *
new_reports(const json_t *list)
{
	json_t *out = json_array(), *e;
	size_t i;

	json_array_foreach(list, i, e)
		if (has_sight(e, "volledig") &&
		    json_is_true(json_object_get(e, "nieuw")))
			json_array_append(out, e);
	return out;
}

static void
dress_list(json_t *list)
{
	json_t *e, *a;
	size_t i, k;

	json_array_foreach(list, i, e) {
		char afd[256] = "";
		size_t len = 0;

		set_when(e, "geopend_tekst", str(e, "geopend"));
		json_array_foreach(json_object_get(e, "afdelingen"), k, a)
			if (!strstr(afd, json_string_value(a)))
				len += (size_t)snprintf(afd + len, len <
				    sizeof(afd) ? sizeof(afd) - len : 0,
				    "%s%s", len ? ", " : "",
				    json_string_value(a));
		json_object_set_new(e, "afdeling", json_string(afd));
	}
}

int
page_werk(web_req *r, web_resp *out)
{
	json_t *agenda = NULL, *list = NULL, *item, *d;
	vpd_error err;
	size_t i;

	vpd_error_clear(&err);
	if (vpd_core_agenda(r->archive, &r->who, r->who.now, 14, &agenda,
	    &err) || vpd_core_case_list(r->archive, &r->who, NULL, &list,
	    &err)) {
		json_decref(agenda);
		return web_fail(r, out, &err);
	}
	json_array_foreach(json_object_get(agenda, "punten"), i, item) {
		json_t *who = json_object_get(item, "actoren"), *a;
		size_t k;
		bool mine = false;

		time_left(item, r->who.now);
		set_when(item, "uiterlijk_tekst", str(item, "uiterlijk"));
		json_array_foreach(who, k, a)
			mine |= strcmp(json_string_value(a), r->sess->actor) ==
			    0;
		json_object_set_new(item, "voor_mij", json_boolean(mine));
	}
	dress_list(list);
	d = json_pack("{sOsosOsi}", "punten", json_object_get(agenda,
	    "punten"), "nieuw", new_reports(list), "te_laat",
	    json_object_get(agenda, "te_laat"), "dagen", 14);
	json_object_set_new(d, "aantal_punten", json_integer((json_int_t)
	    json_array_size(json_object_get(agenda, "punten"))));
	json_object_set_new(d, "aantal_nieuw", json_integer((json_int_t)
	    json_array_size(json_object_get(d, "nieuw"))));
	json_decref(agenda);
	json_decref(list);
	return web_page(r, out, 200, "werk", "Mijn werk", d);
}

int
page_zaken(web_req *r, web_resp *out)
{
	const char *filter = query(r, "open");
	json_t *list = NULL, *shown, *e;
	vpd_error err;
	size_t i;
	bool open_only = filter == NULL || strcmp(filter, "nee") != 0;

	vpd_error_clear(&err);
	if (vpd_core_case_list(r->archive, &r->who, NULL, &list, &err))
		return web_fail(r, out, &err);
	dress_list(list);
	shown = json_array();
	/* The list is of cases one works on; a reporter follows his reports
	 * on the report page. */
	json_array_foreach(list, i, e)
		if (has_sight(e, "volledig") && (!open_only ||
		    !json_is_true(json_object_get(e, "afgesloten"))))
			json_array_insert(shown, 0, e);
	json_decref(list);
	return web_page(r, out, 200, "zaken", "Zaken", json_pack(
	    "{sosbsi}", "zaken", shown, "alleen_open", open_only, "aantal",
	    (int)json_array_size(shown)));
}
