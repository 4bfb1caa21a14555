#!/bin/sh
# make demo: a whole Heerlen case on the embedded default archive ./archive.
# Every step runs at its own VPD_NOW, so the story is the same each time.
# An archive left by an earlier demo is moved to build/archive.previous.
set -eu
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
EX=docs/examples
# The story runs in 2026 and 2027 whatever today is: a test clock.
export VPD_TEST_CLOCK=1
export VPD_WORKFLOWS="$PWD/workflows"
unset VPD_ARCHIVE

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step() { # NOW ACTOR -- vpd arguments
	now=$1; actor=$2; shift 3
	printf '$ VPD_NOW=%s vpd --as "%s" %s\n' "$now" "$actor" "$*" >&2
	VPD_NOW=$now "$VPD" --as "$actor" "$@"
}

if [ -e archive/HEAD ]; then
	rm -rf build/archive.previous
	mkdir -p build/archive.previous
	find archive -mindepth 1 -maxdepth 1 ! -name README.md \
	    -exec mv {} build/archive.previous/ \;
	echo "(the previous demo archive was moved to build/archive.previous)"
fi

say "The archive and who may act"
step 2026-11-20T10:30:00+01:00 "C. Coördinator" -- init
step 2026-11-20T10:31:00+01:00 "C. Coördinator" -- actor add "C. Coördinator" --role coordinator
step 2026-11-20T10:32:00+01:00 "C. Coördinator" -- actor add "M. de Manager" --role manager --afdeling Burgerzaken --afdeling "Werk en Inkomen"
step 2026-11-20T10:33:00+01:00 "C. Coördinator" -- actor add "R. Receptie" --role reception
step 2026-11-20T10:34:00+01:00 "C. Coördinator" -- actor add "J. Juridisch" --role legal

say "20 November 10:00: a client scolds and intimidates a desk clerk; the manager registers it"
CASE=$(step 2026-11-20T11:00:00+01:00 "M. de Manager" -- case open --workflow heerlen \
	--person $EX/persoon.json --incident $EX/incident-1.json)
echo "$CASE"
say "Threats are reported to the police the same day, with the VPT code (ch. 9: within 24 hours)"
step 2026-11-20T16:00:00+01:00 "M. de Manager" -- case event "$CASE" aangifte_gedaan \
	--set feit=bedreiging --set registratienummer=PL2300-2026-4711
say "21 November: a written warning, to be handed over at an order talk (letter within 48 hours)"
step 2026-11-21T09:00:00+01:00 "M. de Manager" -- case event "$CASE" maatregel_opleggen \
	--set maatregel=waarschuwing \
	--set "motivering=U heeft op 20 november een medewerker aan de balie uitgescholden en geïntimideerd." \
	--set ordegesprek=2026-11-25T14:00 --set van=2026-11-25 --set tot=2027-05-25
say "22 November: the first aftercare talk with the clerk (ch. 10: within 72 hours)"
step 2026-11-22T09:00:00+01:00 "M. de Manager" -- case event "$CASE" nazorggesprek \
	--set gesprek=eerste --set "medewerker=A. Jansen"
say "25 November: the client does not come to the order talk: post and registered post"
step 2026-11-25T15:00:00+01:00 "M. de Manager" -- case event "$CASE" niet_verschenen

say "10 January: a second incident during the warning: it joins the case (recidive)"
step 2027-01-10T10:00:00+01:00 "M. de Manager" -- case open --workflow heerlen \
	--person $EX/persoon.json --incident $EX/incident-2.json
say "11 January: the coordinator hears the clerk and sets the ban at three calendar months (§8.1)"
step 2027-01-11T09:00:00+01:00 "C. Coördinator" -- case event "$CASE" duur_vaststellen \
	--set maanden=3 --set medewerker_gehoord=ja
say "11 January: the manager bans him for those three months, with a phone ban (§8.5)"
step 2027-01-11T10:00:00+01:00 "M. de Manager" -- case event "$CASE" maatregel_opleggen \
	--set maatregel=toegangsverbod \
	--set "motivering=Ondanks de schriftelijke waarschuwing heeft u opnieuw een medewerker beledigd." \
	--set van=2027-01-12 --set tot=2027-04-12 \
	--set "locaties=Stadskantoor, Bestuurscentrum" --set telefoonverbod=ja

say "Reception adds the client's photo for the bans folder"
step 2027-01-11T11:00:00+01:00 "R. Receptie" -- person photo "$CASE" $EX/foto.jpg

say "29 January: another client shouts at a desk; reception registers it, and then nothing happens"
CASE2=$(step 2027-01-29T15:00:00+01:00 "R. Receptie" -- case open --workflow heerlen \
	--person $EX/persoon-2.json --incident $EX/incident-3.json)
echo "$CASE2"

say "1 February: the client enters anyway; reception orders him to leave three times"
step 2027-02-01T11:00:00+01:00 "R. Receptie" -- case event "$CASE" overtreding \
	--set tijdstip=2027-02-01T10:30 --set "locatie=Stadskantoor, hal" --set vorderingen=3 \
	--set "getuigen=A. Jansen, B. de Wit"
say "The same day: aangifte of lokaalvredebreuk (art. 139 Sr)"
step 2027-02-01T15:00:00+01:00 "M. de Manager" -- case event "$CASE" aangifte_gedaan \
	--set feit=lokaalvredebreuk --set registratienummer=PL2300-2027-0815

