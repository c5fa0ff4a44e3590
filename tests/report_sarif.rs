//! `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.
//!
//! The structural rules below are written from the OASIS SARIF 2.1.0 JSON schema
//! (sarif-schema-2.1.0.json, errata 01): for every object kind irready emits, the
//! properties the schema allows (each of these objects has `additionalProperties: false`),
//! the required ones, and the value constraints that matter (levels, `startLine` ≥ 1). On
//! top come GitHub's expectations: a tool version, rules with help, and a physical
//! location with a non-empty region on every result.

#[path = "support/report_fixture.rs"]
mod fixture;

use fixture::render_fixture;
use irready::report::{ConsoleOptions, Format};
use serde_json::Value;

fn sarif_text() -> String {
    render_fixture(Format::Sarif, ConsoleOptions::default())
}

fn sarif() -> Value {
    match serde_json::from_str(&sarif_text()) {
        Ok(value) => value,
        Err(err) => panic!("the SARIF report does not parse: {err}"),
    }
}

/// An object kind of the SARIF schema: allowed properties, required ones, and sets of
/// which at least one must be present (`anyOf` of `required`).
struct Kind {
    name: &'static str,
    allowed: &'static [&'static str],
    required: &'static [&'static str],
    any_of: &'static [&'static str],
}

const SARIF_LOG: Kind = Kind {
    name: "sarifLog",
    allowed: &[
        "$schema",
        "version",
        "runs",
        "inlineExternalProperties",
        "properties",
    ],
    required: &["version", "runs"],
    any_of: &[],
};
const RUN: Kind = Kind {
    name: "run",
    allowed: &[
        "tool",
        "invocations",
        "conversion",
        "language",
        "versionControlProvenance",
        "originalUriBaseIds",
        "artifacts",
        "logicalLocations",
        "graphs",
        "results",
        "automationDetails",
        "runAggregates",
        "baselineGuid",
        "redactionTokens",
        "defaultEncoding",
        "defaultSourceLanguage",
        "newlineSequences",
        "columnKind",
        "externalPropertyFileReferences",
        "threadFlowLocations",
        "taxonomies",
        "addresses",
        "translations",
        "policies",
        "webRequests",
        "webResponses",
        "specialLocations",
        "properties",
    ],
    required: &["tool"],
    any_of: &[],
};
const TOOL: Kind = Kind {
    name: "tool",
    allowed: &["driver", "extensions", "properties"],
    required: &["driver"],
    any_of: &[],
};
const TOOL_COMPONENT: Kind = Kind {
    name: "toolComponent",
    allowed: &[
        "guid",
        "name",
        "organization",
        "product",
        "productSuite",
        "shortDescription",
        "fullDescription",
        "fullName",
        "version",
        "semanticVersion",
        "dottedQuadFileVersion",
        "releaseDateUtc",
        "downloadUri",
        "informationUri",
        "globalMessageStrings",
        "notifications",
        "rules",
        "taxa",
        "locations",
        "language",
        "contents",
        "isComprehensive",
        "localizedDataSemanticVersion",
        "minimumRequiredLocalizedDataSemanticVersion",
        "associatedComponent",
        "translationMetadata",
        "supportedTaxonomies",
        "properties",
    ],
    required: &["name"],
    any_of: &[],
};
const REPORTING_DESCRIPTOR: Kind = Kind {
    name: "reportingDescriptor",
    allowed: &[
        "id",
        "deprecatedIds",
        "guid",
        "deprecatedGuids",
        "name",
        "deprecatedNames",
        "shortDescription",
        "fullDescription",
        "messageStrings",
        "defaultConfiguration",
        "helpUri",
        "help",
        "relationships",
        "properties",
    ],
    required: &["id"],
    any_of: &[],
};
const MULTIFORMAT_MESSAGE_STRING: Kind = Kind {
    name: "multiformatMessageString",
    allowed: &["text", "markdown", "properties"],
    required: &["text"],
    any_of: &[],
};
const REPORTING_CONFIGURATION: Kind = Kind {
    name: "reportingConfiguration",
    allowed: &["enabled", "level", "rank", "parameters", "properties"],
    required: &[],
    any_of: &[],
};
const RESULT: Kind = Kind {
    name: "result",
    allowed: &[
        "ruleId",
        "ruleIndex",
        "rule",
        "kind",
        "level",
        "message",
        "analysisTarget",
        "locations",
        "guid",
        "correlationGuid",
        "occurrenceCount",
        "partialFingerprints",
        "fingerprints",
        "stacks",
        "codeFlows",
        "graphs",
        "graphTraversals",
        "relatedLocations",
        "suppressions",
        "baselineState",
        "rank",
        "attachments",
        "hostedViewerUri",
        "workItemUris",
        "provenance",
        "fixes",
        "taxa",
        "webRequest",
        "webResponse",
        "properties",
    ],
    required: &["message"],
    any_of: &[],
};
const MESSAGE: Kind = Kind {
    name: "message",
    allowed: &["text", "markdown", "id", "arguments", "properties"],
    required: &[],
    any_of: &["text", "id"],
};
const LOCATION: Kind = Kind {
    name: "location",
    allowed: &[
        "id",
        "physicalLocation",
        "logicalLocations",
        "message",
        "annotations",
        "relationships",
        "properties",
    ],
    required: &[],
    any_of: &[],
};
const PHYSICAL_LOCATION: Kind = Kind {
    name: "physicalLocation",
    allowed: &[
        "address",
        "artifactLocation",
        "region",
        "contextRegion",
        "properties",
    ],
    required: &[],
    any_of: &["address", "artifactLocation"],
};
const ARTIFACT_LOCATION: Kind = Kind {
    name: "artifactLocation",
    allowed: &["uri", "uriBaseId", "index", "description", "properties"],
    required: &[],
    any_of: &[],
};
const REGION: Kind = Kind {
    name: "region",
    allowed: &[
        "startLine",
        "startColumn",
        "endLine",
        "endColumn",
        "charOffset",
        "charLength",
        "byteOffset",
        "byteLength",
        "snippet",
        "message",
        "sourceLanguage",
        "properties",
    ],
    required: &[],
    any_of: &["startLine", "charOffset", "byteOffset"],
};
const LOGICAL_LOCATION: Kind = Kind {
    name: "logicalLocation",
    allowed: &[
        "name",
        "index",
        "fullyQualifiedName",
        "decoratedName",
        "parentIndex",
        "kind",
        "properties",
    ],
    required: &[],
    any_of: &[],
};

