//! What the page tells the person: a `Notice` above the page, and an `ImportError` beside the
//! file control whose file could not be used. A leaf: every sub-reducer may set them.

/// A message for the person using the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The message's text.
    pub text: String,
    /// Whether it reports a failure (shown as an alert).
    pub error: bool,
}

impl Notice {
    /// A message that something happened.
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: false,
        }
    }
    /// A message that something failed.
    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: true,
        }
    }
}

/// The file controls of the page, each with its error beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Import {
    Scenario,
    Records,
    Table,
}

impl Import {
    /// The id (and test id) of the message beside the control.
    pub fn error_id(self) -> &'static str {
        match self {
            Import::Scenario => "import-error",
            Import::Records => "records-error",
            Import::Table => "user-table-error",
        }
    }
}

/// A file that could not be used: the message beside its control, and the id of the page's
/// input for the field the core's error names, if it is one the page has.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    pub control: Import,
    pub text: String,
    pub field: Option<String>,
}

impl ImportError {
    pub(super) fn new(control: Import, text: String, field: Option<&str>) -> Self {
        ImportError {
            control,
            text,
            field: field.filter(|f| !f.is_empty()).map(|f| f.replace('_', "-")),
        }
    }
}
