//! Conduit routes and label places.
//!
//! Each end of a conduit gets its own point on the box edge it leaves from: the ends on one
//! edge are spread evenly along it, ordered by where the conduit heads, so conduits leaving
//! one box fan out instead of crossing just below it. Zones in adjacent rows are joined from
//! the bottom of the upper box to the top of the lower; zones rows apart by an orthogonal
//! route down a free lane beside the boxes in between; zones in one row by an arc that dips
//! under the row. No conduit runs through a zone it does not join. Labels go on their route
//! where they overlap no other label and no box, trying the middle first.

use crate::model::{SystemModel, ZoneIdx};

use super::layout::{BOX_W, Layout, ROW_GAP, Rect, RectIndex, text_width};

/// Font size of conduit labels.
pub(super) const LABEL_SIZE: f64 = 10.0;
const LABEL_H: f64 = 14.0;
/// Where along its route a label is tried, as fractions of the route's length.
const LABEL_AT: [f64; 11] = [
    0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.1, 0.9,
];
/// How many label heights off its route a label is tried, below and above, before it goes
/// under every label near it.
const LABEL_SHIFTS: usize = 12;

/// A conduit's path: a polyline, or one cubic Bézier (start, two controls, end).
pub(super) enum Route {
    Polyline(Vec<(f64, f64)>),
    Cubic([(f64, f64); 4]),
}

impl Route {
    /// The SVG path data.
    pub fn svg_d(&self) -> String {
        match self {
            Route::Polyline(points) => points
                .iter()
                .enumerate()
                .map(|(i, (x, y))| format!("{} {x} {y}", if i == 0 { "M" } else { "L" }))
                .collect::<Vec<_>>()
                .join(" "),
            Route::Cubic([a, b, c, d]) => format!(
                "M {} {} C {} {} {} {} {} {}",
                a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
            ),
        }
    }

    /// The route as a polyline (a curve sampled finely enough to place labels on).
    fn points(&self) -> Vec<(f64, f64)> {
        match self {
            Route::Polyline(points) => points.clone(),
            Route::Cubic(control) => (0..=24)
                .map(|step| {
                    // Bernstein weights of the four control points at t = step / 24.
                    let t = f64::from(step) / 24.0;
                    let rest = 1.0 - t;
                    let weights = [
                        rest * rest * rest,
                        3.0 * rest * rest * t,
                        3.0 * rest * t * t,
                        t * t * t,
                    ];
                    control
                        .iter()
                        .zip(weights)
                        .fold((0.0, 0.0), |(px, py), ((cx, cy), w)| {
                            (px + w * cx, py + w * cy)
                        })
                })
                .collect(),
        }
    }

    /// The point `fraction` of the way along the route.
    fn point_at(&self, fraction: f64) -> (f64, f64) {
        let points = self.points();
        let len = |p: (f64, f64), q: (f64, f64)| (q.0 - p.0).hypot(q.1 - p.1);
        let total: f64 = points.windows(2).map(|w| len(w[0], w[1])).sum();
        let mut left = total * fraction;
        for w in points.windows(2) {
            let l = len(w[0], w[1]);
            if l > 0.0 && left <= l {
                let t = left / l;
                return (
                    w[0].0 + t * (w[1].0 - w[0].0),
                    w[0].1 + t * (w[1].1 - w[0].1),
                );
            }
            left -= l;
        }
        points.last().copied().unwrap_or((0.0, 0.0))
    }
}

/// A conduit as drawn: its route and its label's box.
pub(super) struct DrawnConduit {
    pub route: Route,
    pub label: Rect,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Top,
    Bottom,
}

/// How a conduit gets from one zone to the other.
enum Course {
    /// Both zones in one row: an arc under it.
    SameRow { a: usize, b: usize, depth: usize },
    /// Rows next to each other.
    Adjacent { upper: usize, lower: usize },
    /// Rows apart: down a lane beside the rows in between.
    Lane {
        upper: usize,
        lower: usize,
        lane: f64,
        step: usize,
    },
}

