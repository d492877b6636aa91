//! A minimal DER reader for cheap structural checks: is this whole file one private key?
//! Definite lengths only (DER has no other), at most four length bytes; anything else is
//! "not a key", never an error.

/// One tag-length-value.
pub struct Tlv<'a> {
    /// The identifier octet (0x30 SEQUENCE, 0x02 INTEGER, …).
    pub tag: u8,
    /// The value.
    pub content: &'a [u8],
}

/// Reads one TLV from the start of `data`; the rest follows it.
pub fn read(data: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = data.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    Some((
        Tlv {
            tag,
            content: &rest[..len],
        },
        &rest[len..],
    ))
}

/// The TLVs of a constructed value, in order; stops at the first malformed one and at `max`.
pub fn children(mut content: &[u8], max: usize) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    while !content.is_empty() && out.len() < max {
        let Some((tlv, rest)) = read(content) else {
            break;
        };
        out.push(tlv);
        content = rest;
    }
    out
}

/// The bit length of a DER INTEGER's value (leading zero octets ignored).
pub fn integer_bits(content: &[u8]) -> usize {
    let trimmed = match content.iter().position(|b| *b != 0) {
        Some(i) => &content[i..],
        None => return 0,
    };
    trimmed.len() * 8 - trimmed[0].leading_zeros() as usize
}

/// What a DER private key is.
#[derive(Debug, PartialEq, Eq)]
pub struct DerKey {
    /// The syntax: `PKCS#1`, `PKCS#8`, `SEC1`, `DSA`.
    pub syntax: &'static str,
    /// The algorithm: `RSA`, `EC`, `DSA`, `Ed25519`, … or `unknown`.
    pub algorithm: &'static str,
    /// The modulus size for RSA keys.
    pub bits: Option<usize>,
}

const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;

/// Algorithm names of the PKCS#8 `AlgorithmIdentifier` OIDs keys use.
const ALGORITHMS: &[(&[u8], &str)] = &[
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
        "RSA",
    ),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], "EC"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01], "DSA"),
    (&[0x2b, 0x65, 0x70], "Ed25519"),
    (&[0x2b, 0x65, 0x71], "Ed448"),
    (&[0x2b, 0x65, 0x6e], "X25519"),
];

/// Whether `data` is, whole, one unencrypted private key in DER: PKCS#1 RSA (version 0 and
/// eight integers), OpenSSL's DSA (version 0 and five integers), SEC1 EC (version 1, an
/// octet string, tagged parameters) or PKCS#8 (version 0/1, an algorithm identifier, an octet
/// string).
pub fn private_key(data: &[u8]) -> Option<DerKey> {
    let (outer, rest) = read(data)?;
    if outer.tag != SEQUENCE || !rest.is_empty() {
        return None;
    }
    let parts = children(outer.content, 10);
    let version = parts.first().filter(|t| t.tag == INTEGER)?.content;
    let tags: Vec<u8> = parts.iter().map(|t| t.tag).collect();
    if version == [0] && tags.len() == 9 && tags.iter().all(|t| *t == INTEGER) {
        return Some(DerKey {
            syntax: "PKCS#1",
            algorithm: "RSA",
            bits: Some(integer_bits(parts[1].content)),
        });
    }
    if version == [0] && tags.len() == 6 && tags.iter().all(|t| *t == INTEGER) {
        return Some(DerKey {
            syntax: "DSA",
            algorithm: "DSA",
            bits: None,
        });
    }
    if version == [1] && tags.len() >= 3 && tags[1] == OCTET_STRING && tags[2] & 0xe0 == 0xa0 {
        return Some(DerKey {
            syntax: "SEC1",
            algorithm: "EC",
            bits: None,
        });
    }
    if (version == [0] || version == [1])
        && tags.len() >= 3
        && tags[1] == SEQUENCE
        && tags[2] == OCTET_STRING
    {
        let oid = children(parts[1].content, 2)
            .into_iter()
            .find(|t| t.tag == OID)?;
        let algorithm = ALGORITHMS
            .iter()
            .find(|(o, _)| *o == oid.content)
            .map_or("unknown", |(_, name)| *name);
        let bits = if algorithm == "RSA" {
            read(parts[2].content)
                .filter(|(t, _)| t.tag == SEQUENCE)
                .and_then(|(inner, _)| children(inner.content, 2).into_iter().nth(1))
                .map(|n| integer_bits(n.content))
        } else {
            None
        };
        return Some(DerKey {
            syntax: "PKCS#8",
            algorithm,
            bits,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            out.extend_from_slice(&[0x82, (content.len() >> 8) as u8, content.len() as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    #[test]
    fn a_pkcs1_rsa_key_is_recognised_with_its_size() {
        let mut modulus = vec![0u8];
        modulus.extend(std::iter::repeat_n(0xc1, 128));
        let mut body = tlv(INTEGER, &[0]);
        body.extend(tlv(INTEGER, &modulus));
        for _ in 0..7 {
            body.extend(tlv(INTEGER, &[3]));
        }
        let key = private_key(&tlv(SEQUENCE, &body)).unwrap();
        assert_eq!(
            (key.syntax, key.algorithm, key.bits),
            ("PKCS#1", "RSA", Some(1024))
        );
    }

    #[test]
    fn a_pkcs8_ed25519_key_is_recognised() {
        let mut body = tlv(INTEGER, &[0]);
        body.extend(tlv(SEQUENCE, &tlv(OID, &[0x2b, 0x65, 0x70])));
        body.extend(tlv(OCTET_STRING, &tlv(OCTET_STRING, &[7; 32])));
        let key = private_key(&tlv(SEQUENCE, &body)).unwrap();
        assert_eq!((key.syntax, key.algorithm), ("PKCS#8", "Ed25519"));
    }

    #[test]
    fn other_der_and_trailing_bytes_are_not_keys() {
        let mut body = tlv(INTEGER, &[2]);
        body.extend(tlv(INTEGER, &[5]));
        assert!(private_key(&tlv(SEQUENCE, &body)).is_none());
        let mut trailing = tlv(SEQUENCE, &tlv(INTEGER, &[0]));
        trailing.push(0);
        assert!(private_key(&trailing).is_none());
        assert!(private_key(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
    }
}
