#!/bin/sh
# End-to-end test of `vpd serve` behind a real Apache reverse proxy that
# signs people in, as a municipality runs it behind its sign-on gateway:
# Apache asks for HTTP basic auth, strips any X-Remote-User the client
# sent, sets it to the authenticated user and proxies to vpd, which
# trusts that header from the --trust-proxy address only.  Checked with
# curl: who is signed in, roles, forged headers, CSRF forms that commit,
# an unknown user, the security headers and the access log.
# Usage: e2e_proxy.sh VPD   (needs apache2 and htpasswd: scripts/deps.sh)
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
export VPD_WEB="$TOP/src/web"

APACHE=${APACHE:-/usr/sbin/apache2}
MODS=${APACHE_MODULES:-/usr/lib/apache2/modules}
if [ ! -x "$APACHE" ] || [ ! -f "$MODS/mod_proxy_http.so" ] || ! command -v htpasswd >/dev/null; then
	echo "e2e proxy: apache2 with mod_proxy_http and htpasswd (apache2-utils) are needed;" \
	    "scripts/deps.sh installs them" >&2
	exit 1
fi

# Both servers are stopped on any exit, then the scratch directory goes.
cleanup() {
	for p in vpd.pid apache.pid; do
		[ -s "$WORK/$p" ] && kill -TERM "$(cat "$WORK/$p")" 2>/dev/null
	done
	wait 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Two free ports on the loopback: vpd's and Apache's.
set -- $(python3 -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
VPORT=$1 APORT=$2
# wait_http URL NAME: until something answers HTTP there
wait_http() {
	i=0
	while [ $i -lt 100 ]; do
		c=$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)
		[ "$c" != 000 ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "$2 did not start:"; cat "$2.err" 2>/dev/null; cat apache/error.log 2>/dev/null
	return 1
}
# stop NAME PIDFILE: SIGTERM; vpd must end with status 0 (under the
# sanitizers a leak or a fault makes it non-zero)
stop() {
	pid=$(cat "$2"); kill -TERM "$pid" 2>/dev/null
	wait "$pid"; st=$?
	rm -f "$2"
	if [ "$st" -eq 0 ]; then ok; else
		bad "$1 ended with status $st"; grep -A20 "ERROR\|runtime error" "$1.err" 2>/dev/null | head -40; fi
}

# --- an archive with people of several roles and one case ------------------
export VPD_NOW=2026-11-25T10:00:00+01:00
C="C. Coördinator" M="M. Manager" R="R. Receptie" A="A. Jansen"
"$VPD" --as "$C" init >/dev/null || { bad "init"; exit 1; }
"$VPD" --as "$C" actor add "$C" --role coordinator >/dev/null || bad "add $C"
"$VPD" --as "$C" actor add "$M" --role manager --afdeling Burgerzaken >/dev/null || bad "add $M"
"$VPD" --as "$C" actor add "$R" --role reception >/dev/null || bad "add $R"
"$VPD" --as "$C" actor add "$A" --role medewerker >/dev/null || bad "add $A"
"$VPD" --as "$M" case open --workflow heerlen --person "$EX/persoon.json" \
    --incident "$EX/incident-1.json" >/dev/null 2>err || { bad "case open"; cat err; }

# --- vpd on the loopback, trusting the proxy's address ----------------------
"$VPD" serve --workflow heerlen --listen "127.0.0.1:$VPORT" --trust-proxy 127.0.0.1 \
    >vpd.out 2>vpd.err &
echo $! >vpd.pid
wait_http "http://127.0.0.1:$VPORT/inloggen" vpd || exit 1

# --- Apache: basic auth, the user header, the proxy --------------------------
# Its own ServerRoot, config and logs; nothing from /etc/apache2.  As root
# Apache's children run as nobody, who must read the password file.
mkdir apache
chmod 711 "$WORK"
: >apache/htpasswd
for u in "$C" "$M" "$R" "$A" "X. Onbekend"; do
	htpasswd -Bb apache/htpasswd "$u" "geheim-$u" 2>/dev/null || bad "htpasswd $u"
done
chmod 644 apache/htpasswd
user=""
[ "$(id -u)" -eq 0 ] && user="User nobody
Group $(id -gn nobody)"
cat >apache/httpd.conf <<EOF
ServerRoot "$WORK/apache"
ServerName 127.0.0.1
Listen 127.0.0.1:$APORT
PidFile "$WORK/apache/httpd.pid"
DefaultRuntimeDir "$WORK/apache"
Mutex file:$WORK/apache default
ErrorLog "$WORK/apache/error.log"
LogLevel warn
$user
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authn_core_module $MODS/mod_authn_core.so
LoadModule authn_file_module $MODS/mod_authn_file.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule authz_user_module $MODS/mod_authz_user.so
LoadModule auth_basic_module $MODS/mod_auth_basic.so
LoadModule headers_module $MODS/mod_headers.so
LoadModule proxy_module $MODS/mod_proxy.so
LoadModule proxy_http_module $MODS/mod_proxy_http.so
StartServers 1
ServerLimit 1
ThreadLimit 16
ThreadsPerChild 16
MaxRequestWorkers 16
MinSpareThreads 1
MaxSpareThreads 16

<Location "/">
    AuthType Basic
    AuthName "Gemeente Heerlen"
    AuthBasicProvider file
    AuthUserFile "$WORK/apache/htpasswd"
    Require valid-user
</Location>
# Whatever the client sent is dropped before anything else; the header
# vpd trusts is the user Apache authenticated.
RequestHeader unset X-Remote-User early
RequestHeader set X-Remote-User "expr=%{REMOTE_USER}"
ProxyPreserveHost On
ProxyPass "/" "http://127.0.0.1:$VPORT/"
ProxyPassReverse "/" "http://127.0.0.1:$VPORT/"
EOF
"$APACHE" -t -f "$WORK/apache/httpd.conf" >apache.err 2>&1 || { bad "apache config"; cat apache.err; exit 1; }
"$APACHE" -DFOREGROUND -f "$WORK/apache/httpd.conf" >>apache.out 2>>apache.err &
echo $! >apache.pid
GW=http://127.0.0.1:$APORT
wait_http "$GW/" apache || exit 1

# --- helpers -----------------------------------------------------------------
# gw USER JAR METHOD PATH [curl args...]: through Apache as USER (- for
# none); status in $code, body in body.html, headers in headers.txt
gw() {
	g_user=$1 g_jar=$2 g_method=$3 g_path=$4; shift 4
	set -- -b "$g_jar" -c "$g_jar" -X "$g_method" "$@"
	[ "$g_user" = - ] || set -- -u "$g_user:geheim-$g_user" "$@"
	code=$(curl -s -o body.html -D headers.txt -w '%{http_code}' "$@" "$GW$g_path")
}
want() { # STATUS DESCRIPTION
	if [ "$code" = "$1" ]; then ok; else bad "$2: HTTP $code, wanted $1"; sed 's/^/    /' headers.txt; fi
}
page_has() { has body.html "$1" "$2"; }
signed_in_as() { # NAME DESCRIPTION: the page header names who is signed in
	has body.html "<span class=\"wie\">$1 <span" "$2"
}
csrf_of() { grep -o 'name="csrf" value="[^"]*"' body.html | head -1 | cut -d'"' -f4; }
commits() { git -C archive rev-list --count HEAD; }
vpd_lines() { wc -l <vpd.err; }

# --- without credentials Apache answers, vpd never sees the request ---------
n=$(vpd_lines)
gw - j0 GET /werk
want 401 "no credentials: Apache asks for them"
grep -qi '^www-authenticate: basic realm="Gemeente Heerlen"' headers.txt && ok || bad "basic auth challenge"
gw - j0 GET /werk -H "X-Remote-User: $M"
want 401 "a user header without credentials is not enough"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$M:fout-wachtwoord" "$GW/werk")
want 401 "a wrong password at the gateway"
[ "$(vpd_lines)" -eq "$n" ] && ok || bad "vpd saw unauthenticated requests"

# --- the manager: signed in by the gateway, no password form ----------------
gw "$M" jM GET /
want 303 "manager's start page"
grep -qi "^location: /werk" headers.txt && ok || bad "manager starts at Mijn werk"
grep -qi "^set-cookie: vpd_sessie=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" headers.txt &&
	ok || bad "the gateway's sign-in gives a session cookie"
gw "$M" jM GET /werk
want 200 "manager's work page through the gateway"
signed_in_as "$M" "manager signed in by the gateway"
page_has "Mijn werk" "work page shown"
gw "$M" jM GET /zaak/2026-0001
want 200 "manager's case page"
page_has "Dorpsstraat 1" "the case has its content"
gw "$M" jM GET /inloggen
want 303 "no password form for someone the gateway signed in"
for h in "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" \
    "X-Content-Type-Options: nosniff" "Referrer-Policy: no-referrer" \
    "Cache-Control: no-store" "X-Frame-Options: DENY"; do
	gw "$M" jM GET /werk
	grep -qiF "$h" headers.txt && ok || bad "header through the proxy: $h"
done
# a name with a non-ASCII letter comes through as UTF-8
gw "$C" jC GET /werk
want 200 "coordinator with ö in the name"
signed_in_as "$C" "coordinator named right"

# --- reception: the desk, not the manager's pages -----------------------------
gw "$R" jR GET /
grep -qi "^location: /balie" headers.txt && ok || bad "reception starts at the desk"
gw "$R" jR GET /balie
want 200 "reception's desk"
signed_in_as "$R" "reception signed in by the gateway"
for p in /werk /zaken /politie; do
	gw "$R" jR GET $p
	want 403 "reception refused $p"
done
gw "$R" jR GET /werk
page_has "Geen toegang" "refusal in Dutch"

# --- the header cannot be forged through the gateway ------------------------
for h in "X-Remote-User: $M" "x-remote-user: $M" "X-REMOTE-USER: $C" "X_Remote_User: $M"; do
	rm -f jF
	gw "$R" jF GET /werk -H "$h"
	want 403 "as $R with '$h' sent along: still $R"
	gw "$R" jF GET /balie -H "$h"
	signed_in_as "$R" "as $R with '$h': the page names $R"
done
# nor taken over with another's session cookie: the gateway's user wins
cp jM jStolen
gw "$R" jStolen GET /werk
want 403 "$R with $M's session cookie is still $R"
gw "$M" jM GET /werk
want 200 "$M signs in again by the gateway"

# --- directly, not through the gateway, the header counts for nothing --------
code=$(curl -s -o body.html -D headers.txt -w '%{http_code}' --interface 127.0.0.2 \
    -H "X-Remote-User: $M" "http://127.0.0.1:$VPORT/werk")
want 303 "header from another address than the proxy's is ignored"
grep -qi "^location: /inloggen" headers.txt && ok || bad "...and sent to the password form"
grep -q "^127.0.0.2 GET /werk 303 [0-9.]*ms$" vpd.err && ok || bad "vpd logged the direct request with nobody signed in"

# --- a user the gateway knows but vpd does not --------------------------------
gw "X. Onbekend" jX GET /werk
want 303 "a gateway user who is no vpd actor is not signed in"
grep -qi "^location: /inloggen" headers.txt && ok || bad "...but sent to the password form"
if grep -qi "^set-cookie: vpd_sessie=[0-9a-f]" headers.txt; then bad "a session for an unknown user"; else ok; fi
gw "X. Onbekend" jX GET /zaak/2026-0001
want 303 "an unknown gateway user sees no case"
if grep -q "Dorpsstraat" body.html; then bad "case content for an unknown user"; else ok; fi

# --- a form through the gateway: CSRF token, a commit by the gateway's user ---
before=$(commits)
gw "$M" jM POST /melding --data-urlencode "omschrijving=zonder token"
want 403 "a form without its CSRF token through the proxy"
gw "$M" jM GET /melding
want 200 "report form"
t=$(csrf_of)
[ -n "$t" ] && ok || bad "a CSRF token on the form"
# ProxyPreserveHost: the browser's Origin is the gateway, and so is the Host vpd sees
gw "$M" jM POST /melding -H "Origin: $GW" --data-urlencode "csrf=$t" \
    --data-urlencode "tijdstip=2026-11-25T09:15" --data-urlencode "locatie=Stadskantoor" \
    --data-urlencode "afdeling=Burgerzaken" --data-urlencode "kanaal=balie" \
    --data-urlencode "gedrag=verbale_agressie:schelden" --data-urlencode "medewerkers=$A" \
    --data-urlencode "omschrijving=Schold de medewerker uit." --data-urlencode "voornamen=Piet" \
    --data-urlencode "achternaam=Pietersen" --data-urlencode "geboortedatum=1990-01-02"
want 303 "report saved through the proxy"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit for the report"
git -C archive log -1 --format='%an|%s' | grep -q "^$M|Zaak 2026-0002 geopend" &&
	ok || bad "the commit is by the gateway's user: $(git -C archive log -1 --format='%an|%s')"
before=$(commits)
gw "$M" jM GET /melding
gw "$M" jM POST /melding -H "Origin: https://evil.example" --data-urlencode "csrf=$(csrf_of)" \
    --data-urlencode "omschrijving=x"
want 403 "a form from another site through the proxy"
gw "$R" jM POST /melding --data-urlencode "csrf=$t" --data-urlencode "omschrijving=x"
want 403 "$M's token does not work for $R"
[ "$(commits)" -eq "$before" ] && ok || bad "refused forms made a commit"

# --- the access log names the gateway's user --------------------------------
jq -se --arg m "$M" 'any(.[]; .actor == $m and .via == "web GET /zaak/2026-0001")' \
    archive/private/access.log >/dev/null && ok || bad "access log: the manager's view of the case"
grep -q "GET /werk 200.* $R\$" vpd.err && bad "a 200 for /werk to reception" || ok
grep -q "^127.0.0.1 GET /balie 200 .*ms $R\$" vpd.err && ok || bad "vpd's request log names $R"

# --- both stop cleanly ----------------------------------------------------------
stop apache apache.pid
stop vpd vpd.pid
has vpd.err "stopped" "vpd said it stopped"
# (the one error expected: the wrong password above)
if grep -v AH01617 apache/error.log | grep -q ':\(error\|crit\|alert\|emerg\)\]'; then
	bad "apache errors"; cat apache/error.log; else ok; fi
run 0 "verify after the gateway session" -- verify

echo "e2e proxy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
