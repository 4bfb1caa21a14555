#!/bin/sh
# End-to-end tests: drive the vpd binary as a user would and check the
# results with real clients (git fsck, git log, dot).  Usage: e2e.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"

export VPD_NOW=2026-11-20T11:00:00+01:00

# --- help, usage, workflows ---------------------------------------------
run 0 "vpd --help" -- --help
run 0 "vpd case --help" -- case --help
run 2 "unknown command" -- frobnicate
run 2 "case event without args" -- case event
run 0 "workflow check shipped" -- workflow check "$TOP/workflows/heerlen.yaml" "$TOP/workflows/den-bosch.yaml"
run 1 "workflow check broken" -- workflow check "$DATA/bad-workflow.yaml"
has err "bad-workflow.yaml:10:22: error: unknown role 'baas'" "unknown role located"
has err "bad-workflow.yaml:5:3: error: state 'open' is unreachable" "unreachable located"
has err "bad-workflow.yaml:13:18: error: unknown field 'input.datum'" "unknown field located"
has err "^" "caret under the column"
for wf in heerlen den-bosch; do
	if "$VPD" workflow graph "$TOP/workflows/$wf.yaml" | dot -Tsvg >"$wf.svg" 2>dot.err &&
	    grep -q "<svg" "$wf.svg"; then ok; else bad "dot renders $wf"; fi
done

# --- init and actors ------------------------------------------------------
run 3 "no archive yet" -- case list
run 0 "init" -- init
# The tests copy this archive to tamper with copies: its automatic gc
# runs in the command that commits, never in the background while a
# copy is made (e2e_gc.sh tests the background gc).
git config -f archive/config vpd.gcAutoDetach false
has out "initialised archive archive" "init says where"
run 1 "init twice" -- init
has err "exists here already" "init twice refused"
mkdir busy && touch busy/file
run 1 "init in a busy dir" -- --archive busy init
refused "first actor must be a coordinator" "first actor must be a coordinator" -- \
	--as Eva actor add Eva --role manager
run 0 "first coordinator" -- --as "C. Coördinator" actor add "C. Coördinator" --role coordinator
refused "only a coordinator adds actors" "unknown actor" -- --as Nobody actor add X --role manager
run 0 "add manager" -- --as "C. Coördinator" actor add "M. Manager" --role manager --email m.manager@heerlen.example --afdeling Burgerzaken
run 0 "add reception" -- --as "C. Coördinator" actor add "R. Receptie" --role reception
refused "unknown role" "unknown role 'boss'" -- --as "C. Coördinator" actor add Y --role boss
# an actor's name is a commit's author: printable UTF-8, no blanks at the
# ends (git would trim them into another actor's name); invalid UTF-8
# crashed the core (a NULL request)
refused "a name that is not UTF-8" "not valid UTF-8" -- --as "C. Coördinator" actor add "$(printf 'Eve\377')" --role manager
refused "a name with an escape" "printable characters" -- --as "C. Coördinator" actor add "$(printf 'Eve\033[31m')" --role manager
refused "a blank name" "printable characters" -- --as "C. Coördinator" actor add "   " --role manager
refused "a name ending in a space" "printable characters" -- --as "C. Coördinator" actor add "Eve " --role manager
# Look-alikes: two actors that print the same must not exist.
refused "a decomposed ö (NFD)" "character 7 is U+0308" -- --as "C. Coördinator" \
	actor add "$(printf 'C. Coo\314\210rdinator')" --role manager
refused "a Cyrillic o" "character 5 is U+043E" -- --as "C. Coördinator" \
	actor add "$(printf 'C. C\320\276\303\266rdinator')" --role manager
refused "a non-breaking space" "U+00A0" -- --as "C. Coördinator" \
	actor add "$(printf 'M. de\302\240Manager')" --role manager
refused "a zero-width space" "U+200B" -- --as "C. Coördinator" \
	actor add "$(printf 'M. de Man\342\200\213ager')" --role manager
refused "two spaces" "two spaces in a row" -- --as "C. Coördinator" \
	actor add "M.  de Manager" --role manager
# ... and a name that reads as an existing actor's: other capitals, no
# accent, a typographic apostrophe, Ĳ for IJ.
refused "a name like an actor's" "reads the same as the actor 'C. Coördinator'" -- \
	--as "C. Coördinator" actor add "c. coordinator" --role manager
run 0 "an apostrophe" -- --as "C. Coördinator" actor add "J. O'Brien" --role medewerker
refused "the typographic apostrophe" "reads the same as the actor 'J. O'Brien'" -- \
	--as "C. Coördinator" actor add "J. O’Brien" --role manager
run 0 "the same actor again, roles changed" -- --as "C. Coördinator" \
	actor add "J. O'Brien" --role manager
refused "an e-mail that is not UTF-8" "not an e-mail address" -- --as "C. Coördinator" actor add Eve --role manager --email "$(printf 'e\377@x.nl')"
# every change has an author: without --as (and VPD_ACTOR) it crashed
refused "a change without an author" "Give --as NAME or set VPD_ACTOR" -- actor add Eve --role manager
refused "a change by an empty name" "Give --as NAME or set VPD_ACTOR" -- --as "" actor add Eve --role manager

# --- bad input is refused, nothing written --------------------------------
export VPD_ACTOR="M. Manager"
refused "bad postcode" "bad-postcode.json: error: adres.postcode: expected four digits" -- \
	case open --workflow heerlen --person "$DATA/bad-postcode.json" --incident "$DATA/incident.json"
refused "JSON syntax error" "bad-syntax.json:3:" -- \
	case open --workflow heerlen --person "$DATA/persoon.json" --incident "$DATA/bad-syntax.json"
refused "unknown workflow" "no workflow 'utrecht'" -- \
	case open --workflow utrecht --person "$DATA/persoon.json" --incident "$DATA/incident.json"
refused "incident in the future" "tijdstip: lies in the future" -- \
	--as "M. Manager" case open --workflow heerlen --person "$DATA/persoon.json" --incident "$DATA/incident2.json"
run 0 "add police" -- --as "C. Coördinator" actor add "P. Politie" --role police
refused "police may not open" "may not open a case" -- \
	--as "P. Politie" case open --workflow heerlen --person "$DATA/persoon.json" --incident "$DATA/incident.json"
refused "broken workflow file" "bad-workflow.yaml:10:22: error: unknown role 'baas'" -- \
	case open --workflow "$DATA/bad-workflow.yaml" --person "$DATA/persoon.json" --incident "$DATA/incident.json"
# Values are checked at the edge (docs/records.md, "Bounds"): nothing is
# lost on the way, and nothing of a person is repeated in a message.
printf '{"voornamen": "Jan", "achternaam": "Geheim\\u001b[2J", "geboortedatum": "1980-04-01"}' >ctl.json
refused "a control character in a name" "achternaam: holds control characters" -- \
	case open --workflow heerlen --person ctl.json --incident "$DATA/incident.json"
