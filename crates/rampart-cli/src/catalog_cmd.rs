//! `rampart catalog list|show|export`.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use rampart_catalog::{Catalog, Part, Requirement, SlVector, oscal};

use crate::cli::{
    CatalogCommand, ExportArgs, ExportFormat, ListArgs, ListFormat, ShowArgs, ShowFormat,
};
use crate::output;

/// The catalog in force: built-in, or with the user's overrides applied. An empty path
/// (`RAMPART_CATALOG_OVERRIDES=` set but empty) means no overrides.
pub fn load(overrides: Option<&Path>) -> anyhow::Result<Cow<'static, Catalog>> {
    match overrides {
        Some(path) if !path.as_os_str().is_empty() => {
            Ok(Cow::Owned(Catalog::with_overrides_file(path)?))
        }
        _ => Ok(Cow::Borrowed(Catalog::builtin())),
    }
}

/// Runs one catalog command; `width` is the `--width` flag (see [`output::text_width`]).
pub fn run(
    cmd: CatalogCommand,
    overrides: Option<&Path>,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let catalog = load(overrides)?;
    match cmd {
        CatalogCommand::List(args) => list(&catalog, &args, output::text_width(width, false), out)?,
        CatalogCommand::Show(args) => show(&catalog, &args, out)?,
        CatalogCommand::Export(args) => export(&catalog, &args, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn list(
    catalog: &Catalog,
    args: &ListArgs,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (part, fr, sl, ty) = (args.part, args.fr, args.sl, args.component_type);
    if sl == Some(SlVector::ZERO) {
        bail!("--sl 0: no item is required at SL 0; give a level from 1 to 4, or an SL vector");
    }
    if let (Some(p), Some(_)) = (part, ty)
        && p != Part::P4_2
    {
        bail!("--component-type applies to part 4-2 only, not {p}");
    }
    if let Some(p) = part
        && (sl.is_some() || fr.is_some())
        && !p.has_security_levels()
    {
        bail!("part {p} has no security levels or FRs; --sl and --fr apply to 3-3 and 4-2");
    }
    let items: Vec<&Requirement> = catalog
        .items()
        .filter(|i| part.is_none_or(|p| i.part == p))
        .filter(|i| fr.is_none_or(|f| i.fr == Some(f)))
        .filter(|i| sl.is_none_or(|target| i.required_by(&target)))
        .filter(|i| ty.is_none_or(|t| i.applies_to(t)))
        .filter(|i| !args.disputed || i.disputed())
        .collect();
    match args.format {
        ListFormat::Table => out.write_all(output::items_table(&items, width).as_bytes())?,
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
        ListFormat::Csv => output::write_items_csv(&items, out)?,
    }
    Ok(())
}

fn show(catalog: &Catalog, args: &ShowArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let item = match catalog.lookup(&args.id) {
        Ok(item) => item,
        Err(e) => {
            let all = catalog.groups_named(&args.id);
            let groups: Vec<_> = all
                .iter()
                .copied()
                .filter(|(p, _)| args.part.is_none_or(|want| *p == want))
                .collect();
            if groups.is_empty() {
                if let Some(want) = args.part
                    && !all.is_empty()
                {
                    let mut parts: Vec<String> = all.iter().map(|(p, _)| p.to_string()).collect();
                    parts.dedup();
                    bail!(
                        "part {want} has no group `{}`; parts {} have one",
                        args.id.trim(),
                        parts.join(", ")
                    );
                }
                return Err(e.into());
            }
            return show_groups(catalog, &groups, args.format, out);
        }
    };
    if let Some(want) = args.part
        && item.part != want
    {
        bail!("`{}` is in part {}, not {want}", item.id, item.part);
    }
    if args.format == ShowFormat::Json {
        serde_json::to_writer_pretty(&mut *out, item)?;
        writeln!(out)?;
        return Ok(());
    }
    let info = catalog
        .part(item.part)
        .expect("every item's part is in the catalog");
    writeln!(out, "{}  {}", item.id, item.title)?;
    writeln!(out)?;
    let field = |out: &mut dyn Write, name: &str, value: &str| {
        let label = if name.is_empty() {
            String::new()
        } else {
            format!("{name}:")
        };
        writeln!(out, "  {label:<14}{value}")
    };
    field(
        out,
        "Part",
        &format!("IEC 62443-{} {} ({})", item.part, info.title, info.edition),
    )?;
    field(out, "Data", &info.sources)?;
    let kind = match &item.parent {
        Some(p) if item.kind.is_enhancement() => format!("{} (enhancement of {p})", item.kind),
        Some(p) => format!("{} (under {p})", item.kind),
        None => item.kind.to_string(),
    };
    field(out, "Kind", &kind)?;
    if let Some(fr) = item.fr {
        field(out, "FR", &format!("{fr} {} ({})", fr.name(), fr.abbrev()))?;
    } else if let Some(g) = &item.group {
        let title = info
            .groups
            .iter()
            .find(|x| &x.id == g)
            .map_or("", |x| x.title.as_str());
        field(out, "Group", &format!("{g} {title}"))?;
    }
    if let Some(clause) = &item.clause {
        field(out, "Clause", clause)?;
    }
    if let Some(notation) = &item.notation {
        field(out, "Notation", notation)?;
    }
    if item.part.has_security_levels() {
        let levels = if item.security_levels.is_empty() {
            "none (no requirement of its own)".to_owned()
        } else {
            format!(
                "SL {}",
                item.security_levels
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        field(out, "Required at", &levels)?;
    }
    if !item.component_types.is_empty() {
        let types: Vec<&str> = item.component_types.iter().map(|t| t.as_str()).collect();
        field(out, "Applies to", &types.join(", "))?;
    }
    if !item.delegates_to.is_empty() {
        let to: Vec<String> = item.delegates_to.iter().map(ToString::to_string).collect();
        field(out, "See", &to.join(", "))?;
    }
    let children: Vec<String> = catalog
        .children(&item.id)
        .map(|c| c.id.to_string())
        .collect();
    if !children.is_empty() {
        field(out, "Refined by", &children.join(", "))?;
    }
    if let Some(p) = &item.provenance {
        let mut text = if p.disputed {
            "yes: public sources disagree".to_owned()
        } else {
            "no".to_owned()
        };
        if let Some(c) = &p.confidence {
            text.push_str(&format!(" (confidence in the value shown: {c})"));
        }
        field(out, "Disputed", &text)?;
        for (source, levels) in &p.sl_alternatives {
            field(out, "", &format!("{source} gives SL {levels:?}"))?;
        }
        if let Some(note) = &p.note {
            field(out, "Sources", note)?;
        }
    }
    for o in &item.overrides {
        let reason = o
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        field(
            out,
            "Overridden",
            &format!(
                "{} `{}` -> `{}` by {}{reason}",
                o.field, o.previous, o.value, o.source
            ),
        )?;
    }
    writeln!(out)?;
    for line in output::wrap(&item.description, 88) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// `catalog show FR1` (or `SM`, `ORG 1`, `SP.01`): the group in every part that has it, with
/// its items.
fn show_groups(
    catalog: &Catalog,
    groups: &[(Part, &rampart_catalog::Group)],
    format: ShowFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if format == ShowFormat::Json {
        let doc: Vec<serde_json::Value> = groups
            .iter()
            .map(|(part, g)| {
                let items: Vec<String> = catalog
                    .items_in_group(*part, &g.id)
                    .map(|i| i.id.to_string())
                    .collect();
                serde_json::json!({ "part": part, "group": g, "items": items })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    for (n, (part, g)) in groups.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let abbrev = g
            .abbrev
            .as_deref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        writeln!(out, "{}  {}{abbrev}, in IEC 62443-{part}", g.id, g.title)?;
        writeln!(out)?;
        for line in output::wrap(&g.description, 88) {
            writeln!(out, "  {line}")?;
        }
        let items: Vec<&Requirement> = catalog.items_in_group(*part, &g.id).collect();
        writeln!(out)?;
        writeln!(out, "  {} items:", items.len())?;
        for item in items {
            let levels = if part.has_security_levels() {
                format!("  SL {}", item.levels_text())
            } else {
                String::new()
            };
            writeln!(out, "    {:<16}{}{levels}", item.id.to_string(), item.title)?;
        }
    }
    Ok(())
}

fn export(catalog: &Catalog, args: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let part = args.part;
    let parts: Vec<Part> = part.map_or_else(|| Part::ALL.to_vec(), |p| vec![p]);
    match (args.format, part, &args.output) {
        (ExportFormat::Oscal, None, None) => {
            bail!(
                "OSCAL has one catalog per part: give --part PART, or --output DIR to write every part"
            )
        }
        (ExportFormat::Oscal, None, Some(dir)) => {
            check_export_dir(dir)?;
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for p in parts {
                let path = dir.join(format!("iec62443-{p}.oscal.json"));
                write_json_file(&path, &oscal::export_part(catalog, p))?;
                writeln!(out, "wrote {}", path.display())?;
            }
        }
        (ExportFormat::Oscal, Some(p), _) => {
            emit_json(&oscal::export_part(catalog, p), args.output.as_deref(), out)?;
        }
        (ExportFormat::Json, _, _) => {
            let infos = parts.iter().filter_map(|p| catalog.part(*p)).collect();
            let doc = output::CatalogDocument::new(catalog, infos);
            emit_json(&serde_json::to_value(&doc)?, args.output.as_deref(), out)?;
        }
        (ExportFormat::Csv, _, _) => {
            let items: Vec<&Requirement> = catalog
                .items()
                .filter(|i| parts.contains(&i.part))
                .collect();
            match &args.output {
                None => output::write_items_csv(&items, out)?,
                Some(path) => {
                    let mut file = std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    output::write_items_csv(&items, &mut file)?;
                }
            }
        }
    }
    Ok(())
}

/// Without `--part`, the OSCAL export writes one file per part into a directory: refuse a
/// path that is an existing file, or that is named like one (`*.json`) and would otherwise
/// become a directory of that name.
fn check_export_dir(dir: &Path) -> anyhow::Result<()> {
    let shown = dir.display();
    let hint = "OSCAL has one catalog per part: give --part PART to write one file, or a directory for every part";
    if dir.exists() && !dir.is_dir() {
        bail!("{shown} is a file, not a directory. {hint}");
    }
    let named_like_json = dir
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if named_like_json && !dir.is_dir() {
        bail!("{shown} names a JSON file, not a directory. {hint}");
    }
    Ok(())
}

fn emit_json(
    value: &serde_json::Value,
    path: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if let Some(path) = path {
        write_json_file(path, value)
    } else {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)?;
        Ok(())
    }
}

fn write_json_file(path: &Path, value: &serde_json::Value) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    output::write_text(&text, Some(path), &mut std::io::sink())
}
