#!/bin/sh
# bench_web.sh: how fast `vpd serve` answers at a municipality's scale.
# Not a test: it prints numbers.  It fails (exit 1) when the server does
# not start, a page does not answer 200 under load, a form is refused,
# the server does not stop cleanly or the archive does not verify.
#
# The archive: CASES cases over one year (2026), one person each, about a
# tenth of them (BANS) with an access ban in force and a photo, so the
# reception's list at /balie is as long as a large municipality's; a
# third of the others closed, the rest waiting for a measure.  Then wrk
# loads, signed in, the pages the desk and the managers use most, and
# WRITES bans are imposed one after another through the case page's form.
#
# Usage: bench_web.sh VPD
# Environment: CASES (1000), BANS (100), WRITES (50), DURATION of each wrk
# run in seconds (10), CONNECTIONS (32), WRK_THREADS (2), TIMEOUT of an
# answer under load in seconds (10), SERVER_THREADS (vpd
# serve --threads, 4), PORT (a free one), KEEP=1 keeps the scratch
# directory, BENCH_ARCHIVE=DIR saves the archive made there the first
# time and starts from a copy of it the next times (the same CASES and
# BANS).
set -eu
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CASES=${CASES:-1000}
BANS=${BANS:-100}
WRITES=${WRITES:-50}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-4}
TIMEOUT=${TIMEOUT:-10}
cd "$(dirname "$0")/.."

EX=docs/examples
for tool in wrk curl git awk; do
	command -v $tool >/dev/null || { echo "bench_web: needs $tool" >&2; exit 1; }
done
[ "$BANS" -le "$CASES" ] && [ $((BANS + WRITES)) -le "$CASES" ] ||
	{ echo "bench_web: BANS + WRITES must not exceed CASES" >&2; exit 1; }

