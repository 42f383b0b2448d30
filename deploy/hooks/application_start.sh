#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/common.sh"
svc enable --now "${services[@]/%/.service}"
