/*
 * test_web.c - the web layer's parts on their own: routing, form bodies
 * (urlencoded and multipart, parsed by libmicrohttpd's post processor in
 * a real daemon that the tests send raw requests to), HTML escaping of
 * page templates, sessions, CSRF tokens and sign-in throttling.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/util/file.h"
#include "../src/web/internal.h"

/* ---- Routing -------------------------------------------------------- */

static int
handler_a(web_req *r, web_resp *out)
{
	(void)r;
	(void)out;
	return 1;
}

static int
handler_b(web_req *r, web_resp *out)
{
	(void)r;
	(void)out;
	return 2;
}

static const web_route table[] = {
	{"GET", "/", handler_a, 0, 0},
	{"GET", "/zaak/{zaak}", handler_a, 0, 0},
	{"POST", "/zaak/{zaak}/stap/{naam}", handler_b, 0, 0},
	{"GET", "/zaak/{zaak}/document/{nr}/{nr}", handler_a, 0, 0},
	{"GET", "/persoon/{persoon}/foto", handler_b, 0, 0},
	{NULL, NULL, NULL, 0, 0}
};

static const web_route *
find(const char *method, const char *path, const char **params,
    bool *other)
{
	static char buf[256];

	return web_route_find(table, method, path, params, buf, sizeof(buf),
	    other);
}

static void
test_web__routes_match_placeholders_by_shape(void **state)
{
	const char *p[WEB_MAX_PARAMS];
	const web_route *r;
	bool other;

	(void)state;
	assert_non_null(r = find("GET", "/", p, &other));
	assert_ptr_equal(r->fn, handler_a);
	assert_non_null(find("GET", "/zaak/2026-0001", p, &other));
	assert_string_equal(p[0], "2026-0001");
	assert_non_null(r = find("POST", "/zaak/2026-0012/stap/overtreding",
	    p, &other));
	assert_ptr_equal(r->fn, handler_b);
	assert_string_equal(p[0], "2026-0012");
	assert_string_equal(p[1], "overtreding");
	assert_non_null(find("GET", "/zaak/2026-0001/document/5/4", p,
	    &other));
	assert_string_equal(p[1], "5");
	assert_string_equal(p[2], "4");
	assert_non_null(find("GET", "/persoon/P0001/foto", p, &other));
	assert_string_equal(p[0], "P0001");
	/* HEAD is answered like GET */
	assert_non_null(find("HEAD", "/zaak/2026-0001", p, &other));
}

static void
test_web__routes_refuse_what_has_no_shape(void **state)
{
	static const char *const bad[] = {"/zaak/2026-001", "/zaak/2026-00011",
	    "/zaak/abcd-0001", "/zaak/../etc", "/zaak/2026-0001/",
	    "/zaak//2026-0001", "/zaak/2026-0001/stap/Overtreding",
	    "/zaak/2026-0001/stap/a-b", "/persoon/P/foto",
	    "/persoon/P123456789/foto", "/persoon/Q0001/foto",
	    "/zaak/2026-0001/document/1234567/1", "zaak/2026-0001", "",
	    "/onbekend", "/zaak/2026-0001/verloop/0123abc",
	    "/zaak/2026-0001/verloop/0123456789ABCDEF0123456789abcdef01234567",
	    "/zaak/2026-0001/verloop/0123456789abcdef0123456789abcdef012345678",
	    NULL};
	const char *p[WEB_MAX_PARAMS];
	bool other;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		assert_null(find("GET", bad[i], p, &other));
		assert_false(other);
	}
	/* the path exists, for another method: 405 rather than 404 */
	assert_null(find("POST", "/zaak/2026-0001", p, &other));
	assert_true(other);
	assert_null(find("GET", "/zaak/2026-0001/stap/afsluiten", p, &other));
	assert_true(other);
}

