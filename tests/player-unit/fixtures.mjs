// Course data in the shape the build embeds (templates/README.md, "The player data"):
// one question of every type in a knowledge check, and an assessment bank.
export const QUESTIONS = {
  single: { id: 'single', iid: 'i-single', type: 'single-choice', weight: 1, options: ['a', 'b', 'c'], key: ['b'] },
  multiple: { id: 'multiple', iid: 'i-multiple', type: 'multiple-response', weight: 1, options: ['a', 'b', 'c', 'd'], key: ['a', 'c'] },
  truefalse: { id: 'truefalse', iid: 'i-tf', type: 'true-false', weight: 1, options: ['true', 'false'], key: false },
  likert: { id: 'likert', iid: 'i-likert', type: 'likert', weight: 0, options: ['s1', 's2', 's3', 's4', 's5'], key: null },
  fill: { id: 'fill', iid: 'i-fill', type: 'fill-in', weight: 1, options: [], key: ['Call to action', 'CTA'], caseSensitive: false },
  numeric: { id: 'numeric', iid: 'i-num', type: 'numeric', weight: 1, options: [], key: { min: 24.5, max: 25.5 } },
  exact: { id: 'exact', iid: 'i-exact', type: 'numeric', weight: 1, options: [], key: { exact: 25 } },
  matching: { id: 'matching', iid: 'i-match', type: 'matching', weight: 1, options: ['p1', 'p2', 'p3'], key: null },
  sequencing: { id: 'sequencing', iid: 'i-seq', type: 'sequencing', weight: 1, options: ['x', 'y', 'z', 'w'], key: null },
};

/** Course data with every question type in one check and, unless `assessment` is false, a bank. */
export function courseData({ assessment = true, pages = 7, bank = 12 } = {}) {
  const qs = Object.values(QUESTIONS);
  const pageList = [{ id: 'credits', kind: 'credits' }];
  for (let i = 0; i < pages; i++) pageList.push({ id: 'p' + i, kind: 'page', lesson: 0, lessonId: 'l' });
  pageList.push({ id: 'c', kind: 'check' }, { id: 'results', kind: 'results' });
  const data = {
    format: 1,
    fingerprint: 'ab12',
    limits: { fillIn: 60, numeric: 20 },
    pages: pageList,
    checks: [{ id: 'c', feedback: 'immediate', shuffle: false, questions: qs.map((q) => ({ ...q })) }],
    objectives: [],
    assessment: null,
    strings: {},
  };
  if (assessment) {
    data.assessment = {
      id: 'exam', passMark: 80, draw: 5, attempts: 3, shuffle: true, feedback: 'none', showCorrect: 'never',
      questions: Array.from({ length: bank }, (_, i) => ({ ...qs[i % qs.length], id: 'b' + i, iid: 'i-b' + i })),
    };
  }
  return data;
}

/** `value` as plain JSON: objects made in the player's context have that context's prototypes. */
export const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