printf '{"voornamen": "Jan", "achternaam": "Toekomst", "geboortedatum": "2200-01-01"}' >born.json
refused "born in 2200" "geboortedatum: must be a date" -- \
	case open --workflow heerlen --person born.json --incident "$DATA/incident.json"
for born in 2100-01-01 2027-01-01; do
	printf '{"voornamen": "Jan", "achternaam": "Toekomst", "geboortedatum": "%s"}' $born >born.json
	refused "born on $born" "geboortedatum: lies in the future" -- \
		case open --workflow heerlen --person born.json --incident "$DATA/incident.json"
done
sed 's/2026-11-20T10:00:00+01:00/1900-01-01T10:00:00+01:00/' "$DATA/incident.json" >old.json
refused "an incident in 1900" "tijdstip: must be an ISO-8601 instant" -- \
	case open --workflow heerlen --person "$DATA/persoon.json" --incident old.json
sed 's/2026-11-20T10:00:00+01:00/2020-01-01T10:00:00+01:00/' "$DATA/incident.json" >old.json
refused "an incident six years back" "tijdstip: lies more than five years back" -- \
	case open --workflow heerlen --person "$DATA/persoon.json" --incident old.json
jq '.gedrag = [range(60) | {"categorie": "verbale_agressie", "soort": "schelden"}]' "$DATA/incident.json" >many.json
refused "gedrag with 60 entries" "gedrag: holds more than 50 entries" -- \
	case open --workflow heerlen --person "$DATA/persoon.json" --incident many.json
printf '{"voornamen": "Jan",\n "achternaam" "Geheimnaam"}' >syntax.json
refused "a JSON syntax error" "syntax.json:2:" -- \
	case open --workflow heerlen --person syntax.json --incident "$DATA/incident.json"
grep -q Geheimnaam err && bad "a syntax error repeats the person's data" || ok
run 1 "a workflow that is no workflow" -- case open --workflow /etc/passwd --person "$DATA/persoon.json" --incident "$DATA/incident.json"
grep -q root err && bad "the file given as workflow is quoted" || ok
for now in 9999-12-31T23:00Z 1960-01-01T00:00Z 2100-01-01T00:00Z; do
	VPD_NOW=$now run 1 "VPD_NOW=$now" -- case list
	has err "VPD_NOW: not an ISO-8601 instant from 1970 up to 2100" "VPD_NOW $now refused"
done
VPD_TEST_CLOCK= VPD_NOW=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ) run 1 "VPD_NOW ahead without a test clock" -- --as "C. Coördinator" actor list
has err "only tests may set the clock ahead" "says why"
VPD_TEST_CLOCK= VPD_NOW=$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ) run 0 "VPD_NOW behind the clock" -- --as "C. Coördinator" actor list
run 0 "open a case" -- case open --workflow heerlen --person "$DATA/persoon.json" --incident "$DATA/incident.json"
has out "2026-0001" "case id printed"
export VPD_NOW=2026-11-20T16:00:00+01:00
# --set, --reason: what JSON cannot hold, or what would reach a terminal
# raw, is refused whole; nothing is dropped on the way.
before=$(tip)
for set in "registratienummer=$(printf 'PL\377\376')" "$(printf 'registratie\377')=1" \
    "registratienummer=$(printf 'PL\033[31m')" "registratienummer=$(head -c 2100 /dev/zero | tr '\0' a)"; do
	run 1 "a bad --set" -- case event 2026-0001 aangifte_gedaan --set feit=bedreiging --set "$set"
done
run 1 "a bad --reason" -- case event 2026-0001 aangifte_gedaan --set feit=bedreiging --reason "$(printf 'x\377')"
run 1 "a whole number out of range" -- --as "C. Coördinator" case event 2026-0001 duur_vaststellen \
	--set maanden=99999999999999999999 --set medewerker_gehoord=ja
[ "$(tip)" = "$before" ] && ok || bad "a refused value made a commit"
run 0 "aangifte of the threat" -- case event 2026-0001 aangifte_gedaan --set feit=bedreiging \
	--set registratienummer=PL2300-2026-4711
has out "deadline aangifte: gehaald" "aangifte within 24 hours"
refused "letter without its fields" "required field 'zaak.gegevens.motivering' has no value" -- \
	letter preview 2026-0001 schriftelijke_waarschuwing -o early.pdf
[ ! -e early.pdf ] && ok || bad "a refused preview left a file"
refused "no such case" "no case 2026-0099" -- case event 2026-0099 afsluiten --set reden=x
refused "reception does not see a case without a measure" "may not change case 2026-0001" -- \
	--as "R. Receptie" case event 2026-0001 maatregel_opleggen --set maatregel=waarschuwing \
	--set motivering=m --set van=2026-11-21 --set tot=2027-05-21
refused "missing input" "input 'tot' is required" -- \
	case event 2026-0001 maatregel_opleggen --set maatregel=waarschuwing --set motivering=m --set van=2026-11-21
refused "bad date" "input 'tot': not a date" -- \
	case event 2026-0001 maatregel_opleggen --set maatregel=waarschuwing --set motivering=m \
	--set van=2026-11-21 --set tot=21-05-2027
# §8.1: the coordinator sets a ban's length, after hearing the employee.
refused "ban before its length is set" "stelt eerst de duur van het toegangsverbod vast" -- \
	case event 2026-0001 maatregel_opleggen --set maatregel=toegangsverbod --set motivering=m \
	--set van=2026-11-30 --set tot=2027-02-28 --set locaties=Stadskantoor
refused "a manager does not set the length" "may not" -- \
	case event 2026-0001 duur_vaststellen --set maanden=3 --set medewerker_gehoord=ja
refused "length before hearing the employee" "Hoor eerst de medewerker" -- \
	--as "C. Coördinator" case event 2026-0001 duur_vaststellen --set maanden=3 --set medewerker_gehoord=nee
refused "short ban" "minimaal 3 kalendermaanden" -- \
	--as "C. Coördinator" case event 2026-0001 duur_vaststellen --set maanden=2 --set medewerker_gehoord=ja
refused "length not a number" "input 'maanden'" -- \
	--as "C. Coördinator" case event 2026-0001 duur_vaststellen --set maanden=drie --set medewerker_gehoord=ja
refused "event not allowed" "not allowed in state gemeld" -- case event 2026-0001 verschenen
export VPD_NOW=2026-11-20T12:00:00+01:00
refused "event dated before the last one" "an event cannot be dated before that" -- \
	case event 2026-0001 afsluiten --set reden=x
export VPD_NOW=2026-11-20T16:00:00+01:00
run 2 "--set without =" -- case event 2026-0001 afsluiten --set reden
run 1 "unknown actor" -- --as Onbekend case event 2026-0001 afsluiten --set reden=x
refused "system only via tick" "'system' acts only through 'vpd tick'" -- \
	--as system case event 2026-0001 afsluiten --set reden=x

