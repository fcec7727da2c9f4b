// The Moodle model itself (templates/lms/moodle.js), without a browser: each rule replayed with the
// values a package sends, including the live Moodle 4.5.6 observations of issue 15 that the
// model must reproduce (so the emulator is known to catch them).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createLms, DEFAULTS } = require('../../templates/lms/moodle.js');

const s12 = (status, raw, exit = 'suspend') => ({ 'cmi.core.lesson_status': status, ...(raw == null ? {} : { 'cmi.core.score.raw': String(raw) }), 'cmi.core.exit': exit });

describe('templates/lms/moodle.js', () => {
  test('defaults are those of a new Moodle SCORM activity', () => {
    assert.deepEqual(DEFAULTS, { maxAttempt: 0, whatGrade: 'highest', gradeMethod: 'highest', masteryOverride: true, forceNewAttempt: 'no', completionPassedOrCompleted: true });
  });

  test('issue 15 item 1: a raw below mastery is overridden to failed, the attempt closes, the next Enter is a review that still rewrites it', () => {
    const lms = createLms({ version: '1.2', masteryScore: 70 });
    const one = lms.launch({ action: 'enter' });
    assert.deepEqual([one.mode, one.credit, one.entry, one.initial['cmi.core.lesson_status'], one.initial['cmi.student_data.mastery_score']], ['normal', 'credit', 'ab-initio', 'not attempted', '70']);
    lms.finish(one, s12('incomplete', 33));
    let st = lms.state();
    assert.deepEqual([st.attempts[0].status, st.attempts[0].closed, st.gradebook], ['failed', true, 33]);
    const two = lms.launch({ action: 'enter' });
    assert.deepEqual([two.attempt, two.mode, two.credit, two.entry], [1, 'review', 'no-credit', 'resume']);
    lms.finish(two, s12('passed', 100, ''));
    st = lms.state();
    assert.deepEqual([st.attempts.length, st.attempts[0].status, st.gradebook, st.completion], [1, 'passed', 100, 'complete'], 'a review session rewrites attempt 1');
  });

  test('issue 15 item 2: Preview (browse) records what the content sends', () => {
    const lms = createLms({ version: '1.2', masteryScore: 70 });
    const p = lms.launch({ action: 'preview' });
    assert.deepEqual([p.mode, p.credit], ['browse', 'no-credit']);
    lms.finish(p, s12('passed', 100, ''));
    assert.deepEqual([lms.state().gradebook, lms.state().completion], [100, 'complete']);
  });

  test('LMSFinish stores completed for a status never set, even in browse mode', () => {
    const lms = createLms({ version: '1.2', masteryScore: null });
    lms.finish(lms.launch({ action: 'preview' }), {});
    assert.deepEqual([lms.state().attempts[0].status, lms.state().completion], ['completed', 'complete']);
  });

  test('issue 15 item 3: the override turns incomplete + raw 100 into passed; with the override off it stays incomplete', () => {
    for (const [override, status, completion] of [[true, 'passed', 'complete'], [false, 'incomplete', 'incomplete']]) {
      const lms = createLms({ version: '1.2', masteryScore: 70, settings: { masteryOverride: override } });
      lms.finish(lms.launch({ action: 'enter' }), s12('incomplete', 100));
      const st = lms.state();
      assert.deepEqual([st.attempts[0].status, st.completion], [status, completion], `override ${override}`);
    }
  });

  test('completion goes stale: failed after passed does not undo the completion (moodle.md §12)', () => {
    const lms = createLms({ version: '1.2', masteryScore: 100 });
    const L = lms.launch({ action: 'enter' });
    lms.commit(L, s12('passed', 85));
    assert.equal(lms.state().completion, 'complete');
    lms.finish(L, {});
    const st = lms.state();
    assert.deepEqual([st.attempts[0].status, st.completion, st.gradebook], ['failed', 'complete', 85]);
  });

  test('an open attempt resumes in normal mode; "Start a new attempt" only after a closed one; the attempt limit', () => {
    const lms = createLms({ version: '1.2', masteryScore: null, settings: { maxAttempt: 2 } });
    lms.finish(lms.launch({ action: 'enter' }), s12('incomplete', null));
    const again = lms.launch({ action: 'newattempt' });
    assert.deepEqual([again.attempt, again.mode, again.entry], [1, 'normal', 'resume'], 'an open attempt is resumed, whatever the learner ticked');
    lms.finish(again, s12('failed', 40, ''));
    const second = lms.launch({ action: 'newattempt' });
    assert.deepEqual([second.attempt, second.mode, second.entry], [2, 'normal', 'ab-initio']);
    lms.finish(second, s12('failed', 60, ''));
    const third = lms.launch({ action: 'newattempt' });
    assert.deepEqual([third.attempt, third.mode], [2, 'review'], 'no attempt beyond the maximum');
    assert.equal(lms.state().gradebook, 60, 'highest attempt');
  });

  test('attempts grading: average, first, last completed', () => {
    const run = (whatGrade) => {
      const lms = createLms({ version: '1.2', masteryScore: null, settings: { whatGrade, forceNewAttempt: 'onlycompleted' } });
      lms.finish(lms.launch({ action: 'enter' }), s12('passed', 80, ''));
      lms.finish(lms.launch({ action: 'enter' }), s12('failed', 40, ''));
      return lms.state().grade;
    };
    assert.deepEqual([run('highest'), run('average'), run('first'), run('last')], [80, 60, 80, 80]);
  });

  test("re-entry hands the attempt's stored interactions back (id first), a new attempt starts with none", () => {
    const lms = createLms({ version: '1.2', masteryScore: null, settings: { forceNewAttempt: 'onlycompleted' } });
    const one = lms.launch({ action: 'enter' });
    // Stored in another order than the SCO wrote them: the id still comes back first.
    lms.commit(one, { 'cmi.interactions.0.result': 'wrong', 'cmi.interactions.0.id': 'check.q1', 'cmi.interactions.1.id': 'exam.q1' });
    lms.commit(one, { 'cmi.interactions.0.result': 'correct' });
    lms.finish(one, s12('incomplete', null));
    const again = lms.launch({ action: 'enter' });
    const restored = Object.entries(again.initial).filter(([k]) => k.startsWith('cmi.interactions.'));
    assert.deepEqual(restored, [['cmi.interactions.0.id', 'check.q1'], ['cmi.interactions.0.result', 'correct'], ['cmi.interactions.1.id', 'exam.q1']], 'last write wins, by index, id first');
    assert.deepEqual(lms.state().attempts[0].interactions.map((i) => [i.index, i.fields.id]), [[0, 'check.q1'], [1, 'exam.q1']]);
    lms.finish(again, s12('completed', null, ''));
    const fresh = lms.launch({ action: 'enter' });
    assert.equal(fresh.attempt, 2);
    assert.deepEqual(Object.keys(fresh.initial).filter((k) => k.startsWith('cmi.interactions.')), [], 'a new attempt has no interactions');
  });

  test('SCORM 2004: no override; completion_status closes the attempt; success_status passed completes the activity', () => {
    const lms = createLms({ version: '2004', masteryScore: 0.7 });
    const one = lms.launch({ action: 'enter' });
    assert.deepEqual([one.initial['cmi.mode'], one.initial['cmi.completion_status'], one.initial['cmi.scaled_passing_score']], ['normal', 'unknown', '0.7']);
    lms.finish(one, { 'cmi.completion_status': 'incomplete', 'cmi.success_status': 'failed', 'cmi.score.raw': '33', 'cmi.exit': 'suspend' });
    let st = lms.state();
    assert.deepEqual([st.attempts[0].closed, st.attempts[0].tracks['cmi.success_status'], st.gradebook], [false, 'failed', 33]);
    const two = lms.launch({ action: 'enter' });
    assert.deepEqual([two.mode, two.entry], ['normal', 'resume']);
    lms.finish(two, { 'cmi.success_status': 'passed', 'cmi.score.raw': '100', 'cmi.exit': 'normal' });
    st = lms.state();
    assert.deepEqual([st.attempts[0].closed, st.completion, st.gradebook], [false, 'complete', 100]);
  });
  test('objectives: 1.2 rows are cmi.objectives_N.*, 2004 keeps the dots; they come back on the next launch, id first; graded never', () => {
    for (const [version, mastery, row] of [['1.2', 70, 'cmi.objectives_0.'], ['2004', 0.7, 'cmi.objectives.0.']]) {
      const lms = createLms({ version, masteryScore: mastery });
      const one = lms.launch({ action: 'enter' });
      const status = version === '1.2' ? 'status' : 'success_status';
      lms.commit(one, { 'cmi.objectives.0.id': 'read', 'cmi.objectives.0.score.raw': '40', [`cmi.objectives.0.${status}`]: 'failed' });
      let st = lms.state();
      assert.deepEqual(Object.keys(st.attempts[0].tracks).filter((k) => k.includes('objectives')), [`${row}id`, `${row}score.raw`, `${row}${status}`], version);
      assert.deepEqual(st.attempts[0].objectives, [{ index: 0, id: 'read', 'score.raw': '40', [status]: 'failed' }]);
      // An objective's raw makes Moodle recompute, but the grade is the SCO's own raw: none yet.
      assert.equal(st.gradebook, null, `${version}: objectives are not graded`);
      lms.finish(one, version === '1.2' ? { 'cmi.core.lesson_status': 'incomplete', 'cmi.core.exit': 'suspend' } : { 'cmi.completion_status': 'incomplete', 'cmi.exit': 'suspend' });
      const two = lms.launch({ action: 'enter' });
      const keys = Object.keys(two.initial).filter((k) => k.startsWith('cmi.objectives'));
      assert.deepEqual(keys, ['cmi.objectives.0.id', 'cmi.objectives.0.score.raw', `cmi.objectives.0.${status}`], `${version}: given back under the API's names, id first`);
      st = lms.state();
      assert.equal(st.gradebook, null);
    }
  });
});
