#!/bin/sh
# End-to-end tests of legal soundness for Heerlen (issue 9): effective
# dates, mandate, the bezwaar clause, police letters, internal notes,
# hearing, violations, contact routes, measures that end, and the language
# of the letters.  Each check failed on the workflows and letters before
# issue 9.  docs/legal.md maps every rule to its check here.
# Usage: e2e_legal.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
# The shipped mandates, with the shipped actors' names.
VPD_SIGNATURES="$TOP/signatures"
export VPD_SIGNATURES
C="C. Coördinator"; M="M. de Manager"; T="T. Teammanager"; J="J. Juridisch"
R="R. Receptie"; B="B. Baas"

# incident FILE INSTANT [CATEGORY SOORT]
incident() {
	jq --arg t "$2" --arg c "${3:-}" --arg s "${4:-}" '.tijdstip = $t |
	    if $c == "" then . else .gedrag = [{categorie: $c, soort: $s}] end' \
	    "$EX/incident-1.json" >"$1"
}
# text CASE DOC COPY FILE: the copy's text, on one line
text() {
	"$VPD" --as "$C" document get "$1" "$2" "$3" -o t.pdf >/dev/null 2>&1 ||
	    { bad "document get $1 $2 $3"; : >"$4"; return; }
	pdftotext -enc UTF-8 t.pdf - | tr -s ' \n' '  ' >"$4"
}
lacks() { # FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; else ok; fi
}

at 2026-11-20T09:00:00+01:00
run 0 "init" -- --as "$C" init
run 0 "coordinator" -- --as "$C" actor add "$C" --role coordinator
run 0 "manager" -- --as "$C" actor add "$M" --role manager --afdeling Burgerzaken
run 0 "teammanager" -- --as "$C" actor add "$T" --role manager --afdeling Burgerzaken
run 0 "legal" -- --as "$C" actor add "$J" --role legal
run 0 "reception" -- --as "$C" actor add "$R" --role reception
run 0 "den-bosch manager" -- --as "$C" actor add "$B" --role manager --afdeling Burgerzaken

# --- 1. Effective dates (Awb 3:40) -----------------------------------------
incident i1.json 2026-11-20T08:30:00+01:00
run 0 "open case 1" -- --as "$M" case open --workflow heerlen --person "$DATA/persoon.json" --incident i1.json
K1=$(cat out)
BAN="--set maatregel=toegangsverbod --set motivering=U_dreigde_de_medewerker_te_slaan. --set locaties=Stadskantoor"

# --- §8.1. The coordinator sets the ban's length, after hearing the employee
refused "a ban waits for the coordinator's length" "stelt eerst de duur van het toegangsverbod vast" -- \
	--as "$M" case event "$K1" maatregel_opleggen $BAN --set van=2026-11-21 --set tot=2027-02-21
refused "the manager does not set the length" "it needs one of coordinator" -- \
	--as "$M" case event "$K1" duur_vaststellen --set maanden=3 --set medewerker_gehoord=ja
refused "the employee is heard first" "Hoor eerst de medewerker" -- \
	--as "$C" case event "$K1" duur_vaststellen --set maanden=6 --set medewerker_gehoord=nee
refused "at least three months" "minimaal 3 kalendermaanden (§8.1)" -- \
	--as "$C" case event "$K1" duur_vaststellen --set maanden=2 --set medewerker_gehoord=ja
refused "a length in whole months" "input 'maanden'" -- \
	--as "$C" case event "$K1" duur_vaststellen --set maanden=2.5 --set medewerker_gehoord=ja
refused "a length within reason" "van 1 tot en met 120" -- \
	--as "$C" case event "$K1" duur_vaststellen --set maanden=9999999 --set medewerker_gehoord=ja
run 0 "the coordinator sets six months" -- --as "$C" case event "$K1" duur_vaststellen \
	--set maanden=6 --set medewerker_gehoord=ja --set "notitie=intern: medewerker slaapt slecht"
refused "the manager keeps to the coordinator's length" "zoveel kalendermaanden als de coördinator vaststelde" -- \
	--as "$M" case event "$K1" maatregel_opleggen $BAN --set van=2026-11-21 --set tot=2027-02-21
run 0 "the coordinator revises it to three months" -- --as "$C" case event "$K1" duur_vaststellen \
	--set maanden=3 --set medewerker_gehoord=ja
