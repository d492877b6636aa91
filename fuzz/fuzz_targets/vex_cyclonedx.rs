//! VEX documents come from suppliers and strangers: reading any bytes as CycloneDx must give a
//! document or a located problem, never a panic; a document read must write in every VEX
//! format, and each output must read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::vex::{self, VexFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = vex::read_as(VexFormat::CycloneDx, "fuzz.json", data) else {
        return;
    };
    let component = rampart_sbom::Component {
        name: "c".into(),
        purl: Some("pkg:generic/c@1".into()),
        ..Default::default()
    };
    for s in &doc.statements {
        let _ = s.applies_to(&component, std::slice::from_ref(&s.vulnerability));
    }
    for format in VexFormat::ALL {
        let text = vex::write(&doc, format);
        if let Err(e) = vex::read("out.json", text.as_bytes()) {
            panic!("{format:?} output does not read back: {e}\n{text}");
        }
    }
});
