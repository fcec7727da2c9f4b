// Moodle's attempt lifecycle (issue 15), emulated: templates/lms/moodle.js (the Moodle rules of
// the shared reference moodle.md §2–3, also used by `coursepack preview`) decides each launch's
// attempt, mode and initial values, scorm-again plays the API, and every value the package set is
// stored the way Moodle stores it. For SCORM 1.2 and 2004, with Moodle's default settings and with
// the mastery override off: pass; fail → leave → re-enter → retry → pass; fail every attempt;
// preview; skip the pages and pass (completion: both); review after a pass. Each asserts what
// Moodle would store (status, raw, gradebook, completion, the launches' modes), and the last test
// holds the README's table "Grades and completion in Moodle" to these runs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, WAIT_MS } from './lib/browser.mjs';
import { packagesUnderTest } from './lib/packages.mjs';
import { Player } from './lib/player.mjs';
import { startAttempt, answerAssessment, submitAttempt, results } from './lib/learner.mjs';
import { createMoodle } from './lib/moodle-lms.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const EDITIONS = [
  { version: '1.2', target: 'scorm12', lang: 'nl' },
  { version: '2004', target: 'scorm2004', lang: 'en' },
];
const SETTINGS = { 'Moodle defaults': {}, 'mastery override off': { masteryOverride: false } };
/** How many scenarios run at once (E2E_CONCURRENCY, as run.sh gives it to node --test). */
const SCENARIO_CONCURRENCY = Math.max(1, Number(process.env.E2E_CONCURRENCY) || 2);

let browser;
const servers = {};
const pkgs = {};
before(async () => {
  browser = await launchBrowser();
  for (const e of EDITIONS) {
    const list = packagesUnderTest(e.target);
    const p = list.find((x) => x.lang === e.lang) ?? list[0];
    pkgs[e.version] = p;
    servers[e.version] = await startServer({ pkgDir: p.dir });
  }
});
after(async () => {
  for (const s of Object.values(servers)) await s.close();
  await browser?.close();
});

/** The pass mark the manifest gives the LMS (1.2 adlcp:masteryscore, 2004 minNormalizedMeasure). */
function masteryOf(version) {
  const xml = fs.readFileSync(path.join(pkgs[version].dir, 'imsmanifest.xml'), 'utf8');
  const m = version === '1.2' ? xml.match(/<adlcp:masteryscore>([^<]*)</) : xml.match(/<imsss:minNormalizedMeasure>([^<]*)</);
  return m ? Number(m[1]) : null;
}

// ---- the learner -----------------------------------------------------------------------------

async function walk(p) {
  await p.visit(p.data.pages.slice(1).filter((page) => page.kind !== 'assessment' && page.kind !== 'results').map((page) => page.id));
}

async function attempt(p, right, action = 'start-attempt') {
  if (action === 'start-attempt') await p.goTo(p.data.assessment.id);
  const ids = await startAttempt(p, action);
  await answerAssessment(p, ids, () => right);
  await submitAttempt(p);
}

async function exit(s, p) {
  await p.exit();
  await s.waitForState('finished');
}

async function banner(s) {
  const n = s.sco.locator('#tracking-notice');
  return (await n.isVisible()) ? (await n.textContent()).trim() : '';
}

// ---- the scenarios ---------------------------------------------------------------------------

