/* coursepack player: what the type modules share to format an answer for SCORM 1.2, SCORM 2004
 * and xAPI (each type's `scorm12`, `scorm2004` and `xapi` pieces, lib/question-types.js).
 *
 * Each piece is `(q, n, ctx)`: the question, its standard-neutral `response(q, r)` ({response,
 * correct}) and `{lang}` (the package language); it returns the interaction in that standard's
 * syntax, with that standard's limits and escaping:
 *
 *   scorm12    {type, response, patterns}: response is '' when unanswered; choices, items and
 *              pairs by the single character 0-9a-z of their canonical position; texts cut to
 *              255 characters, at most 10 patterns
 *   scorm2004  {type, response, patterns}: response is null when unanswered (no
 *              learner_response); ids joined by "[,]", pairs by "[.]"; texts as localized
 *              strings (≤ 250 characters)
 *   xapi       {definition, response}: the cmi.interaction definition's per-type part
 *              (interactionType, components, correctResponsesPattern) and result.response
 */
(function (C) {
  'use strict';

  /** A finite number as text, else ''. */
  function number(x) {
    return typeof x === 'number' && isFinite(x) ? String(x) : '';
  }

  // ---- SCORM 1.2 -------------------------------------------------------------

  var MAX_CMI_STRING = 255;

  var scorm12 = {
    MAX_PATTERNS: 10,
    number: number,

    /** A CMIString255: the text, cut to 255 characters. */
    cut: function (text) { return String(text).slice(0, MAX_CMI_STRING); },

    /** The single character 0-9a-z of an option's canonical position, or ''. */
    character: function (q, id) {
      var i = (q.options || []).indexOf(id);
      return i >= 0 && i < 36 ? i.toString(36) : '';
    },

    /** Option ids as their characters, comma-separated. */
    ids: function (q, ids) {
      return ids.map(function (id) { return scorm12.character(q, id); }).join(',');
    },

    /** [source, target] pairs as "s.t", comma-separated. */
    pairs: function (q, ps) {
      return ps.map(function (p) { return scorm12.character(q, p[0]) + '.' + scorm12.character(q, p[1]); }).join(',');
    }
  };

  // ---- SCORM 2004 ------------------------------------------------------------

  var MAX_LANG_STRING = 250;
  var LANG_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

  var scorm2004 = {
    MAX_FILL_IN_PATTERNS: 5,
    number: number,

    /**
     * A localized string (characterstring with an optional {lang=...} tag): the package
     * language's tag in front when `always`, or when the text itself starts with "{" (which
     * would otherwise read as a delimiter).
     */
    langString: function (text, lang, always) {
      var t = String(text).replace(/\s+/g, ' ').trim().slice(0, MAX_LANG_STRING);
      var tag = lang && LANG_TAG.test(lang) ? '{lang=' + lang + '}' : '';
      if (always || t.charAt(0) === '{') return (tag || '{lang=und}') + t;
      return t;
    },

    /** A fill-in answer as one record: "[,]" inside it would split it in two. */
    fillIn: function (text, lang) {
      return scorm2004.langString(String(text).split('[,]').join('[ ,]'), lang, false);
    },

    list: function (ids) { return ids.map(String).join('[,]'); },

    pairs: function (ps) { return ps.map(function (p) { return p[0] + '[.]' + p[1]; }).join('[,]'); }
  };

  // ---- xAPI ------------------------------------------------------------------

  var xapi = {
    /** The statements' language: the package language, else "und". */
    lang: function (ctx) { return (ctx && ctx.lang) || 'und'; },

    langMap: function (lang, text) {
      var m = {};
      m[lang] = String(text == null ? '' : text);
      return m;
    },

    /** Interaction components: each option id with its text (the id when it has none). */
    components: function (ids, texts, ctx) {
      var lang = xapi.lang(ctx);
      return ids.map(function (id, i) {
        return { id: String(id), description: xapi.langMap(lang, texts[i] != null ? texts[i] : id) };
      });
    },

    list: function (ids) { return ids.join('[,]'); },

    pairs: function (ps) { return ps.map(function (p) { return p[0] + '[.]' + p[1]; }).join('[,]'); }
  };

  // ---- shared by the types whose answer is a list of option ids ------------

  /**
   * The three pieces of a type whose answer and right answer are lists of option ids
   * (single-choice, multiple-response, sequencing): `type` is the interaction type in all
   * three standards; xAPI lists the options as `choices`.
   */
  function idList(type) {
    return {
      scorm12: function (q, n) {
        return {
          type: type,
          response: n.response == null ? '' : scorm12.ids(q, n.response),
          patterns: n.correct == null ? [] : [scorm12.ids(q, n.correct)]
        };
      },
      scorm2004: function (q, n) {
        return {
          type: type,
          response: n.response == null ? null : scorm2004.list(n.response),
          patterns: n.correct == null ? [] : [scorm2004.list(n.correct)]
        };
      },
      xapi: function (q, n, ctx) {
        return {
          definition: {
            interactionType: type,
            choices: xapi.components(q.options || [], q.labels || [], ctx),
            correctResponsesPattern: [xapi.list(n.correct || [])]
          },
          response: xapi.list(n.response || [])
        };
      }
    };
  }

  C.formats = { scorm12: scorm12, scorm2004: scorm2004, xapi: xapi, idList: idList };
})(Coursepack);
