// Assertions on a SCORM 1.2 run: the recorded API calls, the flattened CMI and the LMS state a
// real LMS would hand back on the next launch.
import assert from 'node:assert/strict';
import { SCORM12, dataCalls, lastSet, setsOf, assertCallLog, interactionsFromCalls, interactions, patternsOf } from './scorm.mjs';

export { SCORM12, dataCalls, lastSet, setsOf, assertCallLog, interactionsFromCalls, interactions };

export const SUSPEND_LIMIT = 4096;
const TIMESPAN = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/; // CMITimespan HHHH:MM:SS.SS
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/; // CMITime HH:MM:SS(.SS)
const IDENTIFIER = /^[\x21-\x7e]{1,255}$/; // CMIIdentifier: printable ASCII, no spaces
const CHAR = '[0-9a-z]';
const CHAR_LIST = new RegExp(`^${CHAR}(,${CHAR})*$`);
const RESPONSE = {
  'true-false': /^[tf]$/,
  choice: CHAR_LIST,
  matching: new RegExp(`^${CHAR}\\.${CHAR}(,${CHAR}\\.${CHAR})*$`),
  sequencing: CHAR_LIST,
  likert: new RegExp(`^${CHAR}$`),
  numeric: /^-?\d+(\.\d+)?$/,
  'fill-in': /^[^]{0,255}$/,
  performance: /^[^]{0,255}$/,
};
export const INTERACTION_TYPES = Object.keys(RESPONSE);
const RESULTS = new Set(['correct', 'wrong', 'neutral']);

/** Format checks of one interaction (SCORM 1.2 vocabulary and formats). */
export function assertInteractionFormat(it, where = '') {
  const tag = `interaction ${where} ${JSON.stringify(it)}`;
  assert.match(it.id ?? '', IDENTIFIER, `${tag}: id must be printable ASCII without spaces, 1–255 characters`);
  assert.ok(INTERACTION_TYPES.includes(it.type), `${tag}: type ${it.type} is not a SCORM 1.2 type`);
  assert.ok(it.student_response !== undefined, `${tag}: student_response is missing`);
  if (it.student_response === '') {
    // A question submitted unanswered: an empty response, and wrong.
    assert.equal(it.result, 'wrong', `${tag}: an empty student_response is a wrong answer`);
  } else {
    assert.match(it.student_response, RESPONSE[it.type], `${tag}: student_response is not in the ${it.type} format`);
  }
  const pattern = it['correct_responses.0.pattern'];
  // A numeric range has no SCORM 1.2 pattern; a likert question has no right answer.
  if (it.type !== 'likert' && it.type !== 'numeric') {
    assert.ok(pattern !== undefined && pattern !== '', `${tag}: correct_responses.0.pattern is missing`);
  }
  for (const [k, v] of Object.entries(it)) {
    if (/^correct_responses\.\d+\.pattern$/.test(k)) {
      assert.match(v, RESPONSE[it.type], `${tag}: ${k} is not in the ${it.type} format`);
    }
  }
  assert.ok(RESULTS.has(it.result), `${tag}: result ${it.result} is not correct/wrong/neutral`);
  if (it.type === 'likert') assert.equal(it.result, 'neutral', `${tag}: a likert answer is neutral`);
  assert.match(it.latency ?? '', TIMESPAN, `${tag}: latency must be HHHH:MM:SS(.SS)`);
  assert.match(it.time ?? '', TIME, `${tag}: time must be HH:MM:SS`);
  if (it.weighting !== undefined && it.weighting !== '') {
    assert.match(it.weighting, /^-?\d{1,3}(\.\d+)?$/, `${tag}: weighting must be a number`);
  }
}

/**
 * Checks common to every run's final state. Returns the interactions this session wrote, with
 * the raw values the SCO sent (what a real LMS stores), each checked for its SCORM 1.2 format.
 * `startAt` is the number of interactions stored before this session (a resumed attempt).
 */
