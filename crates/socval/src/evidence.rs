//! The evidence behind every total: each headline figure split by the evidence status of the rows
//! behind its lines, and the minimum evidence a scenario (or a command) values with.
//!
//! Each line of the working counts under the status it rests on ([`Line::rests_on`]): its row's
//! status ([`EvidenceStatus`], with a row marked `assumption = true` an assumption), or, where the
//! line's deadweight comes from a named level ([`mod@crate::levels`]) of weaker status, the level's.
//! The order, strongest first, is primary, secondary, derived, assumption. An optimism-bias line
//! counts with the line it belongs to. A measured change in life satisfaction counts under its
//! WELLBY row's status (an assumption where the user states an exchange rate between measures).
//! Programme costs are not split: they are the programme's own figures, not values read from a
//! table.
//!
//! The exact parts add up to the exact figure; the displayed parts (`rounded`) are allocated by
//! largest remainder ([`crate::money::allocate_to`]) so that they add up to the displayed figure to the
//! penny. Fiscal savings are allocated in two groups, cashable and the rest, as the agencies are,
//! so that each status's fiscal part is its cashable part plus the rest.
//!
//! ```
//! use socval::tables::EvidenceStatus;
//! use socval::{Registry, evaluate, template};
//! let s = template("step-together").unwrap().scenario().unwrap();
//! let v = evaluate(&s, None, Registry::embedded()).unwrap();
//! let shown: socval::Decimal = v.evidence.social_value.iter().map(|p| p.rounded).sum();
//! assert_eq!(shown, v.display.social_value);
//! assert_eq!(EvidenceStatus::from_name("derived"), Some(EvidenceStatus::Derived));
//! ```
//!
//! [`Line::rests_on`]: crate::Line::rests_on

use crate::error::{Error, Place, Result};
use crate::money::{allocate_to, format_gbp};
use crate::tables::EvidenceStatus;
pub use crate::valuation::{EvidencePart, EvidenceSplit, LeftOut};
use crate::valuation::{Figures, Line, Section};
use rust_decimal::Decimal;
use serde::Deserialize;

impl EvidenceStatus {
    /// Every status, strongest first: the order of the evidence split.
    pub const ALL: [EvidenceStatus; 4] = [
        EvidenceStatus::Primary,
        EvidenceStatus::Secondary,
        EvidenceStatus::Derived,
        EvidenceStatus::Assumption,
    ];

    /// The status of this name (`primary`, `secondary`, `derived`, `assumption`), as files and
    /// the command line write it.
    pub fn from_name(name: &str) -> Option<Self> {
        EvidenceStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The weaker of two statuses (later in [`EvidenceStatus::ALL`]).
    pub fn weaker(self, other: EvidenceStatus) -> EvidenceStatus {
        self.max(other)
    }

    /// Whether a value of this status is admitted by a minimum evidence level: it is as strong as
    /// the minimum or stronger.
    pub fn meets(self, minimum: EvidenceStatus) -> bool {
        self <= minimum
    }

    /// What a figure of this status rests on, in words: `primary sources`, `assumed values`.
    pub fn rests_on_words(self) -> &'static str {
        match self {
            EvidenceStatus::Primary => "primary sources",
            EvidenceStatus::Secondary => "secondary sources",
            EvidenceStatus::Derived => "derived values",
            EvidenceStatus::Assumption => "assumed values",
        }
    }
}

/// The message naming what a minimum evidence level may be, for an unknown name.
pub fn unknown_status(name: &str) -> String {
    format!(
        "{:?} is not an evidence status: use primary, secondary, derived or assumption (strongest first; a minimum values the rows of that status and stronger)",
        name.chars().take(40).collect::<String>()
    )
}

/// Reads an optional evidence status by its name (`Scenario::min_evidence`) through the reader of
/// an optional string that every scenario field of text already uses (a reader of its own would
/// add to the page's first load), with socval's message for a name that is no status.
pub(crate) fn option_status<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<EvidenceStatus>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(name) => EvidenceStatus::from_name(&name)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(unknown_status(&name))),
    }
}

