//! Reading YAML that users and strangers write: catalog overrides, system models, component
//! assessments.
//!
//! Every Rampart input file is parsed with a budget ([`Limits`]), so that deep nesting and
//! alias bombs fail fast instead of exhausting memory, and every problem found in it is a
//! [`Problem`] printed `file:line:col: message`, the form editors and CI annotations jump to.
//! Validation collects all problems of a file at once in [`Problems`]. Every file is read with
//! [`read_input`], whose size cap holds for pipes and devices too.

use std::fmt;

mod read;

pub use read::{
    ReadError, STDIN_NAME, open_regular, read_capped_bytes, read_file_bytes, read_input,
    read_input_bytes,
};

use serde::Serialize;
pub use serde_saphyr::Spanned;

/// Parser limits for one kind of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of collections: what stops a run of 50 MB of `[`.
    pub max_depth: usize,
    /// Alias uses (`*a`): what stops "billion laughs" expansion.
    pub max_aliases: usize,
    /// Anchor definitions (`&a`).
    pub max_anchors: usize,
    /// Nodes in the document.
    pub max_nodes: usize,
    /// Parser events in the document.
    pub max_events: usize,
}

impl Limits {
    /// For small hand-written files: override lists, component assessments.
    pub const SMALL_FILE: Limits = Limits {
        max_depth: 64,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_nodes: 250_000,
        max_events: 2_000_000,
    };

    /// For system models: a dense 10,000-asset plant has about 530,000 nodes, so the size caps
    /// are raised to about three times that while depth and alias limits stay as tight. The
    /// node cap is what bounds a hostile model's parse time and memory (about 0.6 µs and
    /// 150 bytes per node; see `docs/benchmarks.md`), not the 64 MiB size cap.
    pub const LARGE_MODEL: Limits = Limits {
        max_depth: 64,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_nodes: 1_500_000,
        max_events: 3_000_000,
    };

    /// The serde-saphyr options that enforce these limits (one document per file).
    pub fn options(self) -> serde_saphyr::Options {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_depth = self.max_depth;
        budget.max_aliases = self.max_aliases;
        budget.max_anchors = self.max_anchors;
        budget.max_nodes = self.max_nodes;
        budget.max_events = self.max_events;
        budget.max_documents = 1;
        serde_saphyr::options! { budget: Some(budget) }
    }
}

/// A place in a file, 1-based; 0 when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based.
    pub col: u32,
}

impl Span {
    /// Where a spanned value was written.
    pub fn of<T>(s: &Spanned<T>) -> Span {
        Span {
            line: u32::try_from(s.referenced.line()).unwrap_or(u32::MAX),
            col: u32::try_from(s.referenced.column()).unwrap_or(u32::MAX),
        }
    }

    /// Where a parse error happened, if the parser knows.
    pub fn of_error(e: &serde_saphyr::Error) -> Span {
        e.location().map_or(Span::default(), |l| Span {
            line: u32::try_from(l.line()).unwrap_or(u32::MAX),
            col: u32::try_from(l.column()).unwrap_or(u32::MAX),
        })
    }
}

/// A value with the place it was written: what large inputs hold instead of [`Spanned`].
///
/// serde-saphyr's [`Spanned`] keeps two full locations (56 bytes) per value; a model of
/// a million values then spends more memory on places than on content. `Located` reads a
/// `Spanned` and keeps only line and column (8 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written (where it is referenced, for an alias).
    pub at: Span,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Located<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let at = Span::of(&spanned);
        Ok(Located {
            value: spanned.value,
            at,
        })
    }
}

/// One problem in an input file, with its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: u32,
    /// 1-based column; 0 when unknown.
    pub col: u32,
    /// What is wrong, and where useful what to write instead.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        }
    }
}

/// Collects the problems of one file while validating, so that one pass reports them all.
#[derive(Debug)]
pub struct Problems {
    file: String,
    list: Vec<Problem>,
}

impl Problems {
    /// An empty collection for `file`.
    pub fn new(file: &str) -> Self {
        Problems {
            file: file.to_owned(),
            list: Vec::new(),
        }
    }

