//! `rampart db import|status|update`: the local advisory index.
//!
//! Thin: the index, the importer, the feeds and the status live in
//! `rampart_advisory::index`; this module resolves the index path, draws progress on a
//! terminal, prints reports and maps refused inputs to exit code 2 (after importing the rest).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rampart_advisory::index::{
    self, ImportEvent, ImportOptions, ImportReport, Index, Limits, human_size,
};
use rampart_advisory::source::AdvisorySource;

use crate::output;

/// `rampart db …`: the index path (global to its subcommands) and the subcommand.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// The advisory index file (default: `$XDG_DATA_HOME/rampart/advisories.redb`, else
    /// `~/.local/share/rampart/advisories.redb`).
    #[arg(long, global = true, env = "RAMPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: DbCommand,
}

/// `rampart db` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DbCommand {
    /// Import advisory files, folders (recursively), zip archives and .gz files into the index.
    Import(ImportArgs),
    /// Show what the index holds: records per source, when imported, from where, how old.
    Status(StatusArgs),
    /// Download the configured feeds (only what changed) and import them.
    Update(UpdateArgs),
}

/// Arguments of `rampart db update`.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// Only the feeds with this name or source id (repeat for several).
    #[arg(long, value_name = "ID")]
    pub source: Vec<String>,
    /// The feeds file (default: `$XDG_CONFIG_HOME/rampart/feeds.toml`, else
    /// `~/.config/rampart/feeds.toml`; the built-in defaults when absent).
    #[arg(long, value_name = "FILE")]
    pub feeds: Option<PathBuf>,
    /// Fetch every feed through this proxy (`http://host:port`, `socks5://host:port`),
    /// instead of the feeds file's `[proxy]` or `HTTPS_PROXY`/`HTTP_PROXY`. Put credentials in
    /// the feeds file or the environment, not here: arguments show in `ps`.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
    /// Hosts reached without the proxy, comma-separated (`example.com` and its subdomains,
    /// `.example.com` only subdomains, `*` every host); replaces `NO_PROXY` and the feeds
    /// file's `no_proxy`.
    #[arg(long, value_name = "HOSTS")]
    pub no_proxy: Option<String>,
}

/// Arguments of `rampart db import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files, folders, `.zip` archives or `.gz` files to import.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Read every input with this source instead of detecting one per file.
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// The inputs are the whole feed: remove the records of each imported source that they
    /// no longer contain (withheld when an input is refused).
    #[arg(long)]
    pub replace: bool,
    /// Largest file (or archive member, or decompressed .gz) read: bytes, or with a K, M or G
    /// suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub max_file_size: u64,
}

/// Arguments of `rampart db status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Warn about sources whose data is older than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub max_age: u64,
}

/// Output formats of `db status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// An aligned table for people.
    Table,
    /// JSON, `"schema": "rampart.db.status/1"` (docs/advisory-index.md).
    Json,
}

/// Runs one `db` command.
pub fn run(args: DbArgs, width: Option<u16>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let path = db_path(args.db)?;
    match args.command {
        DbCommand::Import(import) => run_import(&path, &import, out),
        DbCommand::Status(status) => run_status(&path, &status, width, out),
        DbCommand::Update(update) => run_update(&path, &update, out),
    }
}

/// `--db`/`RAMPART_DB`, else the default location.
pub fn db_path(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match flag.filter(|p| !p.as_os_str().is_empty()) {
        Some(path) => Ok(path),
        None => index::default_path().context(
            "no index location: neither XDG_DATA_HOME nor HOME is set; give one with --db PATH",
        ),
    }
}

/// The source `--source` names, or an error listing the known ones.
pub fn named_source(id: &str) -> anyhow::Result<&'static dyn AdvisorySource> {
    rampart_advisory::source::source(id).with_context(|| {
        let known: Vec<&str> = rampart_advisory::source::sources()
            .iter()
            .map(|s| s.id())
            .collect();
        if known.is_empty() {
            format!("unknown source `{id}`: this build has no advisory sources")
        } else {
            format!("unknown source `{id}`; known: {}", known.join(", "))
        }
    })
}

