/*
 * fuzz_letter.c - a text typed into a form on its way into a letter: as
 * the motivering is (escaped for Markdown by the template, then the
 * Markdown stage, then the layout and libharu), and as the subject line.
 *
 * Unlike the other harnesses this one also fails when a text is refused
 * that a letter must be able to print: valid UTF-8, printable, and let
 * in by vpd_letter_printable() (CP1252 and the code pages of the -Ext
 * fonts: Łukasiewicz, Doğan, Nguyễn, Иванов).  "Schelden aan de balie." once made
 * libharu fail with 0x1033 and blocked the letter of that case.
 */
#include <jansson.h>
#include <stdio.h>

#include "fuzz.h"
#include "../../src/letter/letter.h"
#include "../../src/template/template.h"

/* Whether a letter must accept s: what vpd_letter_printable() lets in
 * at the door (case open, person update), no control characters but
 * line breaks, at most 2,000 bytes (the longest record field). */
static int
printable(const char *s, size_t len)
{
	vpd_error err;

	if (len == 0 || len > 2000)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n') ||
		    s[i] == 0x7f)
			return 0;
	/* C1 controls are no text either */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	return vpd_letter_printable(s, &err) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vpd_template *tpl;
	char *text = fuzz_text(data, size), *md = NULL, *subject, *nl;
	const char *fonts = getenv("VPD_FONTS");
	vpd_render_opts opts = {.escape_markdown = true};
	vpd_blocks body = {0};
	vpd_letter_doc d = {0};
	unsigned char *pdf = NULL;
	size_t len = 0;
	json_t *values;
	vpd_error err;

	if (!printable(text, strlen(text))) {
		free(text);
		return 0;
	}
	if (tpl == NULL && vpd_template_parse(&tpl, "fuzz", "Motivering: "
	    "{{motivering}}\n\nMet vriendelijke groet,\n", &err))
		abort();
	values = json_pack("{ss}", "motivering", text);
	if (vpd_template_render(tpl, values, &opts, &md, &err) ||
	    vpd_markdown_blocks(&body, "fuzz", md, &err)) {
		fprintf(stderr, "refused: %s\n", err.msg);
		abort();
	}
	subject = strdup(text);
	if ((nl = strchr(subject, '\n')) != NULL)
		*nl = '\0';
	d.org_name = "Gemeente Heerlen";
	d.org_lines[0] = "Geleenstraat 27";
	d.return_address = "Postbus 1, 6400 AA Heerlen";
	d.address[0] = "De heer D. van de Kaya";
	d.address[1] = "Geleenstraat 186";
	d.address[2] = "6418 SH Heerlen";
	d.kenmerk = "2026-0001";
	d.datum = "31 juli 2026";
	d.onderwerp = *subject ? subject : "Schriftelijke waarschuwing";
	d.body = &body;
	d.closing = "Hoogachtend,";
	d.on_behalf = "namens de burgemeester,";
	d.signer_name = "M. de Manager";
	d.signer_function = "teamleider";
	d.copy_label = "Exemplaar 1 van 5 - klant";
	d.title = d.subject = d.author = "vpd";
	d.fontdir = fonts ? fonts : "build/fonts";
	if (vpd_letter_pdf(&d, &pdf, &len, &err)) {
		fprintf(stderr, "refused: %s\n", err.msg);
		abort();
	}
	free(pdf);
	free(subject);
	vpd_blocks_free(&body);
	free(md);
	json_decref(values);
	free(text);
	return 0;
}
