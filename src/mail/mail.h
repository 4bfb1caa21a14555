/*
 * mail.h - sending a plain-text mail over SMTP with libcurl (vpd-serve
 * only; docs/mail.md).
 */
#ifndef VPD_MAIL_H
#define VPD_MAIL_H

#include <jansson.h>

#include "../util/error.h"
#include "../util/time.h"

/*
 * Sends `subject` and `body` (UTF-8) to one address, with the settings
 * of vpd_mail_settings_load ("server", "poort", "tls", "gebruiker",
 * "wachtwoord", "afzender").  TLS is required unless "tls" is "geen"
 * (a test server on this machine): "starttls" (port 587) upgrades the
 * connection and fails when the server cannot, "ssl" (port 465) starts
 * with it.  Certificates are checked.  Addresses that are not
 * vpd_mail_address_valid() are refused.  `now` dates the mail.
 */
int vpd_mail_send(const json_t *settings, const char *to, const char *subject,
    const char *body, vpd_time now, vpd_error *err);

#endif
