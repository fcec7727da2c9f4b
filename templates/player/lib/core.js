/* coursepack player: the namespace and the small helpers every module uses.
 *
 * The player is plain ES2017 in modules under templates/player/lib/, joined
 * into the one file player/player.js in the order player.js's `// requires:`
 * lines give (src/render/mod.rs). Every module is a function of the one
 * namespace `Coursepack` (`window.Coursepack` in the browser, `module.exports`
 * under Node) and adds what it defines to it.
 */
/* exported Coursepack */
var Coursepack = (typeof window !== 'undefined' && window.Coursepack) || {};
if (typeof window !== 'undefined') window.Coursepack = Coursepack;

(function (C) {
  'use strict';

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

  C.fmt = fmt;
  C.warn = warn;
  C.hash32 = hash32;
  C.prng = prng;
  C.shuffle = shuffle;
  C.range = range;
  C.randomSeed = randomSeed;
  C.parseNumber = parseNumber;
  C.normalise = normalise;
  C.gradeForm = gradeForm;
  C.indexOf = indexOf;
  C.optionInputs = optionInputs;
  C.textOf = textOf;
})(Coursepack);
