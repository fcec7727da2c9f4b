#!/usr/bin/env bash
# Browser end-to-end tests: builds the course's packages for every target with the project's
# binary, unpacks each into its own folder and runs the node --test suite against them in Debian's
# headless Chromium. Run tests/e2e/setup.sh once before (it installs Chromium and node_modules).
# A missing tool or package is a failure, never a skip.
#
#   tests/e2e/run.sh                 # the real course (course/)
#   COURSE_DIR=path tests/e2e/run.sh # another course folder
#   tests/e2e/run.sh scorm2004.test.mjs  # only the named test files
#   E2E_CONCURRENCY=1 tests/e2e/run.sh   # one test file at a time (default 2; README)
#   COURSEPACK_BIN=path tests/e2e/run.sh # this binary, not the debug build of the checkout
set -euo pipefail
e2e="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$e2e/../.." && pwd)"
course_dir="${COURSE_DIR:-course}"

fail() { echo "tests/e2e/run.sh: $*" >&2; exit 1; }
for tool in cargo node npm python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "required tool '$tool' is missing"
done
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing; run tests/e2e/setup.sh"
[ -f "$e2e/node_modules/playwright-core/package.json" ] || fail "node_modules are missing; run tests/e2e/setup.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/coursepack-e2e.XXXXXX")"
trap 'rm -rf "$work"' EXIT
dist="$work/dist"

targets=scorm12,scorm2004,tincan,cmi5,web
# The debug binary: the one `cargo test` builds, so scripts/test compiles nothing more here
# (it passes COURSEPACK_BIN). Run alone, the script builds it first.
if [ -z "${COURSEPACK_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet) || fail "cargo build failed"
  target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  COURSEPACK_BIN="$target_dir/debug/coursepack"
fi
# The tests that run the binary themselves (lib/packages.mjs, coursepackBinary) use this same one.
export COURSEPACK_BIN
[ -x "$COURSEPACK_BIN" ] || fail "$COURSEPACK_BIN is missing"
echo "== coursepack build $course_dir --target $targets"
(cd "$root" && "$COURSEPACK_BIN" build "$course_dir" --target "$targets" --out "$dist" --format json) \
  >"$work/build-report.json" || fail "coursepack build failed"

# Every package the build produced, from its report: "<target> <lang> <zip>" lines.
mapfile -t built < <(python3 - "$work/build-report.json" "$dist" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
for p in report.get("packages", []):
    print(p.get("target"), p["lang"], os.path.join(sys.argv[2], p["file"]))
PY
)
[ "${#built[@]}" -gt 0 ] || fail "the build produced no package"

declare -A manifest=([scorm12]=imsmanifest.xml [scorm2004]=imsmanifest.xml [tincan]=tincan.xml [cmi5]=cmi5.xml [web]=index.html)
packages="[]"
for line in "${built[@]}"; do
  read -r target lang zip <<<"$line"
  [ -f "$zip" ] || fail "$zip is missing"
  dir="$work/pkg/$(basename "$zip" .zip)"
  mkdir -p "$dir"
  python3 -m zipfile -e "$zip" "$dir" || fail "cannot unpack $zip"
  [ -f "$dir/${manifest[$target]}" ] || fail "$zip has no ${manifest[$target]} at its root"
  packages="$(python3 -c 'import json,sys; l=json.loads(sys.argv[1]); l.append({"target": sys.argv[2], "lang": sys.argv[3], "dir": sys.argv[4], "zip": sys.argv[5]}); print(json.dumps(l))' \
    "$packages" "$target" "$lang" "$dir" "$zip")"
  if [ "$target" = scorm12 ]; then
    case "$lang" in
      nl) export COURSEPACK_PKG_NL="$dir" ;;
      en) export COURSEPACK_PKG_EN="$dir" ;;
    esac
  fi
  echo "   $target $lang: $(basename "$zip")"
done
if [ "$course_dir" = course ]; then
  # The real course is Dutch with an English translation: both must be tested, in every target.
  for t in ${targets//,/ }; do
    for l in nl en; do
      name="digitale-vaardigheden-1.1.0-$l-$t.zip"
      [ -f "$dist/$name" ] || fail "the build did not produce $name"
    done
  done
  [ -n "${COURSEPACK_PKG_NL:-}" ] && [ -n "${COURSEPACK_PKG_EN:-}" ] || fail "the nl and en packages are both required"
fi
export COURSEPACK_PACKAGES="$packages"

# Test files run side by side (each its own node process, Chromium, servers on port 0 and
# temporary folders); the Moodle scenarios also run E2E_CONCURRENCY at a time inside their file.
export E2E_CONCURRENCY="${E2E_CONCURRENCY:-2}"
cd "$e2e"
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(*.test.mjs)
fi
echo "== node --test (tests/e2e, ${#files[@]} files, $E2E_CONCURRENCY at a time)"
node --test --test-concurrency="$E2E_CONCURRENCY" --test-reporter=spec "${files[@]}"
