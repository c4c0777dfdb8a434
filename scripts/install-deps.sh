#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the benchmarks need,
# plus any named as arguments.
# Idempotent: packages already present are skipped, so a second run costs a few seconds.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev openssl
  libsqlite3-dev libsqlitecpp-dev
  libkainjow-mustache-dev libtomlplusplus-dev
  libhowardhinnant-date-dev tzdata
  catch2
  libedit-dev  # line editing and history in `scribe console`
  libspdlog-dev libfmt-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev  # drafts rendered on the web view
  systemd  # systemd-analyze: the install test checks deploy/scribe.service offline
  prometheus-alertmanager  # the real sender of the signals integration test
  chromium  # headless, the browser of the web view's integration tests
)

packages+=("$@")  # extra packages a script needs (e.g. fuzz.sh: clang, libFuzzer)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
