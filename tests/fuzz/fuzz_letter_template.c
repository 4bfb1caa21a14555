/* fuzz_letter_template.c - a letter template file: front matter, the
 * placeholders of the body, and filling it. */
#include <jansson.h>

#include "fuzz.h"
#include "../../src/letter/letter.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	vpd_letter_template *t = NULL;
	vpd_error err;

	if (vpd_letter_template_load(&t, "fuzz.md", text, &err) == 0) {
		json_t *d = json_pack("{s{ss ss}}", "persoon", "voornamen",
		    "Jan", "achternaam", "Jansen");
		json_t *partials = json_object();
		char *subject = NULL, *body = NULL;

		if (vpd_letter_template_fill(t, d, partials, &subject, &body,
		    &err) == 0) {
			free(subject);
			free(body);
		}
		json_decref(d);
		json_decref(partials);
		vpd_letter_template_free(t);
	}
	free(text);
	return 0;
}
