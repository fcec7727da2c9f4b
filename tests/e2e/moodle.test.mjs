// Moodle's attempt lifecycle (issue 15), emulated: templates/lms/moodle.js (the Moodle rules of
// the shared reference moodle.md §2–3, also used by `coursepack preview`) decides each launch's
// attempt, mode and initial values, scorm-again plays the API, and every value the package set is
// stored the way Moodle stores it. For SCORM 1.2 and 2004 with Moodle's default settings, and for
// 1.2 (the only edition whose status it can change) with the mastery override off: pass; fail → leave → re-enter → retry → pass; fail every attempt;
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
import { Player, plan } from './lib/player.mjs';
import { startAttempt, answerAssessment, submitAttempt, results } from './lib/learner.mjs';
import { createMoodle } from './lib/moodle-lms.mjs';
import { expected } from './lib/scorm2004.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const EDITIONS = [
  { version: '1.2', target: 'scorm12', lang: 'nl' },
  { version: '2004', target: 'scorm2004', lang: 'en' },
];
const SETTINGS = { 'Moodle defaults': {}, 'mastery override off': { masteryOverride: false } };
/**
 * Whether a scenario's run with the mastery override off can differ from its run with Moodle's
 * defaults: templates/lms/moodle.js reads the setting only when a SCORM 1.2 launch in normal mode
 * finishes (step 2 of `finish`). For SCORM 2004 and the 1.2 preview (browse mode) the second run
 * repeated the first one exactly, so only the defaults run is played.
 */
function settingsApply(version, name, settingsName) {
  return settingsName === 'Moodle defaults' || (version === '1.2' && name !== 'preview');
}
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

/** The course's objective ids, in course order, from the package's player data. */
function objectiveIds(version) {
  const html = fs.readFileSync(path.join(pkgs[version].dir, 'index.html'), 'utf8');
  const m = html.match(/<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/);
  return JSON.parse(m[1]).objectives.map((o) => o.id);
}

/**
 * What Moodle's Objectives report holds for the last attempt (§4: 1.2 rows `cmi.objectives_N.*`,
 * 2004 `cmi.objectives.N.*`): one record per objective of the course, in course order, with the
 * last assessment attempt's score and status; `want` null: none at all.
 */
function assertMoodleObjectives(m, version, want) {
  const a = m.state().attempts.at(-1);
  const keys = Object.keys(a.tracks).filter((k) => k.startsWith('cmi.objectives'));
  if (!want) {
    assert.deepEqual(keys, [], 'no objective is stored');
    return;
  }
  const row = version === '1.2' ? /^cmi\.objectives_\d+\./ : /^cmi\.objectives\.\d+\./;
  assert.deepEqual(keys.filter((k) => !row.test(k)), [], `objective rows are named as Moodle ${version} names them`);
  const [raw, passed] = want;
  const got = a.objectives.map((o) => ({ id: o.id, raw: o['score.raw'], status: version === '1.2' ? o.status : o.success_status }));
  const ids = objectiveIds(version);
  assert.ok(ids.length > 0, 'the course has objectives');
  assert.deepEqual(got, ids.map((id) => ({ id, raw, status: passed ? 'passed' : 'failed' })), 'the objectives Moodle stores');
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
    assertMoodleObjectives(m, v, ['0', false]);
    const again = await m.session(browser, servers[v], 'enter', async (s, launch) => {
      assert.equal(launch.mode, 'normal', 're-entry is in normal mode');
      assert.equal(launch.entry, 'resume');
      const p = await Player.open(s);
      assert.equal(await banner(s), '', 'no mode banner in normal mode');
      await attempt(p, true);
      const r = await results(p);
      assert.deepEqual([r.passed, r.attempt], ['true', '2'], 'the second attempt of the course, in the same LMS attempt');
      await exit(s, p);
    });
    // Moodle gave the objectives back: the SCO found them and rewrote each at its index.
    const count = again.calls.find((c) => /GetValue$/.test(c.fn) && c.args[0] === 'cmi.objectives._count');
    assert.equal(count?.result, String(objectiveIds(v).length), 're-entry: the SCO reads the stored objectives');
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
        if (!settingsApply(e.version, name, settingsName)) continue;
        test(`SCORM ${e.version}, ${settingsName}: ${name}`, async () => {
          const m = createMoodle({ version: e.version, masteryScore: masteryOf(e.version), settings });
          await play(m, e.version);
          const o = outcome(m, e.version);
          RUNS[`${name}|${e.version}|${settingsName}`] = o;
          const exp = EXPECTED[name][e.version];
          assert.deepEqual(o, exp, `what Moodle stores: ${JSON.stringify(o)}`);
          assertMoodleObjectives(m, e.version, OBJECTIVES[name]);
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
          if (!settingsApply(e.version, name, settingsName)) continue;
          const run = RUNS[`${name}|${e.version}|${settingsName}`];
          assert.ok(run, `the run ${key} (${settingsName}) happened`);
          assert.deepEqual(table[key], run, `README row ${key} vs the ${settingsName} run`);
        }
      }
    }
    assert.deepEqual(Object.keys(table).sort(), keys.sort(), 'one README row per scenario and edition');
  });
});

// ---- interactions on re-entry ------------------------------------------------------------------
// Moodle hands an attempt's stored interactions back when the learner re-enters it
// (templates/lms/moodle.js, restoreInteractions): SCORM 1.2 only as `_count` (the records are
// write-only), SCORM 2004 readable. A knowledge-check question re-checked before and after the
// re-entry must leave, in 2004, exactly one record (updated by index, holding the last answer);
// in 1.2 at most one new record per page visit, appended after the stored ones (never
// overwriting them).

