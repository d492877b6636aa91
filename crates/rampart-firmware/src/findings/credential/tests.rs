use super::*;
use crate::findings::support::LINE_CAP;
use crate::findings::tests::{run_rule, tree_of};

fn found_in(rel: &str, text: &str) -> Vec<Finding> {
    run_rule(&HardCodedCredential, &tree_of(&[(rel, text.as_bytes())]))
}

#[test]
fn the_built_in_patterns_compile_with_known_codes() {
    assert!(patterns().len() >= 8);
    assert!(compile("[[pattern]]\nid = \"x\"\ncode = \"FW-CRD-999\"\nfiles = \"text\"\nregex = \"(?P<value>a)\"\n").is_err());
    assert!(
        compile(
            "[[pattern]]\nid = \"x\"\ncode = \"FW-CRD-001\"\nfiles = \"text\"\nregex = \"a\"\n"
        )
        .is_err()
    );
}

#[test]
fn literal_assignments_are_found_and_redacted() {
    let conf = "\
# password = commented-out
listener 1883
password = Pl4nt2019
admin_password: \"changeme\"
db.password=$DB_PASSWORD
api_key = ${API_KEY}
token=%s
secret = ****
bypass = enabled
pwd=
";
    let found = found_in("etc/mosquitto/mosquitto.conf", conf);
    let lines: Vec<&str> = found
        .iter()
        .map(|f| f.detail.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(lines, ["3", "4"], "{found:#?}");
    assert!(found.iter().all(|f| f.code == "FW-CRD-001"));
    assert!(
        found[0].detail.contains("`password` = \"Pl…\" (9 chars"),
        "{}",
        found[0].detail
    );
    assert!(!found[0].detail.contains("Pl4nt2019"));
    assert_eq!(found[0].offset, Some(conf.find("Pl4nt").unwrap() as u64));
}

#[test]
fn json_xml_and_uci_forms_are_found() {
    assert_eq!(
        found_in(
            "www/config.json",
            r#"{"user":"admin","password":"s3cret!x"}"#
        )
        .len(),
        1
    );
    assert_eq!(
        found_in(
            "etc/app.xml",
            "<cfg><AdminPassword>hunter22</AdminPassword></cfg>"
        )
        .len(),
        1
    );
    let wireless = "config wifi-iface\n\toption ssid 'plant'\n\toption key 'Wlan-2019-key'\n";
    let found = found_in("etc/config/wireless", wireless);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "FW-CRD-003");
    let found = found_in(
        "etc/wpa_supplicant.conf",
        "network={\n  ssid=\"plant\"\n  psk=\"correct horse\"\n}\n",
    );
    assert_eq!(found[0].code, "FW-CRD-003");
}

#[test]
fn service_keys_and_url_credentials_are_found_in_any_text_file() {
    let found = found_in("usr/lib/cloud/agent.py", "KEY = 'AKIAIOSFODNN7EXAMPLE'\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "FW-CRD-002");
    let found = found_in(
        "usr/bin/update.lua",
        "local u = \"ftp://fw:Upd4te!@10.0.0.5/image.bin\"\n",
    );
    assert_eq!(found[0].code, "FW-CRD-004");
    assert!(found_in("usr/bin/x.lua", "-- ftp://user:password@host/\n").is_empty());
}

#[test]
fn source_documentation_and_binaries_are_not_read_for_assignments() {
    assert!(found_in("usr/lib/lua/luci/model.lua", "password = 'whatever1'\n").is_empty());
    assert!(found_in("usr/share/doc/app/README.conf", "password = example1\n").is_empty());
    let tree = tree_of(&[("etc/app.conf", b"\0\0password = Pl4nt2019\n")]);
    assert!(run_rule(&HardCodedCredential, &tree).is_empty());
}

#[test]
fn a_script_is_recognised_by_its_shebang() {
    let found = found_in(
        "usr/sbin/start-vpn",
        "#!/bin/sh\nVPN_PASS=\"Sup3rVPN\"\nopenvpn --auth-user-pass /tmp/x\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
}

#[test]
fn comments_expressions_flags_and_phrases_are_not_credentials() {
    // Each line is a false positive seen on a Debian root filesystem.
    let xml = "<settings>\n<!--\n<server>\n  <password>repopwd</password>\n</server>\n-->\n<password>R3al-one</password>\n</settings>\n";
    let found = found_in("etc/maven/settings.xml", xml);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].detail.starts_with("line 7 "));
    assert!(
        found_in(
            "etc/ssl/openssl.cnf",
            "secret = $insta::secret # pass:insta\n"
        )
        .is_empty()
    );
    assert!(
        found_in(
            "usr/bin/adduser",
            "#!/usr/bin/perl\nmy $ask_passwd = 1;\nmy $token = $next_token;\n"
        )
        .is_empty()
    );
    assert!(found_in("usr/bin/tool.py", "'token': tstring,\n").is_empty());
    assert!(
        found_in(
            "usr/sbin/addgnupghome",
            "#!/bin/sh\ncat_passwd='getent passwd'\n"
        )
        .is_empty()
    );
    assert!(
        found_in(
            "usr/share/tcl/http.tm",
            "#     http://jschmoe:xyzzy@www.bogus.net:8000/\n"
        )
        .is_empty()
    );
    assert!(
        found_in(
            "usr/share/vim/syntax/rebol.vim",
            "syn match x \"ftp://\\(\\k\\+:\\k\\+@\\)\"\n"
        )
        .is_empty()
    );
    assert!(found_in("etc/nsswitch.conf", "passwd:         files systemd\n").is_empty());
    // A quoted literal in Perl is still one.
    assert_eq!(
        found_in("usr/bin/x", "#!/usr/bin/perl\nmy $password = 'S3cr3t!!';\n").len(),
        1
    );
}

