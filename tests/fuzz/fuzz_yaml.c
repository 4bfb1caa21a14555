/* fuzz_yaml.c - the YAML loader every configuration file goes through
 * (gemeente.yaml, signers.yaml, front matter): the precheck, libyaml,
 * and the checks against aliases, depth and size. */
#include <jansson.h>

#include "fuzz.h"
#include "../../src/yaml/yaml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *out = NULL;
	vpd_error err;

	if (vpd_yaml_load(&out, "fuzz.yaml", (const char *)data, size, 2,
	    &err) == 0)
		json_decref(out);
	return 0;
}
