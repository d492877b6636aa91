use super::boot_service::{BootScripts, command_word, commands};
use super::support::{file_name, is_at, is_text, lines, printable, rel_path};
use super::{Code, Finding, Rule, ScanInput, Severity};
use crate::tree::{FileTree, NodeKind};

/// BusyBox httpd started at boot without authentication.
///
/// **What it finds**: a BusyBox `httpd` the image starts at boot (from `etc/inittab`,
/// `etc/inetd.conf` with `-i`, or a boot script, as [`super::boot_service`] finds them)
/// whose configuration protects no path. BusyBox httpd asks for a password only for the
/// paths its configuration names in `/path:user:pass` lines (`/:admin:$1$…` protects
/// everything, `/cgi-bin:admin:*` the CGI scripts, with the password from `/etc/passwd`);
/// the realm option `-r` names the password prompt and protects nothing by itself. The
/// configuration is the file `-c FILE` names, else `/etc/httpd.conf`, else `httpd.conf` in
/// the document root (`-h`), plus the `httpd.conf` files of the document root's folders,
/// which add lines for their folder. It reports when none of these has a `/path:user:pass`
/// line: no configuration at all, or one with only index, MIME, IP allow/deny or
/// interpreter lines (an IP list is not an authentication of a user). It stays silent
/// when `-c` names a file the image does not hold (a configuration written at run time
/// cannot be judged), for a server bound to loopback (`-p 127.0.0.1:PORT`), for the
/// one-shot `-d`, `-e` and `-m` modes, and for an `httpd` it cannot show to be BusyBox's
/// (run as `busybox httpd`, or a path that resolves to the busybox binary), so Apache's
/// `httpd` is never taken for it.
///
/// **Why it matters**: an embedded web server serves the device's status pages and CGI
/// scripts, which usually change its configuration; without a password anyone who can
/// reach the port can use them. 62443-4-2 asks that every human user (CR 1.1) and every
/// software process (CR 1.2) be identified and authenticated on every interface, and that
/// use be authorised (CR 2.1).
///
/// **Example**: `etc/init.d/S80httpd` running `httpd -p 80 -h /www` with no
/// `etc/httpd.conf` in the image.
///
/// **References**: IEC 62443-4-2 CR 1.1, CR 1.2, CR 2.1; CWE-306; BusyBox
/// `networking/httpd.c` (the configuration syntax, in its header comment).
pub struct BusyboxHttpd;

const NO_AUTH: Code = Code {
    code: "FW-SVC-006",
    severity: Severity::High,
    title: "BusyBox httpd started at boot without authentication",
    requirements: &["CR 1.1", "CR 1.2", "CR 2.1"],
    remediation: "protect the served paths with `/path:user:pass` lines (hashed passwords, e.g. `httpd -m`) in the httpd.conf httpd reads (-c FILE, else /etc/httpd.conf), bind it to loopback, or do not start it",
};

/// Options of BusyBox httpd that take a value (`-c FILE`, `-p [IP:]PORT`, …).
const WITH_VALUE: &[char] = &['c', 'd', 'h', 'e', 'm', 'u', 'p', 'r'];

/// How one httpd command line was written.
#[derive(Debug, Default)]
struct Options<'a> {
    config: Option<&'a str>,
    home: Option<&'a str>,
    port: Option<&'a str>,
    one_shot: bool,
}

/// Reads BusyBox httpd's options (grouped flags and attached values as getopt takes them:
/// `-fp80`, `-p 80`, `-c/etc/h.conf`).
fn options<'a>(args: &[&'a str]) -> Options<'a> {
    let mut o = Options::default();
    let mut i = 0;
    while i < args.len() {
        let word = args[i].trim_matches(|c| c == '"' || c == '\'');
        i += 1;
        let Some(flags) = word.strip_prefix('-').filter(|f| !f.starts_with('-')) else {
            continue;
        };
        for (at, flag) in flags.char_indices() {
            if !WITH_VALUE.contains(&flag) {
                continue;
            }
            let attached = &flags[at + flag.len_utf8()..];
            let value = if attached.is_empty() {
                i += 1;
                args.get(i - 1)
                    .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
            } else {
                Some(attached)
            };
            match flag {
                'c' => o.config = value,
                'h' => o.home = value,
                'p' => o.port = value,
                'd' | 'e' | 'm' => o.one_shot = true,
                _ => {}
            }
            break;
        }
    }
    o
}

