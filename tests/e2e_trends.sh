#!/bin/sh
# End-to-end test of the coordinator's trends (issue 13): a generated
# archive of incidents whose channels, departments, locations, behaviour,
# severity, persons, measures and letter times are chosen by this script
# and written down as they are made; every figure of `vpd report` must
# equal the count made by hand (awk) from that record.
# Usage: e2e_trends.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"

at 2026-09-01T09:00:00+02:00
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator
run 0 "manager" -- --as C actor add M --role manager --afdeling Burgerzaken \
	--afdeling "Werk en Inkomen" --afdeling Zorg
run 0 "legal" -- --as C actor add J --role legal
run 0 "reception" -- --as C actor add R --role reception

channels="balie telefoon huisbezoek email"
depts="Burgerzaken|Werk en Inkomen|Zorg"
cats="verbale_agressie:schelden persoonlijke_bedreiging:bedreiging fysiek_geweld:duwen"
pick() { echo "$2" | tr "${3:- }" '\n' | sed -n "$(( ($1 % $(echo "$2" | tr "${3:- }" '\n' | wc -l)) + 1 ))p"; }

# 20 incidents, 5 days apart from 10 September 2026: a few before and
# after the fourth quarter.  Incident 17 and 19 are by the person of
# incident 1 again; 5, 10, 15 and 20 hurt someone.
: >made.tsv
k=1
while [ $k -le 20 ]; do
	day=$(date -u -d "2026-09-10 +$(( (k - 1) * 5 )) days" +%Y-%m-%d)
	when="${day}T10:00:00Z"
	kanaal=$(pick $k "$channels")
	afd=$(pick $k "$depts" '|')
	loc=$( [ $((k % 2)) = 0 ] && echo "Stadskantoor" || echo "Wijkpost Noord")
	cs=$(pick $k "$cats"); cat=${cs%%:*}; soort=${cs#*:}
	letsel=$( [ $((k % 5)) = 0 ] && echo true || echo false)
	who=$k; [ $k = 17 ] || [ $k = 19 ] && who=1
	person p$k.json Klant "" "Achternaam$(printf %c $(printf '\\%03o' $((96 + who))))" "1970-01-$(printf %02d $who)"
	jq -n --arg t "$when" --arg k "$kanaal" --arg a "$afd" --arg l "$loc" --arg c "$cat" --arg s "$soort" \
	    --argjson letsel "$letsel" '{tijdstip: $t, locatie: $l, afdeling: $a, kanaal: $k,
	    gedrag: [{categorie: $c, soort: $s}], omschrijving: "Incident.", medewerkers: ["A. Jansen"],
	    letsel: $letsel}' >i$k.json
	at "$(date -u -d "$when +30 minutes" +%Y-%m-%dT%H:%M:%SZ)"
	run 0 "open case $k" -- --as M case open --workflow heerlen --person p$k.json --incident i$k.json
	id=$(cat out)
	# a warning 20 hours after incidents 2 and 12, 60 hours after 4 and 14
	hours=
	case $k in 2|12) hours=20 ;; 4|14) hours=60 ;; esac
	if [ -n "$hours" ]; then
		at "$(date -u -d "$when +$hours hours" +%Y-%m-%dT%H:%M:%SZ)"
		van=$(date -u -d "$when +4 days" +%Y-%m-%d)
		tot=$(date -u -d "$when +6 months" +%Y-%m-%d)
		run 0 "warning for case $k" -- --as M case event "$id" maatregel_opleggen \
			--set maatregel=waarschuwing --set "motivering=Schelden aan de balie." \
			--set van=$van --set tot=$tot --reason "Later dan 48 uur"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$day" "$kanaal" "$afd" "$loc" "$cat" "$soort" \
	    "$letsel" "$who" "${hours:--}" >>made.tsv
	k=$((k + 1))
done

at 2027-01-20T12:00:00+01:00
run 0 "report Q4 2026" -- --as C report --period 2026-Q4 --json
cp out q4.json
# the incidents of the quarter, by hand
awk -F'\t' '$1 >= "2026-10-01" && $1 <= "2026-12-31"' made.tsv >q4.tsv
want() { # JQ-EXPR EXPECTED DESCRIPTION
	got=$(jq -r "$1" q4.json)
	[ "$got" = "$2" ] && ok || bad "$3: vpd says $got, the hand count $2"
}
want .incidenten "$(wc -l <q4.tsv)" "incidents in Q4"
for m in 2026-10 2026-11 2026-12; do
	want ".per_maand[] | select(.waarde == \"$m\") | .aantal" \
	    "$(awk -F'\t' -v m=$m 'substr($1, 1, 7) == m' q4.tsv | wc -l)" "incidents in $m"
