/* coursepack player: sequencing questions (items in the right order; moved with up and down buttons). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var standard = C.formats.idList('sequencing');

  function itemText(Q, i) {
    var li = Q.el.querySelector('li[data-item-id="' + Q.q.options[i] + '"] .sequence-text');
    return C.textOf(li);
  }

  /** Up and down buttons: the first item cannot go up, the last cannot go down. */
  function render(Q) {
    var items = Array.prototype.slice.call(Q.el.querySelectorAll('li[data-item-id]'));
    items.forEach(function (li, i) {
      var up = li.querySelector('button[data-move="up"]');
      var down = li.querySelector('button[data-move="down"]');
      if (up) up.setAttribute('aria-disabled', i === 0 ? 'true' : 'false');
      if (down) down.setAttribute('aria-disabled', i === items.length - 1 ? 'true' : 'false');
    });
  }

  function describe(Q, r) {
    return r.map(function (i) { return itemText(Q, i); }).join(' → ');
  }

  C.registerQuestionType({
    name: 'sequencing',
    scored: true,
    /** A scrambled start, never the right order. */
    arrange: function (n, shuffleOn, rand) {
      var seq = C.shuffle(C.range(n), rand);
      if (n > 1 && P.inCourseOrder(seq)) seq = seq.slice(1).concat(seq.slice(0, 1));
      return { sequence: seq };
    },
    render: render,
    read: function (Q) {
      return Array.prototype.slice.call(Q.el.querySelectorAll('li[data-item-id]'))
        .map(function (li) { return C.indexOf(Q.q, li.getAttribute('data-item-id')); });
    },
    apply: function (Q, r) {
      if (!r) return;
      var list = Q.el.querySelector('ol.sequence');
      r.forEach(function (i) {
        var li = list.querySelector('li[data-item-id="' + Q.q.options[i] + '"]');
        if (li) list.appendChild(li);
      });
    },
    grade: function (q, r) { return P.inCourseOrder(r) && r.length === q.options.length; },
    /** The item indices in the learner's order. */
    encode: function (q, r) { return r.map(function (i) { return i.toString(36); }).join(''); },
    decode: P.decodeOrder,
    response: function (q, r) {
      return { response: r == null ? null : r.map(function (i) { return q.options[i]; }), correct: q.options.slice() };
    },
    scorm12: standard.scorm12,
    scorm2004: standard.scorm2004,
    xapi: standard.xapi,
    describe: describe,
    describeCorrect: function (Q) { return describe(Q, C.range(Q.q.options.length)); },
    /** A sequence always has an order: the one shown is the learner's answer until they move an item. */
    shownIsAnswer: true
  });
})(Coursepack);
