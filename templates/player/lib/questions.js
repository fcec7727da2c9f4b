/* coursepack player: the questions on the page: their order, checking an answer, feedback, telling the tracking adapter. */
(function (C) {
  'use strict';

  var fmt = C.fmt;
  var hash32 = C.hash32;
  var textOf = C.textOf;
  var Types = C.Types;
  var questionType = C.questionType;
  var arrangement = C.arrangement;
  var Player = C.Player;

  Player.prototype.setupQuestions = function () {
    var self = this;
    var data = this.data;
    var n = 0;
    data.checks.forEach(function (c) {
      c.questions.forEach(function (q) {
        var el = self.$('[data-question-id="' + q.id + '"]');
        if (!el) return;
        var Q = { q: q, el: el, container: c, kind: 'check', index: n++, startedAt: 0, locked: false };
        self.checkQs.push(Q);
        el.__cp = Q;
      });
    });
    if (data.assessment) {
      data.assessment.questions.forEach(function (q, i) {
        var el = self.$('[data-question-id="' + q.id + '"]');
        if (!el) return;
        var Q = { q: q, el: el, container: data.assessment, kind: 'assessment', index: i, slot: -1, startedAt: 0, locked: false };
        self.bankQs.push(Q);
        el.hidden = true;
        el.__cp = Q;
      });
    }
  };

  Player.prototype.questionOf = function (node) {
    var el = node && node.closest ? node.closest('[data-question-id]') : null;
    return el && el.__cp ? el.__cp : null;
  };

  Player.prototype.questionsOn = function (pageId) {
    var a = this.data.assessment;
    if (a && pageId === a.id) {
      return this.st.asmt.s === 1 ? this.drawnQs() : [];
    }
    return this.checkQs.filter(function (Q) { return Q.container.id === pageId; });
  };

  /** Orders a question's options for display: shuffled choices (when on), shuffled matching targets, scrambled sequence. */
  Player.prototype.arrange = function (Q, seed) {
    var q = Q.q;
    var doShuffle = q.shuffle != null ? q.shuffle : !!Q.container.shuffle;
    var order = arrangement(q, doShuffle, seed);
    if (order.choices) {
      var box = Q.el.querySelector('.options');
      order.choices.forEach(function (i) {
        var input = box.querySelector('input[value="' + q.options[i] + '"]');
        if (input) box.appendChild(input.closest('.option'));
      });
    }
    if (order.targets) {
      var list = Q.el.querySelector('[data-match-targets]');
      order.targets.forEach(function (i) {
        var item = list ? list.querySelector('[data-target-id="' + q.options[i] + '"]') : null;
        if (item) list.appendChild(item);
      });
      Array.prototype.slice.call(Q.el.querySelectorAll('select[data-pair-id]')).forEach(function (sel) {
        order.targets.forEach(function (i) {
          var opt = sel.querySelector('option[value="' + q.options[i] + '"]');
          if (opt) sel.appendChild(opt);
        });
      });
    }
    if (order.sequence) Types.apply(Q, order.sequence);
    Types.render(Q, this.s);
  };

  /** Knowledge checks: each learner's own order, from the seed kept in their state. */
  Player.prototype.arrangeChecks = function () {
    var self = this;
    var seed = this.st.learner;
    this.checkQs.forEach(function (Q) { self.arrange(Q, hash32(seed + '/' + Q.q.iid)); });
  };

  Player.prototype.onMove = function (btn, dir) {
    var Q = this.questionOf(btn);
    if (!Q || Q.locked) return;
    var li = btn.closest('li[data-item-id]');
    var list = li.parentNode;
    var items = Array.prototype.slice.call(list.children);
    var i = items.indexOf(li);
    var j = dir === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= items.length) return;
    if (dir === 'up') list.insertBefore(li, items[j]);
    else list.insertBefore(items[j], li);
    btn.focus();
    Types.render(Q, this.s);
    items.forEach(function (x) { x.classList.remove('just-moved'); });
    li.classList.add('just-moved');
    var live = Q.el.querySelector('[data-sequence-live]');
    if (live) {
      live.textContent = fmt(this.s.moved, {
        item: textOf(li.querySelector('.sequence-text')),
        pos: j + 1,
        total: items.length
      });
    }
    this.onEdit(Q);
  };

  Player.prototype.setLocked = function (Q, locked) {
    Q.locked = locked;
    this.$$('input, select, button[data-move], button[data-action="check"]', Q.el).forEach(function (c) {
      c.disabled = locked;
    });
  };

  Player.prototype.clearFeedback = function (Q) {
    var region = Q.el.querySelector('[data-feedback-region]');
    if (region) { region.textContent = ''; region.className = 'feedback'; }
  };

  Player.prototype.message = function (Q, text) {
    var region = Q.el.querySelector('[data-feedback-region]');
    if (!region) return;
    region.className = 'feedback';
    region.textContent = '';
    var p = document.createElement('p');
    p.className = 'message';
    p.textContent = text;
    region.appendChild(p);
  };

  /** Copies the server-rendered feedback HTML (safe, from markdown) into `target`. */
  function copyFeedback(Q, selector, target) {
    var src = Q.el.querySelector('.feedback-source ' + selector);
    if (!src || !src.childNodes.length) return false;
    var wrap = document.createElement('div');
    wrap.className = 'feedback-text';
    Array.prototype.slice.call(src.childNodes).forEach(function (n) { wrap.appendChild(n.cloneNode(true)); });
    target.appendChild(wrap);
    return true;
  }

  function verdict(strings, result) {
    var p = document.createElement('p');
    p.className = 'verdict';
    var icon = document.createElement('span');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = result === 'correct' ? '✓' : (result === 'incorrect' ? '✗' : '•');
    var text = document.createElement('span');
    text.textContent = result === 'correct' ? strings.correct : (result === 'incorrect' ? strings.incorrect : strings.neutral);
    p.appendChild(icon);
    p.appendChild(text);
    return p;
  }

  /** Appends the verdict, the overall feedback and the selected choices' feedback (or the pairs). */
  function fillFeedback(Q, r, result, strings, target, reveal) {
    target.appendChild(verdict(strings, result));
    var q = Q.q;
    var type = questionType(q.type);
    var extra = type.answerFeedback ? type.answerFeedback(Q, r, result, strings, reveal) : null;
    if (extra) target.appendChild(extra);
    copyFeedback(Q, '[data-feedback="' + result + '"]', target);
    if (r != null && type.selected) {
      type.selected(r).forEach(function (i) {
        var box = document.createElement('div');
        box.className = 'feedback-choice';
        if (copyFeedback(Q, '[data-choice-feedback="' + q.options[i] + '"]', box)) target.appendChild(box);
      });
    }
  }

  Player.prototype.showFeedback = function (Q, r, result, mode) {
    var region = Q.el.querySelector('[data-feedback-region]');
    if (!region) return;
    region.textContent = '';
    if (mode === 'none' || mode === 'at-end-hidden') {
      region.className = 'feedback';
      var p = document.createElement('p');
      p.textContent = this.s.saved;
      region.appendChild(p);
      return;
    }
    region.className = 'feedback ' + (result === 'correct' ? 'is-correct' : (result === 'incorrect' ? 'is-incorrect' : 'is-neutral'));
    // A knowledge check can be answered again, so it marks wrong pairs without the right ones;
    // the assessment follows its reveal policy.
    fillFeedback(Q, r, result, this.s, region, Q.kind === 'assessment' && this.revealCorrect());
  };

  /** Reads and validates an answer; shows a message and returns undefined when there is none. */
  Player.prototype.validAnswer = function (Q) {
    var r = Types.read(Q);
    if (r == null) { this.message(Q, this.s.no_answer); return undefined; }
    var invalid = questionType(Q.q.type).invalid;
    var why = invalid ? invalid(r) : null;
    if (why) { this.message(Q, this.s[why]); return undefined; }
    return r;
  };

  Player.prototype.onEdit = function (Q) {
    if (Q) Types.render(Q, this.s);
    // The answer's latency runs from when its question was shown to the learner's last change.
    if (Q && !Q.locked) Q.editedAt = Date.now();
    if (Q.kind === 'check') {
      if (!Q.locked) this.clearFeedback(Q);
      return;
    }
    var a = this.st.asmt;
    if (!a || a.s !== 1 || Q.slot < 0 || Q.locked) return;
    var r = Types.read(Q);
    a.entries[Q.slot] = r == null ? null : { r: r, checked: false };
    this.confirmSubmit = false;
    var msg = this.$('[data-submit-message]');
    if (msg) msg.textContent = '';
    this.clearFeedback(Q);
    this.renderAnsweredCount();
    this.scheduleSave();
  };

  Player.prototype.onCheck = function (Q) {
    if (!Q || Q.locked) return;
    var r = this.validAnswer(Q);
    if (r === undefined) return;
    var result = Types.evaluate(Q.q, r);
    if (Q.kind === 'check') {
      this.showFeedback(Q, r, result, Q.container.feedback);
      this.st.checks[Q.index] = { r: r, checked: true };
      this.answered(Q, r, result);
      this.renderProgress();
      this.report({ commit: false });
      return;
    }
    var a = this.st.asmt;
    if (!a || a.s !== 1 || Q.slot < 0) return;
    a.entries[Q.slot] = { r: r, checked: true };
    this.setLocked(Q, true);
    this.showFeedback(Q, r, result, this.data.assessment.feedback);
    this.answered(Q, r, result);
    this.renderAnsweredCount();
    this.report({ commit: false });
  };

  Player.prototype.onCheckAll = function (section) {
    var self = this;
    if (!section) return;
    var any = false;
    this.checkQs.filter(function (Q) { return section.contains(Q.el); }).forEach(function (Q) {
      var r = self.validAnswer(Q);
      if (r === undefined) return;
      var result = Types.evaluate(Q.q, r);
      self.showFeedback(Q, r, result, 'immediate');
      self.st.checks[Q.index] = { r: r, checked: true };
      self.answered(Q, r, result);
      any = true;
    });
    if (any) {
      this.renderProgress();
      this.report({ commit: false });
    }
  };

  /** Tells the runtime about one answer (a new interaction each time). */
  Player.prototype.answered = function (Q, r, result) {
    var now = Date.now();
    var n = Types.interaction(Q.q, r, { lang: this.data.course.lang });
    var a = this.st.asmt;
    this.rt.call('answered', {
      questionId: Q.q.id,
      interactionId: Q.q.iid,
      containerId: Q.container.id,
      context: Q.kind,
      type: Q.q.type,
      response: n.response,
      correctResponse: n.correct,
      options: Q.q.options.slice(),
      result: result,
      weight: Q.q.weight,
      latencyMs: Math.max(0, (Q.editedAt && Q.editedAt >= (Q.startedAt || 0) ? Q.editedAt : now) - (Q.startedAt || now)),
      timestamp: new Date(now).toISOString(),
      prompt: Q.q.prompt,
      caseSensitive: !!Q.q.caseSensitive,
      attempt: Q.kind === 'assessment' && a ? a.n : null,
      scored: n.scored,
      scorm12: n.scorm12,
      scorm2004: n.scorm2004,
      xapi: n.xapi
    });
    Q.startedAt = now;
    Q.editedAt = 0;
  };

  C.copyFeedback = copyFeedback;
  C.verdict = verdict;
  C.fillFeedback = fillFeedback;
})(Coursepack);
