// The harness proves itself on a tiny hand-made SCO: the launcher finds the SCO through the
// manifest, the call log and the commits are recorded, the checks catch bad calls, a saved state
// resumes, external requests and page errors are caught, and axe finds real violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer } from './lib/server.mjs';
import { launchBrowser, openLms } from './lib/browser.mjs';
import { assertCallLog, assertCmiBasics, nextLaunchState, lastSet } from './lib/scorm12.mjs';
import { pageViolations, frameViolations } from './lib/axe.mjs';
import { writeFixturePackage } from './lib/fixture-sco.mjs';

let dir, server, browser;
before(async () => {
  dir = writeFixturePackage();
  server = await startServer({ pkgDir: dir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('selftest: server binds 127.0.0.1 and refuses paths outside the package', async () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  const ok = await fetch(`${server.origin}/pkg/imsmanifest.xml`);
  assert.equal(ok.status, 200);
  const escape = await fetch(`${server.origin}/pkg/..%2f..%2f..%2fetc%2fpasswd`);
  assert.equal(escape.status, 404);
  const lib = await fetch(`${server.origin}/lib/scorm-again/scorm12.js`);
  assert.equal(lib.status, 200);
  const commit = await fetch(`${server.origin}/commit`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"cmi":{"core":{}}}' });
  assert.deepEqual(await commit.json(), { result: true, errorCode: 0 });
  assert.deepEqual(server.commits.at(-1).body, { cmi: { core: {} } });
  server.commits.length = 0;
  server.notFound.length = 0;
});

test('selftest: launch from the manifest, call log, commits, suspend and resume', async () => {
  const first = await openLms(browser, server);
  assert.equal(first.launch.href, 'content/start.html?from=manifest', 'the default organization\'s first item');
  assert.equal(first.launch.masteryScore, '80');
  await first.waitForState('ready');
  await first.sco.locator('#answer').fill('factor');
  await first.sco.locator('#answer-it').click();
  await first.sco.locator('#suspend').click();
  await first.waitForState('finished');
  const calls = await first.calls();
  assertCallLog(calls);
  const flat = await first.cmi();
  const list = assertCmiBasics(flat, calls);
  assert.equal(list.length, 1);
  assert.equal(list[0].result, 'correct');
  assert.equal(flat['cmi.core.exit'], 'suspend');
  assert.equal(flat['cmi.student_data.mastery_score'], '80');
  assert.ok(await first.isTerminated());
  const commits = first.commits();
  assert.ok(commits.length >= 2, `expected a commit and the terminate commit, got ${commits.length}`);
  assert.ok(commits.every((c) => c.body && c.body.cmi), 'every commit is a JSON CMI');
  assert.ok(commits.some((c) => c.contentType.startsWith('text/plain')), 'the terminate commit arrives as text/plain and is read');
  assert.deepEqual(first.problems(), { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] });

  // What a real LMS persists is the last commit; hand it back to a fresh page.
  const saved = nextLaunchState(commits.at(-1).body);
  assert.equal(saved.core.entry, 'resume');
  await first.close();
  const second = await openLms(browser, server, { cmi: saved });
  await second.waitForState('ready');
  assert.equal(await second.sco.locator('#entry').textContent(), 'resume');
  assert.equal(await second.sco.locator('#location').textContent(), 'p2');
  assert.equal(await second.sco.locator('#answer').inputValue(), 'factor');
  assert.equal(await second.page.evaluate(() => String(window.API.getCMIValue('cmi.interactions._count'))), '1', 'stored interactions are counted on resume');
  await second.sco.locator('#answer').fill('wrong');
  await second.sco.locator('#answer-it').click();
  await second.sco.locator('#pass').click();
  await second.waitForState('finished');
  const calls2 = await second.calls();
  assertCallLog(calls2);
  const flat2 = await second.cmi();
  const list2 = assertCmiBasics(flat2, calls2, { startAt: 1 });
  assert.deepEqual(list2.map((i) => [i.index, i.result]), [[1, 'wrong']], 'the new answer appends at index 1');
  assert.equal(flat2['cmi.core.lesson_status'], 'passed');
  assert.equal(lastSet(calls2, 'cmi.core.score.raw'), '90');
  assert.deepEqual(second.problems(), { pageErrors: [], consoleErrors: [], externalRequests: [], notFound: [] });
  await second.close();
});

test('selftest: the checks have teeth (bad value, call after LMSFinish, external request, page error)', async () => {
  const s = await openLms(browser, server);
  await s.waitForState('ready');
  await s.sco.locator('#bad-value').click();
  assert.throws(() => assertCallLog([]), /no API call/);
  const calls = await s.calls();
  assert.equal(calls.at(-1).error, '405', 'scorm-again rejects lesson_status "done" with 405');
  assert.throws(() => assertCallLog(calls, { finished: false }), /error code/);
  await s.sco.locator('#pass').click();
  await s.waitForState('finished');
  await s.sco.locator('#after-finish').click();
  const after = (await s.calls()).filter((c) => c.error === '0');
  assert.throws(() => assertCallLog(after), /LMSFinish must be the last call/);
  await s.sco.locator('#external').click();
  await s.sco.locator('#throw').click();
  await s.page.waitForFunction(() => true, null, { timeout: 1000 });
  const deadline = Date.now() + 5000;
  while ((s.external().length === 0 || s.pageErrors.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(s.external(), ['https://example.com/pixel.gif'], 'the request to example.com was recorded and aborted');
  assert.ok(s.pageErrors.some((e) => e.includes('boom from the SCO')), `page errors inside the iframe are caught: ${s.pageErrors}`);
  await s.close();
  browser.external.length = 0;
});

test('selftest: axe scans the launcher and the SCO inside its iframe, and finds real violations', async () => {
  const s = await openLms(browser, server);
  await s.waitForState('ready');
  assert.deepEqual(await pageViolations(s.page), [], 'the launcher and the fixture SCO are clean');
  assert.deepEqual(await frameViolations(await s.scoFrame()), []);
  await s.page.evaluate(() => {
    document.getElementById('sco').src = '/pkg/bad.html';
  });
  await s.sco.locator('input[type="text"]').waitFor();
  const v = await pageViolations(s.page);
  const f = await frameViolations(await s.scoFrame());
  for (const rule of ['image-alt', 'color-contrast', 'label']) {
    assert.ok(v.some((x) => x.startsWith(rule) && x.includes('#sco')), `@axe-core/playwright reports ${rule} inside #sco: ${v.join('\n')}`);
    assert.ok(f.some((x) => x.startsWith(rule)), `axe-core in the frame reports ${rule}: ${f.join('\n')}`);
  }
  assert.ok(f.some((x) => x.startsWith('html-has-lang')), `axe-core in the frame checks the frame's own <html lang>: ${f.join('\n')}`);
  await s.close();
});
