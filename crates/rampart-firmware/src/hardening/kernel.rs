//! The kernel's hardening options, read from a kernel config found in the tree and compared
//! with the KSPP recommendations (`data/kernel-hardening.toml`, compiled in).
//!
//! A config is found by name (`kernel.config`, `.config`, `boot/config-*`, a gzipped
//! `proc/config.gz`) or by the banner `make` writes at its top; the first one in path order
//! that holds `CONFIG_` lines is used.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::HardeningProblem;
use crate::tree::FileTree;

/// The largest kernel config read (a full `allyesconfig` is about 300 KB).
const MAX_CONFIG_BYTES: usize = 16 << 20;

/// The line `make` writes at the top of every generated kernel config.
const BANNER: &[u8] = b"# Automatically generated file; DO NOT EDIT.";

/// Architectures whose options differ; every other one gets only the options for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KernelArch {
    /// `CONFIG_X86_64=y`.
    X86_64,
    /// `CONFIG_X86_32=y` (or `CONFIG_X86=y` without `X86_64`).
    X86_32,
    /// `CONFIG_ARM64=y`.
    Arm64,
    /// `CONFIG_ARM=y`.
    Arm,
    /// `CONFIG_MIPS=y`.
    Mips,
    /// `CONFIG_PPC=y`.
    Powerpc,
    /// `CONFIG_RISCV=y`.
    Riscv,
    /// None of the above.
    Other,
}

/// One recommendation of the table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KernelOption {
    /// The option, without `CONFIG_`.
    pub name: String,
    /// `y`, `is not set` (also met by an absent option) or an exact value.
    pub expected: String,
    /// Other `NAME=value` conditions, any of which also meets the recommendation.
    #[serde(default, rename = "or")]
    pub alternatives: Vec<String>,
    /// Architectures it applies to; empty for all.
    #[serde(default)]
    pub arch: Vec<KernelArch>,
    /// `defconfig`, `kspp` or `cut_attack_surface`.
    pub source: String,
    /// What the setting protects against.
    pub why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionTable {
    option: Vec<KernelOption>,
}

/// The compiled-in recommendations, in table order.
pub fn kernel_options() -> &'static [KernelOption] {
    static TABLE: OnceLock<Vec<KernelOption>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let table: OptionTable = toml::from_str(include_str!("../../data/kernel-hardening.toml"))
            .expect("the compiled-in kernel option table parses (tested)");
        table.option
    })
}

/// The kernel config checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KernelHardening {
    /// The tree path of the config.
    pub path: String,
    /// The kernel version from the config's banner (`6.1.0`), when it has one.
    pub version: Option<String>,
    /// The architecture the config selects.
    pub arch: KernelArch,
    /// Every recommendation that applies to `arch`, in table order.
    pub checks: Vec<KernelCheck>,
    /// Checks that pass.
    pub passed: usize,
    /// Checks that fail.
    pub failed: usize,
}

/// One option compared with its recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KernelCheck {
    /// The option, without `CONFIG_`.
    pub option: String,
    /// The recommended value.
    pub expected: String,
    /// The value in the config: `y`, `m`, a value, `is not set`, or absent (`None`).
    pub actual: Option<String>,
    /// The alternative condition that met the recommendation, when the option itself did not.
    pub satisfied_by: Option<String>,
    /// Pass or fail.
    pub status: KernelCheckStatus,
    /// Where the recommendation comes from.
    pub source: String,
    /// What it protects against.
    pub why: String,
}

/// Whether a kernel option meets its recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KernelCheckStatus {
    /// It does.
    Pass,
    /// It does not.
    Fail,
}

const NOT_SET: &str = "is not set";

/// Parses `CONFIG_NAME=value` and `# CONFIG_NAME is not set` lines.
fn parse_config(text: &str) -> HashMap<&str, &str> {
    let mut values = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("# CONFIG_")
            && let Some(name) = rest.strip_suffix(" is not set")
        {
            values.insert(name, NOT_SET);
        } else if let Some(rest) = line.strip_prefix("CONFIG_")
            && let Some((name, value)) = rest.split_once('=')
        {
            values.insert(name, value);
        }
    }
    values
}

