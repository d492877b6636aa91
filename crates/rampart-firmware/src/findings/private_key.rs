use rayon::prelude::*;

use super::support::{BINARY_CAP, fingerprint, rel_path};
use super::{Code, Finding, Rule, ScanInput, Severity, der, pem, ssh_host_key};

/// A private key shipped in the image.
///
/// **What it finds**: private keys in any file, text or binary: PEM blocks (`RSA`, `EC`,
/// `DSA`, PKCS#8 `PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, legacy PEM with `Proc-Type:
/// 4,ENCRYPTED`, `OPENSSH PRIVATE KEY` with its cipher read from the `openssh-key-v1`
/// header), PuTTY `.ppk` files (v2 and v3, `Encryption:` line) and files that are, whole, one
/// DER private key (PKCS#1, PKCS#8, SEC1, DSA; checked structurally). A PEM block counts only
/// when its body decodes (the bare `-----BEGIN RSA PRIVATE KEY-----` strings inside
/// libcrypto are not keys). SSH host keys are left to `ssh-host-key`. Keys that are public
/// by design, such as the self-test keys GnuTLS compiles into every libgnutls, are listed
/// by fingerprint in `data/public-test-keys.txt` and not reported.
///
/// **Why it matters**: a key in the image is the same on every device and readable by anyone
/// who downloads the firmware: TLS server keys let an attacker impersonate the device or
/// decrypt recorded sessions, client keys let them impersonate it to its peers. An encrypted
/// key is weaker news only as long as its passphrase is not in the image too.
///
/// **Example**: `etc/lighttpd/server.pem` holding `-----BEGIN RSA PRIVATE KEY-----`.
///
/// **References**: IEC 62443-4-2 CR 1.5 (authenticator management), CR 1.9 (strength of
/// public key-based authentication), CR 4.1 (information confidentiality); CWE-321
/// (hard-coded cryptographic key).
pub struct PrivateKey;

const PLAIN: Code = Code {
    code: "FW-KEY-001",
    severity: Severity::High,
    title: "Unencrypted private key in the image",
    requirements: &["CR 1.5", "CR 1.9", "CR 4.1"],
    remediation: "generate keys on the device at first boot (or provision them per device) and keep them out of the image",
};

const ENCRYPTED: Code = Code {
    code: "FW-KEY-002",
    severity: Severity::Medium,
    title: "Passphrase-protected private key in the image",
    requirements: &["CR 1.5", "CR 1.9"],
    remediation: "provision keys per device instead of shipping one; if a shared key must ship, make sure its passphrase is not in the image",
};

/// Files this small or smaller may be one whole DER key.
const DER_CAP: usize = 16 << 10;

/// Smallest decoded body that can be a key (an Ed25519 PKCS#8 key is 48 bytes).
const MIN_KEY: usize = 32;

/// One private key found in a file.
pub(crate) struct KeyHit {
    /// Where it starts.
    pub offset: usize,
    /// What it is, for the detail: `PEM "RSA PRIVATE KEY"`, `PuTTY ssh-rsa`, …
    pub kind: String,
    /// Whether it is protected by a passphrase.
    pub encrypted: bool,
    /// SHA-256 fingerprint of the key's bytes.
    pub fingerprint: String,
}

/// Every private key in `data`.
pub(crate) fn find_keys(data: &[u8]) -> Vec<KeyHit> {
    let mut out = Vec::new();
    for block in pem::blocks(data) {
        if !block.label.ends_with("PRIVATE KEY") {
            continue;
        }
        let Some(contents) = block.contents.filter(|c| c.len() >= MIN_KEY) else {
            continue;
        };
        let encrypted = match block.label {
            "ENCRYPTED PRIVATE KEY" => true,
            "OPENSSH PRIVATE KEY" => openssh_cipher(&contents).is_none_or(|c| c != b"none"),
            _ => block
                .headers
                .iter()
                .any(|h| h.starts_with(b"Proc-Type:") && h.ends_with(b"ENCRYPTED")),
        };
        let mut kind = format!("PEM \"{}\"", block.label);
        if let Some(key) = der::private_key(&contents) {
            kind.push_str(&describe(&key));
        }
        out.push(KeyHit {
            offset: block.offset,
            kind,
            encrypted,
            fingerprint: fingerprint(&contents),
        });
    }
    if let Some(start) = memchr::memmem::find(data, b"PuTTY-User-Key-File-")
        && (start == 0 || data[start - 1] == b'\n')
    {
        let ppk = &data[start..data.len().min(start + DER_CAP)];
        let first = ppk.split(|b| *b == b'\n').next().unwrap_or_default();
        let algorithm = first
            .splitn(2, |b| *b == b':')
            .nth(1)
            .map(|a| String::from_utf8_lossy(a.trim_ascii()).into_owned())
            .unwrap_or_default();
        let encrypted = !ppk
            .split(|b| *b == b'\n')
            .any(|l| l.trim_ascii() == b"Encryption: none");
        out.push(KeyHit {
            offset: start,
            kind: format!("PuTTY private key ({algorithm})"),
            encrypted,
            fingerprint: fingerprint(ppk),
        });
    }
    if data.len() <= DER_CAP
        && data.first() == Some(&0x30)
        && let Some(key) = der::private_key(data)
    {
        out.push(KeyHit {
            offset: 0,
            kind: format!("DER{}", describe(&key)),
            encrypted: false,
            fingerprint: fingerprint(data),
        });
    }
    out
}

/// Fingerprints of keys that are public by design (`data/public-test-keys.txt`).
fn public_test_keys() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../data/public-test-keys.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_whitespace().next())
            .collect()
    })
}

