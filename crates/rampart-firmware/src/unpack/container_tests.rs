//! The container unpackers through the recursive driver: payloads reach the compression and
//! archive unpackers, carving resumes after each container, and ELF files are searched for
//! the kernel configuration only.

use std::io::Write;

use bytes::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::limits::Limits;
use crate::unpack::{Unpacked, unpack_image};

use super::{bzimage, ikconfig, trx, uimage};

fn run(data: Vec<u8>) -> Unpacked {
    unpack_image(
        "fw.bin",
        Bytes::from(data),
        &Limits::default(),
        &mut |_, _| {},
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn file(unpacked: &Unpacked, path: &str) -> Vec<u8> {
    let node = unpacked.tree.get(path).unwrap_or_else(|| {
        let paths: Vec<_> = unpacked.tree.iter().map(|(p, _)| p).collect();
        panic!("{path} not in {paths:#?}")
    });
    node.data().unwrap().to_vec()
}

#[test]
fn a_uimage_payload_is_decompressed_by_the_recursion() {
    let data = uimage::build(2, 1, b"kernel", &gzip(b"vmlinux bytes"));
    let unpacked = run(data);
    assert_eq!(
        file(
            &unpacked,
            "fw.bin.unpacked/0x0-uimage/kernel.gz.unpacked/0x0-gzip/kernel"
        ),
        b"vmlinux bytes"
    );
}

#[test]
fn containers_in_a_flash_dump_are_carved_one_after_the_other() {
    let first = uimage::build(2, 0, b"one", b"first payload");
    let second = trx::build(1, &[b"loader", &uimage::build(3, 0, b"two", b"ramdisk")]);
    let mut data = vec![0xffu8; 100];
    data.extend_from_slice(&first);
    data.extend_from_slice(&[0xff; 60]);
    let trx_at = data.len();
    data.extend_from_slice(&second);
    data.extend_from_slice(&[0xff; 30]);
    let unpacked = run(data);
    let found: Vec<_> = unpacked
        .report
        .containers
        .iter()
        .map(|c| (c.path.clone(), c.offset, c.format))
        .collect();
    let partition = format!("fw.bin.unpacked/{trx_at:#x}-trx/partition2");
    assert_eq!(
        found,
        vec![
            ("fw.bin".to_owned(), 100, "uimage"),
            ("fw.bin".to_owned(), trx_at as u64, "trx"),
            (partition, 0, "uimage"),
        ]
    );
    assert_eq!(
        file(
            &unpacked,
            &format!("fw.bin.unpacked/{trx_at:#x}-trx/partition2.unpacked/0x0-uimage/two")
        ),
        b"ramdisk"
    );
}

#[test]
fn a_bzimage_payload_becomes_vmlinux() {
    let unpacked = run(bzimage::build(&gzip(b"\x7fELF kernel")));
    assert_eq!(
        file(
            &unpacked,
            "fw.bin.unpacked/0x0-bzimage/vmlinux.gz.unpacked/0x0-gzip/vmlinux"
        ),
        b"\x7fELF kernel"
    );
}

#[test]
fn the_kernel_config_is_found_in_an_elf_and_nothing_else_is_carved_there() {
    let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
    elf.extend_from_slice(&gzip(b"a gzip stream in .rodata"));
    elf.extend_from_slice(&ikconfig::build(b"CONFIG_MODULES=y\n"));
    elf.extend_from_slice(b"more sections");
    let unpacked = run(elf);
    let config_at = 7 + gzip(b"a gzip stream in .rodata").len();
    assert_eq!(
        file(
            &unpacked,
            &format!("fw.bin.unpacked/{config_at:#x}-ikconfig/kernel.config")
        ),
        b"CONFIG_MODULES=y\n"
    );
    let formats: Vec<_> = unpacked
        .report
        .containers
        .iter()
        .map(|c| c.format)
        .collect();
    assert_eq!(formats, vec!["ikconfig"]);
}
