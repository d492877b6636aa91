//! Native range notations of advisories, turned into `vers`.
//!
//! `vers` has no AND/OR: a native range with several alternatives becomes the sorted list
//! of all their bounds, which the containment algorithm reads pairwise, as the vers-spec's
//! own conversions do.

use super::{Comparator, Constraint, Scheme, Vers, VersError};

pub(super) fn from_native(scheme: &str, range: &str) -> Result<Vers, VersError> {
    let fail = |reason: &str| VersError::Native {
        scheme: scheme.to_owned(),
        range: range.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed: Scheme = scheme.parse()?;
    let constraints = match parsed {
        Scheme::Npm => {
            if range.trim() == "*" || range.trim().is_empty() {
                Vec::new()
            } else {
                npm(range).map_err(|reason| fail(&reason))?
            }
        }
        Scheme::Pypi => pypi(range).map_err(|reason| fail(&reason))?,
        Scheme::Nuget => nuget(range).map_err(|reason| fail(&reason))?,
        Scheme::Openssl => list(range, |v| Ok(vec![exact(v)])).map_err(|reason| fail(&reason))?,
        Scheme::Nginx => list(range, nginx).map_err(|reason| fail(&reason))?,
        Scheme::Gem if range.trim().is_empty() => Vec::new(),
        Scheme::Gem => list(range, gem).map_err(|reason| fail(&reason))?,
        _ => return Err(fail("no native notation is known for this scheme")),
    };
    Vers::new(parsed, constraints)
}

fn constraint(comparator: Comparator, version: impl Into<String>) -> Constraint {
    Constraint {
        comparator,
        version: version.into(),
    }
}

fn exact(version: &str) -> Constraint {
    constraint(Comparator::Equal, version.trim())
}

/// A comma-separated list, each item converted by `item`.
fn list(
    range: &str,
    item: impl Fn(&str) -> Result<Vec<Constraint>, String>,
) -> Result<Vec<Constraint>, String> {
    let mut out = Vec::new();
    for part in range.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err("an item of the list is empty".to_owned());
        }
        out.extend(item(part)?);
    }
    Ok(out)
}

/// nginx's security advisories: `1.5.0+` is fixed from 1.5.0 on within its branch when the
/// minor number is even (a stable branch ends where the next minor begins), and from 1.5.0
/// on without end when it is odd (mainline); `0.7.52-0.8.39` is an inclusive span.
fn nginx(item: &str) -> Result<Vec<Constraint>, String> {
    if let Some(version) = item.strip_suffix('+') {
        let mut parts = version.split('.');
        let (Some(major), Some(minor)) = (parts.next(), parts.next()) else {
            return Err(format!("{item:?} has no minor version"));
        };
        let minor: u64 = minor
            .parse()
            .map_err(|_| format!("{item:?}: the minor version is not a number"))?;
        let mut out = vec![constraint(Comparator::GreaterOrEqual, version)];
        if minor.is_multiple_of(2) {
            out.push(constraint(
                Comparator::Less,
                format!("{major}.{}.0", minor + 1),
            ));
        }
        return Ok(out);
    }
    if let Some((low, high)) = item.split_once('-') {
        return Ok(vec![
            constraint(Comparator::GreaterOrEqual, low.trim()),
            constraint(Comparator::LessOrEqual, high.trim()),
        ]);
    }
    Ok(vec![exact(item)])
}

/// RubyGems requirements, comma-separated: `= 1.0` (or no operator), `!=`, `>`, `<`, `>=`,
/// `<=`, and the pessimistic `~> 2.0.8`, which is `>= 2.0.8` and below the version
/// `Gem::Version#bump` gives (`2.1`; `~> 2.0` is `>= 2.0|< 3`).
fn gem(item: &str) -> Result<Vec<Constraint>, String> {
    if let Some(version) = item.strip_prefix("~>") {
        let version = version.trim();
        return Ok(vec![
            constraint(Comparator::GreaterOrEqual, version),
            constraint(Comparator::Less, gem_bump(version)?),
        ]);
    }
    let (comparator, version) = Comparator::split(item);
    let version = version.trim();
    if version.is_empty() {
        return Err(format!("{item:?} has no version"));
    }
    Ok(vec![constraint(comparator, version)])
}

/// `Gem::Version#bump`: the release part (the numbers before the first letters, a `-`
/// starting a pre-release too), without its last number unless it is the only one, with the
/// new last number one higher.
fn gem_bump(version: &str) -> Result<String, String> {
    let release_end = version
        .find(|c: char| c.is_ascii_alphabetic() || c == '-')
        .unwrap_or(version.len());
    let mut numbers: Vec<&str> = version[..release_end]
        .split('.')
        .filter(|n| !n.is_empty())
        .collect();
    if numbers.len() > 1 {
        numbers.pop();
    }
    let Some(last) = numbers.pop() else {
        return Err(format!("~> {version}: the version has no number"));
    };
    let bumped = last
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_add(1))
        .ok_or_else(|| format!("~> {version}: {last:?} is not a number below 2^64 - 1"))?;
    let bumped = bumped.to_string();
    numbers.push(&bumped);
    Ok(numbers.join("."))
}

