/*
 * cmd_serve.c - `vpd serve`: the web pages (src/web/) on the archive.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../web/web.h"
#include "cli.h"

#ifndef VPD_DATADIR
#define VPD_DATADIR "/usr/local/share/vpd"
#endif

static const char use[] =
    "vpd [--archive DIR] serve --workflow NAME [--listen ADDR:PORT]\n"
    "           [--tls-cert FILE --tls-key FILE]\n"
    "           [--trust-proxy ADDR [--user-header NAME]]\n"
    "           [--idle-minutes N] [--desk-idle-minutes N] [--threads N]\n"
    "           [--per-address N] [--mail-every SECONDS] [--quiet]";

/* The timer's work: the e-mail reminders that are due, when mail is set
 * up (vpd mail setup).  Errors go to stderr, never a person's data. */
static void
mail_tick(void *ud)
{
	cli *c = ud;
	vpd_who who = cli_who(c);
	vpd_archive *a;
	json_t *res = NULL;
	vpd_error err;

	if (vpd_archive_open(&a, c->archive, &err))
		return;
	vpd_error_clear(&err);
	if (vpd_time_now(&who.now, &err) == 0 &&
	    vpd_cli_mail_run(a, who.now, false, &res, &err) != 0 &&
	    err.code != VPD_ENOTFOUND)
		fprintf(stderr, "vpd serve: mail: %s\n", err.msg);
	json_decref(res);
	vpd_archive_free(a);
}

static int
number(const char *opt, const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end || v < lo || v > hi)
		return cli_usage(use, "%s: a number from %d to %d", opt, lo,
		    hi);
	*out = (int)v;
	return 0;
}

int
cmd_serve(cli *c, int argc, char **argv)
{
	vpd_web_config cfg;
	const char *header = NULL;
	bool per_address = false;
	vpd_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nServes vpd's web pages for staff, "
		    "reception, managers, legal affairs\nand the police, in "
		    "Dutch, on the archive.  People sign in with the\npassword "
		    "set by 'vpd actor passwd', or - behind the municipality's\n"
		    "sign-on gateway - by the user header the gateway sets, "
		    "which is\ntrusted only from the --trust-proxy address.  "
		    "New reports run on\n--workflow (a name in ./workflows or "
		    "$VPD_WORKFLOWS, or a path).\nDefaults: --listen "
		    "127.0.0.1:8080, --idle-minutes 30, --threads 4,\n"
		    "--per-address 64 connections\n(512 with --trust-proxy), "
		    "--mail-every 60 (the e-mail reminders, once\n'vpd mail "
		    "setup' is done), "
		    "--user-header "
		    "X-Remote-User.\nSIGINT or SIGTERM stops it after the "
		    "requests in progress.\ndocs/web.md tells how to run it "
		    "behind a gateway with TLS.\n", use);
		return 0;
	}
	unsetenv("VPD_SERVE_HANDED_OVER");     /* set by vpd (serve_exec.c) */
	vpd_web_config_init(&cfg);
	cfg.workflow = getenv("VPD_WORKFLOW");
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL && strcmp(o, "--quiet") != 0)
			return cli_usage(use, "'%s' needs a value or is unknown",
			    o);
		if (!strcmp(o, "--listen"))
			cfg.listen = v;
		else if (!strcmp(o, "--tls-cert"))
			cfg.tls_cert = v;
		else if (!strcmp(o, "--tls-key"))
			cfg.tls_key = v;
		else if (!strcmp(o, "--workflow"))
			cfg.workflow = v;
		else if (!strcmp(o, "--trust-proxy"))
			cfg.trusted_proxy = v;
		else if (!strcmp(o, "--user-header"))
			cfg.user_header = header = v;
		else if (!strcmp(o, "--idle-minutes")) {
			if ((rc = number(o, v, 1, 24 * 60, &cfg.idle_minutes)))
				return rc;
		} else if (!strcmp(o, "--desk-idle-minutes")) {
			if ((rc = number(o, v, 1, 24 * 60,
			    &cfg.desk_idle_minutes)))
				return rc;
		} else if (!strcmp(o, "--threads")) {
			if ((rc = number(o, v, 1, 64, &cfg.threads)))
				return rc;
		} else if (!strcmp(o, "--per-address")) {
			if ((rc = number(o, v, 1, 10000,
			    &cfg.per_ip_connections)))
				return rc;
			per_address = true;
		} else if (!strcmp(o, "--mail-every")) {
			if ((rc = number(o, v, 1, 24 * 3600,
			    &cfg.every_seconds)))
				return rc;
		} else if (!strcmp(o, "--quiet")) {
			cfg.quiet = true;
			continue;
		} else
			return cli_usage(use, "unknown option '%s'", o);
		i++;
	}
	if (cfg.workflow == NULL)
		return cli_usage(use, "serve needs --workflow NAME: the "
		    "protocol new reports run on");
	/* Behind a gateway every connection comes from the gateway: a limit
	 * per address would be a limit for the whole municipality. */
	if (cfg.trusted_proxy && !per_address)
		cfg.per_ip_connections = 512;
	if (header && cfg.trusted_proxy == NULL)
		return cli_usage(use, "--user-header is read only from the "
		    "--trust-proxy address: give that too");
	cfg.archive = c->archive;
	cfg.every = mail_tick;
	cfg.every_ud = c;
	cfg.webdir = cli_path("VPD_WEB", "src/web", VPD_DATADIR "/web");
	cfg.workflows_dir = cli_path("VPD_WORKFLOWS", "workflows",
	    VPD_DATADIR "/workflows");
	{
		vpd_who who = cli_who(c);

		cfg.letters_dir = who.letters_dir;
		cfg.fontdir = who.fontdir;
		cfg.signatures_dir = who.signatures_dir;
	}
	vpd_error_clear(&err);
	if (vpd_web_serve(&cfg, &err))
		return err.code == VPD_EUSAGE ? cli_usage(use, "%s", err.msg) :
		    cli_fail(&err);
	return 0;
}