fn run_import(path: &Path, args: &ImportArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let sources = index::registry();
    let mut options = ImportOptions::new(&sources);
    options.forced = args.source.as_deref().map(named_source).transpose()?;
    options.replace = args.replace;
    options.limits = Limits {
        max_file_bytes: args.max_file_size,
        ..Limits::default()
    };
    let index = Index::open_write(path)?;
    let report = import_with_progress(&index, &args.paths, &options)?;
    print_import(&report, out)?;
    Ok(exit_code(&report))
}

/// Imports with a progress line on a terminal (none when stderr is not one), then prints
/// every skipped record and refused input to stderr as `file:line:col: message`.
pub fn import_with_progress(
    index: &Index,
    paths: &[PathBuf],
    options: &ImportOptions<'_>,
) -> anyhow::Result<ImportReport> {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let (mut files, mut records) = (0u64, 0u64);
    let report = index::import_paths(index, paths, options, &mut |event| match event {
        ImportEvent::FileRead(file) => {
            files += 1;
            records += file.records as u64;
            if files.is_multiple_of(64) {
                bar.set_message(format!("{files} files read, {records} records"));
            }
        }
        ImportEvent::Writing(n) => {
            if n.is_multiple_of(4096) {
                bar.set_message(format!(
                    "{files} files read, writing {n} of {records} records"
                ));
            }
        }
        ImportEvent::Committed => bar.set_message(format!("{files} files read, committed")),
    })?;
    bar.finish_and_clear();
    report_problems(&report);
    Ok(report)
}

fn report_problems(report: &ImportReport) {
    let mut err = std::io::stderr().lock();
    for file in &report.files {
        for skipped in &file.skipped {
            let _ = writeln!(err, "{skipped} (record skipped)");
        }
        if let Some(refused) = &file.refused {
            let _ = writeln!(err, "{refused}");
        }
    }
}

/// 2 when an input was refused (the rest were imported), else 0.
pub fn exit_code(report: &ImportReport) -> ExitCode {
    if report.refused() > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "error: {} input(s) refused; the rest were imported",
            report.refused()
        );
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_import(report: &ImportReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut per_source: std::collections::BTreeMap<&str, (usize, usize, usize)> =
        std::collections::BTreeMap::new();
    for file in &report.files {
        if let Some(source) = &file.source {
            let entry = per_source.entry(source).or_default();
            entry.0 += 1;
            entry.1 += file.records;
            entry.2 += file.skipped.len();
        }
    }
    for (source, (files, records, skipped)) in &per_source {
        writeln!(
            out,
            "{source}: {records} records from {files} files, {skipped} skipped"
        )?;
    }
    let ignored = report.files.iter().filter(|f| f.ignored).count();
    let w = report.written;
    writeln!(
        out,
        "imported {} records ({} new, {} replaced, {} removed); {} inputs ignored, {} refused",
        report.records(),
        w.inserted,
        w.replaced,
        w.removed,
        ignored,
        report.refused()
    )?;
    if report.replace_withheld {
        writeln!(
            out,
            "--replace withheld: an input was refused, so no record was removed"
        )?;
    }
    Ok(())
}