static void
test_web__routes_of_the_site_are_sound(void **state)
{
	const char *p[WEB_MAX_PARAMS];
	bool other;
	char buf[256];

	(void)state;
	/* Every pattern of the real table matches an example of itself. */
	for (const web_route *r = web_routes; r->pattern; r++) {
		char path[256], *w = path;
		const char *s = r->pattern;

		while (*s) {
			if (*s == '{') {
				const char *e = strchr(s, '}');

				if (strncmp(s, "{zaak}", 6) == 0)
					w += sprintf(w, "2026-0001");
				else if (strncmp(s, "{persoon}", 9) == 0)
					w += sprintf(w, "P0001");
				else if (strncmp(s, "{nr}", 4) == 0)
					w += sprintf(w, "1");
				else if (strncmp(s, "{commit}", 8) == 0)
					w += sprintf(w, "%s", "0123456789abcdef"
					    "0123456789abcdef01234567");
				else
					w += sprintf(w, "naam");
				s = e + 1;
			} else {
				*w++ = *s++;
			}
		}
		*w = '\0';
		assert_ptr_equal(web_route_find(web_routes, r->method, path, p,
		    buf, sizeof(buf), &other), r);
	}
}

/* ---- Forms, through a real daemon ------------------------------------ */

typedef struct {
	web_form *form;
	int state;
} conn;

/* Answers every POST with what the form module made of it. */
static enum MHD_Result
echo(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *size, void **ptr)
{
	size_t max = *(size_t *)cls;
	conn *k = *ptr;
	json_t *out;
	char *text;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const web_file *f;

	(void)url;
	(void)method;
	(void)version;
	if (k == NULL) {
		k = calloc(1, sizeof(*k));
		k->form = web_form_new(max, max);
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
	out = json_pack("{sisssO}", "state", k->state, "error",
	    web_form_error(k->form), "fields", web_form_json(k->form));
	json_decref(json_object_get(out, "fields"));
	{
		const char *all[8];
		size_t n = web_form_all(k->form, "b", all, 8);

		json_object_set_new(out, "b_count", json_integer((json_int_t)n));
	}
	if ((f = web_form_file(k->form, "bestand")) != NULL)
		json_object_set_new(out, "file", json_pack("{sssssI}",
		    "filename", f->filename, "type", f->type, "len",
		    (json_int_t)f->len));
	text = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(out);
	resp = MHD_create_response_from_buffer(strlen(text), text,
	    MHD_RESPMEM_MUST_FREE);
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
}

typedef struct {
	struct MHD_Daemon *d;
	uint16_t port;
	size_t max;
} server;

static int
server_up(void **state)
{
	server *s = calloc(1, sizeof(*s));
	const union MHD_DaemonInfo *info;

	s->max = 64 * 1024;
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_AUTO, 0, NULL, NULL, echo, &s->max,
	    MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
	assert_non_null(s->d);
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info->port;
	*state = s;
	return 0;
}

static int
server_down(void **state)
{
	server *s = *state;

	MHD_stop_daemon(s->d);
	free(s);
	return 0;
}

/* Sends a raw request and returns the JSON the echo handler answered. */
static json_t *
send_raw(server *s, const char *type, const char *body, size_t len)
{
	struct sockaddr_in a;
	char head[512], buf[65536];
	size_t got = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	const char *json;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(s->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	snprintf(head, sizeof(head), "POST /x HTTP/1.1\r\nHost: t\r\n"
	    "Connection: close\r\n%s%s%sContent-Length: %zu\r\n\r\n",
	    type ? "Content-Type: " : "", type ? type : "", type ? "\r\n" : "",
	    len);
	assert_true(write(fd, head, strlen(head)) == (ssize_t)strlen(head));
	assert_true(write(fd, body, len) == (ssize_t)len);
	while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd);
	json = strstr(buf, "\r\n\r\n");
	assert_non_null(json);
	return json_loads(json + 4, 0, NULL);
}

#define URLENC "application/x-www-form-urlencoded"

static const char *
val(const json_t *r, const char *name)
{
	return json_string_value(json_object_get(json_object_get(r, "fields"),
	    name));
}

static void
test_web__urlencoded_fields(void **state)
{
	static const char body[] = "a=1&b=hallo+wereld&b=tweede&c=%C3%A9t%C3%A9"
	    "&t=regel+1%0D%0Aregel+2%0Dregel+3&leeg=";
	json_t *r = send_raw(*state, URLENC, body, sizeof(body) - 1);

	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_OK);
	assert_string_equal(val(r, "a"), "1");
	assert_string_equal(val(r, "b"), "hallo wereld");
	assert_int_equal(json_integer_value(json_object_get(r, "b_count")), 2);
	assert_string_equal(val(r, "c"), "été");
	/* CR LF and a lone CR become LF, as text typed elsewhere is stored */
	assert_string_equal(val(r, "t"), "regel 1\nregel 2\nregel 3");
	assert_string_equal(val(r, "leeg"), "");
	json_decref(r);
}

