use std::path::Path;

/// One run of `rampart`: exit code and both streams, for snapshots.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The run as one text: what a snapshot records.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The day every test run judges acceptances on, unless a test says otherwise.
pub const TEST_DAY: &str = "2026-12-01";

pub fn rampart(args: &[&str]) -> Run {
    rampart_in(None, args)
}

pub fn rampart_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("rampart").expect("the rampart binary is built");
    // A fixed day, so that outputs showing whether an acceptance is in force (the example
    // accepts one risk until 2027-10-01) do not change as the calendar moves on.
    cmd.args(args)
        .env_remove("RAMPART_CATALOG_OVERRIDES")
        .env("RAMPART_TODAY", TEST_DAY);
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd.output().expect("rampart runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
