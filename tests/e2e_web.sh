#!/bin/sh
# End-to-end tests of `vpd serve` over HTTP with curl: sign-in and its
# throttling, every page for every role, CSRF, the security headers and
# limits, forms that change the archive (each checked with git and vpd
# verify), the trusted-proxy rule, TLS and a graceful stop.
# Usage: e2e_web.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
export VPD_WEB="$TOP/src/web"

# A free port on the loopback.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# serve NAME ARGS...: starts vpd serve, waits until it answers.
serve() {
	name=$1; shift
	"$VPD" serve --workflow heerlen "$@" >>"$name.out" 2>>"$name.err" &
	echo $! >"$name.pid"
	i=0
	while [ $i -lt 100 ]; do
		if curl -sk -o /dev/null "$URL/inloggen" 2>/dev/null; then return 0; fi
		sleep 0.1; i=$((i + 1))
	done
	echo "server $name did not start:"; cat "$name.err"
	return 1
}
# stop NAME: SIGTERM, and the server must end cleanly (under the
# sanitizers a leak or a fault makes its status non-zero).
stop() {
	kill -TERM "$(cat "$1.pid")" 2>/dev/null
	wait "$(cat "$1.pid")"
	st=$?
	if [ "$st" -eq 0 ]; then ok; else
		bad "server $1 ended with status $st"; grep -A20 "ERROR\|runtime error" "$1.err" | head -40; fi
}

# --- an archive with one actor of each role -------------------------------
at 2026-11-20T10:30:00+01:00
"$VPD" --as C init >/dev/null
"$VPD" --as C actor add C --role coordinator >/dev/null
"$VPD" --as C actor add M --role manager --afdeling Burgerzaken >/dev/null
"$VPD" --as C actor add R --role reception >/dev/null
"$VPD" --as C actor add J --role legal >/dev/null
"$VPD" --as C actor add P --role police >/dev/null
"$VPD" --as C actor add A --role medewerker >/dev/null
for who in C M R J P A; do
	printf 'wachtwoord-%s-123\n' "$who" | "$VPD" actor passwd "$who" >/dev/null || bad "passwd $who"
done
printf 'kort\n' | "$VPD" actor passwd M >/dev/null 2>err && bad "short password accepted" || ok
has err "shorter than 10 characters" "short password refused"
printf 'wachtwoord-x-123\n' | "$VPD" actor passwd Niemand >/dev/null 2>err && bad "password for unknown actor" || ok
has err "unknown actor 'Niemand'" "password for unknown actor refused"
[ "$(stat -c %a archive/private/passwords.json)" = 600 ] && ok || bad "passwords.json mode"
if git -C archive log --all -p | grep -q argon2; then bad "a password hash in the history"; else ok; fi

# The story runs on one day: 25 November 2026, 10:00.
at 2026-11-25T10:00:00+01:00
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
# vpd hands serve over to the vpd-serve beside it, never to another one
mkdir -p lone && cp "$VPD" lone/vpd
if lone/vpd serve --workflow heerlen >out 2>err; then bad "serve without vpd-serve"; else
	[ $? = 3 ] && ok || bad "serve without vpd-serve: exit status"; fi
has err "lone/vpd-serve: No such file or directory (make builds it next to vpd)" "names the missing vpd-serve"
# a vpd-serve that is vpd itself would hand over to itself for ever
ln -s vpd lone/vpd-serve
if timeout 10 lone/vpd serve --workflow heerlen >out 2>err; then bad "serve via a vpd-serve link to vpd"; else
	[ $? = 3 ] && ok || bad "serve via a vpd-serve link to vpd: exit status"; fi
has err "is not the web server" "a vpd-serve that is vpd is named"
# a gateway named by host name would silently match no one: refused
run 2 "--trust-proxy by name" -- serve --workflow heerlen --trust-proxy localhost
has err "'localhost' is not an IP address" "--trust-proxy needs an address"
run 2 "--trust-proxy with an escape" -- serve --workflow heerlen --trust-proxy "$(printf 'x\033[31m')"
if grep -q "$(printf '\033')" err; then bad "an escape character reached the terminal"; else ok; fi
run 2 "--user-header without a gateway" -- serve --workflow heerlen --user-header X-User
has err "give that too" "--user-header needs --trust-proxy"
run 1 "an unknown workflow" -- serve --workflow nergens
has err "nergens.yaml: error: cannot open" "the missing workflow named at start"
serve main --listen 127.0.0.1:$PORT || exit 1

# --- helpers -----------------------------------------------------------------
# req JAR METHOD PATH [curl args...]: status in $code, body in body.html
req() {
	jar=$1; method=$2; path=$3; shift 3
	code=$(curl -s -b "$jar" -c "$jar" -X "$method" -o body.html -D headers.txt \
	    -w '%{http_code}' "$@" "$URL$path")
}
csrf_of() { grep -o 'name="csrf" value="[^"]*"' body.html | head -1 | cut -d'"' -f4; }
login() { # JAR NAME PASSWORD -> $code
	rm -f "$1"
	req "$1" GET /inloggen
	t=$(csrf_of)
	req "$1" POST /inloggen --data-urlencode "csrf=$t" --data-urlencode "naam=$2" \
	    --data-urlencode "wachtwoord=$3"
}
# post JAR PATH fields... : with the CSRF token of the page PATH2 in $form
post() {
	p_jar=$1; p_page=$2; p_path=$3; shift 3
	req "$p_jar" GET "$p_page"
	t=$(csrf_of)
	req "$p_jar" POST "$p_path" --data-urlencode "csrf=$t" "$@"
}
want() { # STATUS DESCRIPTION
	if [ "$code" = "$1" ]; then ok; else bad "$2: HTTP $code, wanted $1"; fi
}
page_has() { has body.html "$1" "$2"; }
commits() { git -C archive rev-list --count HEAD; }

# --- sign-in -----------------------------------------------------------------
req anon GET /
want 303 "anonymous start page redirects"
grep -qi "^location: /inloggen" headers.txt && ok || bad "redirect to the sign-in page"
req anon GET /zaak/2026-0001
want 303 "anonymous case page redirects"
req anon GET /inloggen
want 200 "sign-in page"
page_has 'lang="nl"' "page in Dutch"
page_has "Inloggen" "sign-in heading"
for h in "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" \
    "X-Content-Type-Options: nosniff" "Referrer-Policy: no-referrer" \
    "Cache-Control: no-store" "X-Frame-Options: DENY"; do
	grep -qiF "$h" headers.txt && ok || bad "header $h"
