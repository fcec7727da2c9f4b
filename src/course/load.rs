//! Reading `course.yaml` safely: a size cap, UTF-8 with a located error, and a
//! YAML parse under resource limits, every failure turned into a diagnostic.

use super::model::Course;
use super::rules;
use crate::diag::Diagnostic;
use crate::diag::Pos;
use std::path::Path;

/// The largest course file the loader reads. Real courses are well under 1 MiB;
/// the cap keeps a hostile or mistaken input from being read whole.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most nesting the format needs is about 12 levels; 64 leaves room and stops
/// stack-eating inputs early.
pub(super) const MAX_DEPTH: usize = 64;
/// About 20x the nodes of the real course.
pub(super) const MAX_NODES: usize = 250_000;

/// Reads a course file through the gate of its folder (a link out of the
/// folder or a special file is refused), refusing files over
/// `MAX_FILE_BYTES` and invalid UTF-8. `Ok(Err(diag))` is a problem with the
/// file; `Err(io)` is I/O.
pub fn read_text(path: &Path) -> Result<Result<String, Diagnostic>, std::io::Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = Path::new(path.file_name().unwrap_or_default());
    let bytes = match super::gate::Gate::new(dir)?.read(name, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(super::gate::GateError::Io(e)) => return Err(e),
        Err(super::gate::GateError::Missing) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file",
            ));
        }
        Err(e) => return Ok(Err(super::gate_diagnostic(path, &e))),
    };
    Ok(decode(path, bytes).map_err(|d| *d))
}

/// Decodes a course file's bytes (read through the gate, at most
/// `MAX_FILE_BYTES`): UTF-8, a leading BOM dropped; invalid UTF-8 is a
/// located diagnostic.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() as u64 + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            Err(Box::new(
                Diagnostic::new(
                    rules::FILE_ENCODING,
                    path,
                    Some(Pos::new(line, column)),
                    format!(
                        "invalid UTF-8: byte 0x{:02X} at offset {} does not start a valid character",
                        e.as_bytes()[valid.len()],
                        valid.len()
                    ),
                )
                .hint("save the file as UTF-8 (most editors: \"Save with encoding\" > UTF-8)"),
            ))
        }
    }
}

/// Parses the course YAML into the typed model under resource limits.
pub fn parse(path: &Path, text: &str) -> Result<Course, Box<Diagnostic>> {
    serde_saphyr::from_str_with_options::<Course>(text, options())
        .map_err(|e| Box::new(yaml_error(path, text, &e)))
}