W=$(mktemp -d /tmp/vpd-bench-web-XXXXXX)
SERVER=
cleanup() {
	if [ -n "$SERVER" ]; then
		kill -TERM "$SERVER" 2>/dev/null || :
		wait "$SERVER" 2>/dev/null || :
	fi
	if [ -n "${KEEP:-}" ]; then echo "bench_web: kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A copy of the binary: a rebuild during the run must not change it.
cp "$BIN" "$W/vpd"
VPD=$W/vpd

export VPD_ARCHIVE="$W/archive"
unset VPD_ACTOR VPD_NOW
export VPD_TEST_CLOCK=1   # a fixed clock, ahead of the machine's
fail=0
bad() { fail=$((fail + 1)); echo "bench_web: FAIL: $*" >&2; }
ms() { date +%s%3N; }

# --- the archive -------------------------------------------------------------
# plan: one line per case, "N DAY KIND"; KIND ban (a ban and a photo),
# closed (closed without a measure), open (waiting for a measure; the
# first WRITES of them get their ban through the web form below).  The
# persons are drawn, deterministically, from common Dutch names; case 1 is
# docs/examples/persoon.json, Jan van der Berg, whom the desk looks up.
# The names keep to CP1252: a letter refuses a name it cannot print
# ("Ayşe", "Yılmaz"; docs/letters.md), and so would a ban.
mkdir "$W/in"
awk -v n="$CASES" -v bans="$BANS" -v dir="$W/in" '
function person(i,   g, s, tv, an, f) {
	g = G[(i * 7) % ng + 1]; s = S[(i * 13) % ns + 1]
	tv = s; sub(/\|.*/, "", tv); an = s; sub(/.*\|/, "", an)
	f = dir "/p" i ".json"
	printf "{\"voornamen\": \"%s\", %s\"achternaam\": \"%s\", ", g, \
	    tv == "" ? "" : "\"tussenvoegsel\": \"" tv "\", ", an > f
	printf "\"geslacht\": \"%s\", \"geboortedatum\": \"%04d-%02d-%02d\", ", \
	    (i % 3 == 0) ? "v" : (i % 3 == 1 ? "m" : "x"), 1950 + i % 50, \
	    1 + int(i / 50) % 12, 1 + int(i / 600) % 28 > f
	printf "\"adres\": {\"straat\": \"%s\", \"huisnummer\": \"%d\", ", \
	    T[i % nt + 1], 1 + i % 187 > f
	printf "\"postcode\": \"64%02d %s\", \"woonplaats\": \"Heerlen\"}}\n", \
	    11 + i % 30, substr("ABCDEFGHJKLMNPRSTVWXZ", 1 + i % 21, 1) \
	    substr("ABCDEFGHJKLMNPRSTVWXZ", 1 + int(i / 21) % 21, 1) > f
	close(f)
}
function incident(i, day,   f, k) {
	f = dir "/i" i ".json"; k = i % nk + 1
	printf "{\"tijdstip\": \"%sT10:00:00+01:00\", \"locatie\": \"%s\", ", day, \
	    L[k] > f
	printf "\"afdeling\": \"%s\", \"kanaal\": \"%s\", \"gedrag\": [%s], ", \
	    A[k], K[k], B[i % nb + 1] > f
	printf "\"omschrijving\": \"%s\", \"medewerkers\": [\"A. Jansen\"], ", \
	    O[i % no + 1] > f
	printf "\"letsel\": false, \"schade\": false}\n" > f
	close(f)
}
BEGIN {
	ng = split("Jan,Piet,Kees,Henk,Willem,Johannes,Cornelis,Maria," \
	    "Johanna,Anna,Daan,Sem,Lucas,Levi,Emma,Julia,Sophie,Tess,Mohammed," \
	    "Ahmed,Fatima,Yasmina,Ayla,Mehmet,Noël,Chantal,Ricardo,Stefan,Ingrid," \
	    "Monique,Bianca,Patrick,René,Gijs,Marieke,Wouter,Yvonne,Frank,Zoë,Dewi", G, ",")
	ns = split("de|Jong,|Jansen,de|Vries,van|Dijk,|Bakker,|Janssen,|Visser," \
	    "|Smit,|Meijer,de|Boer,|Mulder,de|Groot,|Bos,|Vos,|Peters,|Hendriks," \
	    "van|Leeuwen,|Dekker,|Brouwer,de|Wit,|Dijkstra,|Smits,de|Graaf," \
	    "van der|Meer,van der|Linden,|Kok,|Jacobs,de|Haan,|Vermeulen," \
	    "van den|Heuvel,van der|Veen,de|Bruijn,van der|Heijden,|Schouten," \
	    "|Willems,van de|Ven,|Hoekstra,|Maas,|Verhoeven,|Koster,|Prins," \
	    "|Huisman,|Kuipers,|Kramer,|Scholten,|Postma,|Timmermans,|Groen," \
	    "|Smeets,|Çelik,|Yildiz,|Öztürk,|El Idrissi,|Bouzid,|Nguyen,|Müller," \
	    "|Lemmens,|Vaessen,|Hermans,|Coenen,|Schmitz,|Pelzer", S, ",")
	nt = split("Akerstraat,Dorpsstraat,Kasteelstraat,Geleenstraat," \
	    "Promenade,Kloosterweg,Schaesbergerweg,Valkenburgerweg,Looierstraat", T, ",")
	nk = split("1,2,3", KK, ",")
	L[1] = "Stadskantoor, balie Burgerzaken"; A[1] = "Burgerzaken"; K[1] = "balie"
	L[2] = "Stadskantoor, telefoon Burgerzaken"; A[2] = "Burgerzaken"; K[2] = "telefoon"
	L[3] = "Bestuurscentrum, balie Werk en Inkomen"; A[3] = "Werk en Inkomen"; K[3] = "balie"
	nb = 3
	B[1] = "{\"categorie\": \"verbale_agressie\", \"soort\": \"schelden\"}"
	B[2] = B[1] ", {\"categorie\": \"persoonlijke_bedreiging\", \"soort\": \"intimidatie\"}"
	B[3] = "{\"categorie\": \"persoonlijke_bedreiging\", \"soort\": \"intimidatie\"}"
	no = split("De klant schold de medewerker uit en bleef dreigend over de balie hangen.|" \
	    "De klant schreeuwde en schold toen de aanvraag nog niet klaar bleek te zijn.|" \
	    "De klant dreigde de medewerker op te wachten na het werk.", O, "|")
	split("31,28,31,30,31,30,31,31,30,31,30,31", ML, ",")
	for (i = 1; i <= n; i++) {
		# spread over 2026 up to 20 November, in order
		doy = 1 + int((i - 1) * 323 / n); m = 1
		while (doy > ML[m]) { doy -= ML[m]; m++ }
		day = sprintf("2026-%02d-%02d", m, doy)
		kind = bans > 0 && (i - 1) % int(n / bans) == 0 && nban < bans ? "ban" : \
		    (i % 3 == 0 ? "closed" : "open")
		if (kind == "ban") nban++
		if (i > 1) person(i)
		incident(i, day)
		print i, day, kind
	}
}' >"$W/plan"
cp $EX/persoon.json "$W/in/p1.json"

awk '$3 == "ban" { printf "2026-%04d\n", $1 }' "$W/plan" >"$W/banned"
awk '$3 == "open" { printf "2026-%04d\n", $1 }' "$W/plan" >"$W/open"
C="C. Coördinator"; M="M. de Manager"; R="R. Receptie"; A="A. Jansen"
t0=$(ms)
if [ -n "${BENCH_ARCHIVE:-}" ] && [ -e "$BENCH_ARCHIVE/HEAD" ]; then
	cp -a "$BENCH_ARCHIVE" "$W/archive"
	built="copied from $BENCH_ARCHIVE"
else
	VPD_NOW=2026-01-01T08:00:00+01:00 "$VPD" --as "$C" init >/dev/null
	for who in "$C:coordinator" "$R:reception" "$A:medewerker"; do
		VPD_NOW=2026-01-01T08:01:00+01:00 "$VPD" --as "$C" actor add "${who%%:*}" \
		    --role "${who#*:}" >/dev/null
	done
	VPD_NOW=2026-01-01T08:02:00+01:00 "$VPD" --as "$C" actor add "$M" --role manager \
	    --afdeling Burgerzaken --afdeling "Werk en Inkomen" >/dev/null
	while read -r i day kind; do
		id=$(printf '2026-%04d' "$i")
		got=$(VPD_NOW=${day}T11:00:00+01:00 "$VPD" --as "$A" case open \
		    --workflow heerlen --person "$W/in/p$i.json" --incident "$W/in/i$i.json")
		[ "$got" = "$id" ] || { echo "bench_web: case $i opened as '$got'" >&2; exit 1; }
		case $kind in
		ban)
			# §8.1: the coordinator sets the length, here so that
			# every ban runs to March 2027 (all vans are in 2026).
			m=$(echo "$day" | cut -c6-7)
			VPD_NOW=${day}T13:00:00+01:00 "$VPD" --as "$C" case event "$id" \
			    duur_vaststellen --set maanden=$((15 - ${m#0})) \
			    --set medewerker_gehoord=ja >/dev/null
			VPD_NOW=${day}T14:00:00+01:00 "$VPD" --as "$M" case event "$id" \
			    maatregel_opleggen --set maatregel=toegangsverbod \
			    --set "motivering=Bedreiging van een medewerker." --set van="$day" \
			    --set tot="2027-03-$(echo "$day" | cut -c9-10)" \
			    --set "locaties=Stadskantoor, Bestuurscentrum" >/dev/null
			VPD_NOW=${day}T15:00:00+01:00 "$VPD" --as "$R" person photo "$id" \
			    $EX/foto.jpg >/dev/null ;;
		open)
			# Ready for a ban through the web form below.
			VPD_NOW=${day}T13:00:00+01:00 "$VPD" --as "$C" case event "$id" \
			    duur_vaststellen --set maanden=3 --set medewerker_gehoord=ja >/dev/null ;;
		closed)
			VPD_NOW=${day}T16:00:00+01:00 "$VPD" --as "$M" case event "$id" afsluiten \
			    --set "reden=Excuses aangeboden; geen maatregel nodig." >/dev/null ;;
		esac
	done <"$W/plan"
	build_ms=$(($(ms) - t0))
	built="made with the CLI in $((build_ms / 1000)).$(( (build_ms % 1000) / 100 )) s"
	if [ -n "${BENCH_ARCHIVE:-}" ]; then cp -a "$W/archive" "$BENCH_ARCHIVE"; fi
fi
commits_built=$(git -C "$W/archive" rev-list --count HEAD)
n_bans=$(wc -l <"$W/banned")
n_closed=$(grep -c ' closed$' "$W/plan" || :)
n_open=$(wc -l <"$W/open")
echo "bench_web: archive of $CASES cases ($n_bans bans with a photo, $n_closed closed," \
    "$n_open waiting), $commits_built commits, $built" >&2

# --- the server ----------------------------------------------------------------
for who in "$R:receptie-wachtwoord" "$M:manager-wachtwoord"; do
	printf '%s\n' "${who#*:}" | "$VPD" actor passwd "${who%%:*}" >/dev/null
done
if [ -z "${PORT:-}" ]; then
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18089)
fi
URL=http://127.0.0.1:$PORT
# The desk's day: 25 November 2026, 10:00; all bans are in force.
export VPD_NOW=2026-11-25T10:00:00+01:00
"$VPD" serve --workflow heerlen --listen "127.0.0.1:$PORT" --quiet \
    --threads "$SERVER_THREADS" --per-address 10000 >"$W/serve.out" 2>"$W/serve.err" &
