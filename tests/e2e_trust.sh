#!/bin/sh
# End-to-end tests of trust in the history (issue 11, item 11): every
# commit signed with the archive's key, checked by stock git and by
# `vpd verify`; key rotation; signed checkpoints that catch dropped,
# rewritten and rebuilt histories.  Usage: e2e_trust.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
export VPD_NOW=2026-11-20T10:00:00+01:00
C="C. Coördinator"

commits() { git -C "${1:-archive}" rev-list --count main; }
# good_signatures [ARCHIVE]: stock git checks every commit against the
# archive's own allowed-signers file; prints how many are good.
good_signatures() {
	git -C "${1:-archive}" show main:config/allowed_signers >signers.txt
	git -C "${1:-archive}" -c gpg.ssh.allowedSignersFile="$WORK/signers.txt" \
	    log --format='%G?' main | grep -c '^G$'
}

run 0 "init" -- --as "$C" init
# copies of the archive are made all along: no gc in the background
git config -f archive/config vpd.gcAutoDetach false
run 0 "first actor" -- --as "$C" actor add "$C" --role coordinator
run 0 "a receptionist" -- --as "$C" actor add "R. Receptie" --role reception

# --- the key and the signatures ---------------------------------------------
[ "$(stat -c %a archive/private/signing.key)" = 600 ] && ok ||
    bad "signing.key is not mode 0600"
[ "$(stat -c %a archive/private)" = 700 ] && ok || bad "private/ is not mode 0700"
git -C archive show main:config/allowed_signers >signers.txt
has signers.txt 'vpd namespaces="git,vpd-controlepunt" ssh-ed25519 ' "the key in the tree"
# the secret key never enters the history
git -C archive log --all --format= --name-only | grep -q signing.key &&
    bad "the secret key is in the history" || ok
[ "$(good_signatures)" = "$(commits)" ] && ok ||
    bad "stock git finds $(good_signatures) good signatures in $(commits) commits"
git -C archive -c gpg.ssh.allowedSignersFile="$WORK/signers.txt" \
    verify-commit main >/dev/null 2>&1 && ok || bad "git verify-commit main"
run 0 "verify" -- verify
has out "signatures: 3 commits signed with the archive's key, all good" "verify counts signatures"
run 0 "key show" -- key show
has out "secret half: in ARCHIVE/private/signing.key" "key show"
run 0 "key show --allowed-signers" -- key show --allowed-signers
cmp -s out signers.txt && ok || bad "key show --allowed-signers is not the tree's file"

# --- checkpoints -----------------------------------------------------------
run 0 "checkpoint" -- checkpoint -o cp1.txt
has cp1.txt "vpd-controlepunt 1" "checkpoint header"
has cp1.txt "aantal 3" "checkpoint counts the commits"
has cp1.txt "commit $(git -C archive rev-parse main)" "checkpoint names the tip"
# stock ssh-keygen checks it with the same allowed-signers file
sed '/^$/,$d' cp1.txt >cp1.body
sed '1,/^$/d' cp1.txt >cp1.sig
ssh-keygen -Y verify -f signers.txt -I vpd -n vpd-controlepunt -s cp1.sig \
    <cp1.body >/dev/null 2>&1 && ok || bad "ssh-keygen cannot verify the checkpoint"
run 0 "a medewerker" -- --as "$C" actor add "M. Medewerker" --role medewerker
run 0 "verify --checkpoint" -- verify --checkpoint cp1.txt
has out "checkpoint: commit" "verify reports the checkpoint"
run 0 "verify --checkpoint --json" -- verify --checkpoint cp1.txt --json
[ "$(jq -r '.extern_controlepunt.sindsdien' out)" = 1 ] && ok || bad "one commit since the checkpoint"
# as it comes back from Windows, and not from a device
sed 's/$/\r/' cp1.txt >cp1-crlf.txt
run 0 "a checkpoint with CR LF" -- verify --checkpoint cp1-crlf.txt
run 1 "a checkpoint that is a device" -- verify --checkpoint /dev/zero
has err "not a regular file" "device refused"

# A checkpoint changed after signing does not hold.
sed 's/^aantal 3$/aantal 2/' cp1.txt >cp-edited.txt
run 1 "an edited checkpoint" -- verify --checkpoint cp-edited.txt
has err "was changed after it was signed" "edited checkpoint"
printf 'hello\n' >cp-junk.txt
run 1 "not a checkpoint" -- verify --checkpoint cp-junk.txt
has err "cp-junk.txt" "names the file"
run 1 "a missing checkpoint file" -- verify --checkpoint nothing.txt

