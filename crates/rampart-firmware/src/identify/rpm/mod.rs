//! rpm: the installed packages of rpm's SQLite database (`/var/lib/rpm/rpmdb.sqlite`, or
//! `/usr/lib/sysimage/rpm/rpmdb.sqlite` on current Fedora and openSUSE), the default
//! backend since rpm 4.16 and in Yocto/OpenEmbedded images built with `package_rpm` since
//! 3.3. Each package gets a distro purl per the purl spec
//! (`pkg:rpm/fedora/libcurl@7.76.1-26.fc39?arch=x86_64&epoch=1&distro=fedora-39&upstream=curl-7.76.1-26.fc39.src.rpm`,
//! the source rpm as `upstream` when it is another package's) and the files its header lists.
//!
//! The Berkeley DB `Packages` of older rpm (CentOS 7/8, Yocto before 3.3) is read too
//! (`bdb.rs`); SUSE's NDB (`Packages.db`) is not, and signatures still find the binaries of
//! such images.

mod bdb;
mod header;
pub mod sqlite;

use rampart_sbom::{Method, Occurrence};

use crate::tree::FileTree;
use crate::unpack::UnpackProblem;

use super::distro::{self, Distro};
use super::dpkg::distro_purl;
use super::found::PACKAGE_DB_CONFIDENCE;
use super::{Found, Identifier, Origin, in_root, join};
use header::{Header, tag};

/// Where rpm keeps its package database, root-relative: SQLite (rpm 4.16 and later) or
/// Berkeley DB (`Packages`, before).
const DATABASES: [&str; 4] = [
    "/var/lib/rpm/rpmdb.sqlite",
    "/usr/lib/sysimage/rpm/rpmdb.sqlite",
    "/var/lib/rpm/Packages",
    "/usr/lib/sysimage/rpm/Packages",
];

/// Why an rpm database cannot be read (further): where in the file, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at byte {offset}: {message}")]
pub struct DatabaseError {
    /// Byte offset in the file.
    pub offset: u64,
    /// What is wrong there.
    pub message: String,
}

impl DatabaseError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset: offset as u64,
            message: message.into(),
        }
    }
}

fn fail<T>(offset: usize, message: impl Into<String>) -> Result<T, DatabaseError> {
    Err(DatabaseError::at(offset, message))
}

/// Largest rpm database read. With their indexes, rpm's databases of full distributions run
/// to tens of megabytes and can pass the text databases' bound, and reading one holds only a row at
/// a time beside the file the tree already holds; a larger one is a problem, not silence.
const MAX_RPM_DATABASE_BYTES: usize = 1 << 30;

/// Reads rpm's package database (SQLite or Berkeley DB).
pub struct RpmDatabase;

impl Identifier for RpmDatabase {
    fn id(&self) -> &'static str {
        "rpm-database"
    }

    fn identify(&self, tree: &FileTree) -> Vec<Found> {
        self.identify_reporting(tree).0
    }

    fn identify_reporting(&self, tree: &FileTree) -> (Vec<Found>, Vec<UnpackProblem>) {
        read_databases(tree, MAX_RPM_DATABASE_BYTES)
    }
}

/// The packages of every rpm database in `tree`, each read once, and a located problem
/// (format `rpm-database`) for each database read only in part or over `max` bytes: the
/// packages it leaves out are missing from the SBOM, and the user must know it.
fn read_databases(tree: &FileTree, max: usize) -> (Vec<Found>, Vec<UnpackProblem>) {
    let mut found_all = Vec::new();
    let mut problems = Vec::new();
    for (path, node, data) in tree.files() {
        let root = node.root.as_str();
        if !DATABASES.contains(&in_root(root, path).as_str()) {
            continue;
        }
        let problem = |offset: u64, message: String| UnpackProblem {
            path: path.to_owned(),
            offset,
            format: "rpm-database",
            message,
        };
        if data.len() > max {
            problems.push(problem(
                0,
                format!(
                    "{} bytes, more than the {max} read; its packages are not listed",
                    data.len()
                ),
            ));
            continue;
        }
        let distro = distro::detect(tree, root);
        // A damaged database gives the packages read before the damage, and a problem.
        if let Err(e) = packages(data, |hnum, package| {
            found_all.push(found(path, root, distro.as_ref(), hnum, &package));
        }) {
            problems.push(problem(
                e.offset,
                format!("{}; the packages after it are not listed", e.message),
            ));
        }
    }
    (found_all, problems)
}

