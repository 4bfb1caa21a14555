/*
 * test_time.c - instants, dates and calendar arithmetic in
 * Europe/Amsterdam, including both DST changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../src/util/time.h"

static vpd_time
t(const char *s)
{
	vpd_time v = 0;

	assert_int_equal(vpd_time_parse(s, &v), 0);
	return v;
}

static vpd_date
d(const char *s)
{
	vpd_date v = 0;

	assert_int_equal(vpd_date_parse(s, &v), 0);
	return v;
}

static void
assert_local(vpd_time v, const char *want)
{
	char buf[VPD_TIME_LOCAL_LEN];

	vpd_time_format_local(v, buf);
	assert_string_equal(buf, want);
}

static void
assert_date(vpd_date v, const char *want)
{
	char buf[VPD_DATE_LEN];

	vpd_date_format(v, buf);
	assert_string_equal(buf, want);
}

static void
test_time__parse_forms(void **state)
{
	char buf[VPD_TIME_UTC_LEN];

	(void)state;
	assert_true(t("2026-11-20T10:00:00+01:00") == t("2026-11-20T09:00:00Z"));
	/* No offset: Amsterdam wall-clock time, winter and summer. */
	assert_true(t("2026-11-20T10:00") == t("2026-11-20T09:00:00Z"));
	assert_true(t("2026-07-01 10:00") == t("2026-07-01T08:00:00Z"));
	vpd_time_format_utc(t("2026-11-20T10:00:00+01:00"), buf);
	assert_string_equal(buf, "2026-11-20T09:00:00Z");
}

static void
test_time__parse_rejects(void **state)
{
	vpd_time v;
	vpd_date dd;

	(void)state;
	assert_int_equal(vpd_time_parse("2026-11-20", &v), -1);
	assert_int_equal(vpd_time_parse("2026-11-20T25:00", &v), -1);
	assert_int_equal(vpd_time_parse("2026-11-20T10:00+1", &v), -1);
	assert_int_equal(vpd_time_parse("20-11-2026 10:00", &v), -1);
	assert_int_equal(vpd_date_parse("2026-02-29", &dd), -1);
	assert_int_equal(vpd_date_parse("2026-02-30", &dd), -1);
	assert_int_equal(vpd_date_parse("2028-02-29", &dd), 0);
	assert_int_equal(vpd_date_parse("2026-1-1", &dd), -1);
	/* instants a commit header can hold, from 1970 up to 2100 */
	assert_int_equal(vpd_time_parse("1970-01-01T00:00:00Z", &v), 0);
	assert_int_equal(vpd_time_parse("1970-01-01T00:59:00+01:00", &v), -1);
	assert_int_equal(vpd_time_parse("1969-12-31T23:59:59Z", &v), -1);
	assert_int_equal(vpd_time_parse("2099-12-31T23:59:59Z", &v), 0);
	assert_int_equal(vpd_time_parse("2100-01-01T00:00:00Z", &v), -1);
	assert_int_equal(vpd_time_parse("9999-12-31T23:00:00Z", &v), -1);
	/* dates from 1900 to 2199 (birth dates go back before 1970) */
	assert_int_equal(vpd_date_parse("1900-01-01", &dd), 0);
	assert_int_equal(vpd_date_parse("1899-12-31", &dd), -1);
	assert_int_equal(vpd_date_parse("2199-12-31", &dd), 0);
	assert_int_equal(vpd_date_parse("2200-01-01", &dd), -1);
}

static void
test_time__48_hours_across_spring_forward(void **state)
{
	vpd_duration h48 = {48, VPD_UNIT_HOURS};

	(void)state;
	/* 28 March 2027, 02:00 CET -> 03:00 CEST: the wall clock shows 49h. */
	assert_local(vpd_time_add(t("2027-03-27T10:00"), h48),
	    "2027-03-29T11:00:00+02:00");
}

static void
test_time__48_hours_across_fall_back(void **state)
{
	vpd_duration h48 = {48, VPD_UNIT_HOURS};

	(void)state;
	/* 25 October 2026, 03:00 CEST -> 02:00 CET: the wall clock shows 47h. */
	assert_local(vpd_time_add(t("2026-10-24T10:00"), h48),
	    "2026-10-26T09:00:00+01:00");
}

