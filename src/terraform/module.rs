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

/// Parses modules once and shares them between roots and threads.
struct Loader {
    scan_root: PathBuf,
    /// The value of `terraform.workspace`, when given.
    workspace: Option<String>,
    modules: Mutex<HashMap<PathBuf, Arc<ModuleDef>>>,
    diagnostics: Mutex<Vec<Diagnostic>>,
}

impl Loader {
    fn new(scan_root: &Path) -> Self {
        Loader {
            scan_root: scan_root.to_path_buf(),
            workspace: None,
            modules: Mutex::new(HashMap::new()),
            diagnostics: Mutex::new(Vec::new()),
        }
    }

    fn display(&self, path: &Path) -> String {
        display_path(&normalize(&self.scan_root), &normalize(path))
    }

    fn insert(&self, dir: PathBuf, def: Arc<ModuleDef>) {
        if let Ok(mut m) = self.modules.lock() {
            m.insert(dir, def);
        }
    }

    fn take_diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .lock()
            .map(|mut d| std::mem::take(&mut *d))
            .unwrap_or_default()
    }

    /// The module in `dir` (normalized), parsed on first use; `None` if it has no `.tf`.
    fn module(&self, dir: &Path) -> Option<Arc<ModuleDef>> {
        if let Some(def) = self.modules.lock().ok()?.get(dir) {
            return Some(def.clone());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && discover::is_terraform_file(p))
            .collect();
        if files.is_empty() {
            return None;
        }
        files.sort();
        let def = self.parse_module(dir, &files);
        self.insert(dir.to_path_buf(), def.clone());
        Some(def)
    }

    fn parse_module(&self, dir: &Path, files: &[PathBuf]) -> Arc<ModuleDef> {
        let mut parsed = Vec::new();
        let mut diags = Vec::new();
        for f in files {
            let display: Arc<str> = self.display(f).into();
            match read_text(f, &display) {
                Ok(text) => match parse::parse_file(display.clone(), &text) {
                    Ok(file) => parsed.push(file),
                    Err(d) => diags.push(d),
                },
                Err(d) => diags.push(d),
            }
        }
        if let Ok(mut all) = self.diagnostics.lock() {
            all.extend(diags);
        }
        let mut dups = Vec::new();
        let def = ModuleDef::new(dir.to_path_buf(), self.display(dir), parsed, &mut dups);
        if let Ok(mut all) = self.diagnostics.lock() {
            all.extend(dups);
        }
        Arc::new(def)
    }
}

/// Largest file irready reads; larger ones are reported, not parsed.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a text file, turning I/O problems, size and invalid UTF-8 into diagnostics.
pub fn read_text(path: &Path, display: &Arc<str>) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::file(display.clone(), format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            display.clone(),
            format!(
                "file is {} bytes, more than the {} bytes irready reads; not checked",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(display.clone(), format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = &e.as_bytes()[..valid];
        let line = prefix.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let col = String::from_utf8_lossy(
            &prefix[prefix
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)..],
        )
        .chars()
        .count() as u32
            + 1;
        Diagnostic::new(
            Location::new(display.clone(), line, col),
            "invalid UTF-8: expected UTF-8 encoded text",
        )
    })
}

/// Where a block is: file index and block index in that file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct BlockId {
    file: usize,
    block: usize,
}

/// One module's parsed files, indexed by what they declare.
struct ModuleDef {
    dir: PathBuf,
    /// The directory as displayed (relative to the scanned root).
    display_dir: String,
    files: Vec<ast::File>,
    variables: BTreeMap<String, BlockId>,
    /// Local name → (file, locals block, attribute index).
    locals: BTreeMap<String, (usize, usize, usize)>,
    /// (mode, type, name) → block.
    resources: BTreeMap<(Mode, String, String), BlockId>,
    module_calls: Vec<BlockId>,
    module_by_name: BTreeMap<String, BlockId>,
    outputs: BTreeMap<String, BlockId>,
    /// provider, terraform, variable, output, module blocks for control scopes.
    other: Vec<BlockId>,
}

impl ModuleDef {
    /// Indexes a module's files. Declarations Terraform rejects as duplicates (two
    /// `resource "aws_x" "y"`, two `variable "v"`, a local declared twice...) are
    /// diagnostics at the second one; the first is used.
    fn new(
        dir: PathBuf,
        display_dir: String,
        files: Vec<ast::File>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut def = ModuleDef {
            dir,
            display_dir,
            files: Vec::new(),
            variables: BTreeMap::new(),
            locals: BTreeMap::new(),
            resources: BTreeMap::new(),
            module_calls: Vec::new(),
            module_by_name: BTreeMap::new(),
            outputs: BTreeMap::new(),
            other: Vec::new(),
        };
        let mut first_seen: BTreeMap<String, Location> = BTreeMap::new();
        let mut declare = |what: String, at: &Location| {
            if let Some(first) = first_seen.get(&what) {
                diagnostics.push(Diagnostic::new(
                    at.clone(),
                    format!("duplicate {what}: already declared at {first}; expected each name once per module"),
                ));
                false
            } else {
                first_seen.insert(what, at.clone());
                true
            }
        };
        for (fi, file) in files.iter().enumerate() {
            for (bi, block) in file.body.blocks.iter().enumerate() {
                let id = BlockId {
                    file: fi,
                    block: bi,
                };
                let label = |i: usize| block.labels.get(i).cloned();
                let at = &block.location;
                match block.kind.as_str() {
                    "resource" | "data" => {
                        if let (Some(t), Some(n)) = (label(0), label(1)) {
                            let mode = if block.kind == "data" {
                                Mode::Data
                            } else {
                                Mode::Managed
                            };
                            let what = format!(
                                "{}{t}.{n}",
                                if mode == Mode::Data {
                                    "data."
                                } else {
                                    "resource "
                                }
                            );
                            if declare(what, at) {
                                def.resources.insert((mode, t, n), id);
                            }
                        }
                    }
                    "variable" => {
                        if let Some(n) = label(0)
                            && declare(format!("variable {n:?}"), at)
                        {
                            def.variables.insert(n, id);
                        }
                        def.other.push(id);
                    }
                    "locals" => {
                        for (ai, attr) in block.body.attributes.iter().enumerate() {
                            if declare(format!("local.{}", attr.name), &attr.location) {
                                def.locals.insert(attr.name.clone(), (fi, bi, ai));
                            }
                        }
                    }
                    "module" => {
                        if let Some(n) = label(0)
                            && declare(format!("module.{n}"), at)
                        {
                            def.module_by_name.insert(n, id);
                            def.module_calls.push(id);
                            def.other.push(id);
                        }
                    }
                    "output" => {
                        if let Some(n) = label(0)
                            && declare(format!("output {n:?}"), at)
                        {
                            def.outputs.insert(n, id);
                        }
                        def.other.push(id);
                    }
                    "provider" | "terraform" => def.other.push(id),
                    _ => {}
                }
            }
        }
        def.files = files;
        def
    }

