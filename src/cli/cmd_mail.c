/*
 * cmd_mail.c - `vpd mail`: the settings for e-mail reminders, and
 * sending the reminders that are due (docs/mail.md).  Sending needs
 * libcurl, so this command lives in vpd-serve; vpd hands it over
 * (serve_exec.c).  The server sends the same reminders on a timer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../mail/mail.h"
#include "../util/file.h"
#include "cli.h"

static const char use[] =
    "vpd --as COORDINATOR mail setup --server HOST [--port N] "
    "[--tls starttls|ssl|geen]\n"
    "                               --from ADDRESS [--user NAME "
    "--password-file FILE]\n"
    "                               --link URL [--before HOURS,...]\n"
    "       vpd mail status [--json]\n"
    "       vpd mail send [--dry-run] [--json]";

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* "24,4" -> [24, 4]: whole hours from 1 to 720. */
static json_t *
hours_list(const char *s)
{
	json_t *out = json_array();
	char *end;

	while (*s) {
		long h = strtol(s, &end, 10);

		if (end == s || h < 1 || h > 720 || (*end && *end != ',') ||
		    json_array_size(out) >= 8) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, json_integer(h));
		s = *end ? end + 1 : end;
	}
	return out;
}

static int
setup(cli *c, int argc, char **argv)
{
	const char *server = NULL, *tls = "starttls", *from = NULL, *user = NULL,
	    *pwfile = NULL, *link = "", *before = "24,4";
	long port = 0;
	json_t *settings = NULL, *old = NULL, *hours;
	char *pw = NULL, since[VPD_TIME_UTC_LEN];
	vpd_who who = cli_who(c);
	vpd_archive *a;
	vpd_error err;
	int rc;

	for (int i = 0; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL)
			return cli_usage(use, "unexpected '%s'", o);
		if (!strcmp(o, "--server"))
			server = v;
		else if (!strcmp(o, "--port"))
			port = strtol(v, NULL, 10);
		else if (!strcmp(o, "--tls"))
			tls = v;
		else if (!strcmp(o, "--from"))
			from = v;
		else if (!strcmp(o, "--user"))
			user = v;
		else if (!strcmp(o, "--password-file"))
			pwfile = v;
		else if (!strcmp(o, "--link"))
			link = v;
		else if (!strcmp(o, "--before"))
			before = v;
		else
			return cli_usage(use, "unexpected '%s'", o);
		i++;
	}
	if (server == NULL || from == NULL)
		return cli_usage(use, "mail setup needs --server and --from");
	if (strcmp(tls, "starttls") && strcmp(tls, "ssl") && strcmp(tls, "geen"))
		return cli_usage(use, "--tls: starttls, ssl or geen");
	if (port == 0)
		port = strcmp(tls, "ssl") == 0 ? 465 : 587;
	if (port < 1 || port > 65535 || strpbrk(server, "/@ \t\r\n") ||
	    !*server)
		return cli_usage(use, "--server HOST and --port 1..65535");
	if (!vpd_mail_address_valid(from))
		return cli_usage(use, "--from: not an e-mail address");
	if (strcmp(tls, "geen") == 0 && strcmp(server, "127.0.0.1") &&
	    strcmp(server, "localhost") && strcmp(server, "::1"))
		return cli_usage(use, "--tls geen: only for a server on this "
		    "machine (127.0.0.1); anything else needs TLS");
	if (strcmp(tls, "geen") == 0 && user)
		return cli_usage(use, "--tls geen: no account, a password is "
		    "never sent in the clear");
	if (!*link || (strncmp(link, "https://", 8) && strncmp(link,
	    "http://", 7)))
		return cli_usage(use, "--link: the web pages' address, "
		    "https://…, for the link in each mail");
	if (strpbrk(link, " \t\r\n<>\"") || strlen(link) > 200)
		return cli_usage(use, "--link: not an address");
	if ((hours = hours_list(before)) == NULL)
		return cli_usage(use, "--before: hours before a deadline, "
		    "e.g. 24,4 (1 to 720)");
	if (pwfile) {
		size_t len;

		if ((pw = vpd_file_read(pwfile, &len, &err)) == NULL) {
			json_decref(hours);
			return cli_fail(&err);
		}
		pw[strcspn(pw, "\r\n")] = '\0';
	}
	if ((rc = cli_open(c, &a))) {
		free(pw);
		json_decref(hours);
		return rc;
	}
	vpd_error_clear(&err);
	/* a coordinator's setting: an unknown or other actor is refused */
	{
		json_t *list = NULL;
		unsigned roles = 0;

		if (vpd_core_actor_list(a, &list, &err) == 0)
			roles = vpd_actor_entry_roles(json_object_get(
			    json_object_get(list, "actoren"), who.actor ?
			    who.actor : ""));
		json_decref(list);
		if (!(roles & VPD_ROLE_COORDINATOR)) {
			vpd_archive_free(a);
			free(pw);
			json_decref(hours);
			vpd_error_set(&err, VPD_EREFUSED, NULL, 0, 0, "mail setup: "
			    "for a coordinator (--as)");
			return cli_fail(&err);
		}
	}
	/* nothing due before the first setup is sent: keep its time */
	if ((rc = vpd_mail_settings_load(a, &old, &err)) == 0) {
		vpd_time_format_utc(who.now, since);
		settings = json_pack("{sssIsssssssssssossss}", "server", server,
		    "poort", (json_int_t)port, "tls", tls, "afzender", from,
		    "gebruiker", user ? user : "", "wachtwoord", pw ? pw : (old ?
		    str(old, "wachtwoord") : ""), "link", link, "voor", hours,
		    "sinds", old && *str(old, "sinds") ? str(old, "sinds") : since,
		    "door", who.actor);
		rc = settings ? vpd_mail_settings_save(a, settings, &err) :
		    vpd_error_set(&err, VPD_EINVALID, NULL, 0, 0, "the settings "
		    "are not valid UTF-8");
	}
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	vpd_archive_free(a);
	json_decref(old);
	if (rc) {
		json_decref(settings);
		return cli_fail(&err);
	}
	printf("mail: reminders through %s:%ld (%s) from %s, %s hours before "
	    "a deadline; reminders due from %s on\n", server, port, tls, from,
	    before, str(settings, "sinds"));
	json_decref(settings);
	return 0;
}