fn banner_version(text: &str) -> Option<String> {
    text.lines().take(8).find_map(|line| {
        let rest = line.strip_prefix("# Linux/")?;
        let rest = rest.strip_suffix(" Kernel Configuration")?;
        rest.split_whitespace().nth(1).map(str::to_owned)
    })
}

fn arch_of(values: &HashMap<&str, &str>) -> KernelArch {
    let on = |name: &str| values.get(name) == Some(&"y");
    if on("X86_64") {
        KernelArch::X86_64
    } else if on("X86_32") || on("X86") {
        KernelArch::X86_32
    } else if on("ARM64") {
        KernelArch::Arm64
    } else if on("ARM") {
        KernelArch::Arm
    } else if on("MIPS") {
        KernelArch::Mips
    } else if on("PPC") {
        KernelArch::Powerpc
    } else if on("RISCV") {
        KernelArch::Riscv
    } else {
        KernelArch::Other
    }
}

/// Whether `actual` meets `expected`: `is not set` is also met by an absent option (a
/// dependency not selected removes it from the config).
fn meets(expected: &str, actual: Option<&str>) -> bool {
    match actual {
        Some(value) => value == expected,
        None => expected == NOT_SET,
    }
}

/// Compares the config text found at `path` with every recommendation for its architecture.
pub fn check_kernel_config(path: &str, text: &str) -> KernelHardening {
    let values = parse_config(text);
    let arch = arch_of(&values);
    let mut checks = Vec::new();
    for option in kernel_options() {
        if !option.arch.is_empty() && !option.arch.contains(&arch) {
            continue;
        }
        let actual = values.get(option.name.as_str()).copied();
        let mut satisfied_by = None;
        let pass = meets(&option.expected, actual)
            || option.alternatives.iter().any(|alternative| {
                let met = alternative
                    .split_once('=')
                    .is_some_and(|(name, value)| meets(value, values.get(name).copied()));
                if met {
                    satisfied_by = Some(alternative.clone());
                }
                met
            });
        checks.push(KernelCheck {
            option: option.name.clone(),
            expected: option.expected.clone(),
            actual: actual.map(str::to_owned),
            satisfied_by,
            status: if pass {
                KernelCheckStatus::Pass
            } else {
                KernelCheckStatus::Fail
            },
            source: option.source.clone(),
            why: option.why.clone(),
        });
    }
    let passed = checks
        .iter()
        .filter(|c| c.status == KernelCheckStatus::Pass)
        .count();
    KernelHardening {
        path: path.to_owned(),
        version: banner_version(text),
        arch,
        failed: checks.len() - passed,
        passed,
        checks,
    }
}

/// Whether the path names a kernel config by convention.
fn named_like_config(path: &str) -> bool {
    let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
    let parent_name = parent.rsplit('/').next().unwrap_or(parent);
    name == "kernel.config"
        || name == ".config"
        || (parent_name == "boot" && name.starts_with("config-"))
}

fn is_proc_config_gz(path: &str) -> bool {
    path == "proc/config.gz" || path.ends_with("/proc/config.gz")
}

/// Reads a gzipped config within [`MAX_CONFIG_BYTES`].
fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .take(MAX_CONFIG_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("kernel config: gzip: {e}"))?;
    if out.len() > MAX_CONFIG_BYTES {
        return Err(format!(
            "kernel config: more than {MAX_CONFIG_BYTES} bytes once decompressed"
        ));
    }
    Ok(out)
}

