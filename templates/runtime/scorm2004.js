// requires: lib/scorm.js
/* coursepack tracking adapter "scorm2004": SCORM 2004 4th edition
 * (window.API_1484_11), a single SCO without sequencing requests.
 *
 * Ships after none.js and lib/scorm.js (API discovery, calls, retries and the
 * order of things); this file says what is SCORM 2004 about them. Without an
 * LMS API (or when Initialize fails) it behaves exactly like "none".
 *
 * What it does with the LMS:
 * - finds window.API_1484_11 in window.parent (10 levels), then in
 *   window.opener and its parents; Initialize("") once;
 * - reads cmi.entry; cmi.location and cmi.suspend_data only when the entry
 *   is not "ab-initio" (a new attempt has none: reading them would be error
 *   403); cmi.learner_name, cmi.mode, cmi.completion_status (set to
 *   "incomplete" when "unknown" or "not attempted"), cmi.success_status and
 *   cmi.scaled_passing_score. The LMS gives a scaled passing score when the
 *   manifest's primary objective carries the pass mark (or a teacher set
 *   one); it then replaces the course's pass mark for the player's pass/fail
 *   decision and its results page. When the LMS has none, that read answers
 *   error 403 ("not initialized") — the one call that may fail, by design;
 * - bookmark → cmi.location (≤ 1,000), state → cmi.suspend_data (≤ 64,000;
 *   a longer state is not sent and a warning is logged);
 * - one new cmi.interactions.n per answer, n = cmi.interactions._count: id
 *   (long identifier), type, description (the prompt, ≤ 250 characters,
 *   tagged with the package language), learner_response and
 *   correct_responses.j.pattern as the question type's module formatted them
 *   (ev.scorm2004) in the 2004 formats (choices, items and
 *   pairs by their ids, "[,]" between them, "[.]" between source and
 *   target; true-false "true"/"false"; numeric ranges "min[:]max"; fill-in
 *   patterns one per accepted answer, at most 5, "{case_matters=true}" for a
 *   case-sensitive question), result (correct/incorrect/neutral),
 *   weighting, latency (ISO 8601 duration) and timestamp (ISO 8601, UTC,
 *   with centiseconds: the format allows a time zone only after them). A
 *   question submitted unanswered has no learner_response and is
 *   "incorrect";
 * - once the assessment was scored: cmi.score.scaled (best / 100),
 *   raw (the best score, integer 0-100; Moodle grades from raw), min 0,
 *   max 100; cmi.success_status "passed"/"failed" (set by the content:
 *   Moodle never derives it); cmi.completion_status "completed" when the
 *   course's completion rule is met, else "incomplete";
 * - after each submitted attempt, one cmi.objectives.n per learning objective
 *   the attempt measured (id = the manifest's objectiveID): score.scaled,
 *   raw (0-100), min 0, max 100, success_status passed/failed,
 *   completion_status completed (lib/scorm.js keeps each id at its index);
 * - Commit("") at each checkpoint; at exit cmi.exit ("suspend" when
 *   unfinished, else "normal"), cmi.session_time (ISO 8601 duration),
 *   Commit (not while the page unloads), then Terminate("") once, as the very
 *   last call (also from pagehide). adl.nav.request is never set: the LMS's
 *   own navigation ends the SCO.
 */
