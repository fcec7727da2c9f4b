// The learner-facing player (issue 17), in the SCORM 1.2 package inside the LMS frame:
// (a) knowledge checks in each learner's own order, kept across a resume, graded and reported the
// same whatever the order; the key is not always first; (b) matching at 1280 px and 700 px (the
// Moodle frame): the targets listed in full and lettered, the selects full width naming the
// letter, used targets shown, every wrong pair marked (a check does not reveal the right one);
// (c) the five-point likert scale on one row at 1280 px and 700 px, a column on a phone;
// (d) one page count — lesson pages — in the header, the pager, the menu and the results page,
// which lists the unseen pages with links to them. axe (WCAG 2.1 A/AA) on the new parts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openLms, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player, plan } from './lib/player.mjs';
import { answerCheck } from './lib/learner.mjs';
import { assertInteractionsMatch, interactionsFromCalls, nextLaunchState } from './lib/scorm12.mjs';
import { frameViolations } from './lib/axe.mjs';

const CLEAN = { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] };
const packages = packagesUnderTest('scorm12');
const pkg = packages.find((p) => p.lang === 'nl') ?? packages[0];
const css = (s) => JSON.stringify(String(s));

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ pkgDir: pkg.dir });
});
after(async () => {
  await server?.close();
  await browser?.close();
});

/** The order each knowledge-check question shows its choices, matching targets or sequence items in. */
async function checkOrders(p) {
  const frame = await p.s.scoFrame();
  return frame.evaluate(() => {
    const out = {};
    for (const q of document.querySelectorAll('section[data-kind="check"] [data-question-id]')) {
      const type = q.dataset.questionType;
      let ids = null;
      if (type === 'single-choice' || type === 'multiple-response') ids = [...q.querySelectorAll('.options input')].map((i) => i.value);
      if (type === 'matching') ids = [...q.querySelectorAll('[data-target-id]')].map((li) => li.dataset.targetId);
      if (type === 'sequencing') ids = [...q.querySelectorAll('li[data-item-id]')].map((li) => li.dataset.itemId);
      if (ids) out[q.dataset.questionId] = { type, ids };
    }
    return out;
  });
}

/** Answers every knowledge check right; returns the answers in the order they are reported. */
async function answerEveryCheck(p) {
  const answers = [];
  for (const check of p.data.checks) {
    await p.goTo(check.id);
    answers.push(...(await answerCheck(p, check, () => true)));
  }
  return answers;
}

/** Exits with the player's button; returns the interactions and the state the LMS keeps. */
async function leave(s, p) {
  await p.exit();
  await s.waitForState('finished');
  await s.page.waitForFunction(() => window.API.isTerminated(), null, { timeout: WAIT_MS });
  const list = interactionsFromCalls(await s.calls());
  const saved = nextLaunchState(await s.nestedCmi());
  assert.deepEqual(s.problems(), CLEAN);
  await s.close();
  return { list, saved };
}

const learnerSeed = (state) => state.split('|')[5];

/** The package's player script (it also loads in node) and its course data. */
function playerScript() {
  const require = createRequire(import.meta.url);
  const P = require(path.join(pkg.dir, 'player', 'player.js'));
  const html = fs.readFileSync(path.join(pkg.dir, 'index.html'), 'utf8');
  const data = JSON.parse(html.match(/<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/)[1]);
  return { P, data };
}

/** The first check question of `type` and its check. */
function firstOfType(data, type) {
  for (const check of data.checks) {
    const q = check.questions.find((x) => x.type === type);
    if (q) return { check, q };
  }
  throw new Error(`the course has no ${type} question in a knowledge check`);
}

