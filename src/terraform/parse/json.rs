//! Terraform's JSON syntax (`.tf.json`) into `ast::File`.
//!
//! serde_json validates the text first (its errors carry line and column), nesting is
//! bounded at 128 (serde_json's `IgnoredAny` does not bound it), then a small span-keeping
//! reader builds a tree whose object keys know their byte offset: serde_json gives no positions, and a block's location is its name
//! key. Strings in bodies are HCL templates (`"${var.x}"`), parsed with hcl-edit.
//!
//! Nested blocks and object-valued attributes look the same in JSON; Terraform resolves it
//! with the provider schema, which irready does not have. The heuristic used here:
//! - meta-argument blocks (`lifecycle`, `provisioner`, `connection`, `dynamic`, `content`,
//!   `validation`, `precondition`, `postcondition`) are always blocks;
//! - in resource, data, provider and nested-block bodies, an object or a non-empty array of
//!   objects is a nested block (an array gives one block per element) unless the key is a
//!   well-known map-typed attribute (`MAP_ATTRIBUTES`);
//! - in module, variable, output and locals bodies everything but meta blocks is an
//!   attribute (modules take only arguments; `default` and locals are plain values).

use super::{convert_expr, convert_template, template_expr};
use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Location};
use crate::terraform::ast::{self, Expr, ObjectKey, TemplatePart};
use std::sync::Arc;

/// Map-typed attributes that commonly hold objects in resource bodies, so a JSON object
/// under these keys is an attribute, not a nested block.
pub const MAP_ATTRIBUTES: &[&str] = &[
    "tags",
    "tags_all",
    "labels",
    "default_labels",
    "effective_labels",
    "dimensions",
    "variables",
    "environment_variables",
    "parameters",
    "triggers",
    "user_labels",
    "custom_headers",
    "annotations",
    "providers",
];

/// `metadata` is a map in most providers (google_compute_instance) but a block in the
/// Kubernetes provider.
fn is_map_attribute(resource_type: &str, key: &str) -> bool {
    if key == "metadata" {
        return !resource_type.starts_with("kubernetes_");
    }
    MAP_ATTRIBUTES.contains(&key)
}

/// Keys that are blocks in every body that allows them.
const META_BLOCKS: &[&str] = &[
    "lifecycle",
    "provisioner",
    "connection",
    "dynamic",
    "content",
    "validation",
    "precondition",
    "postcondition",
];

/// Labels taken by block types that have them in JSON (per Terraform's JSON syntax).
fn meta_block_labels(kind: &str) -> usize {
    match kind {
        "provisioner" | "dynamic" => 1,
        _ => 0,
    }
}

pub(super) fn parse(path: Arc<str>, text: &str) -> Result<ast::File, Diagnostic> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
        let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
        let message = e.to_string();
        // serde_json appends " at line L column C"; the location already says it.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        return Err(Diagnostic::new(
            Location::new(path, line, column),
            format!("invalid JSON: {message}"),
        ));
    }
    let index = LineIndex::new(path.clone(), Arc::from(text));
    // serde_json's `IgnoredAny` skips values without its recursion limit, and the reader
    // below recurses: bound the depth here, before anything recurses.
    if let Some(offset) = too_deep(text.as_bytes()) {
        return Err(Diagnostic::new(
            index.location(offset),
            format!(
                "invalid JSON: nesting deeper than {MAX_DEPTH} levels; expected at most \
                 {MAX_DEPTH} nested arrays and objects"
            ),
        ));
    }
    let root = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    }
    .document()
    .ok_or_else(|| Diagnostic::file(path.clone(), "invalid JSON"))?;
    let decoder = Decoder { index: &index };
    let body = decoder.file(&root)?;
    Ok(ast::File { path, body })
}

