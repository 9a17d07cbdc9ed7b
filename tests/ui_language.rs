//! Languages through the real Slint UI (testing backend, bundled
//! translations): a resident switches to Spanish mid-flow and every label
//! follows at once; Home returns to English; a resident whose notices are in
//! Spanish gets the pickup screens in Spanish from their code alone; staff
//! choose their language on the PIN screen and keep it for their session,
//! refusals included.
//! (One #[test] in this file: the testing backend initialises once per process.)

mod common;

use common::ui::Kiosk;
use lockerwall::domain::Timestamp;
use lockerwall::kiosk::Screen;

#[test]
fn switching_language_mid_flow_and_from_a_residents_code() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = common::demo_store(dir.path());
    // A package waiting for Carmen Alvarez, whose notices are in Spanish.
    let r = common::carmens_package(&mut store, Timestamp(1_700_000_000_000));
    let code = &r.code;
    let tokio = common::ui::tokio();
    let mut k = Kiosk::demo(&tokio, store);

    // English first; Spanish from the header's button, at once, mid-flow.
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    k.assert_shows("Need help?");
    k.tap("Español");
    k.wait_until("Spanish", |k| k.shows("¿Necesita ayuda?"));
    assert!(!k.shows("Need help?"));
    for d in "000000".chars() {
        k.tap(&d.to_string());
    }
    k.wait("wrong code said", |s| {
        s.message().is_some_and(|m| m.is_some())
    });
    k.assert_shows("Ese código no corresponde a ningún paquete que espere aquí.");
    // Home is the default language again.
    k.tap("Atrás");
    k.wait("home", |s| s.name() == "home");
    k.wait_until("English again", |k| k.shows("Pick up a package"));

    // Vietnamese from Home carries into the session.
    k.tap("Tiếng Việt");
    k.wait_until("Vietnamese", |k| k.shows("Nhận gói hàng"));
    k.tap("Nhận gói hàng");
    k.wait("keypad", |s| s.name() == "pickup-code");
    k.assert_shows("Cần trợ giúp?");
    k.tap("Quay lại");
    k.wait("home", |s| s.name() == "home");
    k.wait_until("English again", |k| k.shows("Pick up a package"));

    // Carmen types her code in English: her screens come in Spanish.
    k.tap("Pick up a package");
    k.wait("keypad", |s| s.name() == "pickup-code");
    for d in code.as_str().chars() {
        k.tap(&d.to_string());
    }
    k.wait("door", |s| matches!(s, Screen::PickupDoor { .. }));
    let label = r.locker.label.clone();
    k.wait_until("Spanish pickup", |k| {
        k.shows(&format!(
            "Saque su paquete del casillero {label} y cierre la puerta al terminar."
        ))
    });
    k.tap("Listo");
    k.wait("home", |s| s.name() == "home");

    // Staff choose Spanish on the PIN screen; their pages and the rules'
    // refusals are in Spanish until they log out.
    k.wait_until("English again", |k| k.shows("Pick up a package"));
    k.tap("Staff");
    k.wait("staff PIN", |s| s.name() == "staff-pin");
    k.tap("Español");
    k.wait_until("Spanish PIN screen", |k| {
        k.shows("Escriba su PIN del personal")
    });
    for d in "258025".chars() {
        k.tap(&d.to_string());
    }
    k.tap("Entrar");
    k.wait("staff", |s| s.name() == "staff");
    k.wait_until("Spanish staff pages", |k| k.shows("Personal: Dana Brooks"));
    k.tap("Directorio");
    k.wait_until("the directory", |k| k.shows("Transportistas"));
    k.tap("Transportistas");
    k.wait_until("the carriers", |k| k.shows("Añadir cuenta"));
    k.tap("Añadir cuenta");
    k.wait_until("the account form", |k| k.shows("Guardar"));
    for key in ["Z", "E", "T", "A"] {
        k.tap(key);
    }
    k.tap("PIN");
    for key in ["1", "2"] {
        k.tap(key);
    }
    k.tap("Guardar");
    k.wait_until("a refusal in Spanish", |k| {
        k.shows("Aquí un PIN tiene de 4 a 8 dígitos.")
    });
    k.tap("Salir");
    k.wait("home", |s| s.name() == "home");
    k.wait_until("English after the session", |k| {
        k.shows("Pick up a package")
    });
}
