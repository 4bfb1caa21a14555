/*
 * fuzz_form.c - a POST body as a browser (or anyone) sends it, through
 * libmicrohttpd and the form module (src/web/form.c): urlencoded, and
 * multipart with a boundary, without one, or a content type that is no
 * form.  The daemon runs once, on loopback; each input is one request.
 *
 * Besides crashes, a finding is a field handed on that is not what the
 * form module promises: valid UTF-8 without control characters other
 * than tab and line feed (and no CR, which becomes LF).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "../../src/web/internal.h"

typedef struct {
	web_form *form;
	int state;
} conn;

/* Requests the daemon has finished with: an input is done only when its
 * form has been freed, so inputs never overlap. */
static atomic_ulong finished;

/* What the form module promises of a text value. */
static void
check_text(const char *s)
{
	json_t *j = json_string(s);      /* NULL when not UTF-8 */

	if (j == NULL)
		abort();
	json_decref(j);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			abort();
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **ptr)
{
	conn *k = *ptr;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	json_t *fields, *v;
	const char *key;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	if (k == NULL) {
		if ((k = calloc(1, sizeof(*k))) == NULL ||
		    (k->form = web_form_new(16 * 1024, 8 * 1024)) == NULL)
			abort();
		k->state = web_form_begin(k->form, c);
		*ptr = k;
		return MHD_YES;
	}
	if (*size) {
		if (k->state == WEB_FORM_OK)
			k->state = web_form_feed(k->form, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (k->state == WEB_FORM_OK)
		k->state = web_form_end(k->form);
	if (k->state == WEB_FORM_OK) {
		fields = web_form_json(k->form);
		json_object_foreach(fields, key, v) {
			check_text(key);
			if (json_is_string(v))
				check_text(json_string_value(v));
		}
		json_decref(fields);
		(void)web_form_get(k->form, "a");
		(void)web_form_file(k->form, "bestand");
	} else if (web_form_error(k->form) == NULL) {
		abort();                  /* a refusal says why */
	}
	resp = MHD_create_response_from_buffer(2, (void *)"ok",
	    MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
done(void *cls, struct MHD_Connection *c, void **ptr,
    enum MHD_RequestTerminationCode code)
{
	conn *k = *ptr;

	(void)cls;
	(void)c;
	(void)code;
	if (k) {
		web_form_free(k->form);
		free(k);
	}
	*ptr = NULL;
	atomic_fetch_add(&finished, 1);
}

static uint16_t port;

static void
start(void)
{
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
	    handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)5, MHD_OPTION_END);
	const union MHD_DaemonInfo *info;

	if (d == NULL)
		abort();
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = info->port;
}

/*
 * A connection to the daemon.  connect() can fail for a while without
 * anything being wrong with the form module: EINTR while LeakSanitizer
 * stops the threads to look for leaks (libFuzzer does that now and then),
 * or no free local port among the sockets in TIME_WAIT after some 100,000
 * requests.  Those are retried for up to 10 s; anything else, or longer,
 * is the harness failing, said with its reason.
 */
static int
dial(const struct sockaddr_in *a)
{
	for (int tries = 0; tries < 10000; tries++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0), e;

		if (fd < 0) {
			perror("fuzz_form: socket");
			return -1;
		}
		if (connect(fd, (const struct sockaddr *)a, sizeof(*a)) == 0)
			return fd;
		e = errno;
		close(fd);
		if (e != EINTR && e != EAGAIN && e != EADDRNOTAVAIL &&
		    e != ECONNREFUSED && e != ETIMEDOUT) {
			fprintf(stderr, "fuzz_form: connect: %s\n", strerror(e));
			return -1;
		}
		if (tries == 9999)
			fprintf(stderr, "fuzz_form: connect: %s, for 10 s\n",
			    strerror(e));
		usleep(1000);
	}
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *types[] = {
	    "application/x-www-form-urlencoded",
	    "multipart/form-data; boundary=XyZ",
	    "multipart/form-data",
	    "text/plain",
	};
	static unsigned long sent;
	struct sockaddr_in a;
	char head[256], buf[4096];
	ssize_t n;
	int fd;

	if (port == 0)
		start();
	if (size == 0)
		return 0;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = dial(&a)) < 0)
		abort();
	snprintf(head, sizeof(head), "POST /x HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	    "\r\n", types[data[0] % 4], size - 1);
	if (write(fd, head, strlen(head)) < 0 ||
	    (size > 1 && write(fd, data + 1, size - 1) < 0)) {
		close(fd);
		return 0;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	/* the daemon's thread frees the form after the answer is out */
	sent++;
	while (atomic_load(&finished) < sent)
		sched_yield();
	return 0;
}
