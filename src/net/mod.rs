//! Talking to servers on the network: one JSON POST (reqwest, decision 0037)
//! for the notice webhook and the portfolio sync (and a form, for the text
//! provider), and the URL policy.

pub mod http_post;

pub use http_post::{post, post_as, Endpoint, PostError, Reply, UrlError};
