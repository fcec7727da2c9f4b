/*
 * Stand-in for the Moodle lifecycle model (templates/lms/moodle.js) that the
 * runtime engineer writes; replaced at merge. It follows the shared interface
 * (createLms → launch / commit / finish / state) with the rules of
 * ../shared/reference/moodle.md §2 (entry, credit, mode, mastery override on
 * finish) and §3 (attempts, grading, completion) in their simplest form.
 */
(function (root) {
  'use strict';

  var DONE = { completed: 1, passed: 1, failed: 1 };

  function createLms(opts) {
    var v12 = opts.version === '1.2';
    var settings = Object.assign({ maxAttempt: 0, whatGrade: 'highest', masteryOverride: true,
      forceNewAttempt: 'no' }, opts.settings || {});
    var attempts = [];
    var log = [];

    function statusOf(t) {
      if (v12) return t['cmi.core.lesson_status'] || '';
      return t['cmi.success_status'] && t['cmi.success_status'] !== 'unknown'
        ? t['cmi.success_status'] : (t['cmi.completion_status'] || '');
    }
    function rawOf(t) { return t[v12 ? 'cmi.core.score.raw' : 'cmi.score.raw']; }
    function last() { return attempts[attempts.length - 1] || null; }
    function newAttempt() {
      var a = { number: attempts.length + 1, tracks: {}, status: '', raw: null, closed: false };
      attempts.push(a);
      return a;
    }

    // §3 Attempts: a new attempt only when the last one is completed/passed/failed;
    // a finished attempt re-entered without asking for a new one is reviewed.
    function launch(ask) {
      var action = (ask && ask.action) || 'enter';
      var a = last();
      var mode = 'normal';
      if (action === 'preview') mode = 'browse';
      else if (action === 'review') mode = 'review';
      if (!a) a = newAttempt();
      else if (mode === 'normal') {
        var done = !!DONE[statusOf(a.tracks)];
        var canNew = !settings.maxAttempt || attempts.length < settings.maxAttempt;
        var force = settings.forceNewAttempt === 'always' ||
          (settings.forceNewAttempt === 'onlycompleted' && done);
        if ((action === 'newattempt' && done) || force) {
          if (canNew) a = newAttempt(); else mode = 'review';
        } else if (done) mode = 'review';
      }
      var t = a.tracks;
      // §2 Entry/credit/mode.
      var entry = Object.keys(t).length === 0 ? 'ab-initio'
        : ((v12 ? t['cmi.core.exit'] : t['cmi.exit']) === 'suspend' ? 'resume' : '');
      var credit = mode === 'normal' ? 'credit' : 'no-credit';
      var init = {};
      if (v12) {
        init['cmi.core.student_id'] = 'preview';
        init['cmi.core.student_name'] = 'Learner, Preview';
        init['cmi.core.lesson_mode'] = mode;
        init['cmi.core.credit'] = credit;
        init['cmi.core.entry'] = entry;
        init['cmi.core.lesson_status'] = t['cmi.core.lesson_status'] || 'not attempted';
        init['cmi.core.lesson_location'] = t['cmi.core.lesson_location'] || '';
        init['cmi.core.score.raw'] = t['cmi.core.score.raw'] || '';
        init['cmi.core.total_time'] = t['cmi.core.total_time'] || '0000:00:00.00';
        init['cmi.suspend_data'] = t['cmi.suspend_data'] || '';
        init['cmi.launch_data'] = '';
        init['cmi.student_data.mastery_score'] = opts.masteryScore == null ? '' : String(opts.masteryScore);
      } else {
        init['cmi.learner_id'] = 'preview';
        init['cmi.learner_name'] = 'Preview Learner';
        init['cmi.mode'] = mode;
        init['cmi.credit'] = credit;
        init['cmi.entry'] = entry;
        init['cmi.completion_status'] = t['cmi.completion_status'] || 'unknown';
        init['cmi.success_status'] = t['cmi.success_status'] || 'unknown';
        init['cmi.location'] = t['cmi.location'] || '';
        init['cmi.suspend_data'] = t['cmi.suspend_data'] || '';
        if (opts.masteryScore != null) init['cmi.scaled_passing_score'] = String(opts.masteryScore);
      }
      var l = { attempt: a.number, mode: mode, credit: credit, entry: entry, initial: init };
      log.push({ event: 'launch', action: action, attempt: a.number, mode: mode });
      return l;
    }

    function store(l, values) {
      if (l.mode !== 'normal') return; // browse and review store nothing
      var a = attempts[l.attempt - 1];
      Object.keys(values || {}).forEach(function (k) { a.tracks[k] = String(values[k]); });
      a.status = statusOf(a.tracks);
      var raw = rawOf(a.tracks);
      a.raw = raw === undefined || raw === '' ? null : Number(raw);
    }

    function commit(l, values) { store(l, values); log.push({ event: 'commit', attempt: l.attempt }); }

    // §2 What LMSFinish does: not attempted → completed; mastery override.
    function finish(l, values) {
      store(l, values);
      var a = attempts[l.attempt - 1];
      if (l.mode === 'normal' && v12) {
        var t = a.tracks;
        if (!t['cmi.core.lesson_status'] || t['cmi.core.lesson_status'] === 'not attempted') t['cmi.core.lesson_status'] = 'completed';
        if (settings.masteryOverride && opts.masteryScore != null && t['cmi.core.score.raw'] !== undefined && t['cmi.core.score.raw'] !== '') {
          t['cmi.core.lesson_status'] = Number(t['cmi.core.score.raw']) >= Number(opts.masteryScore) ? 'passed' : 'failed';
        }
        a.status = statusOf(t);
      }
      a.closed = true;
      log.push({ event: 'finish', attempt: l.attempt });
    }

    // §3 Grading: the grade of each attempt is its raw score; attempts graded by whatGrade.
    function state() {
      var raws = attempts.map(function (a) { return a.raw; }).filter(function (r) { return r !== null && !isNaN(r); });
      var grade = null;
      if (raws.length) {
        if (settings.whatGrade === 'average') grade = raws.reduce(function (s, r) { return s + r; }, 0) / raws.length;
        else if (settings.whatGrade === 'first') grade = raws[0];
        else if (settings.whatGrade === 'last') grade = raws[raws.length - 1];
        else grade = Math.max.apply(null, raws);
      }
      var complete = attempts.some(function (a) { return a.status === 'completed' || a.status === 'passed'; });
      return {
        attempts: attempts.map(function (a) { return { number: a.number, tracks: Object.assign({}, a.tracks), status: a.status, raw: a.raw, closed: a.closed }; }),
        grade: grade, completion: complete ? 'complete' : 'incomplete', gradebook: grade, log: log.slice()
      };
    }

    return { launch: launch, commit: commit, finish: finish, state: state };
  }

  var api = { createLms: createLms };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.CoursepackMoodle = api;
})(typeof self !== 'undefined' ? self : this);