/// ` PKCS#1 RSA 2048-bit` for the detail.
fn describe(key: &der::DerKey) -> String {
    match key.bits {
        Some(bits) => format!(" {} {} {bits}-bit", key.syntax, key.algorithm),
        None => format!(" {} {}", key.syntax, key.algorithm),
    }
}

/// The cipher name of an `openssh-key-v1` key (`none` when unencrypted).
pub(crate) fn openssh_cipher(contents: &[u8]) -> Option<&[u8]> {
    let rest = contents.strip_prefix(b"openssh-key-v1\0")?;
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    rest.get(4..4 + len)
}

impl Rule for PrivateKey {
    fn id(&self) -> &'static str {
        "private-key"
    }
    fn title(&self) -> &'static str {
        "Private keys shipped in the image"
    }
    fn codes(&self) -> &'static [Code] {
        &[PLAIN, ENCRYPTED]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        let files: Vec<_> = input
            .tree
            .files()
            .filter(|(_, _, data)| data.len() <= BINARY_CAP)
            .collect();
        let found: Vec<Finding> = files
            .par_iter()
            .flat_map_iter(|(path, node, data)| {
                let rel = rel_path(path, node);
                let keys = if ssh_host_key::host_key(rel, data).is_some() {
                    Vec::new()
                } else {
                    find_keys(data)
                };
                keys.into_iter()
                    .filter(|key| !public_test_keys().contains(&key.fingerprint.as_str()))
                    .map(move |key| {
                        let code = if key.encrypted { &ENCRYPTED } else { &PLAIN };
                        Finding::new(
                            self,
                            code,
                            path,
                            Some(key.offset as u64),
                            format!(
                                "{}{} private key, sha256:{}",
                                key.kind,
                                if key.encrypted { " encrypted" } else { "" },
                                key.fingerprint
                            ),
                        )
                    })
            })
            .collect();
        out.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::tests::{run_rule, tree_of};

    /// A real PKCS#8 Ed25519 key (`openssl genpkey -algorithm ed25519`), made for this test.
    const ED25519_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEILRa4BezbG++6lIO4RxIrgjltv0D5pqy6zV6pDCRm2lA\n-----END PRIVATE KEY-----\n";

    #[test]
    fn pem_keys_are_found_and_encrypted_ones_rank_lower() {
        let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n";
        let tree = tree_of(&[
            ("etc/ssl/private/server.key", ED25519_PEM.as_bytes()),
            ("etc/ssl/private/client.key", encrypted.as_bytes()),
        ]);
        let found = run_rule(&PrivateKey, &tree);
        assert_eq!(found.len(), 2, "{found:#?}");
        let plain = found
            .iter()
            .find(|f| f.path.ends_with("server.key"))
            .unwrap();
        assert_eq!(plain.code, "FW-KEY-001");
        assert!(plain.detail.contains("PKCS#8 Ed25519"), "{}", plain.detail);
        assert!(!plain.detail.contains("MC4CAQAw"));
        let enc = found
            .iter()
            .find(|f| f.path.ends_with("client.key"))
            .unwrap();
        assert_eq!(enc.code, "FW-KEY-002");
        assert!(enc.severity < plain.severity);
    }

    #[test]
    fn a_key_inside_a_binary_is_found_at_its_offset() {
        let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0".to_vec();
        elf.extend_from_slice(ED25519_PEM.as_bytes());
        let found = run_rule(&PrivateKey, &tree_of(&[("usr/sbin/daemon", &elf)]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].offset, Some(12));
    }

    #[test]
    fn pem_marker_strings_without_a_body_are_not_keys() {
        let libcrypto =
            b"\0-----BEGIN RSA PRIVATE KEY-----\0-----END RSA PRIVATE KEY-----\0ANY PRIVATE KEY\0";
        assert!(
            run_rule(
                &PrivateKey,
                &tree_of(&[("usr/lib/libcrypto.so.3", libcrypto)])
            )
            .is_empty()
        );
    }

    #[test]
    fn public_self_test_keys_are_not_reported() {
        let key = include_bytes!("../../tests/fixtures/findings/gnutls-selftest-ec.pem");
        assert_eq!(find_keys(key).len(), 1, "the fixture is a key");
        let mut lib = b"\x7fELF\0\0\0\0".to_vec();
        lib.extend_from_slice(key);
        let tree = tree_of(&[("usr/lib/libgnutls.so.30", &lib)]);
        assert!(run_rule(&PrivateKey, &tree).is_empty());
        assert!(public_test_keys().iter().all(|f| f.len() == 16));
    }

    #[test]
    fn openssh_putty_and_der_keys_are_found() {
        let mut body = b"openssh-key-v1\0\0\0\0\x04none\0\0\0\x04none".to_vec();
        body.resize(80, 0);
        let openssh = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
            data_encoding::BASE64.encode(&body)
        );
        let ppk = b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\nComment: x\n";
        let der = data_encoding::BASE64
            .decode(b"MC4CAQAwBQYDK2VwBCIEILRa4BezbG++6lIO4RxIrgjltv0D5pqy6zV6pDCRm2lA")
            .unwrap();
        let tree = tree_of(&[
            ("root/.ssh/id_ed25519", openssh.as_bytes()),
            ("home/admin/key.ppk", ppk),
            ("etc/cert/device.der", &der),
        ]);
        let found = run_rule(&PrivateKey, &tree);
        let code = |p: &str| found.iter().find(|f| f.path.ends_with(p)).map(|f| f.code);
        assert_eq!(code("id_ed25519"), Some("FW-KEY-001"));
        assert_eq!(code("key.ppk"), Some("FW-KEY-002"));
        assert_eq!(code("device.der"), Some("FW-KEY-001"));
    }
}
