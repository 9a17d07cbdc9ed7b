//! Text messages, on a real SQLite file, sent over HTTP to a local provider
//! that speaks Twilio's Messages API: residents told by email, text or both
//! as they chose; a STOP relayed from the server (the number's keyed tag)
//! and a provider refusing an unsubscribed number both stop texts, and the
//! notice goes by email instead; START brings them back; a provider down
//! for a while loses nothing; staff see what could not be delivered.

mod common;
#[path = "common/text_provider.rs"]
mod text_provider;

use common::ManualClock;
use lockerwall::domain::{NotifyBy, ResidentId, Timestamp};
use lockerwall::notify::{Texts, Transport, Worker};
use lockerwall::store::{Channel, NoticeChoices, NoticeKind, NoticeSetup, Store, TextsSetup};
use lockerwall_wire::texts::phone_tag;
use lockerwall_wire::{ActionKind, DeskAction};
use std::path::Path;
use std::sync::Arc;
use text_provider::TextProvider;

const CARMEN: ResidentId = ResidentId(3);
const CARMENS_NUMBER: &str = "+15550104477";
const KEY: &str = "maple-court-sync-key-0123456789";

/// The demo wall sending texts, Carmen (whose notices are in Spanish) with
/// a mobile number as the directory writes it, told by `by`.
fn texting_store(dir: &Path, by: NotifyBy) -> Store {
    let (mut store, _) = common::demo_store(dir);
    store.set_notices(NoticeSetup {
        texts: Some(TextsSetup {
            country: "1".into(),
        }),
        ..Default::default()
    });
    store.know_sync_key(KEY.into());
    let mut carmen = store.resident_record(CARMEN.0).unwrap();
    carmen.phone = Some("(555) 010-4477".into());
    store
        .save_resident(&carmen, "cli:test", common::T0)
        .unwrap();
    let choices = NoticeChoices {
        by: Some(by),
        ..Default::default()
    };
    store
        .set_notice_choices(CARMEN, &choices, "resident:3 (own page)", common::T0)
        .unwrap();
    store
}

/// The outbox worker on its own connection, sending texts to `provider`.
fn worker(dir: &Path, provider: &TextProvider, clock: &ManualClock) -> Worker {
    let store = common::reopen(&dir.join("lockerwall.db"));
    Worker {
        mailer: common::mailer(&store),
        store,
        transport: Transport::Folder(dir.join("mail")),
        webhook: None,
        texts: Some(Texts::new(&provider.settings()).unwrap()),
        clock: Arc::new(clock.clone()),
        backoff: Default::default(),
        wake: Arc::new(tokio::sync::Notify::new()),
        phone: None,
    }
}

/// The channels Carmen's notices of `kind` were queued on.
fn channels(store: &Store, kind: NoticeKind) -> Vec<Channel> {
    store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == kind && i.facts.resident_id == CARMEN)
        .map(|i| i.channel)
        .collect()
}

/// The emails written to the demo's mail folder.
fn emails(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("mail")).map_or(0, |d| d.count())
}

fn audited(store: &Store, kind: &str) -> Vec<String> {
    store
        .events_after(0, 10_000, true, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| format!("{} | {}", e.actor, e.detail.unwrap_or_default()))
        .collect()
}

#[tokio::test]
async fn a_resident_who_chose_texts_gets_a_text_in_her_language_and_no_email() {
    let dir = tempfile::tempdir().unwrap();
    let provider = TextProvider::start().await;
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Text);
    let package = common::carmens_package(&mut store, clock.now_ts());
    assert_eq!(channels(&store, NoticeKind::Stored), [Channel::Text]);

    let pass = worker(dir.path(), &provider, &clock)
        .run_once()
        .await
        .unwrap();
    assert_eq!(pass.sent, 1);
    let sent = provider.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, CARMENS_NUMBER);
    assert_eq!(sent[0].from, text_provider::FROM);
    let body = &sent[0].body;
    assert!(body.contains(package.code.as_str()), "{body}");
    assert!(
        body.contains(&format!("el casillero {}", package.locker.label)),
        "{body}"
    );
    assert!(body.contains("Responda STOP"), "{body}");
    assert!(body.chars().count() < 320, "a short text: {body}");
    assert_eq!(emails(dir.path()), 0);
    // The package's history says how it was told.
    assert!(audited(&store, "notice_sent")
        .iter()
        .any(|e| e.contains("stored notice by text")));
    assert_eq!(
        audited(&store, "notice_choices"),
        ["resident:3 (own page) | by text"]
    );
}

