//! stub
use super::make_module;
use crate::value::*;
pub(super) fn heapq_module() -> Value { make_module("heapq", vec![]) }
pub(super) fn bisect_module() -> Value { make_module("bisect", vec![]) }
