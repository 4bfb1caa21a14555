#!/bin/sh
# End-to-end tests of the subject rights (issue 12): restriction of
# processing (off the bans list and lookup), correction marked in the
# person's file, and the access export (AVG art. 15) checked with
# sha256sum, pdftotext, qpdf and jq.  Usage: e2e_privacy.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
# pfile: person P0001's file as legal affairs see it (the archive holds
# it sealed)
pfile() { "$VPD" --as J case show "$A" --json | jq .persoon; }
logged() { # WAT PERSON: the access log's last entry
	tail -n 1 archive/private/access.log >last.log
	has last.log "\"wat\":\"$1\"" "access log: $1"
	has last.log "\"personen\":[\"$2\"]" "access log: $1 names $2"
}

at 2026-11-20T10:30:00+01:00
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator
run 0 "manager" -- --as C actor add M --role manager --afdeling Burgerzaken
run 0 "reception" -- --as C actor add R --role reception
run 0 "legal" -- --as C actor add J --role legal

# A: Gerrit Smeets, banned, with a photo.  B: Piet de Vries, banned too.
person smeets.json Gerrit "" Smeets 1981-06-07
person vries.json Piet "" Vries 1975-02-03
at 2026-11-20T11:00:00+01:00
run 0 "open A" -- --as M case open --workflow heerlen --person smeets.json --incident "$EX/incident-1.json"
A=$(cat out)
run 0 "open B" -- --as M case open --workflow heerlen --person vries.json --incident "$EX/incident-1.json"
B=$(cat out)
run 0 "aangifte A" -- --as M case event "$A" aangifte_gedaan --set feit=bedreiging --set registratienummer=PL2300-2026-9
at 2026-11-21T09:00:00+01:00
for c in "$A" "$B"; do
	ban_length "$c" 3
	run 0 "ban $c" -- --as M case event "$c" maatregel_opleggen --set maatregel=toegangsverbod \
		--set "motivering=Bedreiging aan de balie." --set van=2026-11-22 --set tot=2027-02-22 \
		--set "locaties=Stadskantoor"
done
run 0 "photo A" -- --as R person photo P0001 "$DATA/photos/portrait.jpg"

# --- restriction (AVG art. 18/21) -----------------------------------------
at 2026-11-23T10:00:00+01:00
run 0 "bans before" -- --as R bans --json
[ "$(jq '.personen | length' out)" = 2 ] && ok || bad "two on the list before"
refused "restrict: not for a manager" "may not restrict the processing" -- --as M person restrict P0001 --reason "bezwaar"
refused "restrict: not for reception" "may not" -- --as R person restrict P0001 --reason "bezwaar"
run 2 "restrict: needs a reason" -- --as J person restrict P0001
refused "restrict: a blank reason" "needs --reason" -- --as J person restrict P0001 --reason "  "
refused "restrict: a reason with a control character" "not valid" -- --as J person restrict P0001 --reason "$(printf 'a\033b')"
refused "restrict: no such person" "no person P0099" -- --as J person restrict P0099 --reason "bezwaar"
run 0 "restrict A" -- --as J person restrict P0001 --reason "Bezwaar van Smeets tegen het verbod loopt"
logged beperking P0001
git --git-dir=archive log -1 --format=%B >msg
has msg "Verwerking van gegevens van persoon P0001 beperkt" "restriction commit message"
grep -q "Smeets" msg && bad "the commit message repeats the reason" || ok
pfile >p1.json
[ "$(jq -r '.beperking.reden' p1.json)" = "Bezwaar van Smeets tegen het verbod loopt" ] && ok || bad "beperking in the person file"
run 0 "bans: A is off" -- --as R bans --json
[ "$(jq -r '[.personen[].persoon] | join(",")' out)" = "P0002" ] && ok || { bad "only B on the list"; cat out; }
run 0 "lookup: A is not found" -- --as R lookup "Gerrit Smeets" --json
[ "$(jq '.gevonden | length' out)" = 0 ] && ok || { bad "A found while restricted"; cat out; }
run 0 "lookup: B still is" -- --as R lookup "Piet Vries" --json
[ "$(jq '.gevonden | length' out)" = 1 ] && ok || bad "B found"
refused "reception: no case page of A" "R may not see" -- --as R case show "$A"
run 0 "reception's case list" -- --as R case list --json
jq -e --arg a "$A" --arg b "$B" 'map(.id) | index($a) == null and index($b) != null' out >/dev/null &&
	ok || { bad "reception lists A's case while restricted"; cat out; }
