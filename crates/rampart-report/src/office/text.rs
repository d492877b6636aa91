//! Text copied from the results (titles, rationales, finding details: often from firmware or
//! advisories, so untrusted) made safe for office files, and the small wordings both files
//! share.

use rampart_assess::results::{Evidence, FrLevelChange, Proposal};

/// Excel's limit on the text of one cell, in UTF-16 code units.
const CELL_MAX_UTF16: usize = 32_767;

/// The text with every character XML 1.0 cannot hold (C0 controls other than tab and line
/// feed, U+FFFE, U+FFFF) replaced by U+FFFD, and carriage returns dropped, so a hostile
/// string can neither break the file nor vanish without trace.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '\r')
        .map(|c| match c {
            '\t' | '\n' => c,
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// [`clean`] text cut to what one spreadsheet cell holds, ending in `…` when cut.
pub(crate) fn cell(text: &str) -> String {
    let mut cleaned = clean(text);
    if cleaned.encode_utf16().count() <= CELL_MAX_UTF16 {
        return cleaned;
    }
    let mut units = 0;
    let cut = cleaned
        .char_indices()
        .find(|&(_, c)| {
            units += c.len_utf16();
            units > CELL_MAX_UTF16 - 1
        })
        .map_or(cleaned.len(), |(i, _)| i);
    cleaned.truncate(cut);
    cleaned.push('…');
    cleaned
}

/// True when a spreadsheet would take the text for a formula if it were typed in or
/// imported as CSV (`=`, `+`, `-`, `@`, tab): such cells get Excel's quote prefix so they
/// stay text even when an engineer edits them (CWE-1236).
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t'])
}

/// `yes` or `no`, the way filters read best.
pub(crate) fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// One line per piece of evidence: `tool: synthetic evidence (firmware-analysis)`.
pub(crate) fn evidence_lines(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| {
            let kind = match e.kind {
                rampart_assess::results::EvidenceKind::File => "file",
                rampart_assess::results::EvidenceKind::Link => "link",
                rampart_assess::results::EvidenceKind::Tool => "tool",
            };
            let mut line = format!("{kind}: {} ({})", e.description, e.location);
            if let Some(sha) = &e.sha256 {
                line.push_str(&format!(" sha256 {sha}"));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per proposal, with its provenance: `kev-unpatched → not-satisfied: summary [facts]`.
pub(crate) fn proposal_lines(proposals: &[Proposal]) -> String {
    proposals
        .iter()
        .map(|p| {
            let mut line = format!("{} → {}: {}", p.rule, p.status.as_str(), p.summary);
            if !p.facts.is_empty() {
                line.push_str(&format!(" [{}]", p.facts.join(", ")));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The levels a fix unlocks: `FR1 1→2, FR3 0→1`.
pub(crate) fn unlocks(changes: &[FrLevelChange]) -> String {
    changes
        .iter()
        .map(|c| format!("{} {}→{}", c.fr, c.from, c.to))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Security levels as a list: `1, 2, 3`.
pub(crate) fn levels(levels: &[rampart_catalog::SecurityLevel]) -> String {
    levels
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_replaces_characters_xml_cannot_hold_and_keeps_the_rest() {
        assert_eq!(
            clean("a\u{1}b\u{1b}c\r\n\td<&>\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\n\td<&>\u{FFFD}"
        );
    }

    #[test]
    fn cell_cuts_text_longer_than_excel_holds() {
        let long = "é".repeat(40_000);
        let cut = cell(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_MAX_UTF16);
        assert!(cut.ends_with('…'));
        assert_eq!(cell("short"), "short");
    }

    #[test]
    fn formula_prefixes_are_recognised() {
        for text in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"] {
            assert!(looks_like_formula(text), "{text}");
        }
        assert!(!looks_like_formula("CR 1.1"));
    }
}
