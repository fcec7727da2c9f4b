// Drives coursepack's player inside the launcher's iframe through its test hooks
// (templates/README.md): body[data-state], #nav-prev/#nav-next, #menu-toggle, menu links
// a[data-page-id], section[data-page-id] pages, [data-question-id] questions, data-action buttons
// and #results. The answer key is the player's own data, <script type="application/json"
// id="course-data">.
import assert from 'node:assert/strict';
import { WAIT_MS } from './browser.mjs';

const css = (s) => JSON.stringify(String(s));

/** The player's embedded course data. */
export async function courseData(session) {
  const frame = await session.scoFrame();
  const text = await frame.locator('script#course-data').textContent({ timeout: WAIT_MS });
  return JSON.parse(text);
}

export class Player {
  /** `frame`: the player's Frame (session.scoFrame()), whose locators are cheaper than `session.sco`'s. */
  constructor(session, data, frame = null) {
    this.s = session;
    this.sco = frame ?? session.sco;
    this.data = data;
  }

  static async open(session) {
    await session.waitForState('ready');
    return new Player(session, await courseData(session), await session.scoFrame());
  }

  page(id) {
    return this.sco.locator(`section[data-page-id=${css(id)}]`);
  }

  /** The id of the page on screen (the one section without `hidden`). */
  async currentPageId() {
    const frame = await this.s.scoFrame();
    return frame.evaluate(() => {
      const shown = [...document.querySelectorAll('section[data-page-id]')].filter((s) => !s.hidden);
      if (shown.length !== 1) return `<${shown.length} pages shown>`;
      return shown[0].dataset.pageId;
    });
  }

  /** Waits until `id` is the one page shown (the only section[data-page-id] without `hidden`). */
  async waitForPage(id) {
    const frame = await this.s.scoFrame();
    await frame.waitForFunction(
      (pid) => [...document.querySelectorAll('section[data-page-id]')].filter((s) => !s.hidden).map((s) => s.dataset.pageId).join() === pid,
      id,
      { timeout: WAIT_MS },
    );
  }

  /** Opens a page through the menu (opening the menu first when it is collapsed). */
  async goTo(id) {
    if ((await this.currentPageId()) === id) return;
    const link = this.sco.locator(`#menu a[data-page-id=${css(id)}]`);
    if (!(await link.isVisible())) {
      const toggle = this.sco.locator('#menu-toggle');
      if (await toggle.isVisible()) await toggle.click();
    }
    await link.click();
    await this.waitForPage(id);
  }

  /**
   * Shows the pages `ids` one after the other, each through its menu link's click handler run
   * inside the page: one protocol round trip for the whole walk instead of five or more per page.
   * For tests whose subject is what the LMS or LRS gets from a walk, not the clicking; `goTo` and
   * `next` click like a learner (visible, enabled, not covered) and stay the way to test navigation.
   */
  async visit(ids) {
    const frame = await this.s.scoFrame();
    const problem = await frame.evaluate(
      async ({ list, wait }) => {
        const shown = () => [...document.querySelectorAll('section[data-page-id]')].filter((s) => !s.hidden).map((s) => s.dataset.pageId).join();
        for (const id of list) {
          if (shown() === id) continue;
          const link = document.querySelector(`#menu a[data-page-id="${CSS.escape(id)}"]`);
          if (!link) return `the menu has no link to ${id}`;
          link.click();
          const end = Date.now() + wait;
          while (shown() !== id) {
            if (Date.now() > end) return `${id} was not shown after its menu link was clicked (shown: ${shown()})`;
            await new Promise((r) => setTimeout(r, 10));
          }
        }
        return null;
      },
      { list: ids, wait: WAIT_MS },
    );
    assert.equal(problem, null, problem ?? '');
  }

  /** Clicks #nav-next and waits for the next page of the course's page list. */
  async next() {
    const from = await this.currentPageId();
    const order = this.data.pages.map((p) => p.id);
    const to = order[order.indexOf(from) + 1];
    assert.ok(to, `no page after ${from}`);
    await this.sco.locator('#nav-next').click();
    await this.waitForPage(to);
    return to;
  }

