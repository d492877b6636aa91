//! The Typst `World` a report compiles in: the template as the main file, the files Rampart
//! supplies beside it (the results as `results.json`, the charts under `charts/`), the
//! embedded fonts, the template's folder for the files it imports, and "today" taken from the
//! results, so the output depends on nothing else. Written here (about a hundred lines)
//! rather than taken from typst-as-lib, whose package support pulls in `dirs` and an MPL-2.0
//! crate the licence policy does not allow.

use std::path::PathBuf;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts;

/// The largest file a template may read beside itself (an image, an imported file).
pub const TEMPLATE_FILE_LIMIT: u64 = 32 * 1024 * 1024;

/// One compilation's world.
pub struct ReportWorld {
    main: Source,
    /// The files Rampart supplies, by id; they win over files of the same path beside a
    /// user's template.
    supplied: Vec<(FileId, Bytes)>,
    /// The template's folder; `None` for the built-in template, which reads nothing else.
    dir: Option<PathBuf>,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// A world compiling `main`, offering each `(path, bytes)` of `supplied` at that path
    /// (relative to the template), reading other files from `dir`, with `generated`
    /// (`YYYY-MM-DD`) as today.
    pub fn new(
        main: Source,
        supplied: Vec<(String, Vec<u8>)>,
        dir: Option<PathBuf>,
        generated: &str,
    ) -> Self {
        Self {
            main,
            supplied: supplied
                .into_iter()
                .map(|(path, bytes)| (project_file(&path), Bytes::new(bytes)))
                .collect(),
            dir,
            today: parse_day(generated),
        }
    }

    /// Reads a file of the template's folder, bounded; packages are refused.
    fn read(&self, id: FileId) -> FileResult<Vec<u8>> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Other(Some(
                format!(
                    "package {spec} is not available: Rampart renders offline; copy the \
                     package's files beside the template and import them by path"
                )
                .into(),
            )));
        }
        let Some(dir) = &self.dir else {
            return Err(FileError::NotFound(id.vpath().get_without_slash().into()));
        };
        let path = id
            .vpath()
            .realize(dir)
            .map_err(|_| FileError::NotFound(dir.clone()))?;
        if !path.exists() {
            return Err(FileError::NotFound(path));
        }
        rampart_yaml::read_input_bytes(&path, TEMPLATE_FILE_LIMIT)
            .map_err(|e| FileError::Other(Some(format!("{}: {e}", path.display()).into())))
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
        LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
    }

    fn book(&self) -> &LazyHash<FontBook> {
        static BOOK: OnceLock<LazyHash<FontBook>> = OnceLock::new();
        BOOK.get_or_init(|| LazyHash::new(FontBook::from_fonts(fonts::embedded())))
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let text = String::from_utf8(self.read(id)?).map_err(|_| FileError::InvalidUtf8)?;
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((_, bytes)) = self.supplied.iter().find(|(supplied, _)| *supplied == id) {
            return Ok(bytes.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        Ok(Bytes::new(self.read(id)?))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts::embedded().get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// The id of a file in the template's virtual project (`name` must be a relative path
/// inside it, such as `results.json` or `charts/levels.svg`; anything else becomes
/// `report.typ`).
pub fn project_file(name: &str) -> FileId {
    let path = VirtualPath::new(name).unwrap_or_else(|_| {
        VirtualPath::new("report.typ").expect("a plain file name is a valid virtual path")
    });
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// `YYYY-MM-DD` as a Typst date; `None` when it is not one.
fn parse_day(day: &str) -> Option<Datetime> {
    let mut parts = day.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Datetime::from_ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::parse_day;

    #[test]
    fn today_is_the_day_of_the_results() {
        let day = parse_day("2026-12-05").unwrap();
        assert_eq!(
            (day.year(), day.month(), day.day()),
            (Some(2026), Some(12), Some(5))
        );
        assert!(parse_day("2026-13-05").is_none());
        assert!(parse_day("yesterday").is_none());
    }
}
