#!/bin/sh
# End-to-end tests of the registers (issue 4): photos, the bans list and
# reception folder, the desk lookup, the agenda and the police export,
# checked with real clients (pdfimages, pdftotext, qpdf, sha256sum, git,
# jq).  Usage: e2e_registers.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
PH=$DATA/photos

# incident FILE INSTANT
incident() { jq --arg t "$2" '.tijdstip = $t' "$EX/incident-1.json" >"$1"; }

at 2026-11-20T10:30:00+01:00
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator
run 0 "manager" -- --as C actor add M --role manager --afdeling Burgerzaken --afdeling "Werk en Inkomen"
run 0 "reception" -- --as C actor add R --role reception
run 0 "legal" -- --as C actor add J --role legal
run 0 "police" -- --as C actor add P --role police

# A: Jan van der Berg, access ban 22 Nov 2026 .. 22 Feb 2027.
person berg.json Jan "van der" Berg 1980-04-01
at 2026-11-20T11:00:00+01:00
run 0 "open A" -- --as M case open --workflow heerlen --person berg.json --incident "$EX/incident-1.json"
A=$(cat out)
at 2026-11-20T16:00:00+01:00
run 0 "aangifte A" -- --as M case event "$A" aangifte_gedaan --set feit=bedreiging --set registratienummer=PL2300-2026-1
at 2026-11-21T09:00:00+01:00
ban_length "$A" 3
run 0 "ban A" -- --as M case event "$A" maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Bedreiging aan de balie." --set van=2026-11-22 --set tot=2027-02-22 \
	--set "locaties=Stadskantoor, Bestuurscentrum"

# B: Piet de Vries, a warning that starts on 1 December.
person vries.json Piet de Vries 1975-02-03
incident inc-b.json 2026-11-21T10:00:00+01:00
at 2026-11-21T10:30:00+01:00
run 0 "open B" -- --as M case open --workflow heerlen --person vries.json --incident inc-b.json
B=$(cat out)
at 2026-11-21T12:00:00+01:00
run 0 "warning B" -- --as M case event "$B" maatregel_opleggen --set maatregel=waarschuwing \
	--set "motivering=Schelden aan de balie." --set van=2026-12-01 --set tot=2027-06-01

# C: Anna Bakker, a ban that is withdrawn.
person bakker.json Anna "" Bakker 1990-05-06
incident inc-c.json 2026-11-21T11:00:00+01:00
at 2026-11-21T12:30:00+01:00
run 0 "open C" -- --as M case open --workflow heerlen --person bakker.json --incident inc-c.json
C=$(cat out)
ban_length "$C" 3
run 0 "ban C" -- --as M case event "$C" maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Dreigen." --set van=2026-11-21 --set tot=2027-02-21 --set "locaties=Stadskantoor"

# --- photos ---------------------------------------------------------------
at 2026-11-21T13:00:00+01:00
refused "photo: not an image" "text.jpg: error: not a JPEG or PNG image" -- --as R person photo P0001 "$PH/text.jpg"
refused "photo: truncated JPEG" "Premature end of JPEG file" -- --as R person photo P0001 "$PH/truncated.jpg"
refused "photo: damaged PNG" "badcrc.png: error: not a valid PNG" -- --as R person photo P0001 "$PH/badcrc.png"
refused "photo: CMYK JPEG" "CMYK" -- --as R person photo P0001 "$PH/cmyk.jpg"
refused "photo: too many pixels" "4100 x 200 pixels; at most 4000" -- --as R person photo P0001 "$PH/huge.png"
refused "photo: too small" "at least 100 on each side" -- --as R person photo P0001 "$PH/tiny.png"
head -c 2200000 /dev/zero | tr '\0' 'x' >big.jpg
refused "photo: too many bytes" "the limit is 2048 KiB" -- --as R person photo P0001 big.jpg
refused "photo: police may not" "P may not change person P0001" -- --as P person photo P0001 "$PH/portrait.jpg"
refused "photo: no such person" "no person P0099" -- --as R person photo P0099 "$PH/portrait.jpg"
refused "photo: nothing to remove" "has no photo to remove" -- --as R person photo P0001 --remove
run 1 "photo: missing file" -- --as R person photo P0001 nothing.jpg
run 0 "photo: PNG" -- --as R person photo P0001 "$PH/portrait.png"
has out "png, 300 x 400 pixels" "PNG stored"
run 0 "photo: replaced by a JPEG, via the case id" -- --as R person photo "$A" "$PH/portrait.jpg"
# the archive holds it sealed for the person (docs/privacy.md)
git -C archive show HEAD:photos/00/P0001.jpeg >p.jpg 2>/dev/null && [ "$(head -c 16 p.jpg)" = "vpd-seal 1 P0001" ] &&
	! cmp -s p.jpg "$PH/portrait.jpg" && ok || bad "photo in the archive, sealed"
