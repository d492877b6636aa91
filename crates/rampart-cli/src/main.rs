//! The `rampart` command. All logic lives in the library crates; this binary parses the
//! command line, calls them, and maps outcomes to exit codes:
//! 0 success, 1 findings at or over a `--fail-on` threshold, 2 error (bad input, usage).

mod assess_cmd;
mod assess_run;
mod catalog_cmd;
mod cli;
mod csaf_cmd;
mod db_cmd;
mod demo;
mod firmware_cmd;
mod output;
mod sbom_cmd;
mod scan_cmd;
mod system_cmd;
mod vulns_cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, Command, SchemaKind};

/// mimalloc rather than the system allocator: a scan or an import allocates millions of small
/// strings, and glibc's malloc and free were a third of a warm scan's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result =
        run(cli, &mut out).and_then(|code| out.flush().map(|()| code).map_err(anyhow::Error::from));
    match result {
        Ok(code) => code,
        // `rampart … | head` closes the pipe early: that is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            drop(out);
            let mut err = std::io::stderr().lock();
            // An invalid model is a list of located problems, one per line: printed bare, so
            // that a problem matcher reads `file:line:col: message` from every line.
            if let Some(invalid @ rampart_system::ModelError::Invalid { .. }) = e.downcast_ref() {
                let _ = writeln!(err, "{invalid}");
                return ExitCode::from(2);
            }
            if let Some(invalid @ rampart_assess::AssessmentError::Invalid { .. }) =
                e.downcast_ref()
            {
                let _ = writeln!(err, "{invalid}");
                return ExitCode::from(2);
            }
            if let Some(invalid @ rampart_sbom::SbomError::Invalid(_)) = e.downcast_ref() {
                let _ = writeln!(err, "{invalid}");
                return ExitCode::from(2);
            }
            let _ = writeln!(err, "error: {e}");
            for cause in e.chain().skip(1) {
                let _ = writeln!(err, "  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(pipe)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if pipe(io)))
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let overrides = cli.catalog_overrides.as_deref();
    let width = cli.width;
    match cli.command {
        Command::Catalog(cmd) => catalog_cmd::run(cmd, overrides, width, out),
        Command::System(cmd) => system_cmd::run(cmd, &*catalog_cmd::load(overrides)?, width, out),
        Command::Assess(cmd) => assess_cmd::run(cmd, &*catalog_cmd::load(overrides)?, width, out),
        Command::Sbom(cmd) => sbom_cmd::run(cmd, width, out),
        Command::Csaf(cmd) => csaf_cmd::run(cmd, width, out),
        Command::Db(args) => db_cmd::run(args, width, out),
        Command::Scan(args) => scan_cmd::run(&args, width, out),
        Command::Firmware(cmd) => firmware_cmd::run(cmd, width, out),
        Command::Demo { out: dir, today } => demo::run(
            &*catalog_cmd::load(overrides)?,
            output::text_width(width, false),
            &dir,
            today.unwrap_or_else(rampart_system::IsoDate::today_utc),
            out,
        ),
        Command::Schema { kind } => {
            let schema = match kind {
                SchemaKind::CatalogOverrides => rampart_catalog::overrides_schema(),
                SchemaKind::System => system_cmd::system_schema(),
                SchemaKind::ComponentAssessment => rampart_system::schema::assessment_schema(),
                SchemaKind::Assessment => rampart_assess::file::assessment_schema(),
                SchemaKind::Triage => rampart_advisory::vex::triage::schema(),
                SchemaKind::Feeds => rampart_advisory::index::feeds_schema(),
            };
            serde_json::to_writer_pretty(&mut *out, &schema)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "rampart", out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => {
            let command = Cli::command();
            match dir {
                None => clap_mangen::Man::new(command).render(out)?,
                Some(dir) => {
                    std::fs::create_dir_all(&dir)?;
                    clap_mangen::generate_to(command, &dir)?;
                    writeln!(out, "wrote man pages to {}", dir.display())?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
