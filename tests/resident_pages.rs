//! Residents' own pages, at the wall: every notice to a resident carries a
//! link signed for them in their language (none in staff's mail, none when
//! the wall gives no links); staff revoking it and a resident moving out are
//! events naming the resident; a request from the page is carried out only
//! for the resident's own package, audited with the resident as actor.

mod common;

use lockerwall::domain::{ResidentId, Timestamp};
use lockerwall::kiosk::{ProblemContext, ProblemKind, ProblemReport};
use lockerwall::notify::PageLinks;
use lockerwall::store::NoticeKind;
use lockerwall_wire::{ActionKind, DeskAction, ResidentLink};

const KEY: &str = "maple-court-key-0123456789";

fn links() -> PageLinks {
    PageLinks {
        base: "https://portfolio.example".into(),
        property: "maple-court".into(),
        key: KEY.into(),
        days: 45,
    }
}

/// The link in a text, read back under the property's key.
fn link_in(text: &str) -> Option<ResidentLink> {
    let start = text.find("https://portfolio.example/r/maple-court/")?;
    let token: String = text[start..]
        .trim_start_matches("https://portfolio.example/r/maple-court/")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    Some(ResidentLink::read(KEY, "maple-court", &token).expect("a link signed for the property"))
}

#[test]
fn every_residents_notice_links_to_their_own_page() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = common::T0;
    common::carmens_package(&mut store, now);
    let item = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Stored)
        .expect("Carmen's notice");

    // Without links configured: no line for one.
    let plain = common::mailer(&store).compose(&item).unwrap();
    assert!(
        !plain.rendered.text.contains("/r/"),
        "{}",
        plain.rendered.text
    );
    assert!(!plain.rendered.text.contains("{?page_link}"));
    assert!(!plain.rendered.html.contains("page_link"));

    let mut mailer = common::mailer(&store);
    mailer.page_links = Some(links());
    let c = mailer.compose(&item).unwrap();
    let link = link_in(&c.rendered.text).expect("a link in the text");
    assert_eq!(
        link,
        ResidentLink {
            resident: 3,
            issued_s: item.created_at.0 / 1000,
            days: 45,
            language: "es".into(),
        }
    );
    assert!(c.rendered.text.contains("en su propia página"));
    assert_eq!(
        link_in(&c.rendered.html),
        Some(link.clone()),
        "the HTML part links too"
    );
    // The same notice composed again (a retry) carries the same link.
    let again = mailer.compose(&item).unwrap();
    assert_eq!(link_in(&again.rendered.text), Some(link));
}

#[test]
fn staff_mail_carries_no_residents_link() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    store.set_notices(lockerwall::store::NoticeSetup {
        policy: lockerwall::domain::HoldPolicy {
            staff_email: Some("packages@maple-court.example".into()),
            ..Default::default()
        },
        webhook: None,
        help_desk: Some("packages@maple-court.example".into()),
    });
    let stored = common::carmens_package(&mut store, common::T0);
    store
        .report_problem(&ProblemReport {
            kind: ProblemKind::DoorDidNotOpen,
            context: ProblemContext {
                screen: "pickup-door",
                locker: Some((stored.locker.id, stored.locker.label.clone())),
                package: Some(stored.package),
                carrier: None,
                at: common::T0,
            },
        })
        .unwrap();
    let problem = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Problem)
        .expect("the problem's email to staff");
    let mut mailer = common::mailer(&store);
    mailer.page_links = Some(links());
    let c = mailer.compose(&problem).unwrap();
    assert_eq!(link_in(&c.rendered.text), None, "{}", c.rendered.text);
    // Nor does the staff's mail when a package waited past its hold.
    store
        .schedule_notices(Timestamp(common::T0.0 + 30 * 86_400_000))
        .unwrap();
    let expired = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == NoticeKind::Expired)
        .expect("the expiry's email to staff");
    assert!(!expired.to_resident);
    let c = mailer.compose(&expired).unwrap();
    assert_eq!(link_in(&c.rendered.text), None, "{}", c.rendered.text);
    assert_eq!(link_in(&c.rendered.html), None);
}

fn revoked(store: &lockerwall::store::Store) -> Vec<(i64, String)> {
    store
        .events_after(0, 10_000, false, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "page_link_revoked")
        .map(|e| (e.resident.unwrap(), e.actor))
        .collect()
}

