/*
 * test_letter.c - letter bodies from CommonMark, and letters as PDF,
 * checked with the real clients: pdftotext gives the Dutch text back,
 * qpdf --check passes, pdffonts shows every font embedded; rendering the
 * same letter twice gives the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/letter/letter.h"

static const char body[] =
    "Geachte heer Van der Berg,\n\n"
    "Op **20 november 2026** heeft u in het Stadskantoor een medewerker "
    "uitgescholden en geïntimideerd. Dat gedrag aanvaarden wij niet: "
    "onze medewerkers moeten hun werk veilig kunnen doen.\n\n"
    "Daarom ontzeggen wij u de toegang tot:\n\n"
    "- het Stadskantoor;\n- het Bestuurscentrum.\n\n"
    "De ontzegging geldt van 21 november 2026 tot en met 28 februari "
    "2027. Komt u toch binnen, dan doen wij aangifte van "
    "*lokaalvredebreuk* (artikel 139 Wetboek van Strafrecht).\n\n"
    "U kunt de gemeente in deze periode schrijven, of laten bellen door "
    "een zaakwaarnemer met uw schriftelijke machtiging — zo blijft onze "
    "dienstverlening voor u bereikbaar. Schade verhalen wij op u; de "
    "kosten van de reparatie bedragen € 250,00. Cliënt’s rechten "
    "blijven onverlet – ook uw recht op bezwaar.\n\n";

static char *
long_body(void)
{
	size_t n = strlen(body) * 4 + 1;
	char *s = malloc(n);

	snprintf(s, n, "%s%s%s%s", body, body, body, body);
	return s;
}

static int
render(const char *md, unsigned char **pdf, size_t *len, vpd_error *err)
{
	vpd_blocks blocks;
	vpd_letter_doc d = {0};
	int rc;

	if ((rc = vpd_markdown_blocks(&blocks, "brief.md", md, err)))
		return rc;
	d.org_name = "Gemeente Heerlen";
	d.org_lines[0] = "Geleenstraat 27";
	d.org_lines[1] = "6411 HR  Heerlen";
	d.org_lines[2] = "Postbus 1";
	d.colour[0] = 0.0;
	d.colour[1] = 0.3;
	d.colour[2] = 0.55;
	d.return_address = "Postbus 1, 6400 AA  Heerlen";
	d.registered = true;
	d.address[0] = "De heer J. van der Berg";
	d.address[1] = "Dorpsstraat 1";
	d.address[2] = "6411 AB  HEERLEN";
	d.kenmerk = "2026-0001/5";
	d.datum = "21 november 2026";
	d.onderwerp = "Ontzegging van de toegang";
	d.body = &blocks;
	d.closing = "Hoogachtend,";
	d.on_behalf = "namens de burgemeester van Heerlen,";
	d.signer_name = "mr. M. de Manager";
	d.signer_function = "teammanager Burgerzaken";
	d.copy_label = "Exemplaar 3 van 5 — politie";
	d.title = "Ontzegging van de toegang";
	d.subject = "Zaak 2026-0001";
	d.author = "Gemeente Heerlen";
	d.created = 1795255200; /* 2026-11-21T10:00:00Z */
	d.fontdir = "build/fonts";
	rc = vpd_letter_pdf(&d, pdf, len, err);
	vpd_blocks_free(&blocks);
	return rc;
}

static void
test_letter__markdown_blocks(void **state)
{
	vpd_blocks b;
	vpd_error err;

	(void)state;
	assert_int_equal(vpd_markdown_blocks(&b, "x.md", "Een *schuin* en "
	    "**vet** woord.\n\n1. een\n2. twee\n\n- los\n", &err), 0);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.items[0].kind, VPD_BLOCK_PARAGRAPH);
	assert_int_equal(b.items[0].runs[1].style, VPD_RUN_ITALIC);
	assert_string_equal(b.items[0].runs[3].text, "vet");
	assert_int_equal(b.items[0].runs[3].style, VPD_RUN_BOLD);
	assert_int_equal(b.items[1].kind, VPD_BLOCK_NUMBERED);
	assert_int_equal(b.items[2].number, 2);
	assert_int_equal(b.items[3].kind, VPD_BLOCK_BULLET);
	vpd_blocks_free(&b);
	assert_int_equal(vpd_markdown_blocks(&b, "x.md", "Tekst\n\n    code\n",
	    &err), VPD_EINVALID);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "code_block has no place in a letter"));
}

