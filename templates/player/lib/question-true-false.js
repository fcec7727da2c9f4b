/* coursepack player: true-false questions (two radio buttons, `true` and `false`). */
(function (C) {
  'use strict';

  var P = C.typeParts;

  function word(b, strings) {
    return b ? strings['true'] : strings['false'];
  }

  C.registerQuestionType({
    name: 'true-false',
    scored: true,
    arrange: function () { return {}; },
    render: P.noRender,
    read: function (Q) {
      var c = P.checkedInputs(Q)[0];
      return c ? c.value === 'true' : null;
    },
    apply: function (Q, r) {
      C.optionInputs(Q).forEach(function (i) { i.checked = (r != null && i.value === String(r)); });
    },
    grade: function (q, r) { return r === q.key; },
    encode: function (q, r) { return r ? 't' : 'f'; },
    decode: function (q, s) { return s === 't' ? true : (s === 'f' ? false : undefined); },
    response: function (q, r) { return { response: r == null ? null : r, correct: q.key }; },
    describe: function (Q, r, strings) { return word(r, strings); },
    describeCorrect: function (Q, strings) { return word(Q.q.key, strings); }
  });
})(Coursepack);
