#!/bin/sh
# End-to-end test of the e-mail reminders (issue 13): a real SMTP server
# (python3-aiosmtpd, tests/mail_sink.py) receives what `vpd mail send`
# and the server's timer send over a scripted timeline of events, and
# the test asserts the exact mails: who got which reminder, once.
# Usage: e2e_mail.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
export VPD_WEB="$TOP/src/web"
PY=/usr/bin/python3

free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# sink_start: the SMTP server, on $SMTP, writing mails.jsonl
sink_start() {
	rm -f mails.jsonl.ready
	$PY "$TOP/tests/mail_sink.py" "$SMTP" mails.jsonl 2>sink.err &
	SINK=$!
	i=0
	while [ ! -e mails.jsonl.ready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e mails.jsonl.ready ] && ok || { bad "the SMTP server did not start"; cat sink.err; }
}
sink_stop() { kill "$SINK" 2>/dev/null; wait "$SINK" 2>/dev/null; }
# got: the mails so far, one line each: "ADDRESS | SUBJECT"
got() {
	[ -e mails.jsonl ] || { : >got.txt; return; }
	$PY -c 'import sys, json
for l in open(sys.argv[1], encoding="utf-8"):
    m = json.loads(l)
    print("%s | %s" % (",".join(m["aan"]), m["onderwerp"]))' mails.jsonl >got.txt
}
# expect DESCRIPTION: the mails so far must be want.txt's (in any order:
# a run sends in the order of the case's deadlines)
expect() {
	got
	if sort got.txt | cmp -s - "$(sort want.txt >want.sorted; echo want.sorted)"; then ok; else
		bad "$1"; echo "    wanted:"; sed 's/^/      /' want.txt; echo "    got:"; sed 's/^/      /' got.txt
	fi
}

SMTP=$(free_port)
sink_start

at 2026-11-20T08:00:00Z
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator --email c@gemeente.test
run 0 "manager Burgerzaken" -- --as C actor add M --role manager --afdeling Burgerzaken --email m@gemeente.test
run 0 "manager Zorg" -- --as C actor add Z --role manager --afdeling Zorg --email z@gemeente.test
run 0 "manager without address" -- --as C actor add N --role manager --afdeling Burgerzaken
run 0 "legal" -- --as C actor add J --role legal --email j@gemeente.test

# --- settings ---------------------------------------------------------------
printf 'geheim-wachtwoord\n' >pw.txt
run 0 "no settings yet" -- mail status
has out "not set up" "says so"
run 1 "send without settings" -- mail send
has err "mail is not set up" "names what is missing"
refused "setup: not for a manager" "for a coordinator" -- --as M mail setup --server 127.0.0.1 \
	--port "$SMTP" --tls geen --from vpd@gemeente.test --link https://vpd.gemeente.test
run 2 "setup: no sender" -- --as C mail setup --server 127.0.0.1
run 2 "setup: a bad sender" -- --as C mail setup --server 127.0.0.1 --from "a b@c"
run 2 "setup: a bad TLS mode" -- --as C mail setup --server 127.0.0.1 --from v@g.test --tls misschien
run 2 "setup: bad hours" -- --as C mail setup --server 127.0.0.1 --from v@g.test --before 24,x \
	--link https://vpd.gemeente.test
run 2 "setup: no link" -- --as C mail setup --server 127.0.0.1 --from v@g.test --tls geen
run 2 "setup: no TLS to another machine" -- --as C mail setup --server smtp.gemeente.test --from v@g.test \
	--tls geen --link https://vpd.gemeente.test
run 2 "setup: a password in the clear" -- --as C mail setup --server 127.0.0.1 --from v@g.test \
	--tls geen --user vpd --password-file pw.txt --link https://vpd.gemeente.test
run 0 "setup with an account, over TLS" -- --as C mail setup --server 127.0.0.1 --port "$SMTP" \
	--from vpd@gemeente.test --user vpd --password-file pw.txt --link https://vpd.gemeente.test --before 24,4
[ "$(stat -c %a archive/private/mail.json)" = 600 ] && ok || bad "mail.json is the owner's only"
run 0 "status" -- mail status --json
jq -e '.server == "127.0.0.1" and .wachtwoord == true and .voor == [24, 4] and .sinds == "2026-11-20T08:00:00Z"' \
	out >/dev/null && ok || bad "status: $(cat out)"
grep -q geheim out && bad "status printed the password" || ok
# the test server has no TLS: back to no account and no TLS
run 0 "setup without the account" -- --as C mail setup --server 127.0.0.1 --port "$SMTP" --tls geen \
	--from vpd@gemeente.test --link https://vpd.gemeente.test --before 24,4
