//! Talking to servers on the network: one small HTTPS client for the notice
//! webhook and the portfolio sync.

pub mod http_post;

pub use http_post::{post, Endpoint, PostError, Reply, UrlError};
