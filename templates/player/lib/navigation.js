/* coursepack player: moving between pages, the menu's numbers, progress. */
(function (C) {
  'use strict';

  var fmt = C.fmt;
  var Player = C.Player;

  Player.prototype.step = function (delta) {
    var i = this.pageIndex(this.current) + delta;
    if (i >= 0 && i < this.pages.length) this.go(this.pages[i].id, { focus: true });
  };

  Player.prototype.go = function (id, opts) {
    opts = opts || {};
    var index = this.pageIndex(id);
    if (index < 0) return;
    var page = this.pages[index];
    var self = this;
    this.current = id;
    Object.keys(this.sections).forEach(function (sid) { self.sections[sid].hidden = (sid !== id); });
    this.$$('#menu a[data-page-id]').forEach(function (a) {
      if (a.getAttribute('data-page-id') === id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    try {
      document.title = page.title + ' – ' + this.data.course.title;
    } catch (e) { /* ignore */ }
    var prev = this.$('#nav-prev');
    var next = this.$('#nav-next');
    if (prev) prev.disabled = index === 0;
    if (next) next.disabled = index === this.pages.length - 1;
    var pos = this.$('#page-position');
    if (pos) pos.textContent = this.positionText(page);
    // Keep the address in step (not on the first page: Chrome would move the
    // keyboard's starting point past the skip link).
    if (!opts.initial) {
      try {
        if (history.replaceState) history.replaceState(null, '', '#page-' + id);
      } catch (e) { /* file:// in some browsers */ }
    }

    if (page.kind === 'page') {
      var li = this.lessonPages.indexOf(page);
      if (li >= 0) this.st.seen[li] = true;
    }
    if (page.kind === 'assessment') this.renderAssessment();
    if (page.kind === 'results') this.renderResults();
    var now = Date.now();
    this.questionsOn(id).forEach(function (Q) { if (!Q.startedAt) Q.startedAt = now; });
    this.renderProgress();

    var section = this.sections[id];
    if (opts.focus && section) {
      var h = section.querySelector('.page-title');
      if (h) {
        try { h.focus({ preventScroll: true }); } catch (e) { h.focus(); }
      }
    }
    try { window.scrollTo(0, 0); } catch (e) { /* ignore */ }

    this.rt.call('pageViewed', {
      pageId: id,
      index: index,
      kind: page.kind,
      title: page.title,
      pagesSeen: this.seenCount(),
      pagesTotal: this.lessonPages.length
    });
    this.report();
  };

  /**
   * The pager's words for a screen. "Page n of P" counts lesson pages only, the same pages as
   * the header's "seen" count, the menu's numbers and the results page; the other screens
   * (start, knowledge checks, the test, results) are named, not counted (templates/README.md).
   */
  Player.prototype.positionText = function (page) {
    var s = this.s;
    switch (page.kind) {
      case 'page':
        return fmt(s.page_position, { n: this.lessonPages.indexOf(page) + 1, total: this.lessonPages.length });
      case 'credits': return s.pager_start || '';
      case 'check': return s.pager_check || '';
      case 'assessment': return s.pager_assessment || '';
      case 'results': return s.pager_results || '';
    }
    return '';
  };

  /** Numbers the menu's lesson pages 1…P, as the pager counts them. */
  Player.prototype.numberMenu = function () {
    var self = this;
    this.lessonPages.forEach(function (p, i) {
      var a = self.$('#menu a[data-page-id="' + p.id + '"]');
      if (!a || a.querySelector('.menu-num')) return;
      var num = document.createElement('span');
      num.className = 'menu-num';
      num.textContent = String(i + 1);
      a.insertBefore(num, a.firstChild);
    });
  };

  Player.prototype.seenCount = function () {
    return this.st.seen.filter(Boolean).length;
  };

  Player.prototype.renderProgress = function () {
    var seen = this.seenCount();
    var total = this.lessonPages.length;
    var bar = this.$('#progress-bar');
    if (bar) { bar.max = Math.max(total, 1); bar.value = seen; }
    var text = this.$('#progress-text');
    if (text) text.textContent = fmt(this.s.progress_text, { seen: seen, total: total });
    var self = this;
    this.$$('#menu a[data-page-id]').forEach(function (a) {
      var pid = a.getAttribute('data-page-id');
      var page = self.pages[self.pageIndex(pid)];
      var done = false;
      if (page && page.kind === 'page') done = !!self.st.seen[self.lessonPages.indexOf(page)];
      else if (page && page.kind === 'check') {
        var qs = self.checkQs.filter(function (Q) { return Q.container.id === pid; });
        done = qs.length > 0 && qs.every(function (Q) { return self.st.checks[Q.index] && self.st.checks[Q.index].checked; });
      } else if (page && page.kind === 'assessment') {
        var st = self.status().assessment;
        done = !!st && (st.passed || st.attemptsLeft === 0);
      }
      a.classList.toggle('is-seen', done);
      var t = a.querySelector('.seen-text');
      if (t) t.textContent = done ? ' (' + self.s.seen + ')' : '';
    });
  };
})(Coursepack);