static int
status(cli *c, int argc, char **argv)
{
	bool as_json = argc == 1 && !strcmp(argv[0], "--json");
	json_t *s = NULL;
	vpd_archive *a;
	vpd_error err;
	int rc;

	if (argc > 0 && !as_json)
		return cli_usage(use, "unexpected '%s'", argv[0]);
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_mail_settings_load(a, &s, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (s)
		/* never the password */
		json_object_set_new(s, "wachtwoord", json_boolean(*str(s,
		    "wachtwoord")));
	if (as_json)
		cli_print_json(s ? s : json_null());
	else if (s == NULL)
		printf("mail: not set up (vpd mail setup)\n");
	else
		printf("mail: %s:%lld (%s) from %s%s%s; link %s; reminders "
		    "due from %s on\n", str(s, "server"), (long long)
		    json_integer_value(json_object_get(s, "poort")), str(s, "tls"),
		    str(s, "afzender"), *str(s, "gebruiker") ? " as " : "",
		    str(s, "gebruiker"), *str(s, "link") ? str(s, "link") : "-",
		    str(s, "sinds"));
	json_decref(s);
	return 0;
}

typedef struct sender {
	const json_t *settings;
	vpd_time now;
} sender;

static int
send_one(void *ud, const json_t *mail, vpd_error *err)
{
	sender *s = ud;

	return vpd_mail_send(s->settings, str(mail, "aan"), str(mail,
	    "onderwerp"), str(mail, "tekst"), s->now, err);
}

int
vpd_cli_mail_run(vpd_archive *a, vpd_time now, bool dry, json_t **result,
    vpd_error *err)
{
	json_t *settings = NULL;
	sender s;
	int rc;

	*result = NULL;
	if ((rc = vpd_mail_settings_load(a, &settings, err)))
		return rc;
	if (settings == NULL)
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0, "mail is "
		    "not set up (vpd mail setup)");
	s.settings = settings;
	s.now = now;
	rc = vpd_core_reminders(a, now, settings, dry, send_one, &s, result,
	    err);
	json_decref(settings);
	return rc;
}

static int
send_due(cli *c, int argc, char **argv)
{
	bool dry = false, as_json = false;
	vpd_who who = cli_who(c);
	json_t *res = NULL, *m;
	vpd_archive *a;
	vpd_error err;
	size_t i;
	int rc;

	for (int i2 = 0; i2 < argc; i2++) {
		if (!strcmp(argv[i2], "--dry-run"))
			dry = true;
		else if (!strcmp(argv[i2], "--json"))
			as_json = true;
		else
			return cli_usage(use, "unexpected '%s'", argv[i2]);
	}
	if ((rc = cli_open(c, &a)))
		return rc;
	vpd_error_clear(&err);
	rc = vpd_cli_mail_run(a, who.now, dry, &res, &err);
	vpd_archive_free(a);
	if (rc)
		return cli_fail(&err);
	if (as_json)
		cli_print_json(res);
	else {
		json_array_foreach(json_object_get(res, "verzonden"), i, m)
			printf("%s %s: %s (%zu)\n", json_is_true(json_object_get(m,
			    "niet_verzonden")) ? "nobody to send" : dry ?
			    "would send" : "sent", str(m, "sleutel"), str(m,
			    "onderwerp"), json_array_size(json_object_get(m,
			    "aan")));
		if (json_is_true(json_object_get(res, "bezet")))
			printf("another run is sending; nothing done\n");
	}
	json_decref(res);
	return 0;
}

int
cmd_mail(cli *c, int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		printf("usage: %s\n\nE-mail reminders: a deadline that comes "
		    "near (--before, hours) or passes\ngoes to the actors who "
		    "must act and have an e-mail address (vpd actor add\n"
		    "--email); a new report to the managers of its department.  "
		    "Each reminder\nis sent once and kept in ARCHIVE/private/, "
		    "outside the history.  Mails\nname the case, the deadline "
		    "and a link, never a person.  'vpd serve' sends\nthem every "
		    "minute; 'vpd mail send' does it now (from cron, say).\n"
		    "TLS is required unless --tls geen (a test server on this "
		    "machine only).\nThe password is read from --password-file "
		    "and kept in\nARCHIVE/private/mail.json (mode 0600).\n",
		    use);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "setup"))
		return setup(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "status"))
		return status(c, argc - 2, argv + 2);
	if (!strcmp(argv[1], "send"))
		return send_due(c, argc - 2, argv + 2);
	return cli_usage(use, "unknown mail command '%s'", argv[1]);
}
