//! Waivers: risks a team has accepted on purpose, so that their findings report WAIVED
//! (with the reason) instead of failing the build.
//!
//! Two sources, both with a mandatory reason and an optional expiry date:
//! - `risk_acceptance.yml` (SPEC §8), wafpass's waiver file read unchanged: `waivers:` (or
//!   wafpass's legacy `skips:`) entries with `id`, `reason`, `expires`. An entry of
//!   wafpass's own shape waives by control id (or check id), as wafpass does; irready adds
//!   `check` (a check id or `*` glob; `id` then only names the waiver), and optional
//!   `resource`, `root` and `file` (an address or path, or a glob) to waive one resource.
//! - `# irready:ignore <check-id> <reason> [exp:YYYY-MM-DD]` comments on a Terraform block,
//!   which waive that check on that block's resource (every instance of it).
//!
//! Only FAIL and SKIP findings are waived: a PASS needs no waiver, and an ERROR is broken
//! input that no acceptance can make readable. A waiver whose expiry date is before the
//! run's "today" (`--as-of`) stops waiving — wafpass keeps waiving and only warns, but an
//! accepted risk with a date is meant to come back — and the finding says so. A waiver
//! that matches no finding is a note, not an error: the risk may simply be fixed.

use crate::diagnostic::Diagnostic;
use crate::finding::{Finding, Status};
use crate::source::Location;
use crate::terraform::Configuration;
use jiff::civil::Date;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The default risk-acceptance file (SPEC §2 `waivers:`), relative to the scanned PATH.
pub const DEFAULT_FILE: &str = "risk_acceptance.yml";

/// wafpass's legacy waiver file name, read when the default file does not exist.
pub const LEGACY_FILE: &str = ".wafpass-skip.yml";

/// A whole-string wildcard: `*` matches any run of characters (dots and slashes
/// included), `?` one character, everything else itself. Not a path glob, because
/// addresses hold `[` `]` (`aws_x.y["k"]`) that must match literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    fold_case: bool,
}