    fn block(&self, id: BlockId) -> &Block {
        &self.files[id.file].body.blocks[id.block]
    }
}

/// The literal `source` of a module call when it is a local path.
fn local_source<'a>(def: &'a ModuleDef, call: &BlockId) -> Option<&'a str> {
    match &def.block(*call).body.attribute("source")?.expr {
        Expr::String(s) if s.starts_with("./") || s.starts_with("../") || s == "." || s == ".." => {
            Some(s)
        }
        _ => None,
    }
}

/// How many instances a block has.
#[derive(Debug, Clone)]
enum Expansion {
    Single,
    /// Instance keys with their `count`/`each` bindings.
    Keys(Vec<(InstanceKey, Vec<(String, Value)>)>),
    /// `count`/`for_each` is unknown: one stand-in instance `[*]`.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq)]
enum InstanceKey {
    Index(usize),
    Key(String),
}

impl InstanceKey {
    fn suffix(&self) -> String {
        match self {
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", quote(k)),
        }
    }
}

/// A for_each key as Terraform writes it in addresses: `"payments"`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // HCL quoting, as Terraform prints keys: `${` and `%{` would start a template.
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lazily computed slot, with cycle detection.
#[derive(Debug, Clone)]
enum Slot<T> {
    InProgress,
    Done(T),
}

/// One instance of a module: the root, or `module.x["k"]` with its inputs.
struct Instance {
    def: Arc<ModuleDef>,
    /// `module.a["x"].module.b`; empty for the root.
    path: String,
    inputs: BTreeMap<String, Value>,
    depth: usize,
    /// Set when this instance (or an ancestor) stands for an unknown number of instances.
    uncertain: Option<String>,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    expansions: RefCell<HashMap<BlockId, Slot<Rc<Expansion>>>>,
    children: RefCell<HashMap<BlockId, Rc<ChildCall>>>,
    outputs: RefCell<HashMap<String, Slot<Value>>>,
}

/// A module call's evaluated instances.
enum ChildCall {
    Local {
        expansion: Rc<Expansion>,
        /// Parallel to the expansion's keys (one entry for `Single`/`Unknown`).
        instances: Vec<usize>,
    },
    /// A registry, git or other remote source, or a local one that cannot be loaded.
    Opaque(String),
}

/// Where a resource instance is, so references to it can read its configuration.
#[derive(Clone)]
struct ResourceSlot {
    instance: usize,
    block: BlockId,
    bindings: Vec<(String, Value)>,
}

/// The evaluation state of one root module and everything it calls.
struct Tree<'l> {
    loader: &'l Loader,
    instances: RefCell<Vec<Rc<Instance>>>,
    resources: RefCell<HashMap<String, ResourceSlot>>,
    /// Resource attributes being evaluated through a reference (cycle guard).
    attr_in_progress: RefCell<BTreeSet<(String, String)>>,
    /// Module calls whose instances are being created (cycle guard): (instance, call).
    calls_in_progress: RefCell<BTreeSet<(usize, BlockId)>>,
    /// How many named values (locals, outputs, module calls, referenced attributes) are
    /// being evaluated inside each other: bounded so that a long chain cannot exhaust
    /// the stack.
    depth: std::cell::Cell<usize>,
    warnings: RefCell<Vec<Diagnostic>>,
}

/// Expression evaluations allowed for one root module: generous (a root of a thousand
/// resources needs some tens of thousands) and finite (about a second of work).
const EVAL_STEPS_PER_ROOT: u64 = 5_000_000;

/// The longest chain of named values evaluated inside each other.
const MAX_REFERENCE_DEPTH: usize = 128;

impl<'l> Tree<'l> {
    /// Runs `f` one level deeper, or gives an unknown when the chain is too long.
    fn deeper<T>(
        &self,
        what: &str,
        f: impl FnOnce() -> T,
        too_deep: impl FnOnce(String) -> T,
    ) -> T {
        let d = self.depth.get();
        if d >= MAX_REFERENCE_DEPTH {
            return too_deep(format!(
                "{what} sits at the end of a chain of more than {MAX_REFERENCE_DEPTH} references; not evaluated"
            ));
        }
        self.depth.set(d + 1);
        let out = f();
        self.depth.set(d);
        out
    }

