//! `oncall.yml` (SPEC §5): schedules resolve into contacts; broken samples give exact
//! `file:line:col: message` diagnostics.

use irready::ir::oncall::{Contact, OnCall, Rotation, load_oncall, parse_oncall};
use jiff::Timestamp;
use std::path::Path;

fn load(name: &str) -> Result<OnCall, Vec<String>> {
    let path = Path::new("tests/fixtures/ir/oncall").join(name);
    load_oncall(&path, name.into()).map_err(|ds| ds.iter().map(|d| d.to_string()).collect())
}

#[test]
fn good_sample_resolves_schedules_into_contacts() {
    let oc = load("good.yml").unwrap();
    let names: Vec<&str> = oc.schedules.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["payments-primary", "payments-secondary", "search-solo"]
    );

    let p = oc.schedule("payments-primary").unwrap();
    assert_eq!(p.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(p.rotation, Some(Rotation::Weekly));
    assert_eq!(
        p.start,
        Some("2026-01-05T07:00:00Z".parse::<Timestamp>().unwrap())
    );
    assert_eq!(p.members, ["alice", "bob", "carol"]);
    assert_eq!(p.location.to_string(), "good.yml:2:3");
    assert_eq!(
        oc.schedule("payments-secondary").unwrap().rotation,
        Some(Rotation::Days(14))
    );
    assert_eq!(
        oc.schedule("search-solo").unwrap().rotation,
        Some(Rotation::Hours(12))
    );

    let api = oc.service("payment-api").unwrap();
    assert_eq!(api.location.to_string(), "good.yml:15:3");
    assert_eq!(api.tier.as_deref(), Some("production"));
    assert!(api.is_production());
    assert_eq!(
        api.primary,
        Some(Contact::Schedule {
            name: "payments-primary".into(),
            members: vec!["alice".into(), "bob".into(), "carol".into()],
        })
    );
    let secondary = api.secondary.as_ref().unwrap();
    assert_eq!(secondary.people(), ["dave", "erin"]);
    assert!(
        secondary
            .shared_people(api.primary.as_ref().unwrap())
            .is_empty()
    );

    // A one-person rotation whose secondary is that same person: the model shows it.
    let search = oc.service("search").unwrap();
    let primary = search.primary.as_ref().unwrap();
    assert_eq!(primary.people(), ["frank"]);
    assert_eq!(search.secondary, Some(Contact::Person("frank".into())));
    assert_eq!(
        primary.shared_people(search.secondary.as_ref().unwrap()),
        ["frank"]
    );

    let docs = oc.service("docs-site").unwrap();
    assert!(!docs.is_production());
    assert_eq!(docs.secondary, None);
}

#[test]
fn a_service_naming_an_unknown_schedule_is_an_error_at_the_name() {
    assert_eq!(
        load("unknown-schedule.yml").unwrap_err(),
        [
            "unknown-schedule.yml:7:27: unknown schedule `payments-secundary`: expected one of the schedules defined under `schedules:` (payments-primary)"
        ]
    );
}

#[test]
fn schedule_fields_are_validated_and_all_reported() {
    let errors = load("bad-schedule.yml").unwrap_err();
    let mut expected = vec![
        "bad-schedule.yml:4:15: invalid rotation `fortnightly`: expected daily, weekly, <n>d or <n>h".to_string(),
        "bad-schedule.yml:5:12: invalid start `next monday`: expected an RFC 3339 timestamp with offset such as 2026-01-05T08:00:00+01:00".to_string(),
        "bad-schedule.yml:6:14: schedule `a` has an empty members list: expected at least one person".to_string(),
        "bad-schedule.yml:7:3: schedule `b` has no members: expected `members:` with a non-empty list of people".to_string(),
        "bad-schedule.yml:8:15: invalid rotation `0d`: expected daily, weekly, <n>d or <n>h".to_string(),
    ];
    // The time zone is only judged where the machine has a time zone database.
    if !jiff::tz::db().is_definitively_empty() {
        expected.insert(
            0,
            "bad-schedule.yml:3:16: unknown time zone `Europe/Berlinn`: expected an IANA time zone such as Europe/Berlin".to_string(),
        );
    }
    assert_eq!(errors, expected);
}

#[test]
fn a_contact_is_one_schedule_or_one_person() {
    assert_eq!(
        load("bad-contact.yml").unwrap_err(),
        [
            "bad-contact.yml:6:14: both `schedule` and `person`: expected one of them",
            "bad-contact.yml:7:16: empty contact: expected {schedule: NAME} or {person: NAME}",
        ]
    );
}

#[test]
fn unknown_keys_and_wrong_types_are_errors() {
    assert_eq!(
        load("unknown-key.yml").unwrap_err(),
        ["unknown-key.yml:3:5: unknown field `primery`, expected one of tier, primary, secondary"]
    );
    assert_eq!(
        load("wrong-type.yml").unwrap_err(),
        ["wrong-type.yml:3:14: wrong type: expected a list"]
    );
    assert_eq!(
        parse_oncall("# todo\n", "o.yml".into()).unwrap_err()[0].to_string(),
        "o.yml:1:1: empty document: expected `schedules:` and `services:`"
    );
}

#[test]
fn the_model_can_be_built_without_a_file() {
    // The lead builds the same model from PagerDuty/Opsgenie Terraform.
    let oc = OnCall {
        schedules: Vec::new(),
        services: vec![irready::ir::oncall::OnCallService {
            name: "payment-api".into(),
            tier: None,
            primary: Some(Contact::Schedule {
                name: "pagerduty_schedule.primary".into(),
                members: vec!["alice".into()],
            }),
            secondary: None,
            location: irready::source::Location::new("main.tf".into(), 3, 1),
            unknown: None,
        }],
    };
    assert!(oc.service("payment-api").unwrap().is_production());
    assert!(oc.service("search").is_none());
}
