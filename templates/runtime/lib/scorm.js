/* coursepack runtime library "scorm": what the SCORM 1.2 and SCORM 2004
 * adapters share. It ships after none.js and before scorm12.js or
 * scorm2004.js, which call window.CoursepackScorm(edition) with only what
 * differs between the editions and assign the adapter it returns to
 * window.CoursepackRuntime.
 *
 * What every SCORM adapter does the same way:
 * - finds the API object (edition.api: "API" or "API_1484_11") in
 *   window.parent (up to 10 levels, each step guarded for cross-origin
 *   frames), then in window.opener and its parents; without it, or when
 *   initialising fails, it behaves exactly like the "none" adapter;
 * - initialises once; edition.begin(session) reads what the edition needs
 *   and returns {entry, location, suspend, learnerName, passMark, mode};
 * - every set value is remembered, and values that only report where the
 *   learner stands (status, score) are only sent when they change;
 * - every result is read by value (`String(r) === 'true'`: an LMS may answer
 *   true, "true" or new String("true")), error codes as numbers or strings;
 *   a call that must succeed and does not is logged with the LMS's error
 *   code and text, and retried once only when the LMS names a real error
 *   (a code other than 0); nothing ever throws into the player;
 * - one new cmi.interactions.n per answer, n = cmi.interactions._count,
 *   with the fields edition.interaction(event) returns (the id first); a
 *   field the LMS refuses never stops the others of that interaction; a
 *   re-checked knowledge-check question rewrites its record instead
 *   (edition.checkIndex: "per-visit" within one page visit, SCORM 1.2, whose
 *   interactions are write-only; "always", SCORM 2004, also a record kept
 *   from an earlier session, found by reading the stored ids);
 * - the LMS's mode is honoured: in "browse" and "review" (edition.begin
 *   returns it) nothing is written and nothing committed, only the
 *   terminating call is made (an edition may write one value in begin,
 *   before the mode applies, e.g. SCORM 1.2's "browsed");
 * - state → cmi.suspend_data (a state over edition.maxSuspend characters is
 *   not sent; the build guarantees it cannot happen), bookmark → the
 *   location element (at most edition.maxLocation characters);
 * - after each submitted attempt, the score per learning objective
 *   (assessmentScored's `objectives`, those the attempt measured) →
 *   cmi.objectives.n: the id first, then edition.objective(o)'s fields; n is
 *   the record that already has the id (cmi.objectives._count and each
 *   n.id are read once, at the first submit: the LMS may have them from an
 *   earlier session or the manifest), else the next free one, so an
 *   objective keeps its index across attempts and resumes;
 * - commits at every checkpoint; at exit sets edition.leave(...) (exit and
 *   session time), commits (not while the page unloads: browsers refuse the
 *   synchronous request a commit makes then, and terminating persists
 *   everything), then terminates once, as the very last call.
 */
