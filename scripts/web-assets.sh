#!/usr/bin/env bash
# Build the web UI's front-end assets: install the npm packages pinned in
# polybius/api/web/package-lock.json (npm ci, in build/web-assets) and copy their
# distribution files into polybius/api/web/static/vendor (git-ignored). Nothing is fetched
# at run time. Without npm it tries apt-get (as root); otherwise it says what to do and fails.
# Safe to run again: it does nothing while the copied files match the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB=polybius/api/web
VENDOR=$WEB/static/vendor
BUILD=build/web-assets
STAMP=$VENDOR/.lock-sha256
FILES=(
    "chart.js/dist/chart.umd.min.js:chart.umd.min.js"
    "chart.js/LICENSE.md:chart.js-LICENSE.md"
    "cytoscape/dist/cytoscape.min.js:cytoscape.min.js"
    "cytoscape/LICENSE:cytoscape-LICENSE"
)

lock_sum() { sha256sum "$WEB/package-lock.json" | cut -d' ' -f1; }

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(lock_sum)" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "web-assets: installing nodejs and npm with apt-get" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } \
            >/dev/null 2>&1 || true
    fi
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "web-assets: WARNING: npm is not installed; install Node.js and npm" \
        "(apt-get install nodejs npm) and run scripts/web-assets.sh" >&2
    exit 1
fi
rm -rf "$BUILD"
mkdir -p "$BUILD" "$VENDOR"
cp "$WEB/package.json" "$WEB/package-lock.json" "$BUILD/"
(cd "$BUILD" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
for pair in "${FILES[@]}"; do
    cp "$BUILD/node_modules/${pair%%:*}" "$VENDOR/${pair##*:}"
done
lock_sum >"$STAMP"
echo "web-assets: front-end libraries copied to $VENDOR" >&2