    fn instance(&self, i: usize) -> Rc<Instance> {
        self.instances.borrow()[i].clone()
    }

    fn add_instance(&self, inst: Instance) -> usize {
        let mut v = self.instances.borrow_mut();
        v.push(Rc::new(inst));
        v.len() - 1
    }

    fn warn(&self, location: &Location, message: String) {
        self.warnings
            .borrow_mut()
            .push(Diagnostic::new(location.clone(), message));
    }
}

/// A resolver bound to one module instance of a tree.
struct Ctx<'t, 'l> {
    tree: &'t Tree<'l>,
    inst: usize,
}

fn evaluate_root(
    loader: &Loader,
    dir: &Path,
    def: Arc<ModuleDef>,
    var_files: &[(PathBuf, String)],
) -> (Configuration, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let given = root_variable_values(loader, dir, var_files, &mut diagnostics);
    let tree = Tree {
        loader,
        instances: RefCell::new(Vec::new()),
        resources: RefCell::new(HashMap::new()),
        attr_in_progress: RefCell::new(BTreeSet::new()),
        calls_in_progress: RefCell::new(BTreeSet::new()),
        depth: std::cell::Cell::new(0),
        warnings: RefCell::new(Vec::new()),
    };
    let inputs = bind_variables(
        &def,
        given,
        "not set in any tfvars file or --var-file",
        &tree,
    );
    let root = tree.add_instance(Instance::new(
        def.clone(),
        String::new(),
        inputs.clone(),
        0,
        None,
    ));
    let mut config = Configuration {
        root: def.display_dir.clone(),
        variables: inputs,
        ..Configuration::default()
    };
    eval::with_budget(EVAL_STEPS_PER_ROOT, || collect(&tree, root, &mut config));
    config.warnings = tree.warnings.take();
    config.warnings.sort();
    config.warnings.dedup();
    config.index();
    (config, diagnostics)
}

impl Instance {
    fn new(
        def: Arc<ModuleDef>,
        path: String,
        inputs: BTreeMap<String, Value>,
        depth: usize,
        uncertain: Option<String>,
    ) -> Self {
        Instance {
            def,
            path,
            inputs,
            depth,
            uncertain,
            locals: RefCell::new(HashMap::new()),
            expansions: RefCell::new(HashMap::new()),
            children: RefCell::new(HashMap::new()),
            outputs: RefCell::new(HashMap::new()),
        }
    }

    fn prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}.", self.path)
        }
    }
}

/// Values given to a root module: `terraform.tfvars`, `*.auto.tfvars` (alphabetical),
/// their `.json` forms, then `--var-file`s, later ones winning.
fn root_variable_values(
    loader: &Loader,
    dir: &Path,
    var_files: &[(PathBuf, String)],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Value> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = dir.join(name);
        if p.is_file() {
            files.push((p.clone(), loader.display(&p)));
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    p.is_file() && (n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
                })
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto.into_iter().map(|p| {
        let d = loader.display(&p);
        (p, d)
    }));
    files.extend(var_files.iter().cloned());
    let mut values = BTreeMap::new();
    for (path, display) in files {
        match read_tfvars(&path, display.into()) {
            Ok(v) => values.extend(v),
            Err(d) => diagnostics.push(d),
        }
    }
    values
}

/// Reads a tfvars file (HCL or JSON) into variable values.
pub fn read_tfvars(path: &Path, display: Arc<str>) -> Result<BTreeMap<String, Value>, Diagnostic> {
    let text = read_text(path, &display)?;
    if display.ends_with(".json") {
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Diagnostic::new(
                Location::new(display.clone(), e.line() as u32, e.column() as u32),
                format!("invalid JSON: {e}"),
            )
        })?;
        let serde_json::Value::Object(map) = json else {
            return Err(Diagnostic::file(
                display,
                "a .tfvars.json file must hold one JSON object",
            ));
        };
        return Ok(map
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json(v)))
            .collect());
    }
    let file = parse::parse_hcl(display.clone(), &text)?;
    if let Some(b) = file.body.blocks.first() {
        return Err(Diagnostic::new(
            b.location.clone(),
            format!(
                "expected `name = value` assignments in a tfvars file, found a `{}` block",
                b.kind
            ),
        ));
    }
    let mut out = BTreeMap::new();
    for attr in &file.body.attributes {
        let v = eval::eval(&attr.expr, &NoResolver, &mut Scope::new()).map_err(|e| {
            Diagnostic::new(
                attr.location.clone(),
                format!("invalid value for {}: {e}", attr.name),
            )
        })?;
        out.insert(attr.name.clone(), v);
    }
    Ok(out)
}

/// Resolves a module's variables from the given values: converted to the declared type,
/// `null` or absent meaning the default, unknown when there is neither.
fn bind_variables(
    def: &ModuleDef,
    mut given: BTreeMap<String, Value>,
    unset_why: &str,
    tree: &Tree,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (name, id) in &def.variables {
        let block = def.block(*id);
        let ty = block
            .body
            .attribute("type")
            .map(|a| types::parse_type(&a.expr))
            .unwrap_or(Type::Any);
        let default = block.body.attribute("default").map(|a| {
            eval::eval(&a.expr, &NoResolver, &mut Scope::new())
                .unwrap_or_else(|e| Value::unknown(e.0))
        });
        let nullable = !matches!(
            block.body.attribute("nullable").map(|a| &a.expr),
            Some(Expr::Bool(false))
        );
        // As Terraform (since `nullable` exists): an explicit null is a value and
        // overrides the default, unless the variable says `nullable = false`.
        let value = match given.remove(name) {
            Some(Value::Null) if nullable => Value::Null,
            Some(v) if !v.is_null() => v,
            _ => match &default {
                Some(d) => d.clone(),
                None => Value::unknown(format!("var.{name} has no value: no default, {unset_why}")),
            },
        };
        let value = match types::convert(value.clone(), &ty) {
            Ok(v) => v,
            Err(m) => {
                tree.warn(&block.location, format!("var.{name}: {m}"));
                value
            }
        };
        out.insert(name.clone(), value);
    }
    out
}

