#!/bin/sh
# End-to-end test of the JSON API (issue 13): tokens per actor, the
# visibility matrix, an event fired through the API landing as the CLI's
# would, problems as application/problem+json; and every response checked
# against src/web/static/openapi.json by tests/api/check.mjs (npm:
# @seriousme/openapi-schema-validator and ajv).
# Usage: e2e_api.sh VPD
set -u
VPD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/e2e_lib.sh"
export VPD_WEB="$TOP/src/web"

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
commits() { git -C archive rev-list --count HEAD; }

# api TOKEN METHOD PATH [curl args]: status in $code, body in body.json,
# and the exchange recorded for the OpenAPI check
: >responses.jsonl
api() {
	tok=$1; method=$2; path=$3; shift 3
	if [ -n "$tok" ]; then set -- -H "Authorization: Bearer $tok" "$@"; fi
	code=$(curl -s -X "$method" -o body.json -D headers.txt -w '%{http_code}' "$@" "$URL$path")
	type=$(grep -i '^content-type:' headers.txt | tail -1 | cut -d' ' -f2- | tr -d '\r')
	version=$(grep -i '^api-version:' headers.txt | tail -1 | cut -d' ' -f2- | tr -d '\r')
	case "$type" in
	*json*) body=$(jq -c . body.json 2>/dev/null || echo null) ;;
	*) body=null ;;
	esac
	jq -nc --arg m "$method" --arg p "$path" --argjson s "$code" --arg t "$type" --arg v "$version" \
	    --argjson b "$body" '{method: $m, path: $p, status: $s, type: $t, body: $b,
	    headers: (if $v == "" then {} else {"api-version": $v} end)}' >>responses.jsonl
}
want() { if [ "$code" = "$1" ]; then ok; else bad "$2: HTTP $code, wanted $1: $(head -c 300 body.json)"; fi; }

at 2026-11-20T10:30:00+01:00
run 0 "init" -- --as C init
run 0 "coordinator" -- --as C actor add C --role coordinator
run 0 "manager" -- --as C actor add M --role manager --afdeling Burgerzaken
run 0 "other manager" -- --as C actor add Z --role manager --afdeling Zorg
run 0 "reception" -- --as C actor add R --role reception
run 0 "zaaksysteem" -- --as C actor add Zaaksysteem --role manager --afdeling Burgerzaken
run 0 "a case" -- --as M case open --workflow heerlen --person "$DATA/persoon.json" --incident "$DATA/incident.json"

# --- tokens ---------------------------------------------------------------
refused "tokens: a coordinator makes them" "coordinator" -- --as M token add M --label x
refused "a token for nobody" "no active actor" -- --as C token add Niemand --label x
run 0 "a token for the zaaksysteem" -- --as C token add Zaaksysteem --label "Zaaksysteem koppeling"
TS=$(cat out)
echo "$TS" | grep -qE '^vpd_[0-9a-f]{64}$' && ok || bad "the token's form"
run 0 "tokens for Z and R" -- --as C token add Z --label "script Zorg"
TZ=$(cat out)
run 0 "a token for reception" -- --as C token add R --label "script balie"
TR=$(cat out)
run 0 "a token for the manager" -- --as C token add M --label "script manager"
TM=$(cat out)
grep -q "$TS" archive/private/tokens.json && bad "the token itself is kept" || ok
[ "$(stat -c %a archive/private/tokens.json)" = 600 ] && ok || bad "tokens.json is the owner's only"
run 0 "list" -- --as C token list --json
[ "$(jq '.tokens | length' out)" = 4 ] && ok || bad "four tokens listed"
grep -q "$TS" out && bad "list shows a token" || ok

"$VPD" serve --workflow heerlen --listen 127.0.0.1:$PORT --quiet >serve.out 2>serve.err &
SERVE=$!
i=0
while ! curl -s -o /dev/null "$URL/inloggen" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

# --- the description ------------------------------------------------------
api "" GET /api/v1/openapi.json
want 200 "the OpenAPI description, without a token"
jq -e '.openapi == "3.1.0"' body.json >/dev/null && ok || bad "OpenAPI 3.1"
cmp -s body.json "$TOP/src/web/static/openapi.json" && ok || bad "the file as shipped"

