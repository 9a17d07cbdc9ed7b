//! What the kiosk says on the resident's pickup screens: the sentence for
//! each new screen, from the `Speech` and `Words` globals (so in the
//! session's language), handed to the `Speaker`.

use crate::kiosk::{DoorView, Screen};
use crate::runtime::UiUpdate;
use crate::speech::Speaker;
use crate::ui::{AppWindow, Kiosk, Speech, Words};
use slint::ComponentHandle;

/// After `update` is shown: say what it brings, if anything.
pub fn follow(ui: &AppWindow, update: &UiUpdate, speaker: &mut Speaker) {
    if let UiUpdate::Screen(screen) = update {
        if let Some(text) = utterance(ui, screen) {
            speaker.say(&text, &ui.global::<Kiosk>().get_language());
        }
    }
}

/// The sentence for `screen` (already applied to `ui`): the pickup screens
/// and Home's message; nothing on the others.
fn utterance(ui: &AppWindow, screen: &Screen) -> Option<String> {
    let speech = ui.global::<Speech>();
    let message = || {
        let k = ui.global::<Kiosk>();
        ui.global::<Words>()
            .invoke_message(k.get_message(), k.get_message_arg())
            .to_string()
    };
    let text = match screen {
        Screen::Home { message: Some(_) }
        | Screen::PickupCode {
            message: Some(_), ..
        }
        | Screen::PickupDoor {
            message: Some(_), ..
        } => message(),
        Screen::PickupCode { checking: true, .. } => return None,
        Screen::PickupCode { entered_len: 0, .. } => speech.invoke_code_prompt().to_string(),
        Screen::PickupCode { entered_len, .. } => {
            speech.invoke_digits(*entered_len as i32).to_string()
        }
        Screen::PickupDoor { doors, .. } => door_sentence(&speech, doors)?,
        _ => return None,
    };
    Some(text)
}

fn door_sentence(speech: &Speech<'_>, doors: &[DoorView]) -> Option<String> {
    match doors {
        [] => None,
        [one] => Some(match &one.locker.shelf {
            Some(shelf) => speech
                .invoke_shelf(one.locker.label.as_str().into(), spell(shelf).into())
                .to_string(),
            None => speech
                .invoke_door(spell(&one.locker.label).into())
                .to_string(),
        }),
        many => {
            let labels: Vec<String> = many.iter().map(|d| spell(&d.locker.label)).collect();
            Some(speech.invoke_doors(labels.join("; ").into()).to_string())
        }
    }
}

/// A locker label one character at a time ("B07" -> "B, 0, 7"), so a voice
/// says each letter and digit rather than guessing a word or a number.
pub fn spell(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(String::from)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_are_spelled_out() {
        assert_eq!(super::spell("B07"), "B, 0, 7");
        assert_eq!(super::spell("R 2"), "R, 2");
    }
}
