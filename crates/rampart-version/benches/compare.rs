//! How fast each ecosystem orders versions: one iteration compares every pair of 1,000 realistic
//! versions (1,000,000 `compare` calls, each parsing both sides, as a scan does when it walks
//! an advisory's ranges). Run: `cargo bench -p rampart-version --bench compare`.

use rampart_version::{Ecosystem, compare};

fn main() {
    divan::main();
}

/// 1,000 distinct, valid versions in `ecosystem`'s own style, deterministic.
fn versions(ecosystem: Ecosystem) -> Vec<String> {
    (0..1000u32)
        .map(|i| {
            let (a, b, c) = (i % 7, i % 13, i % 101);
            let n = i % 5;
            match ecosystem {
                Ecosystem::Semver | Ecosystem::Npm => {
                    let pre = ["", "-rc.1", "-alpha.2", "-beta.11", "+build.5"][n as usize];
                    format!("{a}.{b}.{c}{pre}")
                }
                Ecosystem::Go => {
                    let tail = [
                        "",
                        "-rc.1",
                        "-0.20191109021931-daa7c04131f5",
                        "+incompatible",
                        "",
                    ][n as usize];
                    format!("v{a}.{b}.{c}{tail}")
                }
                Ecosystem::Nuget => {
                    let tail = ["", "-RC.1", "-beta2", ".4", "+sha.5"][n as usize];
                    format!("{a}.{b}.{c}{tail}")
                }
                Ecosystem::Debian => {
                    let tail = ["", "~rc1", "+deb12u1", "+deb12u10", "~deb11u3"][n as usize];
                    let epoch = if i % 11 == 0 { "1:" } else { "" };
                    format!("{epoch}{a}.{b}.{c}-{}{tail}", i % 9 + 1)
                }
                Ecosystem::Rpm => {
                    let tail = ["", "~rc1", "^20240101git", "", ""][n as usize];
                    format!("{a}.{b}.{c}{tail}-{}.el9", i % 30 + 1)
                }
                Ecosystem::Alpine => {
                    let tail = ["", "a", "_rc1", "_p2", "_git20240101"][n as usize];
                    format!("{a}.{b}.{c}{tail}-r{}", i % 9)
                }
                Ecosystem::Packagist => {
                    let tail = ["", "-dev", "RC1", "-beta2", "pl1"][n as usize];
                    format!("v{a}.{b}.{c}{tail}")
                }
                Ecosystem::Cran => {
                    let sep = [".", "-", ".", "-", "."][n as usize];
                    format!("{a}.{b}{sep}{c}")
                }
                Ecosystem::Hackage => {
                    let tail = ["", ".0", ".1", ".0.2", ""][n as usize];
                    format!("{a}.{b}.{c}{tail}")
                }
                Ecosystem::Pub => {
                    let tail = ["", "-dev.1", "+1", "-beta.2+3", "-nullsafety.0"][n as usize];
                    format!("{a}.{b}.{c}{tail}")
                }
                Ecosystem::Rubygems => {
                    let tail = ["", ".beta1", "-rc1", ".pre.2", "a"][n as usize];
                    format!("{a}.{b}.{c}{tail}")
                }
                Ecosystem::Pypi => {
                    let tail = ["", "rc1", ".post1", ".dev2", "+ubuntu1"][n as usize];
                    format!("{a}.{b}.{c}{tail}")
                }
                Ecosystem::Maven => {
                    let tail = ["", "-SNAPSHOT", ".Final", "-rc1", "-sp1"][n as usize];
                    format!("{a}.{b}.{c}{tail}")
                }
                Ecosystem::Generic => match n {
                    0 | 1 => format!("{a}.{b}.{c}{}", ["", "k"][n as usize]),
                    2 => format!("V{a}.{b}.{c}"),
                    3 => format!("A{a}_U{b:02}"),
                    _ => format!("20{b:02}.{c}"),
                },
            }
        })
        .collect()
}

/// A million comparisons: every pair of the 1,000 versions.
#[divan::bench(args = Ecosystem::ALL, sample_count = 5, sample_size = 1)]
fn million_pairs(bencher: divan::Bencher, ecosystem: Ecosystem) {
    let list = versions(ecosystem);
    bencher.bench(|| {
        let mut less = 0u32;
        for a in &list {
            for b in &list {
                if compare(ecosystem, a, b).unwrap().is_lt() {
                    less += 1;
                }
            }
        }
        divan::black_box(less)
    });
}