# Dropping the last commits: the history that is left is consistent and
# signed, so verify alone passes; the checkpoint kept elsewhere does not.
run 0 "checkpoint at 4" -- checkpoint -o cp2.txt
cp -r archive dropped
git -C dropped update-ref refs/heads/main main~3
run 0 "a shortened history still replays" -- --archive dropped verify
run 1 "a dropped commit is caught by the checkpoint" -- --archive dropped verify --checkpoint cp2.txt
has err "no longer holds commit" "dropped commits"

# Rewriting authors and dates (what filter-branch does): the commits
# lose their signatures, or keep ones that no longer hold.
cp -r archive rewritten
head=$(git -C rewritten rev-parse main)
git -C rewritten cat-file commit "$head" |
    sed 's/^\(author\|committer\) \(.*\) [0-9]* \([-+][0-9]*\)$/\1 \2 1700000000 \3/' >keep-sig.txt
new=$(git -C rewritten hash-object -t commit -w "$WORK/keep-sig.txt")
git -C rewritten update-ref refs/heads/main "$new"
run 1 "a rewritten date under the old signature" -- --archive rewritten verify
has err "signature is not the archive's key's" "rewritten date"
awk '/^gpgsig /{skip=1; next} skip && /^ /{next} {skip=0; print}' keep-sig.txt >no-sig.txt
new=$(git -C rewritten hash-object -t commit -w "$WORK/no-sig.txt")
git -C rewritten update-ref refs/heads/main "$new"
run 1 "a rewritten commit without signature" -- --archive rewritten verify
has err "not signed" "unsigned commit"
run 1 "rewritten history and the checkpoint" -- --archive rewritten verify --checkpoint cp2.txt

# A whole history forged with vpd and a backdated VPD_NOW has another
# key: the checkpoint names it.
VPD_NOW=2026-11-19T09:00:00Z "$VPD" --archive forged --as "$C" init >/dev/null 2>&1
VPD_NOW=2026-11-19T09:01:00Z "$VPD" --archive forged --as "$C" actor add "$C" --role coordinator >/dev/null 2>&1
run 0 "the forged history replays" -- --archive forged verify
run 1 "the forged history fails the checkpoint" -- --archive forged verify --checkpoint cp2.txt
has err "a key this archive does not have" "forged history"

# A history rebuilt from its first commit, without keys or with the
# rewriter's own, is caught by the key this machine signs with.
cp -r forged rekeyed
cp archive/private/signing.key rekeyed/private/signing.key
run 1 "a history with another key than private/'s" -- --archive rekeyed verify
has err "not the one in private/signing.key" "another key"
cp -r forged keyless-history
git -C keyless-history show main~1:config/events/0001.json | jq -S --indent 2 'del(.sleutel)' >init.json
GIT_INDEX_FILE="$WORK/kh.index" git --git-dir=keyless-history read-tree main~1
GIT_INDEX_FILE="$WORK/kh.index" git --git-dir=keyless-history rm -q --cached config/allowed_signers
blob=$(git --git-dir=keyless-history hash-object -w "$WORK/init.json")
GIT_INDEX_FILE="$WORK/kh.index" git --git-dir=keyless-history update-index --cacheinfo 100644,"$blob",config/events/0001.json
tree=$(GIT_INDEX_FILE="$WORK/kh.index" git --git-dir=keyless-history write-tree)
root=$(echo "Archief aangemaakt" | git --git-dir=keyless-history commit-tree "$tree")
git --git-dir=keyless-history update-ref refs/heads/main "$root"
run 1 "a history rebuilt without keys" -- --archive keyless-history verify
has err "carries no key" "no key in the history"

# --- rotation --------------------------------------------------------------
old_key=$(sed -n 2p archive/private/signing.key)
refused "a receptionist cannot rotate the key" "only a coordinator" -- --as "R. Receptie" key rotate
[ "$(sed -n 2p archive/private/signing.key)" = "$old_key" ] && ok || bad "a refused rotation changed the key"
[ ! -e archive/private/signing.key.new ] && ok || bad "a refused rotation left signing.key.new"
before=$(commits)
run 0 "rotate the key" -- --as "$C" key rotate
[ "$(sed -n 2p archive/private/signing.key)" != "$old_key" ] && ok || bad "the key did not change"
[ ! -e archive/private/signing.key.new ] && ok || bad "rotation left signing.key.new"
[ "$(git -C archive show main:config/allowed_signers | wc -l)" = 2 ] && ok ||
    bad "allowed_signers does not list both keys"