  question(pageId, qid) {
    return this.page(pageId).locator(`[data-question-id=${css(qid)}]`);
  }

  /** The ids of the assessment's questions on screen, in their order. */
  async visibleAssessmentQuestions() {
    const a = this.data.assessment;
    const frame = await this.s.scoFrame();
    return frame.evaluate((aid) => {
      const sec = document.querySelector(`section[data-page-id="${aid}"]`);
      return [...sec.querySelectorAll('[data-question-id]')]
        .filter((q) => q.offsetParent !== null && !q.closest('[hidden]'))
        .map((q) => q.dataset.questionId);
    }, a.id);
  }

  /** The answer shown in a question's inputs (to compare before and after a resume). */
  async shownAnswer(container) {
    return container.evaluate((q) => {
      const type = q.dataset.questionType;
      if (type === 'matching') return [...q.querySelectorAll('select[data-pair-id]')].map((s) => `${s.dataset.pairId}=${s.value}`).join(',');
      if (type === 'sequencing') return [...q.querySelectorAll('li[data-item-id]')].map((li) => li.dataset.itemId).join(',');
      const text = q.querySelector('input[data-answer]');
      if (text) return text.value;
      return [...q.querySelectorAll('input[type=radio], input[type=checkbox]')].filter((i) => i.checked).map((i) => i.value).join(',');
    });
  }

  /** Clicks the player's exit button (in the menu or on the results page). */
  async exit() {
    const onPage = this.sco.locator('section[data-page-id]:not([hidden]) [data-action="exit"]');
    if (await onPage.count()) {
      await onPage.first().click();
    } else {
      const inMenu = this.sco.locator('#menu [data-action="exit"]');
      if (!(await inMenu.isVisible())) await this.sco.locator('#menu-toggle').click();
      await inMenu.click();
    }
  }
}

// ---- answers -------------------------------------------------------------------------------

const base36 = (i) => i.toString(36);

/**
 * Ticks or unticks the option input with `value` the way a learner does: by clicking its label
 * (the player styles the inputs under their labels).
 */
async function setOption(container, value, want = true) {
  const input = container.locator(`input:is([type="radio"], [type="checkbox"])[value=${css(value)}]`);
  if ((await input.isChecked()) === want) return;
  const id = await input.getAttribute('id');
  await container.locator(`label[for=${css(id)}]`).click();
  assert.equal(await input.isChecked(), want, `clicking the label of ${value} ${want ? 'selects' : 'clears'} it`);
}

/**
 * What the learner enters for question `q` (from #course-data) to be right (`correct` true) or
 * wrong, and the SCORM 1.2 interaction the player must report for it:
 * { act(container), type, response, patterns, result, given }. `given` is the answer in the
 * tracking contract's standard-neutral form (ids, booleans, text, numbers: templates/README.md),
 * from which other standards' expectations are derived (lib/scorm2004.mjs).
 */
