/* fuzz_expr.c - the workflow's guard and deadline expressions: parsed,
 * then evaluated against a small case. */
#include <jansson.h>

#include "fuzz.h"
#include "../../src/workflow/expr.h"

static json_t *ctx;

static int
path_cb(const char *path, int offset, void *ud)
{
	(void)ud;
	return path[0] == '\0' || offset < 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_text(data, size);
	vpd_error err;
	vpd_expr *e;

	if (ctx == NULL)
		ctx = json_pack("{s{ss ss s[s] si}s{ss ss ss sb}s{ss s[ss]}"
		    "s{ss ss}ss ss}",
		    "case", "id", "2026-0001", "state", "gemeld",
		    "maatregel_soorten", "toegangsverbod", "aantal", 3,
		    "input", "maatregel", "toegangsverbod", "van", "2026-11-25",
		    "tot", "2027-02-25", "letsel", 1,
		    "incident", "tijdstip", "2026-11-20T09:00:00Z",
		    "soorten", "schelden", "bedreiging",
		    "persoon", "achternaam", "Jansen", "geboortedatum",
		    "1980-02-29",
		    "now", "2026-11-25T09:00:00Z", "today", "2026-11-25");
	if ((e = vpd_expr_parse(src, &err)) != NULL) {
		vpd_value v;
		bool b;
		json_t *j = NULL;

		if (vpd_expr_eval(e, ctx, &v, &err) == 0) {
			json_t *k = vpd_value_to_json(&v);

			json_decref(k);
		}
		(void)vpd_expr_test(e, ctx, &b, &err);
		if (vpd_expr_json(e, ctx, &j, &err) == 0)
			json_decref(j);
		(void)vpd_expr_paths(e, path_cb, NULL);
		vpd_expr_free(e);
	}
	free(src);
	return 0;
}
