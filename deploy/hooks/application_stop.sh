#!/usr/bin/env bash
# Stop both services; on the very first deployment they do not exist yet, which is fine.
set -euo pipefail
for unit in codeyard-registry codeyard-reviewbot; do
  if systemctl list-unit-files "$unit.service" >/dev/null 2>&1; then
    systemctl stop "$unit.service" || true
  fi
done
