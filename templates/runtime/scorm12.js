// requires: lib/scorm.js
/* coursepack tracking adapter "scorm12": SCORM 1.2 (window.API).
 *
 * Ships after none.js and lib/scorm.js (which does the API discovery, the
 * calls, the retries and the order of things; this file says what is
 * SCORM 1.2 about them); when no LMS API is found (or LMSInitialize fails) it
 * behaves exactly like the "none" adapter (localStorage, "not tracked").
 *
 * What it does with the LMS:
 * - finds window.API in window.parent (up to 10 levels, each step guarded
 *   for cross-origin frames), then in window.opener and its parents;
 * - LMSInitialize("") once; reads cmi.core.entry, lesson_location,
 *   cmi.suspend_data, student_name, lesson_status and
 *   cmi.student_data.mastery_score (the LMS's pass mark, which the player
 *   then uses); sets lesson_status "incomplete" when it is "not attempted";
 * - bookmark → cmi.core.lesson_location (≤ 255), state → cmi.suspend_data
 *   (≤ 4096; a longer state is not sent and a warning is logged);
 * - one new cmi.interactions.n per answer, n = cmi.interactions._count, id
 *   first, then type, student_response, correct_responses.0.pattern, result,
 *   weighting, latency and time; type, student_response and the patterns as
 *   the question type's module formatted them (ev.scorm12; choice and
 *   matching answers as the single characters 0-9a-z of the canonical option
 *   positions). A numeric range
 *   (min < max) has no SCORM 1.2 pattern, so correct_responses is omitted
 *   for it; a fill-in question sends each accepted answer as one pattern
 *   (at most 10);
 * - lesson_status: "failed" below the pass mark with no attempt left
 *   ("incomplete" while a retry is due, so Moodle keeps the attempt open),
 *   "passed" at or above it (but "incomplete" when the completion rule also
 *   needs every page and some are unseen), "completed" when every page is
 *   seen under the all-pages rule, "incomplete" otherwise; score.raw (best
 *   score, integer 0-100) with score.min 0 and max 100 only together with
 *   "passed" or "failed", so Moodle's mastery override always agrees;
 * - after each submitted attempt, one cmi.objectives.n per learning objective
 *   the attempt measured: id, score.min 0, max 100, raw (0-100), status
 *   passed/failed (lib/scorm.js keeps each id at its index);
 * - lesson_mode "review" / "browse": nothing is written (browse: "browsed"
 *   for a "not attempted" status), only LMSFinish;
 * - LMSCommit("") at each checkpoint (after each page view and answer) and
 *   at exit; a failed call is logged with LMSGetLastError/LMSGetErrorString
 *   and retried once, never thrown;
 * - at exit: cmi.core.exit ("suspend" when unfinished, else ""),
 *   cmi.core.session_time (HHHH:MM:SS.SS), LMSCommit (not when the page is
 *   unloading: browsers refuse its synchronous request then, and LMSFinish
 *   persists everything), then LMSFinish("") once, as the very last call;
 *   nothing is sent after it.
 */
