#!/usr/bin/env bash
# Makes the local overlay's secret files (secrets/, git-ignored) with random values, once; existing files are kept.
# Production takes its Secrets from an external store instead (../production/external-secrets.yaml).
set -euo pipefail
cd "$(dirname "$0")/secrets"
umask 077
random() { head -c "$1" /dev/urandom | base64 -w0 | tr -d '/+='; } # letters and digits: they go into connection strings
make() { [[ -e $1 ]] || printf '%b' "$2" > "$1"; }
make jwt-key "$(head -c 48 /dev/urandom | base64 -w0)"
make ledger-key "$(head -c 32 /dev/urandom | base64 -w0)"
for service in listing valuation revenue-sharing cross-border; do
  database=${service//-/_}
  make "pg-$service-owner.env" "username=${database}_owner\npassword=$(random 24)\n"  # the migrations' login
  make "pg-$service-app.env" "username=${database}_app\npassword=$(random 24)\n"      # the service's login
  make "rabbitmq-$service.env" "username=$service\npassword=$(random 24)\n"
done
make rabbitmq-monitoring.env "username=monitoring\npassword=$(random 24)\n"
make otel-backend.env "authorization=\n"
echo "secrets in $(pwd)"
