//! The dashboard's pages, rendered on the server.

pub mod csv;
pub mod desk_page;
pub mod html;
pub mod login_page;
pub mod plan_page;
pub mod portfolio_page;
pub mod property_page;
pub mod resident_page;
pub mod resident_words;
pub mod service_page;
pub mod svg;
pub mod ticket_page;
pub mod wall_box;
