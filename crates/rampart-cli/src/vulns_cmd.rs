//! `rampart system vulns MODEL`: each asset's SBOM (its `sbom:` link) scanned against the
//! advisory index, and the vulnerabilities ranked by how exposed their asset is in the plant
//! (`rampart_system::exposure`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rampart_advisory::{AdvisoryLookup, ScanReport};
use rampart_catalog::Catalog;
use rampart_sbom::Sbom;
use rampart_system::exposure::{self, AssetExposure, AssetVulnerability, RankedVulnerability};
use rampart_system::{AssetIdx, SystemModel};
use serde_json::{Value, json};

use crate::output;
use crate::system_cmd::ReportFormat;

/// Arguments of `rampart system vulns`.
#[derive(Debug, clap::Args)]
pub struct VulnsArgs {
    /// The system model (YAML); `sbom:` paths are relative to its folder.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// The advisory index (default: `$XDG_DATA_HOME/rampart/advisories.redb`).
    #[arg(long, env = "RAMPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What an asset's components are read from: its `sbom:` link, else its `firmware:` link
/// (the image is analysed and its SBOM scanned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentsLink<'a> {
    /// An SBOM file.
    Sbom(&'a str),
    /// A firmware image or unpacked root filesystem folder.
    Firmware(&'a str),
}

/// One asset's SBOM scan.
pub struct AssetScan {
    /// The asset.
    pub asset: AssetIdx,
    /// Its `sbom:` link as written, or its `firmware:` link when it has no SBOM.
    pub sbom: String,
    /// Whether the components came from analysing its firmware.
    pub from_firmware: bool,
    /// The scan.
    pub report: ScanReport,
}

/// Everything `system vulns` computes.
pub struct PlantVulns {
    /// One scan per asset with an SBOM.
    pub scans: Vec<AssetScan>,
    /// Affected findings ranked by exposure.
    pub ranked: Vec<RankedVulnerability>,
    /// The exposure of each asset with a finding.
    pub exposures: Vec<AssetExposure>,
    /// SBOM links that could not be read or are not local files, with the reason.
    pub unread: Vec<(AssetIdx, String)>,
}

/// Scans every asset's SBOM through `lookup`, reading each with `read_sbom` (files beside the
/// model for the CLI, bundled texts for the demo), and ranks the affected findings.
pub fn plant_vulns(
    model: &SystemModel,
    lookup: &dyn AdvisoryLookup,
    read_sbom: &dyn Fn(ComponentsLink<'_>) -> anyhow::Result<Sbom>,
) -> anyhow::Result<PlantVulns> {
    let mut scans = Vec::new();
    let mut unread = Vec::new();
    for asset in model.asset_indexes() {
        let entry = model.asset(asset);
        let link = match (&entry.sbom, &entry.firmware) {
            (Some(sbom), _) => ComponentsLink::Sbom(sbom),
            (None, Some(firmware)) => ComponentsLink::Firmware(firmware),
            (None, None) => continue,
        };
        match read_sbom(link) {
            Ok(sbom) => {
                let components = crate::scan_cmd::components_of(&sbom);
                let report = crate::scan_cmd::scan(&components, lookup, &[], None)?;
                let (text, from_firmware) = match link {
                    ComponentsLink::Sbom(l) => (l, false),
                    ComponentsLink::Firmware(l) => (l, true),
                };
                scans.push(AssetScan {
                    asset,
                    sbom: text.to_owned(),
                    from_firmware,
                    report,
                });
            }
            Err(e) => unread.push((asset, format!("{e:#}"))),
        }
    }
    let vulnerabilities: Vec<AssetVulnerability> = scans
        .iter()
        .flat_map(|scan| {
            scan.report
                .findings
                .iter()
                .filter(|f| f.status == rampart_advisory::matching::Status::Affected)
                .map(|f| AssetVulnerability {
                    asset: scan.asset,
                    id: f.id.clone(),
                    component: match &f.component.version {
                        Some(v) => format!("{} {v}", f.component.name),
                        None => f.component.name.clone(),
                    },
                    score: f.severity.as_ref().and_then(|s| s.score).map(|s| s as f32),
                    severity: f
                        .severity
                        .as_ref()
                        .map(|s| format!("{:?}", s.level).to_lowercase()),
                    kev: f.kev.is_some(),
                    epss: f.epss.as_ref().map(|e| e.probability),
                })
        })
        .collect();
    let (ranked, exposures) = exposure::rank(model, &vulnerabilities);
    Ok(PlantVulns {
        scans,
        ranked,
        exposures,
        unread,
    })
}

/// Scans the SBOM files a model links (relative to `base`, the model's folder) against the
/// index at `db` (else `RAMPART_DB`, else the default), warning on stderr about each SBOM
/// that cannot be read.
pub fn scan_model_files(
    model: &SystemModel,
    base: &Path,
    db: Option<PathBuf>,
) -> anyhow::Result<PlantVulns> {
    let path = crate::db_cmd::db_path(db)?;
    let index = rampart_advisory::index::Index::open_read(&path)?;
    let read = |link: ComponentsLink<'_>| -> anyhow::Result<Sbom> {
        let (ComponentsLink::Sbom(text) | ComponentsLink::Firmware(text)) = link;
        if text.contains("://") {
            anyhow::bail!("{text}: only local files are read, not URLs");
        }
        match link {
            ComponentsLink::Sbom(_) => {
                rampart_sbom::read_path(&base.join(text)).map_err(anyhow::Error::new)
            }
            ComponentsLink::Firmware(_) => crate::firmware_cmd::firmware_sbom(&base.join(text)),
        }
    };
    let vulns = plant_vulns(model, &index, &read)?;
    for (asset, reason) in &vulns.unread {
        writeln!(
            std::io::stderr(),
            "warning: asset `{}`: SBOM not scanned: {reason}",
            model.asset(*asset).id
        )?;
    }
    Ok(vulns)
}

/// Assets whose claimed capability (SL-C) a known vulnerability undermines: an affected
/// finding that is high or critical, or known exploited (KEV). Per asset, in model order,
/// with the vulnerability ids and whether each is known exploited (sorted, each once).
pub fn undermined(vulns: &PlantVulns) -> Vec<(AssetIdx, Vec<(String, bool)>)> {
    let mut by_asset: Vec<(AssetIdx, Vec<(String, bool)>)> = Vec::new();
    for r in &vulns.ranked {
        let v = &r.vulnerability;
        let serious = v.kev || matches!(v.severity.as_deref(), Some("high" | "critical"));
        if !serious {
            continue;
        }
        let label = (v.id.clone(), v.kev);
        match by_asset.iter_mut().find(|(a, _)| *a == v.asset) {
            Some((_, ids)) => ids.push(label),
            None => by_asset.push((v.asset, vec![label])),
        }
    }
    for (_, ids) in &mut by_asset {
        ids.sort();
        ids.dedup();
    }
    by_asset.sort_by_key(|(a, _)| a.index());
    by_asset
}

/// Runs `rampart system vulns`.
pub fn run(
    args: &VulnsArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let model = SystemModel::load_with(&args.model, catalog).map_err(anyhow::Error::new)?;
    let base = args
        .model
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let vulns = scan_model_files(&model, &base, args.db.clone())?;
    let text = match args.format {
        ReportFormat::Table => table(
            &model,
            &vulns,
            usize::MAX,
            output::text_width(width, args.output.is_some()),
        ),
        ReportFormat::Json => serde_json::to_string_pretty(&to_json(&model, &vulns))? + "\n",
    };
    output::write_text(&text, args.output.as_deref(), out)?;
    Ok(ExitCode::SUCCESS)
}

fn zone_label(model: &SystemModel, asset: AssetIdx) -> String {
    let zone = model.zone(model.asset(asset).zone);
    let max = zone
        .sl_t
        .levels()
        .iter()
        .map(|l| l.get())
        .max()
        .unwrap_or(0);
    format!("{} (SL-T {max})", zone.id)
}

/// Where attacks can come from, most dangerous first: the outside, then external-entry zones,
/// then lower-SL zones; at most three paths, then how many more (JSON lists them all).
fn reached_from(model: &SystemModel, exposure: Option<&AssetExposure>) -> String {
    let Some(exposure) = exposure else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    if exposure.externally_reachable {
        parts.push("outside (asset externally reachable)".to_owned());
    }
    let mut sources: Vec<_> = exposure
        .reached_from
        .iter()
        .filter(|r| r.external_entry || r.lower_sl)
        .collect();
    sources.sort_by_key(|r| (!r.external_entry, r.path.len()));
    let shown = 3usize.saturating_sub(parts.len());
    for reach in sources.iter().take(shown) {
        let path: Vec<&str> = reach
            .path
            .iter()
            .map(|c| model.conduit(*c).id.as_str())
            .collect();
        let mut text = format!("{} via {}", model.zone(reach.from).id, path.join(" > "));
        if !reach.services.is_empty() {
            text.push_str(&format!(" [{}]", reach.services.join(", ")));
        }
        parts.push(text);
    }
    if sources.len() > shown {
        parts.push(format!("+{} more", sources.len() - shown));
    }
    parts.join("; ")
}

/// The ranked table; `limit` rows at most (the demo shows the top few).
pub fn table(model: &SystemModel, vulns: &PlantVulns, limit: usize, width: Option<u16>) -> String {
    let mut text = format!(
        "{} asset SBOM{} scanned, {} affected finding{} on {} asset{}\n",
        vulns.scans.len(),
        plural(vulns.scans.len()),
        vulns.ranked.len(),
        plural(vulns.ranked.len()),
        vulns.exposures.len(),
        plural(vulns.exposures.len()),
    );
    if vulns.ranked.is_empty() {
        return text;
    }
    let mut t = output::table(
        &[
            "Priority",
            "ID",
            "Severity",
            "KEV",
            "Asset",
            "Zone",
            "Component",
            "Exposure",
            "Reached from",
        ],
        width,
    );
    for r in vulns.ranked.iter().take(limit) {
        let v = &r.vulnerability;
        let severity = match (&v.severity, v.score) {
            (Some(level), Some(score)) => format!("{level} {score:.1}"),
            (Some(level), None) => level.clone(),
            (None, _) => String::new(),
        };
        let exposure = vulns.exposures.iter().find(|e| e.asset == v.asset);
        t.add_row(vec![
            format!("{:.1}", r.priority),
            v.id.clone(),
            severity,
            if v.kev { "yes" } else { "" }.to_owned(),
            model.asset(v.asset).id.clone(),
            zone_label(model, v.asset),
            v.component.clone(),
            r.exposure.as_str().to_owned(),
            reached_from(model, exposure),
        ]);
    }
    text.push_str(&output::draw(t));
    text.push('\n');
    if vulns.ranked.len() > limit {
        text.push_str(&format!(
            "… and {} more: rampart system vulns MODEL\n",
            vulns.ranked.len() - limit
        ));
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// JSON: `"schema": "rampart.system.vulns/1"` (docs/system-model.md, "Exposure").
pub fn to_json(model: &SystemModel, vulns: &PlantVulns) -> Value {
    let assets: Vec<Value> = vulns
        .exposures
        .iter()
        .map(|e| {
            json!({
                "asset": model.asset(e.asset).id,
                "zone": model.zone(model.asset(e.asset).zone).id,
                "exposure": e.exposure.as_str(),
                "externally_reachable": e.externally_reachable,
                "reached_from": e.reached_from.iter().map(|r| json!({
                    "zone": model.zone(r.from).id,
                    "path": r.path.iter().map(|c| model.conduit(*c).id.clone()).collect::<Vec<_>>(),
                    "services": r.services,
                    "external_entry": r.external_entry,
                    "lower_sl": r.lower_sl,
                    "through_unknown_conduit": r.through_unknown_conduit,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let ranked: Vec<Value> = vulns
        .ranked
        .iter()
        .map(|r| {
            let v = &r.vulnerability;
            json!({
                "id": v.id,
                "asset": model.asset(v.asset).id,
                "zone": model.zone(model.asset(v.asset).zone).id,
                "component": v.component,
                "severity": v.severity,
                "score": v.score,
                "kev": v.kev,
                "epss": v.epss,
                "exposure": r.exposure.as_str(),
                "priority": (f64::from(r.priority) * 100.0).round() / 100.0,
                "reasons": r.reasons,
            })
        })
        .collect();
    json!({
        "schema": "rampart.system.vulns/1",
        "scanned": vulns.scans.iter().map(|s| json!({
            "asset": model.asset(s.asset).id,
            (if s.from_firmware { "firmware" } else { "sbom" }): s.sbom,
            "components": s.report.summary.components,
            "findings": s.report.summary.findings,
        })).collect::<Vec<_>>(),
        "unread": vulns.unread.iter().map(|(a, reason)| json!({
            "asset": model.asset(*a).id,
            "reason": reason,
        })).collect::<Vec<_>>(),
        "vulnerabilities": ranked,
        "assets": assets,
    })
}