const SCENARIOS = {
  pass: async (m, v) => {
    await m.session(browser, servers[v], 'enter', async (s) => {
      const p = await Player.open(s);
      await walk(p);
      await attempt(p, true);
      assert.equal((await results(p)).passed, 'true');
      await exit(s, p);
    });
  },
  'fail, leave, re-enter, retry, pass': async (m, v) => {
    await m.session(browser, servers[v], 'enter', async (s) => {
      const p = await Player.open(s);
      await walk(p);
      await attempt(p, false);
      assert.equal((await results(p)).passed, 'false');
      await exit(s, p);
    });
    const mid = m.state().attempts.at(-1);
    assert.equal(mid.closed, false, `the attempt stays open after a failed try with attempts left (status ${mid.status}, raw ${mid.raw})`);
    await m.session(browser, servers[v], 'enter', async (s, launch) => {
      assert.equal(launch.mode, 'normal', 're-entry is in normal mode');
      assert.equal(launch.entry, 'resume');
      const p = await Player.open(s);
      assert.equal(await banner(s), '', 'no mode banner in normal mode');
      await attempt(p, true);
      const r = await results(p);
      assert.deepEqual([r.passed, r.attempt], ['true', '2'], 'the second attempt of the course, in the same LMS attempt');
      await exit(s, p);
    });
  },
  'fail every attempt': async (m, v) => {
    await m.session(browser, servers[v], 'enter', async (s) => {
      const p = await Player.open(s);
      await walk(p);
      const n = p.data.assessment.attempts;
      for (let i = 0; i < n; i++) await attempt(p, false, i === 0 ? 'start-attempt' : 'retry');
      assert.equal((await results(p)).attempt, String(n));
      assert.equal(await p.sco.locator('#results button[data-action="retry"]').isVisible(), false, 'no attempt left');
      await exit(s, p);
    });
  },
  preview: async (m, v) => {
    const r = await m.session(browser, servers[v], 'preview', async (s, launch) => {
      assert.equal(launch.mode, 'browse');
      const p = await Player.open(s);
      assert.match(await banner(s), /\S/, 'a banner says nothing is recorded');
      assert.equal(await s.sco.locator('body').getAttribute('data-mode'), 'browse');
      await walk(p);
      await attempt(p, true);
      assert.equal((await results(p)).passed, 'true', 'practice works in browse mode');
      const note = s.sco.locator('#results [data-mode-note]');
      assert.ok(await note.isVisible(), 'the results page says it is not recorded');
      assert.equal((await note.textContent()).trim(), await banner(s));
      await exit(s, p);
    });
    const allowed = v === '1.2' ? [['cmi.core.lesson_status', 'browsed']] : [];
    assert.deepEqual(r.writes, allowed, 'browse writes nothing (1.2: only "browsed", so LMSFinish does not store "completed")');
  },
  'skip pages, pass (completion: both)': async (m, v) => {
    await m.session(browser, servers[v], 'enter', async (s) => {
      const p = await Player.open(s);
      await attempt(p, true);
      const r = await results(p);
      assert.deepEqual([r.passed, r.complete], ['true', 'false']);
      await exit(s, p);
    });
  },
  'review after pass': async (m, v) => {
    await SCENARIOS.pass(m, v);
    const before = JSON.stringify(m.state().attempts);
    const r = await m.session(browser, servers[v], 'enter', async (s, launch) => {
      assert.equal(launch.mode, 'review', 'Moodle reviews a closed attempt');
      const p = await Player.open(s);
      assert.match(await banner(s), /\S/, 'a review banner');
      assert.equal(await s.sco.locator('body').getAttribute('data-mode'), 'review');
      await p.goTo(p.data.pages.find((x) => x.kind === 'results').id);
      const res = await results(p);
      assert.deepEqual([res.passed, res.best], ['true', '100'], 'the recorded result is shown');
      assert.ok(await s.sco.locator('#results [data-mode-note]').isVisible());
      await p.goTo(p.data.assessment.id);
      assert.equal(await p.page(p.data.assessment.id).locator('button[data-action="start-attempt"]').isVisible(), false, 'no new attempt');
      await exit(s, p);
    });
    assert.deepEqual(r.writes, [], 'review writes nothing');
    assert.equal(JSON.stringify(m.state().attempts), before, 'the attempt is unchanged');
  },
};

/** What Moodle stores after a scenario, in the README table's words. */
function outcome(m, version) {
  const st = m.state();
  const a = st.attempts.at(-1);
  const t = a.tracks;
  const status = version === '1.2' ? (t['cmi.core.lesson_status'] ?? 'not attempted') : `${t['cmi.completion_status'] ?? 'unknown'} / ${t['cmi.success_status'] ?? 'unknown'}`;
  const modes = st.log.filter((e) => e.launch).map((e) => e.mode).join(', ');
  return {
    status,
    raw: a.raw == null ? '–' : String(a.raw),
    gradebook: st.gradebook == null ? '–' : String(st.gradebook),
    completion: st.completion,
    attempts: String(st.attempts.length),
    modes,
  };
}

const RUNS = {};

