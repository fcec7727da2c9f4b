/* coursepack player: matching questions (each source to its own target; one select per source). */
(function (C) {
  'use strict';

  var P = C.typeParts;
  var F = C.formats;

  function select(Q, i) {
    return Q.el.querySelector('select[data-pair-id="' + Q.q.options[i] + '"]');
  }

  function sourceText(Q, i) {
    var sel = select(Q, i);
    return sel ? C.textOf(Q.el.querySelector('label[for="' + sel.id + '"]')) : '';
  }

  /** A matching target's full text (from the list of targets; the options carry a letter). */
  function targetText(Q, i) {
    var item = Q.el.querySelector('[data-target-id="' + Q.q.options[i] + '"] .match-target-text');
    return C.textOf(item || Q.el.querySelector('select option[value="' + Q.q.options[i] + '"]'));
  }

  /** A matching target as the learner sees it: its letter and its text ("B. Plans the posts"). */
  function targetLabel(Q, i) {
    var item = Q.el.querySelector('[data-target-id="' + Q.q.options[i] + '"]');
    var letter = item ? C.textOf(item.querySelector('.match-letter')) : '';
    return (letter ? letter + ' ' : '') + targetText(Q, i);
  }

  /**
   * Matching: letters the targets in their shown order, writes "B. full text" into every
   * select's options, and marks the targets already chosen (in the list, with the sources
   * that chose them, and in the other selects' options).
   */
  function render(Q, s) {
    var list = Q.el.querySelector('[data-match-targets]');
    if (!list) return;
    var letters = {};
    var texts = {};
    var items = Array.prototype.slice.call(list.querySelectorAll('[data-target-id]'));
    items.forEach(function (li, k) {
      var id = li.getAttribute('data-target-id');
      var letter = li.querySelector('.match-letter');
      if (!letter) {
        letter = document.createElement('span');
        letter.className = 'match-letter';
        li.insertBefore(letter, li.firstChild);
      }
      letters[id] = k < 26 ? String.fromCharCode(65 + k) + '.' : 'Z' + (k - 25) + '.';
      letter.textContent = letters[id];
      texts[id] = C.textOf(li.querySelector('.match-target-text'));
    });
    var selects = Array.prototype.slice.call(Q.el.querySelectorAll('select[data-pair-id]'));
    var usedBy = {};
    selects.forEach(function (sel) {
      if (!sel.value) return;
      (usedBy[sel.value] = usedBy[sel.value] || []).push(C.textOf(Q.el.querySelector('label[for="' + sel.id + '"]')));
    });
    items.forEach(function (li) {
      var by = usedBy[li.getAttribute('data-target-id')];
      li.classList.toggle('is-used', !!by);
      li.setAttribute('data-used', by ? 'true' : 'false');
      var note = li.querySelector('[data-used-by]');
      if (note) note.textContent = by ? ' ' + C.fmt(s.matching_used_by, { source: by.join('; ') }) : '';
    });
    selects.forEach(function (sel) {
      Array.prototype.slice.call(sel.options).forEach(function (opt) {
        if (!opt.value || !letters[opt.value]) return;
        var by = usedBy[opt.value] || [];
        var elsewhere = by.length > (sel.value === opt.value ? 1 : 0);
        opt.textContent = letters[opt.value] + ' ' + texts[opt.value] + (elsewhere ? ' (' + s.matching_used + ')' : '');
      });
    });
  }

  /**
   * Matching: one line per pair of a wrong answer, saying which source got which target and
   * whether that is right; the right target of a wrong pair only when `reveal` allows it.
   */
  function pairFeedback(Q, r, strings, reveal) {
    var ul = document.createElement('ul');
    ul.className = 'pair-feedback';
    ul.setAttribute('data-pair-feedback', '');
    Q.q.options.forEach(function (pid, i) {
      var t = r ? r[i] : null;
      var ok = t === i;
      var li = document.createElement('li');
      li.className = ok ? 'pair-ok' : 'pair-wrong';
      li.setAttribute('data-pair-id', pid);
      li.setAttribute('data-pair-result', ok ? 'correct' : 'incorrect');
      var icon = document.createElement('span');
      icon.setAttribute('aria-hidden', 'true');
      icon.className = 'pair-icon';
      icon.textContent = ok ? '✓' : '✗';
      li.appendChild(icon);
      var source = sourceText(Q, i);
      var text = t == null ? C.fmt(strings.pair_missing, { source: source })
        : C.fmt(ok ? strings.pair_right : strings.pair_wrong, { source: source, target: targetLabel(Q, t) });
      if (!ok && reveal) text += ' ' + C.fmt(strings.pair_should_be, { target: targetLabel(Q, i) });
      li.appendChild(document.createTextNode(' ' + text));
      ul.appendChild(li);
    });
    return ul;
  }


  function describe(Q, r) {
    var out = [];
    r.forEach(function (t, i) {
      if (t == null) return;
      out.push(sourceText(Q, i) + ' → ' + targetLabel(Q, t));
    });
    return out.join('; ');
  }

  C.registerQuestionType({
    name: 'matching',
    scored: true,
    arrange: function (n, shuffleOn, rand) { return { targets: C.shuffle(C.range(n), rand) }; },
    render: render,
    read: function (Q) {
      var any = false;
      var m = Q.q.options.map(function (pid, i) {
        var sel = select(Q, i);
        var t = sel && sel.value ? C.indexOf(Q.q, sel.value) : -1;
        if (t >= 0) { any = true; return t; }
        return null;
      });
      return any ? m : null;
    },
    apply: function (Q, r) {
      Q.q.options.forEach(function (pid, i) {
        var sel = select(Q, i);
        if (sel) sel.value = (r && r[i] != null) ? Q.q.options[r[i]] : '';
      });
    },
    /** Right when every source has its own target (the course lists the pairs matched). */
    grade: function (q, r) { return P.inCourseOrder(r) && r.length === q.options.length; },
    /** Per source the chosen target's index, or "_" for none. */
    encode: function (q, r) {
      return r.map(function (t) { return t == null ? '_' : t.toString(36); }).join('');
    },
    decode: function (q, s) {
      var n = q.options.length;
      if (s.length !== n) return undefined;
      var m = [];
      for (var k = 0; k < n; k++) {
        var c = s.charAt(k);
        if (c === '_') { m.push(null); continue; }
        var v = P.digit(q, c);
        if (v === undefined) return undefined;
        m.push(v);
      }
      return m;
    },
    response: function (q, r) {
      var pairs = [];
      if (r) r.forEach(function (t, i) { if (t != null) pairs.push([q.options[i], q.options[t]]); });
      return {
        response: r == null ? null : pairs,
        correct: q.options.map(function (id) { return [id, id]; })
      };
    },
    scorm12: function (q, n) {
      return {
        type: 'matching',
        response: n.response == null ? '' : F.scorm12.pairs(q, n.response),
        patterns: n.correct == null ? [] : [F.scorm12.pairs(q, n.correct)]
      };
    },
    scorm2004: function (q, n) {
      return {
        type: 'matching',
        response: n.response == null ? null : F.scorm2004.pairs(n.response),
        patterns: n.correct == null ? [] : [F.scorm2004.pairs(n.correct)]
      };
    },
    xapi: function (q, n, ctx) {
      var ids = q.options || [];
      return {
        definition: {
          interactionType: 'matching',
          source: F.xapi.components(ids, q.labels || [], ctx),
          target: F.xapi.components(ids, q.targets || [], ctx),
          correctResponsesPattern: [F.xapi.pairs(n.correct || [])]
        },
        response: F.xapi.pairs(n.response || [])
      };
    },
    describe: describe,
    describeCorrect: function (Q) { return describe(Q, C.range(Q.q.options.length)); },
    answerFeedback: function (Q, r, result, strings, reveal) {
      return r != null && result === 'incorrect' ? pairFeedback(Q, r, strings, !!reveal) : null;
    }
  });
})(Coursepack);
