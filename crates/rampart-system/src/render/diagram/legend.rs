//! What the diagram's marks mean: zone colours, conduit lines, the asset flags and the
//! component-type abbreviations. SVG and DOT draw the same entries.

use crate::gap::GapStatus;

use super::layout::text_width;

/// Font size of legend text.
pub(super) const LEGEND_SIZE: f64 = 12.0;

/// The mark drawn before a legend entry's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A square in a zone status's colours.
    Zone(GapStatus),
    /// A conduit line, dashed without a boundary device.
    Conduit { dashed: bool },
    /// The text alone (it starts with the mark it explains, e.g. `[S]`).
    None,
}

/// One legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub text: &'static str,
}

impl LegendItem {
    /// Width of the swatch and the gap after it.
    pub fn swatch_width(&self) -> f64 {
        match self.swatch {
            Swatch::Zone(_) => 20.0,
            Swatch::Conduit { .. } => 36.0,
            Swatch::None => 0.0,
        }
    }

    /// Width of the whole entry.
    pub fn width(&self) -> f64 {
        self.swatch_width() + text_width(self.text, LEGEND_SIZE)
    }
}

const fn item(swatch: Swatch, text: &'static str) -> LegendItem {
    LegendItem { swatch, text }
}

/// The zone colours and conduit lines.
pub(crate) const MARKS: [LegendItem; 5] = [
    item(Swatch::Zone(GapStatus::Met), "SL-T met"),
    item(Swatch::Zone(GapStatus::Gap), "gap"),
    item(Swatch::Zone(GapStatus::Unknown), "SL-C unknown"),
    item(
        Swatch::Conduit { dashed: false },
        "conduit with boundary device",
    ),
    item(
        Swatch::Conduit { dashed: true },
        "conduit without boundary device",
    ),
];

/// The flags after an asset's name.
pub(crate) const FLAGS: [LegendItem; 4] = [
    item(Swatch::None, "[S] safety-related"),
    item(Swatch::None, "[W] wireless"),
    item(Swatch::None, "[X] externally reachable"),
    item(Swatch::None, "[T] temporarily connected"),
];

/// The component types, as abbreviated after an asset's name.
pub(crate) const TYPES: [LegendItem; 4] = [
    item(Swatch::None, "ED embedded device"),
    item(Swatch::None, "HD host device"),
    item(Swatch::None, "ND network device"),
    item(Swatch::None, "SA software application"),
];

/// The legend of the SVG diagram, in groups that each start a row.
pub(super) fn groups() -> [Vec<LegendItem>; 3] {
    [MARKS.to_vec(), FLAGS.to_vec(), TYPES.to_vec()]
}
