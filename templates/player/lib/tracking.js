/* coursepack player: the tracking adapter (window.CoursepackRuntime), wrapped so it can never break the player. */
(function (C) {
  'use strict';

  var warn = C.warn;

  /**
   * The completion rules an LMS may put in force (start's `completion`; cmi5 moveOn) and the
   * string that tells the learner what counts under each.
   */
  var REQUIREMENT = {
    'all-pages': 'requirement_all_pages',
    'assessment-passed': 'requirement_assessment_passed',
    'both': 'requirement_both',
    'either': 'requirement_either',
    'none': 'requirement_none'
  };

  function SafeRuntime(rt) {
    this.rt = rt || null;
    this.closed = false;
  }
  SafeRuntime.prototype.call = function (name) {
    if (this.closed || !this.rt || typeof this.rt[name] !== 'function') return undefined;
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      return this.rt[name].apply(this.rt, args);
    } catch (e) {
      warn('tracking call ' + name + ' failed:', e);
      return undefined;
    }
  };

  function withTimeout(value, ms) {
    return new Promise(function (resolve) {
      var done = false;
      var timer = setTimeout(function () { if (!done) { done = true; warn('tracking did not start in time'); resolve(null); } }, ms);
      Promise.resolve(value).then(function (v) {
        if (!done) { done = true; clearTimeout(timer); resolve(v); }
      }, function (e) {
        if (!done) { done = true; clearTimeout(timer); warn('tracking failed to start:', e); resolve(null); }
      });
    });
  }

  C.REQUIREMENT = REQUIREMENT;
  C.SafeRuntime = SafeRuntime;
  C.withTimeout = withTimeout;
})(Coursepack);
