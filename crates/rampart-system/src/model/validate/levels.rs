//! The risk method's values: likelihood and impact levels, FR lists and the risk section.

use rampart_catalog::{Fr, SecurityLevel};

use super::{Span, Validator, span};
use crate::model::{
    Capability, ConsequenceCategory, DerivationConfig, RiskConfig, RiskMatrix, normal_vector,
};
use crate::raw::{self, RawLevel, S};

impl Validator<'_> {
    /// A likelihood or impact: number `min..=labels.len()`, or a label.
    pub(super) fn level(
        &mut self,
        s: &S<RawLevel>,
        what: &str,
        labels: &[String],
        min: u8,
    ) -> Option<u8> {
        let max = labels.len();
        match &s.value {
            RawLevel::Number(n) => match u8::try_from(*n) {
                Ok(v) if v >= min && usize::from(v) <= max => Some(v),
                _ => {
                    self.problem(
                        span(s),
                        format!("{what} {n} is out of range: expected {min} to {max}"),
                    );
                    None
                }
            },
            RawLevel::Label(t) => {
                let t = t.trim();
                if let Some(i) = labels.iter().position(|l| l.eq_ignore_ascii_case(t)) {
                    return Some(i as u8 + 1);
                }
                if min == 0 && t.eq_ignore_ascii_case("none") {
                    return Some(0);
                }
                self.problem(
                    span(s),
                    format!(
                        "unknown {what} `{t}`: expected a number or one of {}",
                        labels.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn fr_list(&mut self, list: &[S<String>]) -> Vec<Fr> {
        self.refuse_repeats(list, |t| {
            t.parse::<Fr>()
                .map_or_else(|_| t.trim().to_owned(), |fr| fr.to_string())
        });
        let mut out = Vec::new();
        for s in list {
            match s.value.parse::<Fr>() {
                Ok(fr) => {
                    if !out.contains(&fr) {
                        out.push(fr);
                    }
                }
                Err(e) => self.problem(span(s), e.to_string()),
            }
        }
        out.sort();
        out
    }

    pub(super) fn risk_config(&mut self, raw: Option<raw::RawRisk>) -> RiskConfig {
        let mut matrix = RiskMatrix::default();
        let Some(raw) = raw else {
            let derivation = DerivationConfig::default_for(matrix.impact_levels());
            return RiskConfig { matrix, derivation };
        };
        for (labels, target, what) in [
            (&raw.likelihood, &mut matrix.likelihood, "likelihood"),
            (&raw.impact, &mut matrix.impact, "impact"),
        ] {
            if let Some(l) = labels {
                if (2..=10).contains(&l.value.len()) {
                    *target = l.value.iter().map(|s| s.trim().to_owned()).collect();
                } else {
                    self.problems.push(
                        span(l),
                        format!(
                            "the {what} scale has {} steps: give 2 to 10 labels, lowest first",
                            l.value.len()
                        ),
                    );
                }
            }
        }
        if let Some(t) = &raw.tolerable {
            let max = i64::from(matrix.max_score());
            if (0..=max).contains(&t.value) {
                matrix.tolerable = u16::try_from(t.value).unwrap_or(0);
            } else {
                self.problem(
                    span(t),
                    format!(
                        "tolerable risk {} is out of range: expected 0 to {max} (likelihood × impact)",
                        t.value
                    ),
                );
            }
        }
        let mut derivation = DerivationConfig::default_for(matrix.impact_levels());
        if let Some(d) = raw.derivation {
            if let Some(b) = &d.baseline
                && let Some(v) = self.small_int(b, "baseline level", 0..=4)
            {
                derivation.baseline = SecurityLevel::new(v).unwrap_or_default();
            }
            if let Some(m) = &d.min_impact
                && let Some(v) = self.level(m, "impact", &matrix.impact, 1)
            {
                derivation.min_impact = v;
            }
            let mut given: [Option<Span>; 4] = [None; 4];
            // In file order, so that a repeat is reported at its second occurrence.
            let mut written: Vec<_> = d.capability.iter().flatten().collect();
            written.sort_by_key(|(_, level)| span(level));
            for (name, level) in written {
                match Capability::parse(name) {
                    Ok(c) if given[c as usize].is_some() => {
                        self.repeated_key("capability", name, level, given[c as usize]);
                    }
                    Ok(c) => {
                        given[c as usize] = Some(span(level));
                        if let Some(v) = self.small_int(level, "security level", 0..=4) {
                            derivation.capability[c as usize] =
                                SecurityLevel::new(v).unwrap_or_default();
                        }
                    }
                    Err(m) => self.problem(span(level), m),
                }
            }
            if let Some(list) = &d.intentional {
                derivation.intentional = self.fr_list(list);
            }
            if let Some(list) = &d.external {
                derivation.external = self.fr_list(list);
            }
            if let Some(v) = &d.external_vectors {
                self.refuse_repeats(v, normal_vector);
                derivation.external_vectors = v.iter().map(|s| normal_vector(&s.value)).collect();
            }
            let mut given: [Option<Span>; 5] = [None; 5];
            let mut written: Vec<_> = d.categories.iter().flatten().collect();
            written.sort_by_key(|(_, list)| span(list));
            for (name, list) in written {
                let frs = self.fr_list(&list.value);
                match ConsequenceCategory::parse(name) {
                    Ok(c) if given[c.index()].is_some() => {
                        self.repeated_key("consequence category", name, list, given[c.index()]);
                    }
                    Ok(c) => {
                        given[c.index()] = Some(span(list));
                        derivation.categories[c.index()] = frs;
                    }
                    Err(m) => self.problem(span(list), m),
                }
            }
        }
        RiskConfig { matrix, derivation }
    }
}
