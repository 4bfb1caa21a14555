#!/bin/sh
# Packing: builds two archives side by side with the CLI, command by
# command in turn (so both see the same machine load): one with the
# automatic gc off, one with it on.  CASES cases, each opened and given a
# ban length; every BAN_EVERY-th also a ban with its letters.  Reports
# the time per command with and without the automatic gc, the sizes, and
# the time of `vpd gc` on the loose archive and of `vpd gc --combine`.
# Not part of `make test`.
#
#   sh scripts/bench_gc.sh build/vpd          CASES=1000 BAN_EVERY=10
set -eu
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CASES=${CASES:-1000}
BAN_EVERY=${BAN_EVERY:-10}
cd "$(dirname "$0")/.."
EX=$PWD/docs/examples
export VPD_WORKFLOWS="$PWD/workflows" VPD_LETTERS="$PWD/letters" \
    VPD_FONTS="$PWD/build/fonts" VPD_SIGNATURES="$PWD/signatures"
W=$(mktemp -d /tmp/vpd-bench-gc-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
unset VPD_ACTOR VPD_NOW VPD_ARCHIVE
export VPD_TEST_CLOCK=1   # a fixed clock, ahead of the machine's
C="C. Coördinator"; M="M. de Manager"
: >"$W/off.ms"; : >"$W/on.ms"

# both NOW ACTOR -- ARGS: the same command on both archives, timed (ms)
both() {
	now=$1; actor=$2; shift 3
	for a in off on; do
		t0=$(date +%s%N)
		VPD_NOW=$now "$BIN" --archive "$W/$a" --as "$actor" "$@" >"$W/out.$a"
		echo $((($(date +%s%N) - t0) / 1000)) >>"$W/$a.ms"
	done
}

for a in off on; do
	VPD_NOW=2026-01-01T09:00:00+01:00 "$BIN" --archive "$W/$a" --as "$C" init >/dev/null
done
git config -f "$W/off/config" vpd.gcAuto 0
both 2026-01-01T09:01:00+01:00 "$C" -- actor add "$C" --role coordinator
both 2026-01-01T09:02:00+01:00 "$C" -- actor add "$M" --role manager --afdeling Burgerzaken
i=1
while [ $i -le "$CASES" ]; do
	sed -e "s/\"Berg\"/\"Berg$i\"/" \
	    -e "s/1980-04-01/$((1940 + i % 60))-0$((1 + i % 9))-1$((i % 10))/" \
	    "$EX/persoon.json" >"$W/p.json"
	both 2026-11-20T11:00:00+01:00 "$M" -- case open --workflow heerlen \
	    --person "$W/p.json" --incident "$EX/incident-1.json"
	id=$(cat "$W/out.on")
	both 2026-11-20T12:00:00+01:00 "$C" -- case event "$id" duur_vaststellen \
	    --set maanden=3 --set medewerker_gehoord=ja
	if [ $((i % BAN_EVERY)) -eq 0 ]; then
		both 2026-11-20T14:00:00+01:00 "$M" -- case event "$id" \
		    maatregel_opleggen --set maatregel=toegangsverbod \
		    --set "motivering=Bedreiging van een medewerker." \
		    --set van=2026-11-20 --set tot=2027-02-20 \
		    --set "locaties=Stadskantoor, Bestuurscentrum"
	fi
	i=$((i + 1))
done
kb() { du -sk "$1/objects" | cut -f1; }
stat_ms() { sort -n "$1" | awk '{ a[NR] = $1; s += $1 } END {
	printf "mean %.1f ms, median %.1f ms, max %.0f ms", s / NR / 1000,
	    a[int((NR + 1) / 2)] / 1000, a[NR] / 1000 }'; }
n=$(git -C "$W/off" rev-list --count main)
echo "bench_gc: $CASES cases, $n commits in each archive"
echo "  per command, auto gc off: $(stat_ms "$W/off.ms")"
echo "  per command, auto gc on:  $(stat_ms "$W/on.ms")"
echo "  never packed:   $(kb "$W/off") KB; $(git -C "$W/off" count-objects -v | tr '\n' ' ')"
echo "  automatic gc:   $(kb "$W/on") KB; $(git -C "$W/on" count-objects -v | tr '\n' ' ')"
t0=$(date +%s%3N); "$BIN" --archive "$W/off" gc >"$W/gc1"; t1=$(date +%s%3N)
echo "  vpd gc of the never-packed one: $((t1 - t0)) ms -> $(kb "$W/off") KB"
t0=$(date +%s%3N); "$BIN" --archive "$W/on" gc --combine >"$W/gc2"; t1=$(date +%s%3N)
echo "  vpd gc --combine of the other:  $((t1 - t0)) ms -> $(kb "$W/on") KB"
cp -a "$W/on" "$W/git"; git -C "$W/git" gc -q --aggressive --prune=now
echo "  git gc --aggressive --prune=now of it: $(kb "$W/git") KB"
for a in off on; do
	git -C "$W/$a" fsck --strict >/dev/null 2>&1 && echo "  $a: git fsck --strict ok" ||
	    echo "  $a: git fsck --strict FAILED"
	"$BIN" --archive "$W/$a" verify >/dev/null && echo "  $a: vpd verify ok" ||
	    echo "  $a: vpd verify FAILED"
done
