//! The command-line grammar. Names, flags and formats here are a contract with users'
//! scripts: change them only with a CHANGELOG entry, and document them in `docs/cli.md`.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rampart_catalog::{ComponentType, Fr, Part, SlVector};

/// Rampart: IEC 62443 product-security and compliance for industrial automation and control systems.
#[derive(Debug, Parser)]
#[command(name = "rampart", version, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 success, 1 findings at or over a --fail-on threshold, 2 error."
)]
pub struct Cli {
    /// A YAML file of local catalog overrides (titles, descriptions, SL lists) from an
    /// organisation's licensed copy of the standard. Empty (as `RAMPART_CATALOG_OVERRIDES=`
    /// leaves it) means none.
    #[arg(
        long,
        global = true,
        env = "RAMPART_CATALOG_OVERRIDES",
        value_name = "FILE",
        // Not PathBuf's own parser, which refuses the empty value.
        value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from)
    )]
    pub catalog_overrides: Option<PathBuf>,

    /// Fit tables and text to N columns (0: never wrap). By default output to a terminal
    /// fits its width (`COLUMNS` if set) and output to a pipe or file keeps full rows.
    #[arg(long, global = true, value_name = "N")]
    pub width: Option<u16>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Query and export the IEC 62443 requirements catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Model a system as zones and conduits: IEC 62443-3-2 checks, risk assessment, SL gap, diagrams.
    #[command(subcommand)]
    System(crate::system_cmd::SystemCommand),
    /// Compliance assessments as files: start one with the questions to answer, list what is
    /// due for review.
    #[command(subcommand)]
    Assess(crate::assess_cmd::AssessCommand),
    /// Validate, convert and compare SBOMs (CycloneDX, SPDX).
    #[command(subcommand)]
    Sbom(crate::sbom_cmd::SbomCommand),
    /// Validate CSAF 2.0 advisories and VEX documents (schema and mandatory tests).
    #[command(subcommand)]
    Csaf(crate::csaf_cmd::CsafCommand),
    /// The local advisory index: import feeds, download updates, show its state.
    Db(crate::db_cmd::DbArgs),
    /// Match an SBOM's components against the local advisory index (with VEX and triage).
    Scan(crate::scan_cmd::ScanArgs),
    /// Firmware images: unpack in-process within limits, identify components, check hardening and secrets.
    #[command(subcommand)]
    Firmware(crate::firmware_cmd::FirmwareCommand),
    /// Run Rampart on the bundled example and print what it finds.
    Demo {
        /// Where to write the two report sets (the product's and the plant's).
        #[arg(short, long, value_name = "DIR", default_value = "rampart-demo")]
        out: PathBuf,
        /// The day of the run (default: today, UTC).
        #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
        today: Option<rampart_system::IsoDate>,
    },
    /// Print the JSON Schema of an input file format.
    Schema {
        /// Which format.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a directory.
    Man {
        /// Write `rampart.1`, `rampart-catalog.1`, … into this directory instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Input formats with a published schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// The local catalog override file (`--catalog-overrides`).
    CatalogOverrides,
    /// The system model file of `rampart system` (docs/system-model.md).
    System,
    /// A component assessment file, linked from a system model's asset.
    ComponentAssessment,
    /// An assessment file (`assessment.yaml`, `rampart assess`; docs/assessment.md).
    Assessment,
    /// A triage file: decisions about vulnerability findings (docs/vex.md).
    Triage,
    /// The feeds file of `rampart db update` (TOML; docs/advisory-index.md).
    Feeds,
}

/// `rampart catalog …`
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List requirements, filtered by part, FR, security level or component type.
    List(ListArgs),
    /// Show one requirement in full: levels, component types, provenance, overrides.
    Show(ShowArgs),
    /// Export the catalog as OSCAL, JSON or CSV.
    Export(ExportArgs),
}

/// Filters and format of `catalog list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this part: 2-1, 2-4, 3-2, 3-3, 4-1 or 4-2.
    #[arg(long, value_name = "PART")]
    pub part: Option<Part>,
    /// Only this foundational requirement: FR1…FR7 or IAC, UC, SI, DC, RDF, TRE, RA.
    #[arg(long, value_name = "FR")]
    pub fr: Option<Fr>,
    /// Only items required at this security level (1–4) or SL vector, one level per FR:
    /// `SL-T(2,2,3,1,2,1,2)`, `(2,2,3,1,2,1,2)`, `{2 2 0 1 3 1 3}`. An item is listed when it
    /// is required at the level of its own FR; implies the SL-rated parts 3-3 and 4-2.
    #[arg(long, value_name = "SL")]
    pub sl: Option<SlVector>,
    /// Only 4-2 items that apply to this component type (software-application, embedded-device,
    /// host-device, network-device).
    #[arg(long, value_name = "TYPE")]
    pub component_type: Option<ComponentType>,
    /// Only items whose values public sources dispute.
    #[arg(long)]
    pub disputed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Output formats of `catalog list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table for people.
    Table,
    /// A JSON array of items (the stable schema in docs/catalog-json.md).
    Json,
    /// CSV with a header row.
    Csv,
}

/// `catalog show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The requirement id, however written: `SR 1.1`, `sr1.1`, `SR 1.1(1)`, `CR 2.4 RE 1`, `SM-1`;
    /// or a group: `FR1`, `IAC`, `SM`, `ORG 1`, `SP.01`.
    pub id: String,
    /// Only in this part: picks one of the groups a name has in several parts (`SI` is FR3 of
    /// 3-3 and 4-2 and a 4-1 practice), and refuses an item of another part.
    #[arg(long, value_name = "PART")]
    pub part: Option<Part>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// Output formats of `catalog show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Labelled text for people.
    Text,
    /// The item as a JSON object (the stable schema in docs/catalog-json.md).
    Json,
}

/// `catalog export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Export format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only this part. OSCAL writes one catalog per part: without `--part` it needs
    /// `--output` to name a directory, where it writes `iec62443-<part>.oscal.json` for each.
    #[arg(long, value_name = "PART")]
    pub part: Option<Part>,
    /// Write to this file (or, for OSCAL without `--part`, this directory, which must not be
    /// an existing file nor named `*.json`) instead of stdout.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Export formats of `catalog export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// OSCAL 1.x catalog JSON, one catalog per part.
    Oscal,
    /// The full catalog: parts, groups and items (docs/catalog-json.md).
    Json,
    /// One row per item.
    Csv,
}
