//! The template environment: the built-in templates compiled in, a user's folder
//! overriding them by file name, HTML auto-escaping of every value, and template errors
//! turned into [`ReportError`]s naming the file and line.

use std::fs;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use crate::ReportError;

/// The templates compiled into Rampart, by name: the names a templates folder overrides.
pub const BUILTIN_TEMPLATES: [(&str, &str); 5] = [
    ("report.html", include_str!("../../templates/report.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("summary.html", include_str!("../../templates/summary.html")),
    ("charts.html", include_str!("../../templates/charts.html")),
    ("details.html", include_str!("../../templates/details.html")),
];

/// The largest template file read from a user's folder.
const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

/// The environment rendering the report: templates from `dir` first, then the built-ins.
pub(super) fn environment(dir: Option<&Path>) -> Result<Environment<'static>, ReportError> {
    if let Some(dir) = dir {
        // A missing or unreadable folder is the user's mistake to see at once, not a
        // silent fall-back to the built-in templates.
        fs::read_dir(dir).map_err(|source| ReportError::Io {
            path: dir.to_owned(),
            source,
        })?;
    }
    let mut env = Environment::new();
    // Every value is escaped for HTML, whatever the template's file name (style.css too).
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // Optional fields are left out of the results when empty, so a missing value prints as
    // nothing and iterates as empty; a lookup through one (a misspelt `results.subjcet.name`)
    // is still an error naming the line.
    env.set_undefined_behavior(UndefinedBehavior::Lenient);
    if let Ok(syntax) = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    let dir = dir.map(Path::to_owned);
    env.set_loader(move |name| load(dir.as_deref(), name));
    Ok(env)
}

/// The source of template `name`: the user's file when there is one, else the built-in.
fn load(dir: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if let Some(path) = override_path(dir, name) {
        return read_template(&path).map(Some);
    }
    Ok(BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, source)| (*source).to_owned()))
}

/// The user's file for template `name`, if it exists. Names are plain file names: a name
/// with a path separator or `..` never leaves the folder.
fn override_path(dir: Option<&Path>, name: &str) -> Option<PathBuf> {
    let dir = dir?;
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return None;
    }
    let path = dir.join(name);
    path.is_file().then_some(path)
}

fn read_template(path: &Path) -> Result<String, Error> {
    let fail = |cause: String| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("cannot read {}: {cause}", path.display()),
        )
    };
    // The project's bounded reader: a regular file only, opened without blocking, and never
    // more than the cap read.
    let source =
        rampart_yaml::read_input(path, MAX_TEMPLATE_BYTES).map_err(|e| fail(e.to_string()))?;
    Ok(source)
}

/// A template engine error as a [`ReportError`] naming the file it happened in (the user's
/// override or the built-in) and its line.
pub(super) fn report_error(error: &Error, dir: Option<&Path>) -> ReportError {
    // The innermost error carries the template and line where it happened.
    let mut inner: &Error = error;
    while let Some(next) = std::error::Error::source(inner).and_then(|s| s.downcast_ref::<Error>())
    {
        inner = next;
    }
    let located = if inner.name().is_some() { inner } else { error };
    let file = match located.name() {
        Some(name) => match override_path(dir, name) {
            Some(path) => path.display().to_string(),
            None => format!("built-in:{name}"),
        },
        None => dir.map_or_else(
            || "built-in templates".to_owned(),
            |d| d.display().to_string(),
        ),
    };
    let cause = match inner.detail() {
        Some(detail) => format!("{}: {detail}", inner.kind()),
        None => inner.kind().to_string(),
    };
    ReportError::Template {
        file,
        line: located.line(),
        cause,
    }
}
