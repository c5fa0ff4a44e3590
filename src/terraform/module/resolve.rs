//! How names resolve inside a module instance (`var`, `local`, `module`, `data`, `path`,
//! `terraform`, resources) and how a reference reads a resource's attribute.

use super::*;

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
