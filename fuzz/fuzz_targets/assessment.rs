//! Assessment files (`rampart assess`) come from colleagues, suppliers and test labs: any text
//! must give a validated assessment or located problems, never a panic. Evidence paths are
//! resolved in an empty scratch folder, so no fuzzed path can reach a real file.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rampart_assess::{AssessmentError, AssessmentFile};

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!(
            "rampart-fuzz-assessment-file-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match AssessmentFile::parse_in(
        "assessment.yaml",
        text,
        dir(),
        rampart_catalog::Catalog::builtin(),
    ) {
        Ok(file) => {
            for a in &file.answers {
                assert!(file.answer(&a.id).is_some());
            }
        }
        Err(AssessmentError::Invalid { problems }) => {
            assert!(!problems.is_empty());
            assert!(problems.iter().all(|p| !p.message.is_empty()));
        }
        Err(e) => panic!("parse_in does not read files: {e}"),
    }
});
