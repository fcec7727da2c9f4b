/* coursepack player: numeric questions (a typed number, "." or "," as decimal separator; exact or a range). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var typed = P.typedAnswer('numeric');

  C.registerQuestionType({
    name: 'numeric',
    scored: true,
    arrange: function () { return {}; },
    render: P.noRender,
    read: typed.read,
    apply: typed.apply,
    grade: function (q, r) {
      var x = C.parseNumber(r);
      if (isNaN(x) || !q.key) return false;
      if (typeof q.key.exact === 'number') return Math.abs(x - q.key.exact) <= 1e-9;
      return x >= q.key.min && x <= q.key.max;
    },
    encode: typed.encode,
    decode: typed.decode,
    response: function (q, r) {
      var x = C.parseNumber(r);
      return { response: (r == null || isNaN(x)) ? null : x, correct: q.key };
    },
    describe: typed.describe,
    describeCorrect: function (Q) {
      var key = Q.q.key;
      if (!key) return '';
      return typeof key.exact === 'number' ? String(key.exact) : (key.min + ' – ' + key.max);
    },
    invalid: function (r) { return isNaN(C.parseNumber(r)) ? 'not_a_number' : null; }
  });
})(Coursepack);
