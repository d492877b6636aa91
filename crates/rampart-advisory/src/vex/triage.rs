//! The triage file: decisions a user wrote down about findings (`rampart schema triage`
//! prints its JSON Schema; `docs/vex.md` describes it).
//!
//! ```yaml
//! decisions:
//!   - vulnerability: CVE-2023-0464
//!     component: pkg:deb/debian/openssl    # a purl without version, or a component name
//!     version: 3.0.11-1~deb12u1            # the version the decision was made for
//!     status: not_affected                  # affected | not_affected | fixed | under_investigation
//!     justification: vulnerable_code_not_in_execute_path   # required with not_affected
//!     by: Jane Doe
//!     date: 2024-02-01
//!     note: No X.509 policy checks are configured.
//! ```
//!
//! A decision holds for the version it was made for and carries over to later versions of
//! the same component *while the vulnerable range still applies* to them ([`Carry`]): an
//! upgrade that leaves the range, or a version below the decided one, ends it
//! ([`Expiry`]), because the analysis was about code that is no longer there or not yet there.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

use rampart_sbom::{Component, Purl};
use rampart_version::Ecosystem;
use rampart_yaml::{Limits, Located, Problem, Problems, Span};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde_json::{Value, json};

use super::apply::purl_covers;
use super::{Justification, VexStatus};
use crate::key::ecosystem_of_purl_type;

/// The largest triage file read (16 MiB).
pub const MAX_TRIAGE_BYTES: u64 = 16 * 1024 * 1024;

/// A user's triage decisions about findings.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Rampart triage decisions")]
struct RawTriage {
    /// The decisions, one per vulnerability, component and version.
    #[serde(default)]
    decisions: Vec<RawDecision>,
}

/// One decision about one vulnerability in one component.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    /// The vulnerability id (CVE, GHSA, OSV…); an alias of the finding's id matches too.
    #[schemars(length(min = 1))]
    vulnerability: At<String>,
    /// The component: a package URL without version (`pkg:deb/debian/openssl`), or a
    /// component name as the SBOM writes it.
    #[schemars(length(min = 1))]
    component: At<String>,
    /// The component version the decision was made for. It carries over to later versions
    /// while they are still in the vulnerable range.
    #[schemars(length(min = 1))]
    version: At<String>,
    /// The decision: affected, not_affected, fixed or under_investigation.
    #[schemars(schema_with = "status_names")]
    status: At<String>,
    /// Why not affected; required with not_affected and only allowed with it.
    #[serde(default)]
    #[schemars(schema_with = "justification_names")]
    justification: Option<At<String>>,
    /// Who decided.
    #[schemars(length(min = 1))]
    by: At<String>,
    /// When, as YYYY-MM-DD.
    #[schemars(schema_with = "date_text")]
    date: At<String>,
    /// Free text: what was checked, links to the analysis.
    #[serde(default)]
    note: Option<String>,
}

/// A value with its place; its schema is the value's own.
#[derive(Deserialize)]
#[serde(transparent)]
struct At<T>(Located<T>);

impl<T: JsonSchema> JsonSchema for At<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

fn status_names(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = VexStatus::ALL.iter().map(|s| s.as_str()).collect();
    json_schema!({"type": "string", "enum": names})
}

fn justification_names(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = Justification::ALL.iter().map(|j| j.as_str()).collect();
    json_schema!({"type": "string", "enum": names})
}

fn date_text(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

/// The component a decision is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentKey {
    /// A package URL without version, canonical form: covers every version of the package.
    Purl(String),
    /// A component name, compared ASCII case-insensitively with the component's name.
    Name(String),
}

/// One validated decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The vulnerability id as written.
    pub vulnerability: String,
    /// The component.
    pub component: ComponentKey,
    /// The version it was decided for.
    pub version: String,
    /// The decision.
    pub status: VexStatus,
    /// Why not affected (always present with [`VexStatus::NotAffected`]).
    pub justification: Option<Justification>,
    /// Who decided.
    pub by: String,
    /// When.
    pub date: jiff::civil::Date,
    /// Free text.
    pub note: Option<String>,
    /// Where it is written in the triage file.
    pub at: Span,
}

/// Whether a decision was made for the component's own version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// Made for this very version.
    Exact,
    /// Made for an earlier version and carried over: the version is still in the
    /// vulnerable range.
    CarriedOver,
}

/// Why a decision about the component no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Expired by upgrade: made for an earlier version, and this one is outside the
    /// vulnerable range.
    OutOfVulnerableRange,
    /// Made for a later version than this one.
    BelowDecidedVersion,
}

/// A triage file, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageFile {
    /// The file's name as given.
    pub file: String,
    /// The decisions, in file order.
    pub decisions: Vec<Decision>,
}