git -C archive show HEAD:cases/"${K1%%-*}/${K1#*-}"/case.json >case.json
jq -e '.gegevens.duur_maanden == 3' case.json >/dev/null && ok || bad "the latest length counts"
lacks case.json "slaapt" "the coordinator's note stays out of the case data"
refused "ban starting before it is made known" "Awb 3:40" -- --as "$M" case event "$K1" maatregel_opleggen \
	$BAN --set van=2026-10-01 --set tot=2027-01-01
refused "with a talk, the ban starts on or after the talk's day" "niet eerder ingaan dan de dag van het gesprek" -- \
	--as "$M" case event "$K1" maatregel_opleggen $BAN --set van=2026-11-21 --set tot=2027-02-21 \
	--set ordegesprek=2026-11-24T14:00

# --- 2. Mandate (Awb 10:10; Heerlen §7.3) ----------------------------------
refused "a coordinator does not impose a ban" "it needs one of manager or legal" -- --as "$C" case event "$K1" maatregel_opleggen \
	$BAN --set van=2026-11-21 --set tot=2027-02-21
refused "a teammanager holds no ban mandate" "T. Teammanager holds no mandate to sign 'toegangsverbod'" -- \
	--as "$T" case event "$K1" maatregel_opleggen $BAN --set van=2026-11-21 --set tot=2027-02-21
refused "a manager of another municipality holds no Heerlen mandate" "B. Baas holds no mandate" -- \
	--as "$B" case event "$K1" maatregel_opleggen $BAN --set van=2026-11-21 --set tot=2027-02-21
refused "nobody signs for another" "is not T. Teammanager" -- --as "$T" case event "$K1" maatregel_opleggen \
	$BAN --set van=2026-11-21 --set tot=2027-02-21 --signer m.de.manager

# --- 1/7. Hearing (Awb 4:8): the talk announces an intended measure -------
run 0 "ban announced with a talk" -- --as "$M" case event "$K1" maatregel_opleggen $BAN \
	--set van=2026-11-24 --set tot=2027-02-24 --set ordegesprek=2026-11-24T14:00 \
	--set "notitie=intern: bekend bij de GGZ"
has out "Uitnodiging voor een ordegesprek, 2 copies" "only the invitation before the talk"
text "$K1" 1 1 inv.txt
has inv.txt "is van plan u de toegang te ontzeggen" "the invitation announces an intended measure"
has inv.txt "Dit is nog geen besluit" "the invitation is not the decision"
has inv.txt "U mag ook vooraf schriftelijk reageren" "the client may respond"
lacks inv.txt "namens de burgemeester" "an invitation is not signed as a decision"
at 2026-11-24T13:00:00+01:00
refused "no-show before the talk" "Het ordegesprek is nog niet geweest" -- --as "$M" case event "$K1" niet_verschenen
refused "outcome before the talk" "Het ordegesprek is nog niet geweest" -- --as "$M" case event "$K1" verschenen \
	--set besluit=opleggen --set "zienswijze=Hij zegt dat het hem spijt."
at 2026-12-15T10:00:00+01:00
refused "no-show weeks later: the ban would have started already" "ligt al in het verleden" -- \
	--as "$M" case event "$K1" niet_verschenen
refused "new dates keep the coordinator's length" "zoveel kalendermaanden als de coördinator vaststelde" -- \
	--as "$M" case event "$K1" niet_verschenen --set van=2026-12-15 --set tot=2027-02-28
run 0 "no-show: the decision with new dates" -- --as "$M" case event "$K1" niet_verschenen \
	--set van=2026-12-15 --set tot=2027-03-15
has out "4 copies" "post, registered post, dossier and register"
has out "toegangsverbod 2026-12-15 to 2027-03-15" "the ban starts on the day of its letter"
text "$K1" 2 2 ban.txt
has ban.txt "15 december 2026" "dated the day it is made"
has ban.txt "U bent niet gekomen" "says the talk was missed, and is not an invitation to it"
lacks ban.txt "Wij willen deze" "no invitation to a talk that has passed"
has ban.txt "mr. M. de Manager" "signed by the manager who decided"
has ban.txt "namens de burgemeester van Heerlen" "decision under mandate says on whose behalf"

