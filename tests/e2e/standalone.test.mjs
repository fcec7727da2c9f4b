// The SCORM 1.2 package without a working LMS: opened straight from disk (file://) it shows the
// "not tracked" notice and plays; at 320 px wide no page scrolls sideways; an LMS whose every call
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
