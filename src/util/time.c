/*
 * time.c - civil-date arithmetic and Europe/Amsterdam conversions.
 *
 * Civil dates use the days-from-civil algorithm (proleptic Gregorian), so
 * date arithmetic never touches the C library.  Only the two conversions
 * between an instant and Amsterdam's wall clock go through localtime_r()
 * and mktime(), which read the tz database for the DST rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
vpd_time_init(void)
{
	static int done;

	if (done)
		return;
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	done = 1;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
vpd_date
vpd_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (vpd_date)(era * 146097 + doe - 719468);
}

void
vpd_date_to_ymd(vpd_date date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp + (mp < 10 ? 3 : -9);

	*y = yoe + era * 400 + (mm <= 2);
	*m = mm;
	*d = dd;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

bool
vpd_date_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

/* Reads exactly n digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
parse_ymd(const char **p, int *y, int *m, int *d)
{
	if (digits(p, 4, y) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, m) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, d))
		return -1;
	return vpd_date_valid_ymd(*y, *m, *d) ? 0 : -1;
}

int
vpd_date_parse(const char *s, vpd_date *out)
{
	int y, m, d;

	if (s == NULL || parse_ymd(&s, &y, &m, &d) || *s != '\0')
		return -1;
	*out = vpd_date_from_ymd(y, m, d);
	return 0;
}

/*
 * Wall-clock time in Amsterdam to an instant.  Twice a year the wall clock
 * is not a function of the instant, and mktime() with tm_isdst = -1 then
 * guesses from whatever it converted last, so the same text could mean
 * two instants in one process.  The rule here is fixed instead: a time
 * that happens twice (the October hour) is the first of the two, summer
 * time; a time that never happens (the March hour) moves forward by the
 * hour the clock skips, as the standard-time reading gives.
 */
static vpd_time
local_to_time(int y, int mo, int d, int h, int mi, int s)
{
	vpd_time found[2];
	int n = 0;

	vpd_time_init();
	for (int dst = 1; dst >= 0; dst--) {
		struct tm tm, back;
		time_t t;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = s;
		tm.tm_isdst = dst;
		t = mktime(&tm);
		/* Only a reading that gives the same wall clock back is real. */
		if (localtime_r(&t, &back) && back.tm_hour == h &&
		    back.tm_min == mi && back.tm_mday == d && back.tm_isdst == dst)
			found[n++] = (vpd_time)t;
		else if (dst == 0 && n == 0)
			return (vpd_time)t;     /* the gap: standard time, forward */
	}
	return n == 2 && found[1] < found[0] ? found[1] : found[0];
}

static int parse_instant(const char *s, vpd_time *out);

/* Instants from 1970 up to 2100: a commit header cannot hold an earlier
 * one, and nothing vpd keeps lies later. */
int
vpd_time_parse(const char *s, vpd_time *out)
{
	vpd_time t;

	if (parse_instant(s, &t) || t < VPD_TIME_MIN || t >= VPD_TIME_MAX)
		return -1;
	*out = t;
	return 0;
}

static int
parse_instant(const char *s, vpd_time *out)
{
	int y, mo, d, h, mi, sec = 0, oh, om;
	const char *p = s;
	vpd_time t;

	if (p == NULL || parse_ymd(&p, &y, &mo, &d))
		return -1;
	if (*p != 'T' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return -1;
		if (*p == '.') /* fractions of a second are dropped */
			while (isdigit((unsigned char)*++p))
				;
	}
	if (h > 23 || mi > 59 || sec > 59)
		return -1;
	if (*p == '\0') {
		*out = local_to_time(y, mo, d, h, mi, sec);
		return 0;
	}
	t = ((vpd_time)vpd_date_from_ymd(y, mo, d)) * 86400 + h * 3600 +
	    mi * 60 + sec;
	if (*p == 'Z' && p[1] == '\0') {
		*out = t;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	{
		int sign = *p == '-' ? -1 : 1;

		p++;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    *p != '\0' || oh > 14 || om > 59)
			return -1;
		*out = t - sign * (oh * 3600 + om * 60);
	}
	return 0;
}

int
vpd_time_now(vpd_time *out, vpd_error *err)
{
	const char *env = getenv("VPD_NOW"), *test = getenv("VPD_TEST_CLOCK");
	vpd_time clock = (vpd_time)time(NULL);

	vpd_time_init();
	if (env == NULL || *env == '\0') {
		*out = clock;
		return 0;
	}
	if (vpd_time_parse(env, out))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "VPD_NOW: not an ISO-8601 instant from 1970 up to 2100 "
		    "(e.g. 2026-11-20T10:00:00+01:00)");
	/* A clock set ahead would date commits and start deadlines in the
	 * future; only a test may do that. */
	if (*out > clock + VPD_NOW_AHEAD_MAX &&
	    !(test && strcmp(test, "1") == 0))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "VPD_NOW lies more than five minutes ahead of this "
		    "machine's clock; only tests may set the clock ahead "
		    "(with VPD_TEST_CLOCK=1)");
	return 0;
}

