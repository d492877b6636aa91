//! Open vulnerabilities by severity and by EPSS probability, with the known-exploited (CISA
//! KEV) share of each bar drawn crossed.

use rampart_assess::results::{Severity, Vulnerability};

use super::canvas::{Canvas, Fill, nice_max};

const WIDTH: f64 = 760.0;
const LEFT: f64 = 80.0;
const TOP: f64 = 70.0;
const PLOT_H: f64 = 190.0;
const PLOT_W: f64 = 640.0;

/// The known-exploited part of a bar.
const KEV: Fill = Fill::Cross("#4a0000");

/// True when a vulnerability still counts against the subject: `affected` or
/// `under_investigation` (not `fixed`, not `not_affected` after VEX or triage).
pub fn is_open(v: &Vulnerability) -> bool {
    matches!(v.status.as_str(), "affected" | "under_investigation")
}

/// Severities from most to least severe, with their bar fills.
const SEVERITIES: [(Severity, Fill); 5] = [
    (Severity::Critical, Fill::Solid("#8e0000")),
    (Severity::High, Fill::Solid("#c62828")),
    (Severity::Medium, Fill::Solid("#e08e0b")),
    (Severity::Low, Fill::Solid("#f2c94c")),
    (Severity::None, Fill::Solid("#bdbdbd")),
];

/// One bar of a count chart: its label, its colour, its total and its KEV part.
struct Column {
    label: String,
    fill: Fill,
    total: usize,
    kev: usize,
}

/// Vertical bars with their KEV part at the bottom and `total (k KEV)` above each.
fn columns_chart(id: &str, title: &str, desc: &str, x_label: &str, columns: &[Column]) -> String {
    let base = TOP + PLOT_H;
    let height = base + 56.0;
    let top = nice_max(columns.iter().map(|c| c.total).max().unwrap_or(0));
    let mut c = Canvas::new(id, WIDTH, height, title, desc);
    c.legend(
        LEFT,
        48.0,
        &[
            (
                Fill::Solid("#888888"),
                "open vulnerabilities (colour: severity)",
            ),
            (KEV, "of which known exploited (KEV)"),
        ],
    );
    for tick in 0..=4usize {
        let y = base - PLOT_H * tick as f64 / 4.0;
        c.raw(&format!(
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#cccccc"/>"##,
            LEFT + PLOT_W
        ));
        c.text(
            LEFT - 6.0,
            y + 4.0,
            &(top * tick / 4).to_string(),
            r#"text-anchor="end""#,
        );
    }
    let slot = PLOT_W / columns.len().max(1) as f64;
    let bar_w = (slot * 0.6).min(70.0);
    for (i, col) in columns.iter().enumerate() {
        let x = LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
        let h = PLOT_H * col.total as f64 / top as f64;
        let kev_h = PLOT_H * col.kev as f64 / top as f64;
        if col.total > col.kev {
            c.bar(
                x,
                base - h,
                bar_w,
                h - kev_h,
                col.fill,
                &format!("{}: {} open", col.label, col.total),
            );
        }
        if col.kev > 0 {
            c.bar(
                x,
                base - kev_h,
                bar_w,
                kev_h,
                KEV,
                &format!("{}: {} known exploited", col.label, col.kev),
            );
        }
        let above = if col.kev > 0 {
            format!("{} ({} KEV)", col.total, col.kev)
        } else {
            col.total.to_string()
        };
        c.text(
            x + bar_w / 2.0,
            base - h - 5.0,
            &above,
            r#"text-anchor="middle" font-size="11" font-weight="bold""#,
        );
        c.text(
            x + bar_w / 2.0,
            base + 16.0,
            &col.label,
            r#"text-anchor="middle""#,
        );
    }
    c.axis_labels(
        x_label,
        LEFT + PLOT_W / 2.0,
        height - 8.0,
        "Open vulnerabilities",
        TOP + PLOT_H / 2.0,
    );
    c.finish()
}

/// Open vulnerabilities ([`is_open`]) per severity, critical first, with the
/// known-exploited part of each bar.
pub fn vulnerabilities_by_severity_svg(vulnerabilities: &[Vulnerability]) -> String {
    let columns: Vec<Column> = SEVERITIES
        .iter()
        .map(|&(severity, fill)| {
            let of: Vec<&Vulnerability> = vulnerabilities
                .iter()
                .filter(|v| is_open(v) && v.severity == severity)
                .collect();
            Column {
                label: severity.as_str().to_owned(),
                fill,
                total: of.len(),
                kev: of.iter().filter(|v| v.kev).count(),
            }
        })
        .collect();
    let desc = columns
        .iter()
        .map(|c| format!("{} {} ({} known exploited)", c.total, c.label, c.kev))
        .collect::<Vec<_>>()
        .join(", ");
    columns_chart(
        "chart-vulnerabilities",
        "Open vulnerabilities by severity, with known-exploited (KEV)",
        &format!("Open vulnerabilities: {desc}."),
        "Severity",
        &columns,
    )
}

