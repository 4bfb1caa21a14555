#!/bin/sh
# End-to-end tests of legal soundness for 's-Hertogenbosch (seed 004,
# chapter 5 and its annexes): effective dates (Awb 3:40), who reports what
# to the police (ch. 5 §3), a ban only after repeated behaviour (§4), the
# hearing, violations and the aangifte that follows, the invitation during
# a ban, withdrawal copies, the registration form, internal notes, and the
# language and legal blocks of the letters.  Each check failed on the
# workflow and letters before this was fixed.  Usage: e2e_legal_bosch.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
NOTE="GEHEIM-NOTITIE-XQ7"   # an internal note that must never reach a PDF

# incident FILE INSTANT CATEGORY SOORT
incident() {
	jq --arg t "$2" --arg c "$3" --arg s "$4" \
	    '.tijdstip = $t | .gedrag = [{categorie: $c, soort: $s}] |
	     .locatie = "Stadskantoor, balie Burgerzaken"' "$EX/incident-1.json" >"$1"
}
# text CASE DOC COPY FILE: the copy's text, on one line
text() {
	"$VPD" --as C document get "$1" "$2" "$3" -o t.pdf >/dev/null 2>&1 ||
	    { bad "document get $1 $2 $3"; : >"$4"; return; }
	pdftotext -enc UTF-8 t.pdf - | tr -s ' \n' '  ' >"$4"
}
# lacks FILE TEXT DESCRIPTION: the opposite of has
lacks() {
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; else ok; fi
}
# The case's data as JSON, and its latest document's number and copies.
show() { "$VPD" --as C case show "$1" --json >show.json 2>/dev/null || bad "case show $1"; }
lastdoc() { show "$1"; jq '.documenten | length' show.json; }
copies() {
	show "$1"
	jq -r '.documenten[-1].exemplaren | map(.bestemming) | join(",")' show.json
}

at 2026-11-20T10:30:00+01:00
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator
run 0 "manager" -- --as C actor add M --role manager --afdeling Burgerzaken
run 0 "legal" -- --as C actor add J --role legal
run 0 "reception" -- --as C actor add R --role reception

# --- A: a first incident, a threat against an employee --------------------
person berg.json Jan "van der" Berg 1980-04-01
incident inc-a.json 2026-11-20T10:00:00+01:00 persoonlijke_bedreiging bedreiging
at 2026-11-20T11:00:00+01:00
run 0 "open A" -- --as M case open --workflow den-bosch --person berg.json --incident inc-a.json
A=$(cat out)

# Defect 2: ch. 5 §3 has no 48-hour aangifte deadline, and a threat is the
# employee's own, voluntary report.
show "$A"
[ "$(jq '[.termijnen[] | select(.naam == "aangifte")] | length' show.json)" = 0 ] && ok ||
	bad "a threat starts an aangifte deadline for the municipality"
refused "the municipality does not report a threat" "feit" -- \
	--as M case event "$A" aangifte_gedaan --set feit=bedreiging
refused "a vernieling report says what was damaged" "vernield" -- \
	--as M case event "$A" aangifte_gedaan --set feit=vernieling
refused "support must be offered to the employee" "ondersteuning en nazorg" -- \
	--as M case event "$A" aangifte_medewerker --set aangifte_datum=2026-11-20 \
	--set adres_gemeente=ja --set steun_aangeboden=nee
n=$(lastdoc "$A")
run 0 "the employee's own aangifte is recorded" -- --as M case event "$A" aangifte_medewerker \
	--set aangifte_datum=2026-11-20 --set politie_nummer=PL2000-2026-77 \
	--set adres_gemeente=ja --set steun_aangeboden=ja --set "notitie=$NOTE"
show "$A"
[ "$(jq '.gegevens.aangifte_gedaan' show.json)" = true ] && ok || bad "aangifte_gedaan set"
[ "$(jq '.documenten | length' show.json)" = "$n" ] && ok || bad "the employee's aangifte made a letter"

# Defect 1: a warning cannot take effect before it is made known.
at 2026-11-21T09:00:00+01:00
refused "warning starting yesterday" "Awb 3:40" -- --as M case event "$A" waarschuwen \
	--set "motivering=Dreigen aan de balie." --set van=2026-11-20 --set tot=2027-05-20

# Defect 3: a ban only after repeated behaviour; legal affairs may deviate.
refused "ban after a first incident" "herhaald agressief gedrag" -- --as M case event "$A" \
	voornemen_toegangsverbod --set "motivering=Ernstige bedreiging." --set van=2026-12-10 \
	--set tot=2027-06-10 --set locaties=Stadskantoor --set reactie_tot=2026-12-05
