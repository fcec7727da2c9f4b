// Every question type's SCORM 1.2, SCORM 2004 and xAPI formatting (its module's `scorm12`,
// `scorm2004` and `xapi` pieces, through Types.interaction, as the player hands them to the
// tracking adapter): a right answer, a wrong one, none, texts that need escaping and the
// SCORM 1.2 limits. The adapters send these values as they are (the e2e tests check what an
// LMS or LRS stores).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlayer } from './load.mjs';
import { QUESTIONS as Q, plain } from './fixtures.mjs';

const C = loadPlayer();
const fmt = (q, r, lang = 'en') => plain(C.Types.interaction(q, r, { lang }));
const en = (text) => ({ en: text });
const components = (ids, texts) => ids.map((id, i) => ({ id, description: en(texts[i]) }));

/** What each standard gets: [scorm12, scorm2004, xapi] of one answer. */
function check(q, r, [s12, s2004, xapi], lang) {
  const x = fmt(q, r, lang);
  const what = `${q.type} ${JSON.stringify(r)}`;
  assert.deepEqual(x.scorm12, s12, `${what}: SCORM 1.2`);
  assert.deepEqual(x.scorm2004, s2004, `${what}: SCORM 2004`);
  assert.deepEqual(x.xapi, xapi, `${what}: xAPI`);
}

test('single choice: option characters (1.2), option ids (2004, xAPI), choices with their labels', () => {
  const q = { ...Q.single, labels: ['Alpha', 'Beta', 'Gamma'] };
  const def = (pattern) => ({ interactionType: 'choice', choices: components(['a', 'b', 'c'], q.labels), correctResponsesPattern: [pattern] });
  check(q, 1, [
    { type: 'choice', response: '1', patterns: ['1'] },
    { type: 'choice', response: 'b', patterns: ['b'] },
    { definition: def('b'), response: 'b' },
  ]);
  check(q, 0, [
    { type: 'choice', response: '0', patterns: ['1'] },
    { type: 'choice', response: 'a', patterns: ['b'] },
    { definition: def('b'), response: 'a' },
  ]);
  check(q, null, [
    { type: 'choice', response: '', patterns: ['1'] },
    { type: 'choice', response: null, patterns: ['b'] },
    { definition: def('b'), response: '' },
  ]);
  // Without labels an option's description is its id.
  assert.deepEqual(fmt(Q.single, 1).xapi.definition.choices, components(['a', 'b', 'c'], ['a', 'b', 'c']));
});

test('SCORM 1.2 names at most 36 options (0-9a-z); beyond that the character is empty', () => {
  const options = Array.from({ length: 40 }, (_, i) => 'o' + i);
  const q = { ...Q.single, options, key: ['o39'] };
  assert.deepEqual(fmt(q, 35).scorm12, { type: 'choice', response: 'z', patterns: [''] });
  assert.deepEqual(fmt(q, 39).scorm12, { type: 'choice', response: '', patterns: [''] });
  assert.deepEqual(fmt(q, 39).scorm2004, { type: 'choice', response: 'o39', patterns: ['o39'] });
});

