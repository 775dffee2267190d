//! [`Origin`]: a concrete web origin, parsed strictly, the unit the invoke rules trust.

use std::fmt;

use crate::event::format_number;

/// A concrete web origin: scheme (`http` or `https`), host and port. Parsed strictly: no path
/// (a single trailing `/` is allowed), no user info, query or fragment, no `*`, no `null`. Scheme
/// and host are compared case-insensitively; the default port (80 / 443) is the same as none.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

/// Why a text is not a concrete origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginError {
    /// The text as given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an origin: {}", self.input, self.reason)
    }
}

impl std::error::Error for OriginError {}

impl Origin {
    /// Parses `scheme://host[:port]`.
    ///
    /// ```
    /// use glance_visitor_kit::invoke::Origin;
    /// let o = Origin::parse("HTTPS://Chat.Example.com:443/").unwrap();
    /// assert_eq!(o.to_string(), "https://chat.example.com");
    /// assert!(Origin::parse("*").is_err());
    /// assert!(Origin::parse("chat.example.com").is_err());
    /// assert!(Origin::parse("https://chat.example.com/path").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<Origin, OriginError> {
        let err = |reason| OriginError { input: input.chars().take(200).collect(), reason };
        if input.len() > 300 {
            return Err(err("too long"));
        }
        if input == "*" {
            return Err(err("`*` is not a concrete origin"));
        }
        let (scheme, rest) = crate::text::split_once(input, "://").ok_or_else(|| err("no scheme"))?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(err("the scheme must be http or https")),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.chars().any(|c| matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()) {
            return Err(err("an origin has no path, user, query or fragment"));
        }
        let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
            let (addr, after) = v6.split_once(']').ok_or_else(|| err("unclosed IPv6 address"))?;
            if addr.is_empty() || !addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
                return Err(err("bad IPv6 address"));
            }
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| err("bad port"))?),
            };
            (format!("[{}]", addr.to_ascii_lowercase()), port)
        } else {
            let (host, port) = match rest.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (rest, None),
            };
            let ok = !host.is_empty()
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !crate::text::contains(host, "..")
                && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !ok {
                return Err(err("bad host"));
            }
            (host.to_ascii_lowercase(), port)
        };
        let port = match port {
            None => None,
            Some(p) => {
                if p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit()) {
                    return Err(err("bad port"));
                }
                let n: u32 = p.parse().map_err(|_| err("bad port"))?;
                if n == 0 || n > 65535 {
                    return Err(err("bad port"));
                }
                (n != default_port).then_some(n as u16)
            }
        };
        Ok(Origin { scheme, host, port })
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }
    /// The host, lower case (IPv6 in brackets).
    pub fn host(&self) -> &str {
        &self.host
    }
    /// The port, `None` for the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// A list of origins separated by commas or white space; the first bad one is the error.
    pub fn parse_list(text: &str) -> Result<Vec<Origin>, OriginError> {
        text.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(Origin::parse).collect()
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(p) = self.port {
            write!(f, ":{}", format_number(f64::from(p)))?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Origin {
    type Err = OriginError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Origin::parse(s)
    }
}