refused "only legal affairs deviates" "legal" -- --as M case event "$A" \
	voornemen_toegangsverbod --set "motivering=Ernstige bedreiging." --set van=2026-12-10 \
	--set tot=2027-06-10 --set locaties=Stadskantoor --set reactie_tot=2026-12-05 \
	--set "afwijking_reden=Zeer ernstig"
refused "intended ban starting in the past" "Awb 3:40" -- --as J case event "$A" \
	voornemen_toegangsverbod --set "motivering=Ernstige bedreiging." --set van=2026-11-20 \
	--set tot=2027-06-10 --set locaties=Stadskantoor --set reactie_tot=2026-11-19 \
	--set "afwijking_reden=Bedreiging met een mes"
run 0 "legal affairs deviates with a reason" -- --as J case event "$A" \
	voornemen_toegangsverbod --set "motivering=U dreigde een medewerker iets aan te doen." \
	--set van=2026-12-10 --set tot=2027-06-10 --set locaties=Stadskantoor \
	--set reactie_tot=2026-12-05 --set "afwijking_reden=Bedreiging met een mes" \
	--set "notitie=$NOTE"
run 0 "the deviation is in the log" -- --as C case log "$A"
has out "Bedreiging met een mes" "deviation reason logged"
# legal affairs' overview across cases lists the deviation with its rule
# and reason (the web's /juridisch shows the same)
run 0 "the legal overview" -- --as J legal --json
jq -e --arg z "$A" '[.afwijkingen[] | select(.zaak == $z and .reden == "Bedreiging met een mes"
    and .door == "J" and .event == "voornemen_toegangsverbod" and (.regel | test("herhaald")))] | length == 1' \
    out >/dev/null && ok || bad "the deviation across cases: $(jq -c .afwijkingen out)"
run 0 "the legal overview as text" -- --as J legal
has out "reden: Bedreiging met een mes" "the text names the reason"
refused "the legal overview: not for a manager" "for legal affairs and the coordinator" -- --as M legal
text "$A" "$(lastdoc "$A")" 1 aanz-a.txt
has aanz-a.txt "(plaats: Stadskantoor, balie Burgerzaken)" "location with a label, not 'in Stadskantoor'"
lacks aanz-a.txt "niet de eerste keer" "a first incident is not called a repeat"
lacks aanz-a.txt "opnieuw agressief" "a first incident is not called a repeat"
lacks aanz-a.txt "namens de burgemeester" "an intention is not a decision"
has aanz-a.txt "klagen bij de Autoriteit" "privacy block in the intention"

# Defect 7: withdrawing an intention goes only where the intention went.
at 2026-11-23T09:00:00+01:00
run 0 "withdraw the intention" -- --as J case event "$A" intrekken \
	--set "reden=U heeft uw excuses aangeboden." --set "notitie=$NOTE"
[ "$(copies "$A")" = "klant_post,dossier" ] && ok || bad "withdrawal of an intention: copies $(copies "$A")"
text "$A" "$(lastdoc "$A")" 1 intr-a.txt
has intr-a.txt "ziet daar nu van af" "withdrawal says no ban follows"
lacks intr-a.txt "politie" "withdrawal of an intention mentions no police"

# --- B: warning, talk, intention, ban, invitation, violation, aangifte -----
person vries.json Piet de Vries 1975-02-03
incident inc-b.json 2026-11-21T10:00:00+01:00 verbale_agressie schelden
at 2026-11-21T11:00:00+01:00
run 0 "open B" -- --as M case open --workflow den-bosch --person vries.json --incident inc-b.json
B=$(cat out)
run 0 "invite to a talk" -- --as M case event "$B" ordegesprek_plannen \
	--set ordegesprek=2026-11-24T10:00 --set "leidinggevende=B. Baas" --set "notitie=$NOTE"

# Defect 4: the talk cannot be recorded, or missed, before it took place.
at 2026-11-23T16:00:00+01:00
refused "no-show before the talk" "nog niet geweest" -- --as M case event "$B" niet_verschenen
refused "talk recorded before it took place" "nog niet geweest" -- --as M case event "$B" \
	ordegesprek_gevoerd --set "afspraken=U belt voortaan eerst."
