//! "My packages" through the real Slint UI (testing backend), on the real
//! runtime and store: Home offers it where the wall gives page links; the
//! resident types their unit and last name on the keyboard; the link is
//! queued for the email the office has, and Home says where it went (masked).
//! Everything is found by accessible label.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::kiosk::{Message, Screen, SenderField};
use lockerwall::store::NoticeKind;

#[test]
fn a_resident_asks_for_a_link_to_their_page_at_the_screen() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = common::demo_store(dir.path());
    let tokio = common::ui::tokio();
    let wall = lockerwall::app::sim_wall(&lockerwall::site::Site::demo());
    let setup = common::ui::Setup {
        page_links: true,
        ..common::ui::plain_setup()
    };
    let mut k = Kiosk::start(&tokio, store, wall, setup, std::sync::mpsc::channel());

    k.tap("My packages");
    k.wait("who asks", |s| s.name() == "page-link");
    k.assert_shows("Type your unit and the last name on your lease. We email a link");
    for key in ["1", "0", "1"] {
        k.tap(key);
    }
    k.tap("Next");
    k.wait("last name field", |s| {
        matches!(
            s,
            Screen::PageLinkWho {
                field: SenderField::LastName,
                ..
            }
        )
    });
    for key in ["A", "L", "V", "A", "R", "E", "Z"] {
        k.tap(key);
    }
    k.tap("Email me the link");
    let home = k.wait("home, saying where it went", |s| {
        matches!(
            s,
            Screen::Home {
                message: Some(Message::PageLinkSent(_))
            }
        )
    });
    let Screen::Home {
        message: Some(Message::PageLinkSent(to)),
    } = home
    else {
        unreachable!()
    };
    assert!(
        to.starts_with('c') && to.contains('\u{2022}') && to.ends_with("@example.com"),
        "{to}"
    );
    k.assert_shows(&format!("We emailed a link to your packages to {to}."));
    let queued: Vec<_> = common::reopen(&db)
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == NoticeKind::PageLink)
        .collect();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].facts.resident, "Carmen Alvarez");
    assert!(
        !to.contains(&queued[0].recipient),
        "the screen never shows the whole address"
    );
}
