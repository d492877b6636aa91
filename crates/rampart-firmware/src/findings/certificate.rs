use jiff::Timestamp;
use rayon::prelude::*;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::public_key::PublicKey;

use super::support::{BINARY_CAP, printable};
use super::{Code, Finding, Rule, ScanInput, Severity, der, pem};

/// Certificates that are out of date, weak or self-signed.
///
/// **What it finds**: X.509 certificates in PEM blocks anywhere in any file (`CERTIFICATE`,
/// `X509 CERTIFICATE`, `TRUSTED CERTIFICATE`) and files that are, whole, one DER
/// certificate, parsed with `x509-parser`, and reports: expired (`notAfter` before the scan
/// day) or not yet valid (`notBefore` after it); an RSA or DSA key under 2048 bits or an EC
/// key under 256 bits; a signature made with MD2, MD4, MD5 or SHA-1 (not reported for
/// self-signed certificates, whose own signature nobody relies on); a self-signed
/// certificate that is not a CA (subject equal to issuer, and no authority key identifier or
/// one equal to the subject key identifier: the signature itself is not verified).
///
/// **Why it matters**: an expired or not-yet-valid certificate makes clients fail or teaches
/// operators to click through warnings; a short key or a collision-prone signature hash
/// lets an attacker forge the identity the certificate vouches for; a self-signed server
/// certificate shipped in an image is one certificate (and, usually, one key) for every
/// device, which no client can tell apart.
///
/// **Example**: `etc/lighttpd/server.pem` with `CN=192.168.1.1`, RSA-1024, signed with
/// `sha1WithRSAEncryption` by itself, expired 2019-06-30.
///
/// **References**: IEC 62443-4-2 CR 1.8 (public key infrastructure certificates), CR 1.9
/// (strength of public key-based authentication), CR 4.3 (use of cryptography); CWE-295,
/// CWE-326, CWE-327.
pub struct Certificate;

const EXPIRED: Code = Code {
    code: "FW-CRT-001",
    severity: Severity::Medium,
    title: "Certificate has expired",
    requirements: &["CR 1.8", "CR 1.9"],
    remediation: "replace the certificate, and provision device certificates with a renewal path instead of baking them into the image",
};

const NOT_YET_VALID: Code = Code {
    code: "FW-CRT-002",
    severity: Severity::Low,
    title: "Certificate is not yet valid",
    requirements: &["CR 1.8"],
    remediation: "check the build's clock and the certificate's validity period",
};

const WEAK_KEY: Code = Code {
    code: "FW-CRT-003",
    severity: Severity::Medium,
    title: "Certificate key is too short",
    requirements: &["CR 1.9", "CR 4.3"],
    remediation: "reissue with an RSA key of at least 2048 bits or an EC key on a curve of at least 256 bits",
};

const WEAK_SIGNATURE: Code = Code {
    code: "FW-CRT-004",
    severity: Severity::Medium,
    title: "Certificate signed with MD5 or SHA-1",
    requirements: &["CR 1.9", "CR 4.3"],
    remediation: "reissue the certificate signed with SHA-256 or stronger",
};

const SELF_SIGNED: Code = Code {
    code: "FW-CRT-005",
    severity: Severity::Low,
    title: "Self-signed end-entity certificate",
    requirements: &["CR 1.8", "CR 1.9"],
    remediation: "issue device certificates per device from the operator's or the vendor's CA",
};

/// PEM labels that hold a certificate.
const LABELS: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];

/// Signature algorithms with a broken hash: MD2, MD4, MD5 and SHA-1 with RSA, DSA, ECDSA.
const WEAK_SIGNATURES: &[(&str, &str)] = &[
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
    ("1.2.840.113549.1.1.3", "md4WithRSAEncryption"),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    ("1.3.14.3.2.29", "sha1WithRSASignature"),
    ("1.2.840.10040.4.3", "dsa-with-sha1"),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
];

/// Whole-file DER certificates are looked for in files up to this size.
const DER_CAP: usize = 64 << 10;

/// The DER certificates in one file, with their offsets.
fn certificates(data: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out: Vec<(usize, Vec<u8>)> = pem::blocks(data)
        .into_iter()
        .filter(|b| LABELS.contains(&b.label))
        .filter_map(|b| Some((b.offset, b.contents?)))
        .collect();
    if data.len() <= DER_CAP
        && data.starts_with(&[0x30, 0x82])
        && der::read(data).is_some_and(|(_, rest)| rest.is_empty())
    {
        out.push((0, data.to_vec()));
    }
    out
}

