use super::support::{file_name, is_at, is_in, is_text, lines, printable, rel_path};
use super::{Code, Finding, Rule, ScanInput, Severity};
use crate::tree::NodeKind;

/// Cleartext, debug and login-less services started at boot.
///
/// **What it finds**: services the image starts at boot that have no place on a hardened
/// device: cleartext remote login (`telnetd`, `utelnetd`, `rlogind`, `rshd`, `rexecd`),
/// cleartext or unauthenticated file transfer (`ftpd`, `vsftpd`, `proftpd`, `tftpd`, …),
/// debug agents (`gdbserver`, `adbd`), a root shell on a console without login (inittab
/// `::respawn:/bin/sh`, `::askfirst:-/bin/sh`, `login -f root`, `getty -n -l /bin/sh`,
/// `--autologin`), and SSH servers that accept empty passwords (`dropbear -B`,
/// `PermitEmptyPasswords yes`). It reads `etc/inittab`; `etc/inetd.conf`; `etc/xinetd.d/*`
/// unless `disable = yes`; boot scripts (`etc/rc.local`, `etc/rcS`, `etc/init.d/rcS`,
/// `S*` entries of `etc/rc.d` and `etc/rc?.d`, and those `etc/init.d` scripts that are
/// enabled: named `S*`, or linked from an `S*` entry of an rc folder; when the image has no
/// rc folder and no `S*` script, every init.d script is taken as started); systemd units
/// enabled under `etc/systemd/system/*.wants/`; `etc/ssh/sshd_config`. In scripts, only a
/// command word counts (after `exec`, `nohup`, `busybox`, `start-stop-daemon -x`,
/// `procd_set_param command`), so `killall telnetd` is not a start.
///
/// **Why it matters**: telnet, rlogin and FTP send passwords in clear; TFTP has no
/// authentication at all; a debug agent gives anyone on the network control of a process;
/// a console shell without login gives root to anyone with a serial cable. 62443-4-2 asks
/// that a component provide only the functions its use needs, and protect its diagnostic
/// and test interfaces.
///
/// **Example**: `etc/init.d/S50telnet` running `/usr/sbin/telnetd -l /bin/login`, or
/// `ttyS0::respawn:/bin/sh` in `etc/inittab`.
///
/// **References**: IEC 62443-4-2 CR 7.7 (least functionality), EDR 2.13 (use of physical
/// diagnostic and test interfaces), CR 4.1 (information confidentiality), CR 1.1 (human
/// user identification and authentication); CWE-319, CWE-1191, CWE-306.
pub struct BootService;

const CLEARTEXT_LOGIN: Code = Code {
    code: "FW-SVC-001",
    severity: Severity::High,
    title: "Cleartext remote login service started at boot",
    requirements: &["CR 7.7", "CR 4.1"],
    remediation: "remove telnet/rlogin/rsh from the image and use SSH; if kept for service, make it off by default and bound to a maintenance mode",
};

const FILE_TRANSFER: Code = Code {
    code: "FW-SVC-002",
    severity: Severity::Medium,
    title: "Cleartext or unauthenticated file transfer service started at boot",
    requirements: &["CR 7.7", "CR 4.1"],
    remediation: "use SFTP/SCP or HTTPS for file transfer; start FTP/TFTP only on demand, never at boot",
};

const DEBUG: Code = Code {
    code: "FW-SVC-003",
    severity: Severity::High,
    title: "Debug agent started at boot",
    requirements: &["CR 7.7", "EDR 2.13"],
    remediation: "remove debug agents (gdbserver, adbd) from production images",
};

const ROOT_SHELL: Code = Code {
    code: "FW-SVC-004",
    severity: Severity::High,
    title: "Shell on a console without login",
    requirements: &["EDR 2.13", "CR 1.1", "CR 7.7"],
    remediation: "run a getty/login on consoles (or disable them in production) instead of a shell",
};

const EMPTY_PASSWORDS: Code = Code {
    code: "FW-SVC-005",
    severity: Severity::High,
    title: "SSH server accepts empty passwords",
    requirements: &["CR 1.1", "CR 1.7"],
    remediation: "drop dropbear's -B option / set PermitEmptyPasswords no",
};

/// A daemon worth reporting and what it is.
struct Daemon {
    names: &'static [&'static str],
    what: &'static str,
    code: &'static Code,
}

