#!/usr/bin/env bash
# Quick start: build Scribe, replay the shipped example incident into
# ./scribe-data (a second run changes nothing: events apply once), show where
# its postmortem draft is, then open the terminal chat. Extra arguments go to
# `scribe console` (e.g. --as dana).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
build/bot/app/scribe replay examples/db-pool-exhaustion.txt
echo "Drafts: $(ls scribe-data/drafts/*/*-postmortem.md 2>/dev/null | tr '\n' ' ')"
exec build/bot/app/scribe console "$@"