export function plan(q, correct) {
  const opts = q.options ?? [];
  const idx = (id) => opts.indexOf(id);
  switch (q.type) {
    case 'single-choice': {
      const pick = correct ? q.key[0] : opts.find((o) => !q.key.includes(o));
      return {
        type: 'choice',
        response: base36(idx(pick)),
        patterns: [base36(idx(q.key[0]))],
        result: correct ? 'correct' : 'wrong',
        given: [pick],
        act: (c) => setOption(c, pick),
      };
    }
    case 'multiple-response': {
      const wrongOne = opts.find((o) => !q.key.includes(o));
      // wrong: the right choices but one, plus a wrong one (or just fewer when every choice is right)
      const pick = correct ? q.key.slice() : q.key.slice(1).concat(wrongOne ? [wrongOne] : []);
      assert.ok(correct || pick.length > 0, `${q.id}: cannot answer wrongly with a choice`);
      const chars = (ids) => ids.map(idx).sort((a, b) => a - b).map(base36).join(',');
      return {
        type: 'choice',
        response: chars(pick),
        patterns: [chars(q.key)],
        result: correct ? 'correct' : 'wrong',
        given: pick,
        act: async (c) => {
          for (const o of opts) {
            await setOption(c, o, pick.includes(o));
          }
        },
      };
    }
    case 'true-false': {
      const right = q.key === true ? 'true' : 'false';
      const pick = correct ? right : right === 'true' ? 'false' : 'true';
      return {
        type: 'true-false',
        response: pick[0],
        patterns: [right[0]],
        result: correct ? 'correct' : 'wrong',
        given: pick === 'true',
        act: (c) => setOption(c, pick),
      };
    }
    case 'fill-in': {
      const text = correct ? q.key[0] : 'zzz-not-this';
      return {
        type: 'fill-in',
        response: text,
        patterns: q.key.slice(0, 10), // every accepted answer, at most 10
        result: correct ? 'correct' : 'wrong',
        given: text,
        act: (c) => c.locator('input[data-answer]').fill(text),
      };
    }
    case 'numeric': {
      const k = q.key;
      const right = 'exact' in k ? k.exact : k.min;
      const value = correct ? right : ('exact' in k ? k.exact : k.max) + 1000;
      return {
        type: 'numeric',
        response: String(value),
        // an exact value is the pattern; a range (min < max) has none in SCORM 1.2
        patterns: 'exact' in k ? [String(k.exact)] : k.min === k.max ? [String(k.min)] : [],
        result: correct ? 'correct' : 'wrong',
        given: value,
        act: (c) => c.locator('input[data-answer]').fill(String(value)),
      };
    }
    case 'matching': {
      // pair i is right with its own target; wrong rotates the targets by one
      const target = (i) => (correct ? opts[i] : opts[(i + 1) % opts.length]);
      const pairs = (f) => opts.map((_, i) => `${base36(i)}.${base36(idx(f(i)))}`).join(',');
      return {
        type: 'matching',
        response: pairs(target),
        patterns: [pairs((i) => opts[i])],
        result: correct ? 'correct' : 'wrong',
        given: opts.map((o, i) => [o, target(i)]),
        act: async (c) => {
          for (let i = 0; i < opts.length; i++) {
            await c.locator(`select[data-pair-id=${css(opts[i])}]`).selectOption(target(i));
          }
        },
      };
    }
    case 'sequencing': {
      // options are the items in the right order; wrong swaps the first two
      const want = correct ? opts.slice() : [opts[1], opts[0], ...opts.slice(2)];
      return {
        type: 'sequencing',
        response: want.map((id) => base36(idx(id))).join(','),
        patterns: [opts.map((_, i) => base36(i)).join(',')],
        result: correct ? 'correct' : 'wrong',
        given: want,
        act: (c) => reorder(c, want),
      };
    }
    case 'likert': {
      const pick = opts[Math.floor(opts.length / 2)];
      return {
        type: 'likert',
        response: base36(idx(pick)),
        patterns: [],
        result: 'neutral',
        given: pick,
        act: (c) => setOption(c, pick),
      };
    }
    default:
      throw new Error(`unknown question type ${q.type}`);
  }
}

/** Moves sequencing items with their up buttons until the list reads `want`. */
async function reorder(container, want) {
  const order = () => container.locator('li[data-item-id]').evaluateAll((lis) => lis.map((li) => li.dataset.itemId));
  if ((await order()).join() === want.join()) {
    // Already in the wanted order (the shuffle can give it): the player counts an untouched
    // list as unanswered, so the learner moves an item down and back up to give the answer.
    await container.locator(`li[data-item-id=${css(want[0])}] button[data-move="down"]`).click();
    await container.locator(`li[data-item-id=${css(want[0])}] button[data-move="up"]`).click();
  }
  for (let target = 0; target < want.length; target++) {
    for (let guard = 0; guard < want.length + 1; guard++) {
      const now = await order();
      const at = now.indexOf(want[target]);
      if (at === target) break;
      await container.locator(`li[data-item-id=${css(want[target])}] button[data-move="up"]`).click();
    }
  }
  assert.deepEqual(await order(), want, 'the sequencing buttons did not give the wanted order');
}