# the rotation commit is signed by the old key, what follows by the new
git -C archive show "main~0:config/allowed_signers" | sed -n 1p >old.txt
git -C archive -c gpg.ssh.allowedSignersFile="$WORK/old.txt" verify-commit main >/dev/null 2>&1 &&
    ok || bad "the rotation commit is not signed by the old key"
run 0 "a change after the rotation" -- --as "$C" actor add "L. Legal" --role legal
git -C archive -c gpg.ssh.allowedSignersFile="$WORK/old.txt" verify-commit main >/dev/null 2>&1 &&
    bad "a commit after the rotation is signed by the old key" || ok
[ "$(good_signatures)" = "$(commits)" ] && ok || bad "stock git: not every commit good after rotation"
run 0 "verify after rotation" -- verify
run 0 "the old checkpoint still holds" -- verify --checkpoint cp2.txt
run 0 "a checkpoint with the new key" -- checkpoint -o cp3.txt
run 0 "holds too" -- verify --checkpoint cp3.txt
[ "$(commits)" = $((before + 2)) ] && ok || bad "rotation made more than one commit"

# --- no key, no writes --------------------------------------------------------
cp -r archive keyless
rm keyless/private/signing.key
before=$(commits keyless)
run 3 "a copy without the secret key writes nothing" -- --archive keyless --as "$C" \
    actor add "X. Iemand" --role medewerker
has err "signing.key" "names the missing key"
[ "$(commits keyless)" = "$before" ] && ok || bad "a commit landed unsigned"
# a bare clone (a mirror) reads and verifies, but cannot write
git clone -q --bare archive clone.git
run 0 "a bare clone verifies" -- --archive clone.git verify
run 3 "a bare clone cannot write" -- --archive clone.git --as "$C" actor add "Y. Iemand" --role medewerker

# A crash after a rotation's commit, before its rename, leaves the new
# key in signing.key.new: the next commit finds it there.
cp -r archive crashed
run 0 "rotate in the copy" -- --archive crashed --as "$C" key rotate
mv crashed/private/signing.key crashed/private/signing.key.new
cp archive/private/signing.key crashed/private/signing.key
run 0 "the next commit adopts signing.key.new" -- --archive crashed --as "$C" actor add "Z. Iemand" --role medewerker
[ ! -e crashed/private/signing.key.new ] && ok || bad "signing.key.new was not adopted"
run 0 "and verifies" -- --archive crashed verify
# The same crash, and then a rotation: it first puts the key in force in
# place, and then makes the next one.
cp -r archive crashed2
run 0 "rotate in the second copy" -- --archive crashed2 --as "$C" key rotate
mv crashed2/private/signing.key crashed2/private/signing.key.new
cp archive/private/signing.key crashed2/private/signing.key
run 0 "key show finds the key in signing.key.new" -- --archive crashed2 key show
has out "secret half: in ARCHIVE/private/signing.key" "key show after the crash"
run 0 "a rotation after the crash" -- --archive crashed2 --as "$C" key rotate
[ ! -e crashed2/private/signing.key.new ] && ok || bad "signing.key.new left after the rotation"
run 0 "a change after both" -- --archive crashed2 --as "$C" actor add "Z. Iemand" --role medewerker
run 0 "verifies" -- --archive crashed2 verify
# Rotations and changes at once: every change lands (or is retried),
# none fails for a key that moved under it.
cp -r archive busy
i=1
while [ $i -le 6 ]; do
	"$VPD" --archive busy --as "$C" key rotate >/dev/null 2>rot$i.err &
	j=1
	while [ $j -le 3 ]; do
		"$VPD" --archive busy --as "$C" actor add "B. Bezig $i$j" --role medewerker \
		    >/dev/null 2>busy$i$j.err || echo "$i$j" >>busy.failed &
		j=$((j + 1))
	done
	wait
	i=$((i + 1))
done
[ ! -s busy.failed ] && ok || { bad "changes failed during rotations: $(cat busy.failed)"; cat busy*.err | head -5; }
run 0 "verify after rotations and changes" -- --archive busy verify
run 0 "and it still writes" -- --archive busy --as "$C" actor add "B. Daarna" --role medewerker