# --- authentication ---------------------------------------------------------
api "" GET /api/v1/zaken
want 401 "no token"
grep -qi '^www-authenticate: Bearer' headers.txt && ok || bad "says how to authenticate"
grep -qi '^content-type: application/problem+json' headers.txt && ok || bad "a problem"
api "vpd_$(printf '%064d' 0)" GET /api/v1/zaken
want 401 "an unknown token"
api "$TS" GET /api/v1/zaken -H "Cookie: vpd_sessie=x"
want 200 "the zaaksysteem lists its cases"
jq -e '.zaken | map(.id) == ["2026-0001"]' body.json >/dev/null && ok || bad "the case listed"
grep -qi '^api-version: 1.0.0' headers.txt && ok || bad "API-Version"
grep -qi '^set-cookie' headers.txt && bad "a cookie from the API" || ok

# --- the visibility matrix, the same as on the web ------------------------------
api "$TZ" GET /api/v1/zaken
want 200 "another department's manager"
jq -e '.zaken == []' body.json >/dev/null && ok || bad "sees none of Burgerzaken's cases"
api "$TZ" GET /api/v1/zaken/2026-0001
want 403 "and cannot open one"
api "$TS" GET /api/v1/zaken/2026-0001
want 200 "a case"
jq -e '.id == "2026-0001" and (.zicht | index("volledig")) and .persoon.achternaam == "Berg" and (has("formulieren") | not)' \
    body.json >/dev/null && ok || bad "the case with its person, opened for the actor"
api "$TS" GET /api/v1/zaken/2026-9999
want 404 "no such case"
api "$TS" GET /api/v1/zaken/2026-0001/gebeurtenissen
want 200 "the trail"
jq -e '.gebeurtenissen[0].soort == "openen" and (.gebeurtenissen[0].commit | test("^[0-9a-f]{40}$"))' body.json \
    >/dev/null && ok || bad "the first record with its commit"

