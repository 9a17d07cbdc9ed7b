//! The `Kiosk` global: the current screen, the message, keys and navigation.

use super::refusal::refusal_parts;
use super::{send, Events};
use crate::kiosk::{Event, Message, Screen, TextKey, TokenProblem};
use crate::ui::{AppWindow, Kiosk, MsgKind, RefusalId, ScreenId};
use slint::ComponentHandle;

/// Turn what Slint calls a key (a character, or a special key's text) into flow keys.
pub fn keys(text: &str) -> Vec<TextKey> {
    match text {
        "\n" | "\r" | "\r\n" => vec![TextKey::Enter],
        "\u{8}" | "\u{7f}" => vec![TextKey::Backspace],
        "clear" => vec![TextKey::Clear],
        // Special keys (arrows, function keys) arrive as private-use characters: ignore them.
        t => t
            .chars()
            .filter(|c| !c.is_control() && !('\u{e000}'..='\u{f8ff}').contains(c))
            .map(TextKey::Char)
            .collect(),
    }
}

pub(super) fn bind(ui: &AppWindow, events: Events) {
    let g = ui.global::<Kiosk>();
    let e = events.clone();
    g.on_deliver(move || send(&e, Event::Deliver));
    let e = events.clone();
    g.on_pick_up(move || send(&e, Event::PickUp));
    let e = events.clone();
    g.on_send_return(move || send(&e, Event::SendReturn));
    let e = events.clone();
    g.on_my_packages(move || send(&e, Event::MyPackages));
    let e = events.clone();
    g.on_more_time(move || send(&e, Event::MoreTime));
    let e = events.clone();
    g.on_toggle_contrast(move || {
        send(
            &e,
            Event::ToggleLook(crate::kiosk::LookSetting::HighContrast),
        )
    });
    let e = events.clone();
    g.on_toggle_large_text(move || {
        send(&e, Event::ToggleLook(crate::kiosk::LookSetting::LargeText))
    });
    let e = events.clone();
    g.on_toggle_low_reach(move || send(&e, Event::ToggleLook(crate::kiosk::LookSetting::LowReach)));
    let e = events.clone();
    g.on_choose_language(move |code| send(&e, Event::Language(code.to_string())));
    let e = events.clone();
    g.on_back(move || send(&e, Event::Back));
    let e = events.clone();
    g.on_touch(move || send(&e, Event::Touch));
    g.on_key(move |text| {
        for key in keys(&text) {
            send(&events, Event::Key(key));
        }
    });
}

fn screen_id(screen: &Screen) -> ScreenId {
    match screen {
        Screen::Home { .. } => ScreenId::Home,
        Screen::CarrierLogin { .. } => ScreenId::CarrierLogin,
        Screen::Scan { .. } => ScreenId::Scan,
        Screen::Recipient { .. } => ScreenId::Recipient,
        Screen::Size { .. } => ScreenId::Size,
        Screen::DepositDoor { .. } => ScreenId::DepositDoor,
        Screen::DepositDone { .. } => ScreenId::DepositDone,
        Screen::PickupCode { .. } => ScreenId::PickupCode,
        Screen::PickupDoor { .. } => ScreenId::PickupDoor,
        Screen::StaffPin { .. } => ScreenId::StaffPin,
        Screen::Staff { .. } => ScreenId::Staff,
        Screen::ReturnLabel { .. } => ScreenId::ReturnLabel,
        // The same two fields, with the words of asking for a page link.
        Screen::ReturnSender { .. } | Screen::PageLinkWho { .. } => ScreenId::ReturnSender,
        Screen::ReturnSize { .. } => ScreenId::ReturnSize,
        Screen::CollectReturns { .. } => ScreenId::CollectReturns,
    }
}

fn message_of(screen: &Screen) -> Option<&Message> {
    screen.message().and_then(|m| m.as_ref())
}