done
grep -qi "set-cookie: vpd_inloggen=.*HttpOnly; SameSite=Strict" headers.txt && ok || bad "sign-in token cookie"

login a1 M wachtwoord-M-123
want 303 "manager signs in"
grep -qi "location: /werk" headers.txt && ok || bad "manager starts at Mijn werk"
grep -qi "set-cookie: vpd_sessie=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" headers.txt &&
	ok || bad "session cookie: 256 bits, HttpOnly, SameSite=Strict"
login bad M verkeerd-wachtwoord
want 200 "wrong password shows the form again"
page_has "horen niet bij elkaar" "wrong password said in Dutch"
# a sign-in without its token is refused
rm -f nojar
req nojar POST /inloggen --data-urlencode "naam=M" --data-urlencode "wachtwoord=wachtwoord-M-123"
want 403 "sign-in without its token"
# two sign-in pages open (two tabs): the first one still works
rm -f tabs
req tabs GET /inloggen; t1=$(csrf_of)
req tabs GET /inloggen; t2=$(csrf_of)
[ "$t1" = "$t2" ] && ok || bad "a second sign-in page kept the token"
req tabs POST /inloggen --data-urlencode "csrf=$t1" --data-urlencode "naam=M" \
	--data-urlencode "wachtwoord=wachtwoord-M-123"
want 303 "sign-in from the first of two tabs"

# --- every page for every role ---------------------------------------------
login jA A wachtwoord-A-123; login jR R wachtwoord-R-123; login jM M wachtwoord-M-123
login jC C wachtwoord-C-123; login jJ J wachtwoord-J-123; login jP P wachtwoord-P-123
# role page: status
for spec in "jA /melding 200" "jA /balie 403" "jA /werk 403" "jA /zaken 403" "jA /politie 403" \
    "jR /melding 200" "jR /balie 200" "jR /werk 403" "jR /zaken 403" "jR /politie 403" \
    "jM /melding 200" "jM /balie 200" "jM /werk 200" "jM /zaken 200" "jM /politie 403" \
    "jC /melding 200" "jC /balie 200" "jC /werk 200" "jC /zaken 200" "jC /politie 200" \
    "jJ /melding 200" "jJ /balie 200" "jJ /werk 200" "jJ /zaken 200" "jJ /politie 200" \
    "jP /melding 403" "jP /balie 403" "jP /werk 403" "jP /zaken 403" "jP /politie 200"; do
	set -- $spec
	req "$1" GET "$2"
	want "$3" "$1 $2"
done
req jP GET /
grep -qi "location: /politie" headers.txt && ok || bad "police start at their page"
req jR GET /
grep -qi "location: /balie" headers.txt && ok || bad "reception starts at the desk"
req jA GET /
grep -qi "location: /melding" headers.txt && ok || bad "staff start at reporting"
req jP GET /melding
page_has "Geen toegang" "403 page in Dutch"

# --- a report by a staff member --------------------------------------------
report() { # JAR with extra curl args: the report form's fields
	jar=$1; shift
	post "$jar" /melding /melding --data-urlencode "tijdstip=2026-11-25T09:15" \
	    --data-urlencode "locatie=Stadskantoor, balie Burgerzaken" \
	    --data-urlencode "afdeling=Burgerzaken" --data-urlencode "kanaal=balie" \
	    --data-urlencode "gedrag=verbale_agressie:schelden" \
	    --data-urlencode "gedrag=persoonlijke_bedreiging:intimidatie" \
	    --data-urlencode "medewerkers=A" "$@"
}
before=$(commits)
report jA --data-urlencode "omschrijving=Schold mij uit <script>alert(1)</script> & dreigde." \
	--data-urlencode "voornamen=Jan" --data-urlencode "tussenvoegsel=van der" \
	--data-urlencode "achternaam=Berg" --data-urlencode "geboortedatum=1980-04-01" \
	--data-urlencode "straat=Dorpsstraat" --data-urlencode "huisnummer=1" \
	--data-urlencode "postcode=6411ab" --data-urlencode "woonplaats=Heerlen"
want 303 "report saved"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit for the report"
git -C archive log -1 --format='%an %s' | grep -q "^A Zaak 2026-0001 geopend" && ok || bad "report commit by the reporter"
req jA GET /melding
page_has "opgeslagen als zaak 2026-0001" "reporter told the case id"
page_has "Incident gemeld, maatregel nog te bepalen" "reporter sees what happened with it"
req jA GET /zaak/2026-0001
want 200 "reporter sees his report"
page_has "&lt;script&gt;alert(1)&lt;/script&gt; &amp; dreigde" "text escaped as HTML"
if grep -q "<script>alert" body.html; then bad "script tag came through"; else ok; fi
if grep -q "Dorpsstraat\|1980\|Brieven" body.html; then bad "reporter sees address or letters"; else ok; fi
# a report that is not complete comes back with the values and a Dutch reason
before=$(commits)
report jA --data-urlencode "omschrijving=" --data-urlencode "achternaam=Pietersen" \
	--data-urlencode "voornamen=Piet"
want 422 "incomplete report refused"
page_has "Wat er gebeurde: vul dit in." "the missing field named in Dutch"
page_has 'value="Pietersen"' "typed values kept"
[ "$(commits)" -eq "$before" ] && ok || bad "a refused report made a commit"
# the same person, spelled differently and without a birth date: asked first
report jA --data-urlencode "omschrijving=Weer gescholden." --data-urlencode "voornamen=Jan" \
	--data-urlencode "achternaam=v.d. Berg"
want 200 "a possible match is asked about"
page_has "Bedoelt u" "Bedoelt u ...?"
page_has "Jan van der Berg, geboren 1 april 1980" "the match with birth date"
[ "$(commits)" -eq "$before" ] && ok || bad "asking made a commit"
report jA --data-urlencode "omschrijving=Weer gescholden." --data-urlencode "voornamen=Jan" \
	--data-urlencode "achternaam=v.d. Berg" --data-urlencode "persoon_keuze=P0001"
want 303 "report for the known person"
git -C archive show HEAD:cases/2026/0002/case.json | jq -e '.persoon == "P0001"' >/dev/null &&
	ok || bad "second report attached to P0001"