git -C archive cat-file -e HEAD:photos/00/P0001.png 2>/dev/null && bad "old PNG still there" || ok
run 0 "photo: progressive JPEG for B" -- --as R person photo "$B" "$PH/progressive.jpg"
run 0 "photo for C" -- --as R person photo "$C" "$PH/portrait.png"
run 0 "photo: removed" -- --as R person photo "$C" --remove
git -C archive cat-file -e HEAD:photos/00/P0003.png 2>/dev/null && bad "removed photo still in the tree" || ok
[ "$(git -C archive log --format=%s | grep -c '^Foto van persoon')" -eq 5 ] && ok || bad "one commit per photo change"
git -C archive log -1 --format=%B | grep -q "^Person: P0003" && ok || bad "photo commit trailer"

# --- the bans list ----------------------------------------------------------
refused "bans: who are you" "say who you are" -- bans
refused "bans: not for the police" "P is not an actor with one of the roles" -- --as P bans
bans_on() { # DAY: the person ids on the list, one line
	"$VPD" --as R bans --at "$1" --json | jq -r '[.personen[].persoon] | join(" ")'
}
# C's ban is on the list until it is withdrawn, then off at once.
[ "$(bans_on 2026-11-21)" = "P0003" ] && ok || bad "C's ban in force: $(bans_on 2026-11-21)"
at 2026-11-22T09:00:00+01:00
run 0 "withdraw C" -- --as J case event "$C" intrekken --set "reden=Bezwaar gegrond."
[ "$(bans_on 2026-11-22)" = "P0001" ] && ok || bad "withdrawn ban gone: $(bans_on 2026-11-22)"

[ "$(bans_on 2026-11-21)" = "" ] && ok || bad "the day before the ban starts: $(bans_on 2026-11-21)"
[ "$(bans_on 2026-11-22)" = "P0001" ] && ok || bad "the day the ban starts: $(bans_on 2026-11-22)"
[ "$(bans_on 2026-12-01)" = "P0001 P0002" ] && ok || bad "Berg before de Vries: $(bans_on 2026-12-01)"
[ "$(bans_on 2027-02-22)" = "P0001 P0002" ] && ok || bad "the ban's last day: $(bans_on 2027-02-22)"
[ "$(bans_on 2027-02-23)" = "P0002" ] && ok || bad "the day after, without tick: $(bans_on 2027-02-23)"
"$VPD" --as R bans --at 2026-11-22 --json >b.json
[ "$(jq -r .vervangen_na b.json)" = "2026-11-30" ] && ok || bad "replace before the warning starts: $(jq -r .vervangen_na b.json)"
jq -e '.personen[0] | .geboortedatum == "1980-04-01" and .foto.type == "jpeg" and (has("adres") | not)' b.json >/dev/null && ok || bad "card: birth date and photo, no address"
jq -e '.personen[0].maatregelen[0] | .locaties == ["Stadskantoor", "Bestuurscentrum"] and .telefoonverbod == false and (.contact | length) >= 3' b.json >/dev/null && ok || bad "card: what is forbidden, contact routes"
run 0 "bans text" -- --as R bans --at 2026-12-01
has out "Berg, Jan van der (geboren 1 april 1980, P0001)" "text card"
has out "GEEN TOEGANG tot Stadskantoor en Bestuurscentrum t/m 22 februari 2027" "verdict"
has out "SCHRIFTELIJKE WAARSCHUWING t/m 1 juni 2027" "warning verdict"
has out "schriftelijk: Postbus 1, 6400 AA  Heerlen" "contact route from gemeente.yaml"
run 2 "bans: bad date" -- --as R bans --at 2026-13-01
# The reception folder.
at 2026-12-02T08:00:00+01:00
before=$(tip)
run 0 "bans --pdf" -- --as R bans --pdf folder.pdf
[ "$(stat -c %a folder.pdf)" = 600 ] && ok || bad "the confidential folder is mode $(stat -c %a folder.pdf), not 600"
# only a new or a regular file is replaced: not a device, fifo or link
if [ -w /dev/full ] && [ "$(id -u)" = 0 ]; then
	mknod full c 1 7
	run 3 "bans --pdf onto a device" -- --as R bans --pdf full
	has err "not a regular file" "device target refused"
	[ -c full ] && ok || bad "the device node was replaced"
	rm -f full
