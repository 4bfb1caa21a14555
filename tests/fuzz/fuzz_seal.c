/* fuzz_seal.c - sealed values and files as a hostile archive could hold
 * them: the input is opened as archive JSON (every {"verzegeld": …} in
 * it) and as a sealed file, with a key store made once in a temporary
 * directory.  Nothing may crash, leak or open: the input cannot hold a
 * valid seal. */
#include <jansson.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "../../src/seal/seal.h"
#include "../../src/util/file.h"

static char dir[] = "/tmp/vpd-fuzz-seal-XXXXXX";
static vpd_seal *store;

static void
cleanup(void)
{
	vpd_seal_free(store);
	vpd_file_remove_tree(dir);
}

static void
prepare(void)
{
	char priv[64];
	vpd_error err;
	json_t *v, *sealed = NULL;

	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
	snprintf(priv, sizeof(priv), "%s/private", dir);
	if (mkdir(priv, 0700) != 0 || vpd_seal_prepare(dir, &err) != 0 ||
	    (store = vpd_seal_new(dir)) == NULL)
		abort();
	/* a key for P0001 exists, so inputs naming it reach the cipher */
	v = json_string("x");
	if (vpd_seal_value(store, "P0001", "x", true, v, &sealed, &err) != 0)
		abort();
	json_decref(v);
	json_decref(sealed);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j;
	vpd_error err;
	char *out = NULL, pid[VPD_SEAL_ID_MAX];
	size_t len = 0, plain;

	if (store == NULL)
		prepare();
	j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (j) {
		json_t *m = vpd_seal_masked(j), *d = vpd_seal_drop(j, "P0001");

		(void)vpd_seal_foreign(j, "P0001");
		/* a value that opens would need the key: never from here */
		if (vpd_seal_open(store, &j, &err) == 0 &&
		    !json_equal(j, m) && vpd_seal_is_sealed(m, NULL))
			abort();
		json_decref(m);
		json_decref(d);
		json_decref(j);
	}
	if (vpd_seal_blob_person((const char *)data, size, pid, &plain) &&
	    vpd_seal_open_blob(store, (const char *)data, size, &out, &len,
	    &err) == 0)
		abort();
	free(out);
	return 0;
}