#[test]
fn revoking_and_moving_out_name_the_resident_to_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = Timestamp(common::T0.0 + 1000);
    store
        .revoke_page_links(ResidentId(3), "staff:Dana", now)
        .unwrap();
    assert_eq!(revoked(&store), [(3, "staff".to_string())]);
    assert!(store
        .revoke_page_links(ResidentId(99_999), "staff:Dana", now)
        .is_err());

    // Carmen moves out (staff edit her record): her links go with her.
    let mut carmen = store
        .all_residents()
        .unwrap()
        .into_iter()
        .find(|r| r.id == 3)
        .unwrap();
    carmen.active = false;
    store.save_resident(&carmen, "staff:Dana", now).unwrap();
    assert_eq!(revoked(&store).len(), 2);
    // Saved again while moved out: nothing more to revoke.
    store.save_resident(&carmen, "staff:Dana", now).unwrap();
    assert_eq!(revoked(&store).len(), 2);
}

#[test]
fn a_residents_request_is_done_only_for_their_own_package_and_audited_as_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = common::T0;
    let carmens = common::carmens_package(&mut store, now).package;
    let asked = |id: i64, resident: i64| DeskAction {
        id,
        package: Some(carmens.0),
        what: ActionKind::ResendNotice,
        by: "the resident".into(),
        resident: Some(resident),
    };
    let notices = |s: &lockerwall::store::Store| s.outbox().unwrap().len();
    let before = notices(&store);

    // Someone else's page asking about Carmen's package: refused, nothing sent.
    store.desk_act(&asked(1, 4), now).unwrap();
    assert_eq!(notices(&store), before);
    let report = store.desk_report().unwrap();
    assert_eq!(report.done.len(), 1);
    assert!(!report.done[0].ok);
    assert!(report.done[0].message.contains("not for the resident"));

    // Carmen's own: her notice again, audited with her as the actor; asked
    // twice (an answer seen again), done once.
    store.desk_act(&asked(2, 3), now).unwrap();
    store.desk_act(&asked(2, 3), now).unwrap();
    assert_eq!(notices(&store), before + 1);
    let resent: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "notice_resent")
        .map(|e| e.actor)
        .collect();
    assert_eq!(resent, ["resident:3 (own page)"]);
    // Leaving the wall, the actor is a role.
    let role = store
        .events_after(0, 10_000, false, None)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "notice_resent")
        .unwrap();
    assert_eq!(role.actor, "resident");
}

#[test]
fn a_residents_door_delivery_request_is_done_only_where_the_property_takes_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = common::T0;
    let carmens = common::carmens_package(&mut store, now).package;
    let asked = |id: i64| DeskAction {
        id,
        package: Some(carmens.0),
        what: ActionKind::DoorDelivery,
        by: "the resident".into(),
        resident: Some(3),
    };
    let door_events = |s: &lockerwall::store::Store| -> Vec<String> {
        s.events_after(0, 10_000, true, None)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "door_delivery_on")
            .map(|e| e.actor)
            .collect()
    };

    // Not taken here: refused with the reason, nothing changed.
    store.desk_act(&asked(1), now).unwrap();
    assert!(door_events(&store).is_empty());
    let report = store.desk_report().unwrap();
    assert!(!report.done[0].ok);
    assert!(report.done[0].message.contains("door delivery"));

    // Taken: on the staff's run, audited as hers.
    store.let_residents_ask_door_delivery(true);
    store.desk_act(&asked(2), now).unwrap();
    assert_eq!(door_events(&store), ["resident:3 (own page)"]);
    let run = store.delivery_run().unwrap();
    assert!(run.iter().any(|stop| stop.package == carmens), "{run:?}");
}

/// The page's "kept until" is the wall's: a hold staff extended travels in
/// the snapshot with its new day, and only extended holds do.
#[test]
fn an_extended_hold_reaches_the_server_with_its_new_day() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = common::T0;
    let carmens = common::carmens_package(&mut store, now).package;
    let snapshot =
        |s: &lockerwall::store::Store| s.sync_snapshot(now, "Maple", 0, 7, false).unwrap();
    assert!(snapshot(&store).held_longer.is_empty());

    store.extend_hold(carmens, 4, "staff:Dana", now).unwrap();
    let held = snapshot(&store).held_longer;
    let policy = store.policy().clone();
    let stored_at = now.0;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].package, carmens.0);
    let day = 86_400_000;
    assert_eq!(
        held[0].until,
        stored_at + i64::from(policy.hold_days + 4) * day
    );
}