/// Whether `port` (`[IP:]PORT`) binds to loopback only.
fn is_loopback(port: &str) -> bool {
    port.starts_with("127.") || port.starts_with("localhost:") || port.starts_with("[::1]")
}

/// Whether a configuration line is a `/path:user:pass` authentication line, read as httpd
/// reads it: white space and `#` comments removed first.
fn is_auth_line(line: &[u8]) -> bool {
    let text: String = String::from_utf8_lossy(line)
        .split('#')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut fields = text.splitn(3, ':');
    matches!(
        (fields.next(), fields.next(), fields.next()),
        (Some(path), Some(user), Some(pass))
            if path.starts_with('/') && !user.is_empty() && !pass.is_empty()
    )
}

/// Whether the configuration text `data` protects a path.
fn protects(data: &[u8]) -> bool {
    lines(data).any(|l| is_auth_line(l.text))
}

/// The tree path prefix of the root filesystem a file at `path` (`rel` within its node's
/// root) belongs to, with its trailing `/`: what absolute paths in that file start from.
/// A root filesystem packed one folder down (`rootfs/etc/inittab`) is found too.
fn system_root<'p>(path: &'p str, rel: &str) -> &'p str {
    let within = rel
        .match_indices("etc/")
        .filter(|(i, _)| *i == 0 || rel.as_bytes()[i - 1] == b'/')
        .map(|(i, _)| i)
        .last()
        .unwrap_or(0);
    &path[..path.len() - rel.len() + within]
}

/// The regular file at `abs` (absolute within the root filesystem at `root`), links followed.
fn file_at<'t>(tree: &'t FileTree, root: &str, abs: &str) -> Option<&'t [u8]> {
    let (_, node) = tree.resolve(&format!("{root}{}", abs.trim_start_matches('/')))?;
    match &node.kind {
        NodeKind::File(data) => Some(data),
        _ => None,
    }
}

/// Whether the program at `program` (as the command names it) is BusyBox: a path that
/// resolves to a file named `busybox*` or holding BusyBox's banner. A bare name is looked
/// up in the usual folders.
fn is_busybox_program(tree: &FileTree, root: &str, program: &str) -> bool {
    let candidates: Vec<String> = if program.contains('/') {
        vec![program.to_owned()]
    } else {
        ["usr/sbin", "sbin", "usr/bin", "bin"]
            .iter()
            .map(|d| format!("{d}/{program}"))
            .collect()
    };
    candidates.iter().any(|c| {
        tree.resolve(&format!("{root}{}", c.trim_start_matches('/')))
            .is_some_and(|(target, node)| {
                file_name(target).starts_with("busybox")
                    || matches!(&node.kind, NodeKind::File(d)
                        if memchr::memmem::find(d, b"BusyBox v").is_some())
            })
    })
}

/// Where an httpd start was found.
struct Start<'a> {
    path: &'a str,
    offset: usize,
    line: usize,
    text: String,
}

