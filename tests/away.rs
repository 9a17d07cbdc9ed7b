//! Residents away, at the wall, on a real SQLite file: their deliveries are
//! taken and kept, the holding clock pauses (collect-by, reminders and
//! expiry move to the day they are back), no notice per package while they
//! are away but one summary that day, and a request from their page is
//! carried out once, only for themselves, audited as theirs.

mod common;

use lockerwall::domain::{ResidentId, Timestamp};
use lockerwall::store::{NoticeKind, OutboxItem, Store};
use lockerwall_wire::{ActionKind, DeskAction};

const DAY: i64 = 86_400_000;

fn at(days: i64) -> Timestamp {
    Timestamp(common::T0.0 + days * DAY)
}

fn of_kind(store: &Store, kind: NoticeKind) -> Vec<OutboxItem> {
    store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == kind)
        .collect()
}

/// The packages the wall now counts as expired.
fn expired(store: &Store) -> Vec<i64> {
    store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "expired")
        .filter_map(|e| e.package)
        .collect()
}

#[test]
fn a_residents_packages_wait_while_they_are_away_and_one_summary_greets_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let carmen = ResidentId(3);
    // Waiting before she leaves: its notice went out as always.
    let before = common::carmens_package(&mut store, at(0));
    assert_eq!(of_kind(&store, NoticeKind::Stored).len(), 1);

    // Away from day 1 until day 8 (the day she is back).
    store
        .set_away(carmen, at(1), at(8), "resident:3 (own page)", at(0))
        .unwrap();
    let during: Vec<_> = [2, 3]
        .iter()
        .map(|d| common::stored(&mut store, &format!("1ZAWAY{d}"), 3, 1, at(*d), *d as u64))
        .collect();
    // Another resident's delivery the same day is told as always.
    let other = common::stored(&mut store, "1ZOTHER", 4, 1, at(2), 9);
    let stored_notices: Vec<_> = of_kind(&store, NoticeKind::Stored)
        .into_iter()
        .map(|i| i.facts.package)
        .collect();
    assert_eq!(stored_notices, [before.package, other.package]);

    // The clock pauses: no reminder while away, and the package that was
    // already waiting is not expired on its seventh day.
    for day in 2..8 {
        store.schedule_notices(at(day)).unwrap();
    }
    let carmens_reminders = |s: &Store| {
        of_kind(s, NoticeKind::Reminder)
            .into_iter()
            .filter(|i| i.facts.resident_id == carmen)
            .count()
    };
    assert_eq!(carmens_reminders(&store), 0);
    assert!(expired(&store).is_empty(), "{:?}", expired(&store));

    // The summary waits for the day she is back, then lists all three with
    // their codes, in her language.
    let due = |s: &Store, t: Timestamp| -> Vec<OutboxItem> {
        s.due_outbox(t, 100)
            .unwrap()
            .into_iter()
            .filter(|i| i.kind == NoticeKind::AwaySummary)
            .collect()
    };
    assert!(due(&store, Timestamp(at(8).0 - 1)).is_empty());
    let summary = due(&store, at(8));
    assert_eq!(summary.len(), 1, "one summary, by email");
    let summary = &summary[0];
    assert_eq!(summary.recipient, "carmen.alvarez@example.com");
    assert!(summary.still_true());
    let listed: Vec<_> = summary.waiting.iter().map(|f| f.package).collect();
    assert_eq!(
        listed,
        [before.package, during[0].package, during[1].package]
    );
    let c = common::mailer(&store).compose(summary).unwrap();
    assert!(
        c.rendered.subject.contains("3 paquetes le esperan"),
        "{}",
        c.rendered.subject
    );
    for p in [&before, &during[0], &during[1]] {
        assert!(
            c.rendered.text.contains(p.code.as_str()),
            "{}",
            c.rendered.text
        );
        assert!(c
            .rendered
            .text
            .contains(&format!("Casillero {}", p.locker.label)));
    }
    assert!(
        c.qr.is_none() && c.token.is_none(),
        "a summary carries no single QR"
    );

    // Back: the one already waiting resumes where it paused (one day gone,
    // so its reminder on day 10 and its 7 days out on day 14, not 7); those
    // that came while she was away count from today (reminders on day 11).
    store.schedule_notices(Timestamp(at(10).0 - 1)).unwrap();
    assert_eq!(carmens_reminders(&store), 0);
    store.schedule_notices(at(10)).unwrap();
    assert_eq!(carmens_reminders(&store), 1);
    store.schedule_notices(at(11)).unwrap();
    assert_eq!(carmens_reminders(&store), 3);
    store.schedule_notices(Timestamp(at(14).0 - 1)).unwrap();
    assert!(!expired(&store).contains(&before.package.0));
    store.schedule_notices(at(14)).unwrap();
    assert!(expired(&store).contains(&before.package.0));
    assert!(!expired(&store).contains(&during[0].package.0));
}