    /// Records a problem at `at` in this collection's file.
    pub fn push(&mut self, at: Span, message: impl Into<String>) {
        self.list.push(Problem {
            file: self.file.clone(),
            line: at.line,
            col: at.col,
            message: message.into(),
        });
    }

    /// True if nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Takes over the problems of another file (a linked file), which keep their own file
    /// name and place.
    pub fn absorb(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    /// The problems sorted by file and place, duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.list.sort();
        self.list.dedup();
        self.list
    }
}

/// Parses `text` (named `file` in messages) within `limits`; a syntax error, an unknown field
/// or a value of the wrong type comes back as one located problem.
pub fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    limits: Limits,
) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options(text, limits.options()).map_err(|e| {
        let at = Span::of_error(&e);
        Problem {
            file: file.to_owned(),
            line: at.line,
            col: at.col,
            message: error_message(&e),
        }
    })
}

/// A parse error as one line, without its place (callers print `file:line:col:` first) and
/// without the source snippet serde-saphyr renders.
pub fn error_message(e: &serde_saphyr::Error) -> String {
    if let Some(plain) = plain_message(e) {
        return plain;
    }
    one_line_without_place(&e.to_string())
}

/// The first line of a parser message, without the place serde-saphyr writes into it
/// (`line 3 column 5: …` before, ` at line 3 column 5` after): the caller prints the place as
/// `file:line:col:`. A leading `line …:` that is not a place is text and stays.
fn one_line_without_place(text: &str) -> String {
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // The place, in either of the forms serde-saphyr may use, is printed by the caller.
    let first = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((place, rest)) if place.contains(" column ") => rest,
        _ => first,
    };
    match first.rfind(" at line ") {
        Some(cut) => first[..cut].to_owned(),
        None => first.to_owned(),
    }
}

/// The parser's budget and duplicate-key errors in plain sentences: serde-saphyr words them
/// for Rust programmers (`budget breached: Documents { documents: 2 }`, `set
/// DuplicateKeyPolicy in Options`). `None` for the errors whose own wording is plain.
fn plain_message(e: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::Error;
    let mut e = e;
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = e {
        e = error;
    }
    match e {
        Error::Budget { breach, .. } => Some(budget_message(breach)),
        Error::DuplicateMappingKey { key: Some(key), .. } => Some(format!(
            "`{key}` is given twice in this mapping: give each key once"
        )),
        Error::DuplicateMappingKey { key: None, .. } => {
            Some("a key is given twice in this mapping: give each key once".to_owned())
        }
        _ => None,
    }
}