#[test]
fn the_file_prefilter_drops_anchors_and_word_boundaries_only() {
    let anywhere = unanchored(r"^\s*(?P<key>psk)\s*=\s*(?P<value>\w+)\b$", true).unwrap();
    // Mid-file and mid-line, where the anchored pattern could not match the whole text.
    assert!(anywhere.is_match(b"# wireless\n<!-- note --> PSK=abcdefgh; more"));
    // Everything else still has to be there.
    assert!(!anywhere.is_match(b"pks=abcdefgh"));
    assert!(!anywhere.is_match(b"psk abcdefgh"));
    // Case sensitivity is kept.
    let exact = unanchored(
        r"(?:^|[^A-Z0-9])(?P<value>AKIA[0-9A-Z]{4})(?:[^A-Z0-9]|$)",
        false,
    )
    .unwrap();
    assert!(exact.is_match(b"id=AKIAABCD"));
    assert!(!exact.is_match(b"id=akiaabcd"));
    // The ends that may match nothing are dropped (here the boundary classes), what must
    // match stays: the value needs one character at least.
    assert!(exact.is_match(b"XAKIAABCDX"));
    let value = unanchored(r"\s*psk\s*=\s*(?P<value>\w+)\s*", false).unwrap();
    assert!(value.is_match(b"psk=a"));
    assert!(!value.is_match(b"psk= ;"));
    // An optional part inside the pattern is kept.
    let inner = unanchored(r"a(?:x)?b", false).unwrap();
    assert!(inner.is_match(b"axb") && inner.is_match(b"ab") && !inner.is_match(b"ayb"));
}

#[test]
fn a_secret_the_whole_file_hides_from_anchored_patterns_is_still_found() {
    // `^` of the wpa-psk pattern holds where the text after an XML comment's end starts,
    // which is no line start in the whole file.
    let found = found_in(
        "etc/wifi.xml",
        "<!-- set at\ncommissioning --> psk=\"Pl4ntW1f1Key\"\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "FW-CRD-003");
    // The AWS key's `$` holds at the line's 4 KiB cap, where the file goes on with letters.
    let key = "AKIAIOSFODNN7EXAMPLF";
    let line = format!("{}={key}BCDEF\n", "a".repeat(LINE_CAP - key.len() - 1));
    let found = found_in("srv/notes.txt", &line);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "FW-CRD-002");
}

#[test]
fn every_built_in_pattern_line_match_is_seen_by_its_file_prefilter() {
    let lines: &[&[u8]] = &[
        b"psk=\"Pl4ntW1f1Key\"",
        b"  option key 'w1f1k3y!'",
        b"  option admin_password 'adm1nPw'",
        b"AKIAIOSFODNN7EXAMPLF",
        b"ghp_0123456789abcdefghijABCDEFGHIJ012345",
        b"AIzaSyA0123456789abcdefghijABCDEFGHIJ_-",
        b"mqtt://plant:S3cr3t@broker.local",
        b"<password>S3cr3tPw</password>",
        b"db.password = S3cr3tPw",
    ];
    for pattern in patterns() {
        for line in lines {
            if pattern.regex.is_match(line) {
                let mut file = b"header line\n<!-- x -->".to_vec();
                file.extend_from_slice(line);
                file.extend_from_slice(b"tail");
                assert!(pattern.anywhere.is_match(&file), "{}", pattern.id);
            }
        }
    }
    // Each example line is read by some pattern (the sweep above is not empty).
    for line in lines {
        assert!(
            patterns().iter().any(|p| p.regex.is_match(line)),
            "{line:?}"
        );
    }
}
