// The resume state (lib/state.js and every question type's encode/decode): round trips,
// the length limits, the five-field states written before the learner's seed, and states
// that must be refused (another course, malformed, hostile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlayer } from './load.mjs';
import { QUESTIONS, courseData, plain } from './fixtures.mjs';

const C = loadPlayer();
const S = C.StateCodec;

/** One answer per check question, in course order (see fixtures.mjs). */
const ANSWERS = [2, [0, 3], false, 4, 'a ~|;,! b', '25,5', '-1e3', [2, null, 0], [3, 1, 0, 2]];

function fullState(data) {
  const st = S.fresh(data);
  st.seen = st.seen.map((_, i) => i % 2 === 0);
  st.checks = ANSWERS.map((r, i) => ({ r, checked: i % 2 === 0 }));
  st.learner = 4294967295;
  st.asmt.n = 2;
  st.asmt.s = 1;
  st.asmt.seed = 123456789;
  st.asmt.best = 100;
  st.asmt.last = 40;
  st.asmt.draw = [11, 0, 5];
  // The bank repeats the check's questions: 11 is true-false, 0 single-choice, 5 numeric.
  st.asmt.entries = [{ r: false, checked: true }, null, { r: '25', checked: false }];
  return st;
}

test('a full state survives serialize and parse unchanged', () => {
  const data = courseData();
  const st = fullState(data);
  const text = S.serialize(data, st);
  assert.match(text, /^C1\|ab12\|/);
  assert.deepEqual(plain(S.parse(data, text)), plain(st));
  assert.equal(S.serialize(data, S.parse(data, text)), text, 'serialising again gives the same text');
});

test('every question type round-trips its answers through encode and decode', () => {
  const data = courseData();
  const cases = [
    [QUESTIONS.single, [0, 1, 2]],
    [QUESTIONS.likert, [0, 4]],
    [QUESTIONS.multiple, [[0], [1, 3], [0, 1, 2, 3]]],
    [QUESTIONS.truefalse, [true, false]],
    [QUESTIONS.fill, ['x', '~~||;;,,!!', 'é ü ✓']],
    [QUESTIONS.numeric, ['3,14', '-0.5e-3']],
    [QUESTIONS.matching, [[0, 1, 2], [null, null, 1], [2, 2, 2]]],
    [QUESTIONS.sequencing, [[0, 1, 2, 3], [3, 2, 1, 0]]],
  ];
  for (const [q, answers] of cases) {
    for (const r of answers) {
      const s = S.encodeResponse(data, q, r);
      assert.doesNotMatch(s, /[|;,!]/, `${q.type}: the encoding escapes the separators`);
      assert.deepEqual(plain(S.decodeResponse(q, s)), plain(r), `${q.type}: ${JSON.stringify(r)} via ${s}`);
    }
  }
});

test('typed answers are kept to the limits (60 units fill-in, 20 numeric)', () => {
  const data = courseData();
  const long = 'x'.repeat(100);
  assert.equal(S.decodeResponse(QUESTIONS.fill, S.encodeResponse(data, QUESTIONS.fill, long)), 'x'.repeat(60));
  assert.equal(S.decodeResponse(QUESTIONS.numeric, S.encodeResponse(data, QUESTIONS.numeric, '1'.repeat(40))), '1'.repeat(20));
  // The limit counts the text before escaping: 60 separators stay 60 characters.
  const seps = '|'.repeat(80);
  assert.equal(S.decodeResponse(QUESTIONS.fill, S.encodeResponse(data, QUESTIONS.fill, seps)), '|'.repeat(60));
});

test('a five-field state (written before the learner seed existed) is still read', () => {
  const data = courseData();
  const st = fullState(data);
  const six = S.serialize(data, st);
  const five = six.split('|').slice(0, 5).join('|');
  const back = S.parse(data, five);
  assert.ok(back, 'read');
  assert.equal(back.learner, null, 'no seed yet: the player draws one');
  assert.deepEqual(plain(back.checks), plain(st.checks));
});

