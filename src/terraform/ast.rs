//! irready's own syntax tree for Terraform, built from `.tf` (via hcl-edit) and `.tf.json`.
//!
//! Why our own tree and not hcl-edit's: both file kinds map onto it, it is a fraction of
//! the memory of a lossless tree (DEPENDENCIES.md: ~34× the input), and every node the
//! checks report on carries its `Location` already resolved.

use crate::source::Location;

/// One parsed file: its top-level body.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Display path (relative to the scanned root, forward slashes).
    pub path: std::sync::Arc<str>,
    pub body: Body,
}

/// Attributes and nested blocks, in source order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub expr: Expr,
    /// Where the attribute's name starts.
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// `resource`, `variable`, `dynamic`, `email_receiver`, ...
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    /// Where the block's keyword starts.
    pub location: Location,
    /// `# irready:ignore <check-id> <reason>` comments directly above or inside the block
    /// header line, raw text after `irready:ignore` (used by the waivers issue).
    pub ignore_comments: Vec<String>,
}

/// An HCL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(f64),
    /// A string without interpolation.
    String(String),
    /// A string or heredoc with `${...}` or `%{...}` parts.
    Template(Vec<TemplatePart>),
    Tuple(Vec<Expr>),
    Object(Vec<(ObjectKey, Expr)>),
    /// A bare root name: `var`, `local`, `each`, `aws_sns_topic`, a `for` variable...
    Variable(String),
    /// `expr.attr[idx].*.x`: a root expression followed by traversal steps.
    Traversal(Box<Expr>, Vec<Traverser>),
    Call(Box<Call>),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKey {
    /// `name = ...` (a bare identifier is a literal key, as in Terraform).
    Ident(String),
    /// `"key" = ...`, `(expr) = ...`, `"${x}" = ...`.
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Traverser {
    /// `.name`
    GetAttr(String),
    /// `[expr]`
    Index(Expr),
    /// `.0` (legacy index)
    LegacyIndex(u64),
    /// `.*` — applies the remaining steps to each element.
    AttrSplat,
    /// `[*]` — applies the remaining steps to each element.
    FullSplat,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Function name, with a `provider::ns::` prefix kept as written.
    pub name: String,
    pub args: Vec<Expr>,
    /// `f(xs...)`: the last argument is expanded.
    pub expand_final: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    /// `Some` for an object `for` (`{ ... key => value }`).
    pub key: Option<Expr>,
    pub value: Expr,
    pub cond: Option<Expr>,
    /// `...` after the value: group values with the same key into lists.
    pub grouping: bool,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Literal(String),
    Interpolation(Expr),
    If {
        cond: Expr,
        then: Vec<TemplatePart>,
        otherwise: Vec<TemplatePart>,
    },
    For {
        key_var: Option<String>,
        value_var: String,
        collection: Expr,
        body: Vec<TemplatePart>,
    },
}