/// EPSS buckets: label and upper bound (exclusive; the last includes 1.0).
const EPSS_BUCKETS: [(&str, f64); 5] = [
    ("< 1 %", 0.01),
    ("1–10 %", 0.10),
    ("10–50 %", 0.50),
    ("50–90 %", 0.90),
    ("≥ 90 %", f64::INFINITY),
];

/// Open vulnerabilities per EPSS band (the probability of exploitation in the next 30
/// days), plus those without a score, with the known-exploited part of each bar.
pub fn epss_svg(vulnerabilities: &[Vulnerability]) -> String {
    let open: Vec<&Vulnerability> = vulnerabilities.iter().filter(|v| is_open(v)).collect();
    let mut columns: Vec<Column> = EPSS_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, &(label, upper))| {
            let lower = if i == 0 {
                f64::NEG_INFINITY
            } else {
                EPSS_BUCKETS[i - 1].1
            };
            let of: Vec<&&Vulnerability> = open
                .iter()
                .filter(|v| v.epss.is_some_and(|e| e >= lower && e < upper))
                .collect();
            Column {
                label: label.to_owned(),
                fill: Fill::Solid("#1f4e79"),
                total: of.len(),
                kev: of.iter().filter(|v| v.kev).count(),
            }
        })
        .collect();
    let unscored: Vec<&&Vulnerability> = open.iter().filter(|v| v.epss.is_none()).collect();
    columns.push(Column {
        label: "no score".to_owned(),
        fill: Fill::Solid("#bdbdbd"),
        total: unscored.len(),
        kev: unscored.iter().filter(|v| v.kev).count(),
    });
    let high = open
        .iter()
        .filter(|v| v.epss.is_some_and(|e| e >= 0.1))
        .count();
    columns_chart(
        "chart-epss",
        "Open vulnerabilities by EPSS (probability of exploitation in 30 days)",
        &format!(
            "{} open vulnerabilities, {high} with an EPSS probability of 10 % or more, {} without a score.",
            open.len(),
            unscored.len()
        ),
        "EPSS probability band",
        &columns,
    )
}

#[cfg(test)]
mod tests {
    use rampart_assess::results::{Severity, Vulnerability};

    use super::*;

    fn vuln(severity: Severity, kev: bool, epss: Option<f64>, status: &str) -> Vulnerability {
        Vulnerability {
            id: "CVE-2099-0001".into(),
            aliases: Vec::new(),
            component: "c".into(),
            version: None,
            purl: None,
            bom_ref: None,
            severity,
            score: None,
            vector: None,
            kev,
            epss,
            status: status.into(),
            justification: None,
            fixed_versions: Vec::new(),
            confidence: "high".into(),
            records: Vec::new(),
        }
    }

    #[test]
    fn fixed_and_not_affected_are_not_open() {
        assert!(is_open(&vuln(Severity::High, false, None, "affected")));
        assert!(is_open(&vuln(
            Severity::High,
            false,
            None,
            "under_investigation"
        )));
        assert!(!is_open(&vuln(Severity::High, false, None, "fixed")));
        assert!(!is_open(&vuln(Severity::High, false, None, "not_affected")));
    }

    #[test]
    fn severity_bars_count_open_ones_with_their_kev_part() {
        let svg = vulnerabilities_by_severity_svg(&[
            vuln(Severity::Critical, true, None, "affected"),
            vuln(Severity::Critical, false, None, "affected"),
            vuln(Severity::Critical, true, None, "fixed"),
            vuln(Severity::Low, false, None, "under_investigation"),
        ]);
        assert!(svg.contains("<title>critical: 2 open</title>"), "{svg}");
        assert!(svg.contains("<title>critical: 1 known exploited</title>"));
        assert!(svg.contains(">2 (1 KEV)</text>"));
        assert!(svg.contains("<title>low: 1 open</title>"));
    }

    /// A probability on a band's edge belongs to the band above it (1 % is in 1–10 %).
    #[test]
    fn epss_bands_include_their_lower_edge() {
        let svg = epss_svg(&[
            vuln(Severity::High, false, Some(0.01), "affected"),
            vuln(Severity::High, false, Some(0.0099), "affected"),
            vuln(Severity::High, true, Some(1.0), "affected"),
            vuln(Severity::High, false, None, "affected"),
        ]);
        assert!(svg.contains("<title>&lt; 1 %: 1 open</title>"), "{svg}");
        assert!(svg.contains("<title>1–10 %: 1 open</title>"));
        assert!(svg.contains("<title>≥ 90 %: 1 known exploited</title>"));
        assert!(svg.contains("<title>no score: 1 open</title>"));
    }
}
