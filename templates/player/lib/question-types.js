/* coursepack player: the table of question types.
 *
 * Each question type is one module (lib/question-<type>.js) that registers
 * one object here with every piece the player needs of it:
 *
 *   name             the type as the course data names it (`single-choice`)
 *   scored           false for a type that is never right or wrong (likert)
 *   arrange(n, shuffleOn, rand)
 *                    the display order of its n options for one seed, as
 *                    canonical indices: {choices}, {targets} or {sequence}, or {}
 *   render(Q, strings)
 *                    brings the rendered form up to date after a change
 *   read(Q)          the learner's answer in canonical form, or null
 *   apply(Q, r)      puts a canonical answer back into the form
 *   grade(q, r)      true when the (non-null) answer is right
 *   encode(q, r, limits), decode(q, s)
 *                    the answer in the resume state (lib/state.js) and back;
 *                    decode returns undefined for anything it cannot read
 *   response(q, r)   {response, correct}: the answer and the right answer in
 *                    a standard-neutral form (option ids, the typed text, ...)
 *   scorm12(q, n, ctx), scorm2004(q, n, ctx), xapi(q, n, ctx)
 *                    that answer (n, from `response`) as the interaction of each
 *                    standard, in its syntax, limits and escaping (lib/formats.js
 *                    says what each returns); the player hands them to the
 *                    tracking adapter with the answer (templates/README.md)
 *   describe(Q, r, strings), describeCorrect(Q, strings)
 *                    readable text of an answer and of the right answer
 *
 * and optionally `selected(r)` (the chosen options, whose own feedback is
 * shown), `answerFeedback(Q, r, result, strings, reveal)` (a node shown under
 * the verdict), `invalid(r)` (the `strings` key of a message when an answer
 * cannot be checked) and `shownIsAnswer` (the form as shown is an answer).
 */
