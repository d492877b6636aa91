//! `rampart demo`: the main job on the bundled example, for a newcomer's first run.
//!
//! The example plant (`examples/water-treatment/system.yaml`) is compiled in, so the demo
//! runs from any directory and offline. The compiled-in copy lives inside this crate
//! (`data/water-treatment/system.yaml`) so `cargo package` can ship it; a test keeps it
//! byte-identical to the user-facing one in `examples/`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use rampart_catalog::{Catalog, ComponentType, SecurityLevel, SlVector};
use rampart_system::{Severity, SystemModel, checks, gap, risk};

use crate::output;

const EXAMPLE_NAME: &str = "examples/water-treatment/system.yaml";
const EXAMPLE: &str = include_str!("../data/water-treatment/system.yaml");

/// The example's SBOMs, by the `sbom:` link the model gives (bundled like the model).
const SBOMS: [(&str, &str); 3] = [
    (
        "sboms/ra-ewon.cdx.json",
        include_str!("../data/water-treatment/sboms/ra-ewon.cdx.json"),
    ),
    (
        "sboms/sw-intake.cdx.json",
        include_str!("../data/water-treatment/sboms/sw-intake.cdx.json"),
    ),
    (
        "sboms/vpn-telemetry.cdx.json",
        include_str!("../data/water-treatment/sboms/vpn-telemetry.cdx.json"),
    ),
];

/// The real, cited advisories bundled with the example (`advisories/README.md`).
const ADVISORIES: [(&str, &str); 3] = [
    (
        "advisories/nvd-cves.json",
        include_str!("../data/water-treatment/advisories/nvd-cves.json"),
    ),
    (
        "advisories/debian-tracker.json",
        include_str!("../data/water-treatment/advisories/debian-tracker.json"),
    ),
    (
        "advisories/kev.json",
        include_str!("../data/water-treatment/advisories/kev.json"),
    ),
];

/// The assessor's (illustrative) answers for the product the demo assesses.
const ANSWERS: (&str, &str) = (
    "assessments/ra-ewon.yaml",
    include_str!("../data/water-treatment/assessments/ra-ewon.yaml"),
);

/// How many exposed vulnerabilities the demo shows.
const VULNS_SHOWN: usize = 5;

/// How many high findings the demo shows; the rest are counted, with where to see them.
const FINDINGS_SHOWN: usize = 5;

