#!/bin/sh
# End-to-end test of encryption at rest and erasure (issue 12): a person
# with letters, a photo and a police export is erased at the end of the
# term; `vpd verify` still passes; no object of the repository holds their
# name, birth date or photo bytes (git cat-file --batch-all-objects); the
# other person's data is untouched.  Usage: e2e_erase.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
PH=$DATA/photos
# scan FILE WORD...: prints each word, and the photo's bytes, found in
# FILE (objects as `git cat-file --batch` prints them)
scan() {
	python3 - "$PH/portrait.jpg" "$@" <<'EOF'
import sys
photo = open(sys.argv[1], "rb").read()
data = open(sys.argv[2], "rb").read()
for w in sys.argv[3:]:
    if w.encode() in data:
        print("word", w)
# three slices of the photo: its start, middle and end
for off in (0, len(photo) // 2, len(photo) - 64):
    if photo[off:off + 64] in data:
        print("photo bytes at", off)
EOF
}
# leaks WORD...: the objects of the repository (blobs, trees, commits, tags)
# that hold any of the words, or the photo's bytes
leaks() {
	git --git-dir=archive cat-file --batch-all-objects --batch >objects.bin
	scan objects.bin "$@"
}

at 2026-11-20T10:30:00+01:00
run 0 "init" -- --as C init
[ -s archive/private/master.key ] && ok || bad "init made the master key"
[ "$(stat -c %a archive/private/master.key)" = 600 ] && ok || bad "master key mode"
for a in "C --role coordinator" "M --role manager --afdeling Burgerzaken" \
    "R --role reception" "J --role legal" "P --role police"; do
	# shellcheck disable=SC2086
	run 0 "actor $a" -- --as C actor add $a
done
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
run 0 "photo A" -- --as R person photo P0001 "$PH/portrait.jpg"
run 0 "police export" -- --as P police export --since 2026-11-01 --out pol

at 2026-11-23T10:00:00+01:00

# --- sealed at rest from the first commit --------------------------------
# Before any erasure nothing readable is in the repository either: the
# names, the birth date, the photo and the letters are sealed.
leaks Smeets Gerrit 1981-06-07 Vries 1975-02-03 "Bedreiging aan de balie" >leaks.txt
[ ! -s leaks.txt ] && ok || { bad "personal data readable in the repository"; cat leaks.txt; }
git --git-dir=archive log --format=%B | grep -q "Bedreiging aan de balie" && bad "the motivation in a commit message" || ok
run 0 "the motivation opens" -- --as J case show "$A" --json
jq -e '.gegevens.motivering == "Bedreiging aan de balie."' out >/dev/null && ok || bad "the motivation as given"
git --git-dir=archive show main:persons/00/P0001.json >p1.json
jq -e '.id == "P0001" and (.achternaam | has("verzegeld")) and (.zoekcode | test("^[0-9a-f]{3}$"))' \
    p1.json >/dev/null && ok || bad "person file sealed, with its search code"
# ... but everyone allowed sees them as before
run 0 "case show A" -- --as J case show "$A" --json
jq -e '.persoon.achternaam == "Smeets" and .persoon.geboortedatum == "1981-06-07"' out >/dev/null &&
	ok || bad "case show opens the person"
run 0 "lookup" -- --as R lookup "Gerrit Smeets" --json
[ "$(jq '.gevonden | length' out)" = 1 ] && ok || bad "lookup finds A"
run 0 "letter of A" -- --as J document get "$A" 2 1 -o a.pdf
pdftotext a.pdf - | grep -q Smeets && ok || bad "A's letter opens"
[ "$(pdftotext pol/*/*.pdf - 2>/dev/null | grep -c Smeets)" -gt 0 ] ||
	[ "$(find pol -name '*.pdf' -exec pdftotext {} - \; | grep -c Smeets)" -gt 0 ] && ok ||
	bad "the police export holds A's letters readable"
# a second report on the same person finds them by the search code
run 0 "a repeat incident links to A" -- --as M case open --workflow heerlen --person smeets.json --incident "$EX/incident-1.json"
[ "$(cat out)" = "$A" ] && ok || bad "the repeat incident joined $A (got $(cat out))"
run 0 "verify, sealed" -- verify

# --- a key store that is not there ---------------------------------------
mv archive/private/master.key master.key.bak
run 3 "no master key" -- --as J case show "$A"
has err "master key is not here" "the message says what is missing"
# a list it cannot read is an error, never a shorter list
for cmd in "--as J case list" "--as J agenda" "--as R bans" "--as J document get $A 2 1 -o nokey.pdf" \
    "--as M case event $A registratie_besproken"; do
	# shellcheck disable=SC2086
	run 3 "no master key: $cmd" -- $cmd
	has err "master key" "no master key: $cmd names it"
done
VPD_MASTER_KEY=$WORK/master.key.bak run 0 "VPD_MASTER_KEY points at it" -- --as J case show "$A"
mv master.key.bak archive/private/master.key
run 0 "verify without reading keys" -- verify
# a lost search key or person key is an error, never replaced unnoticed
mv archive/private/sleutels/zoeken.key zoeken.bak
before=$(tip)
run 3 "no search key" -- --as M case open --workflow heerlen --person vries.json --incident "$EX/incident-1.json"
has err "zoeken.key" "names the search key"
[ "$(tip)" = "$before" ] && ok || bad "a commit without the search key"
[ ! -e archive/private/sleutels/zoeken.key ] && ok || bad "a new search key was made"
mv zoeken.bak archive/private/sleutels/zoeken.key
mv archive/private/sleutels/P0002.key p2.bak
run 3 "no key for B: case show" -- --as J case show "$B"
has err "missing from the key store" "names the missing key"
run 3 "no key for B: case list" -- --as J case list
run 3 "no key for B: a new incident" -- --as M case event "$B" incident_toevoegen --incident "$EX/incident-1.json"
[ "$(tip)" = "$before" ] && ok || bad "a commit without B's key"
[ ! -e archive/private/sleutels/P0002.key ] && ok || bad "a new key for B was made"
mv p2.bak archive/private/sleutels/P0002.key
# a text input that is no valid text gets the workflow's own reason
long=$(printf 'a%.0s' $(seq 1 2100))
refused "a text input too long" "longer than 2000 bytes" -- --as M case event "$A" registratie_besproken --set "toelichting=$long"
# sealed values are vpd's to make, not a user's
jq --arg s "P0009.achternaam.$(printf 'A%.0s' $(seq 1 60))" '.achternaam = {verzegeld: $s}' vries.json >fake.json
refused "a sealed value in a person file" "holds a sealed value" -- --as M case open --workflow heerlen --person fake.json --incident "$EX/incident-1.json"
jq '.achternaam = {verzegeld: "P0009.Jan Jansen"}' vries.json >fake2.json
refused "a made-up sealed value" "must be text" -- --as M case open --workflow heerlen --person fake2.json --incident "$EX/incident-1.json"

# --- erasure ---------------------------------------------------------------
at 2026-12-01T10:00:00+01:00
refused "erase: a case still runs" "still running" -- --as J person erase P0001 --reason "Termijn verstreken"
refused "erase: not for a manager" "may not erase" -- --as M person erase P0001 --reason "x"
run 2 "erase: needs a reason" -- --as J person erase P0001
# the bans end; the cases close
at 2027-02-24T10:00:00+01:00
run 0 "tick" -- tick
# the repeat incident reopened A: the manager closes it
run 0 "close A" -- --as M case event "$A" afsluiten --set "reden=Geen verdere maatregel nodig."
run 0 "A closed" -- --as J case show "$A" --json
[ "$(jq -r .status out)" = afgesloten ] && ok || bad "A closed at the end of the ban"
run 0 "retention: A due in 2033" -- --as J retention --at 2033-01-01 --json
jq -e '[.personen_verlopen[].persoon] | index("P0001") != null' out >/dev/null && ok || bad "A due before erasure"
keys_before=$(ls archive/private/sleutels | sort)
cp archive/private/sleutels/P0001.key key-backup
run 0 "erase A" -- --as J person erase P0001 --reason "Bewaartermijn verstreken, besluit JZ-2027-14"
has out "P0001: erased" "says erased"
has out "outside vpd's reach" "names the police copies"
grep -q "Smeets\|Gerrit" out && bad "the erasure echoes the name" || ok
tail -n 1 archive/private/access.log >last.log
has last.log '"wat":"wissen"' "access log: wissen"
git --git-dir=archive log -1 --format=%B >msg
has msg "Gegevens van persoon P0001 gewist" "commit message"
grep -q "Bewaartermijn" msg && bad "the reason in the commit message" || ok
grep -q " gewist " archive/private/sleutels/P0001.key && ok || bad "the key is a tombstone"
[ "$(wc -c <archive/private/sleutels/P0001.key)" -lt 64 ] && ok || bad "the tombstone holds no key"
[ "$(ls archive/private/sleutels | sort)" = "$keys_before" ] && ok || bad "other keys changed"
run 0 "verify after erasure" -- verify
run 0 "retention after erasure" -- --as J retention --at 2033-01-01 --all --json
jq -e --arg a "$A" '([.personen_verlopen[].persoon] | index("P0001") == null) and
    ([.zaken[] | select(.zaak == $a) | .status] == ["gewist"])' out >/dev/null && ok || bad "retention: A no longer due"
git --git-dir=archive fsck --strict >fsck.out 2>&1 && ok || { bad "git fsck"; cat fsck.out; }

# nothing of A in the repository: not in the current tree, not in history
leaks Smeets Gerrit 1981-06-07 >leaks.txt
[ ! -s leaks.txt ] && ok || { bad "A readable in the repository"; cat leaks.txt; }
git --git-dir=archive cat-file -e main:photos/00/P0001.jpeg 2>/dev/null && bad "the photo is still in the tree" || ok
git --git-dir=archive show main:persons/00/P0001.json | jq -e 'keys == ["gewist", "id", "zaken"]' >/dev/null &&
	ok || bad "the person file keeps only id, cases and when"
git --git-dir=archive show "main:cases/${A%%-*}/${A#*-}/case.json" >ca.json
jq -e '.persoon_gewist and .status == "afgesloten" and (.maatregelen | length) >= 1 and
    (.documenten | length) >= 2 and ([.. | objects | select(has("verzegeld"))] | length) == 0' ca.json >/dev/null &&
	ok || bad "A's case keeps the facts, nothing sealed for A"
# what vpd shows of A now
run 0 "case show A after" -- --as J case show "$A" --json
jq -e '.status == "afgesloten" and (.incidenten[0].omschrijving == null)' out >/dev/null &&
	ok || bad "case show: facts without the person"
run 1 "A's letter is gone" -- --as J document get "$A" 2 1 -o gone.pdf
has err "erased" "says why"
[ ! -e gone.pdf ] && ok || bad "a file for an erased letter"
run 1 "no export for A" -- --as J person export P0001 --out inz
has err "was erased" "export says erased"
run 0 "lookup A" -- --as R lookup "Gerrit Smeets" --json
[ "$(jq '.gevonden | length' out)" = 0 ] && ok || bad "A still found"
# a new report on the same person is a new person, with a key of its own
run 0 "new report after erasure" -- --as M case open --workflow heerlen --person smeets.json --incident "$EX/incident-1.json"
run 0 "its person" -- --as J case show "$(cat out)" --json
[ "$(jq -r .persoon.id out)" = P0003 ] && ok || bad "a new id for the new report ($(jq -r .persoon.id out))"
# a backup of the key store put back brings the key back: verify says so
cp key-backup archive/private/sleutels/P0001.key
run 0 "verify with a key put back" -- verify
has out "P0001 was erased, but the key store holds their key again" "verify warns"
# done again: nothing new, the key destroyed again
before=$(tip)
run 0 "erase again" -- --as J person erase P0001 --reason "nog eens"
has out "erased before" "says so"
[ "$(tip)" = "$before" ] && ok || bad "erasing twice made a commit"
grep -q " gewist " archive/private/sleutels/P0001.key && ok || bad "the key put back is destroyed again"
run 0 "verify after erasing again" -- verify
grep -q "holds their key again" out && bad "still warns" || ok

# --- B untouched -----------------------------------------------------------
run 0 "case show B" -- --as J case show "$B" --json
jq -e '.persoon.achternaam == "Vries" and .persoon.geboortedatum == "1975-02-03"' out >/dev/null &&
	ok || bad "B's data"
run 0 "letter of B" -- --as J document get "$B" 1 1 -o b.pdf
pdftotext b.pdf - | grep -q Vries && ok || bad "B's letter opens"
run 0 "verify at the end" -- verify

# --- migrating an archive made before sealing -------------------------------
# tests/data/plain-archive.tar.gz was made by vpd as it was before sealing
# (commit f0879b7; tests/data/plain-archive.sh): two persons, letters, a
# photo, a correction and a restriction, all in plain text.
mkdir old && (cd old && tar xzf "$DATA/plain-archive.tar.gz")
cd old
at 2026-11-23T09:00:00+01:00
run 0 "the old archive verifies" -- verify
refused "migrate: the coordinator's" "may not migrate" -- --as J migrate
run 0 "migrate" -- --as C migrate
has out "personal data of 2 persons sealed" "says how many"
has out "stays in the history" "says what it does not reach"
run 0 "verify after the migration" -- verify
git --git-dir=archive fsck --strict >fsck.out 2>&1 && ok || { bad "git fsck after migration"; cat fsck.out; }
# the current tree holds nothing readable; the history before it does
git --git-dir=archive ls-tree -r main | awk '$2 == "blob" {print $3}' |
	git --git-dir=archive cat-file --batch >objects.bin
scan objects.bin Smeets Gerrit 1981-06-07 Vries 1975-02-03 Kerkstraat "Bezwaar loopt" >tree-leaks.txt
[ ! -s tree-leaks.txt ] && ok || { bad "the migrated tree holds personal data"; cat tree-leaks.txt; }
git --git-dir=archive cat-file --batch-all-objects --batch | grep -aq Smeets && ok ||
	bad "the history before the migration should still hold the plain data (as documented)"
run 0 "case show after migration" -- --as J case show 2026-0001 --json
jq -e '.persoon.achternaam == "Smeets" and .persoon.adres.straat == "Kerkstraat" and
    .persoon.correcties[0].reden == "Verhuisd"' out >/dev/null && ok || bad "the person opens after migration"
run 0 "letter after migration" -- --as J document get 2026-0001 2 1 -o m.pdf
pdftotext m.pdf - | grep -q Smeets && ok || bad "the letter opens after migration"
run 0 "lookup after migration" -- --as R lookup "Gerrit Smeets" --json
[ "$(jq '.gevonden | length' out)" = 1 ] && ok || bad "lookup after migration"
run 0 "a repeat incident still finds the person" -- --as M case open --workflow heerlen --person ../smeets.json --incident "$EX/incident-1.json"
[ "$(cat out)" = 2026-0001 ] && ok || bad "repeat incident after migration ($(cat out))"
refused "migrate twice" "seals personal data already" -- --as C migrate
run 0 "verify after all" -- verify

# --- rewriting the history after the migration ------------------------------
# A is erased first: the rewrite must not bring their plain past back.
at 2027-02-24T10:00:00+01:00
run 0 "tick (old archive)" -- tick
run 0 "close A (old archive)" -- --as M case event 2026-0001 afsluiten --set "reden=Geen verdere maatregel nodig."
run 0 "erase A (old archive)" -- --as J person erase P0001 --reason "Bewaartermijn verstreken"
refused "rewrite: the coordinator's" "may not rewrite" -- --as J migrate --rewrite-into ../x.git
mkdir ../taken.git
refused "rewrite into a directory that exists" "exists already" -- --as C migrate --rewrite-into ../taken.git
old_commits=$(git --git-dir=archive rev-list --count main)
run 0 "rewrite" -- --as C migrate --rewrite-into ../new.git
has out "the history made again, sealed" "says what it did"
has out "1 left out" "the migration's commit is left out"
cd ..
ls -d new.git.tmp-* 2>/dev/null && bad "the rewrite left its work directory" || ok
[ "$(git --git-dir=new.git rev-list --count main)" -eq $((old_commits - 1)) ] && ok || bad "one commit per old commit but the migration"
run 0 "verify the rewritten archive" -- --archive new.git verify
has out "signed with the archive's key, all good" "every commit signed"
git --git-dir=new.git fsck --strict >fsck.out 2>&1 && ok || { bad "git fsck of the rewrite"; cat fsck.out; }
git --git-dir=new.git cat-file --batch-all-objects --batch >objects.bin
scan objects.bin Smeets Gerrit 1981-06-07 Vries 1975-02-03 Kerkstraat "Bezwaar loopt" Verhuisd \
    "Bedreiging aan de balie" >new-leaks.txt
[ ! -s new-leaks.txt ] && ok || { bad "the rewritten history holds personal data"; cat new-leaks.txt; }
run 0 "B in the rewritten archive" -- --archive new.git --as J case show 2026-0002 --json
jq -e '.persoon.achternaam == "Vries" and .persoon.beperking.reden == "Bezwaar loopt"' out >/dev/null &&
	ok || bad "B opens in the rewritten archive"
run 1 "A stays erased" -- --archive new.git --as J person export P0001 --out a-inz
has err "was erased" "A erased in the rewrite"
grep -q " gewist " new.git/private/sleutels/P0001.key && ok || bad "A's key stays a tombstone"
mkdir plain2 && (cd plain2 && tar xzf "$DATA/plain-archive.tar.gz")
refused "rewrite before migrating" "run \`vpd migrate\` first" -- --archive plain2/archive --as C migrate --rewrite-into again.git

echo "e2e erase: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