fi
mkfifo fifo
run 3 "bans --pdf onto a fifo" -- --as R bans --pdf fifo
[ -p fifo ] && ok || bad "the fifo was replaced"
ln -s /etc/hostname link.pdf
run 3 "bans --pdf onto a symbolic link" -- --as R bans --pdf link.pdf
[ -L link.pdf ] && ok || bad "the link was replaced"
rm -f fifo link.pdf
[ "$(tip)" = "$before" ] && ok || bad "the folder made a commit"
pdfimages -list folder.pdf >imgs 2>&1
[ "$(tail -n +3 imgs | wc -l)" -eq 2 ] && ok || { bad "pdfimages sees two photos"; cat imgs; }
grep -q " 300   400 " imgs && ok || bad "photo at full resolution"
qpdf --check folder.pdf >/dev/null 2>&1 && ok || bad "qpdf --check folder"
pdftotext -layout folder.pdf folder.txt
has folder.txt "VERTROUWELIJK" "folder says confidential"
has folder.txt "Berg, Jan van der" "folder card"
has folder.txt "Vries, Piet de" "folder card B"
has folder.txt "Gemaakt 02-12-2026 08:00 door R" "folder made-on date"
has folder.txt "Geldig tot en met 22 februari 2027" "folder replace-by date"
[ "$(grep -c VERTROUWELIJK folder.txt)" -eq "$(pdfinfo folder.pdf | awk '/^Pages/ {print $2}')" ] && ok || bad "VERTROUWELIJK on every page"
run 0 "empty folder" -- --as R bans --at 2028-01-01 --pdf empty.pdf
pdftotext empty.pdf - | grep -q "geen toegangsverbod" && ok || bad "empty folder says so"

# --- lookup -------------------------------------------------------------------
at 2026-12-02T10:00:00+01:00
for q in "Jan van der Berg" "van der Berg" "Berg, van der" "Berg, Jan van der" "v.d. Berg" \
    "J. v.d. Berg" "VAN DER BERG" "vanderberg" "Jan vd Berg" "jan van den berg" \
    "Jan van der Bergh" "van der Brg" "Berg"; do
	"$VPD" --as R lookup --json "$q" >l.json
	[ "$(jq -r '.gevonden[0].persoon' l.json)" = "P0001" ] && ok || bad "lookup '$q'"
done
for q in "de Vries" "Vries, P. de" "Piet de Fries" "de vris"; do
	"$VPD" --as R lookup "$q" >l.txt
	grep -q "^1. Vries, Piet de" l.txt && ok || bad "lookup '$q'"
done
run 0 "lookup text" -- --as R lookup v.d. Berg
has out "1. Berg, Jan van der (geboren 1 april 1980, P0001)" "lookup line"
has out "GEEN TOEGANG tot Stadskantoor en Bestuurscentrum t/m 22 februari 2027" "lookup verdict"
run 0 "lookup: withdrawn is not found" -- --as R lookup "Anna Bakker"
has out "Niemand met een toegangsverbod" "nobody"
refused "lookup: police" "lookup: P is not an actor" -- --as P lookup Berg
run 2 "lookup without name" -- --as R lookup
# A name vpd cannot read is an error, never "nobody found".
for q in "$(printf 'Berg\377')" "$(printf 'Be\001rg')" "$(printf 'Berg\033[2J')" "!!" " "; do
	run 1 "lookup: an unreadable name" -- --as R lookup "$q"
	grep -q "Niemand" out && bad "lookup of an unreadable name said nobody" || ok
	run 1 "lookup --json: an unreadable name" -- --as R lookup --json "$q"
	[ ! -s out ] && ok || bad "lookup --json of an unreadable name printed something"
