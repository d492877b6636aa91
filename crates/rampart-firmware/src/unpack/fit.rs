//! U-Boot FIT images (`mkimage -f image.its`): a flattened device tree whose `/images` node
//! holds one child per image, each with its bytes in `data` or, for images built with
//! `mkimage -E`, after the tree at `data-offset` (from the tree's 4-aligned end) or
//! `data-position` (from the image's start), `data-size` bytes long.
//!
//! Each image is placed as a file named by its node; its description, type, architecture
//! and compression are kept on the container. Images are not decompressed here.

use crate::tree::Meta;

use super::fdt::{self, Event, Header};
use super::fields::{be_u32, file_name};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// U-Boot FIT image.
pub struct Fit;

/// Images read at most from one FIT.
const MAX_IMAGES: usize = 1024;

/// What one `/images` child says.
#[derive(Default)]
struct Image<'a> {
    node: &'a [u8],
    data: Option<&'a [u8]>,
    offset: Option<u32>,
    position: Option<u32>,
    size: Option<u32>,
    facts: Vec<(&'static str, String)>,
}

impl Unpacker for Fit {
    fn format(&self) -> &'static str {
        "fit"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(fdt::MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        Header::read(data).is_some_and(|h| fdt::root_has_child(data, &h, b"images"))
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = Header::read(data)
            .ok_or_else(|| UnpackError::format(0, "not a valid flattened device tree"))?;
        let (images, description) = read_images(data, &header)?;
        if let Some(description) = description {
            sink.attribute("description", description);
        }
        let external_base = header.total_size.next_multiple_of(4);
        let mut end = header.total_size;
        for image in images {
            let node = String::from_utf8_lossy(image.node).into_owned();
            for (key, value) in &image.facts {
                sink.attribute(format!("{node}.{key}"), value.clone());
            }
            let bytes = match (image.data, image.offset, image.position, image.size) {
                (Some(bytes), ..) => bytes,
                (None, offset, position, Some(size)) if offset.is_some() || position.is_some() => {
                    let start = match (position, offset) {
                        (Some(p), _) => p as usize,
                        (None, Some(o)) => external_base.saturating_add(o as usize),
                        (None, None) => unreachable!("guarded above"),
                    };
                    let stop = start.saturating_add(size as usize);
                    let Some(bytes) = data.get(start..stop) else {
                        sink.problem(
                            start as u64,
                            format!(
                                "image {node}: external data of {size} bytes at {start:#x} runs past the end"
                            ),
                        );
                        continue;
                    };
                    end = end.max(stop.next_multiple_of(4).min(data.len()));
                    bytes
                }
                _ => {
                    sink.problem(0, format!("image {node} has no data"));
                    continue;
                }
            };
            let name = file_name(image.node).unwrap_or_else(|| "image".to_owned());
            sink.file(name.as_bytes(), bytes.to_vec(), Meta::default())?;
        }
        Ok(Outcome { consumed: end })
    }
}

/// The `/images` children of the tree and the root's description.
fn read_images<'a>(
    data: &'a [u8],
    header: &Header,
) -> Result<(Vec<Image<'a>>, Option<String>), UnpackError> {
    let mut images: Vec<Image<'a>> = Vec::new();
    let mut description = None;
    let mut path: Vec<&[u8]> = Vec::new();
    let mut too_many = false;
    fdt::walk(data, header, |event| {
        match event {
            Event::Begin { name, .. } => {
                path.push(name);
                if path.len() == 3 && path[1] == b"images" {
                    if images.len() == MAX_IMAGES {
                        too_many = true;
                        return false;
                    }
                    images.push(Image {
                        node: name,
                        ..Image::default()
                    });
                }
            }
            Event::End => {
                path.pop();
            }
            Event::Prop { name, value } => match path.len() {
                1 if name == b"description" => description = fdt::string(value),
                3 if path[1] == b"images" => {
                    if let Some(image) = images.last_mut() {
                        image_prop(image, name, value);
                    }
                }
                _ => {}
            },
        }
        true
    })
    .map_err(|(offset, message)| UnpackError::format(offset, message))?;
    if too_many {
        return Err(UnpackError::format(
            0,
            format!("FIT with more than {MAX_IMAGES} images"),
        ));
    }
    Ok((images, description))
}

