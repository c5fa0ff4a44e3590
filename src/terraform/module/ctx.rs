//! Evaluating inside one module instance: bodies, dynamic blocks, `count`/`for_each`,
//! module calls, locals and outputs.

use super::*;

impl<'t, 'l> Ctx<'t, 'l> {
    pub(super) fn inst(&self) -> Rc<Instance> {
        self.tree.instance(self.inst)
    }

    pub(super) fn eval_attr(&self, attr: &ast::Attribute, scope: &mut Scope) -> Value {
        match eval::eval(&attr.expr, self, scope) {
            Ok(v) => v,
            Err(e) => {
                self.tree
                    .warn(&attr.location, format!("{}: {e}", attr.name));
                Value::unknown(format!("{} cannot be evaluated: {e}", attr.name))
            }
        }
    }

    pub(super) fn eval_body(&self, body: &Body, scope: &mut Scope, resource: bool) -> EvalBody {
        if resource {
            self.eval_body_skipping(body, scope, RESOURCE_META, RESOURCE_META_BLOCKS)
        } else {
            self.eval_body_filtered(body, scope, &[])
        }
    }

    pub(super) fn eval_body_filtered(
        &self,
        body: &Body,
        scope: &mut Scope,
        skip: &[&str],
    ) -> EvalBody {
        self.eval_body_skipping(body, scope, skip, &[])
    }

    /// Evaluates a body without the attributes and blocks named (Terraform's own
    /// meta-arguments such as `lifecycle`, whose contents are not values: evaluating
    /// `ignore_changes = [tags]` would only produce noise).
    pub(super) fn eval_body_skipping(
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
    pub(super) fn expand_dynamic(&self, block: &Block, scope: &mut Scope, out: &mut EvalBody) {
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
    pub(super) fn expansion(&self, id: BlockId) -> Rc<Expansion> {
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

    pub(super) fn compute_expansion(&self, block: &Block) -> Expansion {
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
    pub(super) fn child_call(&self, id: BlockId) -> Rc<ChildCall> {
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

    pub(super) fn make_child_call(&self, inst: &Instance, id: BlockId) -> ChildCall {
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

    pub(super) fn local(&self, name: &str) -> Result<Value, EvalError> {
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

    pub(super) fn output(&self, inst_idx: usize, name: &str) -> Result<Value, EvalError> {
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
    pub(super) fn module_value(
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
    pub(super) fn resource_value(&self, kind: &str, name: &str) -> Result<Value, EvalError> {
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
