//! `rampart db import|status`: the index location, refused inputs, the status report.

use std::path::Path;

use rampart_advisory::index::Index;
use rampart_advisory::model::{Affected, AffectedPackage, KevEntry};
use rampart_advisory::{Advisory, Record};

use crate::common::Run;

fn db(dir: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("rampart").expect("the rampart binary is built");
    cmd.args(args)
        .current_dir(dir)
        .env_remove("RAMPART_DB")
        .env_remove("XDG_DATA_HOME");
    for (name, value) in envs {
        cmd.env(name, value);
    }
    let out = cmd.output().expect("rampart runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// An index with two OSV advisories and one KEV entry, written through the library (this
/// branch's CLI has no sources compiled in to import them with).
fn populated(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("advisories.redb");
    let index = Index::open_write(&path).unwrap();
    let advisory = |id: &str| {
        Record::Advisory(Box::new(Advisory {
            id: id.to_owned(),
            source: "osv".to_owned(),
            affected: vec![Affected::Package(AffectedPackage {
                ecosystem: "PyPI".to_owned(),
                name: "django".to_owned(),
                ..AffectedPackage::default()
            })],
            ..Advisory::default()
        }))
    };
    let origin = vec!["osv/PyPI/all.zip".to_owned()];
    index
        .write_records(
            "osv",
            vec![advisory("GHSA-1"), advisory("PYSEC-2")],
            &origin,
        )
        .unwrap();
    let kev = Record::Kev(KevEntry {
        cve: "CVE-2024-1".to_owned(),
        date_added: "2024-05-01".to_owned(),
        ..KevEntry::default()
    });
    index
        .write_records(
            "kev",
            vec![kev],
            &["known_exploited_vulnerabilities.json".to_owned()],
        )
        .unwrap();
    index
        .set_source_meta("kev", |meta| {
            meta.last_import = Some(days_ago(30));
        })
        .unwrap();
    path
}

/// RFC 3339, `days` days before now, to the second.
fn days_ago(days: i64) -> String {
    let then = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
    jiff::Timestamp::from_second(then.as_second())
        .unwrap()
        .to_string()
}

fn assert_filtered(name: &str, run: &Run) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[TIME]");
    settings.add_filter(r"\d+\.\d KiB", "[SIZE]");
    settings.add_filter(r#""size_bytes": \d+"#, r#""size_bytes": [SIZE]"#);
    settings.bind(|| insta::assert_snapshot!(name, run.transcript()));
}

#[test]
fn a_missing_index_says_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = db(
        dir.path(),
        &["db", "status"],
        &[("XDG_DATA_HOME", dir.path())],
    );
    assert_eq!(run.code, 2);
    let expected = format!(
        "no advisory index at {}",
        dir.path().join("rampart/advisories.redb").display()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    insta::assert_snapshot!(
        run.stderr
            .replace(&dir.path().display().to_string(), "[DIR]")
    );
}

#[test]
fn rampart_db_and_the_flag_name_the_index() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path());
    let by_env = db(
        dir.path(),
        &["db", "status", "--format", "json"],
        &[("RAMPART_DB", &dir.path().join("advisories.redb"))],
    );
    assert_eq!(by_env.code, 0, "{}", by_env.stderr);
    let by_flag = db(
        dir.path(),
        &[
            "db",
            "--db",
            "advisories.redb",
            "status",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(by_flag.code, 0, "{}", by_flag.stderr);
    let other = db(
        dir.path(),
        &["db", "status", "--db", "other.redb"],
        &[("RAMPART_DB", &dir.path().join("advisories.redb"))],
    );
    assert!(
        other.stderr.contains("no advisory index at other.redb"),
        "{}",
        other.stderr
    );
}

#[test]
fn status_reports_sources_counts_and_stale_data() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path());
    let table = db(
        dir.path(),
        &["db", "--db", "advisories.redb", "status", "--width", "0"],
        &[],
    );
    assert_eq!(table.code, 0);
    assert_filtered("status_table", &table);
    let json = db(
        dir.path(),
        &[
            "db",
            "--db",
            "advisories.redb",
            "status",
            "--format",
            "json",
        ],
        &[],
    );
    assert_filtered("status_json", &json);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["schema"], "rampart.db.status/1");
    assert_eq!(value["sources"][1]["records"], 2);
    assert_eq!(value["sources"][0]["stale"], true);
    assert_eq!(value["sources"][1]["stale"], false);
    let lenient = db(
        dir.path(),
        &[
            "db",
            "--db",
            "advisories.redb",
            "status",
            "--max-age",
            "100000",
        ],
        &[],
    );
    assert!(!lenient.stderr.contains("warning"), "{}", lenient.stderr);
}

