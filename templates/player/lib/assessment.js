/* coursepack player: the assessment: drawing an attempt, laying it out, submitting and scoring it, the status. */
(function (C) {
  'use strict';

  var fmt = C.fmt;
  var hash32 = C.hash32;
  var prng = C.prng;
  var shuffle = C.shuffle;
  var range = C.range;
  var randomSeed = C.randomSeed;
  var Types = C.Types;
  var questionType = C.questionType;
  var drawByQuota = C.drawByQuota;
  var objectiveScores = C.objectiveScores;
  var Player = C.Player;

  Player.prototype.drawnQs = function () {
    var self = this;
    var a = this.st.asmt;
    return a ? a.draw.map(function (bi) { return self.bankQs[bi]; }).filter(Boolean) : [];
  };

  Player.prototype.computeDraw = function (seed) {
    var A = this.data.assessment;
    if (A.quotas) return drawByQuota(A, prng(hash32('draw/' + seed)));
    var all = shuffle(range(A.questions.length), prng(hash32('draw/' + seed)));
    var picked = all.slice(0, A.draw);
    if (!A.shuffle) picked.sort(function (x, y) { return x - y; });
    return picked;
  };

  /** Shows the drawn questions in draw order, in the arrangement of this attempt's seed. */
  Player.prototype.layoutAttempt = function () {
    var self = this;
    var a = this.st.asmt;
    var box = this.$('[data-assessment-questions]');
    this.bankQs.forEach(function (Q) { Q.el.hidden = true; Q.slot = -1; });
    var drawn = this.drawnQs();
    drawn.forEach(function (Q, k) {
      Q.slot = k;
      Q.el.hidden = false;
      if (box) box.appendChild(Q.el);
      self.resetQuestion(Q);
      var num = Q.el.querySelector('.question-number');
      if (num) num.textContent = fmt(self.s.question_n, { n: k + 1, total: drawn.length });
      self.arrange(Q, hash32(a.seed + '/' + Q.q.iid));
      // A sequence always has an order: the one shown is the learner's answer until they move
      // an item, so it counts as answered from the start.
      if (!a.entries[k] && a.s === 1 && questionType(Q.q.type).shownIsAnswer) a.entries[k] = { r: Types.read(Q), checked: false };
      var e = a.entries[k];
      if (e) {
        Types.apply(Q, e.r);
        Types.render(Q, self.s);
        if (e.checked) {
          self.setLocked(Q, true);
          if (a.s === 1) self.showFeedback(Q, e.r, Types.evaluate(Q.q, e.r), self.data.assessment.feedback);
        }
      }
      if (a.s === 2) self.setLocked(Q, true);
    });
  };

  Player.prototype.resetQuestion = function (Q) {
    this.setLocked(Q, false);
    this.clearFeedback(Q);
    Q.startedAt = 0;
    this.$$('input[type="radio"], input[type="checkbox"]', Q.el).forEach(function (i) { i.checked = false; });
    this.$$('input[data-answer]', Q.el).forEach(function (i) { i.value = ''; });
    this.$$('select', Q.el).forEach(function (s) { s.value = ''; });
    var live = Q.el.querySelector('[data-sequence-live]');
    if (live) live.textContent = '';
    this.$$('.just-moved', Q.el).forEach(function (x) { x.classList.remove('just-moved'); });
  };

  Player.prototype.canStartAttempt = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a || this.finished) return false;
    var passed = a.best != null && a.best >= this.passMark();
    return this.mode !== 'review' && a.s !== 1 && !passed && a.n < A.attempts;
  };

  Player.prototype.startAttempt = function () {
    if (!this.canStartAttempt()) return;
    var a = this.st.asmt;
    a.n += 1;
    a.s = 1;
    a.seed = randomSeed();
    a.draw = this.computeDraw(a.seed);
    a.entries = a.draw.map(function () { return null; });
    this.confirmSubmit = false;
    this.layoutAttempt();
    var now = Date.now();
    this.drawnQs().forEach(function (Q) { Q.startedAt = now; });
    var id = this.data.assessment.id;
    if (this.current !== id) {
      this.go(id, { focus: false });
    } else {
      this.renderAssessment();
      this.report();
    }
    var label = this.$('[data-attempt-label]');
    if (label) {
      label.setAttribute('tabindex', '-1');
      try { label.focus({ preventScroll: false }); } catch (e) { label.focus(); }
    }
  };

  Player.prototype.renderAnsweredCount = function () {
    var el = this.$('[data-answered-count]');
    var a = this.st.asmt;
    if (!el || !a) return;
    var n = a.entries.filter(Boolean).length;
    el.textContent = fmt(this.s.answered_count, { n: n, total: a.draw.length });
  };

  Player.prototype.renderAssessment = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a) return;
    var intro = this.$('[data-assessment-intro]');
    var attempt = this.$('[data-assessment-attempt]');
    var inProgress = a.s === 1;
    if (intro) intro.hidden = inProgress;
    if (attempt) attempt.hidden = !inProgress;
    if (inProgress) {
      var label = this.$('[data-attempt-label]');
      if (label) label.textContent = fmt(this.s.attempt_label, { n: a.n, total: A.attempts });
      this.renderAnsweredCount();
      return;
    }
    var passed = a.best != null && a.best >= this.passMark();
    var status = this.$('[data-assessment-status]');
    if (status) {
      var text = '';
      if (a.s === 2) {
        text = passed ? this.s.assessment_passed
          : (a.n >= A.attempts ? this.s.assessment_no_attempts : fmt(this.s.assessment_submitted, { n: a.n }));
      }
      status.textContent = text;
      status.hidden = !text;
    }
    var start = this.$('button[data-action="start-attempt"]');
    if (start) {
      start.hidden = !this.canStartAttempt();
      start.textContent = a.n === 0 ? this.s.start_attempt : fmt(this.s.retry, { n: a.n + 1, total: A.attempts });
    }
    var link = this.$('[data-results-link]');
    if (link) link.hidden = a.s !== 2;
  };

  Player.prototype.submitAttempt = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a || a.s !== 1 || this.finished || this.mode === 'review') return;
    var self = this;
    var drawn = this.drawnQs();
    var unanswered = drawn.filter(function (Q) { return !a.entries[Q.slot]; }).length;
    var msg = this.$('[data-submit-message]');
    if (unanswered > 0 && !this.confirmSubmit) {
      this.confirmSubmit = true;
      if (msg) msg.textContent = fmt(this.s.unanswered_confirm, { n: unanswered });
      return;
    }
    this.confirmSubmit = false;
    if (msg) msg.textContent = '';
    var total = 0;
    var got = 0;
    drawn.forEach(function (Q) {
      var e = a.entries[Q.slot];
      var r = e ? e.r : null;
      var type = questionType(Q.q.type);
      if (r == null && type.shownIsAnswer) r = Types.read(Q);
      if (type.invalid && r != null && type.invalid(r)) r = null;
      var result = Types.evaluate(Q.q, r);
      if (!e || !e.checked) {
        a.entries[Q.slot] = r == null ? null : { r: r, checked: true };
        self.answered(Q, r, result);
      }
      if (type.scored) {
        total += Q.q.weight;
        if (result === 'correct') got += Q.q.weight;
      }
      self.setLocked(Q, true);
    });
    var score = total > 0 ? Math.round(100 * got / total) : 0;
    a.s = 2;
    a.last = score;
    a.best = a.best == null ? score : Math.max(a.best, score);
    var st = this.status();
    this.rt.call('assessmentScored', {
      score: score,
      best: a.best,
      passed: st.assessment.passed,
      passMark: this.passMark(),
      attempt: a.n,
      attempts: A.attempts,
      attemptsLeft: st.assessment.attemptsLeft,
      objectives: st.assessment.objectives
    });
    var results = this.pages.filter(function (p) { return p.kind === 'results'; })[0];
    if (results) this.go(results.id, { focus: true });
    else this.report();
  };

  /** The score per objective of the last submitted attempt ([] while none is, or during an attempt). */
  Player.prototype.objectiveResults = function () {
    var a = this.st.asmt;
    if (!a || a.s !== 2 || !(this.data.objectives || []).length) return [];
    return objectiveScores(this.data, a.draw, a.entries, this.passMark());
  };

  /** Where the learner stands, for the runtime and the results page. */
  Player.prototype.status = function () {
    var seen = this.seenCount();
    var total = this.lessonPages.length;
    var allSeen = seen >= total;
    var A = this.data.assessment;
    var a = this.st.asmt;
    var asmt = null;
    if (A && a) {
      var attempted = a.last != null;
      var passed = attempted && a.best >= this.passMark();
      asmt = {
        attempted: attempted,
        score: attempted ? a.best : null,
        lastScore: a.last,
        passed: passed,
        passMark: this.passMark(),
        attempt: a.n,
        attempts: A.attempts,
        attemptsLeft: Math.max(0, A.attempts - a.n),
        inProgress: a.s === 1,
        objectives: this.objectiveResults()
      };
    }
    // The rule in force: the LMS's when it gave one (cmi5 moveOn), else the course's.
    var rule = this.lmsCompletion || this.data.course.completion;
    var passedIt = !!(asmt && asmt.passed);
    var complete = rule === 'all-pages' ? allSeen
      : rule === 'assessment-passed' ? passedIt
        : rule === 'either' ? (allSeen || passedIt)
          : rule === 'none' ? true : (allSeen && passedIt);
    return {
      completion: rule,
      pagesSeen: seen,
      pagesTotal: total,
      allPagesSeen: allSeen,
      complete: complete,
      assessment: asmt
    };
  };
})(Coursepack);