describe(`player (${pkg.lang})`, () => {
  test('(a) each learner has their own option order in the checks, kept after a resume; grading and tracking do not depend on it', async () => {
    const s1 = await openLms(browser, server);
    const p1 = await Player.open(s1);
    const o1 = await checkOrders(p1);
    const seed1 = learnerSeed(await s1.sco.locator('body').evaluate(() => window.Coursepack.session.state()));
    assert.match(seed1, /^[0-9a-z]{1,7}$/, 'the state keeps the learner seed');
    const s2 = await openLms(browser, server);
    const p2 = await Player.open(s2);
    const o2 = await checkOrders(p2);
    assert.ok(Object.keys(o1).length >= 5, 'the checks have shuffled questions');
    assert.notDeepEqual(o1, o2, 'two learners see the checks in different orders');
    for (const [id, { ids }] of Object.entries(o1)) {
      assert.deepEqual([...ids].sort(), [...o2[id].ids].sort(), `${id}: the same options, only in another order`);
    }

    // Both answer every check right: the same responses and results, in course positions.
    const a1 = await answerEveryCheck(p1);
    const a2 = await answerEveryCheck(p2);
    const r1 = await leave(s1, p1);
    const r2 = await leave(s2, p2);
    assertInteractionsMatch(r1.list, a1);
    assertInteractionsMatch(r2.list, a2);
    const rows = (list) => list.map((i) => [i.id, i.student_response, i.result]);
    assert.deepEqual(rows(r1.list), rows(r2.list), 'the same answers are reported the same whatever the order shown');
    assert.ok(r1.list.every((i) => i.result === (i.type === 'likert' ? 'neutral' : 'correct')), 'every answer right (a likert one neutral)');

    // Learner 1 comes back: the same seed, the same order (sequences show the learner's answer).
    const s3 = await openLms(browser, server, { cmi: r1.saved });
    const p3 = await Player.open(s3);
    const o3 = await checkOrders(p3);
    assert.equal(learnerSeed(await s3.sco.locator('body').evaluate(() => window.Coursepack.session.state())), seed1, 'the seed survives the resume');
    for (const [id, { type, ids }] of Object.entries(o1)) {
      if (type === 'sequencing') continue;
      assert.deepEqual(o3[id].ids, ids, `${id}: the same order after the resume`);
    }
    assert.deepEqual(s3.problems(), CLEAN);
    await s3.close();
  });

  test('(a) the right answer of a check is first for some learners, never for all', async () => {
    const { P, data } = playerScript();
    const single = data.checks.flatMap((c) => c.questions.map((q) => ({ c, q }))).filter(({ q }) => q.type === 'single-choice');
    assert.ok(single.length >= 3);
    const learners = 400;
    for (const { c, q } of single) {
      const on = q.shuffle ?? c.shuffle;
      assert.equal(on, true, `${q.id}: the course shuffles its checks`);
      let first = 0;
      for (let k = 0; k < learners; k++) {
        // The player's derivation: the learner's seed, then one seed per question (arrangeChecks).
        const seed = Math.floor(Math.random() * 4294967296);
        const order = P.arrangement(q, on, P.hash32(`${seed}/${q.iid}`)).choices;
        if (q.options[order[0]] === q.key[0]) first++;
      }
      const share = first / learners;
      const fair = 1 / q.options.length;
      assert.ok(share > fair / 3 && share < fair * 2, `${q.id}: the key is first for ${first} of ${learners} learners (fair: ${fair})`);
    }
  });

  test('(a) the state keeps the learner seed; a state from before the seed is still read', () => {
    const { P, data } = playerScript();
    const C = P.StateCodec;
    const st = C.fresh(data);
    st.seen[0] = true;
    st.learner = 4294967295;
    const text = C.serialize(data, st);
    assert.equal(text.split('|').length, 6);
    assert.equal(learnerSeed(text), '1z141z3');
    assert.equal(C.parse(data, text).learner, 4294967295, 'the seed round-trips');
    const legacy = text.split('|').slice(0, 5).join('|');
    const old = C.parse(data, legacy);
    assert.ok(old, 'a five-part state (before the seed) is still resumed');
    assert.equal(old.learner, null, 'and gets a new seed from the player');
    assert.equal(old.seen[0], true);
    for (const bad of ['1z141z4', 'ZZ', '-1', '12345678']) {
      assert.equal(C.parse(data, `${legacy}|${bad}`), null, `a bad seed ${bad} makes the state unreadable`);
    }
    assert.equal(C.parse(data, `${text}|x`), null, 'seven parts are not a state');
  });

  test('(b) matching at 1280 px and 700 px: targets in full, lettered, used ones shown, wrong pairs marked', async () => {
    const s = await openLms(browser, server);
    const p = await Player.open(s);
    const { check, q } = firstOfType(p.data, 'matching');
    await p.goTo(check.id);
    const c = p.question(check.id, q.id);
    const found = [];
    for (const width of [1280, 700]) {
      await s.page.setViewportSize({ width, height: 900 });
      const layout = await c.evaluate((el) => {
        const list = [...el.querySelectorAll('[data-target-id]')];
        const box = el.querySelector('.matching').getBoundingClientRect();
        return {
          items: list.map((li) => ({
            id: li.dataset.targetId,
            letter: li.querySelector('.match-letter').textContent,
            text: li.querySelector('.match-target-text').textContent.trim(),
            clipped: li.scrollWidth > li.clientWidth + 1,
            height: li.getBoundingClientRect().height,
          })),
          selects: [...el.querySelectorAll('select[data-pair-id]')].map((sel) => ({
            width: sel.getBoundingClientRect().width,
            options: [...sel.options].filter((o) => o.value).map((o) => [o.value, o.textContent]),
          })),
          width: box.width,
        };
      });
      assert.deepEqual(layout.items.map((i) => i.text).sort(), [...q.targets].sort(), `${width}px: every target listed in full`);
      layout.items.forEach((it, k) => {
        assert.equal(it.letter, `${String.fromCharCode(65 + k)}.`, `${width}px: targets lettered in the order shown`);
        assert.ok(!it.clipped && it.height > 0, `${width}px: ${it.id} is not cut off`);
      });
      for (const sel of layout.selects) {
        assert.ok(sel.width >= layout.width * 0.95, `${width}px: the select is full width (${sel.width} of ${layout.width})`);
        assert.deepEqual(
          sel.options.map(([v, t]) => [v, t]),
          layout.items.map((it) => [it.id, `${it.letter} ${it.text}`]),
          `${width}px: each option is the target's letter and text, in the list's order`,
        );
      }
    }

    // A chosen target is marked in the list (with its source) and in the other selects.
    const [first, second] = q.options;
    await c.locator(`select[data-pair-id=${css(first)}]`).selectOption(first);
    const item = c.locator(`[data-target-id=${css(first)}]`);
    assert.equal(await item.getAttribute('data-used'), 'true');
    const source = (await c.locator(`label[for=${css(await c.locator(`select[data-pair-id=${css(first)}]`).getAttribute('id'))}]`).textContent()).trim();
    assert.ok((await item.textContent()).includes(source), 'the list says which source took the target');
    const other = await c.locator(`select[data-pair-id=${css(second)}] option[value=${css(first)}]`).textContent();
    assert.match(other, /\(al gekozen\)$/, 'the other selects show the target as chosen');
    const own = await c.locator(`select[data-pair-id=${css(first)}] option[value=${css(first)}]`).textContent();
    assert.doesNotMatch(own, /gekozen/, 'its own select does not');

    // A wrong answer (every target rotated by one): each pair marked wrong, naming both sides.
    await plan(q, false).act(c);
    await c.locator('button[data-action="check"]').click();
    const marks = c.locator('[data-feedback-region] [data-pair-feedback] li');
    await marks.first().waitFor({ timeout: WAIT_MS });
    const rows = await marks.evaluateAll((lis) => lis.map((li) => [li.dataset.pairId, li.dataset.pairResult, li.textContent]));
    assert.equal(rows.length, q.options.length);
    rows.forEach(([pid, result, text], i) => {
      assert.equal(pid, q.options[i]);
      assert.equal(result, 'incorrect', `${pid} is marked wrong`);
      const given = q.targets[(i + 1) % q.targets.length];
      assert.ok(text.includes(q.labels[i]) && text.includes(given), `the mark names the source and the wrong target: ${text}`);
      assert.ok(!text.includes('juiste optie'), 'a knowledge check does not reveal the right target');
    });
    for (const width of [1280, 700]) {
      await s.page.setViewportSize({ width, height: 900 });
      const v = await frameViolations(await s.scoFrame());
      if (v.length) found.push(`matching at ${width}px:\n  ${v.join('\n  ')}`);
    }
    // The right answer: no wrong pair left to mark.
    await plan(q, true).act(c);
    await c.locator('button[data-action="check"]').click();
    await c.locator('[data-feedback-region].is-correct').waitFor({ timeout: WAIT_MS });
    assert.equal(await c.locator('[data-pair-feedback]').count(), 0);
    assert.deepEqual(s.problems(), CLEAN);
    await s.close();
    assert.deepEqual(found, [], `axe violations (WCAG 2.1 A/AA):\n${found.join('\n')}`);
  });

  test('(b) matching in the test: the results page marks every wrong pair, the right targets only when the policy allows', async () => {
    const { P, data } = playerScript();
    const A = data.assessment;
    const bi = A.questions.findIndex((x) => x.type === 'matching');
    assert.ok(bi >= 0, 'the bank has a matching question');
    const q = A.questions[bi];
    assert.equal(A.showCorrect, 'after-last-attempt');
    const resultsId = data.pages.find((x) => x.kind === 'results').id;
    // An attempt in progress whose draw is this one question: attempt 1 (right targets hidden),
    // then the last attempt (shown).
    for (const [n, reveal] of [[1, false], [A.attempts, true]]) {
      const st = P.StateCodec.fresh(data);
      st.learner = 7;
      st.asmt = { n, s: 1, seed: 12345, best: n > 1 ? 0 : null, last: n > 1 ? 0 : null, draw: [bi], entries: [null] };
      const cmi = { core: { entry: 'resume', lesson_location: A.id, lesson_status: 'incomplete' }, suspend_data: P.StateCodec.serialize(data, st) };
      const s = await openLms(browser, server, { cmi });
      const p = await Player.open(s);
      await p.waitForPage(A.id);
      const c = p.question(A.id, q.id);
      await plan(q, false).act(c);
      await p.page(A.id).locator('button[data-action="submit-attempt"]').click();
      await p.waitForPage(resultsId);
      const item = p.page(resultsId).locator('.review-item');
      assert.equal(await item.count(), 1);
      const rows = await item.locator('[data-pair-feedback] li').evaluateAll((lis) => lis.map((li) => [li.dataset.pairResult, li.textContent]));
      assert.equal(rows.length, q.options.length, `attempt ${n}: a mark per pair`);
      rows.forEach(([result, text], i) => {
        assert.equal(result, 'incorrect');
        assert.ok(text.includes(q.labels[i]) && text.includes(q.targets[(i + 1) % q.targets.length]), text);
        assert.equal(text.includes(`De juiste optie:`) && text.includes(q.targets[i]), reveal, `attempt ${n}: the right target ${reveal ? 'shown' : 'hidden'}: ${text}`);
      });
      assert.equal(await p.page(resultsId).locator('[data-correct-hidden]').count(), reveal ? 0 : 1);
      assert.deepEqual(s.problems(), CLEAN);
      await s.close();
    }
  });

  test('(c) the five-point likert scale: one row at 1280 px and 700 px, a column on a phone', async () => {
    const s = await openLms(browser, server);
    const p = await Player.open(s);
    const { check, q } = firstOfType(p.data, 'likert');
    assert.equal(q.options.length, 5, 'a five-point scale');
    await p.goTo(check.id);
    const c = p.question(check.id, q.id);
    const tops = () => c.locator('.options .option').evaluateAll((os) => os.map((o) => Math.round(o.getBoundingClientRect().top)));
    for (const width of [1280, 700]) {
      await s.page.setViewportSize({ width, height: 900 });
      const t = await tops();
      assert.equal(t.length, 5);
      assert.ok(t.every((y) => Math.abs(y - t[0]) <= 1), `${width}px: all five points on one row (tops ${t})`);
    }
    await s.page.setViewportSize({ width: 390, height: 844 });
    const t = await tops();
    assert.ok(t.every((y, i) => i === 0 || y > t[i - 1]), `390px: one point per row (tops ${t})`);
    await s.page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(s.problems(), CLEAN);
    await s.close();
  });

  test('(d) one page count everywhere; the results page lists the unseen pages and links to them', async () => {
    const s = await openLms(browser, server);
    await s.page.setViewportSize({ width: 1280, height: 900 });
    const p = await Player.open(s);
    const d = p.data;
    const lesson = d.pages.filter((x) => x.kind === 'page');
    const P = lesson.length;
    const pager = () => p.sco.locator('#page-position').textContent();
    const header = () => p.sco.locator('#progress-text').textContent();
    assert.equal(await pager(), 'Start', 'the start page is named, not counted');
    assert.equal((await p.sco.locator('[data-course-size]').textContent()).trim(), `Pagina's: ${P}`, 'the start page counts the same pages');
    await p.next();
    assert.equal(await pager(), `Pagina 1 van ${P}`);
    assert.equal(await header(), `1 van ${P} pagina's bekeken`);
    const menuNums = await p.sco.locator('#menu a[data-page-id]').evaluateAll((as) => as.map((a) => [a.dataset.pageId, a.querySelector('.menu-num')?.textContent ?? null]));
    assert.deepEqual(
      menuNums.filter(([, n]) => n !== null),
      lesson.map((x, i) => [x.id, String(i + 1)]),
      'the menu numbers exactly the lesson pages, 1 to P, as the pager does',
    );
    assert.ok(menuNums.some(([, n]) => n === null), 'checks, the test and results are not numbered');
    await p.goTo(lesson[4].id);
    assert.equal(await pager(), `Pagina 5 van ${P}`);
    assert.equal(await header(), `2 van ${P} pagina's bekeken`);
    await p.goTo(d.checks[0].id);
    assert.equal(await pager(), 'Kennischeck');
    const resultsId = d.pages.find((x) => x.kind === 'results').id;
    await p.goTo(resultsId);
    assert.equal(await pager(), 'Resultaten');

    const box = p.page(resultsId).locator('[data-results-remaining]');
    await box.waitFor({ state: 'visible' });
    assert.equal((await box.locator('h2').textContent()).trim(), `Nog te bekijken: ${P - 2} van ${P} pagina's`);
    const links = await box.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    const unseen = lesson.map((x, i) => [x, i]).filter(([x]) => x.id !== lesson[0].id && x.id !== lesson[4].id);
    assert.deepEqual(
      links,
      unseen.map(([x, i]) => [`#page-${x.id}`, `Pagina ${i + 1}: ${x.title}`]),
      'every unseen lesson page, in course order, numbered as the pager numbers it',
    );
    const summary = await p.page(resultsId).locator('[data-results-summary]').textContent();
    assert.ok(summary.includes(`2 van ${P}`), `the results count the same pages: ${summary}`);
    const found = [];
    const v = await frameViolations(await s.scoFrame());
    if (v.length) found.push(`results with unseen pages:\n  ${v.join('\n  ')}`);

    // A link goes to its page; once every page is seen, the list is gone.
    await box.locator('a').first().click();
    await p.waitForPage(unseen[0][0].id);
    assert.equal(await pager(), `Pagina ${unseen[0][1] + 1} van ${P}`);
    for (const x of lesson) await p.goTo(x.id);
    assert.equal(await header(), `${P} van ${P} pagina's bekeken`);
    await p.goTo(resultsId);
    assert.equal(await box.isVisible(), false, 'nothing left to list');
    assert.deepEqual(s.problems(), CLEAN);
    await s.close();
    assert.deepEqual(found, [], `axe violations (WCAG 2.1 A/AA):\n${found.join('\n')}`);
  });
});
