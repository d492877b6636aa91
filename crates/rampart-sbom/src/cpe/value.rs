//! WFN attribute values: ANY, NA, or a string of literal characters with the unquoted
//! wildcards `*` (any run) and `?` (one character) that NISTIR 7695 allows only at the ends.

/// One element of a WFN string value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    /// A literal character (lower case for letters).
    Char(char),
    /// Unquoted `*`: any sequence of characters.
    AnyString,
    /// Unquoted `?`: one character.
    AnyChar,
}

/// A WFN attribute value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Value {
    /// The logical value ANY: any value, including none.
    #[default]
    Any,
    /// The logical value NA: not applicable, no value.
    Na,
    /// A non-empty string, possibly with wildcards at its ends.
    Text(Vec<Token>),
}

impl Value {
    /// A literal string value (no wildcards), lower-cased.
    pub fn literal(text: &str) -> Self {
        Self::Text(
            text.chars()
                .map(|c| Token::Char(c.to_ascii_lowercase()))
                .collect(),
        )
    }

    /// The string when it has no wildcards.
    pub fn as_literal(&self) -> Option<String> {
        match self {
            Self::Text(tokens) => tokens
                .iter()
                .map(|t| match t {
                    Token::Char(c) => Some(*c),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// Whether the value holds an unquoted wildcard.
    pub fn has_wildcards(&self) -> bool {
        matches!(self, Self::Text(t) if t.iter().any(|t| !matches!(t, Token::Char(_))))
    }
}

/// Checks NISTIR 7695's placement rule: `*` only as the first or last token, and `?` only in
/// runs at the start or end; returns the cause when broken.
pub(crate) fn check_wildcards(tokens: &[Token]) -> Result<(), &'static str> {
    if tokens.is_empty() {
        return Err("empty value");
    }
    let first_char = tokens.iter().position(|t| matches!(t, Token::Char(_)));
    let last_char = tokens.iter().rposition(|t| matches!(t, Token::Char(_)));
    if let (Some(first), Some(last)) = (first_char, last_char)
        && tokens[first..=last]
            .iter()
            .any(|t| !matches!(t, Token::Char(_)))
    {
        return Err("wildcard inside a value (only allowed at its start or end)");
    }
    for ends in [
        tokens
            .iter()
            .take_while(|t| !matches!(t, Token::Char(_)))
            .collect::<Vec<_>>(),
        tokens
            .iter()
            .rev()
            .take_while(|t| !matches!(t, Token::Char(_)))
            .collect(),
    ] {
        let stars = ends
            .iter()
            .filter(|t| matches!(t, Token::AnyString))
            .count();
        if stars > 1 || (stars == 1 && ends.len() > 1) {
            return Err("`*` must stand alone at a value's end, not beside another wildcard");
        }
    }
    Ok(())
}
