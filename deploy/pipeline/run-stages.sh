#!/usr/bin/env bash
# The supply-chain pipeline's stages, one function each, so that GitHub Actions, GitLab CI,
# CodeBuild and the functional test (tests/functional/pipeline/) run the very same commands:
#
#   source → build → test → review → publish → attest → promote → deploy
#
# Usage: deploy/pipeline/run-stages.sh STAGE [STAGE…]   (or `all`), from the project's root.
# Each stage exits non-zero to stop the pipeline; later stages are then not run. `setup`
# (not part of `all`) installs the pipeline's own tools into $PYTHON's environment, from the
# registry too: codeyard (reviewbot, registry), build, twine, pytest.
#
# Settings (environment):
#   PIPELINE_REGISTRY         registry base URL, e.g. https://packages.internal (required)
#   PIPELINE_STAGING          repository that receives reviewed builds       (staging)
#   PIPELINE_RELEASE          repository deployments install from            (release)
#   PIPELINE_DEPS_REPO        repository dependencies install from           ($PIPELINE_RELEASE)
#   REGISTRY_READ_TOKEN       read token on PIPELINE_DEPS_REPO and PIPELINE_RELEASE
#   REGISTRY_PUBLISH_TOKEN    publish token on PIPELINE_STAGING (twine, reviewbot attest)
#   REVIEWBOT_ATTESTATION_KEY the bot's Ed25519 signing key (a file; `reviewbot keygen`)
#   PIPELINE_BASE / PIPELINE_HEAD   the change: merge-base(BASE, HEAD)..HEAD   (origin/main, HEAD)
#   PIPELINE_PR               pull request number, recorded in the attestation (optional)
#   PIPELINE_FAIL_ON          review gate on findings                        (high)
#   PIPELINE_MAX_RISK         review gate on the defect risk, empty for none (0.6)
#   PIPELINE_BUILD_ARGS       extra `python -m build` options (e.g. --no-isolation)
#   PIPELINE_TESTS            what pytest runs                               (tests)
#   PIPELINE_SMOKE            `python -m` check run in the deployed venv     (pip check)
#   PIPELINE_WORK             scratch directory                              (.pipeline)
#   PYTHON                    the interpreter with build, twine, pytest, codeyard (python3)
# Promotion runs `registry copy`, which needs the registry's settings as every `registry`
# command does: REGISTRY_DATABASE_URL (or REGISTRY_DATA_DIR on a single host) and
# REGISTRY_ATTESTATION_KEYS (the bot's public key: the copy checks attestations itself).
set -euo pipefail

: "${PIPELINE_REGISTRY:?set PIPELINE_REGISTRY to the registry base URL, e.g. https://packages.internal}"
registry="${PIPELINE_REGISTRY%/}"
staging="${PIPELINE_STAGING:-staging}"
release="${PIPELINE_RELEASE:-release}"
deps_repo="${PIPELINE_DEPS_REPO:-$release}"
base="${PIPELINE_BASE:-origin/main}"
head="${PIPELINE_HEAD:-HEAD}"
fail_on="${PIPELINE_FAIL_ON:-high}"
max_risk="${PIPELINE_MAX_RISK-0.6}"
work="${PIPELINE_WORK:-.pipeline}"
python="${PYTHON:-python3}"
bin="$(dirname "$(command -v "$python")")"
tool() { if [ -x "$bin/$1" ]; then echo "$bin/$1"; else echo "$1"; fi; }

# pip and uv see only the registry: no configuration file, no other index (--index-url with
# the read token; never --extra-index-url, which the review itself flags).
index_url() { # repository → its simple index URL with the read token
  local scheme="${registry%%://*}" rest="${registry#*://}"
  echo "${scheme}://__token__:${REGISTRY_READ_TOKEN:?set REGISTRY_READ_TOKEN}@${rest}/$1/simple/"
}
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 UV_NO_CONFIG=1
unset PIP_EXTRA_INDEX_URL PIP_INDEX_URL PIP_FIND_LINKS UV_EXTRA_INDEX_URL UV_INDEX_URL UV_INDEX

say() { echo "== pipeline: $*" >&2; }

gates() {
  echo --fail-on "$fail_on"
  if [ -n "$max_risk" ]; then echo --max-risk "$max_risk"; fi
}