/// Checks `value` is an object of `kind`, and returns it.
fn check<'v>(kind: &Kind, path: &str, value: &'v Value) -> &'v serde_json::Map<String, Value> {
    let Some(object) = value.as_object() else {
        panic!("{path} ({}) is not an object", kind.name);
    };
    for key in object.keys() {
        assert!(
            kind.allowed.contains(&key.as_str()),
            "{path}: `{key}` is not a property of {}",
            kind.name
        );
    }
    for key in kind.required {
        assert!(
            object.contains_key(*key),
            "{path}: {} requires `{key}`",
            kind.name
        );
    }
    if !kind.any_of.is_empty() {
        assert!(
            kind.any_of.iter().any(|k| object.contains_key(*k)),
            "{path}: {} needs one of {:?}",
            kind.name,
            kind.any_of
        );
    }
    object
}

fn items<'v>(path: &str, value: &'v Value) -> &'v Vec<Value> {
    match value.as_array() {
        Some(items) => items,
        None => panic!("{path} is not an array"),
    }
}

fn string<'v>(path: &str, value: &'v Value) -> &'v str {
    match value.as_str() {
        Some(s) => s,
        None => panic!("{path} is not a string: {value}"),
    }
}

/// A `propertyBag`: any properties; `tags`, when present, distinct strings.
fn check_property_bag(path: &str, value: &Value) {
    let Some(object) = value.as_object() else {
        panic!("{path} (propertyBag) is not an object");
    };
    if let Some(tags) = object.get("tags") {
        let tags = items(&format!("{path}.tags"), tags);
        let mut seen = std::collections::BTreeSet::new();
        for tag in tags {
            assert!(
                seen.insert(string(&format!("{path}.tags[]"), tag)),
                "{path}: duplicate tag"
            );
        }
    }
}

fn check_message_string(path: &str, value: &Value) {
    let object = check(&MULTIFORMAT_MESSAGE_STRING, path, value);
    assert!(
        !string(path, &object["text"]).is_empty(),
        "{path}.text is empty"
    );
}

fn check_level(path: &str, value: &Value) {
    let level = string(path, value);
    assert!(
        ["none", "note", "warning", "error"].contains(&level),
        "{path}: `{level}` is not a SARIF level"
    );
}