static char *
run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = calloc(1, 65536);
	size_t n;

	assert_non_null(p);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

static void
test_letter__pdf_reads_back_with_real_clients(void **state)
{
	unsigned char *a = NULL, *b = NULL;
	size_t alen, blen;
	vpd_error err;
	char *md = long_body(), *out;
	FILE *f;

	(void)state;
	if (render(md, &a, &alen, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(render(md, &b, &blen, &err), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);      /* byte-identical */
	assert_memory_equal(a, "%PDF-1.", 7);
	f = fopen("build/test-letter.pdf", "wb");
	fwrite(a, 1, alen, f);
	fclose(f);

	out = run("pdftotext -enc UTF-8 build/test-letter.pdf - 2>&1");
	assert_non_null(strstr(out, "geïntimideerd"));
	assert_non_null(strstr(out, "€ 250,00"));
	assert_non_null(strstr(out, "Cliënt’s"));
	assert_non_null(strstr(out, "onverlet – ook"));
	assert_non_null(strstr(out, "machtiging — zo"));
	assert_non_null(strstr(out, "AANGETEKEND"));
	assert_non_null(strstr(out, "6411 AB HEERLEN"));
	assert_non_null(strstr(out, "pagina 1 van "));
	assert_non_null(strstr(out, "Exemplaar 3 van 5 — politie"));
	assert_non_null(strstr(out, "namens de burgemeester van Heerlen"));
	free(out);
	out = run("qpdf --check build/test-letter.pdf 2>&1; echo rc=$?");
	if (strstr(out, "rc=0") == NULL)
		fail_msg("qpdf --check: %s", out);
	free(out);
	out = run("pdffonts build/test-letter.pdf 2>&1");
	/* Every font line says "emb yes". */
	for (char *line = strstr(out, "\n---"); line &&
	    (line = strchr(line + 1, '\n')) && line[1]; ) {
		char row[256];

		snprintf(row, sizeof(row), "%.*s",
		    (int)strcspn(line + 1, "\n"), line + 1);
		if (strstr(row, " yes ") == NULL)
			fail_msg("font not embedded: %s", row);
	}
	assert_non_null(strstr(out, "DejaVuSans-Bold"));
	free(out);
	out = run("TZ=UTC pdfinfo build/test-letter.pdf 2>&1");
	{
		/* The footer counts the pages the PDF really has. */
		int pages = atoi(strstr(out, "Pages:") + 6);
		char want[64], *text;

		assert_true(pages >= 2);
		snprintf(want, sizeof(want), "pagina %d van %d", pages, pages);
		text = run("pdftotext -enc UTF-8 build/test-letter.pdf - 2>&1");
		assert_non_null(strstr(text, want));
		free(text);
	}
	assert_non_null(strstr(out, "Title:           Ontzegging van de toegang"));
	assert_non_null(strstr(out, "Author:          Gemeente Heerlen"));
	assert_non_null(strstr(out, "CreationDate:    Sat Nov 21 10:00:00 2026 UTC"));
	free(out);
	free(a);
	free(b);
	free(md);
}

/*
 * Every character a letter can print, in every style.  The accented
 * letters are composite glyphs; libharu 2.3 misreads their place in a
 * font whose glyph index is in the short form, and then cannot write the
 * PDF at all ("Coördinator" once stopped a ban letter).
 */
static void
test_letter__every_character_in_every_style(void **state)
{
	static const char *marks[] = {"", "**", "*", "***"};
	static const char extras[] = "ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™";
	char chars[1024], md[8192], *out;
	size_t n = 0, m = 0, words = 0;
	unsigned char *pdf = NULL;
	vpd_error err;
	size_t len;
	FILE *f;

	(void)state;
	/* U+00A1..U+00FF and the CP1252 extras as UTF-8, in words of eight
	 * characters so that a line break cannot split what is looked for. */
	for (unsigned cp = 0xA1; cp <= 0xFF; cp++) {
		if (cp == 0xAD)
			continue;           /* soft hyphen: invisible */
		chars[n++] = (char)(0xC0 | cp >> 6);
		chars[n++] = (char)(0x80 | (cp & 0x3F));
		if (++words % 8 == 0)
			chars[n++] = ' ';
	}
	n += (size_t)snprintf(chars + n, sizeof(chars) - n, " %s", extras);
	for (size_t i = 0; i < 4; i++)
		m += (size_t)snprintf(md + m, sizeof(md) - m,
		    "Regel %zu: %s%s%s\n\n", i, marks[i], chars, marks[i]);
	if (render(md, &pdf, &len, &err))
		fail_msg("%s", err.msg);
	f = fopen("build/test-letter-chars.pdf", "wb");
	fwrite(pdf, 1, len, f);
	fclose(f);
	free(pdf);
	/* Each character alone too: a glyph built from parts that the
	 * letter does not use by themselves is what once failed. */
	for (char *c = chars; *c; ) {
		size_t cl = *c == ' ' ? 1 : (*c & 0xE0) == 0xC0 ? 2 : 3;
		char one[128];

		if (*c != ' ') {
			snprintf(one, sizeof(one), "Co%.*sr *%.*s* **%.*s**\n",
			    (int)cl, c, (int)cl, c, (int)cl, c);
			if (render(one, &pdf, &len, &err))
				fail_msg("'%.*s': %s", (int)cl, c, err.msg);
			free(pdf);
		}
		c += cl;
	}
	out = run("pdftotext -enc UTF-8 build/test-letter-chars.pdf - 2>&1");
	for (char *w = strtok(chars, " "); w; w = strtok(NULL, " ")) {
		size_t seen = 0;

		for (char *p = out; (p = strstr(p, w)) != NULL; p++)
			seen++;
		if (seen != 4)
			fail_msg("'%s' came back %zu times, not 4", w, seen);
	}
	free(out);
}

/*
 * libharu fails to save a font subset whose size is a multiple of 4,096
 * bytes, and which size a letter's subset gets follows from its glyphs:
 * with this letter and the fonts this build makes, this text gives such
 * a size (found by trying texts; the fuzzer found another one, in
 * tests/fuzz/regress/letter/).  vpd_letter_pdf renders it again with
 * more glyphs marked.
 */
static void
test_letter__subset_of_4096_bytes_still_saves(void **state)
{
	unsigned char *pdf = NULL;
	size_t len;
	vpd_error err;

	(void)state;
	if (render("Tekst QX@%+\n", &pdf, &len, &err))
		fail_msg("%s", err.msg);
	assert_true(len > 1000);
	free(pdf);
}

static void
test_letter__unprintable_character_is_refused(void **state)
{
	unsigned char *pdf = NULL;
	size_t len;
	vpd_error err;

	(void)state;
	assert_int_equal(render("Geachte heer Wang \xe7\x8e\x8b,\n", &pdf,
	    &len, &err), VPD_EINVALID);
	assert_null(pdf);
	/* by its code point, not the text around it (personal data) */
	assert_non_null(strstr(err.msg, "U+738B"));
	assert_null(strstr(err.msg, "Wang"));
	/* the web pages say it in Dutch, with what to do */
	assert_non_null(strstr(err.nl, "Cyrillische"));
	assert_int_equal(render("Emoji \xf0\x9f\x98\x80\n", &pdf, &len,
	    &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "U+1F600"));
	/* the door: what it lets in, letters print */
	assert_int_equal(vpd_letter_printable("Doğan Иванов Nguyễn", &err), 0);
	assert_int_equal(vpd_letter_printable("\xe7\x8e\x8b", &err),
	    VPD_EINVALID);
	assert_non_null(strstr(err.nl, "U+738B"));
	/* an overlong form of a control is no character */
	assert_int_equal(vpd_letter_printable("a\xc0\x99", &err),
	    VPD_EINVALID);
}

/*
 * Names from all over Europe and beyond print, in every style, and come
 * back from pdftotext as they went in: each in the first code page that
 * holds it (issue 11: Doğan, Yılmaz, Łukasiewicz and Nguyễn once blocked
 * every letter of their case).
 */
static void
test_letter__names_outside_cp1252(void **state)
{
	static const char *names[] = {"Doğan", "Yılmaz", "İnce", "Łukasiewicz",
	    "Wałęsa", "Dvořák", "Erdős", "Nguyễn", "Trần", "Đặng", "Phạm",
	    "Șerban", "Ţurcanu", "Šķēle", "Žemaitė", "Ħabib", "Иванов",
	    "Παπαδόπουλος", "Ωραιόπουλος", "Müller-Łęcka", "Ğöktürk-Łoś",
	    NULL};
	static const char *marks[] = {"", "**", "*", "***"};
	char md[8192], *out;
	size_t m = 0;
	unsigned char *pdf = NULL;
	vpd_error err;
	size_t len;
	FILE *f;

	(void)state;
	for (size_t k = 0; k < 4; k++) {
		m += (size_t)snprintf(md + m, sizeof(md) - m, "Regel %zu:", k);
		for (size_t i = 0; names[i]; i++)
			m += (size_t)snprintf(md + m, sizeof(md) - m, " %s%s%s",
			    marks[k], names[i], marks[k]);
		m += (size_t)snprintf(md + m, sizeof(md) - m, "\n\n");
	}
	if (render(md, &pdf, &len, &err))
		fail_msg("%s", err.msg);
	f = fopen("build/test-letter-names.pdf", "wb");
	fwrite(pdf, 1, len, f);
	fclose(f);
	free(pdf);
	out = run("pdftotext -enc UTF-8 build/test-letter-names.pdf - | "
	    "python3 -c 'import sys, unicodedata; "
	    "sys.stdout.write(unicodedata.normalize(\"NFC\", "
	    "sys.stdin.read()))' 2>&1");
	for (size_t i = 0; names[i]; i++) {
		size_t seen = 0;

		for (char *p = out; (p = strstr(p, names[i])) != NULL; p++)
			seen++;
		if (seen != 4)
			fail_msg("'%s' came back %zu times, not 4:\n%s",
			    names[i], seen, out);
	}
	free(out);
	out = run("pdffonts build/test-letter-names.pdf 2>&1");
	{
		/* every font embedded and subset: "yes yes" on each line */
		size_t lines = 0, embedded = 0;

		for (char *p = strstr(out, "\n---"); p && (p = strchr(p + 1,
		    '\n')) != NULL && p[1]; lines++)
			;
		for (char *p = out; (p = strstr(p, " yes yes ")) != NULL; p++)
			embedded++;
		assert_true(lines > 8);
		assert_int_equal(embedded, lines);
	}
	assert_null(strstr(out, "CID"));    /* never libharu's CID path */
	/* the wide fonts themselves, not the base fonts under their name */
	assert_non_null(strstr(out, "DejaVuSans-Ext"));
	assert_non_null(strstr(out, "DejaVuSans-BoldOblique-Ext"));
	free(out);
	/* Ț with a comma below would print as Ţ with a cedilla: refused */
	assert_int_equal(render("Țurcanu\n", &pdf, &len, &err),
	    VPD_EINVALID);
	assert_non_null(strstr(err.msg, "U+021A"));
}

static void
test_letter__dutch_dates(void **state)
{
	char buf[32];
	vpd_date d;

	(void)state;
	vpd_date_parse("2026-11-22", &d);
	vpd_letter_date(d, buf, sizeof(buf));
	assert_string_equal(buf, "22 november 2026");
	vpd_date_parse("2027-03-01", &d);
	vpd_letter_date(d, buf, sizeof(buf));
	assert_string_equal(buf, "1 maart 2027");
}

static void
expect_template_error(const char *text, int line, const char *msg)
{
	vpd_letter_template *t = NULL;
	vpd_error err;

	vpd_error_clear(&err);
	assert_int_equal(vpd_letter_template_load(&t, "w.md", text, &err),
	    VPD_EINVALID);
	assert_null(t);
	assert_string_equal(err.file, "w.md");
	assert_int_equal(err.line, line);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("'%s' not in '%s'", msg, err.msg);
}

static void
test_letter__template_files_are_checked(void **state)
{
	(void)state;
	expect_template_error("Geachte heer,\n", 1, "front matter");
	expect_template_error("---\nsubject: X\nkleur: rood\n---\nTekst\n",
	    0, "unknown key 'kleur'");
	expect_template_error("---\nsubject: X\nsubject: Y\n---\nTekst\n",
	    3, "duplicate key subject");
	expect_template_error("---\nfields: [a]\n---\nTekst\n", 0,
	    "subject is required");
	expect_template_error("---\nsubject: [x\n---\nTekst\n", 3, "YAML");
	/* Body errors count lines in the file, after the front matter. */
	expect_template_error("---\nsubject: X\n---\nGeachte,\n\n"
	    "{{persoon.naam}} {{kleur}}\n", 6, "unknown placeholder 'kleur'");
	expect_template_error("---\nsubject: X\n---\nA\n{{#zaak.x}}\nB\n", 5,
	    "section 'zaak.x' is not closed");
	/* inzage. only in the access letter, which says so */
	expect_template_error("---\nsubject: X\n---\n{{inzage.foto}}\n", 4,
	    "unknown placeholder 'inzage.foto'");
	expect_template_error("---\nsubject: X\ninzage: ja\n---\nA\n", 0,
	    "inzage must be true or false");
	{
		vpd_letter_template *t = NULL;
		vpd_error err;

		vpd_error_clear(&err);
		assert_int_equal(vpd_letter_template_load(&t, "i.md", "---\n"
		    "subject: X\ninzage: true\n---\n{{#inzage.zaken}}{{id}}"
		    "{{/inzage.zaken}}\n", &err), 0);
		vpd_letter_template_free(t);
	}
}

static void
test_letter__template_fill(void **state)
{
	vpd_letter_template *t = NULL;
	vpd_error err;
	json_t *data = json_pack("{s{ss}s{s{sss[ss]}}}", "persoon", "aanhef",
	    "Geachte heer Van der Berg", "zaak", "gegevens", "tot",
	    "2027-02-28", "locaties", "Stadskantoor", "Bestuurscentrum");
	json_t *partials = json_pack("{ss}", "contact", "Schrijf ons.\n");
	char *subject, *text;

	(void)state;
	assert_int_equal(vpd_letter_template_load(&t, "w.md", "---\n"
	    "subject: Ontzegging tot {{zaak.gegevens.tot}}\n"
	    "fields: [persoon.aanhef, zaak.gegevens.tot]\n"
	    "signers: [manager]\nregistered: true\nblocks: [contact]\n---\n"
	    "{{persoon.aanhef}},\n\n{{#zaak.gegevens.locaties}}\n- {{.}}\n"
	    "{{/zaak.gegevens.locaties}}\n\n{{> contact}}\n", &err), 0);
	assert_true(json_is_true(json_object_get(vpd_letter_template_meta(t),
	    "registered")));
	assert_int_equal(vpd_letter_template_fill(t, data, partials, &subject,
	    &text, &err), 0);
	assert_string_equal(subject, "Ontzegging tot 2027-02-28");
	assert_string_equal(text, "Geachte heer Van der Berg,\n\n"
	    "- Stadskantoor\n- Bestuurscentrum\n\nSchrijf ons.\n");
	free(subject);
	free(text);
	json_object_del(json_object_get(json_object_get(data, "zaak"),
	    "gegevens"), "tot");
	assert_int_equal(vpd_letter_template_fill(t, data, partials, &subject,
	    &text, &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "required field 'zaak.gegevens.tot'"));
	json_object_clear(partials);
	json_object_set_new(json_object_get(json_object_get(data, "zaak"),
	    "gegevens"), "tot", json_string("2027-02-28"));
	assert_int_equal(vpd_letter_template_fill(t, data, partials, &subject,
	    &text, &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "standard block 'contact'"));
	vpd_letter_template_free(t);
	json_decref(data);
	json_decref(partials);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter__markdown_blocks),
		cmocka_unit_test(test_letter__pdf_reads_back_with_real_clients),
		cmocka_unit_test(test_letter__every_character_in_every_style),
		cmocka_unit_test(test_letter__subset_of_4096_bytes_still_saves),
		cmocka_unit_test(test_letter__unprintable_character_is_refused),
		cmocka_unit_test(test_letter__names_outside_cp1252),
		cmocka_unit_test(test_letter__dutch_dates),
		cmocka_unit_test(test_letter__template_files_are_checked),
		cmocka_unit_test(test_letter__template_fill),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