#[test]
fn back_early_the_summary_goes_at_once_and_the_clock_runs_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let carmen = ResidentId(3);
    store
        .set_away(carmen, at(0), at(20), "staff:Dana", at(0))
        .unwrap();
    let p = common::carmens_package(&mut store, at(1));
    assert!(of_kind(&store, NoticeKind::Stored).is_empty());
    // She is back on day 3 (the page's "I am back"): until <= from ends it.
    store
        .set_away(carmen, at(3), at(3), "resident:3 (own page)", at(3))
        .unwrap();
    let summary: Vec<_> = store
        .due_outbox(at(3), 100)
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == NoticeKind::AwaySummary)
        .collect();
    assert_eq!(summary.len(), 1);
    assert_eq!(
        summary[0].waiting[0].hold_from,
        at(3),
        "the clock starts today"
    );
    // Held two days away, so the hold ends on day 3 + 7.
    let held = store
        .sync_snapshot(at(3), "Maple", 0, 7, false)
        .unwrap()
        .held_longer;
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].package, held[0].until), (p.package.0, at(10).0));
    // Ending it again changes nothing; the trail says set, then ended.
    store
        .set_away(carmen, at(3), at(3), "resident:3 (own page)", at(3))
        .unwrap();
    let trail: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind.starts_with("away"))
        .map(|e| format!("{} {}", e.kind, e.actor))
        .collect();
    assert_eq!(
        trail,
        ["away_set staff:Dana", "away_ended resident:3 (own page)"]
    );
}

#[test]
fn an_away_period_is_refused_when_it_is_over_or_too_long_and_a_new_one_replaces_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let carmen = ResidentId(3);
    let set = |s: &mut Store, from: i64, until: i64, now: i64| {
        s.set_away(carmen, at(from), at(until), "staff:Dana", at(now))
    };
    assert!(set(&mut store, 0, 61, 0).is_err(), "more than 60 days");
    assert!(set(&mut store, -5, -1, 0).is_err(), "over already");
    assert!(store
        .set_away(ResidentId(99_999), at(1), at(2), "staff:Dana", at(0))
        .is_err());
    set(&mut store, 2, 9, 0).unwrap();
    // Changed before it starts: the new dates replace the old.
    set(&mut store, 4, 6, 1).unwrap();
    let away = store.away_periods(at(1)).unwrap();
    assert_eq!(away.len(), 1);
    assert_eq!(
        (away[0].resident, away[0].from, away[0].until),
        (3, at(4).0, at(6).0)
    );
    // Changed while under way: it keeps its start, the return moves.
    set(&mut store, 5, 12, 5).unwrap();
    let away = store.away_periods(at(5)).unwrap();
    assert_eq!((away[0].from, away[0].until), (at(4).0, at(12).0));
    // One summary is waiting, for the new day back.
    let summaries: Vec<_> = of_kind(&store, NoticeKind::AwaySummary)
        .into_iter()
        .filter(|i| i.sent_at.is_none())
        .collect();
    assert_eq!(summaries.len(), 1);
    assert!(store
        .due_outbox(Timestamp(at(12).0 - 1), 100)
        .unwrap()
        .is_empty());
    // The server hears who is away until when.
    let snap = store.sync_snapshot(at(5), "Maple", 0, 7, false).unwrap();
    assert_eq!(snap.away, away);
}