# --- the whole Heerlen story ----------------------------------------------
export VPD_NOW=2026-11-21T09:00:00+01:00
run 0 "maatregel with ordegesprek" -- case event 2026-0001 maatregel_opleggen \
	--set maatregel=waarschuwing --set "motivering=Schelden en dreigen aan de balie." \
	--set ordegesprek=2026-11-25T14:00 --set van=2026-11-25 --set tot=2027-05-25
has out "gemeld -> ordegesprek_gepland" "transition printed"
export VPD_NOW=2026-11-25T15:00:00+01:00
unreachable() { git -C archive fsck --unreachable --no-reflogs 2>/dev/null | grep -c unreachable; }
u0=$(unreachable)
run 0 "no-show" -- case event 2026-0001 niet_verschenen
has out "Schriftelijke waarschuwing, 5 copies" "the decision after the missed talk: post, registered post, dossier, police, register"
# The dry run (which letters the event makes) writes in memory only: the
# event leaves no unreachable object behind for gc to find.
[ "$(unreachable)" = "$u0" ] && ok || bad "an event with letters left $(( $(unreachable) - u0 )) unreachable objects"
run 0 "show --json" -- case show 2026-0001 --json
if jq -e '.status == "waarschuwing" and .persoon.id == "P0001" and (.maatregelen|length) == 1' out >/dev/null; then ok; else bad "show json"; fi
export VPD_NOW=2027-01-10T10:00:00+01:00
run 0 "second incident links to the case (recidive)" -- \
	case open --workflow heerlen --person "$DATA/persoon.json" --incident "$DATA/incident2.json"
has out "2026-0001" "linked to the same case"
has err "recidive" "recidive reported"
export VPD_NOW=2027-01-11T10:00:00+01:00
run 0 "the coordinator sets the ban's length" -- --as "C. Coördinator" case event 2026-0001 \
	duur_vaststellen --set maanden=3 --set medewerker_gehoord=ja --set "notitie=Medewerker gesproken."
refused "a ban of another length than the coordinator's" "zoveel kalendermaanden als de coördinator vaststelde" -- \
	case event 2026-0001 maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Herhaald verbaal geweld." --set van=2027-01-12 --set tot=2027-07-12 \
	--set "locaties=Stadskantoor"
run 0 "ban with phone ban" -- case event 2026-0001 maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Herhaald verbaal geweld." --set van=2027-01-12 --set tot=2027-04-12 \
	--set "locaties=Stadskantoor, Bestuurscentrum" --set telefoonverbod=ja
has out "5 copies" "five copies"
# The ban letter: five signed copies in the same commit, checkable with sha256sum.
run 0 "document get" -- document get 2026-0001 4 4 -o police-copy.pdf --json
jq -r .sha256 out >want.sha
sha256sum police-copy.pdf | cut -d' ' -f1 >got.sha
cmp -s want.sha got.sha && ok || bad "document sha256 differs from sha256sum"
git -C archive show HEAD:cases/2026/0001/case.json >case5.json
[ "$(jq -r '.documenten[3].exemplaren[3].sha256' case5.json)" = "$(cat got.sha)" ] && ok ||
	bad "case.json records the copy's sha256"
[ "$(git -C archive ls-tree -r --name-only HEAD cases/2026/0001/documents/004-toegangsverbod/ | wc -l)" -eq 5 ] &&
	ok || bad "five PDFs in the archive"
pdftotext -enc UTF-8 police-copy.pdf - | tr -s ' \n' '  ' >police.txt
has police.txt "mr. M. de Manager" "signed by the mandated manager"
has police.txt "namens de burgemeester van Heerlen" "under mandate"
has police.txt "Exemplaar 4 van 5 — Politie" "police copy label"
# PDF/A-1b: XMP metadata saying so, and an sRGB output intent.
pdfinfo police-copy.pdf >police.info 2>&1
has police.info "Metadata Stream: yes" "XMP metadata"
if grep -q "Warning" police.info; then bad "poppler warns about the PDF"; else ok; fi
qpdf --qdf --object-streams=disable police-copy.pdf police.qdf
has police.qdf "pdfaid:part='1'" "PDF/A part 1"
has police.qdf "pdfaid:conformance='B'" "conformance B"
has police.qdf "/OutputIntents" "output intent"
has police.qdf "/Subtype /XML" "metadata subtype"
# Distribution of the copies.
refused "registered copy needs a tracking number" "needs its tracking number" -- \
	document mark 2026-0001 4 2 aangetekend_verzonden
refused "registered copy not by ordinary post" "goes by registered post" -- \
	document mark 2026-0001 4 2 verzonden
refused "ordinary copy not registered" "is not a registered copy" -- \
	document mark 2026-0001 4 1 aangetekend_verzonden --tracking RR1
refused "police cannot record distribution" "may not change case 2026-0001" -- \
	--as "P. Politie" document mark 2026-0001 4 4 aan_politie
refused "unknown status" "unknown status 'verbrand'" -- document mark 2026-0001 4 3 verbrand
run 0 "registered post with tracking" -- document mark 2026-0001 4 2 aangetekend_verzonden \
	--tracking RR123456785NL
has out "klant_aangetekend): voorbereid -> aangetekend_verzonden" "distribution recorded"
run 0 "police copy handed over" -- document mark 2026-0001 4 4 aan_politie --note "Basisteam Heerlen"
"$VPD" case show 2026-0001 --json >show5.json
[ "$(jq -r '.documenten[3].exemplaren[1].verzending[0].volgnummer' show5.json)" = "RR123456785NL" ] &&
	ok || bad "tracking number on the copy"
[ "$(jq -r '.documenten[3].exemplaren[3].status' show5.json)" = "aan_politie" ] && ok ||
	bad "police copy status"
git -C archive log -1 --format=%s >subject.txt
has subject.txt "Zaak 2026-0001: document 4 exemplaar 4 (politie) aan_politie" "distribution commit subject"
run 1 "no such document" -- document get 2026-0001 99 -o nothing.pdf
[ ! -e nothing.pdf ] && ok || bad "document get left a file"

export VPD_NOW=2027-02-01T11:00:00+01:00
refused "reception may not withdraw a ban" "may not fire intrekken" -- \
	--as "R. Receptie" case event 2026-0001 intrekken --set reden=x
run 0 "violation" -- --as "R. Receptie" case event 2026-0001 overtreding \
	--set tijdstip=2027-02-01T10:30 --set locatie=Stadskantoor --set vorderingen=3 \
	--set "getuigen=B. de Wit"
mkdir -p noletters
VPD_LETTERS="$WORK/noletters"
refused "a letter that cannot be rendered leaves no commit" "there is no template" -- \
	case event 2026-0001 aangifte_gedaan --set feit=lokaalvredebreuk
VPD_LETTERS="$TOP/letters"
refused "nobody signs for another" "signer 'm.de.manager' is not M. Manager" -- \
	case event 2026-0001 aangifte_gedaan --set feit=lokaalvredebreuk --signer m.de.manager
refused "unknown signer" "no signer 'nobody'" -- \
	case event 2026-0001 aangifte_gedaan --set feit=lokaalvredebreuk --signer nobody
