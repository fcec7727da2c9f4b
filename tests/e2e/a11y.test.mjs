// axe-core (WCAG 2.0/2.1 A and AA tags) on the player in its LMS frame, for every language built:
// the menu (wide and narrow screens), the credits page, a content page of each block type, every
// question type unanswered and answered (knowledge checks and the assessment bank), the
// assessment's intro and the results page. Every scan must report 0 violations. The SCORM 2004
// and web packages ship the same player with another runtime: for them (one language each) the
// layout scans and an attempt with its results page run too — the web package on its own, with the
// "not tracked" notice showing, from a static server. Then the TinCan and cmi5 packages launched
// against the test LRS (tracked: the learner's name greeted, the LMS's pass mark shown, the
// finished banner).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openLms, openPage, openDirect } from './lib/browser.mjs';
import { createLrs } from './lib/lrs.mjs';
import { createCmi5Lms } from './lib/cmi5-lms.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { answerCheck, startAttempt, answerAssessment, submitAttempt } from './lib/learner.mjs';
import { pageViolations, frameViolations } from './lib/axe.mjs';

const CLEAN = { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] };
/** How many fresh sessions may be used to see every question type of the bank drawn. */
const MAX_DRAWS = 25;
const BLOCKS = {
  heading: '.block-heading',
  text: '.block-text',
  image: '.block-image',
  callout: '.callout',
  list: '.block-list',
  links: '.block-links',
  video: '.block-video',
};
const packages = packagesUnderTest('scorm12');
/** The other targets' packages: one language each. */
const others = [
  { target: 'scorm2004', pkg: packagesUnderTest('scorm2004').at(-1), manifest: true },
  { target: 'web', pkg: packagesUnderTest('web')[0], manifest: false },
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Scans the player's document in its frame and files the violations under `label`. */
async function scan(s, label, found) {
  const v = await frameViolations(await s.scoFrame());
  if (v.length) found.push(`${label}:\n  ${v.join('\n  ')}`);
}

/** Scans the whole launcher page, the player's frame included (@axe-core/playwright). */
async function scanPage(s, label, found) {
  const v = await pageViolations(s.page);
  if (v.length) found.push(`${label} (launcher and frame):\n  ${v.join('\n  ')}`);
}

/** Block kinds on each content page: { pageId: [kind, ...] }. */
async function blockKinds(session) {
  const frame = await session.scoFrame();
  return frame.evaluate((blocks) => {
    const out = {};
    for (const sec of document.querySelectorAll('section[data-kind="page"]')) {
      out[sec.dataset.pageId] = Object.entries(blocks)
        .filter(([, sel]) => sec.querySelector(sel))
        .map(([k]) => k);
    }
    return out;
  }, BLOCKS);
}

/** The menu (wide and narrow), the credits page and the fewest content pages showing every block kind. */
async function scanLayout(s, p, found) {
  await scanPage(s, `credits page (${p.data.pages[0].id})`, found);
  // The menu: opened with its toggle where the layout collapses it, on a wide and a narrow screen.
  for (const size of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    await s.page.setViewportSize(size);
    const toggle = p.sco.locator('#menu-toggle');
    if (await toggle.isVisible()) {
      await toggle.click();
      await p.sco.locator('#menu a[data-page-id]').first().waitFor({ state: 'visible' });
    }
    await scan(s, `menu at ${size.width}px`, found);
    if ((await toggle.getAttribute('aria-expanded')) === 'true') {
      // The open drawer covers its toggle; Escape closes it and gives the toggle focus back.
      await s.page.keyboard.press('Escape');
      await p.sco.locator('#menu-toggle[aria-expanded="false"]').waitFor();
    }
  }
  await s.page.setViewportSize({ width: 1280, height: 900 });
  // The fewest content pages that show every block kind the course uses.
  const kinds = await blockKinds(s);
  const missing = new Set(Object.values(kinds).flat());
  const used = [...missing];
  const chosen = [];
  while (missing.size) {
    const [best] = Object.entries(kinds).sort((a, b) => b[1].filter((k) => missing.has(k)).length - a[1].filter((k) => missing.has(k)).length);
    chosen.push(best[0]);
    best[1].forEach((k) => missing.delete(k));
  }
  for (const id of chosen) {
    await p.goTo(id);
    await scan(s, `content page ${id} (${kinds[id].join(', ')})`, found);
  }
  return used;
}

for (const pkg of packages) {
  describe(`accessibility (${pkg.lang})`, () => {
    let server;
    before(async () => {
      server = await startServer({ pkgDir: pkg.dir });
    });
    after(async () => {
      await server?.close();
    });

    test(`${pkg.lang}: menu, credits page and a content page of each block type: 0 violations`, async () => {
      const found = [];
      const s = await openLms(browser, server);
      const p = await Player.open(s);
      const used = await scanLayout(s, p, found);
      assert.ok(used.length > 0, 'the course has content pages with blocks');
      assert.deepEqual(s.problems(), CLEAN);
      await s.close();
      assert.deepEqual(found, [], `axe violations (WCAG 2.1 A/AA):\n${found.join('\n')}`);
    });

    test(`${pkg.lang}: every question type unanswered and answered, the assessment and the results page: 0 violations`, async () => {
      const found = [];
      const unanswered = new Set();
      const answered = new Set();
      const s = await openLms(browser, server);
      const p = await Player.open(s);
      const d = p.data;
      const A = d.assessment;
      const allTypes = new Set([...d.checks.flatMap((c) => c.questions), ...(A ? A.questions : [])].map((q) => q.type));
      // Knowledge checks: unanswered, then answered (right and wrong, so both feedback styles show).
      for (const check of d.checks) {
        await p.goTo(check.id);
        const types = [...new Set(check.questions.map((q) => q.type))];
        await scan(s, `check ${check.id} unanswered (${types})`, found);
        types.forEach((t) => unanswered.add(t));
        let k = 0;
        await answerCheck(p, check, () => k++ % 2 === 0);
        await scan(s, `check ${check.id} answered and checked (${types})`, found);
        types.forEach((t) => answered.add(t));
      }
      if (A) {
        await p.goTo(A.id);
        await scan(s, `assessment ${A.id} intro`, found);
        const ids = await startAttempt(p);
        const typesOf = (list) => [...new Set(list.map((id) => A.questions.find((q) => q.id === id).type))];
        await scan(s, `assessment attempt unanswered (${typesOf(ids)})`, found);
        typesOf(ids).forEach((t) => unanswered.add(t));
        let k = 0;
        await answerAssessment(p, ids, () => k++ % 2 === 0);
        await scan(s, `assessment attempt answered (${typesOf(ids)})`, found);
        typesOf(ids).forEach((t) => answered.add(t));
        await submitAttempt(p);
        await scan(s, 'results page with the review', found);
        assert.deepEqual(s.problems(), CLEAN);
        await s.close();
        // The rest of the bank: fresh learners until every question type was drawn.
        const bankTypes = new Set(A.questions.map((q) => q.type));
        for (let n = 0; n < MAX_DRAWS && [...bankTypes].some((t) => !answered.has(t)); n++) {
          const s2 = await openLms(browser, server);
          const p2 = await Player.open(s2);
          await p2.goTo(A.id);
          const drawn = await startAttempt(p2);
          const fresh = typesOf(drawn).filter((t) => !answered.has(t));
          if (fresh.length) {
            await scan(s2, `assessment attempt unanswered (${typesOf(drawn)})`, found);
            fresh.forEach((t) => unanswered.add(t));
            let k2 = 0;
            await answerAssessment(p2, drawn, () => k2++ % 2 === 1);
            await scan(s2, `assessment attempt answered (${typesOf(drawn)})`, found);
            fresh.forEach((t) => answered.add(t));
          }
          assert.deepEqual(s2.problems(), CLEAN);
          await s2.close();
        }
      } else {
        await s.close();
      }
      assert.deepEqual([...unanswered].sort(), [...allTypes].sort(), 'every question type was scanned unanswered');
      assert.deepEqual([...answered].sort(), [...allTypes].sort(), 'every question type was scanned answered');
      assert.deepEqual(found, [], `axe violations (WCAG 2.1 A/AA):\n${found.join('\n')}`);
    });
  });
}

for (const { target, pkg, manifest } of others) {
  describe(`accessibility (${target}, ${pkg.lang})`, () => {
    let server;
    before(async () => {
      server = await startServer({ pkgDir: pkg.dir, manifest });
    });
    after(async () => {
      await server?.close();
    });
    const open = () =>
      manifest ? openLms(browser, server) : openPage(browser, `${server.origin}/pkg/index.html`, { clearStorage: true, server });

    test(`${target} ${pkg.lang}: menu, credits, content pages, an attempt and the results page: 0 violations`, async () => {
      const found = [];
      const s = await open();
      const p = await Player.open(s);
      if (!manifest) assert.ok(await p.sco.locator('#tracking-notice').isVisible(), 'the web package shows the not-tracked notice');
      const used = await scanLayout(s, p, found);
      assert.ok(used.length > 0, 'the course has content pages with blocks');
      const A = p.data.assessment;
      if (A) {
        await p.goTo(A.id);
        const ids = await startAttempt(p);
        let k = 0;
        await answerAssessment(p, ids, () => k++ % 2 === 0);
        await scan(s, 'assessment attempt answered', found);
        await submitAttempt(p);
        await scan(s, 'results page with the review', found);
      }
      assert.deepEqual(s.problems(), CLEAN);
      await s.close();
      assert.deepEqual(found, [], `axe violations (WCAG 2.1 A/AA):\n${found.join('\n')}`);
    });
  });
}

/**
 * The xAPI targets: the same player, tracked. One package of each (the translation for TinCan,
 * the source language for cmi5, so both languages are scanned tracked too): the title page with
 * the greeting, a content page, a knowledge check answered, the assessment intro (cmi5: the LMS's
 * pass mark), an attempt, the results page and the page after exit.
 */
for (const target of ['tincan', 'cmi5']) {
  const list = packagesUnderTest(target);
  const pkg = list.find((p) => p.lang === (target === 'tincan' ? 'en' : 'nl')) ?? list[0];
  describe(`accessibility (${target}, ${pkg.lang})`, () => {
    let server;
    let lrs;
    let lms;
    before(async () => {
      lrs = createLrs({ authorize: (h) => (lms ? lms.authorize(h) : h === 'Basic YTpi') });
      if (target === 'cmi5') lms = createCmi5Lms({ lrs, publisherId: 'https://coursepack.example/courses/digitale-vaardigheden/au' });
      const routes = [(...a) => lrs.route(...a)];
      if (lms) routes.push((...a) => lms.route(...a));
      server = await startServer({ pkgDir: pkg.dir, routes });
    });
    after(async () => {
      await server?.close();
    });

    test(`${target} ${pkg.lang}: tracked player, title to results and exit: 0 violations`, async () => {
      let url;
      if (lms) {
        url = lms.launch({ origin: server.origin, enrolment: lms.register(), masteryScore: 0.75 }).url;
      } else {
        const q = new URLSearchParams({
          endpoint: `${server.origin}/lrs/`,
          auth: 'Basic YTpi',
          actor: JSON.stringify({ name: 'Ada Lovelace', mbox: 'mailto:ada@example.org' }),
          registration: crypto.randomUUID(),
          activity_id: 'https://coursepack.example/courses/digitale-vaardigheden',
        });
        url = `${server.origin}/pkg/index.html?${q}`;
      }
      const found = [];
      const s = await openDirect(browser, server, url);
      const p = await Player.open(s);
      const d = p.data;
      const frame = await s.scoFrame();
      const scanHere = async (label) => {
        const v = await frameViolations(frame);
        if (v.length) found.push(`${label}:\n  ${v.join('\n  ')}`);
      };
      assert.equal(await p.sco.locator('[data-welcome]').isVisible(), true, 'the tracked learner is greeted');
      assert.equal(await p.sco.locator('#tracking-notice').isVisible(), false, 'no "not tracked" notice');
      await scanHere('title page, tracked');
      await p.goTo(d.pages.find((x) => x.kind === 'page').id);
      await scanHere('first content page');
      const check = d.checks[0];
      await p.goTo(check.id);
      await answerCheck(p, check, () => true);
      await scanHere(`check ${check.id} answered`);
      const A = d.assessment;
      await p.goTo(A.id);
      await scanHere('assessment intro');
      const ids = await startAttempt(p);
      await answerAssessment(p, ids, () => true);
      await scanHere('assessment attempt answered');
      await submitAttempt(p);
      await scanHere('results page');
      await p.exit();
      await s.waitForState('finished');
      await scanHere('after exit');
      assert.deepEqual(lrs.rejected, [], 'the LRS took every statement');
      await s.close();
      assert.deepEqual(found, [], `axe violations (WCAG 2.1 A/AA):\n${found.join('\n')}`);
    });
  });
}
