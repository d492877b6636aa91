//! Package URLs (<https://github.com/package-url/purl-spec>).
//!
//! The `packageurl` crate does the parsing, type rules and canonical form; this module gives
//! the rest of Rampart one owned type whose errors name the offending input, so a bad purl in an
//! SBOM is reported as the text that was read, not as a bare "invalid type".

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use packageurl::PackageUrl;

/// A bad package URL: the input as given and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid package URL {input:?}: {cause}")]
pub struct PurlError {
    /// The text (or, for [`Purl::from_parts`], the parts joined) that failed.
    pub input: String,
    /// Why it failed, in the purl specification's terms.
    pub cause: String,
}

/// A validated package URL in canonical form (lower-cased type, sorted qualifiers, type rules
/// applied such as lower-cased `npm` names), so two spellings of one package compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purl(PackageUrl<'static>);

/// The components of a package URL, unencoded; [`Purl::from_parts`] builds from them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurlParts {
    /// Package type, e.g. `deb`, `npm`, `generic`.
    pub ty: String,
    /// Optional namespace, `/`-separated (`debian`, `@angular`).
    pub namespace: Option<String>,
    /// Package name.
    pub name: String,
    /// Optional version.
    pub version: Option<String>,
    /// Qualifiers (`arch`, `distro`, ...); empty values are dropped as the spec says.
    pub qualifiers: BTreeMap<String, String>,
    /// Optional subpath inside the package.
    pub subpath: Option<String>,
}

impl Purl {
    /// Parses a package URL and brings it to canonical form.
    pub fn parse(input: &str) -> Result<Self, PurlError> {
        let purl = Self::parse_once(input)?;
        // The canonical text must read back as the same purl, or two tools would disagree on
        // what it names. `packageurl` 0.7 does not guarantee it for some odd inputs (an `@`
        // or an encoded `/` in a namespace, found by fuzzing); those are refused rather than
        // passed on ambiguous.
        // Most purls are written canonical already; then the text that was read is the text
        // that would be read back, and reading it twice would give the same purl.
        let canonical = purl.to_string();
        if canonical != input && Self::parse_once(&canonical).ok().as_ref() != Some(&purl) {
            return Err(PurlError {
                input: input.to_string(),
                cause: format!("its canonical form {canonical:?} reads back as another purl"),
            });
        }
        Ok(purl)
    }

    fn parse_once(input: &str) -> Result<Self, PurlError> {
        let fail = |e: packageurl::Error| PurlError {
            input: input.to_string(),
            cause: e.to_string(),
        };
        let mut purl = match PackageUrl::from_str(input) {
            Err(packageurl::Error::TypeRequiresNamespace(ty)) if ty == "cpan" => {
                cpan_without_author(input).map_err(fail)?
            }
            other => other.map_err(fail)?,
        };
        // The crate drops `.`, `..` and empty namespace segments as written but keeps an empty
        // namespace (`pkg:t/./name`) and percent-encoded dots (`%2e%2e`), which print as text
        // that reads back differently (fuzz findings). Dropping them here keeps the canonical
        // form a fixed point.
        if let Some(ns) = purl.namespace() {
            let kept: Vec<&str> = ns
                .split('/')
                .filter(|s| !matches!(*s, "" | "." | ".."))
                .collect();
            if kept.len() != ns.split('/').count() {
                let kept = kept.join("/");
                if kept.is_empty() {
                    purl.without_namespace();
                } else {
                    purl.with_namespace(kept).map_err(fail)?;
                }
                // Types that require a namespace must now reject it (`pkg:huggingface/./e`).
                purl.validate().map_err(fail)?;
            }
        }
        case_fold(purl).map(Self).map_err(fail)
    }

    /// Builds a package URL from unencoded components, applying the same canonical form and
    /// type rules as [`Purl::parse`].
    pub fn from_parts(parts: &PurlParts) -> Result<Self, PurlError> {
        let describe = || format!("{parts:?}");
        let fail = |e: packageurl::Error| PurlError {
            input: describe(),
            cause: e.to_string(),
        };
        let mut purl = PackageUrl::new(parts.ty.clone(), parts.name.clone()).map_err(fail)?;
        if let Some(ns) = parts.namespace.as_deref().filter(|s| !s.is_empty()) {
            purl.with_namespace(ns.to_string()).map_err(fail)?;
        }
        if let Some(v) = parts.version.as_deref().filter(|s| !s.is_empty()) {
            purl.with_version(v.to_string()).map_err(fail)?;
        }
        if let Some(sp) = parts.subpath.as_deref().filter(|s| !s.is_empty()) {
            purl.with_subpath(sp.to_string()).map_err(fail)?;
        }
        for (k, v) in parts.qualifiers.iter().filter(|(_, v)| !v.is_empty()) {
            purl.add_qualifier(k.clone(), v.clone()).map_err(fail)?;
        }
        // The crate applies type canonicalisation and validation only when parsing, so the
        // built URL goes through its own canonical text once.
        Self::parse(&purl.to_string()).map_err(|e| PurlError {
            input: describe(),
            cause: e.cause,
        })
    }

