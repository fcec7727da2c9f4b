/* coursepack player: navigation, questions, assessment, resume state.
 *
 * Plain ES2017, no framework, no build step. The page's content is rendered
 * server-side; this script reads `<script id="course-data">`, talks to the
 * tracking adapter (`window.CoursepackRuntime`, from player/runtime.js, see
 * templates/README.md) and never throws when the adapter is missing or fails.
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
 *   response    single-choice/likert: option index; multiple-response: bitmask (base36);
 *               true-false: t/f; fill-in: text (first 60 units), numeric: text (first
 *               20 units), both escaped; matching: per pair the chosen target index or
 *               "_"; sequencing: item indices in the learner's order. Indices are the
 *               canonical (YAML) positions, one base36 digit (at most 36 options).
 *   escaping    "~"→"~0" "|"→"~1" ";"→"~2" ","→"~3" "!"→"~4"
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  root.CoursepackPlayer = api;
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', api.boot);
    } else {
      api.boot();
    }
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // ---- small helpers ------------------------------------------------------

  function fmt(template, values) {
    return String(template == null ? '' : template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function warn() {
    try {
      var args = Array.prototype.slice.call(arguments);
      args.unshift('coursepack:');
      console.warn.apply(console, args);
    } catch (e) { /* no console */ }
  }

  /** FNV-1a, 32 bits. */
  function hash32(text) {
    var h = 0x811c9dc5;
    var s = String(text);
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /** mulberry32: a small seeded PRNG returning floats in [0, 1). */
  function prng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** A shuffled copy (Fisher-Yates with the given random source). */
  function shuffle(list, rand) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  function range(n) {
    var a = [];
    for (var i = 0; i < n; i++) a.push(i);
    return a;
  }

  function randomSeed() {
    try {
      var c = (typeof crypto !== 'undefined' && crypto.getRandomValues) ? crypto : null;
      if (c) {
        var buf = new Uint32Array(1);
        c.getRandomValues(buf);
        return buf[0] >>> 0;
      }
    } catch (e) { /* fall through */ }
    return Math.floor(Math.random() * 4294967296) >>> 0;
  }

  /** Parses a number typed with "." or "," as decimal separator; NaN if not a number. */
  function parseNumber(text) {
    var s = String(text == null ? '' : text).trim();
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
    return Number(s.replace(',', '.'));
  }

  /** Fill-in comparison form: trimmed, white space collapsed, case folded unless case-sensitive. */
  function normalise(text, caseSensitive) {
    var s = String(text == null ? '' : text);
    if (s.normalize) s = s.normalize('NFC');
    s = s.trim().replace(/\s+/g, ' ');
    return caseSensitive ? s : s.toLowerCase();
  }

  /**
   * The form a fill-in answer is graded in (the README's grading rules): Unicode
   * NFC, accents dropped when `ignoreDiacritics`, trimmed, white space collapsed,
   * trailing punctuation (. , ; : ! ? …) stripped, case folded unless
   * `caseSensitive`. The learner's answer and every accepted answer go through it.
   */
  function gradeForm(text, caseSensitive, ignoreDiacritics) {
    var s = String(text == null ? '' : text);
    if (s.normalize) {
      s = s.normalize('NFC');
      if (ignoreDiacritics) s = s.normalize('NFD').replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, '').normalize('NFC');
    }
    s = s.replace(/\s+/g, ' ').trim().replace(/[\s.,;:!?\u2026]+$/, '');
    return caseSensitive ? s : s.toLowerCase();
  }

  /**
   * A quota draw: `count` questions from each quota's pool in turn, never one an
   * earlier quota drew; in bank order unless the assessment shuffles; then every
   * always-shown (likert) question, which is never counted.
   */
  function drawByQuota(A, rand) {
    var picked = [];
    A.quotas.quotas.forEach(function (q) {
      var free = q.pool.filter(function (i) { return picked.indexOf(i) === -1; });
      picked = picked.concat(shuffle(free, rand).slice(0, q.count));
    });
    if (A.shuffle) picked = shuffle(picked, rand);
    else picked.sort(function (x, y) { return x - y; });
    return picked.concat(A.quotas.always);
  }

  /**
   * The display order of a question's options for one seed, as canonical indices:
   * `choices` (single-choice, multiple-response: shuffled when `shuffleOn`, else course
   * order), `targets` (matching: always shuffled), `sequence` (sequencing: a scrambled start,
   * never the right order); null where the type has none. True-false and likert keep their
   * order. Knowledge checks use the learner's seed, assessment attempts the attempt's.
   */
  function arrangement(q, shuffleOn, seed) {
    var rand = prng(seed);
    var n = q.options.length;
    var out = { choices: null, targets: null, sequence: null };
    if (q.type === 'single-choice' || q.type === 'multiple-response') {
      out.choices = shuffleOn ? shuffle(range(n), rand) : range(n);
    }
    if (q.type === 'matching') out.targets = shuffle(range(n), rand);
    if (q.type === 'sequencing') {
      var seq = shuffle(range(n), rand);
      if (n > 1 && seq.every(function (v, i) { return v === i; })) seq = seq.slice(1).concat(seq.slice(0, 1));
      out.sequence = seq;
    }
    return out;
  }

  /**
   * The score per learning objective of one submitted attempt: for each
   * objective of the course (course order), the drawn scored questions that
   * serve it (name it in `objectives`; likert never counts), weighted as the
   * attempt's score is: `{id, score (0-100, rounded), passed (score ≥
   * passMark)}`, or score and passed null when no drawn question served it.
   * `draw`: bank indices; `entries[k]`: the answer `{r}` to draw[k] or null.
   */
  function objectiveScores(data, draw, entries, passMark) {
    var A = data.assessment;
    var sums = {};
    (draw || []).forEach(function (bi, k) {
      var q = A && A.questions[bi];
      if (!q || q.type === 'likert' || !q.objectives || !q.objectives.length) return;
      var e = entries && entries[k];
      var r = e ? e.r : null;
      var ok = r != null && Types.evaluate(q, r) === 'correct';
      q.objectives.forEach(function (id) {
        var x = sums[id] || (sums[id] = { total: 0, got: 0 });
        x.total += q.weight;
        if (ok) x.got += q.weight;
      });
    });
    return (data.objectives || []).map(function (o) {
      var x = sums[o.id];
      if (!x || x.total <= 0) return { id: o.id, score: null, passed: null };
      var score = Math.round(100 * x.got / x.total);
      return { id: o.id, score: score, passed: score >= passMark };
    });
  }

  // ---- the resume state ---------------------------------------------------

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

    encodeResponse: function (data, q, r) {
      var lim = data.limits;
      switch (q.type) {
        case 'single-choice':
        case 'likert':
          return r.toString(36);
        case 'multiple-response':
          return r.reduce(function (m, i) { return m + Math.pow(2, i); }, 0).toString(36);
        case 'true-false':
          return r ? 't' : 'f';
        case 'fill-in':
          return StateCodec.escape(String(r).slice(0, lim.fillIn));
        case 'numeric':
          return StateCodec.escape(String(r).slice(0, lim.numeric));
        case 'matching':
          return r.map(function (t) { return t == null ? '_' : t.toString(36); }).join('');
        case 'sequencing':
          return r.map(function (i) { return i.toString(36); }).join('');
      }
      return '';
    },

    /** Returns the response, or undefined when `s` is not valid for `q`. */
    decodeResponse: function (q, s) {
      var n = q.options.length;
      var digit = function (c) {
        var v = parseInt(c, 36);
        return (c.length === 1 && v >= 0 && v < n) ? v : undefined;
      };
      switch (q.type) {
        case 'single-choice':
        case 'likert':
          return digit(s);
        case 'multiple-response': {
          if (!/^[0-9a-z]+$/.test(s)) return undefined;
          var mask = parseInt(s, 36);
          var sel = [];
          for (var i = 0; i < n; i++) if (Math.floor(mask / Math.pow(2, i)) % 2 === 1) sel.push(i);
          return sel.length ? sel : undefined;
        }
        case 'true-false':
          return s === 't' ? true : (s === 'f' ? false : undefined);
        case 'fill-in':
        case 'numeric':
          return s ? StateCodec.unescape(s) : undefined;
        case 'matching': {
          if (s.length !== n) return undefined;
          var m = [];
          for (var k = 0; k < n; k++) {
            var c = s.charAt(k);
            if (c === '_') { m.push(null); continue; }
            var v = digit(c);
            if (v === undefined) return undefined;
            m.push(v);
          }
          return m;
        }
        case 'sequencing': {
          if (s.length !== n) return undefined;
          var order = [];
          for (var j = 0; j < n; j++) {
            var d = digit(s.charAt(j));
            if (d === undefined || order.indexOf(d) !== -1) return undefined;
            order.push(d);
          }
          return order;
        }
      }
      return undefined;
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

  // ---- question behaviour by type ------------------------------------------

  /** Canonical option index of an option id. */
  function indexOf(q, id) {
    return q.options.indexOf(id);
  }

  function optionInputs(Q) {
    return Array.prototype.slice.call(Q.el.querySelectorAll('.options input'));
  }

  function textOf(node) {
    return node ? node.textContent.replace(/\s+/g, ' ').trim() : '';
  }

  var Types = {
    /** The learner's current answer in canonical form, or null when there is none. */
    read: function (Q) {
      var q = Q.q;
      switch (q.type) {
        case 'single-choice':
        case 'likert': {
          var on = optionInputs(Q).filter(function (i) { return i.checked; })[0];
          return on ? indexOf(q, on.value) : null;
        }
        case 'true-false': {
          var c = optionInputs(Q).filter(function (i) { return i.checked; })[0];
          return c ? c.value === 'true' : null;
        }
        case 'multiple-response': {
          var sel = optionInputs(Q).filter(function (i) { return i.checked; })
            .map(function (i) { return indexOf(q, i.value); }).sort(function (a, b) { return a - b; });
          return sel.length ? sel : null;
        }
        case 'fill-in':
        case 'numeric': {
          var input = Q.el.querySelector('input[data-answer]');
          var v = input ? input.value : '';
          return v.trim() === '' ? null : v;
        }
        case 'matching': {
          var any = false;
          var m = q.options.map(function (pid) {
            var sel2 = Q.el.querySelector('select[data-pair-id="' + pid + '"]');
            var t = sel2 && sel2.value ? indexOf(q, sel2.value) : -1;
            if (t >= 0) { any = true; return t; }
            return null;
          });
          return any ? m : null;
        }
        case 'sequencing':
          return Array.prototype.slice.call(Q.el.querySelectorAll('li[data-item-id]'))
            .map(function (li) { return indexOf(q, li.getAttribute('data-item-id')); });
      }
      return null;
    },

    /** Puts a canonical answer back into the form. */
    apply: function (Q, r) {
      var q = Q.q;
      switch (q.type) {
        case 'single-choice':
        case 'likert':
          optionInputs(Q).forEach(function (i) { i.checked = (r != null && i.value === q.options[r]); });
          break;
        case 'true-false':
          optionInputs(Q).forEach(function (i) { i.checked = (r != null && i.value === String(r)); });
          break;
        case 'multiple-response':
          optionInputs(Q).forEach(function (i) { i.checked = !!r && r.indexOf(indexOf(q, i.value)) !== -1; });
          break;
        case 'fill-in':
        case 'numeric': {
          var input = Q.el.querySelector('input[data-answer]');
          if (input) input.value = r == null ? '' : String(r);
          break;
        }
        case 'matching':
          q.options.forEach(function (pid, i) {
            var sel = Q.el.querySelector('select[data-pair-id="' + pid + '"]');
            if (sel) sel.value = (r && r[i] != null) ? q.options[r[i]] : '';
          });
          break;
        case 'sequencing':
          if (r) {
            var list = Q.el.querySelector('ol.sequence');
            r.forEach(function (i) {
              var li = list.querySelector('li[data-item-id="' + q.options[i] + '"]');
              if (li) list.appendChild(li);
            });
          }
          break;
      }
    },

    /** "correct", "incorrect" or "neutral" (likert), for a non-null answer. */
    evaluate: function (q, r) {
      if (q.type === 'likert') return 'neutral';
      if (r == null) return 'incorrect';
      var ok = false;
      switch (q.type) {
        case 'single-choice':
          ok = q.key.length === 1 && q.options[r] === q.key[0];
          break;
        case 'multiple-response': {
          var chosen = r.map(function (i) { return q.options[i]; }).sort();
          var key = q.key.slice().sort();
          ok = chosen.length === key.length && chosen.every(function (id, i) { return id === key[i]; });
          break;
        }
        case 'true-false':
          ok = r === q.key;
          break;
        case 'fill-in': {
          var given = gradeForm(r, q.caseSensitive, q.ignoreDiacritics);
          ok = given !== '' && q.key.some(function (a) { return gradeForm(a, q.caseSensitive, q.ignoreDiacritics) === given; });
          break;
        }
        case 'numeric': {
          var x = parseNumber(r);
          if (isNaN(x) || !q.key) break;
          if (typeof q.key.exact === 'number') ok = Math.abs(x - q.key.exact) <= 1e-9;
          else ok = x >= q.key.min && x <= q.key.max;
          break;
        }
        case 'matching':
          ok = r.every(function (t, i) { return t === i; });
          break;
        case 'sequencing':
          ok = r.every(function (v, i) { return v === i; });
          break;
      }
      return ok ? 'correct' : 'incorrect';
    },

    /** The standard-neutral forms of an answer and of the right answer. */
    neutral: function (q, r) {
      var ids = function (list) { return list.map(function (i) { return q.options[i]; }); };
      switch (q.type) {
        case 'single-choice':
          return { response: r == null ? null : [q.options[r]], correct: q.key.slice() };
        case 'multiple-response':
          return { response: r == null ? null : ids(r), correct: q.key.slice() };
        case 'true-false':
          return { response: r == null ? null : r, correct: q.key };
        case 'fill-in':
          return { response: r == null ? null : normalise(r, true), correct: q.key.slice() };
        case 'numeric': {
          var x = parseNumber(r);
          return { response: (r == null || isNaN(x)) ? null : x, correct: q.key };
        }
        case 'matching': {
          var pairs = [];
          if (r) r.forEach(function (t, i) { if (t != null) pairs.push([q.options[i], q.options[t]]); });
          return {
            response: r == null ? null : pairs,
            correct: q.options.map(function (id) { return [id, id]; })
          };
        }
        case 'sequencing':
          return { response: r == null ? null : ids(r), correct: q.options.slice() };
        case 'likert':
          return { response: r == null ? null : q.options[r], correct: null };
      }
      return { response: null, correct: null };
    },

    /** Readable text of an answer (for the review), from the rendered labels. */
    describe: function (Q, r, strings) {
      var q = Q.q;
      if (r == null) return '';
      var label = function (i) {
        var input = Q.el.querySelector('.options input[value="' + q.options[i] + '"]');
        var l = input ? Q.el.querySelector('label[for="' + input.id + '"]') : null;
        return textOf(l);
      };
      switch (q.type) {
        case 'single-choice':
        case 'likert':
          return label(r);
        case 'multiple-response':
          return r.map(label).join('; ');
        case 'true-false':
          return r ? strings['true'] : strings['false'];
        case 'fill-in':
        case 'numeric':
          return String(r).trim();
        case 'matching': {
          var out = [];
          r.forEach(function (t, i) {
            if (t == null) return;
            out.push(Types.sourceText(Q, i) + ' → ' + Types.targetLabel(Q, t));
          });
          return out.join('; ');
        }
        case 'sequencing':
          return r.map(function (i) { return Types.itemText(Q, i); }).join(' → ');
      }
      return '';
    },

    describeCorrect: function (Q, strings) {
      var q = Q.q;
      switch (q.type) {
        case 'single-choice':
        case 'multiple-response':
          return Types.describe(Q, q.key.map(function (id) { return indexOf(q, id); }), strings);
        case 'true-false':
          return q.key ? strings['true'] : strings['false'];
        case 'fill-in':
          return q.key.join(' / ');
        case 'numeric':
          if (!q.key) return '';
          return typeof q.key.exact === 'number' ? String(q.key.exact) : (q.key.min + ' – ' + q.key.max);
        case 'matching':
          return Types.describe(Q, range(q.options.length), strings);
        case 'sequencing':
          return Types.describe(Q, range(q.options.length), strings);
      }
      return '';
    },

    sourceText: function (Q, i) {
      var sel = Q.el.querySelector('select[data-pair-id="' + Q.q.options[i] + '"]');
      return sel ? textOf(Q.el.querySelector('label[for="' + sel.id + '"]')) : '';
    },

    /** A matching target's full text (from the list of targets; the options carry a letter). */
    targetText: function (Q, i) {
      var item = Q.el.querySelector('[data-target-id="' + Q.q.options[i] + '"] .match-target-text');
      return textOf(item || Q.el.querySelector('select option[value="' + Q.q.options[i] + '"]'));
    },

    /** A matching target as the learner sees it: its letter and its text ("B. Plans the posts"). */
    targetLabel: function (Q, i) {
      var item = Q.el.querySelector('[data-target-id="' + Q.q.options[i] + '"]');
      var letter = item ? textOf(item.querySelector('.match-letter')) : '';
      return (letter ? letter + ' ' : '') + Types.targetText(Q, i);
    },

    itemText: function (Q, i) {
      var li = Q.el.querySelector('li[data-item-id="' + Q.q.options[i] + '"] .sequence-text');
      return textOf(li);
    }
  };

  // ---- the runtime, wrapped so it can never break the player ----------------

  /**
   * The completion rules an LMS may put in force (start's `completion`; cmi5 moveOn) and the
   * string that tells the learner what counts under each.
   */
  var REQUIREMENT = {
    'all-pages': 'requirement_all_pages',
    'assessment-passed': 'requirement_assessment_passed',
    'both': 'requirement_both',
    'either': 'requirement_either',
    'none': 'requirement_none'
  };

  function SafeRuntime(rt) {
    this.rt = rt || null;
    this.closed = false;
  }
  SafeRuntime.prototype.call = function (name) {
    if (this.closed || !this.rt || typeof this.rt[name] !== 'function') return undefined;
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      return this.rt[name].apply(this.rt, args);
    } catch (e) {
      warn('tracking call ' + name + ' failed:', e);
      return undefined;
    }
  };

  function withTimeout(value, ms) {
    return new Promise(function (resolve) {
      var done = false;
      var timer = setTimeout(function () { if (!done) { done = true; warn('tracking did not start in time'); resolve(null); } }, ms);
      Promise.resolve(value).then(function (v) {
        if (!done) { done = true; clearTimeout(timer); resolve(v); }
      }, function (e) {
        if (!done) { done = true; clearTimeout(timer); warn('tracking failed to start:', e); resolve(null); }
      });
    });
  }

  // ---- the player -----------------------------------------------------------

  function Player(data) {
    this.data = data;
    this.s = data.strings || {};
    this.pages = data.pages;
    this.lessonPages = StateCodec.lessonPages(data);
    this.sections = {};
    this.current = null;
    this.finished = false;
    this.confirmSubmit = false;
    this.saveTimer = null;
    this.rt = new SafeRuntime(typeof window !== 'undefined' ? window.CoursepackRuntime : null);
    this.st = StateCodec.fresh(data);
    this.checkQs = [];
    this.bankQs = [];
  }

  Player.prototype.$ = function (sel, rootEl) {
    return (rootEl || document).querySelector(sel);
  };

  Player.prototype.$$ = function (sel, rootEl) {
    return Array.prototype.slice.call((rootEl || document).querySelectorAll(sel));
  };

  Player.prototype.pageIndex = function (id) {
    for (var i = 0; i < this.pages.length; i++) if (this.pages[i].id === id) return i;
    return -1;
  };

  Player.prototype.start = function () {
    var self = this;
    var body = document.body;
    try { if ('scrollRestoration' in history) history.scrollRestoration = 'manual'; } catch (e) { /* ignore */ }
    body.classList.remove('no-js');
    body.classList.add('js');
    this.$$('section[data-page-id]').forEach(function (sec) {
      self.sections[sec.getAttribute('data-page-id')] = sec;
    });
    this.setupQuestions();
    this.numberMenu();
    this.bindUI();
    var c = this.data.course;
    var info = {
      courseId: c.id,
      version: c.version,
      iri: c.iri,
      title: c.title,
      lang: c.lang,
      completion: c.completion,
      storageKey: this.data.storageKey,
      pageIds: this.pages.map(function (p) { return p.id; }),
      lessonPageCount: this.lessonPages.length,
      objectives: (this.data.objectives || []).map(function (o) { return { id: o.id, iri: o.iri, title: o.title }; }),
      assessment: this.data.assessment ? {
        id: this.data.assessment.id,
        passMark: this.data.assessment.passMark,
        attempts: this.data.assessment.attempts
      } : null
    };
    withTimeout(this.rt.call('start', info), 15000).then(function (res) {
      self.resume(res || {});
    }).catch(function (e) {
      warn('could not resume:', e);
      self.resume({});
    });
  };

  /**
   * The pass mark in force (percent): the LMS's when it gave one (SCORM 2004
   * cmi.scaled_passing_score, SCORM 1.2 mastery_score), else the course's.
   */
  Player.prototype.passMark = function () {
    var A = this.data.assessment;
    if (!A) return null;
    return this.lmsPassMark != null ? this.lmsPassMark : A.passMark;
  };

  Player.prototype.resume = function (res) {
    this.tracked = !!res.tracked;
    // The LMS's mode: "review" shows the recorded attempt read-only (no new assessment attempt,
    // knowledge checks locked); "browse" (a preview) allows everything but records nothing.
    // Either way the adapter writes nothing, and a banner says so (here and on the results page).
    this.mode = this.tracked && (res.mode === 'review' || res.mode === 'browse') ? res.mode : 'normal';
    document.body.setAttribute('data-mode', this.mode);
    var pm = res.passMark;
    this.lmsPassMark = typeof pm === 'number' && isFinite(pm) && pm >= 0 && pm <= 100 ? pm : null;
    if (this.lmsPassMark != null && this.data.assessment) {
      var fact = this.$('[data-pass-mark]');
      if (fact) fact.textContent = fmt(this.s.assessment_pass_mark, { pass: this.percentText(this.lmsPassMark) });
    }
    var notice = this.$('#tracking-notice');
    if (notice && !this.tracked) {
      notice.textContent = res.persistent === false ? this.s.not_saved : this.s.not_tracked;
      notice.hidden = false;
    } else if (notice && this.mode !== 'normal') {
      notice.textContent = this.modeText();
      notice.setAttribute('data-mode', this.mode);
      notice.hidden = false;
    }
    // The LMS's own completion rule (cmi5 moveOn, in normal mode): it decides what "complete"
    // means on the results page, and the learner is told what counts, here and there.
    var rule = res.completion;
    this.lmsCompletion = this.tracked && this.mode === 'normal' && REQUIREMENT[rule] ? rule : null;
    var req = this.$('[data-requirement]');
    if (req && this.lmsCompletion) {
      req.textContent = this.requirementText();
      req.hidden = false;
    }
    if (res.learnerName) {
      var w = this.$('[data-welcome]');
      if (w) { w.textContent = fmt(this.s.welcome, { name: res.learnerName }); w.hidden = false; }
    }
    var st = null;
    try {
      st = StateCodec.parse(this.data, res.state);
    } catch (e) {
      warn('state not applied:', e);
    }
    if (st) this.st = st;
    // The learner's own seed for the checks' option order: drawn once, then kept in the state.
    if (this.st.learner == null) this.st.learner = randomSeed();
    this.arrangeChecks();
    if (st) {
      try {
        this.applyState();
      } catch (e) {
        warn('state not applied:', e);
        var learner = this.st.learner;
        this.st = StateCodec.fresh(this.data);
        this.st.learner = learner;
      }
    }
    if (this.mode === 'review') this.lockForReview();
    var target = this.fromHash();
    if (target < 0 && st && typeof res.bookmark === 'string') target = this.pageIndex(res.bookmark);
    if (target < 0) target = 0;
    this.go(this.pages[target].id, { focus: false, initial: true });
    // The browser scrolls to a #page-… fragment after loading; start at the top.
    var top = function () { try { window.scrollTo(0, 0); } catch (e) { /* ignore */ } };
    if (document.readyState !== 'complete') window.addEventListener('load', function () { setTimeout(top, 0); });
    document.body.setAttribute('data-state', 'ready');
  };

  /** What the LMS counts for the unit, in the learner's words ('' without an LMS rule). */
  Player.prototype.requirementText = function () {
    return this.lmsCompletion ? (this.s[REQUIREMENT[this.lmsCompletion]] || '') : '';
  };

  /** The banner text of the LMS's mode ('' in normal mode). */
  Player.prototype.modeText = function () {
    if (this.mode === 'review') return this.s.mode_review || '';
    if (this.mode === 'browse') return this.s.mode_browse || '';
    return '';
  };

  /** Review: every question read-only; an attempt in progress cannot be submitted. */
  Player.prototype.lockForReview = function () {
    var self = this;
    this.checkQs.concat(this.bankQs).forEach(function (Q) { self.setLocked(Q, true); });
    this.$$('button[data-action="check"], button[data-action="check-all"], button[data-action="submit-attempt"], button[data-action="start-attempt"], button[data-action="retry"]').forEach(function (b) {
      b.disabled = true;
    });
  };

  /** A percentage as the package language writes it (75.5 is "75,5" in Dutch). */
  Player.prototype.percentText = function (n) {
    try {
      return Number(n).toLocaleString(this.data.course.lang, { maximumFractionDigits: 2 });
    } catch (e) {
      return String(n);
    }
  };

  Player.prototype.fromHash = function () {
    var h = '';
    try { h = decodeURIComponent(location.hash || ''); } catch (e) { h = ''; }
    return h.indexOf('#page-') === 0 ? this.pageIndex(h.slice(6)) : -1;
  };

  // ---- wiring ---------------------------------------------------------------

  Player.prototype.bindUI = function () {
    var self = this;
    var prev = this.$('#nav-prev');
    var next = this.$('#nav-next');
    if (prev) prev.addEventListener('click', function () { self.step(-1); });
    if (next) next.addEventListener('click', function () { self.step(1); });

    var toggle = this.$('#menu-toggle');
    var menu = this.$('#menu');
    if (toggle && menu) {
      toggle.hidden = false;
      toggle.addEventListener('click', function () { self.setMenu(!menu.classList.contains('is-open')); });
      document.addEventListener('keydown', function (e) {
        if ((e.key === 'Escape' || e.key === 'Esc') && menu.classList.contains('is-open')) {
          self.setMenu(false);
          toggle.focus();
        }
      });
      document.addEventListener('click', function (e) {
        if (menu.classList.contains('is-open') && !menu.contains(e.target) && !toggle.contains(e.target)) {
          self.setMenu(false);
        }
      });
    }

    document.addEventListener('click', function (e) {
      var t = e.target;
      var link = t && t.closest ? t.closest('a[href^="#page-"]') : null;
      if (link) {
        var id = link.getAttribute('href').slice(6);
        if (self.pageIndex(id) >= 0) {
          e.preventDefault();
          self.setMenu(false);
          self.go(id, { focus: true });
        }
        return;
      }
      var btn = t && t.closest ? t.closest('button') : null;
      if (!btn || btn.disabled || btn.getAttribute('aria-disabled') === 'true') return;
      var action = btn.getAttribute('data-action');
      var move = btn.getAttribute('data-move');
      if (move) { self.onMove(btn, move); return; }
      switch (action) {
        case 'start': self.step(1); break;
        case 'check': self.onCheck(self.questionOf(btn)); break;
        case 'check-all': self.onCheckAll(btn.closest('section')); break;
        case 'start-attempt': self.startAttempt(); break;
        case 'retry': self.startAttempt(); break;
        case 'submit-attempt': self.submitAttempt(); break;
        case 'exit': self.finish(); break;
      }
    });

    var onEdit = function (e) {
      var Q = self.questionOf(e.target);
      if (Q) self.onEdit(Q);
    };
    document.addEventListener('change', onEdit);
    document.addEventListener('input', onEdit);
    // Enter in a fill-in or numeric answer checks it, like the button next to it.
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' || !e.target || !e.target.matches || !e.target.matches('input[data-answer]')) return;
      var Q = self.questionOf(e.target);
      var btn = Q ? Q.el.querySelector('button[data-action="check"]') : null;
      if (btn && !btn.disabled) {
        e.preventDefault();
        self.onCheck(Q);
      }
    });

    window.addEventListener('hashchange', function () {
      var i = self.fromHash();
      if (i >= 0 && self.pages[i].id !== self.current) self.go(self.pages[i].id, { focus: true });
    });
    var leave = function () { self.finish({ unloading: true }); };
    window.addEventListener('pagehide', leave);
    window.addEventListener('beforeunload', leave);
  };

  Player.prototype.setMenu = function (open) {
    var menu = this.$('#menu');
    var toggle = this.$('#menu-toggle');
    if (!menu || !toggle) return;
    var wasOpen = menu.classList.contains('is-open');
    menu.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var header = this.$('.topbar');
      var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      menu.style.setProperty('--menu-top', Math.round(top) + 'px');
    }
    if (open && !wasOpen) {
      var cur = menu.querySelector('a[aria-current="page"]') || menu.querySelector('a');
      if (cur) cur.focus();
    }
  };

  // ---- navigation -------------------------------------------------------------

  Player.prototype.step = function (delta) {
    var i = this.pageIndex(this.current) + delta;
    if (i >= 0 && i < this.pages.length) this.go(this.pages[i].id, { focus: true });
  };

  Player.prototype.go = function (id, opts) {
    opts = opts || {};
    var index = this.pageIndex(id);
    if (index < 0) return;
    var page = this.pages[index];
    var self = this;
    this.current = id;
    Object.keys(this.sections).forEach(function (sid) { self.sections[sid].hidden = (sid !== id); });
    this.$$('#menu a[data-page-id]').forEach(function (a) {
      if (a.getAttribute('data-page-id') === id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    try {
      document.title = page.title + ' – ' + this.data.course.title;
    } catch (e) { /* ignore */ }
    var prev = this.$('#nav-prev');
    var next = this.$('#nav-next');
    if (prev) prev.disabled = index === 0;
    if (next) next.disabled = index === this.pages.length - 1;
    var pos = this.$('#page-position');
    if (pos) pos.textContent = this.positionText(page);
    // Keep the address in step (not on the first page: Chrome would move the
    // keyboard's starting point past the skip link).
    if (!opts.initial) {
      try {
        if (history.replaceState) history.replaceState(null, '', '#page-' + id);
      } catch (e) { /* file:// in some browsers */ }
    }

    if (page.kind === 'page') {
      var li = this.lessonPages.indexOf(page);
      if (li >= 0) this.st.seen[li] = true;
    }
    if (page.kind === 'assessment') this.renderAssessment();
    if (page.kind === 'results') this.renderResults();
    var now = Date.now();
    this.questionsOn(id).forEach(function (Q) { if (!Q.startedAt) Q.startedAt = now; });
    this.renderProgress();

    var section = this.sections[id];
    if (opts.focus && section) {
      var h = section.querySelector('.page-title');
      if (h) {
        try { h.focus({ preventScroll: true }); } catch (e) { h.focus(); }
      }
    }
    try { window.scrollTo(0, 0); } catch (e) { /* ignore */ }

    this.rt.call('pageViewed', {
      pageId: id,
      index: index,
      kind: page.kind,
      title: page.title,
      pagesSeen: this.seenCount(),
      pagesTotal: this.lessonPages.length
    });
    this.report();
  };

  /**
   * The pager's words for a screen. "Page n of P" counts lesson pages only, the same pages as
   * the header's "seen" count, the menu's numbers and the results page; the other screens
   * (start, knowledge checks, the test, results) are named, not counted (templates/README.md).
   */
  Player.prototype.positionText = function (page) {
    var s = this.s;
    switch (page.kind) {
      case 'page':
        return fmt(s.page_position, { n: this.lessonPages.indexOf(page) + 1, total: this.lessonPages.length });
      case 'credits': return s.pager_start || '';
      case 'check': return s.pager_check || '';
      case 'assessment': return s.pager_assessment || '';
      case 'results': return s.pager_results || '';
    }
    return '';
  };

  /** Numbers the menu's lesson pages 1…P, as the pager counts them. */
  Player.prototype.numberMenu = function () {
    var self = this;
    this.lessonPages.forEach(function (p, i) {
      var a = self.$('#menu a[data-page-id="' + p.id + '"]');
      if (!a || a.querySelector('.menu-num')) return;
      var num = document.createElement('span');
      num.className = 'menu-num';
      num.textContent = String(i + 1);
      a.insertBefore(num, a.firstChild);
    });
  };

  Player.prototype.seenCount = function () {
    return this.st.seen.filter(Boolean).length;
  };

  Player.prototype.renderProgress = function () {
    var seen = this.seenCount();
    var total = this.lessonPages.length;
    var bar = this.$('#progress-bar');
    if (bar) { bar.max = Math.max(total, 1); bar.value = seen; }
    var text = this.$('#progress-text');
    if (text) text.textContent = fmt(this.s.progress_text, { seen: seen, total: total });
    var self = this;
    this.$$('#menu a[data-page-id]').forEach(function (a) {
      var pid = a.getAttribute('data-page-id');
      var page = self.pages[self.pageIndex(pid)];
      var done = false;
      if (page && page.kind === 'page') done = !!self.st.seen[self.lessonPages.indexOf(page)];
      else if (page && page.kind === 'check') {
        var qs = self.checkQs.filter(function (Q) { return Q.container.id === pid; });
        done = qs.length > 0 && qs.every(function (Q) { return self.st.checks[Q.index] && self.st.checks[Q.index].checked; });
      } else if (page && page.kind === 'assessment') {
        var st = self.status().assessment;
        done = !!st && (st.passed || st.attemptsLeft === 0);
      }
      a.classList.toggle('is-seen', done);
      var t = a.querySelector('.seen-text');
      if (t) t.textContent = done ? ' (' + self.s.seen + ')' : '';
    });
  };

  // ---- questions ----------------------------------------------------------------

  Player.prototype.setupQuestions = function () {
    var self = this;
    var data = this.data;
    var n = 0;
    data.checks.forEach(function (c) {
      c.questions.forEach(function (q) {
        var el = self.$('[data-question-id="' + q.id + '"]');
        if (!el) return;
        var Q = { q: q, el: el, container: c, kind: 'check', index: n++, startedAt: 0, locked: false };
        self.checkQs.push(Q);
        el.__cp = Q;
      });
    });
    if (data.assessment) {
      data.assessment.questions.forEach(function (q, i) {
        var el = self.$('[data-question-id="' + q.id + '"]');
        if (!el) return;
        var Q = { q: q, el: el, container: data.assessment, kind: 'assessment', index: i, slot: -1, startedAt: 0, locked: false };
        self.bankQs.push(Q);
        el.hidden = true;
        el.__cp = Q;
      });
    }
  };

  Player.prototype.questionOf = function (node) {
    var el = node && node.closest ? node.closest('[data-question-id]') : null;
    return el && el.__cp ? el.__cp : null;
  };

  Player.prototype.questionsOn = function (pageId) {
    var a = this.data.assessment;
    if (a && pageId === a.id) {
      return this.st.asmt.s === 1 ? this.drawnQs() : [];
    }
    return this.checkQs.filter(function (Q) { return Q.container.id === pageId; });
  };

  /** Orders a question's options for display: shuffled choices (when on), shuffled matching targets, scrambled sequence. */
  Player.prototype.arrange = function (Q, seed) {
    var q = Q.q;
    var doShuffle = q.shuffle != null ? q.shuffle : !!Q.container.shuffle;
    var order = arrangement(q, doShuffle, seed);
    if (order.choices) {
      var box = Q.el.querySelector('.options');
      order.choices.forEach(function (i) {
        var input = box.querySelector('input[value="' + q.options[i] + '"]');
        if (input) box.appendChild(input.closest('.option'));
      });
    }
    if (order.targets) {
      var list = Q.el.querySelector('[data-match-targets]');
      order.targets.forEach(function (i) {
        var item = list ? list.querySelector('[data-target-id="' + q.options[i] + '"]') : null;
        if (item) list.appendChild(item);
      });
      Array.prototype.slice.call(Q.el.querySelectorAll('select[data-pair-id]')).forEach(function (sel) {
        order.targets.forEach(function (i) {
          var opt = sel.querySelector('option[value="' + q.options[i] + '"]');
          if (opt) sel.appendChild(opt);
        });
      });
      this.renderMatching(Q);
    }
    if (order.sequence) {
      Types.apply(Q, order.sequence);
      this.updateMoveButtons(Q);
    }
  };

  /** Knowledge checks: each learner's own order, from the seed kept in their state. */
  Player.prototype.arrangeChecks = function () {
    var self = this;
    var seed = this.st.learner;
    this.checkQs.forEach(function (Q) { self.arrange(Q, hash32(seed + '/' + Q.q.iid)); });
  };

  Player.prototype.updateMoveButtons = function (Q) {
    var items = Array.prototype.slice.call(Q.el.querySelectorAll('li[data-item-id]'));
    items.forEach(function (li, i) {
      var up = li.querySelector('button[data-move="up"]');
      var down = li.querySelector('button[data-move="down"]');
      if (up) up.setAttribute('aria-disabled', i === 0 ? 'true' : 'false');
      if (down) down.setAttribute('aria-disabled', i === items.length - 1 ? 'true' : 'false');
    });
  };

  /**
   * Matching: letters the targets in their shown order, writes "B. full text" into every
   * select's options, and marks the targets already chosen (in the list, with the sources
   * that chose them, and in the other selects' options).
   */
  Player.prototype.renderMatching = function (Q) {
    var s = this.s;
    var list = Q.el.querySelector('[data-match-targets]');
    if (!list) return;
    var letters = {};
    var texts = {};
    var items = Array.prototype.slice.call(list.querySelectorAll('[data-target-id]'));
    items.forEach(function (li, k) {
      var id = li.getAttribute('data-target-id');
      var letter = li.querySelector('.match-letter');
      if (!letter) {
        letter = document.createElement('span');
        letter.className = 'match-letter';
        li.insertBefore(letter, li.firstChild);
      }
      letters[id] = k < 26 ? String.fromCharCode(65 + k) + '.' : 'Z' + (k - 25) + '.';
      letter.textContent = letters[id];
      texts[id] = textOf(li.querySelector('.match-target-text'));
    });
    var selects = Array.prototype.slice.call(Q.el.querySelectorAll('select[data-pair-id]'));
    var usedBy = {};
    selects.forEach(function (sel) {
      if (!sel.value) return;
      (usedBy[sel.value] = usedBy[sel.value] || []).push(textOf(Q.el.querySelector('label[for="' + sel.id + '"]')));
    });
    items.forEach(function (li) {
      var by = usedBy[li.getAttribute('data-target-id')];
      li.classList.toggle('is-used', !!by);
      li.setAttribute('data-used', by ? 'true' : 'false');
      var note = li.querySelector('[data-used-by]');
      if (note) note.textContent = by ? ' ' + fmt(s.matching_used_by, { source: by.join('; ') }) : '';
    });
    selects.forEach(function (sel) {
      Array.prototype.slice.call(sel.options).forEach(function (opt) {
        if (!opt.value || !letters[opt.value]) return;
        var by = usedBy[opt.value] || [];
        var elsewhere = by.length > (sel.value === opt.value ? 1 : 0);
        opt.textContent = letters[opt.value] + ' ' + texts[opt.value] + (elsewhere ? ' (' + s.matching_used + ')' : '');
      });
    });
  };

  Player.prototype.onMove = function (btn, dir) {
    var Q = this.questionOf(btn);
    if (!Q || Q.locked) return;
    var li = btn.closest('li[data-item-id]');
    var list = li.parentNode;
    var items = Array.prototype.slice.call(list.children);
    var i = items.indexOf(li);
    var j = dir === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= items.length) return;
    if (dir === 'up') list.insertBefore(li, items[j]);
    else list.insertBefore(items[j], li);
    btn.focus();
    this.updateMoveButtons(Q);
    items.forEach(function (x) { x.classList.remove('just-moved'); });
    li.classList.add('just-moved');
    var live = Q.el.querySelector('[data-sequence-live]');
    if (live) {
      live.textContent = fmt(this.s.moved, {
        item: textOf(li.querySelector('.sequence-text')),
        pos: j + 1,
        total: items.length
      });
    }
    this.onEdit(Q);
  };

  Player.prototype.setLocked = function (Q, locked) {
    Q.locked = locked;
    this.$$('input, select, button[data-move], button[data-action="check"]', Q.el).forEach(function (c) {
      c.disabled = locked;
    });
  };

  Player.prototype.clearFeedback = function (Q) {
    var region = Q.el.querySelector('[data-feedback-region]');
    if (region) { region.textContent = ''; region.className = 'feedback'; }
  };

  Player.prototype.message = function (Q, text) {
    var region = Q.el.querySelector('[data-feedback-region]');
    if (!region) return;
    region.className = 'feedback';
    region.textContent = '';
    var p = document.createElement('p');
    p.className = 'message';
    p.textContent = text;
    region.appendChild(p);
  };

  /** Copies the server-rendered feedback HTML (safe, from markdown) into `target`. */
  function copyFeedback(Q, selector, target) {
    var src = Q.el.querySelector('.feedback-source ' + selector);
    if (!src || !src.childNodes.length) return false;
    var wrap = document.createElement('div');
    wrap.className = 'feedback-text';
    Array.prototype.slice.call(src.childNodes).forEach(function (n) { wrap.appendChild(n.cloneNode(true)); });
    target.appendChild(wrap);
    return true;
  }

  function verdict(strings, result) {
    var p = document.createElement('p');
    p.className = 'verdict';
    var icon = document.createElement('span');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = result === 'correct' ? '✓' : (result === 'incorrect' ? '✗' : '•');
    var text = document.createElement('span');
    text.textContent = result === 'correct' ? strings.correct : (result === 'incorrect' ? strings.incorrect : strings.neutral);
    p.appendChild(icon);
    p.appendChild(text);
    return p;
  }

  /**
   * Matching: one line per pair of a wrong answer, saying which source got which target and
   * whether that is right; the right target of a wrong pair only when `reveal` allows it.
   */
  function pairFeedback(Q, r, strings, reveal) {
    var ul = document.createElement('ul');
    ul.className = 'pair-feedback';
    ul.setAttribute('data-pair-feedback', '');
    Q.q.options.forEach(function (pid, i) {
      var t = r ? r[i] : null;
      var ok = t === i;
      var li = document.createElement('li');
      li.className = ok ? 'pair-ok' : 'pair-wrong';
      li.setAttribute('data-pair-id', pid);
      li.setAttribute('data-pair-result', ok ? 'correct' : 'incorrect');
      var icon = document.createElement('span');
      icon.setAttribute('aria-hidden', 'true');
      icon.className = 'pair-icon';
      icon.textContent = ok ? '✓' : '✗';
      li.appendChild(icon);
      var source = Types.sourceText(Q, i);
      var text = t == null ? fmt(strings.pair_missing, { source: source })
        : fmt(ok ? strings.pair_right : strings.pair_wrong, { source: source, target: Types.targetLabel(Q, t) });
      if (!ok && reveal) text += ' ' + fmt(strings.pair_should_be, { target: Types.targetLabel(Q, i) });
      li.appendChild(document.createTextNode(' ' + text));
      ul.appendChild(li);
    });
    return ul;
  }

  /** Appends the verdict, the overall feedback and the selected choices' feedback (or the pairs). */
  function fillFeedback(Q, r, result, strings, target, reveal) {
    target.appendChild(verdict(strings, result));
    if (Q.q.type === 'matching' && r != null && result === 'incorrect') target.appendChild(pairFeedback(Q, r, strings, !!reveal));
    copyFeedback(Q, '[data-feedback="' + result + '"]', target);
    var q = Q.q;
    if (r != null && (q.type === 'single-choice' || q.type === 'multiple-response')) {
      var sel = q.type === 'single-choice' ? [r] : r;
      sel.forEach(function (i) {
        var box = document.createElement('div');
        box.className = 'feedback-choice';
        if (copyFeedback(Q, '[data-choice-feedback="' + q.options[i] + '"]', box)) target.appendChild(box);
      });
    }
  }

  Player.prototype.showFeedback = function (Q, r, result, mode) {
    var region = Q.el.querySelector('[data-feedback-region]');
    if (!region) return;
    region.textContent = '';
    if (mode === 'none' || mode === 'at-end-hidden') {
      region.className = 'feedback';
      var p = document.createElement('p');
      p.textContent = this.s.saved;
      region.appendChild(p);
      return;
    }
    region.className = 'feedback ' + (result === 'correct' ? 'is-correct' : (result === 'incorrect' ? 'is-incorrect' : 'is-neutral'));
    // A knowledge check can be answered again, so it marks wrong pairs without the right ones;
    // the assessment follows its reveal policy.
    fillFeedback(Q, r, result, this.s, region, Q.kind === 'assessment' && this.revealCorrect());
  };

  /** Reads and validates an answer; shows a message and returns undefined when there is none. */
  Player.prototype.validAnswer = function (Q) {
    var r = Types.read(Q);
    if (r == null) { this.message(Q, this.s.no_answer); return undefined; }
    if (Q.q.type === 'numeric' && isNaN(parseNumber(r))) { this.message(Q, this.s.not_a_number); return undefined; }
    return r;
  };

  Player.prototype.onEdit = function (Q) {
    if (Q && Q.q.type === 'matching') this.renderMatching(Q);
    // The answer's latency runs from when its question was shown to the learner's last change.
    if (Q && !Q.locked) Q.editedAt = Date.now();
    if (Q.kind === 'check') {
      if (!Q.locked) this.clearFeedback(Q);
      return;
    }
    var a = this.st.asmt;
    if (!a || a.s !== 1 || Q.slot < 0 || Q.locked) return;
    var r = Types.read(Q);
    a.entries[Q.slot] = r == null ? null : { r: r, checked: false };
    this.confirmSubmit = false;
    var msg = this.$('[data-submit-message]');
    if (msg) msg.textContent = '';
    this.clearFeedback(Q);
    this.renderAnsweredCount();
    this.scheduleSave();
  };

  Player.prototype.onCheck = function (Q) {
    if (!Q || Q.locked) return;
    var r = this.validAnswer(Q);
    if (r === undefined) return;
    var result = Types.evaluate(Q.q, r);
    if (Q.kind === 'check') {
      this.showFeedback(Q, r, result, Q.container.feedback);
      this.st.checks[Q.index] = { r: r, checked: true };
      this.answered(Q, r, result);
      this.renderProgress();
      this.report({ commit: false });
      return;
    }
    var a = this.st.asmt;
    if (!a || a.s !== 1 || Q.slot < 0) return;
    a.entries[Q.slot] = { r: r, checked: true };
    this.setLocked(Q, true);
    this.showFeedback(Q, r, result, this.data.assessment.feedback);
    this.answered(Q, r, result);
    this.renderAnsweredCount();
    this.report({ commit: false });
  };

  Player.prototype.onCheckAll = function (section) {
    var self = this;
    if (!section) return;
    var any = false;
    this.checkQs.filter(function (Q) { return section.contains(Q.el); }).forEach(function (Q) {
      var r = self.validAnswer(Q);
      if (r === undefined) return;
      var result = Types.evaluate(Q.q, r);
      self.showFeedback(Q, r, result, 'immediate');
      self.st.checks[Q.index] = { r: r, checked: true };
      self.answered(Q, r, result);
      any = true;
    });
    if (any) {
      this.renderProgress();
      this.report({ commit: false });
    }
  };

  /** Tells the runtime about one answer (a new interaction each time). */
  Player.prototype.answered = function (Q, r, result) {
    var now = Date.now();
    var n = Types.neutral(Q.q, r);
    var a = this.st.asmt;
    this.rt.call('answered', {
      questionId: Q.q.id,
      interactionId: Q.q.iid,
      containerId: Q.container.id,
      context: Q.kind,
      type: Q.q.type,
      response: n.response,
      correctResponse: n.correct,
      options: Q.q.options.slice(),
      result: result,
      weight: Q.q.weight,
      latencyMs: Math.max(0, (Q.editedAt && Q.editedAt >= (Q.startedAt || 0) ? Q.editedAt : now) - (Q.startedAt || now)),
      timestamp: new Date(now).toISOString(),
      prompt: Q.q.prompt,
      caseSensitive: !!Q.q.caseSensitive,
      attempt: Q.kind === 'assessment' && a ? a.n : null
    });
    Q.startedAt = now;
    Q.editedAt = 0;
  };

  // ---- the assessment -----------------------------------------------------------

  Player.prototype.drawnQs = function () {
    var self = this;
    var a = this.st.asmt;
    return a ? a.draw.map(function (bi) { return self.bankQs[bi]; }).filter(Boolean) : [];
  };

  Player.prototype.computeDraw = function (seed) {
    var A = this.data.assessment;
    if (A.quotas) return drawByQuota(A, prng(hash32('draw/' + seed)));
    var all = shuffle(range(A.questions.length), prng(hash32('draw/' + seed)));
    var picked = all.slice(0, A.draw);
    if (!A.shuffle) picked.sort(function (x, y) { return x - y; });
    return picked;
  };

  /** Shows the drawn questions in draw order, in the arrangement of this attempt's seed. */
  Player.prototype.layoutAttempt = function () {
    var self = this;
    var a = this.st.asmt;
    var box = this.$('[data-assessment-questions]');
    this.bankQs.forEach(function (Q) { Q.el.hidden = true; Q.slot = -1; });
    var drawn = this.drawnQs();
    drawn.forEach(function (Q, k) {
      Q.slot = k;
      Q.el.hidden = false;
      if (box) box.appendChild(Q.el);
      self.resetQuestion(Q);
      var num = Q.el.querySelector('.question-number');
      if (num) num.textContent = fmt(self.s.question_n, { n: k + 1, total: drawn.length });
      self.arrange(Q, hash32(a.seed + '/' + Q.q.iid));
      // A sequence always has an order: the one shown is the learner's answer until they move
      // an item, so it counts as answered from the start.
      if (!a.entries[k] && a.s === 1 && Q.q.type === 'sequencing') a.entries[k] = { r: Types.read(Q), checked: false };
      var e = a.entries[k];
      if (e) {
        Types.apply(Q, e.r);
        if (Q.q.type === 'sequencing') self.updateMoveButtons(Q);
        if (Q.q.type === 'matching') self.renderMatching(Q);
        if (e.checked) {
          self.setLocked(Q, true);
          if (a.s === 1) self.showFeedback(Q, e.r, Types.evaluate(Q.q, e.r), self.data.assessment.feedback);
        }
      }
      if (a.s === 2) self.setLocked(Q, true);
    });
  };

  Player.prototype.resetQuestion = function (Q) {
    this.setLocked(Q, false);
    this.clearFeedback(Q);
    Q.startedAt = 0;
    this.$$('input[type="radio"], input[type="checkbox"]', Q.el).forEach(function (i) { i.checked = false; });
    this.$$('input[data-answer]', Q.el).forEach(function (i) { i.value = ''; });
    this.$$('select', Q.el).forEach(function (s) { s.value = ''; });
    var live = Q.el.querySelector('[data-sequence-live]');
    if (live) live.textContent = '';
    this.$$('.just-moved', Q.el).forEach(function (x) { x.classList.remove('just-moved'); });
  };

  Player.prototype.canStartAttempt = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a || this.finished) return false;
    var passed = a.best != null && a.best >= this.passMark();
    return this.mode !== 'review' && a.s !== 1 && !passed && a.n < A.attempts;
  };

  Player.prototype.startAttempt = function () {
    if (!this.canStartAttempt()) return;
    var a = this.st.asmt;
    a.n += 1;
    a.s = 1;
    a.seed = randomSeed();
    a.draw = this.computeDraw(a.seed);
    a.entries = a.draw.map(function () { return null; });
    this.confirmSubmit = false;
    this.layoutAttempt();
    var now = Date.now();
    this.drawnQs().forEach(function (Q) { Q.startedAt = now; });
    var id = this.data.assessment.id;
    if (this.current !== id) {
      this.go(id, { focus: false });
    } else {
      this.renderAssessment();
      this.report();
    }
    var label = this.$('[data-attempt-label]');
    if (label) {
      label.setAttribute('tabindex', '-1');
      try { label.focus({ preventScroll: false }); } catch (e) { label.focus(); }
    }
  };

  Player.prototype.renderAnsweredCount = function () {
    var el = this.$('[data-answered-count]');
    var a = this.st.asmt;
    if (!el || !a) return;
    var n = a.entries.filter(Boolean).length;
    el.textContent = fmt(this.s.answered_count, { n: n, total: a.draw.length });
  };

  Player.prototype.renderAssessment = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a) return;
    var intro = this.$('[data-assessment-intro]');
    var attempt = this.$('[data-assessment-attempt]');
    var inProgress = a.s === 1;
    if (intro) intro.hidden = inProgress;
    if (attempt) attempt.hidden = !inProgress;
    if (inProgress) {
      var label = this.$('[data-attempt-label]');
      if (label) label.textContent = fmt(this.s.attempt_label, { n: a.n, total: A.attempts });
      this.renderAnsweredCount();
      return;
    }
    var passed = a.best != null && a.best >= this.passMark();
    var status = this.$('[data-assessment-status]');
    if (status) {
      var text = '';
      if (a.s === 2) {
        text = passed ? this.s.assessment_passed
          : (a.n >= A.attempts ? this.s.assessment_no_attempts : fmt(this.s.assessment_submitted, { n: a.n }));
      }
      status.textContent = text;
      status.hidden = !text;
    }
    var start = this.$('button[data-action="start-attempt"]');
    if (start) {
      start.hidden = !this.canStartAttempt();
      start.textContent = a.n === 0 ? this.s.start_attempt : fmt(this.s.retry, { n: a.n + 1, total: A.attempts });
    }
    var link = this.$('[data-results-link]');
    if (link) link.hidden = a.s !== 2;
  };

  Player.prototype.submitAttempt = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a || a.s !== 1 || this.finished || this.mode === 'review') return;
    var self = this;
    var drawn = this.drawnQs();
    var unanswered = drawn.filter(function (Q) { return !a.entries[Q.slot]; }).length;
    var msg = this.$('[data-submit-message]');
    if (unanswered > 0 && !this.confirmSubmit) {
      this.confirmSubmit = true;
      if (msg) msg.textContent = fmt(this.s.unanswered_confirm, { n: unanswered });
      return;
    }
    this.confirmSubmit = false;
    if (msg) msg.textContent = '';
    var total = 0;
    var got = 0;
    drawn.forEach(function (Q) {
      var e = a.entries[Q.slot];
      var r = e ? e.r : null;
      if (r == null && Q.q.type === 'sequencing') r = Types.read(Q);
      if (Q.q.type === 'numeric' && r != null && isNaN(parseNumber(r))) r = null;
      var result = r == null && Q.q.type !== 'likert' ? 'incorrect' : Types.evaluate(Q.q, r);
      if (!e || !e.checked) {
        a.entries[Q.slot] = r == null ? null : { r: r, checked: true };
        self.answered(Q, r, result);
      }
      if (Q.q.type !== 'likert') {
        total += Q.q.weight;
        if (result === 'correct') got += Q.q.weight;
      }
      self.setLocked(Q, true);
    });
    var score = total > 0 ? Math.round(100 * got / total) : 0;
    a.s = 2;
    a.last = score;
    a.best = a.best == null ? score : Math.max(a.best, score);
    var st = this.status();
    this.rt.call('assessmentScored', {
      score: score,
      best: a.best,
      passed: st.assessment.passed,
      passMark: this.passMark(),
      attempt: a.n,
      attempts: A.attempts,
      attemptsLeft: st.assessment.attemptsLeft,
      objectives: st.assessment.objectives
    });
    var results = this.pages.filter(function (p) { return p.kind === 'results'; })[0];
    if (results) this.go(results.id, { focus: true });
    else this.report();
  };

  /** The score per objective of the last submitted attempt ([] while none is, or during an attempt). */
  Player.prototype.objectiveResults = function () {
    var a = this.st.asmt;
    if (!a || a.s !== 2 || !(this.data.objectives || []).length) return [];
    return objectiveScores(this.data, a.draw, a.entries, this.passMark());
  };

  /** Where the learner stands, for the runtime and the results page. */
  Player.prototype.status = function () {
    var seen = this.seenCount();
    var total = this.lessonPages.length;
    var allSeen = seen >= total;
    var A = this.data.assessment;
    var a = this.st.asmt;
    var asmt = null;
    if (A && a) {
      var attempted = a.last != null;
      var passed = attempted && a.best >= this.passMark();
      asmt = {
        attempted: attempted,
        score: attempted ? a.best : null,
        lastScore: a.last,
        passed: passed,
        passMark: this.passMark(),
        attempt: a.n,
        attempts: A.attempts,
        attemptsLeft: Math.max(0, A.attempts - a.n),
        inProgress: a.s === 1,
        objectives: this.objectiveResults()
      };
    }
    // The rule in force: the LMS's when it gave one (cmi5 moveOn), else the course's.
    var rule = this.lmsCompletion || this.data.course.completion;
    var passedIt = !!(asmt && asmt.passed);
    var complete = rule === 'all-pages' ? allSeen
      : rule === 'assessment-passed' ? passedIt
        : rule === 'either' ? (allSeen || passedIt)
          : rule === 'none' ? true : (allSeen && passedIt);
    return {
      completion: rule,
      pagesSeen: seen,
      pagesTotal: total,
      allPagesSeen: allSeen,
      complete: complete,
      assessment: asmt
    };
  };

  // ---- the results page -----------------------------------------------------------

  function addRow(dl, term, value, cls) {
    var dt = document.createElement('dt');
    dt.textContent = term;
    var dd = document.createElement('dd');
    if (value && value.nodeType) dd.appendChild(value);
    else dd.textContent = value;
    if (cls) dd.className = cls;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function mark(ok, text) {
    var span = document.createElement('span');
    var icon = document.createElement('span');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = ok ? '✓ ' : '✗ ';
    span.appendChild(icon);
    span.appendChild(document.createTextNode(text));
    return span;
  }

  Player.prototype.renderResults = function () {
    var s = this.s;
    var st = this.status();
    var res = this.$('#results');
    if (!res) return;
    var A = this.data.assessment;
    var a = this.st.asmt;
    var dl = res.querySelector('[data-results-summary]');
    dl.textContent = '';
    var note = res.querySelector('[data-mode-note]');
    if (this.mode && this.mode !== 'normal') {
      if (!note) {
        note = document.createElement('p');
        note.className = 'tracking-notice';
        note.setAttribute('data-mode-note', this.mode);
        dl.parentNode.insertBefore(note, dl);
      }
      note.textContent = this.modeText();
    }
    var reqNote = res.querySelector('[data-requirement-note]');
    if (this.lmsCompletion && !reqNote) {
      reqNote = document.createElement('p');
      reqNote.className = 'requirement';
      reqNote.setAttribute('data-requirement-note', this.lmsCompletion);
      reqNote.textContent = this.requirementText();
      dl.parentNode.insertBefore(reqNote, dl);
    }
    addRow(dl, s.results_pages, fmt(s.results_pages_value, { seen: st.pagesSeen, total: st.pagesTotal }));
    addRow(dl, s.results_course, mark(st.complete, st.complete ? s.results_complete : s.results_incomplete),
      st.complete ? 'status-ok' : '');
    this.renderRemaining(res, dl, st);
    var x = st.assessment;
    res.setAttribute('data-complete', st.complete ? 'true' : 'false');
    res.setAttribute('data-attempt', String(a ? a.n : 0));
    res.setAttribute('data-score', x && x.attempted ? String(a.last) : '');
    res.setAttribute('data-best', x && x.attempted ? String(a.best) : '');
    res.setAttribute('data-passed', x && x.attempted ? String(x.passed) : '');
    var retry = res.querySelector('button[data-action="retry"]');
    var goA = res.querySelector('[data-go-assessment]');
    var review = res.querySelector('[data-review]');
    review.textContent = '';
    if (!A || !a) return;
    if (!x.attempted) {
      addRow(dl, s.results_score, s.results_not_taken);
    } else {
      addRow(dl, s.results_score, fmt(s.results_percent, { n: a.last }));
      if (a.n > 1 && a.best !== a.last) addRow(dl, s.results_best, fmt(s.results_percent, { n: a.best }));
      addRow(dl, s.results_pass_mark, fmt(s.results_percent, { n: this.percentText(this.passMark()) }));
      addRow(dl, s.results_status, mark(x.passed, x.passed ? s.results_passed : s.results_failed),
        x.passed ? 'status-ok' : 'status-bad');
    }
    addRow(dl, s.results_attempts, fmt(s.results_of, { used: a.n, total: A.attempts }));
    if (retry) {
      retry.hidden = !(a.s === 2 && this.canStartAttempt());
      retry.textContent = fmt(s.retry, { n: a.n + 1, total: A.attempts });
    }
    if (goA) goA.hidden = !(a.n === 0 || a.s === 1);
    this.renderObjectiveResults(res, x.objectives);
    if (a.s !== 2) return;
    var h = document.createElement('h2');
    h.textContent = s.review_title;
    review.appendChild(h);
    if (A.feedback === 'none') {
      var p = document.createElement('p');
      p.textContent = s.review_none_mode;
      review.appendChild(p);
      return;
    }
    // The reveal policy (assessment.review.show_correct): right/wrong per question always, the right
    // answers and the answer feedback only when the policy allows, so a retry cannot copy them.
    var reveal = this.revealCorrect();
    if (!reveal) {
      var later = document.createElement('p');
      later.setAttribute('data-correct-hidden', '');
      var policy = String(A.showCorrect || 'after-last-attempt').replace(/-/g, '_');
      later.textContent = s['review_correct_' + policy] || s.review_correct_after_last_attempt || '';
      review.appendChild(later);
    }
    var ol = document.createElement('ol');
    var drawn = this.drawnQs();
    drawn.forEach(function (Q, k) {
      var e = a.entries[k];
      var r = e ? e.r : null;
      var result = r == null && Q.q.type !== 'likert' ? 'incorrect' : Types.evaluate(Q.q, r);
      var li = document.createElement('li');
      li.className = 'review-item';
      var h3 = document.createElement('h3');
      h3.textContent = fmt(s.question_n, { n: k + 1, total: drawn.length });
      li.appendChild(h3);
      var prompt = document.createElement('p');
      prompt.textContent = Q.q.prompt;
      li.appendChild(prompt);
      var d = document.createElement('dl');
      addRow(d, s.review_your_answer, r == null ? s.review_no_answer : Types.describe(Q, r, s));
      if (Q.q.type !== 'likert' && reveal) addRow(d, s.review_right_answer, Types.describeCorrect(Q, s));
      li.appendChild(d);
      var fb = document.createElement('div');
      fb.className = 'feedback ' + (result === 'correct' ? 'is-correct' : (result === 'incorrect' ? 'is-incorrect' : 'is-neutral'));
      if (reveal) fillFeedback(Q, r, result, s, fb, true);
      else {
        fb.appendChild(verdict(s, result));
        if (Q.q.type === 'matching' && r != null && result === 'incorrect') fb.appendChild(pairFeedback(Q, r, s, false));
      }
      li.appendChild(fb);
      ol.appendChild(li);
    });
    review.appendChild(ol);
  };

  /**
   * The results page: when the completion rule needs every lesson page and some are unseen,
   * lists them by lesson and title, each a link to the page ([data-results-remaining]).
   */
  Player.prototype.renderRemaining = function (res, dl, st) {
    var s = this.s;
    var box = res.querySelector('[data-results-remaining]');
    if (!box) {
      box = document.createElement('div');
      box.className = 'remaining';
      box.setAttribute('data-results-remaining', '');
      dl.parentNode.insertBefore(box, dl.nextSibling);
    }
    box.textContent = '';
    var needsPages = st.completion === 'all-pages' || st.completion === 'both';
    var self = this;
    var left = this.lessonPages.filter(function (p, i) { return !self.st.seen[i]; });
    box.hidden = !needsPages || left.length === 0;
    if (box.hidden) return;
    var h = document.createElement('h2');
    h.id = 'results-remaining-title';
    h.textContent = fmt(s.results_remaining_title, { n: left.length, total: st.pagesTotal });
    box.appendChild(h);
    var ul = document.createElement('ul');
    ul.setAttribute('aria-labelledby', h.id);
    left.forEach(function (p) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#page-' + p.id;
      a.setAttribute('data-page-id', p.id);
      var num = self.lessonPages.indexOf(p) + 1;
      var menuLink = self.$('#menu a[data-page-id="' + p.id + '"]');
      var lesson = menuLink && menuLink.closest('.menu-lesson') ? textOf(menuLink.closest('.menu-lesson').querySelector('.menu-lesson-title')) : '';
      a.textContent = fmt(s.results_remaining_page, { n: num, title: p.title });
      li.appendChild(a);
      if (lesson) {
        var span = document.createElement('span');
        span.className = 'remaining-lesson';
        span.textContent = ' — ' + lesson;
        li.appendChild(span);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  };

  /**
   * The results page's table of the last attempt's score per learning objective
   * (`[data-objective-results]`, before the answers): objective, score and
   * passed / not yet against the pass mark. Hidden while there is none.
   */
  Player.prototype.renderObjectiveResults = function (res, list) {
    var s = this.s;
    var box = res.querySelector('[data-objective-results]');
    if (!box) {
      box = document.createElement('section');
      box.className = 'objective-results';
      box.setAttribute('data-objective-results', '');
      box.setAttribute('aria-labelledby', 'objective-results-title');
      var review = res.querySelector('[data-review]');
      res.insertBefore(box, review || null);
    }
    box.textContent = '';
    var titles = {};
    (this.data.objectives || []).forEach(function (o) { titles[o.id] = o.title; });
    box.hidden = !(list && list.length);
    if (box.hidden) return;
    var h = document.createElement('h2');
    h.id = 'objective-results-title';
    h.textContent = s.objective_results_title;
    box.appendChild(h);
    var note = document.createElement('p');
    note.textContent = fmt(s.objective_results_note, { n: this.percentText(this.passMark()) });
    box.appendChild(note);
    var table = document.createElement('table');
    table.setAttribute('aria-labelledby', 'objective-results-title');
    var head = table.createTHead().insertRow();
    [s.objective_results_objective, s.objective_results_score, s.objective_results_result].forEach(function (text) {
      var th = document.createElement('th');
      th.setAttribute('scope', 'col');
      th.textContent = text;
      head.appendChild(th);
    });
    var body = table.createTBody();
    list.forEach(function (o) {
      var tr = body.insertRow();
      tr.setAttribute('data-objective', o.id);
      tr.setAttribute('data-score', o.score == null ? '' : String(o.score));
      tr.setAttribute('data-passed', o.passed == null ? '' : String(o.passed));
      var th = document.createElement('th');
      th.setAttribute('scope', 'row');
      th.textContent = titles[o.id] || o.id;
      tr.appendChild(th);
      var score = tr.insertCell();
      var result = tr.insertCell();
      if (o.score == null) {
        score.textContent = '–';
        result.textContent = s.objective_results_not_measured;
      } else {
        score.textContent = fmt(s.results_percent, { n: o.score });
        result.appendChild(mark(o.passed, o.passed ? s.objective_results_passed : s.objective_results_not_yet));
        result.className = o.passed ? 'status-ok' : 'status-bad';
      }
    });
    box.appendChild(table);
  };

  /** Whether the results page may show the right answers now (assessment.review.show_correct). */
  Player.prototype.revealCorrect = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a) return false;
    var passed = a.best != null && a.best >= this.passMark();
    switch (A.showCorrect) {
      case 'always': return true;
      case 'never': return false;
      case 'after-pass': return passed;
      default: return passed || a.n >= A.attempts;
    }
  };

  // ---- state, reporting, exit ----------------------------------------------------------

  /** Puts a resumed state back into the page. */
  Player.prototype.applyState = function () {
    var self = this;
    this.checkQs.forEach(function (Q) {
      var e = self.st.checks[Q.index];
      if (!e) return;
      Types.apply(Q, e.r);
      if (Q.q.type === 'sequencing') self.updateMoveButtons(Q);
      if (Q.q.type === 'matching') self.renderMatching(Q);
      if (e.checked) self.showFeedback(Q, e.r, Types.evaluate(Q.q, e.r), Q.container.feedback);
    });
    var a = this.st.asmt;
    if (a && a.s !== 0) this.layoutAttempt();
    this.renderProgress();
  };

  Player.prototype.bookmark = function () {
    return this.current || '';
  };

  Player.prototype.save = function () {
    if (this.saveTimer) { clearTimeout(this.saveTimer); this.saveTimer = null; }
    var text;
    try {
      text = StateCodec.serialize(this.data, this.st);
    } catch (e) {
      warn('could not serialise the state:', e);
      return;
    }
    this.rt.call('saveState', text, this.bookmark());
  };

  Player.prototype.scheduleSave = function () {
    var self = this;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(function () { self.saveTimer = null; self.save(); }, 400);
  };

  /**
   * After a page view or an answer: progress and state; a checkpoint (commit) at the meaningful
   * points only — a page change, a submitted attempt, the exit — not after every answer
   * (`{commit: false}`): each SCORM commit is a synchronous request the LMS answers by storing
   * every changed value.
   */
  Player.prototype.report = function (opts) {
    this.renderProgress();
    this.rt.call('progress', this.status());
    this.save();
    if (!(opts && opts.commit === false)) this.rt.call('checkpoint');
  };

  Player.prototype.finish = function (how) {
    if (this.finished) return;
    var unloading = !!(how && how.unloading);
    this.finished = true;
    var self = this;
    var st = this.status();
    var x = st.assessment;
    var suspend = !st.complete || !!(x && !x.passed && x.attemptsLeft > 0);
    this.rt.call('progress', st);
    this.save();
    var done = function () {
      self.rt.closed = true;
      document.body.setAttribute('data-state', 'finished');
    };
    var r = this.rt.call('exit', { suspend: suspend, unloading: unloading, status: st });
    if (r && typeof r.then === 'function') {
      r.then(done, function (e) { warn('exit failed:', e); done(); });
    } else {
      done();
    }
    var main = this.$('#main');
    if (main && !this.$('.finished-banner')) {
      var p = document.createElement('p');
      p.className = 'finished-banner';
      p.textContent = this.tracked ? this.s.finished : this.s.finished_not_tracked;
      main.insertBefore(p, main.firstChild);
      var live = this.$('#status');
      if (live) live.textContent = p.textContent;
    }
    this.$$('button[data-action="exit"]').forEach(function (b) { b.disabled = true; });
  };

  function boot() {
    var el = document.getElementById('course-data');
    var data = null;
    try {
      data = JSON.parse(el ? el.textContent : 'null');
    } catch (e) {
      warn('the course data cannot be read:', e);
    }
    if (!data || !data.pages) {
      document.body.setAttribute('data-state', 'ready');
      return;
    }
    try {
      var player = new Player(data);
      window.coursepack = {
        player: player,
        exit: function () { player.finish(); },
        state: function () { return StateCodec.serialize(player.data, player.st); }
      };
      player.start();
    } catch (e) {
      warn('the player failed to start:', e);
      document.body.setAttribute('data-state', 'ready');
    }
  }

  return {
    boot: boot,
    StateCodec: StateCodec,
    Types: Types,
    hash32: hash32,
    prng: prng,
    shuffle: shuffle,
    parseNumber: parseNumber,
    normalise: normalise,
    gradeForm: gradeForm,
    drawByQuota: drawByQuota,
    arrangement: arrangement,
    objectiveScores: objectiveScores,
    fmt: fmt
  };
});