SERVER=$!
i=0
until kill -0 "$SERVER" 2>/dev/null && curl -s -m 2 -o /dev/null "$URL/inloggen"; do
	i=$((i + 1))
	if [ $i -ge 100 ] || ! kill -0 "$SERVER" 2>/dev/null; then
		SERVER=
		echo "bench_web: FAIL: the server did not start:" >&2; cat "$W/serve.err" >&2; exit 1
	fi
	sleep 0.1
done

csrf_of() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -1 | cut -d'"' -f4; }
login() { # JAR NAME PASSWORD -> the session cookie, "vpd_sessie=..."
	curl -s -c "$1" -b "$1" -o "$W/login.html" "$URL/inloggen"
	code=$(curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' \
	    --data-urlencode "csrf=$(csrf_of "$W/login.html")" \
	    --data-urlencode "naam=$2" --data-urlencode "wachtwoord=$3" "$URL/inloggen")
	[ "$code" = 303 ] || { echo "bench_web: $2 could not sign in (HTTP $code)" >&2; return 1; }
	awk '$6 == "vpd_sessie" { print "vpd_sessie=" $7 }' "$1"
}
RCOOKIE=$(login "$W/r.jar" "$R" receptie-wachtwoord)
MCOOKIE=$(login "$W/m.jar" "$M" manager-wachtwoord)
[ -n "$RCOOKIE" ] && [ -n "$MCOOKIE" ] || { echo "bench_web: no session cookie" >&2; exit 1; }

# --- reading: wrk ----------------------------------------------------------------
CASE=$(head -1 "$W/banned")
PHOTO=$(git -C "$W/archive" show "HEAD:cases/${CASE%%-*}/${CASE#*-}/case.json" |
    grep -o '"persoon": *"P[0-9]*"' | grep -o 'P[0-9]*')
SEARCH="Jan+van+den+Bergh"
# in ms, from wrk's 1.23ms / 456.00us / 1.02s
to_ms() { awk -v v="$1" 'BEGIN { u = v; sub(/^[0-9.]+/, "", u); n = v + 0
	printf "%.1f", u == "us" ? n / 1000 : (u == "s" ? n * 1000 : (u == "m" ? n * 60000 : n)) }'; }
# settle: waits (at most a minute) until the server is idle, so that the
# requests wrk left behind when it stopped do not slow the next run.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat" 2>/dev/null || echo 0; }
settle() {
	n=0; prev=$(cpu_ticks)
	while [ $n -lt 120 ]; do
		sleep 0.5; now=$(cpu_ticks)
		[ $((now - prev)) -le 2 ] && return 0
		prev=$now; n=$((n + 1))
	done
}
row() { printf '%-32s %8s %8s %8s %8s %7s %7s\n' "$@" >>"$W/table"; }
: >"$W/table"
# load NAME COOKIE PATH: first the page alone, three times with curl
# (it must answer 200; "alone" is the median time), then under wrk.  A
# redirect to the sign-in page would be a success to wrk, so the bytes
# read per answer under load must be those of the page asked alone.
load() {
	name=$1; cookie=$2; path=$3
	: >"$W/alone"
	for _ in 1 2 3; do
		set -- $(curl -s -o "$W/page" -H "Cookie: $cookie" -w \
		    '%{http_code} %{size_header} %{size_download} %{time_total}' "$URL$path")
		echo "$4" >>"$W/alone"
	done
	if [ "$1" != 200 ]; then bad "$name: GET $path answered $1"; return 0; fi
	size=$(($2 + $3)); kib=$(awk -v b="$3" 'BEGIN { printf "%.1f", b / 1024 }')
	alone=$(sort -n "$W/alone" | awk 'NR == 2 { printf "%.1f", $1 * 1000 }')
	wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "${TIMEOUT}s" \
	    --latency -H "Cookie: $cookie" "$URL$path" >"$W/wrk.out" 2>&1 || :
	cp "$W/wrk.out" "$W/wrk-$(echo "$path" | tr -c 'a-z0-9\n' _).out"
	errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
		/Socket errors:/ { for (i = 3; i <= NF; i++) n += $i }
		END { print n + 0 }' "$W/wrk.out")
	nreq=$(awk '/requests in/ { print $1 }' "$W/wrk.out")
	if [ -z "$nreq" ] || [ "$nreq" -eq 0 ]; then
		bad "$name: not one answer in ${DURATION} s under load ($errors errors)"
		row "$name" 0 - - "$alone" "$kib" "$errors"; settle; return 0
	fi
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$W/wrk.out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$W/wrk.out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$W/wrk.out")")
	if [ "$p50" = 0.0 ]; then # every answer came after the timeout
		rps=0; p50=">${TIMEOUT}000"; p99=-
	fi
	# A slow answer is a figure, not a failure: only wrong answers and
	# broken connections fail the run (timeouts are in the errors column).
	broken=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
		/Socket errors:/ { n += $4 + $6 + $8 }
		END { print n + 0 }' "$W/wrk.out")
	if [ "$broken" -ne 0 ]; then
		bad "$name: $(grep "Non-2xx or 3xx responses\|Socket errors" "$W/wrk.out" | tr -s ' ' | tr '\n' ' ')"
	fi
	per=$(awk '/requests in/ { v = $5; u = v; sub(/^[0-9.]+/, "", u); n = v + 0
		m = u == "KB" ? 1024 : (u == "MB" ? 1048576 : (u == "GB" ? 1073741824 : 1))
		printf "%.0f", n * m / $1 }' "$W/wrk.out")
	if [ $((per * 100)) -lt $((size * 95)) ] || [ $((per * 100)) -gt $((size * 105)) ]; then
		bad "$name: $per bytes per answer under load, $size when asked alone"
	fi
	row "$name" "$rps" "$p50" "$p99" "$alone" "$kib" "$errors"
	settle
}
n_list=$(curl -s -H "Cookie: $RCOOKIE" "$URL/balie" | grep -c 'persoon/P[0-9]*/foto' || :)
settle
load_avg=$(cut -d' ' -f1-3 /proc/loadavg)
load "GET /balie (reception)" "$RCOOKIE" /balie
load "GET /balie?zoek=Jan+van+den+Bergh" "$RCOOKIE" "/balie?zoek=$SEARCH"
load "GET /zaak/$CASE (manager)" "$MCOOKIE" "/zaak/$CASE"
load "GET /persoon/$PHOTO/foto" "$RCOOKIE" "/persoon/$PHOTO/foto"
load "GET /static/vpd.css" "$RCOOKIE" /static/vpd.css

