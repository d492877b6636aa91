//! Component assessments arrive from suppliers and test labs: any text in the linked file
//! must give an SL-C or located problems, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rampart_system::SystemModel;

const MODEL: &str = "system: {name: Fuzz}\nassets:\n  - {id: plc, kind: embedded-device, component_assessment: assessment.yaml}\nzones:\n  - {id: z, assets: [plc], sl_t: 2}\n";

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("rampart-fuzz-assessment-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    std::fs::write(dir().join("assessment.yaml"), data).expect("writing the assessment");
    match SystemModel::parse_in(
        "model.yaml",
        MODEL,
        dir(),
        rampart_catalog::Catalog::builtin(),
    ) {
        Ok(model) => assert!(model.assets()[0].sl_c.is_some()),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