done
for c in $channels huisbezoek; do
	want ".per_kanaal[] | select(.waarde == \"$c\") | .aantal" \
	    "$(awk -F'\t' -v c=$c '$2 == c' q4.tsv | wc -l)" "channel $c"
done
for a in Burgerzaken "Werk en Inkomen" Zorg; do
	want ".per_afdeling[] | select(.waarde == \"$a\") | .aantal" \
	    "$(awk -F'\t' -v a="$a" '$3 == a' q4.tsv | wc -l)" "department $a"
done
# a home visit's location is the client's address: counted by channel
for l in Stadskantoor "Wijkpost Noord"; do
	want ".per_locatie[] | select(.waarde == \"$l\") | .aantal" \
	    "$(awk -F'\t' -v l="$l" '$4 == l && $2 != "huisbezoek"' q4.tsv | wc -l)" "location $l"
done
want '.per_locatie[] | select(.waarde == "(bij de klant thuis)") | .aantal' \
    "$(awk -F'\t' '$2 == "huisbezoek"' q4.tsv | wc -l)" "home visits, without their address"

for c in verbale_agressie persoonlijke_bedreiging fysiek_geweld; do
	want ".per_categorie[] | select(.waarde == \"$c\") | .aantal" \
	    "$(awk -F'\t' -v c=$c '$5 == c' q4.tsv | wc -l)" "category $c"
done
want .ernst.letsel "$(awk -F'\t' '$7 == "true"' q4.tsv | wc -l)" "incidents with injury"
want .recidive.personen "$(cut -f8 q4.tsv | sort -u | wc -l)" "persons in Q4"
# a person counts as repeated with more than one incident up to the end
# of the quarter (incidents before it included)
want .recidive.herhaald "$(awk -F'\t' '$1 <= "2026-12-31" {n[$8]++} END {for (p in n) if (n[p] > 1) print p}' made.tsv |
    grep -xF -f "$(cut -f8 q4.tsv | sort -u >q4-persons.txt; echo q4-persons.txt)" | wc -l)" "repeated persons"
want '.maatregelen[] | select(.waarde == "waarschuwing") | .aantal' \
    "$(awk -F'\t' '$9 != "-" {print $1}' made.tsv | while read d; do
	date -u -d "$d +4 days" +%Y-%m-%d; done | awk '$1 >= "2026-10-01" && $1 <= "2026-12-31"' | wc -l)" "warnings starting in Q4"
want .eerste_brief.met_brief "$(awk -F'\t' '$9 != "-"' q4.tsv | wc -l)" "incidents with a letter to the client"
want .eerste_brief.binnen_48_uur "$(awk -F'\t' '$9 != "-" && $9 <= 48' q4.tsv | wc -l)" "letters within 48 hours"
want .eerste_brief.zonder_brief "$(awk -F'\t' '$9 == "-"' q4.tsv | wc -l)" "incidents without a letter"
want .eerste_brief.mediaan_uren "$(awk -F'\t' '$9 != "-" {print $9}' q4.tsv | sort -n |
    awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}')" "median hours to the letter"
# the 48-hour deadline: kept by the letters within it, late by the others
want '.termijnen[] | select(.naam == "sanctiebrief") | .gehaald' \
    "$(awk -F'\t' '$9 != "-" && $9 <= 48' q4.tsv | wc -l)" "the 48-hour deadline kept"
want '.termijnen[] | select(.naam == "sanctiebrief") | .te_laat + .verlopen' \
    "$(awk -F'\t' '$9 == "-" || $9 > 48' q4.tsv | wc -l)" "the 48-hour deadline missed"

# the same figures as CSV and in the PDF report
run 0 "report as CSV and PDF" -- --as J report --period 2026-Q4 --csv q4.csv --pdf q4.pdf
head -c 3 q4.csv | od -An -tx1 | grep -q "ef bb bf" && ok || bad "the CSV starts with a byte order mark"
grep -q "^samenvatting;incidenten;Incidenten;$(wc -l <q4.tsv)" q4.csv && ok || bad "the CSV's incidents"
grep -q "^per_afdeling;Werk en Inkomen;Werk en Inkomen;$(awk -F'\t' '$3 == "Werk en Inkomen"' q4.tsv | wc -l)" q4.csv &&
	ok || bad "the CSV's departments"
