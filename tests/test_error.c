/*
 * test_error.c - error messages are safe to print: whatever a user or a
 * file put in them, no control character, escape sequence or broken
 * UTF-8 reaches a terminal, a log or a page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../src/util/error.h"

static void
test_error__controls_become_question_marks(void **state)
{
	vpd_error err;

	(void)state;
	vpd_error_set(&err, VPD_EUSAGE, "a\033[2Jb.yaml", 1, 2,
	    "'%s' is not an IP address", "x\033[31m\r\n\t\x7f");
	assert_string_equal(err.msg, "'x\?[31m\?\?\?\?' is not an IP address");
	assert_string_equal(err.file, "a\?[2Jb.yaml");
	/* C1 controls (U+0085, U+009B: a one-byte CSI on some terminals) */
	vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "%s", "a\xc2\x85" "b"
	    "\xc2\x9b" "c");
	assert_string_equal(err.msg, "a\?\?b\?\?c");
	vpd_error_prefix(&err, "%s", "p\x01");
	assert_string_equal(err.msg, "p\?: a\?\?b\?\?c");
	vpd_error_set_nl(&err, "%s", "Fout\x1b");
	assert_string_equal(err.nl, "Fout\?");
	/* line and paragraph separators break lines too (3 bytes each) */
	vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "%s", "a\xe2\x80\xa8"
	    "b\xe2\x80\xa9" "c");
	assert_string_equal(err.msg, "a\?\?\?b\?\?\?c");
	/* a right-to-left override would show "gpj.exe" as "exe.jpg" */
	vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "%s", "x\xe2\x80\xae"
	    "y\xe2\x81\xa6" "z");
	assert_string_equal(err.msg, "x\?\?\?y\?\?\?z");
}

static void
test_error__utf8_is_kept_and_broken_utf8_is_not(void **state)
{
	vpd_error err;

	(void)state;
	vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "%s",
	    "Coördinator – € 250 — 𝄞");
	assert_string_equal(err.msg, "Coördinator – € 250 — 𝄞");
	/* a lone continuation byte, an overlong '/', a surrogate, a cut
	 * character at the end */
	vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "%s",
	    "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82");
	assert_string_equal(err.msg, "a\?b\?\?c\?\?\?d\?\?");
}

static void
test_error__a_message_cut_off_mid_character_ends_cleanly(void **state)
{
	vpd_error err;
	char big[sizeof(err.msg) + 8];

	(void)state;
	memset(big, 'x', sizeof(big));
	/* "ö" straddles the end of the message buffer */
	memcpy(big + sizeof(err.msg) - 2, "\xc3\xb6", 2);
	big[sizeof(big) - 1] = '\0';
	vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "%s", big);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
	assert_int_equal(err.msg[sizeof(err.msg) - 2], '\?');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error__controls_become_question_marks),
		cmocka_unit_test(test_error__utf8_is_kept_and_broken_utf8_is_not),
		cmocka_unit_test(
		    test_error__a_message_cut_off_mid_character_ends_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
