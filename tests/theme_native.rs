//! Native tests of theming and languages: every catalog complete and translated, plural rules,
//! language picking, the contrast of every default token pair (computed from style/gvk.css, ratios
//! printed), the README token table equal to the CSS token block, no literal colour outside the
//! token blocks, and the theme and language attributes in server-rendered HTML.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use glance_visitor_kit::messages::{Dir, Plural, LANGUAGES};
use glance_visitor_kit::theme::{ColorScheme, Theme};
use glance_visitor_kit::Messages;

const CSS: &str = include_str!("../style/gvk.css");
const README: &str = include_str!("../README.md");

fn catalogs() -> Vec<Messages> {
    vec![Messages::english(), Messages::german(), Messages::french(), Messages::spanish(), Messages::arabic()]
}

// ---------------------------------------------------------------- catalogs

/// The string fields of a catalog, read from its `Debug` output (so a new field is covered
/// without listing it here): `name -> value`, for every field printed as a string.
fn string_fields(m: &Messages) -> BTreeMap<String, String> {
    let dbg = format!("{m:?}");
    let body = dbg.strip_prefix("Messages { ").and_then(|b| b.strip_suffix(" }")).expect("Debug shape");
    let mut out = BTreeMap::new();
    let mut rest = body;
    while !rest.is_empty() {
        let colon = rest.find(": ").expect("field name");
        let name = rest[..colon].to_owned();
        rest = &rest[colon + 2..];
        if let Some(after) = rest.strip_prefix('"') {
            // A string: read to the closing quote, minding escapes.
            let mut value = String::new();
            let mut chars = after.char_indices();
            let end = loop {
                let (i, c) = chars.next().expect("closed string");
                match c {
                    '\\' => {
                        let (_, e) = chars.next().expect("escape");
                        value.push(match e {
                            'n' => '\n',
                            other => other,
                        });
                    }
                    '"' => break i,
                    c => value.push(c),
                }
            };
            out.insert(name, value);
            rest = &after[end + 1..];
        } else {
            let end = rest.find(", ").unwrap_or(rest.len());
            rest = &rest[end..];
        }
        rest = rest.strip_prefix(", ").unwrap_or(rest);
    }
    out
}

#[test]
fn every_catalog_has_every_key_translated() {
    let english = string_fields(&Messages::english());
    assert!(english.len() >= 90, "found {} string fields", english.len());
    // Fields that may read the same as in English (names, units, short words shared by languages).
    let same_ok = ["region_label", "list_separator", "lang"];
    for m in catalogs() {
        let fields = string_fields(&m);
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            english.keys().collect::<Vec<_>>(),
            "{}: the same keys as English",
            m.lang
        );
        for (key, value) in &fields {
            assert!(!value.trim().is_empty(), "{}: {key} is empty", m.lang);
            let en = &english[key];
            // Placeholders survive translation (Arabic's singular spells "one" out instead).
            if en.contains("{n}") && !(m.lang == "ar" && key == "agents_one") {
                assert!(value.contains("{n}"), "{}: {key} lost its {{n}}: {value}", m.lang);
            }
            if m.lang != "en" && !same_ok.contains(&key.as_str()) {
                // One word may be the same in two languages ("Details", "Video"); a phrase may not.
                let one_word = !value.trim().contains(' ');
                assert!(value != en || one_word, "{}: {key} is not translated: {value}", m.lang);
            }
        }
        println!("catalog {}: {} strings, dir {}", m.lang, fields.len(), m.dir.as_str());
    }
}

#[test]
fn catalogs_carry_their_language_and_direction() {
    let tags: Vec<String> = catalogs().iter().map(|m| m.lang.to_string()).collect();
    assert_eq!(tags, LANGUAGES);
    for m in catalogs() {
        let rtl = m.lang == "ar";
        assert_eq!(m.dir, if rtl { Dir::Rtl } else { Dir::Ltr }, "{}", m.lang);
    }
}

