//! How an alert's runbook link is matched to a runbook of the catalog, shared by
//! `runbook-linked`, `runbook-orphan` and `top-alerts-have-runbooks` so that the three
//! agree on which runbook an alert points at.
//!
//! Teams write runbook links in three ways, and each is accepted for a reason:
//! 1. **A URL under a configured base** (`runbooks.url_bases`): the runbooks are
//!    published (docs site, wiki export) and the pager shows a clickable URL; the rest of
//!    the URL names the catalog file. When the URL is under a configured base, that
//!    mapping is authoritative: a rest that names no runbook is a broken link (a 404 for
//!    whoever is paged), even if some runbook happens to carry the same name elsewhere.
//! 2. **A relative path** (no scheme): the runbooks are read in the repository itself
//!    (GitHub renders Markdown). It is taken relative to the scanned root, to the catalog
//!    folder, or to the folder of the Terraform file that holds the alert (how Markdown
//!    links are usually written); `./` and `..` are normalised and `.md` may be left out.
//!    A path that names no runbook is a broken link.
//! 3. **The link's last segment is an alert id or a runbook's file name**: for URLs whose
//!    site irready cannot map (no base configured for it: a wiki, a Confluence page) and
//!    for bare names, the last segment (without extension, query or fragment) identifies
//!    the runbook when exactly one runbook lists it in `alert_ids` or has it as its slug.
//!    Two candidates are ambiguous: a guess would let the check pass on the wrong runbook.

use crate::checks::ir::DocumentContext;
use crate::ir::alert::Alert;
use crate::ir::runbook::{Runbook, RunbookCatalog};

/// Extensions a link may carry for a Markdown runbook or its rendered page.
const EXTENSIONS: [&str; 4] = [".md", ".markdown", ".html", ".htm"];

/// Which of the accepted forms matched a link (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkForm {
    /// A URL under one of `runbooks.url_bases`.
    UrlBase,
    /// A path relative to the scanned root, the catalog folder or the alert's file.
    RelativePath,
    /// The last segment is one of the runbook's alert ids or its file name.
    LastSegment,
}

impl LinkForm {
    /// How the form reads in a message ("through the configured URL base").
    pub fn describe(self) -> &'static str {
        match self {
            LinkForm::UrlBase => "through the configured URL base",
            LinkForm::RelativePath => "as a relative path",
            LinkForm::LastSegment => "by its alert id or file name",
        }
    }
}

/// What a runbook link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// Exactly one runbook, and the form that matched.
    Found(&'a Runbook, LinkForm),
    /// No runbook; says why in words that complete "resolves to no runbook: ...".
    Unresolved(String),
    /// The last segment names several runbooks; picking one would be a guess.
    Ambiguous {
        segment: String,
        candidates: Vec<&'a Runbook>,
    },
}

impl<'a> Resolution<'a> {
    /// The runbook, when the link resolves to exactly one.
    pub fn runbook(&self) -> Option<&'a Runbook> {
        match self {
            Resolution::Found(r, _) => Some(r),
            _ => None,
        }
    }
}

/// Resolves a runbook link against the catalog (see the module documentation for the
/// three forms). `from_file` is the file holding the link (the alert's Terraform file,
/// relative to the scanned root), for relative paths written from there.
pub fn resolve_link<'a>(
    catalog: &'a RunbookCatalog,
    link: &str,
    url_bases: &[String],
    from_file: Option<&str>,
) -> Resolution<'a> {
    let link = link.trim();
    let bare = link.split(['#', '?']).next().unwrap_or(link);
    if bare.is_empty() {
        return Resolution::Unresolved("the link is empty".to_string());
    }
    if has_scheme(bare) {
        if let Some(r) = catalog.resolve_url(link, url_bases) {
            return Resolution::Found(r, LinkForm::UrlBase);
        }
        if let Some(base) = url_bases.iter().find(|b| bare.starts_with(b.as_str())) {
            let rest = bare[base.len()..].trim_matches('/');
            return Resolution::Unresolved(format!(
                "it is under the configured URL base {base}, but no runbook's path or \
                 file name is `{rest}`"
            ));
        }
        return by_last_segment(catalog, bare, "its URL is under no configured URL base");
    }
    // From the root (and the catalog folder), then from the alert's folder.
    let from_dir = from_file
        .and_then(|f| f.rsplit_once('/'))
        .map(|(dir, _)| format!("{dir}/{bare}"));
    let candidates: Vec<String> = [Some(bare.to_string()), from_dir]
        .into_iter()
        .flatten()
        .filter_map(|p| normalise(&p))
        .collect();
    let Some(path) = candidates.first().cloned() else {
        return Resolution::Unresolved(format!(
            "the relative path `{bare}` leaves the scanned repository"
        ));
    };
    for candidate in &candidates {
        let wanted = strip_extension(candidate);
        let found = catalog.runbooks.iter().find(|r| {
            strip_extension(&r.path) == wanted || strip_extension(&r.catalog_path) == wanted
        });
        if let Some(r) = found {
            return Resolution::Found(r, LinkForm::RelativePath);
        }
    }
    if path.contains('/') {
        return Resolution::Unresolved(format!(
            "no runbook is at the relative path `{path}` (from the scanned root, the \
             catalog folder or the alert's folder)"
        ));
    }
    by_last_segment(catalog, &path, "no runbook file has that path")
}