static void
test_web__urlencoded_hostile_text_is_refused(void **state)
{
	static const struct {
		const char *body, *error;
		int code;
	} cases[] = {
		{"naam=a%01b", "field 'naam' is not valid text", WEB_FORM_BAD},
		{"naam=%FF", "field 'naam' is not valid text", WEB_FORM_BAD},
		{"naam=%C0%AF", "field 'naam' is not valid text", WEB_FORM_BAD},
		{"naam=%ED%A0%80", "field 'naam' is not valid text",
		    WEB_FORM_BAD},
		{"naam=%C2%85", "field 'naam' is not valid text", WEB_FORM_BAD},
		{"Naam+X=1", "a field name is not allowed", WEB_FORM_BAD},
		{"naam=a%00b", "is not valid text", WEB_FORM_BAD},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = send_raw(*state, URLENC, cases[i].body,
		    strlen(cases[i].body));
		const char *e = json_string_value(json_object_get(r, "error"));

		if (json_integer_value(json_object_get(r, "state")) !=
		    cases[i].code)
			fail_msg("%s: state %lld", cases[i].body, (long long)
			    json_integer_value(json_object_get(r, "state")));
		assert_non_null(strstr(e, cases[i].error));
		/* the message names the field, never its value */
		assert_null(strstr(e, "%"));
		json_decref(r);
	}
	{
		/* a raw NUL byte, not encoded: once cut the value short */
		static const char raw[] = "naam=M.+de+Manager\0rest&x=1";
		json_t *r = send_raw(*state, URLENC, raw, sizeof(raw) - 1);

		assert_int_equal(json_integer_value(json_object_get(r,
		    "state")), WEB_FORM_BAD);
		assert_non_null(strstr(json_string_value(json_object_get(r,
		    "error")), "NUL"));
		json_decref(r);
	}
}

static void
test_web__bodies_are_bounded(void **state)
{
	server *s = *state;
	char *big = malloc(70000), *many = malloc(WEB_FORM_MAX_FIELDS * 8 +
	    64);
	size_t n = 0;
	json_t *r;

	memcpy(big, "a=", 2);
	memset(big + 2, 'x', 70000 - 2);
	r = send_raw(s, URLENC, big, 70000);
	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_TOO_LARGE);
	json_decref(r);
	for (int i = 0; i <= WEB_FORM_MAX_FIELDS; i++)
		n += (size_t)sprintf(many + n, "%sf%d=", i ? "&" : "", i);
	r = send_raw(s, URLENC, many, n);
	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_TOO_LARGE);
	assert_non_null(strstr(json_string_value(json_object_get(r, "error")),
	    "more than"));
	json_decref(r);
	r = send_raw(s, "application/json", "{}", 2);
	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_UNSUPPORTED);
	json_decref(r);
	r = send_raw(s, NULL, "a=1", 3);
	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_UNSUPPORTED);
	json_decref(r);
	free(big);
	free(many);
}