# --- mirrors ------------------------------------------------------------------
run 0 "no mirrors yet" -- mirror
has out "no mirrors" "mirror status without mirrors"
refused "push without mirrors" "no mirror" -- mirror push
git init -q --bare mirror.git
refused "a URL that reads as an option" "not starting with '-'" -- mirror add --upload-pack=x
refused "a URL with a control character" "control character" -- mirror add "$(printf 'a\tb')"
refused "a transport that runs commands" "a mirror is a path" -- mirror add "ext::sh -c touch% $WORK/pwned"
refused "plain git:// or http://" "a mirror is a path" -- mirror add "http://example.org/vpd.git"
[ ! -e pwned ] && ok || bad "a mirror URL ran a command"
run 0 "add a mirror" -- mirror add "$WORK/mirror.git"
refused "the same mirror twice" "there already" -- mirror add "$WORK/mirror.git"
run 0 "push" -- mirror push
has out "up to date" "push says so"
[ "$(git -C mirror.git rev-parse main)" = "$(git -C archive rev-parse main)" ] && ok ||
    bad "the mirror does not hold the tip"
n=$(commits)
tagname=$(printf 'controlepunt/%06d' "$n")
git -C mirror.git cat-file tag "$tagname" | sed '1,/^$/d' >mirror-cp.txt
has mirror-cp.txt "aantal $n" "the mirror's checkpoint"
run 0 "the mirror's checkpoint holds" -- verify --checkpoint mirror-cp.txt
# every change is pushed by itself (apart, so wait for it)
run 0 "a change" -- --as "$C" actor add "P. Politie" --role police
waited=0
while [ "$(git -C mirror.git rev-parse main)" != "$(git -C archive rev-parse main)" ] &&
    [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
[ "$(git -C mirror.git rev-parse main)" = "$(git -C archive rev-parse main)" ] && ok ||
    bad "the change did not reach the mirror"
# the pusher records its result just after the ref moved: wait for it too
waited=0
while :; do
	run 0 "mirror status" -- mirror status --json
	[ "$(jq '.spiegels[0].achter' out)" = 0 ] && [ "$(jq '.spiegels[0].ok' out)" = true ] && break
	[ $waited -lt 100 ] || break
	sleep 0.1; waited=$((waited + 1))
done
[ "$(jq '.spiegels[0].achter' out)" = 0 ] && [ "$(jq '.spiegels[0].ok' out)" = true ] && ok ||
    bad "status: not up to date: $(cat out)"
git -C mirror.git fsck --strict >/dev/null 2>&1 && ok || bad "git fsck --strict on the mirror"
# A rewritten history here is refused by the mirror (fast-forward only),
# and the push says so.
cp -r archive rewound
git -C rewound config --unset-all vpd.mirror
git -C rewound config --add vpd.mirror "$WORK/mirror.git"
git -C rewound update-ref refs/heads/main main~1
run 0 "a change on the rewound copy" -- --archive rewound --as "$C" actor add "S. Iemand" --role medewerker
run 3 "the mirror refuses the rewritten history" -- --archive rewound mirror push
run 0 "status names the failure" -- --archive rewound mirror status
has out "FAILED" "failed push in the status"
has out "git said:" "git's reason in the status"
# The archive cut short under its mirror: the status says so.
cp -r archive cut
git -C cut update-ref refs/heads/main main~1
run 0 "status of a cut archive" -- --archive cut mirror status
has out "DIVERGED" "a cut history diverges from its mirror"
# A push that repeats a checkpoint (its record lost) finds the same tag.
rm archive/private/mirror.json
run 0 "push again without its record" -- mirror push
has out "up to date" "the same checkpoint tag again"
refused "a URL with a password" "may not hold a password" -- mirror add "https://backup:geheim@example.org/vpd.git"
grep -q geheim err && bad "the password was echoed" || ok
# a mirror that cannot be reached fails the push, not the change
run 0 "add an unreachable mirror" -- mirror add "$WORK/nowhere.git"
run 0 "a change with an unreachable mirror" -- --as "$C" actor add "U. Iemand" --role medewerker
run 3 "push to it fails" -- mirror push
run 0 "remove it" -- mirror remove "$WORK/nowhere.git"
run 0 "push again" -- mirror push

git -C archive fsck --strict >/dev/null 2>&1 && ok || bad "git fsck --strict"
echo "e2e_trust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
