/*
 * json.c - sorting a jansson array in place (json.h).
 */
#include "json.h"

#include <stdlib.h>
#include <string.h>

int
vpd_json_cmp_string(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
	    json_string_value(*(json_t *const *)b));
}

void
vpd_json_sort(json_t *arr, int (*cmp)(const void *, const void *),
    bool unique)
{
	size_t n = json_array_size(arr);
	json_t **v = malloc((n ? n : 1) * sizeof(*v));

	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		if (!unique || i == 0 || cmp(&v[i - 1], &v[i]) != 0)
			json_array_append(arr, v[i]);
	for (size_t i = 0; i < n; i++)
		json_decref(v[i]);
	free(v);
}