# --- writing: a ban through the case page's form, one after another -----------
# Each on another case waiting for a measure, late (the 48 hours have
# passed), so with the reason the form then asks.
before=$(git -C "$W/archive" rev-list --count HEAD)
curl -s -H "Cookie: $MCOOKIE" -o "$W/zaak.html" "$URL/zaak/$(head -1 "$W/open")"
TOKEN=$(csrf_of "$W/zaak.html")
[ -n "$TOKEN" ] || bad "no CSRF token on the case page"
: >"$W/times"
head -n "$WRITES" "$W/open" | while read -r id; do
	set -- $(curl -s -o "$W/post.html" -H "Cookie: $MCOOKIE" \
	    -w '%{http_code} %{time_total}' --data-urlencode "csrf=$TOKEN" \
	    --data-urlencode "maatregel=toegangsverbod" \
	    --data-urlencode "motivering=Bedreiging aan de balie." \
	    --data-urlencode "van=2026-11-25" --data-urlencode "tot=2027-02-25" \
	    --data-urlencode "_reden=Na het ordegesprek besloten." \
	    --data-urlencode "locaties=Stadskantoor
Bestuurscentrum" "$URL/zaak/$id/stap/maatregel_opleggen")
	echo "$1 $2 $id" >>"$W/times"
	if [ "$1" != 303 ]; then
		echo "bench_web: the ban on $id: HTTP $1:" >&2
		grep -o 'class="fout"[^<]*<' "$W/post.html" | head -3 >&2 || :
	fi
done
after=$(git -C "$W/archive" rev-list --count HEAD)
n_ok=$(awk '$1 == 303' "$W/times" | wc -l)
[ "$n_ok" -eq "$WRITES" ] || bad "$((WRITES - n_ok)) of $WRITES bans refused: $(awk '$1 != 303 { print $3 ": HTTP " $1 }' "$W/times" | tr '\n' ' ')"
[ "$after" -eq $((before + WRITES)) ] || bad "$((after - before)) commits for $WRITES bans"
set -- $(awk '{ print $2 * 1000 }' "$W/times" | sort -n | awk '{ a[NR] = $1; s += $1 }
	END { i99 = int(NR * 0.99 + 0.999)
	      printf "%.1f %.1f %.1f", a[int((NR + 1) / 2)], a[i99 < 1 ? 1 : i99], 1000 * NR / s }')
row "POST ban (form), $WRITES one by one" "$3" "$1" "$2" - - "$((WRITES - n_ok))"

# --- stop, verify -------------------------------------------------------------
kill -TERM "$SERVER"
st=0; wait "$SERVER" || st=$?
SERVER=
[ "$st" -eq 0 ] || { bad "vpd serve ended with status $st"; tail -20 "$W/serve.err" >&2; }
t0=$(ms)
if "$VPD" verify >"$W/verify.out" 2>&1; then verify="ok"; else
	verify="FAILED"; bad "vpd verify"; tail -20 "$W/verify.out" >&2; fi
verify_ms=$(($(ms) - t0))

# --- report --------------------------------------------------------------------
printf '\nvpd serve at municipal scale (scripts/bench_web.sh)\n'
printf '  machine: %s CPUs, %s\n' "$(nproc)" \
    "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
printf '  archive: %s cases, %s bans with a photo in force (%s on the desk list), %s commits;\n' \
    "$CASES" "$n_bans" "$n_list" "$commits_built"
printf '           %s\n' "$built"
printf '  server:  vpd serve --threads %s; wrk -t%s -c%s -d%ss on the same machine\n' \
    "$SERVER_THREADS" "$WRK_THREADS" "$CONNECTIONS" "$DURATION"
printf '           (load average before the runs: %s)\n\n' "$load_avg"
printf '%-32s %8s %8s %8s %8s %7s %7s\n' "request" "req/s" "p50 ms" "p99 ms" \
    "alone ms" "KiB" "errors"
printf '%-32s %8s %8s %8s %8s %7s %7s\n' "--------------------------------" "--------" \
    "--------" "--------" "--------" "-------" "-------"
cat "$W/table"
printf '  (alone: one request on an idle server; errors: non-2xx answers and\n'
printf '  socket errors, timeouts after %s s included)\n' "$TIMEOUT"
printf '\n  vpd verify after the run: %s (%s.%s s)\n' "$verify" "$((verify_ms / 1000))" \
    "$(( (verify_ms % 1000) / 100 ))"
if [ "$fail" -ne 0 ]; then echo "bench_web: $fail failures" >&2; exit 1; fi