/// Evaluates everything in an instance into the configuration, recursing into children.
fn collect(tree: &Tree, inst_idx: usize, config: &mut Configuration) {
    let inst = tree.instance(inst_idx);
    let cx = Ctx {
        tree,
        inst: inst_idx,
    };
    for ((mode, kind, name), id) in &inst.def.resources {
        let block = inst.def.block(*id);
        let base = match mode {
            Mode::Managed => format!("{}{kind}.{name}", inst.prefix()),
            Mode::Data => format!("{}data.{kind}.{name}", inst.prefix()),
        };
        let expansion = cx.expansion(*id);
        for (suffix, bindings, unknown) in instances_of(&expansion) {
            let address = format!("{base}{suffix}");
            let mut scope = Scope::with(bindings);
            let body = cx.eval_body(&block.body, &mut scope, true);
            config.resources.push(Resource {
                address,
                mode: *mode,
                kind: kind.clone(),
                name: name.clone(),
                module_path: inst.path.clone(),
                location: block.location.clone(),
                body,
                ignore_comments: block.ignore_comments.clone(),
                expansion_unknown: unknown.or_else(|| inst.uncertain.clone()),
            });
        }
    }
    for id in &inst.def.other {
        let block = inst.def.block(*id);
        // A `terraform` block is about the module's code, not an instance: a module called
        // five times has one `required_providers`, reported once.
        if block.kind == "terraform"
            && config
                .other_blocks
                .iter()
                .any(|b| b.kind == "terraform" && b.location == block.location)
        {
            continue;
        }
        let body = match block.kind.as_str() {
            // A variable's `type` is a type expression, not a value: show the resolved value.
            "variable" => {
                let mut b = cx.eval_body_filtered(&block.body, &mut Scope::new(), &["type"]);
                if let Some(name) = block.labels.first()
                    && let Some(v) = inst.inputs.get(name)
                {
                    b.attributes.insert(
                        "value".into(),
                        EvalAttribute {
                            value: v.clone(),
                            location: block.location.clone(),
                        },
                    );
                }
                b
            }
            "module" => {
                // One block per instance of the call, with its `each`/`count`.
                let name = block.labels.first().cloned().unwrap_or_default();
                for (suffix, bindings, _) in instances_of(&cx.expansion(*id)) {
                    let body =
                        cx.eval_body_filtered(&block.body, &mut Scope::with(bindings), MODULE_META);
                    config.other_blocks.push(ConfigBlock {
                        kind: block.kind.clone(),
                        labels: vec![format!("{name}{suffix}")],
                        module_path: inst.path.clone(),
                        location: block.location.clone(),
                        body,
                    });
                }
                continue;
            }
            // `terraform` settings are not expressions over the configuration
            // (`configuration_aliases = [aws.eu]`, `experiments`): what evaluates is kept,
            // what does not is no warning.
            "terraform" => {
                let before = tree.warnings.borrow().len();
                let b = cx.eval_body(&block.body, &mut Scope::new(), false);
                tree.warnings.borrow_mut().truncate(before);
                b
            }
            _ => cx.eval_body(&block.body, &mut Scope::new(), false),
        };
        config.other_blocks.push(ConfigBlock {
            kind: block.kind.clone(),
            labels: block.labels.clone(),
            module_path: inst.path.clone(),
            location: block.location.clone(),
            body,
        });
    }
    for id in &inst.def.module_calls {
        let call = cx.child_call(*id);
        if let ChildCall::Local { instances, .. } = call.as_ref() {
            for &child in instances {
                collect(tree, child, config);
            }
        }
    }
}

/// (address suffix, bindings, unknown-expansion reason) per instance.
/// One instance of a block: its address suffix (`[0]`, `["k"]`, `[*]`), its `count`/`each`
/// bindings, and why its existence is unknown (for the `[*]` stand-in).
type InstanceOf = (String, Vec<(String, Value)>, Option<String>);