# --- 3. Bezwaar clause and legal basis (Awb 3:45-3:47, 6:8, 8:81) ----------
has ban.txt "begint op de dag na de datum waarop wij u deze brief hebben toegestuurd of uitgereikt" "term starts the day after (Awb 6:8)"
lacks ban.txt "heeft ontvangen" "the term does not run from receipt"
has ban.txt "Rechtbank Limburg" "names the court"
has ban.txt "Dat kan alleen als u ook bezwaar heeft gemaakt" "provisional relief needs a bezwaar (Awb 8:81)"
has ban.txt "op grond van artikel 174 van de Gemeentewet" "states its legal basis"

# --- 5. Internal notes and the AVG notice (AVG art. 9, 13) -----------------
git -C archive show HEAD:cases/"${K1%%-*}/${K1#*-}"/case.json >case.json
lacks case.json "GGZ" "an internal note is not case data"
for d in 1 2; do
	n=$(jq ".documenten[$((d - 1))].exemplaren | length" case.json)
	k=1
	while [ "$k" -le "$n" ]; do
		text "$K1" "$d" "$k" c.txt
		lacks c.txt "GGZ" "internal note in document $d copy $k"
		k=$((k + 1))
	done
done
has ban.txt "Een afschrift van deze brief gaat naar uw dossier bij de gemeente en het register van de coördinator agressie en geweld" "says who receives copies"
has ban.txt "staan uw naam en foto op de lijst van de receptie" "says the reception list has a photo"
has ban.txt "Wij bewaren deze gegevens vijf jaar" "says how long data is kept"
has ban.txt "laten verbeteren" "names the rights"

# --- 9. Contact: phone allowed without a phone ban -------------------------
has ban.txt "per telefoon: 14 045" "without a phone ban the letter allows phoning"
run 0 "reception card" -- --as "$R" bans --json
has out "telefonisch: 14 045" "and so does the reception list"

# --- 8/1. The violation ------------------------------------------------------
at 2026-12-20T11:00:00+01:00
refused "violation before the ban took effect" "buiten de looptijd" -- --as "$R" case event "$K1" overtreding \
	--set tijdstip=2026-12-14T10:00 --set locatie=Stadskantoor --set vorderingen=3 --set getuigen=B._de_Wit
refused "a witness is required (§8.3)" "input 'getuigen' is required" -- --as "$R" case event "$K1" overtreding \
	--set tijdstip=2026-12-20T10:00 --set locatie=Stadskantoor --set vorderingen=3
run 0 "reception records a violation" -- --as "$R" case event "$K1" overtreding \
	--set tijdstip=2026-12-20T10:00 --set "locatie=Stadskantoor, centrale hal" --set vorderingen=3 \
	--set "getuigen=B. de Wit" --set "notitie=intern: verward, GGZ gebeld"
lacks out "letter" "reception holds no mandate: no letter from the violation itself"
refused "the same violation twice" "al vastgelegd" -- --as "$R" case event "$K1" overtreding \
	--set tijdstip=2026-12-20T10:00 --set "locatie=Stadskantoor, centrale hal" --set vorderingen=3 \
	--set "getuigen=B. de Wit"
at 2026-12-20T15:00:00+01:00
run 0 "the manager reports lokaalvredebreuk" -- --as "$M" case event "$K1" aangifte_gedaan \
	--set feit=lokaalvredebreuk --set registratienummer=PL2300-2026-1234
has out "Overtreding van het toegangsverbod" "the letter to the client"
text "$K1" 3 1 police.txt
has police.txt "Overtreding: 20 december 2026 om 10:00 uur, plaats: Stadskantoor, centrale hal" "the report describes the violation"
lacks police.txt "Incident: 20 november 2026" "not the latest incident"
has police.txt "Getuige: B. de Wit" "names the witness"
has police.txt "geboren op 1 april 1980" "birth date in Dutch"
lacks police.txt "1980-04-01" "no ISO date"
has police.txt "De gemeente Heerlen doet als rechthebbende op het gebouw aangifte van lokaalvredebreuk" "the municipality in running text, as the building's rightful user"
lacks police.txt "Namens Gemeente" "no capital G in running text"
has police.txt "Bij deze brief zitten geen bijlagen" "claims no enclosure it does not have"
lacks police.txt "gaat met deze brief mee" "no enclosure claim"
text "$K1" 4 1 viol.txt
has viol.txt "aangifte gedaan van lokaalvredebreuk" "language of report"
has viol.txt "beslist de rechter" "guilt is for the court"
lacks viol.txt "heeft u lokaalvredebreuk gepleegd" "no guilt stated as fact"
has viol.txt "3 keer gevraagd het gebouw te verlaten" "the orders to leave"
for k in 1 2 3 4 5; do text "$K1" 4 $k c.txt; lacks c.txt "GGZ" "violation note in copy $k"; done

