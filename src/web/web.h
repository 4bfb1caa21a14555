/*
 * web.h - `vpd serve`: the web pages for staff, reception, managers and
 * the police, on libmicrohttpd (libmicrohttpd only in src/web/).
 *
 * The server is a layer over the core library like the command line: it
 * signs people in, turns requests into calls of src/case/ and renders
 * the results as Dutch HTML pages from template files.  It holds no
 * domain logic; every read and change goes through the same functions
 * as the CLI, with the same refusals and the same visibility matrix.
 */
#ifndef VPD_WEB_H
#define VPD_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"

typedef struct vpd_web_config {
	const char *archive;        /* the archive directory */
	const char *listen;         /* "127.0.0.1:8080", "[::1]:8443" */
	const char *tls_cert;       /* PEM files, or NULL for plain HTTP */
	const char *tls_key;
	const char *webdir;         /* templates/ and static/ */
	const char *workflow;       /* name or path: new reports run on it */
	const char *workflows_dir;  /* where a workflow name is looked up */
	const char *letters_dir;
	const char *fontdir;
	const char *signatures_dir;
	const char *trusted_proxy;  /* address whose user header is trusted */
	const char *user_header;    /* e.g. "X-Remote-User" */
	int idle_minutes;           /* sign-out after this long idle */
	int desk_idle_minutes;      /* the same for reception */
	int threads;                /* worker threads */
	int per_ip_connections;
	size_t max_body;            /* bytes of a request body */
	bool quiet;                 /* no start-up lines on stdout */
	int every_seconds;          /* how often `every` runs (0: never) */
	void (*every)(void *ud);    /* e.g. the mail reminders, on the
	                             * main thread */
	void *every_ud;
} vpd_web_config;

/* The defaults: 127.0.0.1:8080, 30 minutes idle, 4 threads, … */
void vpd_web_config_init(vpd_web_config *cfg);

/*
 * Serves until SIGINT or SIGTERM, then stops accepting, lets the requests
 * in progress finish (a change is committed whole or not at all) and
 * returns 0.  Fails with err set when it cannot start: the archive, the
 * templates, the address, the TLS files.
 */
int vpd_web_serve(const vpd_web_config *cfg, vpd_error *err);

#endif
