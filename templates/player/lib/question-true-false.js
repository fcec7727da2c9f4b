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
    scorm12: function (q, n) {
      return {
        type: 'true-false',
        response: n.response == null ? '' : (n.response ? 't' : 'f'),
        patterns: n.correct == null ? [] : [n.correct ? 't' : 'f']
      };
    },
    scorm2004: function (q, n) {
      return {
        type: 'true-false',
        response: n.response == null ? null : (n.response ? 'true' : 'false'),
        patterns: n.correct == null ? [] : [n.correct ? 'true' : 'false']
      };
    },
    xapi: function (q, n) {
      return {
        definition: { interactionType: 'true-false', correctResponsesPattern: [n.correct ? 'true' : 'false'] },
        response: n.response == null ? '' : (n.response ? 'true' : 'false')
      };
    },
    describe: function (Q, r, strings) { return word(r, strings); },
    describeCorrect: function (Q, strings) { return word(Q.q.key, strings); }
  });
})(Coursepack);
