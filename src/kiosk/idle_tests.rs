//! Time at the screen: "Need more time?" counts down before the timeout,
//! any touch (or its button) starts the time again, and screens may wait
//! longer than the rest.

use super::*;
use crate::domain::Timestamp;

const T0: Timestamp = Timestamp(1_700_000_000_000);

#[test]
fn need_more_time_counts_down_and_a_tap_starts_the_time_again() {
    let config = FlowConfig {
        idle_ms: 60_000,
        more_time_ms: 20_000,
        ..FlowConfig::default()
    };
    let mut f = Flow::new(config, T0);
    f.step(Event::PickUp, T0);
    // Not yet at 39 s (21 s left of 60); from 40 s on, the seconds left.
    f.step(Event::Tick, T0.plus_ms(39_000));
    assert_eq!(f.time_left(), None);
    f.step(Event::Tick, T0.plus_ms(40_500));
    assert_eq!(f.time_left(), Some(20));
    f.step(Event::Tick, T0.plus_ms(58_200));
    assert_eq!(f.time_left(), Some(2));
    // "Yes, more time": the prompt goes, the screen stays, the time restarts.
    f.step(Event::MoreTime, T0.plus_ms(58_500));
    assert_eq!((f.time_left(), f.screen().name()), (None, "pickup-code"));
    f.step(Event::Tick, T0.plus_ms(110_000));
    assert_eq!(f.time_left(), Some(9));
    // Unanswered, the screen goes Home and the prompt with it.
    f.step(Event::Tick, T0.plus_ms(118_500));
    assert_eq!(
        f.screen(),
        &Screen::Home {
            message: Some(Message::TimedOut)
        }
    );
    assert_eq!(f.time_left(), None);
    // Home has no timeout to warn of.
    f.step(Event::Tick, T0.plus_ms(500_000));
    assert_eq!(f.time_left(), None);
}

#[test]
fn a_screen_can_wait_longer_than_the_rest() {
    let config = FlowConfig {
        idle_ms: 60_000,
        more_time_ms: 20_000,
        idle_by_screen: [("return-sender".to_string(), 120_000)].into(),
        ..FlowConfig::default()
    };
    let mut f = Flow::new(config, T0);
    f.step(Event::SendReturn, T0);
    // The label screen uses the default: gone after 60 s.
    f.step(Event::Tick, T0.plus_ms(60_000));
    assert_eq!(f.screen().name(), "home");
    let t1 = T0.plus_ms(61_000);
    f.step(Event::SendReturn, t1);
    f.step(Event::Scanned("1Z999AA10123456784".into()), t1);
    f.step(
        Event::ChooseCarrier(crate::domain::CarrierId(2), "UPS".into()),
        t1,
    );
    f.step(
        Event::TrackingChecked {
            tracking: "1Z999AA10123456784".into(),
            already_in: None,
            expected: None,
        },
        t1,
    );
    assert_eq!(f.screen().name(), "return-sender");
    f.step(Event::Tick, t1.plus_ms(90_000));
    assert_eq!(
        (f.screen().name(), f.time_left()),
        ("return-sender", None),
        "two minutes to type a unit and a name"
    );
    f.step(Event::Tick, t1.plus_ms(105_000));
    assert_eq!(f.time_left(), Some(15));
    // A short limit warns for half of it at most.
    let short = FlowConfig {
        idle_ms: 20_000,
        more_time_ms: 20_000,
        ..FlowConfig::default()
    };
    let mut g = Flow::new(short, T0);
    g.step(Event::PickUp, T0);
    g.step(Event::Tick, T0.plus_ms(9_000));
    assert_eq!(g.time_left(), None);
    g.step(Event::Tick, T0.plus_ms(10_500));
    assert_eq!(g.time_left(), Some(10));
}