#[test]
fn plural_rules_per_language() {
    let table: [(&str, Messages, [&str; 8]); 5] = [
        (
            "en",
            Messages::english(),
            [
                "0 agents viewing",
                "1 agent viewing",
                "2 agents viewing",
                "3 agents viewing",
                "11 agents viewing",
                "100 agents viewing",
                "101 agents viewing",
                "102 agents viewing",
            ],
        ),
        (
            "de",
            Messages::german(),
            [
                "Kein Agent sieht zu",
                "1 Agent sieht zu",
                "2 Agenten sehen zu",
                "3 Agenten sehen zu",
                "11 Agenten sehen zu",
                "100 Agenten sehen zu",
                "101 Agenten sehen zu",
                "102 Agenten sehen zu",
            ],
        ),
        (
            "fr",
            Messages::french(),
            [
                "0 agent connecté",
                "1 agent connecté",
                "2 agents connectés",
                "3 agents connectés",
                "11 agents connectés",
                "100 agents connectés",
                "101 agents connectés",
                "102 agents connectés",
            ],
        ),
        (
            "es",
            Messages::spanish(),
            [
                "0 agentes mirando",
                "1 agente mirando",
                "2 agentes mirando",
                "3 agentes mirando",
                "11 agentes mirando",
                "100 agentes mirando",
                "101 agentes mirando",
                "102 agentes mirando",
            ],
        ),
        (
            "ar",
            Messages::arabic(),
            [
                "لا يشاهد أي وكيل",
                "وكيل واحد يشاهد",
                "وكيلان يشاهدان",
                "3 وكلاء يشاهدون",
                "11 وكيلًا يشاهدون",
                "100 وكيل يشاهدون",
                "101 وكيل يشاهدون",
                "102 وكيل يشاهدون",
            ],
        ),
    ];
    for (lang, m, expected) in table {
        for (n, want) in [0, 1, 2, 3, 11, 100, 101, 102].into_iter().zip(expected) {
            assert_eq!(m.agents_label(n), want, "{lang} {n}");
        }
    }
    // Arabic's six categories, modulo 100.
    let ar: Vec<Plural> =
        [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1000].iter().map(|&n| Plural::arabic(n)).collect();
    use Plural::*;
    assert_eq!(ar, [Zero, One, Two, Few, Few, Many, Many, Other, Other, Few, Many, Other]);
    assert_eq!((Plural::of("fr-CA", 0), Plural::of("en", 0), Plural::of("de", 1)), (One, Other, One));
    // A larger German number and a count inside an overridden template.
    let custom = Messages { agents_many: "{n} Agenten".into(), ..Messages::german() };
    assert_eq!(custom.agents_label(4), "4 Agenten");
}

#[test]
fn names_are_listed_the_language_way() {
    let names: Vec<String> = ["Ann", "Ben", "Cy"].map(String::from).to_vec();
    assert_eq!(Messages::english().agent_names(&names), "Ann, Ben and Cy");
    assert_eq!(Messages::german().agent_names(&names[..2]), "Ann und Ben");
    assert_eq!(Messages::french().agent_names(&names), "Ann, Ben et Cy");
    assert_eq!(Messages::spanish().agent_names(&names[..1]), "Ann");
    assert_eq!(Messages::arabic().agent_names(&names), "Ann، Ben وCy");
    assert_eq!(Messages::english().agent_names(&[]), "");
}

#[test]
fn a_catalog_is_picked_by_language_with_a_fallback() {
    assert_eq!(Messages::for_language("de-AT").lang, "de");
    assert_eq!(Messages::for_language("AR").lang, "ar");
    assert_eq!(Messages::for_language("es_419").lang, "es");
    assert_eq!(Messages::for_language("").lang, "en");
    assert_eq!(Messages::for_language("tlh").lang, "en");
    assert_eq!(Messages::for_languages(["nl-NL", "fr-CA", "de"]).lang, "fr");
    assert_eq!(Messages::for_languages(Vec::<String>::new()).lang, "en");
    assert!(Messages::try_for_language("pt").is_none());
    // No browser on a native target: English.
    assert_eq!(Messages::from_browser().lang, "en");
    // Single strings stay replaceable.
    let m = Messages { rc_allow: "Ja, gerne".into(), ..Messages::german() };
    assert_eq!((m.rc_allow.as_ref(), m.decline.as_ref(), m.lang.as_ref()), ("Ja, gerne", "Ablehnen", "de"));
}

