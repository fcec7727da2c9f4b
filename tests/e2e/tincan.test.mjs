// xAPI (TinCan) end to end: coursepack's tincan packages in headless Chromium, launched the way
// mod_tincanlaunch launches them (endpoint, auth, actor, registration, activity_id in the query
// string), against the recording LRS of lib/lrs.mjs, which validates every statement with
// @learninglocker/xapi-validation. The statements are queried back (GET statements?registration)
// and checked for count, order, verbs, ids and results. (a) pass, with failing LRS writes the
// content must retry; (b) fail every attempt; (c) stop half-way by closing the page (the last
// statement must survive it) and resume in the other language from the State API.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openDirect, until, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { answerCheck, startAttempt, answerAssessment, submitAttempt, reportOrder, expectedScore, affordableMistake, results, expectedObjectives } from './lib/learner.mjs';
import { createLrs } from './lib/lrs.mjs';
import { verbOf, assertAnswered, assertStatementBasics, assertNoDuplicates, assertScore, isDuration, problemsBesidesLrsAnswers, assertObjectiveResults } from './lib/xapi.mjs';

const CLEAN = { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] };
const AUTH = `Basic ${Buffer.from('coursepack-test:secret').toString('base64')}`;
const ACTOR = { objectType: 'Agent', name: 'Ada Lovelace', mbox: 'mailto:ada@example.org' };
const packages = packagesUnderTest('tincan');
const byLang = Object.fromEntries(packages.map((p) => [p.lang, p]));

let browser;
let lrs;
const servers = {};
before(async () => {
  browser = await launchBrowser();
  // One LRS behind every package's server (the resume run switches language).
  for (const p of packages) servers[p.lang] = await startServer({ pkgDir: p.dir, routes: [(...a) => lrs.route(...a)] });
});
after(async () => {
  for (const s of Object.values(servers)) await s.close();
  await browser?.close();
});

function freshLrs() {
  lrs = createLrs({ authorize: (h) => h === AUTH });
  return lrs;
}

function launchUrl(server, registration, iri) {
  // mod_tincanlaunch's parameters, in its order; the content must not depend on it.
  const q = new URLSearchParams({ endpoint: `${server.origin}/lrs/`, auth: AUTH, actor: JSON.stringify(ACTOR), registration, activity_id: iri });
  return `${server.origin}/pkg/index.html?${q}`;
}

/** The statements of a registration, queried back through the LRS's HTTP API. */
async function queryBack(server, registration) {
  const r = await fetch(`${server.origin}/lrs/statements?registration=${registration}&ascending=true`, {
    headers: { 'X-Experience-API-Version': '1.0.3', Authorization: AUTH },
  });
  assert.equal(r.status, 200);
  return (await r.json()).statements;
}

const containerOf = (d) => (q) => {
  const check = d.checks.find((c) => c.questions.some((x) => x.id === q.id));
  return check ? `checks/${check.id}` : `assessments/${d.assessment.id}`;
};

/** Walks every page after the first; answers checks with `checkRight`; returns the answers. */
async function walk(p, checkRight, skip = []) {
  const d = p.data;
  const answers = [];
  for (const page of d.pages.slice(1)) {
    if (page.kind === 'assessment' || page.kind === 'results') continue;
    await p.visit([page.id]);
    if (page.kind === 'check' && !skip.includes(page.id)) answers.push(...(await answerCheck(p, d.checks.find((c) => c.id === page.id), () => checkRight)));
  }
  return answers;
}

/** Waits for the LRS to hold `n` statements for the registration (the queue sends in the background). */
async function settle(registration, pred) {
  return until(() => pred(lrs.statements().filter((s) => s.context?.registration === registration)), WAIT_MS);
}

const lessonPages = (d) => d.pages.filter((x) => x.kind === 'page');

// (a) runs on the source language's package, (b) on the translation's, (c) switches between them.
const pkgA = byLang.nl ?? packages[0];
const pkgB = byLang.en ?? packages[0];

