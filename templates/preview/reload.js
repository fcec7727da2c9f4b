/* coursepack preview: reloads the course page when the course changes, at
   the same page (the player keeps its place in the URL's #hash). Only when
   the page is opened on its own; inside the preview page, the preview page
   reloads it. */
(function () {
  'use strict';
  if (window.parent !== window) return;
  var seen = null;
  function poll() {
    var url = '/preview/' + (seen === null ? 'status' : 'wait?seen=' + seen);
    fetch(url, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); return; }
      seen = s.generation;
      poll();
    }, function () { setTimeout(poll, 2000); });
  }
  poll();
})();
