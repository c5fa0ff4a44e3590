//! The evaluation state of one root module: module instances, their lazily computed
//! values, and the walk that turns them into a `Configuration`.

use super::*;

/// How many instances a block has.
#[derive(Debug, Clone)]
pub(super) enum Expansion {
    Single,
    /// Instance keys with their `count`/`each` bindings.
    Keys(Vec<(InstanceKey, Vec<(String, Value)>)>),
    /// `count`/`for_each` is unknown: one stand-in instance `[*]`.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum InstanceKey {
    Index(usize),
    Key(String),
}

impl InstanceKey {
    pub(super) fn suffix(&self) -> String {
        match self {
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", quote(k)),
        }
    }
}

/// A for_each key as Terraform writes it in addresses: `"payments"`.
pub(super) fn quote(s: &str) -> String {
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
pub(super) enum Slot<T> {
    InProgress,
    Done(T),
}

/// One instance of a module: the root, or `module.x["k"]` with its inputs.
pub(super) struct Instance {
    pub(super) def: Arc<ModuleDef>,
    /// `module.a["x"].module.b`; empty for the root.
    pub(super) path: String,
    pub(super) inputs: BTreeMap<String, Value>,
    pub(super) depth: usize,
    /// Set when this instance (or an ancestor) stands for an unknown number of instances.
    pub(super) uncertain: Option<String>,
    pub(super) locals: RefCell<HashMap<String, Slot<Value>>>,
    pub(super) expansions: RefCell<HashMap<BlockId, Slot<Rc<Expansion>>>>,
    pub(super) children: RefCell<HashMap<BlockId, Rc<ChildCall>>>,
    pub(super) outputs: RefCell<HashMap<String, Slot<Value>>>,
}

/// A module call's evaluated instances.
pub(super) enum ChildCall {
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
pub(super) struct ResourceSlot {
    pub(super) instance: usize,
    pub(super) block: BlockId,
    pub(super) bindings: Vec<(String, Value)>,
}

/// The evaluation state of one root module and everything it calls.
pub(super) struct Tree<'l> {
    pub(super) loader: &'l Loader,
    pub(super) instances: RefCell<Vec<Rc<Instance>>>,
    pub(super) resources: RefCell<HashMap<String, ResourceSlot>>,
    /// Resource attributes being evaluated through a reference (cycle guard).
    pub(super) attr_in_progress: RefCell<BTreeSet<(String, String)>>,
    /// Module calls whose instances are being created (cycle guard): (instance, call).
    pub(super) calls_in_progress: RefCell<BTreeSet<(usize, BlockId)>>,
    /// How many named values (locals, outputs, module calls, referenced attributes) are
    /// being evaluated inside each other: bounded so that a long chain cannot exhaust
    /// the stack.
    pub(super) depth: std::cell::Cell<usize>,
    pub(super) warnings: RefCell<Vec<Diagnostic>>,
}

/// Expression evaluations allowed for one root module: generous (a root of a thousand
/// resources needs some tens of thousands) and finite (about a second of work).
pub(super) const EVAL_STEPS_PER_ROOT: u64 = 5_000_000;

/// The longest chain of named values evaluated inside each other.
pub(super) const MAX_REFERENCE_DEPTH: usize = 128;

impl<'l> Tree<'l> {
    /// Runs `f` one level deeper, or gives an unknown when the chain is too long.
    pub(super) fn deeper<T>(
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

    pub(super) fn instance(&self, i: usize) -> Rc<Instance> {
        self.instances.borrow()[i].clone()
    }

    pub(super) fn add_instance(&self, inst: Instance) -> usize {
        let mut v = self.instances.borrow_mut();
        v.push(Rc::new(inst));
        v.len() - 1
    }

    pub(super) fn warn(&self, location: &Location, message: String) {
        self.warnings
            .borrow_mut()
            .push(Diagnostic::new(location.clone(), message));
    }
}

/// A resolver bound to one module instance of a tree.
pub(super) struct Ctx<'t, 'l> {
    pub(super) tree: &'t Tree<'l>,
    pub(super) inst: usize,
}

pub(super) fn evaluate_root(
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
    pub(super) fn new(
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

    pub(super) fn prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}.", self.path)
        }
    }
}

/// Evaluates everything in an instance into the configuration, recursing into children.
pub(super) fn collect(tree: &Tree, inst_idx: usize, config: &mut Configuration) {
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
pub(super) type InstanceOf = (String, Vec<(String, Value)>, Option<String>);

pub(super) fn instances_of(expansion: &Expansion) -> Vec<InstanceOf> {
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

pub(super) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// Attributes that configure Terraform itself, not the resource.
pub(super) const RESOURCE_META: &[&str] = &["count", "for_each", "depends_on", "provider"];
pub(super) const MODULE_META: &[&str] = &["count", "for_each", "providers", "depends_on"];
pub(super) const RESOURCE_META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

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
