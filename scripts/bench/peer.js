// Packages a folder with the peer tool, simple-scorm-packager, through its
// Node API: node peer.js SOURCE_DIR OUTPUT_DIR
'use strict';
const scopackager = require('simple-scorm-packager');
const [source, outputFolder] = process.argv.slice(2);
scopackager(
  {
    version: '1.2',
    organization: 'coursepack benchmark',
    title: 'Benchmark course',
    language: 'nl',
    identifier: 'bench',
    masteryScore: 70,
    startingPage: 'index.html',
    source,
    package: { zip: true, outputFolder, version: '1.0.0', date: '2026-01-01' },
  },
  () => {}
);
