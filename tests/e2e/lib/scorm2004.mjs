// Assertions on a SCORM 2004 (4th edition) run: the recorded API_1484_11 calls, the flattened CMI
// and the state a real LMS hands back on the next launch. The call-log and interaction readers
// are shared with SCORM 1.2 (lib/scorm.mjs).
import assert from 'node:assert/strict';
import { SCORM2004, assertCallLog, interactionsFromCalls, interactions, lastSet, setsOf, patternsOf } from './scorm.mjs';

export { SCORM2004 };
export const SUSPEND_LIMIT = 64000;
export const LOCATION_LIMIT = 1000;

/** timeinterval (second, 10, 2): ISO 8601 duration with at most 2 decimals on the seconds. */
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
/** time (second, 10, 0): YYYY-MM-DDThh:mm:ss[.s[TZD]] — a time zone only after the fraction. */
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2}(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?$/;
/** short_identifier_type as scorm-again checks it (RTE C.1.10). */
const SHORT_ID = "(?=[^\\[\\]]*\\w)[\\w\\-()+.:=@;$!*'%/#]{1,250}";
const ids = (delim) => new RegExp(`^${SHORT_ID}(${delim}${SHORT_ID})*$`);
const LANG = '(\\{lang=[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\\})?';
const RESPONSE = {
  'true-false': /^(true|false)$/,
  choice: ids('\\[,\\]'),
  sequencing: ids('\\[,\\]'),
  likert: new RegExp(`^${SHORT_ID}$`),
  matching: new RegExp(`^${SHORT_ID}\\[\\.\\]${SHORT_ID}(\\[,\\]${SHORT_ID}\\[\\.\\]${SHORT_ID})*$`),
  numeric: /^-?\d+(\.\d+)?$/,
  'fill-in': new RegExp(`^${LANG}(?!\\{)[^]{0,250}$`),
};
const PATTERN = {
  ...RESPONSE,
  numeric: /^(-?\d+(\.\d+)?)?\[:\](-?\d+(\.\d+)?)?$/,
  'fill-in': new RegExp(`^(\\{case_matters=(true|false)\\})?(\\{order_matters=(true|false)\\})?${LANG}(?!\\{)[^]{0,250}$`),
};
export const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'likert', 'matching', 'performance', 'sequencing', 'numeric', 'other'];
const RESULTS = new Set(['correct', 'incorrect', 'unanticipated', 'neutral']);

/**
 * The one call that may fail: reading cmi.scaled_passing_score when the LMS has none answers
 * 403 ("Data Model Element Value Not Initialized", RTE 3.1.7.6), which is how the SCO learns it
 * must use the course's own pass mark.
 */
export const passingScoreNotSet = (c) => c.fn === 'GetValue' && c.args[0] === 'cmi.scaled_passing_score' && c.error === '403' && c.result === '';

/** The SCORM 2004 call log: error 0 everywhere (but `allowPassingScore403`), Initialize first, Terminate last. */
export function assertCallLog2004(calls, { finished = true, allowPassingScore403 = false } = {}) {
  assertCallLog(calls, { finished, ed: SCORM2004, allowed: allowPassingScore403 ? passingScoreNotSet : () => false });
}