"$VPD" --as C case show 2026-0001 --json | jq -e .persoon | jq -e '.adres.straat == "Dorpsstraat" and
    .achternaam == "Berg" and .tussenvoegsel == "van der"' >/dev/null &&
	ok || bad "the register kept its name and the address the reporter did not know"
# someone unknown: a description is enough
report jA --data-urlencode "omschrijving=Iemand spuugde naar mij." \
	--data-urlencode "signalement=Man van rond de 30, groene jas"
want 303 "report about an unknown person"
git -C archive show HEAD:cases/2026/0003/case.json | jq -e '.persoon == "P0002"' >/dev/null &&
	ok || bad "unknown person gets a person id"

# an id the page did not offer for this name is refused: it would attach
# the report to anyone and show their name
before=$(commits)
report jA --data-urlencode "omschrijving=Schold." --data-urlencode "achternaam=Zzzqqq" \
	--data-urlencode "persoon_keuze=P0001"
want 400 "a person id that was not offered"
report jA --data-urlencode "omschrijving=Schold." --data-urlencode "signalement=Lange man" \
	--data-urlencode "persoon_keuze=P0001"
want 400 "a person id with no name to match"
[ "$(commits)" -eq "$before" ] && ok || bad "a forged choice made a commit"

# --- the manager: forms generated from the workflow ------------------------
req jM GET /werk
page_has "Nieuwe meldingen om op te pakken (3)" "three new reports for the manager"
page_has "Maatregel binnen 48 uur na het incident bepalen" "the 48-hour letter on the agenda"
page_has "dringend" "urgent deadlines marked"
req jM GET /zaak/2026-0001
want 200 "manager's case page"
page_has 'href="/zaak/2026-0001/verloop"' "the case page links to the trail with commits"
req jM GET /zaak/2026-0001/verloop
want 200 "the trail with its commits"
page_has "commit " "each step names its commit"
page_has "nog niet in zijn geheel gecontroleerd" "no check before the first full verify"
# each step opens as its change in the archive
step=$(grep -o '/zaak/2026-0001/verloop/[0-9a-f]\{40\}' body.html | head -1)
[ -n "$step" ] && ok || bad "a step links to its change"
req jM GET "$step"
want 200 "a step's change"
page_has "Wijziging in zaak 2026-0001" "the change's page"
page_has "Wat er in het zaakbestand veranderde" "the case file's fields before and after"
page_has "<code>status</code>" "the state is among them"
page_has "git show ${step##*/}" "how to check it with git"
req jR GET "$step"
want 403 "reception does not see a step's change"
req jM GET "/zaak/2026-0001/verloop/0123456789abcdef0123456789abcdef01234567"
want 404 "a commit that is not there"
other=$(git -C archive log --format=%H -- cases/2026/0002 | tail -1)
req jM GET "/zaak/2026-0001/verloop/$other"
want 404 "a commit of another case"
req jR GET /zaak/2026-0001/verloop
want 403 "reception does not see the trail"
req jM GET /zaak/2026-0001
for f in 'name="maatregel" value="waarschuwing"' 'type="date" id="f-maatregel_opleggen-van"' \
    'type="datetime-local" id="f-maatregel_opleggen-ordegesprek"' 'Welke maatregel' \
    'id="f-maatregel_opleggen-telefoonverbod-ja"' 'Dorpsstraat 1, 6411 AB Heerlen'; do
	page_has "$f" "case page: $f"
done
before=$(commits)
post jM /zaak/2026-0001 /zaak/2026-0001/stap/maatregel_opleggen \
	--data-urlencode "maatregel=toegangsverbod" --data-urlencode "motivering=Bedreiging aan de balie." \
	--data-urlencode "van=2026-11-26" --data-urlencode "tot=2027-01-26" \
	--data-urlencode "locaties=Stadskantoor"
want 422 "a guard refuses"
page_has "stelt eerst de duur van het toegangsverbod vast" "the guard's Dutch message: the coordinator sets the length (§8.1)"
page_has "Bedreiging aan de balie." "typed text kept after the refusal"
page_has 'value="2027-01-26"' "typed date kept"
[ "$(commits)" -eq "$before" ] && ok || bad "a refused event made a commit"
req jC GET /zaak/2026-0001
page_has "Duur van het toegangsverbod vaststellen" "the coordinator's step on the case page"
post jC /zaak/2026-0001 /zaak/2026-0001/stap/duur_vaststellen \
	--data-urlencode "maanden=3" --data-urlencode "medewerker_gehoord=ja" \
	--data-urlencode "notitie=Medewerker gesproken; wil geen contact meer."
want 303 "the coordinator sets the length"
req jM GET /zaak/2026-0001/verloop
page_has "Duur van het toegangsverbod, in kalendermaanden (minimaal 3): 3" "the manager reads the length in the trail"
before=$(commits)
post jM /zaak/2026-0001 /zaak/2026-0001/stap/maatregel_opleggen \
	--data-urlencode "maatregel=toegangsverbod" --data-urlencode "motivering=Bedreiging aan de balie." \
	--data-urlencode "van=2026-11-26" --data-urlencode "tot=2027-01-26" \
	--data-urlencode "locaties=Stadskantoor"
want 422 "a ban shorter than the coordinator's length"
page_has "zoveel kalendermaanden als de co" "says the length is the coordinator's"
[ "$(commits)" -eq "$before" ] && ok || bad "a refused event made a commit"
# the unknown person's case refuses a measure until the person is known
post jM /zaak/2026-0003 /zaak/2026-0003/stap/maatregel_opleggen \
	--data-urlencode "maatregel=waarschuwing" --data-urlencode "motivering=x" \
	--data-urlencode "van=2026-11-26" --data-urlencode "tot=2027-05-26"
want 422 "no measure for an unknown person"
page_has "Vul eerst de naam en de geboortedatum" "asks to complete the person"
post jM /zaak/2026-0003 /zaak/2026-0003/persoon --data-urlencode "voornamen=Kees" \
	--data-urlencode "achternaam=Groen" --data-urlencode "geboortedatum=1995-02-03" \
	--data-urlencode "signalement=Man van rond de 30, groene jas"
want 303 "person completed"
"$VPD" --as C case show 2026-0003 --json | jq -e .persoon | jq -e '.achternaam == "Groen"' >/dev/null &&
	ok || bad "person data stored"
