/*
 * cmd_mandates.c - `vpd mandates`: the signers and their mandates, with
 * what needs attention (the web's /mandaten).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char use[] = "vpd --as COORDINATOR|LEGAL mandates [--json]";

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static const char *
note(const char *code, long long days)
{
	static char buf[96];

	if (strcmp(code, "verloopt") == 0) {
		snprintf(buf, sizeof(buf), "the mandate ends in %lld day%s",
		    days, days == 1 ? "" : "s");
		return buf;
	}
	if (strcmp(code, "verlopen") == 0)
		return "the mandate has ended: this signer signs no more letters";
	if (strcmp(code, "nog_niet") == 0)
		return "the mandate has not begun yet";
	if (strcmp(code, "onbekend") == 0)
		return "the mandate has no valid van and tot dates";
	if (strcmp(code, "geen_actor") == 0)
		return "no actor of this name in the archive: nobody can sign "
		    "under this mandate";
	if (strcmp(code, "geen_handtekening") == 0)
		return "the signature image is missing";
	return code;
}

static void
print_mandates(const json_t *res)
{
	json_t *wf, *s, *w;
	size_t i, k, n;

	json_array_foreach(json_object_get(res, "werkstromen"), i, wf) {
		printf("%s%s\n", i ? "\n" : "", str(wf, "werkstroom"));
		json_array_foreach(json_object_get(wf, "ondertekenaars"), k, s) {
			printf("  %-16s %-20s %-10s %s .. %s  %s\n", str(s, "id"),
			    str(s, "actor"), str(s, "rol"), str(s, "van"),
			    str(s, "tot"), str(s, "status"));
			json_array_foreach(json_object_get(s,
			    "waarschuwingen"), n, w)
				printf("    ! %s\n", note(json_string_value(w),
				    json_integer_value(json_object_get(s,
				    "dagen"))));
		}
	}
	printf("\n%lld signer(s) need attention\n", (long long)
	    json_integer_value(json_object_get(res, "met_waarschuwing")));
}

int
cmd_mandates(cli *c, int argc, char **argv)
{
	return cli_overview(c, argc, argv, use, "The signers of each workflow "
	    "(signers.yaml beside the signatures) and\nthe letters and period "
	    "of their mandates, with what needs attention:\na mandate that "
	    "ends within 30 days (verloopt), has ended (verlopen) or\nhas not "
	    "begun (nog_niet), a signer whose actor is not in the archive,\na "
	    "missing signature image.  Read-only; for the coordinator and "
	    "legal\naffairs.\n", vpd_core_mandates, print_mandates);
}
