/* coursepack player: multiple-response questions (every right option and no other; check boxes). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var standard = C.formats.idList('choice');

  function describe(Q, r) {
    return r.map(function (i) { return P.optionLabel(Q, i); }).join('; ');
  }

  C.registerQuestionType({
    name: 'multiple-response',
    scored: true,
    arrange: function (n, shuffleOn, rand) { return { choices: shuffleOn ? C.shuffle(C.range(n), rand) : C.range(n) }; },
    render: P.noRender,
    read: function (Q) {
      var sel = P.checkedInputs(Q)
        .map(function (i) { return C.indexOf(Q.q, i.value); }).sort(function (a, b) { return a - b; });
      return sel.length ? sel : null;
    },
    apply: function (Q, r) {
      C.optionInputs(Q).forEach(function (i) { i.checked = !!r && r.indexOf(C.indexOf(Q.q, i.value)) !== -1; });
    },
    grade: function (q, r) {
      if (!Array.isArray(r)) return false;
      var chosen = r.map(function (i) { return q.options[i]; }).sort();
      var key = q.key.slice().sort();
      return chosen.length === key.length && chosen.every(function (id, i) { return id === key[i]; });
    },
    /** A bitmask in base36: bit i set when option i is chosen. */
    encode: function (q, r) {
      return r.reduce(function (m, i) { return m + Math.pow(2, i); }, 0).toString(36);
    },
    decode: function (q, s) {
      if (!/^[0-9a-z]+$/.test(s)) return undefined;
      var mask = parseInt(s, 36);
      var sel = [];
      for (var i = 0; i < q.options.length; i++) if (Math.floor(mask / Math.pow(2, i)) % 2 === 1) sel.push(i);
      return sel.length ? sel : undefined;
    },
    response: function (q, r) {
      return { response: r == null ? null : r.map(function (i) { return q.options[i]; }), correct: q.key.slice() };
    },
    scorm12: standard.scorm12,
    scorm2004: standard.scorm2004,
    xapi: standard.xapi,
    describe: describe,
    describeCorrect: function (Q) { return describe(Q, Q.q.key.map(function (id) { return C.indexOf(Q.q, id); })); },
    selected: function (r) { return r; }
  });
})(Coursepack);
