//! `?view=chat`: a chat window that drives an embedded visitor page through the kit's chat side.

use super::*;

/// A chat window (`?view=chat`): embeds a visitor page and drives it with the kit's chat-side API.
#[component]
pub(crate) fn ChatView() -> impl IntoView {
    let group = query("group").unwrap_or_else(|| DEMO_GROUP.into());
    let visitor_url = query("visitor").unwrap_or_else(|| "./".into());
    // The visitor page's origin: `?target`, else the origin of the embedded page's address.
    let target = query("target").unwrap_or_else(|| {
        let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        web_sys::Url::new_with_base(&visitor_url, &base).map(|u| u.origin()).unwrap_or_default()
    });
    let status: RwSignal<Option<(String, Result<(), InvokeError>)>> = RwSignal::new(None);
    let key = RwSignal::new("4321".to_string());
    let (group_s, target_s) = (StoredValue::new(group.clone()), StoredValue::new(target.clone()));
    let send = move |what: &'static str| {
        let result = VisitorWindow::Frame("demo-visitor-frame".into()).resolve().and_then(|wnd| {
            let invoke = InvokeVisitor::new(wnd, group_s.get_value(), &target_s.get_value())?;
            let k = key.get_untracked();
            match what {
                "terms" => invoke.show_terms(Some(&k)),
                "start" => invoke.start_session(&k),
                "start-random" => invoke.start_random(),
                "stop" => invoke.stop_session(),
                // Remote control on without asking: the visitor's page must refuse it.
                _ => invoke.invoke("enableRC", Some(&Value::Object(vec![("enabled".into(), Value::Bool(true))]))),
            }
        });
        status.set(Some((what.to_owned(), result)));
    };
    let status_text = move || match status.get() {
        None => String::new(),
        Some((what, Ok(()))) => {
            format!("Sent `{what}` to the visitor's window (its page shows what it ran or refused).")
        }
        Some((what, Err(e))) => format!("`{what}` not sent: {e}"),
    };
    view! {
        <header class="demo-header">
            <h1>"Chat window"</h1>
            <p>"Drives the visitor's session below across windows with glance_invoke messages."</p>
        </header>
        <main class="demo-main demo-chat">
            <section class="demo-card" aria-labelledby="chat-controls" data-invoke="chat">
                <h2 id="chat-controls">"Agent chat"</h2>
                <p>"Group " <code>{group.clone()}</code> ", visitor page origin " <code data-chat="target">{target.clone()}</code></p>
                <label for="chat-key">"Session key"</label>
                <input id="chat-key" type="text" prop:value=move || key.get() on:input=move |e| key.set(event_target_value(&e)) />
                <div class="demo-buttons">
                    <button type="button" data-chat="terms" on:click=move |_| send("terms")>"Offer cobrowse (show terms)"</button>
                    <button type="button" data-chat="start" on:click=move |_| send("start")>"Start with this key"</button>
                    <button type="button" data-chat="start-random" on:click=move |_| send("start-random")>"Start with a random key"</button>
                    <button type="button" data-chat="stop" on:click=move |_| send("stop")>"Stop session"</button>
                    <button type="button" data-chat="forbidden" on:click=move |_| send("forbidden")>"Turn on remote control (must be refused)"</button>
                </div>
                <p role="status" data-chat="status">{status_text}</p>
                <div class="demo-buttons">
                    <ShareScreenButton visitor=VisitorWindow::Frame("demo-visitor-frame".into()) group=group origin=target />
                </div>
            </section>
            <iframe
                id="demo-visitor-frame"
                class="demo-visitor-frame"
                title="The visitor's page"
                src=visitor_url
            ></iframe>
        </main>
    }
}
