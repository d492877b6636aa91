//! The CPE 2.2 URI binding (NISTIR 7695 §6.1): `cpe:/part:vendor:product:version:update:edition:language`,
//! percent-encoded, with `%01` (`?`) and `%02` (`*`) as wildcards, an empty component as ANY,
//! `-` as NA, and the four 2.3 extended attributes packed into edition as
//! `~edition~sw_edition~target_sw~target_hw~other`.

use super::value::{Token, Value, check_wildcards};
use super::{ATTRIBUTES, Cpe, CpeError};

pub(super) fn parse(input: &str) -> Result<Cpe, CpeError> {
    let body = &input[5..];
    let fields: Vec<&str> = body.split(':').collect();
    if fields.len() > 7 {
        return Err(CpeError::new(
            input,
            format!(
                "expected at most 7 components after `cpe:/`, found {}",
                fields.len()
            ),
        ));
    }
    let mut values: [Value; 11] = Default::default();
    let at =
        |i: usize| move |cause: String| CpeError::new(input, format!("{}: {cause}", ATTRIBUTES[i]));
    for (i, field) in fields.iter().enumerate() {
        if i == 5 && field.starts_with('~') {
            let packed: Vec<&str> = field[1..].split('~').collect();
            if packed.len() != 5 {
                return Err(CpeError::new(
                    input,
                    "packed edition needs `~edition~sw_edition~target_sw~target_hw~other`",
                ));
            }
            for (k, index) in [5, 7, 8, 9, 10].into_iter().enumerate() {
                values[index] = decode(packed[k]).map_err(at(index))?;
            }
        } else {
            values[i] = decode(field).map_err(at(i))?;
        }
    }
    Cpe::from_values(input, values)
}

fn decode(field: &str) -> Result<Value, String> {
    match field {
        "" => return Ok(Value::Any),
        "-" => return Ok(Value::Na),
        _ => {}
    }
    let bytes = field.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = field
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent escape at byte {i}"))?;
            tokens.push(match hex {
                0x01 => Token::AnyChar,
                0x02 => Token::AnyString,
                h if h.is_ascii_graphic() => Token::Char((h as char).to_ascii_lowercase()),
                h => return Err(format!("%{h:02x} is not printable ASCII")),
            });
            i += 3;
        } else if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
            tokens.push(Token::Char((b as char).to_ascii_lowercase()));
            i += 1;
        } else {
            return Err(format!(
                "`{}` must be percent-encoded",
                field[i..].chars().next().unwrap_or('?')
            ));
        }
    }
    check_wildcards(&tokens)?;
    if tokens == [Token::AnyString] {
        // A lone `*` is ANY in the WFN, however it was spelled.
        return Ok(Value::Any);
    }
    Ok(Value::Text(tokens))
}

fn encode(value: &Value) -> String {
    match value {
        Value::Any => String::new(),
        Value::Na => "-".into(),
        Value::Text(tokens) => tokens
            .iter()
            .map(|t| match *t {
                Token::AnyChar => "%01".into(),
                Token::AnyString => "%02".into(),
                Token::Char('-') if tokens.len() == 1 => "%2d".into(),
                Token::Char(c) if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') => {
                    c.to_string()
                }
                Token::Char(c) => format!("%{:02x}", c as u32),
            })
            .collect(),
    }
}

pub(super) fn bind(cpe: &Cpe) -> String {
    let extended = [7, 8, 9, 10].iter().any(|&i| *cpe.value(i) != Value::Any);
    let mut fields: Vec<String> = (0..7).map(|i| encode(cpe.value(i))).collect();
    if extended {
        let mut packed = String::new();
        for i in [5, 7, 8, 9, 10] {
            packed.push('~');
            packed.push_str(&encode(cpe.value(i)));
        }
        fields[5] = packed;
    }
    while fields.len() > 1 && fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    format!("cpe:/{}", fields.join(":"))
}
