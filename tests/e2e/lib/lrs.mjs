// A recording xAPI 1.0.3 LRS for the tests, mounted under /lrs/ of lib/server.mjs (same origin as
// the package, bound to 127.0.0.1). Every statement is checked with Learning Locker's validator
// (@learninglocker/xapi-validation, the code of its statements service) plus the rules the
// validator does not cover (no null outside extensions, a timestamp); a bad one gets 400 with the
// warnings and is kept in `rejected`, so a test fails on it.
//
//   statements          PUT ?statementId (204; 204 again for the same statement, 409 for another
//                       one under that id), POST one or a list (200 with the ids), GET by
//                       statementId or with registration / verb / activity / agent / ascending
//   activities/state    GET / PUT / POST / DELETE by activityId, agent, registration, stateId
//                       (404 when missing); documents named in `readOnly` answer 403 to writes
//   agents/profile      GET / PUT by agent and profileId; `profiles` sets a status or a document
//   about               {version: ["1.0.3"]}
//
// Every request must carry X-Experience-API-Version 1.0.x (else 400) and an Authorization the
// `authorize(header)` callback accepts (else 401). `failNext(n, status)` makes the next n
// statement writes fail, to test that the content retries.
import { createRequire } from 'node:module';
import { readBody } from './server.mjs';

const require = createRequire(import.meta.url);
const validateStatement = require('@learninglocker/xapi-validation').default;

