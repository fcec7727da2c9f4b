//! The resume state: its format, and the longest string it can be.
//!
//! The player (`templates/player/player.js`, the `StateCodec` object) writes
//! a learner's progress as one line of text that the LMS keeps (SCORM 1.2
//! `cmi.suspend_data`, at most 4,096 characters). [`worst_case`] is the
//! longest line that serialiser can produce for a course, so the build can
//! refuse a course whose state might not fit. The format is documented here
//! and at the top of the codec; `tests/render.rs` runs the JavaScript codec
//! on a maximal state and compares its length with this module's answer.
//!
//! # Format, version 1
//!
//! Lengths are counted in UTF-16 code units (JavaScript's `length`, which is
//! what LMS runtimes count).
//!
//! ```text
//! C1|<fp>|<pages>|<checks>|<assessment>|<learner>
//! ```
//!
//! - `C1`: format marker and version.
//! - `fp`: 4 base36 characters, a fingerprint of the course's structure
//!   ([`fingerprint`]); a state whose fingerprint differs is ignored (the
//!   course changed under the learner).
//! - `pages`: the lesson pages seen, as a bitset: ⌈P/5⌉ characters, character
//!   k is the base32 digit (`0-9a-v`) whose bit i says page 5k+i was seen (P =
//!   number of lesson pages, in course order).
//! - `checks`: one entry per question of every knowledge check, in course
//!   order, joined by `;`.
//! - `assessment`: empty when the course has none, else seven fields joined
//!   by `,`: `n,s,seed,best,last,draw,entries`:
//!   - `n` attempts started (base36, at most `attempts`);
//!   - `s` state of attempt n: `0` none, `1` in progress, `2` submitted;
//!   - `seed` the attempt's random seed, base36, 0 ≤ seed < 2³² (empty before
//!     the first attempt); the order of the answers of each drawn question
//!     is derived from it, so it stands for every shuffle order;
//!   - `best` best score, `last` score of the last submitted attempt: base36
//!     0–100, or empty;
//!   - `draw` the bank indices of the drawn questions in the order shown, each
//!     written with `w` base36 digits (w = 1 for a bank of ≤ 36 questions,
//!     2 for ≤ 1,296, …);
//!   - `entries` one entry per drawn question, in draw order, joined by `;`.
//! - `learner`: the learner's own seed, base36, 0 ≤ seed < 2³², drawn once at
//!   the first launch and kept: the order of every knowledge check's options
//!   derives from it, so learners see different orders and each keeps theirs
//!   across sessions. A state of five parts (written before this field) is
//!   still read; the player gives it a seed.
//!
//! An entry is empty (no answer) or `<response>` followed by `!` when the
//! answer was checked (feedback shown; locked in the assessment). Responses
//! use the canonical (YAML) positions of options, one base36 digit each
//! (questions have at most 36 options):
//!
//! | type | response |
//! |---|---|
//! | single-choice, likert | the index of the selected option |
//! | multiple-response | bitmask of the selected choices (bit i = choice i), base36 |
//! | true-false | `t` or `f` |
//! | fill-in | the text, first 60 code units, escaped |
//! | numeric | the text, first 20 code units, escaped |
//! | matching | per pair in order: the index of the chosen target, `_` for none |
//! | sequencing | the item indices in the learner's order |
//!
//! Escaping (only where text is stored): `~`→`~0`, `|`→`~1`, `;`→`~2`,
//! `,`→`~3`, `!`→`~4`; every other character is kept as it is.

use crate::course::model::Course;
use crate::question::{Keys, entry_worst};
use sha2::{Digest, Sha256};

/// The format marker and version that starts every state.
pub const MARKER: &str = "C1";
/// `maxlength` of fill-in inputs; stored fill-in answers are cut to this.
pub const FILL_IN_MAX: usize = 60;
/// `maxlength` of numeric inputs; stored numeric answers are cut to this.
pub const NUMERIC_MAX: usize = 20;
/// The most options a question may have (one base36 digit each).
pub const MAX_OPTIONS: usize = 36;
/// Length of the fingerprint.
pub const FINGERPRINT_LEN: usize = 4;
/// Longest escape of one stored code unit (`~` + a digit).
pub const ESCAPE_MAX: usize = 2;
/// Longest seed: 2³² − 1 in base36 is `1z141z3`.
const SEED_MAX_LEN: usize = 7;
/// The largest score, 100, in base36 is `2s`.
const SCORE_MAX_LEN: usize = 2;

