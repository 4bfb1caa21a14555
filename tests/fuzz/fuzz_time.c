/* fuzz_time.c - instants, dates and durations as typed or stored, and
 * formatting what parsed. */
#include "fuzz.h"
#include "../../src/util/time.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);
	char utc[VPD_TIME_UTC_LEN], local[VPD_TIME_LOCAL_LEN];
	char day[VPD_DATE_LEN];
	vpd_time t;
	vpd_date d;
	vpd_duration dur;
	static int ready;

	if (!ready) {
		vpd_time_init();
		ready = 1;
	}
	if (vpd_time_parse(s, &t) == 0) {
		vpd_time_format_utc(t, utc);
		vpd_time_format_local(t, local);
		vpd_time_format_human(t, local);
		vpd_date_format(vpd_time_local_date(t), day);
	}
	if (vpd_date_parse(s, &d) == 0) {
		vpd_date_format(d, day);
		(void)vpd_date_start(d);
	}
	if (vpd_duration_parse(s, &dur) == 0) {
		(void)vpd_unit_name(dur.unit);
		if (vpd_date_parse("2026-01-31", &d) == 0)
			vpd_date_format(vpd_date_add(d, dur), day);
		if (vpd_time_parse("2026-03-29T00:30:00Z", &t) == 0)
			vpd_time_format_utc(vpd_time_add(t, dur), utc);
	}
	free(s);
	return 0;
}
