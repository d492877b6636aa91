//! Conformance of the flash-filesystem unpackers against real images kept outside the
//! repository (`../shared/corpora`): fact-extractor's JFFS2, UBI/UBIFS and YAFFS2 test images
//! and binwalk's YAFFS2 input. Built only with `--features conformance`; skipped with a message
//! when the corpora folder is absent. The expected files were read out independently with
//! jefferson 0.4.8 and ubi_reader 0.8.16 (PyPI) and unyaffs 0.9.7 (Debian), which the tests do
//! not use.

use std::path::PathBuf;

use rampart_firmware::codec::crc;
use rampart_firmware::limits::Limits;
use rampart_firmware::unpack::{Unpacked, unpack_image};

fn corpora() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn unpack(path: &str) -> Option<Unpacked> {
    let file = corpora()?.join(path);
    let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Some(unpack_image(
        "img",
        data.into(),
        &Limits::default(),
        &mut |_, _| {},
    ))
}

/// Length and standard CRC-32 (`zlib.crc32`) of a file of the tree.
fn fingerprint(u: &Unpacked, path: &str) -> (usize, u32) {
    let data = u
        .tree
        .get(path)
        .unwrap_or_else(|| {
            let paths: Vec<&str> = u.tree.iter().map(|(p, _)| p).collect();
            panic!("{path} missing; the tree has {paths:#?}")
        })
        .data()
        .unwrap_or_else(|| panic!("{path} is not a file"));
    (data.len(), !crc::crc32_raw(0xffff_ffff, data))
}

const FACT: &str = "fact-extractor-data/fact_extractor/plugins/unpacking";

#[test]
fn fact_extractor_jffs2_images_in_both_byte_orders() {
    for image in ["jffs2_le.img", "jffs2_be.img"] {
        let Some(u) = unpack(&format!("{FACT}/jffs2/test/data/{image}")) else {
            return;
        };
        assert!(
            u.report.problems.is_empty(),
            "{image}: {:?}",
            u.report.problems
        );
        let root = "img.unpacked/0x0-jffs2";
        assert_eq!(
            fingerprint(&u, &format!("{root}/testfile1")),
            (62, 0xe9d2_371b)
        );
        assert_eq!(
            fingerprint(&u, &format!("{root}/testfile2")),
            (28, 0x7ece_c4f8)
        );
        assert_eq!(
            fingerprint(&u, &format!("{root}/generic folder/test file 3_.txt")),
            (20, 0x99c2_7107)
        );
    }
}

#[test]
fn fact_extractor_ubi_image_and_its_ubifs_volume() {
    let Some(u) = unpack(&format!("{FACT}/ubi/test/data/ubi.img")) else {
        return;
    };
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    // ubireader_extract_images writes the same volume, byte for byte.
    assert_eq!(
        fingerprint(&u, "img.unpacked/0x0-ubi/rootfs"),
        (1_703_936, 0x1760_9dac)
    );
    check_fact_files(&u, "img.unpacked/0x0-ubi/rootfs.unpacked/0x0-ubifs");
}

#[test]
fn fact_extractor_bare_ubifs_image() {
    let Some(u) = unpack(&format!("{FACT}/ubi/test/data/test.ubifs")) else {
        return;
    };
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    check_fact_files(&u, "img.unpacked/0x0-ubifs");
}

/// The three files of fact-extractor's flash test images, as jefferson and ubi_reader read
/// them.
fn check_fact_files(u: &Unpacked, root: &str) {
    assert_eq!(
        fingerprint(u, &format!("{root}/testfile1")),
        (62, 0xe9d2_371b)
    );
    assert_eq!(
        fingerprint(u, &format!("{root}/testfile2")),
        (28, 0x7ece_c4f8)
    );
    assert_eq!(
        fingerprint(u, &format!("{root}/generic folder/test file 3_.txt")),
        (20, 0x99c2_7107)
    );
}

#[test]
fn fact_extractor_yaffs2_images_in_both_byte_orders() {
    for image in ["yaffs2_le.img", "yaffs2_be.img"] {
        let Some(u) = unpack(&format!("{FACT}/yaffs/test/data/{image}")) else {
            return;
        };
        assert!(
            u.report.problems.is_empty(),
            "{image}: {:?}",
            u.report.problems
        );
        check_fact_files(&u, "img.unpacked/0x0-yaffs2");
    }
}

/// binwalk's YAFFS2 input (mkyaffs2image layout: 2048 + 64, tags at the start of the spare):
/// the yaffs2 utilities' own sources, as unyaffs 0.9.7 (Debian) extracts them.
#[test]
fn binwalk_yaffs2_input() {
    let Some(u) = unpack("binwalk-inputs/tests/inputs/yaffs2.bin") else {
        return;
    };
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    let expected = [
        ("mkyaffs2image.c", 15107, 0xdd00_1db6),
        ("mkyaffsimage.c", 13967, 0x1251_0568),
        ("yaffs_ecc.c", 7143, 0x4bd9_e4f0),
        ("yaffs_ecc.h", 1440, 0x12b6_7805),
        ("yaffs_guts.h", 27266, 0xa0be_92ec),
        ("yaffs_hweight.c", 1689, 0x639d_0df8),
        ("yaffs_hweight.h", 656, 0xb573_2ed5),
        ("yaffs_list.h", 3086, 0xc4a1_a4ce),
        ("yaffs_packedtags2.c", 5169, 0xd779_42ae),
        ("yaffs_packedtags2.h", 1447, 0xe17a_87d2),
        ("yaffs_trace.h", 1769, 0xd388_17b1),
        ("yportenv.h", 4903, 0xa2e6_9614),
        ("yutilsenv.h", 844, 0x539a_b706),
    ];
    for (name, len, crc) in expected {
        assert_eq!(
            fingerprint(&u, &format!("img.unpacked/0x0-yaffs2/{name}")),
            (len, crc),
            "{name}"
        );
    }
    let files = u
        .tree
        .files()
        .filter(|(p, _, _)| p.contains("0x0-yaffs2"))
        .count();
    assert_eq!(files, expected.len());
}
