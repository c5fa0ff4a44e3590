//! Parsing `.tf` (hcl-edit) and `.tf.json` (Terraform's JSON syntax) into `ast::File`.
//!
//! Both syntaxes land on the same small tree (`ast`) with every block and attribute already
//! positioned, so the evaluator and the checks never see which syntax a module was written
//! in. hcl-edit does the HCL parsing (and bounds nesting depth); this module maps its tree,
//! applies the template strip markers (`~`) that hcl-edit only records, and collects the
//! `irready:ignore` comments that waive findings inline (SPEC §8).
//!
//! Recursion here follows the parser's tree, whose depth hcl-edit (HCL) and serde_json
//! (JSON) both bound, so conversion cannot go deeper than parsing already did.

mod json;

use crate::diagnostic::Diagnostic;
use crate::source::LineIndex;
use crate::terraform::ast::{
    self, BinaryOp, Call, Expr, ForExpr, ObjectKey, TemplatePart, Traverser, UnaryOp,
};
use hcl_edit::Span;
use hcl_edit::expr::{self as hexpr, Expression};
use hcl_edit::structure as hstruct;
use hcl_edit::template::{self as htpl, Directive, Element};
use std::sync::Arc;

/// Parses `.tf` text. `path` is the display path used in every Location.
pub fn parse_hcl(path: Arc<str>, text: &str) -> Result<ast::File, Diagnostic> {
    let index = LineIndex::new(path.clone(), Arc::from(text));
    let body = hcl_edit::parser::parse_body(text).map_err(|e| hcl_error(&index, &e))?;
    let lines: Vec<&str> = text.lines().collect();
    let conv = Converter {
        index: &index,
        lines: &lines,
    };
    Ok(ast::File {
        path,
        body: conv.body(&body),
    })
}

/// Parses `.tf.json` text (Terraform's JSON syntax).
pub fn parse_json(path: Arc<str>, text: &str) -> Result<ast::File, Diagnostic> {
    json::parse(path, text)
}

/// Picks by file name: `.tf.json` → JSON, otherwise HCL.
pub fn parse_file(path: Arc<str>, text: &str) -> Result<ast::File, Diagnostic> {
    if path.ends_with(".tf.json") {
        parse_json(path, text)
    } else {
        parse_hcl(path, text)
    }
}

/// Parses a standalone HCL expression (used for tfvars values given on the command line and
/// in tests).
pub fn parse_expression(path: Arc<str>, text: &str) -> Result<ast::Expr, Diagnostic> {
    let index = LineIndex::new(path, Arc::from(text));
    let expr = hcl_edit::parser::parse_expr(text).map_err(|e| hcl_error(&index, &e))?;
    Ok(convert_expr(&expr))
}

/// Turns hcl-edit's error (with a multi-line snippet in its `Display`) into our one-line
/// diagnostic. The offset is re-resolved through `LineIndex` so columns count characters.
fn hcl_error(index: &LineIndex, err: &hcl_edit::parser::Error) -> Diagnostic {
    let location = index.location(err.location().offset());
    let message = err
        .message()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let message = if message.is_empty() {
        "invalid HCL syntax".to_string()
    } else {
        format!("invalid HCL: {message}")
    };
    Diagnostic::new(location, message)
}

/// Maps one parsed HCL body; holds what positions and ignore comments need.
struct Converter<'a> {
    index: &'a LineIndex,
    lines: &'a [&'a str],
}

