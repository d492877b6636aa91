//! System models come from users and integrators: any text must load or give located
//! problems, never panic; whatever loads must survive every downstream pass.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_system::{SystemModel, checks, gap, render, risk};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match SystemModel::parse("fuzz.yaml", text) {
        Ok(model) => {
            let findings = checks::run_checks(&model);
            let report = gap::analyse(&model);
            let _ = risk::assess(&model);
            let _ = render::check_json(&model, &findings);
            let _ = render::diagram_svg(&model, &report);
            let _ = render::diagram_dot(&model, &report);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