static const char *unit_names[VPD_UNIT__MAX] = {
	"hours", "days", "weeks", "months", "years"
};

const char *
vpd_unit_name(vpd_unit u)
{
	return u < VPD_UNIT__MAX ? unit_names[u] : "?";
}

int
vpd_duration_parse(const char *s, vpd_duration *out)
{
	char *end;
	long long n;
	size_t len;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	n = strtoll(s, &end, 10);
	if (*end != ' ' || n < 0 || n > 100000)
		return -1;
	while (*end == ' ')
		end++;
	len = strlen(end);
	for (int u = 0; u < VPD_UNIT__MAX; u++) {
		size_t ul = strlen(unit_names[u]);

		/* "hours" or its singular "hour" */
		if ((len == ul && strcmp(end, unit_names[u]) == 0) ||
		    (len == ul - 1 && strncmp(end, unit_names[u], ul - 1) == 0)) {
			out->n = n;
			out->unit = (vpd_unit)u;
			return 0;
		}
	}
	return -1;
}

void
vpd_time_format_utc(vpd_time t, char out[VPD_TIME_UTC_LEN])
{
	vpd_date d = (vpd_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int64_t rest = t - (int64_t)d * 86400;
	int y, m, day;

	vpd_date_to_ymd(d, &y, &m, &day);
	snprintf(out, VPD_TIME_UTC_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m,
	    day, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

static void
local_tm(vpd_time t, struct tm *tm)
{
	time_t tt = (time_t)t;

	vpd_time_init();
	localtime_r(&tt, tm);
}

void
vpd_time_format_local(vpd_time t, char out[VPD_TIME_LOCAL_LEN])
{
	struct tm tm;
	long off;

	local_tm(t, &tm);
	off = tm.tm_gmtoff;
	snprintf(out, VPD_TIME_LOCAL_LEN,
	    "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 3600, labs(off) / 60 % 60);
}

void
vpd_time_format_human(vpd_time t, char out[VPD_TIME_LOCAL_LEN])
{
	struct tm tm;

	local_tm(t, &tm);
	snprintf(out, VPD_TIME_LOCAL_LEN, "%02d-%02d-%04d %02d:%02d",
	    tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void
vpd_date_format(vpd_date d, char out[VPD_DATE_LEN])
{
	int y, m, day;

	vpd_date_to_ymd(d, &y, &m, &day);
	snprintf(out, VPD_DATE_LEN, "%04d-%02d-%02d", y, m, day);
}

vpd_date
vpd_time_local_date(vpd_time t)
{
	struct tm tm;

	local_tm(t, &tm);
	return vpd_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

vpd_time
vpd_date_start(vpd_date d)
{
	int y, m, day;

	vpd_date_to_ymd(d, &y, &m, &day);
	return local_to_time(y, m, day, 0, 0, 0);
}

static vpd_date
add_months(vpd_date d, int64_t months)
{
	int y, m, day;
	int64_t total;

	vpd_date_to_ymd(d, &y, &m, &day);
	total = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (day > days_in_month(y, m))
		day = days_in_month(y, m);
	return vpd_date_from_ymd(y, m, day);
}

vpd_date
vpd_date_add(vpd_date d, vpd_duration dur)
{
	switch (dur.unit) {
	case VPD_UNIT_HOURS:
		return d + (vpd_date)(dur.n / 24);
	case VPD_UNIT_DAYS:
		return d + (vpd_date)dur.n;
	case VPD_UNIT_WEEKS:
		return d + (vpd_date)(7 * dur.n);
	case VPD_UNIT_MONTHS:
		return add_months(d, dur.n);
	case VPD_UNIT_YEARS:
		return add_months(d, 12 * dur.n);
	default:
		return d;
	}
}

vpd_time
vpd_time_add(vpd_time t, vpd_duration dur)
{
	struct tm tm;
	vpd_date d;
	int y, m, day;

	if (dur.unit == VPD_UNIT_HOURS)
		return t + dur.n * 3600;
	/* Calendar units: move the Amsterdam date, keep the wall-clock time. */
	local_tm(t, &tm);
	d = vpd_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	d = vpd_date_add(d, dur);
	vpd_date_to_ymd(d, &y, &m, &day);
	return local_to_time(y, m, day, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