describe('TinCan package', () => {
  {
    const pkg = pkgA;
    test(`${pkg.lang}: (a) a learner passes; failed LRS writes are retried, never duplicated`, async () => {
      freshLrs();
      const server = servers[pkg.lang];
      const registration = crypto.randomUUID();
      const iri = 'https://coursepack.example/courses/digitale-vaardigheden';
      lrs.failNext(2, 503);
      const s = await openDirect(browser, server, launchUrl(server, registration, iri));
      const p = await Player.open(s);
      const d = p.data;
      const A = d.assessment;
      assert.equal(d.course.iri, iri);
      const answers = await walk(p, true);
      await p.goTo(A.id);
      const ids = await startAttempt(p);
      const miss = affordableMistake(A, ids);
      const attempt = await answerAssessment(p, ids, (q) => q.id !== miss);
      const score = expectedScore(attempt);
      assert.ok(score >= A.passMark);
      answers.push(...reportOrder(attempt));
      await submitAttempt(p);
      assert.equal((await results(p)).passed, 'true');
      await p.exit();
      await s.waitForState('finished');
      assert.ok(lrs.log.filter((e) => e.status === 503).length === 2, 'two writes failed and were retried');

      const all = await queryBack(server, registration);
      const verbs = all.map(verbOf);
      const pages = lessonPages(d);
      assert.equal(all.length, 1 + pages.length + answers.length + 1 + 2 + 1, `count: ${verbs}`);
      assert.equal(verbs[0], 'initialized');
      assert.equal(verbs.at(-1), 'terminated');
      // Pages in the order seen, each once, under its lesson.
      const exp = all.filter((x) => verbOf(x) === 'experienced');
      assert.deepEqual(exp.map((x) => x.object.id), pages.map((x) => `${iri}/pages/${x.id}`));
      exp.forEach((x, i) => {
        assert.equal(x.context.contextActivities.parent[0].id, `${iri}/lessons/${pages[i].lessonId}`);
        assert.deepEqual(Object.keys(x.object.definition.name), [pkg.lang]);
      });
      assertAnswered(all, answers, { iri, lang: pkg.lang, containerOf: containerOf(d) });
      const scored = all.filter((x) => verbOf(x) === 'scored');
      assert.equal(scored.length, 1);
      assert.equal(scored[0].object.id, `${iri}/assessments/${A.id}`);
      assertScore(scored[0].result, score);
      assert.equal(scored[0].result.success, true);
      // The verdict on the course activity, after the attempt; completed (rule: both) too.
      const tail = verbs.slice(-3);
      assert.deepEqual(tail.slice().sort(), ['completed', 'passed', 'terminated'].sort());
      const passed = all.find((x) => verbOf(x) === 'passed');
      assert.equal(passed.object.id, iri, 'passed is about the course activity (activity_id)');
      assertScore(passed.result, score);
      assert.equal(passed.result.success, true);
      assert.ok(isDuration(passed.result.duration));
      const completed = all.find((x) => verbOf(x) === 'completed');
      assert.equal(completed.object.id, iri);
      assert.equal(completed.result.completion, true);
      assert.ok(verbs.indexOf('passed') > verbs.indexOf('scored'));
      assertObjectiveResults(scored[0], passed, { iri, data: d, expected: expectedObjectives(d, attempt, A.passMark) });
      assert.ok(!verbs.includes('failed'));
      assert.ok(isDuration(all.at(-1).result.duration), 'terminated carries the session duration');
      assertStatementBasics(lrs, all, { actor: ACTOR, registration });
      assertNoDuplicates(all);
      assert.ok(lrs.log.filter((e) => e.resource === 'activities/state' && e.method === 'PUT').length > 0, 'the resume state is kept in the State API');
      // The request budget of a full pass (issue 15): one statement request per statement (plus
      // the two retried), and at most one State API write per page change, one per submitted
      // attempt and one at the exit (the player changed page d.pages.length - 1 times here, plus
      // the assessment and results pages).
      const stateWrites = lrs.log.filter((e) => e.resource === 'activities/state' && e.method === 'PUT').length;
      const statementRequests = lrs.log.filter((e) => e.resource === 'statements' && e.method !== 'GET').length;
      assert.ok(stateWrites <= d.pages.length + 1 + 1, `State API writes: ${stateWrites} for ${d.pages.length} pages, 1 submit, 1 exit`);
      assert.ok(statementRequests <= all.length + 2, `statement requests: ${statementRequests} for ${all.length} statements`);
      // The attempt number on every assessment statement, under a stable IRI; per-question durations.
      const EXT = `${iri}/extensions/attempt`;
      const inAttempt = all.filter((x) => (verbOf(x) === 'answered' && x.context.contextActivities.parent[0].id.includes('/assessments/')) || verbOf(x) === 'scored');
      assert.ok(inAttempt.length > 1);
      for (const x of inAttempt) assert.equal(x.context.extensions?.[EXT], 1, `${verbOf(x)} ${x.object.id}: attempt 1`);
      for (const x of all.filter((y) => verbOf(y) === 'answered' && !inAttempt.includes(y))) assert.equal(x.context.extensions?.[EXT], undefined, 'no attempt on a knowledge check');
      const durations = new Set(inAttempt.filter((x) => verbOf(x) === 'answered').map((x) => x.result.duration));
      assert.ok(durations.size > 1, `each answer has its own duration: ${[...durations]}`);
      assert.deepEqual(problemsBesidesLrsAnswers(s), CLEAN);
      await s.close();
    });

  }
  {
    const pkg = pkgB;
    test(`${pkg.lang}: (b) a learner fails every attempt: failed once, never passed or completed`, async () => {
      freshLrs();
      const server = servers[pkg.lang];
      const registration = crypto.randomUUID();
      const iri = 'https://coursepack.example/courses/digitale-vaardigheden';
      const s = await openDirect(browser, server, launchUrl(server, registration, iri));
      const p = await Player.open(s);
      const d = p.data;
      const A = d.assessment;
      // The first check answered wrongly, then straight to the assessment.
      await p.goTo(d.checks[0].id);
      const answers = await answerCheck(p, d.checks[0], () => false);
      await p.goTo(A.id);
      let last = null;
      for (let n = 1; n <= A.attempts; n++) {
        const ids = await startAttempt(p, n === 1 ? 'start-attempt' : 'retry');
        const attempt = await answerAssessment(p, ids, () => false);
        last = attempt;
        answers.push(...reportOrder(attempt));
        await submitAttempt(p);
        assert.equal((await results(p)).passed, 'false');
        if (n < A.attempts) {
          // While attempts remain, nothing is final yet.
          await settle(registration, (l) => l.filter((x) => verbOf(x) === 'scored').length === n);
          assert.ok(!lrs.statements().some((x) => verbOf(x) === 'failed'), `no failed while attempts remain (attempt ${n})`);
        }
      }
      await settle(registration, (l) => l.some((x) => verbOf(x) === 'failed'));
      await p.exit();
      await s.waitForState('finished');
      const all = await queryBack(server, registration);
      const verbs = all.map(verbOf);
      const seen = all.filter((x) => verbOf(x) === 'experienced').length;
      assert.equal(all.length, 1 + seen + answers.length + A.attempts + 1 + 1, `count: ${verbs}`);
      assert.deepEqual([verbs[0], verbs.at(-1)], ['initialized', 'terminated']);
      assert.equal(verbs.filter((v) => v === 'failed').length, 1);
      assert.ok(!verbs.includes('passed') && !verbs.includes('completed'), 'rule both: not complete without a pass');
      const failed = all.find((x) => verbOf(x) === 'failed');
      assert.equal(failed.result.success, false);
      assert.equal(failed.object.id, iri);
      assert.ok(failed.result.score.scaled < A.passMark / 100);
      assert.ok(verbs.lastIndexOf('scored') < verbs.indexOf('failed'), 'failed after the last attempt');
      const lastScored = all.filter((x) => verbOf(x) === 'scored').at(-1);
      const zero = expectedObjectives(d, last, A.passMark);
      assert.ok(zero.every((o) => o.score === null || (o.score === 0 && o.passed === false)));
      assertObjectiveResults(lastScored, failed, { iri, data: d, expected: zero });
      assertAnswered(all, answers, { iri, lang: pkg.lang, containerOf: containerOf(d) });
      assertStatementBasics(lrs, all, { actor: ACTOR, registration });
      assertNoDuplicates(all);
      assert.deepEqual(problemsBesidesLrsAnswers(s), CLEAN);
      await s.close();
    });
  }
});