built() { # the distributions of this build, wheels first
  local files=(dist/*.whl dist/*.tar.gz)
  local found=()
  for f in "${files[@]}"; do [ -f "$f" ] && found+=("$f"); done
  if [ ${#found[@]} -eq 0 ]; then echo "no distributions in dist/: run the build stage" >&2; exit 2; fi
  printf '%s\n' "${found[@]}"
}

project_version() { # "name version" of the wheel in dist/
  "$python" - "$(built | head -n 1)" <<'EOF'
import sys
from pathlib import Path
from packaging.utils import parse_sdist_filename, parse_wheel_filename
name = Path(sys.argv[1]).name
parsed = parse_wheel_filename(name) if name.endswith(".whl") else parse_sdist_filename(name)
print(parsed[0], parsed[1])
EOF
}

stage_setup() {
  say "setup: the pipeline's tools from $deps_repo"
  "$python" -m pip install --quiet --index-url "$(index_url "$deps_repo")" \
    codeyard build twine pytest
}

stage_source() {
  say "source: $(git rev-parse --short "$head") against merge-base with $base"
  git rev-parse --verify --quiet "$base^{commit}" >/dev/null \
    || { echo "base $base is not in this clone: fetch it (e.g. git fetch origin main)" >&2; exit 2; }
  git diff --quiet HEAD || { echo "the work tree has uncommitted changes: build commits only" >&2; exit 2; }
}

stage_build() {
  say "build"
  rm -rf dist
  # shellcheck disable=SC2086  # PIPELINE_BUILD_ARGS holds several words on purpose
  PIP_INDEX_URL="$(index_url "$deps_repo")" "$python" -m build ${PIPELINE_BUILD_ARGS:-} --outdir dist .
}

stage_test() {
  say "test: the built wheel with its dependencies from $deps_repo"
  rm -rf "$work/test-site"
  mkdir -p "$work"
  "$python" -m pip install --quiet --index-url "$(index_url "$deps_repo")" \
    --target "$work/test-site" "$(built | grep '\.whl$' | head -n 1)"
  # shellcheck disable=SC2086
  PYTHONPATH="$PWD/$work/test-site" "$python" -m pytest -q -p no:cacheprovider ${PIPELINE_TESTS:-tests}
}

stage_review() {
  say "review: gate $(gates | tr '\n' ' ')"
  # Dependencies are checked against the repository builds install from (typosquats,
  # confusion candidates), and any index the change adds is flagged on its line.
  # shellcheck disable=SC2046  # gates prints options, one word each
  REVIEWBOT_REGISTRY_URL="$registry/$deps_repo/" REVIEWBOT_REGISTRY_TOKEN="${REGISTRY_READ_TOKEN:-}" \
    "$(tool reviewbot)" review --base "$base" --head "$head" $(gates) --format text
}

stage_publish() {
  say "publish: to $staging"
  mapfile -t files < <(built)
  "$(tool twine)" upload --non-interactive --disable-progress-bar --config-file /dev/null \
    --repository-url "$registry/$staging/" -u __token__ \
    -p "${REGISTRY_PUBLISH_TOKEN:?set REGISTRY_PUBLISH_TOKEN}" "${files[@]}"
}

stage_attest() {
  say "attest: the review's verdict for each file, signed, on $staging"
  mapfile -t files < <(built)
  pr=()
  if [ -n "${PIPELINE_PR:-}" ]; then pr=(--pr "$PIPELINE_PR"); fi
  # shellcheck disable=SC2046
  REVIEWBOT_REGISTRY_URL="$registry/$deps_repo/" REVIEWBOT_REGISTRY_TOKEN="${REGISTRY_READ_TOKEN:-}" \
  REVIEWBOT_ATTESTATION_TOKEN="${REGISTRY_PUBLISH_TOKEN:?set REGISTRY_PUBLISH_TOKEN}" \
    "$(tool reviewbot)" attest --base "$base" --head "$head" --registry "$registry/$staging/" \
    "${pr[@]}" $(gates) --envelope-dir "$work/attestations" "${files[@]}"
}

stage_promote() {
  read -r project version < <(project_version)
  say "promote: $project $version from $staging to $release (the registry applies $release's policy)"
  "$(tool registry)" copy --from "$staging" --to "$release" "$project" "$version"
}

stage_deploy() {
  read -r project version < <(project_version)
  say "deploy: $project==$version from $release into a fresh venv"
  # What the CodeDeploy bundle's AfterInstall does (deploy/hooks/after_install.sh with
  # CODEYARD_INSTALL_SPEC and CODEYARD_PIP_OPTIONS): install the release, nothing else.
  rm -rf "$work/deploy"
  "$python" -m venv "$work/deploy"
  "$work/deploy/bin/python" -m pip install --quiet --index-url "$(index_url "$release")" \
    "$project==$version"
  # from the scratch directory, so the check imports the installed package, not the sources
  # shellcheck disable=SC2086  # PIPELINE_SMOKE is a module and its arguments
  (cd "$work" && deploy/bin/python -m ${PIPELINE_SMOKE:-pip check})
  # The CodeDeploy bundle (deploy/appspec.yml) then installs exactly this release from
  # `release` on each host: AfterInstall reads CODEYARD_INSTALL_SPEC from this file.
  mkdir -p deploy
  echo "CODEYARD_INSTALL_SPEC=$project==$version" > deploy/release.env
}

if [ $# -eq 0 ]; then
  echo "usage: $0 STAGE… | all   (stages: setup source build test review publish attest promote deploy)" >&2
  exit 2
fi
stages=("$@")
if [ "$*" = all ]; then stages=(source build test review publish attest promote deploy); fi
for stage in "${stages[@]}"; do
  case "$stage" in
    setup|source|build|test|review|publish|attest|promote|deploy) "stage_$stage" ;;
    *) echo "unknown stage $stage (setup source build test review publish attest promote deploy)" >&2; exit 2 ;;
  esac
done