impl Converter<'_> {
    fn body(&self, body: &hstruct::Body) -> ast::Body {
        let mut out = ast::Body::default();
        for structure in body.iter() {
            match structure {
                hstruct::Structure::Attribute(attr) => out.attributes.push(ast::Attribute {
                    name: attr.key.as_str().to_string(),
                    expr: convert_expr(&attr.value),
                    location: self.location(attr.key.span().or_else(|| attr.span())),
                }),
                hstruct::Structure::Block(block) => out.blocks.push(self.block(block)),
            }
        }
        out
    }

    fn block(&self, block: &hstruct::Block) -> ast::Block {
        let location = self.location(block.ident.span().or_else(|| block.span()));
        let labels = block
            .labels
            .iter()
            .map(|label| match label {
                hstruct::BlockLabel::Ident(i) => i.as_str().to_string(),
                hstruct::BlockLabel::String(s) => s.value().clone(),
            })
            .collect();
        let ignore_comments = ignore_comments_at(self.lines, location.line as usize);
        ast::Block {
            kind: block.ident.as_str().to_string(),
            labels,
            body: self.body(&block.body),
            location,
            ignore_comments,
        }
    }

    fn location(&self, span: Option<std::ops::Range<usize>>) -> crate::source::Location {
        self.index.location(span.map_or(0, |s| s.start))
    }
}

/// The `irready:ignore` texts that apply to a block whose keyword is on `line` (1-based):
/// those in the contiguous `#`/`//` comment lines directly above it, then the one at the
/// end of the header line itself. Plain text scanning: a waiver is a line-level convention.
pub(crate) fn ignore_comments_at(lines: &[&str], line: usize) -> Vec<String> {
    let mut above = Vec::new();
    let mut i = line.saturating_sub(1);
    while i > 0 {
        let text = lines.get(i - 1).map_or("", |l| l.trim());
        let Some(comment) = text.strip_prefix('#').or_else(|| text.strip_prefix("//")) else {
            break;
        };
        if let Some(waiver) = waiver_text(comment) {
            above.push(waiver);
        }
        i -= 1;
    }
    above.reverse();
    if let Some(header) = line.checked_sub(1).and_then(|i| lines.get(i))
        && let Some(pos) = header.find("irready:ignore")
        && (header[..pos].contains('#') || header[..pos].contains("//"))
        && let Some(waiver) = waiver_text(&header[pos..])
    {
        above.push(waiver);
    }
    above
}

/// The text after `irready:ignore` in a comment, if the comment is a waiver.
fn waiver_text(comment: &str) -> Option<String> {
    let pos = comment.find("irready:ignore")?;
    let rest = comment[pos + "irready:ignore".len()..].trim();
    let rest = rest.strip_suffix("*/").unwrap_or(rest).trim_end();
    Some(rest.to_string())
}

/// Maps an hcl-edit expression onto ours. Depth is bounded by the parser's nesting limit.
pub(crate) fn convert_expr(expr: &Expression) -> Expr {
    match expr {
        Expression::Null(_) => Expr::Null,
        Expression::Bool(b) => Expr::Bool(*b.value()),
        Expression::Number(n) => Expr::Number(n.value().as_f64().unwrap_or(f64::NAN)),
        Expression::String(s) => Expr::String(s.value().clone()),
        Expression::Array(items) => Expr::Tuple(items.iter().map(convert_expr).collect()),
        Expression::Object(object) => Expr::Object(
            object
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        hexpr::ObjectKey::Ident(i) => ObjectKey::Ident(i.as_str().to_string()),
                        hexpr::ObjectKey::Expression(e) => ObjectKey::Expr(convert_expr(e)),
                    };
                    (key, convert_expr(value.expr()))
                })
                .collect(),
        ),
        Expression::StringTemplate(t) => template_expr(convert_template(t)),
        Expression::HeredocTemplate(h) => template_expr(convert_template(&h.template)),
        Expression::Parenthesis(p) => convert_expr(p.inner()),
        Expression::Variable(v) => Expr::Variable(v.as_str().to_string()),
        Expression::Conditional(c) => Expr::Conditional(
            Box::new(convert_expr(&c.cond_expr)),
            Box::new(convert_expr(&c.true_expr)),
            Box::new(convert_expr(&c.false_expr)),
        ),
        Expression::FuncCall(f) => {
            let mut name = String::new();
            for ns in &f.name.namespace {
                name.push_str(ns.as_str());
                name.push_str("::");
            }
            name.push_str(f.name.name.as_str());
            Expr::Call(Box::new(Call {
                name,
                args: f.args.iter().map(convert_expr).collect(),
                expand_final: f.args.expand_final(),
            }))
        }
        Expression::Traversal(t) => convert_traversal(t),
        Expression::UnaryOp(op) => {
            let operator = match op.operator.value() {
                hexpr::UnaryOperator::Neg => UnaryOp::Neg,
                hexpr::UnaryOperator::Not => UnaryOp::Not,
            };
            Expr::Unary(operator, Box::new(convert_expr(&op.expr)))
        }
        Expression::BinaryOp(op) => Expr::Binary(
            binary_operator(*op.operator.value()),
            Box::new(convert_expr(&op.lhs_expr)),
            Box::new(convert_expr(&op.rhs_expr)),
        ),
        Expression::ForExpr(f) => Expr::For(Box::new(ForExpr {
            key_var: f.intro.key_var.as_ref().map(|k| k.as_str().to_string()),
            value_var: f.intro.value_var.as_str().to_string(),
            collection: convert_expr(&f.intro.collection_expr),
            key: f.key_expr.as_ref().map(convert_expr),
            value: convert_expr(&f.value_expr),
            cond: f.cond.as_ref().map(|c| convert_expr(&c.expr)),
            grouping: f.grouping && f.key_expr.is_some(),
        })),
    }
}