fn instances_of(expansion: &Expansion) -> Vec<InstanceOf> {
    match expansion {
        Expansion::Single => vec![(String::new(), Vec::new(), None)],
        Expansion::Keys(keys) => keys
            .iter()
            .map(|(k, b)| (k.suffix(), b.clone(), None))
            .collect(),
        Expansion::Unknown(reason) => vec![(
            "[*]".to_string(),
            vec![
                (
                    "count".into(),
                    object([("index", Value::unknown(reason.clone()))]),
                ),
                (
                    "each".into(),
                    object([
                        ("key", Value::unknown(reason.clone())),
                        ("value", Value::unknown(reason.clone())),
                    ]),
                ),
            ],
            Some(reason.clone()),
        )],
    }
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// Attributes that configure Terraform itself, not the resource.
const RESOURCE_META: &[&str] = &["count", "for_each", "depends_on", "provider"];
const MODULE_META: &[&str] = &["count", "for_each", "providers", "depends_on"];
const RESOURCE_META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

impl<'t, 'l> Ctx<'t, 'l> {
    fn inst(&self) -> Rc<Instance> {
        self.tree.instance(self.inst)
    }

    fn eval_attr(&self, attr: &ast::Attribute, scope: &mut Scope) -> Value {
        match eval::eval(&attr.expr, self, scope) {
            Ok(v) => v,
            Err(e) => {
                self.tree
                    .warn(&attr.location, format!("{}: {e}", attr.name));
                Value::unknown(format!("{} cannot be evaluated: {e}", attr.name))
            }
        }
    }

    fn eval_body(&self, body: &Body, scope: &mut Scope, resource: bool) -> EvalBody {
        if resource {
            self.eval_body_skipping(body, scope, RESOURCE_META, RESOURCE_META_BLOCKS)
        } else {
            self.eval_body_filtered(body, scope, &[])
        }
    }

    fn eval_body_filtered(&self, body: &Body, scope: &mut Scope, skip: &[&str]) -> EvalBody {
        self.eval_body_skipping(body, scope, skip, &[])
    }

    /// Evaluates a body without the attributes and blocks named (Terraform's own
    /// meta-arguments such as `lifecycle`, whose contents are not values: evaluating
    /// `ignore_changes = [tags]` would only produce noise).
    fn eval_body_skipping(
        &self,
        body: &Body,
        scope: &mut Scope,
        skip: &[&str],
        skip_blocks: &[&str],
    ) -> EvalBody {
        let mut out = EvalBody::default();
        for attr in &body.attributes {
            if skip.contains(&attr.name.as_str()) {
                continue;
            }
            let value = self.eval_attr(attr, scope);
            out.attributes.insert(
                attr.name.clone(),
                EvalAttribute {
                    value,
                    location: attr.location.clone(),
                },
            );
        }
        for block in &body.blocks {
            if skip_blocks.contains(&block.kind.as_str()) {
                continue;
            }
            if block.kind == "dynamic" {
                self.expand_dynamic(block, scope, &mut out);
            } else {
                let body = self.eval_body_filtered(&block.body, scope, &[]);
                out.blocks.push(EvalBlock {
                    kind: block.kind.clone(),
                    labels: block.labels.clone(),
                    location: block.location.clone(),
                    body,
                });
            }
        }
        out
    }

    /// `dynamic "x" { for_each = ..., iterator = it, labels = [...], content { ... } }`
    fn expand_dynamic(&self, block: &Block, scope: &mut Scope, out: &mut EvalBody) {
        let Some(kind) = block.labels.first().cloned() else {
            self.tree
                .warn(&block.location, "a dynamic block needs a label".into());
            return;
        };
        let iterator = match block.body.attribute("iterator").map(|a| &a.expr) {
            Some(Expr::Variable(name)) => name.clone(),
            _ => kind.clone(),
        };
        let for_each = match block.body.attribute("for_each") {
            Some(a) => self.eval_attr(a, scope),
            None => {
                self.tree.warn(
                    &block.location,
                    format!("dynamic \"{kind}\" has no for_each"),
                );
                return;
            }
        };
        let pairs: Vec<(Value, Value)> = match &for_each {
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v.clone()))
                .collect(),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                .collect(),
            Value::Null => Vec::new(),
            Value::Unknown(u) => {
                out.unknown_blocks.insert(kind, u.reason.clone());
                return;
            }
            other => {
                self.tree.warn(
                    &block.location,
                    format!(
                        "dynamic \"{kind}\": for_each must be a collection, got {}",
                        other.type_name()
                    ),
                );
                out.unknown_blocks.insert(
                    kind,
                    format!(
                        "for_each of dynamic \"{}\" is a {}",
                        block.labels[0],
                        other.type_name()
                    ),
                );
                return;
            }
        };
        // A list's "key" in a dynamic block is the element itself for sets; Terraform
        // gives the index for lists and tuples. We cannot tell sets from lists, and the
        // key is rarely used: the index is what Terraform gives for the common tuple.
        let content = block.body.blocks.iter().find(|b| b.kind == "content");
        for (k, v) in pairs {
            scope.push(iterator.clone(), object([("key", k), ("value", v)]));
            let labels = match block.body.attribute("labels") {
                Some(a) => match self.eval_attr(a, scope) {
                    Value::List(ls) => ls
                        .iter()
                        .map(|l| eval::to_string(l).unwrap_or_default())
                        .collect(),
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            let body = content
                .map(|c| self.eval_body_filtered(&c.body, scope, &[]))
                .unwrap_or_default();
            scope.pop();
            out.blocks.push(EvalBlock {
                kind: kind.clone(),
                labels,
                location: block.location.clone(),
                body,
            });
        }
    }

    /// A block's instances from its `count` / `for_each` (memoised).
    fn expansion(&self, id: BlockId) -> Rc<Expansion> {
        let inst = self.inst();
        if let Some(Slot::Done(e)) = inst.expansions.borrow().get(&id) {
            return e.clone();
        }
        if let Some(Slot::InProgress) = inst.expansions.borrow().get(&id) {
            return Rc::new(Expansion::Unknown(
                "count/for_each refers to its own block".into(),
            ));
        }
        inst.expansions.borrow_mut().insert(id, Slot::InProgress);
        let block = inst.def.block(id);
        let e = Rc::new(self.compute_expansion(block));
        inst.expansions
            .borrow_mut()
            .insert(id, Slot::Done(e.clone()));
        if let (Some(mode), Some(kind), Some(name)) = (
            match block.kind.as_str() {
                "resource" => Some(Mode::Managed),
                _ => None,
            },
            block.labels.first(),
            block.labels.get(1),
        ) {
            let _ = mode;
            let base = format!("{}{kind}.{name}", inst.prefix());
            let mut reg = self.tree.resources.borrow_mut();
            for (suffix, bindings, _) in instances_of(&e) {
                reg.insert(
                    format!("{base}{suffix}"),
                    ResourceSlot {
                        instance: self.inst,
                        block: id,
                        bindings,
                    },
                );
            }
        }
        e
    }

    fn compute_expansion(&self, block: &Block) -> Expansion {
        let mut scope = Scope::new();
        let count = block.body.attribute("count");
        let for_each = block.body.attribute("for_each");
        if let Some(attr) = count {
            return match self.eval_attr(attr, &mut scope) {
                Value::Unknown(u) => Expansion::Unknown(format!("count is unknown: {}", u.reason)),
                v => match eval::to_number(&v) {
                    Ok(n) if n >= 0.0 && n.fract() == 0.0 => Expansion::Keys(
                        (0..n as usize)
                            .map(|i| {
                                (
                                    InstanceKey::Index(i),
                                    vec![(
                                        "count".to_string(),
                                        object([("index", Value::Number(i as f64))]),
                                    )],
                                )
                            })
                            .collect(),
                    ),
                    _ => {
                        self.tree.warn(
                            &attr.location,
                            format!("count must be a whole non-negative number, got {v}"),
                        );
                        Expansion::Unknown(format!("count is invalid: {v}"))
                    }
                },
            };
        }
        if let Some(attr) = for_each {
            let v = self.eval_attr(attr, &mut scope);
            let pairs: Vec<(String, Value)> = match &v {
                Value::Unknown(u) => {
                    return Expansion::Unknown(format!("for_each is unknown: {}", u.reason));
                }
                Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                Value::List(items) => {
                    let mut keys = BTreeMap::new();
                    for item in items {
                        match item {
                            Value::String(s) => {
                                keys.insert(s.clone(), item.clone());
                            }
                            Value::Unknown(u) => {
                                return Expansion::Unknown(format!(
                                    "a for_each key is unknown: {}",
                                    u.reason
                                ));
                            }
                            Value::Ref(r) => {
                                return Expansion::Unknown(format!(
                                    "for_each keys depend on {}, computed at apply time",
                                    r.address
                                ));
                            }
                            other => {
                                self.tree.warn(
                                    &attr.location,
                                    format!(
                                        "for_each over a set needs strings, got {}",
                                        other.type_name()
                                    ),
                                );
                                return Expansion::Unknown("for_each is invalid".into());
                            }
                        }
                    }
                    keys.into_iter().collect()
                }
                other => {
                    self.tree.warn(
                        &attr.location,
                        format!("for_each must be a map or a set of strings, got {other}"),
                    );
                    return Expansion::Unknown(format!("for_each is invalid: {other}"));
                }
            };
            return Expansion::Keys(
                pairs
                    .into_iter()
                    .map(|(k, v)| {
                        let each = object([("key", Value::String(k.clone())), ("value", v)]);
                        (InstanceKey::Key(k), vec![("each".to_string(), each)])
                    })
                    .collect(),
            );
        }
        Expansion::Single
    }

    /// A module call's instances, created on first use.
    fn child_call(&self, id: BlockId) -> Rc<ChildCall> {
        let inst = self.inst();
        if let Some(c) = inst.children.borrow().get(&id) {
            return c.clone();
        }
        let name = inst
            .def
            .block(id)
            .labels
            .first()
            .cloned()
            .unwrap_or_default();
        if !self
            .tree
            .calls_in_progress
            .borrow_mut()
            .insert((self.inst, id))
        {
            // An argument of this call refers to the call's own outputs (directly or via
            // another module). Terraform orders this per value; irready evaluates a call's
            // arguments first, so such an output is unknown here.
            return Rc::new(ChildCall::Opaque(format!(
                "module.{name}: its arguments refer back to its own outputs"
            )));
        }
        let call = self.tree.deeper(
            &format!("module.{name}"),
            || Rc::new(self.make_child_call(&inst, id)),
            |why| Rc::new(ChildCall::Opaque(why)),
        );
        self.tree
            .calls_in_progress
            .borrow_mut()
            .remove(&(self.inst, id));
        inst.children.borrow_mut().insert(id, call.clone());
        call
    }

    fn make_child_call(&self, inst: &Instance, id: BlockId) -> ChildCall {
        let block = inst.def.block(id);
        let name = block.labels.first().cloned().unwrap_or_default();
        let source = match block.body.attribute("source").map(|a| &a.expr) {
            Some(Expr::String(s)) => s.clone(),
            _ => return ChildCall::Opaque(format!("module.{name} has no literal source")),
        };
        let Some(src) = local_source(&inst.def, &id) else {
            return ChildCall::Opaque(format!(
                "module.{name} comes from the remote source {source:?}, which irready does not download"
            ));
        };
        if inst.depth >= MAX_MODULE_DEPTH {
            self.tree.warn(
                &block.location,
                format!(
                    "module nesting deeper than {MAX_MODULE_DEPTH}; module.{name} not evaluated"
                ),
            );
            return ChildCall::Opaque(format!("module.{name} is nested too deep"));
        }
        let dir = normalize(&inst.def.dir.join(src));
        let Some(def) = self.tree.loader.module(&dir) else {
            if let Some(a) = block.body.attribute("source") {
                self.tree.loader.diagnostics.lock().map(|mut d| {
                    d.push(Diagnostic::new(
                        a.location.clone(),
                        format!("module source {source:?} not found: expected a directory with .tf files at {}", self.tree.loader.display(&dir)),
                    ))
                }).ok();
            }
            return ChildCall::Opaque(format!("module.{name}: source {source:?} not found"));
        };
        let expansion = self.expansion(id);
        let mut instances = Vec::new();
        for (suffix, bindings, unknown) in instances_of(&expansion) {
            let mut scope = Scope::with(bindings);
            let mut given = BTreeMap::new();
            for attr in &block.body.attributes {
                if attr.name == "source"
                    || attr.name == "version"
                    || MODULE_META.contains(&attr.name.as_str())
                {
                    continue;
                }
                given.insert(attr.name.clone(), self.eval_attr(attr, &mut scope));
            }
            let path = format!("{}module.{name}{suffix}", inst.prefix());
            let inputs =
                bind_variables(&def, given, &format!("not set by module.{name}"), self.tree);
            let uncertain = unknown.or_else(|| inst.uncertain.clone());
            let child = Instance::new(def.clone(), path, inputs, inst.depth + 1, uncertain);
            instances.push(self.tree.add_instance(child));
        }
        ChildCall::Local {
            expansion,
            instances,
        }
    }

    fn local(&self, name: &str) -> Result<Value, EvalError> {
        let inst = self.inst();
        match inst.locals.borrow().get(name) {
            Some(Slot::Done(v)) => return Ok(v.clone()),
            Some(Slot::InProgress) => {
                return Ok(Value::unknown(format!("local.{name} refers to itself")));
            }
            None => {}
        }
        let Some(&(fi, bi, ai)) = inst.def.locals.get(name) else {
            return Err(EvalError(format!("local.{name} is not declared")));
        };
        inst.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::InProgress);
        let attr = &inst.def.files[fi].body.blocks[bi].body.attributes[ai];
        let v = self.tree.deeper(
            &format!("local.{name}"),
            || self.eval_attr(attr, &mut Scope::new()),
            Value::unknown,
        );
        inst.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        Ok(v)
    }

    fn output(&self, inst_idx: usize, name: &str) -> Result<Value, EvalError> {
        let inst = self.tree.instance(inst_idx);
        match inst.outputs.borrow().get(name) {
            Some(Slot::Done(v)) => return Ok(v.clone()),
            Some(Slot::InProgress) => {
                return Ok(Value::unknown(format!("output {name} refers to itself")));
            }
            None => {}
        }
        let Some(id) = inst.def.outputs.get(name) else {
            return Err(EvalError(format!("{} has no output {name:?}", inst.path)));
        };
        inst.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::InProgress);
        let child = Ctx {
            tree: self.tree,
            inst: inst_idx,
        };
        let v = match inst.def.block(*id).body.attribute("value") {
            Some(a) => self.tree.deeper(
                &format!("output {name}"),
                || child.eval_attr(a, &mut Scope::new()),
                Value::unknown,
            ),
            None => Value::Null,
        };
        inst.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        Ok(v)
    }

    /// `module.NAME` (all outputs) or `module.NAME.OUTPUT` (just that one, when the call
    /// has a single instance).
    fn module_value(
        &self,
        name: &str,
        next: Option<&Traverser>,
    ) -> Result<(Value, usize), EvalError> {
        let inst = self.inst();
        let Some(&id) = inst.def.module_by_name.get(name) else {
            return Err(EvalError(format!("module.{name} is not declared")));
        };
        let call = self.child_call(id);
        let (expansion, instances) = match call.as_ref() {
            ChildCall::Opaque(reason) => return Ok((Value::unknown(reason.clone()), 1)),
            ChildCall::Local {
                expansion,
                instances,
            } => (expansion.clone(), instances.clone()),
        };
        let all_outputs = |idx: usize| -> Result<Value, EvalError> {
            let def = self.tree.instance(idx).def.clone();
            let mut map = BTreeMap::new();
            for out in def.outputs.keys() {
                map.insert(out.clone(), self.output(idx, out)?);
            }
            Ok(Value::Object(map))
        };
        match expansion.as_ref() {
            Expansion::Single => {
                if let Some(Traverser::GetAttr(out)) = next {
                    return Ok((self.output(instances[0], out)?, 2));
                }
                Ok((all_outputs(instances[0])?, 1))
            }
            Expansion::Unknown(reason) => {
                Ok((Value::unknown(format!("module.{name}: {reason}")), 1))
            }
            Expansion::Keys(keys) => {
                let mut list = Vec::new();
                let mut map = BTreeMap::new();
                for ((key, _), &idx) in keys.iter().zip(&instances) {
                    let v = all_outputs(idx)?;
                    match key {
                        InstanceKey::Index(_) => list.push(v),
                        InstanceKey::Key(k) => {
                            map.insert(k.clone(), v);
                        }
                    }
                }
                let is_count = inst.def.block(id).body.attribute("count").is_some();
                Ok((
                    if is_count {
                        Value::List(list)
                    } else {
                        Value::Object(map)
                    },
                    1,
                ))
            }
        }
    }

    /// `TYPE.NAME`: a reference per instance.
    fn resource_value(&self, kind: &str, name: &str) -> Result<Value, EvalError> {
        let inst = self.inst();
        let Some(&id) =
            inst.def
                .resources
                .get(&(Mode::Managed, kind.to_string(), name.to_string()))
        else {
            return Err(EvalError(format!(
                "reference to undeclared resource {kind}.{name}"
            )));
        };
        let base = format!("{}{kind}.{name}", inst.prefix());
        Ok(match self.expansion(id).as_ref() {
            Expansion::Single => Value::reference(base, Vec::new()),
            Expansion::Unknown(reason) => Value::unknown(format!("{kind}.{name}: {reason}")),
            Expansion::Keys(keys) => {
                let is_count = inst.def.block(id).body.attribute("count").is_some();
                if is_count {
                    Value::List(
                        keys.iter()
                            .map(|(k, _)| {
                                Value::reference(format!("{base}{}", k.suffix()), Vec::new())
                            })
                            .collect(),
                    )
                } else {
                    Value::Object(
                        keys.iter()
                            .map(|(k, _)| {
                                let key = match k {
                                    InstanceKey::Key(s) => s.clone(),
                                    InstanceKey::Index(i) => i.to_string(),
                                };
                                (
                                    key,
                                    Value::reference(format!("{base}{}", k.suffix()), Vec::new()),
                                )
                            })
                            .collect(),
                    )
                }
            }
        })
    }
}