req jM GET /zaak/2026-0003
page_has "Reden van de correctie" "the person form offers a correction"
post jM /zaak/2026-0003 /zaak/2026-0003/persoon --data-urlencode "voornamen=Kees" \
	--data-urlencode "achternaam=Groen" --data-urlencode "geboortedatum=1995-02-04" \
	--data-urlencode "signalement=Man van rond de 30, groene jas" \
	--data-urlencode "reden=Geboortedatum verkeerd overgenomen"
want 303 "person corrected"
"$VPD" --as C case show 2026-0003 --json | jq -e .persoon | jq -e '.correcties[0].velden == ["geboortedatum"] and
    .correcties[0].reden == "Geboortedatum verkeerd overgenomen"' >/dev/null &&
	ok || bad "a correction through the form is marked"
post jM /zaak/2026-0001 /zaak/2026-0001/stap/maatregel_opleggen \
	--data-urlencode "maatregel=toegangsverbod" --data-urlencode "motivering=Bedreiging aan de balie." \
	--data-urlencode "van=2026-11-26" --data-urlencode "tot=2027-02-26" \
	--data-urlencode "locaties=Stadskantoor
Bestuurscentrum" --data-urlencode "telefoonverbod=nee"
want 303 "a ban through the form"
git -C archive show HEAD:cases/2026/0001/case.json | jq -e '.status == "toegangsverbod" and
    .maatregelen[0].locaties == ["Stadskantoor", "Bestuurscentrum"] and
    (.documenten[-1].exemplaren | length) == 4' >/dev/null && ok || bad "ban with its letter in four copies"
req jM GET /zaak/2026-0001
page_has "Ontzegging van de toegang" "the letter listed"
page_has "Opgeslagen: Maatregel opleggen" "success said once"
req jM GET /zaak/2026-0001/document/1/1
want 200 "manager opens a letter"
grep -qi "content-type: application/pdf" headers.txt && ok || bad "PDF type"
grep -qi "frame-ancestors 'self'" headers.txt && ok || bad "PDF may be shown in our own page"
head -c 5 body.html | grep -q "%PDF-" && ok || bad "a PDF came back"
post jM /zaak/2026-0001 /zaak/2026-0001/document/1/2 --data-urlencode "status=aangetekend_verzonden"
want 303 "mark without tracking number answers"
req jM GET /zaak/2026-0001
page_has "Niet opgeslagen" "registered post needs its number: said"
post jM /zaak/2026-0001 /zaak/2026-0001/document/1/2 --data-urlencode "status=aangetekend_verzonden" \
	--data-urlencode "volgnummer=RR123456785NL"
git -C archive show HEAD:cases/2026/0001/case.json | jq -e '.documenten[0].exemplaren[1].status == "aangetekend_verzonden"' >/dev/null &&
	ok || bad "delivery recorded"

# --- CSRF and the body --------------------------------------------------------
before=$(commits)
req jM POST /zaak/2026-0002/stap/afsluiten --data-urlencode "reden=weg"
want 403 "a form without its CSRF token"
req jM POST /zaak/2026-0002/stap/afsluiten --data-urlencode "csrf=$(printf '%064d' 0)" --data-urlencode "reden=weg"
want 403 "a form with a wrong CSRF token"
req jM POST /zaak/2026-0002/stap/afsluiten -H "Origin: https://evil.example" --data-urlencode "csrf=$(csrf_of)"
want 403 "a form from another site"
[ "$(commits)" -eq "$before" ] && ok || bad "refused forms made a commit"
# Two people take the same step at once: one is saved, the other is told
# why not at the top of the page (its form is gone), and one commit lands.
req jM GET /zaak/2026-0002; tM=$(csrf_of)
req jC GET /zaak/2026-0002; tC=$(csrf_of)
before=$(commits)
curl -s -b jM -o race1.html -w '%{http_code}\n' --data-urlencode "csrf=$tM" \
	--data-urlencode "reden=Dubbel gemeld" "$URL/zaak/2026-0002/stap/afsluiten" >race1.code &
r1=$!
curl -s -b jC -o race2.html -w '%{http_code}\n' --data-urlencode "csrf=$tC" \
	--data-urlencode "reden=Dubbel gemeld" "$URL/zaak/2026-0002/stap/afsluiten" >race2.code &
wait $r1 $!
# Which answer the second gets depends on timing: if both forms were read
# before either was saved, the core refuses it (422, "De zaak is
# afgesloten"); if the first was saved before the second arrived, the step
# is no longer offered (403, someone else changed the case).
case "$(cat race1.code race2.code | sort | tr '\n' ' ')" in
"303 422 "|"303 403 ") ok ;;
*) bad "two at once: $(cat race1.code race2.code | tr '\n' ' ')" ;;
esac
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "two at once: one commit"
if grep -q "De zaak is afgesloten\|iemand anders de zaak net gewijzigd" race1.html race2.html; then
	ok; else bad "the second is told why"; fi
req jM POST /melding -H "Content-Type: application/json" --data '{"a":1}'
want 415 "not a form"
head -c 5000000 /dev/zero | tr '\0' 'a' >big.txt
req jM POST /melding --data-urlencode "omschrijving@big.txt"
want 413 "a body over the limit"
page_has "Te groot" "413 page in Dutch"
req jM POST /melding --data-binary "csrf=x&omschrijving=%01%02"
want 400 "control characters refused"