/** Format checks of one interaction (SCORM 2004 4th edition, RTE 4.2.9). */
export function assertInteractionFormat(it, where = '') {
  const tag = `interaction ${where} ${JSON.stringify(it)}`;
  assert.match(it.id ?? '', /^\S{1,4000}$/, `${tag}: id must be a long identifier without white space`);
  assert.ok(INTERACTION_TYPES.includes(it.type), `${tag}: type ${it.type} is not a SCORM 2004 type`);
  assert.match(it.description ?? '', /^\{lang=[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\}[^]{1,250}$/, `${tag}: description must be a language-tagged string of at most 250 characters`);
  if (it.learner_response === undefined) {
    assert.equal(it.result, 'incorrect', `${tag}: an unanswered question is incorrect`);
  } else {
    assert.match(it.learner_response, RESPONSE[it.type], `${tag}: learner_response is not in the 2004 ${it.type} format`);
  }
  const patterns = patternsOf(it);
  if (it.type !== 'likert') assert.ok(patterns.length > 0, `${tag}: no correct_responses pattern`);
  for (const p of patterns) assert.match(p, PATTERN[it.type], `${tag}: pattern ${p} is not in the 2004 ${it.type} format`);
  if (it.type === 'fill-in') assert.ok(patterns.length <= 5, `${tag}: at most 5 fill-in patterns`);
  assert.ok(RESULTS.has(it.result), `${tag}: result ${it.result} is not a 2004 result (note: "incorrect", never "wrong")`);
  if (it.type === 'likert') assert.equal(it.result, 'neutral', `${tag}: a likert answer is neutral`);
  assert.match(it.latency ?? '', DURATION, `${tag}: latency must be an ISO 8601 duration`);
  assert.match(it.timestamp ?? '', TIMESTAMP, `${tag}: timestamp must be ISO 8601`);
  assert.match(it.weighting ?? '', /^-?\d+(\.\d+)?$/, `${tag}: weighting must be a number`);
}

/**
 * Checks common to every run's final state; returns this session's interactions (the raw values
 * the SCO set), each checked for its 2004 format.
 */
export function assertCmiBasics(flat, calls, { startAt = 0, finished = true } = {}) {
  const suspend = flat['cmi.suspend_data'] ?? '';
  assert.ok(suspend.length <= SUSPEND_LIMIT, `suspend_data has ${suspend.length} characters (limit ${SUSPEND_LIMIT})`);
  for (const v of setsOf(calls, 'cmi.suspend_data', SCORM2004)) {
    assert.ok(v.length <= SUSPEND_LIMIT, `a suspend_data write had ${v.length} characters`);
  }
  const loc = flat['cmi.location'] ?? '';
  assert.ok(loc.length <= LOCATION_LIMIT, `location has ${loc.length} characters`);
  if (finished) {
    assert.ok(lastSet(calls, 'cmi.session_time', SCORM2004) !== undefined, 'the SCO never set cmi.session_time');
    assert.ok(['suspend', 'normal'].includes(lastSet(calls, 'cmi.exit', SCORM2004)), 'cmi.exit is suspend or normal');
  }
  for (const v of setsOf(calls, 'cmi.session_time', SCORM2004)) assert.match(v, DURATION, `session_time ${v} must be an ISO 8601 duration`);
  for (const v of setsOf(calls, 'cmi.completion_status', SCORM2004)) assert.ok(['completed', 'incomplete'].includes(v), `completion_status ${v}`);
  for (const v of setsOf(calls, 'cmi.success_status', SCORM2004)) assert.ok(['passed', 'failed'].includes(v), `success_status ${v}`);
  assert.ok(!calls.some((c) => c.fn === 'SetValue' && c.args[0].startsWith('adl.nav.')), 'no navigation request is needed');
  const stored = interactions(flat);
  const list = interactionsFromCalls(calls, { startAt, ed: SCORM2004 });
  assert.equal(stored.length, startAt + list.length, "the LMS holds the stored plus this session's interactions");
  list.forEach((it) => assertInteractionFormat(it, `#${it.index}`));
  return list;
}

/** The score element values once an attempt with best score `raw` was reported. */
export function assertScore(flat, raw) {
  assert.equal(flat['cmi.score.raw'], String(raw), 'score.raw is the best percentage, an integer');
  assert.equal(Number(flat['cmi.score.scaled']), raw / 100, 'score.scaled = raw / 100');
  assert.equal(flat['cmi.score.min'], '0');
  assert.equal(flat['cmi.score.max'], '100');
}

const list = (a) => a.join('[,]');
const set = (s) => s.split('[,]').sort().join('[,]');

/**
 * The 2004 interaction the player must report for question `q` answered as `plan` (from
 * player.mjs): derived from the standard-neutral answer, independently of the adapter.
 */
export function expected(q, plan) {
  const g = plan.given;
  const result = plan.result === 'wrong' ? 'incorrect' : plan.result;
  const want = (() => {
    switch (q.type) {
      case 'single-choice':
      case 'multiple-response':
        return { type: 'choice', response: () => list(g), patterns: [list(q.key)], unordered: true };
      case 'true-false':
        return { type: 'true-false', response: () => String(g), patterns: [String(q.key)] };
      case 'fill-in':
        return { type: 'fill-in', response: () => g, patterns: q.key.slice(0, 5).map((k) => (q.caseSensitive ? '{case_matters=true}' : '') + k) };
      case 'numeric': {
        const k = q.key;
        const p = 'exact' in k ? `${k.exact}[:]${k.exact}` : `${k.min ?? ''}[:]${k.max ?? ''}`;
        return { type: 'numeric', response: () => String(g), patterns: [p] };
      }
      case 'matching':
        return { type: 'matching', response: () => list(g.map(([s, t]) => `${s}[.]${t}`)), patterns: [list(q.options.map((o) => `${o}[.]${o}`))], unordered: true };
      case 'sequencing':
        return { type: 'sequencing', response: () => list(g), patterns: [list(q.options)] };
      case 'likert':
        return { type: 'likert', response: () => g, patterns: [] };
      default:
        throw new Error(`unknown question type ${q.type}`);
    }
  })();
  // A question submitted unanswered (plan.given null): no learner_response, and incorrect.
  const unanswered = g == null;
  return {
    ...want,
    response: unanswered ? undefined : want.response(),
    result: q.type === 'likert' ? 'neutral' : unanswered ? 'incorrect' : result,
  };
}

/** The interactions this session wrote are exactly the learner's submitted answers, in order. */
export function assertInteractionsMatch(found, answers, { startAt = 0, lang } = {}) {
  assert.deepEqual(found.map((i) => i.id), answers.map((e) => e.q.iid), 'one interaction per submitted answer, in the order answered');
  found.forEach((it, k) => {
    const { q, plan } = answers[k];
    const want = expected(q, plan);
    const tag = `interaction ${it.index} (${it.id})`;
    const norm = want.unordered ? (x) => (x === undefined ? x : set(x)) : (x) => x;
    assert.equal(it.index, startAt + k, `${tag}: index`);
    assert.equal(it.type, want.type, `${tag}: type`);
    assert.equal(norm(it.learner_response), norm(want.response), `${tag}: learner_response`);
    assert.deepEqual(patternsOf(it).map(norm), want.patterns.map(norm), `${tag}: correct_responses patterns`);
    assert.equal(it.result, want.result, `${tag}: result`);
    // Knowledge-check answers are unweighted (assessment answers carry `checked`, as learner.mjs's answerAssessment gives them).
    const scored = 'checked' in answers[k];
    assert.equal(it.weighting, String(q.type === 'likert' || !scored ? 0 : q.weight), `${tag}: weighting`);
    assert.equal(it.description, `{lang=${lang}}${q.prompt.replace(/\s+/g, ' ').trim().slice(0, 250)}`, `${tag}: description is the prompt`);
  });
}

/**
 * The state a real LMS keeps and hands back on the next launch (RTE 4.2.8): entry = resume after
 * exit = suspend (else a new attempt), exit and session_time reset, total_time accumulated.
 */
export function nextLaunchState(body) {
  const cmi = structuredClone(body.cmi ?? body);
  const resume = cmi.exit === 'suspend';
  delete cmi.exit;
  delete cmi.session_time;
  cmi.entry = resume ? 'resume' : 'ab-initio';
  for (const k of Object.keys(cmi)) if (k.startsWith('_')) delete cmi[k];
  return cmi;
}
