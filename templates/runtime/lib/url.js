/* coursepack runtime library "url": the one gate for every URL the runtime
 * takes from outside the package (the launch query string, LMS.LaunchData):
 * cmi5 `endpoint`, `fetch` and `returnURL`, TinCan `endpoint`, and any URL an
 * adapter reads from an LMS later. Not a runtime itself; an adapter names it
 * on its first line (`// requires: lib/url.js`).
 *
 * A URL is parsed with the browser's own URL parser (the one navigation and
 * fetch use, so what is checked is what would be used), relative to the
 * page, and accepted only when its scheme is http: or https:. Anything else
 * (javascript:, data:, file:, blob:, vbscript:, an unparsable text, a
 * non-string) is refused with a console warning; the caller then goes on
 * without it and the learner stays in the course.
 */
(function (root) {
  'use strict';

  var ALLOWED = { 'http:': true, 'https:': true };

  /**
   * The absolute http(s) URL `value` names, or null (with a warning naming
   * `what`, never the value itself, which may be long or hostile).
   * @param {*} value the text from outside
   * @param {string} what what it is, for the warning ("the cmi5 returnURL")
   * @returns {string|null}
   */
  function httpUrl(value, what) {
    if (value == null || value === '') return null;
    var parsed = null;
    if (typeof value === 'string' && typeof root.URL === 'function') {
      try {
        var base = root.location && root.location.href ? String(root.location.href) : undefined;
        parsed = base ? new root.URL(value, base) : new root.URL(value);
      } catch (e) {
        parsed = null;
      }
    }
    if (parsed && ALLOWED[parsed.protocol] === true) return parsed.href;
    if (root.console && typeof root.console.warn === 'function') {
      var scheme = parsed ? ' (scheme ' + parsed.protocol + ')' : '';
      root.console.warn('coursepack: ' + what + ' is not an http or https URL' + scheme + '; it is ignored');
    }
    return null;
  }

  root.CoursepackUrl = { httpUrl: httpUrl };
})(typeof self !== 'undefined' ? self : this);