// ---------------------------------------------------------------- CSS parsing

/// The CSS without comments.
fn css() -> String {
    let mut out = String::new();
    let mut rest = CSS;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("closed comment");
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// A rule: (at-rule context, selector, declarations).
type Rule = (String, String, Vec<(String, String)>);

/// Every rule with declarations.
fn rules() -> Vec<Rule> {
    fn walk(text: &str, context: &str, out: &mut Vec<Rule>) {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let head = rest[..open].trim().to_owned();
            // Find the matching brace.
            let mut depth = 0;
            let mut close = open;
            for (i, c) in rest[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let body = &rest[open + 1..close];
            if head.starts_with('@') {
                walk(body, &head, out);
            } else {
                let decls = body
                    .split(';')
                    .filter_map(|d| d.split_once(':'))
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .collect();
                out.push((context.to_owned(), head, decls));
            }
            rest = &rest[close + 1..];
        }
    }
    let mut out = Vec::new();
    walk(&css(), "", &mut out);
    out
}

/// A token block: a rule that only sets `--gvk-*` custom properties.
fn is_token_block(decls: &[(String, String)]) -> bool {
    !decls.is_empty() && decls.iter().all(|(k, _)| k.starts_with("--gvk-"))
}

fn block(context: &str, selector: &str) -> BTreeMap<String, String> {
    rules()
        .into_iter()
        .find(|(c, s, _)| c == context && s == selector)
        .unwrap_or_else(|| panic!("no block {context} {selector}"))
        .2
        .into_iter()
        .collect()
}

fn defaults() -> BTreeMap<String, String> {
    block("", ":where(:root)")
}

fn high_contrast() -> BTreeMap<String, String> {
    block("", ".gvk-contrast, .gvk-accessible")
}

// ---------------------------------------------------------------- colours

#[derive(Clone, Copy, Debug)]
struct Rgba(f64, f64, f64, f64);

fn parse_colour(v: &str) -> Rgba {
    let v = v.trim();
    if let Some(hex) = v.strip_prefix('#') {
        let hex: String = if hex.len() == 3 { hex.chars().flat_map(|c| [c, c]).collect() } else { hex.to_owned() };
        let byte = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
        return Rgba(byte(0), byte(2), byte(4), 1.0);
    }
    if let Some(inner) = v.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')')) {
        let (rgb, alpha) = inner.split_once('/').unwrap_or((inner, "1"));
        let c: Vec<f64> = rgb.split_whitespace().map(|n| n.parse::<f64>().expect("number") / 255.0).collect();
        return Rgba(c[0], c[1], c[2], alpha.trim().parse().expect("alpha"));
    }
    panic!("not a colour: {v}")
}

/// (light, dark) of a token value: `light-dark(a, b)` or one colour for both.
fn pair(v: &str) -> (Rgba, Rgba) {
    match v.strip_prefix("light-dark(").and_then(|r| r.strip_suffix(')')) {
        Some(inner) => {
            let (a, b) = inner.split_once(',').expect("two colours");
            (parse_colour(a), parse_colour(b))
        }
        None => (parse_colour(v), parse_colour(v)),
    }
}

/// A colour with alpha laid over an opaque one.
fn over(top: Rgba, under: Rgba) -> Rgba {
    let a = top.3;
    Rgba(top.0 * a + under.0 * (1.0 - a), top.1 * a + under.1 * (1.0 - a), top.2 * a + under.2 * (1.0 - a), 1.0)
}

fn luminance(c: Rgba) -> f64 {
    let f = |v: f64| if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) };
    0.2126 * f(c.0) + 0.7152 * f(c.1) + 0.0722 * f(c.2)
}

