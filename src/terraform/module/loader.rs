//! Reading and indexing modules: parsed once, shared between roots and threads.

use super::*;

/// Parses modules once and shares them between roots and threads.
pub(super) struct Loader {
    pub(super) scan_root: PathBuf,
    /// The value of `terraform.workspace`, when given.
    pub(super) workspace: Option<String>,
    pub(super) modules: Mutex<HashMap<PathBuf, Arc<ModuleDef>>>,
    pub(super) diagnostics: Mutex<Vec<Diagnostic>>,
}

impl Loader {
    pub(super) fn new(scan_root: &Path) -> Self {
        Loader {
            scan_root: scan_root.to_path_buf(),
            workspace: None,
            modules: Mutex::new(HashMap::new()),
            diagnostics: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn display(&self, path: &Path) -> String {
        display_path(&normalize(&self.scan_root), &normalize(path))
    }

    pub(super) fn insert(&self, dir: PathBuf, def: Arc<ModuleDef>) {
        if let Ok(mut m) = self.modules.lock() {
            m.insert(dir, def);
        }
    }

    pub(super) fn take_diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .lock()
            .map(|mut d| std::mem::take(&mut *d))
            .unwrap_or_default()
    }

    /// The module in `dir` (normalized), parsed on first use; `None` if it has no `.tf`.
    pub(super) fn module(&self, dir: &Path) -> Option<Arc<ModuleDef>> {
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

    pub(super) fn parse_module(&self, dir: &Path, files: &[PathBuf]) -> Arc<ModuleDef> {
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
pub(super) struct BlockId {
    pub(super) file: usize,
    pub(super) block: usize,
}

/// One module's parsed files, indexed by what they declare.
pub(super) struct ModuleDef {
    pub(super) dir: PathBuf,
    /// The directory as displayed (relative to the scanned root).
    pub(super) display_dir: String,
    pub(super) files: Vec<ast::File>,
    pub(super) variables: BTreeMap<String, BlockId>,
    /// Local name → (file, locals block, attribute index).
    pub(super) locals: BTreeMap<String, (usize, usize, usize)>,
    /// (mode, type, name) → block.
    pub(super) resources: BTreeMap<(Mode, String, String), BlockId>,
    pub(super) module_calls: Vec<BlockId>,
    pub(super) module_by_name: BTreeMap<String, BlockId>,
    pub(super) outputs: BTreeMap<String, BlockId>,
    /// provider, terraform, variable, output, module blocks for control scopes.
    pub(super) other: Vec<BlockId>,
}

impl ModuleDef {
    /// Indexes a module's files. Declarations Terraform rejects as duplicates (two
    /// `resource "aws_x" "y"`, two `variable "v"`, a local declared twice...) are
    /// diagnostics at the second one; the first is used.
    pub(super) fn new(
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

    pub(super) fn block(&self, id: BlockId) -> &Block {
        &self.files[id.file].body.blocks[id.block]
    }
}

/// The literal `source` of a module call when it is a local path.
pub(super) fn local_source<'a>(def: &'a ModuleDef, call: &BlockId) -> Option<&'a str> {
    match &def.block(*call).body.attribute("source")?.expr {
        Expr::String(s) if s.starts_with("./") || s.starts_with("../") || s == "." || s == ".." => {
            Some(s)
        }
        _ => None,
    }
}