/// A budget breach as a sentence. The parser reports the count that crossed the limit, one
/// above it, so the limit is that count minus one.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    let over = |count: usize, what: &str| {
        format!(
            "the file has more than {} {what}, the limit for this kind of file",
            count.saturating_sub(1)
        )
    };
    match breach {
        B::Documents { .. } => {
            "the file holds more than one YAML document (a `---` line starts another): give one"
                .to_owned()
        }
        B::Depth { depth } => format!(
            "collections nest more than {} levels deep, the limit for this kind of file",
            depth.saturating_sub(1)
        ),
        B::Aliases { aliases } => over(*aliases, "alias uses (`*name`)"),
        B::Anchors { anchors } => over(*anchors, "anchors (`&name`)"),
        B::Nodes { nodes } => over(*nodes, "values"),
        B::Events { events } => over(*events, "parser events"),
        B::MergeKeys { merge_keys } => over(*merge_keys, "merge keys (`<<`)"),
        B::ScalarBytes { total_scalar_bytes } => format!(
            "the file's text values add up to {total_scalar_bytes} bytes or more (an alias counts each time it is used), over the limit for this kind of file"
        ),
        B::AliasAnchorRatio { aliases, anchors } => format!(
            "{aliases} alias uses for {anchors} anchors: more than ten uses per anchor is refused as an alias bomb"
        ),
        B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => {
            "the anchored values (`&name`) are too large to be reused by aliases".to_owned()
        }
        _ => {
            "the file is larger or more deeply structured than this kind of file may be".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: Spanned<String>,
        #[serde(default)]
        items: Vec<u8>,
    }

    #[test]
    fn errors_are_located_and_one_line() {
        let err = parse::<Doc>("f.yaml", "name: x\ncolour: red\n", Limits::SMALL_FILE).unwrap_err();
        assert_eq!((err.line, err.col), (2, 1));
        assert!(
            err.to_string()
                .starts_with("f.yaml:2:1: unknown field `colour`"),
            "{err}"
        );
        assert!(!err.message.contains('\n'));
        let err =
            parse::<Doc>("f.yaml", "name: x\nitems: [1, one]\n", Limits::SMALL_FILE).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn located_values_keep_the_place_spanned_gives() {
        #[derive(serde::Deserialize)]
        struct Both {
            a: Spanned<String>,
            b: Located<Vec<u8>>,
            c: Located<String>,
        }
        let doc: Both = parse(
            "f.yaml",
            "a:   x\nb:\n  - 1\nc: &k   y\n",
            Limits::SMALL_FILE,
        )
        .unwrap();
        assert_eq!(Span::of(&doc.a), Span { line: 1, col: 6 });
        assert_eq!(doc.b.value, [1]);
        assert_eq!(doc.b.at, Span { line: 3, col: 3 });
        assert_eq!(doc.c.value, "y");
        assert_eq!(doc.c.at.line, 4);
        assert!(
            std::mem::size_of::<Located<String>>() < std::mem::size_of::<Spanned<String>>() / 2
        );
    }

    #[test]
    fn spans_point_at_values() {
        let doc: Doc = parse("f.yaml", "# c\nname:   hello\n", Limits::SMALL_FILE).unwrap();
        assert_eq!(Span::of(&doc.name), Span { line: 2, col: 9 });
    }

    #[test]
    fn nesting_and_alias_bombs_fail_fast() {
        let deep = format!("name: {}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
        assert!(parse::<Doc>("deep.yaml", &deep, Limits::LARGE_MODEL).is_err());
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        bomb.push_str("name: x\n");
        assert!(parse::<Doc>("bomb.yaml", &bomb, Limits::LARGE_MODEL).is_err());
        assert!(parse::<Doc>("two.yaml", "name: a\n---\nname: b\n", Limits::SMALL_FILE).is_err());
    }

    /// Parses anything, so that only the budget can refuse the text.
    fn any(text: &str, limits: Limits) -> Result<serde::de::IgnoredAny, Problem> {
        parse("f.yaml", text, limits)
    }

    /// `a:` nested `n` mappings deep.
    fn nested(n: usize) -> String {
        let mut text = String::new();
        for depth in 0..n - 1 {
            text.push_str(&" ".repeat(depth));
            text.push_str("a:\n");
        }
        text.push_str(&" ".repeat(n - 1));
        text.push_str("a: 1\n");
        text
    }

    /// `anchors` anchored scalars, then `uses` aliases spread over them.
    fn anchored(anchors: usize, uses: usize) -> String {
        let mut text = String::new();
        for i in 0..anchors {
            text.push_str(&format!("k{i}: &a{i} x\n"));
        }
        for i in 0..uses {
            text.push_str(&format!("u{i}: *a{}\n", i % anchors.max(1)));
        }
        text
    }

    #[test]
    fn depth_limit_is_exact() {
        for limits in [Limits::SMALL_FILE, Limits::LARGE_MODEL] {
            let n = limits.max_depth;
            assert!(any(&nested(n), limits).is_ok());
            let err = any(&nested(n + 1), limits).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "f.yaml:{0}:{0}: collections nest more than {n} levels deep, the limit for this kind of file",
                    n + 1
                )
            );
        }
    }

    #[test]
    fn alias_limit_is_exact() {
        for limits in [Limits::SMALL_FILE, Limits::LARGE_MODEL] {
            let n = limits.max_aliases;
            // Enough anchors that the alias-per-anchor ratio is not what stops it.
            let anchors = n / 10 + 1;
            assert!(any(&anchored(anchors, n), limits).is_ok());
            let err = any(&anchored(anchors, n + 1), limits).unwrap_err();
            assert!(
                err.message
                    .starts_with(&format!("the file has more than {n} alias uses")),
                "{err}"
            );
            assert!(err.line > 0, "{err}");
        }
    }

    #[test]
    fn anchor_limit_is_exact() {
        for limits in [Limits::SMALL_FILE, Limits::LARGE_MODEL] {
            let n = limits.max_anchors;
            assert!(any(&anchored(n, 0), limits).is_ok());
            let err = any(&anchored(n + 1, 0), limits).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "f.yaml:{}:15: the file has more than {n} anchors (`&name`), the limit for this kind of file",
                    n + 1
                )
            );
        }
    }

    #[test]
    fn node_limit_is_exact() {
        // A flow sequence of n - 1 scalars is n nodes.
        let sequence = |n: usize| format!("[{}1]", "1,".repeat(n - 2));
        let n = Limits::SMALL_FILE.max_nodes;
        assert!(any(&sequence(n), Limits::SMALL_FILE).is_ok());
        let err = any(&sequence(n + 1), Limits::SMALL_FILE).unwrap_err();
        assert!(
            err.message
                .starts_with(&format!("the file has more than {n} values")),
            "{err}"
        );
    }

    #[test]
    fn one_document_only() {
        for limits in [Limits::SMALL_FILE, Limits::LARGE_MODEL] {
            assert!(any("a: 1\n", limits).is_ok());
            let err = any("a: 1\n---\na: 2\n", limits).unwrap_err();
            assert_eq!(
                err.to_string(),
                "f.yaml:2:1: the file holds more than one YAML document (a `---` line starts another): give one"
            );
        }
    }

    #[test]
    fn duplicate_keys_are_plain_sentences() {
        let err = any("a: 1\nb: 2\na: 3\n", Limits::SMALL_FILE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.yaml:3:1: `a` is given twice in this mapping: give each key once"
        );
    }

    #[test]
    fn the_place_is_cut_from_parser_messages_and_only_the_place() {
        assert_eq!(
            one_line_without_place("error: line 3 column 5: invalid type\n  | snippet"),
            "invalid type"
        );
        assert_eq!(
            one_line_without_place("unknown field `x` at line 2 column 1"),
            "unknown field `x`"
        );
        // Text that merely starts with "line" is not a place.
        assert_eq!(
            one_line_without_place("line breaks: not allowed here"),
            "line breaks: not allowed here"
        );
        assert_eq!(one_line_without_place(""), "invalid YAML");
    }

    #[test]
    fn options_carry_each_limit_not_the_parser_defaults() {
        // Limits far below any default, so that options that ignored them would let these pass.
        let tight = Limits {
            max_depth: 3,
            max_aliases: 1,
            max_anchors: 1,
            max_nodes: 20,
            max_events: 1_000,
        };
        let parse_any = |text: &str| parse::<serde::de::IgnoredAny>("t.yaml", text, tight);
        assert!(parse_any("a: [[1]]\n").is_ok());
        assert!(parse_any("a: [[[[1]]]]\n").is_err(), "depth");
        assert!(parse_any("a: &x 1\nb: *x\n").is_ok());
        assert!(parse_any("a: &x 1\nb: *x\nc: *x\n").is_err(), "aliases");
        assert!(parse_any("a: &x 1\nb: &y 2\n").is_err(), "anchors");
        let many: String = (0..30)
            .map(|i| format!("k{i}: {i}\n"))
            .collect::<Vec<_>>()
            .concat();
        assert!(parse_any(&many).is_err(), "nodes");
    }

    #[test]
    fn problems_are_empty_until_one_is_pushed() {
        let mut p = Problems::new("f.yaml");
        assert!(p.is_empty());
        p.push(Span::default(), "x");
        assert!(!p.is_empty());
    }

    #[test]
    fn problems_sort_by_file_and_place() {
        let mut a = Problems::new("b.yaml");
        a.push(Span { line: 3, col: 1 }, "later");
        a.push(Span { line: 1, col: 5 }, "first");
        let mut other = Problems::new("a.yaml");
        other.push(Span::default(), "whole file");
        a.absorb(other);
        let shown: Vec<String> = a.into_sorted().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.yaml: whole file",
                "b.yaml:1:5: first",
                "b.yaml:3:1: later"
            ]
        );
    }
}