impl Pattern {
    /// A pattern; `fold_case` compares ASCII letters case-insensitively (check ids are,
    /// as `--checks` globs are; addresses and paths are not).
    pub fn new(text: &str, fold_case: bool) -> Pattern {
        Pattern {
            text: text.trim().to_string(),
            fold_case,
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the whole of `s` matches.
    pub fn matches(&self, s: &str) -> bool {
        let fold = |c: char| {
            if self.fold_case {
                c.to_ascii_lowercase()
            } else {
                c
            }
        };
        let p: Vec<char> = self.text.chars().map(fold).collect();
        let t: Vec<char> = s.chars().map(fold).collect();
        wildcard(&p, &t)
    }
}

/// Greedy wildcard matching with backtracking to the last `*`: linear in practice, and
/// never worse than pattern × text.
fn wildcard(p: &[char], t: &[char]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// One entry of `risk_acceptance.yml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// wafpass's `id`: the control id (or check id) it waives, or, with `check`, a name.
    pub id: String,
    /// Why the risk is accepted (required).
    pub reason: String,
    /// The last day the waiver holds; `None` never expires.
    pub expires: Option<Date>,
    /// irready's `check`: the check ids waived (`*` glob, case-insensitive).
    pub check: Option<Pattern>,
    /// Only findings on this resource address (or glob).
    pub resource: Option<Pattern>,
    /// Only findings of this root module (`.`, `infra/prod`, or a glob).
    pub root: Option<Pattern>,
    /// Only findings in this file (relative to the scanned PATH, or a glob).
    pub file: Option<Pattern>,
    /// Where the entry is written, for notes.
    pub location: Location,
}

impl Waiver {
    /// True when the waiver covers the finding (expired or not).
    pub fn matches(&self, f: &Finding) -> bool {
        let check = match &self.check {
            Some(p) => p.matches(&f.check_id),
            None => {
                self.id.eq_ignore_ascii_case(&f.control_id)
                    || self.id.eq_ignore_ascii_case(&f.check_id)
            }
        };
        let scoped = |p: &Option<Pattern>, s: &str| p.as_ref().is_none_or(|p| p.matches(s));
        check
            && scoped(&self.resource, &f.resource)
            && scoped(&self.root, &f.root)
            && scoped(&self.file, &f.file)
    }
}

/// True when a waiver expiring on `expires` no longer holds on `as_of` (it holds through
/// its expiry day, as wafpass's `expires < today`).
fn expired(expires: Option<Date>, as_of: Date) -> bool {
    expires.is_some_and(|e| e < as_of)
}

fn until(expires: Option<Date>) -> String {
    expires.map_or_else(|| "no expiry".to_string(), |d| d.to_string())
}

/// True for the findings a waiver may change: the ones that would fail a build.
fn waivable(status: Status) -> bool {
    matches!(status, Status::Fail | Status::Skip)
}

/// The waivers of one risk-acceptance file and how many findings each matched, so that
/// the ones that matched nothing (or expired) can be reported once all findings exist.
#[derive(Debug, Default)]
pub struct WaiverSet {
    /// The valid entries, in file order.
    pub waivers: Vec<Waiver>,
    matched: Vec<usize>,
}

impl WaiverSet {
    /// A set of waivers, none matched yet.
    pub fn new(waivers: Vec<Waiver>) -> WaiverSet {
        let matched = vec![0; waivers.len()];
        WaiverSet { waivers, matched }
    }

    /// Waives the FAIL and SKIP findings an active waiver covers (the first in file order
    /// names itself in the message); marks those only expired waivers cover. A finding
    /// already WAIVED (inline) counts as matched, so its file waiver is not "unused".
    pub fn apply(&mut self, findings: &mut [Finding], as_of: Date) {
        if self.waivers.is_empty() {
            return;
        }
        for f in findings.iter_mut() {
            if !waivable(f.status) && f.status != Status::Waived {
                continue;
            }
            let hits: Vec<usize> = (0..self.waivers.len())
                .filter(|&i| self.waivers[i].matches(f))
                .collect();
            for &i in &hits {
                self.matched[i] += 1;
            }
            if f.status == Status::Waived {
                continue;
            }
            let active = hits
                .iter()
                .map(|&i| &self.waivers[i])
                .find(|w| !expired(w.expires, as_of));
            if let Some(w) = active {
                f.status = Status::Waived;
                f.message = format!(
                    "waived by {} until {}: {} — {}",
                    w.id,
                    until(w.expires),
                    w.reason,
                    f.message
                );
            } else if let Some(w) = hits.first().map(|&i| &self.waivers[i])
                && let Some(date) = w.expires
            {
                f.message = format!("{} (waiver {} expired on {date})", f.message, w.id);
            }
        }
    }

    /// What to tell the user on stderr: waivers that expired while their finding is still
    /// there, and waivers that match no finding.
    pub fn notes(&self, as_of: Date) -> Vec<String> {
        let mut notes = Vec::new();
        for (w, &n) in self.waivers.iter().zip(&self.matched) {
            let at = &w.location;
            match (w.expires.filter(|_| expired(w.expires, as_of)), n) {
                (Some(date), 0) => notes.push(format!(
                    "{at}: waiver {} expired on {date} and matches no finding",
                    w.id
                )),
                (Some(date), n) => notes.push(format!(
                    "{at}: waiver {} expired on {date}: {n} finding(s) no longer waived",
                    w.id
                )),
                (None, 0) => notes.push(format!("{at}: waiver {} matches no finding", w.id)),
                (None, _) => {}
            }
        }
        notes
    }
}

/// Loads the risk-acceptance file `rel` (irready.yml's `waivers:`) of the scanned PATH
/// `scan_root`. Absent default file: wafpass's legacy `.wafpass-skip.yml` is read instead,
/// and no file at all is no waiver. A configured file that does not exist is an error
/// (the user named it). `display_prefix` goes before the file name in positions (the
/// PATH, when several are scanned; else empty). Invalid entries are diagnostics; the
/// valid ones still waive.
pub fn load(scan_root: &Path, rel: &Path, display_prefix: &str) -> (WaiverSet, Vec<Diagnostic>) {
    let mut rel = rel.to_path_buf();
    let mut path = scan_root.join(&rel);
    let is_default = rel == Path::new(DEFAULT_FILE);
    if !path.exists() && is_default {
        rel = LEGACY_FILE.into();
        path = scan_root.join(&rel);
    }
    let shown = rel.to_string_lossy().replace('\\', "/");
    let display: Arc<str> = if display_prefix.is_empty() {
        shown.into()
    } else {
        format!("{}/{shown}", display_prefix.trim_end_matches('/')).into()
    };
    if !path.exists() {
        if is_default {
            return (WaiverSet::default(), Vec::new());
        }
        let d = Diagnostic::file(
            display,
            "no such file: irready.yml's `waivers:` names it as the risk-acceptance file",
        );
        return (WaiverSet::default(), vec![d]);
    }
    let text = match crate::terraform::module::read_text(&path, &display) {
        Ok(t) => t,
        Err(d) => return (WaiverSet::default(), vec![d]),
    };
    let (waivers, diags) = parse(&text, &display);
    (WaiverSet::new(waivers), diags)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    waivers: Option<Vec<Spanned<RawWaiver>>>,
    /// wafpass's legacy name for `waivers`.
    #[serde(default)]
    skips: Option<Vec<Spanned<RawWaiver>>>,
}

/// An entry's keys, read one by one so that an unknown key is one diagnostic among the
/// others of the file rather than the end of reading it.
type RawWaiver = crate::ir::config::OrderedMap<Spanned<String>>;

/// The keys of an entry: wafpass's three, then irready's scope.
const KEYS: [&str; 7] = [
    "id", "reason", "expires", "check", "resource", "root", "file",
];

/// Parses the text of a risk-acceptance file (`display` names it in positions): the
/// valid waivers, and a diagnostic for every invalid entry or value.
pub fn parse(text: &str, display: &Arc<str>) -> (Vec<Waiver>, Vec<Diagnostic>) {
    if crate::ir::config::is_blank_yaml(text) {
        return (Vec::new(), Vec::new());
    }
    let raw: RawFile = match crate::yaml::from_str(text, display) {
        Ok(r) => r,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let at = |l: &serde_saphyr::Location| {
        Location::new(
            display.clone(),
            (l.line() as u32).max(1),
            (l.column() as u32).max(1),
        )
    };
    let mut waivers = Vec::new();
    let mut diags = Vec::new();
    let entries = raw.waivers.into_iter().chain(raw.skips).flatten();
    for entry in entries {
        let here = at(&entry.referenced);
        let mut fields: [Option<Spanned<String>>; 7] = Default::default();
        let mut broken = false;
        for (key, value) in entry.value.0 {
            match KEYS.iter().position(|k| *k == key.value) {
                Some(i) => fields[i] = Some(value),
                None => {
                    diags.push(Diagnostic::new(
                        at(&key.referenced),
                        format!(
                            "unknown key `{}`: expected one of {}",
                            key.value,
                            KEYS.join(", ")
                        ),
                    ));
                    broken = true;
                }
            }
        }
        let [id, reason, expires, check, resource, root, file] = fields;
        let mut text_of = |s: Option<Spanned<String>>, key: &str| -> Option<(String, Location)> {
            let s = s?;
            let loc = at(&s.referenced);
            let v = s.value.trim().to_string();
            if v.is_empty() {
                diags.push(Diagnostic::new(
                    loc,
                    format!("empty `{key}`: expected a value or no `{key}:` key"),
                ));
                broken = true;
                return None;
            }
            Some((v, loc))
        };
        let id = text_of(id, "id");
        let reason = text_of(reason, "reason");
        let expires = text_of(expires, "expires");
        let check = text_of(check, "check");
        let resource = text_of(resource, "resource");
        let root = text_of(root, "root");
        let file = text_of(file, "file");
        let Some((id, _)) = id else {
            diags.push(Diagnostic::new(
                here,
                "waiver without an id: expected `id:` (a control id such as WAF-REL-060, or \
                 the waiver's name when `check:` is given)",
            ));
            continue;
        };
        let Some((reason, _)) = reason else {
            diags.push(Diagnostic::new(
                here,
                format!(
                    "waiver {id} has no reason: expected `reason:` saying why the risk is accepted"
                ),
            ));
            continue;
        };
        let expires = match expires {
            None => None,
            Some((v, loc)) => match v.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    diags.push(Diagnostic::new(
                        loc,
                        format!("waiver {id}: expires `{v}` is not a date: expected YYYY-MM-DD"),
                    ));
                    continue;
                }
            },
        };
        if broken {
            continue;
        }
        waivers.push(Waiver {
            id,
            reason,
            expires,
            check: check.map(|(v, _)| Pattern::new(&v, true)),
            resource: resource.map(|(v, _)| Pattern::new(&v, false)),
            root: root.map(|(v, _)| Pattern::new(&v, false)),
            file: file.map(|(v, _)| Pattern::new(&v, false)),
            location: here,
        });
    }
    (waivers, diags)
}

/// One `# irready:ignore <check-id> <reason> [exp:YYYY-MM-DD]` comment on a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineWaiver {
    /// The check ids it waives (`*` glob, case-insensitive).
    pub check: Pattern,
    /// Why (required).
    pub reason: String,
    /// The last day it holds (`exp:`); `None` never expires.
    pub expires: Option<Date>,
    /// The block's keyword: where the finding's resource is declared.
    pub location: Location,
}

