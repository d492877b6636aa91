//! The CPE 2.3 formatted-string binding (NISTIR 7695 §6.2):
//! `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other`.
//! `*` alone is ANY, `-` alone is NA, `\` quotes the next character, unquoted `*`/`?` are
//! wildcards; letters are case-insensitive.

use super::value::{Token, Value, check_wildcards};
use super::{ATTRIBUTES, Cpe, CpeError};

pub(super) fn parse(input: &str) -> Result<Cpe, CpeError> {
    let body = &input[8..];
    let fields = split_unquoted(body);
    if fields.len() != 11 {
        return Err(CpeError::new(
            input,
            format!(
                "expected 11 attributes after `cpe:2.3:`, found {}",
                fields.len()
            ),
        ));
    }
    let mut values: [Value; 11] = Default::default();
    for (i, field) in fields.iter().enumerate() {
        values[i] = parse_value(field)
            .map_err(|cause| CpeError::new(input, format!("{}: {cause}", ATTRIBUTES[i])))?;
    }
    Cpe::from_values(input, values)
}

/// Splits at `:` not preceded by a quoting `\`.
fn split_unquoted(body: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in body.char_indices() {
        match c {
            _ if quoted => quoted = false,
            '\\' => quoted = true,
            ':' => {
                fields.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push(&body[start..]);
    fields
}

fn parse_value(field: &str) -> Result<Value, String> {
    match field {
        "*" => return Ok(Value::Any),
        "-" => return Ok(Value::Na),
        "" => return Err("empty value (use `*` for ANY or `-` for NA)".into()),
        _ => {}
    }
    let mut tokens = Vec::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if !c.is_ascii_graphic() {
            return Err(format!("character {c:?} is not printable ASCII"));
        }
        tokens.push(match c {
            '\\' => match chars.next() {
                Some(q) if q.is_ascii_graphic() => Token::Char(q.to_ascii_lowercase()),
                Some(q) => return Err(format!("character {q:?} is not printable ASCII")),
                None => return Err("value ends in a lone `\\`".into()),
            },
            '*' => Token::AnyString,
            '?' => Token::AnyChar,
            c if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') => {
                Token::Char(c.to_ascii_lowercase())
            }
            c => return Err(format!("`{c}` must be quoted as `\\{c}`")),
        });
    }
    check_wildcards(&tokens)?;
    Ok(Value::Text(tokens))
}

pub(super) fn bind(cpe: &Cpe) -> String {
    let mut out = String::from("cpe:2.3");
    for i in 0..11 {
        out.push(':');
        match cpe.value(i) {
            Value::Any => out.push('*'),
            Value::Na => out.push('-'),
            Value::Text(tokens) => {
                for t in tokens {
                    match *t {
                        Token::AnyString => out.push('*'),
                        Token::AnyChar => out.push('?'),
                        // A lone literal `-` would read back as NA.
                        Token::Char('-') if tokens.len() == 1 => out.push_str("\\-"),
                        Token::Char(c)
                            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') =>
                        {
                            out.push(c);
                        }
                        Token::Char(c) => {
                            out.push('\\');
                            out.push(c);
                        }
                    }
                }
            }
        }
    }
    out
}
