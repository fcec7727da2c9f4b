// Loads the player's modules as the package does: the files templates/player/player.js
// names on its leading `// requires:` lines (each once, in order), then player.js itself,
// joined into one script (src/render/mod.rs, `append_with_requires`, builds the package
// file the same way), run in a fresh `vm` context with a minimal window and document.
// Returns the context's `Coursepack` namespace.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

export const PLAYER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'player');

/** The package file's text: the required modules, then player.js. */
export function playerScript() {
  const main = fs.readFileSync(path.join(PLAYER, 'player.js'), 'utf8');
  const libs = [];
  for (const line of main.split('\n')) {
    const list = line.trim().match(/^\/\/ requires:(.*)$/);
    if (!list) break;
    for (const lib of list[1].split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!libs.includes(lib)) libs.push(lib);
    }
  }
  let out = '';
  for (const text of [...libs.map((lib) => fs.readFileSync(path.join(PLAYER, lib), 'utf8')), main]) {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    out += text;
  }
  return out;
}

/** A fresh player namespace. `warnings` collects what the player sent to console.warn. */
export function loadPlayer() {
  const warnings = [];
  const listeners = [];
  const document = {
    readyState: 'loading',
    addEventListener: (type, fn) => listeners.push(type),
  };
  const context = {
    console: { warn: (...args) => warnings.push(args.join(' ')), log() {}, error() {} },
    document,
    setTimeout,
    clearTimeout,
    Promise,
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(playerScript(), context, { filename: 'player/player.js' });
  const C = context.Coursepack;
  C.__warnings = warnings;
  C.__listeners = listeners;
  return C;
}
