//! Conformance of the firmware-container unpackers (uImage, FIT, TRX, TP-LINK, Intel HEX,
//! S-record, kernels, vendor containers) against public samples kept outside the repository:
//! fact_extractor's unpacker test data and binwalk's test inputs under `../shared/corpora`
//! (or `$RAMPART_CORPORA`). Built only with `--features conformance`; skips with a message
//! when the corpora are absent.

use std::path::PathBuf;

use bytes::Bytes;
use rampart_firmware::limits::Limits;
use rampart_firmware::unpack::{Container, Unpacked, unpack_image};

fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("RAMPART_CORPORA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora"),
        PathBuf::from,
    );
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("conformance skipped: {} not present", dir.display());
        None
    }
}

/// Unpacks one corpus file, or `None` when the corpora are absent.
fn unpack(relative: &str) -> Option<Unpacked> {
    let path = corpora()?.join(relative);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    Some(unpack_image(
        &name,
        Bytes::from(data),
        &Limits::default(),
        &mut |_, _| {},
    ))
}

const FACT: &str = "fact-extractor-data/fact_extractor/plugins/unpacking";

fn file(unpacked: &Unpacked, path: &str) -> Vec<u8> {
    let node = unpacked.tree.get(path).unwrap_or_else(|| {
        let paths: Vec<_> = unpacked.tree.iter().map(|(p, _)| p).collect();
        panic!("{path} not in {paths:#?}")
    });
    node.data().unwrap().to_vec()
}

/// The container of `format` found in `path` at `offset`.
fn container<'a>(unpacked: &'a Unpacked, path: &str, offset: u64, format: &str) -> &'a Container {
    unpacked
        .report
        .containers
        .iter()
        .find(|c| c.path == path && c.offset == offset && c.format == format)
        .unwrap_or_else(|| {
            panic!(
                "no {format} at {path}@{offset:#x}: {:#?}",
                unpacked.report.containers
            )
        })
}

fn attribute<'a>(container: &'a Container, key: &str) -> &'a str {
    container
        .attributes
        .iter()
        .find(|(k, _)| k == key)
        .map_or_else(
            || panic!("no {key} in {:?}", container.attributes),
            |(_, v)| v.as_str(),
        )
}

/// Problem messages of one format, in the order reported.
fn problems(unpacked: &Unpacked, format: &str) -> Vec<(u64, String)> {
    unpacked
        .report
        .problems
        .iter()
        .filter(|p| p.format == format)
        .map(|p| (p.offset, p.message.clone()))
        .collect()
}

#[test]
fn uimage_legacy_and_damaged() {
    let Some(u) = unpack(&format!("{FACT}/uboot/test/data/uboot.image_with_header")) else {
        return;
    };
    let c = container(&u, "uboot.image_with_header", 0, "uimage");
    assert_eq!((c.size, c.entries), (64 + 32753, 1));
    assert_eq!(attribute(c, "compression"), "lzma");
    assert_eq!(attribute(c, "arch"), "mips");
    let payload = file(
        &u,
        "uboot.image_with_header.unpacked/0x0-uimage/u-boot_image.lzma",
    );
    assert_eq!(
        (payload.len(), &payload[..3]),
        (32753, &b"\x5d\x00\x00"[..])
    );
    assert!(problems(&u, "uimage").is_empty());

    // A kernel uImage whose header was altered and whose payload is cut short: both
    // reported, the payload kept, and the board's device tree found in it.
    let u = unpack(&format!("{FACT}/uboot/test/data/uboot.dtb")).unwrap();
    let found = problems(&u, "uimage");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 4);
    assert!(found[1].1.contains("truncated"));
    let payload = "uboot.dtb.unpacked/0x0-uimage/DD-XYZ";
    assert_eq!(file(&u, payload).len(), 35321 - 64);
    let dtb = container(&u, payload, 0x940, "dtb");
    assert_eq!(attribute(dtb, "model"), "Manufac XYZ1234ABC");
    assert_eq!(
        attribute(container(&u, payload, 0, "zimage"), "byte_order"),
        "little"
    );
}

