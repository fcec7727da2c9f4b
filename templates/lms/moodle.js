/* coursepack's model of Moodle 4.5's SCORM attempt lifecycle: one set of Moodle rules for the
 * e2e emulator (tests/e2e/lib/moodle-lms.mjs, on top of scorm-again) and `coursepack preview`'s
 * local LMS panel. Plain JavaScript, no DOM, no dependencies: `window.CoursepackMoodle` in a
 * browser, `module.exports` in Node.
 *
 * Every rule names the section of the project's Moodle research notes (shared reference
 * moodle.md, "§2.x" etc.) or the live Moodle 4.5.6 observations of issue 15 it implements.
 * The model is of one activity with one SCO and one learner.
 *
 *   const lms = CoursepackMoodle.createLms({ version: '1.2' | '2004', masteryScore, settings });
 *   const launch = lms.launch({ action: 'enter' | 'newattempt' | 'preview' | 'review' });
 *   lms.commit(launch, values); lms.finish(launch, values); lms.state();
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  if (root) root.CoursepackMoodle = api;
})(typeof self !== 'undefined' ? self : (typeof globalThis !== 'undefined' ? globalThis : this), function () {
  'use strict';

  /** §3's table: the defaults of a new SCORM activity. */
  var DEFAULTS = {
    maxAttempt: 0, // 0 = unlimited
    whatGrade: 'highest', // highest | average | first | last
    gradeMethod: 'highest', // highest | average | sum | objects
    masteryOverride: true,
    forceNewAttempt: 'no', // no | onlycompleted | always
    completionPassedOrCompleted: true
  };

  /** The data-model names of each edition. */
  var NAMES = {
    '1.2': {
      status: 'cmi.core.lesson_status',
      raw: 'cmi.core.score.raw',
      exit: 'cmi.core.exit',
      location: 'cmi.core.lesson_location',
      mode: 'cmi.core.lesson_mode',
      credit: 'cmi.core.credit',
      entry: 'cmi.core.entry',
      totalTime: 'cmi.core.total_time',
      sessionTime: 'cmi.core.session_time',
      learnerId: 'cmi.core.student_id',
      learnerName: 'cmi.core.student_name',
      mastery: 'cmi.student_data.mastery_score'
    },
    '2004': {
      status: 'cmi.completion_status',
      success: 'cmi.success_status',
      raw: 'cmi.score.raw',
      exit: 'cmi.exit',
      location: 'cmi.location',
      mode: 'cmi.mode',
      credit: 'cmi.credit',
      entry: 'cmi.entry',
      totalTime: 'cmi.total_time',
      sessionTime: 'cmi.session_time',
      learnerId: 'cmi.learner_id',
      learnerName: 'cmi.learner_name',
      mastery: 'cmi.scaled_passing_score'
    }
  };

  function has(o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  }

  function createLms(cfg) {
    cfg = cfg || {};
    var version = cfg.version === '2004' ? '2004' : '1.2';
    var N = NAMES[version];
    var settings = {};
    Object.keys(DEFAULTS).forEach(function (k) {
      settings[k] = cfg.settings && has(cfg.settings, k) ? cfg.settings[k] : DEFAULTS[k];
    });
    var masteryScore = typeof cfg.masteryScore === 'number' && isFinite(cfg.masteryScore) ? cfg.masteryScore : null;
    var learner = cfg.learner || { id: 'learner-1', name: 'Doe, Jane' };
    var attempts = []; // {number, tracks}
    var log = [];
    // What the gradebook and the activity's completion hold: recomputed only when Moodle
    // recomputes them (§3 "Grades are recomputed whenever…", §12 "Stale completion").
    var stored = { gradebook: null, completion: 'incomplete' };

    /** The attempt's status as Moodle reads it (§2 lesson_status; §5 2004: completion_status). */
    function statusOf(a) {
      var s = a.tracks[N.status];
      return s == null || s === '' ? 'not attempted' : s;
    }

    /** §3 "Attempts": an attempt is over when its SCO's status is completed, passed or failed. */
    function isClosed(a) {
      var s = statusOf(a);
      return s === 'completed' || s === 'passed' || s === 'failed';
    }

    function rawOf(a) {
      var r = a.tracks[N.raw];
      if (r == null || r === '') return null;
      var n = Number(r);
      return isFinite(n) ? Math.round(n * 100) / 100 : null; // §3: raw as-is, 2 decimals
    }

    /** §3 "Grading method", for an activity with one SCO. */
    function attemptGrade(a) {
      if (settings.gradeMethod === 'objects') {
        var s = statusOf(a);
        var ok = s === 'completed' || s === 'passed' || (version === '2004' && a.tracks[N.success] === 'passed');
        return ok ? 1 : 0;
      }
      var raw = rawOf(a);
      // Average skips a raw of 0 (`!empty()`); with one SCO that leaves no value, i.e. 0.
      return raw;
    }

    /** §3 "Attempts grading" over the attempts Moodle grades (up to the maximum, §3). */
    function grade() {
      var graded = attempts.filter(function (a) {
        return settings.maxAttempt === 0 || a.number <= settings.maxAttempt;
      });
      var values = graded.map(attemptGrade);
      var present = values.filter(function (v) { return v != null; });
      if (!present.length) return null;
      switch (settings.whatGrade) {
        case 'average':
          return Math.round(100 * present.reduce(function (t, v) { return t + v; }, 0) / present.length) / 100;
        case 'first':
          return values[0];
        case 'last': {
          // "Last completed": the last attempt with completed or passed; failed ones excluded.
          for (var i = graded.length - 1; i >= 0; i--) {
            var s = statusOf(graded[i]);
            if (s === 'completed' || s === 'passed') return values[i];
          }
          return null;
        }
        default:
          return Math.max.apply(null, present);
      }
    }

    /** §3 "Activity completion rules", Require status "Passed or Completed", over all attempts. */
    function completion() {
      if (!settings.completionPassedOrCompleted) return 'incomplete';
      var done = attempts.some(function (a) {
        var s = statusOf(a);
        if (s === 'completed' || s === 'passed') return true;
        return version === '2004' && a.tracks[N.success] === 'passed';
      });
      return done ? 'complete' : 'incomplete';
    }

    /**
     * §3 / §12: scorm_insert_track recomputes grade and completion only for these. "Whenever
     * score.raw is stored" (§3) includes an objective's score.raw; the grade itself still comes
     * from the SCO's own raw (§3: scores kept only in cmi.objectives.n.score are not graded).
     */
    function triggersRecompute(element, value) {
      if (element === N.raw || /\.score\.raw$/.test(element)) return true;
      if (element === N.status && (value === 'completed' || value === 'passed')) return true;
      return version === '2004' && element === N.success && value === 'passed';
    }

    /**
     * §2 "Stored per element", §4: Moodle's SCORM 1.2 datamodel keeps objectives as
     * `cmi.objectives_N.*` (its Objectives report reads them so); SCORM 2004 keeps the dots.
     */
    function trackName(element) {
      return version === '1.2' ? element.replace(/^cmi\.objectives\.(\d+)\./, 'cmi.objectives_$1.') : element;
    }

    /** The attempt's objective records by index: {n: {id, 'score.raw', status, …}} (API field names). */
    function objectiveTracks(a) {
      var out = {};
      Object.keys(a.tracks).forEach(function (k) {
        var m = /^cmi\.objectives[._](\d+)\.(.+)$/.exec(k);
        if (!m) return;
        (out[m[1]] = out[m[1]] || {})[m[2]] = a.tracks[k];
      });
      return out;
    }

    /** What the teacher's Objectives report shows for an attempt, in index order. */
    function objectivesOf(a) {
      var t = objectiveTracks(a);
      return Object.keys(t).map(Number).sort(function (x, y) { return x - y; }).map(function (n) {
        var o = { index: n };
        Object.keys(t[n]).forEach(function (f) { o[f] = t[n][f]; });
        return o;
      });
    }

    function insertTrack(a, element, value, launch) {
      a.tracks[element] = String(value);
      log.push({ attempt: a.number, mode: launch.mode, element: element, value: String(value) });
      if (triggersRecompute(element, String(value))) {
        stored.gradebook = grade();
        stored.completion = completion();
      }
    }

    function newAttempt() {
      var a = { number: attempts.length + 1, tracks: {} };
      attempts.push(a);
      return a;
    }

    function mayStartAnother() {
      return settings.maxAttempt === 0 || attempts.length < settings.maxAttempt;
    }

    /**
     * §3 "Attempts" and §2 "Entry/credit/mode" (Moodle's scorm_check_mode): which attempt a launch
     * opens, in which mode.
     */
    function decide(action) {
      var last = attempts.length ? attempts[attempts.length - 1] : null;
      if (action === 'preview') {
        // Preview is browse mode on the current attempt (issue 15, item 2: it records what the
        // content sends).
        return { attempt: last || newAttempt(), mode: 'browse' };
      }
      if (action === 'review') {
        return { attempt: last || newAttempt(), mode: 'review' };
      }
      if (!last) return { attempt: newAttempt(), mode: 'normal', fresh: true };
      var closed = isClosed(last);
      // §3 Force new attempt: "Always" never resumes; "When previous attempt completed, passed or
      // failed" starts a new one after a closed attempt.
      var force = settings.forceNewAttempt === 'always' || (settings.forceNewAttempt === 'onlycompleted' && closed);
      // "Start a new attempt" is honoured only when the last attempt is over (§3).
      var wants = action === 'newattempt' && closed;
      if ((force || wants) && mayStartAnother()) return { attempt: newAttempt(), mode: 'normal', fresh: true };
      // A closed attempt re-enters in review mode (no credit) (§3, issue 15 item 1).
      if (closed) return { attempt: last, mode: 'review' };
      return { attempt: last, mode: 'normal' };
    }

    /**
     * The attempt's stored interactions, by index: [{index, fields: {name: value}}] in index order,
     * each record's fields in the order they were first stored.
     */
    function interactionsOf(a) {
      var byIndex = {};
      var order = [];
      Object.keys(a.tracks).forEach(function (k) {
        var m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k);
        if (!m) return;
        var n = Number(m[1]);
        if (!has(byIndex, n)) { byIndex[n] = {}; order.push(n); }
        byIndex[n][m[2]] = a.tracks[k];
      });
      return order.sort(function (x, y) { return x - y; }).map(function (n) {
        return { index: n, fields: byIndex[n] };
      });
    }

    /**
     * Re-entering an attempt hands its stored interactions back to the SCO's data model (§2
     * "Stored per element and attempt": Moodle rebuilds the data model from the attempt's rows
     * on every launch, in every mode). What the SCO may then do with them is the edition's rule,
     * enforced by the API that serves `initial` (scorm-again in the e2e emulator, the preview's
     * shell): SCORM 1.2 interactions are write-only (§2 "cmi.interactions.n.* (write-only)", §4
     * "GetValue → 404; `_count` is readable"), so `_count` continues from the stored count and a
     * SCO that re-uses an index overwrites the stored answer (§4 "last write wins"); SCORM 2004
     * `cmi.interactions.n.*` are readable (§5, RTE 4.2.9), so a SCO can find a record by its id
     * and update it by index. Each record's `id` is handed back first: 2004 accepts no other field
     * of an interaction before its id.
     */
    function restoreInteractions(tracks, initial) {
      interactionsOf({ tracks: tracks }).forEach(function (it) {
        var prefix = 'cmi.interactions.' + it.index + '.';
        if (has(it.fields, 'id')) initial[prefix + 'id'] = it.fields.id;
        Object.keys(it.fields).forEach(function (f) {
          if (f !== 'id') initial[prefix + f] = it.fields[f];
        });
      });
    }

    function launch(opts) {
      var d = decide(opts && opts.action);
      var a = d.attempt;
      var t = a.tracks;
      var entry;
      if (d.fresh || !Object.keys(t).length) entry = 'ab-initio';
      else entry = t[N.exit] === 'suspend' ? 'resume' : ''; // §2 Entry
      var initial = {};
      initial[N.learnerId] = learner.id;
      initial[N.learnerName] = learner.name;
      initial[N.mode] = d.mode;
      initial[N.credit] = d.mode === 'normal' ? 'credit' : 'no-credit'; // §2 credit
      initial[N.entry] = entry;
      initial[N.status] = has(t, N.status) ? t[N.status] : (version === '2004' ? 'unknown' : 'not attempted');
      if (version === '2004') initial[N.success] = has(t, N.success) ? t[N.success] : 'unknown';
      // The stored values come back on the next launch of the same attempt (§2 "Stored per element
      // and attempt").
      ['location', 'raw', 'totalTime'].forEach(function (k) {
        if (has(t, N[k])) initial[N[k]] = t[N[k]];
      });
      if (has(t, 'cmi.suspend_data')) initial['cmi.suspend_data'] = t['cmi.suspend_data'];
      restoreInteractions(t, initial);
      // The attempt's objectives come back too (Moodle rebuilds cmi.objectives.n from its
      // rows), the id of each first, so a SCO finds them by cmi.objectives._count and n.id.
      var objectives = objectiveTracks(a);
      Object.keys(objectives).map(Number).sort(function (x, y) { return x - y; }).forEach(function (n) {
        var o = objectives[n];
        if (!has(o, 'id')) return;
        initial['cmi.objectives.' + n + '.id'] = o.id;
        Object.keys(o).forEach(function (f) {
          if (f !== 'id') initial['cmi.objectives.' + n + '.' + f] = o[f];
        });
      });
      if (masteryScore != null) {
        // §2 student_data.mastery_score (1.2, from the manifest); 2004: the manifest's
        // scaled_passing_score.
        initial[N.mastery] = String(masteryScore);
      }
      var L = { attempt: a.number, mode: d.mode, credit: initial[N.credit], entry: entry, initial: initial, cmi: {}, finished: false };
      Object.keys(initial).forEach(function (k) { L.cmi[k] = initial[k]; });
      log.push({ attempt: a.number, mode: d.mode, launch: (opts && opts.action) || 'enter', entry: entry });
      return L;
    }

    function attemptOf(L) {
      return attempts[L.attempt - 1];
    }

    /**
     * §2 LMSCommit: the elements that changed are stored, one row per element and attempt, last
     * write wins. Moodle stores them in every mode: a review or browse session that sets a status
     * or a score rewrites the attempt (issue 15, items 1 and 2, seen on a live Moodle).
     */
    function commit(L, values) {
      if (!L || L.finished) return;
      var a = attemptOf(L);
      Object.keys(values || {}).forEach(function (k) {
        L.cmi[k] = String(values[k]);
        // session_time is only added to total_time at the end (§2 step "Then total_time…").
        if (k === N.sessionTime) return;
        insertTrack(a, trackName(k), values[k], L);
      });
    }

    /** §2 "What LMSFinish does to the status" (1.2 StoreData); 2004 has no override (§5). */
    function finish(L, values) {
      if (!L || L.finished) return;
      commit(L, values);
      var a = attemptOf(L);
      var changes = {};
      if (version === '1.2') {
        var status = L.cmi[N.status];
        // Step 1: a status never set becomes completed.
        if (status === 'not attempted' || status === '' || status == null) {
          status = 'completed';
          changes[N.status] = status;
        }
        // Step 2: mastery override, normal mode with credit only.
        var raw = L.cmi[N.raw];
        if (L.mode === 'normal' && L.credit === 'credit' && settings.masteryOverride && masteryScore != null && raw != null && raw !== '') {
          var over = Number(raw) >= masteryScore ? 'passed' : 'failed';
          if (over !== status) changes[N.status] = over;
        }
        // Step 3 (browse with no prior status → browsed) never applies after step 1 in Moodle's
        // own code order; kept out on purpose.
      }
      // 2004: Moodle tests a misspelt element, so success_status is never derived from the
      // passing score and nothing overrides what the content set (§5).
      Object.keys(changes).forEach(function (k) {
        L.cmi[k] = changes[k];
        insertTrack(a, k, changes[k], L);
      });
      var session = L.cmi[N.sessionTime];
      if (session) a.tracks[N.totalTime] = session; // summed in Moodle; one session is enough here
      L.finished = true;
      log.push({ attempt: a.number, mode: L.mode, finish: true, status: statusOf(a) });
    }

    function state() {
      return {
        attempts: attempts.map(function (a) {
          var tracks = {};
          Object.keys(a.tracks).forEach(function (k) { tracks[k] = a.tracks[k]; });
          return { number: a.number, tracks: tracks, status: statusOf(a), raw: rawOf(a), closed: isClosed(a), interactions: interactionsOf(a), objectives: objectivesOf(a) };
        }),
        grade: grade(),
        completion: stored.completion,
        gradebook: stored.gradebook,
        log: log.slice()
      };
    }

    return { launch: launch, commit: commit, finish: finish, state: state, settings: settings, version: version };
  }

  return { createLms: createLms, DEFAULTS: DEFAULTS, NAMES: NAMES };
});
