//! Packages residents expect, at the wall on a real SQLite file: a number
//! told on the resident's page arrives as its keyed tag; a carrier scanning
//! it (any spacing or case) gets its resident; the worker's pass marks it
//! arrived when it is stored for them, and raises one that has not come in
//! time once: the attention list, an event the server files a ticket from,
//! and a message to the resident in her language.

mod common;

use lockerwall::domain::{ResidentId, Timestamp};
use lockerwall::store::{NoticeKind, Store};
use lockerwall_wire::{tracking_tag, ActionKind, DeskAction};

const DAY: i64 = 86_400_000;
const KEY: &str = "maple-court-sync-key-0123456789";
const CARMEN: ResidentId = ResidentId(3);
const ON_ITS_WAY: &str = "1Z999AA10123456784";
const NEVER_COMES: &str = "9400111899223197428490";

fn at(days: i64) -> Timestamp {
    Timestamp(common::T0.0 + days * DAY)
}

fn keyed_store(dir: &std::path::Path) -> Store {
    let (mut store, _) = common::demo_store(dir);
    store.know_sync_key(KEY.into());
    store
}

fn events(store: &Store, kind: &str) -> Vec<lockerwall_wire::Event> {
    store
        .events_after(0, 10_000, false, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == kind)
        .collect()
}

#[test]
fn an_expected_package_is_chosen_for_its_resident_and_marked_when_it_comes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = keyed_store(dir.path());
    let tag = tracking_tag(KEY, ON_ITS_WAY);
    store
        .expect(
            CARMEN,
            &tag,
            "6784",
            Some(at(2)),
            "resident:3 (own page)",
            at(0),
        )
        .unwrap();
    // As a carrier's scanner or thumbs give it.
    for scanned in [ON_ITS_WAY, "1z999aa10123456784", "1Z 999 AA1 0123 456 784"] {
        let who = store.expected_by(scanned).unwrap().expect(scanned);
        assert_eq!((who.id, who.name.as_str()), (CARMEN, "Carmen Alvarez"));
    }
    assert!(store.expected_by(NEVER_COMES).unwrap().is_none());
    // The server learns it by its tag, never the number.
    let added = events(&store, "expected_added");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].tracking_tag.as_deref(), Some(tag.as_str()));
    assert_eq!(added[0].resident, Some(3));
    assert!(!format!("{added:?}").contains("0123456784"));

    // Stored for her: the next pass marks it arrived, and a scan finds no one.
    let p = common::stored(&mut store, ON_ITS_WAY, 3, 1, at(1), 1);
    store.schedule_notices(at(1)).unwrap();
    let arrived = events(&store, "expected_arrived");
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].package, Some(p.package.0));
    assert_eq!(arrived[0].tracking_tag.as_deref(), Some(tag.as_str()));
    assert!(store.expected_by(ON_ITS_WAY).unwrap().is_none());
    // Long after its day: not raised, it came.
    store.schedule_notices(at(20)).unwrap();
    assert!(events(&store, "expected_late").is_empty());
    let mine = store.expected_of(CARMEN).unwrap();
    assert_eq!(mine[0].arrived_at, Some(at(1)));
}

#[test]
fn one_that_never_comes_is_raised_once_and_its_resident_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = keyed_store(dir.path());
    let tag = tracking_tag(KEY, NEVER_COMES);
    // No day given: ten days after it was told.
    store
        .expect(CARMEN, &tag, "8490", None, "resident:3 (own page)", at(0))
        .unwrap();
    store.schedule_notices(Timestamp(at(10).0 - 1)).unwrap();
    assert!(events(&store, "expected_late").is_empty());
    store.schedule_notices(at(10)).unwrap();
    store.schedule_notices(at(11)).unwrap();
    let late = events(&store, "expected_late");
    assert_eq!(late.len(), 1, "once");
    assert_eq!(late[0].tracking_tag.as_deref(), Some(tag.as_str()));
    assert_eq!(late[0].resident, Some(3));
    let attention = store.open_attention().unwrap();
    let item = attention
        .iter()
        .find(|a| a.kind == "expected_late")
        .unwrap();
    assert!(item.message.contains("Carmen Alvarez") && item.message.contains("8490"));

    // Her message, in Spanish, naming the number's ending.
    let told: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == NoticeKind::ExpectedLate)
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].recipient, "carmen.alvarez@example.com");
    assert!(told[0].still_true());
    let c = common::mailer(&store).compose(&told[0]).unwrap();
    assert!(
        c.rendered.subject.contains("8490"),
        "{}",
        c.rendered.subject
    );
    assert!(
        c.rendered.subject.contains("aún no ha llegado"),
        "{}",
        c.rendered.subject
    );
    assert!(
        !c.rendered.text.contains("Debía llegar"),
        "no day given: {}",
        c.rendered.text
    );
    let text = common::mailer(&store).text_message(&told[0]).unwrap();
    assert!(text.contains("8490"), "{text}");

    // It turns up after all: the message still unsent is no longer true.
    common::stored(&mut store, NEVER_COMES, 3, 1, at(11), 2);
    store.schedule_notices(at(11)).unwrap();
    let again = store.outbox().unwrap();
    let late_notice = again
        .iter()
        .find(|i| i.kind == NoticeKind::ExpectedLate)
        .unwrap();
    assert!(!late_notice.still_true());
}

#[test]
fn a_page_request_is_the_residents_own_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = keyed_store(dir.path());
    let tag = tracking_tag(KEY, ON_ITS_WAY);
    let ask = |id: i64, by: i64, for_whom: i64, tag: &str, ending: &str| DeskAction {
        id,
        package: None,
        what: ActionKind::Expect {
            resident: for_whom,
            tracking_tag: tag.into(),
            ending: ending.into(),
            by: Some(at(3).0),
        },
        by: "the resident".into(),
        resident: Some(by),
    };
    let done = |s: &Store, id: i64| common::desk_done(s, id).0;
    store.desk_act(&ask(1, 3, 3, &tag, "6784"), at(0)).unwrap();
    assert!(done(&store, 1));
    // For someone else, a tag that is not one, an ending that is not one.
    store.desk_act(&ask(2, 4, 3, &tag, "6784"), at(0)).unwrap();
    store
        .desk_act(&ask(3, 3, 3, "not-a-tag", "6784"), at(0))
        .unwrap();
    store
        .desk_act(&ask(4, 3, 3, &tag, "<script>"), at(0))
        .unwrap();
    for id in [2, 3, 4] {
        assert!(!done(&store, id), "{id}");
    }
    // A day too far ahead.
    let far = store.expect(CARMEN, &tag, "6784", Some(at(90)), "cli:test", at(0));
    assert!(far.is_err());
    assert_eq!(events(&store, "expected_added").len(), 1);
    // A wall with no sync key knows no number.
    let dir2 = tempfile::tempdir().unwrap();
    let (plain, _) = common::demo_store(dir2.path());
    assert!(plain.expected_by(ON_ITS_WAY).unwrap().is_none());
}
