//! Minifies the kit's stylesheet for the copy compiled into the library (`context::CSS`, which
//! `provide_visitor` injects): comments out, whitespace collapsed to one space, none around
//! `{ } ;`. Strings are kept as written, and so are the spaces in values (custom properties keep
//! their text as written). `style/gvk.css` stays the readable, linkable source.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=style/gvk.css");
    println!("cargo:rerun-if-changed=build.rs");
    let css = fs::read_to_string("style/gvk.css").expect("style/gvk.css is part of the crate");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gvk.min.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
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
