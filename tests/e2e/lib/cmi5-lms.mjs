// The LMS side of cmi5, played from the spec (cmi5 sections 8, 10, 11): npm has none, and
// CATAPULT tests LMSs, not AUs. For each launch it
// - generates a session id and an AU activityId of its own (never the publisher id);
// - records the `launched` statement in the LRS (lib/lrs.mjs) before the launch;
// - writes LMS.LaunchData (contextTemplate with the session id and the publisher id in grouping,
//   launchMode, moveOn, masteryScore when given, returnURL when given) and marks it read-only;
// - sets the learner preferences answer (404, 403 or a document);
// - serves a single-use fetch URL: the first POST gets {"auth-token"}, every later one a cmi5
//   error; the LRS accepts only tokens it handed out;
// - builds the launch URL with the five parameters in an unusual order.
// /lms/return.html is the returnURL page; its visits are recorded.
import crypto from 'node:crypto';
import { agentKey } from './lrs.mjs';

export const CMI5 = {
  sessionid: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryscore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchmode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchurl: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveon: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  catCmi5: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  catMoveOn: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
};
export const ACTOR = { objectType: 'Agent', name: 'Test Learner', account: { homePage: 'https://example.org/lms', name: 'learner-1' } };

/**
 * @param {{lrs: object, publisherId: string}} opts the LRS to use and the AU id of cmi5.xml
 */
export function createCmi5Lms({ lrs, publisherId }) {
  const tokens = new Set();
  const fetches = new Map(); // key → {token, calls}
  const returns = [];
  const lms = {
    returns,
    fetches,
    /** A new registration (an enrolment). */
    register: () => ({ registration: crypto.randomUUID(), activityId: `https://example.org/lms/activities/${crypto.randomUUID()}` }),
    authorize: (header) => typeof header === 'string' && header.startsWith('Basic ') && tokens.has(header.slice(6)),
    /**
     * Prepares one launch (an AU session) and returns its URL and ids.
     * @param {{origin: string, enrolment: object, launchMode?: string, masteryScore?: number,
     *   moveOn?: string, returnURL?: boolean|string, preferences?: number|object, actor?: object}} o
     */
    launch(o) {
      const { origin, enrolment } = o;
      const actor = o.actor ?? ACTOR;
      const sessionId = crypto.randomUUID();
      const key = crypto.randomUUID();
      const token = Buffer.from(`session-${sessionId}:${crypto.randomBytes(9).toString('hex')}`).toString('base64');
      fetches.set(key, { token, calls: 0 });
      const launchMode = o.launchMode ?? 'Normal';
      const moveOn = o.moveOn ?? 'CompletedAndPassed';
      const contextTemplate = {
        contextActivities: { grouping: [{ objectType: 'Activity', id: publisherId }] },
        extensions: { [CMI5.sessionid]: sessionId },
      };
      const launchData = { contextTemplate, launchMode, moveOn };
      if (typeof o.masteryScore === 'number') launchData.masteryScore = o.masteryScore;
      // returnURL: true for the LMS's own return page, a string for exactly that value (hostile ones).
      if (typeof o.returnURL === 'string') launchData.returnURL = o.returnURL;
      else if (o.returnURL) launchData.returnURL = `${origin}/lms/return.html?session=${sessionId}`;
      const q = { activityId: enrolment.activityId, agent: JSON.stringify(actor), registration: enrolment.registration, stateId: 'LMS.LaunchData' };
      lrs.putState(q, launchData);
      lrs.readOnly.add(lrs.stateKey(q.activityId, q.agent, q.registration, q.stateId));
      const prefs = o.preferences ?? 404;
      const pkey = lrs.profileKey(actor, 'cmi5LearnerPreferences');
      if (typeof prefs === 'number') {
        if (prefs === 404) lrs.profiles.delete(pkey);
        else lrs.profiles.set(pkey, { status: prefs });
      } else lrs.profiles.set(pkey, { doc: prefs });
      const auUrl = `${origin}/pkg/index.html`;
      const launched = {
        id: crypto.randomUUID(),
        actor,
        verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
        object: { objectType: 'Activity', id: enrolment.activityId },
        context: {
          registration: enrolment.registration,
          contextActivities: { ...contextTemplate.contextActivities, category: [{ id: CMI5.catCmi5 }] },
          extensions: {
            ...contextTemplate.extensions,
            [CMI5.launchmode]: launchMode,
            [CMI5.launchurl]: auUrl,
            [CMI5.moveon]: moveOn,
            ...(typeof o.masteryScore === 'number' ? { [CMI5.masteryscore]: o.masteryScore } : {}),
          },
        },
        timestamp: new Date().toISOString(),
      };
      lrs.storeDirect(launched);
      // The five launch parameters, deliberately not in the spec's order.
      const params = new URLSearchParams();
      params.set('activityId', enrolment.activityId);
      params.set('actor', JSON.stringify(actor));
      params.set('registration', enrolment.registration);
      params.set('fetch', `${origin}/cmi5/fetch/${key}`);
      params.set('endpoint', `${origin}/lrs/`);
      return { url: `${auUrl}?${params}`, sessionId, token, key, launchData, actor, agentKey: agentKey(actor), launchedId: launched.id };
    },
    /** The route for lib/server.mjs. */
    async route(req, res, p) {
      if (p.startsWith('/cmi5/fetch/')) {
        const f = fetches.get(p.slice('/cmi5/fetch/'.length));
        if (req.method !== 'POST') {
          res.writeHead(405).end();
          return 405;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        if (!f) {
          res.end(JSON.stringify({ 'error-code': '3', 'error-text': 'unknown fetch URL' }));
        } else if (f.calls++ === 0) {
          tokens.add(f.token);
          res.end(JSON.stringify({ 'auth-token': f.token }));
        } else {
          res.end(JSON.stringify({ 'error-code': '1', 'error-text': 'the fetch URL was used already' }));
        }
        return 200;
      }
      if (p === '/lms/return.html') {
        returns.push(req.url);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html lang="en"><head><title>Back in the LMS</title></head><body><main><h1 id="lms-return">Back in the LMS</h1></main></body></html>');
        return 200;
      }
      return undefined;
    },
  };
  return lms;
}

/**
 * The LMS's moveOn evaluation for an AU in a registration (cmi5 §10): whether the statements the
 * AU sent about the launch activity satisfy `moveOn`.
 */
export function moveOnSatisfied(statements, { registration, activityId, moveOn }) {
  const verbs = new Set(
    statements
      .filter((s) => s.context?.registration === registration && s.object?.id === activityId)
      .map((s) => s.verb.id.split('/').at(-1)),
  );
  switch (moveOn) {
    case 'Passed':
      return verbs.has('passed');
    case 'Completed':
      return verbs.has('completed');
    case 'CompletedAndPassed':
      return verbs.has('completed') && verbs.has('passed');
    case 'CompletedOrPassed':
      return verbs.has('completed') || verbs.has('passed');
    case 'NotApplicable':
      return true;
    default:
      throw new Error(`moveOn ${moveOn} is not a cmi5 value`);
  }
}
