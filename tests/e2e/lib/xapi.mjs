// Assertions on the statements a TinCan or cmi5 package sent to the recording LRS (lib/lrs.mjs),
// shared by tincan.test.mjs and cmi5.test.mjs.
import assert from 'node:assert/strict';

export const VERB = (v) => `http://adlnet.gov/expapi/verbs/${v}`;
export const verbOf = (st) => st.verb.id.replace('http://adlnet.gov/expapi/verbs/', '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const TYPE = {
  'single-choice': 'choice',
  'multiple-response': 'choice',
  'true-false': 'true-false',
  'fill-in': 'fill-in',
  numeric: 'numeric',
  matching: 'matching',
  sequencing: 'sequencing',
  likert: 'likert',
};

export const isDuration = (d) => typeof d === 'string' && DURATION.test(d);
export const OBJECTIVE = 'http://adlnet.gov/expapi/activities/objective';

/** The objective activities in a statement's contextActivities.other: their ids. */
export const objectivesOf = (st) => (st.context?.contextActivities?.other ?? []).filter((a) => a.definition?.type === OBJECTIVE).map((a) => a.id);

/**
 * The attempt's `scored` lists the objectives it measured in contextActivities.other and carries
 * their scores as the result extension <iri>/extensions/objectives; `passed`/`failed` list every
 * objective of the course. `expected`: [{id, score, passed}] (learner.mjs expectedObjectives).
 */
export function assertObjectiveResults(scored, verdict, { iri, data, expected }) {
  const measured = expected.filter((o) => o.score != null);
  assert.ok(measured.length > 0, 'the attempt measured objectives');
  assert.deepEqual(objectivesOf(scored), measured.map((o) => `${iri}/objectives/${o.id}`), 'scored: the measured objectives');
  assert.deepEqual(
    scored.result.extensions?.[`${iri}/extensions/objectives`],
    measured.map((o) => ({ id: `${iri}/objectives/${o.id}`, raw: o.score, scaled: o.score / 100, success: o.passed })),
    'scored: the score per objective',
  );
  if (verdict) {
    assert.deepEqual(objectivesOf(verdict), data.objectives.map((o) => `${iri}/objectives/${o.id}`), `${verbOf(verdict)}: every objective of the course`);
  }
}

/** The xAPI response, pattern and success the player must report for a lib/player.mjs plan. */
export function expectedAnswer(q, p) {
  const opts = q.options ?? [];
  const ids = (chars) => (chars === '' ? [] : chars.split(',').map((c) => opts[parseInt(c, 36)]));
  const success = p.result === 'correct' ? true : p.result === 'wrong' ? false : undefined;
  const base = { type: TYPE[q.type], success };
  switch (q.type) {
    case 'single-choice':
    case 'multiple-response':
    case 'sequencing':
      return { ...base, response: ids(p.response).join('[,]'), patterns: [ids(p.patterns[0]).join('[,]')] };
    case 'true-false':
      return { ...base, response: p.response === 't' ? 'true' : 'false', patterns: [p.patterns[0] === 't' ? 'true' : 'false'] };
    case 'fill-in':
      return { ...base, response: p.response, patterns: q.key.map((k) => (q.caseSensitive ? `{case_matters=true}${k}` : k)) };
    case 'numeric': {
      const k = q.key;
      return { ...base, response: p.response, patterns: ['exact' in k ? String(k.exact) : `${k.min}[:]${k.max}`] };
    }
    case 'matching': {
      const pairs = (s) => s.split(',').map((x) => x.split('.').map((c) => opts[parseInt(c, 36)]).join('[.]')).join('[,]');
      return { ...base, response: pairs(p.response), patterns: [pairs(p.patterns[0])] };
    }
    case 'likert':
      return { ...base, response: opts[parseInt(p.response, 36)], patterns: undefined };
    default:
      throw new Error(`unknown type ${q.type}`);
  }
}

/**
 * Every `answered` statement in `statements` against the answers the learner gave, in order:
 * object id, the full cmi.interaction definition, response, success, duration, parent.
 */
