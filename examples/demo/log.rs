//! The event log: every activity the kit reports, and what chat windows asked.

use super::*;

/// Log entries kept on the page (older ones are dropped; the counter keeps the total).
pub(crate) const LOG_KEEP: usize = 300;

/// One line of the chat-requests log: (ran, code or function, text).
pub(crate) type LogLine = (bool, String, String);

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// Running number (1, 2, …), never reused.
    n: u64,
    /// `sent`, `event`, `malformed`, `unknown`, `ui`, `answer`, `action`, `invoked`, `rejected`, `demo`.
    kind: &'static str,
    /// The event, request or action name.
    name: String,
    /// For answers: `accept` / `decline`.
    answer: &'static str,
    /// For answers: `visitor` / `kit`.
    by: &'static str,
    /// What happened, in words.
    text: String,
}

thread_local! {
    /// Entries waiting to be appended to the log (the observer may run while the kit updates its
    /// state: the log is written afterwards, in a task).
    static QUEUE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    static FLUSH_PENDING: Cell<bool> = const { Cell::new(false) };
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// Everything the log needs, `Copy`.
#[derive(Clone, Copy)]
pub(crate) struct Log {
    pub(crate) entries: RwSignal<Vec<Entry>>,
    pub(crate) total: RwSignal<u64>,
    pub(crate) invokes: RwSignal<Vec<LogLine>>,
    pub(crate) announce: RwSignal<bool>,
    pub(crate) live: RwSignal<String>,
}

impl Log {
    pub(crate) fn new() -> Self {
        Log {
            entries: RwSignal::new(Vec::new()),
            total: RwSignal::new(0),
            invokes: RwSignal::new(Vec::new()),
            announce: RwSignal::new(false),
            live: RwSignal::new(String::new()),
        }
    }

    /// Queues an entry and appends the queue to the log in a task.
    pub(crate) fn push(self, kind: &'static str, name: &str, text: String) {
        self.push_answer(kind, name, "", "", text);
    }

    pub(crate) fn push_answer(
        self,
        kind: &'static str,
        name: &str,
        answer: &'static str,
        by: &'static str,
        text: String,
    ) {
        let n = NEXT.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        QUEUE.with(|q| q.borrow_mut().push(Entry { n, kind, name: name.to_owned(), answer, by, text: clip(text) }));
        if !FLUSH_PENDING.with(|p| p.replace(true)) {
            leptos::task::spawn_local(async move { self.flush() });
        }
    }

    pub(crate) fn flush(self) {
        FLUSH_PENDING.with(|p| p.set(false));
        let new: Vec<Entry> = QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()));
        let Some(last) = new.last().cloned() else { return };
        let count = new.len();
        let invokes: Vec<LogLine> = new
            .iter()
            .filter(|e| e.kind == "invoked" || e.kind == "rejected")
            .map(|e| (e.kind == "invoked", e.name.clone(), e.text.clone()))
            .collect();
        if !invokes.is_empty() {
            self.invokes.update(|l| l.extend(invokes));
        }
        self.total.update(|t| *t += count as u64);
        self.entries.update(|l| {
            l.extend(new);
            if l.len() > LOG_KEEP {
                l.drain(..l.len() - LOG_KEEP);
            }
        });
        // Screen readers hear the log only when the person asked for it, and then one short
        // summary per batch, never a line per event.
        if self.announce.get_untracked() {
            let text = if count == 1 {
                format!("Log: {}", last.text)
            } else {
                format!("Log: {count} new entries, the last: {}", last.text)
            };
            self.live.set(clip_to(text, 200));
        }
    }

    pub(crate) fn clear(self) {
        self.entries.set(Vec::new());
        self.total.set(0);
        if self.announce.get_untracked() {
            self.live.set("Log cleared".into());
        }
    }

    /// The kit's observer: every activity becomes a log entry.
    pub(crate) fn observer(self) -> Observer {
        Observer::new(move |a: &Activity| match a {
            Activity::Event(ev) => self.push("event", ev.name(), format!("decoded: {ev:?}")),
            Activity::Malformed(e) => self.push("malformed", "", format!("decode error: {e}")),
            Activity::Unknown { name, payload } => {
                self.push("unknown", name, format!("unknown event `{name}`, ignored; payload {payload}"))
            }
            Activity::Ui(_) => self.push("ui", "", a.to_string()),
            Activity::Answered { kind, answer, by_visitor, .. } => self.push_answer(
                "answer",
                kind.event_name(),
                answer.as_str(),
                if *by_visitor { "visitor" } else { "kit" },
                a.to_string(),
            ),
            Activity::Action { name, .. } => self.push("action", name, a.to_string()),
            Activity::Invoked { func, origin } => self.push("invoked", func, format!("ran {func} from {origin}")),
            Activity::InvokeRejected(r) => self.push("rejected", r.code.as_str(), r.to_string()),
            Activity::Warning(text) => self.push("warning", "", text.clone()),
        })
    }
}

/// Long texts (a hostile payload) are cut for the log.
pub(crate) fn clip(text: String) -> String {
    clip_to(text, 600)
}

pub(crate) fn clip_to(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// Everything the kit received and did, newest last.
#[component]
pub(crate) fn EventLog(log: Log) -> impl IntoView {
    view! {
        <section class="demo-log" aria-labelledby="demo-log-title">
            <h3 id="demo-log-title">"Event log"</h3>
            <div class="demo-row">
                <button type="button" data-log-action="clear" on:click=move |_| log.clear()>"Clear the log"</button>
                <label>
                    <input type="checkbox" data-log-action="announce" prop:checked=move || log.announce.get()
                        on:change=move |e| log.announce.set(event_target_checked(&e)) />
                    " Read new entries aloud (screen readers)"
                </label>
            </div>
            <p class="demo-log-count" data-log-count=move || log.total.get().to_string()>
                {move || match log.total.get() {
                    0 => "No entries yet.".to_string(),
                    n if n as usize > LOG_KEEP => format!("{n} entries; the last {LOG_KEEP} shown."),
                    n => format!("{n} entries."),
                }}
            </p>
            <ol class="demo-log-list" tabindex="0" aria-label="Log entries, newest last">
                <For each=move || log.entries.get() key=|e| e.n let:e>
                    <li data-log=e.kind data-name=e.name.clone() data-answer=e.answer data-by=e.by>
                        <span class="demo-log-kind">{e.kind}</span>
                        " "
                        {e.text.clone()}
                    </li>
                </For>
            </ol>
            <p class="demo-visually-hidden" role="status" data-log-live="">{move || log.live.get()}</p>
        </section>
    }
}

/// What chat windows asked this page to do, and what it refused.
#[component]
pub(crate) fn InvokeLog(log: RwSignal<Vec<LogLine>>) -> impl IntoView {
    view! {
        <section class="demo-card" aria-labelledby="demo-invoke" data-invoke="log">
            <h2 id="demo-invoke">"Requests from chat windows"</h2>
            <p>
                "Group " <code data-invoke="group">{query("group").unwrap_or_else(|| DEMO_GROUP.into())}</code>
                ". Trusted: this page's origin"
                {trusted_origins().iter().map(|o| format!(", {o}")).collect::<String>()}
                ". Open " <a href="?view=chat">"?view=chat"</a> " for a chat window."
            </p>
            <p hidden=move || log.with(|l| !l.is_empty())>"None yet."</p>
            <ol aria-live="polite">
                {move || log.get().into_iter().map(|(ran, code, text)| view! {
                    <li data-kind=if ran { "invoked" } else { "rejected" } data-code=code>
                        {if ran { "✔ " } else { "✘ refused: " }}{text}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