/// Routes every conduit of `model` and places its label.
pub(super) fn draw_conduits(model: &SystemModel, layout: &Layout) -> Vec<DrawnConduit> {
    let place = &layout.place;
    let mut arcs = 0;
    let mut lanes = 0;
    let courses: Vec<Course> = model
        .conduits()
        .iter()
        .map(|c| {
            let [a, b] = c.zones.map(ZoneIdx::index);
            let (ra, rb) = (layout.row_of[a], layout.row_of[b]);
            if ra == rb {
                arcs += 1;
                return Course::SameRow {
                    a,
                    b,
                    depth: (arcs - 1) % 4,
                };
            }
            let (upper, lower) = if ra < rb { (a, b) } else { (b, a) };
            let (ru, rl) = (ra.min(rb), ra.max(rb));
            if rl == ru + 1 {
                return Course::Adjacent { upper, lower };
            }
            let want = place[upper].centre_x().midpoint(place[lower].centre_x());
            let step = lanes % 3;
            lanes += 1;
            Course::Lane {
                upper,
                lower,
                lane: layout.free_lane(ru + 1, rl, want) + 6.0 * step as f64,
                step,
            }
        })
        .collect();

    // Every conduit end: (zone, side, where the conduit heads, conduit index, which end).
    let mut ends: Vec<(usize, Side, f64, usize, usize)> = Vec::new();
    for (i, course) in courses.iter().enumerate() {
        let centre = |z: usize| place[z].centre_x();
        match *course {
            Course::SameRow { a, b, .. } => {
                ends.push((a, Side::Bottom, centre(b), i, 0));
                ends.push((b, Side::Bottom, centre(a), i, 1));
            }
            Course::Adjacent { upper, lower } => {
                ends.push((upper, Side::Bottom, centre(lower), i, 0));
                ends.push((lower, Side::Top, centre(upper), i, 1));
            }
            Course::Lane {
                upper, lower, lane, ..
            } => {
                ends.push((upper, Side::Bottom, lane, i, 0));
                ends.push((lower, Side::Top, lane, i, 1));
            }
        }
    }
    // Spread the ends on each edge evenly, in the order of where they head.
    ends.sort_by(|p, q| {
        (p.0, p.1 == Side::Bottom)
            .cmp(&(q.0, q.1 == Side::Bottom))
            .then(p.2.total_cmp(&q.2))
            .then((p.3, p.4).cmp(&(q.3, q.4)))
    });
    let mut anchor = vec![[0.0f64; 2]; courses.len()];
    for edge in ends.chunk_by(|p, q| p.0 == q.0 && p.1 == q.1) {
        let n = edge.len() as f64;
        for (k, (zone, _, _, i, end)) in edge.iter().enumerate() {
            anchor[*i][*end] = place[*zone].x + BOX_W * (k as f64 + 1.0) / (n + 1.0);
        }
    }

    let routes = courses.iter().zip(&anchor).map(|(course, [x1, x2])| {
        let (x1, x2) = (*x1, *x2);
        match *course {
            Course::SameRow { a, b, depth } => {
                let dip = layout.row_bottom[layout.row_of[a]] + 30.0 + 12.0 * depth as f64;
                Route::Cubic([
                    (x1, place[a].bottom()),
                    (x1, dip),
                    (x2, dip),
                    (x2, place[b].bottom()),
                ])
            }
            Course::Adjacent { upper, lower } => {
                // Leave the upper row straight down, below its tallest box.
                let bend = layout.row_bottom[layout.row_of[upper]] + 10.0;
                Route::Polyline(vec![
                    (x1, place[upper].bottom()),
                    (x1, bend),
                    (x2, place[lower].y),
                ])
            }
            Course::Lane {
                upper,
                lower,
                lane,
                step,
            } => {
                let down = layout.row_bottom[layout.row_of[upper]] + 12.0 + 6.0 * step as f64;
                let across = place[lower].y - ROW_GAP / 3.0;
                Route::Polyline(vec![
                    (x1, place[upper].bottom()),
                    (x1, down),
                    (lane, down),
                    (lane, across),
                    (x2, across),
                    (x2, place[lower].y),
                ])
            }
        }
    });

    let mut boxes = RectIndex::default();
    for r in place {
        boxes.insert(r.grown(3.0));
    }
    let mut labels = RectIndex::default();
    let mut drawn = Vec::new();
    for (c, route) in model.conduits().iter().zip(routes) {
        let w = text_width(&c.id, LABEL_SIZE) + 10.0;
        // Kept off the left edge; the canvas grows to the right and down to hold labels.
        let at = |(x, y): (f64, f64)| Rect {
            x: (x - w / 2.0).max(4.0).round(),
            y: (y - LABEL_H / 2.0).round(),
            w: w.round(),
            h: LABEL_H,
        };
        let clear = |r: &Rect| r.y >= layout.zones_top && !labels.overlaps(r) && !boxes.overlaps(r);
        let on_route = LABEL_AT.map(|f| at(route.point_at(f)));
        let middle = on_route[0];
        // Off the route, in steps of one label height, below the middle then above it.
        let mut shifted = (1..=LABEL_SHIFTS).flat_map(|k| {
            let d = (LABEL_H + 2.0) * k as f64;
            [
                Rect {
                    y: middle.y + d,
                    ..middle
                },
                Rect {
                    y: middle.y - d,
                    ..middle
                },
            ]
        });
        let label = on_route
            .iter()
            .copied()
            .find(|r| clear(r))
            .or_else(|| shifted.find(|r| clear(r)))
            // Failing that, under every label in its columns: over a box, never over a label.
            .unwrap_or_else(|| Rect {
                y: labels
                    .bottom_under(&middle)
                    .map_or(middle.y, |b| middle.y.max(b + 2.0)),
                ..middle
            });
        labels.insert(label);
        drawn.push(DrawnConduit { route, label });
    }
    drawn
}
