#!/usr/bin/env bash
# Makes the local overlay's secret files (secrets/, git-ignored) with random values, once; existing files are kept.
# Production takes its Secrets from an external store instead (../production/external-secrets.yaml).
set -euo pipefail
cd "$(dirname "$0")/secrets"
random() { head -c "$1" /dev/urandom | base64 -w0 | tr -d '/+=' ; }
make() { [[ -e $1 ]] || { umask 077; printf '%s' "$2" > "$1"; }; }
make jwt-key "$(head -c 48 /dev/urandom | base64 -w0)"
make ledger-key "$(head -c 32 /dev/urandom | base64 -w0)"
make pg-listing-owner.env "username=listing_owner
password=$(random 24)
"
make pg-valuation-owner.env "username=valuation_owner
password=$(random 24)
"
make pg-revenue-sharing-owner.env "username=revenue_sharing_owner
password=$(random 24)
"
make pg-cross-border-owner.env "username=cross_border_owner
password=$(random 24)
"
make pg-listing-app.env "username=listing_app
password=$(random 24)
"
make pg-valuation-app.env "username=valuation_app
password=$(random 24)
"
make pg-cross-border-app.env "username=cross_border_app
password=$(random 24)
"
make pg-revenue-sharing-app.env "username=revenue_sharing_app
password=$(random 24)
"
make rabbitmq-listing.env "username=listing
password=$(random 24)
"
make rabbitmq-valuation.env "username=valuation
password=$(random 24)
"
make rabbitmq-revenue-sharing.env "username=revenue-sharing
password=$(random 24)
"
make rabbitmq-cross-border.env "username=cross-border
password=$(random 24)
"
make rabbitmq-monitoring.env "username=monitoring
password=$(random 24)
"
make otel-backend.env "authorization=
"
echo "secrets in $(pwd)"
