#!/usr/bin/env bash
# Chromium (Debian's package) and axe-core (npm) for the browser tests.
# Idempotent: does nothing when both are already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Chromium from Debian's packages…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q chromium >/dev/null || {
            apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
        }
    else
        echo "Chromium is missing: run 'sudo apt-get install -y chromium'." >&2
        exit 1
    fi
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "Installing axe-core from npm…"
        npm ci --no-audit --no-fund --silent
    else
        echo "npm is missing: install Node.js to run the accessibility checks." >&2
        exit 1
    fi
fi
