/*
 * time.h - instants, dates and durations as vpd understands them.
 *
 * An instant (vpd_time) is seconds since the Unix epoch, always UTC; it is
 * stored as "YYYY-MM-DDTHH:MM:SSZ" and shown in Europe/Amsterdam.  A date
 * (vpd_date) is a civil day, counted in days since 1970-01-01, stored as
 * "YYYY-MM-DD".  Arithmetic follows the protocols:
 *   - hours are real elapsed hours (48 hours across a DST change is still
 *     48 hours on the clock of physics, 47 or 49 on the wall clock);
 *   - days and weeks are calendar days in Europe/Amsterdam (same wall-clock
 *     time on a later day);
 *   - months and years are calendar months: 30 November + 3 months is
 *     28 February (29 in a leap year), 31 August + 3 months is 30 November.
 * Local conversions use the C library with TZ=Europe/Amsterdam, set once by
 * vpd_time_init(); the tz database comes from Debian's tzdata.
 */
#ifndef VPD_UTIL_TIME_H
#define VPD_UTIL_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef int64_t vpd_time;
typedef int32_t vpd_date;

typedef enum vpd_unit {
	VPD_UNIT_HOURS,
	VPD_UNIT_DAYS,
	VPD_UNIT_WEEKS,
	VPD_UNIT_MONTHS,
	VPD_UNIT_YEARS,
	VPD_UNIT__MAX
} vpd_unit;

typedef struct vpd_duration {
	int64_t n;
	vpd_unit unit;
} vpd_duration;

#define VPD_TIME_UTC_LEN 21  /* "2026-11-20T09:00:00Z" + NUL */
#define VPD_TIME_LOCAL_LEN 32
#define VPD_DATE_LEN 11      /* "2026-11-20" + NUL */

/* Makes Europe/Amsterdam the local zone of the process.  Idempotent. */
void vpd_time_init(void);

/*
 * "Now": the instant in $VPD_NOW when it is set (any form that
 * vpd_time_parse accepts), else the system clock.  VPD_NOW may lie at
 * most VPD_NOW_AHEAD_MAX seconds ahead of the clock, unless
 * VPD_TEST_CLOCK=1 says a test runs.
 */
#define VPD_NOW_AHEAD_MAX 300
int vpd_time_now(vpd_time *out, vpd_error *err);

/*
 * Parses an ISO-8601 instant: "YYYY-MM-DDTHH:MM[:SS]" followed by "Z",
 * "+HH:MM" or "-HH:MM"; without an offset the wall-clock time is read in
 * Europe/Amsterdam.  A space may stand for the "T".  Returns 0 or -1;
 * -1 also for an instant before 1970 or from 2100 on.
 */
#define VPD_TIME_MIN 0LL                    /* 1970-01-01T00:00:00Z */
#define VPD_TIME_MAX 4102444800LL           /* 2100-01-01T00:00:00Z */
int vpd_time_parse(const char *s, vpd_time *out);

/* Parses "YYYY-MM-DD" (a real calendar day, 1900 to 2199).  0 or -1. */
int vpd_date_parse(const char *s, vpd_date *out);

/* Parses "48 hours", "1 week", "3 months" (singular or plural). 0 or -1. */
int vpd_duration_parse(const char *s, vpd_duration *out);
const char *vpd_unit_name(vpd_unit u);

void vpd_time_format_utc(vpd_time t, char out[VPD_TIME_UTC_LEN]);
/* "2026-11-20T10:00:00+01:00": the instant on Amsterdam's wall clock. */
void vpd_time_format_local(vpd_time t, char out[VPD_TIME_LOCAL_LEN]);
/* "20-11-2026 10:00": the short Dutch form for people. */
void vpd_time_format_human(vpd_time t, char out[VPD_TIME_LOCAL_LEN]);
void vpd_date_format(vpd_date d, char out[VPD_DATE_LEN]);

vpd_date vpd_date_from_ymd(int y, int m, int d);
void vpd_date_to_ymd(vpd_date date, int *y, int *m, int *d);
bool vpd_date_valid_ymd(int y, int m, int d);

/* The Amsterdam calendar day of an instant, and 00:00 of a day there. */
vpd_date vpd_time_local_date(vpd_time t);
vpd_time vpd_date_start(vpd_date d);

vpd_date vpd_date_add(vpd_date d, vpd_duration dur); /* hours: whole days */
vpd_time vpd_time_add(vpd_time t, vpd_duration dur);

#endif
