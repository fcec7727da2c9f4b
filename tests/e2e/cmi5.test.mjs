// cmi5 end to end: coursepack's cmi5 packages in headless Chromium as the AU, with the LMS side
// played from the spec (lib/cmi5-lms.mjs: launch URL, single-use fetch token, LMS.LaunchData,
// learner preferences) over the recording LRS (lib/lrs.mjs, every statement validated with
// @learninglocker/xapi-validation). Asserts the AU rules of the ADL CATAPULT content test suite
// (shared reference peers.md §3.4) for: masteryScore given (0.8, above the course's 70 %) in two
// sessions — a score between the two fails, a retry passes; masteryScore not given — the same
// kind of score passes on the course's pass mark; Browse mode — only initialized and terminated.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openDirect, until, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { answerCheck, startAttempt, answerAssessment, submitAttempt, expectedScore, results, expectedObjectives } from './lib/learner.mjs';
import { createLrs } from './lib/lrs.mjs';
import { createCmi5Lms, CMI5, moveOnSatisfied } from './lib/cmi5-lms.mjs';
import { verbOf, assertAnswered, assertStatementBasics, assertNoDuplicates, assertScore, isDuration, problemsBesidesLrsAnswers, assertObjectiveResults } from './lib/xapi.mjs';

const CLEAN = { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] };
const IRI = 'https://coursepack.example/courses/digitale-vaardigheden';
const PUBLISHER_ID = `${IRI}/au`; // the AU id of cmi5.xml
const DEFINED = ['initialized', 'completed', 'passed', 'failed', 'terminated'];
const packages = packagesUnderTest('cmi5');
const byLang = Object.fromEntries(packages.map((p) => [p.lang, p]));

let browser;
let lrs;
let lms;
const servers = {};
before(async () => {
  browser = await launchBrowser();
  for (const p of packages) {
    servers[p.lang] = await startServer({ pkgDir: p.dir, routes: [(...a) => lrs.route(...a), (...a) => lms.route(...a)] });
  }
});
after(async () => {
  for (const s of Object.values(servers)) await s.close();
  await browser?.close();
});

function fresh() {
  lms = null;
  lrs = createLrs({ authorize: (h) => lms.authorize(h) });
  lms = createCmi5Lms({ lrs, publisherId: PUBLISHER_ID });
}

const pkgOf = (lang) => byLang[lang] ?? packages[0];
const sessionOf = (st) => st.context?.extensions?.[CMI5.sessionid];
const cats = (st) => (st.context.contextActivities.category ?? []).map((c) => c.id);

/** Which of the drawn questions to get wrong for a score in [lo, hi); null when none does. */
function mistakesFor(A, ids, lo, hi) {
  const qs = ids.map((id) => A.questions.find((q) => q.id === id)).filter((q) => q.type !== 'likert');
  const total = qs.reduce((t, q) => t + q.weight, 0);
  const byWeight = qs.slice().sort((a, b) => a.weight - b.weight);
  for (let m = 0; m <= byWeight.length; m++) {
    const wrong = byWeight.slice(0, m);
    const got = total - wrong.reduce((t, q) => t + q.weight, 0);
    const score = Math.round((100 * got) / total);
    if (score >= lo && score < hi) return new Set(wrong.map((q) => q.id));
  }
  return null;
}

/** Every page, every check right; then one attempt scoring in [lo, hi) (or all right). */
async function fullRun(p, { lo, hi } = {}) {
  const d = p.data;
  const A = d.assessment;
  const answers = [];
  for (const page of d.pages.slice(1)) {
    if (page.kind === 'assessment' || page.kind === 'results') continue;
    await p.visit([page.id]);
    if (page.kind === 'check') answers.push(...(await answerCheck(p, d.checks.find((c) => c.id === page.id), () => true)));
  }
  await p.goTo(A.id);
  const ids = await startAttempt(p);
  const wrong = lo == null ? new Set() : mistakesFor(A, ids, lo, hi);
  assert.ok(wrong, `some answers give a score in [${lo}, ${hi})`);
  const attempt = await answerAssessment(p, ids, (q) => !wrong.has(q.id));
  await submitAttempt(p);
  return { answers, attempt, score: expectedScore(attempt) };
}