test('a state without an assessment, and an empty course state', () => {
  const data = courseData({ assessment: false });
  const st = S.fresh(data);
  assert.equal(st.asmt, null);
  const text = S.serialize(data, st);
  assert.equal(text, 'C1|ab12|00|;;;;;;;;||');
  assert.deepEqual(plain(S.parse(data, text)), plain(st));
});

test('states for another course or of the wrong shape are refused', () => {
  const data = courseData();
  const good = S.serialize(data, fullState(data));
  const parts = good.split('|');
  const refused = [
    undefined, null, 42, '', 'C1', 'garbage',
    good.replace('ab12', 'zz99'),                       // another course structure
    good.replace(/^C1/, 'C2'),                          // another format
    good + '|extra',                                    // seven fields
    [...parts.slice(0, 2), parts[2] + '0', ...parts.slice(3)].join('|'), // pages of another length
    [...parts.slice(0, 2), 'w' + parts[2].slice(1), ...parts.slice(3)].join('|'), // page digit ≥ 32
    [...parts.slice(0, 3), parts[3] + ';', ...parts.slice(4)].join('|'), // one check entry too many
    [...parts.slice(0, 5), 'zzzzzzz'].join('|'),       // a learner seed ≥ 2^32
    [...parts.slice(0, 5), '-1'].join('|'),
  ];
  for (const text of refused) assert.equal(S.parse(data, text), null, JSON.stringify(text));
});

test('hostile assessment fields are refused, never thrown', () => {
  const data = courseData();
  const good = S.serialize(data, fullState(data));
  const [m, fp, pages, checks, asmt, learner] = good.split('|');
  const f = asmt.split(',');
  const withAsmt = (g) => [m, fp, pages, checks, g.join(','), learner].join('|');
  const bad = [
    [...f.slice(0, 5), 'bb00', ...f.slice(6)],         // a bank index drawn twice
    [...f.slice(0, 5), 'zz', ...f.slice(6)],           // a bank index past the bank
    [...f.slice(0, 5), f[5] + '0', ...f.slice(6)],     // a draw of odd width
    [f[0], f[1], f[2], '2t', ...f.slice(4)],           // best > 100
    ['z', ...f.slice(1)],                              // more attempts than allowed
    ['0', ...f.slice(1)],                              // in progress with no attempt started
    [...f.slice(0, 6), f[6] + ';x'],                   // one entry too many
    [...f.slice(0, 6), 'x' + f[6]],                    // an answer true-false cannot have
    f.slice(0, 6),                                     // six assessment fields
  ];
  for (const g of bad) assert.equal(S.parse(data, withAsmt(g)), null, g.join(','));
  assert.ok(C.__warnings.length > 0, 'the player says why it ignored a state');
});

test('each type refuses answers it cannot have written', () => {
  const refused = [
    [QUESTIONS.single, ['3', '', '00', '-', 'A']],
    [QUESTIONS.likert, ['5', 'z']],
    [QUESTIONS.multiple, ['', '0', '-1', 'A', '1.5']],
    [QUESTIONS.truefalse, ['', 'true', 'T', '1']],
    [QUESTIONS.fill, ['']],
    [QUESTIONS.matching, ['01', '0123', '0_3', '__']],
    [QUESTIONS.sequencing, ['012', '01234', '0012', '0124']],
  ];
  for (const [q, texts] of refused) {
    for (const s of texts) {
      // '__' is two of three pairs: refused for its length, not for being empty.
      assert.equal(S.decodeResponse(q, s), undefined, `${q.type} ${JSON.stringify(s)}`);
    }
  }
  assert.throws(() => S.decodeEntry(QUESTIONS.single, '9!'), /bad entry/);
  assert.equal(S.decodeEntry(QUESTIONS.single, ''), null);
  assert.deepEqual(plain(S.decodeEntry(QUESTIONS.single, '1!')), { r: 1, checked: true });
});
