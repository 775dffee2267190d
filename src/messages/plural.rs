//! Counted phrases: the CLDR plural category of a number in a language ([`Plural`]) and the `{n}`
//! templates the catalogs build on.

use super::Messages;

/// A CLDR plural category: which form of a counted phrase a language uses for a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plural {
    /// Zero (Arabic 0).
    Zero,
    /// One (English, German, Spanish 1; French 0 and 1; Arabic 1).
    One,
    /// Two (Arabic 2).
    Two,
    /// Few (Arabic 3–10, modulo 100).
    Few,
    /// Many (Arabic 11–99, modulo 100).
    Many,
    /// Everything else.
    Other,
}

impl Plural {
    /// The category of `n` in the language `tag` (primary subtag; English's rule for languages the
    /// kit has no catalog for).
    pub fn of(tag: &str, n: u32) -> Plural {
        match tag.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("ar") => Plural::arabic(n),
            Some("fr") if n <= 1 => Plural::One,
            _ if n == 1 => Plural::One,
            _ => Plural::Other,
        }
    }

    /// Arabic's six categories.
    pub fn arabic(n: u32) -> Plural {
        match (n, n % 100) {
            (0, _) => Plural::Zero,
            (1, _) => Plural::One,
            (2, _) => Plural::Two,
            (_, 3..=10) => Plural::Few,
            (_, 11..=99) => Plural::Many,
            _ => Plural::Other,
        }
    }
}

/// `template` with `{n}` replaced by `n` (what the catalogs' `agents` functions build on).
pub fn with_count(template: &str, n: u32) -> String {
    crate::text::replace(template, "{n}", &n.to_string(), usize::MAX)
}

/// The English, Spanish rule: one is singular, everything else (zero too) plural.
pub(crate) fn agents_one_other(m: &Messages, n: u32) -> String {
    with_count(if n == 1 { &m.agents_one } else { &m.agents_many }, n)
}