done
grep -qF "$(printf 'Berg\377')" err && bad "the unreadable name is repeated" || ok
# The list is read from the desk index's cards, which verify checks: a
# damaged case file does not make it come out short.
printf '{"id": "2026-0001", "maatregelen": [' >broken.json
hand_commit damaged cases/2026/0001/case.json broken.json "Zaak beschadigd" >/dev/null
run 0 "bans: a damaged case file, a sound index" -- --archive damaged --as R bans
has out "Berg, Jan van der" "the ban is on the list"
run 0 "lookup: a damaged case file, a sound index" -- --archive damaged --as R lookup Berg
has out "1. Berg, Jan van der" "found by the index's name lines and cards"
# A damaged name line file: the lookup searches the whole list instead.
for f in $(git --git-dir=damaged ls-tree --name-only HEAD index/namen/); do
	hand_commit damaged "$f" broken.json "Namen beschadigd" >/dev/null
done
run 0 "lookup: damaged name lines" -- --archive damaged --as R lookup Berg
has out "1. Berg, Jan van der" "found on the whole list"
# With the index damaged too, every case is read, and a case that cannot
# be read stops the list: it would otherwise come out one ban short.
for f in $(git --git-dir=damaged ls-tree --name-only HEAD index/balie/); do
	hand_commit damaged "$f" broken.json "Index beschadigd" >/dev/null
done
run 3 "bans: a damaged case file" -- --archive damaged --as R bans
has err "case.json" "says which file, and why"
run 3 "lookup: a damaged case file" -- --archive damaged --as R lookup Berg
grep -q "Niemand" out && bad "lookup on a damaged archive said nobody" || ok
rm -rf damaged

# --- agenda ---------------------------------------------------------------------
# D: an incident on 1 December 10:00 and no sanction letter yet.
person d.json Karel "" Jansen 1970-07-07
incident inc-d.json 2026-12-01T10:00:00+01:00
at 2026-12-01T11:00:00+01:00
run 0 "open D" -- --as M case open --workflow heerlen --person d.json --incident inc-d.json
D=$(cat out)
at 2026-12-03T11:00:00+01:00
refused "agenda: not for reception" "the agenda: R is not an actor" -- --as R agenda
run 0 "agenda" -- --as C agenda --json
jq -e '.punten[0].te_laat == true' out >/dev/null && ok || bad "overdue first"
jq -e --arg d "$D" '[.punten[] | select(.zaak == $d and .te_laat and (.wat | test("48 uur")))] | length == 1' out >/dev/null &&
	ok || bad "the overdue 48-hour letter of $D"
jq -e --arg d "$D" '[.punten[] | select(.zaak == $d and (.wat | test("48 uur")))][0] | .wie == ["manager"] and .actoren == ["M"] and .persoon == "Karel Jansen"' out >/dev/null &&
	ok || bad "who must act on the letter"
jq -e '[.punten[].te_laat] | . == (sort | reverse)' out >/dev/null && ok || bad "all overdue before the rest"
jq -e '[.punten[] | select(.te_laat | not) | .uiterlijk] | . == sort' out >/dev/null && ok || bad "then by due instant"
run 0 "agenda text" -- --as M agenda
has out "TE LAAT" "text marks overdue"
has out "Maatregel binnen 48 uur na het incident bepalen" "text says what"
# A ban ending within 14 days; not when further away.
run 0 "agenda near the end of A's ban" -- --as C agenda --at 2027-02-10T09:00:00+01:00 --json
jq -e --arg a "$A" '[.punten[] | select(.zaak == $a and .soort == "maatregel_einde")] | length == 1' out >/dev/null &&
	ok || bad "ban ending within 14 days"
jq -e '[.punten[] | select(.soort == "maatregel_einde")][0] | (.wie | index("manager")) != null' out >/dev/null &&
	ok || bad "who may extend the ban"
run 0 "agenda a month before" -- --as C agenda --at 2027-01-20T09:00:00+01:00 --json
jq -e '[.punten[] | select(.soort == "maatregel_einde")] | length == 0' out >/dev/null && ok || bad "not 33 days ahead"
run 2 "agenda: bad instant" -- --as C agenda --at tomorrow

