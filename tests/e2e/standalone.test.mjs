// The SCORM 1.2 package without a working LMS: opened straight from disk (file://) it shows the
// "not tracked" notice and plays; at 320 px wide no page scrolls sideways; at 600-850 px (Moodle's
// frame) the Menu button stays on one line; an LMS whose every call
// fails, or throws, never breaks the player (failed calls are logged and retried, not fatal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allowFilesUnder, launchBrowser, openPage, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { answerCheck } from './lib/learner.mjs';

const packages = packagesUnderTest();

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

  test(`standalone ${lang}: an LMS answering String objects and error codes as strings (Forma LMS): no retries, whole interactions`, async () => {
    // Every call answers new String('true') (Forma 3.3); LMSGetLastError answers new String('0'), or
    // '201' as a string right after a refused interaction id (an over-strict identifier check).
    const api = () => {
      window.__apiCalls = [];
      const store = {};
      let last = '0';
      const ok = (fn, f) => (...args) => {
        window.__apiCalls.push([fn, ...args.map(String)]);
        return f(...args);
      };
      window.API = {
        LMSInitialize: ok('LMSInitialize', () => new String('true')),
        LMSFinish: ok('LMSFinish', () => new String('true')),
        LMSGetValue: ok('LMSGetValue', (k) => {
          last = new String('0');
          if (k === 'cmi.core.lesson_mode') return new String('normal');
          if (k === 'cmi.core.entry') return new String('ab-initio');
          if (k === 'cmi.interactions._count') return new String(String(new Set(Object.keys(store).map((x) => (x.match(/^cmi\.interactions\.(\d+)\./) || [])[1]).filter(Boolean)).size));
          return new String(store[k] ?? '');
        }),
        LMSSetValue: ok('LMSSetValue', (k, v) => {
          if (/^cmi\.interactions\.0\.id$/.test(k) && !store.refused) {
            last = '201';
            return new String('false');
          }
          store[k] = String(v);
          if (/^cmi\.interactions\.0\./.test(k)) store.refused = true;
          last = new String('0');
          return new String('true');
        }),
        LMSCommit: ok('LMSCommit', () => new String('true')),
        LMSGetLastError: ok('LMSGetLastError', () => last),
        LMSGetErrorString: ok('LMSGetErrorString', (c) => new String(String(c) === '0' ? 'No error' : 'Invalid argument')),
        LMSGetDiagnostic: ok('LMSGetDiagnostic', () => new String('')),
      };
    };
    const { session, player } = await openFromDisk(dir, { content: `(${api})()` });
    const check = player.data.checks?.[0];
    assert.ok(check, 'the course has a knowledge check');
    await walk(player, async (id) => {
      if (id === check.id) await answerCheck(player, check, () => true);
    });
    const calls = await session.page.evaluate(() => window.__apiCalls);
    const sets = calls.filter((c) => c[0] === 'LMSSetValue');
    const byElement = new Map();
    for (const [, k, v] of sets) byElement.set(`${k}=${v}`, (byElement.get(`${k}=${v}`) ?? 0) + 1);
    const repeated = [...byElement].filter(([k, n]) => n > 1 && !k.startsWith('cmi.interactions.0.id='));
    assert.deepEqual(repeated, [], 'String("true") counts as success: nothing is sent twice');
    assert.equal(byElement.get(sets.find((c) => c[1] === 'cmi.interactions.0.id')?.slice(1).join('=')), 2, 'the refused id (error "201") is retried once');
    const first = sets.filter((c) => c[1].startsWith('cmi.interactions.0.')).map((c) => c[1].slice('cmi.interactions.0.'.length));
    for (const f of ['type', 'student_response', 'result', 'weighting', 'latency', 'time']) {
      assert.ok(first.includes(f), `the interaction whose id was refused still gets its ${f}: ${first}`);
    }
    const warnings = session.warnings.filter((w) => !/interactions\.0\.id/.test(w));
    assert.deepEqual(warnings, [], 'no warning but for the refused id');
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