/// The one place the YAML layer's limits are set.
pub(super) fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// Turns a YAML-layer error into a diagnostic with a rule id and a hint.
pub(super) fn yaml_error(path: &Path, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(l.line(), l.column().max(1)));
    let inner = original(err);
    let pos = match inner {
        E::SerdeMissingField { .. } => pos.map(|p| block_mapping_start(text, p)),
        _ => pos,
    };
    let (rule, message, hint) = match inner {
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            rules::YAML_UNKNOWN_KEY,
            match did_you_mean(field, expected) {
                Some(near) => format!("unknown key `{field}`; did you mean `{near}`?"),
                None => format!("unknown key `{field}`"),
            },
            if expected.is_empty() {
                "remove this key".to_string()
            } else {
                format!("allowed keys here: {}", expected.join(", "))
            },
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let what = pos
                .and_then(|p| key_at(text, p))
                .map_or("this value".to_string(), |k| format!("`{k}`"));
            (
                rules::YAML_TYPE,
                match did_you_mean(variant, expected) {
                    Some(near) => {
                        format!("`{variant}` is not a possible {what}; did you mean `{near}`?")
                    }
                    None => format!("`{variant}` is not a possible {what}"),
                },
                format!("use one of: {}", expected.join(", ")),
            )
        }
        E::SerdeInvalidType {
            unexpected, expected, ..
        }
        | E::SerdeInvalidValue {
            unexpected, expected, ..
        } => match (pos.and_then(|p| key_at(text, p)), course_words(expected)) {
            (Some(key), Some(words)) => (
                rules::YAML_TYPE,
                format!("`{key}` must be {}, not {unexpected}", words_for(&key, words)),
                "check the value against the authoring guide in the README (or course.schema.json)"
                    .to_string(),
            ),
            _ => (
                rules::YAML_TYPE,
                plain_message(inner),
                "check the value against the authoring guide in the README (or schemas/course.schema.json)"
                    .to_string(),
            ),
        },
        E::SerdeMissingField { field, .. } => (
            rules::YAML_MISSING_KEY,
            format!("missing required key `{field}` in this mapping"),
            format!("add `{field}:` to the mapping that starts here"),
        ),
        E::DuplicateMappingKey { .. } => (
            rules::YAML_DUPLICATE_KEY,
            plain_message(inner),
            "remove or rename one of the two entries".to_string(),
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (
            rules::YAML_LIMIT,
            plain_message(inner),
            format!(
                "a course needs neither deep nesting (limit {MAX_DEPTH}) nor alias expansion beyond {MAX_NODES} nodes; flatten the structure or remove the aliases"
            ),
        ),
        E::InvalidScalar { ty: expected, .. } | E::Unexpected { expected, .. }
            if pos.and_then(|p| key_at(text, p)).is_some() && course_words(expected).is_some() =>
        {
            let key = pos.and_then(|p| key_at(text, p)).unwrap_or_default();
            let words = course_words(expected).unwrap_or("another value");
            let found = pos
                .and_then(|p| value_at(text, p))
                .map_or(String::new(), |v| format!(", not `{v}`"));
            (
                rules::YAML_TYPE,
                format!("`{key}` must be {}{found}", words_for(&key, words)),
                "check the value against the authoring guide in the README (or course.schema.json)"
                    .to_string(),
            )
        }
        E::Unexpected { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. }
        | E::NullIntoString { .. }
        | E::NonFiniteFloat { .. }
        | E::InvalidCharNull { .. }
        | E::InvalidCharNotSingleScalar { .. }
        | E::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
        | E::ExpectedStringKeyForExternallyTaggedEnum { .. }
        | E::UnexpectedValueForUnitEnumVariant { .. }
        | E::ExpectedMappingEndAfterEnumVariantValue { .. } => (
            rules::YAML_TYPE,
            plain_message(inner),
            "check the value against the authoring guide in the README (or schemas/course.schema.json)"
                .to_string(),
        ),
        _ if is_nesting_limit(&plain_message(inner)) => (
            rules::YAML_LIMIT,
            format!("the YAML nests too deep ({})", plain_message(inner)),
            "a course never nests this deep; look for unbalanced brackets".to_string(),
        ),
        _ => (
            rules::YAML_SYNTAX,
            plain_message(inner),
            "fix the YAML syntax here: check indentation, quotes and `:` after keys".to_string(),
        ),
    };
    let syntax = rule.id == rules::YAML_SYNTAX.id;
    let (pos, message, hint) = match (pos, tab_in_indentation(text, pos)) {
        (Some(_), Some(tab)) if syntax => (
            Some(tab),
            message,
            "indent with spaces: YAML does not allow tabs in indentation".to_string(),
        ),
        (Some(at), _) if syntax => match unclosed_flow(text, at) {
            Some((open, bracket)) => (
                Some(open),
                format!(
                    "this `{bracket}` is never closed (the parser gave up at line {}: {message})",
                    at.line
                ),
                format!(
                    "close it with `{}` before the next key",
                    if bracket == '[' { ']' } else { '}' }
                ),
            ),
            None => match indentation_slip(text, at) {
                Some((line, indent, sibling_line, sibling_indent)) => (
                    // Where the parser gave up when that is the slipped
                    // line, else the slipped line's first character.
                    Some(if line == at.line {
                        at
                    } else {
                        Pos::new(line, indent as u64 + 1)
                    }),
                    format!(
                        "indentation slip: line {line} is indented {indent} spaces, but line {sibling_line} before it, at the same level, {sibling_indent} (the parser gave up here: {message})"
                    ),
                    format!(
                        "indent line {line} by {sibling_indent} spaces, like line {sibling_line}"
                    ),
                ),
                None => (pos, message, hint),
            },
        },
        _ => (pos, message, hint),
    };
    Diagnostic::new(rule, path, pos, message).hint(hint)
}

