//! Substring search and replacement without `core::str::pattern::StrSearcher`.
//!
//! A `&str` pattern (`contains("..")`, `split_once("://")`, `replace("{n}", …)`) links the
//! standard library's two-way searcher, and with it the panic path of string slicing and the
//! `Debug` formatting of `char`: measured, 5.2 KB gzip of the minimal host app's wasm, for the
//! handful of short, fixed needles the kit looks for. These do the same on bytes, and never slice a
//! string where it could panic.

/// The byte offset of the first `needle` in `hay`.
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    if n == 0 {
        return Some(0);
    }
    hay.as_bytes().windows(n).position(|w| w == needle.as_bytes())
}

/// Whether `hay` contains `needle`.
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay` split around its first `needle`.
pub(crate) fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let i = find(hay, needle)?;
    Some((hay.get(..i)?, hay.get(i + needle.len()..)?))
}

/// `hay` with its first `count` (non-overlapping) `needle`s replaced by `with`; every one when
/// `count` is `usize::MAX`.
pub(crate) fn replace(hay: &str, needle: &str, with: &str, count: usize) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    let mut left = count;
    while left > 0 {
        let Some((before, after)) = split_once(rest, needle).filter(|_| !needle.is_empty()) else { break };
        out.push_str(before);
        out.push_str(with);
        rest = after;
        left -= 1;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_standard_library_does() {
        for (hay, needle) in [
            ("https://a.example", "://"),
            ("a..b", ".."),
            ("ab", "abc"),
            ("", "x"),
            ("x", ""),
            ("{n} agents, {n}", "{n}"),
            ("ééé//ü", "//"),
            ("aaa", "aa"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay} / {needle}");
            assert_eq!(contains(hay, needle), hay.contains(needle), "{hay} / {needle}");
            assert_eq!(split_once(hay, needle), hay.split_once(needle), "{hay} / {needle}");
            if !needle.is_empty() {
                assert_eq!(replace(hay, needle, "<>", usize::MAX), hay.replace(needle, "<>"), "{hay} / {needle}");
                assert_eq!(replace(hay, needle, "", 1), hay.replacen(needle, "", 1), "{hay} / {needle}");
            }
        }
    }
}