/// WCAG 2 contrast ratio.
fn ratio(a: Rgba, b: Rgba) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Text pairs (foreground, background) and non-text pairs (a control's edge or the focus ring
/// against the surface).
const TEXT_PAIRS: [(&str, &str); 8] = [
    ("--gvk-color-text", "--gvk-color-surface"),
    ("--gvk-color-muted", "--gvk-color-surface"),
    ("--gvk-color-primary", "--gvk-color-surface"),
    ("--gvk-color-on-primary", "--gvk-color-primary"),
    ("--gvk-color-warning-text", "--gvk-color-warning-bg"),
    ("--gvk-color-danger", "--gvk-color-danger-bg"),
    ("--gvk-color-text", "--gvk-color-danger-bg"),
    ("--gvk-color-on-overlay", "--gvk-color-overlay"),
];
const NON_TEXT_PAIRS: [(&str, &str); 2] =
    [("--gvk-color-border", "--gvk-color-surface"), ("--gvk-focus-ring", "--gvk-color-surface")];

/// Every pair's ratio in light and dark for a token set; a translucent background (the stats
/// overlay) is laid over the worst case behind it (white, or black for dark text).
fn ratios(tokens: &BTreeMap<String, String>, pairs: &[(&str, &str)]) -> Vec<(String, f64, f64)> {
    let colour = |name: &str| {
        let v = &tokens[name];
        // The focus ring's colour is the shorthand's last part.
        let v = if name == "--gvk-focus-ring" { v.splitn(3, ' ').nth(2).expect("width style colour") } else { v };
        pair(v)
    };
    pairs
        .iter()
        .map(|&(fg, bg)| {
            let ((fl, fd), (bl, bd)) = (colour(fg), colour(bg));
            let worst = |f: Rgba, b: Rgba| {
                if b.3 >= 1.0 {
                    return ratio(f, b);
                }
                let white = Rgba(1.0, 1.0, 1.0, 1.0);
                let black = Rgba(0.0, 0.0, 0.0, 1.0);
                ratio(f, over(b, white)).min(ratio(f, over(b, black)))
            };
            (format!("{fg} on {bg}"), worst(fl, bl), worst(fd, bd))
        })
        .collect()
}

fn check(label: &str, tokens: &BTreeMap<String, String>, text_min: f64, non_text_min: f64) {
    for (pairs, min) in [(&TEXT_PAIRS[..], text_min), (&NON_TEXT_PAIRS[..], non_text_min)] {
        for (name, light, dark) in ratios(tokens, pairs) {
            println!("contrast {label:>13}: {name:<58} light {light:>5.2}:1  dark {dark:>5.2}:1  (min {min})");
            assert!(light >= min && dark >= min, "{label} {name}: {light:.2} / {dark:.2} < {min}");
        }
    }
}

#[test]
fn default_token_pairs_meet_wcag_aa_in_light_and_dark() {
    check("light/dark", &defaults(), 4.5, 3.0);
}

#[test]
fn high_contrast_token_pairs_meet_wcag_aaa() {
    let mut tokens = defaults();
    tokens.extend(high_contrast());
    check("high contrast", &tokens, 7.0, 4.5);
}

#[test]
fn the_themes_set_the_same_tokens_and_switch_the_scheme() {
    let defaults = defaults();
    for (selector, tokens) in [(".gvk-contrast, .gvk-accessible", high_contrast())] {
        for key in tokens.keys() {
            assert!(defaults.contains_key(key), "{selector} sets {key}, which has no default");
        }
    }
    assert_eq!(block("", ".gvk-dark")["--gvk-color-scheme"], "dark");
    assert_eq!(block("", ".gvk-light")["--gvk-color-scheme"], "light");
    let forced = block("@media (forced-colors: active)", ":where(:root), .gvk-contrast, .gvk-accessible");
    for (key, value) in &forced {
        assert!(defaults.contains_key(key), "forced colours set {key}");
        assert!(!value.contains('#') && !value.contains("rgb("), "forced colours use system colours: {key}: {value}");
    }
    let motion =
        rules().into_iter().filter(|(c, _, _)| c == "@media (prefers-reduced-motion: reduce)").collect::<Vec<_>>();
    assert!(motion
        .iter()
        .any(|(_, s, d)| s.contains(".gvk-spinner") && d.contains(&("animation".into(), "none".into()))));
}

// ---------------------------------------------------------------- tokens only

const NAMED: [&str; 16] = [
    "white",
    "black",
    "red",
    "green",
    "blue",
    "gray",
    "grey",
    "yellow",
    "orange",
    "purple",
    "pink",
    "silver",
    "navy",
    "teal",
    "maroon",
    "transparent",
];

fn literal_colour(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if let Some(i) = lower.find('#') {
        let hex: String = lower[i + 1..].chars().take_while(char::is_ascii_hexdigit).collect();
        if hex.len() >= 3 {
            return Some(format!("#{hex}"));
        }
    }
    for f in ["rgb(", "rgba(", "hsl(", "hsla(", "hwb(", "lab(", "lch(", "oklab(", "oklch(", "color("] {
        if lower.contains(f) {
            return Some(f.to_owned());
        }
    }
    lower.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).find(|word| NAMED.contains(word)).map(str::to_owned)
}