say "2 February, reception: who may not come in? (the bans list, and the folder for the desk)"
step 2027-02-02T08:30:00+01:00 "R. Receptie" -- bans
mkdir -p build/demo-letters
step 2027-02-02T08:30:00+01:00 "R. Receptie" -- bans --pdf build/demo-letters/baliemap.pdf
pdftoppm -r 70 -png -f 1 -l 1 build/demo-letters/baliemap.pdf build/demo-letters/baliemap
say "A visitor gives his name at the desk; reception types it the way it sounds"
for q in "Jan van der Berg" "v.d. Berg" "Berg, van der" "J. vd Berg" "VANDERBERG" \
	"Jan van den Berg" "Jan van der Bergh" "van der Brg" "Jan Berg"; do
	printf '$ vpd lookup "%s"\n' "$q" >&2
	VPD_NOW=2027-02-02T08:35:00+01:00 "$VPD" --as "R. Receptie" lookup "$q" | head -1
done
VPD_NOW=2027-02-02T08:35:00+01:00 "$VPD" --as "R. Receptie" lookup "Berg, J. van der"

say "2 February, the coordinator's agenda: the letter for $CASE2 is overdue"
step 2027-02-02T09:00:00+01:00 "C. Coördinator" -- agenda

say "The police ask for their copies since 1 November; they check them with sha256sum"
rm -rf build/demo-police-export
step 2027-02-02T10:00:00+01:00 "C. Coördinator" -- police export --since 2026-11-01 --out build/demo-police-export
(cd build/demo-police-export && sha256sum -c SHA256SUMS)

say "Where the case stands on 2 February"
VPD_NOW=2027-02-02T09:00:00+01:00 "$VPD" --as "C. Coördinator" case show "$CASE"

say "The audit trail: every commit signed; the police export's checkpoint still holds"
VPD_NOW=2027-02-02T09:00:00+01:00 "$VPD" --as "J. Juridisch" case log "$CASE"
"$VPD" verify --checkpoint build/demo-police-export/controlepunt.txt

say "Legal affairs: late steps, deviations, running bezwaar terms; the dossier for a court"
VPD_NOW=2027-02-02T09:00:00+01:00 "$VPD" --as "J. Juridisch" legal
mkdir -p build/demo-letters
rm -f "build/demo-letters/dossier-$CASE.pdf"
VPD_NOW=2027-02-02T09:00:00+01:00 "$VPD" --as "J. Juridisch" dossier "$CASE" -o "build/demo-letters/dossier-$CASE.pdf"

say "The coordinator's figures for the management team, 1 November to 2 February"
VPD_NOW=2027-02-02T09:00:00+01:00 "$VPD" --as "C. Coördinator" report --period 2026-11-01..2027-02-02 \
	--pdf build/demo-letters/rapportage.pdf --csv build/demo-letters/cijfers.csv
VPD_NOW=2027-02-02T09:00:00+01:00 "$VPD" --as "C. Coördinator" report --period 2026-11-01..2027-02-02 | head -12

say "The letters: every copy was rendered, signed and committed with its event"
mkdir -p build/demo-letters
"$VPD" --as "C. Coördinator" case show "$CASE" --json | jq -r '.documenten[] | "\(.nr)\t\(.titel)\t\(.ondertekenaar.naam // "-")\t\([.exemplaren[].bestemming] | join(", "))"' |
while IFS="$(printf '\t')" read -r nr title signer dests; do
	printf '  %s. %s — signed by %s — copies: %s\n' "$nr" "$title" "$signer" "$dests"
done
for spec in "3 1" "5 2" "6 4"; do
	set -- $spec
	"$VPD" --as "C. Coördinator" document get "$CASE" "$1" "$2" -o "build/demo-letters/$CASE-$1-$2.pdf" >/dev/null
done
cat <<MSG

The reception folder of 2 February (confidential):
  build/demo-letters/baliemap.pdf   (page 1 as PNG: build/demo-letters/baliemap-1.png)
The police export: build/demo-police-export/ (LEESMIJ.txt, SHA256SUMS, manifest.json,
  controlepunt.txt: a signed checkpoint of the archive; see docs/security.md)

The court dossier: build/demo-letters/dossier-$CASE.pdf (the timeline, then every letter)
The management report: build/demo-letters/rapportage.pdf, and its figures in cijfers.csv

Three of them, taken out of the archive (their sha256 checked):
  build/demo-letters/$CASE-3-1.pdf   the written warning, the client's copy
  build/demo-letters/$CASE-5-2.pdf   the access ban, registered copy (AANGETEKEND)
  build/demo-letters/$CASE-6-4.pdf   the letter after the violation, police copy
Any other: build/vpd --as "C. Coördinator" document get $CASE DOCUMENT COPY -o FILE

The archive is a bare git repository in ./archive; read it with stock git:
  git -C archive log --stat
  build/vpd key show --allowed-signers > allowed_signers
  git -C archive -c gpg.ssh.allowedSignersFile=\$PWD/allowed_signers log --show-signature
  git -C archive show HEAD:cases/${CASE%%-*}/${CASE#*-}/case.json
  git -C archive ls-tree -r HEAD cases/${CASE%%-*}/${CASE#*-}/documents/
  build/vpd --as "J. Juridisch" case log $CASE
  build/vpd verify
Names, addresses, descriptions, photos and letters are sealed in it, each
person's under a key of their own (archive/private/; docs/privacy.md):
  git -C archive show HEAD:persons/00/P0001.json      # {"verzegeld": "P0001.…"}
  build/vpd --as "J. Juridisch" case show $CASE       # opened with the keys
MSG
