//! Notices to residents and staff: rendered from templates, carried by a
//! durable outbox, sent by a background worker by email (SMTP, or `.eml`
//! files in the demo) and optionally a signed JSON webhook.

pub mod dates;
pub mod mailer;
mod page_link;
pub mod phone;
pub mod qr;
mod summary;
pub mod templates;
pub mod transport;
pub mod webhook;
pub mod worker;

pub use mailer::{Composed, Mailer, NoticeError};
pub use page_link::PageLinks;
pub use phone::PhoneNotice;
pub use transport::{SmtpSettings, Transport};
pub use webhook::{Webhook, WebhookSettings};
pub use worker::{Backoff, Worker};