run 0 "aangifte" -- case event 2026-0001 aangifte_gedaan --set feit=lokaalvredebreuk
run 0 "case log" -- case log 2026-0001
has out "overtreding" "log lists the violation"
run 0 "case list" -- case list --state toegangsverbod
has out "2026-0001" "list by state"

# --- letters: preview renders a PDF and commits nothing -------------------
before=$(tip)
run 0 "letter preview" -- letter preview 2026-0001 toegangsverbod --copy 2 -o ban.pdf
[ "$(tip)" = "$before" ] && ok || bad "preview made a commit"
if pdftotext -enc UTF-8 ban.pdf ban.raw 2>/dev/null; then ok; else bad "pdftotext"; fi
tr -s ' \n' '  ' <ban.raw >ban.txt   # one line: phrases may wrap
has ban.txt "Geachte heer Van der Berg," "salutation"
has ban.txt "AANGETEKEND" "registered copy"
has ban.txt "12 januari 2027 tot en met 12 april 2027" "period in Dutch"
has ban.txt "Stadskantoor en Bestuurscentrum" "locations"
has ban.txt "niet met medewerkers van de gemeente bellen" "phone ban"
has ban.txt "artikel 139 van het Wetboek van Strafrecht" "lokaalvredebreuk"
has ban.txt "De termijn daarvoor is zes weken" "bezwaar clause"
has ban.txt "namens de burgemeester van Heerlen" "mandate"
has ban.txt "Exemplaar 2 van 5" "copy label"
qpdf --check ban.pdf >/dev/null 2>&1 && ok || bad "qpdf --check ban.pdf"
refused "unknown letter" "has no letter 'kerstkaart'" -- letter preview 2026-0001 kerstkaart -o x.pdf
[ ! -e x.pdf ] && ok || bad "a failed preview left a file"
# (issue 11, item 1) output never goes through a name someone else chose:
# a link planted at the old fixed temporary name is left alone, and a
# device as the target is refused with exit 3, untouched.
echo "victim" >victim.txt
ln -s victim.txt planted.pdf.tmp
run 0 "preview beside a planted .tmp link" -- letter preview 2026-0001 toegangsverbod -o planted.pdf
[ "$(cat victim.txt)" = victim ] && ok || bad "the write went through the planted link"
qpdf --check planted.pdf >/dev/null 2>&1 && ok || bad "the preview itself was written"
if [ -w /dev/full ]; then
	run 3 "preview onto /dev/full" -- letter preview 2026-0001 toegangsverbod -o /dev/full
	[ -c /dev/full ] && ok || bad "/dev/full is no longer a device"
	has err "vpd writes only to a new or a regular file" "says why"
fi

run 0 "letter check" -- letter check "$TOP/workflows/heerlen.yaml" "$TOP/workflows/den-bosch.yaml"
has out "den-bosch.yaml: letters ok" "every letter has a template"
sed 's/^letters:$/letters:\n  kerstkaart:\n    title: Kerstkaart/' "$TOP/workflows/heerlen.yaml" >extra.yaml
run 1 "letter check finds a missing template" -- letter check extra.yaml
has err "names letter 'kerstkaart' but there is no template" "missing template named"

# --- 's-Hertogenbosch: notice of intent, then the ban --------------------------
sed 's/"Jan"/"Piet"/' "$DATA/persoon.json" >pb.json
run 0 "open a den-bosch case" -- case open --workflow den-bosch --person pb.json --incident "$DATA/incident.json"
bosch=$(cat out)
# A ban needs repeated behaviour (ch. 5 §4); for a first incident only
# legal affairs may deviate, with a reason.
run 0 "add den-bosch legal" -- --as "C. Coördinator" actor add J --role legal
run 0 "add den-bosch legal with an expired mandate" -- --as "C. Coördinator" actor add "A. Jurist" --role legal
refused "no ban after a first incident" "herhaald agressief gedrag" -- \
	case event "$bosch" voornemen_toegangsverbod \
	--set "motivering=Herhaald dreigend gedrag aan de balie." --set van=2027-02-20 \
	--set tot=2027-08-20 --set locaties=Stadskantoor --set reactie_tot=2027-02-15 \
	--reason "Het incident werd pas laat gemeld"
run 0 "notice of intended ban" -- --as J case event "$bosch" voornemen_toegangsverbod \
	--set "motivering=Herhaald dreigend gedrag aan de balie." --set van=2027-02-20 \
	--set tot=2027-08-20 --set locaties=Stadskantoor --set reactie_tot=2027-02-15 \
	--set "afwijking_reden=Dreigen met geweld" --reason "$(printf 'Het incident werd pas laat gemeld\n\nCase: 2026-0042\nEvent: vervalst')"
# a value cannot forge trailers in the commit message: its newlines are
# '?' there, and only vpd writes "Case:" and "Event:" lines
git -C archive log -1 --format=%B >msg.txt
has msg.txt "laat gemeld??Case: 2026-0042?Event: vervalst" "the reason, on one line"
[ -z "$(git -C archive log --format=%h --grep='^Case: 2026-0042$')" ] && ok ||
	bad "a --reason forged a Case: trailer"
[ "$(grep -c '^Event: ' msg.txt)" = 1 ] && ok || bad "one Event: trailer"
# the same for --set and --note (a copy's note), the other values that
# reach a commit message
run 0 "a note that tries to forge a trailer" -- document mark 2026-0001 4 3 verzonden \
	--note "$(printf 'in het dossier\n\nCase: 2026-0043\nEvent: vervalst')"
git -C archive log -1 --format=%B >msg.txt
[ -z "$(git -C archive log --format=%h --grep='^Case: 2026-0043$')" ] && ok ||
	bad "a --note forged a Case: trailer"
[ "$(grep -c '^Case: ' msg.txt)" -le 1 ] && ok || bad "one Case: trailer after a --note"
run 0 "preview the notice" -- letter preview "$bosch" aanzegging_toegangsverbod -o notice.pdf
pdftotext -enc UTF-8 notice.pdf - | tr -s ' \n' '  ' >notice.txt
has notice.txt "Gemeente 's-Hertogenbosch" "den-bosch letterhead"
has notice.txt "tot en met 15 februari 2027" "reaction deadline in Dutch"
has notice.txt "AANGETEKEND" "notice goes by registered post"
refused "expired mandate" "the mandate of a.jurist runs from 2026-01-01 to 2026-12-31" -- \
	--as "A. Jurist" case event "$bosch" intrekken --set "reden=Toch niet nodig"

# --- 8 writers at once: none is lost ---------------------------------------
commits_before=$(git -C archive rev-list --count HEAD)
i=1
while [ $i -le 8 ]; do
	sed "s/\"Klaassen\"/\"Klaassen$i\"/; s/641 AB/6411 AB/" "$DATA/bad-postcode.json" >p$i.json
	"$VPD" case open --workflow heerlen --person p$i.json --incident "$DATA/incident.json" \
	    >w$i.out 2>w$i.err &
	i=$((i + 1))
