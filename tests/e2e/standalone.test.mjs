// The SCORM 1.2 package without a working LMS: opened straight from disk (file://) it shows the
// "not tracked" notice and plays; at 320 px wide no page scrolls sideways; at 600-850 px (Moodle's
// frame) the Menu button stays on one line; an LMS whose every call
// fails, or throws, never breaks the player (failed calls are logged and retried, not fatal).
// And the SCORM 1.2 and 2004 packages on an LMS like Forma 3.3, whose API answers String objects
// and error codes as strings (and, in 2004, refuses interaction ids with "." against the
// standard): every call is read by value, nothing is retried needlessly, interactions stay whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allowFilesUnder, launchBrowser, openPage, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { answerCheck, startAttempt, answerAssessment, submitAttempt, results } from './lib/learner.mjs';

const packages = packagesUnderTest();
const packages2004 = packagesUnderTest('scorm2004');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * Opens the package's index.html from disk as a top-level page (no launcher, no LMS around it),
 * optionally with `window.API` put in place by `initScript` before the player starts.
 */
async function openFromDisk(dir, initScript = null) {
  allowFilesUnder(dir);
  const url = pathToFileURL(path.join(dir, 'index.html')).href;
  const session = await openPage(browser, url, { clearStorage: true, initScript });
  return { session, player: await Player.open(session) };
}

/** Every page of the course, in order, through the next button. */
async function walk(player, onPage) {
  const ids = player.data.pages.map((p) => p.id);
  await player.goTo(ids[0]);
  await onPage(ids[0]);
  for (let i = 1; i < ids.length; i++) {
    await player.next();
    await onPage(ids[i]);
  }
  return ids;
}

for (const { lang, dir } of packages) {
  test(`standalone ${lang}: from disk with no LMS, the player plays and says it is not tracked`, async () => {
    const { session, player } = await openFromDisk(dir);
    const notice = session.page.locator('#tracking-notice');
    await notice.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await notice.textContent(), /\S/, 'the notice has a text');
    assert.equal(await session.page.evaluate(() => document.documentElement.lang), lang);
    const seen = await walk(player, async () => {});
    assert.equal(seen.length, player.data.pages.length);
    assert.deepEqual(session.pageErrors, [], 'no uncaught error');
    assert.deepEqual(session.consoleErrors, [], 'no console error');
    assert.deepEqual(session.external(), [], 'nothing outside the package is requested');
    await session.page.close();
  });

  test(`standalone ${lang}: at 320 px wide no page of the course scrolls sideways`, async () => {
    const { session, player } = await openFromDisk(dir);
    await session.page.setViewportSize({ width: 320, height: 640 });
    const wide = [];
    await walk(player, async (id) => {
      const w = await session.page.evaluate(() => {
        const client = document.documentElement.clientWidth;
        const scroll = document.documentElement.scrollWidth;
        if (scroll <= client) return { scroll, client, past: [] };
        // The innermost elements that reach past the right edge: what to fix.
        const past = [...document.querySelectorAll('body *')].filter(
          (e) => e.getClientRects().length && e.getBoundingClientRect().right > client + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > client + 0.5),
        );
        // Text that runs out of its box (a long word) does not widen the box: look at the words.
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const r = document.createRange();
          r.selectNodeContents(n);
          if ([...r.getClientRects()].some((b) => b.right > client + 0.5)) past.push(n.parentElement);
        }
        const name = (e) => `<${e.tagName.toLowerCase()}${e.className ? ` class="${e.className}"` : ''}> "${(e.textContent || '').trim().slice(0, 40)}"`;
        return { scroll, client, past: past.slice(0, 3).map(name) };
      });
      if (w.scroll > w.client) wide.push(`${id}: ${w.scroll}px content in a ${w.client}px viewport: ${w.past.join(', ')}`);
    });
    assert.deepEqual(wide, [], 'every page fits 320 px');
    await session.page.close();
  });

  test(`standalone ${lang}: at 600-850 px wide (Moodle's frame on a desktop) the header's Menu button stays on one line`, async () => {
    const { session } = await openFromDisk(dir);
    for (const width of [600, 640, 700, 768, 800, 850]) {
      await session.page.setViewportSize({ width, height: 700 });
      const m = await session.page.evaluate(() => {
        const b = document.getElementById('menu-toggle');
        if (!b || b.hidden || !b.getClientRects().length) return { shown: false };
        // The label's own text (the icon beside it sits at another height).
        const text = [...b.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        const r = document.createRange();
        r.setStartBefore(text[0]);
        r.setEndAfter(text.at(-1));
        const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        return { shown: true, lines: tops.size, overflow: b.scrollWidth > b.clientWidth + 0.5, text: b.textContent.trim() };
      });
      assert.ok(m.shown, `${width} px: the Menu button is shown`);
      assert.equal(m.lines, 1, `${width} px: "${m.text}" wraps over ${m.lines} lines`);
      assert.equal(m.overflow, false, `${width} px: "${m.text}" overflows its button`);
    }
    await session.page.close();
  });

  test(`standalone ${lang}: an LMS whose calls fail or throw never breaks the player`, async () => {
    for (const mode of ['fail', 'throw']) {
      const api = (m) => {
        window.__apiCalls = [];
        const record = (fn, result) => (...args) => {
          window.__apiCalls.push(fn);
          if (m === 'throw' && fn !== 'LMSGetLastError' && fn !== 'LMSGetErrorString') throw new Error(`${fn} exploded`);
          return result;
        };
        window.API = {
          LMSInitialize: record('LMSInitialize', 'true'),
          LMSFinish: record('LMSFinish', 'false'),
          LMSGetValue: record('LMSGetValue', ''),
          LMSSetValue: record('LMSSetValue', 'false'),
          LMSCommit: record('LMSCommit', 'false'),
          LMSGetLastError: record('LMSGetLastError', '101'),
          LMSGetErrorString: record('LMSGetErrorString', 'General exception'),
          LMSGetDiagnostic: record('LMSGetDiagnostic', ''),
        };
      };
      const { session, player } = await openFromDisk(dir, { content: `(${api})(${JSON.stringify(mode)})` });
      const check = player.data.checks?.[0] ?? null;
      await walk(player, async (id) => {
        if (check && id === check.id) await answerCheck(player, check, () => true);
      });
      const calls = await session.page.evaluate(() => window.__apiCalls);
      assert.ok(calls.includes('LMSInitialize'), `${mode}: the player found the API`);
      if (mode === 'fail') {
        const commits = calls.filter((c) => c === 'LMSCommit').length;
        assert.ok(commits >= 2, `${mode}: a failed LMSCommit is retried (saw ${commits})`);
        assert.ok(session.warnings.some((w) => /failed/.test(w)), `${mode}: failed calls are logged`);
      }
      assert.deepEqual(session.pageErrors, [], `${mode}: no uncaught error`);
      assert.deepEqual(session.external(), [], `${mode}: nothing outside the package is requested`);
      await session.page.close();
    }
  });
}