/// Walks the whole log and checks every object irready emits; returns the run.
fn validate(log: &Value) -> &serde_json::Map<String, Value> {
    let top = check(&SARIF_LOG, "$", log);
    assert_eq!(string("$.version", &top["version"]), "2.1.0");
    assert!(string("$.$schema", &top["$schema"]).starts_with("https://"));
    let runs = items("$.runs", &top["runs"]);
    assert_eq!(runs.len(), 1, "one run");
    let run = check(&RUN, "runs[0]", &runs[0]);
    if let Some(kind) = run.get("columnKind") {
        assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&string("columnKind", kind)));
    }

    let tool = check(&TOOL, "tool", &run["tool"]);
    let driver = check(&TOOL_COMPONENT, "driver", &tool["driver"]);
    assert_eq!(string("driver.name", &driver["name"]), "irready");
    assert!(
        !string("driver.version", &driver["version"]).is_empty(),
        "GitHub wants a version"
    );
    if let Some(uri) = driver.get("informationUri") {
        assert!(
            string("informationUri", uri).starts_with("https://"),
            "an absolute URI"
        );
    }
    let rules = items("driver.rules", &driver["rules"]);
    let mut rule_ids = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let path = format!("rules[{i}]");
        let rule = check(&REPORTING_DESCRIPTOR, &path, rule);
        rule_ids.push(string(&path, &rule["id"]));
        assert!(!string(&path, &rule["name"]).is_empty());
        check_message_string(
            &format!("{path}.shortDescription"),
            &rule["shortDescription"],
        );
        check_message_string(&format!("{path}.fullDescription"), &rule["fullDescription"]);
        check_message_string(&format!("{path}.help"), &rule["help"]);
        assert!(
            rule["help"]["markdown"].is_string(),
            "{path}: help without markdown"
        );
        let config = check(
            &REPORTING_CONFIGURATION,
            &path,
            &rule["defaultConfiguration"],
        );
        check_level(
            &format!("{path}.defaultConfiguration.level"),
            &config["level"],
        );
        check_property_bag(&format!("{path}.properties"), &rule["properties"]);
    }
    let mut distinct = rule_ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), rule_ids.len(), "rule ids are unique");

    for (i, result) in items("results", &run["results"]).iter().enumerate() {
        let path = format!("results[{i}]");
        let result = check(&RESULT, &path, result);
        let rule_id = string(&path, &result["ruleId"]);
        let index = result["ruleIndex"].as_u64().map(|i| i as usize);
        assert_eq!(
            index.and_then(|i| rule_ids.get(i)),
            Some(&rule_id),
            "{path}: ruleIndex"
        );
        check_level(&format!("{path}.level"), &result["level"]);
        let message = check(&MESSAGE, &format!("{path}.message"), &result["message"]);
        assert!(!string(&path, &message["text"]).is_empty());
        let locations = items(&format!("{path}.locations"), &result["locations"]);
        assert!(!locations.is_empty(), "{path}: GitHub needs a location");
        for location in locations {
            let location = check(&LOCATION, &path, location);
            let physical = check(&PHYSICAL_LOCATION, &path, &location["physicalLocation"]);
            let artifact = check(&ARTIFACT_LOCATION, &path, &physical["artifactLocation"]);
            let uri = string(&path, &artifact["uri"]);
            assert!(
                !uri.is_empty() && !uri.starts_with('/') && !uri.contains(' '),
                "{uri}"
            );
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            let region = check(&REGION, &path, &physical["region"]);
            for key in ["startLine", "startColumn"] {
                let n = region.get(key).and_then(Value::as_u64);
                assert!(
                    n.is_some_and(|n| n >= 1),
                    "{path}: region.{key} must be ≥ 1"
                );
            }
            for logical in location
                .get("logicalLocations")
                .map_or(&vec![], |l| items(&path, l))
            {
                check(&LOGICAL_LOCATION, &path, logical);
            }
        }
        let fingerprints = match result["partialFingerprints"].as_object() {
            Some(f) => f,
            None => panic!("{path}: no partialFingerprints"),
        };
        assert!(fingerprints.values().all(Value::is_string));
        check_property_bag(&format!("{path}.properties"), &result["properties"]);
    }
    run
}

#[test]
fn sarif_is_structurally_valid_sarif_2_1_0() {
    validate(&sarif());
}

