//! The dashboard's pages, rendered on the server.

pub mod csv;
pub mod html;
pub mod login_page;
pub mod plan_page;
pub mod portfolio_page;
pub mod property_page;
pub mod svg;
