// A scripted learner: walks pages, answers knowledge checks and assessment attempts through the
// player's UI, and records every answer it submitted in the order the player must report them.
import assert from 'node:assert/strict';
import { plan } from './player.mjs';
import { WAIT_MS } from './browser.mjs';

/** Clicks a question's own check button when it has a visible one. */
async function clickCheckIfAny(container) {
  const btn = container.locator('button[data-action="check"]');
  if ((await btn.count()) && (await btn.isVisible())) {
    await btn.click();
    await container.locator('[data-feedback-region]').filter({ hasText: /\S/ }).waitFor({ timeout: WAIT_MS });
    return true;
  }
  return false;
}

/**
 * Answers every question of a knowledge check page. `correctFor(q)` says whether to answer right.
 * Returns the submitted answers in reporting order: [{ q, plan }].
 */
export async function answerCheck(player, check, correctFor) {
  const section = player.page(check.id);
  const answers = [];
  const done = [];
  for (const q of check.questions) {
    const c = player.question(check.id, q.id);
    const a = { q, plan: plan(q, correctFor(q)) };
    answers.push(a);
    await a.plan.act(c);
    if (await clickCheckIfAny(c)) done.push(a);
  }
  // A check with at-end feedback has one button for all its questions, reported in course order.
  const all = section.locator('button[data-action="check-all"]');
  if ((await all.count()) && (await all.isVisible())) {
    await all.click();
    for (const a of answers) {
      await player.question(check.id, a.q.id).locator('[data-feedback-region]').filter({ hasText: /\S/ }).waitFor({ timeout: WAIT_MS });
      if (!done.includes(a)) done.push(a);
    }
  }
  assert.equal(done.length, check.questions.length, `every question of ${check.id} was submitted`);
  return done;
}

/** Starts (or retries) an assessment attempt; returns the drawn question ids on screen. */
export async function startAttempt(player, action = 'start-attempt') {
  const A = player.data.assessment;
  const sec = action === 'retry' ? player.page(player.data.pages.find((p) => p.kind === 'results').id) : player.page(A.id);
  await sec.locator(`button[data-action="${action}"]`).click();
  await player.waitForPage(A.id);
  await player.page(A.id).locator('button[data-action="submit-attempt"]').waitFor({ state: 'visible', timeout: WAIT_MS });
  const ids = await player.visibleAssessmentQuestions();
  assert.equal(ids.length, A.draw, `an attempt shows ${A.draw} drawn questions, got ${ids}`);
  assert.equal(new Set(ids).size, ids.length, 'no question is drawn twice');
  return ids;
}

/**
 * Answers the given drawn questions (ids in screen order); `correctFor(q)` decides right or
 * wrong. Returns [{ q, plan, checked }] — `checked` when the question had its own check button
 * (immediate feedback: reported at once, not at submit).
 */
export async function answerAssessment(player, ids, correctFor) {
  const A = player.data.assessment;
  const out = [];
  for (const id of ids) {
    const q = A.questions.find((x) => x.id === id);
    const c = player.question(A.id, id);
    const p = plan(q, correctFor(q));
    await p.act(c);
    out.push({ q, plan: p, checked: await clickCheckIfAny(c) });
  }
  return out;
}

/** Submits the attempt and waits for the results page. */
export async function submitAttempt(player) {
  const A = player.data.assessment;
  await player.page(A.id).locator('button[data-action="submit-attempt"]').click();
  const results = player.data.pages.find((p) => p.kind === 'results');
  await player.waitForPage(results.id);
  return results.id;
}

/** The order in which the player reports an attempt's answers: checked ones first, then the rest at submit. */
export function reportOrder(answers) {
  return answers.filter((a) => a.checked).concat(answers.filter((a) => !a.checked));
}

/** The score (0–100, rounded) the player must give these answers: weighted, likert not counted. */
export function expectedScore(answers) {
  let total = 0;
  let got = 0;
  for (const { q, plan: p } of answers) {
    if (q.type === 'likert') continue;
    total += q.weight;
    if (p.result === 'correct') got += q.weight;
  }
  return total > 0 ? Math.round((100 * got) / total) : 0;
}

/**
 * For a passing attempt that is not perfect: the id of one drawn question the learner may get
 * wrong and still reach the pass mark (null when every answer must be right).
 */
export function affordableMistake(A, ids) {
  const qs = ids.map((id) => A.questions.find((q) => q.id === id)).filter((q) => q.type !== 'likert');
  const total = qs.reduce((t, q) => t + q.weight, 0);
  const byWeight = qs.slice().sort((a, b) => a.weight - b.weight);
  for (const q of byWeight) {
    if (Math.round((100 * (total - q.weight)) / total) >= A.passMark) return q.id;
  }
  return null;
}

/** Reads #results' data attributes. */
export async function results(player) {
  const r = player.sco.locator('#results');
  const get = async (k) => r.getAttribute(`data-${k}`);
  return { score: await get('score'), best: await get('best'), passed: await get('passed'), attempt: await get('attempt'), complete: await get('complete') };
}

/**
 * The score per learning objective the player must give these answers, recomputed here from the
 * README's definition: for each objective of the course, the answered scored questions that name
 * it, weighted; likert never counts; null when none served it. [{id, score, passed}]
 */
export function expectedObjectives(data, answers, passMark) {
  return (data.objectives ?? []).map((o) => {
    let total = 0;
    let got = 0;
    for (const { q, plan: p } of answers) {
      if (q.type === 'likert' || !(q.objectives ?? []).includes(o.id)) continue;
      total += q.weight;
      if (p.result === 'correct') got += q.weight;
    }
    if (total === 0) return { id: o.id, score: null, passed: null };
    const score = Math.round((100 * got) / total);
    return { id: o.id, score, passed: score >= passMark };
  });
}

/** The results page's table per learning objective: [{id, score, passed, title, cells}]. */
export async function objectiveResults(player) {
  const rows = player.sco.locator('#results [data-objective-results] tbody tr');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i);
    const score = await r.getAttribute('data-score');
    const passed = await r.getAttribute('data-passed');
    out.push({
      id: await r.getAttribute('data-objective'),
      score: score === '' ? null : Number(score),
      passed: passed === '' ? null : passed === 'true',
      title: (await r.locator('th[scope="row"]').textContent()).trim(),
      cells: (await r.locator('td').allTextContents()).map((t) => t.trim()),
    });
  }
  return out;
}