(function (root) {
  'use strict';

  if (typeof root.CoursepackScorm !== 'function') return;
  var util = root.CoursepackScorm.util;
  var two = util.two;

  var MAX_SUSPEND = 4096;
  var MAX_CMI_STRING = 255;

  /** CMITimespan: HHHH:MM:SS.SS with at least two hour digits. */
  function timespan(ms) {
    var t = root.CoursepackTime.clock(ms);
    if (t.h > 9999) t = { h: 9999, m: 59, s: 59, cs: 99 };
    return two(t.h) + ':' + two(t.m) + ':' + two(t.s) + '.' + two(t.cs);
  }

  /** CMITime: HH:MM:SS, the local time of day. */
  function timeOfDay(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) d = new Date();
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  var RESULTS = { correct: 'correct', incorrect: 'wrong', neutral: 'neutral' };

  /**
   * lesson_status for where the learner stands. Moodle closes an attempt at
   * completed, passed or failed and reviews it on the next entry, so a failed
   * attempt with attempts left is still "incomplete" (README, "Grades and
   * completion in Moodle").
   */
  function lessonStatus(st) {
    var a = st.assessment;
    if (a && a.attempted) {
      if (!a.passed) return util.retryPending(st) ? 'incomplete' : 'failed';
      if ((st.completion === 'both' || st.completion === 'all-pages') && !st.allPagesSeen) return 'incomplete';
      return 'passed';
    }
    if (st.completion === 'all-pages' && st.allPagesSeen) return 'completed';
    return 'incomplete';
  }

  root.CoursepackRuntime = root.CoursepackScorm({
    name: 'scorm12',
    label: 'SCORM 1.2',
    api: 'API',
    functions: {
      initialize: 'LMSInitialize',
      terminate: 'LMSFinish',
      getValue: 'LMSGetValue',
      setValue: 'LMSSetValue',
      commit: 'LMSCommit',
      getLastError: 'LMSGetLastError',
      getErrorString: 'LMSGetErrorString'
    },
    // A re-checked knowledge-check question rewrites its interaction (see lib/scorm.js).
    checkIndex: 'per-visit',
    maxSuspend: MAX_SUSPEND,
    maxLocation: MAX_CMI_STRING,
    elements: {
      suspend: 'cmi.suspend_data',
      location: 'cmi.core.lesson_location',
      interactionCount: 'cmi.interactions._count'
    },

    begin: function (session) {
      var entry = session.get('cmi.core.entry');
      var location = session.get('cmi.core.lesson_location');
      var suspend = session.get('cmi.suspend_data');
      var name = session.get('cmi.core.student_name');
      var status = session.get('cmi.core.lesson_status');
      var mastery = session.get('cmi.student_data.mastery_score');
      var lmsMode = session.get('cmi.core.lesson_mode');
      var mode = lmsMode === 'browse' || lmsMode === 'review' ? lmsMode : 'normal';
      session.remember('cmi.core.lesson_status', status);
      if (status === '' || status === 'not attempted') {
        // Browse: "browsed" is the one value written, so that LMSFinish does not turn an
        // untouched status into "completed" (Moodle does). Review: nothing at all.
        if (mode === 'normal') session.set('cmi.core.lesson_status', 'incomplete');
        else if (mode === 'browse') session.set('cmi.core.lesson_status', 'browsed');
      }
      var m = mastery === '' ? NaN : Number(mastery);
      return {
        mode: mode,
        entry: entry,
        location: location,
        suspend: suspend,
        learnerName: name,
        passMark: m >= 0 && m <= 100 ? m : null
      };
    },

    interaction: function (ev) {
      // The answer as the question type formatted it (ev.scorm12, see templates/README.md).
      var x = ev.scorm12 || {};
      var fields = [
        ['id', String(ev.interactionId || '').replace(/[^\x21-\x7e]/g, '_').slice(0, MAX_CMI_STRING)],
        ['type', x.type || 'choice'],
        ['student_response', x.response == null ? '' : String(x.response)]
      ];
      (x.patterns || []).forEach(function (pattern, j) {
        fields.push(['correct_responses.' + j + '.pattern', pattern]);
      });
      fields.push(
        ['result', RESULTS[ev.result] || 'neutral'],
        ['weighting', String(ev.scored === false || ev.context === 'check' ? 0 : (ev.weight || 0))],
        ['latency', timespan(ev.latencyMs)],
        ['time', timeOfDay(ev.timestamp)]
      );
      return fields;
    },

    // score.raw only with a closing status (passed, or failed with no attempt left): Moodle's
    // mastery override (on by default) turns any raw into passed/failed at LMSFinish, which would
    // close an attempt the learner still needs, or complete a course whose pages are unseen.
    scoreWhen: function (st) {
      var s = lessonStatus(st);
      return s === 'passed' || s === 'failed';
    },

    score: function (raw) {
      return [['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'], ['cmi.core.score.raw', String(raw)]];
    },

    status: function (st) {
      return [['cmi.core.lesson_status', lessonStatus(st)]];
    },

    // The last attempt's score per learning objective (Moodle stores them as they are and grades
    // none of them): 0-100, and passed/failed against the pass mark in force.
    objective: function (o) {
      return [
        ['score.min', '0'], ['score.max', '100'], ['score.raw', String(o.score)],
        ['status', o.passed ? 'passed' : 'failed']
      ];
    },

    leave: function (opts, elapsedMs) {
      return [['cmi.core.exit', opts.suspend ? 'suspend' : ''], ['cmi.core.session_time', timespan(elapsedMs)]];
    }
  });
})(typeof self !== 'undefined' ? self : this);