/** Nulls outside `extensions` (the xAPI spec allows them only there). */
export function nullPaths(value, at = 'statement') {
  if (value === null) return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullPaths(v, `${at}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'extensions' ? [] : nullPaths(v, `${at}.${k}`)));
  }
  return [];
}

/** Problems with one statement: the validator's warnings plus ours. */
export function statementProblems(st) {
  const out = validateStatement(st).map((w) => `${w.path.join('.')}: ${w.constructor.name}`);
  out.push(...nullPaths(st).map((p) => `${p}: null`));
  if (!st || typeof st.timestamp !== 'string') out.push('statement.timestamp: missing');
  return out;
}

/** The identifying part of an agent (its one IFI), as a stable key. */
export function agentKey(agent) {
  const a = typeof agent === 'string' ? JSON.parse(agent) : agent;
  if (!a || typeof a !== 'object') return 'invalid';
  if (a.mbox) return `mbox:${a.mbox}`;
  if (a.mbox_sha1sum) return `sha1:${a.mbox_sha1sum}`;
  if (a.openid) return `openid:${a.openid}`;
  if (a.account) return `account:${a.account.homePage}|${a.account.name}`;
  return 'invalid';
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function send(res, status, body, headers = {}) {
  const h = { 'X-Experience-API-Version': '1.0.3', ...headers };
  if (body === undefined) {
    res.writeHead(status, h).end();
  } else {
    res.writeHead(status, { 'content-type': 'application/json', ...h }).end(typeof body === 'string' ? body : JSON.stringify(body));
  }
  return status;
}

/**
 * @param {{authorize: (header: string|undefined) => boolean}} opts
 */
export function createLrs({ authorize }) {
  const lrs = {
    /** Accepted statements in the order they were stored: {statement, stored, method}. */
    stored: [],
    /** Statements refused as invalid: {statement, problems}. */
    rejected: [],
    /** Every request: {method, resource, query, status, auth, version, keepalive?}. */
    log: [],
    /** State documents: key → {contentType, body}. */
    states: new Map(),
    /** Keys of state documents the content must never write (cmi5's LMS.LaunchData). */
    readOnly: new Set(),
    /** Agent profiles: key → {status} or {doc}. */
    profiles: new Map(),
    /** Writes refused because the document is read-only: {resource, query}. */
    forbiddenWrites: [],
    failures: { count: 0, status: 503 },
    authorize,
    failNext(n, status = 503) {
      lrs.failures = { count: n, status };
    },
    statements: () => lrs.stored.map((s) => s.statement),
    stateKey(activityId, agent, registration, stateId) {
      return JSON.stringify([activityId, agentKey(agent), registration ?? null, stateId]);
    },
    putState(q, doc) {
      lrs.states.set(lrs.stateKey(q.activityId, q.agent, q.registration, q.stateId), { contentType: 'application/json', body: JSON.stringify(doc) });
    },
    getState(q) {
      const d = lrs.states.get(lrs.stateKey(q.activityId, q.agent, q.registration, q.stateId));
      return d ? JSON.parse(d.body) : null;
    },
    profileKey: (agent, profileId) => JSON.stringify([agentKey(agent), profileId]),
    /** Stores a statement as the LMS (not through HTTP); it must be valid too. */
    storeDirect(st) {
      const problems = statementProblems(st);
      if (problems.length) throw new Error(`invalid LMS statement: ${problems.join('; ')}`);
      lrs.stored.push({ statement: { ...st, stored: new Date().toISOString() }, method: 'LMS' });
    },
  };

  function store(st, method) {
    const problems = statementProblems(st);
    if (problems.length) {
      lrs.rejected.push({ statement: st, problems });
      return { status: 400, problems };
    }
    const existing = lrs.stored.find((s) => s.statement.id === st.id);
    if (existing) {
      const { stored, ...old } = existing.statement;
      return same(old, st) ? { status: 204, duplicate: true } : { status: 409 };
    }
    lrs.stored.push({ statement: { ...st, stored: new Date().toISOString() }, method });
    return { status: 200 };
  }

  async function statements(req, res, q) {
    if (req.method === 'GET') {
      let list = lrs.statements();
      if (q.statementId) {
        const one = list.find((s) => s.id === q.statementId);
        return one ? send(res, 200, one) : send(res, 404, { error: 'no such statement' });
      }
      if (q.registration) list = list.filter((s) => s.context?.registration === q.registration);
      if (q.verb) list = list.filter((s) => s.verb.id === q.verb);
      if (q.activity) list = list.filter((s) => s.object?.id === q.activity);
      if (q.agent) list = list.filter((s) => agentKey(s.actor) === agentKey(q.agent));
      if (q.ascending !== 'true') list = list.slice().reverse();
      return send(res, 200, { statements: list, more: '' });
    }
    const raw = await readBody(req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: 'the body is not JSON' });
    }
    if (lrs.failures.count > 0) {
      lrs.failures.count--;
      return send(res, lrs.failures.status, { error: 'injected failure' });
    }
    if (req.method === 'PUT') {
      if (!q.statementId) return send(res, 400, { error: 'PUT needs statementId' });
      if (body.id && body.id !== q.statementId) return send(res, 400, { error: 'statementId and id differ' });
      const r = store({ ...body, id: q.statementId }, 'PUT');
      if (r.status === 400) return send(res, 400, { warnings: r.problems });
      if (r.status === 409) return send(res, 409, { error: 'another statement has this id' });
      return send(res, 204);
    }
    if (req.method === 'POST') {
      const list = Array.isArray(body) ? body : [body];
      const checked = list.map((s) => ({ ...s, id: s.id ?? crypto.randomUUID() }));
      for (const s of checked) {
        const problems = statementProblems(s);
        if (problems.length) {
          lrs.rejected.push({ statement: s, problems });
          return send(res, 400, { warnings: problems });
        }
        const existing = lrs.stored.find((x) => x.statement.id === s.id);
        if (existing) {
          const { stored, ...old } = existing.statement;
          if (!same(old, s)) return send(res, 409, { error: `another statement has the id ${s.id}` });
        }
      }
      for (const s of checked) store(s, 'POST');
      return send(res, 200, checked.map((s) => s.id));
    }
    return send(res, 405, { error: 'method not allowed' });
  }

  async function documents(req, res, q, kind) {
    if (kind === 'state') {
      for (const k of ['activityId', 'agent', 'stateId']) {
        if (!q[k]) return send(res, 400, { error: `${k} is required` });
      }
    } else if (!q.agent || !q.profileId) {
      return send(res, 400, { error: 'agent and profileId are required' });
    }
    try {
      agentKey(q.agent);
    } catch {
      return send(res, 400, { error: 'agent is not JSON' });
    }
    const key = kind === 'state' ? lrs.stateKey(q.activityId, q.agent, q.registration, q.stateId) : lrs.profileKey(q.agent, q.profileId);
    const map = kind === 'state' ? lrs.states : lrs.profiles;
    if (req.method === 'GET') {
      const d = map.get(key);
      if (!d) return send(res, 404, { error: 'no such document' });
      if (d.status) return send(res, d.status, { error: 'refused' });
      if (d.doc !== undefined) return send(res, 200, d.doc);
      return send(res, 200, d.body, { 'content-type': d.contentType });
    }
    if (req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE') {
      const raw = req.method === 'DELETE' ? '' : await readBody(req);
      if (lrs.readOnly.has(key) || (kind === 'profile' && map.get(key)?.status)) {
        lrs.forbiddenWrites.push({ kind, query: q, method: req.method });
        return send(res, 403, { error: 'read-only document' });
      }
      if (req.method === 'DELETE') {
        map.delete(key);
        return send(res, 204);
      }
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.startsWith('application/json')) {
        try {
          JSON.parse(raw);
        } catch {
          return send(res, 400, { error: 'the document is not JSON' });
        }
      }
      map.set(key, kind === 'state' ? { contentType, body: raw } : { doc: JSON.parse(raw) });
      return send(res, 204);
    }
    return send(res, 405, { error: 'method not allowed' });
  }

  /** The route for lib/server.mjs. */
  lrs.route = async (req, res, p, url) => {
    if (!p.startsWith('/lrs/')) return undefined;
    const resource = p.slice('/lrs/'.length);
    const q = Object.fromEntries(url.searchParams);
    const version = req.headers['x-experience-api-version'];
    const auth = req.headers.authorization;
    const entry = { method: req.method, resource, query: q, auth, version, contentType: req.headers['content-type'] };
    lrs.log.push(entry);
    const done = (status) => {
      entry.status = status;
      return status;
    };
    if (resource === 'about') return done(send(res, 200, { version: ['1.0.3'] }));
    if (!/^1\.0(\.\d+)?$/.test(String(version ?? ''))) return done(send(res, 400, { error: 'X-Experience-API-Version 1.0.x is required' }));
    if (!lrs.authorize(auth)) return done(send(res, 401, { error: 'not authorised' }));
    if (resource === 'statements') return done(await statements(req, res, q));
    if (resource === 'activities/state') return done(await documents(req, res, q, 'state'));
    if (resource === 'agents/profile') return done(await documents(req, res, q, 'profile'));
    return done(send(res, 404, { error: 'no such resource' }));
  };
  return lrs;
}
