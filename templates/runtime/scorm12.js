/* coursepack tracking adapter "scorm12": SCORM 1.2 (window.API).
 *
 * Ships after none.js; when no LMS API is found (or LMSInitialize fails) it
 * behaves exactly like the "none" adapter (localStorage, "not tracked").
 *
 * What it does with the LMS:
 * - finds window.API in window.parent (up to 10 levels, each step guarded
 *   for cross-origin frames), then in window.opener and its parents;
 * - LMSInitialize("") once; reads cmi.core.entry, lesson_location,
 *   cmi.suspend_data, student_name and lesson_status; sets lesson_status
 *   "incomplete" when it is "not attempted";
 * - bookmark → cmi.core.lesson_location (≤ 255), state → cmi.suspend_data
 *   (≤ 4096; a longer state is not sent and a warning is logged);
 * - one new cmi.interactions.n per answer, n = cmi.interactions._count, id
 *   first, then type, student_response, correct_responses.0.pattern, result,
 *   weighting, latency and time (choice and matching answers as the single
 *   characters 0-9a-z of the canonical option positions). A numeric range
 *   (min < max) has no SCORM 1.2 pattern, so correct_responses is omitted
 *   for it; a fill-in question sends each accepted answer as one pattern
 *   (at most 10);
 * - score.raw (best score, integer 0-100) with score.min 0 and max 100 once
 *   the assessment was scored; lesson_status: "failed" below the pass mark,
 *   "passed" at or above it (but "incomplete" when the completion rule also
 *   needs every page and some are unseen), "completed" when every page is
 *   seen under the all-pages rule, "incomplete" otherwise;
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

  var MAX_SUSPEND = 4096;
  var MAX_CMI_STRING = 255;
  var MAX_PATTERNS = 10;

  var local = typeof root.CoursepackLocalRuntime === 'function' ? root.CoursepackLocalRuntime() : null;

  var api = null;
  var active = false;
  var finished = false;
  var startedAt = 0;
  var lastStatus = '';
  var lastState = null;
  var lastLocation = null;
  var lastScore = null;
  var ownCount = 0;

  function warn(message) {
    try { console.warn('coursepack (SCORM 1.2): ' + message); } catch (e) { /* no console */ }
  }

  /** window.API in `win` or one of its parents (at most 10 levels up). */
  function findIn(win) {
    for (var level = 0; win && level <= 10; level++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === 'function') return win.API;
      } catch (e) { /* cross-origin frame: look further up */ }
      var parent = null;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }

  function locate() {
    var found = findIn(root);
    if (found) return found;
    var opener = null;
    try { opener = root.opener; } catch (e) { opener = null; }
    return opener ? findIn(opener) : null;
  }

  function invoke(name, args) {
    try {
      return api[name].apply(api, args);
    } catch (e) {
      warn(name + ' threw: ' + (e && e.message));
      return null;
    }
  }

  function succeeded(result) {
    return result === true || result === 'true';
  }

  function lastError() {
    var code = invoke('LMSGetLastError', []);
    var text = invoke('LMSGetErrorString', [String(code)]);
    return 'error ' + code + ' (' + text + ')';
  }

  /** A call that must return "true": logged and retried once when it does not. */
  function call(name, args) {
    if (!active) return false;
    if (succeeded(invoke(name, args))) return true;
    warn(name + '(' + args.join(', ') + ') failed: ' + lastError() + '; retrying once');
    if (succeeded(invoke(name, args))) return true;
    warn(name + '(' + args.join(', ') + ') failed again: ' + lastError());
    return false;
  }

  function get(element) {
    if (!active) return '';
    var v = invoke('LMSGetValue', [element]);
    return v == null ? '' : String(v);
  }

  function set(element, value) {
    return call('LMSSetValue', [element, String(value)]);
  }

  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** CMITimespan: HHHH:MM:SS.SS with at least two hour digits. */
  function timespan(ms) {
    var cs = Math.max(0, Math.round((Number(ms) || 0) / 10));
    var max = 9999 * 360000 + 59 * 6000 + 5999;
    if (cs > max) cs = max;
    var h = Math.floor(cs / 360000);
    cs -= h * 360000;
    var m = Math.floor(cs / 6000);
    cs -= m * 6000;
    var s = Math.floor(cs / 100);
    cs -= s * 100;
    return two(h) + ':' + two(m) + ':' + two(s) + '.' + two(cs);
  }

  /** CMITime: HH:MM:SS, the local time of day. */
  function timeOfDay(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) d = new Date();
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function character(options, id) {
    var i = options.indexOf(id);
    return i >= 0 && i < 36 ? i.toString(36) : '';
  }

  function number(x) {
    return typeof x === 'number' && isFinite(x) ? String(x) : '';
  }

  function cut(text) {
    return String(text).slice(0, MAX_CMI_STRING);
  }

  var TYPES = {
    'single-choice': 'choice',
    'multiple-response': 'choice',
    'true-false': 'true-false',
    'fill-in': 'fill-in',
    'matching': 'matching',
    'sequencing': 'sequencing',
    'numeric': 'numeric',
    'likert': 'likert'
  };

  /** student_response in the SCORM 1.2 format of the type. */
  function response(ev) {
    var r = ev.response;
    var o = ev.options || [];
    if (r == null) return '';
    switch (ev.type) {
      case 'single-choice':
      case 'multiple-response':
      case 'sequencing':
        return r.map(function (id) { return character(o, id); }).join(',');
      case 'true-false':
        return r ? 't' : 'f';
      case 'fill-in':
        return cut(r);
      case 'numeric':
        return number(r);
      case 'matching':
        return r.map(function (p) { return character(o, p[0]) + '.' + character(o, p[1]); }).join(',');
      case 'likert':
        return character(o, r);
    }
    return '';
  }

  /** The correct_responses patterns (possibly none). */
  function patterns(ev) {
    var c = ev.correctResponse;
    var o = ev.options || [];
    if (c == null) return [];
    switch (ev.type) {
      case 'single-choice':
      case 'multiple-response':
      case 'sequencing':
        return [c.map(function (id) { return character(o, id); }).join(',')];
      case 'true-false':
        return [c ? 't' : 'f'];
      case 'fill-in':
        return c.slice(0, MAX_PATTERNS).map(cut);
      case 'matching':
        return [c.map(function (p) { return character(o, p[0]) + '.' + character(o, p[1]); }).join(',')];
      case 'numeric':
        if (typeof c.exact === 'number') return [number(c.exact)];
        if (typeof c.min === 'number' && c.min === c.max) return [number(c.min)];
        return [];
    }
    return [];
  }

  var RESULTS = { correct: 'correct', incorrect: 'wrong', neutral: 'neutral' };

  /** lesson_status for where the learner stands. */
  function lessonStatus(st) {
    var a = st.assessment;
    if (a && a.attempted) {
      if (!a.passed) return 'failed';
      if ((st.completion === 'both' || st.completion === 'all-pages') && !st.allPagesSeen) return 'incomplete';
      return 'passed';
    }
    if (st.completion === 'all-pages' && st.allPagesSeen) return 'completed';
    return 'incomplete';
  }

  function formatName(name) {
    var parts = String(name).split(',');
    if (parts.length === 2 && parts[0].trim() && parts[1].trim()) return parts[1].trim() + ' ' + parts[0].trim();
    return String(name).trim();
  }

  var adapter = {
    name: 'scorm12',

    start: function (info) {
      api = locate();
      if (!api) {
        return local ? local.start(info) : Promise.resolve(null);
      }
      var ok = succeeded(invoke('LMSInitialize', ['']));
      if (!ok) {
        warn('LMSInitialize failed: ' + lastError() + '; continuing without tracking');
        api = null;
        return local ? local.start(info) : Promise.resolve(null);
      }
      active = true;
      startedAt = Date.now();
      var entry = get('cmi.core.entry');
      var location = get('cmi.core.lesson_location');
      var suspend = get('cmi.suspend_data');
      var name = get('cmi.core.student_name');
      var status = get('cmi.core.lesson_status');
      lastStatus = status;
      lastState = suspend;
      lastLocation = location;
      if (status === '' || status === 'not attempted') {
        if (set('cmi.core.lesson_status', 'incomplete')) lastStatus = 'incomplete';
      }
      return Promise.resolve({
        tracked: true,
        persistent: true,
        state: suspend || null,
        bookmark: suspend && location ? location : null,
        entry: entry,
        learnerName: name ? formatName(name) : null,
        mode: 'normal'
      });
    },

    pageViewed: function () {
      if (!active && local && !finished) local.pageViewed();
    },

    answered: function (ev) {
      if (!active || !ev) return;
      var count = parseInt(get('cmi.interactions._count'), 10);
      var n = isNaN(count) || count < 0 ? ownCount : count;
      var p = 'cmi.interactions.' + n + '.';
      var id = String(ev.interactionId || '').replace(/[^\x21-\x7e]/g, '_').slice(0, MAX_CMI_STRING);
      if (!set(p + 'id', id)) return;
      ownCount = n + 1;
      set(p + 'type', TYPES[ev.type] || 'choice');
      set(p + 'student_response', response(ev));
      patterns(ev).forEach(function (pattern, j) {
        set(p + 'correct_responses.' + j + '.pattern', pattern);
      });
      set(p + 'result', RESULTS[ev.result] || 'neutral');
      set(p + 'weighting', String(ev.type === 'likert' ? 0 : (ev.weight || 0)));
      set(p + 'latency', timespan(ev.latencyMs));
      set(p + 'time', timeOfDay(ev.timestamp));
    },

    assessmentScored: function (s) {
      if (!active || !s) return;
      var raw = Math.max(0, Math.min(100, Math.round(Number(s.best != null ? s.best : s.score) || 0)));
      if (raw === lastScore) return;
      set('cmi.core.score.min', '0');
      set('cmi.core.score.max', '100');
      if (set('cmi.core.score.raw', String(raw))) lastScore = raw;
    },

    progress: function (st) {
      if (!active || !st) return;
      if (st.assessment && st.assessment.attempted && lastScore == null) {
        adapter.assessmentScored({ best: st.assessment.score });
      }
      var status = lessonStatus(st);
      if (status !== lastStatus && set('cmi.core.lesson_status', status)) lastStatus = status;
    },

    saveState: function (state, bookmark) {
      if (!active) {
        if (local && !finished) local.saveState(state, bookmark);
        return;
      }
      if (typeof state === 'string' && state !== lastState) {
        if (state.length > MAX_SUSPEND) {
          warn('the resume state has ' + state.length + ' characters, more than SCORM 1.2 stores (' + MAX_SUSPEND + '); not saved');
        } else if (set('cmi.suspend_data', state)) {
          lastState = state;
        }
      }
      if (typeof bookmark === 'string' && bookmark !== lastLocation && bookmark.length <= MAX_CMI_STRING) {
        if (set('cmi.core.lesson_location', bookmark)) lastLocation = bookmark;
      }
    },

    checkpoint: function () {
      if (active) call('LMSCommit', ['']);
    },

    exit: function (opts) {
      if (finished) return Promise.resolve();
      finished = true;
      if (!active) return local ? local.exit(opts) : Promise.resolve();
      set('cmi.core.exit', opts && opts.suspend ? 'suspend' : '');
      set('cmi.core.session_time', timespan(Date.now() - startedAt));
      // While the page unloads, browsers refuse the synchronous request a
      // commit makes; LMSFinish persists everything (LMSs send it as a beacon).
      if (!(opts && opts.unloading)) call('LMSCommit', ['']);
      active = false;
      var result = invoke('LMSFinish', ['']);
      if (!succeeded(result)) warn('LMSFinish failed');
      return Promise.resolve();
    }
  };

  root.CoursepackRuntime = adapter;
})(typeof self !== 'undefined' ? self : this);
