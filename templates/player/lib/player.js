/* coursepack player: the Player (one per page), its start, the LMS's mode and pass mark, resuming. */
(function (C) {
  'use strict';

  var fmt = C.fmt;
  var warn = C.warn;
  var randomSeed = C.randomSeed;
  var StateCodec = C.StateCodec;
  var REQUIREMENT = C.REQUIREMENT;
  var SafeRuntime = C.SafeRuntime;
  var withTimeout = C.withTimeout;

  function Player(data) {
    this.data = data;
    this.s = data.strings || {};
    this.pages = data.pages;
    this.lessonPages = StateCodec.lessonPages(data);
    this.sections = {};
    this.current = null;
    this.finished = false;
    this.confirmSubmit = false;
    this.saveTimer = null;
    this.rt = new SafeRuntime(typeof window !== 'undefined' ? window.CoursepackRuntime : null);
    this.st = StateCodec.fresh(data);
    this.checkQs = [];
    this.bankQs = [];
  }

  Player.prototype.$ = function (sel, rootEl) {
    return (rootEl || document).querySelector(sel);
  };

  Player.prototype.$$ = function (sel, rootEl) {
    return Array.prototype.slice.call((rootEl || document).querySelectorAll(sel));
  };

  Player.prototype.pageIndex = function (id) {
    for (var i = 0; i < this.pages.length; i++) if (this.pages[i].id === id) return i;
    return -1;
  };

  Player.prototype.start = function () {
    var self = this;
    var body = document.body;
    try { if ('scrollRestoration' in history) history.scrollRestoration = 'manual'; } catch (e) { /* ignore */ }
    body.classList.remove('no-js');
    body.classList.add('js');
    this.$$('section[data-page-id]').forEach(function (sec) {
      self.sections[sec.getAttribute('data-page-id')] = sec;
    });
    this.setupQuestions();
    this.numberMenu();
    this.bindUI();
    var c = this.data.course;
    var info = {
      courseId: c.id,
      version: c.version,
      iri: c.iri,
      title: c.title,
      lang: c.lang,
      completion: c.completion,
      storageKey: this.data.storageKey,
      pageIds: this.pages.map(function (p) { return p.id; }),
      lessonPageCount: this.lessonPages.length,
      objectives: (this.data.objectives || []).map(function (o) { return { id: o.id, iri: o.iri, title: o.title }; }),
      assessment: this.data.assessment ? {
        id: this.data.assessment.id,
        passMark: this.data.assessment.passMark,
        attempts: this.data.assessment.attempts
      } : null
    };
    withTimeout(this.rt.call('start', info), 15000).then(function (res) {
      self.resume(res || {});
    }).catch(function (e) {
      warn('could not resume:', e);
      self.resume({});
    });
  };

  /**
   * The pass mark in force (percent): the LMS's when it gave one (SCORM 2004
   * cmi.scaled_passing_score, SCORM 1.2 mastery_score), else the course's.
   */
  Player.prototype.passMark = function () {
    var A = this.data.assessment;
    if (!A) return null;
    return this.lmsPassMark != null ? this.lmsPassMark : A.passMark;
  };

  Player.prototype.resume = function (res) {
    this.tracked = !!res.tracked;
    // The LMS's mode: "review" shows the recorded attempt read-only (no new assessment attempt,
    // knowledge checks locked); "browse" (a preview) allows everything but records nothing.
    // Either way the adapter writes nothing, and a banner says so (here and on the results page).
    this.mode = this.tracked && (res.mode === 'review' || res.mode === 'browse') ? res.mode : 'normal';
    document.body.setAttribute('data-mode', this.mode);
    var pm = res.passMark;
    this.lmsPassMark = typeof pm === 'number' && isFinite(pm) && pm >= 0 && pm <= 100 ? pm : null;
    if (this.lmsPassMark != null && this.data.assessment) {
      var fact = this.$('[data-pass-mark]');
      if (fact) fact.textContent = fmt(this.s.assessment_pass_mark, { pass: this.percentText(this.lmsPassMark) });
    }
    var notice = this.$('#tracking-notice');
    if (notice && !this.tracked) {
      notice.textContent = res.persistent === false ? this.s.not_saved : this.s.not_tracked;
      notice.hidden = false;
    } else if (notice && this.mode !== 'normal') {
      notice.textContent = this.modeText();
      notice.setAttribute('data-mode', this.mode);
      notice.hidden = false;
    }
    // The LMS's own completion rule (cmi5 moveOn, in normal mode): it decides what "complete"
    // means on the results page, and the learner is told what counts, here and there.
    var rule = res.completion;
    this.lmsCompletion = this.tracked && this.mode === 'normal' && REQUIREMENT[rule] ? rule : null;
    var req = this.$('[data-requirement]');
    if (req && this.lmsCompletion) {
      req.textContent = this.requirementText();
      req.hidden = false;
    }
    if (res.learnerName) {
      var w = this.$('[data-welcome]');
      if (w) { w.textContent = fmt(this.s.welcome, { name: res.learnerName }); w.hidden = false; }
    }
    var st = null;
    try {
      st = StateCodec.parse(this.data, res.state);
    } catch (e) {
      warn('state not applied:', e);
    }
    if (st) this.st = st;
    // The learner's own seed for the checks' option order: drawn once, then kept in the state.
    if (this.st.learner == null) this.st.learner = randomSeed();
    this.arrangeChecks();
    if (st) {
      try {
        this.applyState();
      } catch (e) {
        warn('state not applied:', e);
        var learner = this.st.learner;
        this.st = StateCodec.fresh(this.data);
        this.st.learner = learner;
      }
    }
    if (this.mode === 'review') this.lockForReview();
    var target = this.fromHash();
    if (target < 0 && st && typeof res.bookmark === 'string') target = this.pageIndex(res.bookmark);
    if (target < 0) target = 0;
    this.go(this.pages[target].id, { focus: false, initial: true });
    // The browser scrolls to a #page-… fragment after loading; start at the top.
    var top = function () { try { window.scrollTo(0, 0); } catch (e) { /* ignore */ } };
    if (document.readyState !== 'complete') window.addEventListener('load', function () { setTimeout(top, 0); });
    document.body.setAttribute('data-state', 'ready');
  };

  /** What the LMS counts for the unit, in the learner's words ('' without an LMS rule). */
  Player.prototype.requirementText = function () {
    return this.lmsCompletion ? (this.s[REQUIREMENT[this.lmsCompletion]] || '') : '';
  };

  /** The banner text of the LMS's mode ('' in normal mode). */
  Player.prototype.modeText = function () {
    if (this.mode === 'review') return this.s.mode_review || '';
    if (this.mode === 'browse') return this.s.mode_browse || '';
    return '';
  };

  /** Review: every question read-only; an attempt in progress cannot be submitted. */
  Player.prototype.lockForReview = function () {
    var self = this;
    this.checkQs.concat(this.bankQs).forEach(function (Q) { self.setLocked(Q, true); });
    this.$$('button[data-action="check"], button[data-action="check-all"], button[data-action="submit-attempt"], button[data-action="start-attempt"], button[data-action="retry"]').forEach(function (b) {
      b.disabled = true;
    });
  };

  /** A percentage as the package language writes it (75.5 is "75,5" in Dutch). */
  Player.prototype.percentText = function (n) {
    try {
      return Number(n).toLocaleString(this.data.course.lang, { maximumFractionDigits: 2 });
    } catch (e) {
      return String(n);
    }
  };

  Player.prototype.fromHash = function () {
    var h = '';
    try { h = decodeURIComponent(location.hash || ''); } catch (e) { h = ''; }
    return h.indexOf('#page-') === 0 ? this.pageIndex(h.slice(6)) : -1;
  };

  C.Player = Player;
})(Coursepack);
