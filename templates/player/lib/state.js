/* coursepack player: the resume state.
 *
 * Resume state format, version 1 (mirrored by src/render/state.rs, which
 * computes its worst-case length; keep the two in step):
 *
 *   C1|<fp>|<pages>|<checks>|<assessment>|<learner>
 *
 *   fp          4 base36 chars, fingerprint of the course structure (data.fingerprint);
 *               a state with another fingerprint is ignored
 *   pages       lesson pages seen: ceil(P/5) chars, char k = base32 digit (0-9a-v) whose
 *               bit i means page 5k+i was seen
 *   checks      one entry per knowledge-check question (course order), joined by ";"
 *   assessment  "" without an assessment, else n,s,seed,best,last,draw,entries:
 *               n attempts started (base36); s 0 none / 1 in progress / 2 submitted;
 *               seed the attempt's seed (base36, < 2^32, "" before the first attempt);
 *               best, last: scores 0-100 in base36 or ""; draw: the drawn bank indices
 *               in the order shown, w base36 digits each (w = digits of bank-1);
 *               entries: one per drawn question, joined by ";"
 *   learner     the learner's own seed (base36, < 2^32), drawn once at the first launch:
 *               the order of the knowledge checks' options derives from it, so each
 *               learner has their own order and keeps it across sessions. A state of
 *               five parts (written before this field existed) is read, and gets a seed.
 *   entry       "" (no answer) or <response> + "!" when checked
 *   response    each question type's own encode/decode (lib/question-<type>.js):
 *               single-choice/likert: option index; multiple-response: bitmask (base36);
 *               true-false: t/f; fill-in: text (first 60 units), numeric: text (first
 *               20 units), both escaped; matching: per pair the chosen target index or
 *               "_"; sequencing: item indices in the learner's order. Indices are the
 *               canonical (YAML) positions, one base36 digit (at most 36 options).
 *   escaping    "~"→"~0" "|"→"~1" ";"→"~2" ","→"~3" "!"→"~4"
 */
