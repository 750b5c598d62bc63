//! What went wrong, and where: errors stop a load; problems are listed while the data loads.

use std::fmt;

/// An input that cannot be loaded. The message says what, `place` says where (a JSON path,
/// `line L, column C`, or a JSON Lines line), so the user can find it in their file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub place: Option<String>,
    pub message: String,
}

impl LoadError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            place: None,
            message: message.into(),
        }
    }

    pub fn at(place: impl fmt::Display, message: impl Into<String>) -> Self {
        Self {
            place: Some(place.to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{place}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// Something in the data that is probably wrong but does not stop loading: a relation to an id
/// that does not exist, a self-loop, an unparseable date. Shown in the "Data problems" panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub message: String,
}

impl Problem {
    pub fn at(place: impl fmt::Display, message: impl Into<String>) -> Self {
        Self {
            place: place.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}
