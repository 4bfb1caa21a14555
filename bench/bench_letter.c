/*
 * bench_letter.c - time rendering a case's five-copy letter set through the
 * whole pipeline (template, fill, Markdown, layout, PDF), N times, and
 * print the median per set and per document, and the bytes per PDF.
 * Usage: bench_letter ARCHIVE CASE LETTER N
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/case/case.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	vpd_who who = {.actor = "C", .via = "make bench", .letters_dir = "letters",
	    .fontdir = "build/fonts", .signatures_dir = "signatures"};
	vpd_archive *a = NULL;
	vpd_error err;
	double *sets;
	size_t bytes[5] = {0};
	int n, pages1 = 0;

	if (argc != 5 || (n = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: bench_letter ARCHIVE CASE LETTER N\n");
		return 2;
	}
	vpd_time_init();
	vpd_time_now(&who.now, &err);
	if (vpd_archive_open(&a, argv[1], &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 3;
	}
	sets = calloc((size_t)n, sizeof(*sets));
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();

		for (int copy = 1; copy <= 5; copy++) {
			unsigned char *pdf = NULL;
			size_t len;

			if (vpd_core_letter_preview(a, &who, argv[2], argv[3],
			    copy, &pdf, &len, &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			bytes[copy - 1] = len;
			if (i == 0 && copy == 1) {
				/* the page tree's "/Count N" */
				for (size_t k = 0; k + 7 < len; k++)
					if (memcmp(pdf + k, "/Count ", 7) == 0)
						pages1 = atoi((char *)pdf + k +
						    7);
			}
			free(pdf);
		}
		sets[i] = now_ms() - t0;
	}
	qsort(sets, (size_t)n, sizeof(*sets), cmp);
	printf("letter set (5 copies of %s, %d page%s each), %d runs\n",
	    argv[3], pages1, pages1 == 1 ? "" : "s", n);
	printf("  median per set:       %8.2f ms\n", sets[n / 2]);
	printf("  median per document:  %8.2f ms  (target <= 2 ms per page)\n",
	    sets[n / 2] / 5);
	printf("  bytes per PDF:        %zu %zu %zu %zu %zu  (target <= 20 KB "
	    "per one-page letter)\n", bytes[0], bytes[1], bytes[2], bytes[3],
	    bytes[4]);
	free(sets);
	vpd_archive_free(a);
	return 0;
}
