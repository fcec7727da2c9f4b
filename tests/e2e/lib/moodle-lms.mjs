// The LMS lifecycle emulator: Moodle's attempt rules (templates/lms/moodle.js, the same model
// `coursepack preview` uses) on top of scorm-again in the launcher page. For each launch the model
// decides the attempt, mode, credit, entry and every value the API returns before the first
// SetValue; the launcher's scorm-again API is loaded with them; after the session every value the
// package tried to set is replayed into the model commit by commit, as Moodle's datamodel.php
// stores them (in every mode: Moodle's JavaScript does not refuse writes in review or browse), and
// LMSFinish/Terminate applies Moodle's end-of-session rules (mastery override).
import { createRequire } from 'node:module';
import { openLms } from './browser.mjs';

const require = createRequire(import.meta.url);
const Moodle = require('../../../templates/lms/moodle.js');

const FN = {
  '1.2': { set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish' },
  '2004': { set: 'SetValue', commit: 'Commit', finish: 'Terminate' },
};

/** {'cmi.core.lesson_mode': 'review'} → {core: {lesson_mode: 'review'}} (scorm-again's loadFromJSON). */
function nested(flat) {
  const out = {};
  for (const [k, v] of Object.entries(flat)) {
    const path = k.replace(/^cmi\./, '').split('.');
    let o = out;
    for (const p of path.slice(0, -1)) o = o[p] ??= {};
    o[path.at(-1)] = v;
  }
  return out;
}

/**
 * A Moodle SCORM activity for one learner.
 * @param {{version: '1.2'|'2004', masteryScore: number|null, settings?: object}} cfg
 */
export function createMoodle(cfg) {
  const lms = Moodle.createLms(cfg);
  const fn = FN[lms.version];
  return {
    lms,
    state: () => lms.state(),
    /**
     * One launch: opens the launcher with what the model hands out, runs `play(session, launch)`
     * (which ends the session: exit or close), then replays the package's calls into the model.
     * Returns {launch, calls, writes (every SetValue the package made)}.
     */
    async session(browser, server, action, play) {
      const launch = lms.launch({ action });
      const cmi = nested(launch.initial);
      const config = { cmi };
      if (lms.version === '2004') config.scaledPassingScore = launch.initial['cmi.scaled_passing_score'] ?? null;
      const s = await openLms(browser, server, config);
      s.moodleLaunch = launch;
      await play(s, launch);
      const calls = await s.calls();
      const writes = [];
      let pending = {};
      let finished = false;
      for (const c of calls) {
        if (c.fn === fn.set) {
          pending[c.args[0]] = c.args[1];
          writes.push([c.args[0], c.args[1]]);
        } else if (c.fn === fn.commit) {
          lms.commit(launch, pending);
          pending = {};
        } else if (c.fn === fn.finish && !finished) {
          lms.finish(launch, pending);
          pending = {};
          finished = true;
        }
      }
      await s.close();
      return { launch, calls, writes, session: s };
    },
  };
}
