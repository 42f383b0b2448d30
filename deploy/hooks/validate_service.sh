#!/usr/bin/env bash
# The deployment succeeds only when both services answer on their health endpoints.
set -euo pipefail
check() {
  local url=$1
  for _ in $(seq 1 30); do
    if curl --silent --fail --max-time 2 "$url" >/dev/null; then return 0; fi
    sleep 1
  done
  echo "service did not become healthy: $url" >&2
  return 1
}
check http://127.0.0.1:8080/health
check http://127.0.0.1:8090/healthz