/// The runbook an alert's link points at, when the alert can be read and links one.
pub fn runbook_of_alert<'a>(cx: &DocumentContext<'a>, alert: &Alert) -> Option<&'a Runbook> {
    let link = alert.meta.as_ref().ok()?.runbook.as_deref()?;
    let docs = cx.documents;
    resolve_link(
        &docs.runbooks,
        link,
        &docs.config.runbooks.url_bases,
        Some(&*alert.location.file),
    )
    .runbook()
}

/// The runbook catalog folder as configured, relative to the scanned root, with forward
/// slashes: what messages name when a link cannot be verified.
pub fn catalog_display(cx: &DocumentContext<'_>) -> String {
    let shown = cx
        .documents
        .config
        .paths
        .runbooks
        .to_string_lossy()
        .replace('\\', "/");
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    shown.trim_end_matches('/').to_string()
}

/// Form 3: the last segment as an alert id or a slug, when exactly one runbook has it.
fn by_last_segment<'a>(
    catalog: &'a RunbookCatalog,
    path: &str,
    why_not_path: &str,
) -> Resolution<'a> {
    let segment = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .map(strip_extension)
        .unwrap_or_default()
        .to_string();
    if segment.is_empty() {
        return Resolution::Unresolved(format!(
            "{why_not_path}, and it has no last segment to match an alert id or file name"
        ));
    }
    let candidates: Vec<&Runbook> = catalog
        .runbooks
        .iter()
        .filter(|r| r.slug == segment || r.alert_ids.contains(&segment))
        .collect();
    match candidates.as_slice() {
        [] => Resolution::Unresolved(format!(
            "{why_not_path}, and no runbook has `{segment}` as an alert id or file name"
        )),
        [one] => Resolution::Found(one, LinkForm::LastSegment),
        _ => Resolution::Ambiguous {
            segment,
            candidates,
        },
    }
}

