/* coursepack player: fill-in questions (typed text against the accepted answers, in their grading form). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var F = C.formats;

  C.registerQuestionType(P.typedType('fillIn', {
    name: 'fill-in',
    grade: function (q, r) {
      var given = C.gradeForm(r, q.caseSensitive, q.ignoreDiacritics);
      return given !== '' && q.key.some(function (a) { return C.gradeForm(a, q.caseSensitive, q.ignoreDiacritics) === given; });
    },
    response: function (q, r) { return { response: r == null ? null : C.normalise(r, true), correct: q.key.slice() }; },
    // Each accepted answer is one pattern: SCORM 1.2 at most 10 (each ≤ 255 characters),
    // 2004 at most 5, marked when case matters; xAPI all of them.
    scorm12: function (q, n) {
      var S = F.scorm12;
      return {
        type: 'fill-in',
        response: n.response == null ? '' : S.cut(n.response),
        patterns: n.correct == null ? [] : n.correct.slice(0, S.MAX_PATTERNS).map(S.cut)
      };
    },
    scorm2004: function (q, n, ctx) {
      var S = F.scorm2004;
      var lang = ctx && ctx.lang;
      return {
        type: 'fill-in',
        response: n.response == null ? null : S.fillIn(n.response, lang),
        patterns: n.correct == null ? [] : n.correct.slice(0, S.MAX_FILL_IN_PATTERNS).map(function (text) {
          return (q.caseSensitive ? '{case_matters=true}' : '') + S.fillIn(text, lang);
        })
      };
    },
    xapi: function (q, n) {
      return {
        definition: {
          interactionType: 'fill-in',
          correctResponsesPattern: (n.correct || []).map(function (t) {
            return (q.caseSensitive ? '{case_matters=true}' : '') + t;
          })
        },
        response: n.response == null ? '' : String(n.response)
      };
    },
    describeCorrect: function (Q) { return Q.q.key.join(' / '); }
  }));
})(Coursepack);