at 2026-11-24T11:00:00+01:00
run 0 "talk held" -- --as M case event "$B" ordegesprek_gevoerd \
	--set "afspraken=U belt voortaan eerst voor een afspraak." --set medewerker_aanwezig=ja \
	--set "notitie=$NOTE"
run 0 "warning from today" -- --as M case event "$B" waarschuwen \
	--set "motivering=U schold de medewerker uit." --set van=2026-11-24 --set tot=2027-05-24 \
	--set "notitie=$NOTE"
text "$B" "$(lastdoc "$B")" 1 warn.txt
has warn.txt "(plaats: Stadskantoor, balie Burgerzaken)" "warning: location with a label"
lacks warn.txt "Bij bedreiging of geweld doen wij aangifte" "warning: the municipality does not report threats"
has warn.txt "klagen bij de Autoriteit" "privacy block in the warning"
has warn.txt "namens de burgemeester" "the warning is signed on the burgemeester's behalf"
lacks warn.txt "foto" "a warning is not on the reception list"
run 0 "reception's list" -- --as R bans --json
lacks out "Vries" "a Den Bosch warning is not on reception's list (balielijst)"

# After a warning, an intention needs no deviation.
at 2026-11-25T09:00:00+01:00
run 0 "intention after a warning" -- --as M case event "$B" voornemen_toegangsverbod \
	--set "motivering=U bleef schelden na de waarschuwing." --set van=2026-12-01 \
	--set tot=2027-06-01 --set "locaties=Stadskantoor, Bestuurscentrum" --set reactie_tot=2026-11-28

# Defect 1: the ban starts no earlier than the day it is imposed.
at 2026-12-03T09:00:00+01:00
refused "ban starting on the announced day, now past" "Awb 3:40" -- --as M case event "$B" \
	toegangsverbod_opleggen --set uitreiking=aangetekend
refused "ban with a new start in the past" "Awb 3:40" -- --as M case event "$B" \
	toegangsverbod_opleggen --set uitreiking=aangetekend --set van=2026-12-02
refused "ban ending before it starts" "einddatum" -- --as M case event "$B" \
	toegangsverbod_opleggen --set uitreiking=aangetekend --set van=2026-12-03 --set tot=2026-12-01
run 0 "ban from today" -- --as M case event "$B" toegangsverbod_opleggen \
	--set uitreiking=aangetekend --set van=2026-12-03 --set tot=2027-06-03 \
	--set "reactie=U reageerde niet binnen de termijn." --set "notitie=$NOTE"
show "$B"
[ "$(jq -r '.maatregelen[-1].van' show.json)" = 2026-12-03 ] && ok || bad "ban registered from the new start"
# The ban's bezwaar term runs six weeks from the day after it was made
# known (Awb 3:41, 6:8): not sent yet, it has no term.
run 0 "bezwaar terms in the legal overview" -- --as J legal --json
jq -e --arg z "$B" '[.bezwaar[] | select(.zaak == $z and .van == null and .tot == null
    and .verzonden == false)] | length == 1' out >/dev/null && ok ||
	bad "a decision not yet sent has no term: $(jq -c .bezwaar out)"
jq -e --arg z "$B" '[.bezwaar[] | select(.zaak == $z and (.titel | test("aarschuwing")))] | length == 0' out \
    >/dev/null && ok || bad "a warning has no bezwaar term"
# Sent by registered post on Saturday 5 December: six weeks end on
# Saturday 16 January, so the term runs to Monday 18 January
# (Algemene termijnenwet).
doc=$(jq '.documenten[-1].nr' show.json)
cp=$(jq '.documenten[-1].exemplaren[] | select(.geadresseerde == true and .aangetekend == true) | .nr' show.json)
at 2026-12-05T10:00:00+01:00
run 0 "the ban goes by registered post" -- --as M document mark "$B" "$doc" "$cp" aangetekend_verzonden \
	--tracking RR123456785NL
run 0 "the term now runs" -- --as J legal --json
jq -e --arg z "$B" '[.bezwaar[] | select(.zaak == $z and .bekendgemaakt == "2026-12-05" and .van == "2026-12-06"
    and .tot == "2027-01-18" and .verzonden == true)] | length == 1' out >/dev/null && ok ||
	bad "the term from the day after sending, past the weekend: $(jq -c .bezwaar out)"
at 2027-01-18T20:00:00+01:00
run 0 "on its last day" -- --as J legal --json
jq -e --arg z "$B" '[.bezwaar[] | select(.zaak == $z and .dagen == 0)] | length == 1' out >/dev/null && ok ||
	bad "listed on its last day"
