/* fuzz_name.c - name folding and the desk's name matching: the input's
 * lines are names (voornamen|tussenvoegsel|achternaam) and the last one
 * the query. */
#include "fuzz.h"
#include "../../src/name/name.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line, *save = NULL;
	const char *last = "";
	char fold[256], key[256];
	vpd_name_index *ix = vpd_name_index_new();
	vpd_name_hit hits[8];

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *v = line, *t = strchr(v, '|'), *a = NULL, *k;

		if (t != NULL) {
			*t++ = '\0';
			if ((a = strchr(t, '|')) != NULL)
				*a++ = '\0';
		}
		vpd_name_fold(line, fold, sizeof(fold));
		vpd_name_key(fold, key, sizeof(key));
		k = vpd_name_sort_key(v, t ? t : "", a ? a : "");
		free(k);
		(void)vpd_name_index_add(ix, v, t ? t : "", a ? a : v);
		last = v;
	}
	(void)vpd_name_lookup(ix, last, hits, 8);
	vpd_name_index_free(ix);
	free(text);
	return 0;
}
