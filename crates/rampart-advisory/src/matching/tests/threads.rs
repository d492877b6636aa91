//! Judging runs on all threads: the report must not depend on how many there are.

use super::*;

/// Many components of every identifier kind, against the real records of the other tests.
fn mixed_components() -> Vec<Component> {
    let mut components = Vec::new();
    // More than one run of `JUDGED_TOGETHER` components, so runs meet on the threads.
    for n in 0..200 {
        let deb = format!("1.1.1n-0+deb11u{}", n % 6);
        components.push(component(
            &format!("openssl-{n}"),
            &deb,
            Some(&format!("pkg:deb/debian/openssl@{deb}?distro=debian-11")),
            &[],
        ));
        let v = format!("3.0.{}", n % 12);
        components.push(component(
            &format!("libssl-{n}"),
            &v,
            None,
            &[&format!("cpe:2.3:a:openssl:openssl:{v}:*:*:*:*:*:*:*")],
        ));
        let log4j = format!("2.{}.0", n % 18);
        components.push(component(
            &format!("log4j-{n}"),
            &log4j,
            Some(&format!(
                "pkg:maven/org.apache.logging.log4j/log4j-core@{log4j}"
            )),
            &[],
        ));
        components.push(component(
            &format!("linux-{n}"),
            &format!("6.1.{}", 60 + n),
            None,
            &[],
        ));
    }
    components
}

fn records() -> Vec<Record> {
    vec![
        adv(cve_2023_0286_nvd()),
        adv(debian_cve_2023_0286()),
        adv(ubuntu_cve_2023_0286()),
        adv(alpine_cve_2023_0286()),
        adv(ghsa_log4shell()),
        adv(cve_2021_44228_nvd()),
        Record::Kev(kev_log4shell()),
        adv(cve_2024_1086_nvd()),
    ]
}

fn scan_on_threads(threads: usize) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let components = mixed_components();
    let report = pool.install(|| scan_with(&components, records()));
    serde_json::to_string_pretty(&report).unwrap()
}

#[test]
fn one_thread_and_several_give_the_same_report() {
    let one = scan_on_threads(1);
    assert!(one.contains("CVE-2021-44228") && one.contains("CVE-2023-0286"));
    for threads in [2, 3, 8] {
        assert!(
            scan_on_threads(threads) == one,
            "the report on {threads} threads differs from the one on 1"
        );
    }
}
