/*
 * test_image.c - photo checks and the reception folder (letter module).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/letter/letter.h"
#include "../src/util/file.h"

static unsigned char *
load(const char *name, size_t *len)
{
	char path[256];
	vpd_error err;
	char *buf;

	snprintf(path, sizeof(path), "tests/data/photos/%s", name);
	buf = vpd_file_read(path, len, &err);
	assert_non_null(buf);
	return (unsigned char *)buf;
}

static void
expect(const char *name, int code, const char *msg)
{
	size_t len;
	unsigned char *buf = load(name, &len);
	vpd_image_info info;
	vpd_error err;

	vpd_error_clear(&err);
	assert_int_equal(vpd_image_check(buf, len, name, &info, &err), code);
	if (msg && strstr(err.msg, msg) == NULL)
		fail_msg("%s: '%s' lacks '%s'", name, err.msg, msg);
	if (code == 0) {
		assert_int_equal(info.width, 300);
		assert_int_equal(info.height, 400);
	}
	free(buf);
}

static void
test_good_photos(void **state)
{
	(void)state;
	expect("portrait.jpg", 0, NULL);
	expect("progressive.jpg", 0, NULL);
	expect("portrait.png", 0, NULL);
}

static void
test_bad_photos(void **state)
{
	vpd_image_info info;
	vpd_error err;
	unsigned char *big;

	(void)state;
	expect("text.jpg", VPD_EINVALID, "not a JPEG or PNG");
	expect("truncated.jpg", VPD_EINVALID, "Premature end");
	expect("badcrc.png", VPD_EINVALID, "not a valid PNG");
	expect("cmyk.jpg", VPD_EINVALID, "CMYK");
	expect("huge.png", VPD_EINVALID, "at most 4000");
	expect("tiny.png", VPD_EINVALID, "at least 100");
	big = calloc(1, VPD_IMAGE_MAX_BYTES + 1);
	big[0] = 0xFF, big[1] = 0xD8, big[2] = 0xFF;
	assert_int_equal(vpd_image_check(big, VPD_IMAGE_MAX_BYTES + 1, "big",
	    &info, &err), VPD_EINVALID);
	assert_non_null(strstr(err.msg, "the limit is 2048 KiB"));
	free(big);
}

static void
test_folder(void **state)
{
	json_t *bans = json_loads("{\"datum\": \"2027-02-02\", \"datum_tekst\":"
	    " \"2 februari 2027\", \"gemaakt\": \"2027-02-02T07:30:00Z\", "
	    "\"gemaakt_door\": \"R. Receptie\", \"vervangen_na\": "
	    "\"2027-04-12\", \"personen\": [{\"persoon\": \"P0001\", "
	    "\"achternaam\": \"Berg\", \"voornamen\": \"Jan\", "
	    "\"tussenvoegsel\": \"van der\", \"geboortedatum\": \"1980-04-01\","
	    " \"maatregelen\": [{\"soort\": \"toegangsverbod\", \"zaak\": "
	    "\"2026-0001\", \"van\": \"2027-01-12\", \"tot\": \"2027-04-12\", "
	    "\"locaties\": [\"Stadskantoor\"], \"telefoonverbod\": true, "
	    "\"oordeel\": \"GEEN TOEGANG tot Stadskantoor\", \"contact\": "
	    "[\"schriftelijk\"]}]}, {\"persoon\": \"P0002\", \"achternaam\": "
	    "\"Öztürk\", \"voornamen\": \"Ayşe\", \"geboortedatum\": "
	    "\"1990-01-01\", \"maatregelen\": []}, {\"persoon\": \"P0003\", "
	    "\"achternaam\": \"Vries\", \"voornamen\": \"Piet\", "
	    "\"geboortedatum\": \"1975-02-03\", \"maatregelen\": []}]}", 0,
	    NULL);
	vpd_folder_photo photos[3] = {{0}};
	unsigned char *pdf;
	size_t len;
	vpd_error err;

	(void)state;
	assert_non_null(bans);
	photos[0].data = load("portrait.jpg", &photos[0].len);
	photos[2].data = load("portrait.png", &photos[2].len);
	/* A name outside CP1252 (ş) prints with a '?' rather than failing. */
	assert_int_equal(vpd_folder_pdf(bans, photos, "Gemeente Heerlen",
	    "build/fonts", &pdf, &len, &err), 0);
	assert_true(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
	free(pdf);
	assert_int_equal(vpd_folder_pdf(bans, photos, NULL, "/nonexistent",
	    &pdf, &len, &err), VPD_EIO);
	free(photos[0].data);
	free(photos[2].data);
	json_decref(bans);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_photos),
		cmocka_unit_test(test_bad_photos),
		cmocka_unit_test(test_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