describe('TinCan resume', () => {
  test('(c) a learner closes the page half-way, resumes in the other language from the State API and passes; nothing is sent twice', async () => {
    freshLrs();
    const [first, second] = byLang.nl && byLang.en ? [byLang.nl, byLang.en] : [packages[0], packages[0]];
    const registration = crypto.randomUUID();
    const iri = 'https://coursepack.example/courses/digitale-vaardigheden';
    const s1 = await openDirect(browser, servers[first.lang], launchUrl(servers[first.lang], registration, iri));
    const p1 = await Player.open(s1);
    const d = p1.data;
    const check = d.checks[0];
    const upTo = d.pages.findIndex((x) => x.id === check.id);
    const answers1 = [];
    for (let i = 1; i <= upTo; i++) {
      const id = await p1.next();
      if (id === check.id) answers1.push(...(await answerCheck(p1, check, () => true)));
    }
    const seen1 = d.pages.slice(1, upTo + 1).filter((x) => x.kind === 'page');
    await settle(registration, (l) => l.filter((x) => verbOf(x) === 'answered').length === answers1.length);
    // Closing the page: the last statement (terminated) must still arrive (keepalive).
    await s1.page.close({ runBeforeUnload: true });
    await settle(registration, (l) => l.some((x) => verbOf(x) === 'terminated'));
    const doc = lrs.getState({ activityId: iri, agent: ACTOR, registration, stateId: 'coursepack.resume' });
    assert.ok(doc && typeof doc.state === 'string' && doc.state.length > 0, 'the resume state is in the State API');
    assert.equal(doc.bookmark, check.id);

    const s2 = await openDirect(browser, servers[second.lang], launchUrl(servers[second.lang], registration, iri));
    const p2 = await Player.open(s2);
    assert.equal(p2.data.course.lang, second.lang);
    assert.equal(await p2.currentPageId(), check.id, 'resumes on the page left');
    const answers2 = await walk(p2, true, [check.id]);
    const A = p2.data.assessment;
    await p2.goTo(A.id);
    const ids = await startAttempt(p2);
    const attempt = await answerAssessment(p2, ids, () => true);
    await submitAttempt(p2);
    await p2.exit();
    await s2.waitForState('finished');
    const all = await queryBack(servers[second.lang], registration);
    const verbs = all.map(verbOf);
    assert.equal(verbs.filter((v) => v === 'initialized').length, 2, 'one initialized per session');
    assert.equal(verbs.filter((v) => v === 'terminated').length, 2, 'one terminated per session');
    const firstEnd = verbs.indexOf('terminated');
    assert.equal(verbs.lastIndexOf('initialized'), firstEnd + 1, 'session 2 starts after session 1 ended');
    // Every lesson page experienced exactly once over both sessions, in both languages.
    const exp = all.filter((x) => verbOf(x) === 'experienced').map((x) => x.object.id);
    assert.deepEqual(exp.slice().sort(), lessonPages(d).map((x) => `${iri}/pages/${x.id}`).sort());
    assert.deepEqual(exp.slice(0, seen1.length), seen1.map((x) => `${iri}/pages/${x.id}`), 'session 1 pages first');
    // Session 1's answers in its language, then session 2's in the other; the same activity ids.
    assertAnswered(all, [...answers1, ...answers2, ...reportOrder(attempt)], {
      iri,
      lang: (i) => (i < answers1.length ? first.lang : second.lang),
      containerOf: containerOf(d),
    });
    assert.equal(verbs.filter((v) => v === 'passed').length, 1);
    assert.equal(verbs.filter((v) => v === 'completed').length, 1);
    assertStatementBasics(lrs, all, { actor: ACTOR, registration });
    assertNoDuplicates(all);
    assert.deepEqual(problemsBesidesLrsAnswers(s2), CLEAN);
    await s2.close();
  });
});
