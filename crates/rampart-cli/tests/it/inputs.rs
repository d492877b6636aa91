//! Every input is read with a cap that holds for pipes and devices: `/dev/zero`, a FIFO with
//! no writer, or a link to either is refused at once (exit 2) instead of being read forever,
//! and `-` reads standard input.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Far above the milliseconds a refusal takes; only an unbounded read or a blocked open
/// could reach it.
const HANG: Duration = Duration::from_secs(20);

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&str>) -> Outcome {
    let mut cmd = assert_cmd::Command::cargo_bin("rampart").expect("the rampart binary is built");
    cmd.args(args)
        .env_remove("RAMPART_CATALOG_OVERRIDES")
        .timeout(HANG);
    if let Some(text) = stdin {
        cmd.write_stdin(text);
    }
    let out = cmd.output().expect("rampart runs");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/water-treatment/system.yaml")
}

fn refused(args: &[&str], expect: &str) {
    let out = run(args, None);
    assert_eq!(
        out.code,
        Some(2),
        "{args:?} must exit 2 at once (None means it was killed after {HANG:?}): {}",
        out.stderr
    );
    assert!(out.stderr.contains(expect), "{args:?}: {}", out.stderr);
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "mkfifo (coreutils) is needed"
    );
}

#[test]
fn a_model_that_is_a_device_fifo_link_or_directory_is_refused() {
    refused(
        &["system", "check", "/dev/zero"],
        "/dev/zero: cannot read the system model: is not a regular file (a character device)",
    );
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("model.yaml");
    mkfifo(&fifo);
    refused(
        &["system", "check", fifo.to_str().unwrap()],
        "is not a regular file (a FIFO)",
    );
    let link = dir.path().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    refused(
        &["system", "gap", link.to_str().unwrap()],
        "is not a regular file (a character device)",
    );
    refused(
        &["system", "risk", dir.path().to_str().unwrap()],
        "is a directory, not a file",
    );
}

#[test]
fn overrides_that_are_a_device_are_refused() {
    refused(
        &[
            "--catalog-overrides",
            "/dev/zero",
            "catalog",
            "show",
            "SR 1.1",
        ],
        "/dev/zero",
    );
    refused(
        &[
            "--catalog-overrides",
            "/dev/zero",
            "catalog",
            "show",
            "SR 1.1",
        ],
        "is not a regular file (a character device)",
    );
}

#[test]
fn a_linked_component_assessment_that_is_a_device_is_refused_at_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.yaml");
    std::fs::write(
        &model,
        "system: {name: s}\n\
         assets:\n  - {id: plc, kind: embedded-device, component_assessment: /dev/zero}\n\
         zones:\n  - {id: z, sl_t: 1, assets: [plc]}\n",
    )
    .unwrap();
    let out = run(&["system", "check", model.to_str().unwrap()], None);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("m.yaml:3:")
            && out
                .stderr
                .contains("cannot read the component assessment `/dev/zero`")
            && out.stderr.contains("not a regular file"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_dash_reads_the_model_from_standard_input() {
    let text = std::fs::read_to_string(example()).unwrap();
    let out = run(&["system", "check", "-", "--format", "json"], Some(&text));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["schema"], "rampart.system.check/1");
    let out = run(
        &["system", "check", "-"],
        Some("system: {name: x}\nassets: 5\n"),
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("<stdin>:2:"), "{}", out.stderr);
}
