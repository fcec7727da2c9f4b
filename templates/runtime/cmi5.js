// requires: lib/url.js, lib/xapi.js
/* coursepack tracking adapter "cmi5": the player as a cmi5 assignable unit.
 *
 * Ships after none.js and lib/xapi.js (statements, queue, State API,
 * de-duplication). This file does what cmi5 adds (the cmi5 spec's sections
 * 8-11):
 * - reads `endpoint`, `fetch`, `actor`, `registration`, `activityId` from
 *   the query string in any order; POSTs to `fetch` once and puts the
 *   `auth-token` in every request's Authorization header (an error answer
 *   or a missing parameter: no tracking, the player works like "none");
 * - reads the State document LMS.LaunchData (contextTemplate, launchMode,
 *   masteryScore, moveOn, returnURL) and never writes it; every statement's
 *   context starts from a copy of contextTemplate (its session id and
 *   grouping), nothing in it is overwritten;
 * - reads the learner preferences (Agent Profile cmi5LearnerPreferences; a
 *   403 or 404 is not an error) and reports a language mismatch in the console;
 * - masteryScore overrides the course's pass mark (the player shows and
 *   applies the LMS's); passed/failed agree with it and carry it as the
 *   masteryscore extension;
 * - cmi5-defined statements (initialized, completed, passed, failed,
 *   terminated) have the AU's activityId as object, the cmi5 category (and
 *   the moveon category when they carry success or completion) and a
 *   duration (terminated, completed, passed, failed); completed and passed
 *   at most once per registration, failed never after passed, at most one of
 *   passed/failed per session; "cmi5 allowed" ones (experienced, answered,
 *   scored) only between initialized and terminated;
 * - Browse and Review: only initialized and terminated, nothing written;
 * - completed once every lesson page was seen (the learner experienced the
 *   material; the LMS applies moveOn);
 * - moveOn (Normal mode) becomes the player's completion rule (start's
 *   `completion`): the title and results pages say what counts, and "complete"
 *   there means what the LMS will count; the statements stay the same;
 * - on exit (not when the page is closing) goes to returnURL when given;
 * - `endpoint`, `fetch` and `returnURL` pass lib/url.js's gate (http or
 *   https only): a hostile endpoint or fetch means no tracking, a hostile
 *   returnURL means the learner stays in the course after the exit.
 */