done
wait
[ "$(git -C archive rev-list --count HEAD)" -eq $((commits_before + 8)) ] && ok ||
	bad "8 parallel writers: $(git -C archive rev-list --count HEAD) commits"
[ "$(cat w*.out | sort -u | wc -l)" -eq 8 ] && ok || bad "8 distinct case ids"
"$VPD" case list --json >out && [ "$(jq length out)" -eq 10 ] && ok || bad "10 cases listed"
grep -q 2027-0008 w*.out && ok || bad "case ids count on in the year they are opened"

# --- time: tick -------------------------------------------------------------
export VPD_NOW=2027-04-12T23:00:00+02:00
before=$(tip)
run 0 "tick on the last day" -- tick
has out "nothing due" "ban in force through its last day"
[ "$(tip)" = "$before" ] && ok || bad "tick with nothing due made a commit"
export VPD_NOW=2027-04-13T00:00:00+02:00
run 0 "tick the day after" -- tick
has out "2026-0001: verlopen (toegangsverbod -> afgesloten)" "ban expires"

# --- the archive reads with stock git ---------------------------------------
run 0 "verify" -- verify
has out "every state follows from its events" "verify ok"
if git -C archive fsck --strict >fsck.out 2>&1; then ok; else bad "git fsck --strict"; cat fsck.out; fi
git -C archive log --format='%an|%s%n%b' >log.txt
has log.txt "Case: 2026-0001" "trailer Case"
has log.txt "Event: maatregel_opleggen" "trailer Event"
has log.txt "Workflow: heerlen@" "trailer Workflow"
has log.txt "M. Manager|Zaak 2026-0001: Maatregel opleggen (gemeld → toegangsverbod)" "readable subject, author"
git -C archive log --format=%ae -1 --author="M. Manager" >email.txt
has email.txt "m.manager@heerlen.example" "author e-mail"

# --- a case keeps the workflow version it started on ------------------------
mkdir -p wf && cp "$TOP/workflows/heerlen.yaml" wf/heerlen.yaml
export VPD_NOW=2027-05-01T10:00:00+02:00
sed 's/2026-11-20T10:00:00+01:00/2027-05-01T09:00:00+02:00/' "$DATA/incident.json" >i3.json
sed 's/"Jan"/"Karel"/' "$DATA/persoon.json" >p3.json
run 0 "open with a private workflow copy" -- case open --workflow wf/heerlen.yaml --person p3.json --incident i3.json
id=$(cat out)
blob=$(git hash-object wf/heerlen.yaml)
git -C archive show "HEAD:cases/${id%%-*}/${id#*-}/case.json" >case.json
has case.json "\"blob\": \"$blob\"" "case records the workflow blob"
# Change the file: afsluiten now needs an input that does not exist yet.
sed 's/^  afsluiten:$/  afsluiten_oud:/' wf/heerlen.yaml >wf/new.yaml && mv wf/new.yaml wf/heerlen.yaml
run 0 "event on the original version" -- case event "$id" afsluiten --set reden=Excuses
run 0 "verify after a workflow change" -- verify

# --- a repeat incident linked by 'case open' gets its letters too -----------
# A workflow copy whose nieuw_incident also files the registration form.
awk '{print} /^    to: gemeld$/ {f = 1} f && /^    actions:$/ {print "      - letter: registratieformulier"; print "        copies: [register]"; f = 0}' \
	"$TOP/workflows/heerlen.yaml" >wf/recidive.yaml
sed 's/"Jan"/"Kees"/' "$DATA/persoon.json" >pk.json
export VPD_NOW=2027-05-03T10:00:00+02:00
sed 's/2026-11-20T10:00:00+01:00/2027-05-03T09:00:00+02:00/' "$DATA/incident.json" >ik1.json
run 0 "open under the copy" -- case open --workflow wf/recidive.yaml --person pk.json --incident ik1.json
kees=$(cat out)
run 0 "warning for Kees" -- case event "$kees" maatregel_opleggen --set maatregel=waarschuwing \
	--set motivering=m --set van=2027-05-03 --set tot=2027-11-03
export VPD_NOW=2027-06-01T10:00:00+02:00
sed 's/2026-11-20T10:00:00+01:00/2027-06-01T09:00:00+02:00/' "$DATA/incident.json" >ik2.json
run 0 "repeat incident links" -- case open --workflow wf/recidive.yaml --person pk.json --incident ik2.json
has out "$kees" "linked to Kees's case"
"$VPD" case show "$kees" --json >kees.json
[ "$(jq -r '[.documenten[] | select(.brief == "registratieformulier")][0].exemplaren[0].pdf' kees.json)" != "null" ] &&
	ok || bad "the linked incident's letter has its PDF"

# An incident added to a case directly, and a bad incident file refused.
run 0 "incident added with --incident" -- case event "$kees" incident_toevoegen --incident ik2.json
has out "(gemeld -> gemeld)" "incident event fired"
printf '{"tijdstip": "2027-06-01T09:00:00+02:00", "locatie": "Balie", "kanaal": "balie", "gedrag": [], "omschrijving": "x"}\n' >ik-bad.json
refused "empty behaviour list" "ik-bad.json: error: gedrag: must be a non-empty list" -- \
	case event "$kees" incident_toevoegen --incident ik-bad.json
refused "incident on an event that takes none" "takes no incident record" -- \
	case event "$kees" nazorggesprek --set gesprek=eerste --incident ik2.json

# --- second writers on the same case, each making a letter ------------------
export VPD_NOW=2027-06-02T10:00:00+02:00
before=$(git -C archive rev-list --count HEAD)
for i in 1 2 3 4; do
	"$VPD" case event "$kees" registratie_besproken --set "toelichting=gesprek $i" >par$i.out 2>par$i.err &
done
wait
[ "$(git -C archive rev-list --count HEAD)" -eq $((before + 4)) ] && ok ||
	bad "4 parallel events on one case: $(git -C archive rev-list --count HEAD) commits"
"$VPD" case show "$kees" --json >kees.json
[ "$(jq '[.documenten[] | select(.brief == "registratieformulier")] | length' kees.json)" -eq 5 ] && ok ||
	bad "five registration forms (one linked, four parallel)"
[ "$(jq '[.documenten[].nr] | unique | length' kees.json)" -eq "$(jq '.documenten | length' kees.json)" ] &&
	ok || bad "document numbers stay unique under parallel writers"
run 0 "verify after parallel letters" -- verify

# --- an actor added before the name rules keeps working ------------------
# (here one with an underscore, put in by hand): its roles can still be
# changed or taken away; a new name like it is refused.
git -C archive show HEAD:config/actors.json |
	jq '.actoren["Jan_Jansen"] = {"rollen": ["medewerker"]}' >legacy.json
hand_commit legacy config/actors.json legacy.json "Oude actor" >/dev/null
run 0 "change the roles of an actor with an older name" -- --archive legacy \
	--as "C. Coördinator" actor add Jan_Jansen --role manager
