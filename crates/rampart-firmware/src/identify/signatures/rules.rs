//! The signature rule format (`data/signatures/*.yaml`, one file per component), parsed with
//! rampart-yaml's budgets and validated into [`Rule`]s: every regex compiles and has a
//! `version` group containing its anchor's match, ids are unique kebab-case, CPE and purl
//! parts are well formed. `docs/firmware-identification.md` documents the format.

use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

/// One component's rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    component: String,
    kind: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    #[serde(default)]
    packages: Vec<String>,
    rules: Vec<RawRule>,
}

/// One rule as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    anchor: Option<String>,
    regex: String,
    evidence: Evidence,
    version: String,
    tested: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    kind: FileKind,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    soname: Vec<String>,
    #[serde(default)]
    not_needed: Vec<String>,
}

/// Which files a rule reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// ELF executables and libraries only.
    #[default]
    Elf,
    /// Any regular file (kernel images, boot loaders, firmware blobs, RTOS images).
    Any,
}

/// What a rule trusts a version to come from, which sets its confidence and how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The component's own identity string with its version (`BusyBox v1.36.1 (`,
    /// `OpenSSL 3.0.15 3 Sep 2024`): what the program or library reports as itself.
    Banner,
    /// A version inside the component's copyright or ident line (`deflate 1.2.13 Copyright`).
    Copyright,
    /// The kernel's `Linux version X (builder) #N` banner or the bzImage header string.
    KernelBanner,
    /// A bare version constant (`\x003.40.1\x00`) in a library the rule selects by SONAME or
    /// file name: the library's own version string, which carries no name of its own, so
    /// it is trusted only in that library.
    VersionConstant,
    /// The file name of a library whose SONAME the rule names (`libz.so.1.2.13`): weaker,
    /// as a name can be anything.
    FileName,
}

impl Evidence {
    /// Confidence in thousandths.
    pub fn confidence(self) -> u16 {
        match self {
            Evidence::KernelBanner => 950,
            Evidence::Banner => 900,
            Evidence::Copyright => 800,
            Evidence::VersionConstant => 700,
            Evidence::FileName => 600,
        }
    }

    /// The CycloneDX technique.
    pub fn technique(self) -> &'static str {
        match self {
            Evidence::FileName => "filename",
            _ => "binary-analysis",
        }
    }

    /// As the rule file spells it.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Banner => "banner",
            Evidence::Copyright => "copyright",
            Evidence::KernelBanner => "kernel-banner",
            Evidence::VersionConstant => "version-constant",
            Evidence::FileName => "file-name",
        }
    }
}

/// A component and its rules.
#[derive(Debug)]
pub struct ComponentRules {
    /// Component name (`busybox`).
    pub component: String,
    /// CycloneDX type.
    pub kind: &'static str,
    /// purl type and namespace prefix without version (`pkg:generic/busybox`).
    pub purl: Option<String>,
    /// CPE part, vendor and product (`a`, `busybox`, `busybox`).
    pub cpe: Option<(char, String, String)>,
    /// Distro package names that ship it.
    pub packages: Vec<String>,
    /// Its rules.
    pub rules: Vec<Rule>,
}

/// One validated rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// File kind read.
    pub kind: FileKind,
    /// File base-name globs (`*` only); empty: any name.
    pub names: Vec<String>,
    /// SONAME globs the file must carry; empty: no condition.
    pub soname: Vec<String>,
    /// NEEDED globs the file must not load: a program that loads the component dynamically
    /// carries only the version of the headers it was built with.
    pub not_needed: Vec<String>,
    /// The literal the prefilter looks for (none for file-name rules, and for version-constant
    /// rules, whose regex runs over the whole of the few files they select).
    pub anchor: Option<String>,
    /// The regex with its `version` group.
    pub regex: Regex,
    /// What it trusts.
    pub evidence: Evidence,
    /// The version's validity pattern (anchored).
    pub version: Regex,
    /// How the rule is tested on a real binary (`debian:PACKAGE`, `fixture:FILE`, `synthetic`).
    pub tested: String,
}

