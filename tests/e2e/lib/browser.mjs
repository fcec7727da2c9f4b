// Debian's headless Chromium through playwright-core, with the guards every run asserts on:
// no request leaves 127.0.0.1, no uncaught page error, no console error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
/** Upper bound of every single wait in the suite. */
export const WAIT_MS = 10_000;

/**
 * Folders whose files a test opens from disk (file://); any other file: URL counts as a request
 * off the machine's test area, like a request to another host.
 */
const fileRoots = [];

/** Lets pages load files under `dir` from disk (for tests of packages opened without a server). */
export function allowFilesUnder(dir) {
  const root = pathToFileURL(path.resolve(dir)).href.replace(/\/?$/, '/');
  if (!fileRoots.includes(root)) fileRoots.push(root);
}

function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  if (u.protocol === 'file:') return fileRoots.some((root) => u.href.startsWith(root));
  return u.hostname === '127.0.0.1';
}

/**
 * Starts Chromium with a fresh profile. Every request whose host is not 127.0.0.1 is recorded in
 * `external` and aborted.
 */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; run tests/e2e/setup.sh`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    // No smooth scrolling under a scan: axe measures colours where elements are, not mid-scroll.
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const external = [];
  const seen = [];
  context.on('request', (req) => {
    seen.push(req.url());
    if (!isLocal(req.url())) external.push(req.url());
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (!isLocal(url)) {
      if (!external.includes(url)) external.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  // The persistent context opens a blank page; close it so only the test's pages exist.
  for (const p of context.pages()) await p.close();
  return {
    context,
    external,
    requests: seen,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the launcher page (the LMS) in a new page and waits until the SCO's iframe is loading.
 * @param browser the object launchBrowser returned
 * @param server the object startServer returned
 * @param {{cmi?: object, learner?: {id: string, name: string}}} [lms]
 */
/** Collects a page's uncaught errors and console errors. */
function watch(page) {
  const pageErrors = [];
  const consoleErrors = [];
  const warnings = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${m.location().url}:${m.location().lineNumber}`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  return { pageErrors, consoleErrors, warnings };
}

export async function openLms(browser, server, lms = {}) {
  const page = await browser.context.newPage();
  const { pageErrors, consoleErrors } = watch(page);
  const externalBefore = browser.external.length;
  const notFoundBefore = server.notFound.length;
  const commitsBefore = server.commits.length;
  await page.addInitScript((cfg) => {
    if (window.top !== window) return;
    window.__LMS_CONFIG = cfg;
    // Every launch starts with empty browser storage: what the SCO resumes from is the LMS's.
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch (e) {
      /* storage unavailable */
    }
  }, lms);
  await page.goto(server.launcherUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__lmsError || (window.__launch && document.getElementById('sco').src), null, {
    timeout: WAIT_MS,
  });
  const lmsError = await page.evaluate(() => window.__lmsError);
  if (lmsError) throw new Error(`the launcher failed: ${lmsError}`);
  let scoFrame = null;
  const session = {
    page,
    sco: page.frameLocator('#sco'),
    pageErrors,
    consoleErrors,
    launch: await page.evaluate(() => window.__launch),
    /**
     * The SCO's Frame (for evaluate and for locators: a Frame's locators cost a third of the
     * FrameLocator's `sco`, which finds the iframe again on every call). Found once and kept while
     * it stays attached: a Frame survives the iframe's navigations.
     */
    async scoFrame() {
      if (scoFrame && !scoFrame.isDetached()) return scoFrame;
      const handle = await page.waitForSelector('#sco', { state: 'attached', timeout: WAIT_MS });
      const frame = await handle.contentFrame();
      if (!frame) throw new Error('#sco has no content frame');
      scoFrame = frame;
      return frame;
    },
    /** Waits for `document.body.dataset.state` of the SCO to equal `state`. */
    async waitForState(state, timeout = WAIT_MS) {
      await session.sco.locator(`body[data-state="${state}"]`).waitFor({ state: 'attached', timeout });
    },
    calls: () => page.evaluate(() => window.__calls),
    cmi: () => page.evaluate(() => window.__api.getFlattenedCMI()),
    nestedCmi: () => page.evaluate(() => window.__api.renderCMIToJSONObject()),
    isTerminated: () => page.evaluate(() => window.__api.isTerminated()),
    external: () => browser.external.slice(externalBefore),
    notFound: () => server.notFound.slice(notFoundBefore),
    commits: () => server.commits.slice(commitsBefore),
    /** Everything that must be empty at the end of every run. */
    problems: () => ({
      pageErrors: pageErrors.slice(),
      consoleErrors: consoleErrors.slice(),
      externalRequests: browser.external.slice(externalBefore),
      notFound: server.notFound.slice(notFoundBefore),
    }),
    close: () => page.close(),
  };
  return session;
}

/**
 * Opens a package that runs on its own (the web target) at `url` — http://127.0.0.1 or file:// —
 * with the same guards as openLms. The session looks like openLms's, with the player in the page
 * itself instead of a frame. Browser storage is kept between pages of the browser (that is what
 * the package resumes from); `clearStorage` empties it first. `initScript` runs in the page before
 * its own scripts (e.g. to put an LMS API in `window`).
 */
export async function openPage(browser, url, { clearStorage = false, server = null, initScript = null } = {}) {
  const page = await browser.context.newPage();
  const { pageErrors, consoleErrors, warnings } = watch(page);
  const externalBefore = browser.external.length;
  const notFoundBefore = server ? server.notFound.length : 0;
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url, { waitUntil: 'load' });
  if (clearStorage) {
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: 'load' });
  }
  const session = {
    page,
    sco: page,
    pageErrors,
    consoleErrors,
    /** console.warn messages (the adapters log failed LMS calls there). */
    warnings,
    async scoFrame() {
      return page.mainFrame();
    },
    async waitForState(state, timeout = WAIT_MS) {
      await page.locator(`body[data-state="${state}"]`).waitFor({ state: 'attached', timeout });
    },
    external: () => browser.external.slice(externalBefore),
    notFound: () => (server ? server.notFound.slice(notFoundBefore) : []),
    problems: () => ({
      pageErrors: pageErrors.slice(),
      consoleErrors: consoleErrors.slice(),
      externalRequests: browser.external.slice(externalBefore),
      notFound: server ? server.notFound.slice(notFoundBefore) : [],
    }),
    close: () => page.close(),
  };
  return session;
}

/** Polls `fn` until it returns a truthy value or `timeout` ms pass; returns its last value. */
export async function until(fn, timeout = WAIT_MS, every = 25) {
  const end = Date.now() + timeout;
  let v = await fn();
  while (!v && Date.now() < end) {
    await new Promise((r) => setTimeout(r, every));
    v = await fn();
  }
  return v;
}

/**
 * Opens a package's launch page directly (no LMS frame), the way mod_tincanlaunch and cmi5 LMSs
 * launch content: `url` carries the launch parameters. Storage starts empty. The session has the
 * shape openLms gives (page, sco, scoFrame, waitForState, problems, close), with `sco` the page
 * itself, so lib/player.mjs drives it unchanged.
 */
export function openDirect(browser, server, url) {
  return openPage(browser, url, { server, initScript: clearStorageOnce });
}

/** Empties browser storage before the first page of a tab loads, not on its reloads. */
function clearStorageOnce() {
  if (window.top !== window) return;
  try {
    if (!sessionStorage.getItem('__e2e_cleared')) {
      localStorage.clear();
      sessionStorage.setItem('__e2e_cleared', '1');
    }
  } catch (e) {
    /* storage unavailable */
  }
}
