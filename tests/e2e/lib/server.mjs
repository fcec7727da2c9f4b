// A dependency-free HTTP server on 127.0.0.1 (port 0) that plays the LMS's web side:
//   /pkg/...              the unpacked package (read-only, no directory listings)
//   /lib/scorm-again/...  scorm-again's dist folder
//   /launcher.html        the LMS page (window.API = Scorm12API, the SCO in <iframe id="sco">)
//   /commit               records every commit scorm-again POSTs, whatever its content type
//   anything a route passed in `routes` takes (the recording LRS and the cmi5 LMS side, lib/lrs.mjs)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, '..');
const SCORM_AGAIN_DIST = path.join(E2E_DIR, 'node_modules', 'scorm-again', 'dist');
const LAUNCHER = path.join(here, 'launcher.html');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsd': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves `rel` (URL-decoded) inside `root`, or null when it escapes `root`. */
function inside(root, rel) {
  const abs = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  return abs === root || abs.startsWith(root + path.sep) ? abs : null;
}

function serveFile(res, file, method) {
  let st = null;
  try {
    st = file && fs.statSync(file);
  } catch {
    st = null;
  }
  if (!st || !st.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return 404;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': st.size,
    'cache-control': 'no-store',
  });
  if (method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
  return 200;
}

function readBody(req, limit = 8 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export { readBody };

/** The manifest files a package root may hold: SCORM, TinCan, cmi5. */
const MANIFESTS = ['imsmanifest.xml', 'tincan.xml', 'cmi5.xml'];

/**
 * Starts the server for one unpacked package (`manifest` false: a web package, which has none;
 * /pkg/ then is a plain static file server).
 * `routes`: extra handlers `async (req, res, path, url) => status` tried in order before the
 * built-in paths; a handler returns undefined for a path it does not serve.
 * @param {{pkgDir: string, manifest?: boolean, routes?: Function[]}} opts
 * @returns {Promise<{origin: string, launcherUrl: string, commits: object[], requests: object[],
 *   notFound: string[], close: () => Promise<void>}>}
 */
export async function startServer({ pkgDir, manifest = true, routes = [] }) {
  const pkgRoot = path.resolve(pkgDir);
  if (manifest && !MANIFESTS.some((m) => fs.existsSync(path.join(pkgRoot, m)))) {
    throw new Error(`${pkgRoot} holds no ${MANIFESTS.join(', ')}`);
  }
  if (!fs.existsSync(path.join(SCORM_AGAIN_DIST, 'scorm12.js'))) {
    throw new Error(`scorm-again is not installed (${SCORM_AGAIN_DIST}); run tests/e2e/setup.sh`);
  }
  const commits = []; // {contentType, raw, body (parsed JSON or null), at}
  const requests = []; // {method, url, status}
  const notFound = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    let status;
    try {
      for (const route of routes) {
        status = await route(req, res, p, url);
        if (status !== undefined) break;
      }
      if (status !== undefined) {
        // served by a route
      } else if (p === '/commit') {
        if (req.method !== 'POST') {
          status = 405;
          res.writeHead(405).end();
        } else {
          const raw = await readBody(req);
          let body = null;
          try {
            body = JSON.parse(raw);
          } catch {
            body = null;
          }
          commits.push({ contentType: req.headers['content-type'] ?? '', raw, body, at: Date.now() });
          status = 200;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ result: true, errorCode: 0 }));
        }
      } else if (p === '/' || p === '/launcher.html') {
        status = serveFile(res, LAUNCHER, req.method);
      } else if (p.startsWith('/lib/scorm-again/')) {
        status = serveFile(res, inside(SCORM_AGAIN_DIST, p.slice('/lib/scorm-again/'.length)), req.method);
      } else if (p.startsWith('/pkg/')) {
        status = serveFile(res, inside(pkgRoot, p.slice('/pkg/'.length)), req.method);
      } else if (p === '/favicon.ico') {
        status = 204;
        res.writeHead(204).end();
      } else {
        status = 404;
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    } catch (e) {
      status = 500;
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
    requests.push({ method: req.method, url: req.url, status });
    if (status === 404) notFound.push(req.url);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { address, port } = server.address();
  if (address !== '127.0.0.1') throw new Error(`server bound to ${address}`);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    launcherUrl: `${origin}/launcher.html`,
    commits,
    requests,
    notFound,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
