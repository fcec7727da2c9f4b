// SVG assets cannot run script in the package's origin (issue 13, defect 5). (a) Every SVG in
// every package built from the course is opened as a document (the way a learner's "open image in
// new tab" or a direct link opens it, same origin as the LMS) and no script is parsed or run in
// it: Chromium's debugger reports every script a document compiles (inline <script>, on*
// handlers when they fire, javascript: URLs), and a hostile SVG proves the detector sees them.
// (b) `coursepack build` refuses a course with an SVG holding <script>: exit 1, rule
// asset-svg-active-content.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib/server.mjs';
import { launchBrowser, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest, coursepackBinary } from './lib/packages.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const TARGETS = ['scorm12', 'scorm2004', 'tincan', 'cmi5', 'web'];
const packages = TARGETS.flatMap((t) => packagesUnderTest(t));
const HOSTILE = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="window.__ran=(window.__ran||0)+1">
<script>window.__ran=(window.__ran||0)+1</script><rect width="10" height="10"/></svg>`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Every file under `dir` whose name ends in .svg (any case), relative to `dir`. */
function svgsIn(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.svg$/i.test(e.name)) out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** Opens `url` as a document; the scripts Chromium compiled in it and whether the canary moved. */
async function scriptsIn(url) {
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  const parsed = [];
  // A script the document compiles from its own text or a file (inline <script>, an on* handler
  // when it fires, <script href>) carries a URL; Playwright's own helpers carry none.
  cdp.on('Debugger.scriptParsed', (e) => {
    if (e.url) parsed.push(e.url);
  });
  await cdp.send('Debugger.enable');
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
  // Give load handlers and timers a moment; then fire the events a learner's pointer would.
  await page.mouse.move(5, 5);
  await page.mouse.click(5, 5);
  await new Promise((r) => setTimeout(r, 200));
  const contentType = await page.evaluate(() => document.contentType);
  const ran = await page.evaluate(() => window.__ran ?? 0);
  await cdp.detach().catch(() => {});
  await page.close();
  return { scripts: parsed.slice(), ran, dialogs, contentType };
}

describe('SVG assets', () => {
  test('the detector sees the script of a hostile SVG (the check below can fail)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-svg-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'evil.svg'), HOSTILE);
    // A script no canary would notice: only the debugger sees it.
    fs.writeFileSync(path.join(dir, 'assets', 'quiet.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>void 0</script></svg>');
    const server = await startServer({ pkgDir: dir, manifest: false });
    try {
      const r = await scriptsIn(`${server.origin}/pkg/assets/evil.svg`);
      assert.equal(r.contentType, 'image/svg+xml');
      assert.ok(r.ran >= 1, 'the hostile SVG ran its script');
      assert.ok(r.scripts.length >= 1, 'and the debugger saw it');
      const quiet = await scriptsIn(`${server.origin}/pkg/assets/quiet.svg`);
      assert.equal(quiet.scripts.length, 1, 'a script that changes nothing is seen too');
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const p of packages) {
    test(`${p.target} ${p.lang}: every shipped SVG opened as a document runs no script`, async () => {
      const svgs = svgsIn(p.dir);
      assert.ok(svgs.length > 0, `${p.dir} ships SVGs (the course has three)`);
      const server = await startServer({ pkgDir: p.dir, manifest: p.target !== 'web' });
      try {
        for (const rel of svgs) {
          const url = `${server.origin}/pkg/${rel.split(path.sep).map(encodeURIComponent).join('/')}`;
          const r = await scriptsIn(url);
          assert.equal(r.contentType, 'image/svg+xml', `${rel} opens as an SVG document`);
          assert.deepEqual(r.scripts, [], `${rel}: no script compiled in the document`);
          assert.equal(r.ran, 0, `${rel}: no script ran`);
          assert.deepEqual(r.dialogs, [], `${rel}: no dialog`);
        }
      } finally {
        await server.close();
      }
    });
  }

  // Needs the SVG rule of `check`/`build` (issue 13, the course-security branch).
  test('coursepack build refuses a course whose SVG holds <script>: exit 1, rule asset-svg-active-content', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-svg-course-'));
    try {
      fs.copyFileSync(path.join(ROOT, 'course', 'course.yaml'), path.join(dir, 'course.yaml'));
      fs.cpSync(path.join(ROOT, 'course', 'assets'), path.join(dir, 'assets'), { recursive: true });
      const victim = svgsIn(path.join(dir, 'assets'))[0];
      assert.ok(victim, 'the course has an SVG to replace');
      fs.writeFileSync(path.join(dir, 'assets', victim), HOSTILE);
      const r = spawnSync(coursepackBinary(), ['build', dir, '--target', 'web', '--out', path.join(dir, 'dist')], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 1, `exit 1, got ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, /asset-svg-active-content/, 'the rule id is named');
      assert.ok(r.stderr.includes(victim.split(path.sep).pop()), 'the file is named');
      assert.ok(!fs.existsSync(path.join(dir, 'dist')) || fs.readdirSync(path.join(dir, 'dist')).every((f) => !f.endsWith('.zip')), 'no package written');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