# --- police export ----------------------------------------------------------------
at 2026-12-03T12:00:00+01:00
refused "export: not for reception" "R is not an actor" -- --as R police export --since 2026-11-01 --out x
refused "export: nothing since" "nothing exported" -- --as P police export --since 2027-01-01 --out none
[ -e none ] && bad "empty export left a directory" || ok
run 0 "police export" -- --as P police export --since 2026-11-01 --out export
has out "sha256sum -c SHA256SUMS" "says how to check"
(cd export && sha256sum -c SHA256SUMS) >sums.out 2>&1 && ok || { bad "sha256sum -c"; cat sums.out; }
[ "$(grep -c ': OK$' sums.out)" -eq "$(jq '.bestanden | length' export/manifest.json)" ] && ok || bad "every file checked"
jq -e '[.bestanden[].brief] == ["aangifte_politie", "toegangsverbod"]' export/manifest.json >/dev/null && ok || bad "the police copies of A (C had no aangifte)"
jq -e '.bestanden[] | select(.brief == "aangifte_politie") | .vpt_code == "VPT" and .registratienummers == ["PL2300-2026-1"]' export/manifest.json >/dev/null &&
	ok || bad "manifest: VPT code and report number"
# Each file's commit is the archive commit that added that copy (sealed
# there; its sha256 is that of the letter, as the case records it).
jq -r '.bestanden[] | "\(.commit) \(.pad) \(.sha256)"' export/manifest.json | while read -r c p s; do
	[ "$(git -C archive show "$c:$p" | head -c 12)" = "vpd-seal 1 P" ] &&
	    git -C archive show "$c:${p%%/documents/*}/case.json" | grep -q "\"sha256\": \"$s\"" || echo "$p"
done >mismatch
[ ! -s mismatch ] && ok || bad "manifest commits hold the files: $(cat mismatch)"
git -C archive show HEAD:police/events/0001.json >rec.json && jq -e '.actor == "P" and .sinds == "2026-11-01" and (.bestanden | length) == 2' rec.json >/dev/null &&
	ok || bad "the export is recorded in the archive"
git -C archive log -1 --format=%s | grep -q "^Export 1 naar de politie" && ok || bad "export commit message"
# The files are written before the export is recorded, so they name its
# number, not its commit.
[ "$(jq .export export/manifest.json)" = 1 ] && [ "$(jq .export rec.json)" = 1 ] && ok || bad "manifest names the export's number"
has export/LEESMIJ.txt "vastgelegd als export 1" "readme names the export"
has export/LEESMIJ.txt "sha256sum -c SHA256SUMS" "readme for the police"
# A signed checkpoint of the history the export is based on, which the
# archive must still hold later.
has export/controlepunt.txt "commit $(jq -r .basis export/manifest.json)" "checkpoint of the export's base"
[ "$(jq -r .controlepunt export/manifest.json)" = "$(cat export/controlepunt.txt)" ] && ok || bad "manifest holds the checkpoint"
run 0 "the export's checkpoint holds" -- verify --checkpoint export/controlepunt.txt
[ "$(stat -c %a export)" = 700 ] && ok || bad "export directory mode $(stat -c %a export)"
[ -z "$(find export -type f ! -perm 600)" ] && ok || bad "export files not 600: $(find export -type f ! -perm 600)"
refused "export: into an existing directory" "already exists" -- --as P police export --since 2026-11-01 --out export
ln -s nothere dangling
refused "export: onto a dangling link" "already exists" -- --as P police export --since 2026-11-01 --out dangling
[ -L dangling ] && [ ! -e nothere ] && ok || bad "the dangling link was followed"
rm -f dangling
before=$(tip)
run 2 "export: an empty --out" -- --as P police export --since 2026-11-01 --out ""
[ "$(tip)" = "$before" ] && ok || bad "export with an empty --out was recorded"
run 2 "export: bad date" -- --as P police export --since yesterday --out e2

