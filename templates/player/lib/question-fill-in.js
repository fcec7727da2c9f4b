/* coursepack player: fill-in questions (typed text against the accepted answers, in their grading form). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var typed = P.typedAnswer('fillIn');

  C.registerQuestionType({
    name: 'fill-in',
    scored: true,
    arrange: function () { return {}; },
    render: P.noRender,
    read: typed.read,
    apply: typed.apply,
    grade: function (q, r) {
      var given = C.gradeForm(r, q.caseSensitive, q.ignoreDiacritics);
      return given !== '' && q.key.some(function (a) { return C.gradeForm(a, q.caseSensitive, q.ignoreDiacritics) === given; });
    },
    encode: typed.encode,
    decode: typed.decode,
    response: function (q, r) { return { response: r == null ? null : C.normalise(r, true), correct: q.key.slice() }; },
    describe: typed.describe,
    describeCorrect: function (Q) { return Q.q.key.join(' / '); }
  });
})(Coursepack);
