//! The risk heat map: threat scenarios per (likelihood, consequence) cell of the system
//! model's risk matrix, before and after countermeasures, side by side.

use rampart_assess::results::RiskMatrixCounts;

use super::canvas::{Canvas, Fill, fit};

const CELL_W: f64 = 64.0;
const CELL_H: f64 = 40.0;
const LEFT: f64 = 130.0;
const TOP: f64 = 90.0;
const GAP: f64 = 60.0;

/// Fill and text colour of a cell's risk level; every cell also prints the level's initial,
/// so the map reads in greyscale.
fn level_style(level: &str) -> (Fill, &'static str) {
    match level {
        "low" => (Fill::Solid("#d4edda"), "#000000"),
        "medium" => (Fill::Solid("#fff3cd"), "#000000"),
        "high" => (Fill::Stripes("#f4a6a6"), "#000000"),
        "critical" => (Fill::Solid("#8e0000"), "#ffffff"),
        _ => (Fill::Solid("#eeeeee"), "#000000"),
    }
}

fn total(grid: &[Vec<usize>]) -> usize {
    grid.iter().flatten().sum()
}

/// Two grids, inherent and residual risk: rows are likelihoods (highest at the top),
/// columns consequences (lowest at the left); each cell shows its scenario count in bold
/// and its risk level's initial (L, M, H, C).
pub fn risk_heat_map_svg(risk: &RiskMatrixCounts) -> String {
    let rows = risk.likelihoods.len();
    let cols = risk.consequences.len();
    let grid_w = cols as f64 * CELL_W;
    let width = LEFT + 2.0 * grid_w + GAP + 20.0;
    let width = width.max(560.0);
    let height = TOP + rows as f64 * CELL_H + 70.0;
    let mut c = Canvas::new(
        "chart-risk",
        width,
        height,
        "Risk heat map: threat scenarios by likelihood and consequence",
        &format!(
            "{} threat scenarios before countermeasures, {} after; the residual map shows where risk remains.",
            total(&risk.inherent),
            total(&risk.residual)
        ),
    );
    c.text(
        16.0,
        46.0,
        "L low · M medium · H high (striped) · C critical; the number is the count of scenarios",
        r##"fill="#444444""##,
    );
    for (panel, (name, grid)) in [
        ("Before countermeasures (inherent)", &risk.inherent),
        ("After countermeasures (residual)", &risk.residual),
    ]
    .into_iter()
    .enumerate()
    {
        let left = LEFT + panel as f64 * (grid_w + GAP);
        c.text(left, TOP - 14.0, name, r#"font-weight="bold""#);
        for row in 0..rows {
            // Highest likelihood at the top.
            let li = rows - 1 - row;
            let y = TOP + row as f64 * CELL_H;
            if panel == 0 {
                let label = risk.likelihoods[li].as_str();
                c.text(
                    LEFT - 8.0,
                    y + CELL_H / 2.0 + 4.0,
                    &fit(label, 18),
                    r#"text-anchor="end""#,
                );
            }
            for ci in 0..cols {
                let x = left + ci as f64 * CELL_W;
                let level = risk
                    .cells
                    .get(li)
                    .and_then(|r| r.get(ci))
                    .map_or("", String::as_str);
                let n = grid.get(li).and_then(|r| r.get(ci)).copied().unwrap_or(0);
                let (fill, ink) = level_style(level);
                c.bar(
                    x,
                    y,
                    CELL_W,
                    CELL_H,
                    fill,
                    &format!(
                        "likelihood {}, consequence {}: {level} risk, {n} scenarios",
                        risk.likelihoods[li], risk.consequences[ci]
                    ),
                );
                let initial = level
                    .chars()
                    .next()
                    .map_or(String::new(), |ch| ch.to_uppercase().collect());
                c.text(
                    x + CELL_W / 2.0,
                    y + 17.0,
                    &n.to_string(),
                    &format!(
                        r#"text-anchor="middle" font-size="14" font-weight="bold" fill="{ink}""#
                    ),
                );
                c.text(
                    x + CELL_W / 2.0,
                    y + 32.0,
                    &initial,
                    &format!(r#"text-anchor="middle" font-size="10" fill="{ink}""#),
                );
            }
        }
        for (ci, label) in risk.consequences.iter().enumerate() {
            c.text(
                left + (ci as f64 + 0.5) * CELL_W,
                TOP + rows as f64 * CELL_H + 16.0,
                &fit(label, 10),
                r#"text-anchor="middle" font-size="11""#,
            );
        }
    }
    c.axis_labels(
        "Consequence",
        LEFT + grid_w + GAP / 2.0,
        height - 12.0,
        "Likelihood",
        TOP + rows as f64 * CELL_H / 2.0,
    );
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The highest likelihood is the top row, as on every risk matrix a reader knows.
    #[test]
    fn highest_likelihood_is_drawn_at_the_top() {
        let risk = RiskMatrixCounts {
            likelihoods: vec!["rare".into(), "likely".into()],
            consequences: vec!["minor".into()],
            inherent: vec![vec![1], vec![7]],
            residual: vec![vec![0], vec![2]],
            cells: vec![vec!["low".into()], vec!["high".into()]],
        };
        let svg = risk_heat_map_svg(&risk);
        let likely = svg.find(">likely</text>").expect("likely row");
        let rare = svg.find(">rare</text>").expect("rare row");
        assert!(likely < rare, "rows are drawn top to bottom");
        assert!(svg.contains("likelihood likely, consequence minor: high risk, 7 scenarios"));
        assert!(svg.contains("8 threat scenarios before countermeasures, 2 after"));
    }
}
