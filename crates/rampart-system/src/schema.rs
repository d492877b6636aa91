//! The JSON Schema of the model file (`rampart schema system`), written by hand so that each
//! field says what it means; a test validates the example model and every check fixture
//! against it. Semantic rules (references resolve, an asset is in exactly one zone) are the
//! validator's job, not the schema's.

use serde_json::{Value, json};

fn sl_vector(description: &str) -> Value {
    json!({
        "description": description,
        "oneOf": [
            {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 4}, "minItems": 7, "maxItems": 7},
            {"type": "integer", "minimum": 0, "maximum": 4},
            {"type": "string", "pattern": "^\\s*(SL(-[TCA])?)?\\s*[\\(\\{\\[]?\\s*[0-4]([\\s,;]+[0-4]){0,6}\\s*[\\)\\}\\]]?\\s*$"}
        ]
    })
}

fn level(description: &str) -> Value {
    json!({"description": description, "type": ["integer", "string"]})
}

fn ids(description: &str) -> Value {
    json!({"description": description, "type": "array", "items": {"type": "string"}})
}

fn frs(description: &str) -> Value {
    json!({"description": description, "type": "array", "items": {"type": "string"}})
}

/// The JSON Schema (draft 2020-12) of a system model file.
pub fn model_schema() -> Value {
    let text = json!({"type": "string"});
    let flag = |d: &str| json!({"type": "boolean", "default": false, "description": d});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/rampart-iacs/rampart/schemas/system-model.json",
        "title": "Rampart system model (IEC 62443-3-2 zones and conduits)",
        "description": "A system under consideration: assets, zones, conduits, data flows, threat scenarios, countermeasures and the risk method. See docs/system-model.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["system"],
        "properties": {
            "system": {
                "description": "The system under consideration (ZCR 1).",
                "type": "object",
                "additionalProperties": false,
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "boundary": {"type": "string", "description": "What is inside the SUC and what is outside."},
                    "owner": {"type": "string", "description": "The asset owner."},
                    "description": text
                }
            },
            "risk": {
                "description": "The risk matrix and the SL-T derivation; every field has a default.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "likelihood": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 10, "description": "Likelihood labels, lowest first (default rare, unlikely, possible, likely, almost-certain)."},
                    "impact": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 10, "description": "Impact labels, lowest first (default negligible, minor, moderate, major, catastrophic)."},
                    "tolerable": {"type": "integer", "minimum": 0, "description": "The highest tolerable likelihood × impact score (default 4)."},
                    "derivation": {
                        "type": "object",
                        "additionalProperties": false,
                        "description": "How `sl_t: derive` turns risk into SL-T per FR.",
                        "properties": {
                            "baseline": {"type": "integer", "minimum": 0, "maximum": 4, "description": "Every FR of a derived zone starts here (default 1)."},
                            "min_impact": level("A consequence category drives its FRs at or above this impact (default: the middle of the scale)."),
                            "capability": {
                                "type": "object",
                                "additionalProperties": false,
                                "description": "SL asked for per threat-source capability (default casual 1, simple 2, sophisticated 3, extended 4).",
                                "properties": {
                                    "casual": {"type": "integer", "minimum": 0, "maximum": 4},
                                    "simple": {"type": "integer", "minimum": 0, "maximum": 4},
                                    "sophisticated": {"type": "integer", "minimum": 0, "maximum": 4},
                                    "extended": {"type": "integer", "minimum": 0, "maximum": 4}
                                }
                            },
                            "intentional": frs("FRs every intentional scenario drives (default FR1, FR2)."),
                            "external": frs("FRs a scenario with an external vector drives (default FR5, FR6)."),
                            "external_vectors": {"type": "array", "items": {"type": "string"}, "description": "Vectors that count as external."},
                            "categories": {
                                "type": "object",
                                "additionalProperties": false,
                                "description": "FRs each consequence category drives.",
                                "properties": {
                                    "safety": frs("Default FR3, FR6, FR7."),
                                    "environment": frs("Default FR3, FR6, FR7."),
                                    "production": frs("Default FR3, FR7."),
                                    "financial": frs("Default FR4."),
                                    "reputation": frs("Default FR4.")
                                }
                            }
                        }
                    }
                }
            },
            "assets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "kind"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1, "description": "Unique across all elements of the model."},
                        "name": text,
                        "kind": {"type": "string", "description": "4-2 component type: embedded-device, host-device, network-device, software-application (or ED, HD, ND, SA)."},
                        "vendor": text,
                        "product": text,
                        "version": {"type": ["string", "number"]},
                        "description": text,
                        "domain": {"enum": ["business", "control"], "default": "control", "description": "ZCR 3.2: business (enterprise IT) or control (IACS)."},
                        "criticality": {"enum": ["low", "medium", "high", "critical"], "default": "medium"},
                        "safety_related": flag("Part of a safety function (ZCR 3.3)."),
                        "wireless": flag("Connects over a wireless link (ZCR 3.5)."),
                        "temporarily_connected": flag("Connected only now and then (ZCR 3.4)."),
                        "externally_reachable": flag("Reachable from outside the SUC (ZCR 3.6)."),
                        "sbom": {"type": "string", "description": "Path or URL of its SBOM."},
                        "firmware": {"type": "string", "description": "Path or URL of its firmware image."},
                        "component_assessment": {"type": "string", "description": "Path, relative to the model file, of the component assessment (`rampart schema component-assessment`) that establishes its SL-C; not together with sl_c."},
                        "sl_c": sl_vector("Capability SL-C; absent means unknown."),
                        "satisfies": ids("4-2 items it meets beyond those its SL-C implies.")
                    }
                }
            },
            "zones": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "sl_t"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "name": text,
                        "description": text,
                        "level": {"type": "integer", "minimum": 0, "maximum": 5, "description": "Purdue level, for diagram layout only."},
                        "assets": ids("Asset ids; each asset is in exactly one zone."),
                        "sl_t": {
                            "description": "Target SL-T, or `derive` to derive it from the threat scenarios.",
                            "anyOf": [{"const": "derive"}, sl_vector("Declared SL-T.")]
                        },
                        "sl_a": sl_vector("Achieved SL-A, if known."),
                        "satisfies": ids("3-3 items the zone meets.")
                    }
                }
            },
            "conduits": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "zones"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "name": text,
                        "description": text,
                        "zones": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2, "description": "The two zones joined."},
                        "boundary_devices": ids("Assets that enforce the conduit: firewalls, diodes, gateways."),
                        "channels": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["protocol"],
                                "properties": {
                                    "protocol": {"type": "string"},
                                    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                                    "direction": {"enum": ["a-to-b", "b-to-a", "bidirectional"], "default": "bidirectional", "description": "Relative to the order of `zones`."},
                                    "encrypted": flag("Confidentiality protection on the wire."),
                                    "authenticated": flag("Peers authenticate each other.")
                                }
                            }
                        }
                    }
                }
            },
            "flows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "from", "to"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "description": text,
                        "from": {"type": "string", "description": "Asset or zone id."},
                        "to": {"type": "string", "description": "Asset or zone id."},
                        "protocol": text,
                        "port": {"type": "integer", "minimum": 1, "maximum": 65535}
                    }
                }
            },
            "threats": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "source", "capability", "vector", "target", "likelihood"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "description": text,
                        "source": {"type": "string", "description": "The threat source."},
                        "capability": {"enum": ["casual", "simple", "sophisticated", "extended"]},
                        "intentional": {"type": "boolean", "description": "Default: true unless capability is casual."},
                        "vector": {"type": "string", "description": "Entry vector, e.g. remote-access, removable-media."},
                        "target": {"type": "string", "description": "Zone or asset id."},
                        "likelihood": level("Unmitigated likelihood: 1 to the scale's length, or a label."),
                        "consequences": {
                            "type": "object",
                            "additionalProperties": false,
                            "description": "Impact per category: 0 (none) to the scale's length, or a label.",
                            "properties": {
                                "safety": level("Harm to people."),
                                "environment": level("Harm to the environment."),
                                "production": level("Lost production or service."),
                                "financial": level("Financial loss."),
                                "reputation": level("Loss of trust.")
                            }
                        },
                        "countermeasures": ids("Countermeasures in place against this scenario.")
                    }
                }
            },
            "countermeasures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "description": text,
                        "applies_to": ids("Zones and assets it protects."),
                        "requirements": ids("3-3 or 4-2 items it meets, or compensates for when `compensating`."),
                        "compensating": flag("It stands in for requirements the protected elements do not meet."),
                        "likelihood_reduction": {"type": "integer", "minimum": 0, "description": "Steps it lowers a scenario's likelihood."},
                        "impact_reduction": {"type": "integer", "minimum": 0, "description": "Steps it lowers a scenario's impact."}
                    }
                }
            },
            "acceptances": {
                "description": "The owner's acceptances: each covers the findings of one check on one element (the residual risk of a scenario: check `intolerable-residual-risk`). Covered findings stay listed, marked, but do not count for --fail-on while the acceptance is in force, from `date` to the day before `expires`.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["check", "element", "by", "date", "expires", "rationale"],
                    "properties": {
                        "check": {"type": "string", "minLength": 1, "description": "A check id (`rampart system checks`)."},
                        "element": {"type": "string", "minLength": 1, "description": "The id of the element the findings are about, of the kind the check reports on."},
                        "by": {"type": "string", "minLength": 1, "description": "Who accepts: name and role."},
                        "date": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "When it was given, YYYY-MM-DD."},
                        "expires": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "The first day it no longer holds, YYYY-MM-DD; after `date`."},
                        "rationale": {"type": "string", "minLength": 1, "description": "Why the risk is acceptable."}
                    }
                }
            }
        }
    })
}

