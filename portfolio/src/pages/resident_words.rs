//! The resident's page in the resident's language: English and Spanish (the
//! languages residents' notices are in today); any other falls back to English.

use crate::resident::expected::Stands;
use crate::resident::packages::{Closing, Place};
use crate::resident::requests::{Outcome, Request};
use crate::resident::Refused;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};

/// One language's words.
pub struct Words {
    pub lang: &'static str,
    pub title: &'static str,
    pub waiting: &'static str,
    pub none_waiting: &'static str,
    pub recent: &'static str,
    pub none_recent: &'static str,
    pub resend: &'static str,
    pub resend_why: &'static str,
    pub door: &'static str,
    pub door_why: &'static str,
    pub extended: &'static str,
    pub to_door: &'static str,
    pub yours_only: &'static str,
    pub link_help: &'static str,
    pub away_title: &'static str,
    pub away_why: &'static str,
    pub away_from: &'static str,
    pub away_until: &'static str,
    pub away_button: &'static str,
    pub back_button: &'static str,
    pub not_going_button: &'static str,
    pub every_title: &'static str,
    pub every_why: &'static str,
    pub every_until: &'static str,
    pub window_label: &'static str,
    pub every_button: &'static str,
    pub every_stop: &'static str,
    windows: [&'static str; 4],
    pub expect_title: &'static str,
    pub expect_why: &'static str,
    pub expect_tracking: &'static str,
    pub expect_due: &'static str,
    pub expect_button: &'static str,
    pub choices_title: &'static str,
    pub by_label: &'static str,
    /// Email, text message, both (as `wire::texts::NOTIFY_BY` lists them).
    pub by_names: [&'static str; 3],
    pub by_note: &'static str,
    pub language_label: &'static str,
    pub reminders_label: &'static str,
    pub choices_button: &'static str,
    months: [&'static str; 12],
    days: [&'static str; 7],
}

/// The words for `lang`.
pub fn words(lang: &str) -> &'static Words {
    match lang {
        "es" => &ES,
        _ => &EN,
    }
}

impl Words {
    /// "Mon 7 Dec, 14:05" in the property's time.
    pub fn when(&self, at: DateTime<Utc>, offset_minutes: i32) -> String {
        let t = at + Duration::minutes(offset_minutes as i64);
        format!(
            "{} {} {}, {:02}:{:02}",
            self.days[t.weekday().num_days_from_monday() as usize],
            t.day(),
            self.months[t.month0() as usize],
            t.hour(),
            t.minute()
        )
    }

    /// "Mon 7 Dec" in the property's time.
    pub fn day(&self, at: DateTime<Utc>, offset_minutes: i32) -> String {
        let t = at + Duration::minutes(offset_minutes as i64);
        format!(
            "{} {} {}",
            self.days[t.weekday().num_days_from_monday() as usize],
            t.day(),
            self.months[t.month0() as usize]
        )
    }

    /// Where a waiting package is.
    pub fn place(&self, p: &Place) -> String {
        match (p, self.lang) {
            (Place::Locker(l), "es") => format!("En el casillero {l}"),
            (Place::Locker(l), _) => format!("In locker {l}"),
            (Place::WithStaff, "es") => "Lo guarda el personal de paquetería".into(),
            (Place::WithStaff, _) => "Held by the package staff".into(),
            (Place::Room, "es") => "En la sala de paquetes".into(),
            (Place::Room, _) => "In the package room".into(),
            (Place::OutForDelivery, "es") => "En camino a su puerta".into(),
            (Place::OutForDelivery, _) => "On its way to your door".into(),
        }
    }

    /// "Arrived Mon 7 Dec, 14:05".
    pub fn arrived(&self, when: &str) -> String {
        match self.lang {
            "es" => format!("Llegó el {when}"),
            _ => format!("Arrived {when}"),
        }
    }

    /// "Kept until Mon 14 Dec".
    pub fn kept_until(&self, day: &str) -> String {
        match self.lang {
            "es" => format!("Se guarda hasta el {day}"),
            _ => format!("Kept until {day}"),
        }
    }

    /// How and when a package left the wall.
    pub fn closed(&self, how: Closing, when: &str) -> String {
        match (how, self.lang) {
            (Closing::PickedUp, "es") => format!("Retirado el {when}"),
            (Closing::PickedUp, _) => format!("Picked up {when}"),
            (Closing::DeliveredToDoor, "es") => format!("Entregado en su puerta el {when}"),
            (Closing::DeliveredToDoor, _) => format!("Delivered to your door {when}"),
            (Closing::HandedOver, "es") => format!("Entregado por el personal el {when}"),
            (Closing::HandedOver, _) => format!("Handed over by the staff {when}"),
            (Closing::Removed, "es") => format!("Retirado por el personal el {when}"),
            (Closing::Removed, _) => format!("Taken out by the staff {when}"),
        }
    }

    /// Where the resident's last request of a kind stands.
    pub fn asked(&self, r: Request, done: Option<bool>, when: &str) -> String {
        match (r, done, self.lang) {
            (Request::Resend, None, "es") => {
                format!("Pidió el aviso otra vez ({when}): lo enviarán los casilleros")
            }
            (Request::Resend, None, _) => {
                format!("You asked for the notice again ({when}): the lockers will send it")
            }
            (Request::Resend, Some(true), "es") => {
                format!("Aviso enviado otra vez (pedido {when})")
            }
            (Request::Resend, Some(true), _) => format!("Notice sent again (asked {when})"),
            (Request::Resend, Some(false), "es") => {
                "No se pudo enviar el aviso: escriba al personal de paquetería".into()
            }
            (Request::Resend, Some(false), _) => {
                "The notice could not be sent: write to the package staff".into()
            }
            (Request::Door, None, "es") => format!(
                "Pidió que se lo lleven a su puerta ({when}): pasará a la lista del personal"
            ),
            (Request::Door, None, _) => {
                format!("You asked for it at your door ({when}): it goes on the staff's list")
            }
            (Request::Door, Some(true), "es") => {
                format!("En la lista para llevarlo a su puerta (pedido {when})")
            }
            (Request::Door, Some(true), _) => format!("On the list for your door (asked {when})"),
            (Request::Door, Some(false), "es") => {
                "No se pudo poner en la lista de entregas: escriba al personal de paquetería".into()
            }
            (Request::Door, Some(false), _) => {
                "It could not go on the delivery list: write to the package staff".into()
            }
            (Request::Away, None, "es") => format!(
                "Pidió ({when}) que guarden sus paquetes mientras está fuera: los casilleros lo anotarán en minutos"
            ),
            (Request::Away, None, _) => format!(
                "You asked ({when}) to keep your packages while you are away: the lockers will set it within minutes"
            ),
            (Request::Back, None, "es") => format!(
                "Dijo que ha vuelto ({when}): los casilleros le enviarán el resumen en minutos"
            ),
            (Request::Back, None, _) => format!(
                "You said you are back ({when}): the lockers will send your summary within minutes"
            ),
            (Request::Every, None, "es") => format!(
                "Pidió ({when}) que le lleven cada paquete a su puerta: los casilleros lo anotarán en minutos"
            ),
            (Request::Every, None, _) => format!(
                "You asked ({when}) for every package at your door: the lockers will set it within minutes"
            ),
            (Request::EveryStop, None, "es") => {
                format!("Pidió ({when}) dejar de recibirlos en su puerta")
            }
            (Request::EveryStop, None, _) => {
                format!("You asked ({when}) to stop deliveries to your door")
            }
            (Request::Expect, None, "es") => {
                format!("Nos avisó ({when}): los casilleros lo anotarán en minutos")
            }
            (Request::Expect, None, _) => {
                format!("You told us ({when}): the lockers will take it within minutes")
            }
            (Request::Notices, None, "es") => {
                format!("Cambió cómo le avisamos ({when}): los casilleros lo anotarán en minutos")
            }
            (Request::Notices, None, _) => format!(
                "You changed how you are told ({when}): the lockers will take it within minutes"
            ),
            (_, Some(true), "es") => format!("Anotado por los casilleros (pedido {when})"),
            (_, Some(true), _) => format!("Set by the lockers (asked {when})"),
            (_, Some(false), "es") => {
                "Los casilleros no pudieron anotarlo: escriba al personal de paquetería".into()
            }
            (_, Some(false), _) => "The lockers could not set it: write to the package staff".into(),
        }
    }

    /// The name of a part of the day (none: any time), with its hours.
    pub fn window(&self, w: Option<&str>) -> &'static str {
        let at = crate::wire::DOOR_WINDOWS
            .iter()
            .position(|x| Some(*x) == w)
            .map_or(0, |i| i + 1);
        self.windows[at]
    }

    /// "Every package until Sun 20 Dec comes to your door (Evening, 17–20)."
    pub fn every_now(&self, last_day: &str, window: &str) -> String {
        match self.lang {
            "es" => format!(
                "Cada paquete que llegue hasta el {last_day} se lo llevan a su puerta ({window})."
            ),
            _ => format!("Every package until {last_day} comes to your door ({window})."),
        }
    }

    /// "Away from Thu 10 Dec, back Sun 20 Dec: ..."
    pub fn away_now(&self, from: &str, back: &str) -> String {
        match self.lang {
            "es" => format!("Fuera desde el {from}, de vuelta el {back}: guardamos sus paquetes, su plazo para retirarlos empieza ese día y recibirá un solo aviso con todos."),
            _ => format!("Away from {from}, back {back}: your packages are kept, their time to collect starts that day, and you get one message listing them all."),
        }
    }

    /// Where an expected package stands.
    pub fn stands(&self, s: &Stands, offset_minutes: i32) -> String {
        let es = self.lang == "es";
        match s {
            Stands::Sent if es => "Enviado a los casilleros".into(),
            Stands::Sent => "Sent to the lockers".into(),
            Stands::Watching if es => "Los casilleros están atentos".into(),
            Stands::Watching => "The lockers are watching for it".into(),
            Stands::NotTaken(_) if es => {
                "Los casilleros no pudieron anotarlo: escriba al personal de paquetería".into()
            }
            Stands::NotTaken(_) => {
                "The lockers could not take it: write to the package staff".into()
            }
            Stands::Arrived(at) if es => format!("Llegó el {}", self.when(*at, offset_minutes)),
            Stands::Arrived(at) => format!("Arrived {}", self.when(*at, offset_minutes)),
            Stands::Late(_) if es => {
                "Aún no ha llegado: el personal de paquetería lo está revisando".into()
            }
            Stands::Late(_) => "Not arrived yet: the package staff are looking into it".into(),
        }
    }

    /// "Ending 6784, expected Thu 10 Dec".
    pub fn expected_line(&self, ending: &str, due: Option<&str>) -> String {
        match (due, self.lang) {
            (Some(d), "es") => format!("Terminado en {ending}, previsto el {d}"),
            (Some(d), _) => format!("Ending {ending}, expected {d}"),
            (None, "es") => format!("Terminado en {ending}"),
            (None, _) => format!("Ending {ending}"),
        }
    }

    /// The banner after a request.
    pub fn outcome(&self, r: Request, o: Outcome) -> &'static str {
        match (r, o, self.lang) {
            (Request::Resend, Outcome::Asked, "es") => {
                "Listo: los casilleros le enviarán el aviso otra vez en unos minutos."
            }
            (Request::Resend, Outcome::Asked, _) => {
                "Done: the lockers will send you the notice again within minutes."
            }
            (Request::Door, Outcome::Asked, "es") => {
                "Listo: el personal de paquetería se lo llevará a su puerta en su próxima ronda."
            }
            (Request::Door, Outcome::Asked, _) => {
                "Done: the package staff will bring it to your door on their next round."
            }
            (_, Outcome::AlreadyAsked, "es") => "Ya lo pidió: está en camino.",
            (_, Outcome::AlreadyAsked, _) => "You asked already: it is on its way.",
            (_, Outcome::NotWaiting, "es") => "Ese paquete ya no está esperando.",
            (_, Outcome::NotWaiting, _) => "That package is no longer waiting.",
            (_, Outcome::TooMany, "es") => {
                "Ha pedido muchas cosas hoy: escriba al personal de paquetería."
            }
            (_, Outcome::TooMany, _) => "You have asked a lot today: write to the package staff.",
            (_, Outcome::NotOffered, "es") => "Aquí no se entregan paquetes en la puerta.",
            (_, Outcome::NotOffered, _) => "Packages are not brought to the door here.",
            (Request::Away, Outcome::Asked, "es") => {
                "Listo: los casilleros guardarán sus paquetes mientras esté fuera."
            }
            (Request::Away, Outcome::Asked, _) => {
                "Done: the lockers will keep your packages while you are away."
            }
            (Request::Back, Outcome::Asked, "es") => {
                "Bienvenido de nuevo: el plazo para retirar sus paquetes empieza hoy."
            }
            (Request::Back, Outcome::Asked, _) => {
                "Welcome back: the time to collect your packages starts again today."
            }
            (Request::Every, Outcome::Asked, "es") => {
                "Listo: el personal de paquetería le llevará cada paquete a su puerta."
            }
            (Request::Every, Outcome::Asked, _) => {
                "Done: the package staff will bring every package to your door."
            }
            (Request::EveryStop, Outcome::Asked, "es") => {
                "Listo: sus próximos paquetes le esperarán en los casilleros."
            }
            (Request::EveryStop, Outcome::Asked, _) => {
                "Done: your next packages will wait for you in the lockers."
            }
            (Request::Every, Outcome::BadForm, "es") => {
                "Ese día no sirve: elija hoy o un día dentro de los próximos 90 días."
            }
            (Request::Every, Outcome::BadForm, _) => {
                "That day does not work: choose today or a day within the next 90 days."
            }
            (Request::Notices, Outcome::Asked, "es") => {
                "Guardado: los casilleros lo usarán desde su próximo aviso."
            }
            (Request::Notices, Outcome::Asked, _) => {
                "Saved: the lockers will use it from your next notice."
            }
            (Request::Expect, Outcome::Asked, "es") => {
                "Listo: los casilleros estarán atentos y lo pondrán a su nombre al llegar."
            }
            (Request::Expect, Outcome::Asked, _) => {
                "Done: the lockers will watch for it and put it in your name when it comes."
            }
            (Request::Expect, Outcome::BadForm, "es") => "Ese número o ese día no sirven: escriba el número de seguimiento como aparece, y un día de hoy a 60 días.",
            (Request::Expect, Outcome::BadForm, _) => "That number or that day does not work: type the tracking number as it is printed, and a day from today to 60 days on.",
            (Request::Notices, Outcome::BadForm, "es") => "Elija un idioma de la lista.",
            (Request::Notices, Outcome::BadForm, _) => "Choose a language from the list.",
            (_, Outcome::BadForm, "es") => "Esas fechas no sirven: el día de vuelta debe ser posterior al primer día fuera y a hoy, como mucho 60 días después, empezando dentro de un año.",
            (_, Outcome::BadForm, _) => "Those days do not work: the day you are back must come after the first day away and after today, at most 60 days on, starting within a year.",
        }
    }

    /// Why a link opens nothing: a heading and what to do.
    pub fn refused(&self, r: Refused) -> (&'static str, &'static str) {
        match (r, self.lang) {
            (Refused::NotALink, "es") => ("Este enlace no funciona", "Puede estar incompleto. Abra el enlace de su último aviso, o pida uno nuevo en la pantalla de los casilleros: «My packages»."),
            (Refused::NotALink, _) => ("This link does not work", "It may be cut short. Open the link in your latest notice, or ask for a new one at the lockers' screen: “My packages”."),
            (Refused::Expired, "es") => ("Este enlace caducó", "Cada aviso nuevo trae un enlace nuevo. Abra el de su último aviso, o pida uno en la pantalla de los casilleros: «My packages»."),
            (Refused::Expired, _) => ("This link has expired", "Every new notice brings a fresh link. Open the one in your latest notice, or ask for one at the lockers' screen: “My packages”."),
            (Refused::Revoked, "es") => ("Este enlace ya no es válido", "El personal lo anuló. Su próximo aviso traerá uno nuevo; o escriba al personal de paquetería."),
            (Refused::Revoked, _) => ("This link is no longer valid", "The staff withdrew it. Your next notice brings a new one; or write to the package staff."),
        }
    }
}

static EN: Words = Words {
    lang: "en",
    title: "Your packages",
    waiting: "Waiting for you",
    none_waiting: "Nothing is waiting for you.",
    recent: "Collected in the last four weeks",
    none_recent: "Nothing collected in the last four weeks.",
    resend: "Send me my code again",
    resend_why: "The lockers send the notice with your code again, to where your notices go. This page never shows the code.",
    door: "Bring it to my door",
    door_why: "The package staff bring it on their next delivery round.",
    extended: "The staff extended its hold",
    to_door: "On the list for delivery to your door",
    yours_only: "This page is yours: do not share its link.",
    link_help: "Questions about a package? Reply to any of your notices: it reaches the package staff.",
    away_title: "Going away?",
    away_why: "Tell the lockers the days you are away: they keep your packages, the time to collect them starts the day you are back, and you get one message that day instead of one per package.",
    away_from: "First day away",
    away_until: "The day you are back",
    away_button: "Hold my packages",
    back_button: "I am back",
    not_going_button: "I am not going after all",
    every_title: "Every package to your door",
    every_why: "For a while, the package staff bring every package to your door on their rounds, at the time of day you choose.",
    every_until: "Until (the last day)",
    window_label: "Time of day",
    every_button: "Bring them to my door",
    every_stop: "Stop: keep them in the lockers",
    windows: ["Any time", "Morning (8–12)", "Afternoon (12–17)", "Evening (17–20)"],
    expect_title: "A package on its way?",
    expect_why: "Tell the lockers its tracking number: when the carrier scans it, it goes in your name at once. If it has not come two days after its expected day (ten days after you tell us, without one), the package staff look into it and we tell you.",
    expect_tracking: "Tracking number",
    expect_due: "Expected day (if you know it)",
    expect_button: "Watch for it",
    choices_title: "How we tell you",
    by_label: "Tell me by",
    by_names: ["Email", "Text message", "Both"],
    by_note: "Texts go to the mobile number the office has for you. Reply STOP to any of them to stop them.",
    language_label: "Language of your notices",
    reminders_label: "Remind me about packages still waiting (the last notice before one goes to the staff always comes)",
    choices_button: "Save",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

static ES: Words = Words {
    lang: "es",
    title: "Sus paquetes",
    waiting: "Esperándole",
    none_waiting: "No tiene paquetes esperando.",
    recent: "Retirados en las últimas cuatro semanas",
    none_recent: "Nada retirado en las últimas cuatro semanas.",
    resend: "Enviarme mi código otra vez",
    resend_why: "Los casilleros le envían otra vez el aviso con su código, adonde le llegan los avisos. Esta página nunca muestra el código.",
    door: "Llevarlo a mi puerta",
    door_why: "El personal de paquetería se lo lleva en su próxima ronda de entregas.",
    extended: "El personal amplió el plazo",
    to_door: "En la lista para entregar en su puerta",
    yours_only: "Esta página es suya: no comparta su enlace.",
    link_help: "¿Preguntas sobre un paquete? Responda a cualquiera de sus avisos: llega al personal de paquetería.",
    away_title: "¿Se va unos días?",
    away_why: "Indique a los casilleros los días que estará fuera: guardan sus paquetes, el plazo para retirarlos empieza el día que vuelve y ese día recibe un solo aviso en lugar de uno por paquete.",
    away_from: "Primer día fuera",
    away_until: "El día que vuelve",
    away_button: "Guárdenme los paquetes",
    back_button: "Ya he vuelto",
    not_going_button: "Al final no me voy",
    every_title: "Cada paquete a su puerta",
    every_why: "Durante un tiempo, el personal de paquetería le lleva cada paquete a su puerta en sus rondas, a la hora del día que elija.",
    every_until: "Hasta (el último día)",
    window_label: "Hora del día",
    every_button: "Llevarlos a mi puerta",
    every_stop: "Dejar de hacerlo: que esperen en los casilleros",
    windows: ["A cualquier hora", "Por la mañana (8–12)", "Por la tarde (12–17)", "Por la noche (17–20)"],
    expect_title: "¿Espera un paquete?",
    expect_why: "Dígale a los casilleros su número de seguimiento: cuando la empresa lo escanee, quedará a su nombre al instante. Si no ha llegado dos días después del día previsto (diez días después de avisarnos, si no lo sabe), el personal de paquetería lo revisará y le avisaremos.",
    expect_tracking: "Número de seguimiento",
    expect_due: "Día previsto (si lo sabe)",
    expect_button: "Estar atentos",
    choices_title: "Cómo le avisamos",
    by_label: "Avisarme por",
    by_names: ["Correo electrónico", "Mensaje de texto", "Ambos"],
    by_note: "Los mensajes van al móvil que tiene la oficina. Responda STOP a cualquiera de ellos para dejar de recibirlos.",
    language_label: "Idioma de sus avisos",
    reminders_label: "Recordarme los paquetes que siguen esperando (el último aviso antes de pasar al personal llega siempre)",
    choices_button: "Guardar",
    months: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    days: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
};
