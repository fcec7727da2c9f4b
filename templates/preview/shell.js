/*
 * coursepack preview page: the course in a frame, reloaded (at the same
 * page) when the course changes, its problems shown instead when it has
 * errors, and a side panel with what the LMS records:
 *
 * - scorm12 / scorm2004: this page hosts the SCORM API the course looks for
 *   (window.API, window.API_1484_11), written here; what is stored, the
 *   attempts, grade and completion follow Moodle's rules as modelled in
 *   templates/lms/moodle.js (CoursepackMoodle).
 * - tincan / cmi5: the course talks to the preview's own LRS (/xapi/); the
 *   panel lists the statements as they arrive, and for cmi5 the moveOn state.
 * - web: no LMS; the player keeps its progress in the browser.
 */
(function () {
  'use strict';

  var target = document.body.getAttribute('data-target') || 'web';
  var frame = document.getElementById('course');
  var problems = document.getElementById('problems');
  var controls = document.getElementById('controls');
  var summary = document.getElementById('summary');
  var dataBox = document.getElementById('data');
  var logBox = document.getElementById('log');
  var statusBox = document.getElementById('status');
  var status = null;
  var navigations = 0;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function button(label, id, onclick) {
    var b = el('button', { type: 'button', id: id }, label);
    b.addEventListener('click', onclick);
    controls.appendChild(b);
  }
  function log(text, bad) {
    var li = el('li', bad ? { 'class': 'bad' } : {}, text);
    logBox.insertBefore(li, logBox.firstChild);
    while (logBox.childNodes.length > 500) logBox.removeChild(logBox.lastChild);
  }
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) { d.appendChild(el('dt', {}, p[0])); d.appendChild(el('dd', { 'data-key': p[0] }, p[1])); });
    summary.replaceChildren(d);
  }
  function table(head, rows) {
    var t = el('table');
    var tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', {}, h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) { row.appendChild(el('td', {}, c)); });
      t.appendChild(row);
    });
    dataBox.replaceChildren(t);
  }
  function currentHash() {
    try { return frame.contentWindow.location.hash || ''; } catch (e) { return ''; }
  }

  /* ---- loading the course, live reload ---------------------------------- */

  var tracker = null; // the panel for the target, set below

  function load() {
    navigations += 1;
    var hash = currentHash();
    tracker.url(function (url) {
      // A new query each time: the same URL with a #hash would only scroll, not reload.
      frame.src = url + (url.indexOf('?') < 0 ? '?' : '&') + 'g=' + (status ? status.generation : 0) + '&n=' + navigations + hash;
    });
  }

  function show(s) {
    var first = status === null;
    status = s;
    var broken = s.errors > 0 || !s.course;
    statusBox.textContent = broken ? s.errors + ' error(s)' : 'up to date (' + Math.round(s.took_ms) + ' ms)';
    problems.hidden = !broken;
    document.getElementById('diagnostics').textContent = s.diagnostics;
    var w = document.getElementById('warnings');
    w.hidden = broken || !s.warnings;
    w.querySelector('pre').textContent = s.diagnostics;
    if (broken) return;
    if (first) tracker.start();
    load();
  }

  function poll() {
    var url = status === null ? '/preview/status' : '/preview/wait?seen=' + status.generation;
    fetch(url, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      if (status === null || s.generation !== status.generation) show(s);
      poll();
    }, function () {
      statusBox.textContent = 'the preview server stopped';
      setTimeout(poll, 2000);
    });
  }

  /* ---- SCORM: the API and Moodle's rules -------------------------------- */

  function scorm(version) {
    var v12 = version === '1.2';
    var lms = null;
    var session = null;
    var nextAction = 'enter';
    var lastError = '0';
    var RO12 = /^cmi\.(core\.(student_id|student_name|credit|entry|total_time|lesson_mode)|launch_data|comments_from_lms|student_data\..*|.*\._count|.*\._children)$/;
    var RO04 = /^cmi\.(learner_id|learner_name|credit|entry|mode|total_time|launch_data|scaled_passing_score|completion_threshold|max_time_allowed|time_limit_action|comments_from_lms\..*|.*\._count|.*\._children|_version)$/;
    var STATUS12 = /^(passed|completed|failed|incomplete|browsed)$/;
    var E = v12
      ? { ok: '0', general: '101', notInit: '301', readOnly: '403', writeOnly: '404', type: '405', again: '101', unset: '0' }
      : { ok: '0', general: '101', notInit: '122', readOnly: '404', writeOnly: '405', type: '406', again: '103', unset: '403', after: '132' };
    var words = { '0': 'No error', '101': 'General exception', '103': 'Already initialized',
      '122': 'Retrieve data before initialization', '132': 'Retrieve data after termination',
      '301': 'Not initialized', '401': 'Not implemented', '403': v12 ? 'Element is read only' : 'Data model element value not initialized',
      '404': v12 ? 'Element is write only' : 'Data model element is read only',
      '405': v12 ? 'Incorrect data type' : 'Data model element is write only', '406': 'Data model element type mismatch' };

    function setup() {
      var pass = status.course.pass_mark;
      lms = window.CoursepackMoodle.createLms({
        version: version,
        masteryScore: pass == null ? null : (v12 ? pass : pass / 100),
        settings: { maxAttempt: 0, whatGrade: 'highest', gradeMethod: 'highest', masteryOverride: true,
          forceNewAttempt: 'no', completionPassedOrCompleted: true }
      });
    }
    function answer(name, args, result, err) {
      lastError = err || '0';
      log(name + '(' + args.map(function (a) { return JSON.stringify(a); }).join(', ') + ') → ' +
        JSON.stringify(result) + (lastError !== '0' ? ' [' + lastError + ' ' + (words[lastError] || '') + ']' : ''), lastError !== '0');
      return result;
    }
    function running() { return session && session.state === 'running'; }
    function count(prefix) {
      var n = 0;
      Object.keys(session.values).forEach(function (k) {
        if (k.indexOf(prefix) === 0) {
          var i = parseInt(k.slice(prefix.length), 10);
          if (i + 1 > n) n = i + 1;
        }
      });
      return n;
    }

    function initialize(name, arg) {
      if (running() && session.navigation === navigations) return answer(name, [arg], 'false', E.again);
      if (running()) log('the previous session ended without ' + (v12 ? 'LMSFinish' : 'Terminate') + ': its uncommitted values are lost', true);
      var l = lms.launch({ action: nextAction });
      nextAction = 'enter';
      session = { launch: l, values: Object.assign({}, l.initial), pending: {}, state: 'running', navigation: navigations };
      render();
      return answer(name, [arg], 'true');
    }
    function getValue(name, key) {
      if (!running()) return answer(name, [key], '', session ? (v12 ? E.notInit : E.after) : E.notInit);
      var m = /^(cmi\.(?:interactions|objectives))\._count$/.exec(key);
      if (m) return answer(name, [key], String(count(m[1] + '.')));
      if (v12 && /^cmi\.interactions\.\d+\./.test(key)) return answer(name, [key], '', E.writeOnly);
      if (Object.prototype.hasOwnProperty.call(session.values, key)) return answer(name, [key], session.values[key]);
      return answer(name, [key], '', E.unset);
    }
    function setValue(name, key, value) {
      value = String(value);
      if (!running()) return answer(name, [key, value], 'false', session ? (v12 ? E.notInit : '133') : E.notInit);
      if ((v12 ? RO12 : RO04).test(key)) return answer(name, [key, value], 'false', E.readOnly);
      if (v12 && key === 'cmi.core.lesson_status' && !STATUS12.test(value)) return answer(name, [key, value], 'false', E.type);
      session.values[key] = value;
      session.pending[key] = value;
      return answer(name, [key, value], 'true');
    }
    function commit(name, arg) {
      if (!running()) return answer(name, [arg], 'false', v12 ? E.notInit : '142');
      lms.commit(session.launch, session.pending);
      session.pending = {};
      render();
      return answer(name, [arg], 'true');
    }
    function finish(name, arg) {
      if (!running()) return answer(name, [arg], 'false', v12 ? E.notInit : '112');
      lms.finish(session.launch, session.pending);
      session.pending = {};
      session.state = 'finished';
      render();
      return answer(name, [arg], 'true');
    }
    function lastErr() { return lastError; }
    function errStr(code) { return words[String(code)] || ''; }

    if (v12) {
      window.API = {
        LMSInitialize: function (a) { return initialize('LMSInitialize', a); },
        LMSFinish: function (a) { return finish('LMSFinish', a); },
        LMSGetValue: function (k) { return getValue('LMSGetValue', k); },
        LMSSetValue: function (k, v) { return setValue('LMSSetValue', k, v); },
        LMSCommit: function (a) { return commit('LMSCommit', a); },
        LMSGetLastError: lastErr, LMSGetErrorString: errStr, LMSGetDiagnostic: errStr
      };
    } else {
      window.API_1484_11 = {
        Initialize: function (a) { return initialize('Initialize', a); },
        Terminate: function (a) { return finish('Terminate', a); },
        GetValue: function (k) { return getValue('GetValue', k); },
        SetValue: function (k, v) { return setValue('SetValue', k, v); },
        Commit: function (a) { return commit('Commit', a); },
        GetLastError: lastErr, GetErrorString: errStr, GetDiagnostic: errStr
      };
    }

    function render() {
      if (!lms) return;
      var st = lms.state();
      var l = session ? session.launch : null;
      dl([
        ['Attempt', l ? l.attempt + ' of ' + st.attempts.length : '–'],
        ['Mode', l ? l.mode : '–'],
        ['Credit', l ? l.credit : '–'],
        ['Entry', l ? (l.entry || '(empty)') : '–'],
        ['Session', session ? session.state : '–'],
        ['Grade', st.grade === null || st.grade === undefined ? '–' : String(Math.round(st.grade * 100) / 100) + ' / 100'],
        ['Completion', st.completion]
      ]);
      var a = l ? st.attempts[l.attempt - 1] : null;
      var tracks = a ? a.tracks : {};
      table(['element (attempt ' + (a ? a.number : '–') + ')', 'stored value'],
        Object.keys(tracks).sort().map(function (k) { return [k, tracks[k]]; }));
    }

    return {
      start: function () {
        setup();
        button('New attempt', 'new-attempt', function () { nextAction = 'newattempt'; load(); });
        button('Re-enter', 're-enter', function () { nextAction = 'enter'; load(); });
        button('Review', 'review', function () { nextAction = 'review'; load(); });
        button('Preview (browse)', 'browse', function () { nextAction = 'preview'; load(); });
        render();
      },
      url: function (go) { go('/course/index.html'); }
    };
  }

  /* ---- xAPI: the local LRS ---------------------------------------------- */

  function xapi(cmi5) {
    var key = 'coursepack-preview-registration:' + target;
    var registration = null;
    var mode = 'Normal';
    var after = 0;
    var rows = [];
    var moveOn = null;
    try { registration = localStorage.getItem(key); } catch (e) { registration = null; }

    function fetchStatements() {
      if (!registration) return;
      var url = '/xapi/statements?ascending=true&after=' + after + '&registration=' + encodeURIComponent(registration);
      fetch(url, { headers: { 'X-Experience-API-Version': '1.0.3' }, cache: 'no-store' })
        .then(function (r) { return r.json(); })
        .then(function (res) {
          var m = /after=(\d+)/.exec(res.more || '');
          if (m) after = Number(m[1]);
          (res.statements || []).forEach(function (s) {
            var verb = (s.verb && s.verb.id || '').split('/').pop();
            var obj = s.object && s.object.id ? s.object.id : (s.object && s.object.objectType) || '';
            var r = s.result || {};
            var res2 = [];
            if (r.score && r.score.scaled !== undefined) res2.push('scaled ' + r.score.scaled);
            if (r.success !== undefined) res2.push('success ' + r.success);
            if (r.completion !== undefined) res2.push('completion ' + r.completion);
            rows.unshift([String(s.timestamp || '').slice(11, 19), verb, obj.replace(status.course.iri, '…'), res2.join(', ')]);
            log(verb + ' ' + obj);
          });
          if (rows.length > 1000) rows.length = 1000;
          if (cmi5) return fetch('/preview/moveon?registration=' + encodeURIComponent(registration), { cache: 'no-store' })
            .then(function (r) { return r.json(); }).then(function (mo) { moveOn = mo; });
        })
        .then(render, function () { /* the next poll retries */ });
    }

    function render() {
      var pairs = [['Registration', registration || '–'], ['Statements', String(rows.length)]];
      if (cmi5) {
        pairs.push(['Launch mode', mode]);
        if (moveOn && moveOn.moveOn) {
          pairs.push(['moveOn', moveOn.moveOn]);
          pairs.push(['Satisfied', moveOn.satisfied ? 'yes' : 'no']);
        }
      }
      pairs.push(['LRS endpoint', location.origin + '/xapi/']);
      dl(pairs);
      table(['time', 'verb', 'object', 'result'], rows);
    }

    return {
      start: function () {
        document.getElementById('panel-title').textContent = 'Local LRS (' + target + ')';
        document.getElementById('data-title').textContent = 'Statements';
        document.getElementById('log-title').textContent = 'As they arrive';
        if (cmi5) {
          button('Launch (Normal)', 'launch-normal', function () { mode = 'Normal'; load(); });
          button('Browse', 'launch-browse', function () { mode = 'Browse'; load(); });
          button('Review', 'launch-review', function () { mode = 'Review'; load(); });
        } else {
          button('Relaunch', 'relaunch', function () { load(); });
        }
        button('New registration', 'new-registration', function () {
          registration = null; rows = []; after = 0; moveOn = null; load();
        });
        setInterval(fetchStatements, 1000);
        render();
      },
      url: function (go) {
        fetch('/preview/launch', { method: 'POST', cache: 'no-store',
          body: JSON.stringify({ mode: mode, registration: registration }) })
          .then(function (r) { return r.json(); })
          .then(function (res) {
            if (res.registration && res.registration !== registration) {
              registration = res.registration;
              rows = []; after = 0;
              try { localStorage.setItem(key, registration); } catch (e) { /* private mode */ }
            }
            render();
            go(res.url);
          });
      }
    };
  }

  function web() {
    return {
      start: function () {
        document.getElementById('panel-title').textContent = 'No LMS (web)';
        dl([['Tracking', 'none: the player keeps progress in this browser']]);
      },
      url: function (go) { go('/course/index.html'); }
    };
  }

  tracker = target === 'scorm12' ? scorm('1.2')
    : target === 'scorm2004' ? scorm('2004')
    : target === 'tincan' ? xapi(false)
    : target === 'cmi5' ? xapi(true)
    : web();
  poll();
})();
