//! The fonts compiled into the PDF renderer: DejaVu Sans (regular, bold, oblique, bold
//! oblique) and DejaVu Sans Mono (regular, bold), from the `dejavu` crate.
//!
//! Why these: the report must look the same on every machine and build offline, so no system
//! font is searched; DejaVu's licence (Bitstream Vera terms, DejaVu changes public domain,
//! `templates/pdf/fonts/LICENSE-DejaVu.txt`) allows embedding and redistribution; and its
//! wide Unicode coverage prints names in Latin, Greek and Cyrillic scripts. Typst's own bundled
//! set is not used because one of its faces (New Computer Modern 10 Regular) is GPL.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

/// The family name a template selects with `set text(font: …)`.
pub const SANS_FAMILY: &str = "DejaVu Sans";

/// The monospace family (hashes, paths, purls).
pub const MONO_FAMILY: &str = "DejaVu Sans Mono";

/// The embedded faces, parsed once per process (a few milliseconds) and shared after.
pub fn embedded() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        [
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
            dejavu::sans_mono::regular(),
            dejavu::sans_mono::bold(),
        ]
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_families_are_embedded_with_bold() {
        let fonts = embedded();
        assert_eq!(fonts.len(), 6);
        for family in [SANS_FAMILY, MONO_FAMILY] {
            let faces: Vec<_> = fonts.iter().filter(|f| f.info().family == family).collect();
            assert!(
                faces
                    .iter()
                    .any(|f| f.info().variant.weight.to_number() >= 700),
                "{family} has no bold face"
            );
        }
    }
}