static void
test_web__multipart_text_and_file(void **state)
{
	static const char part1[] = "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: "
	    "form-data; name=\"bestand\"; filename=\"../../foto.jpg\"\r\n"
	    "Content-Type: image/jpeg\r\n\r\n";
	static const char part2[] = "\r\n--XyZ\r\nContent-Disposition: "
	    "form-data; name=\"tekst\"\r\n\r\nregel 1\r\nregel 2\r\n"
	    "--XyZ--\r\n";
	unsigned char file[3000];
	char *body = malloc(sizeof(part1) + sizeof(file) + sizeof(part2));
	size_t n = 0;
	json_t *r;

	/* binary content, NUL bytes and a fake boundary-like line included */
	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (unsigned char)(i * 7);
	memcpy(file + 100, "\r\n--Xy", 6);
	memcpy(body, part1, sizeof(part1) - 1);
	n = sizeof(part1) - 1;
	memcpy(body + n, file, sizeof(file));
	n += sizeof(file);
	memcpy(body + n, part2, sizeof(part2) - 1);
	n += sizeof(part2) - 1;
	r = send_raw(*state, "multipart/form-data; boundary=XyZ", body, n);
	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_OK);
	assert_string_equal(val(r, "csrf"), "abc");
	assert_string_equal(val(r, "tekst"), "regel 1\nregel 2");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r,
	    "file"), "len")), sizeof(file));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    r, "file"), "type")), "image/jpeg");
	/* the name as sent: never used for a path */
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    r, "file"), "filename")), "../../foto.jpg");
	json_decref(r);
	free(body);
}

static void
test_web__multipart_hostile_bodies(void **state)
{
	static const char nobound[] = "--a\r\nContent-Disposition: form-data; "
	    "name=\"x\"\r\n\r\n1\r\n--a--\r\n";
	static const char ctrl[] = "--B\r\nContent-Disposition: form-data; "
	    "name=\"x\"\r\n\r\na\x1b[31mb\r\n--B--\r\n";
	json_t *r;

	r = send_raw(*state, "multipart/form-data", nobound,
	    sizeof(nobound) - 1);
	assert_int_not_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_OK);
	json_decref(r);
	r = send_raw(*state, "multipart/form-data; boundary=B", ctrl,
	    sizeof(ctrl) - 1);
	assert_int_equal(json_integer_value(json_object_get(r, "state")),
	    WEB_FORM_BAD);
	json_decref(r);
}

/* ---- Escaping ------------------------------------------------------- */

static void
test_web__pages_escape_html(void **state)
{
	vpd_template *t = NULL;
	vpd_render_opts o = {.escape_html = true, .empty_is_false = true};
	json_t *d = json_pack("{ssssss}", "naam", "<script>alert(\"x\")</script>"
	    " & Co", "leeg", "", "vol", "ja");
	vpd_error err;
	char *out = NULL;

	(void)state;
	assert_int_equal(vpd_template_parse(&t, "t", "<p title=\"{{naam}}\">"
	    "{{naam}}</p>{{#leeg}}LEEG{{/leeg}}{{#vol}}VOL{{/vol}}", &err), 0);
	assert_int_equal(vpd_template_render(t, d, &o, &out, &err), 0);
	assert_string_equal(out, "<p title=\"&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt; &amp; Co\">&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt; &amp; Co</p>VOL");
	free(out);
	vpd_template_free(t);
	json_decref(d);
}

/* Only the layout takes raw HTML (the rendered page); no page template
 * may print a value unescaped. */
static void
test_web__templates_print_nothing_unescaped(void **state)
{
	DIR *d = opendir("src/web/templates");
	struct dirent *e;
	int seen = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[600];
		size_t len;
		vpd_error err;
		char *text, *p;

		if (strstr(e->d_name, ".html") == NULL)
			continue;
		snprintf(path, sizeof(path), "src/web/templates/%s", e->d_name);
		text = vpd_file_read(path, &len, &err);
		assert_non_null(text);
		for (p = text; (p = strstr(p, "{{{")) != NULL; p += 3) {
			assert_string_equal(e->d_name, "layout.html");
			assert_int_equal(strncmp(p, "{{{inhoud}}}", 12), 0);
		}
		assert_null(strstr(text, "{{&"));
		/* and no inline script or style, which CSP would block */
		assert_null(strstr(text, "<script>"));
		assert_null(strstr(text, "style=\""));
		/* no event handler attributes (onclick=, onload=, ...) */
		for (p = text; (p = strstr(p, " on")) != NULL; p += 3) {
			size_t k = strspn(p + 3, "abcdefghijklmnopqrstuvwxyz");

			assert_false(p[3 + k] == '=');
		}
		free(text);
		seen++;
	}
	closedir(d);
	assert_true(seen >= 10);
}

