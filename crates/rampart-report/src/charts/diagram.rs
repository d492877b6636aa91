//! The zone and conduit diagram of a system assessment, checked before a report embeds it.
//!
//! `rampart-system` draws the diagram when the results are concluded and it travels in
//! `results.json` as `system.diagram_svg` (the layout needs the model, which the results do
//! not carry). The HTML report inlines it as markup, so a `results.json` edited by someone
//! else could otherwise carry a script or a link into the page. A diagram is therefore
//! embedded only when it is the kind of drawing `rampart-system` makes: well-formed SVG of
//! shapes and text, nothing else. Anything outside that vocabulary, a DTD, a processing
//! instruction, a comment or CDATA, an event handler, a link or a `url(…)` reference leaves
//! the diagram out of the report rather than risking the page.

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Elements a diagram may use: shapes, groups and text. No `script`, `style`, `a`, `image`,
/// `use` or `foreignObject`, and none of the HTML names that end SVG parsing in a page.
const ELEMENTS: &[&str] = &[
    "svg", "g", "title", "desc", "rect", "line", "path", "polyline", "polygon", "circle",
    "ellipse", "text", "tspan",
];

/// Attributes a diagram may use: geometry, paint and text presentation. No event handlers,
/// no `href`, no `style` (whose `url(…)` could fetch).
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "role",
    "aria-label",
    "aria-labelledby",
    "width",
    "height",
    "viewBox",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "transform",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
];

/// `svg` when it is a diagram a report may embed as it is (see the module's doc), `None`
/// when it must be left out.
#[must_use]
pub fn checked_diagram(svg: &str) -> Option<&str> {
    // Declarations, comments, CDATA and processing instructions: the diagram has none, and
    // an HTML parser reads some of them differently from an XML parser.
    if svg.contains("<!") || svg.contains("<?") {
        return None;
    }
    let doc = roxmltree::Document::parse(svg).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return None;
    }
    let allowed = doc.descendants().all(|node| {
        if !node.is_element() {
            // Text, and the document node itself.
            return node.is_text() || node.is_root();
        }
        node.tag_name().namespace() == Some(SVG_NS)
            && ELEMENTS.contains(&node.tag_name().name())
            && node.attributes().all(|a| {
                a.namespace().is_none()
                    && ATTRIBUTES.contains(&a.name())
                    && !a.value().to_ascii_lowercase().contains("url(")
            })
    });
    allowed.then_some(svg)
}

#[cfg(test)]
mod tests {
    use super::checked_diagram;

    const DRAWN: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120" font-family="Helvetica, Arial, sans-serif" font-size="12">
<title>Plant &lt;A&gt;: zones and conduits</title>
<rect width="100%" height="100%" fill="#ffffff"/>
<g id="zones"><rect x="10" y="10" width="120" height="60" rx="6" fill="#d4edda" stroke="#2e7d32" stroke-width="2"><title>z1 (met)</title></rect>
<text x="20" y="40" font-weight="bold">Field &amp; &quot;bus&quot;</text></g>
<path d="M 130 40 L 190 40" fill="none" stroke="#444" stroke-width="2" stroke-dasharray="6 4"><title>c1</title></path>
<text x="200" y="40" text-anchor="middle">c1</text>
</svg>
"##;

    #[test]
    fn a_drawn_diagram_is_embedded_as_it_is() {
        assert_eq!(checked_diagram(DRAWN), Some(DRAWN));
    }

    #[test]
    fn scripts_links_and_handlers_leave_the_diagram_out() {
        for (what, from, to) in [
            ("script", "<title>", "<script>alert(1)</script><title>"),
            ("handler", "<rect width", "<rect onload=\"alert(1)\" width"),
            (
                "link",
                "<title>",
                "<a href=\"https://evil.example\"><text>x</text></a><title>",
            ),
            (
                "xlink",
                "<svg ",
                "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"#x\" ",
            ),
            ("style", "<rect width", "<rect style=\"fill:red\" width"),
            (
                "url paint",
                "fill=\"#ffffff\"",
                "fill=\"URL(https://evil.example/p)\"",
            ),
            (
                "foreign object",
                "<title>",
                "<foreignObject><b>x</b></foreignObject><title>",
            ),
            ("html breakout", "<title>", "<p>x</p><title>"),
            ("comment", "<title>", "<!-- x --><title>"),
            (
                "cdata",
                "c1</text>",
                "<![CDATA[</svg><script>x</script>]]></text>",
            ),
            ("doctype", "<svg ", "<!DOCTYPE svg><svg "),
            (
                "other namespace",
                "xmlns=\"http://www.w3.org/2000/svg\"",
                "xmlns=\"urn:x\"",
            ),
        ] {
            let hostile = DRAWN.replacen(from, to, 1);
            assert_ne!(hostile, DRAWN, "{what}: the test did not change the SVG");
            assert_eq!(checked_diagram(&hostile), None, "{what} was let through");
        }
    }

    #[test]
    fn what_is_not_svg_is_left_out() {
        assert_eq!(checked_diagram("<html><body/></html>"), None);
        assert_eq!(
            checked_diagram("<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            None
        );
        assert_eq!(checked_diagram(""), None);
    }
}
