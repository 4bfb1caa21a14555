#!/bin/sh
# fuzz.sh: run vpd's libFuzzer harnesses (tests/fuzz/README.md).
#
# Usage: fuzz.sh BUILD SECONDS, after `make fuzz` built BUILD/fuzz_NAME.
# For each harness: first every regression input in tests/fuzz/regress/NAME
# once (a crash there is an old bug come back), then SECONDS of fuzzing
# from a seed corpus made of the repository's own files (workflows,
# letters, templates, records), two harnesses at a time.  A finding is
# saved as BUILD/findings/NAME-crash-... (or leak-, timeout-, oom-); the
# script prints its tail and exits 1.  The corpus grows in BUILD/corpus.
set -eu
B=$(cd "$1" && pwd); SECONDS_EACH=$2
cd "$(dirname "$0")/.."
TOP=$PWD
export VPD_FONTS=$TOP/build/fonts
NAMES=$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_\(.*\)\.c|\1|')
# FUZZ_EXCLUDE: harnesses left out (make test leaves out those with a
# known finding not yet fixed: tests/fuzz/known/)
for x in ${FUZZ_EXCLUDE:-}; do
	NAMES=$(echo "$NAMES" | grep -vx "$x")
	echo "fuzz: $x left out (FUZZ_EXCLUDE)"
done
mkdir -p "$B/corpus" "$B/findings" "$B/logs"

# copy FILE... DIR: each file under a name made of its path
copy() {
	dir=$1; shift
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
	done
	return 0
}

# seeds NAME DIR: the repository's own inputs for harness NAME
seeds() {
	case $1 in
	workflow) copy "$2" workflows/*.yaml tests/data/bad-workflow.yaml ;;
	yaml) copy "$2" workflows/*.yaml signatures/*.yaml letters/*/gemeente.yaml ;;
	letter_template|markdown) copy "$2" letters/*/*.md letters/*/blokken/*.md ;;
	template)
		copy "$2" letters/*/*.md src/web/templates/*.html
		for f in tests/data/mustache-spec/*.json; do
			jq -r '.tests[].template' "$f" 2>/dev/null | awk -v d="$2" \
			    -v b="$(basename "$f" .json)" 'BEGIN { RS = "\0" } { print > (d "/spec-" b) }'
		done ;;
	expr)
		sed -n 's/^ *-\{0,1\} *when: *\([^>|].*\)$/\1/p' workflows/*.yaml |
		    sort -u | awk -v d="$2" '{ f = d "/when-" NR; printf "%s", $0 > f; close(f) }' ;;
	record) copy "$2" tests/data/*.json ;;
	letter)
		# the motiveringen and notes of the tests and examples
		grep -ho 'motivering=[^"]*' tests/*.sh scripts/*.sh 2>/dev/null |
		    sed 's/^motivering=//' | sort -u |
		    awk -v d="$2" '{ f = d "/motivering-" NR; printf "%s", $0 > f; close(f) }' ;;
	name)
		for f in tests/data/persoon.json; do
			jq -r '[.voornamen, .tussenvoegsel // "", .achternaam] | join("|")' "$f" \
			    >"$2/persoon" 2>/dev/null || :
		done ;;
	time|form) : ;;
	esac
	return 0
}

run_one() {
	n=$1
	bin=$B/fuzz_$n
	log=$B/logs/$n.log
	regress=$TOP/tests/fuzz/regress/$n
	seedsdir=$B/seeds/$n
	rm -rf "$seedsdir"; mkdir -p "$seedsdir" "$B/corpus/$n"
	seeds "$n" "$seedsdir"
	opts="-rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1"
	# regressions: each input once
	if [ -d "$regress" ] && ! "$bin" $opts -runs=0 \
	    -artifact_prefix="$B/findings/$n-" "$regress" >"$log" 2>&1; then
		echo "fuzz: $n: a regression input fails again:" >&2
		tail -n 30 "$log" >&2
		return 1
	fi
	if ! "$bin" $opts -max_total_time="$SECONDS_EACH" \
	    -artifact_prefix="$B/findings/$n-" "$B/corpus/$n" "$seedsdir" \
	    ${regress:+$([ -d "$regress" ] && echo "$regress")} >>"$log" 2>&1; then
		echo "fuzz: $n: FINDING (log $log):" >&2
		tail -n 40 "$log" >&2
		return 1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	echo "fuzz: $n: ${execs:-?} runs in ${SECONDS_EACH} s, nothing found"
}

fail=0
set -- $NAMES
while [ $# -gt 0 ]; do
	a=$1; shift
	if [ $# -gt 0 ]; then
		b=$1; shift
		run_one "$a" & pa=$!
		run_one "$b" & pb=$!
		wait $pa || fail=1
		wait $pb || fail=1
	else
		run_one "$a" || fail=1
	fi
done
[ $fail -eq 0 ] || { echo "fuzz: findings in $B/findings" >&2; exit 1; }
echo "fuzz: all harnesses clean"
