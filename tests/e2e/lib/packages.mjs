// The unpacked packages under test, from run.sh's environment: COURSEPACK_PACKAGES (a JSON list of
// {lang, target, dir}; an entry without a target is a SCORM 1.2 package) or COURSEPACK_PKG_NL /
// COURSEPACK_PKG_EN (SCORM 1.2). Having none for the asked target is an error, never a skip.
import fs from 'node:fs';
import path from 'node:path';

/** The file at the root of every package of a target. */
const ENTRY = { scorm12: 'imsmanifest.xml', scorm2004: 'imsmanifest.xml', tincan: 'tincan.xml', cmi5: 'cmi5.xml', web: 'index.html' };

/** The packages of `target` (scorm12, scorm2004, tincan, cmi5, web). */
export function packagesUnderTest(target = 'scorm12') {
  let list = [];
  if (process.env.COURSEPACK_PACKAGES) {
    list = JSON.parse(process.env.COURSEPACK_PACKAGES).map(({ lang, dir, target: t }) => ({ lang, dir, target: t ?? 'scorm12' }));
  } else {
    for (const [lang, key] of [['nl', 'COURSEPACK_PKG_NL'], ['en', 'COURSEPACK_PKG_EN']]) {
      if (process.env[key]) list.push({ lang, dir: process.env[key], target: 'scorm12' });
    }
  }
  list = list.filter((p) => p.target === target);
  if (list.length === 0) {
    throw new Error(`no ${target} package to test: run tests/e2e/run.sh (it builds the packages and sets COURSEPACK_PACKAGES)`);
  }
  const entry = ENTRY[target];
  if (!entry) throw new Error(`unknown target ${target}`);
  for (const p of list) {
    if (!fs.existsSync(path.join(p.dir, entry))) throw new Error(`${p.dir} (${p.lang}, ${target}) holds no ${entry}`);
  }
  return list;
}

/**
 * The coursepack binary the e2e tests run themselves (run.sh builds the packages with the same
 * one): COURSEPACK_BIN when set, else the release build, else the debug build of this checkout.
 * The only place the tests choose a binary.
 */
export function coursepackBinary() {
  if (process.env.COURSEPACK_BIN) return process.env.COURSEPACK_BIN;
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
  for (const profile of ['release', 'debug']) {
    const bin = path.join(root, 'target', profile, 'coursepack');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error('no coursepack binary: run `cargo build` (or tests/e2e/run.sh) first');
}
