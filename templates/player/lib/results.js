/* coursepack player: the results page: score, pass or fail, per objective, the review of the last attempt. */
(function (C) {
  'use strict';

  var fmt = C.fmt;
  var textOf = C.textOf;
  var Types = C.Types;
  var questionType = C.questionType;
  var Player = C.Player;
  var verdict = C.verdict;
  var fillFeedback = C.fillFeedback;

  /**
   * The results page's box marked `attr`, emptied: made the first time as a `tag` of class
   * `className` that `place` puts into the page.
   */
  function resultsBox(res, attr, tag, className, place) {
    var box = res.querySelector('[' + attr + ']');
    if (!box) {
      box = document.createElement(tag);
      box.className = className;
      box.setAttribute(attr, '');
      place(box);
    }
    box.textContent = '';
    return box;
  }

  /** Appends a heading `text` with element id `id` to `box`; returns it. */
  function addHeading(box, id, text) {
    var h = document.createElement('h2');
    h.id = id;
    h.textContent = text;
    box.appendChild(h);
    return h;
  }

  function addRow(dl, term, value, cls) {
    var dt = document.createElement('dt');
    dt.textContent = term;
    var dd = document.createElement('dd');
    if (value && value.nodeType) dd.appendChild(value);
    else dd.textContent = value;
    if (cls) dd.className = cls;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function mark(ok, text) {
    var span = document.createElement('span');
    var icon = document.createElement('span');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = ok ? '✓ ' : '✗ ';
    span.appendChild(icon);
    span.appendChild(document.createTextNode(text));
    return span;
  }

  Player.prototype.renderResults = function () {
    var s = this.s;
    var st = this.status();
    var res = this.$('#results');
    if (!res) return;
    var A = this.data.assessment;
    var a = this.st.asmt;
    var dl = res.querySelector('[data-results-summary]');
    dl.textContent = '';
    var note = res.querySelector('[data-mode-note]');
    if (this.mode && this.mode !== 'normal') {
      if (!note) {
        note = document.createElement('p');
        note.className = 'tracking-notice';
        note.setAttribute('data-mode-note', this.mode);
        dl.parentNode.insertBefore(note, dl);
      }
      note.textContent = this.modeText();
    }
    var reqNote = res.querySelector('[data-requirement-note]');
    if (this.lmsCompletion && !reqNote) {
      reqNote = document.createElement('p');
      reqNote.className = 'requirement';
      reqNote.setAttribute('data-requirement-note', this.lmsCompletion);
      reqNote.textContent = this.requirementText();
      dl.parentNode.insertBefore(reqNote, dl);
    }
    addRow(dl, s.results_pages, fmt(s.results_pages_value, { seen: st.pagesSeen, total: st.pagesTotal }));
    addRow(dl, s.results_course, mark(st.complete, st.complete ? s.results_complete : s.results_incomplete),
      st.complete ? 'status-ok' : '');
    this.renderRemaining(res, dl, st);
    var x = st.assessment;
    res.setAttribute('data-complete', st.complete ? 'true' : 'false');
    res.setAttribute('data-attempt', String(a ? a.n : 0));
    res.setAttribute('data-score', x && x.attempted ? String(a.last) : '');
    res.setAttribute('data-best', x && x.attempted ? String(a.best) : '');
    res.setAttribute('data-passed', x && x.attempted ? String(x.passed) : '');
    var retry = res.querySelector('button[data-action="retry"]');
    var goA = res.querySelector('[data-go-assessment]');
    var review = res.querySelector('[data-review]');
    review.textContent = '';
    if (!A || !a) return;
    if (!x.attempted) {
      addRow(dl, s.results_score, s.results_not_taken);
    } else {
      addRow(dl, s.results_score, fmt(s.results_percent, { n: a.last }));
      if (a.n > 1 && a.best !== a.last) addRow(dl, s.results_best, fmt(s.results_percent, { n: a.best }));
      addRow(dl, s.results_pass_mark, fmt(s.results_percent, { n: this.percentText(this.passMark()) }));
      addRow(dl, s.results_status, mark(x.passed, x.passed ? s.results_passed : s.results_failed),
        x.passed ? 'status-ok' : 'status-bad');
    }
    addRow(dl, s.results_attempts, fmt(s.results_of, { used: a.n, total: A.attempts }));
    if (retry) {
      retry.hidden = !(a.s === 2 && this.canStartAttempt());
      retry.textContent = fmt(s.retry, { n: a.n + 1, total: A.attempts });
    }
    if (goA) goA.hidden = !(a.n === 0 || a.s === 1);
    this.renderObjectiveResults(res, x.objectives);
    if (a.s !== 2) return;
    var h = document.createElement('h2');
    h.textContent = s.review_title;
    review.appendChild(h);
    if (A.feedback === 'none') {
      var p = document.createElement('p');
      p.textContent = s.review_none_mode;
      review.appendChild(p);
      return;
    }
    // The reveal policy (assessment.review.show_correct): right/wrong per question always, the right
    // answers and the answer feedback only when the policy allows, so a retry cannot copy them.
    var reveal = this.revealCorrect();
    if (!reveal) {
      var later = document.createElement('p');
      later.setAttribute('data-correct-hidden', '');
      var policy = String(A.showCorrect || 'after-last-attempt').replace(/-/g, '_');
      later.textContent = s['review_correct_' + policy] || s.review_correct_after_last_attempt || '';
      review.appendChild(later);
    }
    var ol = document.createElement('ol');
    var drawn = this.drawnQs();
    drawn.forEach(function (Q, k) {
      var e = a.entries[k];
      var r = e ? e.r : null;
      var type = questionType(Q.q.type);
      var result = Types.evaluate(Q.q, r);
      var li = document.createElement('li');
      li.className = 'review-item';
      var h3 = document.createElement('h3');
      h3.textContent = fmt(s.question_n, { n: k + 1, total: drawn.length });
      li.appendChild(h3);
      var prompt = document.createElement('p');
      prompt.textContent = Q.q.prompt;
      li.appendChild(prompt);
      var d = document.createElement('dl');
      addRow(d, s.review_your_answer, r == null ? s.review_no_answer : Types.describe(Q, r, s));
      if (type.scored && reveal) addRow(d, s.review_right_answer, Types.describeCorrect(Q, s));
      li.appendChild(d);
      var fb = document.createElement('div');
      fb.className = 'feedback ' + (result === 'correct' ? 'is-correct' : (result === 'incorrect' ? 'is-incorrect' : 'is-neutral'));
      if (reveal) fillFeedback(Q, r, result, s, fb, true);
      else {
        fb.appendChild(verdict(s, result));
        var extra = type.answerFeedback ? type.answerFeedback(Q, r, result, s, false) : null;
        if (extra) fb.appendChild(extra);
      }
      li.appendChild(fb);
      ol.appendChild(li);
    });
    review.appendChild(ol);
  };

  /**
   * The results page: when the completion rule needs every lesson page and some are unseen,
   * lists them by lesson and title, each a link to the page ([data-results-remaining]).
   */
  Player.prototype.renderRemaining = function (res, dl, st) {
    var s = this.s;
    var box = resultsBox(res, 'data-results-remaining', 'div', 'remaining', function (b) {
      dl.parentNode.insertBefore(b, dl.nextSibling);
    });
    var needsPages = st.completion === 'all-pages' || st.completion === 'both';
    var self = this;
    var left = this.lessonPages.filter(function (p, i) { return !self.st.seen[i]; });
    box.hidden = !needsPages || left.length === 0;
    if (box.hidden) return;
    var h = addHeading(box, 'results-remaining-title',
      fmt(s.results_remaining_title, { n: left.length, total: st.pagesTotal }));
    var ul = document.createElement('ul');
    ul.setAttribute('aria-labelledby', h.id);
    left.forEach(function (p) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#page-' + p.id;
      a.setAttribute('data-page-id', p.id);
      var num = self.lessonPages.indexOf(p) + 1;
      var menuLink = self.$('#menu a[data-page-id="' + p.id + '"]');
      var lesson = menuLink && menuLink.closest('.menu-lesson') ? textOf(menuLink.closest('.menu-lesson').querySelector('.menu-lesson-title')) : '';
      a.textContent = fmt(s.results_remaining_page, { n: num, title: p.title });
      li.appendChild(a);
      if (lesson) {
        var span = document.createElement('span');
        span.className = 'remaining-lesson';
        span.textContent = ' — ' + lesson;
        li.appendChild(span);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  };

  /**
   * The results page's table of the last attempt's score per learning objective
   * (`[data-objective-results]`, before the answers): objective, score and
   * passed / not yet against the pass mark. Hidden while there is none.
   */
  Player.prototype.renderObjectiveResults = function (res, list) {
    var s = this.s;
    var box = resultsBox(res, 'data-objective-results', 'section', 'objective-results', function (b) {
      b.setAttribute('aria-labelledby', 'objective-results-title');
      res.insertBefore(b, res.querySelector('[data-review]'));
    });
    var titles = {};
    (this.data.objectives || []).forEach(function (o) { titles[o.id] = o.title; });
    box.hidden = !(list && list.length);
    if (box.hidden) return;
    addHeading(box, 'objective-results-title', s.objective_results_title);
    var note = document.createElement('p');
    note.textContent = fmt(s.objective_results_note, { n: this.percentText(this.passMark()) });
    box.appendChild(note);
    var table = document.createElement('table');
    table.setAttribute('aria-labelledby', 'objective-results-title');
    var head = table.createTHead().insertRow();
    [s.objective_results_objective, s.objective_results_score, s.objective_results_result].forEach(function (text) {
      var th = document.createElement('th');
      th.setAttribute('scope', 'col');
      th.textContent = text;
      head.appendChild(th);
    });
    var body = table.createTBody();
    list.forEach(function (o) {
      var tr = body.insertRow();
      tr.setAttribute('data-objective', o.id);
      tr.setAttribute('data-score', o.score == null ? '' : String(o.score));
      tr.setAttribute('data-passed', o.passed == null ? '' : String(o.passed));
      var th = document.createElement('th');
      th.setAttribute('scope', 'row');
      th.textContent = titles[o.id] || o.id;
      tr.appendChild(th);
      var score = tr.insertCell();
      var result = tr.insertCell();
      if (o.score == null) {
        score.textContent = '–';
        result.textContent = s.objective_results_not_measured;
      } else {
        score.textContent = fmt(s.results_percent, { n: o.score });
        result.appendChild(mark(o.passed, o.passed ? s.objective_results_passed : s.objective_results_not_yet));
        result.className = o.passed ? 'status-ok' : 'status-bad';
      }
    });
    box.appendChild(table);
  };

  /** Whether the results page may show the right answers now (assessment.review.show_correct). */
  Player.prototype.revealCorrect = function () {
    var A = this.data.assessment;
    var a = this.st.asmt;
    if (!A || !a) return false;
    var passed = a.best != null && a.best >= this.passMark();
    switch (A.showCorrect) {
      case 'always': return true;
      case 'never': return false;
      case 'after-pass': return passed;
      default: return passed || a.n >= A.attempts;
    }
  };
})(Coursepack);
