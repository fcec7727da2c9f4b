// What the SCORM 1.2 and SCORM 2004 assertions share: the call log (every call error 0, the
// initialise call once and first, the terminate call once and last) and the interactions a run
// wrote, read from the call log and from scorm-again's flattened CMI. `ed` names the edition's
// functions (SCORM12 or SCORM2004 below).
import assert from 'node:assert/strict';

export const SCORM12 = {
  label: 'SCORM 1.2',
  initialize: 'LMSInitialize',
  terminate: 'LMSFinish',
  getValue: 'LMSGetValue',
  setValue: 'LMSSetValue',
  commit: 'LMSCommit',
  inquiry: ['LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
};
export const SCORM2004 = {
  label: 'SCORM 2004',
  initialize: 'Initialize',
  terminate: 'Terminate',
  getValue: 'GetValue',
  setValue: 'SetValue',
  commit: 'Commit',
  inquiry: ['GetLastError', 'GetErrorString', 'GetDiagnostic'],
};

export const fmt = (calls) => calls.map((c, i) => `${i}: ${c.fn}(${c.args.map((a) => JSON.stringify(a)).join(', ')}) -> ${JSON.stringify(c.result)} [${c.error}]`).join('\n');

/** The calls that change or read data (everything but the error-inquiry functions). */
export const dataCalls = (calls, ed = SCORM12) => calls.filter((c) => !ed.inquiry.includes(c.fn));

/** The value of the last set of `element`, or undefined. */
export function lastSet(calls, element, ed = SCORM12) {
  const c = calls.filter((x) => x.fn === ed.setValue && x.args[0] === element).at(-1);
  return c ? c.args[1] : undefined;
}

/** Every value the SCO set for an element, in order. */
export const setsOf = (calls, element, ed = SCORM12) => calls.filter((c) => c.fn === ed.setValue && c.args[0] === element).map((c) => c.args[1]);

/**
 * Every call returned error 0 (except those `allowed(call)` accepts); the initialise call exactly
 * once and first; with `finished`, the terminate call exactly once and last (only error-inquiry
 * calls may follow it).
 */
export function assertCallLog(calls, { finished = true, ed = SCORM12, allowed = () => false } = {}) {
  assert.ok(calls.length > 0, 'the SCO made no API call');
  const bad = calls.filter((c) => c.error !== '0' && !allowed(c));
  assert.deepEqual(bad, [], `API calls with an error code:\n${fmt(bad)}`);
  const failed = calls.filter((c) => [ed.initialize, ed.terminate, ed.setValue, ed.commit].includes(c.fn) && c.result !== 'true');
  assert.deepEqual(failed, [], `API calls that returned false:\n${fmt(failed)}`);
  const data = dataCalls(calls, ed);
  assert.equal(data.filter((c) => c.fn === ed.initialize).length, 1, `${ed.initialize} must be called exactly once:\n${fmt(data)}`);
  assert.equal(data[0].fn, ed.initialize, `${ed.initialize} must be the first call`);
  const finishes = data.filter((c) => c.fn === ed.terminate).length;
  if (finished) {
    assert.equal(finishes, 1, `${ed.terminate} must be called exactly once:\n${fmt(data.slice(-10))}`);
    assert.equal(data.at(-1).fn, ed.terminate, `${ed.terminate} must be the last call; the log ends with:\n${fmt(data.slice(-5))}`);
  } else {
    assert.equal(finishes, 0, `${ed.terminate} was called before the learner left`);
  }
}

/**
 * The interactions as the SCO wrote them (the raw set values, last write wins), in index
 * order. Asserts every new index was the next free one (contiguous indices, none skipped).
 */
export function interactionsFromCalls(calls, { startAt = 0, ed = SCORM12 } = {}) {
  const list = [];
  for (const c of calls) {
    if (c.fn !== ed.setValue) continue;
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(c.args[0]);
    if (!m) continue;
    const i = Number(m[1]) - startAt;
    assert.ok(i >= 0 && i <= list.length, `${c.args[0]} written while ${list.length + startAt} interactions exist (indices must be contiguous)`);
    if (i === list.length) list.push({ index: Number(m[1]) });
    list[i][m[2]] = c.args[1];
  }
  return list;
}

/** The interactions of a flattened CMI (scorm-again's normalised values), in index order. */
export function interactions(flat) {
  const byIndex = new Map();
  for (const [k, v] of Object.entries(flat)) {
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    if (!byIndex.has(i)) byIndex.set(i, {});
    byIndex.get(i)[m[2]] = v;
  }
  const idx = [...byIndex.keys()].sort((a, b) => a - b);
  assert.deepEqual(idx, idx.map((_, i) => i), `interaction indices are not contiguous: ${idx}`);
  return idx.map((i) => byIndex.get(i));
}

/** The correct_responses patterns of an interaction, in index order. */
export function patternsOf(it) {
  return Object.keys(it)
    .map((key) => /^correct_responses\.(\d+)\.pattern$/.exec(key))
    .filter(Boolean)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => it[m[0]]);
}

/**
 * The objectives of a flattened CMI (`cmi.objectives.N.*`, or Moodle's SCORM 1.2 rows
 * `cmi.objectives_N.*`), in index order: [{index, id, 'score.raw', status, …}]. Asserts the
 * indices are contiguous.
 */
export function objectives(flat) {
  const byIndex = new Map();
  for (const [k, v] of Object.entries(flat)) {
    const m = /^cmi\.objectives[._](\d+)\.(.+)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    if (!byIndex.has(i)) byIndex.set(i, { index: i });
    byIndex.get(i)[m[2]] = v;
  }
  const idx = [...byIndex.keys()].sort((a, b) => a - b);
  assert.deepEqual(idx, idx.map((_, i) => i), `objective indices are not contiguous: ${idx}`);
  return idx.map((i) => byIndex.get(i));
}