# --- bad input, a DST change, second writers ----------------------------------------
long=$(printf 'a%.0s' $(seq 1 201))
run 1 "lookup: a name too long" -- --as R lookup "$long"
has err "at most 200 characters" "says the limit"
run 1 "agenda: --days out of range" -- --as C agenda --days 400
run 2 "agenda: --days not a number" -- --as C agenda --days many
run 2 "photo: PERSON and FILE only" -- --as R person photo P0001 a.jpg b.jpg
before=$(tip)
run 3 "bans --pdf into a missing directory" -- --as R bans --pdf no/such/dir/f.pdf
[ ! -e no/such/dir/f.pdf.tmp ] && [ "$(tip)" = "$before" ] && ok || bad "a failed folder left something"
run 3 "export into a missing parent directory" -- --as P police export --since 2026-11-01 --out no/such/export
[ "$(tip)" = "$before" ] && ok || bad "a failed export made a commit"
# A full disk, at every stage of the export (the PDFs, the manifests):
# an export is recorded if and only if all of it was written.
if [ "$(id -u)" = 0 ] && mkdir -p full && mount -t tmpfs -o size=8k tmpfs full 2>/dev/null; then
	umount full
	for size in 8k 24k 40k 44k 48k 52k 56k 60k 64k 68k 72k 88k; do
		mount -t tmpfs -o size=$size tmpfs full
		before=$(tip)
		"$VPD" --as P police export --since 2026-11-01 --out full/e >out 2>err
		got=$?
		echo "$got" >>full-runs
		if [ $got -eq 0 ]; then
			[ "$(tip)" != "$before" ] && (cd full/e && sha256sum -c SHA256SUMS >/dev/null 2>&1) &&
				ok || bad "export on $size: exit 0 but not recorded or not whole"
		else
			[ $got -eq 3 ] && [ "$(tip)" = "$before" ] && [ -z "$(ls -A full)" ] &&
				ok || { bad "export on a full disk ($size): exit $got, recorded or left files"; ls -la full; cat err; }
		fi
		umount full
	done
	rmdir full
	# the disk ran full at least once, and was big enough at least once
	grep -q '^3$' full-runs && grep -q '^0$' full-runs && ok || bad "full-disk sizes: $(tr '\n' ' ' <full-runs)"
else
	echo "e2e registers: not root or no tmpfs: the full-disk export is not tried"
fi

# E: a ban whose last day is Saturday 27 March 2027; summer time starts
# that night, so the day after begins at 22:00 UTC, not 23:00.
person e.json Ellen "" Smit 1985-08-09
incident inc-e.json 2026-12-27T10:00:00+01:00
at 2026-12-27T11:00:00+01:00
run 0 "open E" -- --as M case open --workflow heerlen --person e.json --incident inc-e.json
E=$(cat out)
ban_length "$E" 3
run 0 "ban E" -- --as M case event "$E" maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Dreigen." --set van=2026-12-27 --set tot=2027-03-27 --set "locaties=Stadskantoor"
case " $(bans_on 2027-03-27) " in *" P0005 "*) ok;; *) bad "E on its last day";; esac
case " $(bans_on 2027-03-28) " in *" P0005 "*) bad "E the day after";; *) ok;; esac
run 0 "agenda before the DST change" -- --as C agenda --at 2027-03-20T09:00:00+01:00 --json
jq -e --arg e "$E" '[.punten[] | select(.zaak == $e and .soort == "maatregel_einde")][0] |
    .uiterlijk == "2027-03-27T23:00:00Z" and .uiterlijk_lokaal == "28-03-2027 00:00"' out >/dev/null &&
	ok || bad "end of E's ban at local midnight, in winter time"
person e2.json Eva "" Smit 1986-08-09
incident inc-e2.json 2027-06-29T10:00:00+02:00
at 2027-06-29T11:00:00+02:00
run 0 "open E2" -- --as M case open --workflow heerlen --person e2.json --incident inc-e2.json
E2=$(cat out)
ban_length "$E2" 4
run 0 "ban E2 to 30 October" -- --as M case event "$E2" maatregel_opleggen --set maatregel=toegangsverbod \
	--set "motivering=Dreigen." --set van=2027-06-30 --set tot=2027-10-30 --set "locaties=Stadskantoor"
run 0 "agenda before the change back" -- --as C agenda --at 2027-10-25T09:00:00+01:00 --json
jq -e --arg e "$E2" '[.punten[] | select(.zaak == $e and .soort == "maatregel_einde")][0] |
    .uiterlijk == "2027-10-30T22:00:00Z" and .uiterlijk_lokaal == "31-10-2027 00:00"' out >/dev/null &&
	ok || bad "end of E2's ban at local midnight, in summer time"

# Second writers: four photo changes and an export at once all land.
at 2027-07-01T10:00:00+02:00
before=$(git -C archive rev-list --count HEAD)
for who in P0001 P0002 P0004 P0005; do
	"$VPD" --as C person photo "$who" "$PH/portrait.jpg" >/dev/null 2>"par-$who.err" &
