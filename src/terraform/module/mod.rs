//! The module tree: which directories are root modules, what each module instance's
//! variables, locals, resources and outputs evaluate to, with `count`/`for_each` expanded
//! into Terraform addresses.
//!
//! Evaluation is lazy and memoised per module instance: a local, a resource's instances or
//! a child module is evaluated the first time something refers to it, so declaration
//! order never matters and reference cycles are detected (their values are unknown). Each
//! root module is evaluated on one thread; roots run in parallel.

use super::ast::{self, Block, Body, Expr, Traverser};
use super::eval::{self, EvalError, NoResolver, Resolver, Scope};
use super::model::{
    ConfigBlock, Configuration, EvalAttribute, EvalBlock, EvalBody, Mode, Resource,
};
use super::parse;
use super::types::{self, Type};
use super::value::{Ref, Value};
use crate::diagnostic::Diagnostic;
use crate::discover::{self, normalize};
use crate::source::{Location, display_path};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

mod ctx;
mod instance;
mod loader;
mod resolve;
mod variables;

use instance::*;
use loader::*;
pub use loader::{MAX_FILE_BYTES, read_text};
pub use variables::read_tfvars;
use variables::*;

/// How deep module calls may nest before irready stops (a module calling itself).
const MAX_MODULE_DEPTH: usize = 32;

/// Options of a Terraform load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--var-file` files, applied to every root module after its own tfvars.
    pub var_files: Vec<PathBuf>,
    /// `--workspace`: the value of `terraform.workspace`. Without it the workspace is
    /// unknown — it is chosen when Terraform runs, and guessing "default" would make
    /// `count = terraform.workspace == "production" ? 1 : 0` silently drop alarms.
    pub workspace: Option<String>,
}

/// Evaluates every root module under `scan_root`.
pub fn evaluate_tree(
    scan_root: &Path,
    options: &LoadOptions,
) -> (Vec<Configuration>, Vec<Diagnostic>) {
    let found = discover::discover(scan_root);
    evaluate_discovered(scan_root, &found, options)
}

/// Evaluates the root modules among already discovered Terraform directories.
pub fn evaluate_discovered(
    scan_root: &Path,
    found: &discover::Discovered,
    options: &LoadOptions,
) -> (Vec<Configuration>, Vec<Diagnostic>) {
    let (mut configs, diagnostics) = for_each_root(scan_root, found, options, |c| c);
    configs.sort_by(|a, b| a.root.cmp(&b.root));
    (configs, diagnostics)
}

/// Evaluates every root module and hands each `Configuration` to `per_root` as soon as it
/// is complete, on the thread that evaluated it; returns what `per_root` returned (in no
/// particular order) and the diagnostics. Streaming keeps memory bounded: a root's
/// configuration, and its own syntax tree (no other root calls a root), are dropped as
/// soon as `per_root` is done with them.
pub fn for_each_root<R: Send>(
    scan_root: &Path,
    found: &discover::Discovered,
    options: &LoadOptions,
    per_root: impl Fn(Configuration) -> R + Sync + Send,
) -> (Vec<R>, Vec<Diagnostic>) {
    let mut loader = Loader::new(scan_root);
    loader.workspace = options.workspace.clone();
    let dirs: Vec<(&PathBuf, &Vec<PathBuf>)> = found.terraform.iter().collect();
    let parsed: Vec<(PathBuf, Arc<ModuleDef>)> = dirs
        .par_iter()
        .map(|(dir, files)| {
            let key = normalize(dir);
            let def = loader.parse_module(&key, files);
            (key, def)
        })
        .collect();
    // Roots: directories no scanned directory calls as a local module.
    let mut called = BTreeSet::new();
    for (dir, def) in &parsed {
        for call in &def.module_calls {
            if let Some(src) = local_source(def, call) {
                called.insert(normalize(&dir.join(src)));
            }
        }
    }
    let mut roots = Vec::new();
    for (dir, def) in parsed {
        if called.contains(&dir) {
            loader.insert(dir, def);
        } else {
            roots.push((dir, def));
        }
    }
    let var_files: Vec<(PathBuf, String)> = options
        .var_files
        .iter()
        .map(|p| (p.clone(), p.to_string_lossy().replace('\\', "/")))
        .collect();
    let results: Vec<(R, Vec<Diagnostic>)> = roots
        .into_par_iter()
        .map(|(dir, def)| {
            let (config, diags) = evaluate_root(&loader, &dir, def, &var_files);
            (per_root(config), diags)
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = found.diagnostics.clone();
    let mut out = Vec::with_capacity(results.len());
    for (r, d) in results {
        out.push(r);
        diagnostics.extend(d);
    }
    diagnostics.extend(loader.take_diagnostics());
    diagnostics.sort();
    diagnostics.dedup();
    (out, diagnostics)
}