/// What a figure's displayed parts rest on, in words, as every face prints it beside the figure:
/// `of which £20,000.00 rests on primary sources and £47,702.15 on assumed values`, or `all of it
/// rests on assumed values`. None where every part is zero.
///
/// ```
/// use socval::evidence::evidence_words;
/// use socval::tables::EvidenceStatus;
/// use socval::{Registry, evaluate, template};
/// let s = template("securing-change").unwrap().scenario().unwrap();
/// let v = evaluate(&s, None, Registry::embedded()).unwrap();
/// let words = evidence_words(&v.evidence.social_value).unwrap();
/// assert!(words.starts_with("of which ") || words.starts_with("all of it "));
/// ```
pub fn evidence_words(parts: &[EvidencePart]) -> Option<String> {
    // Plain pushes rather than `format!`: this is on the page's first load.
    let shown: Vec<&EvidencePart> = parts.iter().filter(|p| !p.rounded.is_zero()).collect();
    let mut s = String::new();
    if let [only] = shown.as_slice() {
        s.push_str("all of it rests on ");
        s.push_str(only.status.rests_on_words());
        return Some(s);
    }
    for (i, p) in shown.iter().enumerate() {
        s.push_str(match i {
            0 => "of which ",
            _ if i + 1 == shown.len() => " and ",
            _ => ", ",
        });
        s.push_str(&format_gbp(p.rounded));
        s.push_str(if i == 0 { " rests on " } else { " on " });
        s.push_str(p.status.rests_on_words());
    }
    (!s.is_empty()).then_some(s)
}

/// The sentence a valuation made with a minimum evidence level prints (a warning, and a note in
/// reports): what it valued and what it left out.
pub fn left_out_note(minimum: EvidenceStatus, left_out: &[LeftOut]) -> String {
    let mut s = String::from("minimum evidence ");
    s.push_str(minimum.as_str());
    s.push_str(": valued only rows of status ");
    let admitted: Vec<EvidenceStatus> = EvidenceStatus::ALL.into_iter().filter(|x| x.meets(minimum)).collect();
    for (i, a) in admitted.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == admitted.len() { " or " } else { ", " });
        }
        s.push_str(a.as_str());
    }
    if left_out.is_empty() {
        s.push_str("; nothing was left out");
        return s;
    }
    s.push_str("; left out ");
    s.push_str(&left_out.len().to_string());
    for (i, l) in left_out.iter().enumerate() {
        s.push_str(if i == 0 { ": " } else { "; " });
        for part in [
            l.item.as_str(),
            " “",
            l.label.as_str(),
            "” (",
            match l.section {
                Section::SocialValue => "social value",
                Section::FiscalSavings => "fiscal savings",
                Section::ProgrammeCost => "programme cost",
            },
            ", row ",
            l.row.as_str(),
            ": ",
            l.status.as_str(),
            ")",
        ] {
            s.push_str(part);
        }
    }
    s
}

/// The split of a valuation's headline figures from its lines (each counted under
/// [`Line::rests_on`]) and its displayed figures.
pub(crate) fn split(place: &Place, lines: &[Line], display: &Figures) -> Result<EvidenceSplit> {
    let at = |s: EvidenceStatus| EvidenceStatus::ALL.iter().position(|&x| x == s).unwrap_or(3);
    let mut social = [Decimal::ZERO; 4];
    let mut cash = [Decimal::ZERO; 4];
    let mut rest = [Decimal::ZERO; 4];
    let add = |a: &mut Decimal, b: Decimal| -> Result<()> {
        *a = total(place, a.checked_add(b))?;
        Ok(())
    };
    for l in lines {
        let Some(s) = l.rests_on else { continue };
        let i = at(s);
        match l.section {
            Section::SocialValue => add(&mut social[i], l.amount)?,
            Section::FiscalSavings if l.cashable == Some(true) => add(&mut cash[i], l.amount)?,
            Section::FiscalSavings => add(&mut rest[i], l.amount)?,
            Section::ProgrammeCost => {}
        }
    }
    let parts = |amounts: &[Decimal; 4], rounded: &[Decimal]| -> Vec<EvidencePart> {
        EvidenceStatus::ALL
            .iter()
            .enumerate()
            .map(|(i, &status)| EvidencePart {
                status,
                amount: amounts[i],
                rounded: rounded[i],
            })
            .collect()
    };
    let mut fiscal = [Decimal::ZERO; 4];
    let mut combined = [Decimal::ZERO; 4];
    for i in 0..4 {
        fiscal[i] = total(place, cash[i].checked_add(rest[i]))?;
        combined[i] = total(place, social[i].checked_add(fiscal[i]))?;
    }
    let cash_r = allocate_to(&cash, display.cashable_savings);
    let rest_r = allocate_to(&rest, display.fiscal_savings - display.cashable_savings);
    let fiscal_r: Vec<Decimal> = cash_r.iter().zip(&rest_r).map(|(a, b)| a + b).collect();
    Ok(EvidenceSplit {
        social_value: parts(&social, &allocate_to(&social, display.social_value)),
        fiscal_savings: parts(&fiscal, &fiscal_r),
        cashable_savings: parts(&cash, &cash_r),
        combined: display.combined.map(|c| parts(&combined, &allocate_to(&combined, c))),
    })
}

fn total(place: &Place, v: Option<Decimal>) -> Result<Decimal> {
    v.ok_or_else(|| Error::overflow(place.clone(), "evidence split is too large"))
}
