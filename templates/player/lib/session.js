/* coursepack player: putting a resumed state back, saving, reporting progress, the exit. */
(function (C) {
  'use strict';

  var warn = C.warn;
  var Types = C.Types;
  var StateCodec = C.StateCodec;
  var Player = C.Player;

  Player.prototype.applyState = function () {
    var self = this;
    this.checkQs.forEach(function (Q) {
      var e = self.st.checks[Q.index];
      if (!e) return;
      Types.apply(Q, e.r);
      Types.render(Q, self.s);
      if (e.checked) self.showFeedback(Q, e.r, Types.evaluate(Q.q, e.r), Q.container.feedback);
    });
    var a = this.st.asmt;
    if (a && a.s !== 0) this.layoutAttempt();
    this.renderProgress();
  };

  Player.prototype.bookmark = function () {
    return this.current || '';
  };

  Player.prototype.save = function () {
    if (this.saveTimer) { clearTimeout(this.saveTimer); this.saveTimer = null; }
    var text;
    try {
      text = StateCodec.serialize(this.data, this.st);
    } catch (e) {
      warn('could not serialise the state:', e);
      return;
    }
    this.rt.call('saveState', text, this.bookmark());
  };

  Player.prototype.scheduleSave = function () {
    var self = this;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(function () { self.saveTimer = null; self.save(); }, 400);
  };

  /**
   * After a page view or an answer: progress and state; a checkpoint (commit) at the meaningful
   * points only — a page change, a submitted attempt, the exit — not after every answer
   * (`{commit: false}`): each SCORM commit is a synchronous request the LMS answers by storing
   * every changed value.
   */
  Player.prototype.report = function (opts) {
    this.renderProgress();
    this.rt.call('progress', this.status());
    this.save();
    if (!(opts && opts.commit === false)) this.rt.call('checkpoint');
  };

  Player.prototype.finish = function (how) {
    if (this.finished) return;
    var unloading = !!(how && how.unloading);
    this.finished = true;
    var self = this;
    var st = this.status();
    var x = st.assessment;
    var suspend = !st.complete || !!(x && !x.passed && x.attemptsLeft > 0);
    this.rt.call('progress', st);
    this.save();
    var done = function () {
      self.rt.closed = true;
      document.body.setAttribute('data-state', 'finished');
    };
    var r = this.rt.call('exit', { suspend: suspend, unloading: unloading, status: st });
    if (r && typeof r.then === 'function') {
      r.then(done, function (e) { warn('exit failed:', e); done(); });
    } else {
      done();
    }
    var main = this.$('#main');
    if (main && !this.$('.finished-banner')) {
      var p = document.createElement('p');
      p.className = 'finished-banner';
      p.textContent = this.tracked ? this.s.finished : this.s.finished_not_tracked;
      main.insertBefore(p, main.firstChild);
      var live = this.$('#status');
      if (live) live.textContent = p.textContent;
    }
    this.$$('button[data-action="exit"]').forEach(function (b) { b.disabled = true; });
  };
})(Coursepack);
