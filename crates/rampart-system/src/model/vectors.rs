//! The entry vectors a threat scenario may name. A closed vocabulary, because the vector
//! decides whether the `external` FRs are driven: a typo (`internett`) must not silently
//! lower a derived SL-T.

/// Every known vector, in its normal form, with what it means. The first five are the
/// default `external_vectors`.
pub const KNOWN_VECTORS: &[(&str, &str)] = &[
    (
        "internet",
        "from the internet: an exposed service, a download",
    ),
    (
        "remote-access",
        "through a remote-access path: VPN, remote desktop, vendor support",
    ),
    ("wireless", "over a wireless link: Wi-Fi, cellular, radio"),
    (
        "external-network",
        "from a network outside the system other than the internet: a partner's, a carrier's",
    ),
    (
        "supply-chain-update",
        "inside a product, update or firmware from a supplier",
    ),
    ("phishing-email", "through e-mail to a user"),
    ("local-network", "from a device on the system's own network"),
    (
        "lateral-movement",
        "from another zone of the system, after a first compromise",
    ),
    ("removable-media", "on a USB stick or other removable media"),
    (
        "portable-device",
        "on a laptop or service PC connected on site",
    ),
    (
        "physical-access",
        "by someone at the device, cabinet or cable",
    ),
    (
        "legitimate-access",
        "by misusing access the source was given: an operator, a contractor",
    ),
];

/// A vector's normal form, as for every enumeration of the model: trimmed, lower case,
/// `_` and spaces as `-` (`Remote Access` is `remote-access`).
pub(crate) fn normal_vector(text: &str) -> String {
    text.trim().to_ascii_lowercase().replace(['_', ' '], "-")
}