/**
 * The cmi5 rules on one AU session's statements (peers.md §3.4, cmi5 §7.1, §9): initialized
 * first, terminated last, allowed ones between; the session id, registration and the publisher
 * id's grouping on every statement; the object of cmi5-defined ones is the launch activityId; the
 * cmi5 category on those and only those; moveon category exactly where success/completion is;
 * durations; score with min/max only on passed/failed; masteryScore agreement and extension.
 */
function assertSession(session, launch, enrolment, { masteryScore }) {
  const verbs = session.map(verbOf);
  assert.equal(verbs[0], 'initialized', `initialized first: ${verbs}`);
  assert.equal(verbs.filter((v) => v === 'initialized').length, 1, 'one initialized per session');
  assert.equal(verbs.at(-1), 'terminated', 'terminated last');
  assert.equal(verbs.filter((v) => v === 'terminated').length, 1);
  assert.ok(verbs.filter((v) => v === 'passed' || v === 'failed').length <= 1, 'at most one of passed/failed per session');
  for (const st of session) {
    const v = verbOf(st);
    const where = `${v} ${st.id}`;
    assert.equal(sessionOf(st), launch.sessionId, `${where}: the session id of LMS.LaunchData`);
    assert.equal(st.context.registration, enrolment.registration, `${where}: registration`);
    assert.ok(st.context.contextActivities.grouping.some((g) => g.id === PUBLISHER_ID), `${where}: the publisher id in grouping (contextTemplate)`);
    assert.equal(st.actor.account.name, launch.actor.account.name, `${where}: the launch actor`);
    const c = cats(st);
    if (DEFINED.includes(v)) {
      assert.equal(st.object.id, enrolment.activityId, `${where}: the object is the launch activityId`);
      assert.ok(c.includes(CMI5.catCmi5), `${where}: cmi5 category`);
      const r = st.result ?? {};
      assert.equal(c.includes(CMI5.catMoveOn), r.success !== undefined || r.completion !== undefined, `${where}: moveon category iff success/completion`);
      if (v !== 'initialized') assert.ok(isDuration(r.duration), `${where}: duration`);
      if (v === 'passed' || v === 'failed') {
        assert.equal(r.success, v === 'passed');
        assert.equal(r.completion, undefined, `${where}: no completion`);
        assert.ok(r.score && r.score.min === 0 && r.score.max === 100 && r.score.scaled === r.score.raw / 100, `${where}: score with min and max`);
        if (masteryScore != null) {
          assert.equal(st.context.extensions[CMI5.masteryscore], masteryScore, `${where}: masteryScore extension`);
          assert.equal(r.score.scaled >= masteryScore, v === 'passed', `${where}: agrees with masteryScore`);
        } else {
          assert.equal(st.context.extensions[CMI5.masteryscore], undefined, `${where}: no masteryScore was given`);
        }
      } else {
        assert.equal(r.score, undefined, `${where}: no score`);
        assert.equal(r.success, undefined, `${where}: no success`);
        if (v === 'completed') assert.equal(r.completion, true);
        else assert.equal(r.completion, undefined);
      }
    } else {
      assert.ok(!c.includes(CMI5.catCmi5) && !c.includes(CMI5.catMoveOn), `${where}: a cmi5 allowed statement has no cmi5 category`);
      assert.notEqual(st.object.id, enrolment.activityId, `${where}: not about the AU`);
    }
  }
}