test('multiple response: lists in the learner\'s order, "," (1.2) or "[,]" (2004, xAPI)', () => {
  const def = { interactionType: 'choice', choices: components(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']), correctResponsesPattern: ['a[,]c'] };
  check(Q.multiple, [2, 0], [
    { type: 'choice', response: '2,0', patterns: ['0,2'] },
    { type: 'choice', response: 'c[,]a', patterns: ['a[,]c'] },
    { definition: def, response: 'c[,]a' },
  ]);
  check(Q.multiple, [1], [
    { type: 'choice', response: '1', patterns: ['0,2'] },
    { type: 'choice', response: 'b', patterns: ['a[,]c'] },
    { definition: def, response: 'b' },
  ]);
  check(Q.multiple, null, [
    { type: 'choice', response: '', patterns: ['0,2'] },
    { type: 'choice', response: null, patterns: ['a[,]c'] },
    { definition: def, response: '' },
  ]);
});

test('true-false: t/f (1.2), true/false (2004, xAPI)', () => {
  const def = { interactionType: 'true-false', correctResponsesPattern: ['false'] };
  check(Q.truefalse, false, [
    { type: 'true-false', response: 'f', patterns: ['f'] },
    { type: 'true-false', response: 'false', patterns: ['false'] },
    { definition: def, response: 'false' },
  ]);
  check(Q.truefalse, true, [
    { type: 'true-false', response: 't', patterns: ['f'] },
    { type: 'true-false', response: 'true', patterns: ['false'] },
    { definition: def, response: 'true' },
  ]);
  check(Q.truefalse, null, [
    { type: 'true-false', response: '', patterns: ['f'] },
    { type: 'true-false', response: null, patterns: ['false'] },
    { definition: def, response: '' },
  ]);
});

test('likert: the chosen point, never a correct-response pattern; xAPI lists the scale', () => {
  const q = { ...Q.likert, labels: ['1', '2', '3', '4', '5'] };
  const def = { interactionType: 'likert', scale: components(q.options, q.labels) };
  check(q, 2, [
    { type: 'likert', response: '2', patterns: [] },
    { type: 'likert', response: 's3', patterns: [] },
    { definition: def, response: 's3' },
  ]);
  check(q, null, [
    { type: 'likert', response: '', patterns: [] },
    { type: 'likert', response: null, patterns: [] },
    { definition: def, response: '' },
  ]);
  const x = fmt(q, 0);
  assert.equal(x.scored, false);
  assert.equal(fmt(Q.single, 0).scored, true);
});

test('fill-in: the answer with white space collapsed, one pattern per accepted answer', () => {
  const def = { interactionType: 'fill-in', correctResponsesPattern: ['Call to action', 'CTA'] };
  check(Q.fill, '  Call   to action ', [
    { type: 'fill-in', response: 'Call to action', patterns: ['Call to action', 'CTA'] },
    { type: 'fill-in', response: 'Call to action', patterns: ['Call to action', 'CTA'] },
    { definition: def, response: 'Call to action' },
  ]);
  check(Q.fill, 'Nope', [
    { type: 'fill-in', response: 'Nope', patterns: ['Call to action', 'CTA'] },
    { type: 'fill-in', response: 'Nope', patterns: ['Call to action', 'CTA'] },
    { definition: def, response: 'Nope' },
  ]);
  check(Q.fill, null, [
    { type: 'fill-in', response: '', patterns: ['Call to action', 'CTA'] },
    { type: 'fill-in', response: null, patterns: ['Call to action', 'CTA'] },
    { definition: def, response: '' },
  ]);
});

test('fill-in escaping: "[,]" kept one record, a leading "{" tagged, case_matters when case-sensitive', () => {
  const q = { ...Q.fill, key: ['{x}', 'a[,]b', 'plain'], caseSensitive: true };
  check(q, '{curly} a[,]b', [
    // SCORM 1.2 has no delimiters: the texts as they are.
    { type: 'fill-in', response: '{curly} a[,]b', patterns: ['{x}', 'a[,]b', 'plain'] },
    {
      type: 'fill-in',
      response: '{lang=en}{curly} a[ ,]b',
      patterns: ['{case_matters=true}{lang=en}{x}', '{case_matters=true}a[ ,]b', '{case_matters=true}plain'],
    },
    {
      definition: { interactionType: 'fill-in', correctResponsesPattern: ['{case_matters=true}{x}', '{case_matters=true}a[,]b', '{case_matters=true}plain'] },
      response: '{curly} a[,]b',
    },
  ]);
  // Without a usable language tag, "und".
  assert.equal(fmt(q, '{a', 'not a tag!').scorm2004.response, '{lang=und}{a');
  assert.equal(fmt(q, '{a', '').scorm2004.response, '{lang=und}{a');
  assert.deepEqual(fmt(q, '{a', '').xapi.definition.correctResponsesPattern[0], '{case_matters=true}{x}');
});

test('fill-in limits: SCORM 1.2 texts ≤ 255 characters and ≤ 10 patterns, 2004 ≤ 250 and ≤ 5, xAPI all', () => {
  const long = 'x'.repeat(300);
  const key = Array.from({ length: 12 }, (_, i) => 'answer ' + i);
  const q = { ...Q.fill, key: [long, ...key] };
  const x = fmt(q, long + ' y');
  assert.equal(x.scorm12.response, 'x'.repeat(255));
  assert.equal(x.scorm12.patterns.length, 10);
  assert.equal(x.scorm12.patterns[0], 'x'.repeat(255));
  assert.equal(x.scorm12.patterns[9], 'answer 8');
  assert.equal(x.scorm2004.response, 'x'.repeat(250));
  assert.deepEqual(x.scorm2004.patterns, ['x'.repeat(250), 'answer 0', 'answer 1', 'answer 2', 'answer 3']);
  assert.equal(x.xapi.response, long + ' y');
  assert.equal(x.xapi.definition.correctResponsesPattern.length, 13);
});

test('numeric: a range has no SCORM 1.2 pattern; 2004 "min[:]max"; an exact value', () => {
  check(Q.numeric, '25,1', [
    { type: 'numeric', response: '25.1', patterns: [] },
    { type: 'numeric', response: '25.1', patterns: ['24.5[:]25.5'] },
    { definition: { interactionType: 'numeric', correctResponsesPattern: ['24.5[:]25.5'] }, response: '25.1' },
  ]);
  check(Q.exact, '-3', [
    { type: 'numeric', response: '-3', patterns: ['25'] },
    { type: 'numeric', response: '-3', patterns: ['25[:]25'] },
    { definition: { interactionType: 'numeric', correctResponsesPattern: ['25'] }, response: '-3' },
  ]);
  // Not a number, or nothing: no response.
  for (const r of [null, 'abc']) {
    check(Q.exact, r, [
      { type: 'numeric', response: '', patterns: ['25'] },
      { type: 'numeric', response: null, patterns: ['25[:]25'] },
      { definition: { interactionType: 'numeric', correctResponsesPattern: ['25'] }, response: '' },
    ]);
  }
  // A range of one value is exact in SCORM 1.2.
  assert.deepEqual(fmt({ ...Q.numeric, key: { min: 3, max: 3 } }, '3').scorm12.patterns, ['3']);
});

test('matching: pairs "s.t" by characters (1.2), "s[.]t" by ids (2004, xAPI), xAPI sources and targets', () => {
  const q = { ...Q.matching, labels: ['L1', 'L2', 'L3'], targets: ['T1', 'T2', 'T3'] };
  const def = {
    interactionType: 'matching',
    source: components(q.options, q.labels),
    target: components(q.options, q.targets),
    correctResponsesPattern: ['p1[.]p1[,]p2[.]p2[,]p3[.]p3'],
  };
  check(q, [0, 1, 2], [
    { type: 'matching', response: '0.0,1.1,2.2', patterns: ['0.0,1.1,2.2'] },
    { type: 'matching', response: 'p1[.]p1[,]p2[.]p2[,]p3[.]p3', patterns: ['p1[.]p1[,]p2[.]p2[,]p3[.]p3'] },
    { definition: def, response: 'p1[.]p1[,]p2[.]p2[,]p3[.]p3' },
  ]);
  // A wrong answer with one source left unmatched: only the pairs given.
  check(q, [1, 0, null], [
    { type: 'matching', response: '0.1,1.0', patterns: ['0.0,1.1,2.2'] },
    { type: 'matching', response: 'p1[.]p2[,]p2[.]p1', patterns: ['p1[.]p1[,]p2[.]p2[,]p3[.]p3'] },
    { definition: def, response: 'p1[.]p2[,]p2[.]p1' },
  ]);
  check(q, null, [
    { type: 'matching', response: '', patterns: ['0.0,1.1,2.2'] },
    { type: 'matching', response: null, patterns: ['p1[.]p1[,]p2[.]p2[,]p3[.]p3'] },
    { definition: def, response: '' },
  ]);
});

test('sequencing: the order given, against the course order', () => {
  const def = { interactionType: 'sequencing', choices: components(['x', 'y', 'z', 'w'], ['x', 'y', 'z', 'w']), correctResponsesPattern: ['x[,]y[,]z[,]w'] };
  check(Q.sequencing, [0, 1, 2, 3], [
    { type: 'sequencing', response: '0,1,2,3', patterns: ['0,1,2,3'] },
    { type: 'sequencing', response: 'x[,]y[,]z[,]w', patterns: ['x[,]y[,]z[,]w'] },
    { definition: def, response: 'x[,]y[,]z[,]w' },
  ]);
  check(Q.sequencing, [3, 2, 1, 0], [
    { type: 'sequencing', response: '3,2,1,0', patterns: ['0,1,2,3'] },
    { type: 'sequencing', response: 'w[,]z[,]y[,]x', patterns: ['x[,]y[,]z[,]w'] },
    { definition: def, response: 'w[,]z[,]y[,]x' },
  ]);
  check(Q.sequencing, null, [
    { type: 'sequencing', response: '', patterns: ['0,1,2,3'] },
    { type: 'sequencing', response: null, patterns: ['x[,]y[,]z[,]w'] },
    { definition: def, response: '' },
  ]);
});

test('a type the player does not know formats to nothing and never throws', () => {
  const x = fmt({ id: 'u', type: 'essay', options: [], key: null }, 'text');
  assert.deepEqual(x.scorm12, { type: 'choice', response: '', patterns: [] });
  assert.deepEqual(x.scorm2004, { type: 'other', response: null, patterns: [] });
  assert.deepEqual(x.xapi, { definition: { interactionType: 'other' }, response: '' });
});

test('a type without its SCORM or xAPI formatting is refused when it registers', () => {
  for (const piece of ['scorm12', 'scorm2004', 'xapi']) {
    const fresh = loadPlayer();
    const partial = { ...fresh.questionTypes['true-false'], name: 'essay' };
    delete partial[piece];
    assert.throws(() => fresh.registerQuestionType(partial), new RegExp('essay lacks ' + piece));
  }
});
