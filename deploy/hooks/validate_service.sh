#!/usr/bin/env bash
# The deployment succeeds only when both services say they are ready (/readyz: database, blob
# store and delivery log reachable), not merely alive. When the new release is not, switch
# 'current' back to the previous release, restart it, and still fail, so CodeDeploy reports
# the broken revision while the old one keeps serving.
set -euo pipefail
source "$(dirname "$0")/common.sh"
check() {
  local url=$1
  for _ in $(seq 1 "${CODEYARD_HEALTH_WAIT:-30}"); do
    if curl --silent --fail --max-time 2 "$url" >/dev/null; then return 0; fi
    sleep 1
  done
  echo "service did not become healthy: $url" >&2
  return 1
}
healthy() { check "$registry_url/readyz" && check "$reviewbot_url/readyz"; }
if healthy; then exit 0; fi
if [ -L "$opt/previous" ]; then
  echo "validate_service: rolling back to $(readlink "$opt/previous")" >&2
  ln -sfn "$(readlink "$opt/previous")" "$opt/current.new"
  mv -T "$opt/current.new" "$opt/current"
  svc restart "${services[@]/%/.service}" || true
  if healthy; then echo "validate_service: previous release is serving again" >&2; fi
fi
exit 1