fn binary_operator(op: hexpr::BinaryOperator) -> BinaryOp {
    use hexpr::BinaryOperator as H;
    match op {
        H::Eq => BinaryOp::Eq,
        H::NotEq => BinaryOp::NotEq,
        H::LessEq => BinaryOp::LtEq,
        H::GreaterEq => BinaryOp::GtEq,
        H::Less => BinaryOp::Lt,
        H::Greater => BinaryOp::Gt,
        H::Plus => BinaryOp::Add,
        H::Minus => BinaryOp::Sub,
        H::Mul => BinaryOp::Mul,
        H::Div => BinaryOp::Div,
        H::Mod => BinaryOp::Mod,
        H::And => BinaryOp::And,
        H::Or => BinaryOp::Or,
    }
}

/// A traversal on a traversal (`(a.b)[0].c`) is flattened into one step list.
fn convert_traversal(t: &hexpr::Traversal) -> Expr {
    let steps = t.operators.iter().map(|op| match op.value() {
        hexpr::TraversalOperator::AttrSplat(_) => Traverser::AttrSplat,
        hexpr::TraversalOperator::FullSplat(_) => Traverser::FullSplat,
        hexpr::TraversalOperator::GetAttr(name) => Traverser::GetAttr(name.as_str().to_string()),
        hexpr::TraversalOperator::Index(e) => Traverser::Index(convert_expr(e)),
        hexpr::TraversalOperator::LegacyIndex(i) => Traverser::LegacyIndex(*i.value()),
    });
    match convert_expr(&t.expr) {
        Expr::Traversal(root, mut before) => {
            before.extend(steps);
            Expr::Traversal(root, before)
        }
        root => Expr::Traversal(Box::new(root), steps.collect()),
    }
}

/// Parses a template file's text (`templatefile`): the text with `${...}` and `%{...}`.
pub fn parse_template_text(text: &str) -> Result<Expr, String> {
    hcl_edit::parser::parse_template(text)
        .map(|t| template_expr(convert_template(&t)))
        .map_err(|e| {
            e.to_string()
                .lines()
                .next()
                .unwrap_or("invalid template")
                .to_string()
        })
}

/// A template made only of literals is a plain string (as Terraform treats it).
pub(crate) fn template_expr(parts: Vec<TemplatePart>) -> Expr {
    if parts.iter().all(|p| matches!(p, TemplatePart::Literal(_))) {
        let mut s = String::new();
        for part in parts {
            if let TemplatePart::Literal(l) = part {
                s.push_str(&l);
            }
        }
        Expr::String(s)
    } else {
        Expr::Template(parts)
    }
}

/// Converts a template, applying the `~` strip markers: hcl-edit records them but leaves
/// the whitespace in the neighbouring literals; Terraform removes it.
pub(crate) fn convert_template(template: &htpl::Template) -> Vec<TemplatePart> {
    let mut builder = PartsBuilder::default();
    builder.elements(template.iter());
    builder.finish()
}

