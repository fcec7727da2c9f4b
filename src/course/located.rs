//! Values that remember where in the YAML source they were written.
//!
//! serde-saphyr's `Spanned<T>` carries the location; this thin wrapper adds what
//! the rest of the crate needs from it (a JSON Schema identical to `T`'s, and a
//! `Pos` that diagnostics can point at) without leaking the YAML layer's types.

use crate::diag::Pos;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::ops::Deref;

/// A value together with the position where it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located { value, pos }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

thread_local! {
    /// Lines to add to every position read: a part of a file parsed on its
    /// own (see `recover`) reports the lines of the whole file.
    static LINE_OFFSET: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Runs `f` (a parse of a part of a file that starts after `lines` lines)
/// with every position it reads shifted to the line in the whole file.
pub(crate) fn with_line_offset<R>(lines: u64, f: impl FnOnce() -> R) -> R {
    struct Reset(u64);
    impl Drop for Reset {
        fn drop(&mut self) {
            LINE_OFFSET.with(|o| o.set(self.0));
        }
    }
    let _reset = Reset(LINE_OFFSET.with(|o| o.replace(lines)));
    f()
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        // `referenced` is where the value appears (an alias, if one was used);
        // that is the place an author looks at.
        let loc = spanned.referenced;
        let offset = LINE_OFFSET.with(std::cell::Cell::get);
        Ok(Located {
            value: spanned.value,
            pos: Pos::new(loc.line() + offset, loc.column()),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
