// Every URL the runtime takes from outside passes one gate (templates/runtime/lib/url.js): only
// http: and https: are used; anything else is ignored with a console warning and the learner stays
// in the course (issue 13). Cases, each in Chromium against the real cmi5 and TinCan packages:
// a cmi5 returnURL `javascript:…`, mixed-case `JaVaScRiPt:…`, `data:text/html,…`, and
// `javascript:` behind leading white space and control characters (which the URL parser strips);
// a cmi5 launch whose fetch URL is a `data:` URL handing out a token or a `javascript:` URL, or
// whose endpoint is `javascript:`; a TinCan launch whose endpoint is `javascript:` or `data:`.
// Each asserts that no script ran (a canary global, no dialog), the page is still the course, and
// the console says why the URL was ignored.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openDirect, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { createLrs } from './lib/lrs.mjs';
import { createCmi5Lms } from './lib/cmi5-lms.mjs';
import { verbOf } from './lib/xapi.mjs';

const IRI = 'https://coursepack.example/courses/digitale-vaardigheden';
const cmi5Pkg = packagesUnderTest('cmi5')[0];
const tincanPkg = packagesUnderTest('tincan')[0];

// What a hostile URL would do if it ran: set a canary in whichever window runs it, and open a dialog.
const CANARY = "window.top.__pwned=(window.top.__pwned||0)+1;alert('pwned')";
const RETURN_URLS = {
  'javascript:': `javascript:${CANARY}`,
  'mixed-case JaVaScRiPt:': `JaVaScRiPt:${CANARY}`,
  'data:text/html': `data:text/html,<script>${CANARY}</script>`,
  'leading white space and control characters': `\u0001\u0008\t\n \u001fjavascript:${CANARY}`,
  'java\\tscript: (tab inside the scheme)': `java\tscript:${CANARY}`,
  'vbscript:': 'vbscript:msgbox(1)',
};

let browser;
let lrs;
let lms;
let cmi5Server;
let tincanServer;
before(async () => {
  browser = await launchBrowser();
  cmi5Server = await startServer({ pkgDir: cmi5Pkg.dir, routes: [(...a) => lrs.route(...a), (...a) => lms.route(...a)] });
  tincanServer = await startServer({ pkgDir: tincanPkg.dir, routes: [(...a) => lrs.route(...a)] });
});
after(async () => {
  await cmi5Server?.close();
  await tincanServer?.close();
  await browser?.close();
});

function fresh() {
  lms = null;
  lrs = createLrs({ authorize: (h) => lms && lms.authorize(h) });
  lms = createCmi5Lms({ lrs, publisherId: `${IRI}/au` });
}