export function assertCmiBasics(flat, calls, { startAt = 0, finished = true } = {}) {
  const suspend = flat['cmi.suspend_data'] ?? '';
  assert.ok(suspend.length <= SUSPEND_LIMIT, `suspend_data has ${suspend.length} characters (limit ${SUSPEND_LIMIT})`);
  for (const c of calls.filter((x) => x.fn === 'LMSSetValue' && x.args[0] === 'cmi.suspend_data')) {
    assert.ok(c.args[1].length <= SUSPEND_LIMIT, `a suspend_data write had ${c.args[1].length} characters`);
  }
  const session = lastSet(calls, 'cmi.core.session_time');
  if (finished) assert.ok(session !== undefined, 'the SCO never set cmi.core.session_time');
  for (const c of calls.filter((x) => x.fn === 'LMSSetValue' && x.args[0] === 'cmi.core.session_time')) {
    assert.match(c.args[1], TIMESPAN, `session_time ${c.args[1]} must be HH:MM:SS(.SS) with 2–4 hour digits`);
  }
  const loc = flat['cmi.core.lesson_location'] ?? '';
  assert.ok(loc.length <= 255, `lesson_location has ${loc.length} characters`);
  const stored = interactions(flat);
  const list = interactionsFromCalls(calls, { startAt });
  assert.equal(stored.length, startAt + list.length, 'the LMS holds the stored plus this session\'s interactions');
  list.forEach((it) => assertInteractionFormat(it, `#${it.index}`));
  return list;
}

/**
 * The state a real LMS keeps and hands back on the next launch (Moodle, SCORM 1.2 RTE §3.4):
 * entry = resume after exit = suspend, total_time accumulated, exit and session_time reset.
 * Interactions stay stored (write-only for the SCO, but `_count` is readable).
 */
export function nextLaunchState(nested) {
  const cmi = structuredClone(nested.cmi ?? nested);
  const core = cmi.core ?? {};
  const resume = core.exit === 'suspend';
  delete core.exit;
  delete core.session_time;
  core.entry = resume ? 'resume' : '';
  cmi.core = core;
  for (const k of Object.keys(cmi)) if (k.startsWith('_')) delete cmi[k];
  return cmi;
}

/**
 * The interactions this session wrote are exactly the learner's submitted answers, in order:
 * `expected` = [{ q (from #course-data), plan (from player.mjs) }].
 */
export function assertInteractionsMatch(list, expected, { startAt = 0 } = {}) {
  assert.deepEqual(
    list.map((i) => i.id),
    expected.map((e) => e.q.iid),
    'one interaction per submitted answer, in the order answered',
  );
  list.forEach((it, k) => {
    const { q, plan } = expected[k];
    const tag = `interaction ${it.index} (${it.id})`;
    assert.equal(it.index, startAt + k, `${tag}: index`);
    assert.equal(it.type, plan.type, `${tag}: type`);
    assert.equal(it.student_response, plan.response, `${tag}: student_response`);
    assert.deepEqual(patternsOf(it), plan.patterns, `${tag}: correct_responses patterns`);
    assert.equal(it.result, plan.result, `${tag}: result`);
    // Knowledge-check answers are unweighted (assessment answers carry `checked`, as learner.mjs's answerAssessment gives them).
    const scored = 'checked' in expected[k];
    assert.equal(it.weighting, String(q.type === 'likert' || !scored ? 0 : q.weight), `${tag}: weighting`);
  });
}

/**
 * With a mastery score in the manifest, Moodle decides passed/failed at LMSFinish from score.raw
 * (moodle.md §2): the status the SCO reports must agree, or the LMS overrides it.
 */
export function assertMasteryAgrees(flat) {
  const mastery = flat['cmi.student_data.mastery_score'];
  const raw = flat['cmi.core.score.raw'];
  const status = flat['cmi.core.lesson_status'];
  if (!mastery || raw === '' || raw === undefined) return;
  if (status === 'passed' || status === 'failed') {
    assert.equal(status, Number(raw) >= Number(mastery) ? 'passed' : 'failed', `status ${status} with raw ${raw} and mastery ${mastery}`);
  }
}
