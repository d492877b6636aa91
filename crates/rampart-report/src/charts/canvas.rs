//! The drawing surface every chart writes to: the `<svg>` element with its accessible title
//! and description, the fill patterns that keep series apart in greyscale, and the small
//! helpers (text, bars, axes, legends, scales) the charts share.

use std::fmt::Write as _;

/// Font stack of every chart, as in the zone diagram of `rampart-system`.
const FONT: &str = "Helvetica, Arial, sans-serif";

/// Average glyph width of the font, as a share of its size (Helvetica: about half an em).
const GLYPH: f64 = 0.55;

/// `s` with the five XML special characters escaped and control characters (not allowed in
/// XML 1.0) replaced by spaces, for text and attribute values alike.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The width `text` takes at font `size`, estimated.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * GLYPH
}

/// `text` cut to `max` characters with an ellipsis, so a long label stays in its place (the
/// full text goes into a `<title>`).
pub(crate) fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A fill: a plain colour, or a pattern of lines or dots over a colour, so two series
/// that print as the same grey still differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// One colour.
    Solid(&'static str),
    /// White diagonal stripes over the colour.
    Stripes(&'static str),
    /// White crossed lines over the colour.
    Cross(&'static str),
    /// Dark dots over the colour.
    Dots(&'static str),
}

impl Fill {
    fn pattern_key(self) -> Option<(&'static str, &'static str)> {
        match self {
            Fill::Solid(_) => None,
            Fill::Stripes(c) => Some(("stripes", c)),
            Fill::Cross(c) => Some(("cross", c)),
            Fill::Dots(c) => Some(("dots", c)),
        }
    }
}

/// One chart being drawn.
pub(crate) struct Canvas {
    id: String,
    out: String,
    patterns: Vec<(&'static str, &'static str)>,
    body: String,
}

impl Canvas {
    /// A `width` × `height` chart with element id `id`, a visible `title` drawn at the top
    /// left, and the accessible `desc` (a sentence or two saying what the chart shows, with
    /// its main numbers, for screen readers and text-only readers).
    pub fn new(id: &str, width: f64, height: f64, title: &str, desc: &str) -> Canvas {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="chart" role="img" aria-labelledby="{id}-title {id}-desc" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            xml_escape(title),
            xml_escape(desc)
        );
        let _ = write!(
            out,
            r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        );
        let mut canvas = Canvas {
            id: id.to_owned(),
            out,
            patterns: Vec::new(),
            body: String::new(),
        };
        canvas.text(16.0, 24.0, title, r#"font-size="16" font-weight="bold""#);
        canvas
    }

    /// The `fill="…"` value of `fill`, declaring its pattern on first use.
    pub fn paint(&mut self, fill: Fill) -> String {
        match fill.pattern_key() {
            None => match fill {
                Fill::Solid(c) => c.to_owned(),
                _ => unreachable!("only solid fills have no pattern"),
            },
            Some(key) => {
                let index = if let Some(i) = self.patterns.iter().position(|k| *k == key) {
                    i
                } else {
                    self.patterns.push(key);
                    self.patterns.len() - 1
                };
                format!("url(#{}-p{index})", self.id)
            }
        }
    }

    /// Raw SVG markup (the caller escapes any text in it).
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// Text at (x, y) with extra attributes; `text` is escaped here.
    pub fn text(&mut self, x: f64, y: f64, text: &str, attrs: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" {attrs}>{}</text>"#,
            xml_escape(text)
        );
    }

    /// A rectangle with a fill, an outline and a tooltip (`tip`, escaped here).
    pub fn bar(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Fill, tip: &str) {
        let paint = self.paint(fill);
        let _ = write!(
            self.body,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{paint}" stroke="#333" stroke-width="0.6"><title>{}</title></rect>"##,
            xml_escape(tip)
        );
    }

    /// A horizontal axis label centred under the plot, and a vertical one turned along
    /// the left edge.
    pub fn axis_labels(
        &mut self,
        x_label: &str,
        x_centre: f64,
        x_y: f64,
        y_label: &str,
        y_centre: f64,
    ) {
        self.text(
            x_centre,
            x_y,
            x_label,
            r##"text-anchor="middle" font-size="12" fill="#333""##,
        );
        self.text(
            0.0,
            0.0,
            y_label,
            &format!(
                r##"text-anchor="middle" font-size="12" fill="#333" transform="translate(16 {y_centre:.1}) rotate(-90)""##
            ),
        );
    }

    /// A row of legend entries (swatch and text) starting at (x, y).
    pub fn legend(&mut self, x: f64, y: f64, entries: &[(Fill, &str)]) {
        let mut at = x;
        for (fill, label) in entries {
            let paint = self.paint(*fill);
            let _ = write!(
                self.body,
                r##"<rect x="{at:.1}" y="{:.1}" width="14" height="14" fill="{paint}" stroke="#333" stroke-width="0.6"/>"##,
                y - 11.0
            );
            self.text(at + 19.0, y, label, "");
            at += 19.0 + text_width(label, 12.0) + 18.0;
        }
    }

    /// The finished `<svg>` element.
    pub fn finish(mut self) -> String {
        if !self.patterns.is_empty() {
            self.out.push_str("<defs>");
            for (i, (kind, colour)) in self.patterns.iter().enumerate() {
                let id = format!("{}-p{i}", self.id);
                let _ = match *kind {
                    "stripes" => write!(
                        self.out,
                        r##"<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2.5"/></pattern>"##
                    ),
                    "cross" => write!(
                        self.out,
                        r##"<pattern id="{id}" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="7" height="7" fill="{colour}"/><line x1="0" y1="0" x2="0" y2="7" stroke="#ffffff" stroke-width="1.5"/><line x1="0" y1="0" x2="7" y2="0" stroke="#ffffff" stroke-width="1.5"/></pattern>"##
                    ),
                    _ => write!(
                        self.out,
                        r##"<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{colour}"/><circle cx="3" cy="3" r="1.3" fill="#222222"/></pattern>"##
                    ),
                };
            }
            self.out.push_str("</defs>");
        }
        self.out.push_str(&self.body);
        self.out.push_str("</svg>");
        self.out
    }
}

/// The top of a count axis at least `n` with four whole, round steps (each 1, 2 or 5 × 10ⁿ),
/// so tick labels are whole numbers.
pub(crate) fn nice_max(n: usize) -> usize {
    let quarter = n.div_ceil(4).max(1);
    let mut scale = 1usize;
    loop {
        for m in [1, 2, 5] {
            let step = m * scale;
            if step >= quarter {
                return step * 4;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            xml_escape("<a href=\"x\">'&\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp; "
        );
    }

    #[test]
    fn count_axes_end_on_round_numbers() {
        assert_eq!(nice_max(0), 4);
        assert_eq!(nice_max(4), 4);
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(11), 20);
        assert_eq!(nice_max(401), 800);
        assert_eq!(nice_max(2000), 2000);
    }

    #[test]
    fn patterns_are_declared_once_and_named_after_the_chart() {
        let mut c = Canvas::new("chart-x", 10.0, 10.0, "T", "D");
        let a = c.paint(Fill::Stripes("#123456"));
        let b = c.paint(Fill::Stripes("#123456"));
        assert_eq!(a, b);
        assert_eq!(a, "url(#chart-x-p0)");
        let svg = c.finish();
        assert_eq!(svg.matches("<pattern").count(), 1);
    }
}
