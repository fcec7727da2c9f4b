// The unpacked packages under test, from run.sh's environment: COURSEPACK_PACKAGES (a JSON list of
// {lang, dir}) or COURSEPACK_PKG_NL / COURSEPACK_PKG_EN. Having none is an error, never a skip.
import fs from 'node:fs';
import path from 'node:path';

export function packagesUnderTest() {
  let list = [];
  if (process.env.COURSEPACK_PACKAGES) {
    list = JSON.parse(process.env.COURSEPACK_PACKAGES).map(({ lang, dir }) => ({ lang, dir }));
  } else {
    for (const [lang, key] of [['nl', 'COURSEPACK_PKG_NL'], ['en', 'COURSEPACK_PKG_EN']]) {
      if (process.env[key]) list.push({ lang, dir: process.env[key] });
    }
  }
  if (list.length === 0) {
    throw new Error('no package to test: run tests/e2e/run.sh (it builds the packages and sets COURSEPACK_PACKAGES)');
  }
  for (const p of list) {
    if (!fs.existsSync(path.join(p.dir, 'imsmanifest.xml'))) throw new Error(`${p.dir} (${p.lang}) holds no imsmanifest.xml`);
  }
  return list;
}
