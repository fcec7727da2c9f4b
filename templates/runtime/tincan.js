// requires: lib/url.js, lib/xapi.js
/* coursepack tracking adapter "tincan": xAPI launched the TinCan way
 * (Rustici's launch convention, as mod_tincanlaunch and LRS-backed platforms
 * use it).
 *
 * Ships after none.js and lib/xapi.js (which does the statements, the queue,
 * the State API and the de-duplication). This file only reads the launch:
 * `endpoint`, `auth`, `actor`, `registration` and `activity_id` from the
 * query string, in any order. Without an endpoint and a usable actor it
 * behaves exactly like the "none" adapter (localStorage, "not tracked").
 *
 * Statements: initialized first; experienced per lesson page; answered per
 * answer (a full cmi.interaction definition); scored per assessment attempt;
 * completed when the course's completion rule is met; passed / failed on the
 * course activity with the score; terminated last (with the session's
 * duration). The object of the course-level statements is `activity_id` (the
 * course activity of tincan.xml). The endpoint must be an http(s) URL
 * (lib/url.js); any other is ignored with a warning and nothing is tracked.
 */
(function (root) {
  'use strict';

  var X = root.CoursepackXapi;
  var U = root.CoursepackUrl;
  if (!X || !U) return;

  function launch() {
    var p = X.params(root.location && root.location.search);
    var actor = X.agent(p.actor);
    if (!p.endpoint || !actor) return null;
    // The endpoint passes lib/url.js's gate (http or https only); otherwise not tracked.
    var endpoint = U.httpUrl(p.endpoint, 'the TinCan launch endpoint');
    if (!endpoint) return null;
    var data = null;
    try { data = JSON.parse(root.document.getElementById('course-data').textContent); } catch (e) { data = null; }
    var courseIri = data && data.course ? data.course.iri : null;
    var registration = p.registration && X.isUuid(p.registration) ? p.registration : null;
    if (p.registration && !registration) X.warn('the launch registration is not a UUID; statements go without it');
    return {
      client: new X.Client({ endpoint: endpoint, auth: p.auth || null }),
      actor: actor,
      registration: registration,
      activityId: p.activity_id || courseIri,
      contextTemplate: null,
      mode: 'normal',
      masteryScore: null
    };
  }

  var tracker = new X.Tracker({
    name: 'tincan',
    launch: launch,
    completedWhen: function (st) { return st.complete; }
  });
  root.CoursepackRuntime = tracker.adapter();
})(typeof self !== 'undefined' ? self : this);