at 2027-01-19T09:00:00+01:00
run 0 "after the term" -- --as J legal --json
jq -e --arg z "$B" '[.bezwaar[] | select(.zaak == $z and .tot == "2027-01-18")] | length == 0' out >/dev/null &&
	ok || bad "an ended term is no longer listed"
at 2026-12-05T10:00:00+01:00
BAN=$(lastdoc "$B")
text "$B" "$BAN" 1 ban.txt
has ban.txt "van 3 december 2026 tot en met 3 juni 2027" "ban period in Dutch"
has ban.txt "Stadskantoor en Bestuurscentrum" "ban locations"
has ban.txt "artikel 174 van de Gemeentewet" "legal basis (Awb 3:46)"
has ban.txt "Rechtbank Oost-Brabant" "court for provisional relief (Awb 8:81)"
has ban.txt "Postbus 90125, 5200 MA 's-Hertogenbosch" "court address"
has ban.txt "op de dag na de dag waarop" "bezwaar term from the day after (Awb 6:8)"
has ban.txt "alleen als u ook bezwaar heeft gemaakt" "provisional relief only with a bezwaar"
has ban.txt "namens de burgemeester" "ban under mandate"
has ban.txt "uw foto op de lijst" "privacy: the reception list with photo"
has ban.txt "het beveiligingsbedrijf van onze gebouwen" "privacy: who gets a copy"
has ban.txt "schriftelijke uitnodiging" "contact during the ban: by invitation"
lacks ban.txt "eenmalige" "no one-time access 's-Hertogenbosch does not have"
lacks ban.txt "u pleegt" "the ban letter does not declare an offence"
run 0 "the reception list" -- --as R bans --json
lacks out "eenmalige" "reception's contact routes have no one-time access"

# Defect 6: an invitation during the ban, within opening hours, on
# reception's list of expected visitors for that day.
at 2026-12-07T09:00:00+01:00
refused "invitation on a Saturday" "closed on zaterdag" -- --as M case event "$B" uitnodiging_tijdens_verbod \
	--set bezoek_tijdstip=2026-12-12T10:00 --set bezoek_eind=2026-12-12T10:30 \
	--set gebouw=Stadskantoor --set "doel=Paspoort ophalen" --set "begeleider=A. Jansen"
refused "invitation after hours" "not within the opening hours" -- --as M case event "$B" uitnodiging_tijdens_verbod \
	--set bezoek_tijdstip=2026-12-14T17:00 --set bezoek_eind=2026-12-14T17:30 \
	--set gebouw=Stadskantoor --set "doel=Paspoort ophalen" --set "begeleider=A. Jansen"
refused "invitation to a building outside the ban" "gebouwen uit de ontzegging" -- --as M case event "$B" \
	uitnodiging_tijdens_verbod --set bezoek_tijdstip=2026-12-15T10:00 --set bezoek_eind=2026-12-15T10:30 \
	--set gebouw=Stadswinkel --set "doel=Paspoort ophalen" --set "begeleider=A. Jansen"
run 0 "invitation during the ban" -- --as M case event "$B" uitnodiging_tijdens_verbod \
	--set verzoek_datum=2026-12-04 --set bezoek_tijdstip=2026-12-15T10:00 \
	--set bezoek_eind=2026-12-15T10:30 --set gebouw=Stadskantoor --set "doel=Paspoort ophalen" \
	--set "begeleider=A. Jansen" --set "aanwezig=een medewerker van de beveiliging" \
	--set "notitie=$NOTE"
text "$B" "$(lastdoc "$B")" 1 uitn.txt
has uitn.txt "15 december 2026 om 10:00 uur" "invitation: day and time in Dutch"
has uitn.txt "4 december 2026" "invitation: answers the written request"
has uitn.txt "A. Jansen" "invitation: who receives the client"
lacks uitn.txt "namens de burgemeester" "an invitation is not a decision"
at 2026-12-15T08:30:00+01:00
run 0 "expected visitors that day" -- --as R bans --json
[ "$(jq -r '.verwacht[0].naam + " " + .verwacht[0].tijd + " " + .verwacht[0].locatie' out)" = \
	"Piet de Vries 10:00 Stadskantoor" ] && ok || { bad "invitation on the expected list"; jq .verwacht out; }
at 2026-12-16T08:30:00+01:00
run 0 "not expected the next day" -- --as R bans --json
[ "$(jq '.verwacht | length' out)" = 0 ] && ok || bad "expected the day after"