#[test]
fn refused_inputs_exit_2_after_importing_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let big = std::fs::File::create(dir.path().join("big.json")).unwrap();
    big.set_len(3 << 20).unwrap();
    let run = db(
        dir.path(),
        &[
            "db",
            "--db",
            "i.redb",
            "import",
            "notes.txt",
            "big.json",
            "missing.json",
            "--max-file-size",
            "1M",
        ],
        &[],
    );
    insta::assert_snapshot!(run.transcript());
    assert!(
        dir.path().join("i.redb").is_file(),
        "the index is created even so"
    );
}

#[test]
fn an_unknown_source_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = db(
        dir.path(),
        &[
            "db", "--db", "i.redb", "import", "x.json", "--source", "nope",
        ],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown source `nope`"),
        "{}",
        run.stderr
    );
}

#[test]
fn update_reads_the_feeds_file_and_reports_each_feed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[[feed]]\nname = \"x\"\nurll = \"y\"\n",
    )
    .unwrap();
    let bad = db(
        dir.path(),
        &["db", "--db", "i.redb", "update", "--feeds", "bad.toml"],
        &[],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .starts_with("error: bad.toml:3:1: unknown field `urll`"),
        "{}",
        bad.stderr
    );

    // A server that is always busy: the feed fails, the command says so and exits 2.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut request = [0u8; 4096];
            let _ = std::io::Read::read(&mut stream, &mut request);
            let reply = "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            let _ = std::io::Write::write_all(&mut stream, reply.as_bytes());
        }
    });
    let feeds = format!(
        "[[feed]]\nname = \"kev\"\nsource = \"kev\"\nurl = \"{base}/kev.json\"\n\n[[feed]]\nname = \"epss\"\nurl = \"{base}/epss.csv.gz\"\n"
    );
    std::fs::write(dir.path().join("feeds.toml"), feeds).unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("rampart")).unwrap();
    std::fs::copy(
        dir.path().join("feeds.toml"),
        config.join("rampart/feeds.toml"),
    )
    .unwrap();
    let run = db(
        dir.path(),
        &["db", "--db", "i.redb", "update", "--source", "kev"],
        &[("XDG_CONFIG_HOME", &config)],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "kev: {base}/kev.json: HTTP 503\nerror: 1 feed(s) failed or had refused inputs; the others were updated\n"
        )
    );
    let unknown = db(
        dir.path(),
        &[
            "db",
            "--db",
            "i.redb",
            "update",
            "--feeds",
            "feeds.toml",
            "--source",
            "nvd",
        ],
        &[],
    );
    assert!(
        unknown
            .stderr
            .contains("no feed named nvd; configured: kev, epss"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn update_sends_the_nvd_api_key_from_the_environment_and_never_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut request = [0u8; 8192];
            let n = std::io::Read::read(&mut stream, &mut request).unwrap_or(0);
            let _ = tx.send(String::from_utf8_lossy(&request[..n]).into_owned());
            let body = r#"{"resultsPerPage":1,"startIndex":0,"totalResults":1,"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2024-0001","published":"2024-01-01T00:00:00.000","lastModified":"2024-01-01T00:00:00.000","vulnStatus":"Analyzed","descriptions":[{"lang":"en","value":"x"}]}}]}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = std::io::Write::write_all(&mut stream, reply.as_bytes());
        }
    });
    std::fs::write(
        dir.path().join("feeds.toml"),
        format!(
            "[[feed]]\nname = \"nvd\"\nsource = \"nvd\"\nkind = \"nvd-api\"\nurl = \"{base}/rest/json/cves/2.0\"\n"
        ),
    )
    .unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("rampart").unwrap();
    let out = cmd
        .args(["db", "--db", "i.redb", "update", "--feeds", "feeds.toml"])
        .current_dir(dir.path())
        .env("RAMPART_NVD_API_KEY", "env-key-secret")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("nvd: downloaded"), "{stdout}");
    let request = rx.recv().unwrap().to_ascii_lowercase();
    assert!(
        request.contains("\r\napikey: env-key-secret\r\n"),
        "{request}"
    );
    assert!(request.starts_with("get /rest/json/cves/2.0?resultsperpage=2000&startindex=0 "));
    assert!(!stdout.contains("secret") && !stderr.contains("secret"));
}