/// The findings about one certificate; `day` is `[start, end)` of the scan day in Unix
/// seconds (UTC).
fn judge(
    rule: &Certificate,
    path: &str,
    offset: usize,
    cert: &X509Certificate<'_>,
    day: (i64, i64),
    out: &mut Vec<Finding>,
) {
    let subject = printable(cert.subject().to_string().as_bytes(), 120);
    let validity = cert.validity();
    let not_after = validity.not_after.timestamp();
    let not_before = validity.not_before.timestamp();
    let about = format!(
        "subject \"{subject}\", valid {} to {}",
        ymd(not_before),
        ymd(not_after)
    );
    let offset = Some(offset as u64);
    let mut push = |code: &Code, what: String| {
        out.push(Finding::new(
            rule,
            code,
            path,
            offset,
            format!("{what}; {about}"),
        ));
    };
    let (start, end) = day;
    if not_after < start {
        push(&EXPIRED, format!("expired on {}", ymd(not_after)));
    } else if not_before >= end {
        push(
            &NOT_YET_VALID,
            format!("not valid before {}", ymd(not_before)),
        );
    }
    if let Ok(key) = cert.public_key().parsed() {
        // x509-parser's own RSA size is 0 for a modulus without a leading zero octet.
        let bits = match &key {
            PublicKey::RSA(rsa) => der::integer_bits(rsa.modulus),
            other => other.key_size(),
        };
        let weak = match key {
            PublicKey::RSA(_) => Some(("RSA", 2048)),
            PublicKey::DSA(_) => Some(("DSA", 2048)),
            PublicKey::EC(_) => Some(("EC", 256)),
            _ => None,
        };
        if let Some((kind, minimum)) = weak
            && bits > 0
            && bits < minimum
        {
            push(
                &WEAK_KEY,
                format!("{kind} key of {bits} bits (minimum {minimum})"),
            );
        }
    }
    let self_signed = is_self_signed(cert);
    let oid = cert.signature_algorithm.algorithm.to_id_string();
    if !self_signed && let Some((_, name)) = WEAK_SIGNATURES.iter().find(|(o, _)| *o == oid) {
        push(&WEAK_SIGNATURE, format!("signed with {name}"));
    }
    if self_signed && !cert.is_ca() {
        push(&SELF_SIGNED, "self-signed and not a CA".to_owned());
    }
}

/// Subject equals issuer and the authority key identifier, if any, names the subject's own
/// key: self-signed as far as can be told without verifying the signature.
fn is_self_signed(cert: &X509Certificate<'_>) -> bool {
    if cert.subject().as_raw() != cert.issuer().as_raw() {
        return false;
    }
    let mut authority = None;
    let mut subject = None;
    for ext in cert.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                authority = aki.key_identifier.as_ref().map(|k| k.0);
            }
            ParsedExtension::SubjectKeyIdentifier(ski) => subject = Some(ski.0),
            _ => {}
        }
    }
    authority.is_none() || authority == subject
}

/// `2019-06-30` for a Unix time.
fn ymd(seconds: i64) -> String {
    Timestamp::from_second(seconds).map_or_else(
        |_| seconds.to_string(),
        |t| t.strftime("%Y-%m-%d").to_string(),
    )
}

impl Rule for Certificate {
    fn id(&self) -> &'static str {
        "certificate"
    }
    fn title(&self) -> &'static str {
        "Certificates that are out of date, weak or self-signed"
    }
    fn codes(&self) -> &'static [Code] {
        &[
            EXPIRED,
            NOT_YET_VALID,
            WEAK_KEY,
            WEAK_SIGNATURE,
            SELF_SIGNED,
        ]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        let start = input
            .today
            .duration_since(jiff::civil::date(1970, 1, 1))
            .as_secs();
        let day = (start, start + 86_400);
        let files: Vec<_> = input
            .tree
            .files()
            .filter(|(_, _, data)| data.len() <= BINARY_CAP)
            .collect();
        let found: Vec<Finding> = files
            .par_iter()
            .flat_map_iter(|(path, _, data)| {
                let mut found = Vec::new();
                for (offset, der) in certificates(data) {
                    if let Ok((_, cert)) = x509_parser::parse_x509_certificate(&der) {
                        judge(self, path, offset, &cert, day, &mut found);
                    }
                }
                found
            })
            .collect();
        out.extend(found);
    }
}

#[cfg(test)]
mod tests;