qpdf --check q4.pdf >/dev/null 2>&1 && ok || bad "qpdf --check on the report"
pdftotext -enc UTF-8 q4.pdf - | tr -s ' \n' '  ' >q4.txt
has q4.txt "Rapportage over vierde kwartaal 2026" "the report's period"
has q4.txt "Termijnen uit het protocol" "the deadlines"
if grep -q "Achternaam" q4.txt q4.csv q4.json; then bad "a name in the figures"; else ok; fi
pdffonts q4.pdf | grep -q DejaVuSans && ok || bad "the report's fonts are embedded"

# who may, and bad periods: an error, never empty figures
refused "trends: not for reception" "for the coordinator and legal affairs" -- --as R report --period 2026-Q4
run 2 "a period that is not one" -- --as C report --period 2026-Q5
run 2 "a range the wrong way round" -- --as C report --period 2026-12-31..2026-10-01
run 2 "no period" -- --as C report
run 0 "a month" -- --as C report --period 2026-11 --json
want_month=$(awk -F'\t' 'substr($1, 1, 7) == "2026-11"' made.tsv | wc -l)
[ "$(jq -r .incidenten out)" = "$want_month" ] && ok || bad "the incidents of November"
run 0 "a year, as text" -- --as C report --period 2026
has out "Agressie en geweld: 2026" "the text report"
run 0 "verify" -- verify

# --- across the end of summer time ------------------------------------------
# An incident on Saturday 24 October 2026 at 10:00 and its warning on
# Monday 26 October at 09:30 are 47.5 hours apart on the wall clock but
# 48.5 real hours, as the clocks went back in between: not within 48.
# The reminder for the 48-hour letter says the Amsterdam time it is due.
at 2026-10-24T10:00:00+02:00
run 0 "init (DST)" -- --archive dst --as C init
run 0 "coordinator (DST)" -- --archive dst --as C actor add C --role coordinator --email c@g.test
run 0 "manager (DST)" -- --archive dst --as C actor add M --role manager --afdeling Burgerzaken --email m@g.test
run 0 "mail (DST)" -- --archive dst --as C mail setup --server 127.0.0.1 --port 2 --tls geen \
	--from vpd@g.test --link https://vpd.g.test
jq -n '{tijdstip: "2026-10-24T10:00:00+02:00", locatie: "=HYPERLINK(\"http://x\")", afdeling: "Burgerzaken",
    kanaal: "balie", gedrag: [{categorie: "verbale_agressie", soort: "schelden"}], omschrijving: "Incident."}' >dst-i.json
person dst-p.json Klant "" Zomertijd 1970-03-03
at 2026-10-24T10:30:00+02:00
run 0 "a case on the last Saturday of summer time" -- --archive dst --as M case open --workflow heerlen \
	--person dst-p.json --incident dst-i.json
at 2026-10-25T09:30:00+01:00
run 0 "the 24-hour reminder, after the clocks went back" -- --archive dst mail send --dry-run --json
jq -e '[.verzonden[] | select(.sleutel == "termijn/2026-0001/sanctiebrief/1/24u")
    | .onderwerp] == ["Zaak 2026-0001: sanctiebrief uiterlijk 26 oktober 09:00"]' out >/dev/null && ok ||
	bad "48 real hours: due at 09:00 on Monday: $(cat out)"
at 2026-10-26T09:30:00+01:00
run 0 "the warning, 48.5 real hours later" -- --archive dst --as M case event 2026-0001 maatregel_opleggen \
	--set maatregel=waarschuwing --set "motivering=Schelden aan de balie." --set van=2026-10-27 \
	--set tot=2027-04-27 --reason "Pas na het weekend"
run 0 "report of October" -- --archive dst --as C report --period 2026-10 --json --csv dst.csv
jq -e '.eerste_brief.met_brief == 1 and .eerste_brief.binnen_48_uur == 0 and .eerste_brief.mediaan_uren == 48.5' \
    out >/dev/null && ok || bad "48.5 real hours, not within 48: $(jq -c .eerste_brief out)"
jq -e '.termijnen[] | select(.naam == "sanctiebrief") | .te_laat == 1' out >/dev/null && ok ||
	bad "the 48-hour deadline was met late"
# a location typed as a spreadsheet formula stays text in the CSV
grep -q "^per_locatie;\"'=HYPERLINK" dst.csv && ok || bad "a formula in the CSV: $(grep per_locatie dst.csv)"
run 2 "a period with a line break" -- --archive dst --as C report --period "$(printf '2026-10\n2026')"
run 2 "a very long period" -- --archive dst --as C report --period "$(printf '%0300d' 7)"

echo
echo "e2e trends: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
