/* coursepack player: likert questions (a scale point; never right or wrong, never scored). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var F = C.formats;
  var one = P.oneOption;

  C.registerQuestionType({
    name: 'likert',
    scored: false,
    arrange: function () { return {}; },
    render: P.noRender,
    read: one.read,
    apply: one.apply,
    grade: function () { return false; },
    encode: one.encode,
    decode: one.decode,
    response: function (q, r) { return { response: r == null ? null : q.options[r], correct: null }; },
    // A likert answer is never right or wrong: no correct-response pattern.
    scorm12: function (q, n) {
      return { type: 'likert', response: n.response == null ? '' : F.scorm12.character(q, n.response), patterns: [] };
    },
    scorm2004: function (q, n) {
      return { type: 'likert', response: n.response == null ? null : String(n.response), patterns: [] };
    },
    xapi: function (q, n, ctx) {
      return {
        definition: { interactionType: 'likert', scale: F.xapi.components(q.options || [], q.labels || [], ctx) },
        response: n.response == null ? '' : String(n.response)
      };
    },
    describe: one.describe,
    describeCorrect: function () { return ''; }
  });
})(Coursepack);