/// Reads the triage file at `path` (`-` is standard input), at most [`MAX_TRIAGE_BYTES`].
pub fn read_path(path: &Path) -> Result<TriageFile, Vec<Problem>> {
    let name = if path.as_os_str() == "-" {
        rampart_yaml::STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    let text = rampart_yaml::read_input(path, MAX_TRIAGE_BYTES).map_err(|e| {
        vec![Problem {
            file: name.clone(),
            line: 0,
            col: 0,
            message: e.to_string(),
        }]
    })?;
    read(&name, &text)
}

/// Reads a triage file's text; `name` is what problems name. Every problem of the file is
/// reported at once, sorted by place.
pub fn read(name: &str, text: &str) -> Result<TriageFile, Vec<Problem>> {
    let raw: RawTriage =
        rampart_yaml::parse(name, text, Limits::SMALL_FILE).map_err(|p| vec![p])?;
    let mut problems = Problems::new(name);
    let mut decisions = Vec::new();
    let mut seen: HashMap<(String, String, String), Span> = HashMap::new();
    for raw in raw.decisions {
        let Some(decision) = validate(raw, &mut problems) else {
            continue;
        };
        let key = (
            decision.vulnerability.to_ascii_uppercase(),
            decision.component.to_string(),
            decision.version.clone(),
        );
        if let Some(first) = seen.get(&key) {
            problems.push(
                decision.at,
                format!(
                    "{} in {} {} is decided twice (first at line {}): keep one decision",
                    decision.vulnerability, key.1, decision.version, first.line
                ),
            );
            continue;
        }
        seen.insert(key, decision.at);
        decisions.push(decision);
    }
    if problems.is_empty() {
        Ok(TriageFile {
            file: name.to_owned(),
            decisions,
        })
    } else {
        Err(problems.into_sorted())
    }
}

/// The decision `raw` says, or each thing wrong with it (all recorded in `all`).
fn validate(raw: RawDecision, all: &mut Problems) -> Option<Decision> {
    let mut problems = Local(Vec::new());
    let problems = &mut problems;
    let mut required = |v: &At<String>, what: &str| {
        if v.0.value.trim().is_empty() {
            problems.push(v.0.at, format!("`{what}` is empty"));
        }
    };
    required(&raw.vulnerability, "vulnerability");
    required(&raw.version, "version");
    required(&raw.by, "by");
    let component = component_key(&raw.component, problems);
    let status = VexStatus::from_name(&raw.status.0.value);
    if status.is_none() {
        problems.push(
            raw.status.0.at,
            format!(
                "unknown status `{}`: write one of affected, not_affected, fixed, under_investigation",
                raw.status.0.value
            ),
        );
    }
    let justification = match &raw.justification {
        None => None,
        Some(j) => {
            let known = Justification::from_name(&j.0.value);
            if known.is_none() {
                let names: Vec<&str> = Justification::ALL.iter().map(|j| j.as_str()).collect();
                problems.push(
                    j.0.at,
                    format!(
                        "unknown justification `{}`: write one of {}",
                        j.0.value,
                        names.join(", ")
                    ),
                );
            } else if status.is_some_and(|s| s != VexStatus::NotAffected) {
                problems.push(j.0.at, "a justification goes only with status not_affected");
            }
            known
        }
    };
    if status == Some(VexStatus::NotAffected) && raw.justification.is_none() {
        problems.push(
            raw.status.0.at,
            "a not_affected decision needs a `justification` saying why",
        );
    }
    let date = raw.date.0.value.parse::<jiff::civil::Date>().ok();
    let date_ok = date.is_some() && raw.date.0.value.len() == 10;
    if !date_ok {
        problems.push(
            raw.date.0.at,
            format!("`{}` is not a date: write YYYY-MM-DD", raw.date.0.value),
        );
    }
    if !problems.0.is_empty() {
        for (at, message) in problems.0.drain(..) {
            all.push(at, message);
        }
        return None;
    }
    Some(Decision {
        vulnerability: raw.vulnerability.0.value,
        component: component?,
        version: raw.version.0.value,
        status: status?,
        justification,
        by: raw.by.0.value,
        date: date?,
        note: raw.note,
        at: raw.vulnerability.0.at,
    })
}

/// The problems of one decision, before they join the file's.
struct Local(Vec<(Span, String)>);

impl Local {
    fn push(&mut self, at: Span, message: impl Into<String>) {
        self.0.push((at, message.into()));
    }
}

fn component_key(raw: &At<String>, problems: &mut Local) -> Option<ComponentKey> {
    let text = raw.0.value.trim();
    if text.is_empty() {
        problems.push(raw.0.at, "`component` is empty");
        return None;
    }
    if !text.starts_with("pkg:") {
        return Some(ComponentKey::Name(text.to_owned()));
    }
    match Purl::parse(text) {
        Err(e) => {
            problems.push(raw.0.at, e.to_string());
            None
        }
        Ok(p) if p.version().is_some() => {
            problems.push(
                raw.0.at,
                "give the package URL without its version: the decided version goes in `version`",
            );
            None
        }
        Ok(p) => Some(ComponentKey::Purl(p.to_string())),
    }
}

impl std::fmt::Display for ComponentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ComponentKey::Purl(text) | ComponentKey::Name(text) => f.write_str(text),
        }
    }
}