/// Accumulates template parts while tracking a pending "strip the start of the next
/// literal" request from a preceding `~}`.
#[derive(Default)]
struct PartsBuilder {
    parts: Vec<TemplatePart>,
    strip_next: bool,
}

impl PartsBuilder {
    fn elements<'a>(&mut self, elements: impl Iterator<Item = &'a Element>) {
        for element in elements {
            match element {
                Element::Literal(l) => self.literal(l.value()),
                Element::Interpolation(i) => {
                    self.strip(i.strip.strip_start(), i.strip.strip_end());
                    self.parts
                        .push(TemplatePart::Interpolation(convert_expr(&i.expr)));
                }
                Element::Directive(d) => self.directive(d),
            }
        }
    }

    fn directive(&mut self, directive: &Directive) {
        match directive {
            Directive::If(d) => {
                self.strip(d.if_expr.strip.strip_start(), false);
                let else_strip = d.else_expr.as_ref().map(|e| e.strip);
                let then = sub_template(
                    d.if_expr.template.iter(),
                    d.if_expr.strip.strip_end(),
                    else_strip.map_or(d.endif_expr.strip.strip_start(), |s| s.strip_start()),
                );
                let otherwise = match &d.else_expr {
                    Some(e) => sub_template(
                        e.template.iter(),
                        e.strip.strip_end(),
                        d.endif_expr.strip.strip_start(),
                    ),
                    None => Vec::new(),
                };
                self.parts.push(TemplatePart::If {
                    cond: convert_expr(&d.if_expr.cond_expr),
                    then,
                    otherwise,
                });
                self.strip_next = d.endif_expr.strip.strip_end();
            }
            Directive::For(d) => {
                self.strip(d.for_expr.strip.strip_start(), false);
                let body = sub_template(
                    d.for_expr.template.iter(),
                    d.for_expr.strip.strip_end(),
                    d.endfor_expr.strip.strip_start(),
                );
                self.parts.push(TemplatePart::For {
                    key_var: d.for_expr.key_var.as_ref().map(|k| k.as_str().to_string()),
                    value_var: d.for_expr.value_var.as_str().to_string(),
                    collection: convert_expr(&d.for_expr.collection_expr),
                    body,
                });
                self.strip_next = d.endfor_expr.strip.strip_end();
            }
        }
    }

    fn literal(&mut self, text: &str) {
        let text = if std::mem::take(&mut self.strip_next) {
            text.trim_start()
        } else {
            text
        };
        if text.is_empty() {
            return;
        }
        if let Some(TemplatePart::Literal(prev)) = self.parts.last_mut() {
            prev.push_str(text);
        } else {
            self.parts.push(TemplatePart::Literal(text.to_string()));
        }
    }

    /// `~` on the left of a `${`/`%{` trims the previous literal's end; on the right, the
    /// next literal's start.
    fn strip(&mut self, before: bool, after: bool) {
        self.strip_next = false;
        if before {
            self.trim_last();
        }
        self.strip_next = after;
    }

    fn trim_last(&mut self) {
        if let Some(TemplatePart::Literal(prev)) = self.parts.last_mut() {
            let trimmed = prev.trim_end().len();
            prev.truncate(trimmed);
            if prev.is_empty() {
                self.parts.pop();
            }
        }
    }

    fn finish(self) -> Vec<TemplatePart> {
        self.parts
    }
}

/// The body of a directive, with the strips its delimiters ask for at its two ends.
fn sub_template<'a>(
    elements: impl Iterator<Item = &'a Element>,
    strip_start: bool,
    strip_end: bool,
) -> Vec<TemplatePart> {
    let mut builder = PartsBuilder {
        parts: Vec::new(),
        strip_next: strip_start,
    };
    builder.elements(elements);
    if strip_end {
        builder.trim_last();
    }
    builder.finish()
}

#[cfg(test)]
mod tests;