/** The AU's requests: the token it fetched in every Authorization, the fetch URL POSTed once. */
function assertAuth(launch, fromLog) {
  assert.equal(lms.fetches.get(launch.key).calls, 1, 'the fetch URL was POSTed exactly once');
  const mine = lrs.log.slice(fromLog);
  assert.ok(mine.length > 0);
  for (const e of mine) assert.equal(e.auth, `Basic ${launch.token}`, `${e.method} ${e.resource}: the fetched token`);
  assert.ok(mine.some((e) => e.method === 'GET' && e.resource === 'activities/state' && e.query.stateId === 'LMS.LaunchData'), 'LMS.LaunchData was read');
  assert.ok(mine.some((e) => e.method === 'GET' && e.resource === 'agents/profile' && e.query.profileId === 'cmi5LearnerPreferences'), 'the learner preferences were read');
  assert.deepEqual(lrs.forbiddenWrites, [], 'LMS.LaunchData (and denied preferences) never written');
}

/** A second POST to a used fetch URL gets a cmi5 error, not a token. */
async function assertFetchIsSingleUse(server, launch) {
  const r = await fetch(`${server.origin}/cmi5/fetch/${launch.key}`, { method: 'POST' });
  const body = await r.json();
  assert.equal(body['auth-token'], undefined);
  assert.ok(body['error-code'], 'the fetch URL is single-use');
}

const ofSession = (launch) => lrs.statements().filter((s) => sessionOf(s) === launch.sessionId && verbOf(s) !== 'launched');

/** Exits the player and returns the session's statements, once `terminated` has arrived. */
async function exitSession(p, one) {
  await p.exit();
  await one.s.waitForState('finished');
  await until(() => ofSession(one.launch).some((x) => verbOf(x) === 'terminated'));
  return ofSession(one.launch);
}

async function launchAu(lang, enrolment, opts) {
  const server = servers[pkgOf(lang).lang];
  const fromLog = lrs.log.length;
  const launch = lms.launch({ origin: server.origin, enrolment, ...opts });
  const s = await openDirect(browser, server, launch.url);
  return { s, server, launch, fromLog };
}

