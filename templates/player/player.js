// requires: lib/core.js, lib/question-types.js, lib/formats.js, lib/question-single-choice.js, lib/question-multiple-response.js
// requires: lib/question-true-false.js, lib/question-likert.js, lib/question-fill-in.js, lib/question-numeric.js
// requires: lib/question-matching.js, lib/question-sequencing.js, lib/state.js, lib/draw.js, lib/tracking.js
// requires: lib/player.js, lib/ui.js, lib/navigation.js, lib/questions.js, lib/assessment.js, lib/results.js
// requires: lib/session.js
/* coursepack player: navigation, questions, assessment, results, resume state.
 *
 * Plain ES2017, no framework, no build step. The page's content is rendered
 * server-side; this script reads `<script id="course-data">`, talks to the
 * tracking adapter (`window.CoursepackRuntime`, from player/runtime.js, see
 * templates/README.md) and never throws when the adapter is missing or fails.
 *
 * The build joins the modules the `// requires:` lines above name (under
 * templates/player/lib/, each once, in order) and then this file into the one
 * package file player/player.js. Every module adds to the one namespace
 * `Coursepack` (window.Coursepack; module.exports under Node); this file
 * starts the player once the page is loaded.
 */
(function (C) {
  'use strict';

  var warn = C.warn;
  var Player = C.Player;
  var StateCodec = C.StateCodec;

  function boot() {
    var el = document.getElementById('course-data');
    var data = null;
    try {
      data = JSON.parse(el ? el.textContent : 'null');
    } catch (e) {
      warn('the course data cannot be read:', e);
    }
    if (!data || !data.pages) {
      document.body.setAttribute('data-state', 'ready');
      return;
    }
    try {
      var player = new Player(data);
      // The running player, for tests and a designer's console: Coursepack.session.state().
      C.session = {
        player: player,
        exit: function () { player.finish(); },
        state: function () { return StateCodec.serialize(player.data, player.st); }
      };
      player.start();
    } catch (e) {
      warn('the player failed to start:', e);
      document.body.setAttribute('data-state', 'ready');
    }
  }

  C.boot = boot;
  if (typeof module === 'object' && module.exports) {
    module.exports = C;
  } else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', boot);
    } else {
      boot();
    }
  }
})(Coursepack);