done
"$VPD" --as P police export --since 2026-11-01 --out export2 >/dev/null 2>par-export.err &
wait
[ "$(git -C archive rev-list --count HEAD)" -eq $((before + 5)) ] && ok || { bad "parallel writers: $(git -C archive rev-list --count HEAD) commits after $before"; cat par-*.err; }
(cd export2 && sha256sum -c SHA256SUMS >/dev/null 2>&1) && ok || bad "parallel export checks"
[ "$(jq .export export2/manifest.json)" = "$(git -C archive ls-tree --name-only HEAD police/events/ | wc -l)" ] &&
	ok || bad "the parallel export numbered as the last one recorded"
for who in P0001 P0002 P0004 P0005; do
	git -C archive cat-file -e "HEAD:photos/00/$who.jpeg" 2>/dev/null || echo "$who"
done >lost
[ ! -s lost ] && ok || bad "photos lost by parallel writers: $(cat lost)"

# Two exports at once: each is recorded whole with its own number, or
# refused ("another export was recorded meanwhile") and leaves nothing.
before=$(git -C archive ls-tree --name-only HEAD police/events/ | wc -l)
"$VPD" --as P police export --since 2026-11-01 --out twin1 >twin1.out 2>twin1.err &
"$VPD" --as C police export --since 2026-11-01 --out twin2 >twin2.out 2>twin2.err &
wait
after=$(git -C archive ls-tree --name-only HEAD police/events/ | wc -l)
landed=0
for d in twin1 twin2; do
	if [ -e "$d/manifest.json" ]; then
		landed=$((landed + 1))
		(cd "$d" && sha256sum -c SHA256SUMS >/dev/null 2>&1) || echo "$d does not check"
		git -C archive log --format=%s | grep -q "^Export $(jq .export "$d/manifest.json") " || echo "$d's number is not recorded"
	else
		grep -q "another export was recorded meanwhile" "$d.err" || echo "$d: $(cat "$d.err")"
	fi
done >twins
[ ! -s twins ] && [ "$after" -eq $((before + landed)) ] && [ "$landed" -ge 1 ] &&
	[ -z "$(ls -d twin1.tmp-* twin2.tmp-* 2>/dev/null)" ] && ok ||
	{ bad "two exports at once: $landed landed, $before -> $after records"; cat twins; }
# --- retention (issue 12): ids and dates, for legal affairs -----------------
refused "retention: not for reception" "may not see the retention list" -- --as R retention
run 0 "retention --all" -- --as C retention --all --json
jq -e '[.zaken[] | .status] | all(. == "loopt" or . == "termijn_loopt")' out >/dev/null &&
	ok || { bad "today every case still runs or keeps its data"; jq -c '.zaken[]' out; }
jq -e '.personen_verlopen == []' out >/dev/null && ok || bad "nobody is due today"
# A measure's end plus five years: after the last one, every case that
# counts from a measure is due, and so are its persons.
run 0 "retention in 2040" -- --as C retention --at 2040-01-01 --json
jq -e '[.zaken[] | select(.telt_vanaf != null) | .status] | all(. == "verlopen")' out >/dev/null &&
	ok || { bad "in 2040 every counted case is due"; jq -c '.zaken[]' out; }
jq -e '[.zaken[] | select(.status == "verlopen") | (.telt_vanaf[0:4] | tonumber) + 5 <= 2040] | all' out >/dev/null &&
	ok || bad "destroy-from is five years after the term starts"
