//! The agent console: a button per event with editable payload fields, the scenarios, the speed.

use super::*;

/// A payload field of one event in the console.
#[derive(Clone, Copy)]
pub(crate) enum Field {
    /// A number at a (dotted) path.
    Num(&'static str, &'static str, f64),
    /// A text at a path (left out when empty).
    Text(&'static str, &'static str, &'static str),
    /// A boolean at a path.
    Bool(&'static str, &'static str, bool),
    /// One of a few strings at a path (`""`: the whole payload is that string).
    Choice(&'static str, &'static str, &'static [&'static str]),
    /// Agent names, comma separated, as `agentlist`.
    Names(&'static str, &'static str),
}

pub(crate) const VIEWS: &[&str] = &["glance_screenshare", "glance_agentvideo"];

/// The payload fields of an event (none: the event is sent without a payload).
pub(crate) fn fields(name: &str) -> &'static [Field] {
    use Field::*;
    match name {
        "sessionend" => &[Choice("reason", "Reason", &["agent", "visitor", "error", "timeout"])],
        "error" => &[
            Text("code", "Code", "dupkey"),
            Text("msg", "Message", "Duplicate session key"),
            Text("params.server", "Server", ""),
        ],
        "agents" => {
            &[Num("count", "Count", 2.0), Names("Names (role)", "Alex Agent (agent), Sam Support (supervisor)")]
        }
        "rc" => &[Bool("enabled", "Enabled", true)],
        "accessibility" => &[Bool("enabled", "Enabled", true)],
        "screenshare" => &[
            Choice("screenshareView", "View", VIEWS),
            Choice("state", "State", &["new", "continued", "ended", "error"]),
            Bool("paused", "Paused", false),
        ],
        "screensharepause" | "screensharepaused" | "screenshareresume" | "screenshareresumed" => {
            &[Choice("screenshareView", "View", VIEWS)]
        }
        "viewerinfo" => &[
            Choice("screenshareView", "View", VIEWS),
            Num("scaledview.width", "Width", 800.0),
            Num("scaledview.height", "Height", 450.0),
            Num("screen.width", "Screen width", 1600.0),
            Num("screen.height", "Screen height", 900.0),
        ],
        "connection" => &[Choice("status", "Status", &["reconnecting", "ok"])],
        "sessionpaused" => &[Bool("paused", "Paused", true)],
        "pagemasked" => &[Bool("masked", "Masked", true)],
        "viewerclosing" => &[Choice("screenshareView", "View", VIEWS), Text("closereason", "Reason", "PlayerTooSlow")],
        "videobgfilterfailed" => {
            &[Text("failuremode", "Failure", "performance"), Bool("performancefail", "Too slow", true)]
        }
        "widgetmoving" => &[Num("left", "Left", -40.0), Num("bottom", "Bottom", 30.0)],
        "widgetmoved" => &[Bool("left", "Left side", true), Bool("bottom", "Bottom", false)],
        "maskingerror" => &[Text("reason", "Reason", "TypeError: descriptor failed")],
        "documentnotsent" => &[
            Text("name", "File", "statement.pdf"),
            Text("reason", "Reason", "File size limit exceeded"),
            Num("size", "Size", 5242880.0),
        ],
        "navigationassist" | "navassistrequested" => {
            &[Text("url", "Address", "terms.html"), Text("name", "Name", "Our terms")]
        }
        "confirm" => &[Text("url", "Address", "terms.html")],
        "visitorvideo" => &[Choice("video", "Size", &["small", "large"]), Text("camerastatus", "Camera", "available")],
        "visitorvideostarted" => &[Num("width", "Width", 320.0), Num("height", "Height", 240.0)],
        "visitorvideoresize" => &[Choice("", "Size", &["large", "small"])],
        "visitorvideoerror" => &[Text("error", "Error", "Camera not found")],
        "rcrequested" => &[Bool("selective", "Selective", false)],
        _ => &[],
    }
}

pub(crate) fn field_default(f: &Field) -> String {
    match *f {
        Field::Num(_, _, n) => n.to_string(),
        Field::Text(_, _, t) => t.to_owned(),
        Field::Bool(_, _, b) => b.to_string(),
        Field::Choice(_, _, options) => options.first().copied().unwrap_or_default().to_owned(),
        Field::Names(_, t) => t.to_owned(),
    }
}

