//! Inserting Glance's script tag (`<script id="glance-cobrowse" data-ui="custom" ...>`), with the
//! kit's [invoke guard](crate::invoke::guard) installed right before it.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

use super::DomListener;

/// Glance's web site kind (`data-site`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Site {
    /// `staging`.
    #[default]
    Staging,
    /// `production`.
    Production,
}

impl Site {
    /// `staging` or `production`.
    pub fn as_str(self) -> &'static str {
        match self {
            Site::Staging => "staging",
            Site::Production => "production",
        }
    }
}

/// Glance's CDN address of the loader script.
pub const GLANCE_CDN: &str = "https://www.glancecdn.net/cobrowse/CobrowseJS.ashx";

/// How to insert Glance's script tag.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ScriptOptions {
    /// `data-groupid`.
    pub group_id: String,
    /// `data-site`.
    pub site: Site,
    /// A self-hosted loader (`GlanceCobrowseLoader_<ver>M.js`); `None` uses [`GLANCE_CDN`] with
    /// `?group=..&site=..`.
    pub src: Option<String>,
    /// Other documented attributes, without the `data-` prefix: `inputevents`, `termsurl`,
    /// `cookiedomain`, `cookietype`, `presence`, `additionalgroupids`.
    pub data: Vec<(String, String)>,
}

impl ScriptOptions {
    /// The `src` the tag gets.
    pub fn script_src(&self) -> String {
        match &self.src {
            Some(src) => src.clone(),
            None => format!("{GLANCE_CDN}?group={}&site={}", encode(&self.group_id), self.site.as_str()),
        }
    }
}

impl ScriptOptions {
    /// The groups of the tag: `group_id` and the `additionalgroupids` of [`data`](Self::data).
    pub fn groups(&self) -> Vec<crate::invoke::rules::GroupId> {
        let extra = self.data.iter().filter(|(k, _)| k == "additionalgroupids").flat_map(|(_, v)| v.split(','));
        std::iter::once(self.group_id.as_str()).chain(extra).filter_map(crate::invoke::rules::GroupId::new).collect()
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).as_string().unwrap_or_default()
}

/// The inserted tag and its `error` listener (removed when the subscription ends).
pub(super) type ScriptTag = (web_sys::HtmlScriptElement, DomListener);

/// Inserts the tag once (nothing when the page already has `#glance-cobrowse`), with `nonce` when
/// given; `on_error(src)` runs when it fails to load.
pub(super) fn insert(
    opts: &ScriptOptions,
    nonce: Option<&str>,
    on_error: impl Fn(&str) + 'static,
) -> Option<ScriptTag> {
    let doc = web_sys::window()?.document()?;
    if doc.get_element_by_id("glance-cobrowse").is_some() {
        return None;
    }
    let script = doc.create_element("script").ok()?.dyn_into::<web_sys::HtmlScriptElement>().ok()?;
    let src = opts.script_src();
    let _ = script.set_attribute("id", "glance-cobrowse");
    let _ = script.set_attribute("data-groupid", &opts.group_id);
    let _ = script.set_attribute("data-site", opts.site.as_str());
    let _ = script.set_attribute("data-ui", "custom");
    for (k, v) in &opts.data {
        if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            let _ = script.set_attribute(&format!("data-{k}"), v);
        }
    }
    if let Some(nonce) = nonce {
        let _ = script.set_attribute("nonce", nonce);
    }
    script.set_charset("UTF-8");
    script.set_src(&src);
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| on_error(&src));
    let _ = script.add_event_listener_with_callback("error", listener.as_ref().unchecked_ref());
    // The invoke guard must listen for `message` before Glance's loader does (listeners run in
    // registration order): install it now, before the tag, unless one is in place already.
    super::guard::before_glance_tag(opts.groups());
    let parent: web_sys::Node = match doc.head() {
        Some(head) => head.into(),
        None => doc.body()?.into(),
    };
    let _ = parent.append_child(&script);
    Some((script, listener))
}

/// Removes the tag's `error` listener.
pub(super) fn release((script, listener): ScriptTag) {
    let _ = script.remove_event_listener_with_callback("error", listener.as_ref().unchecked_ref());
}