#[tokio::test]
async fn both_sends_a_text_and_an_email_and_email_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let provider = TextProvider::start().await;
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Both);
    common::carmens_package(&mut store, clock.now_ts());
    assert_eq!(
        channels(&store, NoticeKind::Stored),
        [Channel::Text, Channel::Email]
    );
    worker(dir.path(), &provider, &clock)
        .run_once()
        .await
        .unwrap();
    assert_eq!((provider.sent().len(), emails(dir.path())), (1, 1));

    // Another resident chose nothing: email, as before texts existed.
    let other = common::stored(&mut store, "1ZOTHER", 4, 1, clock.now_ts(), 9);
    let kinds: Vec<Channel> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.facts.package == other.package)
        .map(|i| i.channel)
        .collect();
    assert_eq!(kinds, [Channel::Email]);
}

#[tokio::test]
async fn texts_need_a_number_and_a_wall_that_sends_them_else_email_carries_the_notice() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Text);
    // Ben has no number: texts for him are refused, saying why.
    let ben = NoticeChoices {
        by: Some(NotifyBy::Text),
        ..Default::default()
    };
    let e = store
        .set_notice_choices(ResidentId(2), &ben, "cli:test", common::T0)
        .unwrap_err();
    assert!(e.to_string().contains("mobile number"), "{e}");
    // Carmen's number is taken out of the directory later: her notices go by email.
    let mut carmen = store.resident_record(CARMEN.0).unwrap();
    carmen.phone = None;
    store
        .save_resident(&carmen, "cli:test", common::T0)
        .unwrap();
    common::carmens_package(&mut store, clock.now_ts());
    assert_eq!(channels(&store, NoticeKind::Stored), [Channel::Email]);
    // A wall that sends no texts tells residents who chose them by email.
    let dir2 = tempfile::tempdir().unwrap();
    let mut store2 = texting_store(dir2.path(), NotifyBy::Text);
    store2.set_notices(NoticeSetup::default());
    common::carmens_package(&mut store2, clock.now_ts());
    assert_eq!(channels(&store2, NoticeKind::Stored), [Channel::Email]);
}

#[tokio::test]
async fn a_stop_relayed_by_the_server_stops_texts_and_start_brings_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Text);
    let reply = |id: i64, tag: String, stop: bool| DeskAction {
        id,
        package: None,
        what: ActionKind::TextReply { phone: tag, stop },
        by: "the desk".into(),
        resident: None,
    };
    // The server names her number by its tag under the property's key.
    let tag = phone_tag(KEY, CARMENS_NUMBER);
    store
        .desk_act(&reply(1, tag.clone(), true), clock.now_ts())
        .unwrap();
    assert_eq!(common::desk_done(&store, 1), (true, String::new()));
    assert_eq!(
        audited(&store, "texts_stopped"),
        ["resident (text message reply) | texts stopped; notices go by email"]
    );
    common::carmens_package(&mut store, clock.now_ts());
    assert_eq!(channels(&store, NoticeKind::Stored), [Channel::Email]);

    // A tag made with another key, or of another number, finds no one.
    store
        .desk_act(
            &reply(
                2,
                phone_tag("another-key-0123456789", CARMENS_NUMBER),
                false,
            ),
            clock.now_ts(),
        )
        .unwrap();
    assert!(
        !common::desk_done(&store, 2).0,
        "{:?}",
        common::desk_done(&store, 2)
    );
    assert!(audited(&store, "texts_started").is_empty());

    // START: texts again; the same request seen twice is carried out once.
    store
        .desk_act(&reply(3, tag.clone(), false), clock.now_ts())
        .unwrap();
    store
        .desk_act(&reply(3, tag, false), clock.now_ts())
        .unwrap();
    assert_eq!(audited(&store, "texts_started").len(), 1);
    common::stored(&mut store, "1ZAGAIN", 3, 1, clock.now_ts(), 4);
    assert_eq!(
        channels(&store, NoticeKind::Stored),
        [Channel::Email, Channel::Text]
    );
}