/** A knowledge check with its own check buttons and a question of a type with one right answer. */
function recheckable(data) {
  for (const c of data.checks ?? []) {
    if (c.feedback !== 'immediate') continue;
    const q = c.questions.find((x) => x.type === 'single-choice' || x.type === 'true-false');
    if (q) return { check: c, q };
  }
  return null;
}

/** Answers `q` right or wrong and presses its "check" button; returns the plan. */
async function checkOnce(p, checkId, q, right) {
  const c = p.question(checkId, q.id);
  const pl = plan(q, right);
  await pl.act(c);
  await c.locator('button[data-action="check"]').click();
  await c.locator('[data-feedback-region]').filter({ hasText: /\S/ }).waitFor({ timeout: WAIT_MS });
  return pl;
}

/** The interaction indices a session's calls wrote to, in order of first write. */
function indicesWritten(writes) {
  const out = [];
  for (const [k] of writes) {
    const m = /^cmi\.interactions\.(\d+)\./.exec(k);
    if (m && !out.includes(Number(m[1]))) out.push(Number(m[1]));
  }
  return out;
}

describe('Moodle: interactions on re-entry (emulated)', () => {
  for (const e of EDITIONS) {
    test(`SCORM ${e.version}: fail, leave, re-enter, re-check a knowledge check`, async () => {
      const v = e.version;
      const m = createMoodle({ version: v, masteryScore: masteryOf(v) });
      const responseField = v === '1.2' ? 'student_response' : 'learner_response';
      const wrong = v === '1.2' ? 'wrong' : 'incorrect';
      let target;
      // Session 1: the question checked three times in one visit, then a failed attempt.
      await m.session(browser, servers[v], 'enter', async (s) => {
        const p = await Player.open(s);
        target = recheckable(p.data);
        assert.ok(target, 'the course has a knowledge check with immediate feedback and a choice or true-false question');
        await p.goTo(target.check.id);
        await checkOnce(p, target.check.id, target.q, false);
        await checkOnce(p, target.check.id, target.q, true);
        await checkOnce(p, target.check.id, target.q, false);
        await attempt(p, false);
        await exit(s, p);
      });
      const iid = target.q.iid;
      const one = m.state().attempts.at(-1);
      assert.equal(one.closed, false, 'the attempt stays open');
      const mine1 = one.interactions.filter((i) => i.fields.id === iid);
      assert.equal(mine1.length, 1, `three checks in one page visit leave one record: ${JSON.stringify(mine1)}`);
      assert.equal(mine1[0].fields.result, wrong, 'the record holds the last check');
      const stored = one.interactions.length;
      const firstIndex = mine1[0].index;

      // Session 2: re-enter; re-check the question twice in one visit, leave the page, come back
      // and check it once more.
      let last;
      const r = await m.session(browser, servers[v], 'enter', async (s, launch) => {
        assert.deepEqual([launch.mode, launch.entry], ['normal', 'resume']);
        const p = await Player.open(s);
        await p.goTo(target.check.id);
        await checkOnce(p, target.check.id, target.q, true);
        await checkOnce(p, target.check.id, target.q, false);
        await p.goTo(p.data.pages[0].id);
        await p.goTo(target.check.id);
        last = await checkOnce(p, target.check.id, target.q, true);
        await exit(s, p);
      });
      const count = r.calls.find((c) => c.fn === (v === '1.2' ? 'LMSGetValue' : 'GetValue') && c.args[0] === 'cmi.interactions._count');
      assert.equal(count?.result, String(stored), '`_count` comes back as the stored count');
      const two = m.state().attempts.at(-1);
      const mine2 = two.interactions.filter((i) => i.fields.id === iid);
      const wantResponse = v === '1.2' ? last.response : expected(target.q, last).response;
      if (v === '2004') {
        assert.deepEqual(indicesWritten(r.writes), [firstIndex], 'every re-check after the re-entry rewrote the stored record, by index');
        assert.equal(two.interactions.length, stored, 'nothing appended');
        assert.deepEqual(mine2.map((i) => i.index), [firstIndex], 'exactly one record for the question');
      } else {
        assert.deepEqual(indicesWritten(r.writes), [stored, stored + 1], 'one new record per page visit, after the stored ones');
        assert.equal(two.interactions.length, stored + 2);
        assert.deepEqual(mine2.map((i) => i.index), [firstIndex, stored, stored + 1]);
        assert.deepEqual(two.interactions.slice(0, stored), one.interactions, 'the stored records are not overwritten');
      }
      const newest = mine2.at(-1).fields;
      assert.deepEqual([newest.result, newest[responseField]], ['correct', wantResponse], 'the record holds the last answer');
      assert.equal(newest.weighting, '0', 'a knowledge-check answer is unweighted');
    });
  }
});

// The objectives Moodle stores for the last attempt: [score.raw, passed] of every objective of the
// course (the last assessment attempt: all right or all wrong), or null for none.
const OBJECTIVES = {
  pass: ['100', true],
  'fail, leave, re-enter, retry, pass': ['100', true],
  'fail every attempt': ['0', false],
  preview: null,
  'skip pages, pass (completion: both)': ['100', true],
  'review after pass': ['100', true],
};

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