/* ---- Sessions, CSRF, throttling ------------------------------------- */

static void
test_web__sessions_expire_when_idle(void **state)
{
	web_sessions *s = web_sessions_new(1800, 8 * 3600, 12 * 3600, 16);
	char t1[VPD_TOKEN_HEX], t2[VPD_TOKEN_HEX];
	web_session got;

	(void)state;
	web_session_create(s, "M", VPD_ROLE_MANAGER, false, 1000, t1);
	web_session_create(s, "R", VPD_ROLE_RECEPTION, false, 1000, t2);
	assert_int_equal(strlen(t1), 64);
	assert_true(web_session_get(s, t1, 1000 + 1799, &got));
	assert_string_equal(got.actor, "M");
	assert_int_equal(strlen(got.csrf), 64);
	/* used at 2799: idle counts from there */
	assert_true(web_session_get(s, t1, 2799 + 1800, &got));
	assert_false(web_session_get(s, t1, 4599 + 1801, &got));
	/* gone for good once expired */
	assert_false(web_session_get(s, t1, 4599 + 10, &got));
	/* the desk has its own, longer idle time */
	assert_true(web_session_get(s, t2, 1000 + 4 * 3600, &got));
	/* but no session lives longer than its maximum age */
	assert_true(web_session_get(s, t2, 1000 + 11 * 3600, &got));
	assert_false(web_session_get(s, t2, 1000 + 12 * 3600 + 1, &got));
	web_sessions_free(s);
}

static void
test_web__sessions_tokens_flash_and_end(void **state)
{
	web_sessions *s = web_sessions_new(1800, 1800, 43200, 2);
	char a[VPD_TOKEN_HEX], b[VPD_TOKEN_HEX], c[VPD_TOKEN_HEX];
	char wrong[VPD_TOKEN_HEX];
	web_session got;

	(void)state;
	web_session_create(s, "A", VPD_ROLE_STAFF, false, 10, a);
	web_session_create(s, "B", VPD_ROLE_STAFF, false, 20, b);
	assert_string_not_equal(a, b);
	memcpy(wrong, a, sizeof(wrong));
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	assert_false(web_session_get(s, wrong, 30, &got));
	assert_false(web_session_get(s, "kort", 30, &got));
	assert_false(web_session_get(s, NULL, 30, &got));
	/* a full table makes room by the session used longest ago */
	assert_true(web_session_get(s, a, 40, &got));
	web_session_create(s, "C", VPD_ROLE_STAFF, false, 50, c);
	assert_false(web_session_get(s, b, 60, &got));
	assert_true(web_session_get(s, a, 60, &got));
	/* a message is shown once */
	web_session_set_flash(s, c, "Opgeslagen.");
	assert_true(web_session_get(s, c, 70, &got));
	assert_string_equal(got.flash, "Opgeslagen.");
	assert_true(web_session_get(s, c, 71, &got));
	assert_string_equal(got.flash, "");
	web_session_end(s, c);
	assert_false(web_session_get(s, c, 72, &got));
	web_session_end_actor(s, "A");
	assert_int_equal(web_sessions_count(s), 0);
	web_sessions_free(s);
}

