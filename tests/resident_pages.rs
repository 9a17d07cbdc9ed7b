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
        texts: None,
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
        what: ActionKind::DoorDelivery { window: None },
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
    store.let_residents_ask_door_delivery(lockerwall::domain::DoorOffer {
        on: true,
        units: vec![],
    });
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

/// Door delivery asked from the page: in the part of the day asked for,
/// only from units the property delivers to, and "every package until" a
/// day for the resident who asked, ended by "stop" without taking packages
/// already on the run off it.
#[test]
fn door_requests_carry_their_window_respect_the_units_and_can_stand_for_a_while() {
    use lockerwall::domain::{DoorOffer, DoorWindow};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = common::T0;
    let day = 86_400_000;
    let carmens = common::carmens_package(&mut store, now).package;
    let asked = |id: i64, package: Option<i64>, what: ActionKind| DeskAction {
        id,
        package,
        what,
        by: "the resident".into(),
        resident: Some(3),
    };
    let outcome = |s: &lockerwall::store::Store, id: i64| {
        let d = s.desk_report().unwrap().done;
        let d = d.iter().find(|d| d.id == id).unwrap().clone();
        (d.ok, d.message)
    };
    let window_of = |s: &lockerwall::store::Store, p: lockerwall::domain::PackageId| {
        s.delivery_run()
            .unwrap()
            .into_iter()
            .find(|stop| stop.package == p)
            .map(|stop| stop.window)
    };
    let morning = ActionKind::DoorDelivery {
        window: Some("morning".into()),
    };

    // Carmen lives in 101; the property delivers to the second floor only.
    store.let_residents_ask_door_delivery(DoorOffer {
        on: true,
        units: vec!["2*".into()],
    });
    store
        .desk_act(&asked(1, Some(carmens.0), morning.clone()), now)
        .unwrap();
    let (ok, why) = outcome(&store, 1);
    assert!(!ok && why.contains("unit"), "{why}");
    assert_eq!(window_of(&store, carmens), None);

    // A window the wall does not know (a newer or hostile server) is any time.
    store.let_residents_ask_door_delivery(DoorOffer {
        on: true,
        units: vec![],
    });
    let odd = ActionKind::DoorDelivery {
        window: Some("<midnight>".into()),
    };
    store
        .desk_act(&asked(7, Some(carmens.0), odd), now)
        .unwrap();
    assert!(outcome(&store, 7).0);
    assert_eq!(window_of(&store, carmens), Some(None));

    // Every unit: on the run, in the morning.
    store.let_residents_ask_door_delivery(DoorOffer {
        on: true,
        units: vec![],
    });
    store
        .desk_act(&asked(2, Some(carmens.0), morning), now)
        .unwrap();
    assert_eq!(window_of(&store, carmens), Some(Some(DoorWindow::Morning)));

    // Every package for a week, in the evening: one arriving tomorrow joins.
    let standing = |until: i64| ActionKind::DoorStanding {
        resident: 3,
        until,
        window: Some("evening".into()),
    };
    store
        .desk_act(&asked(3, None, standing(now.0 + 7 * day)), now)
        .unwrap();
    assert!(outcome(&store, 3).0);
    let tomorrow = Timestamp(now.0 + day);
    let next = common::stored(&mut store, "1ZNEXT", 3, 1, tomorrow, 5).package;
    assert_eq!(window_of(&store, next), Some(Some(DoorWindow::Evening)));
    // Someone else's page asking it for Carmen, or for longer than 90 days: refused.
    let mut theirs = asked(4, None, standing(now.0 + 7 * day));
    theirs.resident = Some(4);
    store.desk_act(&theirs, now).unwrap();
    assert!(!outcome(&store, 4).0);
    store
        .desk_act(&asked(5, None, standing(now.0 + 91 * day)), now)
        .unwrap();
    assert!(outcome(&store, 5).1.contains("90 days"));

    // Stopped on day 2: the package already on the run stays, a later one waits in its locker.
    let day2 = Timestamp(now.0 + 2 * day);
    store.desk_act(&asked(6, None, standing(0)), day2).unwrap();
    let later = common::stored(&mut store, "1ZLATER", 3, 1, Timestamp(now.0 + 3 * day), 6).package;
    assert_eq!(window_of(&store, next), Some(Some(DoorWindow::Evening)));
    assert_eq!(window_of(&store, later), None);
    let trail: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind.starts_with("door_standing"))
        .map(|e| format!("{} {}", e.kind, e.actor))
        .collect();
    assert_eq!(
        trail,
        [
            "door_standing_set resident:3 (own page)",
            "door_standing_ended resident:3 (own page)"
        ]
    );
}

/// "How we tell you" from the page: reminders off means no reminder but
/// still the final notice; the language changes the next notice's; a
/// language notices are not written in, or another resident's page, changes
/// nothing.
#[test]
fn a_resident_turns_reminders_off_and_changes_the_language_of_their_notices() {
    use lockerwall::store::NoticeKind;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let now = common::T0;
    let day = 86_400_000;
    let choose = |id: i64, by: i64, language: &str, reminders: bool| DeskAction {
        id,
        package: None,
        what: ActionKind::Notices {
            resident: 3,
            language: Some(language.into()),
            reminders: Some(reminders),
            by: None,
        },
        by: "the resident".into(),
        resident: Some(by),
    };
    let ok = |s: &lockerwall::store::Store, id: i64| common::desk_done(s, id).0;
    store.desk_act(&choose(1, 4, "en", false), now).unwrap();
    store.desk_act(&choose(2, 3, "fr", false), now).unwrap();
    assert!(!ok(&store, 1) && !ok(&store, 2));
    store.desk_act(&choose(3, 3, "en", false), now).unwrap();
    assert!(ok(&store, 3));

    let p = common::carmens_package(&mut store, now).package;
    let kinds = |s: &lockerwall::store::Store| -> Vec<(NoticeKind, String)> {
        s.outbox()
            .unwrap()
            .into_iter()
            .filter(|i| i.facts.package == p)
            .map(|i| (i.kind, i.language))
            .collect()
    };
    for d in 1..7 {
        store.schedule_notices(Timestamp(now.0 + d * day)).unwrap();
    }
    assert_eq!(
        kinds(&store),
        [
            (NoticeKind::Stored, "en".to_string()),
            (NoticeKind::Final, "en".to_string())
        ],
        "no reminder; the final notice, in English now"
    );
    let trail: Vec<(Option<i64>, String)> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "notice_choices")
        .map(|e| (e.resident, e.detail.unwrap_or_default()))
        .collect();
    assert_eq!(trail, [(Some(3), "language en; reminders off".to_string())]);
}
