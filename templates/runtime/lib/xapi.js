/* coursepack xAPI library, shared by the "tincan" and "cmi5" adapters (each
 * names it in a `// requires: lib/xapi.js` first line; the render stage ships it
 * once, between none.js and the adapter).
 *
 * Written here rather than taken from a client library (tincanjs,
 * @xapi/xapi, @xapi/cmi5) because the player needs a few hundred lines of
 * it, not 90 KB: statements with full-IRI ids derived from the course IRI,
 * the cmi.interaction definitions of the player's question types, a send
 * queue that survives failures and the page closing, and de-duplication
 * across sessions, which none of those libraries do.
 *
 * What it provides (window.CoursepackXapi):
 * - uuid(), timestamp(), duration(ms) (ISO 8601, "PT1H2M3.45S"),
 *   params(search) (query parameters, any order), agent(json) (one Agent with
 *   exactly one identifier), iri(courseIri, kind, id) (as src/course/ids.rs);
 * - Client: requests to an LRS with the X-Experience-API-Version header and
 *   the Authorization the launch gave; the State and Agent Profile APIs;
 * - Queue: statements are sent one at a time, in order, each with PUT
 *   statements?statementId=<uuid> (idempotent: a retry never makes a second
 *   statement), every request with fetch keepalive so the last one survives
 *   the page closing; a failed request (network, 5xx, 408, 429) is retried
 *   with backoff and is never fatal; a 409 means the LRS already has it; when
 *   the page unloads, everything not yet sent goes in one POST with keepalive;
 * - Tracker: the tracking contract (templates/README.md) on top of them,
 *   with the adapter deciding launch, context and which statements a mode
 *   allows. Each statement is sent at most once: a key per statement
 *   (experienced per page, answered per question/attempt/response, scored per
 *   attempt, completed/passed/failed) is kept with the resume state in the
 *   State API, so a resume, a language switch (the same activity ids) or a
 *   page shown again sends nothing twice.
 * - Learning objectives: an `answered` statement of a question that names
 *   objectives lists them in context.contextActivities.other (activity type
 *   objective, id <course iri>/objectives/<id>): `other`, because an
 *   objective is neither the question's container (parent), nor a group the
 *   attempt belongs to (grouping: cmi5 keeps the publisher id and the AU
 *   there), nor a profile tag (category: cmi5's own); `scored` lists the
 *   objectives the attempt measured and carries their scores as the result
 *   extension <course iri>/extensions/objectives; `passed`/`failed` list
 *   every objective of the course. No statement of its own per objective,
 *   so cmi5's rules on defined statements are untouched.
 */