/// Whether a link starts with a URL scheme (`https://`, `confluence://`), which makes it
/// a URL rather than a path.
fn has_scheme(link: &str) -> bool {
    match link.split_once("://") {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A relative path with `\` as `/`, without a leading `/`, and with `.` and `..` segments
/// applied; `None` when `..` climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let path = path.replace('\\', "/");
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// The path without its last segment's Markdown or HTML extension.
fn strip_extension(path: &str) -> &str {
    EXTENSIONS
        .iter()
        .find_map(|ext| path.strip_suffix(ext))
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::runbook::parse_runbook;

    fn catalog() -> RunbookCatalog {
        let runbook = |path: &str, text: &str| {
            let catalog_path = path.strip_prefix("incident-response/runbooks/").unwrap();
            parse_runbook(text, path.into(), catalog_path).0
        };
        RunbookCatalog {
            runbooks: vec![
                runbook(
                    "incident-response/runbooks/payment-api-errors.md",
                    "---\nalert_ids: [payment-api-5xx]\n---\n",
                ),
                runbook(
                    "incident-response/runbooks/payments/db-cpu.md",
                    "**Alert ID:** payment-db-cpu\n",
                ),
                runbook("incident-response/runbooks/search/db-cpu.md", "# x\n"),
            ],
        }
    }

    fn found(r: Resolution<'_>) -> (String, LinkForm) {
        match r {
            Resolution::Found(r, form) => (r.path.to_string(), form),
            other => panic!("not found: {other:?}"),
        }
    }

    const BASES: &[&str] = &["https://runbooks.example.com/"];

    fn bases() -> Vec<String> {
        BASES.iter().map(|b| b.to_string()).collect()
    }

    #[test]
    fn a_url_under_a_configured_base_names_a_catalog_path_or_slug() {
        let c = catalog();
        let r = resolve_link(
            &c,
            "https://runbooks.example.com/payment-api-errors",
            &bases(),
            None,
        );
        assert_eq!(
            found(r),
            (
                "incident-response/runbooks/payment-api-errors.md".into(),
                LinkForm::UrlBase
            )
        );
        let r = resolve_link(
            &c,
            "https://runbooks.example.com/payments/db-cpu.html#steps",
            &bases(),
            None,
        );
        assert_eq!(found(r).0, "incident-response/runbooks/payments/db-cpu.md");
    }

    #[test]
    fn a_url_under_a_base_that_names_nothing_is_broken_even_if_a_slug_matches_elsewhere() {
        let c = catalog();
        let r = resolve_link(
            &c,
            "https://runbooks.example.com/old/payment-api-errors",
            &bases(),
            None,
        );
        match r {
            Resolution::Unresolved(why) => assert!(why.contains("old/payment-api-errors"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn relative_paths_from_the_root_the_catalog_or_the_alerts_folder() {
        let c = catalog();
        for link in [
            "./incident-response/runbooks/payment-api-errors.md",
            "/incident-response/runbooks/payment-api-errors",
            "payment-api-errors.md",
            "incident-response/./runbooks/payment-api-errors.md?plain=1",
        ] {
            let (path, form) = found(resolve_link(&c, link, &[], None));
            assert_eq!(
                path, "incident-response/runbooks/payment-api-errors.md",
                "{link}"
            );
            assert_eq!(form, LinkForm::RelativePath, "{link}");
        }
        let (path, _) = found(resolve_link(
            &c,
            "../../incident-response/runbooks/payments/db-cpu.md",
            &[],
            Some("infra/prod/alarms.tf"),
        ));
        assert_eq!(path, "incident-response/runbooks/payments/db-cpu.md");
        assert!(matches!(
            resolve_link(&c, "docs/runbooks/payment-api-errors.md", &[], None),
            Resolution::Unresolved(_)
        ));
        assert!(matches!(
            resolve_link(&c, "../../../x.md", &[], Some("a/b.tf")),
            Resolution::Unresolved(_)
        ));
    }

    #[test]
    fn the_last_segment_as_alert_id_or_slug_when_exactly_one_runbook_has_it() {
        let c = catalog();
        let r = resolve_link(
            &c,
            "https://wiki.example.com/display/OPS/payment-api-5xx",
            &bases(),
            None,
        );
        assert_eq!(
            found(r),
            (
                "incident-response/runbooks/payment-api-errors.md".into(),
                LinkForm::LastSegment
            )
        );
        let r = resolve_link(&c, "payment-db-cpu", &[], None);
        assert_eq!(found(r).0, "incident-response/runbooks/payments/db-cpu.md");
        // Two runbooks are called db-cpu: a guess would be wrong half the time.
        match resolve_link(&c, "https://wiki.example.com/db-cpu", &[], None) {
            Resolution::Ambiguous {
                segment,
                candidates,
            } => {
                assert_eq!(segment, "db-cpu");
                assert_eq!(candidates.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve_link(&c, "https://wiki.example.com/nothing", &[], None),
            Resolution::Unresolved(_)
        ));
    }

    #[test]
    fn schemes_are_told_from_paths() {
        assert!(has_scheme("https://x/y"));
        assert!(has_scheme("git+ssh://x"));
        assert!(!has_scheme("runbooks/x.md"));
        assert!(!has_scheme("://x"));
        assert!(!has_scheme("a b://x"));
        assert_eq!(normalise("./a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalise("../a"), None);
    }
}