static void
test_time__wall_clock_hours_that_do_not_exist_or_repeat(void **state)
{
	(void)state;
	/* 28 March 2027: 02:00 becomes 03:00; 02:30 moves on by an hour */
	assert_int_equal(t("2027-03-28T02:30"), t("2027-03-28T01:30:00Z"));
	assert_local(t("2027-03-28T02:30"), "2027-03-28T03:30:00+02:00");
	/* 31 October 2027: 02:30 happens twice; it is the first, in summer
	 * time - the same answer after converting the other one first */
	assert_int_equal(t("2027-10-31T03:30"), t("2027-10-31T02:30:00Z"));
	assert_int_equal(t("2027-10-31T02:30"), t("2027-10-31T00:30:00Z"));
	assert_int_equal(t("2027-10-31T01:30"), t("2027-10-30T23:30:00Z"));
	assert_int_equal(t("2027-10-31T02:30"), t("2027-10-31T00:30:00Z"));
	/* ordinary hours either side */
	assert_int_equal(t("2027-03-28T01:59"), t("2027-03-28T00:59:00Z"));
	assert_int_equal(t("2027-03-28T03:00"), t("2027-03-28T01:00:00Z"));
}

static void
test_time__days_keep_wall_clock(void **state)
{
	vpd_duration d5 = {5, VPD_UNIT_DAYS}, w1 = {1, VPD_UNIT_WEEKS};

	(void)state;
	assert_local(vpd_time_add(t("2027-03-26T10:00"), d5),
	    "2027-03-31T10:00:00+02:00");
	assert_local(vpd_time_add(t("2026-10-22T09:30"), w1),
	    "2026-10-29T09:30:00+01:00");
}

static void
test_time__months_clamp_to_month_end(void **state)
{
	vpd_duration m3 = {3, VPD_UNIT_MONTHS};

	(void)state;
	assert_date(vpd_date_add(d("2026-11-30"), m3), "2027-02-28");
	assert_date(vpd_date_add(d("2027-11-30"), m3), "2028-02-29");
	assert_date(vpd_date_add(d("2026-08-31"), m3), "2026-11-30");
	assert_date(vpd_date_add(d("2026-01-15"), m3), "2026-04-15");
	assert_date(vpd_date_add(d("2026-12-31"), (vpd_duration){2,
	    VPD_UNIT_MONTHS}), "2027-02-28");
}

static void
test_time__local_day_boundaries(void **state)
{
	(void)state;
	/* 23:30 UTC on 31 Dec is already 1 January in Amsterdam. */
	assert_date(vpd_time_local_date(t("2026-12-31T23:30:00Z")),
	    "2027-01-01");
	assert_local(vpd_date_start(d("2027-07-01")), "2027-07-01T00:00:00+02:00");
}

static void
test_time__durations(void **state)
{
	vpd_duration x;

	(void)state;
	assert_int_equal(vpd_duration_parse("48 hours", &x), 0);
	assert_int_equal(x.n, 48);
	assert_int_equal(x.unit, VPD_UNIT_HOURS);
	assert_int_equal(vpd_duration_parse("1 week", &x), 0);
	assert_int_equal(x.unit, VPD_UNIT_WEEKS);
	assert_int_equal(vpd_duration_parse("3 months", &x), 0);
	assert_int_equal(vpd_duration_parse("3 fortnights", &x), -1);
	assert_int_equal(vpd_duration_parse("hours", &x), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time__parse_forms),
		cmocka_unit_test(test_time__parse_rejects),
		cmocka_unit_test(test_time__48_hours_across_spring_forward),
		cmocka_unit_test(test_time__48_hours_across_fall_back),
		cmocka_unit_test(
		    test_time__wall_clock_hours_that_do_not_exist_or_repeat),
		cmocka_unit_test(test_time__days_keep_wall_clock),
		cmocka_unit_test(test_time__months_clamp_to_month_end),
		cmocka_unit_test(test_time__local_day_boundaries),
		cmocka_unit_test(test_time__durations),
	};

	vpd_time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