describe('cmi5 package', () => {
  test('masteryScore 0.8 given (Normal): a score between 70 and 80 fails, a retry in a new session passes; returnURL, single-use fetch', async () => {
    fresh();
    const lang = pkgOf('nl').lang;
    const enrolment = lms.register();
    // Session 1.
    const one = await launchAu(lang, enrolment, { masteryScore: 0.8, returnURL: true, preferences: 404 });
    const p1 = await Player.open(one.s);
    const A = p1.data.assessment;
    assert.equal(A.passMark, 70, "the course's own pass mark");
    assert.equal(await one.s.page.evaluate(() => window.Coursepack.session.player.passMark()), 80, 'the LMS masteryScore overrides it in the player');
    assert.match(await p1.page(A.id).locator('[data-pass-mark]').textContent(), /80/);
    const run = await fullRun(p1, { lo: 70, hi: 80 });
    const r1 = await results(p1);
    assert.equal(r1.passed, 'false', `${run.score} fails against masteryScore 0.8`);
    await p1.exit();
    await one.s.page.waitForURL(/\/lms\/return\.html/, { timeout: WAIT_MS });
    assert.equal(lms.returns.length, 1, 'the AU went to returnURL on exit');
    assert.ok(lms.returns[0].includes(one.launch.sessionId));
    const s1 = ofSession(one.launch);
    assertSession(s1, one.launch, enrolment, { masteryScore: 0.8 });
    const v1 = s1.map(verbOf);
    assert.ok(v1.includes('completed'), 'every page seen: completed');
    assert.ok(v1.includes('failed') && !v1.includes('passed'), `failed: ${v1}`);
    assertScore(s1.find((x) => verbOf(x) === 'failed').result, run.score);
    // The objectives: on the answers (below), the attempt's scores on scored (judged against the
    // LMS's masteryScore, 80), every objective on failed.
    assertObjectiveResults(s1.find((x) => verbOf(x) === 'scored'), s1.find((x) => verbOf(x) === 'failed'), {
      iri: IRI,
      data: p1.data,
      expected: expectedObjectives(p1.data, run.attempt, 80),
    });
    assertAnswered(s1, [...run.answers, ...run.attempt.filter((a) => a.checked), ...run.attempt.filter((a) => !a.checked)], {
      iri: IRI,
      lang,
      containerOf: (q) => (A.questions.some((x) => x.id === q.id) ? `assessments/${A.id}` : `checks/${p1.data.checks.find((c) => c.questions.some((x) => x.id === q.id)).id}`),
    });
    assertAuth(one.launch, one.fromLog);
    await assertFetchIsSingleUse(one.server, one.launch);
    assert.deepEqual(problemsBesidesLrsAnswers(one.s), CLEAN);
    await one.s.close();

    // Session 2: same registration, a new session; resumes and passes; completed is not re-sent.
    const two = await launchAu(lang, enrolment, { masteryScore: 0.8, returnURL: true, preferences: 403 });
    const p2 = await Player.open(two.s);
    assert.equal(await p2.currentPageId(), p2.data.pages.find((x) => x.kind === 'results').id, 'resumes on the results page');
    const ids = await startAttempt(p2, 'retry');
    const retry = await answerAssessment(p2, ids, () => true);
    await submitAttempt(p2);
    assert.equal((await results(p2)).passed, 'true');
    await p2.exit();
    await two.s.page.waitForURL(/\/lms\/return\.html/, { timeout: WAIT_MS });
    const s2 = ofSession(two.launch);
    assertSession(s2, two.launch, enrolment, { masteryScore: 0.8 });
    const v2 = s2.map(verbOf);
    assert.ok(v2.includes('passed') && !v2.includes('failed'));
    assert.ok(!v2.includes('completed'), 'completed at most once per registration');
    assert.ok(!v2.includes('experienced') || s2.filter((x) => verbOf(x) === 'experienced').every((x) => !s1.some((y) => verbOf(y) === 'experienced' && y.object.id === x.object.id)), 'no page experienced twice');
    assertScore(s2.find((x) => verbOf(x) === 'passed').result, 100);
    assertObjectiveResults(s2.find((x) => verbOf(x) === 'scored'), s2.find((x) => verbOf(x) === 'passed'), {
      iri: IRI,
      data: p2.data,
      expected: expectedObjectives(p2.data, retry, 80),
    });
    assertAuth(two.launch, two.fromLog);
    await assertFetchIsSingleUse(two.server, two.launch);

    // Over the registration.
    const all = [...s1, ...s2];
    const verbs = all.map(verbOf);
    assert.equal(verbs.filter((v) => v === 'completed').length, 1, 'completed once per registration');
    assert.equal(verbs.filter((v) => v === 'passed').length, 1, 'passed once per registration');
    assert.ok(verbs.lastIndexOf('failed') < verbs.indexOf('passed'), 'failed never follows passed');
    assertStatementBasics(lrs, all, { actor: one.launch.actor, registration: enrolment.registration });
    assertNoDuplicates(all);
    const launched = lrs.statements().filter((x) => verbOf(x) === 'launched').map((x) => x.id);
    assert.deepEqual(launched, [one.launch.launchedId, two.launch.launchedId]);
    assert.deepEqual(problemsBesidesLrsAnswers(two.s), CLEAN);
    await two.s.close();
  });

  test('masteryScore not given (Normal): the course pass mark (70) decides; no masteryScore extension; no returnURL', async () => {
    fresh();
    const lang = pkgOf('en').lang;
    const enrolment = lms.register();
    const one = await launchAu(lang, enrolment, { preferences: { languagePreference: 'en-GB,nl', audioPreference: 'on' } });
    const p = await Player.open(one.s);
    assert.equal(await one.s.page.evaluate(() => window.Coursepack.session.player.passMark()), 70);
    const run = await fullRun(p, { lo: 70, hi: 80 });
    assert.equal((await results(p)).passed, 'true', `${run.score} passes on the course's pass mark`);
    const st = await exitSession(p, one);
    assertSession(st, one.launch, enrolment, { masteryScore: null });
    const verbs = st.map(verbOf);
    assert.ok(verbs.includes('passed') && verbs.includes('completed') && !verbs.includes('failed'), `moveOn CompletedAndPassed is met: ${verbs}`);
    assertScore(st.find((x) => verbOf(x) === 'passed').result, run.score);
    // The request budget (issue 15): one request per statement; the resume document written at
    // most once per page change, once per submitted attempt and once at the exit.
    const mine = lrs.log.slice(one.fromLog);
    const stateWrites = mine.filter((e) => e.method === 'PUT' && e.resource === 'activities/state').length;
    assert.ok(stateWrites <= p.data.pages.length + 2, `State API writes: ${stateWrites} for ${p.data.pages.length} pages, 1 submit, 1 exit`);
    assert.equal(mine.filter((e) => e.resource === 'statements' && e.method !== 'GET').length, st.length, 'one request per statement');
    assert.equal(lms.returns.length, 0, 'no returnURL, no redirect');
    assert.match(one.s.page.url(), /\/pkg\/index\.html/);
    assertAuth(one.launch, one.fromLog);
    assertStatementBasics(lrs, st, { actor: one.launch.actor, registration: enrolment.registration });
    assertNoDuplicates(st);
    assert.deepEqual(problemsBesidesLrsAnswers(one.s), CLEAN);
    await one.s.close();
  });

  test('Browse mode: only initialized and terminated, nothing written; the not-recorded banner, also on the results', async () => {
    fresh();
    const lang = pkgOf('nl').lang;
    const enrolment = lms.register();
    const one = await launchAu(lang, enrolment, { launchMode: 'Browse', masteryScore: 0.8, returnURL: true });
    const p = await Player.open(one.s);
    const banner = one.s.page.locator('#tracking-notice');
    assert.ok(await banner.isVisible(), 'Browse: a banner says nothing is recorded');
    assert.equal(await one.s.page.locator('body').getAttribute('data-mode'), 'browse');
    assert.equal(await one.s.page.locator('[data-requirement]').isVisible(), false, 'Browse counts nothing: no "what counts" line');
    await fullRun(p);
    assert.equal((await results(p)).passed, 'true');
    const note = one.s.page.locator('#results [data-mode-note]');
    assert.ok(await note.isVisible(), 'the results of a Browse attempt say they are not recorded or graded');
    assert.equal((await note.textContent()).trim(), (await banner.textContent()).trim());
    await p.exit();
    await one.s.page.waitForURL(/\/lms\/return\.html/, { timeout: WAIT_MS });
    const st = ofSession(one.launch);
    assert.deepEqual(st.map(verbOf), ['initialized', 'terminated']);
    assertSession(st, one.launch, enrolment, { masteryScore: 0.8 });
    const writes = lrs.log.filter((e) => e.method !== 'GET' && e.resource !== 'statements');
    assert.deepEqual(writes, [], 'no state or profile written in Browse mode');
    assertAuth(one.launch, one.fromLog);
    assertStatementBasics(lrs, st, { actor: one.launch.actor, registration: enrolment.registration });
    assert.deepEqual(problemsBesidesLrsAnswers(one.s), CLEAN);
    await one.s.close();
  });
  test('Review mode: read-only, only initialized and terminated, nothing written or graded', async () => {
    fresh();
    const lang = pkgOf('en').lang;
    const enrolment = lms.register();
    const one = await launchAu(lang, enrolment, { launchMode: 'Review', masteryScore: 0.8 });
    const p = await Player.open(one.s);
    assert.equal(await one.s.page.locator('body').getAttribute('data-mode'), 'review');
    assert.ok(await one.s.page.locator('#tracking-notice').isVisible(), 'a review banner');
    assert.equal(await one.s.page.locator('[data-requirement]').isVisible(), false, 'Review counts nothing: no "what counts" line');
    for (const page of p.data.pages.slice(1)) await p.goTo(page.id);
    await p.goTo(p.data.assessment.id);
    const start = p.page(p.data.assessment.id).locator('button[data-action="start-attempt"]');
    assert.ok(!(await start.isVisible()) || (await start.isDisabled()), 'no attempt can start in Review');
    const st = await exitSession(p, one);
    assert.deepEqual(st.map(verbOf), ['initialized', 'terminated']);
    assertSession(st, one.launch, enrolment, { masteryScore: 0.8 });
    assert.deepEqual(lrs.log.filter((e) => e.method !== 'GET' && e.resource !== 'statements'), [], 'no state or profile written in Review mode');
    assert.deepEqual(problemsBesidesLrsAnswers(one.s), CLEAN);
    await one.s.close();
  });

  // moveOn (LMS.LaunchData): the learner is told what counts, on the title page and the results
  // page, and the results page calls the course complete exactly when the LMS's moveOn
  // evaluation is satisfied. The learner skips every page and passes the test (NotApplicable:
  // does not even take it); the statements are the same whatever moveOn says.
  const MOVE_ON = [
    { moveOn: 'Passed', key: 'requirement_assessment_passed', test: true, complete: true },
    { moveOn: 'Completed', key: 'requirement_all_pages', test: true, complete: false },
    { moveOn: 'CompletedAndPassed', key: 'requirement_both', test: true, complete: false },
    { moveOn: 'CompletedOrPassed', key: 'requirement_either', test: true, complete: true },
    { moveOn: 'NotApplicable', key: 'requirement_none', test: false, complete: true },
  ];
  for (const c of MOVE_ON) {
    test(`moveOn ${c.moveOn}: the learner is told what counts; "complete" agrees with the LMS's evaluation`, async () => {
      fresh();
      const lang = pkgOf(c.moveOn.length % 2 ? 'nl' : 'en').lang;
      const enrolment = lms.register();
      const one = await launchAu(lang, enrolment, { moveOn: c.moveOn });
      const p = await Player.open(one.s);
      const want = p.data.strings[c.key];
      assert.match(want ?? '', /\S/, `the package has the string ${c.key}`);
      const title = one.s.page.locator('[data-requirement]');
      assert.ok(await title.isVisible(), 'the title page says what counts');
      assert.equal((await title.textContent()).trim(), want);
      const A = p.data.assessment;
      if (c.test) {
        await p.goTo(A.id);
        const ids = await startAttempt(p);
        await answerAssessment(p, ids, () => true);
        await submitAttempt(p);
        assert.equal((await results(p)).passed, 'true');
      } else {
        await p.goTo(p.data.pages.find((x) => x.kind === 'results').id);
      }
      const note = one.s.page.locator('#results [data-requirement-note]');
      assert.equal((await note.textContent()).trim(), want, 'the results page says what counts');
      const shown = (await results(p)).complete;
      const st = await exitSession(p, one);
      assertSession(st, one.launch, enrolment, { masteryScore: null });
      const verbs = st.map(verbOf);
      assert.ok(!verbs.includes('completed'), `no page was seen, so no completed: ${verbs}`);
      assert.equal(verbs.includes('passed'), c.test, `passed exactly when the test was passed: ${verbs}`);
      const satisfied = moveOnSatisfied(lrs.statements(), { registration: enrolment.registration, activityId: enrolment.activityId, moveOn: c.moveOn });
      assert.equal(satisfied, c.complete, `the LMS's moveOn ${c.moveOn} evaluation`);
      assert.equal(shown, String(satisfied), 'the results page says complete exactly when the LMS counts the unit satisfied');
      assert.deepEqual(problemsBesidesLrsAnswers(one.s), CLEAN);
      await one.s.close();
    });
  }
});
