#!/usr/bin/env bash
set -euo pipefail
systemctl enable --now codeyard-registry.service codeyard-reviewbot.service
