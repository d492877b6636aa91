use std::sync::OnceLock;

use rayon::prelude::*;

use super::support::{is_at, lines, printable, redact, rel_path};
use super::{Code, Finding, Rule, ScanInput, Severity};

/// Weak, empty and default passwords in the account databases.
///
/// **What it finds**: in `etc/shadow`, `etc/passwd` and their backups (`shadow-`,
/// `passwd-`, also under `etc_ro/`), accounts that are not locked (a field starting `!` or
/// `*`, or `x` in passwd, is locked or shadowed) and have: an empty password field or the
/// hash of the empty password; a password that is a well-known default (the list in
/// `data/default-passwords.txt`, plus the account's own name), checked by computing the
/// hash for DES, `$1$`, `$5$` and `$6$`; a DES (13 characters) or MD5-crypt (`$1$`) hash; a
/// hash in the world-readable `passwd` instead of `shadow`.
///
/// **Why it matters**: an account without a password, or with a published default, is a
/// way in for anyone who reaches a login prompt: the Mirai botnet took over hundreds of
/// thousands of cameras and routers with a list of 60 such pairs. DES crypt keeps only 8
/// characters and falls to a laptop in hours; MD5-crypt to a GPU in days; and a hash in
/// `passwd` is readable by every local process.
///
/// **Example**: `root:$1$abcdefgh$…:0:0:…` in `etc/shadow` where the password is `admin`.
///
/// **Bounds**: the first [`MAX_ACCOUNTS`] accounts of a file with a usable hash are tried
/// against the list; SHA-crypt hashes whose `rounds=` exceeds [`MAX_ROUNDS`] are not tried (a hostile
/// `rounds=999999999` would take minutes per candidate).
///
/// **References**: IEC 62443-4-2 CR 1.1 (human user identification and authentication),
/// CR 1.5 (authenticator management: change of default authenticators), CR 1.7 (strength of
/// password-based authentication), CR 4.3 (use of cryptography); CWE-521, CWE-798, CWE-916.
pub struct PasswordHash;

const EMPTY: Code = Code {
    code: "FW-PWD-001",
    severity: Severity::Critical,
    title: "Account without a password",
    requirements: &["CR 1.1", "CR 1.5", "CR 1.7"],
    remediation: "lock the account (`!` in the password field) or require a password set per device at commissioning",
};

const DEFAULT: Code = Code {
    code: "FW-PWD-002",
    severity: Severity::Critical,
    title: "Account password is a well-known default",
    requirements: &["CR 1.5", "CR 1.7"],
    remediation: "ship no shared password: force a per-device password at first login or print a unique one on each device",
};

const DES: Code = Code {
    code: "FW-PWD-003",
    severity: Severity::High,
    title: "Password hashed with DES crypt",
    requirements: &["CR 1.7", "CR 4.3"],
    remediation: "hash passwords with SHA-512 crypt (`$6$`), bcrypt or yescrypt",
};

const MD5: Code = Code {
    code: "FW-PWD-004",
    severity: Severity::Medium,
    title: "Password hashed with MD5-crypt",
    requirements: &["CR 1.7", "CR 4.3"],
    remediation: "hash passwords with SHA-512 crypt (`$6$`), bcrypt or yescrypt",
};

const IN_PASSWD: Code = Code {
    code: "FW-PWD-005",
    severity: Severity::Medium,
    title: "Password hash in the world-readable passwd file",
    requirements: &["CR 1.5", "CR 1.7"],
    remediation: "move hashes to etc/shadow (mode 0600 or 0640) and put `x` in passwd",
};

/// Accounts per file tried against the default list (all are checked for empty and weak
/// hashes). With [`MAX_ROUNDS`] this bounds the guessing to about 16 × 46 × 2 SHA-512 crypt
/// runs of 5,000 rounds per file, a few seconds at worst; a real device has one to three.
pub const MAX_ACCOUNTS: usize = 16;

/// SHA-crypt rounds above this are not tried (the default is 5,000).
pub const MAX_ROUNDS: u64 = 10_000;

/// Account databases, relative to a root filesystem.
const FILES: &[(&str, bool)] = &[
    ("etc/shadow", true),
    ("etc/shadow-", true),
    ("etc_ro/shadow", true),
    ("etc/passwd", false),
    ("etc/passwd-", false),
    ("etc_ro/passwd", false),
];

/// The default password list, read once.
fn defaults() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../data/default-passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The crypt(3) schemes this rule can compute, by the hash's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Des,
    Md5,
    Sha256,
    Sha512,
    /// bcrypt, yescrypt, … : judged strong, not tried.
    Other,
}

fn scheme(hash: &str) -> Scheme {
    if hash.len() == 13
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'/')
    {
        Scheme::Des
    } else if hash.starts_with("$1$") {
        Scheme::Md5
    } else if hash.starts_with("$5$") {
        Scheme::Sha256
    } else if hash.starts_with("$6$") {
        Scheme::Sha512
    } else {
        Scheme::Other
    }
}