# Defect 5: a violation needs a witness and the orders to leave, and is
# recorded once.
at 2026-12-16T11:00:00+01:00
refused "violation without a witness" "getuigen" -- --as R case event "$B" overtreding \
	--set tijdstip=2026-12-16T10:15 --set locatie=Stadskantoor --set vorderingen=2
refused "violation without the orders to leave" "vorderingen" -- --as R case event "$B" overtreding \
	--set tijdstip=2026-12-16T10:15 --set locatie=Stadskantoor --set "getuigen=K. Kok"
refused "violation in a building outside the ban" "gebouwen die erin staan" -- --as R case event "$B" \
	overtreding --set tijdstip=2026-12-16T10:15 --set locatie=Stadswinkel \
	--set "getuigen=K. Kok" --set vorderingen=2
run 0 "violation" -- --as R case event "$B" overtreding --set tijdstip=2026-12-16T10:15 \
	--set locatie=Stadskantoor --set "plek=de centrale hal" --set "getuigen=K. Kok, L. de Lange" \
	--set vorderingen=2 --set "notitie=$NOTE"
refused "the same violation twice" "al vastgelegd" -- --as R case event "$B" overtreding \
	--set tijdstip=2026-12-16T10:15 --set locatie=Stadskantoor --set "getuigen=K. Kok" --set vorderingen=2
refused "reception reports no aangifte" "may not fire aangifte_gedaan" -- --as R case event "$B" \
	aangifte_gedaan --set feit=lokaalvredebreuk
at 2026-12-16T15:00:00+01:00
run 0 "aangifte of lokaalvredebreuk" -- --as M case event "$B" aangifte_gedaan \
	--set feit=lokaalvredebreuk --set registratienummer=PL2000-2026-88 --set "notitie=$NOTE"
refused "one aangifte per violation" "al aangifte gedaan" -- --as M case event "$B" aangifte_gedaan \
	--set feit=lokaalvredebreuk