impl BusyboxHttpd {
    /// Judges one command (`words`, from a file under `root`) and reports it if it starts
    /// BusyBox httpd with no protected path.
    fn judge(
        &self,
        tree: &FileTree,
        root: &str,
        words: &[&str],
        start: &Start<'_>,
        out: &mut Vec<Finding>,
    ) {
        let Some((mut words, mut via_busybox)) = command_word(words) else {
            return;
        };
        // `/bin/busybox httpd …`: the applet named after the binary's path.
        if words.len() > 1 && file_name(words[0]).starts_with("busybox") {
            words = &words[1..];
            via_busybox = true;
        }
        let program = words[0].trim_matches(|c| c == '"' || c == '\'');
        if file_name(program) != "httpd"
            || !(via_busybox || is_busybox_program(tree, root, program))
        {
            return;
        }
        let o = options(&words[1..]);
        if o.one_shot || o.port.is_some_and(is_loopback) {
            return;
        }
        let config = match o.config {
            Some(c) => match file_at(tree, root, c) {
                Some(data) => Some((c.to_owned(), data)),
                // Written at run time (or missing, and httpd would not start): unknown.
                None => return,
            },
            None => file_at(tree, root, "etc/httpd.conf")
                .map(|d| ("/etc/httpd.conf".to_owned(), d))
                .or_else(|| {
                    let home = o.home?;
                    let conf = format!("{}/httpd.conf", home.trim_end_matches('/'));
                    file_at(tree, root, &conf).map(|d| (conf, d))
                }),
        };
        if config.as_ref().is_some_and(|(_, data)| protects(data)) {
            return;
        }
        // Folder configurations under the document root add their own lines.
        if let Some(home) = o.home {
            let prefix = format!("{root}{}/", home.trim_matches('/'));
            let folder_protects = tree.files().any(|(p, _, d)| {
                p.starts_with(&prefix) && file_name(p) == "httpd.conf" && protects(d)
            });
            if folder_protects {
                return;
            }
        }
        let why = match &config {
            Some((path, _)) => format!("its configuration {path} has no `/path:user:pass` line"),
            None => "it has no httpd.conf (-c, /etc/httpd.conf)".to_owned(),
        };
        let detail = format!(
            "line {}: starts BusyBox httpd without authentication: {why} (`{}`)",
            start.line, start.text
        );
        out.push(Finding::new(
            self,
            &NO_AUTH,
            start.path,
            Some(start.offset as u64),
            detail,
        ));
    }
}

impl Rule for BusyboxHttpd {
    fn id(&self) -> &'static str {
        "busybox-httpd-auth"
    }
    fn title(&self) -> &'static str {
        "BusyBox httpd started at boot without authentication"
    }
    fn codes(&self) -> &'static [Code] {
        &[NO_AUTH]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        let tree = input.tree;
        let boot = BootScripts::of(tree);
        for (path, node, data) in tree.files() {
            let rel = rel_path(path, node);
            let inittab = is_at(rel, "etc/inittab");
            let inetd = is_at(rel, "etc/inetd.conf");
            if !(inittab || inetd || boot.runs(path, rel)) || !is_text(data) {
                continue;
            }
            let root = system_root(path, rel);
            for line in lines(data) {
                let text = String::from_utf8_lossy(line.text);
                let text = text.trim();
                if text.starts_with('#') || text.is_empty() {
                    continue;
                }
                let start = Start {
                    path,
                    offset: line.offset,
                    line: line.number,
                    text: printable(text.as_bytes(), 100),
                };
                if inittab {
                    // id:runlevels:action:process
                    let fields: Vec<&str> = text.splitn(4, ':').collect();
                    if fields.len() == 4 && fields[2] != "off" {
                        let words: Vec<&str> = fields[3].split_whitespace().collect();
                        self.judge(tree, root, &words, &start, out);
                    }
                } else if inetd {
                    // service socket protocol wait user server [argv0 args…]
                    let words: Vec<&str> = text.split_whitespace().collect();
                    if words.len() > 6 {
                        let server = words[5];
                        let mut command = vec![server];
                        command.extend_from_slice(&words[7..]);
                        if file_name(server) == "busybox" {
                            command.insert(1, words[6]);
                        }
                        self.judge(tree, root, &command, &start, out);
                    }
                } else {
                    for words in commands(text) {
                        self.judge(tree, root, &words, &start, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
