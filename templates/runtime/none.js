/* coursepack tracking adapter "none": no LMS.
 *
 * The resume state and the bookmark are kept in the browser's localStorage
 * under data.storageKey ("coursepack:<course id>:<version>:<lang>"); nothing
 * is reported anywhere. Every other adapter ships after this file and uses
 * window.CoursepackLocalRuntime() as its fallback when it finds no LMS.
 *
 * The contract (templates/README.md has the full description):
 *   start(info)            → Promise<{tracked, persistent, state, bookmark, entry, learnerName, mode}>
 *   pageViewed(page)       a page was shown
 *   answered(event)        one answer (standard-neutral)
 *   assessmentScored(s)    an assessment attempt was submitted
 *   progress(status)       completion / success / score as they stand now
 *   saveState(state, bookmark)
 *   checkpoint()           persist what was set (SCORM: LMSCommit)
 *   exit({suspend, status}) → Promise; the last call, made once
 */
(function (root) {
  'use strict';

  function warn(message, error) {
    try { console.warn('coursepack (local): ' + message, error || ''); } catch (e) { /* no console */ }
  }

  function storage() {
    try {
      var s = root.localStorage;
      var probe = '__coursepack_probe__';
      s.setItem(probe, probe);
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function createLocalRuntime() {
    var key = null;
    var store = null;
    var finished = false;
    return {
      name: 'none',

      start: function (info) {
        key = (info && info.storageKey) || 'coursepack';
        store = storage();
        var saved = null;
        if (store) {
          try {
            saved = JSON.parse(store.getItem(key) || 'null');
          } catch (e) {
            warn('the saved progress cannot be read; starting afresh', e);
          }
        }
        var ok = saved && typeof saved === 'object';
        return Promise.resolve({
          tracked: false,
          persistent: !!store,
          state: ok && typeof saved.state === 'string' ? saved.state : null,
          bookmark: ok && typeof saved.bookmark === 'string' ? saved.bookmark : null,
          entry: ok ? 'resume' : 'ab-initio',
          learnerName: null,
          mode: 'normal'
        });
      },

      pageViewed: function () {},
      answered: function () {},
      assessmentScored: function () {},
      progress: function () {},

      saveState: function (state, bookmark) {
        if (!store || finished || !key) return;
        try {
          store.setItem(key, JSON.stringify({ state: state, bookmark: bookmark }));
        } catch (e) {
          warn('could not save progress', e);
        }
      },

      checkpoint: function () {},

      exit: function () {
        finished = true;
        return Promise.resolve();
      }
    };
  }

  /**
   * Elapsed time, shared by every adapter (each standard writes it its own
   * way): `ms` rounded to centiseconds and split into hours, minutes, seconds
   * and centiseconds.
   */
  function clock(ms) {
    var cs = Math.max(0, Math.round((Number(ms) || 0) / 10));
    var h = Math.floor(cs / 360000);
    cs -= h * 360000;
    var m = Math.floor(cs / 6000);
    cs -= m * 6000;
    var s = Math.floor(cs / 100);
    return { h: h, m: m, s: s, cs: cs - s * 100 };
  }

  /** ISO 8601 duration (SCORM 2004 timeinterval, xAPI), e.g. PT1H2M3.45S, PT0S. */
  function isoDuration(ms) {
    var t = clock(ms);
    var frac = t.cs ? '.' + (t.cs < 10 ? '0' : '') + t.cs : '';
    return 'PT' + (t.h ? t.h + 'H' : '') + (t.h || t.m ? t.m + 'M' : '') + t.s + frac + 'S';
  }

  root.CoursepackTime = { clock: clock, isoDuration: isoDuration };
  root.CoursepackLocalRuntime = createLocalRuntime;
  root.CoursepackRuntime = createLocalRuntime();
})(typeof self !== 'undefined' ? self : this);