const INLINE_USAGE: &str = "expected `# irready:ignore <check-id> <reason>`";

/// Parses the text after `irready:ignore` of a comment on the block at `at`.
pub fn parse_inline(text: &str, at: &Location) -> Result<InlineWaiver, Diagnostic> {
    let mut words = text.split_whitespace();
    let Some(check) = words.next() else {
        return Err(Diagnostic::new(
            at.clone(),
            format!("irready:ignore without a check id: {INLINE_USAGE}"),
        ));
    };
    let mut reason = Vec::new();
    let mut expires = None;
    for w in words {
        match w.strip_prefix("exp:") {
            Some(date) => match date.parse::<Date>() {
                Ok(d) => expires = Some(d),
                Err(_) => {
                    return Err(Diagnostic::new(
                        at.clone(),
                        format!(
                            "irready:ignore {check}: `{w}` is not an expiry date: expected exp:YYYY-MM-DD"
                        ),
                    ));
                }
            },
            None => reason.push(w),
        }
    }
    if reason.is_empty() {
        return Err(Diagnostic::new(
            at.clone(),
            format!("irready:ignore without a reason: {INLINE_USAGE}"),
        ));
    }
    Ok(InlineWaiver {
        check: Pattern::new(check, true),
        reason: reason.join(" "),
        expires,
        location: at.clone(),
    })
}