# --- 10. One-time access: building, window, working day, reception list ---
at 2026-12-21T09:00:00+01:00
ONCE="--set handeling=Paspoort_ophalen --set medewerker=A._Jansen"
refused "one-time access in a building not banned" "Kies een gebouw" -- --as "$M" case event "$K1" \
	eenmalige_toegang --set gebouw=Bestuurscentrum --set tijdstip=2027-01-05T10:00 --set eind=2027-01-05T10:30 $ONCE
refused "one-time access on a Saturday" "closed on zaterdag 9 januari 2027" -- --as "$M" case event "$K1" eenmalige_toegang \
	--set gebouw=Stadskantoor --set tijdstip=2027-01-09T10:00 --set eind=2027-01-09T10:30 $ONCE
refused "one-time access after closing time" "not within the opening hours 08:30-12:30" -- --as "$M" case event "$K1" eenmalige_toegang \
	--set gebouw=Stadskantoor --set tijdstip=2027-01-08T12:00 --set eind=2027-01-08T13:00 $ONCE
mkdir -p badhours && cp -r "$TOP/letters/heerlen" badhours/heerlen
sed -i 's/^  maandag: "08:30-17:00"/  maandag: "9-17"/' badhours/heerlen/gemeente.yaml
VPD_LETTERS="$WORK/badhours" refused "opening hours that do not parse are an error, not a closed day" \
	"badhours/heerlen/gemeente.yaml: openingstijden: 'maandag' must be a weekday" -- \
	--as "$M" case event "$K1" eenmalige_toegang \
	--set gebouw=Stadskantoor --set tijdstip=2027-01-05T10:00 --set eind=2027-01-05T10:30 $ONCE
run 0 "one-time access within opening hours" -- --as "$M" case event "$K1" eenmalige_toegang \
	--set gebouw=Stadskantoor --set tijdstip=2027-01-05T10:00 --set eind=2027-01-05T10:30 $ONCE
text "$K1" 5 1 once.txt
has once.txt "gebouw: Stadskantoor" "names the building"
has once.txt "5 januari 2027 om 10:00 uur tot 10:30 uur" "names the window"
run 0 "expected that day" -- --as "$R" bans --at 2027-01-05 --json
has out '"locatie": "Stadskantoor"' "reception sees the visit in that building"
has out '"tot_tijd": "10:30"' "and until when"
run 0 "not expected the day before" -- --as "$R" bans --at 2027-01-04 --json
lacks out "Paspoort" "only on that day"

# --- 10. Withdrawal goes to those who received the decision --------------
run 0 "withdraw" -- --as "$J" case event "$K1" intrekken --set "reden=De klant heeft excuses aangeboden."
has out "3 copies" "no police copy: the ban did not go to the police"
text "$K1" 6 1 wd.txt
has wd.txt "Intrekking van de ontzegging van de toegang" "the subject names the measure"
has wd.txt "mr. J. Juridisch" "signed by the lawyer who decided"

# --- 10. A warning ends -----------------------------------------------------
at 2026-11-20T09:00:00+01:00
incident i2.json 2026-11-20T08:00:00+01:00 verbale_agressie schelden
run 0 "open case 2" -- --as "$M" case open --workflow heerlen --person "$DATA/persoon.json" --incident i2.json
K2=$(cat out)
run 0 "warning without a talk" -- --as "$M" case event "$K2" maatregel_opleggen --set maatregel=waarschuwing \
	--set "motivering=U schold de medewerker uit." --set van=2026-11-20 --set tot=2026-12-20
has out "4 copies" "post, registered post, dossier and register; no police copy without aangifte"
at 2027-01-10T09:00:00+01:00
incident i3.json 2027-01-10T08:00:00+01:00 verbale_agressie schelden
run 0 "a new incident after the warning ended" -- --as "$M" case event "$K2" nieuw_incident --incident i3.json 2>/dev/null
git -C archive show HEAD:cases/"${K2%%-*}/${K2#*-}"/case.json >case2.json
has case2.json '"verlopen"' "the warning is over, not actief forever"