/// One installed package, as its header gives it.
#[derive(Debug, PartialEq, Eq)]
pub struct Package {
    /// NAME.
    pub name: String,
    /// EPOCH, when set.
    pub epoch: Option<u32>,
    /// VERSION.
    pub version: String,
    /// RELEASE.
    pub release: String,
    /// ARCH.
    pub arch: Option<String>,
    /// SOURCERPM as written (`curl-7.76.1-26.el9.src.rpm`).
    pub source_rpm: Option<String>,
    /// VENDOR.
    pub vendor: Option<String>,
    /// The files it owns, absolute.
    pub files: Vec<String>,
}

impl Package {
    /// The source package's name, from SOURCERPM (`curl-7.76.1-26.el9.src.rpm` → `curl`).
    pub fn source(&self) -> Option<String> {
        self.source_rpm.as_deref().and_then(source_name)
    }
}

/// Calls `each` with the row number and package of every readable header in the rpm
/// database `data`, SQLite or Berkeley DB (rows that are not a package header, and rpm's
/// `gpg-pubkey` pseudo-packages, are passed over). An error (`at byte N: cause`) names where
/// the file is damaged; the packages before it were passed.
pub fn packages(data: &[u8], mut each: impl FnMut(i64, Package)) -> Result<(), DatabaseError> {
    if bdb::is_hash_database(data) {
        let mut record = 0;
        return bdb::values(data, |blob| {
            record += 1;
            if let Some(package) = Header::parse(&blob).ok().as_ref().and_then(package_of) {
                each(record, package);
            }
        });
    }
    sqlite_packages(data, each)
}

fn sqlite_packages(data: &[u8], mut each: impl FnMut(i64, Package)) -> Result<(), DatabaseError> {
    let db = sqlite::Database::open(data)?;
    // `hnum INTEGER PRIMARY KEY` is the rowid (stored as NULL in the record).
    db.scan_table("Packages", |hnum, values| {
        let [_, sqlite::Value::Blob(blob), ..] = values else {
            return;
        };
        let Ok(header) = Header::parse(blob) else {
            return;
        };
        if let Some(package) = package_of(&header) {
            each(hnum, package);
        }
    })
}

fn package_of(header: &Header<'_>) -> Option<Package> {
    let name = header.string(tag::NAME)?;
    if name == "gpg-pubkey" {
        return None;
    }
    let source_rpm = header.string(tag::SOURCERPM).filter(|s| !s.is_empty());
    Some(Package {
        name: name.to_owned(),
        epoch: header.int32s(tag::EPOCH).and_then(|e| e.first().copied()),
        version: header.string(tag::VERSION)?.to_owned(),
        release: header.string(tag::RELEASE)?.to_owned(),
        arch: header.string(tag::ARCH).map(str::to_owned),
        source_rpm: source_rpm.map(str::to_owned),
        vendor: header.string(tag::VENDOR).map(str::to_owned),
        files: header.files(),
    })
}

/// The name of a source rpm file name: `curl-7.76.1-26.el9.src.rpm` → `curl`.
fn source_name(file: &str) -> Option<String> {
    let stem = file
        .strip_suffix(".src.rpm")
        .or_else(|| file.strip_suffix(".nosrc.rpm"))?;
    let (rest, _release) = stem.rsplit_once('-')?;
    let (name, _version) = rest.rsplit_once('-')?;
    (!name.is_empty()).then(|| name.to_owned())
}

/// The purl of `package`: `pkg:rpm/<distro namespace>/<name>@<version>-<release>` with
/// `arch`, `epoch` (the purl spec's rpm qualifier, which `rampart scan` applies), `distro`
/// and, when the source package is another one, `upstream`: the source rpm file, as syft
/// writes it and `rampart scan` reads it (name, version and release of the source package).
fn purl(package: &Package, distro: Option<&Distro>) -> Option<String> {
    let upstream = package
        .source_rpm
        .as_deref()
        .filter(|_| package.source().is_some_and(|s| s != package.name));
    let epoch: Vec<(&str, String)> = package
        .epoch
        .map(|e| ("epoch", e.to_string()))
        .into_iter()
        .collect();
    distro_purl(
        "rpm",
        distro,
        &package.name,
        &format!("{}-{}", package.version, package.release),
        package.arch.as_deref(),
        upstream,
        &epoch,
    )
}

