//! JSON text as Go's `encoding/json` writes it, because the reference plugins
//! and libcni are Go programs and cnictl's output and cache files should be
//! byte-for-byte what they would have written.
//!
//! Two differences from serde_json matter: Go escapes `<`, `>`, `&`, U+2028
//! and U+2029 inside strings, and Go writes a map (libcni keeps a cached
//! result and the capability args as maps) with its keys sorted.

use serde_json::{Map, Value};

/// `json.MarshalIndent(v, "", "    ")`: four-space indent, no trailing
/// newline (the plugins print the result without one).
pub fn to_pretty_string(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // A Value has string keys only and writing to a Vec cannot fail.
    serde::Serialize::serialize(value, &mut serializer).expect("a JSON value serializes");
    go_escape(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// `json.Marshal(v)`: no whitespace at all.
pub fn to_compact_string(value: &Value) -> String {
    go_escape(value.to_string())
}

/// The value with every object's keys in byte order, recursively: how Go
/// writes a `map[string]interface{}`.
pub fn with_sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let sorted: Map<String, Value> = keys
                .into_iter()
                .map(|key| (key.clone(), with_sorted_keys(&map[key])))
                .collect();
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_sorted_keys).collect()),
        other => other.clone(),
    }
}

/// These characters can only occur inside JSON strings (never in structure
/// or numbers), so replacing them in the finished text escapes exactly the
/// string contents, as Go's HTML-safe encoder does.
fn go_escape(text: String) -> String {
    if !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return text;
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_matches_go_marshal_indent() {
        let value = json!({"code": 7, "msg": "x", "list": [], "obj": {}, "n": [1, {"a": null}]});
        assert_eq!(
            to_pretty_string(&value),
            "{\n    \"code\": 7,\n    \"msg\": \"x\",\n    \"list\": [],\n    \"obj\": {},\n    \
             \"n\": [\n        1,\n        {\n            \"a\": null\n        }\n    ]\n}"
        );
    }

    #[test]
    fn html_characters_are_escaped_like_go() {
        let value = json!({"msg": "a<b>&c\u{2028}", "quote": "\"\\"});
        assert_eq!(
            to_compact_string(&value),
            r#"{"msg":"a\u003cb\u003e\u0026c\u2028","quote":"\"\\"}"#
        );
        // The escaped text still means the same string.
        let back: Value = serde_json::from_str(&to_pretty_string(&value)).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn keys_are_sorted_recursively() {
        let value = json!({"b": 1, "a": [{"z": 1, "y": 2}], "C": {"k": 1, "j": 2}});
        assert_eq!(
            to_compact_string(&with_sorted_keys(&value)),
            r#"{"C":{"j":2,"k":1},"a":[{"y":2,"z":1}],"b":1}"#
        );
    }
}