fn image_prop<'a>(image: &mut Image<'a>, name: &[u8], value: &'a [u8]) {
    let number = || (value.len() == 4).then(|| be_u32(value, 0)).flatten();
    match name {
        b"data" => image.data = Some(value),
        b"data-offset" => image.offset = number(),
        b"data-position" => image.position = number(),
        b"data-size" => image.size = number(),
        b"description" | b"type" | b"arch" | b"os" | b"compression" => {
            let key = match name {
                b"description" => "description",
                b"type" => "type",
                b"arch" => "arch",
                b"os" => "os",
                _ => "compression",
            };
            if let Some(text) = fdt::string(value) {
                image.facts.push((key, text));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    fn fit(kernel: Vec<(&'static str, Vec<u8>)>) -> Vec<u8> {
        fdt::build(&[
            (0, "", vec![("description", b"Test FIT\0".to_vec())]),
            (1, "images", vec![]),
            (2, "kernel-1", kernel),
            (
                2,
                "fdt-1",
                vec![
                    ("data", b"\xd0\x0d\xfe\xed".to_vec()),
                    ("type", b"flat_dt\0".to_vec()),
                ],
            ),
            (1, "configurations", vec![("default", b"conf-1\0".to_vec())]),
        ])
    }

    #[test]
    fn each_image_is_placed_with_its_facts() {
        let data = fit(vec![
            ("description", b"Linux kernel\0".to_vec()),
            ("data", b"kernel bytes".to_vec()),
            ("type", b"kernel\0".to_vec()),
            ("arch", b"arm64\0".to_vec()),
            ("compression", b"gzip\0".to_vec()),
        ]);
        assert!(Fit.detect(&data));
        let unpacked = unpack_one("fit", &data, &Limits::default()).unwrap();
        let kernel = unpacked
            .tree
            .get("input.unpacked/0x0-fit/kernel-1")
            .unwrap();
        assert_eq!(kernel.data().unwrap().as_ref(), b"kernel bytes");
        assert!(unpacked.tree.get("input.unpacked/0x0-fit/fdt-1").is_some());
        let attributes = &unpacked.report.containers[0].attributes;
        assert!(attributes.contains(&("kernel-1.compression".into(), "gzip".into())));
        assert!(attributes.contains(&("description".into(), "Test FIT".into())));
        assert_eq!(unpacked.report.containers[0].size, data.len() as u64);
    }

    #[test]
    fn external_data_is_read_after_the_tree() {
        let mut data = fit(vec![
            ("data-offset", 4u32.to_be_bytes().to_vec()),
            ("data-size", 5u32.to_be_bytes().to_vec()),
        ]);
        data.resize(data.len().next_multiple_of(4), 0);
        data.extend_from_slice(b"skipHELLO\0\0\0tail");
        let unpacked = unpack_one("fit", &data, &Limits::default()).unwrap();
        let kernel = unpacked
            .tree
            .get("input.unpacked/0x0-fit/kernel-1")
            .unwrap();
        assert_eq!(kernel.data().unwrap().as_ref(), b"HELLO");
        assert_eq!(unpacked.report.containers[0].size, data.len() as u64 - 4);
    }

    #[test]
    fn node_names_become_safe_file_names() {
        let data = fdt::build(&[
            (0, "", vec![]),
            (1, "images", vec![]),
            (2, "..", vec![("data", b"dots".to_vec())]),
            (2, "kernel@1", vec![("data", b"k".to_vec())]),
        ]);
        let unpacked = unpack_one("fit", &data, &Limits::default()).unwrap();
        let paths: Vec<_> = unpacked.tree.iter().map(|(p, _)| p.to_owned()).collect();
        assert_eq!(
            paths,
            vec![
                "input.unpacked/0x0-fit/image",
                "input.unpacked/0x0-fit/kernel_1"
            ]
        );
    }

    #[test]
    fn a_device_tree_without_images_is_not_a_fit() {
        let data = fdt::build(&[
            (0, "", vec![("model", b"Board\0".to_vec())]),
            (1, "cpus", vec![]),
        ]);
        assert!(!Fit.detect(&data));
    }
}
