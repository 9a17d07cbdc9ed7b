//! Notices to residents and staff: rendered from templates, carried by a
//! durable outbox, sent by a background worker by email (SMTP, or `.eml`
//! files in the demo), by text message to residents who chose it (a
//! provider's API), and optionally a signed JSON webhook.

pub mod dates;
pub mod mailer;
mod page_link;
pub mod phone;
pub mod qr;
mod summary;
pub mod templates;
pub mod texts;
pub mod transport;
pub mod webhook;
pub mod worker;

pub use mailer::{Composed, Mailer, NoticeError};
pub use page_link::PageLinks;
pub use phone::PhoneNotice;
pub use texts::{TextSettings, Texts};
pub use transport::{SmtpSettings, Transport};
pub use webhook::{Webhook, WebhookSettings};
pub use worker::{Backoff, Worker};
