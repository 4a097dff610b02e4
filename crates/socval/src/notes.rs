//! A scenario's notes as a reader sees them beside its figures: which notes may be shown (a
//! shipped template's notes state its figures, so they are shown only while the scenario is that
//! template as shipped), and their text as paragraphs and lists.
//!
//! The rule is the core's so that the page and the funder report never differ: a funder never
//! sees a note stating one figure beside another figure in force for the same thing.
//!
//! ```
//! use socval::{NotesInForce, notes_in_force, template};
//! let mut s = template("step-together").unwrap().scenario().unwrap();
//! assert!(matches!(notes_in_force(&s, false), NotesInForce::Shown(_)));
//! s.families += 1;
//! let NotesInForce::LeftOut(line) = notes_in_force(&s, false) else { panic!() };
//! assert!(line.contains("describe the template as shipped"));
//! ```

use crate::scenario::Scenario;
use serde::Serialize;

/// What of a scenario's notes a reader may see beside its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum NotesInForce {
    /// The scenario has no notes.
    None,
    /// The notes to show: the scenario's own (written by whoever made it), or a shipped
    /// template's while the scenario is that template as shipped.
    Shown(String),
    /// A shipped template's notes, left out because the scenario (or, with per-family records,
    /// its facts) has changed since, so a figure they state may not be the one in force: the line
    /// to show in their place.
    LeftOut(String),
}

/// The notes a reader may see beside the figures of `scenario` (valued from per-family records
/// when `from_records`).
///
/// A shipped template's notes describe the template as shipped, and state its figures: they are
/// shown only while the scenario is that template as shipped (its name, and the method version
/// it is saved under, aside) and its facts are the template's own (no records); otherwise they
/// are left out, with a line saying why. Notes that are no template's are the scenario's own
/// and are shown as they are.
pub fn notes_in_force(scenario: &Scenario, from_records: bool) -> NotesInForce {
    let notes = scenario.notes.trim();
    if notes.is_empty() {
        return NotesInForce::None;
    }
    let mut shipped_name = None;
    // Compared in the scenario format's canonical JSON (the page already writes it for its
    // autosave; a field-by-field comparison would add its own code to the page).
    let mut ours = None;
    for t in crate::templates() {
        let Ok(mut shipped) = t.scenario() else { continue };
        if shipped.notes.trim() != notes {
            continue;
        }
        shipped.name.clone_from(&scenario.name);
        shipped.method = scenario.method;
        let ours = ours.get_or_insert_with(|| scenario.to_json());
        if !from_records && shipped.to_json() == *ours {
            return NotesInForce::Shown(notes.to_string());
        }
        shipped_name.get_or_insert(t.name);
    }
    match shipped_name {
        None => NotesInForce::Shown(notes.to_string()),
        Some(name) => NotesInForce::LeftOut(format!(
            "The notes of the template “{name}” describe the template as shipped and state its figures; this scenario {}, so they are left out: every figure here is the one in force.",
            if from_records {
                "is valued from per-family records"
            } else {
                "has been changed since"
            }
        )),
    }
}

/// One block of a note's text: a paragraph, or a list of items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum NoteBlock {
    /// A paragraph, its wrapped lines joined.
    Paragraph(String),
    /// A list: each item's text, its wrapped lines joined.
    List(Vec<String>),
}

/// A note's text as paragraphs and lists. A line starting `- ` (or `* `) starts a list item; an
/// indented line continues the item or paragraph before it; an empty line ends a paragraph or
/// list; any other line continues a paragraph, or after a list starts a new one. Lines are
/// joined with one space.
///
/// ```
/// use socval::{NoteBlock, note_blocks};
/// let b = note_blocks("Why it differs:\n- the values,\n  assumed\n- the counts\nNothing tuned.");
/// assert_eq!(b, vec![
///     NoteBlock::Paragraph("Why it differs:".into()),
///     NoteBlock::List(vec!["the values, assumed".into(), "the counts".into()]),
///     NoteBlock::Paragraph("Nothing tuned.".into()),
/// ]);
/// ```
pub fn note_blocks(text: &str) -> Vec<NoteBlock> {
    let mut blocks: Vec<NoteBlock> = Vec::new();
    // Whether the last block is still open to continuation lines.
    let mut open = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        let item = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* "));
        let indented = line.starts_with(char::is_whitespace);
        match (item, blocks.last_mut()) {
            (Some(t), Some(NoteBlock::List(items))) if open => items.push(t.trim().to_string()),
            (Some(t), _) => blocks.push(NoteBlock::List(vec![t.trim().to_string()])),
            (None, Some(NoteBlock::List(items))) if open && indented => join(items.last_mut(), trimmed),
            (None, Some(NoteBlock::Paragraph(p))) if open => {
                p.push(' ');
                p.push_str(trimmed);
            }
            (None, _) => blocks.push(NoteBlock::Paragraph(trimmed.to_string())),
        }
        open = true;
    }
    blocks
}