/// Number of base36 digits of `n`.
pub fn base36_len(mut n: u128) -> usize {
    let mut len = 1;
    while n >= 36 {
        n /= 36;
        len += 1;
    }
    len
}

/// `n` in base36 (lower-case), as JavaScript's `n.toString(36)` writes it.
pub fn base36(mut n: u128) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Digits per drawn-question index for a bank of `bank` questions.
pub fn index_width(bank: usize) -> usize {
    base36_len(bank.saturating_sub(1) as u128)
}

/// Length of entries joined by a one-character separator.
fn joined(lengths: impl IntoIterator<Item = usize>) -> usize {
    let (count, sum) = lengths
        .into_iter()
        .fold((0usize, 0usize), |(c, s), l| (c + 1, s + l));
    sum + count.saturating_sub(1)
}

/// The number of lesson pages (the pages the bitset covers).
pub fn page_count(course: &Course) -> usize {
    course.lessons.iter().map(|l| l.pages.len()).sum()
}

/// The longest resume state the player can write for this course.
pub fn worst_case(course: &Course) -> usize {
    let pages = page_count(course).div_ceil(5);
    let checks = joined(
        course
            .lessons
            .iter()
            .filter_map(|l| l.check.as_ref())
            .flat_map(|c| c.questions.iter())
            .map(entry_worst),
    );
    let assessment = course.assessment.as_ref().map_or(0, |a| {
        let bank = a.questions.len();
        let draw = crate::course::objectives::drawn(course, a);
        let mut entries: Vec<usize> = a.questions.iter().map(entry_worst).collect();
        entries.sort_unstable_by(|x, y| y.cmp(x));
        let attempts = base36_len(u128::from(a.attempts.value));
        let state = 1;
        attempts
            + state
            + SEED_MAX_LEN
            + 2 * SCORE_MAX_LEN
            + draw * index_width(bank)
            + joined(entries.into_iter().take(draw))
            + 6
    });
    MARKER.len() + 1 + FINGERPRINT_LEN + 1 + pages + 1 + checks + 1 + assessment + 1 + SEED_MAX_LEN
}

/// A short fingerprint of everything the state's positions refer to: the
/// lesson pages, the checks' and the bank's questions with their types and
/// options, the number drawn and the attempts. Four base36 characters.
pub fn fingerprint(course: &Course, keys: &Keys) -> String {
    let mut h = Sha256::new();
    let mut put = |s: &str| {
        h.update(s.as_bytes());
        h.update([0u8]);
    };
    for lesson in course.lessons.iter() {
        for page in lesson.pages.iter() {
            put(&page.id);
        }
    }
    put("|checks");
    let question = |put: &mut dyn FnMut(&str), k: &crate::question::Keyed| {
        put(&k.question.id);
        put(k.question.kind.value.name());
        for id in k.key.authored_ids() {
            put(id);
        }
    };
    for (li, check) in course
        .lessons
        .iter()
        .enumerate()
        .filter_map(|(li, l)| l.check.as_ref().map(|c| (li, c)))
    {
        put(&check.id);
        for k in keys.check(li) {
            question(&mut put, k);
        }
    }
    if let Some(a) = &course.assessment {
        put("|assessment");
        put(&a.id);
        put(&a.attempts.value.to_string());
        put(&crate::course::objectives::draw_fingerprint(a));
        for k in keys.assessment() {
            question(&mut put, k);
        }
    }
    let digest = h.finalize();
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 36u32.pow(4);
    format!("{:0>4}", base36(u128::from(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_matches_javascript() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(100), "2s");
        assert_eq!(base36(u128::from(u32::MAX)), "1z141z3");
        assert_eq!(base36_len(u128::from(u32::MAX)), SEED_MAX_LEN);
        assert_eq!(base36_len(100), SCORE_MAX_LEN);
        assert_eq!(base36((1u128 << 36) - 1), "vkhsvlr");
    }

    #[test]
    fn index_widths() {
        assert_eq!(index_width(1), 1);
        assert_eq!(index_width(36), 1);
        assert_eq!(index_width(37), 2);
        assert_eq!(index_width(1296), 2);
        assert_eq!(index_width(1297), 3);
    }

    #[test]
    fn joined_lengths() {
        assert_eq!(joined([]), 0);
        assert_eq!(joined([3]), 3);
        assert_eq!(joined([3, 4, 0]), 9);
    }
}
