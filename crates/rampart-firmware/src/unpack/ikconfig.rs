//! The kernel configuration a kernel built with `CONFIG_IKCONFIG` carries: a gzip stream
//! between the markers `IKCFG_ST` and `IKCFG_ED` (the kernel's kernel/configs.c), found in
//! any file, `vmlinux` ELF files included (the one format the carver looks for in ELF files).
//!
//! It is placed as `kernel.config`, decompressed with flate2 within the budget, for the
//! hardening checks that read the kernel's options.

use flate2::bufread::GzDecoder;

use crate::tree::Meta;

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Embedded kernel configuration.
pub struct IkConfig;

const START: &[u8] = b"IKCFG_ST";
const END: &[u8] = b"IKCFG_ED";

impl Unpacker for IkConfig {
    fn format(&self) -> &'static str {
        "ikconfig"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(START)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        data.starts_with(START) && data[START.len()..].starts_with(b"\x1f\x8b\x08")
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let stream = &data[START.len()..];
        let mut decoder = GzDecoder::new(stream);
        sink.file_from_reader(b"kernel.config", &mut decoder, Meta::default())
            .map_err(|e| match e {
                UnpackError::Format { offset, message } => UnpackError::Format {
                    offset: offset + START.len() as u64,
                    message,
                },
                limit @ UnpackError::Limit(_) => limit,
            })?;
        let mut consumed = data.len() - decoder.into_inner().len();
        if data[consumed..].starts_with(END) {
            consumed += END.len();
        } else {
            sink.problem(consumed as u64, "no IKCFG_ED marker after the gzip stream");
        }
        Ok(Outcome { consumed })
    }

    fn scans_elf(&self) -> bool {
        true
    }
}

#[cfg(test)]
pub(crate) fn build(config: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(config).unwrap();
    [START, &encoder.finish().unwrap(), END].concat()
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    #[test]
    fn the_config_is_decompressed_and_the_end_marker_taken() {
        let mut data = build(b"CONFIG_STRICT_DEVMEM=y\n");
        let size = data.len() as u64;
        data.extend_from_slice(b"rest of the kernel");
        let unpacked = unpack_one("ikconfig", &data, &Limits::default()).unwrap();
        let config = unpacked
            .tree
            .get("input.unpacked/0x0-ikconfig/kernel.config")
            .unwrap();
        assert_eq!(config.data().unwrap().as_ref(), b"CONFIG_STRICT_DEVMEM=y\n");
        assert_eq!(unpacked.report.containers[0].size, size);
        assert!(unpacked.report.problems.is_empty());
    }

    #[test]
    fn the_marker_alone_is_not_a_config() {
        assert!(!IkConfig.detect(b"IKCFG_ST and some text"));
    }
}
