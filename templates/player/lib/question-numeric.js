/* coursepack player: numeric questions (a typed number, "." or "," as decimal separator; exact or a range). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var F = C.formats;

  C.registerQuestionType(P.typedType('numeric', {
    name: 'numeric',
    grade: function (q, r) {
      var x = C.parseNumber(r);
      if (isNaN(x) || !q.key) return false;
      if (typeof q.key.exact === 'number') return Math.abs(x - q.key.exact) <= 1e-9;
      return x >= q.key.min && x <= q.key.max;
    },
    response: function (q, r) {
      var x = C.parseNumber(r);
      return { response: (r == null || isNaN(x)) ? null : x, correct: q.key };
    },
    // The key is {exact} or {min, max}. SCORM 1.2 has no range pattern (only min = max);
    // 2004 writes "min[:]max" (an exact value as itself on both sides).
    scorm12: function (q, n) {
      var c = n.correct;
      var patterns = [];
      if (c != null && typeof c.exact === 'number') patterns = [F.scorm12.number(c.exact)];
      else if (c != null && typeof c.min === 'number' && c.min === c.max) patterns = [F.scorm12.number(c.min)];
      return { type: 'numeric', response: n.response == null ? '' : F.scorm12.number(n.response), patterns: patterns };
    },
    scorm2004: function (q, n) {
      var c = n.correct;
      var num = F.scorm2004.number;
      var patterns = [];
      if (c != null && typeof c.exact === 'number') patterns = [num(c.exact) + '[:]' + num(c.exact)];
      else if (c != null && (typeof c.min === 'number' || typeof c.max === 'number')) patterns = [num(c.min) + '[:]' + num(c.max)];
      return { type: 'numeric', response: n.response == null ? null : (num(n.response) || null), patterns: patterns };
    },
    xapi: function (q, n) {
      var c = n.correct;
      var def = { interactionType: 'numeric' };
      if (c && typeof c.exact === 'number') def.correctResponsesPattern = [String(c.exact)];
      else if (c && typeof c.min === 'number') def.correctResponsesPattern = [c.min + '[:]' + c.max];
      var r = n.response;
      return { definition: def, response: typeof r === 'number' && isFinite(r) ? String(r) : '' };
    },
    describeCorrect: function (Q) {
      var key = Q.q.key;
      if (!key) return '';
      return typeof key.exact === 'number' ? String(key.exact) : (key.min + ' – ' + key.max);
    },
    invalid: function (r) { return isNaN(C.parseNumber(r)) ? 'not_a_number' : null; }
  }));
})(Coursepack);
