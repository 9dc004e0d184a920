//! A three-way merge of a review file by meaning: action items merge by id (work done on
//! either side stays done), reviewers are the union, a publication on either side stands,
//! other keys merge three-way, and the body merges line by line around the generated block
//! (which `esc review` regenerates, so either side's will do). Pure.

use super::file::{ReviewFile, TIMELINE_BEGIN, cut_timeline};
use super::{ActionItem, ActionStatus, REVIEW_KEYS, Review, ReviewStatus};
use crate::frontmatter::SyntaxError;
use crate::ticket::merge::{Merged, merge_body, merge_documents};

/// Merges `ours` and `theirs`, two versions of one review file grown from `base`.
pub fn merge_review(base: Option<&str>, ours: &str, theirs: &str) -> Result<Merged, SyntaxError> {
    let ours = ReviewFile::parse(ours)?;
    let theirs = ReviewFile::parse(theirs)?;
    let base = base.and_then(|text| ReviewFile::parse(text).ok());
    let mut conflicts = Vec::new();
    let review = merge_front_matter(base.as_ref().map(|b| &b.review), &ours.review, &theirs.review, &mut conflicts);

    let base_document = base.as_ref().map(ReviewFile::document);
    let document = merge_documents(
        base_document,
        ours.document(),
        theirs.document(),
        REVIEW_KEYS,
        merge_around_timeline,
        &mut conflicts,
    );
    let text = ReviewFile::from_parts(review, document).render()?;
    Ok(Merged { text, conflicts })
}

fn merge_front_matter(base: Option<&Review>, ours: &Review, theirs: &Review, conflicts: &mut Vec<String>) -> Review {
    let mut merged = ours.clone();
    let mut pick = |name: &str, b: Option<String>, o: Option<String>, t: Option<String>| -> Option<String> {
        if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            conflicts.push(name.to_string());
            o.max(t)
        }
    };
    merged.title = pick("title", base.map(|b| b.title.clone()), Some(ours.title.clone()), Some(theirs.title.clone()))
        .unwrap_or_default();
    merged.severity =
        pick("severity", base.and_then(|b| b.severity.clone()), ours.severity.clone(), theirs.severity.clone());
    merged.priority =
        pick("priority", base.and_then(|b| b.priority.clone()), ours.priority.clone(), theirs.priority.clone());
    merged.owner = pick("owner", base.and_then(|b| b.owner.clone()), ours.owner.clone(), theirs.owner.clone());
    let base_due = base.and_then(|b| b.due);
    merged.due = if ours.due == theirs.due || theirs.due == base_due {
        ours.due
    } else if ours.due == base_due {
        theirs.due
    } else {
        ours.due.min(theirs.due).or(ours.due).or(theirs.due)
    };
    merged.reviewers = union(base.map_or(&[][..], |b| &b.reviewers[..]), &ours.reviewers, &theirs.reviewers);
    // A publication on either side stands, at the earlier time.
    if ours.status == ReviewStatus::Published || theirs.status == ReviewStatus::Published {
        merged.status = ReviewStatus::Published;
        merged.published = match (ours.published, theirs.published) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    // An override recorded on either side stays recorded.
    merged.overridden = ours.overridden.clone().or_else(|| theirs.overridden.clone());
    let base_items = base.map_or(&[][..], |b| &b.action_items[..]);
    merged.action_items = merge_action_items(base_items, &ours.action_items, &theirs.action_items, conflicts);
    merged
}

/// Items by id: one side's change wins over the base, done wins over open (at the earlier
/// time), and new items both sides added under one id are renumbered, in a fixed order.
fn merge_action_items(
    base: &[ActionItem],
    ours: &[ActionItem],
    theirs: &[ActionItem],
    conflicts: &mut Vec<String>,
) -> Vec<ActionItem> {
    let mut merged: Vec<ActionItem> = Vec::new();
    let mut added: Vec<ActionItem> = Vec::new();
    for item in ours.iter().chain(theirs) {
        if merged.iter().chain(&added).any(|m| m == item) {
            continue;
        }
        let Some(original) = base.iter().find(|b| b.id == item.id) else {
            added.push(item.clone());
            continue;
        };
        let other = |side: &[ActionItem]| side.iter().find(|i| i.id == item.id).cloned();
        let (o, t) =
            (other(ours).unwrap_or_else(|| original.clone()), other(theirs).unwrap_or_else(|| original.clone()));
        if merged.iter().any(|m| m.id == item.id) {
            continue;
        }
        merged.push(merge_item(original, o, t, conflicts));
    }
    // Added on both sides, perhaps under the same id: keep each once, renumbering clashes.
    added.sort_by(|a, b| (&a.id, &a.title).cmp(&(&b.id, &b.title)));
    for mut item in added {
        if merged.iter().any(|m| m.id == item.id) {
            item.id = format!("A{}", next_number(&merged));
        }
        merged.push(item);
    }
    merged.sort_by_key(|item| item.id.trim_start_matches(['A', 'a']).parse::<usize>().unwrap_or(usize::MAX));
    merged
}