export function assertAnswered(statements, answers, { iri, lang, containerOf }) {
  const got = statements.filter((s) => verbOf(s) === 'answered');
  assert.equal(got.length, answers.length, `one answered statement per answer (${got.map((s) => s.object.id.split('/').pop())})`);
  answers.forEach(({ q, plan }, i) => {
    const st = got[i];
    const L = typeof lang === 'function' ? lang(i) : lang;
    const want = expectedAnswer(q, plan);
    const where = `answered #${i} (${q.id})`;
    assert.equal(st.object.id, `${iri}/questions/${q.id}`, `${where}: object id`);
    const def = st.object.definition;
    assert.equal(def.type, 'http://adlnet.gov/expapi/activities/cmi.interaction', `${where}: type`);
    assert.equal(def.interactionType, want.type, `${where}: interactionType`);
    assert.deepEqual(def.correctResponsesPattern, want.patterns, `${where}: correctResponsesPattern`);
    assert.deepEqual(Object.keys(def.name), [L], `${where}: the name is in the package language`);
    assert.ok(def.name[L].length > 0);
    const comps = (list) => (list ?? []).map((c) => c.id);
    if (want.type === 'choice' || want.type === 'sequencing') assert.deepEqual(comps(def.choices), q.options, `${where}: choices`);
    if (want.type === 'likert') assert.deepEqual(comps(def.scale), q.options, `${where}: scale`);
    if (want.type === 'matching') {
      assert.deepEqual(comps(def.source), q.options, `${where}: source`);
      assert.deepEqual(comps(def.target), q.options, `${where}: target`);
    }
    for (const list of [def.choices, def.scale, def.source, def.target]) {
      for (const c of list ?? []) assert.ok(c.description[L]?.length > 0, `${where}: component ${c.id} is described in ${L}`);
    }
    assert.equal(st.result.response, want.response, `${where}: response`);
    assert.equal(st.result.success, want.success, `${where}: success`);
    assert.ok(isDuration(st.result.duration), `${where}: duration ${st.result.duration}`);
    assert.equal(st.context.contextActivities.parent[0].id, `${iri}/${containerOf(q)}`, `${where}: parent`);
    assert.equal(st.context.language, L);
    const objectives = (st.context.contextActivities.other ?? []).filter((a) => a.definition?.type === OBJECTIVE);
    assert.deepEqual(objectives.map((a) => a.id), (q.objectives ?? []).map((id) => `${iri}/objectives/${id}`), `${where}: the objectives it serves, in contextActivities.other`);
    for (const a of objectives) assert.ok(a.definition.name[L]?.length > 0, `${where}: objective ${a.id} is named in ${L}`);
  });
}

/** Rules every statement of a run obeys (the LRS already validated each one). */
export function assertStatementBasics(lrs, statements, { actor, registration }) {
  assert.deepEqual(lrs.rejected.map((r) => r.problems), [], 'the LRS rejected no statement');
  const ids = statements.map((s) => s.id);
  assert.ok(ids.every((id) => UUID.test(id)), 'every statement id is a UUID');
  assert.equal(new Set(ids).size, ids.length, 'no statement id twice');
  for (const s of statements) {
    assert.deepEqual(s.actor, actor, 'the launch actor');
    assert.equal(s.context.registration, registration, 'the launch registration');
    assert.ok(!Number.isNaN(Date.parse(s.timestamp)) && s.timestamp.endsWith('Z'), `UTC ISO 8601 timestamp ${s.timestamp}`);
  }
  for (const e of lrs.log) {
    assert.match(String(e.version), /^1\.0\.\d$/, `X-Experience-API-Version on ${e.method} ${e.resource}`);
  }
}

/** No statement that means the same thing was sent twice (experienced per page, answers, verdicts). */
export function assertNoDuplicates(statements) {
  // Answers in knowledge checks (assessment answers differ by attempt, which has its own statement).
  const inCheck = (s) => verbOf(s) === 'answered' && s.context.contextActivities.parent.some((a) => a.id.includes('/checks/'));
  const keys = statements
    .filter((s) => ['experienced', 'completed', 'passed'].includes(verbOf(s)) || inCheck(s))
    .map((s) => `${verbOf(s)} ${s.object.id} ${verbOf(s) === 'answered' ? JSON.stringify(s.result.response) + s.result.success : ''}`);
  const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
  assert.deepEqual(dup, [], 'no statement sent twice');
}

/** Score agreement: scaled = raw/100 within min..max. */
export function assertScore(result, raw) {
  assert.deepEqual(result.score, { scaled: raw / 100, raw, min: 0, max: 100 });
}

/**
 * A session's problems without the LRS answers xAPI defines as normal: 404 for a state or profile
 * document that does not exist yet, 403 for denied learner preferences, and the 503s a test
 * injected (the browser logs every non-2xx response as a console error).
 */
export function problemsBesidesLrsAnswers(session) {
  const pr = session.problems();
  const lrsAnswer = (line) => /Failed to load resource: the server responded with a status of (403|404|503) .* @ http:\/\/127\.0\.0\.1:\d+\/lrs\//.test(line);
  return {
    ...pr,
    consoleErrors: pr.consoleErrors.filter((l) => !lrsAnswer(l)),
    notFound: pr.notFound.filter((u) => !/^\/lrs\/(activities\/state|agents\/profile)\?/.test(u)),
  };
}