impl Resolver for Ctx<'_, '_> {
    fn resolve(
        &self,
        root: &str,
        steps: &[Traverser],
        _scope: &mut Scope,
    ) -> Result<(Value, usize), EvalError> {
        let attr = |i: usize| match steps.get(i) {
            Some(Traverser::GetAttr(n)) => Some(n.as_str()),
            _ => None,
        };
        match root {
            "var" => {
                let name = attr(0)
                    .ok_or_else(|| EvalError("`var` must be followed by a variable name".into()))?;
                let inst = self.inst();
                match inst.inputs.get(name) {
                    Some(v) => Ok((v.clone(), 1)),
                    None => Err(EvalError(format!(
                        "var.{name} is not declared in this module"
                    ))),
                }
            }
            "local" => {
                let name = attr(0)
                    .ok_or_else(|| EvalError("`local` must be followed by a name".into()))?;
                Ok((self.local(name)?, 1))
            }
            "module" => {
                let name = attr(0).ok_or_else(|| {
                    EvalError("`module` must be followed by a module name".into())
                })?;
                let (v, used) = self.module_value(name, steps.get(1))?;
                Ok((v, used))
            }
            "data" => {
                let (Some(t), Some(n)) = (attr(0), attr(1)) else {
                    return Err(EvalError(
                        "`data` must be followed by a type and a name".into(),
                    ));
                };
                let inst = self.inst();
                if !inst
                    .def
                    .resources
                    .contains_key(&(Mode::Data, t.to_string(), n.to_string()))
                {
                    return Err(EvalError(format!(
                        "reference to undeclared data source data.{t}.{n}"
                    )));
                }
                Ok((
                    Value::unknown(format!(
                        "data.{t}.{n} is read from the provider at plan time"
                    )),
                    2,
                ))
            }
            "path" => {
                let inst = self.inst();
                // As Terraform: relative to the root module's directory, where Terraform
                // runs, so that `file("${path.module}/x")` finds the module's own file.
                let root_dir = self.tree.instance(0).def.dir.clone();
                let v = match attr(0) {
                    Some("module") => display_path(&root_dir, &inst.def.dir),
                    Some("root") | Some("cwd") => ".".to_string(),
                    _ => return Err(EvalError("`path` has only module, root and cwd".into())),
                };
                Ok((Value::String(v), 1))
            }
            "terraform" => match attr(0) {
                Some("workspace") => Ok((
                    match &self.tree.loader.workspace {
                        Some(w) => Value::String(w.clone()),
                        None => Value::unknown(
                            "terraform.workspace is chosen when Terraform runs (pass --workspace NAME)",
                        ),
                    },
                    1,
                )),
                _ => Ok((Value::unknown("terraform.* is known only to Terraform"), 1)),
            },
            "count" | "each" | "self" => Err(EvalError(format!("`{root}` is not available here"))),
            kind => {
                let name = attr(0).ok_or_else(|| EvalError(format!("unknown name `{kind}`")))?;
                Ok((self.resource_value(kind, name)?, 1))
            }
        }
    }