# --- an event through the API: the same core, one commit --------------------
# A letter carries the signature of who took the decision under a valid
# mandate: the zaaksysteem's own actor holds none, so it cannot.
before=$(commits)
at 2026-11-20T16:00:00+01:00
api "$TS" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "aangifte_gedaan", "invoer": {"feit": "bedreiging", "registratienummer": "PL2300-2026-7"}}'
want 403 "an actor without a mandate cannot sign"
jq -e '.detail | test("mandate")' body.json >/dev/null && ok || bad "says it is the mandate"
[ "$(commits)" -eq "$before" ] && ok || bad "no commit without a mandate"
api "$TM" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "aangifte_gedaan", "invoer": {"feit": "bedreiging", "registratienummer": "PL2300-2026-7"}}'
want 201 "an event fired"
grep -qi '^location: /api/v1/zaken/2026-0001/gebeurtenissen' headers.txt && ok || bad "Location"
[ "$(commits)" -eq $((before + 1)) ] && ok || bad "one commit"
git -C archive log -1 --format=%B | grep -q "^Door: M (manager)$" && ok || bad "made by the token's actor"
git -C archive log -1 --format=%B | grep -q "^Event: aangifte_gedaan" && ok || bad "the event in the trailer"
at 2026-11-21T09:00:00+01:00
api "$TM" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "maatregel_opleggen", "invoer": {"maatregel": "waarschuwing", "motivering": "Schelden aan de balie.", "van": "2026-11-21", "tot": "2027-05-21"}}'
want 201 "a warning through the API"
api "$TS" GET /api/v1/zaken/2026-0001/documenten
want 200 "the documents"
href=$(jq -r '.documenten[-1].exemplaren[0].href' body.json)
sha=$(jq -r '.documenten[-1].exemplaren[0].sha256' body.json)
jq -e '[.documenten[].exemplaren[] | has("pdf")] | any | not' body.json >/dev/null && ok || bad "no archive paths"
api "$TS" GET "$href"
want 200 "a copy"
grep -qi '^content-type: application/pdf' headers.txt && ok || bad "a PDF"
[ "$(sha256sum body.json | cut -d' ' -f1)" = "$sha" ] && ok || bad "the copy as archived (sha256)"
# the same refusals as the CLI, as problems
before=$(commits)
api "$TM" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "duur_vaststellen", "invoer": {"maanden": 3, "medewerker_gehoord": true}}'
want 403 "a step only the coordinator takes"
jq -e '.status == 403 and (.detail | length > 0)' body.json >/dev/null && ok || bad "the problem says why"
api "$TZ" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "aangifte_gedaan", "invoer": {"feit": "bedreiging"}}'
want 403 "another department's manager cannot act"
api "$TS" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" --data '{"event": '
want 400 "broken JSON"
api "$TS" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "aangifte_gedaan", "invoer": {"feit": {"x": 1}}}'
want 400 "an input that is not text"
api "$TS" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: text/plain" --data 'event=x'
want 415 "not JSON"
# hostile bodies: nesting, invalid UTF-8, a sealed value, a long token
/usr/bin/python3 -c 'print("[" * 5000 + "]" * 5000)' >deep.json
api "$TS" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" --data-binary @deep.json
want 400 "5,000 levels of nesting"
printf '{"event": "aangifte_gedaan", "invoer": {"feit": "be\377dreiging"}}' >bad-utf8.json
api "$TM" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" --data-binary @bad-utf8.json
want 400 "invalid UTF-8"
api "$TM" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" \
    --data '{"event": "aangifte_gedaan", "invoer": {"feit": "bedreiging", "registratienummer": "PL\u001b[31m"}}'
want 400 "a control character in an input"
jq -e '.detail | test("registratienummer")' body.json >/dev/null && ok || bad "names the input: $(cat body.json)"
api "$(printf 'vpd_%02000d' 1)" GET /api/v1/zaken
want 401 "a 2,000-character token"
head -c 300000 /dev/zero | tr '\0' 'a' >big.txt
api "$TS" POST /api/v1/zaken/2026-0001/gebeurtenissen -H "Content-Type: application/json" --data-binary @big.txt
want 413 "too large"
api "$TS" GET /api/v1/bestaat-niet
want 404 "an unknown resource"
api "$TS" DELETE /api/v1/zaken
want 405 "a method the API does not take"
tr -d '\r' <headers.txt | grep -qi '^allow: GET, HEAD$' && ok || bad "Allow names what the resource takes: $(grep -i allow headers.txt)"
api "$TS" GET /api//v1/zaken
want 404 "a path the server does not take"
grep -qi '^content-type: application/problem+json' headers.txt && ok || bad "is a problem too"
[ "$(commits)" -eq "$before" ] && ok || bad "refused requests left a commit"

# --- the bans list -------------------------------------------------------------
api "$TR" GET "/api/v1/verboden?datum=2026-11-22"
want 200 "reception's list"
jq -e '.personen | length == 1' body.json >/dev/null && ok || bad "the warned person is on it"
api "$TR" GET "/api/v1/verboden?datum=morgen"
want 400 "a date that is not one"
api "$TR" GET /api/v1/zaken/2026-0001/gebeurtenissen
want 403 "reception does not read the trail"

# --- revoked and disabled ---------------------------------------------------------
id=$("$VPD" --as C token list --json | jq -r '.tokens[] | select(.label == "script Zorg") | .id')
run 0 "revoke" -- --as C token revoke "$id"
api "$TZ" GET /api/v1/zaken
want 401 "a revoked token"
run 0 "disable the reception actor" -- --as C actor disable R
api "$TR" GET "/api/v1/verboden"
want 401 "a disabled actor's token"
run 0 "enable them again" -- --as C actor add R --role reception
api "$TR" GET "/api/v1/verboden"
want 401 "their old token does not come back"
grep -c '"wat":"token gemaakt"' archive/private/access.log | grep -qx 4 && ok || bad "tokens made are in the access log"
grep '"wat":"token ingetrokken"' archive/private/access.log | grep -q '"voor":"R"' && ok ||
	bad "the tokens revoked with the disabled actor are in the access log"

kill -TERM $SERVE; wait $SERVE
[ $? = 0 ] && ok || bad "the server ended badly: $(tail -5 serve.err)"

# --- every response against the description ---------------------------------------
if node "$TOP/tests/api/check.mjs" "$TOP/src/web/static/openapi.json" responses.jsonl >check.out 2>&1; then
	ok
else
	bad "responses against openapi.json"; cat check.out
fi
grep -q "api check: [1-9][0-9]* responses" check.out && ok || bad "the check saw the responses"
run 0 "verify" -- verify

echo
echo "e2e api: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