    /// The canonical text of `input`, or why it is not a package URL.
    pub fn normalise(input: &str) -> Result<String, PurlError> {
        Self::parse(input).map(|p| p.to_string())
    }

    /// Package type, lower case.
    pub fn ty(&self) -> &str {
        self.0.ty()
    }
    /// Namespace, unencoded.
    pub fn namespace(&self) -> Option<&str> {
        self.0.namespace()
    }
    /// Name, unencoded.
    pub fn name(&self) -> &str {
        self.0.name()
    }
    /// Version, unencoded.
    pub fn version(&self) -> Option<&str> {
        self.0.version()
    }
    /// Subpath, unencoded.
    pub fn subpath(&self) -> Option<&str> {
        self.0.subpath()
    }
    /// Qualifiers sorted by key.
    pub fn qualifiers(&self) -> BTreeMap<&str, &str> {
        self.0
            .qualifiers()
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect()
    }
}

/// A `cpan` purl without namespace. The purl spec made the CPAN author optional
/// (`pkg:cpan/DateTime@1.55`, purl-spec `types/cpan-test.json`); `packageurl` 0.7 still requires
/// it. Parsed as `generic` (which has no type rules) and given back its type, keeping cpan's
/// other rule: a distribution name, not a `::` module name.
fn cpan_without_author(input: &str) -> Result<PackageUrl<'static>, packageurl::Error> {
    let after_scheme = input.get(4..).unwrap_or_default().trim_start_matches('/');
    let offset = input.len() - after_scheme.len();
    let is_cpan = after_scheme
        .get(..5)
        .is_some_and(|t| t.eq_ignore_ascii_case("cpan/"));
    if !is_cpan {
        return Err(packageurl::Error::TypeRequiresNamespace("cpan".into()));
    }
    let generic = format!("pkg:generic/{}", &input[offset + 5..]);
    let parsed = PackageUrl::from_str(&generic)?;
    if parsed.namespace().is_some_and(|ns| !ns.is_empty()) {
        return Err(packageurl::Error::TypeRequiresNamespace("cpan".into()));
    }
    if parsed.name().contains("::") {
        return Err(packageurl::Error::InvalidName(
            "cpan".into(),
            parsed.name().to_string(),
        ));
    }
    let mut purl = PackageUrl::new("cpan", parsed.name().to_string())?;
    if let Some(v) = parsed.version() {
        purl.with_version(v.to_string())?;
    }
    if let Some(sp) = parsed.subpath() {
        purl.with_subpath(sp.to_string())?;
    }
    for (k, v) in parsed.qualifiers() {
        purl.add_qualifier(k.to_string(), v.to_string())?;
    }
    Ok(purl)
}

/// Types whose namespace and name the purl spec declares case-insensitive (lower-cased in the
/// canonical form) but which `packageurl` 0.7 leaves as written: `brew` and `git` (purl-spec
/// `types/brew-test.json`, `types/git-test.json`).
const CASE_INSENSITIVE_TYPES: [&str; 2] = ["brew", "git"];

fn case_fold(purl: PackageUrl<'static>) -> Result<PackageUrl<'static>, packageurl::Error> {
    if !CASE_INSENSITIVE_TYPES.contains(&purl.ty()) {
        return Ok(purl);
    }
    let mut folded = PackageUrl::new(purl.ty().to_string(), purl.name().to_lowercase())?;
    if let Some(ns) = purl.namespace() {
        folded.with_namespace(ns.to_lowercase())?;
    }
    if let Some(v) = purl.version() {
        folded.with_version(v.to_string())?;
    }
    if let Some(sp) = purl.subpath() {
        folded.with_subpath(sp.to_string())?;
    }
    for (k, v) in purl.qualifiers() {
        folded.add_qualifier(k.to_string(), v.to_string())?;
    }
    Ok(folded)
}

impl FromStr for Purl {
    type Err = PurlError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