/// PEP 440 specifiers, comma-separated: `>=1.0`, `!=5`, `==1.0` (`==1.*` and `~=1.4.2`
/// become their intervals).
fn pypi(range: &str) -> Result<Vec<Constraint>, String> {
    list(range, |item| {
        let item = item.replace(' ', "");
        if let Some(v) = item.strip_prefix("~=") {
            let parts: Vec<&str> = v.split('.').collect();
            if parts.len() < 2 {
                return Err(format!("~={v} needs at least two release parts"));
            }
            let mut upper: Vec<String> = parts[..parts.len() - 1]
                .iter()
                .map(|p| (*p).to_owned())
                .collect();
            let last = upper.len() - 1;
            let bumped: u64 = upper[last]
                .parse::<u64>()
                .map_err(|_| format!("~={v}: {:?} is not a number", upper[last]))?
                + 1;
            upper[last] = bumped.to_string();
            return Ok(vec![
                constraint(Comparator::GreaterOrEqual, v),
                constraint(Comparator::Less, upper.join(".")),
            ]);
        }
        if let Some(v) = item.strip_prefix("===") {
            return Ok(vec![exact(v)]);
        }
        if let Some(v) = item.strip_prefix("==") {
            if let Some(prefix) = v.strip_suffix(".*") {
                return wildcard(prefix);
            }
            return Ok(vec![exact(v)]);
        }
        let (comparator, version) = Comparator::split(&item);
        if version.is_empty() {
            return Err(format!("{item:?} has no version"));
        }
        Ok(vec![constraint(comparator, version)])
    })
}

/// `==1.2.*`: from 1.2 up to (not including) 1.3.
fn wildcard(prefix: &str) -> Result<Vec<Constraint>, String> {
    let mut parts: Vec<String> = prefix.split('.').map(str::to_owned).collect();
    let last = parts.len() - 1;
    let bumped = parts[last]
        .parse::<u64>()
        .map_err(|_| format!("{prefix}.*: {:?} is not a number", parts[last]))?
        + 1;
    let low = prefix.to_owned();
    parts[last] = bumped.to_string();
    Ok(vec![
        constraint(Comparator::GreaterOrEqual, low),
        constraint(Comparator::Less, parts.join(".")),
    ])
}

/// NuGet's interval notation: `1.0` (at least), `[1.0]` (exactly), `[1.0,2.0)`, `(,1.0]`.
fn nuget(range: &str) -> Result<Vec<Constraint>, String> {
    let range = range.trim();
    let (Some(open), Some(close)) = (range.chars().next(), range.chars().last()) else {
        return Err("the range is empty".to_owned());
    };
    if !matches!(open, '[' | '(') {
        return Ok(vec![constraint(Comparator::GreaterOrEqual, range)]);
    }
    if !matches!(close, ']' | ')') || range.len() < 2 {
        return Err("an interval must end with ']' or ')'".to_owned());
    }
    let inner = &range[1..range.len() - 1];
    let Some((low, high)) = inner.split_once(',') else {
        if open == '[' && close == ']' && !inner.trim().is_empty() {
            return Ok(vec![exact(inner)]);
        }
        return Err("an interval without ',' must be written [version]".to_owned());
    };
    let (low, high) = (low.trim(), high.trim());
    let mut out = Vec::new();
    if !low.is_empty() {
        let comparator = if open == '[' {
            Comparator::GreaterOrEqual
        } else {
            Comparator::Greater
        };
        out.push(constraint(comparator, low));
    }
    if !high.is_empty() {
        let comparator = if close == ']' {
            Comparator::LessOrEqual
        } else {
            Comparator::Less
        };
        out.push(constraint(comparator, high));
    }
    if out.is_empty() {
        return Err("the interval has neither bound".to_owned());
    }
    Ok(out)
}

/// node-semver ranges: `||` alternatives of space-separated comparators, hyphen ranges
/// (`1.2.3 - 2.3`), x-ranges (`1.x`, `1.2.*`, a partial `1.2`), tilde and caret ranges.
/// Partial versions are completed with zeros (`<4` is `<4.0.0`, `2.1` is `2.1.0`); an x-range
/// stands for its whole interval even after a comparator (`>= 2.2.x` is `>=2.2.0|<2.3.0`), as
/// the vers-spec conversions read them. Upper bounds are written without node's `-0` suffix.
fn npm(range: &str) -> Result<Vec<Constraint>, String> {
    let mut out = Vec::new();
    for alternative in range.split("||") {
        let tokens = npm_tokens(alternative);
        if tokens.is_empty() {
            return Err("an alternative between '||' is empty".to_owned());
        }
        let mut i = 0;
        while i < tokens.len() {
            if tokens.get(i + 1).map(String::as_str) == Some("-") {
                let high = tokens
                    .get(i + 2)
                    .ok_or_else(|| "a hyphen range has no upper end".to_owned())?;
                let low = Partial::parse(&tokens[i])?;
                let high = Partial::parse(high)?;
                out.push(constraint(Comparator::GreaterOrEqual, low.floor()));
                out.push(match high.next_up() {
                    Some(next) => constraint(Comparator::Less, next),
                    None => constraint(Comparator::LessOrEqual, high.floor()),
                });
                i += 3;
                continue;
            }
            out.extend(npm_comparator(&tokens[i])?);
            i += 1;
        }
    }
    Ok(out)
}