(function (root) {
  'use strict';

  /** At most this many cmi.objectives records are read back (an LMS's _count is not trusted). */
  var MAX_OBJECTIVES_READ = 100;

  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function number(x) {
    return typeof x === 'number' && isFinite(x) ? String(x) : '';
  }

  function cut(text, max) {
    return String(text).slice(0, max);
  }

  /** A score 0-100 as the integer percentage both editions report. */
  function percent(x) {
    return Math.max(0, Math.min(100, Math.round(Number(x) || 0)));
  }

  /** "Last, First" (as LMSs give learner names) → "First Last". */
  function formatName(name) {
    var parts = String(name).split(',');
    if (parts.length === 2 && parts[0].trim() && parts[1].trim()) return parts[1].trim() + ' ' + parts[0].trim();
    return String(name).trim();
  }

  /**
   * The interaction type of each question type, as util.TYPES: for adapter overrides written
   * before the question types formatted their own interactions (ev.scorm12 / ev.scorm2004 carry
   * the type now); the built-in adapters do not use it.
   */
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

  /**
   * edition: {name, label, api, functions: {initialize, terminate, getValue,
   * setValue, commit, getLastError, getErrorString}, maxSuspend, maxLocation,
   * elements: {suspend, location, interactionCount}, begin(session),
   * interaction(event, session) → [[field, value], ...], score(percent) →
   * [[element, value], ...], scoreWhen(status) → whether the score is due now
   * (optional; without it the score is sent after every attempt), status(status) → [[element, value], ...],
   * objective({id, score, passed}) → [[field below cmi.objectives.n, value], ...] (optional),
   * leave(options, elapsedMs) → [[element, value], ...]}
   */
  function createScormRuntime(edition) {
    var fn = edition.functions;
    var el = edition.elements;
    var local = typeof root.CoursepackLocalRuntime === 'function' ? root.CoursepackLocalRuntime() : null;

    var api = null;
    var active = false;
    var finished = false;
    var startedAt = 0;
    var sent = {};
    var ownCount = 0;
    var readOnly = false;
    // Knowledge-check answers: the interaction index each one went to (see `answered`).
    var checkIndex = {};
    // Learning objectives: the cmi.objectives index of each id (see `writeObjectives`).
    var objectiveIndex = null;
    var objectiveCount = 0;

    function warn(message) {
      try { console.warn('coursepack (' + edition.label + '): ' + message); } catch (e) { /* no console */ }
    }

    /** The API object in `win` or one of its parents (at most 10 levels up). */
    function findIn(win) {
      for (var level = 0; win && level <= 10; level++) {
        try {
          var candidate = win[edition.api];
          if (candidate && typeof candidate[fn.initialize] === 'function') return candidate;
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

    /** By value: true, "true" and new String("true") all mean success. */
    function succeeded(result) {
      return result != null && String(result) === 'true';
    }

    /** The LMS's last error: {code (a number, NaN when unreadable), text}. */
    function lastError() {
      var raw = invoke(fn.getLastError, []);
      var code = raw == null ? NaN : Number(String(raw).trim());
      var text = invoke(fn.getErrorString, [String(raw)]);
      return { code: code, text: 'error ' + String(raw) + ' (' + (text == null ? '' : String(text)) + ')' };
    }

    /**
     * A call that must return "true": logged when it does not, and retried once
     * only when the LMS reports a real error (code 0 means it saw none: a retry
     * would only repeat the same answer).
     */
    function call(name, args) {
      if (!active) return false;
      if (succeeded(invoke(name, args))) return true;
      var e = lastError();
      if (e.code === 0) {
        warn(name + '(' + args.join(', ') + ') answered false with ' + e.text + '; not retried');
        return false;
      }
      warn(name + '(' + args.join(', ') + ') failed: ' + e.text + '; retrying once');
      if (succeeded(invoke(name, args))) return true;
      warn(name + '(' + args.join(', ') + ') failed again: ' + lastError().text);
      return false;
    }

    function get(element) {
      if (!active) return '';
      var v = invoke(fn.getValue, [element]);
      return v == null ? '' : String(v);
    }

    function set(element, value) {
      if (readOnly) return false;
      var ok = call(fn.setValue, [element, String(value)]);
      if (ok) sent[element] = String(value);
      return ok;
    }

    /** Sets `element` unless it already holds `value` (as set or read in this session). */
    function update(element, value) {
      if (sent[element] === String(value)) return true;
      return set(element, value);
    }

    function has(o, k) {
      return Object.prototype.hasOwnProperty.call(o, k);
    }

    /**
     * The records a readable list of the LMS (`cmi.interactions`, `cmi.objectives`) already
     * holds: `{count, ids: {id: index}}`. At most `max` records are read, whatever `_count`
     * claims; `lastWins` keeps the last record of an id, else the first.
     */
    function readStoredIds(list, max, lastWins) {
      var count = parseInt(get(list + '._count'), 10);
      var out = { count: isNaN(count) || count < 0 ? 0 : count, ids: {} };
      for (var n = 0; n < Math.min(out.count, max); n++) {
        var id = get(list + '.' + n + '.id');
        if (id && (lastWins || !has(out.ids, id))) out.ids[id] = n;
      }
      return out;
    }

    /**
     * SCORM 2004 (edition.checkIndex "always"): the interactions the LMS kept for this attempt
     * are readable, so a knowledge-check question answered in an earlier session is found by its
     * id (the last record with it wins) and updated at its index. Read once, on the first
     * knowledge-check answer; at most MAX_STORED records are looked at.
     */
    var stored = null;
    var MAX_STORED = 1000;
    function storedIndex() {
      if (!stored) stored = readStoredIds('cmi.interactions', MAX_STORED, true).ids;
      return stored;
    }

    /**
     * The cmi.objectives index of each objective id the LMS already holds, read once (at most
     * MAX_OBJECTIVES_READ records, whatever _count the LMS claims); new ids go after _count.
     */
    function objectiveSlots() {
      if (objectiveIndex) return objectiveIndex;
      var found = readStoredIds('cmi.objectives', MAX_OBJECTIVES_READ, false);
      objectiveCount = found.count;
      objectiveIndex = found.ids;
      Object.keys(found.ids).forEach(function (id) {
        sent['cmi.objectives.' + found.ids[id] + '.id'] = id;
      });
      return objectiveIndex;
    }

    /** The attempt's score per objective → cmi.objectives.n (only measured ones; the id first). */
    function writeObjectives(list) {
      if (!edition.objective || readOnly || !Array.isArray(list)) return;
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (!o || typeof o.id !== 'string' || !o.id || typeof o.score !== 'number') continue;
        var slots = objectiveSlots();
        var n = Object.prototype.hasOwnProperty.call(slots, o.id) ? slots[o.id] : (slots[o.id] = objectiveCount++);
        var prefix = 'cmi.objectives.' + n + '.';
        // An LMS that refuses the id keeps no objectives at all: the other fields and objectives
        // would only be refused too (and logged twice each).
        if (!update(prefix + 'id', o.id)) {
          warn('the LMS keeps no cmi.objectives; the score per objective is not reported');
          return;
        }
        edition.objective({ id: o.id, score: percent(o.score), passed: !!o.passed }).forEach(function (kv) {
          update(prefix + kv[0], kv[1]);
        });
      }
    }

    /** What edition hooks may use. */
    var session = {
      get: get,
      set: set,
      warn: warn,
      /** Records a value read from the LMS, so `update` does not send it again. */
      remember: function (element, value) { sent[element] = String(value); }
    };

    var adapter = {
      name: edition.name,

      start: function (info) {
        api = locate();
        if (!api) {
          return local ? local.start(info) : Promise.resolve(null);
        }
        if (!succeeded(invoke(fn.initialize, ['']))) {
          warn(fn.initialize + ' failed: ' + lastError().text + '; continuing without tracking');
          api = null;
          return local ? local.start(info) : Promise.resolve(null);
        }
        active = true;
        startedAt = Date.now();
        session.lang = info && info.lang;
        var r = edition.begin(session) || {};
        var mode = r.mode === 'browse' || r.mode === 'review' ? r.mode : 'normal';
        // Browse (e.g. Moodle's Preview) and review: the LMS must record nothing of this session.
        readOnly = mode !== 'normal';
        var suspend = r.suspend || '';
        var location = r.location || '';
        session.remember(el.suspend, suspend);
        session.remember(el.location, location);
        var pm = r.passMark;
        return Promise.resolve({
          tracked: true,
          persistent: true,
          state: suspend || null,
          bookmark: suspend && location ? location : null,
          entry: r.entry || '',
          learnerName: r.learnerName ? formatName(r.learnerName) : null,
          mode: mode,
          passMark: typeof pm === 'number' && isFinite(pm) ? pm : null
        });
      },

      pageViewed: function () {
        if (!active && local && !finished) local.pageViewed();
        // SCORM 1.2: a re-check adds at most one interaction per check question per page visit.
        if (edition.checkIndex === 'per-visit') checkIndex = {};
      },

      answered: function (ev) {
        if (!active || !ev || readOnly) return;
        var fields = edition.interaction(ev, session);
        if (!fields.length) return;
        // A re-checked knowledge-check question updates its interaction by index (2004: always,
        // also one stored in an earlier session; 1.2: within one page visit) instead of adding
        // another record.
        var key = ev.context === 'check' && edition.checkIndex ? String(fields[0][1]) : null;
        var n;
        if (key && !has(checkIndex, key) && edition.checkIndex === 'always') {
          var old = storedIndex();
          if (has(old, key)) checkIndex[key] = old[key];
        }
        if (key && has(checkIndex, key)) {
          n = checkIndex[key];
        } else {
          var count = parseInt(get(el.interactionCount), 10);
          n = isNaN(count) || count < 0 ? ownCount : count;
          if (key) checkIndex[key] = n;
        }
        var prefix = 'cmi.interactions.' + n + '.';
        // Every field is sent even when one is refused: an LMS that refuses an id it finds too
        // strict still gets the response and the result (issue 15, Forma).
        if (n >= ownCount) ownCount = n + 1;
        for (var i = 0; i < fields.length; i++) set(prefix + fields[i][0], fields[i][1]);
      },

      assessmentScored: function (s) {
        if (!active || !s) return;
        writeObjectives(s.objectives);
        // An edition that says when the score is due (edition.scoreWhen) reports it from progress.
        if (edition.scoreWhen) return;
        edition.score(percent(s.best != null ? s.best : s.score)).forEach(function (kv) {
          update(kv[0], kv[1]);
        });
      },

      progress: function (st) {
        if (!active || !st) return;
        var a = st.assessment;
        if (a && a.attempted && (!edition.scoreWhen || edition.scoreWhen(st))) {
          edition.score(percent(a.score)).forEach(function (kv) { update(kv[0], kv[1]); });
        }
        edition.status(st).forEach(function (kv) { update(kv[0], kv[1]); });
      },

      saveState: function (state, bookmark) {
        if (!active) {
          if (local && !finished) local.saveState(state, bookmark);
          return;
        }
        if (typeof state === 'string') {
          if (state.length > edition.maxSuspend) {
            if (sent[el.suspend] !== state) {
              warn('the resume state has ' + state.length + ' characters, more than ' + edition.label +
                ' stores (' + edition.maxSuspend + '); not saved');
            }
          } else {
            update(el.suspend, state);
          }
        }
        if (typeof bookmark === 'string' && bookmark.length <= edition.maxLocation) update(el.location, bookmark);
      },

      checkpoint: function () {
        if (active && !readOnly) call(fn.commit, ['']);
      },

      exit: function (opts) {
        if (finished) return Promise.resolve();
        finished = true;
        if (!active) return local ? local.exit(opts) : Promise.resolve();
        if (!readOnly) {
          edition.leave(opts || {}, Date.now() - startedAt).forEach(function (kv) { set(kv[0], kv[1]); });
          if (!(opts && opts.unloading)) call(fn.commit, ['']);
        }
        active = false;
        if (!succeeded(invoke(fn.terminate, ['']))) warn(fn.terminate + ' failed');
        return Promise.resolve();
      }
    };
    return adapter;
  }

  /**
   * Whether the learner still has an assessment attempt to use after a failed
   * one: the LMS attempt must then stay open (no closing status), so the
   * learner comes back in normal mode (Moodle reviews a closed attempt).
   */
  function retryPending(st) {
    var a = st && st.assessment;
    return !!(a && a.attempted && !a.passed && a.attemptsLeft > 0);
  }

  createScormRuntime.util = {
    retryPending: retryPending,
    two: two,
    number: number,
    cut: cut,
    TYPES: TYPES
  };
  root.CoursepackScorm = createScormRuntime;
})(typeof self !== 'undefined' ? self : this);