# --- 7. After the talk: the decision weighs what the client said ----------
at 2027-01-10T09:30:00+01:00
incident i6.json 2027-01-10T08:00:00+01:00 verbale_agressie schelden
jq '.afdeling = "Burgerzaken"' i6.json >i7.json
sed 's/"Jan"/"Piet"/' "$DATA/persoon.json" >piet.json
run 0 "open case 3" -- --as "$M" case open --workflow heerlen --person piet.json --incident i7.json
K3=$(cat out)
run 0 "warning announced with a talk" -- --as "$M" case event "$K3" maatregel_opleggen \
	--set maatregel=waarschuwing --set "motivering=U schold de medewerker uit." \
	--set ordegesprek=2027-01-12T10:00 --set van=2027-01-12 --set tot=2027-07-12
at 2027-01-12T11:00:00+01:00
run 0 "the client came; the warning is given" -- --as "$M" case event "$K3" verschenen \
	--set besluit=opleggen --set "zienswijze=U zei dat u zich slecht behandeld voelde; dat nemen wij mee.
# Besluit ingetrokken" \
	--set "verslag=intern: kwam met zijn broer"
has out "3 copies" "handed over at the talk, dossier, register"
text "$K3" 2 1 w3.txt
has w3.txt "Klant, persoonlijk uitgereikt tijdens het ordegesprek" "the client's copy is handed over"
has w3.txt "U zei dat u zich slecht behandeld voelde" "the decision names the client's view"
lacks w3.txt "broer" "the internal report stays out"
has w3.txt "# Besluit ingetrokken" "a value is text in the letter, never a heading of its own"
lacks w3.txt "U bent niet gekomen" "no no-show sentence when he came"

# --- 11. Language and the registration form --------------------------------
at 2027-01-10T10:00:00+01:00
run 0 "registration form" -- --as "$C" case event "$K2" registratie_besproken
git -C archive show HEAD:cases/"${K2%%-*}/${K2#*-}"/case.json >c2.json
n=$(jq '.documenten | length' c2.json)
text "$K2" "$n" 1 form.txt
has form.txt "Verbale agressie: schelden" "behaviour in words, not codes"
lacks form.txt "verbale_agressie" "no raw codes"
has form.txt "Hoe: Aan de balie of in het gebouw" "channel in words"
lacks form.txt "namens de burgemeester" "a form is not a decision"
has form.txt "C. Coördinator" "signed by the coordinator who recorded it"
text "$K1" 2 1 ban1.txt
has ban1.txt "(plaats: Stadskantoor, balie Burgerzaken)" "places are not pasted into a sentence"
lacks ban1.txt "opnieuw" "no 'opnieuw' for a first incident"

# --- §5.4: a home visit always gets a report within 24 hours --------------
incident i4.json 2027-01-10T08:00:00+01:00 verbale_agressie schelden
jq '.kanaal = "huisbezoek"' i4.json >i5.json
run 0 "open a home-visit case" -- --as "$M" case open --workflow heerlen --person "$DATA/persoon.json" --incident i5.json
run 0 "show it" -- --as "$M" case show "$(cat out)" --json
has out "Melding of aangifte bij de politie met meldcode VPT binnen 24 uur" "report deadline after a home visit"

# docs/legal.md points at workflow lines (H:N, B:N–M): each must be a line
# of the file that says something, not a blank or a comment.
grep -o '\b[HB]:[0-9][0-9]*\([–-][0-9][0-9]*\)\?' "$TOP/docs/legal.md" |
    sed 's/[–-]/ /; s/:/ /' | while read -r wf from to; do
	case $wf in H) f=$TOP/workflows/heerlen.yaml ;; *) f=$TOP/workflows/den-bosch.yaml ;; esac
	for n in $from ${to:-}; do
		line=$(sed -n "${n}p" "$f")
		if [ -z "$(printf '%s' "$line" | tr -d ' ')" ] || printf '%s' "$line" | grep -q '^ *#'; then
			echo "docs/legal.md: $wf:$n is blank or a comment"
		fi
	done
done >legal-lines.txt
[ -s legal-lines.txt ] && { bad "docs/legal.md line references"; cat legal-lines.txt; } || ok

run 0 "verify" -- --as "$C" verify
git -C archive fsck --strict >/dev/null 2>&1 && ok || bad "git fsck"

echo
echo "e2e_legal: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