/// The daemons, by program name; inetd service names map to them too.
const DAEMONS: &[Daemon] = &[
    Daemon {
        names: &["telnetd", "utelnetd", "in.telnetd", "telnet"],
        what: "telnet",
        code: &CLEARTEXT_LOGIN,
    },
    Daemon {
        names: &["rlogind", "in.rlogind", "login", "rlogin"],
        what: "rlogin",
        code: &CLEARTEXT_LOGIN,
    },
    Daemon {
        names: &["rshd", "in.rshd", "shell", "rsh"],
        what: "rsh",
        code: &CLEARTEXT_LOGIN,
    },
    Daemon {
        names: &["rexecd", "in.rexecd", "exec", "rexec"],
        what: "rexec",
        code: &CLEARTEXT_LOGIN,
    },
    Daemon {
        names: &[
            "ftpd",
            "in.ftpd",
            "vsftpd",
            "proftpd",
            "pure-ftpd",
            "bftpd",
            "uftpd",
            "ftp",
        ],
        what: "FTP",
        code: &FILE_TRANSFER,
    },
    Daemon {
        names: &["tftpd", "in.tftpd", "atftpd", "tftpd-hpa", "tftp"],
        what: "TFTP",
        code: &FILE_TRANSFER,
    },
    Daemon {
        names: &["gdbserver"],
        what: "gdbserver",
        code: &DEBUG,
    },
    Daemon {
        names: &["adbd"],
        what: "Android debug bridge",
        code: &DEBUG,
    },
];

/// Names that only count as inetd services or systemd units, never as a command word:
/// `login`, `exec` and `shell` are ordinary programs and shell words.
const SERVICE_ONLY: &[&str] = &[
    "telnet", "login", "rlogin", "shell", "rsh", "exec", "rexec", "ftp", "tftp",
];

/// Shells that give a prompt.
const SHELLS: &[&str] = &["sh", "ash", "bash", "hush", "msh", "dash", "zsh", "ksh"];

fn daemon(name: &str, as_service: bool) -> Option<&'static Daemon> {
    if !as_service && SERVICE_ONLY.contains(&name) {
        return None;
    }
    DAEMONS.iter().find(|d| d.names.contains(&name))
}

/// A command line from its command word on: environment assignments and wrappers (`exec`,
/// `nohup`, `busybox`, `start-stop-daemon -x`, `procd_set_param command`, …) skipped. The
/// flag says whether `busybox` was one of them (`busybox httpd` runs BusyBox's applet).
pub(super) fn command_word<'w>(words: &'w [&'w str]) -> Option<(&'w [&'w str], bool)> {
    let mut words = words;
    let mut via_busybox = false;
    loop {
        match words.first().copied() {
            Some(w) if w.contains('=') && !w.starts_with('-') => words = &words[1..],
            Some("exec" | "nohup" | "busybox" | "sudo" | "command" | "setsid") => {
                via_busybox |= words[0] == "busybox";
                words = &words[1..];
            }
            Some("procd_set_param") if words.get(1) == Some(&"command") => words = &words[2..],
            Some("start-stop-daemon") => {
                let at = words
                    .iter()
                    .position(|w| matches!(*w, "-x" | "--exec" | "-a" | "--startas"))?;
                words = &words[at + 1..];
            }
            _ => break,
        }
    }
    (!words.is_empty()).then_some((words, via_busybox))
}

/// What one command line starts, if it is worth a finding: the code and a description.
fn judge_command(words: &[&str]) -> Option<(&'static Code, String)> {
    let (words, _) = command_word(words)?;
    let program = file_name(words.first()?.trim_start_matches('-'));
    let program = program.trim_matches(|c| c == '"' || c == '\'');
    if let Some(d) = daemon(program, false) {
        return Some((d.code, format!("starts {} (`{program}`)", d.what)));
    }
    if program == "dropbear"
        && words[1..]
            .iter()
            .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('B'))
    {
        return Some((
            &EMPTY_PASSWORDS,
            "starts dropbear with -B (blank passwords allowed)".to_owned(),
        ));
    }
    if program == "login" && words.windows(2).any(|w| w == ["-f", "root"]) {
        return Some((
            &ROOT_SHELL,
            "logs root in without a password (`login -f root`)".to_owned(),
        ));
    }
    if program.ends_with("getty")
        && (words.iter().any(|w| *w == "--autologin" || *w == "-a")
            || words
                .windows(2)
                .any(|w| w[0] == "-l" && SHELLS.contains(&file_name(w[1])))
                && words.contains(&"-n"))
    {
        return Some((
            &ROOT_SHELL,
            format!("`{program}` logs in without a password"),
        ));
    }
    None
}

