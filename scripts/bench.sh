#!/bin/sh
# make bench: how fast letters are made and how big they are.  Not a test:
# it prints numbers to compare with the targets of docs/letters.md.
set -eu
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BENCH=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
RUNS=${RUNS:-50}
cd "$(dirname "$0")/.."
W=$(mktemp -d /tmp/vpd-bench-XXXXXX)
trap 'rm -rf "$W"' EXIT
export VPD_ARCHIVE="$W/archive" VPD_NOW=2026-11-20T11:00:00+01:00
unset VPD_ACTOR
export VPD_TEST_CLOCK=1   # a fixed clock, ahead of the machine's
"$VPD" init >/dev/null
"$VPD" --as C actor add C --role coordinator >/dev/null
"$VPD" --as C actor add "M. de Manager" --role manager --afdeling Burgerzaken >/dev/null
export VPD_ACTOR="M. de Manager"
i=0
while [ $i -lt "$RUNS" ]; do
	sed "s/\"Berg\"/\"Berg$i\"/" docs/examples/persoon.json >"$W/p.json"
	"$VPD" case open --workflow heerlen --person "$W/p.json" \
	    --incident docs/examples/incident-1.json >/dev/null
	i=$((i + 1))
done
# One five-copy toegangsverbod per case, each event a whole process.
export VPD_NOW=2026-11-21T09:00:00+01:00
i=1
: >"$W/times"
while [ $i -le "$RUNS" ]; do
	id=$(printf '2026-%04d' $i)
	"$VPD" --as C case event "$id" duur_vaststellen --set maanden=3 \
	    --set medewerker_gehoord=ja >/dev/null
	t0=$(date +%s%N)
	"$VPD" case event "$id" maatregel_opleggen --set maatregel=toegangsverbod \
	    --set "motivering=Bedreiging aan de balie." --set van=2026-11-21 \
	    --set tot=2027-02-21 --set "locaties=Stadskantoor, Bestuurscentrum" >/dev/null
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$W/times"
	i=$((i + 1))
done
"$BENCH" "$W/archive" 2026-0001 toegangsverbod "$RUNS"
median=$(sort -n "$W/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'vpd case event with a five-copy letter (commit included), %s runs\n' "$RUNS"
printf '  median per event:     %8.2f ms  (target <= 20 ms)\n' "$(echo "$median / 1000" | bc -l)"