/// Whether the hash may be computed, safely and within bounds: it is written only in the
/// crypt alphabet (`./0-9A-Za-z`, `$` and the `=` of `rounds=`; pwhash 1.0 panics on other
/// characters), and for SHA-crypt its `rounds=` (if any) is a number no larger than
/// [`MAX_ROUNDS`].
fn affordable(scheme: Scheme, hash: &str) -> bool {
    if !hash
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"./$=".contains(&b))
    {
        return false;
    }
    match scheme {
        Scheme::Des | Scheme::Md5 => true,
        Scheme::Sha256 | Scheme::Sha512 => match hash[3..].strip_prefix("rounds=") {
            None => true,
            Some(rest) => rest
                .split('$')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n <= MAX_ROUNDS),
        },
        Scheme::Other => false,
    }
}

/// The first candidate (the empty password, the account's name, then the list) whose hash
/// is `hash`.
fn matching_candidate<'a>(account: &'a str, hash: &str) -> Option<&'a str> {
    std::iter::once("")
        .chain(std::iter::once(account))
        .chain(defaults().iter().copied())
        .find(|candidate| pwhash::unix::verify(candidate, hash))
}

/// One account line with a usable password field.
struct Account<'a> {
    name: &'a str,
    field: &'a str,
    offset: usize,
    line: usize,
    /// Whether it is among the first [`MAX_ACCOUNTS`] of its file, so tried against the list.
    guess: bool,
}

impl PasswordHash {
    fn check(&self, path: &str, account: &Account<'_>, shadow: bool) -> Vec<Finding> {
        let at = Some(account.offset as u64);
        let name = printable(account.name.as_bytes(), 32);
        let place = format!("line {}, account `{name}`", account.line);
        let mut out = Vec::new();
        if account.field.is_empty() {
            out.push(Finding::new(
                self,
                &EMPTY,
                path,
                at,
                format!("{place}: empty password field"),
            ));
            return out;
        }
        let scheme = scheme(account.field);
        if !shadow {
            out.push(Finding::new(
                self,
                &IN_PASSWD,
                path,
                at,
                format!("{place}: hash in passwd"),
            ));
        }
        match scheme {
            Scheme::Des => out.push(Finding::new(
                self,
                &DES,
                path,
                at,
                format!("{place}: 13-character DES crypt hash (8 characters of password at most)"),
            )),
            Scheme::Md5 => out.push(Finding::new(
                self,
                &MD5,
                path,
                at,
                format!("{place}: `$1$` MD5-crypt hash"),
            )),
            _ => {}
        }
        if account.guess
            && affordable(scheme, account.field)
            && let Some(candidate) = matching_candidate(account.name, account.field)
        {
            if candidate.is_empty() {
                out.push(Finding::new(
                    self,
                    &EMPTY,
                    path,
                    at,
                    format!("{place}: the hash is of the empty password"),
                ));
            } else {
                let source = if candidate == account.name {
                    "the account's own name"
                } else {
                    "in the default password list"
                };
                out.push(Finding::new(
                    self,
                    &DEFAULT,
                    path,
                    at,
                    format!(
                        "{place}: password {} is {source}",
                        redact(candidate.as_bytes())
                    ),
                ));
            }
        }
        out
    }
}