run 0 "status keeps the first setup's time" -- mail status --json
jq -e '.sinds == "2026-11-20T08:00:00Z"' out >/dev/null && ok || bad "sinds moved"

# --- a case: the new report, and the 24-hour deadlines at once --------------
# The incident at 09:00 UTC: aangifte and opvanggesprek are due within 24
# hours (21 November 10:00 in Amsterdam), so their 24-hour reminder is due
# at once; the 48-hour sanctiebrief not yet.
at 2026-11-20T09:30:00Z
run 0 "a report in Burgerzaken" -- --as M case open --workflow heerlen --person "$DATA/persoon.json" \
	--incident "$DATA/incident.json"
at 2026-11-20T09:31:00Z
run 0 "send" -- mail send
cat >want.txt <<'EOF'
m@gemeente.test | Zaak 2026-0001: aangifte uiterlijk 21 november 10:00
m@gemeente.test | Zaak 2026-0001: opvanggesprek uiterlijk 21 november 10:00
m@gemeente.test | Zaak 2026-0001: nieuwe melding van agressie (Burgerzaken)
EOF
expect "the report and the near deadlines go to the manager of Burgerzaken, once"
run 0 "send again, a minute later" -- mail send
expect "nothing is sent twice"
# no personal data: not the name, not the address, not the description
if grep -q "Berg\|Dorpsstraat\|schold" mails.jsonl; then bad "personal data in a mail"; else ok; fi
grep -q "https://vpd.gemeente.test/zaak/2026-0001" mails.jsonl && ok || bad "the link to the case"
grep -q '"Auto-Submitted": "auto-generated"' mails.jsonl && ok || bad "marked as sent by a machine"

# --- 4 hours before -----------------------------------------------------------
at 2026-11-21T05:30:00Z
run 0 "4 hours before" -- mail send --json
jq -e '[.verzonden[].sleutel] == ["termijn/2026-0001/aangifte/1/4u", "termijn/2026-0001/opvanggesprek/1/4u"]' \
	out >/dev/null && ok || bad "the 4-hour reminders: $(cat out)"
cat >>want.txt <<'EOF'
m@gemeente.test | Zaak 2026-0001: aangifte uiterlijk 21 november 10:00
m@gemeente.test | Zaak 2026-0001: opvanggesprek uiterlijk 21 november 10:00
EOF
expect "the 4-hour reminders"

# --- a deadline met is not reminded; one that passes is -----------------------
at 2026-11-21T08:00:00Z
run 0 "the report to the police" -- --as M case event 2026-0001 aangifte_gedaan --set feit=bedreiging \
	--set registratienummer=PL2300-2026-1
at 2026-11-21T09:30:00Z
run 0 "after the deadline" -- mail send
cat >>want.txt <<'EOF'
m@gemeente.test | Zaak 2026-0001: opvanggesprek verlopen, uiterlijk was 21 november 10:00
m@gemeente.test | Zaak 2026-0001: sanctiebrief uiterlijk 22 november 10:00
EOF
expect "the passed deadline, and the 48-hour letter 24 hours ahead; not the deadline met"

# --- a report in another department goes to that department's manager ---------
jq '.afdeling = "Zorg"' "$DATA/incident.json" >zorg.json
person other.json Piet "" Zorgman 1970-02-02
at 2026-11-21T10:00:00Z
run 0 "a report in Zorg" -- --as Z case open --workflow heerlen --person other.json --incident zorg.json
run 0 "dry run" -- mail send --dry-run --json
jq -e '[.verzonden[].sleutel] | index("melding/2026-0002/1") != null' out >/dev/null && ok || bad "the dry run lists it"
expect "a dry run sends nothing"
at 2026-11-21T10:01:00Z
run 0 "send" -- mail send
got
grep -q "^z@gemeente.test | Zaak 2026-0002: nieuwe melding van agressie (Zorg)$" got.txt && ok ||
	bad "Zorg's manager gets Zorg's report"
grep "2026-0002" got.txt | grep -q "^m@" && bad "Burgerzaken's manager got Zorg's mail" || ok
grep -q "^c@\|^j@" got.txt && bad "mail to someone who need not act" || ok
cp got.txt want.txt

# --- the SMTP server away: an error, and nothing kept as sent -----------------
sink_stop
at 2026-11-22T05:30:00Z
run 3 "the server is away" -- mail send
has err "could not be sent" "says so"
sink_start
run 0 "the server is back" -- mail send --json
jq -e '[.verzonden[].sleutel] | index("termijn/2026-0001/sanctiebrief/1/4u") != null' out >/dev/null && ok ||
	bad "what failed goes when the server is back: $(cat out)"