(function (C) {
  'use strict';

  var warn = C.warn;

  var ESC = '~|;,!';

  var StateCodec = {
    MARKER: 'C1',

    escape: function (text) {
      return String(text).replace(/[~|;,!]/g, function (c) { return '~' + ESC.indexOf(c); });
    },

    unescape: function (text) {
      return String(text).replace(/~([0-4])/g, function (m, d) { return ESC.charAt(Number(d)); });
    },

    indexWidth: function (bank) {
      return Math.max(1, Math.max(0, bank - 1).toString(36).length);
    },

    /** Lesson pages in course order (what the bitset covers). */
    lessonPages: function (data) {
      return data.pages.filter(function (p) { return p.kind === 'page'; });
    },

    checkQuestions: function (data) {
      var out = [];
      data.checks.forEach(function (c) { c.questions.forEach(function (q) { out.push(q); }); });
      return out;
    },

    /** An empty state for this course. */
    fresh: function (data) {
      return {
        seen: StateCodec.lessonPages(data).map(function () { return false; }),
        checks: StateCodec.checkQuestions(data).map(function () { return null; }),
        asmt: data.assessment ? { n: 0, s: 0, seed: null, best: null, last: null, draw: [], entries: [] } : null,
        learner: null
      };
    },

    /** One answer in the state: the question type's own encoding (lib/question-*.js). */
    encodeResponse: function (data, q, r) {
      return C.questionType(q.type).encode(q, r, data.limits);
    },

    /** Returns the response, or undefined when `s` is not valid for `q`. */
    decodeResponse: function (q, s) {
      return C.questionType(q.type).decode(q, s);
    },

    encodeEntry: function (data, q, entry) {
      if (!entry || entry.r == null) return '';
      return StateCodec.encodeResponse(data, q, entry.r) + (entry.checked ? '!' : '');
    },

    decodeEntry: function (q, s) {
      if (s === '') return null;
      var checked = s.charAt(s.length - 1) === '!';
      var body = checked ? s.slice(0, -1) : s;
      var r = StateCodec.decodeResponse(q, body);
      if (r === undefined) throw new Error('bad entry for ' + q.id);
      return { r: r, checked: checked };
    },

    serialize: function (data, st) {
      var pages = '';
      var P = StateCodec.lessonPages(data).length;
      for (var k = 0; k < Math.ceil(P / 5); k++) {
        var v = 0;
        for (var i = 0; i < 5; i++) if (st.seen[5 * k + i]) v |= (1 << i);
        pages += v.toString(36);
      }
      var cq = StateCodec.checkQuestions(data);
      var checks = cq.map(function (q, i) { return StateCodec.encodeEntry(data, q, st.checks[i]); }).join(';');
      var asmt = '';
      if (data.assessment) {
        var A = data.assessment;
        var a = st.asmt;
        var w = StateCodec.indexWidth(A.questions.length);
        var pad = function (x) { var s = x.toString(36); while (s.length < w) s = '0' + s; return s; };
        var opt = function (x) { return x == null ? '' : x.toString(36); };
        asmt = [
          a.n.toString(36),
          String(a.s),
          a.seed == null ? '' : (a.seed >>> 0).toString(36),
          opt(a.best),
          opt(a.last),
          a.draw.map(pad).join(''),
          a.draw.map(function (bi, k2) { return StateCodec.encodeEntry(data, A.questions[bi], a.entries[k2]); }).join(';')
        ].join(',');
      }
      var learner = st.learner == null ? '' : (st.learner >>> 0).toString(36);
      return [StateCodec.MARKER, data.fingerprint, pages, checks, asmt, learner].join('|');
    },

    /** The state in `text`, or null when it is absent, malformed or for another course structure. */
    parse: function (data, text) {
      if (typeof text !== 'string' || text === '') return null;
      try {
        var parts = text.split('|');
        if ((parts.length !== 5 && parts.length !== 6) || parts[0] !== StateCodec.MARKER || parts[1] !== data.fingerprint) return null;
        var st = StateCodec.fresh(data);
        if (parts.length === 6 && parts[5] !== '') {
          if (!/^[0-9a-z]{1,7}$/.test(parts[5])) return null;
          var seed = parseInt(parts[5], 36);
          if (!(seed <= 4294967295)) return null;
          st.learner = seed;
        }
        var P = st.seen.length;
        if (parts[2].length !== Math.ceil(P / 5)) return null;
        for (var k = 0; k < parts[2].length; k++) {
          var v = parseInt(parts[2].charAt(k), 36);
          if (!(v >= 0 && v < 32)) return null;
          for (var i = 0; i < 5; i++) if (5 * k + i < P) st.seen[5 * k + i] = !!(v & (1 << i));
        }
        var cq = StateCodec.checkQuestions(data);
        var ce = cq.length ? parts[3].split(';') : (parts[3] === '' ? [] : null);
        if (!ce || ce.length !== cq.length) return null;
        st.checks = cq.map(function (q, i) { return StateCodec.decodeEntry(q, ce[i]); });
        if (data.assessment) {
          var A = data.assessment;
          var f = parts[4].split(',');
          if (f.length !== 7) return null;
          var a = st.asmt;
          var num = function (s, max) {
            if (s === '') return null;
            if (!/^[0-9a-z]+$/.test(s)) throw new Error('bad number');
            var x = parseInt(s, 36);
            if (x > max) throw new Error('out of range');
            return x;
          };
          a.n = num(f[0], A.attempts) || 0;
          a.s = num(f[1], 2) || 0;
          a.seed = num(f[2], 4294967295);
          a.best = num(f[3], 100);
          a.last = num(f[4], 100);
          var w = StateCodec.indexWidth(A.questions.length);
          if (f[5].length % w !== 0) return null;
          a.draw = [];
          for (var j = 0; j < f[5].length; j += w) {
            var bi = parseInt(f[5].substr(j, w), 36);
            if (!(bi >= 0 && bi < A.questions.length) || a.draw.indexOf(bi) !== -1) return null;
            a.draw.push(bi);
          }
          var es = a.draw.length ? f[6].split(';') : [];
          if (es.length !== a.draw.length) return null;
          a.entries = a.draw.map(function (bi2, k3) { return StateCodec.decodeEntry(A.questions[bi2], es[k3]); });
          if (a.s !== 0 && (a.n === 0 || a.seed == null || !a.draw.length)) return null;
        } else if (parts[4] !== '') {
          return null;
        }
        return st;
      } catch (e) {
        warn('ignoring a saved state that cannot be read:', e && e.message);
        return null;
      }
    }
  };

  C.StateCodec = StateCodec;
})(Coursepack);
