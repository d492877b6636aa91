//! Typst's errors turned into [`TemplateDiagnostic`]s: the file a span points into, its line
//! and column (from 1), the message and the hints, so a mistake in a user template reads
//! `report.typ:12:5: unknown variable: reslts`.

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{DiagSpanKind, FileId};

use crate::error::TemplateDiagnostic;

/// Locates each error of `diagnostics` in the `world` that produced them; `file_name` names
/// a file for people (the template's path as given rather than its virtual path).
pub fn locate(
    world: &dyn World,
    diagnostics: &[SourceDiagnostic],
    file_name: &dyn Fn(FileId) -> String,
) -> Vec<TemplateDiagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let (file, line, column) = position(world, d, file_name);
            TemplateDiagnostic {
                file,
                line,
                column,
                message: d.message.to_string(),
                hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            }
        })
        .collect()
}

/// File name, line and column (from 1) of a diagnostic; line 0 when it points nowhere.
fn position(
    world: &dyn World,
    diagnostic: &SourceDiagnostic,
    file_name: &dyn Fn(FileId) -> String,
) -> (String, usize, usize) {
    let span = diagnostic.span;
    let Some(id) = span.id() else {
        return ("<template>".to_owned(), 0, 0);
    };
    let name = file_name(id);
    let Some(range) = world.range(span) else {
        return (name, 0, 0);
    };
    let located = match span.get() {
        DiagSpanKind::Range { .. } => world
            .file(id)
            .ok()
            .map(|bytes| line_column(&String::from_utf8_lossy(&bytes), range.start)),
        _ => world.source(id).ok().and_then(|source| {
            source
                .lines()
                .byte_to_line_column(range.start)
                .map(|(l, c)| (l + 1, c + 1))
        }),
    };
    match located {
        Some((line, column)) => (name, line, column),
        None => (name, 0, 0),
    }
}

/// Line and column (from 1, column in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn line_and_column_count_from_one_in_characters() {
        assert_eq!(line_column("abc", 0), (1, 1));
        assert_eq!(line_column("ab\nçd", 5), (2, 2));
        assert_eq!(line_column("a\n\nb", 3), (3, 1));
    }
}
