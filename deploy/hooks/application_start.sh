#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/common.sh"
svc enable --now "${services[@]/%/.service}"
# retrains each repository's own defect model when due (a oneshot service on a timer)
svc enable --now codeyard-reviewbot-retrain.timer