#[test]
fn no_literal_colour_outside_the_token_blocks() {
    let mut checked = 0;
    for (context, selector, decls) in rules() {
        if is_token_block(&decls) || selector.starts_with("from") || selector.starts_with("to") {
            continue;
        }
        assert!(
            selector.split(',').all(|s| s.contains("gvk") || s.contains("data-gvk")),
            "unprefixed rule: {selector}"
        );
        for (prop, value) in decls {
            checked += 1;
            assert!(
                literal_colour(&value).is_none(),
                "{context} {selector} {{ {prop}: {value} }} has a literal colour; use a --gvk-* token"
            );
        }
    }
    assert!(checked > 100, "checked {checked} declarations");
    // The check itself finds literals.
    for bad in ["#fff", "rgb(0 0 0 / 0.7)", "1px solid white", "hsl(0 0% 0%)"] {
        assert!(literal_colour(bad).is_some(), "{bad}");
    }
    assert!(literal_colour("var(--gvk-color-text)").is_none());
}

#[test]
fn empty_banners_are_hidden_by_state_not_by_empty() {
    assert!(!css().contains(":empty"), "`:empty` never matches server-rendered text");
}

// ---------------------------------------------------------------- README

/// The README's token table: `| `--gvk-x` | default | high contrast | use |`.
fn readme_tokens() -> BTreeMap<String, (String, String)> {
    README
        .lines()
        .filter(|l| l.starts_with("| `--gvk-"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').skip(1).map(|c| c.trim().trim_matches('`')).collect();
            (cells[0].to_owned(), (cells[1].to_owned(), cells.get(2).copied().unwrap_or("").to_owned()))
        })
        .collect()
}

#[test]
fn readme_token_table_equals_the_css() {
    let readme = readme_tokens();
    let hc = high_contrast();
    let css: BTreeMap<String, (String, String)> = defaults()
        .into_iter()
        .map(|(k, v)| {
            let h = hc.get(&k).cloned().unwrap_or_default();
            (k, (v, h))
        })
        .collect();
    assert_eq!(readme, css, "README's token table (Theming) and style/gvk.css differ");
    println!("{} tokens documented", readme.len());
}

// ---------------------------------------------------------------- server rendering

#[cfg(feature = "ssr")]
#[test]
fn theme_and_language_render_on_the_server() {
    use glance_visitor_kit::source::Simulator;
    use glance_visitor_kit::{provide_visitor, provide_visitor_with_options, VisitorOptions, VisitorUi};
    use leptos::prelude::*;

    let owner = Owner::new();
    let html = owner.with(|| {
        let theme = Theme {
            color_scheme: ColorScheme::Dark,
            accent: Some("#8a1538".into()),
            radius: Some("4px".into()),
            ..Theme::default()
        };
        provide_visitor_with_options(
            Simulator::new(),
            VisitorOptions { messages: Messages::arabic(), theme, ..Default::default() },
        );
        view! { <VisitorUi /> }.to_html()
    });
    let aside = &html[html.find("<aside").expect("aside")..];
    let aside = &aside[..aside.find('>').expect("tag end")];
    for want in ["dir=\"rtl\"", "lang=\"ar\"", "gvk-root gvk-dark", "--gvk-color-primary:#8a1538", "--gvk-radius:4px"] {
        assert!(aside.contains(want), "{want} missing in {aside}");
    }
    assert!(aside.contains("aria-label=\"التصفح المشترك\""), "{aside}");
    // The panels (siblings of the landmark) carry the same.
    let at = html.find("data-gvk=\"screenshare-panel\"").expect("panel");
    let start = html[..at].rfind('<').expect("tag start");
    let panel = &html[start..start + html[start..].find('>').expect("tag end")];
    assert!(
        panel.contains("dir=\"rtl\"") && panel.contains("gvk-dark") && panel.contains("--gvk-radius:4px"),
        "{panel}"
    );
    // The default renders left to right in English, with no theme class or style.
    let html = Owner::new().with(|| {
        provide_visitor(Simulator::new());
        view! { <VisitorUi /> }.to_html()
    });
    assert!(html.contains("dir=\"ltr\"") && html.contains("lang=\"en\"") && !html.contains("gvk-dark"));
}

// ---------------------------------------------------------------- the injected copy

/// The CSS compiled into the library (`context::CSS`, minified by build.rs) has the same rules as
/// style/gvk.css: with comments removed, both split into the same words and the same punctuation
/// (a space the minifier wrongly dropped would join two words), and the strings are intact.
#[test]
fn injected_css_is_the_stylesheet_minified() {
    fn without_comments(css: &str) -> String {
        let mut out = String::new();
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            out.push(' ');
            let end = rest[start + 2..].find("*/").expect("closed comment") + start + 4;
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
    fn tokens(css: &str) -> Vec<String> {
        let spaced = css.replace('{', " { ").replace('}', " } ").replace(';', " ; ");
        spaced.split_whitespace().map(str::to_owned).collect()
    }
    let injected = glance_visitor_kit::context::CSS;
    assert!(!injected.contains("/*"), "no comments left");
    assert_eq!(tokens(injected), tokens(&without_comments(CSS)));
    for quoted in ["\"Segoe UI\"", "\"Cascadia Mono\"", "[data-state=\"hidden\"]"] {
        assert!(injected.contains(quoted), "{quoted} kept as written");
    }
    println!("injected CSS: {} bytes, from {} in style/gvk.css", injected.len(), CSS.len());
    assert!(injected.len() * 10 < CSS.len() * 9, "at least a tenth smaller");
}

/// `light-dark(a, b)` replaced by `a` wherever it occurs.
fn light_of(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("light-dark(") {
        out.push_str(&rest[..i]);
        let inner = &rest[i + "light-dark(".len()..];
        let close = inner.find(')').expect("closed light-dark(");
        let (light, _) = inner[..close].split_once(',').expect("two colours");
        out.push_str(light.trim());
        rest = &inner[close + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn engines_without_light_dark_get_the_light_values() {
    // Safari before 17.5 (iPhones that stay on iOS 16), Firefox before 120, Chromium before 123
    // would find each `light-dark()` token invalid: transparent prompts over the page.
    const CONTEXT: &str = "@supports not (color: light-dark(#000, #fff))";
    for (selector, tokens) in [(":where(:root)", defaults()), (".gvk-contrast, .gvk-accessible", high_contrast())] {
        let fallback = block(CONTEXT, selector);
        let paired: Vec<_> = tokens.iter().filter(|(_, v)| v.contains("light-dark(")).collect();
        assert!(paired.len() >= 10, "{selector}: {} paired tokens", paired.len());
        for (name, value) in paired {
            assert_eq!(fallback.get(name), Some(&light_of(value)), "{selector} {name}: {value}");
        }
        assert!(fallback.values().all(|v| !v.contains("light-dark(")), "{selector}: {fallback:?}");
        assert_eq!(fallback.len(), tokens.iter().filter(|(_, v)| v.contains("light-dark(")).count(), "{selector}");
    }
    // The fallback comes after the token blocks it overrides and before forced colours, which must
    // still win where an old engine has them.
    let css = css();
    let at = |needle: &str| css.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at(".gvk-contrast, .gvk-accessible {") < at(CONTEXT));
    assert!(at(CONTEXT) < at("@media (forced-colors: active)"));
    assert_eq!(light_of("3px solid light-dark(#0b57d0, #8ab4f8)"), "3px solid #0b57d0");
}