/// Sets `value` at a dotted `path` of an object payload.
pub(crate) fn set_path(target: &mut Vec<(String, Value)>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            target.retain(|(k, _)| k != path);
            target.push((path.to_owned(), value));
        }
        Some((head, rest)) => {
            if !target.iter().any(|(k, v)| k == head && matches!(v, Value::Object(_))) {
                target.retain(|(k, _)| k != head);
                target.push((head.to_owned(), Value::Object(Vec::new())));
            }
            if let Some((_, Value::Object(inner))) = target.iter_mut().find(|(k, _)| k == head) {
                set_path(inner, rest, value);
            }
        }
    }
}

/// The payload of event `name` from the fields' current texts.
pub(crate) fn payload(name: &str, values: &[String]) -> Value {
    let fs = fields(name);
    if fs.is_empty() {
        return Value::Null;
    }
    let mut obj = Vec::new();
    for (f, text) in fs.iter().zip(values) {
        match *f {
            Field::Num(path, _, _) => {
                // Anything that is not a number goes as typed: the kit's decoder reports it.
                let v = text.trim().parse::<f64>().map(Value::Number).unwrap_or_else(|_| Value::String(text.clone()));
                set_path(&mut obj, path, v);
            }
            Field::Text(path, _, _) => {
                if !text.is_empty() {
                    set_path(&mut obj, path, Value::String(text.clone()));
                }
            }
            Field::Bool(path, _, _) => set_path(&mut obj, path, Value::Bool(text == "true")),
            Field::Choice("", _, _) => return Value::String(text.clone()),
            Field::Choice(path, _, _) => set_path(&mut obj, path, Value::String(text.clone())),
            Field::Names(_, _) => {
                let list = text
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .enumerate()
                    .map(|(i, n)| {
                        // "Name (role)": the role is Glance's `agentrole` (masking keys on it).
                        let (name, role) = match n.split_once('(') {
                            Some((name, role)) => (name.trim(), role.trim_end_matches(')').trim()),
                            None => (n, "agent"),
                        };
                        Value::Object(vec![
                            ("name".into(), Value::String(name.to_owned())),
                            ("role".into(), Value::String("agent".into())),
                            ("agentrole".into(), Value::String(role.to_owned())),
                            ("num".into(), Value::Number(i as f64 + 1.0)),
                        ])
                    })
                    .collect();
                set_path(&mut obj, "agentlist", Value::Array(list));
            }
        }
    }
    Value::Object(obj)
}