refused "a new name with an underscore" "U+005F" -- --archive legacy \
	--as "C. Coördinator" actor add Piet_Pietersen --role manager

# --- a bare clone is still a vpd archive ------------------------------------
# The clone does not carry the config 'vpd init' wrote; the tree's format
# file says what it is.
git clone -q --bare archive clone.git && ok || bad "git clone --bare"
run 0 "verify a bare clone" -- --archive clone.git verify
# it holds the personal data sealed, and the keys stay behind
run 3 "a bare clone shows no personal data" -- --archive clone.git case show 2026-0001
has err "master key" "a bare clone says the key is missing"
mkdir -p clone.git/private && cp -r archive/private/. clone.git/private/
run 0 "show a case of a bare clone with the key store" -- --archive clone.git case show 2026-0001
git init -q --bare plain.git
run 3 "a plain git repository is no archive" -- --archive plain.git case show 2026-0001
has err "not a vpd archive" "says it is not an archive"

# --- nothing in the archive drives the terminal ----------------------------
# A record made before control characters were refused (here: a commit
# made by hand) holds an escape sequence, an 8-bit CSI and a bidi
# override in a surname.  On a terminal (script(1) gives one) each byte of
# them prints as '?'; a pipe gets the bytes as they are.
# (the archive seals names; a hand-made record may hold one in plain text)
git -C archive show HEAD:persons/00/P0001.json |
	jq '.achternaam = "Berg\u001b[31mROOD\u009b2J\u202eNAAM"' >esc.json
grep -q 'u001b' esc.json && ok || bad "escape setup"
hand_commit escaped persons/00/P0001.json esc.json "Oud record" >/dev/null
script -qc "'$VPD' --archive escaped case show 2026-0001" /dev/null >tty.out 2>&1
grep -q 'ROOD??2J??? *NAAM' tty.out && ok || bad "case show on a terminal: no '?' for the 8-bit CSI or the bidi override"
grep -q '?\[31mROOD' tty.out && ok || bad "case show on a terminal: no '?' for the escape"
LC_ALL=C grep -q "$(printf '\033')" tty.out && bad "an escape reached the terminal" || ok
"$VPD" --archive escaped case show 2026-0001 >pipe.out 2>&1
LC_ALL=C grep -q "$(printf '\033')\[31mROOD" pipe.out && ok || bad "a pipe did not get the bytes as stored"

# --- names outside CP1252, and Markdown in data, print as typed -------------
# (issue 11: Doğan, Yılmaz, Łukasiewicz and Nguyễn blocked every letter of
# their case; a surname _Berg_ printed italic; a [link]() in locatie
# blocked the letters.)
jq '.voornamen = "Thị Ngọc Ayşe" | .tussenvoegsel = "" | .achternaam = "Nguyễn-Łukasiewicz _Berg_"' \
    "$DATA/persoon.json" >wide.json
jq '.locatie = "Wijkkantoor [link]() *Hoensbroek*"' "$DATA/incident.json" >wide-incident.json
run 0 "open a case for Nguyễn-Łukasiewicz" -- case open --workflow den-bosch --person wide.json --incident wide-incident.json
wide=$(cat out)
run 0 "a letter for Nguyễn-Łukasiewicz" -- --as J case event "$wide" voornemen_toegangsverbod \
	--set "motivering=Dreigde Yılmaz en Doğan met _slaan_ en [link]()." --set van=2027-07-20 \
	--set tot=2028-01-20 --set locaties=Stadskantoor --set reactie_tot=2027-07-15 \
	--set "afwijking_reden=Dreigen met geweld" --reason "Ernstige bedreiging"
run 0 "preview it" -- letter preview "$wide" aanzegging_toegangsverbod -o wide.pdf
pdftotext -enc UTF-8 wide.pdf - | tr -s ' \n' '  ' |
    /usr/bin/python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFC", sys.stdin.read()))' >wide.txt
has wide.txt "Nguyễn-Łukasiewicz _Berg_" "the name as typed, underscores and all"
has wide.txt "Yılmaz en Doğan met _slaan_ en [link]()." "the motivering as typed"
pdffonts wide.pdf >wide-fonts.txt
has wide-fonts.txt "DejaVuSans-Ext" "the wide fonts are embedded"
# the court dossier prints them as typed too (it is set as the letters)
run 0 "the dossier of Nguyễn-Łukasiewicz" -- --as J dossier "$wide" -o wide-dossier.pdf
pdftotext -enc UTF-8 wide-dossier.pdf - | tr -s ' \n' '  ' |
    /usr/bin/python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFC", sys.stdin.read()))' >wide-dossier.txt
has wide-dossier.txt "Nguyễn-Łukasiewicz _Berg_" "the name in the dossier as typed"
has wide-dossier.txt "Dreigde Yılmaz en Doğan met _slaan_ en [link]()." "the motivering in the dossier as typed"
grep -q "Oblique" wide-fonts.txt && bad "data in the letter printed italic" || ok
# A name no letter can print is refused at the door, by its field and
# code point, not later by every letter of the case.
jq '.achternaam = "Wang 王"' "$DATA/persoon.json" >cjk.json
refused "a name letters cannot print" "field 'achternaam': letters cannot print the character U+738B" -- \
	case open --workflow den-bosch --person cjk.json --incident "$DATA/incident.json"
has err "cjk.json" "names the file"
grep -q "Wang" err && bad "the refusal echoes the name" || ok
# ... and so is an input a later letter may print, or a new incident
refused "an input letters cannot print" "field '--set motivering': letters cannot print the character U+738B" -- \
	--as J case event "$wide" voornemen_toegangsverbod \
	--set "motivering=Dreigde 王." --set van=2027-07-20 --set tot=2028-01-20 --set locaties=Stadskantoor \
	--set reactie_tot=2027-07-15 --set "afwijking_reden=Dreigen met geweld" --reason "Ernstige bedreiging"
jq '.locatie = "Balie 😀"' "$DATA/incident.json" >emoji.json
refused "an incident letters cannot print" "field 'locatie'" -- \
	case open --workflow den-bosch --person "$DATA/persoon.json" --incident emoji.json

# --- tampering is caught ----------------------------------------------------
# A case state edited by hand.
git -C archive show HEAD:cases/2027/0002/case.json |
	sed 's/"status": "gemeld"/"status": "afgesloten"/' >c.json