# --- reception -----------------------------------------------------------------
req jR GET /balie
page_has "Er is vandaag niemand met een toegangsverbod" "the ban starts tomorrow: not on today's list"
req jR GET /zaak/2026-0001
want 200 "reception sees the desk card"
if grep -q "Dorpsstraat\|Schold mij uit\|Brieven" body.html; then bad "reception sees address, narrative or letters"; else ok; fi
req jR GET /zaak/2026-0001/document/1/1
want 403 "reception may not read letters"
req jR GET /zaak/2026-0003
want 403 "reception: a case not at the desk"
# The next day: the ban is in force.  A restart signs everybody out.
at 2026-11-26T11:00:00+01:00
stop main; serve main --listen 127.0.0.1:$PORT || exit 1
req jR GET /balie
want 303 "sessions end with the server"
login jA A wachtwoord-A-123; login jR R wachtwoord-R-123; login jM M wachtwoord-M-123
login jP P wachtwoord-P-123
req jR GET /balie
page_has "Jan van der Berg" "the banned person on the desk list"
page_has "GEEN TOEGANG tot Stadskantoor en Bestuurscentrum" "the verdict line"
req jR GET "/balie?zoek=Jan+van+den+Bergh"
page_has "Gevonden voor" "search results"
page_has "Klant betrad een gebouw ondanks het toegangsverbod" "the violation step, one click from the hit"
page_has 'href="/zaak/2026-0001?stap=overtreding#stap-overtreding"' "the step opens its form"
# A name that cannot be searched is said beside the field, never "nobody".
for q in "%21%21" "Berg%FF" "Be%1Brg"; do
	req jR GET "/balie?zoek=$q"
	[ "$code" = 400 ] && ! grep -q "Niemand op de lijst" body.html && grep -q 'class="fout" role="alert"' body.html &&
		grep -q "Jan van der Berg" body.html && ok || bad "desk search for '$q': $code, or said nobody, or lost the list"
done
before=$(commits)
post jR /zaak/2026-0001 /zaak/2026-0001/stap/overtreding --data-urlencode "tijdstip=2026-11-26T10:40" \
	--data-urlencode "locatie=Stadskantoor, hal" --data-urlencode "vorderingen=3" \
	--data-urlencode "getuigen=A
B. de Wit"
want 303 "reception records a violation"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit for the violation"
# the manager reports it; the report and the client's letter follow
post jM /zaak/2026-0001 /zaak/2026-0001/stap/aangifte_gedaan --data-urlencode "feit=lokaalvredebreuk"
want 303 "the manager reports the violation"

# --- photos --------------------------------------------------------------------
req jR POST /persoon/P0001/foto -F "csrf=$(csrf_of)" -F "foto=@$EX/foto.jpg;type=image/jpeg"
req jR GET /zaak/2026-0001
t=$(csrf_of)
before=$(commits)
req jR POST /persoon/P0001/foto -F "csrf=$t" -F "terug=/zaak/2026-0001" -F "foto=@$DATA/photos/text.jpg;type=image/jpeg"
want 400 "not an image"
page_has "JPEG- of PNG-foto" "photo refusal in Dutch"
[ "$(commits)" -eq "$before" ] && ok || bad "a refused photo made a commit"
req jR POST /persoon/P0001/foto -F "csrf=$t" -F "terug=/zaak/2026-0001" -F "foto=@$EX/foto.jpg;type=image/jpeg"
want 303 "photo uploaded"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit for the photo"
req jR GET /persoon/P0001/foto
want 200 "reception sees the photo"
grep -qi "content-type: image/jpeg" headers.txt && ok || bad "photo type"
cmp -s body.html "$EX/foto.jpg" && ok || bad "photo bytes as stored"
# the desk list the server keeps is made again after a change
req jR GET /balie
page_has 'src="/persoon/P0001/foto"' "the new photo on the desk list at once"
req jA GET /persoon/P0001/foto
want 403 "staff may not see photos"

# --- the police ---------------------------------------------------------------
req jP GET /politie
page_has "Overtreding van het toegangsverbod" "police copies listed"
pol=$(grep -o '/zaak/2026-0001/document/[0-9]*/[0-9]*' body.html | head -1)
[ -n "$pol" ] && ok || bad "a police copy linked"
req jP GET "$pol"
want 200 "police open their copy"
req jP GET /zaak/2026-0001/document/1/1
want 403 "police may not open the client's copy"
page_has_not() { if grep -qF -- "$1" body.html; then bad "$2"; else ok; fi; }
req jP GET /politie
page_has "Er is nog geen export naar de politie gemaakt" "no exports yet"
run 0 "an export to the police" -- --as P police export --since 2026-11-01 --out pol-export
req jP GET /politie
page_has "Eerdere exports" "the history of exports"
page_has "<td>P</td>" "who made it"
page_has_not "Er is nog geen export naar de politie gemaakt" "the export is listed"
# an export made and downloaded in the browser: a zip holding what the
# CLI's directory holds, recorded as the next export, logged
before=$(commits)
post jP /politie /politie/export --data-urlencode "sinds=2026-11-01"
want 200 "the police download an export"
grep -qi "content-type: application/zip" headers.txt && ok || bad "the export is a zip"
grep -qi 'content-disposition: attachment; filename="politie-export-2.zip"' headers.txt && ok ||
	bad "the zip is named by its export number"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit records the web export"
git -C archive log -1 --format=%s | grep -q "Export 2 " && ok || bad "recorded as export 2"
mv body.html pol-web.zip
mkdir pol-web && /usr/bin/python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    pol-web.zip pol-web && ok || bad "the zip opens"
(cd pol-web && sha256sum -c --quiet SHA256SUMS) && ok || bad "sha256sum -c passes on the download"
(cd pol-export && find . -type f | sort) >cli-files.txt
(cd pol-web && find . -type f | sort) >web-files.txt
cmp -s cli-files.txt web-files.txt && ok || bad "the zip holds the files the CLI writes"
cmp -s pol-export/SHA256SUMS pol-web/SHA256SUMS && ok || bad "the same letters, byte for byte"
jq -e '.export == 2 and .door == "P" and .sinds == "2026-11-01" and (.bestanden | length) > 0' \
    pol-web/manifest.json >/dev/null && ok || bad "the zip's manifest"
has pol-web/LEESMIJ.txt "Export 2 van vpd aan de politie" "the zip's LEESMIJ"
sed 's/Export 1 /Export 2 /; s/export 1 /export 2 /' pol-export/LEESMIJ.txt | grep -v "^Gemaakt:\|Gebaseerd op" >cli-readme.txt
grep -v "^Gemaakt:\|Gebaseerd op" pol-web/LEESMIJ.txt | cmp -s - cli-readme.txt && ok || bad "the LEESMIJ the CLI writes"
"$VPD" --archive archive verify --checkpoint pol-web/controlepunt.txt >out 2>&1 && ok ||
	bad "the zip's checkpoint verifies: $(cat out)"
[ "$(grep -c '"politie-export"' archive/private/access.log)" -ge 2 ] && ok || bad "the download is in the access log"
grep '"politie-export"' archive/private/access.log | tail -1 | grep -q '"via":"web POST /politie/export"' && ok ||
	bad "the access log says it came through the web"
