#!/bin/sh
# How tests/data/plain-archive.tar.gz was made: an archive as vpd made them
# before it sealed personal data (issue 12), for the migration test in
# tests/e2e_erase.sh.  Run with VPD set to a vpd built from commit f0879b7,
# in an empty directory, with the environment of tests/e2e_lib.sh.
set -eu
EX=$(cd "$(dirname "$0")/../../docs/examples" && pwd)
PH=$(cd "$(dirname "$0")/photos" && pwd)
p() { jq --arg v "$2" --arg a "$3" --arg g "$4" \
    '.voornamen = $v | .achternaam = $a | .geboortedatum = $g | del(.tussenvoegsel)' \
    "$EX/persoon.json" >"$1"; }
p smeets.json Gerrit Smeets 1981-06-07
p vries.json Piet Vries 1975-02-03
export VPD_TEST_CLOCK=1 VPD_NOW=2026-11-20T10:30:00+01:00
"$VPD" --as C init
"$VPD" --as C actor add C --role coordinator
"$VPD" --as C actor add M --role manager --afdeling Burgerzaken
"$VPD" --as C actor add R --role reception
"$VPD" --as C actor add J --role legal
VPD_NOW=2026-11-20T11:00:00+01:00
A=$("$VPD" --as M case open --workflow heerlen --person smeets.json --incident "$EX/incident-1.json")
"$VPD" --as M case open --workflow heerlen --person vries.json --incident "$EX/incident-1.json"
"$VPD" --as M case event "$A" aangifte_gedaan --set feit=bedreiging --set registratienummer=PL2300-2026-9
VPD_NOW=2026-11-21T09:00:00+01:00
"$VPD" --as C case event "$A" duur_vaststellen --set maanden=3 --set medewerker_gehoord=ja
"$VPD" --as M case event "$A" maatregel_opleggen --set maatregel=toegangsverbod \
    --set "motivering=Bedreiging aan de balie." --set van=2026-11-22 --set tot=2027-02-22 \
    --set "locaties=Stadskantoor"
"$VPD" --as R person photo P0001 "$PH/portrait.jpg"
jq '.adres.straat = "Kerkstraat"' smeets.json >smeets2.json
VPD_NOW=2026-11-22T09:00:00+01:00
"$VPD" --as J person update P0001 smeets2.json --reason "Verhuisd"
"$VPD" --as J person restrict P0002 --reason "Bezwaar loopt"
"$VPD" gc
tar czf plain-archive.tar.gz --exclude=archive/gc.lock --exclude=archive/hooks \
    --exclude=archive/logs --exclude=archive/description archive
