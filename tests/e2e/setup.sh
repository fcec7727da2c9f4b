#!/usr/bin/env bash
# Installs what the browser end-to-end tests need on a fresh Debian machine (run as root):
# Debian's Chromium (only when /usr/bin/chromium is missing) and the npm packages of the
# lockfile. Exits non-zero when anything is still missing afterwards.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "tests/e2e/setup.sh: /usr/bin/chromium is missing; run as root or apt-get install chromium" >&2
    exit 1
  fi
  echo "== apt-get install chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

for tool in node npm python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "tests/e2e/setup.sh: required tool '$tool' is missing" >&2; exit 1; }
done

echo "== npm ci (tests/e2e)"
npm ci --no-audit --no-fund --loglevel=error

missing=0
[ -x /usr/bin/chromium ] || { echo "tests/e2e/setup.sh: /usr/bin/chromium is still missing" >&2; missing=1; }
for mod in playwright-core scorm-again axe-core @axe-core/playwright @learninglocker/xapi-validation; do
  [ -f "node_modules/$mod/package.json" ] || { echo "tests/e2e/setup.sh: node_modules/$mod is missing" >&2; missing=1; }
done
[ -f node_modules/scorm-again/dist/scorm12.js ] || { echo "tests/e2e/setup.sh: scorm-again's dist/scorm12.js is missing" >&2; missing=1; }
/usr/bin/chromium --version >/dev/null 2>&1 || { echo "tests/e2e/setup.sh: /usr/bin/chromium does not run" >&2; missing=1; }
exit "$missing"
