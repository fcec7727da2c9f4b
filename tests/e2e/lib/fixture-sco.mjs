// A tiny hand-made SCORM 1.2 package, written into a temp dir by the harness self-test. It proves
// the harness (server, launcher, manifest parsing, call log, commits, resume, guards, axe) on its
// own, independent of coursepack's player.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="selftest" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org-real">
    <organization identifier="org-decoy">
      <title>Decoy</title>
      <item identifier="item-decoy" identifierref="res-decoy"><title>Decoy</title></item>
    </organization>
    <organization identifier="org-real">
      <title>Self-test</title>
      <item identifier="item-folder">
        <title>Folder</title>
        <item identifier="item-sco" identifierref="res-sco" parameters="?from=manifest">
          <title>Self-test SCO</title>
          <adlcp:masteryscore>80</adlcp:masteryscore>
        </item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-decoy" type="webcontent" adlcp:scormtype="sco" href="decoy.html"><file href="decoy.html"/></resource>
    <resource identifier="res-sco" type="webcontent" adlcp:scormtype="sco" href="content/start.html"><file href="content/start.html"/></resource>
  </resources>
</manifest>
`;

// The SCO: finds the API through its parents, initialises, restores location and suspend_data,
// and offers buttons the self-test clicks. `body[data-state]` follows the player's convention.
const SCO = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Self-test SCO</title>
<style>body{font:16px/1.5 sans-serif;color:#111;background:#fff} .bad{color:#bbb}</style></head>
<body data-state="loading">
<main>
<h1>Self-test SCO</h1>
<p>Entry: <output id="entry"></output>. Location: <output id="location"></output>. Saved: <output id="saved"></output>.</p>
<label for="answer">Answer</label> <input id="answer" type="text">
<button type="button" id="answer-it">Answer</button>
<button type="button" id="suspend">Suspend</button>
<button type="button" id="pass">Pass</button>
<button type="button" id="bad-value">Bad value</button>
<button type="button" id="external">External</button>
<button type="button" id="throw">Throw</button>
<button type="button" id="after-finish">Set after finish</button>
<div id="slot"></div>
</main>
<script>
  function findAPI(w) { for (let i = 0; w && i < 10; i++, w = w.parent) { if (w.API) return w.API; if (w === w.parent) break; } return null; }
  const API = findAPI(window.parent);
  const pad = (n) => String(n).padStart(2, '0');
  API.LMSInitialize('');
  document.getElementById('entry').textContent = API.LMSGetValue('cmi.core.entry');
  const loc = API.LMSGetValue('cmi.core.lesson_location');
  document.getElementById('location').textContent = loc;
  const saved = API.LMSGetValue('cmi.suspend_data');
  document.getElementById('saved').textContent = saved;
  if (saved) document.getElementById('answer').value = JSON.parse(saved).answer;
  let n = Number(API.LMSGetValue('cmi.interactions._count'));
  if (!loc) API.LMSSetValue('cmi.core.lesson_status', 'incomplete');
  API.LMSSetValue('cmi.core.lesson_location', 'p2');
  document.body.dataset.state = 'ready';
  const on = (id, f) => document.getElementById(id).addEventListener('click', f);
  on('answer-it', () => {
    const v = document.getElementById('answer').value;
    API.LMSSetValue('cmi.interactions.' + n + '.id', 'selftest.q1');
    API.LMSSetValue('cmi.interactions.' + n + '.type', 'fill-in');
    API.LMSSetValue('cmi.interactions.' + n + '.student_response', v);
    API.LMSSetValue('cmi.interactions.' + n + '.correct_responses.0.pattern', 'factor');
    API.LMSSetValue('cmi.interactions.' + n + '.result', v === 'factor' ? 'correct' : 'wrong');
    API.LMSSetValue('cmi.interactions.' + n + '.latency', '0000:00:03.50');
    const d = new Date();
    API.LMSSetValue('cmi.interactions.' + n + '.time', pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()));
    n++;
    API.LMSSetValue('cmi.suspend_data', JSON.stringify({ answer: v }));
    API.LMSCommit('');
  });
  const finish = (exit) => {
    API.LMSSetValue('cmi.core.exit', exit);
    API.LMSSetValue('cmi.core.session_time', '0000:00:07.25');
    API.LMSCommit('');
    API.LMSFinish('');
    document.body.dataset.state = 'finished';
  };
  on('suspend', () => finish('suspend'));
  on('pass', () => {
    API.LMSSetValue('cmi.core.score.min', '0');
    API.LMSSetValue('cmi.core.score.max', '100');
    API.LMSSetValue('cmi.core.score.raw', '90');
    API.LMSSetValue('cmi.core.lesson_status', 'passed');
    finish('');
  });
  on('bad-value', () => API.LMSSetValue('cmi.core.lesson_status', 'done'));
  on('external', () => { const i = new Image(); i.alt = ''; i.src = 'https://example.com/pixel.gif'; document.getElementById('slot').append(i); });
  on('throw', () => { setTimeout(() => { throw new Error('boom from the SCO'); }, 0); });
  on('after-finish', () => API.LMSGetValue('cmi.core.lesson_status'));
</script>
</body>
</html>
`;

// An accessibility counter-example: axe must find violations here.
const BAD_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><img src="x.png"><p style="color:#bbb;background:#fff">Low contrast</p><input type="text"></main></body></html>
`;

/** Writes the fixture package into a fresh temp dir and returns its path. */
export function writeFixturePackage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-selftest-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(path.join(dir, 'imsmanifest.xml'), MANIFEST);
  fs.writeFileSync(path.join(dir, 'content', 'start.html'), SCO);
  fs.writeFileSync(path.join(dir, 'decoy.html'), '<!doctype html><title>decoy</title><p>wrong SCO</p>');
  fs.writeFileSync(path.join(dir, 'bad.html'), BAD_PAGE);
  return dir;
}