/// Splits an alternative into tokens, joining a comparator to the version after it
/// (`>= 1.0` is one token `>=1.0`).
fn npm_tokens(alternative: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut pending = String::new();
    for word in alternative.split_whitespace() {
        if matches!(word, "<" | "<=" | ">" | ">=" | "=" | "~" | "^") {
            pending.push_str(word);
            continue;
        }
        tokens.push(format!("{pending}{word}"));
        pending.clear();
    }
    tokens
}

fn npm_comparator(token: &str) -> Result<Vec<Constraint>, String> {
    if let Some(v) = token.strip_prefix('~') {
        let v = v.strip_prefix('>').unwrap_or(v);
        let p = Partial::parse(v)?;
        let upper = match p.parts.len() {
            0 => return Ok(Vec::new()),
            1 => format!("{}.0.0", p.parts[0] + 1),
            _ => format!("{}.{}.0", p.parts[0], p.parts[1] + 1),
        };
        return Ok(vec![
            constraint(Comparator::GreaterOrEqual, p.floor()),
            constraint(Comparator::Less, upper),
        ]);
    }
    if let Some(v) = token.strip_prefix('^') {
        let p = Partial::parse(v)?;
        let upper = match (p.parts.as_slice(), p.parts.len()) {
            ([], _) => return Ok(Vec::new()),
            ([0], 1) => "1.0.0".to_owned(),
            ([0, 0], 2) => "0.1.0".to_owned(),
            ([0, 0, patch], 3) => format!("0.0.{}", patch + 1),
            ([0, minor, ..], _) => format!("0.{}.0", minor + 1),
            ([major, ..], _) => format!("{}.0.0", major + 1),
        };
        return Ok(vec![
            constraint(Comparator::GreaterOrEqual, p.floor()),
            constraint(Comparator::Less, upper),
        ]);
    }
    let (comparator, v) = Comparator::split(token);
    let p = Partial::parse(v)?;
    if p.wildcard {
        // An x-range (`1.x`, `2.2.*`), with or without a comparator: its whole interval.
        return Ok(match p.next_up() {
            None => Vec::new(),
            Some(next) => vec![
                constraint(Comparator::GreaterOrEqual, p.floor()),
                constraint(Comparator::Less, next),
            ],
        });
    }
    // A partial version without `x` is completed with zeros and keeps its comparator
    // (`<=2.1` is `<=2.1.0`, `2.1` is `2.1.0`), as the vers-spec conversions read it.
    Ok(vec![constraint(comparator, p.floor())])
}

/// A possibly partial npm version: `1`, `1.2`, `1.2.x`, `1.2.3-beta.1`.
struct Partial {
    parts: Vec<u64>,
    pre: Option<String>,
    wildcard: bool,
}

impl Partial {
    fn parse(text: &str) -> Result<Partial, String> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let text = text.strip_prefix('=').unwrap_or(text);
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre.split('+').next().unwrap_or(pre).to_owned())),
            None => (text.split('+').next().unwrap_or(text), None),
        };
        let mut parts = Vec::new();
        let mut wildcard = false;
        for part in core.split('.') {
            if matches!(part, "x" | "X" | "*") {
                wildcard = true;
                break;
            }
            let number = part
                .parse::<u64>()
                .map_err(|_| format!("{text:?} is not a version"))?;
            parts.push(number);
        }
        if parts.len() > 3 {
            return Err(format!("{text:?} has more than three parts"));
        }
        Ok(Partial {
            parts,
            pre,
            wildcard,
        })
    }

    /// The lowest version the partial covers: missing parts are 0.
    fn floor(&self) -> String {
        let mut parts = self.parts.clone();
        parts.resize(3, 0);
        let core = format!("{}.{}.{}", parts[0], parts[1], parts[2]);
        match &self.pre {
            Some(pre) => format!("{core}-{pre}"),
            None => core,
        }
    }

    /// The first version above what the partial covers (`1.2` → `1.3.0`); `None` for a full
    /// version or `*`.
    fn next_up(&self) -> Option<String> {
        match self.parts.as_slice() {
            [major] => Some(format!("{}.0.0", major + 1)),
            [major, minor] => Some(format!("{major}.{}.0", minor + 1)),
            _ => None,
        }
    }
}