/// Tours the knowledge base, then runs the 3-2 checks, the risk assessment and the SL gap on
/// the example plant. Tables fit `width` when given (see [`output::text_width`]).
pub fn run(
    catalog: &Catalog,
    width: Option<u16>,
    dir: &std::path::Path,
    today: rampart_system::IsoDate,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    writeln!(out, "Rampart demo")?;
    writeln!(out)?;
    writeln!(out, "1. The IEC 62443 knowledge base")?;
    let mut parts = output::table(&["Part", "Title", "Items", "Disputed"], width);
    for info in catalog.parts() {
        let items = catalog.items_of(info.part).filter(|i| i.normative).count();
        let disputed = catalog.items_of(info.part).filter(|i| i.disputed()).count();
        parts.add_row(vec![
            info.part.to_string(),
            info.title.clone(),
            items.to_string(),
            disputed.to_string(),
        ]);
    }
    writeln!(out, "{}", output::draw(parts))?;
    writeln!(
        out,
        "Items needed for a uniform target SL-T(n,n,n,n,n,n,n):"
    )?;
    let mut levels = output::table(
        &["SL", "3-3 zone", "4-2 SA", "4-2 ED", "4-2 HD", "4-2 ND"],
        width,
    );
    for level in [
        SecurityLevel::SL1,
        SecurityLevel::SL2,
        SecurityLevel::SL3,
        SecurityLevel::SL4,
    ] {
        let target = SlVector::uniform(level);
        let mut row = vec![
            level.to_string(),
            catalog.required_for_zone(&target).len().to_string(),
        ];
        for ty in ComponentType::ALL {
            row.push(
                catalog
                    .required_for_component(ty, &target)
                    .len()
                    .to_string(),
            );
        }
        levels.add_row(row);
    }
    writeln!(out, "{}", output::draw(levels))?;
    writeln!(out)?;

    let model = SystemModel::parse(EXAMPLE_NAME, EXAMPLE)?;
    let line = format!(
        "2. The example plant: {} ({} zones, {} conduits, {} assets)",
        model.system().name,
        model.zones().len(),
        model.conduits().len(),
        model.assets().len()
    );
    write!(out, "{}", output::fitted_line(&line, width, 3))?;
    let findings = checks::run_checks(&model);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "IEC 62443-3-2 checks: {} findings ({} high, {} medium, {} low, {} info)",
        findings.len(),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info)
    )?;
    let mut top = output::table(&["Severity", "Check", "ZCR", "Element", "Finding"], width);
    let shown: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::High)
        .take(FINDINGS_SHOWN)
        .collect();
    for f in &shown {
        top.add_row(vec![
            f.severity.to_string(),
            f.check.to_owned(),
            f.zcr.to_owned(),
            f.element.clone(),
            f.message.clone(),
        ]);
    }
    writeln!(out, "{}", output::draw(top))?;
    if shown.len() < findings.len() {
        let line = format!(
            "… and {} more: `rampart system check {EXAMPLE_NAME}` lists all {}",
            findings.len() - shown.len(),
            findings.len()
        );
        write!(out, "{}", output::fitted_line(&line, width, 2))?;
    }
    let risk = risk::assess(&model);
    writeln!(
        out,
        "Risk assessment: {} threat scenarios rated; SL-T derived for {} zones.",
        risk.scenarios.len(),
        risk.derivations.len()
    )?;
    writeln!(out)?;

    writeln!(
        out,
        "3. The security-level gap per zone (SL-T target, SL-C capability, SL-A achieved)"
    )?;
    let report = gap::analyse_with(&model, catalog);
    let mut zones = output::table(
        &[
            "Zone",
            "Status",
            "SL-T",
            "SL-C",
            "SL-A",
            "3-3 missing",
            "4-2 missing",
        ],
        width,
    );
    for z in &report.zones {
        let missing_33: usize = z.frs.iter().map(|f| f.missing.len()).sum();
        let missing_42: usize = z.assets.iter().map(|a| a.missing.len()).sum();
        let show = |v: Option<SlVector>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
        zones.add_row(vec![
            z.zone.clone(),
            z.status.as_str().to_owned(),
            z.sl_t.to_string(),
            show(z.sl_c),
            show(z.sl_a),
            missing_33.to_string(),
            missing_42.to_string(),
        ]);
    }
    writeln!(out, "{}", output::draw(zones))?;
    writeln!(out)?;

    let index = bundled_index()?;
    let line = format!(
        "4. The assets' SBOMs against {} real, cited advisories bundled with the example, ranked by exposure through the plant",
        index.len()
    );
    write!(out, "{}", output::fitted_line(&line, width, 3))?;
    let read = |link: crate::vulns_cmd::ComponentsLink<'_>| -> anyhow::Result<rampart_sbom::Sbom> {
        let crate::vulns_cmd::ComponentsLink::Sbom(link) = link else {
            anyhow::bail!("firmware images are not bundled with the demo");
        };
        let (name, text) = SBOMS
            .iter()
            .find(|(name, _)| *name == link)
            .ok_or_else(|| anyhow::anyhow!("{link}: not bundled with the demo"))?;
        rampart_sbom::read(&format!("examples/water-treatment/{name}"), text.as_bytes())
            .map_err(anyhow::Error::new)
    };
    let vulns = crate::vulns_cmd::plant_vulns(&model, &index, &read)?;
    write!(
        out,
        "{}",
        crate::vulns_cmd::table(&model, &vulns, VULNS_SHOWN, width)
    )?;
    writeln!(out)?;
    writeln!(out)?;
    let line = format!(
        "5. Assessments: the remote-access router `{PRODUCT_ASSET}` as a product (IEC 62443-4-2, its zone's SL-T) and the plant (3-3 per zone)"
    );
    write!(out, "{}", output::fitted_line(&line, width, 3))?;
    let written = assess(catalog, &model, &index, &vulns, dir, today)?;
    for (what, folder, results) in &written {
        let r = &results.readiness;
        let sl_a: Vec<String> = results
            .levels
            .iter()
            .map(|l| l.sl_a.get().to_string())
            .collect();
        let line = format!(
            "  {what}: SL-A ({}), readiness {:.1}% ({} of {} required items satisfied), {} gaps; report set in {}",
            sl_a.join(","),
            r.percent,
            r.satisfied,
            r.required,
            results.gaps.len(),
            folder.display()
        );
        write!(out, "{}", output::fitted_line(&line, width, 4))?;
    }
    let line = format!(
        "Open {} in a browser for the Product Security Maturity Report.",
        dir.join("product").join("report.html").display()
    );
    write!(out, "{}", output::fitted_line(&line, width, 2))?;
    writeln!(out)?;
    writeln!(out, "Done in {} ms.", started.elapsed().as_millis())?;
    // Each line fits 80 columns.
    writeln!(out, "Next:")?;
    writeln!(
        out,
        "  rampart system gap {EXAMPLE_NAME}   # the gap per FR"
    )?;
    writeln!(out, "  rampart system diagram {EXAMPLE_NAME} -o zones.svg")?;
    writeln!(out, "  rampart catalog show 'SR 3.4'")?;
    writeln!(
        out,
        "  rampart db import examples/water-treatment/advisories"
    )?;
    writeln!(
        out,
        "  rampart scan examples/water-treatment/sboms/ra-ewon.cdx.json"
    )?;
    writeln!(
        out,
        "  rampart assess init --component-type network-device --sl-t 2"
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The asset the demo assesses as a product.
const PRODUCT_ASSET: &str = "ra-ewon";

/// Runs `assess product` on the router's bundled SBOM (placed in the plant) and `assess
/// system` on the plant, writing each report set under `dir`.
fn assess(
    catalog: &Catalog,
    model: &SystemModel,
    index: &rampart_advisory::MemoryIndex,
    vulns: &crate::vulns_cmd::PlantVulns,
    dir: &std::path::Path,
    today: rampart_system::IsoDate,
) -> anyhow::Result<
    Vec<(
        &'static str,
        std::path::PathBuf,
        rampart_assess::AssessmentResults,
    )>,
> {
    use rampart_assess::results::InputFile;
    let asset = model
        .asset_indexes()
        .find(|&a| model.asset(a).id == PRODUCT_ASSET)
        .ok_or_else(|| anyhow::anyhow!("{EXAMPLE_NAME}: no asset `{PRODUCT_ASSET}`"))?;
    let link = model
        .asset(asset)
        .sbom
        .clone()
        .ok_or_else(|| anyhow::anyhow!("{EXAMPLE_NAME}: `{PRODUCT_ASSET}` links no SBOM"))?;
    let (name, text) = SBOMS
        .iter()
        .find(|(name, _)| *name == link)
        .ok_or_else(|| anyhow::anyhow!("{link}: not bundled with the demo"))?;
    let shown = format!("examples/water-treatment/{name}");
    let sbom = rampart_sbom::read(&shown, text.as_bytes())?;
    let components = crate::scan_cmd::components_of(&sbom);
    let scan = crate::scan_cmd::scan(&components, index, &[], None)?;
    let artifact = InputFile {
        role: "sbom".to_owned(),
        path: shown,
        sha256: Some(sha256_hex(text.as_bytes())),
        size: Some(text.len() as u64),
    };
    let model_file = InputFile {
        role: "system-model".to_owned(),
        path: EXAMPLE_NAME.to_owned(),
        sha256: Some(sha256_hex(EXAMPLE.as_bytes())),
        size: Some(EXAMPLE.len() as u64),
    };
    let answers_name = format!("examples/water-treatment/{}", ANSWERS.0);
    let answers = rampart_assess::AssessmentFile::parse_in(
        &answers_name,
        ANSWERS.1,
        std::path::Path::new("examples/water-treatment/assessments"),
        catalog,
    )?;
    let answers_file = InputFile {
        role: "answers".to_owned(),
        path: answers_name,
        sha256: Some(sha256_hex(ANSWERS.1.as_bytes())),
        size: Some(ANSWERS.1.len() as u64),
    };
    let subject = sbom.subject.as_ref();
    let ty = model.asset(asset).kind;
    let zone_sl_t = model.zone(model.asset(asset).zone).sl_t;
    let product =
        rampart_assess::product::assess_product(&rampart_assess::product::ProductInput {
            catalog,
            name: subject.map_or_else(|| PRODUCT_ASSET.to_owned(), |s| s.name.clone()),
            version: subject.and_then(|s| s.version.clone()),
            component_type: ty,
            sl_t: zone_sl_t,
            with_4_1: false,
            artifact: artifact.clone(),
            firmware: None,
            components: &components,
            scan: Some(&scan),
            answers: Some(&answers),
            placement: Some((model, asset)),
            previous: &[],
            inputs: vec![artifact, answers_file, model_file.clone()],
            index_state: None,
            today,
        })?;
    let product_dir = dir.join("product");
    crate::assess_run::write_report_set(
        &product,
        &crate::assess_run::Extras {
            scan: Some(&scan),
            components: &components,
            sbom: None,
        },
        &product_dir,
        None,
    )?;
    let gap = gap::analyse_with(model, catalog);
    let plant = rampart_assess::plant::assess_system(&rampart_assess::plant::SystemInput {
        catalog,
        model,
        answers: None,
        scans: vulns
            .scans
            .iter()
            .map(|s| (model.asset(s.asset).id.clone(), &s.report))
            .collect(),
        diagram_svg: Some(rampart_system::render::diagram_svg(model, &gap)),
        previous: &[],
        inputs: vec![model_file],
        index_state: None,
        today,
    })?;
    let plant_dir = dir.join("system");
    crate::assess_run::write_report_set(
        &plant,
        &crate::assess_run::Extras {
            scan: None,
            components: &[],
            sbom: None,
        },
        &plant_dir,
        None,
    )?;
    Ok(vec![
        ("product", product_dir, product),
        ("plant", plant_dir, plant),
    ])
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(bytes))
}

/// The bundled advisories in memory, each read by the source that recognises it.
fn bundled_index() -> anyhow::Result<rampart_advisory::MemoryIndex> {
    let mut index = rampart_advisory::MemoryIndex::new();
    for (name, text) in ADVISORIES {
        let name = format!("examples/water-treatment/{name}");
        let source = rampart_advisory::source::detect(&name, text.as_bytes())
            .ok_or_else(|| anyhow::anyhow!("{name}: no advisory source reads it"))?;
        source
            .read(
                rampart_advisory::Input {
                    name: &name,
                    bytes: text.as_bytes(),
                },
                &mut |record| {
                    index.insert(record);
                    Ok(())
                },
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(index)
}
