//! Bare flattened device tree blobs (a board's `.dtb`): recognised so the carver steps over
//! them instead of finding stray magics in their property values, with the board's `model`
//! and `compatible` kept on the container. Nothing is placed in the tree.

use super::fdt::{self, Event, Header};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Device tree blob.
pub struct Dtb;

impl Unpacker for Dtb {
    fn format(&self) -> &'static str {
        "dtb"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(fdt::MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        Header::read(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = Header::read(data)
            .ok_or_else(|| UnpackError::format(0, "not a valid flattened device tree"))?;
        let mut facts = Vec::new();
        fdt::walk(data, &header, |event| match event {
            Event::Prop { name, value } if name == b"model" || name == b"compatible" => {
                if let Some(text) = fdt::string(value) {
                    facts.push((String::from_utf8_lossy(name).into_owned(), text));
                }
                true
            }
            Event::Prop { .. } => true,
            Event::Begin { depth, .. } => depth == 0,
            Event::End => false,
        })
        .map_err(|(offset, message)| UnpackError::format(offset, message))?;
        for (key, value) in facts {
            sink.attribute(key, value);
        }
        Ok(Outcome {
            consumed: header.total_size,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    #[test]
    fn a_board_tree_is_stepped_over_with_its_model() {
        let mut data = fdt::build(&[
            (0, "", vec![("model", b"Acme PLC-1\0".to_vec())]),
            (1, "cpus", vec![("model", b"not the board\0".to_vec())]),
        ]);
        let size = data.len() as u64;
        data.extend_from_slice(b"after");
        let unpacked = unpack_one("dtb", &data, &Limits::default()).unwrap();
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, size);
        assert_eq!(container.entries, 0);
        assert_eq!(
            container.attributes,
            vec![("model".to_owned(), "Acme PLC-1".to_owned())]
        );
        assert_eq!(unpacked.tree.len(), 0);
    }
}
