/* coursepack player: likert questions (a scale point; never right or wrong, never scored). */
(function (C) {
  'use strict';

  var P = C.typeParts;
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
    describe: one.describe,
    describeCorrect: function () { return ''; }
  });
})(Coursepack);