req jP GET /politie
page_has "<td>2</td>" "the web export in the history"
# nothing to export, a bad date, the wrong role: no commit, no file
before=$(commits)
post jP /politie /politie/export --data-urlencode "sinds=2030-01-01"
want 303 "an export with nothing in it goes back"
req jP GET /politie
page_has "Er zijn geen documenten voor de politie gemaakt sinds de gekozen datum" "says there was nothing"
post jP /politie /politie/export --data-urlencode "sinds=gisteren"
want 303 "a bad date goes back"
req jP GET /politie
page_has "Vul bij ‘Brieven vanaf’ een datum in." "asks for a date"
post jR /balie /politie/export --data-urlencode "sinds=2026-11-01"
want 403 "reception may not export for the police"
[ "$(commits)" -eq "$before" ] && ok || bad "refused exports left a commit"

# --- errors, methods, paths -----------------------------------------------
req jM GET /bestaat-niet
want 404 "unknown page"
page_has "Niet gevonden" "404 in Dutch"
req jM PUT /melding
want 405 "PUT"
req jM GET "/zaak/..%2F..%2Fetc%2Fpasswd"
want 404 "no path tricks"
req jM GET /zaak/2026-9999
want 404 "no such case"
if grep -q "/tmp\|archive/\|\.c:" body.html; then bad "an error page shows a path"; else ok; fi
req jM GET /static/vpd.css
want 200 "the stylesheet"

# --- sign-out and throttling ------------------------------------------------
req jM GET /werk
t=$(csrf_of)
req jM POST /uitloggen --data-urlencode "csrf=$t"
want 303 "sign-out"
req jM GET /werk
want 303 "signed out means signed out"
for n in 1 2 3 4 5; do login th M fout-wachtwoord-$n; done
login th M wachtwoord-M-123
want 429 "five wrong passwords: wait, even with the right one"
page_has "Probeer het over" "the wait said in Dutch"
for n in $(seq 1 20); do login th2 "X$n" fout-wachtwoord; done
login th2 C wachtwoord-C-123
want 429 "many failures from one address: the address waits"

# --- access log and audit trail ---------------------------------------------
grep -q '"via":"web GET /zaak/2026-0001"' archive/private/access.log && ok || bad "web views in the access log"
if grep -q "Berg\|Dorpsstraat" archive/private/access.log; then bad "names in the access log"; else ok; fi
# the request log cannot be steered or forged by a path or a method
curl -s -o /dev/null "$URL/%1b%5b31mROOD%0a1.2.3.4%20GET%20/vals%20200"
printf 'G\033[31mET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
	python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1",'"$PORT"')); s.sendall(sys.stdin.buffer.read()); s.recv(4096)' 2>/dev/null
if grep -q "$(printf '\033')" main.err; then bad "an escape character in the request log"; else ok; fi
if grep -q "^1\.2\.3\.4 " main.err; then bad "a forged line in the request log"; else ok; fi
stop main
run 0 "verify after the web session" -- verify

# --- the trail's banner: the archive's check ----------------------------------
# (and the mandates, from signers that run out: M's in ten days, J's before)
mkdir sigs && cp "$TOP"/tests/data/signatures/*.png sigs/
awk '/actor: M$/ {m = 1} /actor: J$/ {j = 1}
     m && /tot:/ {sub(/tot:.*/, "tot: 2026-12-06"); m = 0}
     j && /tot:/ {sub(/tot:.*/, "tot: 2026-11-01"); j = 0} {print}'     "$TOP/tests/data/signatures/signers.yaml" >sigs/signers.yaml
VPD_SIGNATURES=$WORK/sigs serve main --listen 127.0.0.1:$PORT || exit 1
login jM M wachtwoord-M-123; login jJ J wachtwoord-J-123
req jM GET /mandaten
want 403 "mandates: not for a manager"
req jJ GET /mandaten
want 200 "mandates for legal affairs"
page_has "Werkstroom heerlen" "per workflow"
page_has "mr. J. Juridisch" "the signers by name"
page_has "Loopt binnenkort af" "a mandate that runs out within 30 days"
page_has "het mandaat loopt over 10 dagen af" "in how many days"
page_has "Verlopen" "an expired mandate"
page_has "geen actor in het archief" "a signer without an actor"
page_has 'role="alert"' "the warnings are announced"
# legal affairs' overview across cases
req jM GET /juridisch
want 403 "the legal overview: not for a manager"
req jJ GET /juridisch
want 200 "the legal overview"
page_has "Besluiten per ondertekenaar" "decisions by signer"
page_has 'href="/zaak/2026-0001/verloop"' "each decision links to its case's trail"
page_has "Er zijn geen stappen te laat gezet" "no late steps yet"
# a step two days after its 48-hour deadline, with the reason why
at 2026-11-28T12:00:00+01:00
run 0 "a late step" -- --as M case event 2026-0003 maatregel_opleggen --set maatregel=waarschuwing \
	--set "motivering=Spuugde naar een medewerker." --set ordegesprek=2026-12-01T10:00 \
	--set van=2026-12-01 --set tot=2027-05-31 --reason "De melding kwam laat binnen"
req jJ GET /juridisch
page_has "Maatregel binnen 48 uur na het incident bepalen" "the late step's deadline"
page_has "De melding kwam laat binnen" "with the reason given"
page_has "27 november 2026" "and when it was due"
# the court dossier: the timeline, then every letter as archived
req jJ GET /zaak/2026-0001/verloop
page_has 'href="/zaak/2026-0001/dossier.pdf"' "the trail links the dossier for legal affairs"
req jJ GET /zaak/2026-0001/dossier.pdf
want 200 "the court dossier"
grep -qi 'content-disposition: attachment; filename="dossier-2026-0001.pdf"' headers.txt && ok || bad "the dossier's name"
mv body.html dossier.pdf
qpdf --check dossier.pdf >/dev/null 2>&1 && ok || bad "qpdf --check on the dossier"
pdftotext -enc UTF-8 dossier.pdf - | tr -s ' \n' '  ' >dossier.txt
has dossier.txt "Dossier voor de rechter" "the dossier's title"
has dossier.txt "Stap 1: Zaak geopend" "the first step"
has dossier.txt "Vastgelegd in commit $(git -C archive log --reverse --format=%H --grep='^Case: 2026-0001$' | head -1)" \
    "each step names its commit"