// ---- an LMS that answers String objects (Forma LMS 3.3) ------------------------------------------

/** What differs between the editions for the Forma-like LMS. */
const EDITIONS = {
  '1.2': {
    api: 'API',
    fn: { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', error: 'LMSGetLastError', text: 'LMSGetErrorString', diag: 'LMSGetDiagnostic' },
    mode: 'cmi.core.lesson_mode',
    entry: 'cmi.core.entry',
    unset: '0',
    fields: ['id', 'type', 'student_response', 'result', 'weighting', 'latency', 'time'],
    outcome: { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '100' },
  },
  '2004': {
    api: 'API_1484_11',
    fn: { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit', error: 'GetLastError', text: 'GetErrorString', diag: 'GetDiagnostic' },
    mode: 'cmi.mode',
    entry: 'cmi.entry',
    unset: '403',
    fields: ['id', 'type', 'description', 'learner_response', 'result', 'weighting', 'latency', 'timestamp'],
    outcome: { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.raw': '100', 'cmi.score.scaled': '1' },
  },
};

/**
 * The LMS, installed before the player starts: every result a String object (`new String('true')`,
 * as Forma 3.3 answers), error codes as strings or String objects, `_count` from what was stored.
 * `refuse(element, value)` names the calls it refuses, with the error code to give: the first
 * interaction's id once ("201"/"406" as a string: a real error, retried once), or (strictIds) every
 * SCORM 2004 id with "-" or "." (Forma's over-strict identifier check, error 406, against the
 * standard).
 */
function formaApi(cfg) {
  const { api, fn, mode, entry, unset, strictIds, code } = cfg;
  window.__apiCalls = [];
  window.__store = {};
  const store = window.__store;
  let last = new String('0');
  let refusedOnce = false;
  const rec = (name, f) => (...args) => {
    window.__apiCalls.push([name, ...args.map(String)]);
    return f(...args);
  };
  const refuse = (k, v) => {
    if (strictIds) return /^cmi\.interactions\.\d+\.id$/.test(k) && /[-.]/.test(v);
    if (k === 'cmi.interactions.0.id' && !refusedOnce) {
      refusedOnce = true;
      return true;
    }
    return false;
  };
  window[api] = {
    [fn.init]: rec(fn.init, () => new String('true')),
    [fn.finish]: rec(fn.finish, () => new String('true')),
    [fn.get]: rec(fn.get, (k) => {
      last = new String('0');
      if (k === mode) return new String('normal');
      if (k === entry) return new String('ab-initio');
      if (k === 'cmi.interactions._count') {
        const n = new Set(Object.keys(store).map((x) => (x.match(/^cmi\.interactions\.(\d+)\./) || [])[1]).filter(Boolean)).size;
        return new String(String(n));
      }
      if (!(k in store)) last = unset; // a plain string, like some LMSs
      return new String(store[k] ?? '');
    }),
    [fn.set]: rec(fn.set, (k, v) => {
      if (refuse(k, String(v))) {
        last = code;
        return new String('false');
      }
      store[k] = String(v);
      last = new String('0');
      return new String('true');
    }),
    [fn.commit]: rec(fn.commit, () => new String('true')),
    [fn.error]: rec(fn.error, () => last),
    [fn.text]: rec(fn.text, (c) => new String(String(c) === '0' ? 'No error' : 'Invalid argument')),
    [fn.diag]: rec(fn.diag, () => new String('')),
  };
}

const FORMA = [
  ...packages.map((p) => ({ version: '1.2', pkg: p, strictIds: false, code: '201' })),
  ...packages2004.filter((p) => p.lang === 'en').map((p) => ({ version: '2004', pkg: p, strictIds: false, code: '406' })),
  ...packages2004.filter((p) => p.lang === 'en').map((p) => ({ version: '2004', pkg: p, strictIds: true, code: '406' })),
];

for (const { version, pkg, strictIds, code } of FORMA) {
  const what = strictIds ? 'refusing every interaction id with "." (error "406")' : 'answering String objects and error codes as strings';
  test(`SCORM ${version} ${pkg.lang}: an LMS ${what} (Forma LMS): no needless retries, whole interactions, status and score arrive`, async () => {
    const ed = EDITIONS[version];
    const cfg = { api: ed.api, fn: ed.fn, mode: ed.mode, entry: ed.entry, unset: ed.unset, strictIds, code };
    const { session, player } = await openFromDisk(pkg.dir, { content: `(${formaApi})(${JSON.stringify(cfg)})` });
    const d = player.data;
    assert.ok(d.checks?.length, 'the course has a knowledge check');
    for (const page of d.pages.slice(1)) {
      if (page.kind === 'assessment' || page.kind === 'results') continue;
      await player.goTo(page.id);
      if (page.kind === 'check') await answerCheck(player, d.checks.find((c) => c.id === page.id), () => true);
    }
    await player.goTo(d.assessment.id);
    const ids = await startAttempt(player);
    await answerAssessment(player, ids, () => true);
    await submitAttempt(player);
    assert.equal((await results(player)).passed, 'true');
    await player.exit();
    await session.waitForState('finished');
    const { calls, store } = await session.page.evaluate(() => ({ calls: window.__apiCalls, store: window.__store }));

    // A value is sent once: String("true") counts as success. Only a refused call is repeated,
    // exactly once (its error code is a real one).
    const sets = calls.filter((c) => c[0] === ed.fn.set);
    assert.ok(sets.length > 0, `${ed.fn.init} answering new String("true") is a success: the player tracks through the LMS`);
    const times = new Map();
    for (const [, k, v] of sets) times.set(`${k}=${v}`, (times.get(`${k}=${v}`) ?? 0) + 1);
    const isId = (k) => /^cmi\.interactions\.\d+\.id=/.test(k);
    const refused = strictIds ? [...times.keys()].filter(isId) : ['cmi.interactions.0.id=' + sets.find((c) => c[1] === 'cmi.interactions.0.id')?.[2]];
    assert.ok(refused.length > 0);
    assert.deepEqual([...times].filter(([k, n]) => n > 1 && !refused.includes(k)), [], 'nothing is sent twice');
    for (const k of refused) assert.equal(times.get(k), 2, `${k}: refused with a real error code, retried once`);

    // Every interaction is whole: the refused id never stops the other fields.
    const byIndex = new Map();
    for (const [, k] of sets) {
      const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k);
      if (m) byIndex.set(Number(m[1]), [...(byIndex.get(Number(m[1])) ?? []), m[2]]);
    }
    assert.ok(byIndex.size >= d.checks.reduce((t, c) => t + c.questions.length, 0) + ids.length, `one interaction per answer (${byIndex.size})`);
    for (const [n, fields] of byIndex) {
      const missing = ed.fields.filter((f) => !fields.includes(f));
      assert.deepEqual(missing, [], `interaction ${n} lacks ${missing}: ${fields}`);
    }

    // Status, score and resume data arrive.
    for (const [k, v] of Object.entries(ed.outcome)) assert.equal(store[k], v, `${k} stored`);
    assert.ok(store['cmi.suspend_data'], 'the resume state is stored');
    assert.equal(calls.filter((c) => c[0] === ed.fn.finish).length, 1);

    // No console warning but for the refused ids.
    const warnings = session.warnings.filter((w) => !/cmi\.interactions\.\d+\.id/.test(w));
    assert.deepEqual(warnings, [], 'no warning but for a refused id');
    if (strictIds) assert.ok(session.warnings.length >= refused.length, 'each refused id is logged');
    assert.deepEqual(session.pageErrors, [], 'no uncaught error');
    await session.page.close();
  });
}
