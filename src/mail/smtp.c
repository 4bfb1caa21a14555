/*
 * smtp.c - one plain-text mail over SMTP with libcurl (mail.h).
 *
 * The message is built here: From, To, Subject (RFC 2047 when it is
 * not ASCII), Date, Message-ID, and a UTF-8 text body with CRLF line
 * ends, lines starting with '.' doubled by libcurl.  No personal data is
 * expected in it (reminders.c), but nothing of it reaches a log either.
 */
#include "mail.h"

#include "../case/case.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

typedef struct upload {
	const char *data;
	size_t len, off;
} upload;

static size_t
reader(char *buf, size_t size, size_t n, void *ud)
{
	upload *u = ud;
	size_t room = size * n, left = u->len - u->off;

	if (room > left)
		room = left;
	memcpy(buf, u->data + u->off, room);
	u->off += room;
	return room;
}

/* The subject as a header value: as is in ASCII, else RFC 2047 base64. */
static void
subject_header(FILE *f, const char *s)
{
	bool ascii = true;
	size_t len = strlen(s);

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ascii = ascii && *p >= ' ' && *p < 0x7f;
	if (ascii) {
		fprintf(f, "Subject: %s\r\n", s);
		return;
	}
	{
		size_t cap = sodium_base64_ENCODED_LEN(len,
		    sodium_base64_VARIANT_ORIGINAL);
		char *b64 = malloc(cap);

		if (b64 == NULL)
			return;
		sodium_bin2base64(b64, cap, (const unsigned char *)s, len,
		    sodium_base64_VARIANT_ORIGINAL);
		fprintf(f, "Subject: =?UTF-8?B?%s?=\r\n", b64);
		free(b64);
	}
}

static char *
message(const json_t *settings, const char *to, const char *subject,
    const char *body, vpd_time now, size_t *len)
{
	char *out = NULL, date[64], id[33];
	unsigned char rnd[16];
	time_t t = (time_t)now;
	struct tm tm;
	FILE *f = open_memstream(&out, len);

	if (f == NULL)
		return NULL;
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
	fprintf(f, "From: vpd <%s>\r\nTo: <%s>\r\n", str(settings, "afzender"),
	    to);
	subject_header(f, subject);
	fprintf(f, "Date: %s\r\nMessage-ID: <%s@vpd>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: "
	    "auto-generated\r\n\r\n", date, id);
	for (const char *p = body; *p; p++) {
		if (*p == '\n')
			fputc('\r', f);
		fputc(*p, f);
	}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

int
vpd_mail_send(const json_t *settings, const char *to, const char *subject,
    const char *body, vpd_time now, vpd_error *err)
{
	const char *server = str(settings, "server"), *tls = str(settings,
	    "tls"), *from = str(settings, "afzender");
	long port = (long)json_integer_value(json_object_get(settings, "poort"));
	char url[600], rcpt[300], sender[300], cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpts = NULL;
	upload u = {0};
	CURL *c;
	CURLcode cc;
	int rc = 0;

	if (!vpd_mail_address_valid(to) || !vpd_mail_address_valid(from))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "not an "
		    "e-mail address vpd sends to or from");
	if (server == NULL || !*server || strpbrk(server, "/@ \r\n") ||
	    port <= 0 || port > 65535)
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0, "the mail "
		    "server is not set (vpd mail setup)");
	tls = tls ? tls : "starttls";
	snprintf(url, sizeof(url), "%s://%s:%ld", strcmp(tls, "ssl") == 0 ?
	    "smtps" : "smtp", server, port);
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	snprintf(sender, sizeof(sender), "<%s>", from);
	if ((u.data = message(settings, to, subject, body, now, &u.len)) ==
	    NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if ((c = curl_easy_init()) == NULL) {
		free((char *)u.data);
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "libcurl cannot start");
	}
	rcpts = curl_slist_append(rcpts, rcpt);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, sender);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, reader);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	if (strcmp(tls, "starttls") == 0)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (str(settings, "gebruiker") && *str(settings, "gebruiker")) {
		curl_easy_setopt(c, CURLOPT_USERNAME, str(settings,
		    "gebruiker"));
		curl_easy_setopt(c, CURLOPT_PASSWORD, str(settings,
		    "wachtwoord") ? str(settings, "wachtwoord") : "");
	}
	if ((cc = curl_easy_perform(c)) != CURLE_OK)
		rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0, "the mail to the "
		    "server %s could not be sent: %s", server, cerr[0] ? cerr :
		    curl_easy_strerror(cc));
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	free((char *)u.data);
	return rc;
}