run 0 "bans folder without A" -- --as R bans --pdf folder.pdf
pdftotext folder.pdf - | grep -q Smeets && bad "A in the folder" || ok
# a restriction covers the measures there were: a later one shows
person mertens.json Lies "" Mertens 1970-01-02
jq '.tijdstip = "2026-11-23T08:00:00+01:00"' "$EX/incident-1.json" >inc-d.json
run 0 "open D" -- --as M case open --workflow heerlen --person mertens.json --incident inc-d.json
D=$(cat out)
run 0 "restrict D before a measure" -- --as J person restrict P0003 --reason "Bezwaar tegen de registratie"
ban_length "$D" 3
run 0 "ban D after the restriction" -- --as M case event "$D" maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Dreigen." --set van=2026-11-23 --set tot=2027-02-23 --set "locaties=Stadskantoor"
run 0 "lookup: D's new ban shows" -- --as R lookup "Lies Mertens" --json
[ "$(jq '.gevonden | length' out)" = 1 ] && ok || bad "a ban imposed after the restriction is hidden"
git --git-dir=archive show main:index/balie/2027-02.json >cards.txt
grep -q "Bezwaar" cards.txt && bad "the desk index holds the restriction's reason" || ok
refused "restrict twice" "restricted already" -- --as J person restrict P0001 --reason "nog eens"
# new data for the person keeps the restriction
at 2026-11-24T10:00:00+01:00
run 0 "update while restricted" -- --as J person update P0001 smeets.json
pfile >p1.json
jq -e '.beperking' p1.json >/dev/null && ok || bad "an update dropped the restriction"
run 0 "lift" -- --as J person restrict P0001 --lift --reason "Bezwaar ongegrond verklaard"
logged "beperking opheffen" P0001
run 0 "lookup: A is back" -- --as R lookup "Gerrit Smeets" --json
[ "$(jq '.gevonden | length' out)" = 1 ] && ok || bad "A back after the lift"
refused "lift twice" "not restricted" -- --as J person restrict P0001 --lift --reason "x"

# --- correction (AVG art. 16) ---------------------------------------------
docs_before=$(git --git-dir=archive ls-tree -r main cases | grep documents | sort)
jq '.adres.straat = "Kerkstraat" | .adres.huisnummer = "7"' smeets.json >smeets2.json
refused "correction: not for reception" "may not" -- --as R person update P0001 smeets2.json --reason "adres"
run 0 "correct the address" -- --as J person update P0001 smeets2.json --reason "Verhuisd; op verzoek verbeterd"
has out "P0001: data corrected" "correction said"
logged correctie P0001
pfile >p1.json
[ "$(jq -c '.correcties[0].velden' p1.json)" = '["adres"]' ] && ok || { bad "the corrected fields"; jq . p1.json; }
[ "$(jq -r '.correcties[0].door' p1.json)" = "J" ] && ok || bad "who corrected"
[ "$(jq -r '.adres.straat' p1.json)" = "Kerkstraat" ] && ok || bad "the new address"
jq -e '.foto' p1.json >/dev/null && ok || bad "the photo stays"
[ "$(git --git-dir=archive log -1 --format=%s)" = "Gegevens van persoon P0001 gecorrigeerd" ] && ok || bad "correction subject"
[ "$(git --git-dir=archive ls-tree -r main cases | grep documents | sort)" = "$docs_before" ] && ok || bad "a correction changed letters"
refused "correction that changes nothing" "changes nothing" -- --as J person update P0001 smeets2.json --reason "nog eens"
run 0 "an update without a reason is no correction" -- --as J person update P0001 smeets2.json
pfile >p1.json
[ "$(jq '.correcties | length' p1.json)" = 1 ] && ok || bad "one correction"

# --- access export (AVG art. 15) ------------------------------------------
at 2026-11-25T10:00:00+01:00
before=$(tip)
refused "export: not for a manager" "may not export" -- --as M person export P0001 --out inz
refused "export: not for reception" "may not export" -- --as R person export P0001 --out inz
[ -e inz ] && bad "a refused export left a directory" || ok
ls -a | grep -q '^inz.tmp' && bad "a refused export left its temporary directory" || ok
mkdir taken
run 1 "export: DIR exists" -- --as J person export P0001 --out taken
has err "already exists" "export onto an existing directory"
run 2 "export: needs --out" -- --as J person export P0001
run 0 "export A" -- --as J person export P0001 --out inz
logged inzage P0001
[ "$(tip)" = "$before" ] && ok || bad "an export made a commit"
(cd inz && sha256sum -c --quiet SHA256SUMS) && ok || bad "sha256sum -c of the export"
[ "$(stat -c %a inz)" = 700 ] && ok || bad "export directory mode"
cmp -s inz/foto.jpeg "$DATA/photos/portrait.jpg" && ok || bad "the photo as stored"
docs=$(git --git-dir=archive ls-tree -r --name-only main cases | grep -c '/documents/[0-9]*-[a-z_]*/1-')
[ "$(ls inz/brieven | wc -l)" = "$docs" ] || [ "$docs" -gt 0 ] && ok || bad "one copy of each letter"
for c in $(jq -r '.zaken[].zaak.id' inz/inzage.json); do
	for d in $(git --git-dir=archive show "main:cases/${c%%-*}/${c#*-}/case.json" |
	    jq -r '.documenten[] | select(any(.exemplaren[]; .bestemming | startswith("klant"))) | .nr'); do
		ls inz/brieven | grep -q "^$c-$(printf %03d "$d")-" && ok || bad "letter $c/$d missing from the export"
	done