/// The closest of `candidates` to `word`, when it is close enough to be a
/// slip of the keyboard (`passmark` → `pass_mark`, `multiple-choice` →
/// `multiple-response` is not; `sinlge-choice` → `single-choice` is).
fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_', ' '], "");
    let w = norm(word);
    candidates
        .iter()
        .map(|c| {
            let n = norm(c);
            let score = if n == w {
                1.0
            } else {
                strsim::jaro_winkler(&w, &n)
            };
            (score, *c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The key whose value is at `pos` (`pass_mark` in `  pass_mark: abc`),
/// read from the source line.
fn key_at(text: &str, pos: Pos) -> Option<String> {
    let line = text
        .lines()
        .nth(usize::try_from(pos.line).ok()?.checked_sub(1)?)?;
    let upto: String = line
        .chars()
        .take(usize::try_from(pos.column).ok()?.saturating_sub(1))
        .collect();
    let before = upto.rfind(':').map(|i| &upto[..i])?;
    let key = before
        .rsplit(['{', ',', '-', ' '])
        .find(|k| !k.trim().is_empty())?
        .trim()
        .trim_matches(['"', '\'']);
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| key.to_string())
}

/// A line near `at` (the line itself or the one before it) whose
/// indentation is one or two spaces off the previous line of the same kind
/// (both `- ` entries or both keys) in the same block: the usual slip behind
/// a YAML syntax error. Returns (line, its indent, sibling line, its indent).
fn indentation_slip(text: &str, at: Pos) -> Option<(u64, usize, u64, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let meaningful = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let item = |l: &str| l.trim_start().starts_with("- ");
    let at = usize::try_from(at.line).ok()?;
    for n in [at, at.saturating_sub(1)] {
        let here = *lines.get(n.checked_sub(1)?)?;
        if !meaningful(here) {
            continue;
        }
        let ind = indent(here);
        for (i, prev) in lines[..n - 1].iter().enumerate().rev().take(200) {
            if !meaningful(prev) {
                continue;
            }
            let pind = indent(prev);
            if pind == ind || pind + 2 < ind {
                break; // consistent with its block, or the block ended
            }
            if pind.abs_diff(ind) <= 2 && item(prev) == item(here) {
                return Some((n as u64, ind, i as u64 + 1, pind));
            }
            if pind < ind {
                break;
            }
            // Deeper: inside an earlier sibling's own block.
        }
    }
    None
}

/// The scalar at `pos` to the end of its line (without a trailing comment).
fn value_at(text: &str, pos: Pos) -> Option<String> {
    let line = text
        .lines()
        .nth(usize::try_from(pos.line).ok()?.checked_sub(1)?)?;
    let skip = usize::try_from(pos.column).ok()?.saturating_sub(1);
    let from = line
        .char_indices()
        .nth(skip)
        .map_or("", |(i, _)| &line[i..]);
    // The text up to a comment (` #`) or `,` `}` `]`, trimmed, if at most 80
    // characters long: found by looking at no more than those 80 (and the
    // blanks after them), however long the line (a 15 MB value).
    let s = from.trim_start();
    if s.starts_with('#') && from[..from.len() - s.len()].ends_with(' ') {
        return None;
    }
    let mut end = 0;
    let mut after_space = false;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if matches!(c, ',' | '}' | ']') || (c == '#' && after_space) {
            break;
        }
        after_space = c == ' ';
        if !c.is_whitespace() {
            if n >= 80 {
                return None;
            }
            end = i + c.len_utf8();
        }
    }
    (end > 0).then(|| s[..end].to_string())
}

/// What the YAML layer expected, in a course designer's words.
fn course_words(expected: &str) -> Option<&'static str> {
    let e = expected.to_ascii_lowercase();
    Some(if e.contains("bool") {
        "true or false"
    } else if ["u8", "u16", "u32", "u64", "usize"]
        .iter()
        .any(|t| e.contains(t))
    {
        "a whole number (0 or more)"
    } else if ["i8", "i16", "i32", "i64", "integer"]
        .iter()
        .any(|t| e.contains(t))
    {
        "a whole number"
    } else if e.contains("f32") || e.contains("f64") || e.contains("float") {
        "a number"
    } else if e.contains("sequence") || e.contains("vec") {
        "a list (lines starting with `- `, or `[a, b]`)"
    } else if e.contains("string") || e.contains("str") {
        "text"
    } else if e.contains("map") || e.contains("struct") {
        "a mapping (`key: value` lines, or `{key: value}`)"
    } else {
        return None;
    })
}