/// The feeds file `--feeds` names, else the user's, else the defaults.
fn feed_config(flag: Option<&Path>) -> anyhow::Result<index::FeedConfig> {
    let user = || {
        let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        non_empty("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| non_empty("HOME").map(|home| PathBuf::from(home).join(".config")))
            .map(|config| config.join("rampart/feeds.toml"))
            .filter(|path| path.is_file())
    };
    let Some(path) = flag.map(Path::to_path_buf).or_else(user) else {
        return Ok(index::FeedConfig::defaults());
    };
    let name = path.display().to_string();
    let text =
        rampart_yaml::read_input(&path, 1 << 20).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    index::FeedConfig::parse(&text, &name).map_err(|problem| anyhow::anyhow!("{problem}"))
}

/// The environment variable holding the NVD API key.
const NVD_API_KEY_VAR: &str = "RAMPART_NVD_API_KEY";

/// `--proxy`, else the feeds file's `[proxy]`, else `env` (the environment's settings);
/// `--no-proxy` replaces the hosts reached directly (with `--proxy` they are otherwise the
/// feeds file's).
fn proxy_settings(
    args: &UpdateArgs,
    config: Option<&index::ProxyConfig>,
    env: index::ProxySettings,
) -> index::ProxySettings {
    let config_hosts = || config.map(|c| c.no_proxy.clone()).unwrap_or_default();
    let mut settings = match (&args.proxy, config) {
        (Some(url), _) => index::ProxySettings::single(url, config_hosts()),
        (None, Some(config)) => index::ProxySettings::single(&config.url, config_hosts()),
        (None, None) => env,
    };
    if let Some(list) = &args.no_proxy {
        settings.no_proxy = list
            .split(',')
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .collect();
    }
    settings
}

fn run_update(path: &Path, args: &UpdateArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let config = feed_config(args.feeds.as_deref())?;
    let feeds: Vec<&index::Feed> = config
        .feeds
        .iter()
        .filter(|feed| {
            args.source.is_empty()
                || args
                    .source
                    .iter()
                    .any(|s| *s == feed.name || feed.source.as_ref() == Some(s))
        })
        .collect();
    if feeds.is_empty() {
        let names: Vec<&str> = config.feeds.iter().map(|f| f.name.as_str()).collect();
        bail!(
            "no feed named {}; configured: {}",
            args.source.join(", "),
            names.join(", ")
        );
    }
    let index = Index::open_write(path)?;
    let cache = path.parent().unwrap_or(Path::new(".")).join("feeds");
    let mut options = index::UpdateOptions::new(cache);
    options.proxy = proxy_settings(
        args,
        config.proxy.as_ref(),
        index::ProxySettings::from_env(),
    );
    // The key comes from the environment or the feeds file, never from an argument (which
    // other users could read in `ps`); it is sent only in the `apiKey` header.
    options.nvd_api_key = std::env::var(NVD_API_KEY_VAR)
        .ok()
        .map(|key| key.trim().to_owned())
        .filter(|key| !key.is_empty())
        .map(index::Secret);
    let sources = index::registry();
    let mut failed = 0;
    for feed in feeds {
        let mut import = ImportOptions::new(&sources);
        import.forced = feed
            .source
            .as_deref()
            .and_then(rampart_advisory::source::source);
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_message(format!("{}: {}", feed.name, feed.url));
        let outcome = index::update_feed(&index, feed, &options, &import, &mut |_| bar.tick())?;
        bar.finish_and_clear();
        match outcome {
            index::FeedOutcome::Unchanged => writeln!(out, "{}: not modified", feed.name)?,
            index::FeedOutcome::Imported {
                bytes,
                resumed,
                report,
                warnings,
                notes,
            } => {
                report_problems(&report);
                for warning in &warnings {
                    writeln!(std::io::stderr(), "{}: {warning}", feed.name)?;
                }
                for note in &notes {
                    writeln!(std::io::stderr(), "{}: note: {note}", feed.name)?;
                }
                let resumed = if resumed > 0 {
                    format!(", {} resumed", human_size(resumed))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}: downloaded {}{resumed}; imported {} records, {} inputs refused",
                    feed.name,
                    human_size(bytes),
                    report.records(),
                    report.refused()
                )?;
                failed += usize::from(report.refused() > 0 || !warnings.is_empty());
            }
            index::FeedOutcome::Failed(message) => {
                writeln!(std::io::stderr(), "{}: {message}", feed.name)?;
                failed += 1;
            }
        }
    }
    if failed > 0 {
        writeln!(
            std::io::stderr(),
            "error: {failed} feed(s) failed or had refused inputs; the others were updated"
        )?;
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_status(
    path: &Path,
    args: &StatusArgs,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let index = Index::open_read(path)?;
    let status = index.status(jiff::Timestamp::now(), args.max_age)?;
    match args.format {
        StatusFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &status)?;
            writeln!(out)?;
        }
        StatusFormat::Table => {
            writeln!(
                out,
                "index: {} ({})",
                status.path,
                human_size(status.size_bytes)
            )?;
            let mut table = output::table(
                &[
                    "source",
                    "records",
                    "last import",
                    "last update",
                    "age",
                    "data date",
                    "origin",
                ],
                output::text_width(width, false),
            );
            for source in &status.sources {
                let age = source.age_days.map_or_else(String::new, |d| {
                    format!("{d} d{}", if source.stale { " (stale)" } else { "" })
                });
                table.add_row(vec![
                    source.id.clone(),
                    source.records.to_string(),
                    source.last_import.clone().unwrap_or_default(),
                    source.last_update.clone().unwrap_or_default(),
                    age,
                    source.data_date.clone().unwrap_or_default(),
                    source.origins.join(", "),
                ]);
            }
            writeln!(out, "{}", output::draw(table))?;
            writeln!(
                out,
                "KEV entries: {}; EPSS scores: {}",
                status.kev_entries, status.epss_scores
            )?;
            if status.sources.is_empty() {
                writeln!(
                    out,
                    "the index is empty: import advisories with `rampart db import PATH…`"
                )?;
            }
            for stale in status.sources.iter().filter(|s| s.stale) {
                writeln!(
                    std::io::stderr(),
                    "warning: {} data is {} days old (over {}); refresh it with `rampart db update --source {}` or a new import",
                    stale.id,
                    stale.age_days.unwrap_or_default(),
                    status.max_age_days,
                    stale.id
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `1048576`, `512K`, `64M`, `1G` (powers of 1024; `KiB`/`MiB`/`GiB` too).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let (digits, shift) = [
        ("kib", 10),
        ("mib", 20),
        ("gib", 30),
        ("k", 10),
        ("m", 20),
        ("g", 30),
    ]
    .into_iter()
    .find_map(|(suffix, shift)| lower.strip_suffix(suffix).map(|d| (d.trim(), shift)))
    .unwrap_or((lower.as_str(), 0));
    let value: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size: give bytes, or a number with K, M or G"))?;
    value
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::{UpdateArgs, index, parse_size, proxy_settings};

    #[test]
    fn the_proxy_flag_beats_the_feeds_file_which_beats_the_environment() {
        let args = |proxy: Option<&str>, no_proxy: Option<&str>| UpdateArgs {
            source: Vec::new(),
            feeds: None,
            proxy: proxy.map(str::to_owned),
            no_proxy: no_proxy.map(str::to_owned),
        };
        let env = index::ProxySettings::single("http://env:1", vec!["env.example".to_owned()]);
        let file = index::ProxyConfig {
            url: "http://file:2".to_owned(),
            no_proxy: vec!["file.example".to_owned()],
        };
        let url = "https://nvd.nist.gov/x";
        let got = proxy_settings(&args(None, None), None, env.clone());
        assert_eq!(got, env);
        let got = proxy_settings(&args(None, None), Some(&file), env.clone());
        assert_eq!(got.proxy_for(url), Some("http://file:2"));
        assert_eq!(got.no_proxy, ["file.example"]);
        let got = proxy_settings(&args(Some("http://flag:3"), None), Some(&file), env.clone());
        assert_eq!(got.proxy_for(url), Some("http://flag:3"));
        let got = proxy_settings(&args(None, Some("nvd.nist.gov, x")), None, env);
        assert_eq!(got.proxy_for(url), None);
        assert_eq!(got.no_proxy, ["nvd.nist.gov", "x"]);
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
