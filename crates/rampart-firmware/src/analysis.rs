//! One image, every analysis: unpacking, then component identification, ELF hardening and
//! secret/configuration findings over the same in-memory tree, side by side.

use std::path::Path;

use bytes::Bytes;
use rampart_sbom::{Component, Sbom};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::findings::Finding;
use crate::folder::{FolderError, read_folder};
use crate::hardening::HardeningReport;
use crate::limits::Limits;
use crate::tree::FileTree;
use crate::unpack::{UnpackReport, unpack_image};

/// The JSON schema version of [`FirmwareAnalysis`].
pub const SCHEMA: &str = "rampart.firmware/1";

/// The image analysed.
#[derive(Debug, Clone, Serialize)]
pub struct ImageInfo {
    /// Its file name (the tree path of the image itself).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lower-case hex; `None` for a folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// `image` for an image file, `folder` for an unpacked root filesystem.
    pub kind: &'static str,
}

/// Everything Rampart found in one image.
#[derive(Debug, Clone, Serialize)]
pub struct FirmwareAnalysis {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The image.
    pub image: ImageInfo,
    /// How it was unpacked: containers, problems, what the limits kept out.
    pub unpack: UnpackReport,
    /// The components identified, with their evidence.
    pub components: Vec<Component>,
    /// Hardening of every ELF file, and of the kernel when its configuration was found.
    pub hardening: HardeningReport,
    /// Secrets and risky configuration, each with its 4-2 requirements.
    pub findings: Vec<Finding>,
}

impl FirmwareAnalysis {
    /// The SBOM of the image: its components with hashes and evidence, the image as subject.
    pub fn sbom(&self) -> Sbom {
        let mut sbom = crate::identify::to_sbom(
            &self.image.name,
            self.image.sha256.as_deref().unwrap_or_default(),
            self.components.clone(),
        );
        if self.image.sha256.is_none()
            && let Some(subject) = &mut sbom.subject
        {
            // A folder has no one digest.
            subject.hashes.clear();
        }
        sbom
    }
}

/// Unpacks `image` (named `name`) within `limits` and analyses the tree; `today` judges
/// certificate validity. `progress` is told the unpacking's bytes done and waiting.
pub fn analyze(
    name: &str,
    image: Bytes,
    limits: &Limits,
    today: jiff::civil::Date,
    progress: &mut dyn FnMut(u64, u64),
) -> FirmwareAnalysis {
    // The digest needs one core for about a second on a few hundred MB; it runs beside the
    // unpacking, whose first level is often one stream decoded on one core.
    let size = image.len() as u64;
    let hashing = image.clone();
    let (digest, unpacked) = std::thread::scope(|scope| {
        let digest = scope.spawn(move || hex(&Sha256::digest(&hashing)));
        let unpacked = unpack_image(name, image, limits, progress);
        let digest = digest
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (digest, unpacked)
    });
    let info = ImageInfo {
        name: name.to_owned(),
        size,
        sha256: Some(digest),
        kind: "image",
    };
    analyze_tree(info, &unpacked.tree, unpacked.report, today)
}

/// Reads the unpacked root filesystem in `folder` (named `name` in paths) within `limits`
/// and analyses it as an image's tree would be; nothing in it is unpacked further.
pub fn analyze_folder(
    folder: &Path,
    name: &str,
    limits: &Limits,
    today: jiff::civil::Date,
) -> Result<FirmwareAnalysis, FolderError> {
    let read = read_folder(folder, name, limits)?;
    let info = ImageInfo {
        name: name.to_owned(),
        size: read.bytes,
        sha256: None,
        kind: "folder",
    };
    let report = UnpackReport {
        image: name.to_owned(),
        image_size: read.bytes,
        skipped: read.skipped,
        nodes: read.tree.len(),
        ..UnpackReport::default()
    };
    Ok(analyze_tree(info, &read.tree, report, today))
}

/// Identification, hardening and findings over one tree, side by side.
fn analyze_tree(
    image: ImageInfo,
    tree: &FileTree,
    mut unpack: UnpackReport,
    today: jiff::civil::Date,
) -> FirmwareAnalysis {
    let (((components, identify_problems), hardening), findings) = rayon::join(
        || {
            rayon::join(
                || crate::identify::identify_reporting(tree),
                || crate::hardening::check_tree(tree),
            )
        },
        || crate::findings::scan(tree, today),
    );
    // A package database read only in part leaves packages out of the SBOM: say so.
    unpack.problems.extend(identify_problems);
    FirmwareAnalysis {
        schema: SCHEMA,
        image,
        unpack,
        components,
        hardening,
        findings,
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