#[tokio::test]
async fn an_unsubscribed_number_stops_texts_and_the_notice_goes_by_email_with_staff_told() {
    let dir = tempfile::tempdir().unwrap();
    let provider = TextProvider::start().await;
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Text);
    // She replied STOP to the provider directly: it refuses her number.
    provider.unsubscribe(CARMENS_NUMBER);
    let package = common::carmens_package(&mut store, clock.now_ts());
    let mut w = worker(dir.path(), &provider, &clock);
    let pass = w.run_once().await.unwrap();
    assert_eq!((pass.sent, pass.failed), (0, 1));
    assert!(provider.sent().is_empty());
    assert_eq!(
        audited(&store, "texts_stopped"),
        ["text provider (the number unsubscribed) | texts stopped; notices go by email"]
    );
    let attention = store.open_attention().unwrap();
    let item = attention
        .iter()
        .find(|a| a.kind == "notice_failed")
        .expect("staff are told");
    assert!(item.message.contains(CARMENS_NUMBER), "{}", item.message);
    assert!(
        item.message
            .contains("sent by email to carmen.alvarez@example.com instead"),
        "{}",
        item.message
    );
    // The email twin goes out on the next pass, with the same code.
    let pass = w.run_once().await.unwrap();
    assert_eq!(pass.sent, 1);
    assert_eq!(emails(dir.path()), 1);
    let mail = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(mail.path()).unwrap();
    assert!(text.contains(package.code.as_str()));
    // Her next package goes by email straight away.
    common::stored(&mut store, "1ZNEXT", 3, 1, clock.now_ts(), 5);
    assert_eq!(
        channels(&store, NoticeKind::Stored),
        [Channel::Text, Channel::Email, Channel::Email]
    );
}

#[tokio::test]
async fn a_provider_down_for_a_while_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let provider = TextProvider::start().await;
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Text);
    common::carmens_package(&mut store, clock.now_ts());
    provider.go_down_for(2);
    let mut w = worker(dir.path(), &provider, &clock);
    assert_eq!(w.run_once().await.unwrap().retrying, 1);
    clock.advance(30_000);
    assert_eq!(w.run_once().await.unwrap().retrying, 1);
    clock.advance(60_000);
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    assert_eq!(provider.sent().len(), 1);
    assert!(store.open_attention().unwrap().is_empty());

    // Wrong credentials are retried too (mended in time, nothing is lost),
    // and the error says where to look.
    let mut settings = provider.settings();
    settings.auth_token = "not-the-token".into();
    w.texts = Some(Texts::new(&settings).unwrap());
    common::stored(&mut store, "1ZCREDS", 3, 1, clock.now_ts(), 6);
    assert_eq!(w.run_once().await.unwrap().retrying, 1);
    let error = store.health_figures(clock.now_ts()).unwrap().last_error;
    assert!(
        error.as_deref().unwrap_or_default().contains("auth_token"),
        "{error:?}"
    );
}

/// The provider takes a text, then reports it undelivered (a landline):
/// the report reaches the wall through the server by the provider's id for
/// it; staff see why and the same notice goes by email. A report naming no
/// text of this wall's changes nothing.
#[tokio::test]
async fn a_text_reported_undelivered_is_failed_for_staff_and_sent_by_email() {
    let dir = tempfile::tempdir().unwrap();
    let provider = TextProvider::start().await;
    let clock = ManualClock::new();
    let mut store = texting_store(dir.path(), NotifyBy::Text);
    common::carmens_package(&mut store, clock.now_ts());
    let mut w = worker(dir.path(), &provider, &clock);
    let reports = "https://portfolio.example.com/texts/maple-court/status";
    w.texts = w
        .texts
        .take()
        .map(|t| t.with_status_callback(reports.into()));
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    assert_eq!(provider.sent()[0].status_callback.as_deref(), Some(reports));
    let report = |id: i64, message: &str| DeskAction {
        id,
        package: None,
        what: ActionKind::TextUndelivered {
            message: message.into(),
            code: Some(30006),
        },
        by: "the desk".into(),
        resident: None,
    };
    store
        .desk_act(&report(1, "SM1NOTOURS"), clock.now_ts())
        .unwrap();
    assert!(!common::desk_done(&store, 1).0);
    assert!(store.open_attention().unwrap().is_empty());
    // The provider's id for the text it took: "SM" and its count, as the local provider gives it.
    let sid = format!("SM{:032}", 1);
    store.desk_act(&report(2, &sid), clock.now_ts()).unwrap();
    assert_eq!(common::desk_done(&store, 2), (true, String::new()));
    let attention = store.open_attention().unwrap();
    let item = attention
        .iter()
        .find(|a| a.kind == "notice_failed")
        .unwrap();
    assert!(item.message.contains("landline"), "{}", item.message);
    assert!(
        item.message
            .contains("by email to carmen.alvarez@example.com"),
        "{}",
        item.message
    );
    assert_eq!(
        channels(&store, NoticeKind::Stored),
        [Channel::Text, Channel::Email]
    );
    // Reported twice: nothing more.
    store.desk_act(&report(3, &sid), clock.now_ts()).unwrap();
    assert_eq!(store.open_attention().unwrap().len(), 1);
}

trait Now {
    fn now_ts(&self) -> Timestamp;
}

impl Now for ManualClock {
    fn now_ts(&self) -> Timestamp {
        lockerwall::domain::Clock::now(self)
    }
}
