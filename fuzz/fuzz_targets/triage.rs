//! Triage files are written by users: any text must give decisions or located problems,
//! never a panic, and looking a decision up must not panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::vex::triage::{self, ComponentKey};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = triage::read("fuzz.yaml", text) else {
        return;
    };
    for d in &file.decisions {
        let mut component = rampart_sbom::Component {
            version: Some(d.version.clone()),
            ..Default::default()
        };
        match &d.component {
            ComponentKey::Purl(p) => component.purl = Some(p.clone()),
            ComponentKey::Name(n) => component.name = n.clone(),
        }
        let ids = [d.vulnerability.clone()];
        for in_range in [true, false] {
            let _ = file.decision_for(&component, &ids, in_range);
            let _ = file.expired_for(&component, &ids, in_range);
        }
    }
});
