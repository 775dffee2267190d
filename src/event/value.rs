//! [`Value`]: a small, owned, JSON-shaped copy of an event payload.
//!
//! Payloads reach the kit from JavaScript (through [`crate::event::js`]) or from JSON text (fixtures,
//! native tests, through any serde deserializer such as `serde_json`). Both are first turned into a
//! `Value`, and one decoder ([`crate::event::VisitorEvent::decode`]) turns a `Value` into a typed event.
//! That keeps decoding total and identical for both origins, and lets errors name the exact field.

use std::fmt;

/// Nesting deeper than this is cut off (replaced by [`Value::Null`]) when a payload is copied.
/// Glance payloads are at most three levels deep; a cycle or a hostile object stops here.
pub(crate) const MAX_DEPTH: usize = 16;

/// A JSON-like value. Object keys keep their order; functions found in a JS payload are kept as
/// [`Value::Function`] markers (the callables themselves travel in a [`crate::event::Responder`]).
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// `null`, `undefined`, or a missing payload.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number, including NaN and infinities when they come from JavaScript.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, as key/value pairs in their original order.
    Object(Vec<(String, Value)>),
    /// A JavaScript function (only from JS payloads).
    Function,
}

impl Value {
    /// The member `key` of an object; `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Like [`Value::get`], but a member that is `null` counts as missing.
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// A short name of this value's type, used in error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function => "function",
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Writes a number as text without the standard library's float formatting (which costs several
/// kilobytes of wasm): whole numbers exactly, others with up to six decimals, JSON-style
/// `NaN` / `Infinity` names for the rest: `1600.0` is `1600`, `-2.5` is `-2.5`, `0.1234567` is
/// `0.123457`.
pub(crate) fn format_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let a = n.abs();
    if a >= 9.0e18 {
        // Beyond i64: powers of ten are enough for error messages.
        let mut exp = 0;
        let mut m = a;
        while m >= 10.0 {
            m /= 10.0;
            exp += 1;
        }
        return format!("{sign}{}e{exp}", format_number(m));
    }
    let mut int = a.trunc() as u64;
    let mut frac = ((a - a.trunc()) * 1e6).round() as u64;
    if frac >= 1_000_000 {
        int += 1;
        frac -= 1_000_000;
    }
    if frac == 0 {
        return if int == 0 { "0".into() } else { format!("{sign}{int}") };
    }
    let digits = format!("{frac:06}");
    format!("{sign}{int}.{}", digits.trim_end_matches('0'))
}

/// Writes the value as compact JSON (functions as `"[function]"`, non-finite numbers as `null`).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) if n.is_finite() => f.write_str(&format_number(*n)),
            Value::Number(_) => f.write_str("null"),
            Value::String(s) => write_json_string(f, s),
            Value::Function => f.write_str("\"[function]\""),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_json_string(f, k)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_json_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

/// Any serde data format can produce a `Value` (e.g. `serde_json::from_str::<Value>(text)`).
/// Nesting deeper than 16 levels is rejected by the format's own recursion limit or kept as is;
/// the decoder never looks deeper than three levels.
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            entries.push((k, v));
        }
        Ok(Value::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_escapes_and_nests() {
        let v = Value::Object(vec![
            ("a".into(), Value::String("x\"<y>\n".into())),
            ("b".into(), Value::Array(vec![Value::Number(1.5), Value::Null, Value::Function])),
            ("c".into(), Value::Number(f64::NAN)),
        ]);
        assert_eq!(v.to_string(), r#"{"a":"x\"<y>\n","b":[1.5,null,"[function]"],"c":null}"#);
    }

    #[test]
    fn numbers_format_without_float_machinery() {
        for (n, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (42.0, "42"),
            (-7.0, "-7"),
            (8.5, "8.5"),
            (0.000001, "0.000001"),
            (0.0000004, "0"),
            (1.9999999, "2"),
            (1e12, "1000000000000"),
            (1e20, "1e20"),
            (f64::INFINITY, "Infinity"),
        ] {
            assert_eq!(format_number(n), text, "{n:?}");
        }
    }

    #[test]
    fn field_treats_null_as_missing() {
        let v = Value::Object(vec![("a".into(), Value::Null), ("b".into(), Value::Bool(true))]);
        assert!(v.get("a").is_some());
        assert!(v.field("a").is_none());
        assert_eq!(v.field("b"), Some(&Value::Bool(true)));
        assert!(Value::Null.get("a").is_none());
    }
}
