#!/bin/sh
# End-to-end tests of packing (issue 10): the automatic gc after commits,
# `vpd gc`, pruning of old unreachable objects, writers committing while
# gcs run, and what a killed gc leaves, checked with stock git (fsck
# --strict, count-objects) and `vpd verify`.  Usage: e2e_gc.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
export VPD_NOW=2026-11-20T10:00:00+01:00
C="C. Coördinator"

loose() { git -C archive count-objects -v | awk '$1 == "count:" { print $2 }'; }
packs() { git -C archive count-objects -v | awk '$1 == "packs:" { print $2 }'; }
commits() { git -C archive rev-list --count main; }
fsck() { # WHEN
	git -C archive fsck --strict >fsck.out 2>&1 && ok ||
	    { bad "git fsck --strict $1"; sed 's/^/    /' fsck.out; }
	run 0 "vpd verify $1" -- verify
}

run 0 "init" -- --as "$C" init
run 0 "first actor" -- --as "$C" actor add "$C" --role coordinator
run 0 "gc --help" -- gc --help
has out "--combine" "gc --help"
run 2 "gc with a stray word" -- gc --everything

# --- the automatic gc: a low threshold, many commits ------------------------
git config -f archive/config vpd.gcAuto 128
i=1
while [ $i -le 40 ]; do
	"$VPD" --as "$C" actor add "Medewerker $i" --role medewerker >/dev/null 2>err ||
	    { bad "actor $i"; cat err; }
	i=$((i + 1))
done
# The gc runs apart (vpd gc --auto --detach); wait for it, at most 30 s.
# ~5 objects a commit: without gc there would be over 200 loose objects;
# with it, fewer than the threshold's worth (the estimate is rough).
waited=0
while { [ "$(loose)" -ge 200 ] || [ "$(packs)" -lt 1 ] ||
    ! flock -n archive/gc.lock true; } && [ $waited -lt 300 ]; do
	sleep 0.1; waited=$((waited + 1))
done
[ "$(packs)" -ge 1 ] && ok || bad "no pack after 40 commits with vpd.gcAuto 128"
n=$(loose)
[ "$n" -lt 200 ] && ok || bad "$n loose objects after the automatic gc"
fsck "after the automatic gc"

# `gc --auto` does nothing below the threshold; `--detach` prints nothing
# and leaves nothing running for the caller to wait for.
run 0 "gc --auto below the threshold" -- gc --auto
has out "nothing done" "gc --auto below the threshold"
run 0 "gc --auto --detach" -- gc --auto --detach
[ ! -s out ] && [ ! -s err ] && ok || bad "gc --auto --detach printed something"
run 3 "gc --auto --detach on no archive says so" -- --archive nowhere gc --auto --detach
has err "no archive here" "names the missing archive"
run 2 "--detach without --auto" -- gc --detach
run 2 "--auto with --combine" -- gc --auto --combine

# vpd.gcAutoDetach false: the command that crosses the threshold packs
# before it returns.
git config -f archive/config vpd.gcAutoDetach false
before=$(packs)
while [ $i -le 80 ]; do
	"$VPD" --as "$C" actor add "Medewerker $i" --role medewerker >/dev/null 2>err ||
	    { bad "actor $i"; cat err; }
	i=$((i + 1))
done
[ "$(packs)" -gt "$before" ] && ok || bad "no new pack from the gc inside the commands"
[ "$(loose)" -lt 200 ] && ok || bad "$(loose) loose objects after the gc inside the commands"
git config -f archive/config --unset vpd.gcAutoDetach

# --- vpd gc: everything reachable into a pack ------------------------------
run 0 "vpd gc --json" -- gc --json
[ "$(jq .busy out)" = false ] && ok || bad "gc was busy"
n=$(loose)
[ "$n" -le 2 ] && ok || { bad "$n loose objects after vpd gc"; git -C archive count-objects -v; }
git -C archive count-objects -v | awk '$1 == "garbage:" && $2 != 0 { exit 1 }' && ok ||
    bad "count-objects reports garbage"
fsck "after vpd gc"

# --- unreachable objects: pruned when older than a day, else kept ----------
old=$(echo "left by a dry run two days ago" | git -C archive hash-object -w --stdin)
young=$(echo "written by a writer in flight" | git -C archive hash-object -w --stdin)
touch -d '2 days ago' "archive/objects/$(echo "$old" | cut -c1-2)/$(echo "$old" | cut -c3-)"
run 0 "gc prunes" -- gc --json
[ "$(jq .pruned out)" -ge 1 ] && ok || bad "nothing pruned"
git -C archive cat-file -e "$old" 2>/dev/null && bad "old unreachable object kept" || ok
git -C archive cat-file -e "$young" 2>/dev/null && ok || bad "young unreachable object pruned"