/// Deepest nesting of arrays and objects accepted, serde_json's own default limit.
const MAX_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` that opens a level deeper than `MAX_DEPTH`, in
/// JSON text already known to be valid (so strings and escapes are well-formed).
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A JSON value with the byte offset where it starts.
#[derive(Debug, Clone)]
struct Node {
    offset: usize,
    value: JsonValue,
}

#[derive(Debug, Clone)]
enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Node>),
    /// Keys in source order, duplicates kept, each with its own offset.
    Object(Vec<(Key, Node)>),
}

#[derive(Debug, Clone)]
struct Key {
    name: String,
    offset: usize,
}

/// A recursive reader over text serde_json has already accepted: it only needs to find
/// token boundaries, and decodes strings and numbers with serde_json itself.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn document(mut self) -> Option<Node> {
        let node = self.value()?;
        self.ws();
        (self.pos == self.bytes.len()).then_some(node)
    }

    fn ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Option<Node> {
        self.ws();
        let offset = self.pos;
        let value = match self.bytes.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.bytes.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        let key_offset = self.pos;
                        let name = self.string()?;
                        self.ws();
                        (self.bytes.get(self.pos) == Some(&b':')).then_some(())?;
                        self.pos += 1;
                        let node = self.value()?;
                        items.push((
                            Key {
                                name,
                                offset: key_offset,
                            },
                            node,
                        ));
                        self.ws();
                        match self.bytes.get(self.pos)? {
                            b',' => self.pos += 1,
                            b'}' => {
                                self.pos += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                JsonValue::Object(items)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.bytes.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                } else {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        match self.bytes.get(self.pos)? {
                            b',' => self.pos += 1,
                            b']' => {
                                self.pos += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                JsonValue::Array(items)
            }
            b'"' => JsonValue::String(self.string()?),
            b't' => self.word("true", JsonValue::Bool(true))?,
            b'f' => self.word("false", JsonValue::Bool(false))?,
            b'n' => self.word("null", JsonValue::Null)?,
            _ => {
                let start = self.pos;
                while matches!(
                    self.bytes.get(self.pos),
                    Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                ) {
                    self.pos += 1;
                }
                let n: f64 = serde_json::from_str(self.text.get(start..self.pos)?).ok()?;
                JsonValue::Number(n)
            }
        };
        Some(Node { offset, value })
    }

    fn word(&mut self, word: &str, value: JsonValue) -> Option<JsonValue> {
        self.text.get(self.pos..)?.starts_with(word).then_some(())?;
        self.pos += word.len();
        Some(value)
    }

    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        (self.bytes.get(self.pos) == Some(&b'"')).then_some(())?;
        self.pos += 1;
        loop {
            match self.bytes.get(self.pos)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        serde_json::from_str(self.text.get(start..self.pos)?).ok()
    }
}

/// How a body's keys are read (see the module docs for the block/attribute heuristic).
#[derive(Debug, Clone, Copy, PartialEq)]
enum BodyKind<'a> {
    /// Resource, data, provider, and the blocks nested in them; carries the resource type.
    Schema(&'a str),
    /// Module, variable, output, locals, and other argument-only bodies.
    Arguments,
    /// The `terraform` block.
    Terraform,
}

struct Decoder<'a> {
    index: &'a LineIndex,
}

impl Decoder<'_> {
    fn loc(&self, offset: usize) -> Location {
        self.index.location(offset)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.loc(offset), message)
    }

    fn object<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [(Key, Node)], Diagnostic> {
        match &node.value {
            JsonValue::Object(items) => Ok(items),
            _ => Err(self.error(node.offset, format!("expected a JSON object for {what}"))),
        }
    }

    fn file(&self, root: &Node) -> Result<ast::Body, Diagnostic> {
        let mut body = ast::Body::default();
        for (key, value) in self.object(root, "the file's top level")? {
            let (labels, kind) = match key.name.as_str() {
                "//" => continue,
                "resource" | "data" => (2, BodyKind::Schema("")),
                "provider" => (1, BodyKind::Schema("")),
                "module" | "variable" | "output" => (1, BodyKind::Arguments),
                "check" => (1, BodyKind::Schema("")),
                "locals" | "moved" | "import" | "removed" => (0, BodyKind::Arguments),
                "terraform" => (0, BodyKind::Terraform),
                other => {
                    return Err(self.error(
                        key.offset,
                        format!("unsupported block type {other:?}: expected resource, data, module, variable, output, provider, locals or terraform"),
                    ));
                }
            };
            self.blocks(&key.name, key.offset, labels, value, kind, &mut body.blocks)?;
        }
        Ok(body)
    }

    /// Reads `labels` levels of label keys under a block type key, then one body per object
    /// (an array at any level stands for several such objects).
    fn blocks(
        &self,
        kind: &str,
        key_offset: usize,
        labels: usize,
        value: &Node,
        body_kind: BodyKind<'_>,
        out: &mut Vec<ast::Block>,
    ) -> Result<(), Diagnostic> {
        self.blocks_with(
            kind,
            key_offset,
            labels,
            value,
            body_kind,
            &mut Vec::new(),
            out,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn blocks_with(
        &self,
        kind: &str,
        key_offset: usize,
        remaining: usize,
        value: &Node,
        body_kind: BodyKind<'_>,
        labels: &mut Vec<String>,
        out: &mut Vec<ast::Block>,
    ) -> Result<(), Diagnostic> {
        if let JsonValue::Array(items) = &value.value {
            for item in items {
                self.blocks_with(kind, key_offset, remaining, item, body_kind, labels, out)?;
            }
            return Ok(());
        }
        let items = self.object(value, &format!("a {kind} block"))?;
        if remaining > 0 {
            for (key, child) in items {
                if key.name == "//" {
                    continue;
                }
                labels.push(key.name.clone());
                // Resources carry their type into the body for the map-attribute heuristic.
                let child_kind = match body_kind {
                    BodyKind::Schema(_) if labels.len() == 1 => BodyKind::Schema(&key.name),
                    other => other,
                };
                let result = self.blocks_with(
                    kind,
                    key.offset,
                    remaining - 1,
                    child,
                    child_kind,
                    labels,
                    out,
                );
                labels.pop();
                result?;
            }
            return Ok(());
        }
        let (body, ignore_comments) = self.body(items, body_kind, kind)?;
        out.push(ast::Block {
            kind: kind.to_string(),
            labels: labels.clone(),
            body,
            location: self.loc(key_offset),
            ignore_comments,
        });
        Ok(())
    }

    /// Decodes a block body; `"//"` comments that start with `irready:ignore` become the
    /// block's waivers, the JSON counterpart of `# irready:ignore`.
    fn body(
        &self,
        items: &[(Key, Node)],
        kind: BodyKind<'_>,
        block_kind: &str,
    ) -> Result<(ast::Body, Vec<String>), Diagnostic> {
        let mut body = ast::Body::default();
        let mut ignores = Vec::new();
        for (key, value) in items {
            let name = key.name.as_str();
            if name == "//" {
                if let JsonValue::String(s) = &value.value
                    && let Some(rest) = s.trim().strip_prefix("irready:ignore")
                {
                    ignores.push(rest.trim().to_string());
                }
                continue;
            }
            if let Some(block_kind) = self.nested_block_kind(name, value, kind, block_kind) {
                let labels = if META_BLOCKS.contains(&name) {
                    meta_block_labels(name)
                } else if kind == BodyKind::Terraform && name == "backend" {
                    1
                } else {
                    0
                };
                self.blocks(
                    name,
                    key.offset,
                    labels,
                    value,
                    block_kind,
                    &mut body.blocks,
                )?;
                continue;
            }
            let expr = self.attribute_value(name, value, kind, block_kind)?;
            body.attributes.push(ast::Attribute {
                name: key.name.clone(),
                expr,
                location: self.loc(key.offset),
            });
        }
        Ok((body, ignores))
    }

    /// `Some(kind of the nested body)` when `name` is a nested block here.
    fn nested_block_kind<'k>(
        &self,
        name: &str,
        value: &Node,
        kind: BodyKind<'k>,
        block_kind: &str,
    ) -> Option<BodyKind<'k>> {
        let object_like = match &value.value {
            JsonValue::Object(_) => true,
            JsonValue::Array(items) => {
                !items.is_empty()
                    && items
                        .iter()
                        .all(|i| matches!(i.value, JsonValue::Object(_)))
            }
            _ => false,
        };
        if !object_like {
            return None;
        }
        let inner = match kind {
            BodyKind::Schema(t) => BodyKind::Schema(t),
            _ => BodyKind::Arguments,
        };
        if META_BLOCKS.contains(&name) {
            // `content` only exists inside `dynamic`; elsewhere it may be an argument.
            if name == "content" && block_kind != "dynamic" {
                return None;
            }
            return Some(inner);
        }
        match kind {
            BodyKind::Schema(resource_type) => {
                (!is_map_attribute(resource_type, name)).then_some(inner)
            }
            BodyKind::Terraform => {
                matches!(name, "backend" | "cloud" | "required_providers").then_some(inner)
            }
            BodyKind::Arguments => None,
        }
    }

    fn attribute_value(
        &self,
        name: &str,
        value: &Node,
        kind: BodyKind<'_>,
        block_kind: &str,
    ) -> Result<Expr, Diagnostic> {
        // Arguments whose JSON strings are expressions, not templates (Terraform's JSON spec).
        let is_expression = match name {
            "depends_on" | "providers" => true,
            "provider" => matches!(kind, BodyKind::Schema(_)),
            "type" => block_kind == "variable",
            "from" | "to" => matches!(block_kind, "moved" | "removed" | "import"),
            "ignore_changes" | "replace_triggered_by" => block_kind == "lifecycle",
            _ => false,
        };
        if is_expression {
            return self.expression_value(value);
        }
        let expr = self.value(value)?;
        // `count = "${length(var.x)}"`: the lone interpolation is the expression itself.
        if matches!(name, "count" | "for_each")
            && let Expr::Template(parts) = &expr
            && let [TemplatePart::Interpolation(inner)] = parts.as_slice()
        {
            return Ok(inner.clone());
        }
        Ok(expr)
    }

    /// A value whose strings are bare expressions (`"aws_sns_topic.x"`, `"list(string)"`).
    fn expression_value(&self, node: &Node) -> Result<Expr, Diagnostic> {
        match &node.value {
            JsonValue::String(s) => self.parse_expression(node.offset, s),
            JsonValue::Array(items) => Ok(Expr::Tuple(
                items
                    .iter()
                    .map(|i| self.expression_value(i))
                    .collect::<Result<_, _>>()?,
            )),
            JsonValue::Object(items) => Ok(Expr::Object(
                items
                    .iter()
                    .filter(|(k, _)| k.name != "//")
                    .map(|(k, v)| Ok((ObjectKey::Ident(k.name.clone()), self.expression_value(v)?)))
                    .collect::<Result<_, Diagnostic>>()?,
            )),
            _ => self.value(node),
        }
    }

    fn parse_expression(&self, offset: usize, text: &str) -> Result<Expr, Diagnostic> {
        // `"${aws_sns_topic.x}"` is accepted where a bare expression is expected.
        let inner = text
            .trim()
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(text);
        match hcl_edit::parser::parse_expr(inner) {
            Ok(e) => Ok(convert_expr(&e)),
            Err(e) => Err(self.error(
                offset + 1,
                format!("invalid expression in JSON string: {}", e.message()),
            )),
        }
    }

    /// A JSON value in a body: strings are templates, objects and arrays nest.
    fn value(&self, node: &Node) -> Result<Expr, Diagnostic> {
        Ok(match &node.value {
            JsonValue::Null => Expr::Null,
            JsonValue::Bool(b) => Expr::Bool(*b),
            JsonValue::Number(n) => Expr::Number(*n),
            JsonValue::String(s) => self.template(node.offset, s)?,
            JsonValue::Array(items) => Expr::Tuple(
                items
                    .iter()
                    .map(|i| self.value(i))
                    .collect::<Result<_, _>>()?,
            ),
            JsonValue::Object(items) => {
                let mut out = Vec::new();
                for (key, value) in items {
                    if key.name == "//" {
                        continue;
                    }
                    let key_expr = match self.template(key.offset, &key.name)? {
                        Expr::String(s) => ObjectKey::Expr(Expr::String(s)),
                        other => ObjectKey::Expr(other),
                    };
                    out.push((key_expr, self.value(value)?));
                }
                Expr::Object(out)
            }
        })
    }

    fn template(&self, offset: usize, text: &str) -> Result<Expr, Diagnostic> {
        if !text.contains("${") && !text.contains("%{") {
            return Ok(Expr::String(text.to_string()));
        }
        match hcl_edit::parser::parse_template(text) {
            Ok(t) => Ok(template_expr(convert_template(&t))),
            Err(e) => Err(self.error(
                offset + 1,
                format!("invalid template in JSON string: {}", e.message()),
            )),
        }
    }
}
