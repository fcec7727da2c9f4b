// The draw and the options' order: the seeded generator, shuffles, quota pools and the
// per-seed arrangement are deterministic, fair and complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlayer } from './load.mjs';
import { QUESTIONS as Q, plain } from './fixtures.mjs';

const C = loadPlayer();
const range = (n) => Array.from({ length: n }, (_, i) => i);
const sorted = (a) => [...a].sort((x, y) => x - y);

test('the generator and the hash are deterministic and in range', () => {
  const a = C.prng(42);
  const b = C.prng(42);
  const xs = range(1000).map(() => a());
  assert.deepEqual(xs, range(1000).map(() => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs.slice(0, 10), range(10).map(C.prng(43)));
  // Pinned values: a resumed attempt must draw what it drew before, in every version.
  assert.equal(C.hash32(''), 0x811c9dc5);
  assert.equal(Math.floor(C.prng(1)() * 1e9), 627073940);
  assert.equal(C.hash32('draw/1'), 1967356575);
});

test('a shuffle is a permutation, the same for the same seed', () => {
  for (const seed of [0, 1, 4294967295, 123456]) {
    const s = plain(C.shuffle(range(20), C.prng(seed)));
    assert.deepEqual(sorted(s), range(20));
    assert.deepEqual(plain(C.shuffle(range(20), C.prng(seed))), s);
  }
  const list = [1, 2, 3];
  C.shuffle(list, C.prng(9));
  assert.deepEqual(list, [1, 2, 3], 'the input is not changed');
  assert.deepEqual(plain(C.shuffle([], C.prng(1))), []);
});

test('the shuffle is fair enough: every position takes every value', () => {
  const seen = range(5).map(() => new Set());
  for (let seed = 0; seed < 300; seed++) C.shuffle(range(5), C.prng(seed)).forEach((v, i) => seen[i].add(v));
  assert.ok(seen.every((s) => s.size === 5));
});

test('a quota draw takes each quota from its pool, never twice, then the always-shown', () => {
  const A = {
    shuffle: false,
    quotas: {
      quotas: [{ pool: [0, 1, 2, 3], count: 2 }, { pool: [2, 3, 4, 5, 6], count: 3 }, { pool: [0, 1], count: 1 }],
      always: [9, 10],
    },
  };
  for (let seed = 0; seed < 200; seed++) {
    const d = plain(C.drawByQuota(A, C.prng(seed)));
    assert.deepEqual(d.slice(-2), [9, 10], 'the always-shown come last');
    const picked = d.slice(0, -2);
    assert.equal(new Set(picked).size, picked.length, 'no question twice');
    assert.deepEqual(picked, sorted(picked), 'bank order when the assessment does not shuffle');
    assert.equal(picked.filter((i) => i <= 3).length >= 2, true);
    assert.equal(picked.filter((i) => i >= 4 && i <= 6).length + picked.filter((i) => (i === 2 || i === 3)).length >= 3, true);
    assert.ok(picked.length <= 6);
    assert.deepEqual(plain(C.drawByQuota(A, C.prng(seed))), d, 'the same seed draws the same');
  }
  // A pool an earlier quota emptied gives what is left, never more.
  const tight = { shuffle: true, quotas: { quotas: [{ pool: [0, 1], count: 2 }, { pool: [0, 1], count: 2 }], always: [] } };
  assert.deepEqual(sorted(plain(C.drawByQuota(tight, C.prng(3)))), [0, 1]);
});

test('the arrangement per type: choices shuffled only when on, matching targets always, sequences never in order', () => {
  for (let seed = 0; seed < 100; seed++) {
    const off = plain(C.arrangement(Q.multiple, false, seed));
    assert.deepEqual(off, { choices: [0, 1, 2, 3], targets: null, sequence: null });
    const on = plain(C.arrangement(Q.single, true, seed));
    assert.deepEqual(sorted(on.choices), [0, 1, 2]);
    assert.deepEqual(plain(C.arrangement(Q.single, true, seed)), on, 'deterministic');
    const m = plain(C.arrangement(Q.matching, false, seed));
    assert.deepEqual(sorted(m.targets), [0, 1, 2]);
    const s = plain(C.arrangement(Q.sequencing, false, seed)).sequence;
    assert.deepEqual(sorted(s), [0, 1, 2, 3]);
    assert.notDeepEqual(s, [0, 1, 2, 3], 'a sequence never starts solved');
    for (const q of [Q.truefalse, Q.likert, Q.fill, Q.numeric]) {
      assert.deepEqual(plain(C.arrangement(q, true, seed)), { choices: null, targets: null, sequence: null }, q.type);
    }
  }
  assert.deepEqual(plain(C.arrangement({ ...Q.sequencing, options: ['only'] }, false, 1)).sequence, [0]);
});

test('scores per objective weigh the drawn scored questions that serve each', () => {
  const qa = { ...Q.single, weight: 2, objectives: ['o1'] };
  const qb = { ...Q.truefalse, weight: 1, objectives: ['o1', 'o2'] };
  const ql = { ...Q.likert, objectives: ['o2'] };
  const data = { objectives: [{ id: 'o1' }, { id: 'o2' }, { id: 'o3' }], assessment: { questions: [qa, qb, ql] } };
  const res = plain(C.objectiveScores(data, [0, 1, 2], [{ r: 1 }, { r: true }, { r: 0 }], 60));
  assert.deepEqual(res, [
    { id: 'o1', score: 67, passed: true },
    { id: 'o2', score: 0, passed: false },
    { id: 'o3', score: null, passed: null },
  ]);
  assert.deepEqual(plain(C.objectiveScores(data, [], [], 60)).map((o) => o.score), [null, null, null]);
});
