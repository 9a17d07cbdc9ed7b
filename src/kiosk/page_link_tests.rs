//! "My packages", step by step: who the resident is, the link emailed, Home
//! saying where it went; no email on file; wrong guesses slowed; not offered
//! where the wall gives no page links.

use super::test_fixtures::hit;
use super::*;
use crate::domain::{ResidentId, Timestamp};

const T0: Timestamp = Timestamp(1_700_000_000_000);

fn offered() -> Flow {
    Flow::new(
        FlowConfig {
            page_links: true,
            ..Default::default()
        },
        T0,
    )
}

fn typed(flow: &mut Flow, text: &str) {
    for c in text.chars() {
        flow.step(Event::Key(TextKey::Char(c)), T0);
    }
}

fn enter(flow: &mut Flow) -> Vec<Effect> {
    flow.step(Event::Key(TextKey::Enter), T0)
}

/// At the "My packages" screen with both fields typed and Enter pressed.
fn asked(f: &mut Flow) -> Vec<Effect> {
    f.step(Event::MyPackages, T0);
    typed(f, "101");
    enter(f);
    typed(f, "ALVAREZ");
    enter(f)
}

#[test]
fn a_resident_gets_a_link_by_email_and_home_says_where_it_went() {
    let mut f = offered();
    f.step(Event::MyPackages, T0);
    assert_eq!(f.screen().name(), "page-link");
    assert_eq!(
        asked(&mut f),
        [Effect::FindSender {
            unit: "101".into(),
            last_name: "ALVAREZ".into()
        }]
    );
    assert_eq!(
        f.step(Event::SenderChecked(Some(hit())), T0),
        [Effect::SendPageLink(ResidentId(7))]
    );
    assert!(matches!(
        f.screen(),
        Screen::PageLinkWho { checking: true, .. }
    ));
    // Keys while it is sent do nothing.
    typed(&mut f, "X");
    assert!(matches!(f.screen(), Screen::PageLinkWho { last_name, .. } if last_name == "ALVAREZ"));
    f.step(Event::PageLinkSent(Some("c•••@example.com".into())), T0);
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::PageLinkSent("c•••@example.com".into()))
        }
    );
}

#[test]
fn no_email_on_file_is_said_and_nothing_is_sent() {
    let mut f = offered();
    asked(&mut f);
    f.step(Event::SenderChecked(Some(hit())), T0);
    f.step(Event::PageLinkSent(None), T0);
    assert_eq!(
        f.screen().message().cloned().flatten(),
        Some(Message::NoEmailForLink)
    );
    // Back goes Home.
    f.step(Event::Back, T0);
    assert_eq!(f.screen(), &Screen::home());
}

#[test]
fn wrong_guesses_are_said_then_slowed_as_for_returns() {
    let mut f = offered();
    asked(&mut f);
    let mut said = Vec::new();
    for _ in 0..6 {
        f.step(Event::SenderChecked(None), T0);
        said.push(f.screen().message().cloned().flatten());
        if enter(&mut f).is_empty() {
            break;
        }
    }
    assert_eq!(said[0], Some(Message::NoSuchSender));
    assert!(
        matches!(said.last(), Some(Some(Message::TryAgainIn(_)))),
        "{said:?}"
    );
    assert_eq!(enter(&mut f), [], "blocked: nothing asked of the store");
}

#[test]
fn a_wall_without_page_links_does_not_offer_them() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::MyPackages, T0);
    assert_eq!(f.screen(), &Screen::home());
}