grep -q afgesloten c.json && ok || bad "tamper setup"
bad_commit=$(hand_commit tampered cases/2027/0002/case.json c.json "Zaak handmatig afgesloten")
run 1 "verify a tampered archive" -- --archive tampered verify
has err "commit $(echo "$bad_commit" | cut -c1-12)" "names the bad commit"
has err "without an event record" "says why"
# A forged event record for an illegal transition.
n=$(git -C archive ls-tree --name-only HEAD cases/2027/0003/events/ | wc -l)
next=$(printf '%04d' $((n + 1)))
printf '{"soort": "event", "zaak": "2027-0003", "event": "verschenen", "actor": "M. Manager", "tijdstip": "2027-05-02T10:00:00Z", "invoer": {}}\n' >rec.json
hand_commit forged "cases/2027/0003/events/$next.json" rec.json "Zaak 2027-0003: verschenen" >/dev/null
run 1 "verify a forged event" -- --archive forged verify
has err "is not a legal event: event verschenen is not allowed in state gemeld" "illegal transition named"
# A PDF swapped for another in a later commit.
printf '%%PDF-1.4 vervalst\n' >fake.pdf
swap_commit=$(hand_commit swapped cases/2026/0001/documents/004-toegangsverbod/4-politie.pdf fake.pdf "Kopie vervangen")
run 1 "verify a swapped PDF" -- --archive swapped verify
has err "commit $(echo "$swap_commit" | cut -c1-12)" "names the commit that swapped the PDF"
run 0 "original still verifies" -- verify
# An index edited by hand inside a real event's commit: the record replays
# to another index, so verify names that commit.
cp -r archive reindexed
lopend=index/lopend/$(git -C archive ls-tree --name-only HEAD index/lopend/ | head -n 1 | sed 's|.*/||')
git -C archive show "HEAD:$lopend" | jq '.[1:]' >lopend.json
[ "$(jq length lopend.json)" -gt 0 ] && ok || bad "index setup: cases are running"
GIT_INDEX_FILE="$WORK/reindexed.index" git --git-dir=reindexed read-tree HEAD
GIT_INDEX_FILE="$WORK/reindexed.index" git --git-dir=reindexed update-index --add \
    --cacheinfo 100644,"$(git --git-dir=reindexed hash-object -w lopend.json)","$lopend"
idx_tree=$(GIT_INDEX_FILE="$WORK/reindexed.index" git --git-dir=reindexed write-tree)
idx_commit=$(git --git-dir=reindexed log -1 --format=%B HEAD |
	git --git-dir=reindexed commit-tree "$idx_tree" -p HEAD^)
git --git-dir=reindexed update-ref refs/heads/main "$idx_commit"
run 1 "verify a hand-edited index" -- --archive reindexed verify
has err "commit $(echo "$idx_commit" | cut -c1-12)" "names the commit with the edited index"
has err "$lopend" "names the index file"
# A damaged index: the lists are read from every case instead, never
# come out short, and a write that would change it stops with an error.
printf 'kapot' >kapot.json
balie=index/balie/$(git -C archive ls-tree --name-only HEAD index/balie/ | tail -n 1 | sed 's|.*/||')
hand_commit damaged "$balie" kapot.json "Index beschadigd" >/dev/null
hand_commit damaged "$lopend" kapot.json "Index beschadigd" >/dev/null
run 0 "bans on the sound archive" -- --as "R. Receptie" bans --at 2027-10-01 --json
jq '.personen' out >bans-sound.json
[ "$(jq length bans-sound.json)" -gt 0 ] && ok || bad "setup: someone on the list"
run 0 "bans with a damaged index" -- --archive damaged --as "R. Receptie" bans --at 2027-10-01 --json
jq '.personen' out >bans-damaged.json
cmp -s bans-sound.json bans-damaged.json && ok || bad "a damaged index makes the list come out short"
run 0 "agenda on the sound archive" -- --as "C. Coördinator" agenda --json
cp out agenda-sound.json
run 0 "agenda with a damaged desk index" -- --archive damaged --as "C. Coördinator" agenda --json
cmp -s agenda-sound.json out && ok || bad "a damaged desk index makes the agenda come out short"
before=$(git --git-dir=damaged rev-parse HEAD)
run 3 "a write on a damaged index" -- --archive damaged case open --workflow heerlen \
	--person "$DATA/persoon.json" --incident "$DATA/incident.json"
has err "$lopend: error: the archive's index file is damaged" "names the damaged index"
[ "$(git --git-dir=damaged rev-parse HEAD)" = "$before" ] && ok || bad "a write on a damaged index committed"
# Incremental verify: from the checkpoint the last good verify left.
run 0 "verify since the checkpoint" -- verify --since
has out "verified 0 commits after $(git -C archive rev-parse --short=12 HEAD)" "nothing new since the full verify"
run 1 "history rewritten under the checkpoint" -- --archive reindexed verify --since
has err "is not on the branch's line to its tip" "a checkpoint no longer on the line is an error"
run 1 "since an unknown commit" -- verify --since 0123456789abcdef0123456789abcdef01234567
has err "is not a commit of the archive" "an unknown commit is an error"
run 1 "since a word" -- verify --since "$(printf 'x\033[31m')"
has err "is not a commit of the archive" "a word is not a commit"
# a commit on a side line (not an ancestor of the tip) is refused
side=$(git -C archive commit-tree -m side "$(git -C archive rev-parse 'HEAD^{tree}')")
run 1 "since a commit off the line" -- verify --since "$side"
has err "is not on the branch's line to its tip" "a side commit is refused"
run 0 "one more step" -- --as "C. Coördinator" actor add "Z. Nieuw" --role reception
run 0 "verify only what is new" -- verify --since
has out "verified 1 commits after" "only the new commit replayed"
cp archive/private/verified verified.before
run 0 "verify since a given commit" -- verify --since "$(git -C archive rev-parse HEAD~2)"
has out "verified 2 commits" "from the given commit on"
# the short id vpd prints, and git's own notation, work too
run 0 "verify since a short id" -- verify --since "$(git -C archive rev-parse --short=12 HEAD~2)"
has out "verified 2 commits" "a short id"
run 0 "verify since main~2" -- verify --since main~2
has out "verified 2 commits" "main~2"
# a commit of the caller's choosing does not move the checkpoint: what
# lies before it was not checked by this run
cmp -s verified.before archive/private/verified && ok || bad "verify --since COMMIT moved the checkpoint"
cp archive/private/verified verified.good
head -c 100000 /dev/zero >archive/private/verified
run 1 "a damaged checkpoint" -- verify --since
has err "private/verified: error: not a commit id" "a damaged checkpoint is an error, not a full or empty check"
rm archive/private/verified && ln -s /etc/passwd archive/private/verified
run 3 "a checkpoint that is a link" -- verify --since
rm archive/private/verified && cp verified.good archive/private/verified
# a history that breaks off (a parent missing) is an error, never "0 commits, good"
rm -rf broken && cp -a archive broken
orphan=$(printf 'tree %s\nparent 0123456789abcdef0123456789abcdef01234567\nauthor x <x@x> 1 +0000\ncommitter x <x@x> 1 +0000\n\nx\n' \
	"$(git -C broken rev-parse 'HEAD^{tree}')" | git -C broken hash-object -t commit --literally -w --stdin)
git -C broken update-ref refs/heads/main "$orphan"
run 3 "verify a history with a missing parent" -- --archive broken verify
has err "walking history" "names the broken walk"

