#!/bin/sh
# bench_scale.sh: how the command line holds up when the archive grows.
# Not a test: it prints numbers to compare with the targets of
# docs/performance.md ("The scale benchmark").  It fails (exit 1) only when
# an archive cannot be built or a command does not succeed.
#
# For each size in SCALE_SIZES it builds an archive of that many Heerlen
# cases with build/bench_scale (the core library, not the CLI; five years
# of cases, about a third with a measure in force at its "now"), or reuses
# the one cached in build/bench-archives/GEN-SIZE, then times every read
# and write command as a whole process on a throw-away copy (cp -a), so the
# cache stays pristine: the median of SCALE_RUNS runs, and the peak RSS.
#
# Usage: bench_scale.sh VPD BENCH_SCALE
# Environment: SCALE_SIZES ("1000 10000"; the first is compared with the
# last), SCALE_RUNS (5, at most 9), SCALE_VERIFY (1; 0 skips `vpd verify`,
# which replays the whole history and takes minutes at 10,000 cases),
# SCALE_CACHE (build/bench-archives), KEEP=1 keeps the scratch directory.
set -eu
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
GEN=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cd "$(dirname "$0")/.."
TOP=$PWD
SIZES=${SCALE_SIZES:-1000 10000}
RUNS=${SCALE_RUNS:-5}
VERIFY=${SCALE_VERIFY:-1}
CACHE=${SCALE_CACHE:-$TOP/build/bench-archives}
# The generator's version: change it whenever bench/bench_scale.c would
# build a different archive (or the core writes a different one: g2 has
# the indexes; g3 no dry-run garbage; g4 spread folders; g5 index files
# split by year and month, desk cards and name lines), so that no
# stale archive is reused.
GENVER=g6
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 9 ] || { echo "bench_scale: SCALE_RUNS 1..9" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_scale: needs /usr/bin/time (Debian: time)" >&2; exit 1; }

W=$(mktemp -d /tmp/vpd-bench-scale-XXXXXX)
cleanup() { if [ -n "${KEEP:-}" ]; then echo "bench_scale: kept $W" >&2; else rm -rf "$W"; fi; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A copy of the binary: a rebuild during the run must not change it.
cp "$VPD" "$W/vpd"
VPD=$W/vpd

# The shipped signers' mandates start on 2026-01-01; the archive's letters
# go back to 2022, so the generator signs under a copy that starts then.
mkdir -p "$CACHE/signatures"
cp "$TOP"/signatures/* "$CACHE/signatures/"
sed -i 's/van: 2026-01-01/van: 2022-01-01/' "$CACHE/signatures/signers.yaml"
export VPD_WORKFLOWS="$TOP/workflows" VPD_LETTERS="$TOP/letters" \
    VPD_FONTS="$TOP/build/fonts" VPD_SIGNATURES="$CACHE/signatures"
unset VPD_ACTOR VPD_ARCHIVE VPD_NOW
export VPD_TEST_CLOCK=1   # a fixed clock, ahead of the machine's
C="C. Coördinator"; M="M. de Manager"; R="R. Receptie"; A="A. Jansen"

ns() { date +%s%N; }
fail=0

# build N: the cached archive for N cases, made when missing.
build() {
	d=$CACHE/$GENVER-$1
	if [ -e "$d/archive/HEAD" ] && [ -e "$d/out/fixtures.sh" ]; then
		echo "bench_scale: $1 cases: reusing $d ($(sed -n 's/.* in \([0-9.]* s\).*/built in \1/p' "$d/build.log"))" >&2
		return 0
	fi
	rm -rf "$d"
	mkdir -p "$d/out"
	echo "bench_scale: $1 cases: building $d (fsync off in the generator only)" >&2
	if ! "$GEN" "$d/archive.tmp" "$1" "$d/out" >"$d/build.log" 2>"$d/build.err"; then
		cat "$d/build.err" "$d/build.log" >&2
		echo "bench_scale: FAIL: the archive of $1 cases could not be built" >&2
		exit 1
	fi
	mv "$d/archive.tmp" "$d/archive"
	cat "$d/build.log" >&2
}

# time_one KEY RUN VPD-ARGS...: one run as a whole process; appends
# "KEY MICROSECONDS RSS_KB USER_S SYS_S" to $RES, or counts a failure.
time_one() {
	key=$1; run=$2; shift 2
	t0=$(ns)
	if /usr/bin/time -f '%M %U %S' -o "$W/rss" "$VPD" "$@" >"$W/out" 2>"$W/err"; then
		t1=$(ns)
		echo "$key $(( (t1 - t0) / 1000 )) $(tail -n 1 "$W/rss")" >>"$RES"
	else
		fail=$((fail + 1))
		echo "bench_scale: FAIL: $key (run $run): vpd $*" >&2
		sed 's/^/    /' "$W/err" | head -5 >&2
	fi
}

# repeat_runs KEY VPD-ARGS...: RUNS runs of the same command.
repeat_runs() {
	key=$1; shift
	r=1
	while [ $r -le "$RUNS" ]; do time_one "$key" $r "$@"; r=$((r + 1)); done
}

for n in $SIZES; do
	build "$n"
	d=$CACHE/$GENVER-$n
	RES=$W/res-$n
	: >"$RES"
	# shellcheck disable=SC1091
	. "$d/out/fixtures.sh"
	echo "$(du -sk "$d/archive" | cut -f1) $(find "$d/archive/objects" -type f \
	    -path '*/objects/??/*' | wc -l) $(git -C "$d/archive" rev-list --count HEAD)" \
	    >"$W/size-$n"
	sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$d/build.log" >"$W/built-$n"
	echo "bench_scale: $n cases: copying the archive" >&2
	rm -rf "$W/archive"
	cp -a "$d/archive" "$W/archive"
	export VPD_ARCHIVE="$W/archive" VPD_NOW="$NOW"
	echo "bench_scale: $n cases: timing" >&2

	# Reads, on the archive as built.
	repeat_runs lookup --as "$R" lookup "$LOOKUP_NAME"
	repeat_runs bans --as "$R" bans
	repeat_runs bans_json --as "$R" bans --json
	repeat_runs agenda --as "$C" agenda
	repeat_runs show --as "$M" case show "$SHOW_CASE"
	repeat_runs list_state --as "$C" case list --state toegangsverbod
	# Writes: each run on another person or case.
	r=1
	for id in $EVENT_CASES; do
		[ $r -le "$RUNS" ] || break
		time_one open_new $r --as "$A" case open --workflow heerlen \
		    --person "$d/out/new$r.json" --incident "$d/out/incident.json"
		rep=$(ls "$d/out"/repeat*.json | sed -n "$(( (r - 1) % $(ls "$d/out"/repeat*.json | wc -l) + 1 ))p")
		time_one open_repeat $r --as "$A" case open --workflow heerlen \
		    --person "$rep" --incident "$d/out/incident.json"
		time_one event5 $r --as "$M" case event "$id" maatregel_opleggen \
		    --set maatregel=toegangsverbod --set "motivering=Bedreiging aan de balie." \
		    --set van=2026-11-25 --set tot=2027-02-25 \
		    --set "locaties=Stadskantoor, Bestuurscentrum"
		r=$((r + 1))
	done
	# tick: a day later each run, so each finds the measures that end.
	r=1
	while [ $r -le "$RUNS" ]; do
		VPD_NOW=$(date -d "${NOW%T*} + $r days" +%Y-%m-%d)T07:00:00+01:00 \
		    time_one tick $r --as "$C" tick
		r=$((r + 1))
	done
	if [ "$VERIFY" = 1 ]; then
		time_one verify 1 verify
	fi
	echo "bench_scale: $n cases: done" >&2
done

# --- report ----------------------------------------------------------------------
small=${SIZES%% *}
large=${SIZES##* }
printf '\nvpd at scale: every command as a whole process (scripts/bench_scale.sh)\n'
printf '  machine: %s CPUs, %s; load %s\n' "$(nproc)" \
    "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES; do
	set -- $(cat "$W/size-$n")
	printf '  %6s cases: archive built in %s s; %s commits; %s KB on disk (%s KB per case, target <= 80); %s loose objects\n' \
	    "$n" "$(cat "$W/built-$n")" "$3" "$1" "$(( $1 / n ))" "$2"
done
printf '  median of %s runs; "now" %s; targets at the largest size (%s)\n\n' "$RUNS" "$NOW" "$large"
[ "$VERIFY" = 1 ] || printf '  (vpd verify skipped: SCALE_VERIFY=0)\n\n'
awk -v small="$small" -v large="$large" -v fs="$W/res-$small" -v fl="$W/res-$large" '
function median(file, key,   n, v, line, a, i, j, t) {
	n = 0
	while ((getline line < file) > 0) { split(line, a, " "); if (a[1] == key) v[++n] = a[2] }
	close(file)
	if (n == 0) return -1
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	return v[int((n + 1) / 2)] / 1000
}
function cpu(file, key,   n, v, line, a, i, j, t) {
	n = 0
	while ((getline line < file) > 0) { split(line, a, " "); if (a[1] == key) v[++n] = a[4] + a[5] }
	close(file)
	if (n == 0) return -1
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	return v[int((n + 1) / 2)] * 1000
}
function peak(file, key,   m, line, a) {
	m = -1
	while ((getline line < file) > 0) { split(line, a, " "); if (a[1] == key && a[3] > m) m = a[3] }
	close(file)
	return m
}
BEGIN {
	n = split("lookup bans bans_json agenda open_new open_repeat show list_state event5 verify tick", K, " ")
	L["lookup"] = "vpd lookup NAME"; T["lookup"] = 30
	L["bans"] = "vpd bans"; T["bans"] = 40
	L["bans_json"] = "vpd bans --json"; T["bans_json"] = 40
	L["agenda"] = "vpd agenda"; T["agenda"] = 40
	L["open_new"] = "vpd case open (new person)"; T["open_new"] = 60
	L["open_repeat"] = "vpd case open (repeat person)"; T["open_repeat"] = 60
	L["show"] = "vpd case show CASE"; T["show"] = 25
	L["list_state"] = "vpd case list --state S"; T["list_state"] = 40
	L["event5"] = "vpd case event (5-copy letter)"; T["event5"] = 30
	L["verify"] = "vpd verify"; T["verify"] = 0
	L["tick"] = "vpd tick"; T["tick"] = 0
	printf "%-31s %9s %9s %6s %9s %7s %7s  %s\n", "command", "ms@" small, "ms@" large, "ratio", "cpu@" large, "RSS MB", "target", "met"
	printf "%-31s %9s %9s %6s %9s %7s %7s  %s\n", "-------------------------------", "---------", "---------", "------", "---------", "-------", "-------", "---"
	for (i = 1; i <= n; i++) {
		k = K[i]; a = median(fs, k); b = median(fl, k); rss = peak(fl, k)
		if (b < 0) continue
		ratio = a > 0 ? b / a : 0
		miss = ""
		if (T[k] > 0 && b > T[k]) miss = miss sprintf(" %.1fx time", b / T[k])
		if (T[k] > 0 && small != large && ratio > 1.3) miss = miss " ratio"
		if (rss > 64 * 1024) miss = miss " rss"
		met = T[k] == 0 ? (rss > 64 * 1024 ? "no: rss" : "-") : (miss == "" ? "yes" : "no:" miss)
		tgt = T[k] > 0 ? "<=" T[k] : "-"
		printf "%-31s %9.1f %9.1f %6.2f %9.0f %7.1f %7s  %s\n", L[k], a, b, ratio, cpu(fl, k), rss / 1024, tgt, met
	}
	print "  (ms: median wall-clock time of the whole process; cpu: its median user + system"
	print "  time in ms, to 10 ms, which a busy machine does not inflate; targets: the wall-clock"
	print "  time at the largest size, at most 1.3x the smallest size, peak RSS <= 64 MB)"
}'
if [ "$fail" -ne 0 ]; then echo "bench_scale: $fail commands failed" >&2; exit 1; fi