fn found(path: &str, root: &str, distro: Option<&Distro>, hnum: i64, package: &Package) -> Found {
    // The version as rpm prints it (`rpm -q --qf '%{EVR}'`): the epoch only when set.
    let evr = match package.epoch {
        Some(epoch) => format!("{epoch}:{}-{}", package.version, package.release),
        None => format!("{}-{}", package.version, package.release),
    };
    Found {
        name: package.name.clone(),
        version: evr.clone(),
        kind: "library",
        purl: purl(package, distro),
        cpes: Vec::new(),
        supplier: distro
            .map(|d| d.id.clone())
            .or_else(|| package.vendor.clone()),
        origin: Origin::Package {
            database: path.to_owned(),
            source: package.source(),
            files: package.files.iter().map(|f| join(root, f)).collect(),
        },
        methods: vec![Method {
            technique: "manifest-analysis".to_owned(),
            confidence: PACKAGE_DB_CONFIDENCE,
            value: Some(format!("rpm database: {} {evr}", package.name)),
        }],
        occurrences: vec![Occurrence {
            location: path.to_owned(),
            offset: None,
            symbol: None,
            additional_context: Some(format!("Packages row {hnum}")),
        }],
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::identify::tests_support::tree_of;

    /// rpm 4.18's database (Debian's `rpm`, SQLite backend) after `rpm -i --justdb` of the
    /// `alien --to-rpm` conversions of Debian 12's zlib1g and busybox packages
    /// (`tests/fixtures/rpm/README.md`).
    fn rpmdb() -> Vec<u8> {
        gunzip(include_bytes!(
            "../../../tests/fixtures/rpm/rpmdb.sqlite.gz"
        ))
    }

    pub(super) fn gunzip(gz: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn a_real_database_lists_its_packages_and_their_files() {
        let mut found = Vec::new();
        packages(&rpmdb(), |hnum, p| found.push((hnum, p))).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|(h, p)| format!("{h} {} {}-{} {:?}", p.name, p.version, p.release, p.arch))
            .collect();
        assert_eq!(
            names,
            [
                "1 zlib1g 1.2.13.dfsg-1+deb12u1 Some(\"x86_64\")",
                "2 busybox 1.35.0-4+deb12u1+b1 Some(\"x86_64\")"
            ]
        );
        let busybox = &found[1].1;
        // Its 5.6 KB header spills over a 4 KiB page: read through the overflow chain.
        assert!(
            busybox.files.contains(&"/bin/busybox".to_owned()),
            "{:?}",
            busybox.files
        );
        // alien names the source rpm after the package: no `upstream` qualifier then.
        assert_eq!(busybox.source().as_deref(), Some("busybox"));
        assert!(
            found[0]
                .1
                .files
                .iter()
                .any(|f| f.starts_with("/lib/x86_64-linux-gnu/libz.so"))
        );
    }

    #[test]
    fn packages_get_distro_purls_and_own_their_files() {
        let db = rpmdb();
        let tree = tree_of(&[
            ("/var/lib/rpm/rpmdb.sqlite", &db),
            ("/etc/os-release", b"ID=fedora\nVERSION_ID=39\n"),
        ]);
        let found = RpmDatabase.identify(&tree);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].version, "1.35.0-4+deb12u1+b1");
        assert_eq!(
            found[1].purl.as_deref(),
            Some("pkg:rpm/fedora/busybox@1.35.0-4%2Bdeb12u1%2Bb1?arch=x86_64&distro=fedora-39")
        );
        let Origin::Package { files, .. } = &found[1].origin else {
            panic!("a package");
        };
        assert!(files.contains("r/bin/busybox"), "{files:?}");
        // The same database elsewhere is not rpm's.
        let elsewhere = tree_of(&[("/home/user/rpmdb.sqlite", &db)]);
        assert!(RpmDatabase.identify(&elsewhere).is_empty());
    }

    #[test]
    fn a_berkeley_db_packages_file_gives_the_same_packages() {
        let bdb = gunzip(include_bytes!(
            "../../../tests/fixtures/rpm/Packages.bdb.gz"
        ));
        let mut from_bdb = Vec::new();
        packages(&bdb, |_, p| from_bdb.push(p)).unwrap();
        let mut from_sqlite = Vec::new();
        packages(&rpmdb(), |_, p| from_sqlite.push(p)).unwrap();
        // Berkeley DB gives them in hash order.
        from_bdb.sort_by(|a, b| a.name.cmp(&b.name));
        from_sqlite.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(from_bdb.len(), 2);
        assert_eq!(from_bdb, from_sqlite);
        let tree = tree_of(&[("/var/lib/rpm/Packages", &bdb)]);
        let found = RpmDatabase.identify(&tree);
        let busybox = found.iter().find(|f| f.name == "busybox").unwrap();
        assert_eq!(
            busybox.purl.as_deref(),
            Some("pkg:rpm/busybox@1.35.0-4%2Bdeb12u1%2Bb1?arch=x86_64")
        );
    }

    #[test]
    fn a_damaged_database_is_a_located_problem() {
        let db = rpmdb();
        let whole = tree_of(&[("/var/lib/rpm/rpmdb.sqlite", &db)]);
        let problems = |tree: &FileTree| RpmDatabase.identify_reporting(tree).1;
        assert!(problems(&whole).is_empty());
        let cut = tree_of(&[("/var/lib/rpm/rpmdb.sqlite", &db[..8192])]);
        let found = problems(&cut);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "r/var/lib/rpm/rpmdb.sqlite");
        assert_eq!(found[0].format, "rpm-database");
        assert!(
            found[0]
                .message
                .ends_with("; the packages after it are not listed"),
            "{found:?}"
        );
        // One too large to read is said so, not passed over.
        let large = read_databases(&whole, 1000).1;
        assert_eq!(
            large[0].message,
            format!(
                "{} bytes, more than the 1000 read; its packages are not listed",
                db.len()
            )
        );
    }

    #[test]
    fn epoch_and_source_package_become_qualifiers() {
        let package = Package {
            name: "libcurl".to_owned(),
            epoch: Some(1),
            version: "7.76.1".to_owned(),
            release: "26.el9".to_owned(),
            arch: Some("x86_64".to_owned()),
            source_rpm: Some("curl-7.76.1-26.el9.src.rpm".to_owned()),
            vendor: Some("Rocky Enterprise Software Foundation".to_owned()),
            files: Vec::new(),
        };
        assert_eq!(package.source().as_deref(), Some("curl"));
        let distro = Distro {
            id: "rocky".to_owned(),
            version_id: Some("9.3".to_owned()),
            source: "etc/os-release".to_owned(),
        };
        assert_eq!(
            purl(&package, Some(&distro)).as_deref(),
            Some(
                "pkg:rpm/rocky/libcurl@7.76.1-26.el9?arch=x86_64&distro=rocky-9.3&epoch=1&upstream=curl-7.76.1-26.el9.src.rpm"
            )
        );
        let found = found("db", "", None, 7, &package);
        assert_eq!(found.version, "1:7.76.1-26.el9");
        assert_eq!(
            found.supplier.as_deref(),
            Some("Rocky Enterprise Software Foundation")
        );
        assert_eq!(source_name("not-a-source"), None);
        let namespace = |id: &str| {
            Distro {
                id: id.to_owned(),
                version_id: None,
                source: String::new(),
            }
            .purl_namespace()
            .to_owned()
        };
        assert_eq!(namespace("rhel"), "redhat");
        assert_eq!(namespace("opensuse-leap"), "opensuse");
        assert_eq!(namespace("sles"), "suse");
        assert_eq!(namespace("poky"), "poky");
    }

    #[test]
    fn a_damaged_database_gives_an_error_not_a_panic() {
        let db = rpmdb();
        assert!(packages(b"SQLite format 3\0", |_, _| {}).is_err());
        assert!(packages(&db[..4096], |_, _| {}).is_err());
        // Every single-byte change and every cut of the first pages: no panic.
        for at in (0..db.len().min(3 * 4096)).step_by(7) {
            let mut bad = db.clone();
            bad[at] ^= 0xa5;
            let _ = packages(&bad, |_, _| {});
            let _ = packages(&db[..at], |_, _| {});
        }
    }
}
