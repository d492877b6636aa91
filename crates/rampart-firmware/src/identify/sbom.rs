//! The SBOM of a firmware image: its identified components under a subject that is the
//! image itself (type `firmware`, its SHA-256), ready for `rampart scan`.

use rampart_sbom::{Component, Hash, Sbom};

/// An SBOM whose subject is the image `image_name` with digest `image_sha256` (lower-case
/// hex) and whose components are `components`, in the order given.
pub fn to_sbom(image_name: &str, image_sha256: &str, components: Vec<Component>) -> Sbom {
    let subject = Component {
        bom_ref: Some(format!("firmware:{image_name}")),
        kind: Some("firmware".to_owned()),
        name: image_name.to_owned(),
        hashes: vec![Hash {
            algorithm: "SHA-256".to_owned(),
            value: image_sha256.to_ascii_lowercase(),
        }],
        ..Component::default()
    };
    let dependencies = vec![rampart_sbom::Dependency {
        reference: subject.bom_ref.clone().expect("set above"),
        depends_on: components
            .iter()
            .filter_map(|c| c.bom_ref.clone())
            .collect(),
    }];
    Sbom {
        source_format: None,
        serial: None,
        name: Some(image_name.to_owned()),
        created: None,
        subject: Some(subject),
        components,
        dependencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_the_subject_and_depends_on_every_component() {
        let c = Component {
            bom_ref: Some("pkg:generic/busybox@1.36.1".into()),
            name: "busybox".into(),
            ..Component::default()
        };
        let sbom = to_sbom("router.bin", "AB12", vec![c]);
        let subject = sbom.subject.as_ref().unwrap();
        assert_eq!(subject.kind.as_deref(), Some("firmware"));
        assert_eq!(subject.hashes[0].value, "ab12");
        assert_eq!(
            sbom.dependencies[0].depends_on,
            ["pkg:generic/busybox@1.36.1"]
        );
    }
}
