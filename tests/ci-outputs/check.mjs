// Reads coursepack validate's CI outputs with common third-party readers.
//   node check.mjs sarif FILE   validates FILE against the SARIF 2.1.0 JSON schema
//                               (ajv with ajv-formats: uri, uri-reference, date-time on)
//   node check.mjs junit FILE   parses FILE with junit2json and prints, as JSON, each
//                               suite's declared tests/failures and the counted elements
// Exit 0 when the file passes, 1 with the reasons on stderr when not.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'junit2json';

const require = createRequire(import.meta.url);
// The schema the package ships (SARIF 2.1.0, schemastore's rtm.5 text), checked
// byte for byte before use so a changed package cannot weaken the test.
const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const SCHEMA_SHA256 = '2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8';

const [mode, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');

if (mode === 'sarif') {
  const raw = readFileSync(SCHEMA);
  const sha = createHash('sha256').update(raw).digest('hex');
  if (sha !== SCHEMA_SHA256) {
    console.error(`the SARIF schema changed: sha256 ${sha}, expected ${SCHEMA_SHA256}`);
    process.exit(1);
  }
  // The schema has a pattern that is not valid with the `u` flag; its meaning is the same without.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(raw.toString('utf8')));
  if (!validate(JSON.parse(text))) {
    console.error(JSON.stringify(validate.errors, null, 2));
    process.exit(1);
  }
  console.log('valid');
} else if (mode === 'junit') {
  const report = await parse(text);
  const suites = (report.testsuite ?? []).map((s) => ({
    name: s.name,
    tests: Number(s.tests),
    failures: Number(s.failures),
    testcases: (s.testcase ?? []).length,
    failureElements: (s.testcase ?? []).reduce((n, c) => n + (c.failure ?? []).length, 0),
  }));
  console.log(JSON.stringify({ tests: Number(report.tests), failures: Number(report.failures), suites }));
} else {
  console.error('usage: node check.mjs sarif|junit FILE');
  process.exit(2);
}
