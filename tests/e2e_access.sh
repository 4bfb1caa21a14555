#!/bin/sh
# End-to-end tests of the visibility matrix (docs/access.md) through the
# command line: who sees what of a case, that reads need a known actor,
# and that every view is in the hash-chained access log without a
# citizen's name.  Usage: e2e_access.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"

at 2026-11-20T10:30:00+01:00
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator
run 0 "manager of Burgerzaken" -- --as C actor add M --role manager --afdeling burgerzaken
run 0 "manager elsewhere" -- --as C actor add N --role manager --afdeling Sport
run 0 "reception" -- --as C actor add R --role reception
run 0 "legal" -- --as C actor add J --role legal
run 0 "police" -- --as C actor add P --role police
run 0 "staff member" -- --as C actor add "A. Jansen" --role medewerker
run 0 "another staff member" -- --as C actor add "B. de Wit" --role medewerker
refused "a department name with a line break" "a department's name is 1 to 100" -- \
	--as C actor add X --role manager --afdeling "$(printf 'a\nb')"
run 0 "actor list shows departments" -- actor list --json
if jq -e '.actoren.M.afdelingen == ["burgerzaken"]' out >/dev/null; then ok; else bad "departments stored"; fi

# A staff member reports; the case belongs to Burgerzaken.
at 2026-11-20T11:00:00+01:00
run 0 "a staff member reports" -- --as "A. Jansen" case open --workflow heerlen \
	--person "$EX/persoon.json" --incident "$EX/incident-1.json"
CASE=$(cat out)
[ "$CASE" = 2026-0001 ] && ok || bad "case id $CASE"

# Reads need a known actor.
for cmd in "case show $CASE" "case list" "case log $CASE" "document get $CASE 1" \
    "letter preview $CASE uitnodiging_ordegesprek -o x.pdf" "bans" "agenda" "lookup Berg"; do
	# shellcheck disable=SC2086
	run 1 "no actor: $cmd" -- $cmd
	has err "say who you are with --as NAME" "no actor: $cmd"
	# shellcheck disable=SC2086
	run 1 "unknown actor: $cmd" -- --as Onbekend $cmd
	has err "unknown actor 'Onbekend'" "unknown actor: $cmd"
done
[ ! -e x.pdf ] && ok || bad "a refused preview left a file"
run 1 "system sees nothing" -- --as system case show "$CASE"

# The reporter sees his report and what happened, nothing else.
run 0 "reporter: show" -- --as "A. Jansen" case show "$CASE" --json
jq -e '.zicht == ["meldingen"] and .persoon == {"naam": "Jan van der Berg"} and
    (.incidenten | length) == 1 and .incidenten[0].omschrijving != null and
    (has("gegevens") | not) and (has("documenten") | not) and (has("termijnen") | not) and
    (has("formulieren") | not) and .verloop[0].wat == "Zaak geopend"' out >/dev/null &&
	ok || { bad "reporter's view"; cat out; }
if grep -q "Dorpsstraat\|1980-04-01\|6411" out; then bad "reporter sees address or birth date"; else ok; fi
run 0 "reporter: list" -- --as "A. Jansen" case list --json
jq -e 'length == 1 and .[0].mijn_meldingen[0].locatie != null and (.[0] | has("persoon") | not)' out >/dev/null &&
	ok || bad "reporter's list"
refused "reporter: no audit trail" "may not see the audit trail" -- --as "A. Jansen" case log "$CASE"
run 0 "another staff member: empty list" -- --as "B. de Wit" case list --json
[ "$(jq length out)" = 0 ] && ok || bad "another staff member sees reports"
refused "another staff member: no case" "B. de Wit may not see anything of case $CASE" -- \
	--as "B. de Wit" case show "$CASE"

# Managers see the cases of their departments (compared without case).
run 0 "manager of the department" -- --as M case show "$CASE" --json
jq -e '.zicht == ["volledig"] and .persoon.adres.straat == "Dorpsstraat" and
    (.formulieren | map(.event) | index("maatregel_opleggen")) != null' out >/dev/null &&
	ok || bad "manager's full view"
jq -e '.formulieren[] | select(.event == "maatregel_opleggen") | .invoer[] |
    select(.naam == "maatregel") | .type == "enum" and .verplicht and .waarden == ["waarschuwing", "toegangsverbod"] and .label == "Welke maatregel"' \
    out >/dev/null && ok || bad "forms come from the workflow"
refused "manager of another department" "N may not see anything of case $CASE" -- --as N case show "$CASE"
run 0 "other manager's list" -- --as N case list --json
[ "$(jq length out)" = 0 ] && ok || bad "other manager lists the case"
refused "other manager may not act" "N may not change case $CASE" -- \
	--as N case event "$CASE" afsluiten --set reden=x
run 0 "other manager's agenda is empty" -- --as N agenda --json
[ "$(jq '.punten | length' out)" = 0 ] && ok || bad "other manager's agenda"
run 0 "manager's agenda" -- --as M agenda --json
[ "$(jq '[.punten[] | select(.zaak == "'"$CASE"'")] | length' out)" -gt 0 ] && ok || bad "manager's agenda"

# Reception sees nothing before a measure, the desk card during one.
refused "reception before a measure" "R may not see anything of case $CASE" -- --as R case show "$CASE"
at 2026-11-20T16:00:00+01:00
run 0 "aangifte" -- --as M case event "$CASE" aangifte_gedaan --set feit=bedreiging
at 2026-11-21T09:00:00+01:00
ban_length "$CASE" 3
run 0 "ban" -- --as M case event "$CASE" maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Dreigen aan de balie." --set van=2026-11-22 --set tot=2027-02-22 \
	--set "locaties=Stadskantoor, Bestuurscentrum"
