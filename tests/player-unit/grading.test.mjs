// Every question type's grading (its module's `grade`, through Types.evaluate): right,
// wrong, partial, empty and hostile answers; and the standard-neutral forms the
// tracking adapters format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlayer } from './load.mjs';
import { QUESTIONS as Q, plain } from './fixtures.mjs';

const C = loadPlayer();
const ev = (q, r) => C.Types.evaluate(q, r);

/** [question, right answers, wrong answers (partial ones included)] */
const CASES = [
  [Q.single, [1], [0, 2, 3, -1, NaN, '1', [1]]],
  [Q.multiple, [[0, 2], [2, 0]], [[0], [2], [0, 1, 2], [0, 2, 3], [], [0, 2, 2, 0]]],
  [Q.truefalse, [false], [true, 'false', 0, '']],
  [Q.fill, ['Call to action', '  call   TO action. ', 'CTA!', 'cta…'], ['Call', 'Call to actions', '.', '   ', 'CTA CTA']],
  [Q.numeric, ['25', '24.5', '25,5', ' 25.0 ', '2.5e1', '+25'], ['24.4', '25.6', '25 cm', '', 'abc', '1e309', '0x19', '25,0,0', 'NaN', 'Infinity']],
  [Q.exact, ['25', '25.000000000'], ['25.001', '-25']],
  [Q.matching, [[0, 1, 2]], [[0, 2, 1], [0, 1, null], [null, null, null], [1, 2, 0], [0, 1], [0, 1, 2, 3]]],
  [Q.sequencing, [[0, 1, 2, 3]], [[0, 1, 3, 2], [3, 2, 1, 0], [1, 0, 2, 3], [0, 1, 2], []]],
];

test('every scored type: right answers are correct, wrong and partial ones incorrect', () => {
  for (const [q, right, wrong] of CASES) {
    for (const r of right) assert.equal(ev(q, r), 'correct', `${q.type} ${JSON.stringify(r)}`);
    for (const r of wrong) assert.equal(ev(q, r), 'incorrect', `${q.type} ${JSON.stringify(r)}`);
  }
});

test('no answer is incorrect, for likert neutral; likert is never right or wrong', () => {
  for (const [q] of CASES) {
    assert.equal(ev(q, null), 'incorrect', q.type);
    assert.equal(ev(q, undefined), 'incorrect', q.type);
  }
  for (const r of [null, 0, 4, 99]) assert.equal(ev(Q.likert, r), 'neutral');
  assert.equal(C.questionType('likert').scored, false);
});

test('fill-in: case-sensitive answers and accents as the question says', () => {
  const cased = { ...Q.fill, key: ['NASA'], caseSensitive: true };
  assert.equal(ev(cased, 'NASA'), 'correct');
  assert.equal(ev(cased, 'nasa'), 'incorrect');
  const accents = { ...Q.fill, key: ['café crème'], ignoreDiacritics: true };
  assert.equal(ev(accents, 'cafe creme'), 'correct');
  assert.equal(ev(accents, 'CAFÉ CRÈME'), 'correct');
  const strict = { ...Q.fill, key: ['café'] };
  assert.equal(ev(strict, 'cafe'), 'incorrect');
  assert.equal(ev(strict, 'cafe\u0301'), 'correct', 'a decomposed é is the same é (NFC)');
  // An accepted answer that is only punctuation never matches an empty answer.
  assert.equal(ev({ ...Q.fill, key: ['...'] }, '!'), 'incorrect');
});

test('hostile answers never throw and are never correct', () => {
  const hostile = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u0000', '\ud800', 'x'.repeat(100000), {}, [], [[]]];
  for (const [q] of CASES) {
    for (const r of hostile) {
      let result;
      assert.doesNotThrow(() => { result = ev(q, r); }, `${q.type} ${String(r).slice(0, 20)}`);
      assert.equal(result, 'incorrect', `${q.type} ${String(r).slice(0, 20)}`);
    }
  }
  const unknown = { ...Q.single, type: 'essay' };
  assert.equal(ev(unknown, 1), 'incorrect', 'a type the player does not know is never correct');
  assert.equal(C.StateCodec.encodeResponse({ limits: {} }, unknown, 1), '');
  assert.equal(C.StateCodec.decodeResponse(unknown, '1'), undefined);
});

test('the standard-neutral forms the tracking adapters format', () => {
  const n = (q, r) => plain(C.Types.neutral(q, r));
  assert.deepEqual(n(Q.single, 2), { response: ['c'], correct: ['b'] });
  assert.deepEqual(n(Q.multiple, [0, 3]), { response: ['a', 'd'], correct: ['a', 'c'] });
  assert.deepEqual(n(Q.truefalse, true), { response: true, correct: false });
  assert.deepEqual(n(Q.likert, 1), { response: 's2', correct: null });
  assert.deepEqual(n(Q.fill, '  CTA  now '), { response: 'CTA now', correct: ['Call to action', 'CTA'] });
  assert.deepEqual(n(Q.numeric, '25,5'), { response: 25.5, correct: { min: 24.5, max: 25.5 } });
  assert.deepEqual(n(Q.numeric, 'abc'), { response: null, correct: { min: 24.5, max: 25.5 } });
  assert.deepEqual(n(Q.matching, [1, null, 0]), { response: [['p1', 'p2'], ['p3', 'p1']], correct: [['p1', 'p1'], ['p2', 'p2'], ['p3', 'p3']] });
  assert.deepEqual(n(Q.sequencing, [3, 2, 1, 0]), { response: ['w', 'z', 'y', 'x'], correct: ['x', 'y', 'z', 'w'] });
  for (const [q] of CASES) assert.equal(n(q, null).response, null, q.type);
});

test('numeric answers that cannot be checked say so', () => {
  const invalid = C.questionType('numeric').invalid;
  assert.equal(invalid('abc'), 'not_a_number');
  assert.equal(invalid('1,5'), null);
});
