/*
 * fuzz.h - what the libFuzzer harnesses share (tests/fuzz/README.md).
 *
 * Each harness feeds its bytes to one parser of vpd's core, as hostile
 * input would reach it: from a file, a form or the command line.  A crash,
 * a sanitizer report, a leak or a time-out is a finding.
 */
#ifndef VPD_FUZZ_H
#define VPD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (a NUL inside ends it early, as
 * it would for every C string vpd reads).  Caller frees. */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
