/* fuzz_template.c - the Mustache templates of letters and web pages:
 * parsed, their names listed, rendered both ways. */
#include <jansson.h>

#include "fuzz.h"
#include "../../src/template/template.h"

static json_t *data, *partials;

static int
name_cb(const char *name, int line, int column, int depth, void *ud)
{
	(void)ud;
	return name == NULL || line < 1 || column < 1 || depth < 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data_in, size_t size)
{
	char *src = fuzz_text(data_in, size), *out = NULL;
	vpd_template *t = NULL;
	vpd_error err;

	if (data == NULL) {
		data = json_pack("{s{ss ss s{ss}}s[{ss}{ss}]sb ss}", "persoon",
		    "voornamen", "Jan", "achternaam", "_Berg_ [x]()",
		    "adres", "postcode", "6411 AB", "items", "naam", "a",
		    "naam", "b<&>", "ja", 1, "leeg", "");
		partials = json_pack("{ss ss}", "kop", "{{persoon.achternaam}}",
		    "zelf", "{{>zelf}}");
	}
	if (vpd_template_parse(&t, "fuzz", src, &err) == 0) {
		vpd_render_opts letter = {.escape_markdown = true,
		    .partials = partials};
		vpd_render_opts page = {.escape_html = true,
		    .empty_is_false = true, .partials = partials};

		(void)vpd_template_names(t, name_cb, NULL);
		if (vpd_template_render(t, data, &letter, &out, &err) == 0)
			free(out);
		out = NULL;
		if (vpd_template_render(t, data, &page, &out, &err) == 0)
			free(out);
		vpd_template_free(t);
	}
	free(src);
	return 0;
}