done
ls inz/brieven | grep -q aangifte_politie && bad "the police's letter in the export" || ok
jq -r '.medewerkers[], .getuigen[]' "$EX/incident-1.json" >others.txt
while read -r n; do
	grep -rqF "$n" inz && bad "a colleague or witness named in the export: $n" || ok
done <others.txt
qpdf --check inz/inzage.pdf >/dev/null 2>&1 && ok || bad "qpdf --check inzage.pdf"
pdftotext inz/inzage.pdf inzage.txt
has inzage.txt "Gerrit Smeets" "the letter names the person"
has inzage.txt "Zaak $A" "the letter lists case A"
has inzage.txt "Verbeteringen" "the letter lists the correction"
has inzage.txt "Kerkstraat 7" "the corrected address"
has inzage.txt "Autoriteit Persoonsgegevens" "the letter says where to complain"
grep -rq "Vries" inz && bad "another person's data in the export" || ok
[ "$(jq -r '.persoon.achternaam' inz/inzage.json)" = Smeets ] && ok || bad "inzage.json person"
[ "$(jq -c '[.zaken[].zaak.id]' inz/inzage.json)" = "[\"$A\"]" ] && ok || bad "the case of A"
jq -e '.zaken[0].bewaartermijn.status' inz/inzage.json >/dev/null && ok || bad "retention per case"
jq -e '.zaken[0].gebeurtenissen | length > 1' inz/inzage.json >/dev/null && ok || bad "the records of a case"
# what the CLI shows of the case is in the export
run 0 "case show A" -- --as J case show "$A" --json
for k in incidenten maatregelen documenten termijnen gegevens status; do
	[ "$(jq -cS ".$k | if type == \"array\" then map(if type == \"object\" then del(.medewerkers, .getuigen) else . end) else . end" out)" = "$(jq -cS --arg a "$A" ".zaken[] | select(.zaak.id == \$a) | .zaak.$k" inz/inzage.json)" ] &&
		ok || bad "case show's $k differs from the export's"
done
# police copies sent: the export says who received them
run 0 "police export" -- --as J police export --since 2026-11-01 --out pol
run 0 "export A again" -- --as J person export P0001 --out inz2
[ "$(jq '.politie | length' inz2/inzage.json)" = 1 ] && ok || bad "the police export is listed"
pdftotext inz2/inzage.pdf - | grep -q "De politie ontving afschriften" && ok || bad "the letter names the police"
run 0 "export by case id, JSON" -- --as C person export "$B" --out inzb --json
[ "$(jq -r '.persoon_id' out)" = P0002 ] && ok || bad "export by case id"

# second writers: two restrictions and a correction at once
jq '.telefoon = "0612345678"' smeets2.json >smeets3.json
"$VPD" --as J person restrict P0002 --reason "een" >par1.out 2>&1 & p1=$!
"$VPD" --as J person restrict P0002 --reason "twee" >par2.out 2>&1 & p2=$!
"$VPD" --as J person update P0001 smeets3.json --reason "telefoon" >par3.out 2>&1 & p3=$!
wait $p1; r1=$?; wait $p2; r2=$?; wait $p3; r3=$?
[ $((r1 + r2)) -eq 1 ] && ok || bad "two restrictions at once: exits $r1 and $r2"
cat par1.out par2.out | grep -q "restricted already" && ok || bad "the second restriction is refused"
[ "$r3" -eq 0 ] && ok || { bad "the correction beside them"; cat par3.out; }
pfile | jq -e '.telefoon == "0612345678" and
    (.correcties | length) == 2' >/dev/null && ok || bad "the correction landed"
# hostile values in the new fields
refused "restrict: a reason over 2,000 bytes" "longer than 2000 bytes" -- --as J person restrict P0001 --reason "$(head -c 2100 /dev/zero | tr '\0' x)"
refused "restrict: invalid UTF-8" "not valid UTF-8" -- --as J person restrict P0001 --reason "$(printf 'ab\377')"
refused "export: a path as person" "is not a person id" -- --as J person export "P../../etc" --out h1
ln -s "$WORK/nowhere" link
run 1 "export: onto a dangling link" -- --as J person export P0001 --out link
[ -e nowhere ] && bad "the export followed a link" || ok

run 0 "verify" -- verify
echo "e2e privacy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