static void
test_web__csrf_token_is_the_sessions(void **state)
{
	web_sessions *s = web_sessions_new(1800, 1800, 43200, 4);
	char t[VPD_TOKEN_HEX], other[VPD_TOKEN_HEX];
	web_session a, b;

	(void)state;
	web_session_create(s, "A", VPD_ROLE_STAFF, false, 1, t);
	assert_true(web_session_get(s, t, 2, &a));
	web_session_create(s, "B", VPD_ROLE_STAFF, false, 1, other);
	assert_true(web_session_get(s, other, 2, &b));
	assert_true(web_csrf_ok(&a, a.csrf));
	assert_false(web_csrf_ok(&a, b.csrf));
	assert_false(web_csrf_ok(&a, ""));
	assert_false(web_csrf_ok(&a, NULL));
	assert_false(web_csrf_ok(NULL, a.csrf));
	/* the session token is not the form token */
	assert_false(web_csrf_ok(&a, t));
	web_sessions_free(s);
}

static void
test_web__throttle_waits_and_doubles(void **state)
{
	web_throttle *t = web_throttle_new(2);

	(void)state;
	for (int i = 0; i < 4; i++) {
		web_throttle_fail(t, "actor:M", 5, 60, 100);
		assert_int_equal(web_throttle_wait(t, "actor:M", 100), 0);
	}
	web_throttle_fail(t, "actor:M", 5, 60, 100);
	assert_int_equal(web_throttle_wait(t, "actor:M", 100), 61);
	assert_int_equal(web_throttle_wait(t, "actor:M", 161), 0);
	web_throttle_fail(t, "actor:M", 5, 60, 161);
	assert_int_equal(web_throttle_wait(t, "actor:M", 161), 121);
	/* never longer than 15 minutes */
	for (int i = 0; i < 20; i++)
		web_throttle_fail(t, "actor:M", 5, 60, 200);
	assert_int_equal(web_throttle_wait(t, "actor:M", 200), 901);
	/* other keys are not held up; a bounded table forgets the oldest */
	assert_int_equal(web_throttle_wait(t, "addr:1.2.3.4", 200), 0);
	web_throttle_fail(t, "addr:1.2.3.4", 1, 60, 300);
	web_throttle_fail(t, "addr:5.6.7.8", 1, 60, 400);
	assert_int_equal(web_throttle_wait(t, "addr:5.6.7.8", 400), 61);
	web_throttle_clear(t, "addr:5.6.7.8");
	assert_int_equal(web_throttle_wait(t, "addr:5.6.7.8", 400), 0);
	/* after an hour without failures the count starts again: four
	 * typos then do not make anyone wait */
	for (int i = 0; i < 4; i++)
		web_throttle_fail(t, "addr:5.6.7.8", 5, 60, 500);
	for (int i = 0; i < 4; i++)
		web_throttle_fail(t, "addr:5.6.7.8", 5, 60, 500 + 3601);
	assert_int_equal(web_throttle_wait(t, "addr:5.6.7.8", 4101), 0);
	web_throttle_fail(t, "addr:5.6.7.8", 5, 60, 4101);
	assert_int_equal(web_throttle_wait(t, "addr:5.6.7.8", 4101), 61);
	web_throttle_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_web__routes_match_placeholders_by_shape),
		cmocka_unit_test(test_web__routes_refuse_what_has_no_shape),
		cmocka_unit_test(test_web__routes_of_the_site_are_sound),
		cmocka_unit_test_setup_teardown(test_web__urlencoded_fields,
		    server_up, server_down),
		cmocka_unit_test_setup_teardown(
		    test_web__urlencoded_hostile_text_is_refused, server_up,
		    server_down),
		cmocka_unit_test_setup_teardown(test_web__bodies_are_bounded,
		    server_up, server_down),
		cmocka_unit_test_setup_teardown(
		    test_web__multipart_text_and_file, server_up, server_down),
		cmocka_unit_test_setup_teardown(
		    test_web__multipart_hostile_bodies, server_up, server_down),
		cmocka_unit_test(test_web__pages_escape_html),
		cmocka_unit_test(test_web__templates_print_nothing_unescaped),
		cmocka_unit_test(test_web__sessions_expire_when_idle),
		cmocka_unit_test(test_web__sessions_tokens_flash_and_end),
		cmocka_unit_test(test_web__csrf_token_is_the_sessions),
		cmocka_unit_test(test_web__throttle_waits_and_doubles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