    fn file_base(&self) -> Option<PathBuf> {
        Some(self.tree.instance(0).def.dir.clone())
    }

    fn ref_attribute(&self, r: &Ref, attribute: &str) -> Value {
        let deeper = || {
            let mut path = r.path.clone();
            path.push(attribute.to_string());
            Value::reference(r.address.clone(), path)
        };
        if !r.path.is_empty() {
            return deeper();
        }
        let Some(slot) = self.tree.resources.borrow().get(&r.address).cloned() else {
            return deeper();
        };
        let key = (r.address.clone(), attribute.to_string());
        if !self.tree.attr_in_progress.borrow_mut().insert(key.clone()) {
            return deeper();
        }
        let inst = self.tree.instance(slot.instance);
        let block = inst.def.block(slot.block);
        let v = match block.body.attribute(attribute) {
            Some(a) if !RESOURCE_META.contains(&attribute) => {
                let cx = Ctx {
                    tree: self.tree,
                    inst: slot.instance,
                };
                let v = self.tree.deeper(
                    &format!("{}.{attribute}", r.address),
                    || cx.eval_attr(a, &mut Scope::with(slot.bindings.clone())),
                    Value::unknown,
                );
                match v {
                    Value::Null => deeper(),
                    v => v,
                }
            }
            _ => deeper(),
        };
        self.tree.attr_in_progress.borrow_mut().remove(&key);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_keys_are_quoted_as_terraform_prints_them() {
        assert_eq!(
            InstanceKey::Key("payments".into()).suffix(),
            "[\"payments\"]"
        );
        assert_eq!(
            InstanceKey::Key("a\"b\\c".into()).suffix(),
            "[\"a\\\"b\\\\c\"]"
        );
        assert_eq!(InstanceKey::Key("${x}".into()).suffix(), "[\"$${x}\"]");
        assert_eq!(
            InstanceKey::Key("%{y} $z".into()).suffix(),
            "[\"%%{y} $z\"]"
        );
        assert_eq!(InstanceKey::Index(3).suffix(), "[3]");
    }
}
