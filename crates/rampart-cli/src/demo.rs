//! `rampart demo`: the main job on the bundled example, for a newcomer's first run.

use std::io::Write;
use std::process::ExitCode;

use rampart_catalog::{Catalog, ComponentType, Part, SecurityLevel, SlVector};

use crate::output;

/// Prints a tour of the knowledge base: what each part holds and what each security level asks.
pub fn run(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    writeln!(out, "Rampart demo: the IEC 62443 knowledge base")?;
    writeln!(out)?;
    let mut parts = output::table(&["Part", "Title", "Items", "Disputed"]);
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
    writeln!(out, "{parts}")?;
    writeln!(out)?;
    writeln!(
        out,
        "Requirements needed for a uniform target SL-T(n,n,n,n,n,n,n):"
    )?;
    let mut levels = output::table(&["SL", "3-3 zone", "4-2 SA", "4-2 ED", "4-2 HD", "4-2 ND"]);
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
    writeln!(out, "{levels}")?;
    writeln!(out)?;
    let example: SlVector = "SL-T(2,2,3,1,2,1,3)".parse()?;
    let needed = catalog.required_for_zone(&example);
    writeln!(
        out,
        "A zone with SL-T{example} needs {} of the {} 3-3 items; an embedded device in it needs {} 4-2 items.",
        needed.len(),
        catalog.items_of(Part::P3_3).count(),
        catalog
            .required_for_component(ComponentType::EmbeddedDevice, &example)
            .len(),
    )?;
    writeln!(
        out,
        "Try: rampart catalog list --part 3-3 --sl 2, rampart catalog show 'SR 3.4'."
    )?;
    Ok(ExitCode::SUCCESS)
}