# --- writers committing while gcs run and combine packs ---------------------
git config -f archive/config vpd.gcMaxPacks 2
git config -f archive/config vpd.gcAuto 0
before=$(commits)
for w in 1 2 3 4; do
	(
		j=1
		while [ $j -le 6 ]; do
			"$VPD" --as "$C" actor add "Schrijver $w-$j" --role medewerker \
			    >/dev/null 2>"w$w.err" || echo "$w-$j" >>lost
			j=$((j + 1))
		done
	) &
done
gcs=0
while [ "$(jobs -p | wc -l)" -gt 0 ]; do
	"$VPD" gc >/dev/null 2>gc.err || { bad "gc during writes"; cat gc.err; }
	gcs=$((gcs + 1))
	jobs >/dev/null
done
wait
[ ! -s lost ] && ok || { bad "writers failed during gc: $(cat lost)"; cat w*.err; }
[ "$(commits)" -eq $((before + 24)) ] && ok ||
    bad "$(($(commits) - before)) of 24 commits landed during $gcs gcs"
run 0 "actors after parallel writers" -- actor list --json
for w in 1 2 3 4; do
	grep -q "Schrijver $w-6" out && ok || bad "Schrijver $w-6 is missing"
done
fsck "after writers during gcs"

# --- a killed gc -------------------------------------------------------------
# its leftovers: the lock file, a half temporary pack, a .pack without .idx
touch archive/gc.lock
mkdir -p archive/gc.tmp && echo "PACK half" >archive/gc.tmp/pack_XXXX
echo "PACK half" >archive/objects/pack/pack-0000000000000000000000000000000000000000.pack
touch -d '2 days ago' archive/objects/pack/pack-0000000000000000000000000000000000000000.pack
run 0 "gc after a killed gc" -- gc --json
[ "$(jq .busy out)" = false ] && ok || bad "a stale lock file blocked the gc"
[ ! -e archive/gc.tmp ] && ok || bad "gc.tmp left behind"
[ ! -e archive/objects/pack/pack-0000000000000000000000000000000000000000.pack ] && ok ||
    bad "a .pack without .idx left behind"
# and a real kill -9 at some moment of a combine
"$VPD" --as "$C" actor add "Laatste" --role medewerker >/dev/null
"$VPD" gc --combine >/dev/null 2>&1 &
k=$!
sleep 0.05
kill -9 $k 2>/dev/null
wait $k 2>/dev/null
fsck "after a gc killed with -9"
run 0 "gc after the kill" -- gc --combine --json
[ "$(jq .packs_after out)" -eq 1 ] && ok || bad "not one pack after --combine"
fsck "after the recovery"

# --- a hostile gc.lock ----------------------------------------------------
# a link is not followed (what a gc notes would be written through it),
# and a fifo, which nobody writes, never holds up a commit
printf 'IMPORTANT\n' >victim.txt
rm -f archive/gc.lock && ln -s "$PWD/victim.txt" archive/gc.lock
run 3 "gc with gc.lock a link" -- gc
[ "$(cat victim.txt)" = IMPORTANT ] && ok || bad "gc wrote through a gc.lock link"
rm -f archive/gc.lock && mkfifo archive/gc.lock
if timeout 20 "$VPD" --as "$C" actor add "Na de fifo" --role medewerker >/dev/null 2>err; then ok; else
	bad "a commit with gc.lock a fifo: exit $?"; fi
rm -f archive/gc.lock

# (issue 11, item 8) temporary files of killed writers go once they are
# old (real time: the prune age), young ones stay: a writer may own them
dir=$(ls -d archive/objects/[0-9a-f][0-9a-f] | head -1)
printf x >"$dir/tmp_object_git2_OLD" && touch -d "30 days ago" "$dir/tmp_object_git2_OLD"
printf x >"$dir/tmp_object_git2_NEW"
printf x >archive/objects/tmp_object_git2_OLDER && touch -d "30 days ago" archive/objects/tmp_object_git2_OLDER
run 0 "gc with temporary files left behind" -- gc
[ ! -e "$dir/tmp_object_git2_OLD" ] && [ ! -e archive/objects/tmp_object_git2_OLDER ] && ok ||
	bad "an old tmp_object_git2_* file stayed"
[ -e "$dir/tmp_object_git2_NEW" ] && ok || bad "a young tmp_object_git2_* file was removed"
rm -f "$dir/tmp_object_git2_NEW"

echo
echo "e2e gc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