(function (root) {
  'use strict';

  var X = root.CoursepackXapi;
  if (!X || !root.CoursepackUrl) return;

  var CAT_CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
  var CAT_MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
  var EXT_MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
  var DEFINED = { initialized: 1, completed: 1, passed: 1, failed: 1, terminated: 1 };
  var MODES = { Normal: 'normal', Browse: 'browse', Review: 'review' };

  var U = root.CoursepackUrl;

  function launch() {
    var p = X.params(root.location && root.location.search);
    var actor = X.agent(p.actor);
    if (!p.endpoint || !p.fetch || !actor || !p.activityId || !p.registration) {
      if (p.endpoint || p.fetch) X.warn('the cmi5 launch lacks endpoint, fetch, actor, activityId or registration; not tracked');
      return null;
    }
    var endpoint = U.httpUrl(p.endpoint, 'the cmi5 launch endpoint');
    var fetchUrl = U.httpUrl(p.fetch, 'the cmi5 launch fetch URL');
    if (!endpoint || !fetchUrl) {
      X.warn('the cmi5 launch names an endpoint or fetch URL that is not http(s); not tracked');
      return null;
    }
    if (typeof root.fetch !== 'function') return null;
    return root.fetch(fetchUrl, { method: 'POST', credentials: 'omit', cache: 'no-store' }).then(function (res) {
      return res.json();
    }).then(function (body) {
      var token = body && body['auth-token'];
      if (typeof token !== 'string' || !token) {
        X.warn('the fetch URL gave no auth-token: ' + (body && (body['error-text'] || body['error-code'])));
        return null;
      }
      var client = new X.Client({ endpoint: endpoint, auth: 'Basic ' + token });
      var agentJson = JSON.stringify(actor);
      var stateQ = { stateId: 'LMS.LaunchData', activityId: p.activityId, agent: agentJson, registration: p.registration };
      return client.getDocument('activities/state', stateQ).then(function (r) {
        var ld = r.doc;
        if (r.status !== 200 || !ld || typeof ld !== 'object' || !ld.contextTemplate) {
          X.warn('LMS.LaunchData could not be read (status ' + r.status + '); not tracked');
          return null;
        }
        return client.getDocument('agents/profile', { profileId: 'cmi5LearnerPreferences', agent: agentJson }).then(function (pr) {
          // 403 and 404 are not errors (the LMS keeps no preferences or denies them).
          var prefs = pr.status === 200 && pr.doc && typeof pr.doc === 'object' ? pr.doc : null;
          var data = null;
          try { data = JSON.parse(root.document.getElementById('course-data').textContent); } catch (e) { data = null; }
          var lang = data && data.course ? data.course.lang : null;
          if (prefs && typeof prefs.languagePreference === 'string' && lang) {
            var wanted = prefs.languagePreference.split(',').map(function (s) { return s.trim().toLowerCase(); });
            if (wanted.length && wanted[0] && wanted[0].split('-')[0] !== String(lang).toLowerCase().split('-')[0]) {
              X.warn('the learner prefers ' + prefs.languagePreference + '; this package is in ' + lang);
            }
          }
          var ms = typeof ld.masteryScore === 'number' && ld.masteryScore >= 0 && ld.masteryScore <= 1 ? ld.masteryScore : null;
          return {
            client: client,
            actor: actor,
            registration: p.registration,
            activityId: p.activityId,
            contextTemplate: ld.contextTemplate,
            mode: MODES[ld.launchMode] || 'normal',
            masteryScore: ms,
            moveOn: ld.moveOn || null,
            returnURL: U.httpUrl(ld.returnURL, 'the cmi5 returnURL of LMS.LaunchData'),
            preferences: prefs
          };
        });
      });
    }, function (e) {
      X.warn('the fetch URL could not be reached; not tracked', e);
      return null;
    });
  }

  function category(st, id) {
    var ca = st.context.contextActivities = st.context.contextActivities || {};
    ca.category = ca.category ? [].concat(ca.category) : [];
    if (!ca.category.some(function (a) { return a && a.id === id; })) ca.category.push({ objectType: 'Activity', id: id });
  }

  function decorate(st, verb, extra) {
    if (!DEFINED[verb]) return;
    category(st, CAT_CMI5);
    var r = st.result;
    if (r && (r.success != null || r.completion != null)) category(st, CAT_MOVEON);
    if ((verb === 'passed' || verb === 'failed') && typeof extra.masteryScore === 'number') {
      st.context.extensions = st.context.extensions || {};
      st.context.extensions[EXT_MASTERY] = extra.masteryScore;
    }
  }

  /**
   * moveOn (LMS.LaunchData; cmi5 §10: the LMS, not the AU, evaluates it) as the player's
   * completion rule, so the learner is told what counts and the results page calls the course
   * complete exactly when the LMS will: Completed → every page seen, Passed → the test passed,
   * CompletedAndPassed → both, CompletedOrPassed → either, NotApplicable → nothing required.
   * Only in Normal mode (Browse and Review count nothing); a rule that needs a test the course
   * does not have is not put in force. The statements do not change with moveOn: completed
   * still means every lesson page was seen, passed/failed still follow the score.
   */
  var MOVE_ON = {
    Completed: 'all-pages',
    Passed: 'assessment-passed',
    CompletedAndPassed: 'both',
    CompletedOrPassed: 'either',
    NotApplicable: 'none'
  };

  function completionRule(L, info) {
    var rule = L && L.mode === 'normal' && Object.prototype.hasOwnProperty.call(MOVE_ON, L.moveOn) ? MOVE_ON[L.moveOn] : null;
    if ((rule === 'assessment-passed' || rule === 'both') && !(info && info.assessment)) {
      X.warn('moveOn ' + L.moveOn + ' needs a test this course does not have; the course\'s own rule is shown');
      return null;
    }
    return rule;
  }

  var tracker = new X.Tracker({
    name: 'cmi5',
    launch: launch,
    decorate: decorate,
    allows: function (verb, mode) {
      return mode === 'normal' || verb === 'initialized' || verb === 'terminated';
    },
    completedWhen: function (st) { return st.allPagesSeen; },
    afterExit: function (L) {
      // Checked again where it is used, so no other path can hand it an unchecked URL.
      var back = U.httpUrl(L.returnURL, 'the cmi5 returnURL');
      if (back) root.location.assign(back);
    }
  });
  var adapter = tracker.adapter();
  var startTracker = adapter.start;
  adapter.start = function (info) {
    return Promise.resolve(startTracker(info)).then(function (res) {
      var rule = res && res.tracked ? completionRule(tracker.L, info) : null;
      if (rule) res.completion = rule;
      return res;
    });
  };
  root.CoursepackRuntime = adapter;
})(typeof self !== 'undefined' ? self : this);
