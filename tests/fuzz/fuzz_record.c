/* fuzz_record.c - person and incident records as they arrive in JSON
 * (files, forms): parsed, validated, named. */
#include <jansson.h>

#include "fuzz.h"
#include "../../src/record/record.h"
#include "../../src/util/time.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *in = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, NULL), *out = NULL;
	vpd_time now;
	vpd_error err;

	if (in == NULL)
		return 0;
	if (vpd_time_parse("2026-11-25T09:00:00Z", &now))
		abort();
	if (vpd_person_validate(&out, in, "fuzz.json", &err) == 0) {
		char *name = vpd_person_display_name(out);

		(void)vpd_person_same(out, in);
		free(name);
		json_decref(out);
	}
	out = NULL;
	if (vpd_incident_validate(&out, in, "fuzz.json", now, &err) == 0)
		json_decref(out);
	json_decref(in);
	return 0;
}