/// The JSON Schema of a component assessment file: the 4-2 items one component meets and/or
/// the SL-C claimed for it. Its SL-C is computed from the items when they are listed.
pub fn assessment_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/rampart-iacs/rampart/schemas/component-assessment.json",
        "title": "Rampart component assessment",
        "description": "What one component (a product and version) is known to meet of IEC 62443-4-2. Linked from an asset's `component_assessment`; gives the asset its SL-C.",
        "type": "object",
        "additionalProperties": false,
        "required": ["component", "type"],
        "anyOf": [{"required": ["satisfied"]}, {"required": ["sl_c"]}],
        "properties": {
            "component": {"type": "string", "minLength": 1, "description": "The product assessed, e.g. vendor, product and model."},
            "type": {"type": "string", "description": "Its 4-2 component type; must match the asset's kind.", "enum": ["software-application", "embedded-device", "host-device", "network-device", "SA", "ED", "HD", "ND"]},
            "version": {"type": ["string", "number"], "description": "The version assessed."},
            "sl_c": {
                "description": "The SL-C claimed (e.g. from a certificate). With `satisfied`, a claim above what the items reach is an error.",
                "oneOf": [
                    {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 4}, "minItems": 7, "maxItems": 7},
                    {"type": "integer", "minimum": 0, "maximum": 4},
                    {"type": "string"}
                ]
            },
            "satisfied": {"type": "array", "items": {"type": "string"}, "description": "The 4-2 requirement ids the component meets, e.g. `CR 1.1`, `EDR 2.4 RE 1`; the SL-C per FR is the highest level all of whose items are listed."}
        }
    })
}
