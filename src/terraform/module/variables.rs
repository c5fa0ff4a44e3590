//! Input variables: tfvars files, `--var-file`, defaults, type conversion, `nullable`.

use super::*;

/// Values given to a root module: `terraform.tfvars`, `*.auto.tfvars` (alphabetical),
/// their `.json` forms, then `--var-file`s, later ones winning.
pub(super) fn root_variable_values(
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
pub(super) fn bind_variables(
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