#[test]
fn a_residents_away_request_is_done_once_only_for_themselves_and_audited_as_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let asked = |id: i64, by: i64, days: i64| DeskAction {
        id,
        package: None,
        what: ActionKind::Away {
            resident: 3,
            from: at(1).0,
            until: at(1 + days).0,
        },
        by: "the resident".into(),
        resident: Some(by),
    };
    let outcome = |s: &Store, id: i64| {
        let r = s.desk_report().unwrap();
        let d = r
            .done
            .iter()
            .find(|d| d.id == id)
            .expect("reported")
            .clone();
        (d.ok, d.message)
    };
    // Someone else's page naming Carmen: refused, nothing set.
    store.desk_act(&asked(1, 4, 5), at(0)).unwrap();
    assert!(!outcome(&store, 1).0);
    assert!(store.away_periods(at(0)).unwrap().is_empty());
    // Longer than the wall allows: refused with the rule, in words.
    store.desk_act(&asked(2, 3, 90), at(0)).unwrap();
    let (ok, why) = outcome(&store, 2);
    assert!(!ok && why.contains("60 days"), "{why}");
    // Hers: set once, however often the answer is seen again.
    store.desk_act(&asked(3, 3, 5), at(0)).unwrap();
    store.desk_act(&asked(3, 3, 5), at(0)).unwrap();
    assert_eq!(outcome(&store, 3), (true, String::new()));
    let set: Vec<String> = store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "away_set")
        .map(|e| e.actor)
        .collect();
    assert_eq!(set, ["resident:3 (own page)"]);
    // A request about a resident that names a package, and one this wall
    // does not know: reported not done, nothing else changes.
    let mut odd = asked(4, 3, 5);
    odd.package = Some(1);
    store.desk_act(&odd, at(0)).unwrap();
    assert!(!outcome(&store, 4).0);
    let mut newer = asked(5, 3, 5);
    newer.what = ActionKind::Unknown;
    newer.package = Some(1);
    store.desk_act(&newer, at(0)).unwrap();
    let (ok, why) = outcome(&store, 5);
    assert!(!ok && why.contains("update"), "{why}");
}

/// Lockers kept for residents who are away, on a wall that fills faster
/// than they come back: the attention list says so with the figures, and
/// lets it go when it no longer holds.
#[test]
fn the_attention_list_warns_when_residents_away_will_keep_the_wall_full() {
    use lockerwall::domain::Size;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let filled = common::fill_wall(&mut store, at(0), &[Size::S, Size::M]);
    let away = |s: &Store| {
        s.open_attention()
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == "away_filling")
            .map(|a| a.message)
            .collect::<Vec<_>>()
    };
    // Nobody away: however full, nothing to say about it.
    store.schedule_notices(at(1)).unwrap();
    assert!(away(&store).is_empty());

    // One whose package fills a locker is away for ten days; two lockers
    // are free and more than two packages a day came in the last two weeks.
    let resident = filled[0].resident.id;
    store
        .set_away(resident, at(1), at(11), "staff:Dana", at(1))
        .unwrap();
    store.schedule_notices(at(1)).unwrap();
    let said = away(&store);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("Lockers kept for residents who are away: 1 (the last until "),
        "{}",
        said[0]
    );
    assert!(said[0].contains("the free lockers (2)"), "{}", said[0]);
    store.schedule_notices(at(2)).unwrap();
    assert_eq!(away(&store).len(), 1, "raised once");

    // Back: settled by the kiosk.
    store
        .set_away(resident, at(3), at(3), "staff:Dana", at(3))
        .unwrap();
    store.schedule_notices(at(3)).unwrap();
    assert!(away(&store).is_empty());
}
