//! The model's lists: assets, zones, conduits, flows, countermeasures and threat scenarios,
//! with every cross reference resolved to an index.

use std::collections::HashMap;

use rampart_catalog::{ComponentType, SlVector};

use super::links::BoundaryUse;
use super::{NO_ZONE, Span, Validator, span};
use crate::model::{
    Asset, AssetIdx, Capability, Channel, Conduit, ConduitIdx, ConsequenceCategory, Countermeasure,
    CountermeasureIdx, Criticality, DataFlow, Direction, Domain, ElementRef, Endpoint, FlowIdx,
    Role, SlSource, SystemInfo, SystemModel, Target, ThreatIdx, ThreatScenario, Zone, ZoneIdx,
};
use crate::raw::{self, RawSl};

impl Validator<'_> {
    pub(in crate::model) fn validate(mut self, raw: raw::RawModel) -> SystemModel {
        if raw.system.name.value.trim().is_empty() {
            self.problem(span(&raw.system.name), "the system name is empty");
        }
        let system = SystemInfo {
            name: raw.system.name.value.trim().to_owned(),
            boundary: raw.system.boundary,
            owner: raw.system.owner,
            description: raw.system.description,
        };
        let risk = self.risk_config(raw.risk);

        // Ids first, so references may point forwards.
        for (i, a) in raw.assets.iter().enumerate() {
            self.register(&a.id, ElementRef::Asset(AssetIdx::new(i)));
        }
        for (i, z) in raw.zones.iter().enumerate() {
            self.register(&z.id, ElementRef::Zone(ZoneIdx::new(i)));
        }
        for (i, c) in raw.conduits.iter().enumerate() {
            self.register(&c.id, ElementRef::Conduit(ConduitIdx::new(i)));
        }
        for (i, f) in raw.flows.iter().enumerate() {
            self.register(&f.id, ElementRef::Flow(FlowIdx::new(i)));
        }
        for (i, t) in raw.threats.iter().enumerate() {
            self.register(&t.id, ElementRef::Threat(ThreatIdx::new(i)));
        }
        for (i, c) in raw.countermeasures.iter().enumerate() {
            self.register(&c.id, ElementRef::Countermeasure(CountermeasureIdx::new(i)));
        }

        let mut assets = Vec::with_capacity(raw.assets.len());
        for a in &raw.assets {
            let kind = match a.kind.value.parse::<ComponentType>() {
                Ok(k) => k,
                Err(e) => {
                    self.problem(span(&a.kind), e.to_string());
                    ComponentType::EmbeddedDevice
                }
            };
            let role = a.role.as_ref().and_then(|r| self.named(r, Role::parse));
            let domain = a
                .domain
                .as_ref()
                .and_then(|d| self.named(d, Domain::parse))
                .unwrap_or(Domain::Control);
            let criticality = a
                .criticality
                .as_ref()
                .and_then(|c| self.named(c, Criticality::parse))
                .unwrap_or(Criticality::Medium);
            let mut sl_c = a.sl_c.as_ref().and_then(|s| self.sl_vector(s, "sl_c"));
            let mut satisfies = self.requirements(&a.satisfies);
            if let Some(link) = &a.component_assessment {
                if a.sl_c.is_some() {
                    self.problem(
                        span(link),
                        "give `sl_c` or `component_assessment`, not both: the assessment establishes the SL-C",
                    );
                } else if let Some((assessed, items)) = self.component_assessment(link, kind) {
                    sl_c = Some(assessed);
                    satisfies.extend(items);
                    satisfies.sort();
                    satisfies.dedup();
                }
            }
            let id = a.id.value.trim().to_owned();
            assets.push(Asset {
                name: a.name.clone().unwrap_or_else(|| id.clone()),
                id,
                kind,
                role,
                vendor: a.vendor.clone(),
                product: a.product.clone(),
                version: a.version.as_ref().and_then(|v| self.version(v)),
                description: a.description.clone(),
                domain,
                criticality,
                safety_related: a.safety_related,
                wireless: a.wireless,
                temporarily_connected: a.temporarily_connected,
                externally_reachable: a.externally_reachable,
                sbom: a.sbom.clone(),
                firmware: a.firmware.clone(),
                component_assessment: a.component_assessment.as_ref().map(|l| l.value.clone()),
                sl_c,
                satisfies,
                zone: NO_ZONE,
                span: span(&a.id),
            });
        }

        let mut zones = Vec::with_capacity(raw.zones.len());
        for (zi, z) in ZoneIdx::all(raw.zones.len()).zip(&raw.zones) {
            let id = z.id.value.trim().to_owned();
            let (sl_t, sl_t_source) = match &z.sl_t.value {
                RawSl::Text(t) if t.trim().eq_ignore_ascii_case("derive") => {
                    (SlVector::ZERO, SlSource::Derived)
                }
                _ => (
                    self.sl_vector(&z.sl_t, "sl_t (an SL vector or `derive`)")
                        .unwrap_or_default(),
                    SlSource::Declared,
                ),
            };
            let sl_a = z.sl_a.as_ref().and_then(|s| self.sl_vector(s, "sl_a"));
            let level = z
                .level
                .as_ref()
                .and_then(|l| self.small_int(l, "Purdue level", 0..=5));
            let mut members = Vec::with_capacity(z.assets.len());
            for a in &z.assets {
                let Some(ai) = self.asset_ref(a, "zone member") else {
                    continue;
                };
                let current = assets[ai].zone;
                if current == NO_ZONE {
                    assets[ai].zone = zi;
                    members.push(ai);
                } else if current == zi {
                    self.problem(
                        span(a),
                        format!("asset `{}` is listed twice in zone `{id}`", a.value),
                    );
                } else {
                    let other = raw.zones[current.index()].id.value.trim().to_owned();
                    self.problem(
                        span(a),
                        format!(
                            "asset `{}` is in zones `{other}` and `{id}`: an asset belongs to exactly one zone",
                            a.value
                        ),
                    );
                }
            }
            let satisfies = self.requirements(&z.satisfies);
            zones.push(Zone {
                name: z.name.clone().unwrap_or_else(|| id.clone()),
                id,
                description: z.description.clone(),
                level,
                assets: members,
                sl_t,
                sl_t_source,
                sl_a,
                satisfies,
                span: span(&z.id),
            });
        }
        for (i, a) in AssetIdx::all(assets.len()).zip(&assets) {
            // A duplicate id is reported once, as a duplicate; its zone cannot be told apart.
            let registered = self.ids.get(&a.id).map(|(e, _)| *e) == Some(ElementRef::Asset(i));
            if a.zone == NO_ZONE && registered {
                self.problem(
                    a.span,
                    format!(
                        "asset `{}` is in no zone: list it under the `assets` of one zone",
                        a.id
                    ),
                );
            }
        }

        let mut conduits = Vec::with_capacity(raw.conduits.len());
        let mut conduits_between: HashMap<(ZoneIdx, ZoneIdx), Vec<ConduitIdx>> = HashMap::new();
        // Zones a conduit with an unknown end may have been meant to join (`None`: any zone),
        // so a flow between them is not reported again for the conduit's problem.
        let mut maybe_joined: Vec<Option<ZoneIdx>> = Vec::new();
        let mut boundary_uses = Vec::new();
        for (ci, c) in ConduitIdx::all(raw.conduits.len()).zip(&raw.conduits) {
            let id = c.id.value.trim().to_owned();
            let ends: Vec<Option<ZoneIdx>> = c
                .zones
                .value
                .iter()
                .map(|z| self.zone_ref(z, "conduit end"))
                .collect();
            let joined = match ends.as_slice() {
                [Some(a), Some(b)] if a == b => {
                    self.problem(
                        span(&c.zones),
                        format!("conduit `{id}` joins zone `{}` to itself", zones[*a].id),
                    );
                    None
                }
                [Some(a), Some(b)] => Some([*a, *b]),
                [a, b] => {
                    maybe_joined.push(a.or(*b));
                    None
                }
                _ => {
                    self.problem(
                        span(&c.zones),
                        match ends.len() {
                            1 => format!(
                                "conduit `{id}` lists one zone: a conduit joins exactly two"
                            ),
                            n => format!(
                                "conduit `{id}` lists {n} zones: a conduit joins exactly two"
                            ),
                        },
                    );
                    None
                }
            };
            let mut channels = Vec::with_capacity(c.channels.len());
            for ch in &c.channels {
                let direction = ch
                    .direction
                    .as_ref()
                    .and_then(|d| self.named(d, Direction::parse))
                    .unwrap_or(Direction::Bidirectional);
                channels.push(Channel {
                    protocol: ch.protocol.value.trim().to_owned(),
                    port: self.port(ch.port.as_ref()),
                    direction,
                    encrypted: ch.encrypted,
                    authenticated: ch.authenticated,
                    span: span(&ch.protocol),
                });
            }
            self.refuse_repeated_ids(&c.boundary_devices);
            let devices: Vec<(AssetIdx, Span)> = c
                .boundary_devices
                .iter()
                .filter_map(|d| Some((self.asset_ref(d, "boundary device")?, span(d))))
                .collect();
            let boundary_devices = devices.iter().map(|(d, _)| *d).collect();
            if let Some(zones) = joined {
                boundary_uses.push(BoundaryUse {
                    conduit: id.clone(),
                    zones,
                    devices,
                });
            }
            if let Some([a, b]) = joined {
                conduits_between
                    .entry((a.min(b), a.max(b)))
                    .or_default()
                    .push(ci);
            }
            conduits.push(Conduit {
                name: c.name.clone().unwrap_or_else(|| id.clone()),
                id,
                description: c.description.clone(),
                zones: joined.unwrap_or([ZoneIdx::new(0); 2]),
                channels,
                boundary_devices,
                span: span(&c.id),
            });
        }

        self.boundary_devices(&boundary_uses, &assets, &zones, &conduits_between);

        let mut flows = Vec::with_capacity(raw.flows.len());
        for f in &raw.flows {
            let id = f.id.value.trim().to_owned();
            let from = self.zone_or_asset(&f.from, "flow source");
            let to = self.zone_or_asset(&f.to, "flow destination");
            let port = self.port(f.port.as_ref());
            let mut conduit = None;
            if let (Some(from), Some(to)) = (from, to) {
                let zone_of = |e: Endpoint| match e {
                    Endpoint::Asset(a) => assets[a].zone,
                    Endpoint::Zone(z) => z,
                };
                let (za, zb) = (zone_of(from), zone_of(to));
                let explained = maybe_joined
                    .iter()
                    .any(|z| z.is_none_or(|z| z == za || z == zb));
                if za != NO_ZONE && zb != NO_ZONE && za != zb {
                    match conduits_between.get(&(za.min(zb), za.max(zb))) {
                        Some(list) => conduit = list.first().copied(),
                        None if explained => {}
                        None => self.problem(
                            span(&f.id),
                            format!(
                                "flow `{id}` goes from zone `{}` to zone `{}`, but no conduit joins them",
                                zones[za].id, zones[zb].id
                            ),
                        ),
                    }
                }
            }
            flows.push(DataFlow {
                id,
                description: f.description.clone(),
                from: from.unwrap_or(Endpoint::Zone(ZoneIdx::new(0))),
                to: to.unwrap_or(Endpoint::Zone(ZoneIdx::new(0))),
                protocol: f.protocol.as_ref().map(|p| p.value.trim().to_owned()),
                port,
                conduit,
                span: span(&f.id),
            });
        }

        let max_l = i64::from(risk.matrix.likelihood_levels()) - 1;
        let max_i = i64::from(risk.matrix.impact_levels()) - 1;
        let mut countermeasures = Vec::with_capacity(raw.countermeasures.len());
        let mut cm_zone = vec![Vec::new(); zones.len()];
        let mut cm_asset = vec![Vec::new(); assets.len()];
        for (ci, c) in CountermeasureIdx::all(raw.countermeasures.len()).zip(&raw.countermeasures) {
            let mut cz = Vec::new();
            let mut ca = Vec::new();
            self.refuse_repeated_ids(&c.applies_to);
            for target in &c.applies_to {
                match self.zone_or_asset(target, "countermeasure target") {
                    Some(Endpoint::Zone(z)) => {
                        cz.push(z);
                        cm_zone[z.index()].push(ci);
                    }
                    Some(Endpoint::Asset(a)) => {
                        ca.push(a);
                        cm_asset[a.index()].push(ci);
                    }
                    None => {}
                }
            }
            let requirements = self.requirements(&c.requirements);
            let lr = c
                .likelihood_reduction
                .as_ref()
                .and_then(|r| self.small_int(r, "likelihood reduction", 0..=max_l))
                .unwrap_or(0);
            let ir = c
                .impact_reduction
                .as_ref()
                .and_then(|r| self.small_int(r, "impact reduction", 0..=max_i))
                .unwrap_or(0);
            countermeasures.push(Countermeasure {
                id: c.id.value.trim().to_owned(),
                description: c.description.clone(),
                zones: cz,
                assets: ca,
                requirements,
                compensating: c.compensating,
                likelihood_reduction: lr,
                impact_reduction: ir,
                span: span(&c.id),
            });
        }

        let mut threats = Vec::with_capacity(raw.threats.len());
        let mut threats_of_zone = vec![Vec::new(); zones.len()];
        for (ti, t) in ThreatIdx::all(raw.threats.len()).zip(&raw.threats) {
            let capability = self
                .named(&t.capability, Capability::parse)
                .unwrap_or(Capability::Casual);
            let target = match self.zone_or_asset(&t.target, "threat target") {
                Some(Endpoint::Zone(z)) => Some(Target::Zone(z)),
                Some(Endpoint::Asset(a)) => Some(Target::Asset(a)),
                None => None,
            };
            let zone = match target {
                Some(Target::Zone(z)) => z,
                Some(Target::Asset(a)) => assets[a].zone,
                None => NO_ZONE,
            };
            if zone != NO_ZONE {
                threats_of_zone[zone.index()].push(ti);
            }
            let likelihood = self
                .level(&t.likelihood, "likelihood", &risk.matrix.likelihood, 1)
                .unwrap_or(1);
            let mut consequences = [0u8; 5];
            let mut given: [Option<Span>; 5] = [None; 5];
            // In file order, so that a repeat is reported at its second occurrence.
            let mut written: Vec<_> = t.consequences.iter().collect();
            written.sort_by_key(|(_, impact)| span(impact));
            for (name, impact) in written {
                match ConsequenceCategory::parse(name) {
                    Ok(c) if given[c.index()].is_some() => {
                        self.repeated_key("consequence category", name, impact, given[c.index()]);
                    }
                    Ok(c) => {
                        given[c.index()] = Some(span(impact));
                        consequences[c.index()] = self
                            .level(impact, "impact", &risk.matrix.impact, 0)
                            .unwrap_or(0);
                    }
                    Err(m) => self.problem(span(impact), m),
                }
            }
            self.refuse_repeated_ids(&t.countermeasures);
            let listed: Vec<(CountermeasureIdx, Span)> = t
                .countermeasures
                .iter()
                .filter_map(|c| {
                    if let Some(ElementRef::Countermeasure(i)) = self.lookup(&c.value) {
                        Some((i, span(c)))
                    } else {
                        self.problem(
                            span(c),
                            format!(
                                "countermeasure `{}`: no countermeasure has this id",
                                c.value
                            ),
                        );
                        None
                    }
                })
                .collect();
            if let Some(target) = target {
                let target_id = t.target.value.trim();
                self.countermeasures_on_target(
                    target,
                    target_id,
                    &listed,
                    &countermeasures,
                    &assets,
                );
            }
            let vector = self.vector(&t.vector, &risk.derivation.external_vectors);
            threats.push(ThreatScenario {
                id: t.id.value.trim().to_owned(),
                description: t.description.clone(),
                source: t.source.clone(),
                capability,
                intentional: t.intentional.unwrap_or(capability != Capability::Casual),
                vector,
                target: target.unwrap_or(Target::Zone(ZoneIdx::new(0))),
                zone: if zone == NO_ZONE {
                    ZoneIdx::new(0)
                } else {
                    zone
                },
                likelihood,
                consequences,
                countermeasures: listed.into_iter().map(|(c, _)| c).collect(),
                span: span(&t.id),
            });
        }

        let acceptances = self.acceptances(&raw.acceptances);
        let ids = self.ids.into_iter().map(|(k, (e, _))| (k, e)).collect();
        SystemModel {
            file: self.file,
            system,
            assets,
            zones,
            conduits,
            flows,
            threats,
            countermeasures,
            risk,
            ids,
            conduits_between,
            threats_of_zone,
            countermeasures_of_zone: cm_zone,
            countermeasures_of_asset: cm_asset,
            derivations: Vec::new(),
            acceptances,
        }
    }
}
