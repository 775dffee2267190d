//! The file step of a document share (cargo feature `document-share`): a drop zone and a file
//! button, the checks Glance's own UI makes, the document read as a binary string.

use leptos::ev;
use leptos::prelude::*;

use crate::context::{try_use_visitor, AnswerDetail};
use crate::dom;
use crate::source::{DocumentKind, SharedDocument};

/// The file step of a document share: a drop zone and a "Choose a file" button; pdf, xls, xlsx and
/// csv, as Glance's own UI rules them: spreadsheets under 5 MiB; PDFs of any size (one of 5 MiB or
/// more is shown to the agent without being sent, and the visitor is told the agent cannot
/// download it). `ready` holds `prompt_id` once a valid file has been read (Share is enabled then).
#[component]
pub(crate) fn DocumentPicker(prompt_id: u64, ready: RwSignal<Option<u64>>) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let problem = RwSignal::new(None::<&'static str>);
    let chosen = RwSignal::new(None::<String>);
    // A PDF of 5 MiB or more: the agent may view it, not download it.
    let view_only = RwSignal::new(false);
    let over = RwSignal::new(false);
    let input_id = ctx.fresh_id("document");
    let pick = move |file: Option<web_sys::File>| {
        let Some(file) = file else { return };
        ready.set(None);
        chosen.set(None);
        view_only.set(false);
        ctx.keep_detail(prompt_id, None);
        let name = file.name();
        let Some(kind) = DocumentKind::of_name(&name) else { return problem.set(Some("type")) };
        let size = file.size();
        if !kind.can_share(size) {
            return problem.set(Some("size"));
        }
        problem.set(None);
        view_only.set(!DocumentKind::can_send(size));
        let handle: wasm_bindgen::JsValue = file.clone().into();
        // The file may be read after the prompt is gone: `try_` writes only.
        dom::read_file(&file, move |data| match data {
            Some(data) if chosen.try_set(Some(name.clone())).is_none() => {
                let doc = SharedDocument { name, kind, size, file: handle, data };
                ctx.keep_detail(prompt_id, Some(AnswerDetail::Document(doc)));
                let _ = ready.try_set(Some(prompt_id));
            }
            Some(_) => {}
            None => {
                let _ = problem.try_set(Some("unreadable"));
            }
        });
    };
    // A document read for this prompt is not kept past it.
    on_cleanup(move || drop(ctx.take_detail(prompt_id)));
    let problem_text = move || {
        m.with_value(|m| match problem.get() {
            Some("type") => m.document_wrong_type.to_string(),
            Some("size") => m.document_too_big.to_string(),
            Some(_) => m.document_unreadable.to_string(),
            None => String::new(),
        })
    };
    view! {
        <div
            class=move || if over.get() { "gvk-dropzone gvk-dropzone--over" } else { "gvk-dropzone" }
            data-gvk-dropzone=""
            on:dragover=move |e: ev::DragEvent| { e.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=move |e: ev::DragEvent| {
                e.prevent_default();
                over.set(false);
                pick(dom::first_file(e.data_transfer().and_then(|d| d.files())));
            }
        >
            <input
                id=input_id.clone()
                class="gvk-file-input"
                type="file"
                accept=".pdf,.xls,.xlsx,.csv,application/pdf,text/csv,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=move |e: ev::Event| {
                    let input: Option<web_sys::HtmlInputElement> = dom::event_input(&e);
                    pick(dom::first_file(input.and_then(|i| i.files())));
                }
            />
            <label for=input_id.clone() class="gvk-button">{move || m.with_value(|m| m.document_choose.to_string())}</label>
            <span class="gvk-muted">{move || m.with_value(|m| m.document_drop.to_string())}</span>
            <p class="gvk-document-name" data-gvk-chosen="" hidden=move || chosen.with(Option::is_none)>{move || chosen.get()}</p>
            <p class="gvk-document-name" data-gvk-view-only="" hidden=move || !view_only.get()>
                {move || m.with_value(|m| m.document_view_only.to_string())}
            </p>
            <p class="gvk-document-problem" role="alert">{problem_text}</p>
        </div>
    }
    .into_any()
}