got; cp got.txt want.txt

# --- a server that refuses one address: the others get theirs, once ----------
run 0 "a second coordinator whose mailbox is refused" -- --as C actor add W --role coordinator \
	--email weiger@gemeente.test
run 0 "a coordinator's address too" -- --as C actor add C --role coordinator --email c@gemeente.test
jq '.afdeling = "Onbekend"' "$DATA/incident.json" >nowhere.json
person nowhere.json.p Els "" Nergens 1960-06-06
at 2026-11-22T06:00:00Z
run 0 "a report no manager sees" -- --as C case open --workflow heerlen --person nowhere.json.p \
	--incident nowhere.json
run 3 "one address refused" -- mail send
has err "could not be sent" "says which failed"
got
[ "$(grep -c "^c@gemeente.test | Zaak 2026-0003: nieuwe melding van agressie (Onbekend)$" got.txt)" = 1 ] && ok ||
	bad "the coordinators get a report no manager sees: $(cat got.txt)"
run 3 "again: still refused" -- mail send
got
[ "$(grep -c "^c@gemeente.test | Zaak 2026-0003: nieuwe melding" got.txt)" = 1 ] && ok ||
	bad "the address that went is not sent it again"
run 0 "the refused address goes" -- --as C actor add W --role coordinator --email w@gemeente.test
run 0 "the new address gets it, the old one's mail is not repeated" -- mail send
got
[ "$(grep -c "^w@gemeente.test | Zaak 2026-0003: nieuwe melding" got.txt)" = 1 ] && ok || bad "the new address got it"
[ "$(grep -c "^c@gemeente.test | Zaak 2026-0003: nieuwe melding" got.txt)" = 1 ] && ok || bad "c@ once only"
cp got.txt want.txt
refused "an address that is not one" "not an e-mail address" -- --as C actor add X --role manager --email jan

# --- TLS is required unless switched off -------------------------------------
run 0 "setup with STARTTLS" -- --as C mail setup --server 127.0.0.1 --port "$SMTP" \
	--from vpd@gemeente.test --link https://vpd.gemeente.test --before 24,4
at 2026-11-22T09:30:00Z
run 3 "a server without TLS is refused" -- mail send
has err "could not be sent" "the TLS failure"
expect "nothing sent in the clear"
run 0 "back to the test server" -- --as C mail setup --server 127.0.0.1 --port "$SMTP" --tls geen \
	--from vpd@gemeente.test --link https://vpd.gemeente.test --before 24,4

# --- two senders at once (cron and the server): each mail goes once -----------
jq '.afdeling = "Burgerzaken"' "$DATA/incident.json" >twice.json
person twice.p Ad "" Tweemaal 1961-01-01
at 2026-11-22T09:00:00Z
run 0 "a report for two senders" -- --as M case open --workflow heerlen --person twice.p --incident twice.json
"$VPD" mail send >s1.out 2>&1 & p1=$!
"$VPD" mail send >s2.out 2>&1 & p2=$!
"$VPD" mail send >s3.out 2>&1 & p3=$!
wait $p1 $p2 $p3
got
n=$(grep -c "^m@gemeente.test | Zaak 2026-0004: nieuwe melding" got.txt)
[ "$n" = 1 ] && ok || bad "three senders at once sent the report $n times"
cp got.txt want.txt

# --- the server's timer sends the same, once ----------------------------------
PORT=$(free_port)
"$VPD" serve --workflow heerlen --listen 127.0.0.1:$PORT --mail-every 1 --quiet >serve.out 2>serve.err &
SERVE=$!
i=0
while [ $i -lt 100 ]; do
	got
	grep -q "2026-0001: sanctiebrief verlopen" got.txt && break
	sleep 0.1; i=$((i + 1))
done
sleep 1.5
kill -TERM $SERVE; wait $SERVE
[ $? = 0 ] && ok || bad "the server ended badly: $(cat serve.err)"
got
[ "$(grep -c "^m@gemeente.test | Zaak 2026-0001: sanctiebrief verlopen" got.txt)" = 1 ] && ok ||
	bad "the timer sent the passed deadline once: $(cat got.txt)"
[ "$(grep -c "^z@gemeente.test | Zaak 2026-0002: sanctiebrief verlopen" got.txt)" = 1 ] && ok ||
	bad "and the other case's to its manager"
[ -s serve.err ] && { bad "the server's timer complained"; cat serve.err; } || ok
sink_stop
run 0 "verify" -- verify

echo
echo "e2e mail: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