/// Splits a script line into commands (`;`, `&&`, `||`, `|`, `&`) and each into words.
pub(super) fn commands(line: &str) -> Vec<Vec<&str>> {
    line.split([';', '|', '&'])
        .map(|c| c.split_whitespace().collect::<Vec<_>>())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Boot scripts that always run.
const ALWAYS: &[&str] = &[
    "etc/rc.local",
    "etc/rcS",
    "etc/rc",
    "etc/init.d/rcS",
    "etc/rc.d/rc.local",
    "etc/rc.d/rcS",
];

/// Whether `rel` is an rc folder entry (`etc/rc.d/S50x`, `etc/rc3.d/S20x`).
fn is_rc_entry(rel: &str) -> bool {
    rel.rsplit_once('/').is_some_and(|(dir, _)| {
        let dir_name = file_name(dir);
        (dir_name == "rc.d"
            || (dir_name.len() == 5
                && dir_name.starts_with("rc")
                && dir_name.as_bytes()[3..] == *b".d"))
            && is_in(rel, &format!("etc/{dir_name}"))
    })
}

/// Whether `name` is an `S` entry: `S` then digits.
fn is_start_entry(name: &str) -> bool {
    name.strip_prefix('S')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// Which shell scripts of an image run at boot: the [`ALWAYS`] scripts, `S*` entries of rc
/// folders, and the `etc/init.d` scripts that are enabled (named `S*`, or the target of an
/// rc folder's `S*` link; every one when the image has neither).
pub(super) struct BootScripts<'t> {
    /// Targets of rc folders' `S*` entries, links resolved.
    started: std::collections::BTreeSet<&'t str>,
    has_rc: bool,
    has_s_script: bool,
}

impl<'t> BootScripts<'t> {
    /// Reads the rc folders of `tree`.
    pub(super) fn of(tree: &'t crate::tree::FileTree) -> BootScripts<'t> {
        let mut boot = BootScripts {
            started: std::collections::BTreeSet::new(),
            has_rc: false,
            has_s_script: false,
        };
        for (path, node) in tree.iter() {
            let rel = rel_path(path, node);
            if is_rc_entry(rel) && is_start_entry(file_name(rel)) {
                boot.has_rc = true;
                if let Some((target, _)) = tree.resolve(path) {
                    boot.started.insert(target);
                }
            }
            if is_in(rel, "etc/init.d") && is_start_entry(file_name(rel)) {
                boot.has_s_script = true;
            }
        }
        boot
    }

    /// Whether the script at tree path `path` (`rel` within its root) runs at boot.
    pub(super) fn runs(&self, path: &str, rel: &str) -> bool {
        ALWAYS.iter().any(|a| is_at(rel, a))
            || (is_rc_entry(rel) && is_start_entry(file_name(rel)))
            || (is_in(rel, "etc/init.d")
                && (is_start_entry(file_name(rel))
                    || self.started.contains(path)
                    || (!self.has_rc && !self.has_s_script)))
    }
}

impl BootService {
    fn push(&self, out: &mut Vec<Finding>, path: &str, offset: usize, code: &Code, detail: String) {
        out.push(Finding::new(self, code, path, Some(offset as u64), detail));
    }

    fn inittab(&self, path: &str, data: &[u8], out: &mut Vec<Finding>) {
        for line in lines(data) {
            let text = String::from_utf8_lossy(line.text);
            let text = text.trim();
            if text.starts_with('#') || text.is_empty() {
                continue;
            }
            let fields: Vec<&str> = text.splitn(4, ':').collect();
            if fields.len() < 4 || fields[2] == "off" {
                continue;
            }
            let words: Vec<&str> = fields[3].split_whitespace().collect();
            let shown = printable(fields[3].as_bytes(), 100);
            let console = if fields[0].is_empty() {
                "the console"
            } else {
                fields[0]
            };
            if let Some(first) = words.first()
                && SHELLS.contains(&file_name(first.trim_start_matches('-')))
            {
                let detail = format!(
                    "line {}: `{}` runs a shell on {console} without login (`{shown}`)",
                    line.number, fields[2]
                );
                self.push(out, path, line.offset, &ROOT_SHELL, detail);
            } else if let Some((code, what)) = judge_command(&words) {
                self.push(
                    out,
                    path,
                    line.offset,
                    code,
                    format!("line {}: {what} (`{shown}`)", line.number),
                );
            }
        }
    }

    fn inetd(&self, path: &str, data: &[u8], out: &mut Vec<Finding>) {
        for line in lines(data) {
            let text = String::from_utf8_lossy(line.text);
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() < 6 || words[0].starts_with('#') {
                continue;
            }
            let service = words[0].rsplit(':').next().unwrap_or(words[0]);
            let server = words[5..]
                .iter()
                .map(|w| file_name(w))
                .find(|w| *w != "tcpd");
            let found = daemon(service, true).or_else(|| server.and_then(|s| daemon(s, false)));
            if let Some(d) = found {
                let detail = format!(
                    "line {}: inetd starts {} (`{}`)",
                    line.number,
                    d.what,
                    printable(line.text, 100)
                );
                self.push(out, path, line.offset, d.code, detail);
            }
        }
    }

    fn xinetd(&self, path: &str, data: &[u8], out: &mut Vec<Finding>) {
        let text = String::from_utf8_lossy(data);
        let mut service = None;
        let mut server = None;
        let mut disabled = false;
        for line in text.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix("service ") {
                service = Some(name.trim().to_owned());
            } else if let Some((key, value)) = line.split_once('=') {
                match key.trim() {
                    "disable" => disabled = value.trim() == "yes",
                    "server" => server = Some(file_name(value.trim()).to_owned()),
                    _ => {}
                }
            }
        }
        if disabled {
            return;
        }
        let found = service
            .as_deref()
            .and_then(|s| daemon(s, true))
            .or_else(|| server.as_deref().and_then(|s| daemon(s, false)));
        if let Some(d) = found {
            let detail = format!(
                "xinetd service `{}` ({}) is not disabled",
                service.unwrap_or_default(),
                d.what
            );
            out.push(Finding::new(self, d.code, path, None, detail));
        }
    }

    fn script(&self, path: &str, data: &[u8], out: &mut Vec<Finding>) {
        for line in lines(data) {
            let text = String::from_utf8_lossy(line.text);
            let text = text.trim();
            if text.starts_with('#') {
                continue;
            }
            for words in commands(text) {
                if let Some((code, what)) = judge_command(&words) {
                    let detail = format!(
                        "line {}: {what} (`{}`)",
                        line.number,
                        printable(text.as_bytes(), 100)
                    );
                    self.push(out, path, line.offset, code, detail);
                    break;
                }
            }
        }
    }

    fn sshd_config(&self, path: &str, data: &[u8], out: &mut Vec<Finding>) {
        for line in lines(data) {
            let text = String::from_utf8_lossy(line.text);
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() >= 2
                && words[0].eq_ignore_ascii_case("PermitEmptyPasswords")
                && words[1].eq_ignore_ascii_case("yes")
            {
                let detail = format!("line {}: `PermitEmptyPasswords yes`", line.number);
                self.push(out, path, line.offset, &EMPTY_PASSWORDS, detail);
            }
        }
    }
}

impl Rule for BootService {
    fn id(&self) -> &'static str {
        "boot-service"
    }
    fn title(&self) -> &'static str {
        "Cleartext, debug and login-less services started at boot"
    }
    fn codes(&self) -> &'static [Code] {
        &[
            CLEARTEXT_LOGIN,
            FILE_TRANSFER,
            DEBUG,
            ROOT_SHELL,
            EMPTY_PASSWORDS,
        ]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        let tree = input.tree;
        let boot = BootScripts::of(tree);
        for (path, node) in tree.iter() {
            let rel = rel_path(path, node);
            if let NodeKind::Symlink(_) | NodeKind::File(_) = node.kind
                && rel.rsplit_once('/').is_some_and(|(dir, _)| {
                    dir.rsplit_once('.').is_some_and(|(_, ext)| ext == "wants")
                        && is_in(dir, "etc/systemd/system")
                })
            {
                let unit = file_name(rel);
                let stem = unit.split(['.', '@']).next().unwrap_or(unit);
                if let Some(d) = daemon(stem, true) {
                    let detail = format!("systemd unit `{unit}` ({}) is enabled", d.what);
                    out.push(Finding::new(self, d.code, path, None, detail));
                }
            }
        }
        for (path, node, data) in tree.files() {
            let rel = rel_path(path, node);
            if !is_text(data) {
                continue;
            }
            if is_at(rel, "etc/inittab") {
                self.inittab(path, data, out);
            } else if is_at(rel, "etc/inetd.conf") {
                self.inetd(path, data, out);
            } else if is_in(rel, "etc/xinetd.d") {
                self.xinetd(path, data, out);
            } else if is_at(rel, "etc/ssh/sshd_config") {
                self.sshd_config(path, data, out);
            } else if boot.runs(path, rel) {
                self.script(path, data, out);
            }
        }
    }
}

#[cfg(test)]
mod tests;