describe('Moodle attempt lifecycle (emulated)', () => {
  // The scenarios are independent (each its own Moodle model and pages; they read only their
  // pages' call logs), so they run side by side; the README check below waits for all of them.
  describe('scenarios', { concurrency: SCENARIO_CONCURRENCY }, () => {
  for (const e of EDITIONS) {
    for (const [settingsName, settings] of Object.entries(SETTINGS)) {
      for (const [name, play] of Object.entries(SCENARIOS)) {
        test(`SCORM ${e.version}, ${settingsName}: ${name}`, async () => {
          const m = createMoodle({ version: e.version, masteryScore: masteryOf(e.version), settings });
          await play(m, e.version);
          const o = outcome(m, e.version);
          RUNS[`${name}|${e.version}|${settingsName}`] = o;
          const exp = EXPECTED[name][e.version];
          assert.deepEqual(o, exp, `what Moodle stores: ${JSON.stringify(o)}`);
        });
      }
    }
  }
  });

  test('the README table "Grades and completion in Moodle" says what these runs stored', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.split('## Grades and completion in Moodle')[1];
    assert.ok(section, 'README has the section');
    const rows = section.split('\n## ')[0].split('\n').filter((l) => /^\| /.test(l)).slice(1);
    const table = {};
    for (const row of rows) {
      const c = row.split('|').slice(1, -1).map((x) => x.trim().replace(/`/g, ''));
      table[`${c[0]}|${c[1]}`] = { status: c[2], raw: c[3], gradebook: c[4], completion: c[5], attempts: c[6], modes: c[7] };
    }
    const keys = [];
    for (const name of Object.keys(SCENARIOS)) {
      for (const e of EDITIONS) {
        const key = `${name}|${e.version}`;
        keys.push(key);
        for (const settingsName of Object.keys(SETTINGS)) {
          const run = RUNS[`${name}|${e.version}|${settingsName}`];
          assert.ok(run, `the run ${key} (${settingsName}) happened`);
          assert.deepEqual(table[key], run, `README row ${key} vs the ${settingsName} run`);
        }
      }
    }
    assert.deepEqual(Object.keys(table).sort(), keys.sort(), 'one README row per scenario and edition');
  });
});

// What Moodle must store (the same with the mastery override on and off: the package never sends
// score.raw where the override would change the status it reports).
const EXPECTED = {
  pass: {
    '1.2': { status: 'passed', raw: '100', gradebook: '100', completion: 'complete', attempts: '1', modes: 'normal' },
    '2004': { status: 'completed / passed', raw: '100', gradebook: '100', completion: 'complete', attempts: '1', modes: 'normal' },
  },
  'fail, leave, re-enter, retry, pass': {
    '1.2': { status: 'passed', raw: '100', gradebook: '100', completion: 'complete', attempts: '1', modes: 'normal, normal' },
    '2004': { status: 'completed / passed', raw: '100', gradebook: '100', completion: 'complete', attempts: '1', modes: 'normal, normal' },
  },
  'fail every attempt': {
    '1.2': { status: 'failed', raw: '0', gradebook: '0', completion: 'incomplete', attempts: '1', modes: 'normal' },
    '2004': { status: 'incomplete / failed', raw: '0', gradebook: '0', completion: 'incomplete', attempts: '1', modes: 'normal' },
  },
  preview: {
    '1.2': { status: 'browsed', raw: '–', gradebook: '–', completion: 'incomplete', attempts: '1', modes: 'browse' },
    '2004': { status: 'unknown / unknown', raw: '–', gradebook: '–', completion: 'incomplete', attempts: '1', modes: 'browse' },
  },
  'skip pages, pass (completion: both)': {
    '1.2': { status: 'incomplete', raw: '–', gradebook: '–', completion: 'incomplete', attempts: '1', modes: 'normal' },
    '2004': { status: 'incomplete / unknown', raw: '100', gradebook: '100', completion: 'incomplete', attempts: '1', modes: 'normal' },
  },
  'review after pass': {
    '1.2': { status: 'passed', raw: '100', gradebook: '100', completion: 'complete', attempts: '1', modes: 'normal, review' },
    '2004': { status: 'completed / passed', raw: '100', gradebook: '100', completion: 'complete', attempts: '1', modes: 'normal, review' },
  },
};
