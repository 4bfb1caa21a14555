/*
 * cmd_key.c - `vpd key show`, `vpd key rotate` and `vpd checkpoint`: the
 * archive's signing key and signed checkpoints (docs/security.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char use_key[] =
    "vpd [--archive DIR] key show [--allowed-signers | --json]\n"
    "       vpd [--as COORDINATOR] key rotate";
static const char use_cp[] = "vpd [--archive DIR] checkpoint [-o FILE]";

static void
print_signers(const json_t *res)
{
	fputs(json_string_value(json_object_get(res, "allowed_signers")),
	    stdout);
}

static void
print_key(const json_t *res)
{
	if (!json_is_true(json_object_get(res, "ondertekend"))) {
		printf("this archive has no signing key: its commits are not "
		    "signed.\nGive it one with 'vpd --as COORDINATOR key "
		    "rotate'.\n");
		return;
	}
	printf("current key: %s\nsecret half: %s\n\n"
	    "Check the signatures with stock git:\n"
	    "  vpd key show --allowed-signers > allowed_signers\n"
	    "  git -C %s -c gpg.ssh.allowedSignersFile=$PWD/"
	    "allowed_signers log --show-signature\n",
	    json_string_value(json_object_get(res, "sleutel")),
	    json_is_true(json_object_get(res, "sleutel_aanwezig")) ?
	    "in ARCHIVE/private/signing.key" : "MISSING: this copy "
	    "cannot write (see docs/security.md)", json_string_value(
	    json_object_get(res, "archief")));
}

static int
keys_fn(vpd_archive *a, const cli *c, const void *arg, json_t **res,
    vpd_error *err)
{
	int rc;

	(void)arg;
	if ((rc = vpd_core_keys(a, res, err)) == 0)
		json_object_set_new(*res, "archief", json_string(c->archive));
	return rc;
}

static int
show(cli *c, int argc, char **argv)
{
	bool as_json = false, signers = false;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (strcmp(argv[i], "--allowed-signers") == 0)
			signers = true;
		else
			return cli_usage(use_key, "unexpected '%s'", argv[i]);
	}
	return cli_query(c, keys_fn, NULL, as_json, signers ? print_signers :
	    print_key);
}

static int
rotate(cli *c, int argc, char **argv)
{
	vpd_who who = cli_who(c);
	vpd_archive *a;
	json_t *res = NULL;
	vpd_error err;
	int rc;

	(void)argv;
	if (argc > 0)
		return cli_usage(use_key, "key rotate takes no arguments");
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_key_rotate(a, &who, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	printf("new key: %s\n(commit %.12s, signed with the previous key, "
	    "if any)\n", json_string_value(json_object_get(res, "sleutel")),
	    json_string_value(json_object_get(res, "commit")));
	json_decref(res);
	return 0;
}

int
cmd_key(cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		printf("usage: %s\n\nEvery commit of the archive is signed "
		    "with its ed25519 key, in git's SSH\nformat.  'show' prints "
		    "the current key, and with --allowed-signers the\nfile "
		    "git's gpg.ssh.allowedSignersFile takes.  'rotate' makes a "
		    "new key;\nthe commit that brings it in is signed by the "
		    "old one (a coordinator's\nchange).  The secret key is "
		    "ARCHIVE/private/signing.key.\n", use_key);
		return argc < 2 && !cli_wants_help(argc, argv) ? 2 : 0;
	}
	if (strcmp(argv[1], "show") == 0)
		return show(c, argc - 2, argv + 2);
	if (strcmp(argv[1], "rotate") == 0)
		return rotate(c, argc - 2, argv + 2);
	return cli_usage(use_key, "unknown key command '%s'", argv[1]);
}

int
cmd_checkpoint(cli *c, int argc, char **argv)
{
	const char *out = NULL;
	vpd_archive *a;
	char *text = NULL;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nPrints a checkpoint of the archive: its "
		    "first commit, its tip, how many\ncommits lead there and "
		    "when, signed with the archive's key.  Kept off\nthis "
		    "machine (the police exports and the mirrors get one), it "
		    "proves later\nwith 'vpd verify --checkpoint FILE' that no "
		    "commit up to the tip was\ndropped or rewritten.\n", use_cp);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else
			return cli_usage(use_cp, "unexpected '%s'", argv[i]);
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_core_checkpoint(a, NULL, c->now, &text, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (out)
		rc = cli_write_file(out, (const unsigned char *)text,
		    strlen(text));
	else
		fputs(text, stdout);
	free(text);
	return rc;
}
