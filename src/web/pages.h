/*
 * pages.h - the page handlers and the small helpers they share
 * (internal to src/web/).
 */
#ifndef VPD_WEB_PAGES_H
#define VPD_WEB_PAGES_H

#include "internal.h"

int page_home(web_req *r, web_resp *out);
int page_login(web_req *r, web_resp *out);
int page_login_post(web_req *r, web_resp *out);
int page_logout(web_req *r, web_resp *out);
int page_melding(web_req *r, web_resp *out);
int page_melding_post(web_req *r, web_resp *out);
int page_balie(web_req *r, web_resp *out);
int page_werk(web_req *r, web_resp *out);
int page_zaken(web_req *r, web_resp *out);
int page_zaak_verloop(web_req *r, web_resp *out);
int page_zaak_dossier(web_req *r, web_resp *out);
int page_zaak(web_req *r, web_resp *out);
int page_zaak_event(web_req *r, web_resp *out);
int page_zaak_person(web_req *r, web_resp *out);
int page_document(web_req *r, web_resp *out);
int page_document_mark(web_req *r, web_resp *out);
int page_preview(web_req *r, web_resp *out);
int page_photo(web_req *r, web_resp *out);
int page_photo_post(web_req *r, web_resp *out);
int page_politie(web_req *r, web_resp *out);
int page_politie_export(web_req *r, web_resp *out);
int page_mandaten(web_req *r, web_resp *out);
int page_zaak_wijziging(web_req *r, web_resp *out);
int page_juridisch(web_req *r, web_resp *out);
int page_trends(web_req *r, web_resp *out);
int page_actoren(web_req *r, web_resp *out);
int page_actoren_post(web_req *r, web_resp *out);
int page_actoren_wachtwoord(web_req *r, web_resp *out);
int page_actoren_uitschakelen(web_req *r, web_resp *out);
int page_trends_pdf(web_req *r, web_resp *out);
int page_trends_csv(web_req *r, web_resp *out);

/* A query-string value: printable UTF-8 of at most 200 bytes, or NULL. */
const char *query(web_req *r, const char *name);
/* Whether the query string holds `name` with a value query() refuses. */
bool query_unreadable(web_req *r, const char *name);
/* A form value, NULL when absent or empty. */
const char *field(web_req *r, const char *name);
/* The signed-in person's roles, with medewerker for all staff. */
unsigned roles_of(const web_req *r);
const char *str(const json_t *o, const char *key);
/* Whether a case view or list entry of the core has sight `name`
 * ("volledig", "meldingen", "balie", "politie"; docs/access.md). */
bool has_sight(const json_t *view, const char *name);
/* Sets o[key] to the Dutch form of a UTC instant or an ISO date. */
void set_when(json_t *o, const char *key, const char *utc);
void set_day(json_t *o, const char *key, const char *iso);

/*
 * The incident a form describes (melding.c): the fields of the report
 * form, as the record the core validates (docs/records.md).  New
 * reference.
 */
json_t *incident_from_form(web_req *r);
/* The person a form describes (the fields of persoon_velden.html). */
json_t *person_from_form(web_req *r);
/* A person record as the values of those fields (for filling them in). */
json_t *person_form_values(const json_t *p);

/* The choices of the report form (channels, behaviour), with the values
 * of `given` (a form as JSON, or NULL) marked. */
json_t *incident_form_data(const json_t *given);

#endif