/// What applying one root's inline waivers produced besides the waived findings.
#[derive(Debug, Default)]
pub struct InlineOutcome {
    /// Comments without a reason or with a bad date (exit 2).
    pub diagnostics: Vec<Diagnostic>,
    /// Expired inline waivers whose findings are back, and ones that match nothing.
    pub notes: Vec<String>,
}

/// Applies the `irready:ignore` comments of one root module's resources to that root's
/// findings: a comment waives the FAIL and SKIP findings of the checks it names whose
/// resource is the commented block's resource (every `count`/`for_each` instance, every
/// module instance).
pub fn apply_inline(
    config: &Configuration,
    findings: &mut [Finding],
    as_of: Date,
) -> InlineOutcome {
    let mut out = InlineOutcome::default();
    // A module's block is one comment however many instances it has: key by position.
    let mut parsed: BTreeMap<(Location, &str), Option<usize>> = BTreeMap::new();
    let mut waivers: Vec<(InlineWaiver, usize)> = Vec::new();
    let mut by_address: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for r in &config.resources {
        for text in &r.ignore_comments {
            let key = (r.location.clone(), text.as_str());
            let slot = parsed
                .entry(key)
                .or_insert_with(|| match parse_inline(text, &r.location) {
                    Ok(w) => {
                        waivers.push((w, 0));
                        Some(waivers.len() - 1)
                    }
                    Err(d) => {
                        out.diagnostics.push(d);
                        None
                    }
                });
            if let Some(i) = *slot {
                by_address.entry(r.address.as_str()).or_default().push(i);
            }
        }
    }
    if waivers.is_empty() {
        return out;
    }
    for f in findings.iter_mut() {
        if !waivable(f.status) && f.status != Status::Waived {
            continue;
        }
        let Some(candidates) = by_address.get(f.resource.as_str()) else {
            continue;
        };
        let hits: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| waivers[i].0.check.matches(&f.check_id))
            .collect();
        for &i in &hits {
            waivers[i].1 += 1;
        }
        if f.status == Status::Waived {
            continue;
        }
        let active = hits
            .iter()
            .map(|&i| &waivers[i].0)
            .find(|w| !expired(w.expires, as_of));
        if let Some(w) = active {
            f.status = Status::Waived;
            f.message = format!(
                "waived inline at {}:{} until {}: {} — {}",
                w.location.file,
                w.location.line,
                until(w.expires),
                w.reason,
                f.message
            );
        } else if let Some(w) = hits.first().map(|&i| &waivers[i].0)
            && let Some(date) = w.expires
        {
            f.message = format!(
                "{} (inline waiver at {}:{} expired on {date})",
                f.message, w.location.file, w.location.line
            );
        }
    }
    for (w, n) in &waivers {
        let at = &w.location;
        let check = w.check.as_str();
        let root = &config.root;
        match (w.expires.filter(|_| expired(w.expires, as_of)), n) {
            (Some(date), 0) => out.notes.push(format!(
                "{at}: irready:ignore {check} expired on {date} and matches no finding (root {root})"
            )),
            (Some(date), n) => out.notes.push(format!(
                "{at}: irready:ignore {check} expired on {date}: {n} finding(s) no longer waived (root {root})"
            )),
            (None, 0) => out.notes.push(format!(
                "{at}: irready:ignore {check} matches no finding (root {root})"
            )),
            (None, _) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
