/*
 * json.h - sorting a jansson array in place.
 */
#ifndef VPD_UTIL_JSON_H
#define VPD_UTIL_JSON_H

#include <jansson.h>
#include <stdbool.h>

/*
 * Sorts arr with qsort and cmp (which is given two json_t *const *), and
 * with `unique` drops the items cmp finds equal to the one before.
 * Leaves arr as it is when out of memory.
 */
void vpd_json_sort(json_t *arr, int (*cmp)(const void *, const void *),
    bool unique);

/* A cmp for vpd_json_sort: strings by strcmp. */
int vpd_json_cmp_string(const void *a, const void *b);

#endif