/// A message as the UI's kind and its variable part.
pub fn message_parts(m: Option<&Message>) -> (MsgKind, String) {
    match m {
        None => (MsgKind::None, String::new()),
        Some(Message::WrongPin) => (MsgKind::WrongPin, String::new()),
        Some(Message::TryAgainIn(s)) => (MsgKind::TryAgain, s.to_string()),
        Some(Message::BadTracking) => (MsgKind::BadTracking, String::new()),
        Some(Message::AlreadyStored(l)) => (MsgKind::AlreadyStored, l.clone()),
        Some(Message::CheckDigit(c)) => (MsgKind::CheckDigit, c.clone()),
        Some(Message::CameraProblem) => (MsgKind::CameraProblem, String::new()),
        Some(Message::SizeFull(z)) => (MsgKind::SizeFull, z.code().to_string()),
        Some(Message::NothingFits(z)) => (MsgKind::NothingFits, z.code().to_string()),
        Some(Message::WallFull) => (MsgKind::WallFull, String::new()),
        Some(Message::TryRoom(z)) => (
            MsgKind::TryRoom,
            z.map(|z| z.code().to_string()).unwrap_or_default(),
        ),
        Some(Message::WithStaff) => (MsgKind::WithStaff, String::new()),
        Some(Message::DoorFailedTryingAnother(l)) => (MsgKind::DoorFailedTryingAnother, l.clone()),
        Some(Message::DoorFailedNoOther(l)) => (MsgKind::DoorFailedNoOther, l.clone()),
        Some(Message::PickupDoorFailed(l)) => (MsgKind::PickupDoorFailed, l.clone()),
        Some(Message::WrongCode) => (MsgKind::WrongCode, String::new()),
        Some(Message::SystemError) => (MsgKind::SystemError, String::new()),
        Some(Message::ThankYou) => (MsgKind::ThankYou, String::new()),
        Some(Message::TimedOut) => (MsgKind::TimedOut, String::new()),
        Some(Message::CloseDoor(l)) => (MsgKind::CloseDoor, l.clone()),
        Some(Message::Refused(why)) => (MsgKind::Refused, refusal_parts(why).1),
        Some(Message::Saved) => (MsgKind::Saved, String::new()),
        Some(Message::ChooseCarrier) => (MsgKind::ChooseCarrier, String::new()),
        Some(Message::NoSuchSender) => (MsgKind::NoSuchSender, String::new()),
        Some(Message::NoReturnLocker) => (MsgKind::NoReturnLocker, String::new()),
        Some(Message::ReturnsCollected(n)) => (MsgKind::ReturnsCollected, n.to_string()),
        Some(Message::PageLinkSent(to)) => (MsgKind::PageLinkSent, to.clone()),
        Some(Message::NoEmailForLink) => (MsgKind::NoEmailForLink, String::new()),
        Some(Message::Expected) => (MsgKind::Expected, String::new()),
        Some(Message::Token(p)) => (
            match p {
                TokenProblem::Unreadable => MsgKind::QrUnreadable,
                TokenProblem::NotFromHere => MsgKind::QrNotOurs,
                TokenProblem::Expired => MsgKind::QrExpired,
                TokenProblem::Replaced => MsgKind::QrReplaced,
                TokenProblem::NotWaiting => MsgKind::QrUsed,
            },
            String::new(),
        ),
    }
}

pub(super) fn apply(ui: &AppWindow, screen: &Screen) {
    let g = ui.global::<Kiosk>();
    let (kind, arg) = message_parts(message_of(screen));
    g.set_message(kind);
    g.set_message_arg(arg.into());
    let (refusal, _, arg2) = match message_of(screen) {
        Some(Message::Refused(why)) => refusal_parts(why),
        _ => (RefusalId::None, String::new(), String::new()),
    };
    g.set_refusal(refusal);
    g.set_message_arg2(arg2.into());
    let id = screen_id(screen);
    g.set_screen(id);
    ui.global::<crate::ui::Theme>()
        .set_staff_console(id == ScreenId::Staff || id == ScreenId::StaffPin);
}

/// Show the camera's picture (or hide the viewfinder when `None`).
pub fn show_viewfinder(ui: &AppWindow, frame: Option<&crate::scan::image::Gray>) {
    let g = ui.global::<Kiosk>();
    g.set_camera_on(frame.is_some());
    if let Some(f) = frame {
        let mut buf =
            slint::SharedPixelBuffer::<slint::Rgb8Pixel>::new(f.width as u32, f.height as u32);
        for (px, &v) in buf.make_mut_slice().iter_mut().zip(&f.data) {
            *px = slint::Rgb8Pixel { r: v, g: v, b: v };
        }
        g.set_viewfinder(slint::Image::from_rgb8(buf));
    }
}

/// Draw every screen in the session's look.
pub fn show_look(ui: &AppWindow, look: crate::kiosk::Look) {
    let theme = ui.global::<crate::ui::Theme>();
    theme.set_high_contrast(look.high_contrast);
    theme.set_large_text(look.large_text);
    theme.set_low_chosen(look.low_reach);
}

/// The panel: its diagonal and the height of its bottom edge above the
/// floor, in inches (the reach band and 15 mm are worked out from them), and
/// whether anything on it may move.
pub fn set_mount(ui: &AppWindow, mount: &crate::site::config::ScreenConfig) {
    let theme = ui.global::<crate::ui::Theme>();
    theme.set_diagonal_inches(mount.diagonal_inches);
    theme.set_bottom_inches(mount.bottom_inches);
    theme.set_reduced_motion(mount.reduced_motion);
    if mount.bottom_inches > 44.0 {
        tracing::warn!(
            bottom_inches = mount.bottom_inches,
            "the screen hangs high: less than 4 in. of it is within a seated person's reach (48 in.); low reach will use its lowest part anyway"
        );
    }
}

/// Show the "Need more time?" countdown (`None`: hide it).
pub fn show_time_left(ui: &AppWindow, left: Option<u32>) {
    ui.global::<Kiosk>()
        .set_time_left(left.map_or(-1, |s| s as i32));
}

/// Set what does not change while the kiosk runs.
pub fn set_site_name(ui: &AppWindow, name: &str) {
    ui.global::<Kiosk>().set_site_name(name.into());
}

/// Whether Home offers "My packages" (the wall gives residents page links).
pub fn set_pages_offered(ui: &AppWindow, offered: bool) {
    ui.global::<Kiosk>().set_pages_offered(offered);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_mapping() {
        assert_eq!(keys("\n"), [TextKey::Enter]);
        assert_eq!(keys("\u{8}"), [TextKey::Backspace]);
        assert_eq!(keys("clear"), [TextKey::Clear]);
        assert_eq!(keys("1Z"), [TextKey::Char('1'), TextKey::Char('Z')]);
        assert_eq!(keys("\u{f700}"), []);
    }
}