fn join(last: Option<&mut String>, more: &str) {
    if let Some(s) = last {
        s.push(' ');
        s.push_str(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(id: &str) -> Scenario {
        crate::template(id).unwrap().scenario().unwrap()
    }

    /// Every shipped template's notes are shown as shipped (renamed, or saved under the current
    /// method, too), and left out after any change that can move a figure, or with records.
    #[test]
    fn a_templates_notes_show_only_while_it_is_as_shipped() {
        for t in crate::templates() {
            let s = shipped(t.id);
            assert_eq!(
                notes_in_force(&s, false),
                NotesInForce::Shown(s.notes.trim().to_string()),
                "{}",
                t.id
            );
            let mut renamed = s.clone();
            renamed.name = "Ours".into();
            renamed.method = Some(crate::method_version::METHOD_VERSION);
            assert!(
                matches!(notes_in_force(&renamed, false), NotesInForce::Shown(_)),
                "{}",
                t.id
            );
            let mut more = s.clone();
            more.families += 1;
            let NotesInForce::LeftOut(line) = notes_in_force(&more, false) else {
                panic!("{}", t.id)
            };
            assert!(
                line.contains(t.name) && line.contains("has been changed since"),
                "{line}"
            );
            let mut cost = s.clone();
            if let Some(c) = cost.costs.first_mut() {
                c.amount += rust_decimal::Decimal::ONE;
                assert!(
                    matches!(notes_in_force(&cost, false), NotesInForce::LeftOut(_)),
                    "{}",
                    t.id
                );
            }
            let NotesInForce::LeftOut(line) = notes_in_force(&s, true) else {
                panic!("{}", t.id)
            };
            assert!(line.contains("per-family records"), "{line}");
        }
    }

    /// Notes of the scenario's own are shown as written; no notes, none.
    #[test]
    fn own_notes_are_shown_and_none_is_none() {
        let mut s = shipped("step-together");
        s.notes = "Our own note: £1.".into();
        s.families += 3;
        assert_eq!(
            notes_in_force(&s, false),
            NotesInForce::Shown("Our own note: £1.".into())
        );
        s.notes = " \n".into();
        assert_eq!(notes_in_force(&s, false), NotesInForce::None);
    }

    /// The shipped notes read as paragraphs and lists: no item keeps its "- ", and no list item
    /// swallows the closing paragraph.
    #[test]
    fn shipped_notes_become_paragraphs_and_lists() {
        for t in crate::templates() {
            let s = shipped(t.id);
            let blocks = note_blocks(&s.notes);
            assert!(
                blocks.iter().any(|b| matches!(b, NoteBlock::List(i) if i.len() >= 2)),
                "{}",
                t.id
            );
            for b in &blocks {
                let texts = match b {
                    NoteBlock::Paragraph(p) => vec![p.clone()],
                    NoteBlock::List(items) => items.clone(),
                };
                for x in texts {
                    assert!(!x.contains('\n') && !x.starts_with("- "), "{x}");
                }
            }
        }
        assert_eq!(
            note_blocks("One\ntwo.\n\nThree.\n* a\nb"),
            vec![
                NoteBlock::Paragraph("One two.".into()),
                NoteBlock::Paragraph("Three.".into()),
                NoteBlock::List(vec!["a".into()]),
                NoteBlock::Paragraph("b".into()),
            ]
        );
    }
}