run 0 "reception: desk card" -- --as R case show "$CASE" --json
jq -e '.zicht == ["balie"] and .persoon.naam == "Jan van der Berg" and
    .persoon.geboortedatum == "1980-04-01" and (.persoon | has("adres") | not) and
    (has("incidenten") | not) and (has("documenten") | not) and (has("gegevens") | not) and
    .maatregelen[0].oordeel != null and .maatregelen[0].locaties == ["Stadskantoor", "Bestuurscentrum"] and
    (.formulieren | map(.event) | index("overtreding")) != null and
    (.formulieren | map(.event) | index("maatregel_opleggen")) == null' out >/dev/null &&
	ok || { bad "reception's view"; cat out; }
if grep -q "Dorpsstraat\|omschrijving\|medewerker" out; then bad "reception sees address or narrative"; else ok; fi
refused "reception: no letters" "R may not see this letter" -- --as R document get "$CASE" 2 1 -o r.pdf
refused "reception: no preview" "may not see the letters" -- --as R letter preview "$CASE" toegangsverbod -o r.pdf
[ ! -e r.pdf ] && ok || bad "a refused read left a file"

# The police see the police copies, and only those.
run 0 "police: show" -- --as P case show "$CASE" --json
jq -e '.zicht == ["politie"] and (has("persoon") | not) and (has("incidenten") | not) and
    ([.documenten[].exemplaren[].bestemming] | unique) == ["politie"]' out >/dev/null &&
	ok || { bad "police view"; cat out; }
pol=$(jq -r '.documenten[-1] | "\(.nr) \(.exemplaren[0].nr)"' out)
# shellcheck disable=SC2086
run 0 "police: their copy" -- --as P document get "$CASE" $pol -o pol.pdf
pdftotext pol.pdf - | grep -q "Politie" && ok || bad "police copy content"
refused "police: not the client's copy" "P may not see this letter" -- --as P document get "$CASE" 2 1 -o c.pdf
refused "police: no audit trail" "may not see the audit trail" -- --as P case log "$CASE"

# Legal sees everything, and the audit trail.
run 0 "legal: audit trail" -- --as J case log "$CASE" --json
[ "$(jq length out)" -ge 3 ] && ok || bad "legal's audit trail"

# A repeat report by another staff member links to the case; each
# reporter sees his own incident only.
at 2027-01-10T10:00:00+01:00
run 0 "second reporter" -- --as "B. de Wit" case open --workflow heerlen \
	--person "$EX/persoon.json" --incident "$EX/incident-2.json"
has out "$CASE" "linked to the case in force"
run 0 "second reporter's view" -- --as "B. de Wit" case show "$CASE" --json
jq -e '(.incidenten | length) == 1 and .incidenten[0].kanaal == "telefoon"' out >/dev/null &&
	ok || bad "second reporter sees only his incident"
run 0 "first reporter's view" -- --as "A. Jansen" case show "$CASE" --json
jq -e '(.incidenten | length) == 1 and .incidenten[0].kanaal == "balie" and
    (.verloop | map(.wat) | index("Maatregel opleggen")) != null' out >/dev/null &&
	ok || bad "first reporter sees his incident and the progress"

# At the desk lookup, steps are offered only on cases in the reader's
# sight: reception and the department's manager get them, a manager of
# another department (who would be refused) does not.
run 0 "lookup by reception" -- --as R lookup Berg --json
jq -e '.gevonden[0].zaken[0].stappen | length > 0' out >/dev/null &&
	ok || { bad "reception offered the desk steps"; cat out; }
run 0 "lookup by the other manager" -- --as N lookup Berg --json
jq -e '.gevonden[0].zaken[0].stappen == []' out >/dev/null &&
	ok || { bad "a manager of another department offered steps"; cat out; }

# The access log: every view above, chained, without names or addresses.
LOG=archive/private/access.log
[ -f "$LOG" ] && ok || bad "no access log"
[ "$(stat -c %a archive/private)" = 700 ] && ok || bad "private dir mode"
[ "$(stat -c %a "$LOG")" = 600 ] && ok || bad "access log mode"
if grep -q "Berg\|Dorpsstraat\|1980-04-01\|van der" "$LOG"; then bad "a citizen's data in the access log"; else ok; fi
jq -se 'map(select(.actor == "R" and .wat == "zaak" and .via == "vpd case show")) | length >= 1' "$LOG" >/dev/null &&
	ok || bad "reception's view logged"
jq -se 'map(select(.actor == "P" and .wat == "brief" and .zaken == ["'"$CASE"'"])) | length == 1' "$LOG" >/dev/null &&
	ok || bad "police download logged once"
jq -se 'map(select(.via == "vpd lookup")) | all(has("zoekterm") | not)' "$LOG" >/dev/null &&
	ok || bad "lookup logged without the name typed"
run 0 "verify checks the log" -- verify
has out "access log:" "verify reports the log"
n=$(wc -l <"$LOG")
# A changed line is found.
sed -i '2s/"actor":"[^"]*"/"actor":"X"/' "$LOG"
run 1 "a changed log line is found" -- verify
has err "access.log line 3" "the line after the change is named"

echo "e2e access: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