/// Sharper words for the keys whose range the format fixes.
fn words_for(key: &str, words: &'static str) -> &'static str {
    match key {
        "pass_mark" => "a whole number from 0 to 100",
        "attempts" => "a whole number, at least 1",
        "draw" => "a whole number, at least 1",
        _ => words,
    }
}

/// The first tab in the indentation of the line at `pos`, if there is one:
/// the YAML layer reports a tab-indented line at the character after it.
fn tab_in_indentation(text: &str, pos: Option<Pos>) -> Option<Pos> {
    let pos = pos?;
    let line = text
        .lines()
        .nth(usize::try_from(pos.line).ok()?.checked_sub(1)?)?;
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let tab = line[..indent].find('\t')?;
    Some(Pos::new(pos.line, tab as u64 + 1))
}

/// The `[` or `{` left open before a syntax error at `at`, if the error line
/// starts a new block key or entry while a flow collection opened on an
/// earlier line is still open: the parser only notices the missing `]` when
/// it meets the next key, but the author has to fix the opening line.
///
/// Scans the text up to `at` with a small tokenizer that knows quoted
/// scalars, comments and block scalars (`|`, `>`), so brackets inside text
/// (markdown links, quoted titles) are not counted.
fn unclosed_flow(text: &str, at: Pos) -> Option<(Pos, char)> {
    let lines: Vec<&str> = text.lines().collect();
    let error_index = usize::try_from(at.line).ok()?.checked_sub(1)?;
    let error_line = lines.get(error_index)?.trim_start();
    let starts_block = error_line.starts_with("- ")
        || error_line
            .split_once(':')
            .is_some_and(|(key, _)| !key.is_empty() && !key.contains(['[', '{', ',', '"', '\'']));
    if !starts_block {
        return None;
    }
    let mut stack: Vec<(Pos, char)> = Vec::new();
    // Indentation of the line that opened a block scalar still running.
    let mut block_scalar: Option<usize> = None;
    for (index, line) in lines.iter().enumerate().take(error_index) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut quote: Option<char> = None;
        // The last character, and the last one that is not whitespace.
        let mut last: Option<char> = None;
        let mut prev: Option<char> = None;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => {
                    if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                None => {
                    let after_indicator =
                        matches!(prev, None | Some(':' | '-' | '?' | ',' | '[' | '{'));
                    match c {
                        '#' if last.is_none_or(char::is_whitespace) => break,
                        '"' | '\'' if after_indicator || !stack.is_empty() => quote = Some(c),
                        '[' | '{' if after_indicator || !stack.is_empty() => {
                            stack.push((Pos::new(index as u64 + 1, col as u64 + 1), c))
                        }
                        ']' | '}' if !stack.is_empty() => {
                            stack.pop();
                        }
                        '|' | '>' if stack.is_empty() && matches!(prev, Some(':' | '-')) => {
                            block_scalar = Some(indent);
                            break;
                        }
                        _ => {}
                    }
                }
            }
            if !c.is_whitespace() {
                prev = Some(c);
            }
            last = Some(c);
        }
    }
    stack
        .first()
        .copied()
        .filter(|(open, _)| open.line < at.line)
}

/// The parser reports its own nesting limits as scan errors with this wording.
fn is_nesting_limit(message: &str) -> bool {
    message.contains("recursion limit") || message.contains("nesting limit")
}

/// The error under any alias or snippet wrappers.
fn original(mut err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error as E;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = err {
        err = error;
    }
    err
}

/// The YAML layer's message without the position it appends (the diagnostic
/// carries the position itself).
fn plain_message(err: &serde_saphyr::Error) -> String {
    let text = err.render_with_formatter(&serde_saphyr::UserMessageFormatter);
    let first = text.lines().next().unwrap_or_default();
    let trimmed = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    trimmed.trim_end_matches('.').to_string()
}