/** Opens `url`, records dialogs (and dismisses them), returns the session. */
async function open(server, url) {
  const s = await openDirect(browser, server, url);
  s.dialogs = [];
  s.page.on('dialog', (d) => {
    s.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return s;
}

/** No script of the URL ran, the learner is still in the course, the console says why. */
async function assertStillInCourse(s, warning) {
  assert.deepEqual(s.dialogs, [], 'no dialog opened');
  assert.equal(await s.page.evaluate(() => window.__pwned), undefined, 'the canary is untouched');
  assert.match(s.page.url(), /\/pkg\/index\.html/, 'the page is still the course');
  assert.ok(await s.page.locator('#main').isVisible(), 'the course is on screen');
  assert.ok(s.warnings.some((w) => warning.test(w)), `a console warning says the URL was ignored: ${JSON.stringify(s.warnings)}`);
  assert.deepEqual(s.pageErrors, [], 'no uncaught error');
}

describe('URLs from outside the package', () => {
  for (const [name, returnURL] of Object.entries(RETURN_URLS)) {
    test(`cmi5 returnURL ${name}: ignored on exit, no script runs, the learner stays in the course`, async () => {
      fresh();
      const enrolment = lms.register();
      const launch = lms.launch({ origin: cmi5Server.origin, enrolment, returnURL });
      const s = await open(cmi5Server, launch.url);
      const p = await Player.open(s);
      await p.goTo(p.data.pages[1].id);
      await p.exit();
      await s.waitForState('finished');
      // The exit waits for the statement queue before it would navigate: wait for terminated.
      const end = Date.now() + WAIT_MS;
      while (!lrs.statements().some((x) => verbOf(x) === 'terminated') && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      assert.ok(lrs.statements().some((x) => verbOf(x) === 'terminated'), 'the session ended normally (terminated sent)');
      await new Promise((r) => setTimeout(r, 300));
      await assertStillInCourse(s, /returnURL[^;]* is not an http or https URL/);
      assert.equal(lms.returns.length, 0);
      await s.close();
    });
  }

  const HOSTILE_LAUNCHES = {
    'fetch is a data: URL handing out a token': (q, origin) => q.set('fetch', 'data:application/json,{"auth-token":"c3RvbGVu"}'),
    'fetch is javascript:': (q) => q.set('fetch', `javascript:${CANARY}`),
    'endpoint is javascript:': (q) => q.set('endpoint', `JaVaScRiPt:${CANARY}//`),
    'endpoint is a data: URL': (q) => q.set('endpoint', 'data:text/html,<script>1</script>/'),
  };
  for (const [name, spoil] of Object.entries(HOSTILE_LAUNCHES)) {
    test(`cmi5 launch whose ${name}: not tracked, nothing fetched from it, the course plays`, async () => {
      fresh();
      const enrolment = lms.register();
      const launch = lms.launch({ origin: cmi5Server.origin, enrolment, returnURL: true });
      const u = new URL(launch.url);
      spoil(u.searchParams, cmi5Server.origin);
      const s = await open(cmi5Server, u.href);
      const p = await Player.open(s);
      assert.ok(await s.page.locator('#tracking-notice').isVisible(), 'the "not tracked" notice is shown');
      await p.goTo(p.data.pages[1].id);
      await p.exit();
      await s.waitForState('finished');
      await assertStillInCourse(s, /cmi5 launch (endpoint|fetch URL) is not an http or https URL/);
      assert.ok(!browser.requests.some((r) => /^(data|javascript):/i.test(r)), 'no request to the hostile URL');
      assert.equal(lms.fetches.get(launch.key).calls, 0, 'the real fetch URL was not used either');
      assert.equal(lrs.log.length, 0, 'nothing reached the LRS');
      await s.close();
    });
  }

  test('the player page carries a Content-Security-Policy: an injected inline script or handler does not run', async () => {
    fresh();
    const enrolment = lms.register();
    const launch = lms.launch({ origin: cmi5Server.origin, enrolment });
    const s = await open(cmi5Server, launch.url);
    await Player.open(s);
    const csp = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self'(;|$)/, 'scripts only from the package');
    assert.match(csp, /object-src 'none'/);
    // What a markup injection would try: an inline script, an event handler, a javascript: link.
    await s.page.evaluate((canary) => {
      const sc = document.createElement('script');
      sc.textContent = canary;
      document.body.appendChild(sc);
      const img = document.createElement('img');
      img.setAttribute('onerror', canary);
      img.src = 'data:image/png;base64,AAAA';
      document.body.appendChild(img);
    }, CANARY);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(s.dialogs, [], 'no dialog opened');
    assert.equal(await s.page.evaluate(() => window.__pwned), undefined, 'the canary is untouched');
    assert.ok(s.consoleErrors.some((e) => /Content Security Policy/i.test(e)), 'the browser reports the refusal');
    await s.close();
  });

  for (const [name, endpoint] of Object.entries({ 'javascript:': `javascript:${CANARY}//`, 'data:': 'data:application/json,{}/' })) {
    test(`TinCan endpoint ${name}: not tracked, nothing sent, the course plays`, async () => {
      fresh();
      const q = new URLSearchParams({ endpoint, auth: 'Basic eDp5', actor: JSON.stringify({ mbox: 'mailto:ada@example.org', name: 'Ada' }), registration: crypto.randomUUID(), activity_id: IRI });
      const s = await open(tincanServer, `${tincanServer.origin}/pkg/index.html?${q}`);
      const p = await Player.open(s);
      assert.ok(await s.page.locator('#tracking-notice').isVisible(), 'the "not tracked" notice is shown');
      await p.goTo(p.data.pages[1].id);
      await p.exit();
      await s.waitForState('finished');
      await assertStillInCourse(s, /TinCan launch endpoint is not an http or https URL/);
      assert.ok(!browser.requests.some((r) => /^(data|javascript):/i.test(r)), 'no request to the hostile URL');
      await s.close();
    });
  }
});
