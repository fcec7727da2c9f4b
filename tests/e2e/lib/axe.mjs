// axe-core scans with the WCAG 2.0/2.1 A and AA tags.
// - pageViolations: @axe-core/playwright on the launcher page; it goes into the SCO's iframe, so
//   one scan covers the LMS page and the player (about 1.4 s a scan: it finishes in a new page).
// - frameViolations: axe-core 4.14.1 itself, evaluated in the SCO's frame and run there on the
//   player's document (about 0.4 s a scan); used for the many per-state scans.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import AxeBuilderModule from '@axe-core/playwright';

const require = createRequire(import.meta.url);
const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function lines(violations) {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.map((t) => [].concat(t).join(' ')).join(' >> ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`),
  );
}

/** Runs @axe-core/playwright on `page` (frames included); violations as readable lines. */
export async function pageViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return lines(result.violations);
}

/** Runs axe-core in `frame` on its document; violations as readable lines. */
export async function frameViolations(frame) {
  if (!(await frame.evaluate(() => typeof window.axe === 'object' && typeof window.axe.run === 'function'))) {
    // Evaluated through the debugging protocol, not added as a <script>: the player's
    // Content-Security-Policy refuses inline scripts, as it should.
    await frame.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  }
  const result = await frame.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  return lines(result.violations);
}

/** The axe-core version frameViolations runs (the top-level devDependency). */
export const AXE_VERSION = require('axe-core/package.json').version;
