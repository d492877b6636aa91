//! Component references: the ones a document lacks, and SPDX identifiers for references that
//! are not valid SPDX ids. Scan results point back at `Component::bom_ref`, so a reference
//! the document gives is never changed when it is read; one is generated only where the
//! document has none, from the component's position, so the same document always gets the
//! same references.

use std::collections::HashSet;

use crate::Component;

use super::mapping::fnv1a;

/// Gives every component without a reference one: `<prefix><n>` with `n` its 1-based position
/// among all components (subject first when there is one), skipping any value the document
/// already uses.
pub(crate) fn fill_missing<'a>(
    components: impl IntoIterator<Item = &'a mut Component>,
    prefix: &str,
) {
    let mut all: Vec<&mut Component> = components.into_iter().collect();
    let mut used: HashSet<String> = all.iter().filter_map(|c| c.bom_ref.clone()).collect();
    for (index, component) in all.iter_mut().enumerate() {
        if component.bom_ref.is_some() {
            continue;
        }
        let mut candidate = format!("{prefix}{}", index + 1);
        let mut extra = 0u32;
        while used.contains(&candidate) {
            extra += 1;
            candidate = format!("{prefix}{}-{extra}", index + 1);
        }
        used.insert(candidate.clone());
        component.bom_ref = Some(candidate);
    }
}

/// Whether `id` is a valid SPDX element id (`SPDXRef-` then letters, digits, `.` and `-`).
pub(crate) fn is_spdx_id(id: &str) -> bool {
    id.strip_prefix("SPDXRef-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    })
}

/// The SPDX id written for a reference: the reference itself when it is a valid SPDX id,
/// else `SPDXRef-<reference with other characters as '-'>-<8 hex digits of its hash>`, so
/// that two references never map to one id.
pub(crate) fn spdx_id_for(reference: &str) -> String {
    if is_spdx_id(reference) {
        return reference.to_owned();
    }
    let cleaned: String = reference
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let digest = fnv1a(reference.as_bytes());
    format!("SPDXRef-{}-{:08x}", cleaned.trim_matches('-'), digest >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_spdx_ids_are_kept_and_others_mapped_apart() {
        assert_eq!(spdx_id_for("SPDXRef-Package-1"), "SPDXRef-Package-1");
        let a = spdx_id_for("pkg:npm/a@1");
        let b = spdx_id_for("pkg:npm/a-1");
        assert!(is_spdx_id(&a), "{a}");
        assert!(a.starts_with("SPDXRef-pkg-npm-a-1-"), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn generated_references_skip_those_in_use() {
        let mut list = [
            Component::default(),
            Component {
                bom_ref: Some("component-1".into()),
                ..Component::default()
            },
        ];
        fill_missing(list.iter_mut(), "component-");
        assert_eq!(list[0].bom_ref.as_deref(), Some("component-1-1"));
        assert_eq!(list[1].bom_ref.as_deref(), Some("component-1"));
    }
}