show "$B"
POL=$(jq '[.documenten[] | select(.brief == "aangifte_politie")][-1].nr' show.json)
KL=$(jq '[.documenten[] | select(.brief == "aangifte_overtreding")][-1].nr' show.json)
[ "$KL" != null ] && ok || bad "no letter to the client after the aangifte (seed 004 action letter)"
[ "$(jq -r "[.documenten[] | select(.nr == $KL)][0].exemplaren | map(.bestemming) | join(\",\")" show.json)" = \
	"klant_post,dossier" ] && ok || bad "copies of the aangifte letter to the client"
text "$B" "$KL" 1 aang-klant.txt
has aang-klant.txt "aangifte gedaan" "client letter: an aangifte was made"
has aang-klant.txt "artikel 139 van het Wetboek van Strafrecht" "client letter: the article"
has aang-klant.txt "beslist de rechter" "client letter: the court decides"
has aang-klant.txt "16 december 2026 om 10:15 uur" "client letter: date of the violation"
has aang-klant.txt "2 keer gevorderd" "client letter: the orders to leave"
lacks aang-klant.txt "gepleegd" "client letter: no offence stated as fact"
lacks aang-klant.txt "namens de burgemeester" "the aangifte letter is not a decision"
text "$B" "$POL" 1 pol.txt
has pol.txt "16 december 2026 om 10:15 uur" "police letter: date of the violation"
has pol.txt "Stadskantoor (de centrale hal)" "police letter: place of the violation"
has pol.txt "Getuige: K. Kok" "police letter: first witness"
has pol.txt "Getuige: L. de Lange" "police letter: second witness"
has pol.txt "2 keer" "police letter: orders to leave"
has pol.txt "3 februari 1975" "police letter: birth date in Dutch"
lacks pol.txt "1975-02-03" "police letter: no ISO birth date"
has pol.txt "De gemeente 's-Hertogenbosch doet aangifte" "police letter: the municipality in running text"
lacks pol.txt "Namens Gemeente" "police letter: no 'Namens Gemeente'"
lacks pol.txt "gaat met deze brief mee" "police letter: no enclosures claimed"
lacks pol.txt "21 november 2026" "police letter: not the first incident"
has pol.txt "Wolvenhoek 1" "police letter: the town hall as domicile"

# Defect 9: the registration form, with readable labels.
run 0 "registration form" -- --as M case event "$B" registratie --set weigert_vertrek=ja \
	--set letsel=nee --set schade_persoonlijk=nee --set schade_gemeente=nee --set aangifte=ja \
	--set aangifte_op=2026-12-16 --set nazorg=ja --set "nazorg_toelichting=Gesprek met de leidinggevende" \
	--set vervolg=nee --set "notitie=$NOTE"
show "$B"
[ "$(jq -r '.documenten[-1] | .brief + ":" + (.exemplaren | map(.bestemming) | join(","))' show.json)" = \
	"registratieformulier:dossier" ] && ok || bad "registration form for the dossier"
text "$B" "$(lastdoc "$B")" 1 reg.txt
has reg.txt "Verbale agressie: schelden" "registration: readable behaviour"
has reg.txt "Weigerde te vertrekken: ja" "registration: refused to leave"
has reg.txt "ja, op 16 december 2026" "registration: date of the aangifte"
has reg.txt "Aan de balie of in het gebouw" "registration: readable channel"
lacks reg.txt "verbale_agressie" "registration: no raw codes"
lacks reg.txt "namens de burgemeester" "a form is not a decision"

# Defect 7: withdrawing a ban that was imposed goes to all who had it.
at 2027-01-10T10:00:00+01:00
run 0 "withdraw the ban" -- --as J case event "$B" intrekken --set "reden=U houdt zich aan de afspraken."
[ "$(copies "$B")" = "klant_post,dossier,beveiliging,politie" ] && ok ||
	bad "withdrawal of a ban: copies $(copies "$B")"

# --- C: damage to municipal property, reported by the municipality --------
person bakker.json Anna "" Bakker 1990-05-06
incident inc-c.json 2027-01-11T09:00:00+01:00 fysiek_geweld vernieling
at 2027-01-11T10:00:00+01:00
run 0 "open C" -- --as M case open --workflow den-bosch --person bakker.json --incident inc-c.json
C=$(cat out)
run 0 "aangifte of vernieling" -- --as M case event "$C" aangifte_gedaan --set feit=vernieling \
	--set "vernield=Een ruit van de balie" --set "notitie=$NOTE"
text "$C" "$(lastdoc "$C")" 1 pol-c.txt
has pol-c.txt "vernieling van eigendommen van de gemeente" "police letter: the municipality's own property"
has pol-c.txt "Een ruit van de balie" "police letter: what was damaged"
has pol-c.txt "6 mei 1990" "police letter: birth date in Dutch"
lacks pol-c.txt "tegen een medewerker" "police letter: no report on an employee's behalf"
run 0 "damages claim" -- --as M case event "$C" schade_verhalen \
	--set "omschrijving=Een kapotte ruit van de balie." --set "bedrag=€ 450,00" --set "notitie=$NOTE"
text "$C" "$(lastdoc "$C")" 1 claim.txt
has claim.txt "klagen bij de Autoriteit" "privacy block in the damages claim"
lacks claim.txt "aparte betaalopdracht" "no promise of a payment order no step sends"

# --- every copy of every letter ------------------------------------------
# No internal note, no ISO date, no raw code in any PDF; the note is kept
# in the event records.
mkdir -p pdfs
git -C archive ls-tree -r --name-only HEAD | grep '\.pdf$' >pdfs.list
[ "$(wc -l <pdfs.list)" -gt 20 ] && ok || bad "fewer PDFs than expected: $(wc -l <pdfs.list)"
: >all.txt
while read -r f; do
	git -C archive show "HEAD:$f" >pdfs/x.pdf
	{ echo "== $f"; pdftotext -enc UTF-8 pdfs/x.pdf - | tr -s ' \n' '  '; echo; } >>all.txt
done <pdfs.list
lacks all.txt "$NOTE" "internal note in a letter"
if grep -v '^== ' all.txt | grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}'; then
	bad "ISO date in a letter: $(grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' all.txt | head -3)"; else ok; fi
if grep -v '^== ' all.txt | grep -qE '(verbale_agressie|persoonlijke_bedreiging|fysiek_geweld|klant_post|_tekst)'; then
	bad "raw code in a letter"; else ok; fi
lacks all.txt "Namens Gemeente" "no 'Namens Gemeente' anywhere"
# kept in the event record, sealed for the person (docs/privacy.md)
"$VPD" --as C case log "$A" --json >log.json 2>/dev/null
grep -q "$NOTE" log.json && ok || bad "internal note not kept in the event records"
git -C archive grep -q "$NOTE" HEAD -- cases && bad "internal note readable in the archive" || ok

run 0 "verify" -- verify

echo
echo "e2e legal 's-Hertogenbosch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