jq -e '.personen_verlopen | length > 0' out >/dev/null && ok || bad "persons due in 2040"
# no personal data in it: ids, states and dates only
jq -r '.. | strings' out | grep -qi "berg\|vries\|bakker" && bad "retention shows names" || ok
# A case closed without a measure counts from its closing day in
# Amsterdam: closed at 22:30 UTC on 30 June (00:30 on 1 July, summer
# time), its data are kept until 1 July five years on.
at 2027-06-30T20:00:00+02:00
jq '.achternaam = "Sluiter" | .geboortedatum = "1970-01-02"' "$EX/persoon.json" >sl.json
jq '.tijdstip = "2027-06-30T19:00:00+02:00"' "$EX/incident-1.json" >inc-sl.json
run 0 "open a case to close" -- --as M case open --workflow heerlen --person sl.json --incident inc-sl.json
closed=$(cat out)
at 2027-06-30T22:30:00Z
run 0 "close it without a measure" -- --as M case event "$closed" afsluiten --set "reden=Geen maatregel nodig"
run 0 "retention of the closed case" -- --as C retention --all --at 2032-06-30 --json
jq -e --arg z "$closed" '.zaken[] | select(.zaak == $z) | .telt_vanaf == "2027-07-01" and
    .vernietigen_vanaf == "2032-07-01" and .status == "termijn_loopt"' out >/dev/null &&
	ok || { bad "a closed case counts from its closing day in Amsterdam"; jq -c --arg z "$closed" '.zaken[] | select(.zaak == $z)' out; }
run 0 "a day later" -- --as C retention --at 2032-07-01 --json
jq -e --arg z "$closed" '[.zaken[] | select(.zaak == $z)] | length == 1' out >/dev/null &&
	ok || bad "due on 1 July 2032"
run 0 "retention on the terminal" -- --as J retention --at 2040-01-01
has out "destroy from" "a table"
run 2 "retention with a bad date" -- --as C retention --at 2040-13-01
run 0 "verify after photos and exports" -- verify
git -C archive fsck --strict >fsck.out 2>&1 && ok || { bad "git fsck"; cat fsck.out; }

# --- names in Greek and Cyrillic at the desk ---------------------------------
# (issue 11: the lookup folded Иванов to nothing, so reception was told
# "Niemand gevonden" for a person on the bans list, and any two Cyrillic
# names with one birth date were taken for one person.)
at 2026-11-20T10:30:00+01:00
run 0 "init (wide names)" -- --archive wide --as C init
run 0 "coordinator (wide names)" -- --archive wide --as C actor add C --role coordinator
run 0 "manager (wide names)" -- --archive wide --as C actor add M --role manager --afdeling Burgerzaken
run 0 "reception (wide names)" -- --archive wide --as C actor add R --role reception
person ivanov.json Иван "" Иванов 1980-04-01
person petrov.json Иван "" Петров 1980-04-01
person papa.json Γιώργος "" Παπαδόπουλος 1971-09-09
at 2026-11-20T11:00:00+01:00
for f in ivanov petrov papa; do
	run 0 "open a case for $f" -- --archive wide --as M case open --workflow heerlen --person $f.json \
	    --incident "$EX/incident-1.json"
	eval "case_$f=\$(cat out)"
done
run 0 "the persons" -- --archive wide --as M case show "$case_petrov" --json
[ "$(jq -r '.persoon.id' out)" = P0002 ] && ok || bad "Петров is not taken for Иванов"
at 2026-11-21T09:00:00+01:00
run 0 "warning for Иванов" -- --archive wide --as M case event "$case_ivanov" maatregel_opleggen \
	--set maatregel=waarschuwing --set "motivering=Schelden." --set van=2026-11-21 --set tot=2027-05-21
run 0 "warning for Παπαδόπουλος" -- --archive wide --as M case event "$case_papa" maatregel_opleggen \
	--set maatregel=waarschuwing --set "motivering=Schelden." --set van=2026-11-21 --set tot=2027-05-21
for q in "Иванов" "Иван Иванов" "Иванов, Иван" "Ivanov" "Ivan Ivanov" "Iwanow"; do
	run 0 "lookup '$q'" -- --archive wide --as R lookup --json "$q"
	[ "$(jq -r '[.gevonden[].persoon] | join(" ")' out)" = P0001 ] && ok || bad "lookup '$q' finds Иванов alone: $(cat out)"
done
for q in "Παπαδόπουλος" "Papadopoulos" "Giorgos Papadopoulos"; do
	run 0 "lookup '$q'" -- --archive wide --as R lookup --json "$q"
	[ "$(jq -r '[.gevonden[].persoon] | join(" ")' out)" = P0003 ] && ok || bad "lookup '$q' finds Παπαδόπουλος: $(cat out)"
done
run 0 "lookup Петров (no measure)" -- --archive wide --as R lookup "Петров"
has out "Niemand met een toegangsverbod" "Петров has no measure"
run 0 "verify (wide names)" -- --archive wide verify

echo
echo "e2e registers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