impl ComponentKey {
    /// Whether `component` is this component (any version).
    pub fn matches(&self, component: &Component) -> bool {
        match self {
            ComponentKey::Purl(key) => component
                .purl
                .as_deref()
                .is_some_and(|p| purl_covers(key, p)),
            ComponentKey::Name(name) => component.name.eq_ignore_ascii_case(name),
        }
    }
}

impl TriageFile {
    /// The decision for `component` and the vulnerability known as `vulnerability_ids`: one
    /// made for its exact version, else the one made for the latest earlier version,
    /// carried over only while `still_in_vulnerable_range` (whether the component's version
    /// is still in the advisory's affected range). `None` when no decision holds; see
    /// [`TriageFile::expired_for`] for why one that existed no longer does.
    pub fn decision_for(
        &self,
        component: &Component,
        vulnerability_ids: &[String],
        still_in_vulnerable_range: bool,
    ) -> Option<(&Decision, Carry)> {
        match self.lookup(component, vulnerability_ids, still_in_vulnerable_range)? {
            Lookup::Holds(d, carry) => Some((d, carry)),
            Lookup::Expired(..) => None,
        }
    }

    /// The decision that would have applied to `component` but no longer does, and why
    /// ("expired by upgrade"), for reports. `None` when a decision holds or none exists.
    pub fn expired_for(
        &self,
        component: &Component,
        vulnerability_ids: &[String],
        still_in_vulnerable_range: bool,
    ) -> Option<(&Decision, Expiry)> {
        match self.lookup(component, vulnerability_ids, still_in_vulnerable_range)? {
            Lookup::Holds(..) => None,
            Lookup::Expired(d, why) => Some((d, why)),
        }
    }

    fn lookup(&self, component: &Component, ids: &[String], in_range: bool) -> Option<Lookup<'_>> {
        let version = component_version(component)?;
        let ecosystem = ecosystem_of(component);
        let mut earlier: Option<&Decision> = None;
        let mut later: Option<&Decision> = None;
        for d in self.decisions.iter().filter(|d| {
            ids.iter()
                .any(|id| id.eq_ignore_ascii_case(&d.vulnerability))
                && d.component.matches(component)
        }) {
            let order =
                rampart_version::compare(ecosystem, &version, &d.version).unwrap_or_else(|_| {
                    if version == d.version {
                        Ordering::Equal
                    } else {
                        Ordering::Less
                    }
                });
            let newer_than = |a: &Decision, b: &Decision| {
                rampart_version::compare(ecosystem, &a.version, &b.version)
                    .is_ok_and(Ordering::is_gt)
            };
            match order {
                Ordering::Equal => return Some(Lookup::Holds(d, Carry::Exact)),
                Ordering::Greater if earlier.is_none_or(|e| newer_than(d, e)) => earlier = Some(d),
                Ordering::Less if later.is_none_or(|l| newer_than(l, d)) => later = Some(d),
                _ => {}
            }
        }
        match (earlier, later) {
            (Some(d), _) if in_range => Some(Lookup::Holds(d, Carry::CarriedOver)),
            (Some(d), _) => Some(Lookup::Expired(d, Expiry::OutOfVulnerableRange)),
            (None, Some(d)) => Some(Lookup::Expired(d, Expiry::BelowDecidedVersion)),
            (None, None) => None,
        }
    }
}

enum Lookup<'a> {
    Holds(&'a Decision, Carry),
    Expired(&'a Decision, Expiry),
}

/// The component's version: its own, else its purl's.
fn component_version(component: &Component) -> Option<String> {
    component.version.clone().or_else(|| {
        let purl = Purl::parse(component.purl.as_deref()?).ok()?;
        purl.version().map(str::to_owned)
    })
}

/// The version scheme of the component's purl type, generic when it has none.
fn ecosystem_of(component: &Component) -> Ecosystem {
    component
        .purl
        .as_deref()
        .and_then(|p| Purl::parse(p).ok())
        .and_then(|p| ecosystem_of_purl_type(p.ty(), p.namespace()))
        .and_then(|e| e.parse().ok())
        .unwrap_or(Ecosystem::Generic)
}

/// The JSON Schema (draft 2020-12) of a triage file, derived from the types the reader
/// parses (`rampart schema triage`).
pub fn schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<RawTriage>();
    schema.insert(
        "$id".to_owned(),
        json!("https://github.com/rampart-iacs/rampart/schemas/triage.json"),
    );
    schema.to_value()
}
