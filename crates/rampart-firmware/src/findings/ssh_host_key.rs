use super::private_key::find_keys;
use super::support::{BINARY_CAP, file_name, fingerprint, is_in, rel_path};
use super::{Code, Finding, Rule, ScanInput, Severity};

/// SSH host keys shipped in the image.
///
/// **What it finds**: private host keys of OpenSSH (`etc/ssh/ssh_host_*_key`, or any private
/// key under `etc/ssh`) and Dropbear (`etc/dropbear/dropbear_*_host_key`, in Dropbear's own
/// binary format: a length-prefixed `ssh-rsa`, `ssh-dss`, `ecdsa-sha2-*` or `ssh-ed25519`
/// name, then the key). Empty placeholder files are not keys.
///
/// **Why it matters**: a host key generated at build time is the same on every device built
/// from the image. Anyone who extracts it from a downloaded firmware can impersonate any of
/// those devices to an administrator's SSH client and read or alter the session, and the
/// client's "known host" check cannot tell.
///
/// **Example**: `etc/dropbear/dropbear_rsa_host_key`, 805 bytes, starting
/// `\0\0\0\x07ssh-rsa`.
///
/// **References**: IEC 62443-4-2 CR 1.5 (authenticator management), CR 1.9 (strength of
/// public key-based authentication), CR 1.2 (device identification and authentication);
/// CWE-321, CWE-798.
pub struct SshHostKey;

const SHIPPED: Code = Code {
    code: "FW-KEY-003",
    severity: Severity::High,
    title: "SSH host key shipped in the image (shared by every device)",
    requirements: &["CR 1.2", "CR 1.5", "CR 1.9"],
    remediation: "remove host keys from the image and generate them on the device at first boot (ssh-keygen -A, dropbear -R)",
};

/// Key type names that start a Dropbear host key file.
const DROPBEAR_TYPES: &[&[u8]] = &[
    b"ssh-rsa",
    b"ssh-dss",
    b"ssh-ed25519",
    b"ecdsa-sha2-nistp256",
    b"ecdsa-sha2-nistp384",
    b"ecdsa-sha2-nistp521",
];

/// What kind of host key `data` at `rel` is, if it is one.
pub(crate) fn host_key(rel: &str, data: &[u8]) -> Option<String> {
    if data.is_empty() || data.len() > BINARY_CAP {
        return None;
    }
    let name = file_name(rel);
    if name.rsplit_once('.').is_some_and(|(_, ext)| ext == "pub") {
        return None;
    }
    if (is_in(rel, "etc/dropbear") || name.starts_with("dropbear_"))
        && let Some(kind) = dropbear_type(data)
    {
        return Some(format!(
            "Dropbear host key ({})",
            String::from_utf8_lossy(kind)
        ));
    }
    if (is_in(rel, "etc/ssh") || is_in(rel, "etc/dropbear"))
        && let Some(key) = find_keys(data).into_iter().next()
    {
        return Some(format!("OpenSSH host key ({})", key.kind));
    }
    None
}

/// The key type named at the start of a Dropbear key file.
fn dropbear_type(data: &[u8]) -> Option<&[u8]> {
    let len = u32::from_be_bytes(data.get(..4)?.try_into().ok()?) as usize;
    let name = data.get(4..4 + len)?;
    DROPBEAR_TYPES.contains(&name).then_some(name)
}

impl Rule for SshHostKey {
    fn id(&self) -> &'static str {
        "ssh-host-key"
    }
    fn title(&self) -> &'static str {
        "SSH host keys shipped in the image"
    }
    fn codes(&self) -> &'static [Code] {
        &[SHIPPED]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        for (path, node, data) in input.tree.files() {
            let rel = rel_path(path, node);
            if let Some(kind) = host_key(rel, data) {
                out.push(Finding::new(
                    self,
                    &SHIPPED,
                    path,
                    None,
                    format!(
                        "{kind}, sha256:{}; every device built from this image has it",
                        fingerprint(data)
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::private_key::PrivateKey;
    use crate::findings::tests::{run_rule, tree_of};

    #[test]
    fn dropbear_and_openssh_host_keys_are_found_once() {
        let mut dropbear = b"\0\0\0\x07ssh-rsa\0\0\0\x03\x01\0\x01".to_vec();
        dropbear.resize(400, 0x5a);
        let openssh = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEILRa4BezbG++6lIO4RxIrgjltv0D5pqy6zV6pDCRm2lA\n-----END PRIVATE KEY-----\n";
        let tree = tree_of(&[
            ("etc/dropbear/dropbear_rsa_host_key", &dropbear),
            ("etc/ssh/ssh_host_ed25519_key", openssh.as_bytes()),
            ("etc/ssh/ssh_host_ed25519_key.pub", b"ssh-ed25519 AAAA"),
            ("etc/dropbear/dropbear_ecdsa_host_key", b""),
        ]);
        let found = run_rule(&SshHostKey, &tree);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.code == "FW-KEY-003"));
        assert!(found[0].detail.contains("Dropbear host key (ssh-rsa)"));
        assert!(
            run_rule(&PrivateKey, &tree).is_empty(),
            "host keys are reported once, by ssh-host-key"
        );
    }

    #[test]
    fn a_dropbear_named_file_with_other_content_is_not_a_key() {
        let tree = tree_of(&[("etc/dropbear/dropbear_rsa_host_key", b"generated at boot\n")]);
        assert!(run_rule(&SshHostKey, &tree).is_empty());
    }
}
