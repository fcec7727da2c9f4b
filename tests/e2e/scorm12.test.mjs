// SCORM 1.2 end to end: coursepack's packages in headless Chromium with scorm-again's Scorm12API
// as the LMS, for every language built. (a) a learner passes, (b) fails and retries within the
// attempt limit, (c) stops half-way and resumes from the LMS state in a fresh page.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openLms, until, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player, plan } from './lib/player.mjs';
import {
  assertCallLog,
  assertCmiBasics,
  assertInteractionsMatch,
  assertMasteryAgrees,
  nextLaunchState,
  setsOf,
  SUSPEND_LIMIT,
} from './lib/scorm12.mjs';
import {
  answerCheck,
  startAttempt,
  answerAssessment,
  submitAttempt,
  reportOrder,
  expectedScore,
  affordableMistake,
  results,
  expectedObjectives,
  objectiveResults,
} from './lib/learner.mjs';
import { objectives } from './lib/scorm.mjs';

const CLEAN = { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] };
const packages = packagesUnderTest();

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The checks every run ends with; returns the call log, the CMI and this session's interactions. */
async function endOfRun(s, { startAt = 0, finished = true } = {}) {
  if (finished) {
    await s.page.waitForFunction(() => window.API.isTerminated(), null, { timeout: WAIT_MS });
  }
  const calls = await s.calls();
  assertCallLog(calls, { finished });
  const flat = await s.cmi();
  const list = assertCmiBasics(flat, calls, { startAt, finished });
  assertMasteryAgrees(flat);
  assert.deepEqual(s.problems(), CLEAN, 'no page error, console error, request off 127.0.0.1 or missing file');
  // Every successful LMSCommit and LMSFinish reached the LMS (beacons arrive a little later).
  const sent = calls.filter((c) => (c.fn === 'LMSCommit' || c.fn === 'LMSFinish') && c.result === 'true').length;
  await until(() => s.commits().length >= sent);
  const commits = s.commits();
  assert.equal(commits.length, sent, 'one request to the LMS per LMSCommit and LMSFinish');
  assert.ok(commits.every((c) => c.body && c.body.cmi), 'every commit is a JSON CMI document');
  if (finished) {
    // What the LMS persists: the terminate commit carries the final state.
    const last = commits.at(-1);
    assert.ok(last && last.body && last.body.cmi, 'LMSFinish sent a terminate commit');
    for (const k of ['lesson_status', 'lesson_location', 'exit']) {
      assert.equal(last.body.cmi.core[k], flat[`cmi.core.${k}`], `the terminate commit's core.${k}`);
    }
    assert.equal(last.body.cmi.core.score.raw, flat['cmi.core.score.raw']);
    assert.equal(last.body.cmi.suspend_data, flat['cmi.suspend_data']);
  }
  return { calls, flat, list, commits };
}


/**
 * The SCO's cmi.objectives (from scorm-again's flattened CMI) hold the expected score per
 * objective: one record per measured objective, in course order from index 0, with score 0-100
 * and passed/failed.
 */
function assertObjectivesStored(flat, expected, where) {
  const want = expected.filter((o) => o.score != null).map((o, i) => ({
    index: i, id: o.id, min: '0', max: '100', raw: String(o.score), status: o.passed ? 'passed' : 'failed',
  }));
  const got = objectives(flat).map((o) => ({
    index: o.index, id: o.id, min: o['score.min'], max: o['score.max'], raw: o['score.raw'], status: o.status,
  }));
  assert.deepEqual(got, want, `cmi.objectives ${where}`);
}

/** The results page shows the expected score per objective, with the objectives' own titles. */
async function assertObjectivesShown(p, expected) {
  const shown = await objectiveResults(p);
  assert.deepEqual(shown.map(({ id, score, passed }) => ({ id, score, passed })), expected, 'the results page\'s score per objective');
  const titles = Object.fromEntries(p.data.objectives.map((o) => [o.id, o.title]));
  for (const row of shown) {
    assert.equal(row.title, titles[row.id], `the row of ${row.id} names the objective`);
    assert.ok(row.cells.every((c) => c !== ''), `the row of ${row.id} has a score and a result`);
  }
}

/** Reads the learner-visible state of the questions on a page: answers and option order. */
async function snapshotQuestions(player, pageId, ids) {
  const out = {};
  for (const id of ids) {
    const c = player.question(pageId, id);
    out[id] = {
      answer: await player.shownAnswer(c),
      order: await c.evaluate((q) =>
        [...q.querySelectorAll('input[type="radio"], input[type="checkbox"], select[data-pair-id] option, li[data-item-id]')]
          .map((e) => (e.tagName === 'LI' ? e.dataset.itemId : e.value))
          .join(','),
      ),
      feedback: (await c.locator('[data-feedback-region]').textContent()).trim(),
    };
  }
  return out;
}

