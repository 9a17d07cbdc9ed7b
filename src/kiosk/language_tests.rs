//! The session's language: chosen at any screen, kept for the session, back
//! to the default on Home; a resident's code or QR brings their notices'
//! language.

use super::test_fixtures::locker;
use super::*;
use crate::domain::{PackageId, Size, Timestamp};
use crate::kiosk::{Look, LookSetting};

const T0: Timestamp = Timestamp(1_700_000_000_000);

fn found(language: &str) -> Found {
    Found {
        package: PackageId(4),
        locker: locker(4, "A04", Size::S),
        others: vec![],
        language: language.into(),
    }
}

#[test]
fn a_language_chosen_at_home_lasts_the_session_and_ends_with_it() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    assert_eq!(f.language(), "");
    f.step(Event::Language("es".into()), T0);
    assert_eq!(f.language(), "es");
    // Into the pickup and back out: the session's language ends on Home.
    f.step(Event::PickUp, T0);
    assert_eq!(f.language(), "es", "kept from Home into the session");
    f.step(Event::Back, T0);
    assert_eq!(f.screen().name(), "home");
    assert_eq!(f.language(), "");
    // Chosen mid-flow, it ends when the screen times out.
    f.step(Event::SendReturn, T0);
    f.step(Event::Language("vi".into()), T0);
    assert_eq!(f.language(), "vi");
    let idle = T0.plus_ms(FlowConfig::default().idle_ms + 1);
    f.step(Event::Tick, idle);
    assert_eq!((f.screen().name(), f.language()), ("home", ""));
    // Chosen at Home and left there, it is cleared by the idle timeout too.
    f.step(Event::Language("es".into()), idle);
    f.step(Event::Tick, idle.plus_ms(FlowConfig::default().idle_ms + 1));
    assert_eq!(f.language(), "");
}

#[test]
fn a_residents_code_brings_their_notices_language_unless_they_chose_one() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::PickUp, T0);
    f.step(Event::CodeChecked(Some(found("es"))), T0);
    assert_eq!(f.screen().name(), "pickup-door");
    assert_eq!(f.language(), "es");
    f.step(Event::Done, T0);
    assert_eq!(f.language(), "");
    // A QR token does the same; a language tapped first wins.
    f.step(Event::PickUp, T0);
    f.step(Event::Language("vi".into()), T0);
    f.step(Event::TokenChecked(Ok(found("es"))), T0);
    assert_eq!(f.language(), "vi");
}

#[test]
fn high_contrast_and_larger_text_last_the_session_started_from_home() {
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::ToggleLook(LookSetting::HighContrast), T0);
    f.step(Event::ToggleLook(LookSetting::LargeText), T0);
    let both = Look {
        high_contrast: true,
        large_text: true,
        low_reach: false,
    };
    assert_eq!(f.look(), both);
    f.step(Event::PickUp, T0);
    assert_eq!(f.look(), both, "carried into the session");
    f.step(Event::ToggleLook(LookSetting::LargeText), T0);
    assert!(!f.look().large_text, "a second tap turns it off");
    f.step(Event::Back, T0);
    assert_eq!(f.look(), Look::default(), "Home is the default look again");
}

#[test]
fn staff_choose_their_language_on_the_pin_screen_and_keep_it_until_they_log_out() {
    use crate::domain::{Role, StaffMember};
    use crate::kiosk::staff::StaffEvent;
    let mut f = Flow::new(FlowConfig::default(), T0);
    f.step(Event::Staff(StaffEvent::Enter), T0);
    f.step(Event::Language("es".into()), T0);
    f.step(
        Event::Staff(StaffEvent::PinChecked(Some(StaffMember {
            id: 1,
            name: "Dana".into(),
            role: Role::Staff,
        }))),
        T0,
    );
    assert_eq!((f.screen().name(), f.language()), ("staff", "es"));
    f.step(Event::Staff(StaffEvent::Logout), T0);
    assert_eq!((f.screen().name(), f.language()), ("home", ""));
}