has dossier.txt "Exemplaar 3 van 4 — Dossier van de klant" "a letter as archived, its dossier copy"
letters=$("$VPD" --archive archive --as J case show 2026-0001 --json | jq '.documenten | length')
pages=$(pdfinfo dossier.pdf | awk '/^Pages:/ {print $2}')
[ "$pages" -gt "$letters" ] && ok || bad "the dossier holds the timeline and $letters letters ($pages pages)"
grep '"wat":"dossier"' archive/private/access.log | grep -q '"via":"web GET /zaak/2026-0001/dossier.pdf"' && ok ||
	bad "the dossier is logged"
req jM GET /zaak/2026-0001/dossier.pdf
want 403 "the dossier: not for a manager"
run 0 "the dossier from the command line (handed to vpd-serve)" -- --as J dossier 2026-0001 -o cli-dossier.pdf
qpdf --check cli-dossier.pdf >/dev/null 2>&1 && ok || bad "qpdf --check on the CLI's dossier"
[ "$(pdfinfo cli-dossier.pdf | awk '/^Pages:/ {print $2}')" = "$pages" ] && ok || bad "the CLI's dossier has the web's pages"
refused "the dossier: not for a manager (CLI)" "for legal affairs and the coordinator" -- --as M dossier 2026-0001 -o m.pdf
[ ! -e m.pdf ] && ok || bad "a refused dossier left a file"
req jM GET /zaak/2026-0001/verloop
page_has_not 'dossier.pdf' "no dossier link for a manager"
req jJ GET /juridisch
page_has "Lopende bezwaartermijnen" "the running bezwaar terms"
page_has "<td>25 november 2026</td><td>25 november 2026</td><td>6 januari 2027</td>" "the ban's term: six weeks from the day after it was sent"
page_has "Er is in geen enkele zaak van een regel van het protocol afgeweken." "no deviations here"
tail -n 1 archive/private/access.log | grep -q '"wat":"juridisch overzicht"' && ok || bad "the overview is logged"
# the coordinator's trends: charts drawn on the server, a table beside
# each, the same numbers as the CLI; the report as PDF and the CSV
req jM GET /trends
want 403 "trends: not for a manager"
req jJ GET "/trends?periode=2026-11"
want 200 "the trends of November"
page_has "Trends: november 2026" "the period named"
page_has '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="g-maand"' "the month chart as SVG"
page_has '<title id="g-kanaal">Incidenten per kanaal</title>' "each chart has a title"
page_has '<tr><td>Balie</td><td>' "a table beside the chart"
run 0 "the same figures (CLI)" -- --as J report --period 2026-11 --json
n=$(jq -r .incidenten out)
[ "$n" -gt 0 ] && ok || bad "incidents in November"
page_has "<strong>$n</strong> incidenten gemeld" "the web's count is the CLI's"
req jJ GET "/trends?periode=2026-Q5"
want 200 "an unreadable period still shows a page"
page_has "Die periode kan vpd niet lezen" "says so"
page_has "Trends: vierde kwartaal 2026" "and shows this quarter"
req jJ GET "/trends/rapportage.pdf?periode=2026-11"
want 200 "the report as PDF"
grep -qi "content-type: application/pdf" headers.txt && ok || bad "a PDF"
grep -qi 'filename="rapportage-2026-11.pdf"' headers.txt && ok || bad "named by its period"
mv body.html rapport.pdf
qpdf --check rapport.pdf >/dev/null 2>&1 && ok || bad "qpdf --check on the report"
pdftotext -enc UTF-8 rapport.pdf - | tr -s ' \n' '  ' >rapport.txt
has rapport.txt "Rapportage over november 2026" "the report's period"
has rapport.txt "Incidenten per maand" "the month chart's heading"
req jJ GET "/trends/cijfers.csv?periode=2026-11"
want 200 "the figures as CSV"
grep -qi "content-type: text/csv" headers.txt && ok || bad "a CSV"
grep -q "^samenvatting;incidenten;Incidenten;$n" body.html && ok || bad "the CSV's count"
req jJ GET "/trends/cijfers.csv?periode=gisteren"
want 400 "a CSV of an unreadable period"
# --- the coordinator's actors ------------------------------------------------
login jK C wachtwoord-C-123
req jK GET /actoren
want 200 "the coordinator's actors"
page_has "<td>J</td><td>juridische zaken</td>" "each actor with their roles"
req jJ GET /actoren
want 403 "actors: not for legal affairs"
before=$(commits)
post jK /actoren /actoren --data-urlencode "naam=N. Nieuw" --data-urlencode "rol=medewerker" \
    --data-urlencode "rol=manager" --data-urlencode "afdelingen=$(printf 'Burgerzaken\r\n Zorg \r\n')" \
    --data-urlencode "email=n.nieuw@example.org"
want 303 "an actor added"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit for the new actor"
git -C archive log -1 --format=%B | grep -q "Door: C" && ok || bad "the commit names the coordinator"
"$VPD" --archive archive actor list --json >actors.json
jq -e '.actoren["N. Nieuw"] | (.rollen | sort) == ["manager", "medewerker"] and .afdelingen == ["Burgerzaken", "Zorg"]
    and .email == "n.nieuw@example.org"' actors.json >/dev/null && ok || bad "the actor as the CLI sees them"
req jK GET /actoren
page_has "Opgeslagen: de rollen van N. Nieuw." "says it was saved"
post jK /actoren /actoren/wachtwoord --data-urlencode "naam=N. Nieuw" \
    --data-urlencode "wachtwoord=nieuw-wachtwoord-1" --data-urlencode "herhaling=nieuw-wachtwoord-2"
req jK GET /actoren
page_has "vul het nieuwe wachtwoord twee keer gelijk in" "two different passwords"
post jK /actoren /actoren/wachtwoord --data-urlencode "naam=N. Nieuw" \
    --data-urlencode "wachtwoord=nieuw-wachtwoord-1" --data-urlencode "herhaling=nieuw-wachtwoord-1"