/// Where the block mapping that holds the key at `at` begins: its first key.
///
/// The YAML layer reports a missing key at the end of the mapping it is
/// missing from (its last key); an author looks for the start, the `- id:` of
/// a question or the first line of the file. Walks up from `at` over deeper
/// lines, blank lines and comments, through the sibling keys at the same
/// column, to the first one (a `- ` sequence entry opens a mapping too).
/// Anything else (a flow mapping, a position that is not a key) stays as is.
fn block_mapping_start(text: &str, at: Pos) -> Pos {
    /// The column (1-based) where a line's key or value starts, past its
    /// indentation and any `- ` entry markers, and whether such a marker
    /// opened it.
    fn key_column(line: &str) -> Option<(u64, bool)> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        let mut col = indent;
        let mut entry = false;
        while let Some(after) = rest.strip_prefix('-') {
            let spaces = after.len() - after.trim_start_matches(' ').len();
            if spaces == 0 {
                break;
            }
            col += 1 + spaces;
            rest = &after[spaces..];
            entry = true;
        }
        if rest.is_empty() || rest.starts_with('#') {
            return None;
        }
        Some((col as u64 + 1, entry))
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(index) = usize::try_from(at.line).ok().and_then(|l| l.checked_sub(1)) else {
        return at;
    };
    match lines.get(index).and_then(|l| key_column(l)) {
        Some((col, _)) if col == at.column => {}
        _ => return at,
    }
    let mut start = at;
    for i in (0..=index).rev() {
        let Some((col, entry)) = key_column(lines[i]) else {
            continue;
        };
        if col > at.column {
            continue;
        }
        if col < at.column {
            break;
        }
        start = Pos::new(i as u64 + 1, col);
        if entry {
            break;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses into an untyped value, so the budget (not a type mismatch) is
    /// what stops the input.
    fn untyped(text: &str) -> Diagnostic {
        match serde_saphyr::from_str_with_options::<serde_json::Value>(text, options()) {
            Ok(_) => panic!("hostile input was accepted"),
            Err(e) => yaml_error(Path::new("course.yaml"), text, &e),
        }
    }

    #[test]
    fn unclosed_flow_finds_the_open_bracket_not_text_brackets() {
        let text = "a: [x, y\nb: 1\n";
        assert_eq!(
            unclosed_flow(text, Pos::new(2, 2)),
            Some((Pos::new(1, 4), '['))
        );
        // Brackets in plain text, quotes, comments and block scalars do not count.
        let text = "t: see [this\nq: \"[\"\n# [x\nm: |\n  [link](page:x\nb: 1\n";
        assert_eq!(unclosed_flow(text, Pos::new(6, 2)), None);
        // An error inside a flow collection on its own line is left alone.
        assert_eq!(unclosed_flow("a: {b: [1\n", Pos::new(1, 9)), None);
        // Only when the error line starts a new key or entry.
        assert_eq!(unclosed_flow("a: [x,\n  y z]]\n", Pos::new(2, 7)), None);
    }

    #[test]
    fn block_mapping_start_walks_up_to_the_first_key() {
        let text = "# c\nid: x\ntitle:\n  nl: a\nlessons:\n  - id: l\n    pages:\n      - p\n\n    check: c\nend: 1\n";
        // `end:` (11:1) is in the top-level mapping, which starts at `id:`.
        assert_eq!(block_mapping_start(text, Pos::new(11, 1)), Pos::new(2, 1));
        // `check:` (10:5) belongs to the entry opened by `- id: l`.
        assert_eq!(block_mapping_start(text, Pos::new(10, 5)), Pos::new(6, 5));
        // Not a key position: unchanged.
        assert_eq!(block_mapping_start(text, Pos::new(4, 7)), Pos::new(4, 7));
        assert_eq!(block_mapping_start(text, Pos::new(99, 1)), Pos::new(99, 1));
    }

    #[test]
    fn alias_bomb_hits_the_budget() {
        let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..=9 {
            let p = i - 1;
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let d = untyped(&yaml);
        assert_eq!(d.rule_id, "yaml-limit", "{d:?}");
    }

    #[test]
    fn deep_nesting_hits_the_budget() {
        let yaml = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let d = untyped(&yaml);
        assert_eq!(d.rule_id, "yaml-limit", "{d:?}");
        assert_eq!(d.line, Some(1));
    }

    /// The `value_at` that collected the rest of the line first (seconds
    /// on a 15 MB value in a debug build).
    fn value_at_whole_line(text: &str, pos: Pos) -> Option<String> {
        let line = text
            .lines()
            .nth(usize::try_from(pos.line).ok()?.checked_sub(1)?)?;
        let from: String = line
            .chars()
            .skip(usize::try_from(pos.column).ok()?.saturating_sub(1))
            .collect();
        let v = from.split(" #").next().unwrap_or_default().trim();
        let v = v.split([',', '}', ']']).next().unwrap_or_default().trim();
        (!v.is_empty() && v.chars().count() <= 80).then(|| v.to_string())
    }

    #[test]
    fn value_at_keeps_the_80_character_bound() {
        for n in 78..84 {
            for tail in ["", "   ", " # note", "   , x", "  é"] {
                let text = format!("k: {}{tail}\n", "é".repeat(n));
                let pos = Pos::new(1, 4);
                assert_eq!(
                    value_at(&text, pos),
                    value_at_whole_line(&text, pos),
                    "{text}"
                );
                assert_eq!(value_at(&text, pos).is_some(), n <= 80 && tail != "  é");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn value_at_reads_no_further_than_it_needs(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['a', 'é', ' ', '\t', '\n', '#', ',', ']', '}']),
                0..120,
            ),
            pad in 0usize..100,
            blanks in 0usize..4,
            line in 0u64..4,
            column in 0u64..20,
        ) {
            // Values near the 80-character bound, then anything.
            let text = format!("k: {}{}{}", "é".repeat(pad), " ".repeat(blanks), chars.into_iter().collect::<String>());
            let pos = Pos::new(line, column);
            proptest::prop_assert_eq!(value_at(&text, pos), value_at_whole_line(&text, pos));
        }
    }
}