(function (C) {
  'use strict';

  var indexOf = C.indexOf;
  var optionInputs = C.optionInputs;
  var textOf = C.textOf;

  /** The pieces every question type has (a test checks each type against the course schema). */
  var PIECES = ['arrange', 'render', 'read', 'apply', 'grade', 'encode', 'decode', 'response', 'scorm12', 'scorm2004',
    'xapi', 'describe', 'describeCorrect'];

  var registry = {};

  /** What the player does with a type it does not know: nothing, and never throws. */
  var UNKNOWN = {
    name: '',
    scored: true,
    arrange: function () { return {}; },
    render: function () {},
    read: function () { return null; },
    apply: function () {},
    grade: function () { return false; },
    encode: function () { return ''; },
    decode: function () { return undefined; },
    response: function () { return { response: null, correct: null }; },
    scorm12: function () { return { type: 'choice', response: '', patterns: [] }; },
    scorm2004: function () { return { type: 'other', response: null, patterns: [] }; },
    xapi: function () { return { definition: { interactionType: 'other' }, response: '' }; },
    describe: function () { return ''; },
    describeCorrect: function () { return ''; }
  };

  function registerQuestionType(def) {
    PIECES.forEach(function (p) {
      if (typeof def[p] !== 'function') throw new Error('question type ' + def.name + ' lacks ' + p);
    });
    registry[def.name] = def;
  }

  function questionType(name) {
    return Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : UNKNOWN;
  }

  // ---- pieces several types share -----------------------------------------

  /** One base36 digit naming one of q's options, or undefined. */
  function digit(q, c) {
    var v = parseInt(c, 36);
    return (c.length === 1 && v >= 0 && v < q.options.length) ? v : undefined;
  }

  /** The text of option i as the learner sees it (its label). */
  function optionLabel(Q, i) {
    var input = Q.el.querySelector('.options input[value="' + Q.q.options[i] + '"]');
    var l = input ? Q.el.querySelector('label[for="' + input.id + '"]') : null;
    return textOf(l);
  }

  function checkedInputs(Q) {
    return optionInputs(Q).filter(function (i) { return i.checked; });
  }

  /** One option chosen (radio buttons): its canonical index. */
  var oneOption = {
    read: function (Q) {
      var on = checkedInputs(Q)[0];
      return on ? indexOf(Q.q, on.value) : null;
    },
    apply: function (Q, r) {
      optionInputs(Q).forEach(function (i) { i.checked = (r != null && i.value === Q.q.options[r]); });
    },
    encode: function (q, r) { return r.toString(36); },
    decode: function (q, s) { return digit(q, s); },
    describe: function (Q, r) { return optionLabel(Q, r); }
  };

  /** A typed-answer type (fill-in, numeric): `def` with the pieces every typed answer shares
   *  (the text, kept to `limit` UTF-16 units in the state) where it has none of its own. */
  function typedType(limit, def) {
    var pieces = {
      scored: true,
      arrange: function () { return {}; },
      render: noRender,
      read: function (Q) {
        var input = Q.el.querySelector('input[data-answer]');
        var v = input ? input.value : '';
        return v.trim() === '' ? null : v;
      },
      apply: function (Q, r) {
        var input = Q.el.querySelector('input[data-answer]');
        if (input) input.value = r == null ? '' : String(r);
      },
      encode: function (q, r, limits) { return C.StateCodec.escape(String(r).slice(0, limits[limit])); },
      decode: function (q, s) { return s ? C.StateCodec.unescape(s) : undefined; },
      describe: function (Q, r) { return String(r).trim(); }
    };
    Object.keys(pieces).forEach(function (k) {
      if (!(k in def)) def[k] = pieces[k];
    });
    return def;
  }

  /** Index lists in one base36 digit each ("201"), every index once, all n of them. */
  function decodeOrder(q, s) {
    var n = q.options.length;
    if (s.length !== n) return undefined;
    var order = [];
    for (var j = 0; j < n; j++) {
      var d = digit(q, s.charAt(j));
      if (d === undefined || order.indexOf(d) !== -1) return undefined;
      order.push(d);
    }
    return order;
  }

  function noRender() {}

  /** True when `r` lists the indices in course order (0, 1, 2, ...). */
  function inCourseOrder(r) {
    return Array.isArray(r) && r.every(function (v, i) { return v === i; });
  }

  // ---- the facade the player calls ----------------------------------------

  var Types = {
    /** The learner's current answer in canonical form, or null when there is none. */
    read: function (Q) { return questionType(Q.q.type).read(Q); },

    /** Puts a canonical answer back into the form. */
    apply: function (Q, r) { questionType(Q.q.type).apply(Q, r); },

    /** Brings the form up to date after a change (matching letters, sequence buttons). */
    render: function (Q, strings) { questionType(Q.q.type).render(Q, strings); },

    /** "correct", "incorrect" or "neutral" (likert), for a non-null answer. */
    evaluate: function (q, r) {
      var t = questionType(q.type);
      if (!t.scored) return 'neutral';
      if (r == null) return 'incorrect';
      return t.grade(q, r) ? 'correct' : 'incorrect';
    },

    /** The standard-neutral forms of an answer and of the right answer. */
    neutral: function (q, r) { return questionType(q.type).response(q, r); },

    /**
     * An answer as each standard's interaction: {scored, response, correct, scorm12, scorm2004,
     * xapi} (`response`/`correct`: the neutral forms). ctx: {lang}, the package language.
     */
    interaction: function (q, r, ctx) {
      var t = questionType(q.type);
      var n = t.response(q, r);
      return {
        scored: t.scored !== false,
        response: n.response,
        correct: n.correct,
        scorm12: t.scorm12(q, n, ctx),
        scorm2004: t.scorm2004(q, n, ctx),
        xapi: t.xapi(q, n, ctx)
      };
    },

    /** Readable text of an answer (for the review), from the rendered labels. */
    describe: function (Q, r, strings) {
      return r == null ? '' : questionType(Q.q.type).describe(Q, r, strings);
    },

    describeCorrect: function (Q, strings) { return questionType(Q.q.type).describeCorrect(Q, strings); }
  };

  C.QUESTION_PIECES = PIECES;
  C.questionTypes = registry;
  C.registerQuestionType = registerQuestionType;
  C.questionType = questionType;
  C.Types = Types;
  C.typeParts = {
    digit: digit,
    optionLabel: optionLabel,
    checkedInputs: checkedInputs,
    oneOption: oneOption,
    typedType: typedType,
    decodeOrder: decodeOrder,
    noRender: noRender,
    inCourseOrder: inCourseOrder
  };
})(Coursepack);
