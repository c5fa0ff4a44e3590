//! Terraform: parse `.tf` / `.tf.json` into our tree, find root modules, and evaluate them
//! the way Terraform would (variables, locals, modules, count/for_each, functions).

pub mod ast;
pub mod eval;
pub mod functions;
pub mod model;
pub mod module;
pub mod parse;
pub mod types;
pub mod value;

pub use model::{Configuration, EvalBody, Mode, Resource};
pub use value::{Ref, Value};
