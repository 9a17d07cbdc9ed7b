//! The `lockerwall` command line: one module for each kind of command.

mod args;
mod backup;
mod hal;
mod kiosk;
mod place;
mod scan;
mod staff;

pub(crate) use args::*;
pub(crate) use backup::*;
pub(crate) use hal::*;
pub(crate) use kiosk::*;
pub(crate) use place::*;
pub(crate) use scan::*;
pub(crate) use staff::*;

use anyhow::Context;
use clap::{Parser, Subcommand};
use lockerwall::app;
use lockerwall::domain::SystemClock;
use lockerwall::runtime::{Parts, Runtime};
use lockerwall::site::config::Config;
use lockerwall::ui::AppWindow;
use lockerwall::view;
use rand::SeedableRng;
use slint::ComponentHandle;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
