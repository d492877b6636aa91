use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::SystemModel;
use crate::risk;

/// A scenario whose residual risk is above the tolerable line.
///
/// **What it finds**: a threat scenario whose risk after its countermeasures is still above
/// the risk matrix's `tolerable` line.
///
/// **Why it matters**: ZCR 5.11 compares residual with tolerable risk, and ZCR 5.12 asks for
/// more countermeasures until it is tolerable, or the owner accepts it in writing (ZCR 7):
/// an acceptance in force keeps the finding listed, marked, but out of `--fail-on`.
///
/// **Example**: ransomware via remote access, likely × major (16), one countermeasure that
/// lowers likelihood by one step (12), tolerable 4.
///
/// **References**: IEC 62443-3-2 ZCR 5.11, ZCR 5.12, ZCR 7.1.
pub struct IntolerableResidualRisk;

impl Check for IntolerableResidualRisk {
    fn id(&self) -> &'static str {
        "intolerable-residual-risk"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 5.11"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Threat
    }
    fn title(&self) -> &'static str {
        "A threat scenario's residual risk is above the tolerable line"
    }
    fn hint(&self) -> &'static str {
        "add countermeasures to the scenario (lowering likelihood or impact) until the residual risk is tolerable, or record the owner's acceptance of it under `acceptances:` (who, when, why, until when)"
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        let m = &model.risk().matrix;
        for t in model.threats() {
            let (l, i) = risk::residual(model, t);
            let score = m.score(l, i);
            if !m.is_tolerable(score) {
                out.push(finding(
                    self,
                    if score >= m.tolerable.saturating_mul(2) { Severity::High } else { Severity::Medium },
                    ElementKind::Threat,
                    &t.id,
                    t.span,
                    format!(
                        "scenario `{}` on `{}`: residual risk {score} ({l} × {i}) is above the tolerable line {}",
                        t.id,
                        model.target_id(t.target),
                        m.tolerable
                    ),
                ));
            }
        }
    }
}