#[test]
fn fit_images_and_their_payloads() {
    let Some(u) = unpack(&format!("{FACT}/uboot/test/data/fit.itb")) else {
        return;
    };
    let c = container(&u, "fit.itb", 0, "fit");
    assert_eq!((c.size, c.entries), (2_099_624, 3));
    assert_eq!(attribute(c, "description"), "FACT Test FIT Image");
    assert_eq!(attribute(c, "kernel.compression"), "gzip");
    assert_eq!(attribute(c, "rootfs.type"), "ramdisk");
    let kernel = file(
        &u,
        "fit.itb.unpacked/0x0-fit/kernel.unpacked/0x0-gzip/fact-image",
    );
    assert_eq!(kernel.len(), 1 << 20);
    let rootfs = file(
        &u,
        "fit.itb.unpacked/0x0-fit/rootfs.unpacked/0x0-gzip/fact.sqfs",
    );
    assert!(rootfs.starts_with(b"hsqs"));
    container(&u, "fit.itb.unpacked/0x0-fit/fdt", 0, "dtb");
}

#[test]
fn broadcom_trx() {
    let Some(u) = unpack(&format!("{FACT}/trx/test/data/trx.img")) else {
        return;
    };
    let c = container(&u, "trx.img", 0, "trx");
    assert_eq!((c.size, c.entries), (4096, 1));
    assert_eq!(attribute(c, "version"), "1");
    assert!(problems(&u, "trx").is_empty(), "the CRC matches");
    let partition = file(&u, "trx.img.unpacked/0x0-trx/partition1");
    assert_eq!(partition.len(), 4096 - 28);
    assert!(partition.starts_with(b"PK\x03\x04"));
}

#[test]
fn tplink_vxworks_firmware_and_its_nested_image() {
    let Some(u) = unpack(&format!("{FACT}/tpl/test/data/wr.fw")) else {
        return;
    };
    let c = container(&u, "wr.fw", 0, "tplink-rtos");
    assert_eq!(c.size, 1_539_124);
    assert_eq!(attribute(c, "device_id"), "0x0702");
    let outer = "wr.fw.unpacked/0x0-tplink-rtos/payload";
    assert_eq!(file(&u, outer).len(), 1_539_124 - 0x94);
    container(&u, outer, 0x3_ffec, "tplink-rtos");
    let system = file(
        &u,
        "wr.fw.unpacked/0x0-tplink-rtos/payload.unpacked/0x3ffec-tplink-rtos/payload.lzma",
    );
    assert!(system.starts_with(b"\x6e\x00\x00\x80\x00"));
}

#[test]
fn intel_hex_and_s_records() {
    let Some(u) = unpack(&format!("{FACT}/intel_hex/test/data/testfile.hex")) else {
        return;
    };
    assert_eq!(
        file(&u, "testfile.hex.unpacked/0x0-ihex/image.bin"),
        b"test string in file"
    );

    let srec = |name: &str| unpack(&format!("{FACT}/srec/test/data/{name}")).unwrap();
    let good = file(
        &srec("testfile.srec"),
        "testfile.srec.unpacked/0x0-srec/image.bin",
    );
    assert_eq!(good.len(), 70);
    assert!(good.ends_with(b"Hello world.\n\0"));
    let no_header = srec("testfile_noS0.srec");
    assert_eq!(
        file(&no_header, "testfile_noS0.srec.unpacked/0x0-srec/image.bin"),
        good
    );

    let trailing = srec("additional_data.srec");
    assert_eq!(
        container(&trailing, "additional_data.srec", 0, "srec").size,
        230
    );

    let bad = srec("bad_testfile.srec");
    let found = problems(&bad, "srec");
    assert_eq!(found.len(), 1);
    assert!(found[0].1.starts_with("line 3: checksum"), "{found:?}");
    let partial = file(&bad, "bad_testfile.srec.unpacked/0x0-srec/image.bin");
    assert_eq!(partial[..0x1c], good[..0x1c]);
    assert!(partial[0x1c..0x38].iter().all(|&b| b == 0xff));

    let bad = srec("bad_testfile2.srec");
    assert!(
        problems(&bad, "srec")[0]
            .1
            .starts_with("line 2: not a valid record")
    );
}