/// A rule file that does not validate.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RuleError {
    /// The file (and place, for YAML errors).
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// Parses and validates one rule file.
pub fn parse(file: &str, text: &str) -> Result<ComponentRules, RuleError> {
    let fail = |message: String| RuleError {
        file: file.to_owned(),
        message,
    };
    let raw: RawFile =
        rampart_yaml::parse(file, text, rampart_yaml::Limits::SMALL_FILE).map_err(|p| {
            RuleError {
                file: format!("{}:{}:{}", p.file, p.line, p.col),
                message: p.message,
            }
        })?;
    let kind = match raw.kind.as_deref().unwrap_or("library") {
        "library" => "library",
        "application" => "application",
        "operating-system" => "operating-system",
        "firmware" => "firmware",
        other => return Err(fail(format!("unknown kind {other:?}"))),
    };
    if raw.purl.is_none() && raw.cpe.is_none() {
        return Err(fail("a component needs a purl or a cpe".into()));
    }
    if let Some(purl) = &raw.purl {
        rampart_sbom::Purl::parse(&format!("{purl}@1.0"))
            .map_err(|e| fail(format!("purl {purl:?}: {e}")))?;
    }
    let cpe = match &raw.cpe {
        None => None,
        Some(text) => {
            let mut parts = text.split(':');
            let (Some(part), Some(vendor), Some(product), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(fail(format!("cpe {text:?} is not part:vendor:product")));
            };
            let part = match part {
                "a" => 'a',
                "o" => 'o',
                "h" => 'h',
                _ => return Err(fail(format!("cpe part {part:?} is not a, o or h"))),
            };
            rampart_sbom::Cpe::parse(&format!(
                "cpe:2.3:{part}:{vendor}:{product}:*:*:*:*:*:*:*:*"
            ))
            .map_err(|e| fail(format!("cpe {text:?}: {e}")))?;
            Some((part, vendor.to_owned(), product.to_owned()))
        }
    };
    let mut rules = Vec::new();
    for r in raw.rules {
        let id = r.id.clone();
        let bad = |m: String| fail(format!("rule {id}: {m}"));
        if r.id.is_empty()
            || !r
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(bad("ids are kebab-case".into()));
        }
        let regex = bytes_regex(&r.regex).map_err(|e| bad(format!("regex: {e}")))?;
        if !regex.capture_names().any(|n| n == Some("version")) {
            return Err(bad("the regex has no `version` group".into()));
        }
        let version = bytes_regex(&format!("^(?:{})$", r.version))
            .map_err(|e| bad(format!("version pattern: {e}")))?;
        match (r.evidence, &r.anchor) {
            (Evidence::FileName, Some(_)) => {
                return Err(bad("file-name rules read the name, not an anchor".into()));
            }
            (Evidence::FileName, None) if r.files.soname.is_empty() => {
                return Err(bad(
                    "file-name rules need a soname: a name alone is not evidence".into(),
                ));
            }
            (Evidence::VersionConstant, _)
                if r.files.soname.is_empty() && r.files.names.is_empty() =>
            {
                return Err(bad(
                    "version-constant rules need a soname or names: a bare number means nothing elsewhere"
                        .into(),
                ));
            }
            (Evidence::FileName | Evidence::VersionConstant, None) => {}
            (_, None) => return Err(bad("content rules need an anchor".into())),
            (_, Some(anchor)) if anchor.len() < 4 => {
                return Err(bad("anchors of under 4 bytes would hit everywhere".into()));
            }
            _ => {}
        }
        if !(r.tested == "synthetic"
            || r.tested.starts_with("debian:")
            || r.tested.starts_with("fixture:"))
        {
            return Err(bad(format!(
                "tested {:?} is not debian:PACKAGE, fixture:FILE or synthetic",
                r.tested
            )));
        }
        rules.push(Rule {
            id: r.id,
            kind: r.files.kind,
            names: r.files.names,
            soname: r.files.soname,
            not_needed: r.files.not_needed,
            anchor: r.anchor,
            regex,
            evidence: r.evidence,
            version,
            tested: r.tested,
        });
    }
    if rules.is_empty() {
        return Err(fail("a component needs at least one rule".into()));
    }
    Ok(ComponentRules {
        component: raw.component,
        kind,
        purl: raw.purl,
        cpe,
        packages: raw.packages,
        rules,
    })
}

/// A byte regex with ASCII classes (`\d`, `\b`): signatures are ASCII, and leaving out
/// Unicode tables keeps the build lean. Size-limited so a rule cannot blow up memory.
pub fn bytes_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 20)
        .build()
}

/// Whether `name` matches `glob` (`*` for any run of bytes, nothing else special).
pub fn glob_match(glob: &str, name: &str) -> bool {
    let (g, n) = (glob.as_bytes(), name.as_bytes());
    let (mut gi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if gi < g.len() && g[gi] == b'*' {
            star = Some(gi);
            mark = ni;
            gi += 1;
        } else if gi < g.len() && g[gi] == n[ni] {
            gi += 1;
            ni += 1;
        } else if let Some(s) = star {
            gi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "component: zlib\ncpe: a:zlib:zlib\nrules:\n  - id: zlib-deflate\n    anchor: \"deflate \"\n    regex: 'deflate (?P<version>1\\.\\d+\\.\\d+) Copyright'\n    evidence: copyright\n    version: '1\\.\\d+\\.\\d+'\n    tested: synthetic\n";

    #[test]
    fn a_well_formed_file_validates() {
        let c = parse("zlib.yaml", OK).unwrap();
        assert_eq!(c.rules[0].evidence, Evidence::Copyright);
        assert_eq!(c.cpe, Some(('a', "zlib".into(), "zlib".into())));
    }

    #[test]
    fn a_regex_without_a_version_group_is_refused() {
        let bad = OK.replace("?P<version>", "");
        let e = parse("zlib.yaml", &bad).unwrap_err();
        assert!(e.to_string().contains("no `version` group"), "{e}");
    }

    #[test]
    fn a_file_name_rule_without_a_soname_is_refused() {
        let bad = "component: zlib\ncpe: a:zlib:zlib\nrules:\n  - id: zlib-name\n    regex: '^libz\\.so\\.(?P<version>.*)$'\n    evidence: file-name\n    version: '.*'\n    tested: synthetic\n";
        let e = parse("zlib.yaml", bad).unwrap_err();
        assert!(e.to_string().contains("need a soname"), "{e}");
    }

    #[test]
    fn unknown_fields_and_yaml_errors_are_located() {
        let e = parse("zlib.yaml", &format!("{OK}colour: red\n")).unwrap_err();
        assert!(e.file.starts_with("zlib.yaml:"), "{e}");
    }

    #[test]
    fn globs_match_star_runs() {
        assert!(glob_match("libssl.so*", "libssl.so.3"));
        assert!(glob_match("*busybox*", "busybox.nosuid"));
        assert!(!glob_match("libssl.so*", "libssl3.so"));
        assert!(glob_match("sshd", "sshd"));
    }
}