fn merge_item(base: &ActionItem, ours: ActionItem, theirs: ActionItem, conflicts: &mut Vec<String>) -> ActionItem {
    if ours == theirs || theirs == *base {
        return ours;
    }
    if ours == *base {
        return theirs;
    }
    let done = [&ours, &theirs].into_iter().filter(|i| i.status == ActionStatus::Done).filter_map(|i| i.done).min();
    let either_done = ours.status == ActionStatus::Done || theirs.status == ActionStatus::Done;
    let mut merged = if ours.title != theirs.title || ours.owner != theirs.owner || ours.due != theirs.due {
        // Both edited the item itself: keep one of them whole, the same one from either side.
        if (ours.owner != base.owner && theirs.owner != base.owner && ours.owner != theirs.owner)
            || (ours.title != base.title && theirs.title != base.title && ours.title != theirs.title)
        {
            conflicts.push(format!("action item {}", base.id));
        }
        let ours_changed_more = (ours.title != base.title, ours.owner != base.owner, ours.due != base.due)
            >= (theirs.title != base.title, theirs.owner != base.owner, theirs.due != base.due);
        if ours_changed_more { ours } else { theirs }
    } else {
        ours
    };
    if either_done {
        merged.status = ActionStatus::Done;
        merged.done = done;
    }
    merged
}

/// One side's list when only it changed; else the base's entries neither side removed, then
/// every added one once, sorted (so the result does not depend on the side).
fn union(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    if ours == theirs || theirs == base {
        return ours.to_vec();
    }
    if ours == base {
        return theirs.to_vec();
    }
    let mut added: Vec<&String> = ours.iter().chain(theirs).filter(|r| !base.contains(r)).collect();
    added.sort();
    added.dedup();
    base.iter().filter(|r| ours.contains(r) && theirs.contains(r)).chain(added).cloned().collect()
}

fn next_number(items: &[ActionItem]) -> usize {
    items.iter().filter_map(|a| a.id.strip_prefix(['A', 'a'])?.parse::<usize>().ok()).max().unwrap_or(0) + 1
}

/// The body merged line by line with the generated block set aside: it is put back from
/// whichever side has the larger one (`esc review` regenerates it anyway).
fn merge_around_timeline(base: &str, ours: &str, theirs: &str) -> Result<String, String> {
    let (Some((ours_block, ours_rest)), Some((theirs_block, theirs_rest))) = (cut_timeline(ours), cut_timeline(theirs))
    else {
        return merge_body(base, ours, theirs);
    };
    let base_rest = cut_timeline(base).map_or_else(|| base.to_string(), |(_, rest)| rest);
    let block = ours_block.max(theirs_block);
    let put_back = |text: String| text.replacen(&format!("{TIMELINE_BEGIN}\n"), &block, 1);
    merge_body(&base_rest, &ours_rest, &theirs_rest).map(put_back).map_err(put_back)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---
ticket: ESC-00000001
title: Checkout down
status: draft
created: 2026-11-25T10:00:00Z
action_items:
- id: A1
  title: Alert on errors
  type: detect
  status: open
---

## Summary

It broke.
";

    fn with_items(items: &str) -> String {
        BASE.replace("  status: open\n---", &format!("  status: open\n{items}---"))
    }

    #[test]
    fn items_added_on_both_sides_under_one_id_are_renumbered_the_same_way_from_either_side() {
        let ours = with_items("- id: A2\n  title: Runbook\n  type: process\n  status: open\n")
            .replace("  status: open\n- id: A2", "  status: done\n  done: 2026-11-26T09:00:00Z\n- id: A2");
        let theirs = with_items("- id: A2\n  title: Load test\n  type: prevent\n  status: open\n")
            .replace("It broke.\n", "It broke.\n\nThe card API timed out.\n");
        let merged = merge_review(Some(BASE), &ours, &theirs).unwrap();
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        assert_eq!(merged.text, merge_review(Some(BASE), &theirs, &ours).unwrap().text, "symmetric");
        let review = ReviewFile::parse(&merged.text).unwrap().review;
        let items: Vec<(&str, &str, ActionStatus)> =
            review.action_items.iter().map(|i| (i.id.as_str(), i.title.as_str(), i.status)).collect();
        assert_eq!(
            items,
            [
                ("A1", "Alert on errors", ActionStatus::Done),
                ("A2", "Load test", ActionStatus::Open),
                ("A3", "Runbook", ActionStatus::Open)
            ]
        );
        assert!(merged.text.ends_with("It broke.\n\nThe card API timed out.\n"));
        assert_eq!(merge_review(Some(BASE), &ours, &ours).unwrap().text, ours, "idempotent");
    }
}
