// The table of question types: every module under templates/player/lib/question-*.js is
// loaded (named on player.js's `// requires:` lines) and registers a type with every piece.
// (tests/player_types.rs checks the same table against the course format's types.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadPlayer, PLAYER } from './load.mjs';

const C = loadPlayer();

test('every question module is loaded and registers its type with every piece', () => {
  const files = fs.readdirSync(path.join(PLAYER, 'lib')).filter((f) => /^question-.+\.js$/.test(f) && f !== 'question-types.js');
  const names = files.map((f) => f.slice('question-'.length, -'.js'.length)).sort();
  assert.deepEqual(Object.keys(C.questionTypes).sort(), names, 'one registered type per lib/question-<type>.js');
  for (const name of names) {
    const t = C.questionTypes[name];
    assert.equal(t.name, name);
    assert.equal(typeof t.scored, 'boolean', `${name}.scored`);
    for (const piece of C.QUESTION_PIECES) assert.equal(typeof t[piece], 'function', `${name}.${piece}`);
  }
});

test('a type without a piece is refused when it registers', () => {
  const fresh = loadPlayer();
  const { render, ...partial } = fresh.questionTypes['true-false'];
  assert.equal(typeof render, 'function');
  assert.throws(() => fresh.registerQuestionType({ ...partial, name: 'essay' }), /essay lacks render/);
});

test('in a page the player starts once the document is loaded', () => {
  assert.deepEqual([...C.__listeners], ['DOMContentLoaded']);
  assert.equal(typeof C.boot, 'function');
});