/// The simulated agent's console.
#[component]
pub(crate) fn AgentConsole(sim: Simulator, log: Log) -> impl IntoView {
    let sim = StoredValue::new_local(sim);
    let status = RwSignal::new(String::new());
    let speed = RwSignal::new(query("speed").unwrap_or_else(|| "1".into()));
    let set_speed = move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        let scale = value.parse::<f64>().unwrap_or(1.0);
        sim.with_value(|s| drop(s.clone().with_time_scale(scale)));
        speed.set(value);
    };
    let (documented, glance_only): (Vec<&'static str>, Vec<&'static str>) =
        subscribed_names().partition(|n| DOCUMENTED_NAMES.contains(n));
    let group = move |title: &'static str, id: &'static str, names: Vec<&'static str>| {
        view! {
            <details class="demo-group" open={id == "requests"}>
                <summary id=id>{title}</summary>
                <ul class="demo-events" aria-labelledby=id>
                    {names.into_iter().map(|name| view! { <EventRow name=name sim=sim log=log /> }).collect_view()}
                </ul>
            </details>
        }
    };
    let requests: Vec<&'static str> = PromptKind::ALL.iter().map(|k| k.event_name()).collect();
    let documented: Vec<&'static str> = documented.into_iter().filter(|n| !requests.contains(n)).collect();
    let glance_only: Vec<&'static str> = glance_only.into_iter().filter(|n| !requests.contains(n)).collect();
    let storm = move |_| {
        status.set(format!("Storm: sending {STORM_SIZE} random events…"));
        log.push("demo", "storm", format!("storm of {STORM_SIZE} random events started"));
        run_storm(sim, log, status, 0, js_sys::Math::random());
    };
    view! {
        <details class="demo-console-body" open=is_wide()>
            <summary>"Show or hide the console"</summary>
            <p class="demo-help">"Each button sends one event to the kit as Glance would; the fields beside it edit its payload. Requests open a prompt; the log below shows what the kit decoded and what the visitor answered."</p>
            <div class="demo-row">
                <label>
                    "Speed of scenarios "
                    <select data-demo="speed" prop:value=move || speed.get() on:change=set_speed>
                        {[("0", "Instant"), ("0.25", "4× faster"), ("1", "Real time"), ("2", "2× slower")].map(|(v, l)| view! {
                            <option value=v selected=move || speed.get_untracked() == v>{l}</option>
                        })}
                    </select>
                </label>
                <button type="button" class="demo-danger" data-demo="storm" on:click=storm>
                    {format!("Storm: {STORM_SIZE} random events")}
                </button>
                <button type="button" data-demo="cancel" on:click=move |_| {
                    sim.with_value(|s| s.cancel());
                    log.push("demo", "cancel", "scheduled steps cancelled".into());
                }>"Cancel scheduled steps"</button>
            </div>
            <p class="demo-status" data-demo-status="">{move || status.get()}</p>
            <h3 id="demo-scenarios">"Scenarios"</h3>
            <div class="demo-buttons" role="group" aria-labelledby="demo-scenarios">
                {Scenario::ALL.iter().map(|&scenario| view! {
                    <button type="button" data-demo=format!("{scenario:?}") on:click=move |_| {
                        log.push("demo", &format!("{scenario:?}"), format!("scenario “{}”", scenario.label()));
                        sim.with_value(|s| s.run(scenario));
                    }>
                        {scenario.label()}
                    </button>
                }).collect_view()}
            </div>
            <h3>"Events"</h3>
            {group("Agent requests (open a prompt)", "requests", requests)}
            {group("Documented events", "documented", documented)}
            {group("Glance-only events (seen in Glance's script)", "glance-only", glance_only)}
        </details>
    }
}

/// Whether the window is wide enough to show the console open from the start.
pub(crate) fn is_wide() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).is_none_or(|w| w > 700.0)
}

/// One event: its button and its payload fields.
#[component]
pub(crate) fn EventRow(name: &'static str, sim: StoredValue<Simulator, LocalStorage>, log: Log) -> impl IntoView {
    let fs = fields(name);
    let values: Vec<RwSignal<String>> = fs.iter().map(|f| RwSignal::new(field_default(f))).collect();
    let values = StoredValue::new(values);
    let send = move |_| {
        let texts: Vec<String> = values.with_value(|v| v.iter().map(|s| s.get_untracked()).collect());
        let p = payload(name, &texts);
        log.push("sent", name, format!("sent `{name}` {p}"));
        sim.with_value(|s| s.emit(name, p));
    };
    let inputs = fs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = values.with_value(|v| v[i]);
            let id = format!("pf-{name}-{i}");
            let input = match *f {
                Field::Num(..) => view! {
                    <input id=id.clone() type="text" inputmode="decimal" size="6" prop:value=move || v.get()
                        on:input=move |e| v.set(event_target_value(&e)) />
                }
                .into_any(),
                Field::Text(..) | Field::Names(..) => view! {
                    <input id=id.clone() type="text" size="12" prop:value=move || v.get()
                        on:input=move |e| v.set(event_target_value(&e)) />
                }
                .into_any(),
                Field::Bool(..) => view! {
                    <input id=id.clone() type="checkbox" prop:checked=move || v.get() == "true"
                        on:change=move |e| v.set(event_target_checked(&e).to_string()) />
                }
                .into_any(),
                Field::Choice(_, _, options) => view! {
                    <select id=id.clone() prop:value=move || v.get() on:change=move |e| v.set(event_target_value(&e))>
                        {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
                    </select>
                }
                .into_any(),
            };
            let label = match *f {
                Field::Num(_, l, _)
                | Field::Text(_, l, _)
                | Field::Bool(_, l, _)
                | Field::Choice(_, l, _)
                | Field::Names(l, _) => l,
            };
            view! {
                <span class="demo-field">
                    <label for=id>{label}</label>
                    {input}
                </span>
            }
        })
        .collect_view();
    view! {
        <li class="demo-event" data-event=name>
            <button type="button" data-demo-event=name on:click=send>{name}</button>
            {inputs}
        </li>
    }
}
