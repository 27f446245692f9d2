//! Shape trees: the type and constraints of every member of a request or response.

use serde::Deserialize;

/// The botocore type of a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeKind {
    /// A UTF-8 string; lengths count Unicode code points.
    String,
    /// A 32-bit signed integer.
    Integer,
    /// A 64-bit signed integer.
    Long,
    /// A double-precision number.
    Double,
    /// A single-precision number.
    Float,
    /// A point in time, epoch seconds as a JSON number.
    Timestamp,
    /// `true` or `false`.
    Boolean,
    /// Base64 text.
    Blob,
    /// An ordered list of `member`.
    List,
    /// String keys to `value`.
    Map,
    /// Named members.
    Structure,
}

/// The JSON type a value of a shape carries on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonType {
    /// A JSON string.
    String,
    /// A JSON number.
    Number,
    /// `true` / `false`.
    Boolean,
    /// A JSON array.
    Array,
    /// A JSON object.
    Object,
}

impl JsonType {
    /// The article-prefixed name used in fault messages ("a string").
    pub fn described(self) -> &'static str {
        match self {
            JsonType::String => "a string",
            JsonType::Number => "a number",
            JsonType::Boolean => "a boolean",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        }
    }
}

/// One node of a shape tree.
#[derive(Debug, Deserialize)]
pub struct Shape {
    /// The botocore shape name (`DomainName`, `WorkflowRunIdOptional`, ...).
    #[serde(rename = "shape")]
    pub name: String,
    /// The botocore type.
    #[serde(rename = "type")]
    pub kind: ShapeKind,
    /// The JSON type on the wire.
    pub json: JsonType,
    /// Minimum length (strings, lists, maps) or value (numbers).
    pub min: Option<i64>,
    /// Maximum length (strings, lists, maps) or value (numbers).
    pub max: Option<i64>,
    /// The allowed values of an enumerated string.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// A regular expression the model states (none in SWF 2012-01-25; see tests).
    pub pattern: Option<String>,
    /// The members of a structure, in the model's order.
    #[serde(default)]
    pub members: Vec<Member>,
    /// The element shape of a list.
    pub member: Option<Box<Shape>>,
    /// The key shape of a map.
    pub key: Option<Box<Shape>>,
    /// The value shape of a map.
    pub value: Option<Box<Shape>>,
}

/// A named member of a structure.
#[derive(Debug, Deserialize)]
pub struct Member {
    /// The member name as it appears in JSON (`workflowId`).
    pub name: String,
    /// Whether the model lists it in the structure's `required`.
    pub required: bool,
    /// The member's shape.
    #[serde(rename = "value")]
    pub shape: Shape,
}

impl Shape {
    /// The index of the member called `name`, if this is a structure that has it.
    pub fn member_index(&self, name: &str) -> Option<usize> {
        self.members.iter().position(|m| m.name == name)
    }

    /// The member called `name`, if this is a structure that has it.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    /// Every node of the tree below (and including) this one, breadth first.
    pub fn walk(&self) -> Vec<&Shape> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            let node = out[i];
            out.extend(node.members.iter().map(|m| &m.shape));
            out.extend(node.member.as_deref());
            out.extend(node.key.as_deref());
            out.extend(node.value.as_deref());
            i += 1;
        }
        out
    }
}
