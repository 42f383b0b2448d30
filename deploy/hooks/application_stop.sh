#!/usr/bin/env bash
# Stop both services; on the very first deployment they do not exist yet, which is fine.
set -euo pipefail
source "$(dirname "$0")/common.sh"
for unit in "${services[@]}"; do
  if svc list-unit-files "$unit.service" >/dev/null 2>&1; then
    svc stop "$unit.service" || true
  fi
done
