#!/usr/bin/env bash
# Screenshots of the web view for docs/screenshots/, taken by the browser the
# tests use (Debian's headless Chromium) from `scribe web` over the seed
# incident and two more. Needs a build (scripts/test.sh) and chromium.
#   scripts/screenshots.sh [build dir, default build]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
scribe="$build/bot/app/scribe"
[ -x "$scribe" ] || { echo "screenshots: no $scribe; build first (scripts/test.sh)" >&2; exit 1; }
command -v chromium >/dev/null || { echo "screenshots: chromium is not installed" >&2; exit 1; }
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))
cat > "$work/scribe.toml" <<TOML
timezone = "UTC"
data_dir = "$work/data"
[http]
listen = "127.0.0.1:$port"
TOML
"$scribe" replay examples/db-pool-exhaustion.txt --config "$work/scribe.toml" >/dev/null
cat > "$work/more.txt" <<'TXT'
2026-03-20T09:00:00Z #billing sam: /incident start Billing export slow sev:P3
2026-03-20T09:02:00Z #billing sam: /incident service billing
2026-03-20T09:05:00Z #billing sam: /incident impact 08:50 exports queued behind the nightly job
2026-03-20T09:06:00Z #billing sam: the nightly job holds a lock on the invoices table
2026-03-20T09:20:00Z #billing sam: /incident detected 09:10 support ticket from finance
2026-03-21T16:40:00Z #search lee: /incident start Search results stale sev:P2
2026-03-21T16:41:00Z #search lee: /incident impact 16:05 index stopped refreshing
2026-03-21T16:42:00Z #search lee: /incident detected 16:35 freshness alert
TXT
"$scribe" replay "$work/more.txt" --config "$work/scribe.toml" >/dev/null
"$scribe" web --config "$work/scribe.toml" 2>"$work/web.log" &
server=$!
for _ in $(seq 100); do grep -q "incidents on" "$work/web.log" && break; sleep 0.1; done
mkdir -p docs/screenshots
shot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile-$1" --window-size=1280,"$3" \
    --screenshot="docs/screenshots/$1.png" "http://127.0.0.1:$port$2" 2>/dev/null
  echo "docs/screenshots/$1.png"
}
shot incidents / 560
shot incident /incidents/INC-1 1500
shot insights /insights 900