for (const pkg of packages) {
  describe(`SCORM 1.2 package (${pkg.lang})`, () => {
    let server;
    before(async () => {
      server = await startServer({ pkgDir: pkg.dir });
    });
    after(async () => {
      await server?.close();
    });

    test(`${pkg.lang}: (a) a learner sees every page, answers every check and passes`, async () => {
      const s = await openLms(browser, server);
      const p = await Player.open(s);
      const d = p.data;
      const A = d.assessment;
      assert.ok(A, 'the course has an assessment');
      assert.equal(d.course.lang, pkg.lang);
      assert.equal(s.launch.scormtype, 'sco', 'the launched resource is a SCO');
      assert.equal(s.launch.masteryScore, String(A.passMark), 'the manifest\'s masteryscore is the pass mark');
      assert.equal(await p.currentPageId(), d.pages[0].id, 'a first launch opens the first page');
      const expected = [];
      let score = null;
      let perObjective = null;
      let miss = null;
      while ((await p.currentPageId()) !== d.pages.at(-1).id) {
        const id = await p.next();
        const page = d.pages.find((x) => x.id === id);
        if (page.kind === 'check') {
          expected.push(...(await answerCheck(p, d.checks.find((c) => c.id === id), () => true)));
        } else if (page.kind === 'assessment') {
          const ids = await startAttempt(p);
          miss = affordableMistake(A, ids);
          const answers = await answerAssessment(p, ids, (q) => q.id !== miss);
          score = expectedScore(answers);
          assert.ok(score >= A.passMark, `the planned score ${score} passes (pass mark ${A.passMark})`);
          perObjective = expectedObjectives(d, answers, A.passMark);
          expected.push(...reportOrder(answers));
          await submitAttempt(p);
        }
      }
      assert.notEqual(score, null, 'the walk reached the assessment');
      assert.deepEqual(await results(p), { score: String(score), best: String(score), passed: 'true', attempt: '1', complete: 'true' });
      assert.ok(d.objectives.length > 0 && perObjective.every((o) => o.score != null), 'the draw measures every objective of the course');
      if (miss) assert.ok(perObjective.some((o) => o.score < 100), 'the planned mistake shows in its objectives');
      await assertObjectivesShown(p, perObjective);
      assert.equal(await p.sco.locator('#results button[data-action="retry"]').isVisible(), false, 'no retry after a pass');
      await p.exit();
      await s.waitForState('finished');

      const { calls, flat, list } = await endOfRun(s);
      assert.equal(flat['cmi.core.lesson_status'], 'passed');
      assert.equal(flat['cmi.core.score.raw'], String(score), 'score.raw is the percentage, an integer');
      assert.equal(flat['cmi.core.score.min'], '0');
      assert.equal(flat['cmi.core.score.max'], '100');
      assert.equal(flat['cmi.core.exit'], '', 'a finished course does not suspend');
      assert.equal(setsOf(calls, 'cmi.core.lesson_status')[0], 'incomplete', 'the first launch sets incomplete');
      assert.ok(!setsOf(calls, 'cmi.core.lesson_status').includes('failed'), 'a passing learner is never reported failed');
      assertInteractionsMatch(list, expected);
      assertObjectivesStored(flat, perObjective, 'after a pass');
      assert.ok(calls.filter((c) => c.fn === 'LMSCommit').length >= expected.length, 'a commit at least after every answer');
      await s.close();
    });

    test(`${pkg.lang}: (b) a learner fails, retries within the attempt limit and passes`, async () => {
      const s = await openLms(browser, server);
      const p = await Player.open(s);
      const d = p.data;
      const A = d.assessment;
      assert.ok(A.attempts >= 2, `the assessment allows a retry (attempts: ${A.attempts})`);
      const expected = [];
      // Every page, every knowledge check answered wrongly.
      for (const page of d.pages.slice(1)) {
        if (page.kind === 'assessment' || page.kind === 'results') continue;
        await p.visit([page.id]);
        if (page.kind === 'check') expected.push(...(await answerCheck(p, d.checks.find((c) => c.id === page.id), () => false)));
      }
      // Attempt 1: everything wrong.
      await p.goTo(A.id);
      const ids1 = await startAttempt(p);
      const a1 = await answerAssessment(p, ids1, () => false);
      const score1 = expectedScore(a1);
      assert.ok(score1 < A.passMark);
      expected.push(...reportOrder(a1));
      await submitAttempt(p);
      assert.deepEqual(await results(p), { score: String(score1), best: String(score1), passed: 'false', attempt: '1', complete: 'false' });
      const objectives1 = expectedObjectives(d, a1, A.passMark);
      await assertObjectivesShown(p, objectives1);
      // The reveal policy (default after-last-attempt): right/wrong per question, no right answers yet.
      const reviewList = p.sco.locator('#results [data-review]');
      const rightLabel = d.strings.review_right_answer;
      assert.ok(await reviewList.locator('[data-correct-hidden]').isVisible(), 'the results say when the right answers are shown');
      assert.ok(!(await reviewList.textContent()).includes(rightLabel), 'no right answer is shown while attempts remain');
      assert.equal(await reviewList.locator('.review-item').count(), ids1.length, 'every question is listed, right or wrong');
      // While attempts remain, the attempt stays open: status incomplete and no score.raw (Moodle's
      // mastery override would turn any raw into failed at LMSFinish and close the attempt; README
      // "Grades and completion in Moodle").
      const mid = await s.cmi();
      assert.equal(mid['cmi.core.score.raw'], '', 'no score.raw while a retry is due');
      assert.equal(mid['cmi.core.lesson_status'], 'incomplete', 'a failed attempt with attempts left is incomplete');
      const committed = s.commits().at(-1);
      assert.equal(committed.body.cmi.core.lesson_status, 'incomplete', 'and committed');
      assertObjectivesStored(mid, objectives1, 'after a failed attempt');
      // Attempt 2 (a retry from the results page): everything right.
      const retry = p.sco.locator('#results button[data-action="retry"]');
      assert.ok(await retry.isVisible(), 'the results page offers a retry');
      const ids2 = await startAttempt(p, 'retry');
      const a2 = await answerAssessment(p, ids2, () => true);
      expected.push(...reportOrder(a2));
      await submitAttempt(p);
      assert.deepEqual(await results(p), { score: '100', best: '100', passed: 'true', attempt: '2', complete: 'true' });
      const objectives2 = expectedObjectives(d, a2, A.passMark);
      await assertObjectivesShown(p, objectives2);
      assert.ok((await reviewList.textContent()).includes(rightLabel), 'after the pass the right answers are shown');
      assert.equal(await reviewList.locator('[data-correct-hidden]').count(), 0);
      assert.ok(Number(await p.sco.locator('#results').getAttribute('data-attempt')) <= A.attempts);
      assert.equal(await retry.isVisible(), false, 'no retry after a pass');
      await p.exit();
      await s.waitForState('finished');

      const { calls, flat, list } = await endOfRun(s);
      assert.equal(flat['cmi.core.lesson_status'], 'passed');
      assert.equal(flat['cmi.core.score.raw'], '100');
      assert.equal(flat['cmi.core.exit'], '');
      const at = (el, v) => calls.findIndex((c) => c.fn === 'LMSSetValue' && c.args[0] === el && c.args[1] === v);
      assert.equal(at('cmi.core.lesson_status', 'failed'), -1, 'never failed while a retry was due');
      const raws = setsOf(calls, 'cmi.core.score.raw');
      assert.deepEqual(raws, ['100'], `score.raw once, with the pass: ${raws}`);
      assertInteractionsMatch(list, expected);
      // The retry rewrote each objective at its index: the ids of both attempts, in one record each.
      assertObjectivesStored(flat, objectives2, 'after the retry');
      assert.deepEqual(objectives1.map((o) => o.id), objectives2.map((o) => o.id));
      assert.ok(list.some((i) => i.result === 'wrong') && list.some((i) => i.result === 'correct'));
      await s.close();
    });

    test(`${pkg.lang}: (c) a learner stops half-way and resumes on the same page with the same answers and draw`, async () => {
      // Session 1: the first lesson and its check, then half of an assessment attempt.
      const s1 = await openLms(browser, server);
      const p1 = await Player.open(s1);
      const d = p1.data;
      const A = d.assessment;
      const check = d.checks[0];
      assert.ok(check, 'the course has a knowledge check');
      const expected1 = [];
      for (const page of d.pages.slice(1, d.pages.findIndex((x) => x.id === check.id) + 1)) {
        await p1.next();
        if (page.kind === 'check') {
          let k = 0;
          expected1.push(...(await answerCheck(p1, check, () => k++ % 2 === 0)));
        }
      }
      await p1.goTo(A.id);
      const drawn = await startAttempt(p1);
      const half = drawn.slice(0, Math.ceil(drawn.length / 2));
      await answerAssessment(p1, half, () => true);
      const before = {
        page: await p1.currentPageId(),
        drawn,
        questions: await snapshotQuestions(p1, A.id, drawn),
        checkQuestions: await snapshotQuestions(p1, check.id, check.questions.map((q) => q.id)),
        progress: await p1.sco.locator('#progress-text').textContent(),
      };
      assert.equal(before.page, A.id);
      // Leave: nl with the player's exit button, en by the LMS unloading the SCO (window closed).
      if (pkg.lang === 'nl') {
        await p1.exit();
        await s1.waitForState('finished');
      } else {
        await s1.page.evaluate(() => {
          document.getElementById('sco').src = 'about:blank';
        });
      }
      const r1 = await endOfRun(s1);
      assert.equal(r1.flat['cmi.core.exit'], 'suspend', 'an unfinished learner suspends');
      assert.equal(r1.flat['cmi.core.lesson_status'], 'incomplete');
      assert.equal(r1.flat['cmi.core.score.raw'], '', 'no score before the first submitted attempt');
      assert.equal(r1.flat['cmi.core.lesson_location'], A.id, 'the bookmark is the page the learner left');
      assert.ok(r1.flat['cmi.suspend_data'].length > 0 && r1.flat['cmi.suspend_data'].length <= SUSPEND_LIMIT);
      assertInteractionsMatch(r1.list, expected1);
      await s1.close();

      // Session 2: a fresh page with the state the LMS kept.
      const saved = nextLaunchState(r1.commits.at(-1).body);
      assert.equal(saved.core.entry, 'resume');
      const s2 = await openLms(browser, server, { cmi: saved });
      const p2 = await Player.open(s2);
      const entryRead = (await s2.calls()).find((c) => c.fn === 'LMSGetValue' && c.args[0] === 'cmi.core.entry');
      assert.equal(entryRead?.result, 'resume', 'the SCO reads entry = resume');
      assert.equal(await p2.currentPageId(), before.page, 'resumes on the same page');
      assert.deepEqual(await p2.visibleAssessmentQuestions(), before.drawn, 'the same drawn questions in the same order');
      assert.deepEqual(await snapshotQuestions(p2, A.id, drawn), before.questions, 'the same answers and option order in the attempt');
      assert.deepEqual(
        await snapshotQuestions(p2, check.id, check.questions.map((q) => q.id)),
        before.checkQuestions,
        'the same knowledge-check answers and feedback',
      );
      assert.equal(await p2.sco.locator('#progress-text').textContent(), before.progress, 'the same progress');

      // Finish: the other half, submit, the pages not seen yet, exit.
      await answerAssessment(p2, drawn.slice(half.length), () => true);
      await submitAttempt(p2);
      const after1 = await results(p2);
      assert.deepEqual([after1.score, after1.passed, after1.attempt], ['100', 'true', '1']);
      assert.equal(after1.complete, 'false', 'not complete while pages are unseen');
      await p2.visit(d.pages.filter((x) => x.kind === 'page').map((x) => x.id));
      await p2.goTo(d.pages.find((x) => x.kind === 'results').id);
      assert.deepEqual(await results(p2), { score: '100', best: '100', passed: 'true', attempt: '1', complete: 'true' });
      await p2.exit();
      await s2.waitForState('finished');
      const r2 = await endOfRun(s2, { startAt: r1.list.length });
      assert.equal(r2.flat['cmi.core.lesson_status'], 'passed');
      assert.equal(r2.flat['cmi.core.score.raw'], '100');
      assert.equal(r2.flat['cmi.core.exit'], '');
      // The whole attempt is reported at submit, in draw order, including session 1's answers.
      const attempt = drawn.map((id) => A.questions.find((x) => x.id === id)).map((q) => ({ q, plan: plan(q, true), checked: false }));
      assertInteractionsMatch(r2.list, attempt, { startAt: r1.list.length });
      const seconds = (t) => t.split(':').reduce((acc, x) => acc * 60 + Number(x), 0);
      const t1 = r1.commits.at(-1).body.cmi.core.total_time;
      const t2 = r2.commits.at(-1).body.cmi.core.total_time;
      assert.ok(seconds(t1) > 0 && seconds(t2) > seconds(t1), `total_time accumulates across sessions (${t1} → ${t2})`);
      await s2.close();
    });
  });
}
