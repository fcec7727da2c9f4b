/* coursepack player: single-choice questions (one right option; radio buttons). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var standard = C.formats.idList('choice');
  var one = P.oneOption;

  C.registerQuestionType({
    name: 'single-choice',
    scored: true,
    arrange: function (n, shuffleOn, rand) { return { choices: shuffleOn ? C.shuffle(C.range(n), rand) : C.range(n) }; },
    render: P.noRender,
    read: one.read,
    apply: one.apply,
    grade: function (q, r) { return typeof r === 'number' && q.key.length === 1 && q.options[r] === q.key[0]; },
    encode: one.encode,
    decode: one.decode,
    response: function (q, r) { return { response: r == null ? null : [q.options[r]], correct: q.key.slice() }; },
    scorm12: standard.scorm12,
    scorm2004: standard.scorm2004,
    xapi: standard.xapi,
    describe: one.describe,
    describeCorrect: function (Q) {
      return Q.q.key.map(function (id) { return P.optionLabel(Q, C.indexOf(Q.q, id)); }).join('; ');
    },
    selected: function (r) { return [r]; }
  });
})(Coursepack);
