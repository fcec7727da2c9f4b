/* coursepack player: the draw (which bank questions an attempt shows), the options' order, the scores per objective. */
(function (C) {
  'use strict';

  var shuffle = C.shuffle;
  var prng = C.prng;
  var Types = C.Types;

  /**
   * A quota draw: `count` questions from each quota's pool in turn, never one an
   * earlier quota drew; in bank order unless the assessment shuffles; then every
   * always-shown (likert) question, which is never counted.
   */
  function drawByQuota(A, rand) {
    var picked = [];
    A.quotas.quotas.forEach(function (q) {
      var free = q.pool.filter(function (i) { return picked.indexOf(i) === -1; });
      picked = picked.concat(shuffle(free, rand).slice(0, q.count));
    });
    if (A.shuffle) picked = shuffle(picked, rand);
    else picked.sort(function (x, y) { return x - y; });
    return picked.concat(A.quotas.always);
  }

  /**
   * The display order of a question's options for one seed, as canonical indices:
   * `choices` (single-choice, multiple-response: shuffled when `shuffleOn`, else course
   * order), `targets` (matching: always shuffled), `sequence` (sequencing: a scrambled start,
   * never the right order); null where the type has none. True-false and likert keep their
   * order. Knowledge checks use the learner's seed, assessment attempts the attempt's.
   */
  function arrangement(q, shuffleOn, seed) {
    var out = { choices: null, targets: null, sequence: null };
    var own = C.questionType(q.type).arrange(q.options.length, shuffleOn, prng(seed));
    Object.keys(out).forEach(function (k) { if (own[k]) out[k] = own[k]; });
    return out;
  }

  /**
   * The score per learning objective of one submitted attempt: for each
   * objective of the course (course order), the drawn scored questions that
   * serve it (name it in `objectives`; likert never counts), weighted as the
   * attempt's score is: `{id, score (0-100, rounded), passed (score ≥
   * passMark)}`, or score and passed null when no drawn question served it.
   * `draw`: bank indices; `entries[k]`: the answer `{r}` to draw[k] or null.
   */
  function objectiveScores(data, draw, entries, passMark) {
    var A = data.assessment;
    var sums = {};
    (draw || []).forEach(function (bi, k) {
      var q = A && A.questions[bi];
      if (!q || !C.questionType(q.type).scored || !q.objectives || !q.objectives.length) return;
      var e = entries && entries[k];
      var r = e ? e.r : null;
      var ok = r != null && Types.evaluate(q, r) === 'correct';
      q.objectives.forEach(function (id) {
        var x = sums[id] || (sums[id] = { total: 0, got: 0 });
        x.total += q.weight;
        if (ok) x.got += q.weight;
      });
    });
    return (data.objectives || []).map(function (o) {
      var x = sums[o.id];
      if (!x || x.total <= 0) return { id: o.id, score: null, passed: null };
      var score = Math.round(100 * x.got / x.total);
      return { id: o.id, score: score, passed: score >= passMark };
    });
  }

  C.drawByQuota = drawByQuota;
  C.arrangement = arrangement;
  C.objectiveScores = objectiveScores;
})(Coursepack);
