#!/usr/bin/env bash
# deploy/local/demo.sh [URL] - drive the thin slice against a running gateway (default
# http://127.0.0.1:8080) and print the deal's account and its audit trace:
#
#   university fudan: invention (3 contributors) -> listing on STEX -> publish
#   wait until cross-border lists it on STEX
#   exchange STEX: deal (exclusive licence, 1,000,000.00 CNY)
#   university fudan: cost 30,000.00 CNY, receipt 1,000,000.00 CNY (retried until
#   revenue-sharing has heard of the deal)
#   account and trace; check that the reward pool is ceil(rewardShare x net income)
#
# Tokens come from `./platform token`, signed with $PLATFORM_JWT_KEY when set, else with the
# checkout's local key (.local/jwt-key) that `./platform up` uses. Against docker-compose.yml, run
# it with the PLATFORM_JWT_KEY the containers were started with (compose has no default key), e.g.
#   PLATFORM_JWT_KEY="$PLATFORM_JWT_KEY" deploy/local/demo.sh
#
# Needs curl, grep and sed (pretty-prints with jq or python3 when one exists).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
URL=${1:-http://127.0.0.1:8080}
URL=${URL%/}
WAIT_SECONDS=30

say() { printf '%s\n' "$*" >&2; }
die() { say "demo: $*"; exit 1; }

command -v curl >/dev/null || die "curl is needed"

TMP=$(mktemp)
trap 'rm -f "$TMP"' EXIT

token() { "$ROOT/platform" token "$@" || die "could not make a token: ./platform token $*"; }

HTTP_STATUS=
HTTP_BODY=
# request METHOD PATH TOKEN [JSON]: sets HTTP_STATUS and HTTP_BODY.
request() {
  local method=$1 path=$2 bearer=$3 body=${4:-}
  local args=(-sS -o "$TMP" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $bearer" -H 'Accept: application/json')
  if [[ -n $body ]]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
  : >"$TMP"
  HTTP_STATUS=$(curl "${args[@]}" "$URL$path") \
    || die "cannot reach $URL$path (curl failed; is the platform up? ./platform up)"
  HTTP_BODY=$(cat "$TMP")
}

# expect STATUS WHAT: fail with the status and the body unless the last request answered STATUS.
expect() {
  local want=$1 what=$2
  if [[ $HTTP_STATUS != "$want" ]]; then
    say "demo: $what failed: HTTP $HTTP_STATUS (expected $want)"
    say "$HTTP_BODY"
    if [[ $HTTP_STATUS == 401 ]]; then
      say "demo: 401: the platform signs tokens with another key; set PLATFORM_JWT_KEY to the key it runs with"
    fi
    exit 1
  fi
}

# json_string KEY: the first string value of KEY in HTTP_BODY (flat grep, good enough for our answers).
json_string() {
  printf '%s' "$HTTP_BODY" | grep -o "\"$1\" *: *\"[^\"]*\"" | head -1 | sed 's/.*: *"\([^"]*\)"$/\1/' || true
}

# money_amount KEY: the amount of the money object KEY in HTTP_BODY.
money_amount() {
  printf '%s' "$HTTP_BODY" | grep -o "\"$1\" *: *{ *\"amount\" *: *\"[^\"]*\"" | head -1 | sed 's/.*"amount" *: *"\([^"]*\)"$/\1/' || true
}

pretty() {
  if command -v jq >/dev/null 2>&1; then
    printf '%s\n' "$1" | jq . 2>/dev/null || printf '%s\n' "$1"
  elif command -v python3 >/dev/null 2>&1; then
    printf '%s\n' "$1" | python3 -m json.tool 2>/dev/null || printf '%s\n' "$1"
  else
    printf '%s\n' "$1"
  fi
}

# to_minor AMOUNT: "970000.5" -> 97000050 (CNY has 2 minor digits).
to_minor() {
  local value=$1 whole frac
  [[ $value =~ ^[0-9]+(\.[0-9]{1,2})?$ ]] || die "not a CNY amount: '$value'"
  whole=${value%%.*}
  if [[ $value == *.* ]]; then frac=${value#*.}; else frac=; fi
  frac=${frac}00
  echo $((10#$whole * 100 + 10#${frac:0:2}))
}

# post_when_concluded PATH TOKEN JSON WHAT: POST, retried while revenue-sharing answers 422
# deal-not-concluded (it learns about the deal from the deal.concluded event).
post_when_concluded() {
  local path=$1 bearer=$2 body=$3 what=$4 deadline=$((SECONDS + WAIT_SECONDS))
  while :; do
    request POST "$path" "$bearer" "$body"
    if [[ $HTTP_STATUS == 422 ]] && grep -q '/problems/deal-not-concluded' <<<"$HTTP_BODY"; then
      ((SECONDS < deadline)) || die "$what: revenue-sharing still does not know the deal after ${WAIT_SECONDS}s (HTTP $HTTP_STATUS): $HTTP_BODY"
      sleep 0.5
      continue
    fi
    expect 201 "$what"
    return
  done
}

curl -fsS -o /dev/null "$URL/health/ready" 2>/dev/null \
  || die "the gateway at $URL is not ready (GET /health/ready failed); start the platform: ./platform up"

UNIVERSITY=$(token university fudan)
EXCHANGE=$(token exchange STEX)
AUDITOR=$(token auditor)

RUN_ID="$(date +%Y%m%d%H%M%S)-$RANDOM"
NOW=$(date +%Y-%m-%dT%H:%M:%S%:z)

say "1. invention (university fudan)"
request POST /api/inventions "$UNIVERSITY" '{
  "title": "Solid-state electrolyte for sodium batteries (demo '"$RUN_ID"')",
  "abstract": "A sulfide solid electrolyte with high ionic conductivity at room temperature.",
  "field": "new_energy",
  "ipcClass": "H01M",
  "trl": 4,
  "contributors": [
    {"personId": "p-001", "name": "Li Wei", "share": "0.34", "mainContributor": true,
     "role": "inventor", "unitHead": false, "leadershipPost": false},
    {"personId": "p-002", "name": "Wang Fang", "share": "0.33", "mainContributor": true,
     "role": "inventor", "unitHead": false, "leadershipPost": false},
    {"personId": "p-003", "name": "Zhang Min", "share": "0.33", "mainContributor": false,
     "role": "inventor", "unitHead": false, "leadershipPost": false}
  ],
  "ipAssets": [{"kind": "patent", "number": "CN114000000B", "jurisdiction": "CN", "status": "granted"}],
  "rights": {"model": "unit_owned"},
  "exportControl": {"class": "free", "dualUse": false}
}'
expect 201 "POST /api/inventions"
INVENTION_ID=$(printf '%s' "$HTTP_BODY" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
[[ -n $INVENTION_ID ]] || die "no invention id in: $HTTP_BODY"
say "   invention $INVENTION_ID"

say "2. listing on STEX"
request POST /api/listings "$UNIVERSITY" '{
  "inventionId": "'"$INVENTION_ID"'",
  "modes": ["exclusive_licence", "non_exclusive_licence"],
  "pricing": {"method": "exchange_listing", "askingPrice": {"amount": "1200000.00", "currency": "CNY"}},
  "exchanges": ["STEX"]
}'
expect 201 "POST /api/listings"
LISTING_ID=$(printf '%s' "$HTTP_BODY" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
[[ -n $LISTING_ID ]] || die "no listing id in: $HTTP_BODY"
say "   listing $LISTING_ID"

request POST "/api/listings/$LISTING_ID/publish" "$UNIVERSITY"
expect 200 "POST /api/listings/$LISTING_ID/publish"
say "   published"

say "3. waiting for STEX to list it (up to ${WAIT_SECONDS}s)"
deadline=$((SECONDS + WAIT_SECONDS))
while :; do
  request GET "/api/exchange-listings?listingId=$LISTING_ID" "$EXCHANGE"
  expect 200 "GET /api/exchange-listings?listingId=$LISTING_ID"
  if grep -Eq '"exchange" *: *"STEX" *, *"status" *: *"listed"' <<<"$HTTP_BODY"; then break; fi
  if grep -Eq '"exchange" *: *"STEX" *, *"status" *: *"not_listed"' <<<"$HTTP_BODY"; then
    die "STEX did not list the listing: $HTTP_BODY"
  fi
  ((SECONDS < deadline)) || die "STEX has not listed $LISTING_ID after ${WAIT_SECONDS}s; last answer: $HTTP_BODY"
  sleep 0.5
done
say "   listed on STEX"

say "4. deal (exchange STEX): exclusive licence, 1000000.00 CNY"
request POST /api/deals "$EXCHANGE" '{
  "listingId": "'"$LISTING_ID"'",
  "mode": "exclusive_licence",
  "pricingMethod": "exchange_listing",
  "price": {"amount": "1000000.00", "currency": "CNY"},
  "buyer": {"name": "Acme Ltd", "country": "CN"},
  "exportLicenceNo": null,
  "contractEffectiveAt": null,
  "equity": null
}'
expect 201 "POST /api/deals"
DEAL_ID=$(printf '%s' "$HTTP_BODY" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
[[ -n $DEAL_ID ]] || die "no deal id in: $HTTP_BODY"
say "   deal $DEAL_ID ($(json_string status))"

say "5. cost 30000.00 CNY (maintenance), waiting for revenue-sharing to know the deal (up to ${WAIT_SECONDS}s)"
post_when_concluded /api/costs "$UNIVERSITY" '{
  "dealId": "'"$DEAL_ID"'",
  "category": "maintenance",
  "amount": {"amount": "30000.00", "currency": "CNY"},
  "incurredAt": "'"$NOW"'",
  "evidenceRef": "annuity-2026"
}' "POST /api/costs"
say "   cost $(json_string id)"

say "6. receipt 1000000.00 CNY (upfront)"
post_when_concluded /api/receipts "$UNIVERSITY" '{
  "dealId": "'"$DEAL_ID"'",
  "amount": {"amount": "1000000.00", "currency": "CNY"},
  "receivedAt": "'"$NOW"'",
  "kind": "upfront",
  "withholdingTax": null,
  "reference": "DEMO-'"$RUN_ID"'"
}' "POST /api/receipts"
say "   receipt $(json_string id)"

say "7. the deal's account (university fudan)"
request GET "/api/revenue/deals/$DEAL_ID" "$UNIVERSITY"
expect 200 "GET /api/revenue/deals/$DEAL_ID"
ACCOUNT=$HTTP_BODY
pretty "$ACCOUNT"

say "8. the deal's audit trace (auditor)"
request GET "/api/audit/deals/$DEAL_ID/trace" "$AUDITOR"
expect 200 "GET /api/audit/deals/$DEAL_ID/trace"
pretty "$HTTP_BODY"

HTTP_BODY=$ACCOUNT
NET=$(money_amount netIncome)
POOL=$(money_amount rewardPool)
SHARE=$(json_string rewardShare)
[[ -n $NET && -n $POOL && -n $SHARE ]] || die "the account lacks netIncome, rewardPool or rewardShare: $ACCOUNT"
[[ $SHARE =~ ^0\.[0-9]{1,6}$ ]] || die "unexpected rewardShare '$SHARE'"
# ceil(share x net) in minor units, exactly: share = digits / 10^n.
share_digits=${SHARE#0.}
share_scale=$((10 ** ${#share_digits}))
net_minor=$(to_minor "$NET")
pool_minor=$(to_minor "$POOL")
expected_minor=$(((net_minor * 10#$share_digits + share_scale - 1) / share_scale))
expected=$(printf '%d.%02d' $((expected_minor / 100)) $((expected_minor % 100)))
if [[ $pool_minor -eq $expected_minor ]]; then
  printf 'demo: deal %s: net income %s CNY, reward pool %s CNY = ceil(%s x %s) - OK\n' "$DEAL_ID" "$NET" "$POOL" "$SHARE" "$NET"
else
  printf 'demo: deal %s: net income %s CNY, reward pool %s CNY, but ceil(%s x %s) = %s - MISMATCH\n' \
    "$DEAL_ID" "$NET" "$POOL" "$SHARE" "$NET" "$expected" >&2
  exit 1
fi