impl Rule for PasswordHash {
    fn id(&self) -> &'static str {
        "password-hash"
    }
    fn title(&self) -> &'static str {
        "Weak, empty and default passwords in the account databases"
    }
    fn codes(&self) -> &'static [Code] {
        &[EMPTY, DEFAULT, DES, MD5, IN_PASSWD]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        let mut work = Vec::new();
        for (path, node, data) in input.tree.files() {
            let rel = rel_path(path, node);
            let Some(&(_, shadow)) = FILES.iter().find(|(f, _)| is_at(rel, f)) else {
                continue;
            };
            if !super::support::is_text(data) {
                continue;
            }
            let accounts = lines(data)
                .filter_map(|line| {
                    let text = std::str::from_utf8(line.text).ok()?;
                    let mut fields = text.split(':');
                    let name = fields.next()?.trim();
                    let field = fields.next()?.trim();
                    let locked = field.starts_with('!')
                        || field.starts_with('*')
                        || (!shadow && field == "x");
                    (!name.is_empty() && !name.starts_with('#') && !locked).then_some(Account {
                        name,
                        field,
                        offset: line.offset,
                        line: line.number,
                        guess: false,
                    })
                })
                .enumerate()
                .map(|(i, account)| Account {
                    guess: i < MAX_ACCOUNTS,
                    ..account
                });
            work.extend(accounts.map(|a| (path, a, shadow)));
        }
        let found: Vec<Finding> = work
            .par_iter()
            .flat_map_iter(|(path, account, shadow)| self.check(path, account, *shadow))
            .collect();
        out.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::tests::{run_rule, tree_of};

    fn codes(found: &[Finding]) -> Vec<&'static str> {
        found.iter().map(|f| f.code).collect()
    }

    #[test]
    fn empty_default_and_weak_hashes_are_reported_and_locked_accounts_are_not() {
        // Hashes made with `openssl passwd -1 -salt abcdefgh admin`, `-6 -salt saltsalt
        // root`, `-6 -salt pepper` and a long random password; DES with perl's
        // `crypt("1234", "ab")`.
        let shadow = "\
root:$6$saltsalt$bAY90rAsHhyx.bxmKP9FE5UF4jP1iWgjV0ltM6ZJxfYkiIaCExjBZIbfmqmZEWoR65aM.1nFvG7fF3gYOjHpM.:19000:0:99999:7:::
admin:$1$abcdefgh$l/LAqC8oJERu7Cmx6trtY/:19000::::::
guest::19000::::::
daemon:*:19000::::::
sync:!$6$saltsalt$bAY90rAsHhyx.bxmKP9FE5UF4jP1iWgjV0ltM6ZJxfYkiIaCExjBZIbfmqmZEWoR65aM.1nFvG7fF3gYOjHpM.:19000::::::
op:$6$pepper$bZHkGaZqVxLKYdEkglcVQ/U..OFqGdEGU9mKv1gpjf1fIZEDI5BbVTGWtqlHAa00cEvaE.JDzvnptpp0egAK6.:19000::::::
";
        let passwd =
            "root:x:0:0:root:/root:/bin/sh\nuser:abWMpd9uBwR.g:1000:1000::/home/user:/bin/sh\n";
        let tree = tree_of(&[
            ("etc/shadow", shadow.as_bytes()),
            ("etc/passwd", passwd.as_bytes()),
        ]);
        let found = run_rule(&PasswordHash, &tree);
        let on = |account: &str| -> Vec<&'static str> {
            codes(
                &found
                    .iter()
                    .filter(|f| f.detail.contains(&format!("`{account}`")))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(on("root"), ["FW-PWD-002"], "{found:#?}");
        assert_eq!(on("admin"), ["FW-PWD-004", "FW-PWD-002"]);
        assert_eq!(on("guest"), ["FW-PWD-001"]);
        assert_eq!(on("user"), ["FW-PWD-005", "FW-PWD-003", "FW-PWD-002"]);
        assert!(on("daemon").is_empty() && on("sync").is_empty() && on("op").is_empty());
        let root = found.iter().find(|f| f.detail.contains("`root`")).unwrap();
        assert!(
            root.detail.contains("own name") && !root.detail.contains("\"root"),
            "{}",
            root.detail
        );
    }

    #[test]
    fn only_the_first_accounts_of_a_file_are_guessed_but_all_are_classified() {
        let mut shadow = String::new();
        for i in 0..=MAX_ACCOUNTS {
            shadow.push_str(&format!(
                "u{i}:$1$abcdefgh$l/LAqC8oJERu7Cmx6trtY/:1::::::\n"
            ));
        }
        let found = run_rule(
            &PasswordHash,
            &tree_of(&[("etc/shadow", shadow.as_bytes())]),
        );
        let count = |code: &str| found.iter().filter(|f| f.code == code).count();
        assert_eq!(count("FW-PWD-004"), MAX_ACCOUNTS + 1);
        assert_eq!(count("FW-PWD-002"), MAX_ACCOUNTS);
    }

    /// Found by the `findings` fuzz target: pwhash 1.0 underflows on a salt character below
    /// 0x20 and indexes out of bounds on U+0080, so such hashes must never reach it.
    #[test]
    fn hashes_outside_the_crypt_alphabet_are_not_computed() {
        for shadow in [
            "u:$6$c/et.c\x1a\x1a/et:1::\n",
            "u:$5$sa\u{80}lt$abc:1::\n",
            "u:$1$sa\u{80}lt$abc:1::\n",
        ] {
            let found = run_rule(
                &PasswordHash,
                &tree_of(&[("etc/shadow", shadow.as_bytes())]),
            );
            assert!(found.iter().all(|f| f.code != "FW-PWD-002"));
        }
    }

    #[test]
    fn a_hostile_rounds_count_is_not_computed() {
        let hash = "$6$rounds=999999999$saltsalt$x4a5HXl4rCZfUv5QFHOVDBUsYW1T5o4NtxdTPZnR/xSDKlFpIV1WGtHQBMRgT93vSOl7WPtD/2MvTX4dAmrHw.";
        assert!(!affordable(Scheme::Sha512, hash));
        assert!(affordable(Scheme::Sha512, "$6$rounds=5000$s$h"));
        assert!(!affordable(Scheme::Sha256, "$5$rounds=x$s$h"));
        let shadow = format!("root:{hash}:1::::::\n");
        // Returns at once: with the hash computed it would take minutes.
        assert!(
            run_rule(
                &PasswordHash,
                &tree_of(&[("etc/shadow", shadow.as_bytes())])
            )
            .is_empty()
        );
    }
}
