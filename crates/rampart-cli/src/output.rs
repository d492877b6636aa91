//! The one place user-facing output is shaped: tables, CSV rows and JSON documents.

use rampart_catalog::{Catalog, DATA_VERSION, PartInfo, Requirement};
use serde::Serialize;

/// Rampart's one table style (ASCII borders, no wrapping), shared with every library renderer.
pub use rampart_system::render::table;

/// The component types of an item as abbreviations: `SA ED HD ND`.
pub fn type_abbrevs(item: &Requirement) -> String {
    item.component_types
        .iter()
        .map(|t| t.abbrev())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The catalog items as a table, with a footnote for disputed values.
pub fn items_table(items: &[&Requirement]) -> String {
    let mut t = table(&["ID", "Part", "Kind", "FR", "SL", "Types", "Title"]);
    let mut any_disputed = false;
    for item in items {
        let mut sl = item.levels_text();
        if item.disputed() {
            sl.push_str(" *");
            any_disputed = true;
        }
        t.add_row(vec![
            item.id.to_string(),
            item.part.to_string(),
            item.kind.to_string(),
            item.fr.map(|f| f.to_string()).unwrap_or_default(),
            sl,
            type_abbrevs(item),
            item.title.clone(),
        ]);
    }
    let mut out = t.to_string();
    out.push('\n');
    out.push_str(&format!(
        "{} item{}\n",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    ));
    if any_disputed {
        out.push_str("* disputed: public sources disagree on this value; `rampart catalog show ID` says how.\n");
    }
    out
}

/// The columns of the CSV forms, in order.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "part",
    "kind",
    "fr",
    "group",
    "parent",
    "title",
    "security_levels",
    "component_types",
    "normative",
    "disputed",
    "description",
];

/// Writes items as CSV with [`CSV_HEADER`].
pub fn write_items_csv(items: &[&Requirement], out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for item in items {
        w.write_record([
            item.id.to_string(),
            item.part.to_string(),
            item.kind.to_string(),
            item.fr.map(|f| f.to_string()).unwrap_or_default(),
            item.group.clone().unwrap_or_default(),
            item.parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            item.title.clone(),
            item.security_levels
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            item.component_types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            item.normative.to_string(),
            item.disputed().to_string(),
            item.description.clone(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The full-catalog JSON document of `catalog export --format json`.
#[derive(Serialize)]
pub struct CatalogDocument<'a> {
    /// Always `rampart-catalog`.
    pub format: &'static str,
    /// Bumped on any incompatible change of this document's shape.
    pub format_version: u32,
    /// The built-in data's version.
    pub data_version: &'static str,
    /// The parts exported, with their groups.
    pub parts: Vec<&'a PartInfo>,
    /// The items, in catalog order.
    pub items: Vec<&'a Requirement>,
}

impl<'a> CatalogDocument<'a> {
    /// The document for the given parts of `catalog`.
    pub fn new(catalog: &'a Catalog, parts: Vec<&'a PartInfo>) -> Self {
        let items = catalog
            .items()
            .filter(|i| parts.iter().any(|p| p.part == i.part))
            .collect();
        CatalogDocument {
            format: "rampart-catalog",
            format_version: 1,
            data_version: DATA_VERSION,
            parts,
            items,
        }
    }
}
