/* fuzz_workflow.c - the workflow loader: YAML, then every check of
 * states, events, guards, deadlines and actions. */
#include "fuzz.h"
#include "../../src/workflow/workflow.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vpd_workflow *wf = NULL;
	vpd_diags diags = {0};
	vpd_error err;

	if (vpd_workflow_load(&wf, "fuzz.yaml", (const char *)data, size,
	    &diags, &err) == 0)
		vpd_workflow_free(wf);
	vpd_diags_free(&diags);
	return 0;
}