#[test]
fn the_validator_rejects_what_github_rejects() {
    // The checks above must be able to fail: an empty region, an unknown property.
    let mut log = sarif();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(std::panic::catch_unwind(|| validate(&log)).is_err());
    let mut log = sarif();
    log["runs"][0]["tool"]["driver"]["rules"][0]["severity"] = Value::from("high");
    assert!(std::panic::catch_unwind(|| validate(&log)).is_err());
}

#[test]
fn results_are_the_fail_and_error_findings() {
    let log = sarif();
    let results = items("results", &log["runs"][0]["results"]);
    let summary: Vec<(String, String, String)> = results
        .iter()
        .map(|r| {
            (
                string("ruleId", &r["ruleId"]).to_string(),
                string("level", &r["level"]).to_string(),
                string("status", &r["properties"]["status"]).to_string(),
            )
        })
        .collect();
    let expected = [
        ("waf-rel-060.tf.aws.sns-topic-alarm-action", "error", "FAIL"),
        ("irready.parse", "error", "ERROR"),
        ("waf-rel-060.ir.review-within-deadline", "error", "FAIL"),
        (
            "waf-rel-060.tf.aws.alarm-runbook-severity",
            "warning",
            "FAIL",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(summary, expected);

    // The file of a single relative PATH is made repository-relative and percent-encoded.
    let latency = &results[3]["locations"][0]["physicalLocation"];
    assert_eq!(
        latency["artifactLocation"]["uri"],
        "infra/prod%20env/main.tf"
    );
    assert_eq!(
        latency["region"],
        serde_json::json!({"startLine": 30, "startColumn": 3})
    );
    assert_eq!(
        results[3]["message"]["text"],
        "module.payments.aws_cloudwatch_metric_alarm.this[\"latency\"]: alarm_description has no runbook URL: expected a JSON key `runbook` or text such as \"Runbook: https://runbooks.example/payments-latency\""
    );

    let fingerprints: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| string("fp", &r["partialFingerprints"]["irready/v1"]))
        .collect();
    assert_eq!(
        fingerprints.len(),
        results.len(),
        "fingerprints are distinct"
    );
    assert!(
        fingerprints
            .iter()
            .all(|f| f.len() == 16 && f.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

#[test]
fn rules_cover_every_check_run_with_help_and_remediation() {
    let log = sarif();
    let rules = items("rules", &log["runs"][0]["tool"]["driver"]["rules"]);
    let ids: Vec<&str> = rules.iter().map(|r| string("id", &r["id"])).collect();
    assert_eq!(
        ids,
        [
            "waf-rel-060.tf.aws.sns-topic-alarm-action",
            "waf-rel-060.tf.aws.alarm-runbook-severity",
            "waf-rel-060.tf.google.monitoring-notification-channel",
            "waf-rel-060.ir.review-within-deadline",
            "WAF-OPS-020-C1",
            "irready.parse",
        ]
    );
    let action = &rules[0];
    assert_eq!(action["name"], "SnsTopicAlarmAction");
    assert_eq!(action["defaultConfiguration"]["level"], "error");
    let help = string("help.markdown", &action["help"]["markdown"]);
    assert!(
        help.contains("**Remediation:** Set alarm_actions and ok_actions"),
        "{help}"
    );
    assert!(
        help.contains("```hcl\nresource \"aws_cloudwatch_metric_alarm\""),
        "{help}"
    );
    assert!(string("help.text", &action["help"]["text"]).contains("Remediation: "));
    assert_eq!(
        action["properties"]["tags"],
        serde_json::json!(["waf++", "reliability", "WAF-REL-060"])
    );
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
}

#[test]
fn fingerprints_do_not_depend_on_lines() {
    // Moving a block must not open a new alert: the fingerprint hashes check, root,
    // resource and file, not the line.
    let findings = fixture::findings();
    let controls = fixture::controls();
    let paths = fixture::scanned_paths();
    let mut moved = findings.clone();
    for f in &mut moved {
        f.line += 10;
    }
    let render = |findings: &[irready::Finding]| {
        let input = irready::report::ReportInput {
            findings,
            controls: &controls,
            controls_loaded: 3,
            scanned_paths: &paths,
            tool_version: fixture::VERSION,
        };
        let text = irready::report::render(Format::Sarif, &input, &ConsoleOptions::default());
        let log: Value = serde_json::from_str(&text).unwrap_or_default();
        items("results", &log["runs"][0]["results"])
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(render(&findings), render(&moved));
}

#[test]
fn sarif_report_snapshot() {
    insta::assert_snapshot!("sarif", sarif_text());
}
