/*
 * cmd_workflow.c - `vpd workflow check FILE...` and `vpd workflow graph`.
 */
#include <stdio.h>
#include <string.h>

#include "../workflow/workflow.h"
#include "cli.h"

static const char use[] =
    "vpd workflow check FILE...\n       vpd workflow graph FILE";

static int
check(int argc, char **argv)
{
	int status = 0;

	if (argc < 1)
		return cli_usage(use, "workflow check needs a FILE");
	for (int i = 0; i < argc; i++) {
		vpd_workflow *wf = NULL;
		vpd_diags diags = {0};
		vpd_error err;
		int rc;

		vpd_error_clear(&err);
		rc = vpd_workflow_load_file(&wf, argv[i], &diags, &err);
		if (rc == 0) {
			printf("%s: ok (workflow %s)\n", argv[i],
			    vpd_workflow_name(wf));
		} else if (diags.n == 0) {
			int s = cli_fail(&err);

			if (s > status)
				status = s;
		} else {
			for (size_t k = 0; k < diags.n; k++)
				cli_fail(&diags.items[k]);
			fprintf(stderr, "%s: %zu error%s\n", argv[i], diags.n,
			    diags.n == 1 ? "" : "s");
			if (status < 1)
				status = 1;
		}
		vpd_diags_free(&diags);
		vpd_workflow_free(wf);
	}
	return status;
}

static int
graph(int argc, char **argv)
{
	vpd_workflow *wf = NULL;
	vpd_error err;
	int rc;

	if (argc != 1)
		return cli_usage(use, "workflow graph needs one FILE");
	vpd_error_clear(&err);
	if (vpd_workflow_load_file(&wf, argv[0], NULL, &err))
		return cli_fail(&err);
	rc = vpd_workflow_graph(wf, stdout);
	vpd_workflow_free(wf);
	return rc ? 3 : 0;
}

int
cmd_workflow(cli *c, int argc, char **argv)
{
	(void)c;
	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\n"
		    "check  reads each workflow definition and reports every "
		    "problem as\n       FILE:LINE:COL: message (exit 1 when there "
		    "is one).\ngraph  prints the state machine as Graphviz DOT: "
		    "vpd workflow graph F | dot -Tsvg\n\nThe format is described "
		    "in docs/workflows.md.\n", use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "check"))
		return check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "graph"))
		return graph(argc - 2, argv + 2);
	return cli_usage(use, "unknown workflow command '%s'", argv[1]);
}
