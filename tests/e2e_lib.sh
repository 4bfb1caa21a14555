# Shared by the end-to-end test scripts: a scratch directory, the
# environment, and the helpers that count passes and failures.
# Sourced with VPD set to the binary under test.
set -u
DATA=$TOP/tests/data
EX=$TOP/docs/examples
WORK=$(mktemp -d /tmp/vpd-e2e-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export VPD_WORKFLOWS="$TOP/workflows" VPD_LETTERS="$TOP/letters" VPD_FONTS="$TOP/build/fonts" \
	VPD_SIGNATURES="$TOP/tests/data/signatures"
unset VPD_ACTOR VPD_ARCHIVE
# The tests set VPD_NOW ahead of the machine's clock (docs/cli.md).
export VPD_TEST_CLOCK=1
pass=0
fail=0

ok() { pass=$((pass + 1)); }
# at INSTANT: "now" for the commands that follow
at() { VPD_NOW=$1; export VPD_NOW; }
# person FILE VOORNAMEN TUSSENVOEGSEL ACHTERNAAM GEBOORTEDATUM: the
# example person with other names
person() {
	jq --arg v "$2" --arg t "$3" --arg a "$4" --arg g "$5" \
	    '.voornamen = $v | .achternaam = $a | .geboortedatum = $g |
	     if $t == "" then del(.tussenvoegsel) else .tussenvoegsel = $t end' \
	    "$EX/persoon.json" >"$1"
}
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run EXPECTED_STATUS DESCRIPTION -- vpd arguments; output in out/err
run() {
	want=$1; what=$2; shift 3
	"$VPD" "$@" >out 2>err
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$what: exit $got, wanted $want"; sed 's/^/    /' err out; fi
}
has() { # FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: no '$2' in $1"
		sed 's/^/    /' "$1"; fi
}
tip() { git -C archive rev-parse -q --verify refs/heads/main 2>/dev/null || echo none; }
# refused DESCRIPTION TEXT -- args: exit 1, message, and no new commit
refused() {
	what=$1; text=$2; shift 3
	before=$(tip)
	run 1 "$what" -- "$@"
	has err "$text" "$what"
	[ "$(tip)" = "$before" ] && ok || bad "$what: a commit was made"
}

# hand_commit COPY PATH FILE MESSAGE: a copy of the archive (made unless
# COPY exists) with one more commit, made with stock git, that puts FILE
# at PATH; prints its id.
hand_commit() {
	# never copy while a gc rewrites the packs
	[ -d "$1" ] || { [ ! -e archive/gc.lock ] || flock archive/gc.lock true
		cp -r archive "$1"; }
	GIT_INDEX_FILE="$WORK/$1.index" git --git-dir="$1" read-tree HEAD
	blob=$(git --git-dir="$1" hash-object -w "$3")
	GIT_INDEX_FILE="$WORK/$1.index" git --git-dir="$1" update-index --add \
	    --cacheinfo 100644,"$blob","$2"
	tree=$(GIT_INDEX_FILE="$WORK/$1.index" git --git-dir="$1" write-tree)
	commit=$(echo "$4" | git --git-dir="$1" commit-tree "$tree" -p HEAD)
	git --git-dir="$1" update-ref refs/heads/main "$commit"
	echo "$commit"
}
# ban_length CASE MONTHS [COORDINATOR]: in Heerlen the coordinator sets
# how long a ban lasts, after hearing the employee (§8.1).
ban_length() {
	run 0 "length of the ban in $1" -- --as "${3:-C}" case event "$1" duur_vaststellen \
		--set maanden="$2" --set medewerker_gehoord=ja
}