(function (root) {
  'use strict';

  var VERSION = '1.0.3';
  /** Resume-document writes at checkpoints are coalesced over this many ms. */
  var DOC_DEBOUNCE_MS = 300;
  var VERB = 'http://adlnet.gov/expapi/verbs/';
  var ACT = 'http://adlnet.gov/expapi/activities/';
  var TYPES = {
    course: ACT + 'course',
    lesson: ACT + 'lesson',
    assessment: ACT + 'assessment',
    interaction: ACT + 'cmi.interaction',
    page: 'http://activitystrea.ms/schema/1.0/page',
    check: ACT + 'assessment',
    objective: ACT + 'objective'
  };
  var VERB_NAMES = {
    initialized: 'initialized',
    experienced: 'experienced',
    answered: 'answered',
    scored: 'scored',
    completed: 'completed',
    passed: 'passed',
    failed: 'failed',
    terminated: 'terminated'
  };
  /** The state document's stateId (the adapter's own; never LMS.LaunchData). */
  var STATE_ID = 'coursepack.resume';
  var RETRY_MS = [500, 1000, 2000, 4000, 8000];

  function warn(message, error) {
    try { console.warn('coursepack (xAPI): ' + message, error || ''); } catch (e) { /* no console */ }
  }

  function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  /** An RFC 4122 version 4 UUID. */
  function uuid() {
    var c = root.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    var b = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = hex(b);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  var UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

  function timestamp(ms) {
    return new Date(ms == null ? Date.now() : ms).toISOString();
  }

  /** ISO 8601 duration of `ms` milliseconds, e.g. PT1H2M3.45S, PT0S. */
  var duration = root.CoursepackTime.isoDuration;


  /** The query parameters of `search` (any order; the first of a repeated name wins). */
  function params(search) {
    var out = {};
    String(search || '').replace(/^\?/, '').split('&').forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf('=');
      var k = i < 0 ? pair : pair.slice(0, i);
      var v = i < 0 ? '' : pair.slice(i + 1);
      try {
        k = decodeURIComponent(k.replace(/\+/g, ' '));
        v = decodeURIComponent(v.replace(/\+/g, ' '));
      } catch (e) {
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
    });
    return out;
  }

  function first(v) {
    return Array.isArray(v) ? v[0] : v;
  }

  /** One xAPI Agent from the launch's actor JSON, with exactly one identifier (or null). */
  function agent(json) {
    var a;
    try { a = typeof json === 'string' ? JSON.parse(json) : json; } catch (e) { return null; }
    if (!a || typeof a !== 'object') return null;
    var out = { objectType: 'Agent' };
    var name = first(a.name);
    if (typeof name === 'string' && name) out.name = name;
    var mbox = first(a.mbox);
    var sha = first(a.mbox_sha1sum);
    var openid = first(a.openid);
    var account = first(a.account);
    if (typeof mbox === 'string' && mbox) out.mbox = mbox.indexOf('mailto:') === 0 ? mbox : 'mailto:' + mbox;
    else if (typeof sha === 'string' && sha) out.mbox_sha1sum = sha;
    else if (typeof openid === 'string' && openid) out.openid = openid;
    else if (account && typeof account === 'object') {
      var home = first(account.homePage) || first(account.accountServiceHomePage);
      var id = first(account.name) || first(account.accountName);
      if (typeof home !== 'string' || typeof id !== 'string') return null;
      out.account = { homePage: home, name: id };
    } else return null;
    return out;
  }

  var SEGMENTS = { lesson: 'lessons', page: 'pages', check: 'checks', assessment: 'assessments', question: 'questions', objective: 'objectives' };

  /** The activity id of a part of the course (mirrors src/course/ids.rs activity_iri). */
  function iri(courseIri, kind, id) {
    var base = String(courseIri).replace(/\/+$/, '');
    if (kind === 'au') return base + '/au';
    return base + '/' + SEGMENTS[kind] + '/' + id;
  }

  function clone(v) {
    return v == null ? v : JSON.parse(JSON.stringify(v));
  }

  /** Removes null/undefined members (xAPI allows no nulls outside extensions). */
  function compact(v) {
    if (Array.isArray(v)) return v.map(compact);
    if (v && typeof v === 'object') {
      var out = {};
      Object.keys(v).forEach(function (k) {
        if (v[k] != null) out[k] = k === 'extensions' ? v[k] : compact(v[k]);
      });
      return out;
    }
    return v;
  }

  function hash(text) {
    var h = 0x811c9dc5;
    var s = String(text);
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return (h >>> 0).toString(36);
  }

  // ---- the LRS ------------------------------------------------------------

  /**
   * @param {{endpoint: string, auth: string|null, onAuth?: function}} cfg
   */
  function Client(cfg) {
    var ep = String(cfg.endpoint || '');
    this.endpoint = ep.charAt(ep.length - 1) === '/' ? ep : ep + '/';
    this.auth = cfg.auth || null;
  }

  function query(q) {
    var parts = [];
    Object.keys(q || {}).forEach(function (k) {
      if (q[k] != null) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(q[k]));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  /** One request; resolves to {status, body} (status 0: network failure), never rejects. */
  Client.prototype.request = function (method, resource, q, body, opts) {
    var headers = { 'X-Experience-API-Version': VERSION };
    if (this.auth) headers.Authorization = this.auth;
    var init = { method: method, headers: headers, credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    // keepalive lets a request outlive the page; browsers cap such bodies at 64 KiB.
    if (opts && opts.keepalive && (!init.body || init.body.length < 60000)) init.keepalive = true;
    var url = this.endpoint + resource + query(q);
    if (typeof root.fetch !== 'function') return Promise.resolve({ status: 0, body: null });
    return root.fetch(url, init).then(function (res) {
      return res.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { status: res.status, body: parsed };
      }, function () { return { status: res.status, body: null }; });
    }, function (e) {
      return { status: 0, body: null, error: e };
    });
  };

  Client.prototype.getDocument = function (resource, q) {
    return this.request('GET', resource, q).then(function (r) {
      return r.status === 200 ? { status: 200, doc: r.body } : { status: r.status, doc: null };
    });
  };

  // ---- the queue ------------------------------------------------------------

  function retriable(status) {
    return status === 0 || status === 408 || status === 429 || status >= 500;
  }

  function Queue(client) {
    this.client = client;
    this.items = [];
    this.busy = false;
    this.attempt = 0;
    this.timer = null;
    this.idle = [];
    this.closed = false;
  }

  Queue.prototype.push = function (statement) {
    if (this.closed) return;
    this.items.push(statement);
    this.pump();
  };

  Queue.prototype.pump = function () {
    var self = this;
    if (this.busy || this.timer || this.closed) return;
    if (!this.items.length) {
      var waiting = this.idle;
      this.idle = [];
      waiting.forEach(function (f) { f(); });
      return;
    }
    var st = this.items[0];
    this.busy = true;
    this.client.request('PUT', 'statements', { statementId: st.id }, st, { keepalive: true }).then(function (r) {
      self.busy = false;
      if (self.closed) return;
      if (r.status === 204 || r.status === 200 || r.status === 409) {
        // 409: the LRS has a statement with this id already (an earlier try got through).
        self.items.shift();
        self.attempt = 0;
      } else if (retriable(r.status)) {
        var wait = RETRY_MS[Math.min(self.attempt, RETRY_MS.length - 1)];
        self.attempt++;
        warn('the LRS did not take statement ' + st.id + ' (status ' + r.status + '); retrying in ' + wait + ' ms');
        self.timer = setTimeout(function () { self.timer = null; self.pump(); }, wait);
        return;
      } else {
        warn('the LRS refused statement ' + st.id + ' (status ' + r.status + '); it is dropped', r.body);
        self.items.shift();
        self.attempt = 0;
      }
      self.pump();
    });
  };

  /** Resolves once everything queued was sent (or `ms` passed). */
  Queue.prototype.drain = function (ms) {
    var self = this;
    if (!this.items.length && !this.busy) return Promise.resolve(true);
    return new Promise(function (resolve) {
      var done = false;
      var t = setTimeout(function () { if (!done) { done = true; resolve(false); } }, ms);
      self.idle.push(function () { if (!done) { done = true; clearTimeout(t); resolve(true); } });
      if (self.timer) { clearTimeout(self.timer); self.timer = null; self.pump(); }
    });
  };

  /**
   * The page is going away: everything not yet in flight goes in one POST
   * with keepalive (the browser sends it after the page is gone).
   */
  Queue.prototype.flushUnloading = function () {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    var rest = this.busy ? this.items.slice(1) : this.items.slice();
    this.closed = true;
    if (!rest.length) return;
    this.client.request('POST', 'statements', null, rest, { keepalive: true });
  };

  // ---- statements -------------------------------------------------------------

  function langMap(lang, text) {
    var m = {};
    m[lang] = String(text == null ? '' : text);
    return m;
  }

  /**
   * The cmi.interaction definition and result.response of one `answered` event: the name and
   * description here, the rest as the question type formatted it (ev.xapi, templates/README.md).
   */
  function interaction(ev, lang) {
    var x = ev.xapi || {};
    var def = { type: TYPES.interaction, name: langMap(lang, ev.prompt || ev.questionId), description: langMap(lang, ev.prompt || ev.questionId) };
    var own = x.definition || { interactionType: 'other' };
    Object.keys(own).forEach(function (k) { def[k] = own[k]; });
    return { definition: def, response: x.response == null ? '' : String(x.response) };
  }

  // ---- the tracker ------------------------------------------------------------

  /**
   * The tracking contract for an xAPI runtime. The adapter passes:
   *   name        adapter name ('tincan', 'cmi5')
   *   launch()    → Promise<null | {client, actor, registration, activityId,
   *                 contextTemplate, mode ('normal'|'browse'|'review'),
   *                 masteryScore (0-1 or null), moveOn, returnURL}>
   *   defined     verbs the standard defines (get `decorate(st, verb)`)
   *   decorate(statement, verb)  adds what the standard needs (cmi5 category…)
   *   allows(verb, mode)         whether this mode may send this verb
   *   completedWhen(status)      when `completed` is due
   *   afterExit(launch)          e.g. cmi5's returnURL
   */
  function Tracker(spec) {
    this.spec = spec;
    this.local = typeof root.CoursepackLocalRuntime === 'function' ? root.CoursepackLocalRuntime() : null;
    this.active = false;
    this.finished = false;
    this.L = null;
    this.info = null;
    this.queue = null;
    this.sent = {};
    this.sessionSent = {};
    this.doc = { v: 1, state: null, bookmark: null, sent: [] };
    this.docDirty = false;
    this.docBusy = false;
    this.docPending = false;
    this.docTimer = null;
    this.startedAt = 0;
    this.questions = {};
    this.pages = {};
    this.lastScored = null;
    this.data = null;
  }

  Tracker.prototype.courseData = function () {
    try {
      var el = root.document && root.document.getElementById('course-data');
      return el ? JSON.parse(el.textContent) : null;
    } catch (e) {
      return null;
    }
  };

  Tracker.prototype.start = function (info) {
    var self = this;
    this.info = info || {};
    var fallback = function () {
      return self.local ? self.local.start(info) : Promise.resolve(null);
    };
    var launched;
    try {
      launched = this.spec.launch();
    } catch (e) {
      warn('the launch failed', e);
      launched = null;
    }
    return Promise.resolve(launched).then(function (L) {
      if (!L) return fallback();
      self.L = L;
      self.active = true;
      self.startedAt = Date.now();
      self.queue = new Queue(L.client);
      self.readData();
      var stateQuery = self.stateQuery();
      return L.client.getDocument('activities/state', stateQuery).then(function (r) {
        if (r.status === 200 && r.doc && typeof r.doc === 'object') {
          self.doc = { v: 1, state: typeof r.doc.state === 'string' ? r.doc.state : null, bookmark: typeof r.doc.bookmark === 'string' ? r.doc.bookmark : null, sent: Array.isArray(r.doc.sent) ? r.doc.sent.filter(function (k) { return typeof k === 'string'; }) : [] };
          self.doc.sent.forEach(function (k) { self.sent[k] = true; });
        } else if (r.status !== 404 && r.status !== 200) {
          warn('the resume state could not be read (status ' + r.status + ')');
        }
        self.emit('initialized', self.courseObject(), null, null);
        var result = {
          tracked: true,
          persistent: self.writable(),
          state: self.doc.state,
          bookmark: self.doc.state ? self.doc.bookmark : null,
          entry: self.doc.state ? 'resume' : 'ab-initio',
          learnerName: L.actor && L.actor.name ? L.actor.name : null,
          mode: L.mode || 'normal'
        };
        if (typeof L.masteryScore === 'number' && isFinite(L.masteryScore)) {
          result.passMark = Math.round(L.masteryScore * 10000) / 100;
        }
        return result;
      });
    }, function (e) {
      warn('the launch failed', e);
      return fallback();
    });
  };

  Tracker.prototype.readData = function () {
    var self = this;
    var d = this.courseData();
    this.data = d;
    if (!d) return;
    (d.pages || []).forEach(function (p) { self.pages[p.id] = p; });
    var add = function (container, kind) {
      (container.questions || []).forEach(function (q) { self.questions[q.iid] = { q: q, container: container.id, kind: kind }; });
    };
    (d.checks || []).forEach(function (c) { add(c, 'check'); });
    if (d.assessment) add(d.assessment, 'assessment');
  };

  Tracker.prototype.writable = function () {
    return !!(this.L && (this.L.mode || 'normal') === 'normal');
  };

  Tracker.prototype.stateQuery = function () {
    var L = this.L;
    return { activityId: L.activityId, agent: JSON.stringify(L.actor), registration: L.registration || null, stateId: STATE_ID };
  };

  Tracker.prototype.lang = function () {
    return (this.info && this.info.lang) || 'und';
  };

  Tracker.prototype.iri = function (kind, id) {
    return iri((this.info && this.info.iri) || this.L.activityId, kind, id);
  };

  Tracker.prototype.courseObject = function () {
    var lang = this.lang();
    return {
      objectType: 'Activity',
      id: this.L.activityId,
      definition: { type: TYPES.course, name: langMap(lang, this.info.title || ''), }
    };
  };

  /** The context of a statement: the adapter's template (copied, never changed), plus ours. */
  Tracker.prototype.context = function (parents) {
    var L = this.L;
    var ctx = clone(L.contextTemplate) || {};
    if (L.registration) ctx.registration = L.registration;
    ctx.language = ctx.language || this.lang();
    var ca = ctx.contextActivities = ctx.contextActivities || {};
    var push = function (list, id) {
      ca[list] = ca[list] ? [].concat(ca[list]) : [];
      if (!ca[list].some(function (a) { return a && a.id === id; })) ca[list].push({ objectType: 'Activity', id: id });
    };
    if (this.info && this.info.iri && this.info.iri !== L.activityId) push('grouping', this.info.iri);
    (parents || []).forEach(function (id) { push('parent', id); });
    if (L.activityId && (parents || []).length) push('grouping', L.activityId);
    return ctx;
  };

  /** The course's objectives by id: {id: {iri, title}} (from the player data). */
  Tracker.prototype.objectiveMap = function () {
    if (this.objectivesById) return this.objectivesById;
    var map = {};
    var list = (this.data && this.data.objectives) || (this.info && this.info.objectives) || [];
    (Array.isArray(list) ? list : []).forEach(function (o) {
      if (o && typeof o.id === 'string') map[o.id] = o;
    });
    this.objectivesById = map;
    return map;
  };

  /** The objective activity of an id: type objective, its title in the package language. */
  Tracker.prototype.objectiveActivity = function (id) {
    var o = this.objectiveMap()[id] || {};
    return {
      objectType: 'Activity',
      id: typeof o.iri === 'string' && o.iri ? o.iri : this.iri('objective', id),
      definition: { type: TYPES.objective, name: langMap(this.lang(), o.title || id) }
    };
  };

  /** Adds the objectives `ids` to context.contextActivities.other (each once, course order kept). */
  Tracker.prototype.addObjectives = function (ctx, ids) {
    var self = this;
    var known = this.objectiveMap();
    var list = (ids || []).filter(function (id) { return typeof id === 'string' && Object.prototype.hasOwnProperty.call(known, id); });
    if (!list.length) return;
    var ca = ctx.contextActivities = ctx.contextActivities || {};
    var other = ca.other ? [].concat(ca.other) : [];
    list.forEach(function (id) {
      var a = self.objectiveActivity(id);
      if (!other.some(function (x) { return x && x.id === a.id; })) other.push(a);
    });
    ca.other = other;
  };

  /** The extension IRI of the per-objective scores on `scored`: under the course's own IRI. */
  Tracker.prototype.objectivesExtension = function () {
    var base = (this.info && this.info.iri) || (this.L && this.L.activityId) || 'urn:coursepack';
    return String(base).replace(/\/+$/, '') + '/extensions/objectives';
  };

  /**
   * Builds and queues one statement, unless the key was sent already or the
   * mode does not allow the verb. Returns whether it was queued.
   */
  Tracker.prototype.emit = function (verb, object, result, parents, key, extra) {
    if (!this.active || this.finished && verb !== 'terminated') return false;
    var mode = this.L.mode || 'normal';
    if (this.spec.allows && !this.spec.allows(verb, mode)) return false;
    if (key && this.sent[key]) return false;
    var st = {
      id: uuid(),
      actor: this.L.actor,
      verb: { id: VERB + verb, display: { 'en-US': VERB_NAMES[verb] || verb } },
      object: object,
      context: this.context(parents),
      timestamp: timestamp()
    };
    if (result) st.result = result;
    if (extra && extra.objectives) this.addObjectives(st.context, extra.objectives);
    if (extra && typeof extra.attempt === 'number' && extra.attempt > 0) {
      // The assessment attempt, so that the answers of different attempts can be told apart.
      st.context.extensions = st.context.extensions || {};
      st.context.extensions[this.attemptExtension()] = extra.attempt;
    }
    if (this.spec.decorate) this.spec.decorate(st, verb, extra || {});
    st = compact(st);
    this.queue.push(st);
    this.sessionSent[verb] = true;
    if (key) {
      this.sent[key] = true;
      this.doc.sent.push(key);
      // Written at the next checkpoint (page change, submit) or at the exit, not per statement.
      this.docPending = true;
    }
    return true;
  };

  /**
   * At a checkpoint (a page change, a submitted attempt): one write of the resume document when
   * anything changed, debounced so that a burst of checkpoints makes one request.
   */
  Tracker.prototype.scheduleDoc = function () {
    var self = this;
    if (!this.active || !this.docPending || this.docTimer) return;
    this.docTimer = setTimeout(function () {
      self.docTimer = null;
      if (!self.docPending || !self.active) return;
      self.docPending = false;
      self.writeDoc();
    }, DOC_DEBOUNCE_MS);
  };

  /** Writes the resume document (state, bookmark, sent keys); one write at a time, the latest wins. */
  Tracker.prototype.writeDoc = function (opts) {
    if (!this.active || !this.writable()) return;
    var self = this;
    var unloading = opts && opts.unloading;
    if (this.docBusy && !unloading) { this.docDirty = true; return; }
    this.docBusy = true;
    this.docDirty = false;
    this.L.client.request('PUT', 'activities/state', this.stateQuery(), this.doc, { keepalive: true }).then(function (r) {
      self.docBusy = false;
      if (r.status !== 204 && r.status !== 200) warn('the resume state was not saved (status ' + r.status + ')');
      if (self.docDirty) self.writeDoc();
    });
  };

  /** Resolves once no write of the resume document is pending (or `ms` passed). */
  Tracker.prototype.docSettled = function (ms) {
    var self = this;
    var end = Date.now() + ms;
    return new Promise(function (resolve) {
      (function poll() {
        if ((!self.docBusy && !self.docDirty) || Date.now() > end) resolve();
        else setTimeout(poll, 25);
      })();
    });
  };

  Tracker.prototype.pageViewed = function (view) {
    if (!this.active) {
      if (this.local && !this.finished) this.local.pageViewed(view);
      return;
    }
    if (!view || view.kind !== 'page') return;
    var page = this.pages[view.pageId] || {};
    var parents = page.lessonId ? [this.iri('lesson', page.lessonId)] : [];
    var object = {
      objectType: 'Activity',
      id: this.iri('page', view.pageId),
      definition: { type: TYPES.page, name: langMap(this.lang(), view.title || page.title || view.pageId) }
    };
    this.emit('experienced', object, null, parents, 'experienced:' + view.pageId);
  };

  Tracker.prototype.answered = function (ev) {
    if (!this.active || !ev) return;
    var known = this.questions[ev.interactionId] || {};
    var x = interaction(ev, this.lang());
    var result = { response: x.response, duration: duration(ev.latencyMs) };
    if (ev.result === 'correct') result.success = true;
    else if (ev.result === 'incorrect') result.success = false;
    var container = ev.containerId || known.container;
    var parent = ev.context === 'assessment' ? this.iri('assessment', container) : this.iri('check', container);
    var object = { objectType: 'Activity', id: this.iri('question', ev.questionId), definition: x.definition };
    var key = 'answered:' + ev.interactionId + ':' + (ev.attempt || 0) + ':' + hash(x.response + '|' + ev.result);
    var extra = ev.context === 'assessment' ? { attempt: ev.attempt } : {};
    extra.objectives = known.q && Array.isArray(known.q.objectives) ? known.q.objectives : null;
    this.emit('answered', object, result, [parent], key, extra);
  };

  function score(percent) {
    var raw = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
    return { scaled: raw / 100, raw: raw, min: 0, max: 100 };
  }

  Tracker.prototype.assessmentScored = function (s) {
    if (!this.active || !s || !this.info.assessment) return;
    var A = this.info.assessment;
    var sc = score(s.score);
    var object = {
      objectType: 'Activity',
      id: this.iri('assessment', A.id),
      definition: { type: TYPES.assessment, name: langMap(this.lang(), (this.data && this.data.assessment && this.pageTitle(A.id)) || A.id) }
    };
    var self = this;
    var measured = (Array.isArray(s.objectives) ? s.objectives : []).filter(function (o) {
      return o && typeof o.id === 'string' && typeof o.score === 'number' && Object.prototype.hasOwnProperty.call(self.objectiveMap(), o.id);
    });
    var result = { score: sc, success: this.passes(sc), completion: true };
    if (measured.length) {
      result.extensions = {};
      result.extensions[this.objectivesExtension()] = measured.map(function (o) {
        var x = score(o.score);
        return { id: self.objectiveActivity(o.id).id, raw: x.raw, scaled: x.scaled, success: !!o.passed };
      });
    }
    this.emit('scored', object, result, [], 'scored:' + s.attempt, {
      attempt: s.attempt,
      objectives: measured.map(function (o) { return o.id; })
    });
    this.lastScored = s;
  };

  /** The attempt context extension: a stable IRI under the course's own IRI. */
  Tracker.prototype.attemptExtension = function () {
    var base = (this.info && this.info.iri) || (this.L && this.L.activityId) || 'urn:coursepack';
    return String(base).replace(/\/+$/, '') + '/extensions/attempt';
  };

  Tracker.prototype.pageTitle = function (id) {
    var p = this.pages[id];
    return p ? p.title : null;
  };

  /** Whether a score passes: the LMS's masteryScore when it gave one, else the course's pass mark. */
  Tracker.prototype.passes = function (sc) {
    var ms = this.L && this.L.masteryScore;
    if (typeof ms === 'number' && isFinite(ms)) return sc.scaled >= ms;
    var pm = this.info.assessment ? this.info.assessment.passMark : 100;
    return sc.raw >= pm;
  };

  Tracker.prototype.sessionDuration = function () {
    return duration(Date.now() - this.startedAt);
  };

  /**
   * completed when the adapter's rule says so; passed as soon as the best
   * score passes; failed only when no attempt is left (or at exit, see exit),
   * never after passed, at most one of passed/failed per session.
   */
  Tracker.prototype.progress = function (st) {
    if (!this.active || !st) return;
    var due = this.spec.completedWhen ? this.spec.completedWhen(st) : st.complete;
    if (due) this.emit('completed', this.courseObject(), { completion: true, duration: this.sessionDuration() }, null, 'completed', {});
    var a = st.assessment;
    if (a && a.attempted && !a.inProgress) {
      var sc = score(a.score);
      if (this.passes(sc)) this.judge('passed', sc);
      else if (a.attemptsLeft === 0) this.judge('failed', sc);
    }
  };

  Tracker.prototype.judge = function (verb, sc) {
    if (this.sent.passed || this.sessionSent.passed || this.sessionSent.failed) return;
    if (verb === 'failed' && this.sent.failed) return;
    this.emit(verb, this.courseObject(), { score: sc, success: verb === 'passed', duration: this.sessionDuration() }, null, verb, {
      masteryScore: this.L.masteryScore,
      objectives: Object.keys(this.objectiveMap())
    });
  };

  Tracker.prototype.saveState = function (state, bookmark) {
    if (!this.active) {
      if (this.local && !this.finished) this.local.saveState(state, bookmark);
      return;
    }
    var changed = false;
    if (typeof state === 'string' && state !== this.doc.state) { this.doc.state = state; changed = true; }
    if (typeof bookmark === 'string' && bookmark !== this.doc.bookmark) { this.doc.bookmark = bookmark; changed = true; }
    if (changed) this.docPending = true;
  };

  Tracker.prototype.checkpoint = function () {
    this.scheduleDoc();
  };

  Tracker.prototype.exit = function (opts) {
    var self = this;
    if (this.finished) return Promise.resolve();
    if (!this.active) {
      this.finished = true;
      return this.local ? this.local.exit(opts) : Promise.resolve();
    }
    var unloading = !!(opts && opts.unloading);
    var st = opts && opts.status;
    if (st) {
      this.progress(st);
      // Leaving after a failed attempt with attempts left: this session's verdict is failed.
      var a = st.assessment;
      if (a && a.attempted && !a.inProgress) {
        var sc = score(a.score);
        if (!this.passes(sc)) this.judge('failed', sc);
      }
    }
    this.finished = true;
    this.emit('terminated', this.courseObject(), { duration: this.sessionDuration() }, null, null, {});
    if (this.docTimer) { clearTimeout(this.docTimer); this.docTimer = null; }
    this.docPending = false;
    if (unloading) {
      this.writeDoc({ unloading: true });
      this.queue.flushUnloading();
      this.active = false;
      return Promise.resolve();
    }
    this.writeDoc();
    return this.queue.drain(8000).then(function (ok) {
      if (!ok) warn('not every statement reached the LRS before the exit');
      return self.docSettled(3000);
    }).then(function () {
      self.active = false;
      self.queue.closed = true;
      if (self.spec.afterExit) {
        try { self.spec.afterExit(self.L); } catch (e) { warn('after exit', e); }
      }
    });
  };

  /** The contract object the player calls (window.CoursepackRuntime). */
  Tracker.prototype.adapter = function () {
    var self = this;
    var out = { name: this.spec.name };
    ['start', 'pageViewed', 'answered', 'assessmentScored', 'progress', 'saveState', 'checkpoint', 'exit'].forEach(function (m) {
      out[m] = function () { return self[m].apply(self, arguments); };
    });
    out.tracker = self;
    return out;
  };

  root.CoursepackXapi = {
    VERSION: VERSION,
    VERB: VERB,
    STATE_ID: STATE_ID,
    uuid: uuid,
    isUuid: function (s) { return UUID_RE.test(String(s)); },
    timestamp: timestamp,
    duration: duration,
    params: params,
    agent: agent,
    iri: iri,
    clone: clone,
    interaction: interaction,
    Client: Client,
    Queue: Queue,
    Tracker: Tracker,
    warn: warn
  };
})(typeof self !== 'undefined' ? self : this);