(function (root) {
  'use strict';

  if (typeof root.CoursepackScorm !== 'function') return;
  var util = root.CoursepackScorm.util;
  var two = util.two;

  var MAX_SUSPEND = 64000;
  var MAX_LOCATION = 1000;
  var MAX_LANG_STRING = 250;
  var MAX_IDENTIFIER = 4000;
  var LANG_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

  /** timeinterval (second, 10, 2): an ISO 8601 duration, e.g. PT1H2M3.45S. */
  var duration = root.CoursepackTime.isoDuration;

  /**
   * time (second, 10, 0): YYYY-MM-DDThh:mm:ss.ssZ, in UTC. The format only
   * allows a time zone after fractional seconds (RTE 4.1.1.7), so they are
   * always written.
   */
  function timestamp(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) d = new Date();
    return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate()) + 'T' +
      two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds()) + '.' +
      two(Math.floor(d.getUTCMilliseconds() / 10)) + 'Z';
  }

  /**
   * A localized string (characterstring with an optional {lang=...} tag):
   * the package language's tag in front when `always`, or when the text
   * itself starts with "{" (which would otherwise read as a delimiter).
   */
  function langString(text, lang, always) {
    var t = String(text).replace(/\s+/g, ' ').trim().slice(0, MAX_LANG_STRING);
    var tag = lang && LANG_TAG.test(lang) ? '{lang=' + lang + '}' : '';
    if (always || t.charAt(0) === '{') return (tag || '{lang=und}') + t;
    return t;
  }

  var RESULTS = { correct: 'correct', incorrect: 'incorrect', neutral: 'neutral' };

  root.CoursepackRuntime = root.CoursepackScorm({
    name: 'scorm2004',
    label: 'SCORM 2004',
    api: 'API_1484_11',
    functions: {
      initialize: 'Initialize',
      terminate: 'Terminate',
      getValue: 'GetValue',
      setValue: 'SetValue',
      commit: 'Commit',
      getLastError: 'GetLastError',
      getErrorString: 'GetErrorString'
    },
    // A re-checked knowledge-check question rewrites its interaction, also one the LMS kept
    // from an earlier session (2004 interactions are readable; see lib/scorm.js).
    checkIndex: 'always',
    maxSuspend: MAX_SUSPEND,
    maxLocation: MAX_LOCATION,
    elements: {
      suspend: 'cmi.suspend_data',
      location: 'cmi.location',
      interactionCount: 'cmi.interactions._count'
    },

    begin: function (session) {
      var entry = session.get('cmi.entry');
      var mode = session.get('cmi.mode');
      // A review shows the recorded attempt, whatever the entry.
      var resuming = entry !== 'ab-initio' || mode === 'review';
      var location = resuming ? session.get('cmi.location') : '';
      var suspend = resuming ? session.get('cmi.suspend_data') : '';
      var name = session.get('cmi.learner_name');
      var completion = session.get('cmi.completion_status');
      var success = session.get('cmi.success_status');
      // Error 403 when the LMS has no passing score: expected, not a failure.
      var passing = session.get('cmi.scaled_passing_score');
      session.remember('cmi.completion_status', completion);
      session.remember('cmi.success_status', success);
      if ((mode !== 'browse' && mode !== 'review') && (completion === '' || completion === 'unknown' || completion === 'not attempted')) {
        session.set('cmi.completion_status', 'incomplete');
      }
      var scaled = passing === '' ? NaN : Number(passing);
      // Percent, rounded so that 0.7 gives 70 (not 70.00000000000001).
      var passMark = scaled >= -1 && scaled <= 1 ? Math.round(Math.max(0, scaled) * 1e7) / 1e5 : null;
      return {
        entry: entry,
        location: location,
        suspend: suspend,
        learnerName: name,
        mode: mode === 'browse' || mode === 'review' ? mode : 'normal',
        passMark: passMark
      };
    },

    interaction: function (ev, session) {
      var lang = session.lang;
      var id = String(ev.interactionId || '').replace(/\s/g, '_').slice(0, MAX_IDENTIFIER);
      // The answer as the question type formatted it (ev.scorm2004, see templates/README.md).
      var x = ev.scorm2004 || {};
      var fields = [
        ['id', id],
        ['type', x.type || 'other'],
        ['description', langString(ev.prompt || id, lang, true)]
      ];
      var r = x.response == null ? null : String(x.response);
      if (r != null) fields.push(['learner_response', r]);
      (x.patterns || []).forEach(function (pattern, j) {
        fields.push(['correct_responses.' + j + '.pattern', pattern]);
      });
      fields.push(
        ['result', r == null && ev.scored !== false ? 'incorrect' : (RESULTS[ev.result] || 'neutral')],
        ['weighting', String(ev.scored === false || ev.context === 'check' ? 0 : (ev.weight || 0))],
        ['latency', duration(ev.latencyMs)],
        ['timestamp', timestamp(ev.timestamp)]
      );
      return fields;
    },

    score: function (raw) {
      return [
        ['cmi.score.min', '0'],
        ['cmi.score.max', '100'],
        ['cmi.score.raw', String(raw)],
        ['cmi.score.scaled', String(raw / 100)]
      ];
    },

    status: function (st) {
      var out = [];
      var a = st.assessment;
      // "passed" only once the course's completion rule is met too (or does not need pages):
      // Moodle's completion "Passed or Completed" accepts success_status alone, so an early pass
      // would complete a `completion: both` course whose pages are unseen.
      var needsPages = (st.completion === 'both' || st.completion === 'all-pages') && !st.allPagesSeen;
      if (a && a.attempted && !a.passed) out.push(['cmi.success_status', 'failed']);
      else if (a && a.attempted) out.push(['cmi.success_status', needsPages ? 'unknown' : 'passed']);
      // Moodle closes a 2004 attempt at completion_status "completed": not while a retry is due.
      out.push(['cmi.completion_status', st.complete && !util.retryPending(st) ? 'completed' : 'incomplete']);
      return out;
    },

    // The last attempt's score per learning objective, under the objectiveID the manifest lists
    // (imsss:objective): scaled, raw 0-100, success_status against the pass mark in force, and
    // completion_status completed (the attempt measured it).
    objective: function (o) {
      return [
        ['score.scaled', String(o.score / 100)],
        ['score.raw', String(o.score)],
        ['score.min', '0'],
        ['score.max', '100'],
        ['success_status', o.passed ? 'passed' : 'failed'],
        ['completion_status', 'completed']
      ];
    },

    leave: function (opts, elapsedMs) {
      return [['cmi.exit', opts.suspend ? 'suspend' : 'normal'], ['cmi.session_time', duration(elapsedMs)]];
    }
  });
})(typeof self !== 'undefined' ? self : this);