#[test]
fn linux_kernels() {
    for (codec, suffix) in [
        ("gzip", "gz"),
        ("bzip2", "bz2"),
        ("lz4", "lz4"),
        ("lzma", "lzma"),
        ("lzo", "lzo"),
        ("xz", "xz"),
    ] {
        let name = format!("bzImage_{codec}");
        let Some(u) = unpack(&format!("{FACT}/linuxkernel/test/data/{name}")) else {
            return;
        };
        let c = container(&u, &name, 0, "bzimage");
        assert_eq!(attribute(c, "compression"), codec);
        assert_eq!(
            c.size,
            std::fs::metadata(
                corpora()
                    .unwrap()
                    .join(format!("{FACT}/linuxkernel/test/data/{name}"))
            )
            .unwrap()
            .len()
        );
        let payload = file(&u, &format!("{name}.unpacked/0x0-bzimage/vmlinux.{suffix}"));
        assert!(payload.len() > 400_000, "{name}");
    }
    let u = unpack(&format!("{FACT}/linuxkernel/test/data/bzImage_gzip")).unwrap();
    let vmlinux = file(
        &u,
        "bzImage_gzip.unpacked/0x0-bzimage/vmlinux.gz.unpacked/0x0-gzip/vmlinux",
    );
    assert!(vmlinux.starts_with(b"\x7fELF"));

    let u = unpack(&format!("{FACT}/linuxkernel/test/data/zImage_be32")).unwrap();
    let c = container(&u, "zImage_be32", 0, "zimage");
    assert_eq!((c.size, attribute(c, "byte_order")), (0x30, "big"));

    let u = unpack(&format!("{FACT}/linuxkernel/test/data/bogus_image.bin")).unwrap();
    assert!(u.report.containers.is_empty(), "{:?}", u.report.containers);
}

#[test]
fn vendor_containers() {
    let Some(u) = unpack(&format!("{FACT}/android_simg/test/data/simg.img")) else {
        return;
    };
    let c = container(&u, "simg.img", 0, "android-sparse");
    assert_eq!(c.size, 127_284);
    assert_eq!(
        file(&u, "simg.img.unpacked/0x0-android-sparse/unsparsed.img").len(),
        10 << 20
    );

    let u = unpack(&format!("{FACT}/dahua/test/data/dh.bin")).unwrap();
    assert_eq!(container(&u, "dh.bin", 0, "dahua-zip").size, 787);
    assert!(file(&u, "dh.bin.unpacked/0x0-dahua-zip/dahua.zip").starts_with(b"PK\x03\x04"));

    let u = unpack(&format!("{FACT}/xiaomi_hdr/test/data/test.hdr1")).unwrap();
    let c = container(&u, "test.hdr1", 0, "xiaomi");
    assert_eq!((c.entries, attribute(c, "device_id")), (3, "0x0047"));
    let folder = "test.hdr1.unpacked/0x0-xiaomi";
    assert_eq!(
        file(&u, &format!("{folder}/generic_folder_test_file_3_.txt")),
        b"The third test file!"
    );
    assert_eq!(
        file(&u, &format!("{folder}/testfile2")),
        b"This is the second test file"
    );
    assert!(file(&u, &format!("{folder}/testfile1")).starts_with(b"test file:"));

    let u = unpack("binwalk-inputs/tests/inputs/arcadyan.bin").unwrap();
    let stream = file(&u, "arcadyan.bin.unpacked/0x0-arcadyan/data.lzma");
    assert!(stream.starts_with(b"\x5d\x00\x00\x80\x00"));

    let u = unpack(&format!(
        "{FACT}/maxlinear/test/data/maxlinear-puma-8-vendor-image.bin"
    ))
    .unwrap();
    let path = "maxlinear-puma-8-vendor-image.bin";
    assert_eq!(
        attribute(container(&u, path, 0xbed, "uimage"), "name"),
        "Junk Kernel"
    );
    assert_eq!(
        attribute(container(&u, path, 0xc82, "uimage"), "type"),
        "filesystem"
    );
    assert_eq!(
        problems(&u, "uimage")[0].0,
        0xc82 + 24,
        "the junk root filesystem's data CRC"
    );
}