/// The first kernel config of the tree (path order), checked; unreadable candidates are
/// reported in `problems` and the search goes on.
pub(super) fn find_kernel_config(
    tree: &FileTree,
    problems: &mut Vec<HardeningProblem>,
) -> Option<KernelHardening> {
    for (path, _, data) in tree.files() {
        let text = if is_proc_config_gz(path) {
            match gunzip(data) {
                Ok(text) => text,
                Err(message) => {
                    problems.push(HardeningProblem {
                        path: path.to_owned(),
                        message,
                    });
                    continue;
                }
            }
        } else if named_like_config(path)
            || data[..data.len().min(256)]
                .windows(BANNER.len())
                .any(|w| w == BANNER)
        {
            if data.len() > MAX_CONFIG_BYTES {
                continue;
            }
            data.to_vec()
        } else {
            continue;
        };
        let text = String::from_utf8_lossy(&text);
        if !text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("CONFIG_") || l.starts_with("# CONFIG_")
        }) {
            continue;
        }
        return Some(check_kernel_config(path, &text));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_table_parses_with_known_sources_and_no_duplicates_per_arch() {
        let options = kernel_options();
        assert!(options.len() >= 40);
        let mut seen = std::collections::HashSet::new();
        for option in options {
            assert!(
                ["defconfig", "kspp", "cut_attack_surface"].contains(&option.source.as_str()),
                "{}: source {}",
                option.name,
                option.source
            );
            for alternative in &option.alternatives {
                assert!(alternative.contains('='), "{}: {alternative}", option.name);
            }
            let arches = if option.arch.is_empty() {
                vec![KernelArch::Other]
            } else {
                option.arch.clone()
            };
            for arch in arches {
                assert!(
                    seen.insert((option.name.clone(), arch)),
                    "{} twice",
                    option.name
                );
            }
        }
    }

    #[test]
    fn values_not_set_lines_and_absent_options_are_judged() {
        let config = "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm 5.10.0 Kernel Configuration\n#\nCONFIG_ARM=y\nCONFIG_STRICT_KERNEL_RWX=y\n# CONFIG_DEVMEM is not set\nCONFIG_DEFAULT_MMAP_MIN_ADDR=4096\nCONFIG_SLAB_MERGE_DEFAULT=y\nCONFIG_CC_STACKPROTECTOR_STRONG=y\n";
        let report = check_kernel_config("boot/config", config);
        assert_eq!(report.arch, KernelArch::Arm);
        assert_eq!(report.version.as_deref(), Some("5.10.0"));
        let check = |name: &str| report.checks.iter().find(|c| c.option == name).unwrap();
        assert_eq!(check("STRICT_KERNEL_RWX").status, KernelCheckStatus::Pass);
        assert_eq!(check("DEVMEM").status, KernelCheckStatus::Pass);
        assert_eq!(check("DEVMEM").actual.as_deref(), Some("is not set"));
        // Absent and expected off: passes (the option's dependency is not selected).
        assert_eq!(check("KEXEC").actual, None);
        assert_eq!(check("KEXEC").status, KernelCheckStatus::Pass);
        // Absent and expected on: fails.
        assert_eq!(check("HARDENED_USERCOPY").status, KernelCheckStatus::Fail);
        assert_eq!(check("SLAB_MERGE_DEFAULT").status, KernelCheckStatus::Fail);
        // The 32-bit ARM value of DEFAULT_MMAP_MIN_ADDR, not x86's.
        let mmap = check("DEFAULT_MMAP_MIN_ADDR");
        assert_eq!(
            (mmap.expected.as_str(), mmap.status),
            ("32768", KernelCheckStatus::Fail)
        );
        // An older name meets the recommendation.
        let strong = check("STACKPROTECTOR_STRONG");
        assert_eq!(strong.status, KernelCheckStatus::Pass);
        assert_eq!(
            strong.satisfied_by.as_deref(),
            Some("CC_STACKPROTECTOR_STRONG=y")
        );
        // DEVMEM off makes STRICT_DEVMEM moot.
        assert_eq!(check("STRICT_DEVMEM").status, KernelCheckStatus::Pass);
        // x86-only options are not listed for ARM.
        assert!(report.checks.iter().all(|c| c.option != "RANDOMIZE_MEMORY"));
        assert_eq!(report.passed + report.failed, report.checks.len());
    }

    #[test]
    fn config_files_are_recognised_by_name() {
        assert!(named_like_config(
            "fw.unpacked/0x0-squashfs/boot/config-5.10.0"
        ));
        assert!(named_like_config("boot/config-6.1"));
        assert!(named_like_config("src/linux/.config"));
        assert!(named_like_config("kernel.config"));
        assert!(!named_like_config("etc/config-backup"));
        assert!(is_proc_config_gz("rootfs/proc/config.gz"));
    }
}