req jK GET /actoren
page_has "Het wachtwoord van N. Nieuw is ingesteld" "a password set"
login jN "N. Nieuw" nieuw-wachtwoord-1
want 303 "the new actor signs in"
req jN GET /werk
want 200 "as a manager"
# their roles change: their session ends, so the new roles apply at once
post jK /actoren /actoren --data-urlencode "naam=N. Nieuw" --data-urlencode "rol=medewerker"
req jN GET /werk
want 303 "a changed actor must sign in again"
login jN "N. Nieuw" nieuw-wachtwoord-1
req jN GET /werk
want 403 "now without the manager's pages"
# disabled: no signing in, no acting, one commit; the name stays
before=$(commits)
post jK /actoren /actoren/uitschakelen --data-urlencode "naam=N. Nieuw"
want 303 "an actor disabled"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit disables"
git -C archive log -1 --format=%s | grep -q "Actor N. Nieuw uitgeschakeld" && ok || bad "the commit says so"
req jN GET /melding
want 303 "a disabled actor's session ends"
login jN "N. Nieuw" nieuw-wachtwoord-1
page_has "Deze naam en dit wachtwoord horen niet bij elkaar." "a disabled actor cannot sign in"
refused "a disabled actor cannot act (CLI)" "is disabled" -- --as "N. Nieuw" case list
req jK GET /actoren
page_has "<strong>uitgeschakeld</strong>" "shown as disabled"
before=$(commits)
post jK /actoren /actoren/uitschakelen --data-urlencode "naam=C"
req jK GET /actoren
page_has "Uw eigen account kunt u niet uitschakelen" "nobody disables himself"
post jK /actoren /actoren/uitschakelen --data-urlencode "naam=Bestaat Niet"
req jK GET /actoren
page_has "Dit account bestaat niet." "an unknown actor"
post jK /actoren /actoren --data-urlencode "naam=Zonder Rol"
req jK GET /actoren
page_has "kies minstens één rol" "an actor needs a role"
post jK /actoren /actoren --data-urlencode "naam=$(printf 'Slecht\033[31m')" --data-urlencode "rol=medewerker"
want 400 "a name with an escape character"
[ "$(commits)" -eq "$before" ] && ok || bad "refused changes left a commit"
# the last coordinator keeps the role; an e-mail address must be one
post jK /actoren /actoren --data-urlencode "naam=C" --data-urlencode "rol=medewerker"
req jK GET /actoren
page_has "Dit is de laatste coördinator die nog kan werken" "the last coordinator keeps the role"
post jK /actoren /actoren --data-urlencode "naam=N. Nieuw" --data-urlencode "rol=medewerker" \
    --data-urlencode "email=jan"
req jK GET /actoren
page_has "Dit is geen e-mailadres." "an address that is not one"
post jK /actoren /actoren --data-urlencode "naam=N. Nieuw" --data-urlencode "rol=manager" \
    --data-urlencode "afdelingen=<script>alert(1)</script>"
req jK GET /actoren
page_has "Niet opgeslagen." "a department with markup is refused"
page_has_not "<script>alert(1)</script>" "and never reaches the page raw"
post jK /actoren /actoren/wachtwoord --data-urlencode "naam=C" \
    --data-urlencode "wachtwoord=$(printf 'abcdefghij\001k')" --data-urlencode "herhaling=$(printf 'abcdefghij\001k')"
want 400 "a password with a control character is refused at the door"
[ "$(commits)" -eq "$before" ] && ok || bad "those refusals left a commit"
# enabled again by giving roles
post jK /actoren /actoren --data-urlencode "naam=N. Nieuw" --data-urlencode "rol=medewerker"
login jN "N. Nieuw" nieuw-wachtwoord-1
want 303 "enabled again, the old password works"
run 0 "verify after the actor changes" -- verify

# the same from the command line
VPD_SIGNATURES=$WORK/sigs run 0 "mandates (CLI)" -- --as J mandates
has out "the mandate ends in 8 days" "the CLI names what runs out"
has out "the mandate has ended" "and what has ended"
VPD_SIGNATURES=$WORK/sigs run 1 "mandates: not for a manager (CLI)" -- --as M mandates
req jM GET /zaak/2026-0001/verloop
want 200 "the trail after a verify"
page_has "Het archief is gecontroleerd" "the check is in order"
page_has "tot en met <code>$(git -C archive rev-parse --short=12 HEAD)</code>" "up to the newest commit"
# a commit made by hand, past vpd: the next look at the trail says so
git -C archive show HEAD:cases/2026/0001/case.json | jq '.status = "afgesloten"' >tampered.json
hand_commit archive cases/2026/0001/case.json tampered.json "Met de hand" >/dev/null
req jM GET /zaak/2026-0001/verloop
want 200 "the trail of a tampered archive"
page_has "Het archief klopt niet" "the banner says the archive does not hold"
page_has 'role="alert"' "as an alert"
stop main

# --- the user header is trusted from the proxy address only ----------------
PORT2=$(free_port)
URL=http://127.0.0.1:$PORT2
serve proxy --listen 0.0.0.0:$PORT2 --trust-proxy 127.0.0.1 || exit 1
code=$(curl -s -o body.html -w '%{http_code}' -H "X-Remote-User: C" "$URL/werk")
want 200 "the header from the proxy's address signs in"
code=$(curl -s -o body.html -w '%{http_code}' --interface 127.0.0.2 -H "X-Remote-User: C" \
    "http://127.0.0.2:$PORT2/werk")
want 303 "the header from another address is ignored"
code=$(curl -s -o body.html -w '%{http_code}' -H "X-Remote-User: Onbekend" "$URL/werk")
want 303 "an unknown name in the header signs nobody in"
stop proxy

# --- TLS and a graceful stop ----------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
	-subj /CN=localhost >/dev/null 2>&1
PORT3=$(free_port)
URL=https://127.0.0.1:$PORT3
serve tls --listen 127.0.0.1:$PORT3 --tls-cert cert.pem --tls-key key.pem || exit 1
code=$(curl -sk -D headers.txt -o body.html -w '%{http_code}' "$URL/inloggen")
want 200 "TLS"
grep -qi "set-cookie: vpd_inloggen=.*; Secure" headers.txt && ok || bad "Secure cookies under TLS"
grep -qi "strict-transport-security" headers.txt && ok || bad "HSTS under TLS"
stop tls
has tls.err "stopped" "stop said"
run 2 "TLS needs both files" -- serve --workflow heerlen --tls-cert cert.pem
run 2 "bad listen address" -- serve --workflow heerlen --listen nowhere

echo "e2e web: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
