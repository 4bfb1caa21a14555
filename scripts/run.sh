#!/bin/sh
# make run: vpd's web pages on the embedded archive ./archive.  When there
# is no archive yet, a demo one is made whose story is relative to today,
# so the bans list, the deadlines and the expected visitors are live.  The
# demo actors get the passwords printed below.  Ctrl-C stops the server.
set -eu
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
EX=docs/examples
PORT=${PORT:-8080}
export VPD_WORKFLOWS="$PWD/workflows"
unset VPD_ARCHIVE VPD_ACTOR VPD_NOW

# at DAYS HH:MM -- an instant DAYS days from today (negative: ago), Amsterdam
at() { TZ=Europe/Amsterdam date -d "$1 days $2" +%Y-%m-%dT%H:%M:%S%:z; }
day() { TZ=Europe/Amsterdam date -d "$1 days" +%Y-%m-%d; }
# plus_months DATE N -- N calendar months later; the 31st becomes the
# month's last day, as vpd counts them
plus_months() {
	ym=$(date -d "$(echo "$1" | cut -c1-7)-01 +$2 months" +%Y-%m)
	last=$(date -d "$ym-01 +1 month -1 day" +%d)
	d=$(echo "$1" | cut -c9-10)
	[ "$d" -le "$last" ] || d=$last
	echo "$ym-$d"
}
step() { # INSTANT ACTOR -- vpd arguments
	now=$1; actor=$2; shift 3
	VPD_NOW=$now "$VPD" --as "$actor" "$@" >/dev/null
}
incident() { # FILE INSTANT -> FILE with that tijdstip
	jq --arg t "$2" '.tijdstip = $t' "$1"
}

if [ ! -e archive/HEAD ]; then
	echo "make run: making a demo archive in ./archive (a story up to today)"
	W=$(mktemp -d)
	trap 'rm -rf "$W"' EXIT
	C="C. Coördinator"; M="M. de Manager"; R="R. Receptie"
	step "$(at -60 09:00)" "$C" -- init
	step "$(at -60 09:01)" "$C" -- actor add "$C" --role coordinator
	step "$(at -60 09:02)" "$C" -- actor add "$M" --role manager \
		--afdeling Burgerzaken --afdeling "Werk en Inkomen"
	step "$(at -60 09:03)" "$C" -- actor add "$R" --role reception
	step "$(at -60 09:04)" "$C" -- actor add "J. Juridisch" --role legal
	step "$(at -60 09:05)" "$C" -- actor add "A. Jansen" --role medewerker
	step "$(at -60 09:06)" "$C" -- actor add "P. Politie" --role police

	# Jan van der Berg: a warning he did not come for, a new incident,
	# and now a ban of three months with his photo on the desk list.
	incident $EX/incident-1.json "$(at -40 10:00)" >"$W/i1.json"
	CASE=$(VPD_NOW=$(at -40 11:00) "$VPD" --as "A. Jansen" case open \
		--workflow heerlen --person $EX/persoon.json --incident "$W/i1.json")
	step "$(at -40 16:00)" "$M" -- case event "$CASE" aangifte_gedaan \
		--set feit=bedreiging --set registratienummer=PL2300-4711
	step "$(at -39 09:00)" "$M" -- case event "$CASE" maatregel_opleggen \
		--set maatregel=waarschuwing \
		--set "motivering=U heeft een medewerker aan de balie uitgescholden en geïntimideerd." \
		--set ordegesprek="$(at -35 14:00 | cut -c1-16)" --set van="$(day -35)" \
		--set tot="$(day 145)"
	step "$(at -35 15:00)" "$M" -- case event "$CASE" niet_verschenen
	incident $EX/incident-2.json "$(at -20 09:30)" >"$W/i2.json"
	step "$(at -20 10:00)" "A. Jansen" -- case open --workflow heerlen \
		--person $EX/persoon.json --incident "$W/i2.json"
	# The manager looks after his colleague, as chapter 10 asks.
	step "$(at -20 11:00)" "$M" -- case event "$CASE" nazorggesprek \
		--set gesprek=opvang --set "medewerker=A. Jansen"
	# §8.1: the coordinator hears the clerk and sets the ban's length.
	step "$(at -19 09:30)" "$C" -- case event "$CASE" duur_vaststellen \
		--set maanden=3 --set medewerker_gehoord=ja \
		--set "notitie=A. Jansen gesproken; tweede keer beledigd, geen letsel."
	step "$(at -19 10:00)" "$M" -- case event "$CASE" maatregel_opleggen \
		--set maatregel=toegangsverbod \
		--set "motivering=Ondanks de schriftelijke waarschuwing heeft u opnieuw een medewerker beledigd." \
		--set van="$(day -18)" --set tot="$(plus_months "$(day -18)" 3)" \
		--set "locaties=Stadskantoor, Bestuurscentrum" --set telefoonverbod=ja
	step "$(at -19 11:00)" "$R" -- person photo "$CASE" $EX/foto.jpg
	step "$(at -18 10:00)" "$M" -- case event "$CASE" nazorggesprek \
		--set gesprek=eerste --set "medewerker=A. Jansen"
	step "$(at -17 10:00)" "$M" -- case event "$CASE" registratie_besproken \
		--set "toelichting=Besproken met de coördinator; geen letsel."
	step "$(at -16 10:00)" "$M" -- case event "$CASE" nazorggesprek \
		--set gesprek=tweede --set "medewerker=A. Jansen"
	# He is expected at 10:00 for a passport, with a declaration: today,
	# or on the next working day when the offices are closed today.
	v=0
	while [ "$(TZ=Europe/Amsterdam date -d "$v days" +%u)" -gt 5 ]; do v=$((v + 1)); done
	step "$(at -2 10:00)" "$M" -- case event "$CASE" eenmalige_toegang \
		--set gebouw=Stadskantoor --set tijdstip="$(at $v 10:00 | cut -c1-16)" \
		--set eind="$(at $v 10:30 | cut -c1-16)" \
		--set "handeling=Het ophalen van een paspoort" --set "medewerker=A. Jansen"

	# Karel Janssen: reported by reception yesterday; the sanction
	# letter is due within 48 hours of the incident.
	incident $EX/incident-3.json "$(at -1 09:00)" >"$W/i3.json"
	step "$(at -1 09:30)" "$R" -- case open --workflow heerlen \
		--person $EX/persoon-2.json --incident "$W/i3.json"
fi

# make run serves the embedded demo archive: it (re)sets the passwords of
# the demo actors it finds there, and prints them.
printf '\nvpd on the archive ./archive: http://127.0.0.1:%s/\n\n' "$PORT"
printf '  sign in as (role): password\n'
for pair in "A. Jansen:medewerker:demo-medewerker" "R. Receptie:receptie:demo-receptie" \
    "M. de Manager:manager:demo-manager" "C. Coördinator:coördinator:demo-coordinator" \
    "J. Juridisch:juridisch:demo-juridisch" "P. Politie:politie:demo-politie"; do
	name=${pair%%:*}; rest=${pair#*:}; role=${rest%%:*}; pw=${rest#*:}
	if printf '%s\n' "$pw" | "$VPD" actor passwd "$name" >/dev/null 2>&1; then
		printf '  %s (%s): %s\n' "$name" "$role" "$pw"
	fi
done
printf '\nCtrl-C stops the server.\n\n'
exec "$VPD" serve --workflow heerlen --listen "127.0.0.1:$PORT"
