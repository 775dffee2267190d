//! Minifies the kit's stylesheet for the copy compiled into the library (`context::CSS`, which
//! `provide_visitor` injects): comments out, whitespace collapsed to one space, none around
//! `{ } ;`. Strings are kept as written, and so are the spaces in values (custom properties keep
//! their text as written). `style/gvk.css` stays the readable, linkable source. Also trims the
//! copy of `public/gvk-masking.js` the kit inserts when a page has none (`masking::SCRIPT`): comment
//! lines and indentation out, the code lines as written.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=style/gvk.css");
    println!("cargo:rerun-if-changed=public/gvk-masking.js");
    println!("cargo:rerun-if-changed=build.rs");
    let css = fs::read_to_string("style/gvk.css").expect("style/gvk.css is part of the crate");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let min = minify(&css);
    let gate = used_tokens_only(&page_view_rules(&min));
    fs::write(Path::new(&out_dir).join("gvk-gate.min.css"), gate).expect("OUT_DIR is writable");
    fs::write(Path::new(&out_dir).join("gvk.min.css"), min).expect("OUT_DIR is writable");
    let js = fs::read_to_string("public/gvk-masking.js").expect("public/gvk-masking.js is part of the crate");
    fs::write(Path::new(&out_dir).join("gvk-masking.min.js"), trim_js(&js)).expect("OUT_DIR is writable");
}

/// Leaves out the lines that are only comments (`// …`, and `/* … */` blocks that start a line) and
/// every line's indentation; the code lines stay as written, one per line (the script's own
/// comments never share a line with code, nor does any string hold a comment marker at a line's
/// start).
fn trim_js(js: &str) -> String {
    let mut out = String::with_capacity(js.len() / 2);
    let mut in_comment = false;
    for line in js.lines() {
        let t = line.trim();
        if in_comment {
            in_comment = !t.contains("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_comment = !t.contains("*/");
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

/// What a page view of the split build draws (`split::LazyVisitorUi`: the kit root, its Start button,
/// an alert, hidden iframes): the rules of the minified sheet whose selectors name one of these, the
/// token and theme blocks, and the at-rule blocks (`@supports`, `@media`) holding such rules.
/// Keyframes and everything else stay with the kit.
fn page_view_rules(min: &str) -> String {
    const KEEP: [&str; 10] = [
        ":root",
        ".gvk-light",
        ".gvk-dark",
        ".gvk-contrast",
        ".gvk-accessible",
        ".gvk-root",
        ".gvk-start",
        ".gvk-button",
        ".gvk-error",
        "[hidden]",
    ];
    let mut out = String::new();
    let mut rest = min;
    while let Some(open) = rest.find('{') {
        let selector = &rest[..open];
        // The block's end: its matching brace (the sheet has no braces in strings).
        let mut depth = 0;
        let mut end = open;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &rest[open + 1..end];
        if selector.starts_with("@keyframes") || selector.contains("data-gvk-private") {
            // not drawn before the kit is there
        } else if selector.starts_with('@') {
            let inner = page_view_rules(body);
            if !inner.is_empty() {
                out.push_str(&format!("{selector}{{{inner}}}"));
            }
        } else if KEEP.iter().any(|k| selector.contains(k)) {
            out.push_str(&rest[..=end]);
        }
        rest = &rest[end + 1..];
    }
    out
}

/// Leaves out the declarations of custom properties (`--gvk-x: …`) that nothing in `css` reads,
/// directly or through another token, and the blocks left empty.
fn used_tokens_only(css: &str) -> String {
    // The declarations: (start, end, name, value) of each `--gvk-…:…` up to `;` or `}`.
    let mut decls = Vec::new();
    let mut at = 0;
    while let Some(i) = css[at..].find("--gvk-") {
        let start = at + i;
        let name_end = start + css[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(0);
        at = name_end.max(start + 1);
        // A declaration follows `{` or `;`; a use follows `var(`.
        if css[..start].ends_with(['{', ';']) && css[name_end..].starts_with(':') {
            let end = name_end + css[name_end..].find([';', '}']).unwrap_or(css.len() - name_end);
            decls.push((start, end, &css[start..name_end], &css[name_end + 1..end]));
        }
    }
    let uses = |text: &str| -> Vec<String> {
        text.split("var(").skip(1).map(|t| t.split([',', ')']).next().unwrap_or("").trim().to_owned()).collect()
    };
    // What the rules read, then what those tokens read, until nothing new.
    let mut rest = String::new();
    let mut last = 0;
    for (start, end, ..) in &decls {
        rest.push_str(&css[last..*start]);
        last = *end;
    }
    rest.push_str(&css[last..]);
    let mut used: Vec<String> = uses(&rest);
    used.push("--gvk-color-scheme".to_owned());
    loop {
        let more: Vec<String> = decls
            .iter()
            .filter(|(_, _, name, _)| used.iter().any(|u| u == name))
            .flat_map(|(_, _, _, value)| uses(value))
            .filter(|u| !used.contains(u))
            .collect();
        if more.is_empty() {
            break;
        }
        used.extend(more);
    }
    let mut out = String::new();
    let mut last = 0;
    for (start, end, name, _) in &decls {
        if !used.iter().any(|u| u == name) {
            out.push_str(&css[last..*start]);
            // (the `;` after it goes too)
            last = if css[*end..].starts_with(';') { end + 1 } else { *end };
        }
    }
    out.push_str(&css[last..]);
    // Blocks left empty (`sel{}`), and at-rules left holding none.
    loop {
        let before = out.len();
        while let Some(i) = out.find("{}") {
            let start = out[..i].rfind(['{', '}', ';']).map_or(0, |j| j + 1);
            out.replace_range(start..i + 2, "");
        }
        if out.len() == before {
            break;
        }
    }
    out
}

fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A space is owed between two words; none is owed next to punctuation or at the start.
    let mut owed = false;
    let tight = |out: &String| out.is_empty() || out.ends_with(['{', '}', ';']);
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                owed = true;
            }
            c if c.is_whitespace() => owed = true,
            '{' | '}' | ';' => {
                out.push(c);
                owed = false;
            }
            _ => {
                if owed && !tight(&out) {
                    out.push(' ');
                }
                owed = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    while let Some(d) = chars.next() {
                        out.push(d);
                        if d == '\\' {
                            if let Some(e) = chars.next() {
                                out.push(e);
                            }
                        } else if d == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}