# a ban must hit the right person: not someone known by description only
printf '{"signalement": "Man van rond de 40, rode pet"}\n' >onbekend.json
run 0 "den-bosch case about someone unknown" -- case open --workflow den-bosch \
	--person onbekend.json --incident "$DATA/incident.json"
unknown=$(cat out)
refused "no ban on a description" "Vul eerst de naam en de geboortedatum" -- \
	--as J case event "$unknown" voornemen_toegangsverbod \
	--set "motivering=Dreigend gedrag." --set van=2027-07-01 --set tot=2027-12-31 \
	--set locaties=Stadskantoor --set reactie_tot=2027-06-20 --set "afwijking_reden=Ernstig" \
	--reason "Laat gemeld"

# A branch lock a killed writer left behind must not block writes for
# good: no vpd writer holds the write lock, so once it is 2 s old it goes.
touch -d '1 minute ago' archive/refs/heads/main.lock
before=$(tip)
run 0 "a write past a stale branch lock" -- case open --workflow heerlen \
	--person "$DATA/persoon.json" --incident "$DATA/incident.json"
[ ! -e archive/refs/heads/main.lock ] && ok || bad "the stale lock is still there"
[ "$(tip)" != "$before" ] && ok || bad "no commit past the stale lock"
# A lock that is not stale (here: dated ahead) is waited for, then named.
touch -d '1 hour' archive/refs/heads/main.lock
before=$(tip)
run 3 "a write on a branch lock that stays" -- case open --workflow heerlen \
	--person "$DATA/persoon.json" --incident "$DATA/incident.json"
has err "refs/heads/main.lock" "names the lock"
[ "$(tip)" = "$before" ] && ok || bad "committed past a held lock"
rm -f archive/refs/heads/main.lock
# A directory in the lock's place is no lock git makes: vpd says so at
# once (no 13 s of retries) and leaves it for the administrator.
mkdir archive/refs/heads/main.lock
before=$(tip)
start=$(date +%s)
run 3 "a write on a directory as branch lock" -- case open --workflow heerlen \
	--person "$DATA/persoon.json" --incident "$DATA/incident.json"
has err "an administrator must look at it and remove it" "says who removes it"
[ $(($(date +%s) - start)) -le 3 ] && ok || bad "waited on a lock nobody will remove"
[ -d archive/refs/heads/main.lock ] && ok || bad "vpd removed the directory"
[ "$(tip)" = "$before" ] && ok || bad "committed past the directory"
rmdir archive/refs/heads/main.lock

# Writers killed at random points, 200 times: every write that said so is
# in, no lock is left blocking, and the history is whole.  A low gc
# threshold has gcs start (apart) among the writers, and every fifth
# round a `vpd gc --combine` is killed too.
run 0 "a new archive for the kills" -- --archive killed --as C init
run 0 "its coordinator" -- --archive killed --as C actor add C --role coordinator
run 0 "its manager" -- --archive killed --as C actor add M --role manager
git config -f killed/config vpd.gcAuto 64
k=1
while [ $k -le 200 ]; do
	"$VPD" --archive killed --as M case open --workflow heerlen \
	    --person "$DATA/persoon.json" --incident "$DATA/incident.json" >kill$k.out 2>/dev/null &
	pid=$!
	gpid=
	if [ $((k % 5)) -eq 0 ]; then
		"$VPD" --archive killed gc --combine >/dev/null 2>&1 &
		gpid=$!
	fi
	sleep "0.$(printf %02d $((k * 37 % 12)))"
	kill -9 $pid $gpid 2>/dev/null
	wait $pid $gpid 2>/dev/null
	k=$((k + 1))
done
start=$(date +%s)
run 0 "a write after 200 kills" -- --archive killed --as M case open --workflow heerlen \
	--person "$DATA/persoon.json" --incident "$DATA/incident.json"
[ $(($(date +%s) - start)) -le 8 ] && ok || bad "the write after the kills waited too long"
for id in $(cat kill*.out); do
	"$VPD" --archive killed --as M case show "$id" >/dev/null 2>&1 && ok ||
		bad "acknowledged case $id is lost"
done
run 0 "verify after the kills" -- --archive killed verify
git --git-dir=killed fsck --strict >fsck.out 2>&1 && ok || bad "git fsck --strict after the kills"

# --- issue 11, item 9: the warning that failed for one sentence --------------
# The reproduction as reported: libharu failed with 0x1033 on this letter
# for the motivering "Schelden aan de balie." (the font subset came out a
# multiple of libharu's 4,096-byte stream blocks).  The measure starts on
# 1 August: 23:03 UTC on 31 July is already 1 August in Amsterdam.
at 2026-07-31T20:30:00Z
run 0 "init (item 9)" -- --archive item9 --as C init
run 0 "coordinator (item 9)" -- --archive item9 --as C actor add C --role coordinator
run 0 "manager (item 9)" -- --archive item9 --as C actor add M --role manager --afdeling Burgerzaken
cat >kaya.json <<'JSON'
{"voornamen": "Dirk", "tussenvoegsel": "van de", "achternaam": "Kaya", "geslacht": "m",
 "geboortedatum": "1978-03-18", "adres": {"straat": "Geleenstraat", "huisnummer": "186",
 "postcode": "6418 SH", "woonplaats": "Heerlen"}}
JSON
cat >kaya-incident.json <<'JSON'
{"tijdstip": "2026-07-31T20:03:36Z", "locatie": "Wijkkantoor Hoensbroek", "afdeling": "Burgerzaken",
 "kanaal": "balie", "gedrag": [{"categorie": "verbale_agressie", "soort": "schelden"},
 {"categorie": "verbale_agressie", "soort": "belediging"}],
 "omschrijving": "De klant schold en beledigde de medewerker aan de balie.",
 "medewerkers": ["A. Collega"], "getuigen": ["B. Getuige"]}
JSON
at 2026-07-31T20:33:36Z
run 0 "open the case (item 9)" -- --archive item9 --as M case open --workflow heerlen --person kaya.json \
	--incident kaya-incident.json
at 2026-07-31T23:03:36Z
run 0 "the warning for Dirk van de Kaya" -- --archive item9 --as M case event 2026-0001 \
	maatregel_opleggen --set maatregel=waarschuwing --set "motivering=Schelden aan de balie." \
	--set van=2026-08-01 --set tot=2027-01-31
run 0 "preview it (item 9)" -- --archive item9 --as M letter preview 2026-0001 schriftelijke_waarschuwing -o kaya.pdf
qpdf --check kaya.pdf >/dev/null 2>&1 && ok || bad "qpdf --check on the warning for Dirk van de Kaya"
pdftotext -enc UTF-8 kaya.pdf - | tr -s ' \n' '  ' >kaya.txt
has kaya.txt "Schelden aan de balie." "the motivering in the letter"
run 0 "the case (item 9)" -- --archive item9 --as M case show 2026-0001 --json
jq -e '[.documenten[] | select(.brief == "schriftelijke_waarschuwing")] | length == 1' out >/dev/null && ok ||
	bad "the warning was made"

echo
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
