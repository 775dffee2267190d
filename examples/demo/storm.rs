//! The storm: thousands of random and malformed events, seeded.

use super::*;

/// Events the storm button sends.
pub(crate) const STORM_SIZE: u32 = 5000;

/// Sends the storm in slices, one timer turn each, so that the page stays responsive.
pub(crate) fn run_storm(
    sim: StoredValue<Simulator, LocalStorage>,
    log: Log,
    status: RwSignal<String>,
    sent: u32,
    seed: f64,
) {
    const SLICE: u32 = 250;
    let mut rng = Rng(((seed * 4_294_967_296.0) as u64) | 1);
    let names: Vec<&'static str> = subscribed_names().collect();
    let end = (sent + SLICE).min(STORM_SIZE);
    for _ in sent..end {
        let name = match rng.below(20) {
            0 => String::new(),
            1 => "__proto__".into(),
            2 => format!("storm-unknown-{}", rng.below(1000)),
            _ => names[rng.below(names.len() as u32) as usize].to_owned(),
        };
        let payload = random_value(&mut rng, 0);
        if sim.try_with_value(|s| s.emit(&name, payload)).is_none() {
            return;
        }
    }
    if end < STORM_SIZE {
        gloo_timers::callback::Timeout::new(0, move || run_storm(sim, log, status, end, seed + 0.5)).forget();
    } else {
        // Leave a known state: the session ends, which closes (declines) whatever the storm opened.
        sim.with_value(|s| s.emit("sessionend", Value::Object(vec![("reason".into(), Value::String("agent".into()))])));
        status.set(format!("Storm done: {STORM_SIZE} events sent, then sessionend."));
        log.push("demo", "storm", format!("storm done: {STORM_SIZE} events"));
    }
}

/// A small xorshift generator (the storm need not be reproducible; it must be varied).
pub(crate) struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
}

/// A random payload: right and wrong types, odd numbers, long strings, deep nesting.
pub(crate) fn random_value(rng: &mut Rng, depth: u32) -> Value {
    const KEYS: &[&str] = &[
        "count",
        "agentlist",
        "status",
        "enabled",
        "screenshareView",
        "state",
        "paused",
        "scaledview",
        "screen",
        "width",
        "height",
        "reason",
        "code",
        "msg",
        "params",
        "url",
        "name",
        "selective",
        "left",
        "bottom",
        "video",
        "masked",
        "closereason",
        "stats",
        "accept",
        "decline",
    ];
    const WORDS: &[&str] = &[
        "ok",
        "reconnecting",
        "new",
        "ended",
        "glance_screenshare",
        "glance_agentvideo",
        "agent",
        "conndrop",
        "small",
        "large",
        "",
        "<script>alert(1)</script>",
        "\u{202e}rtl",
        "😀",
    ];
    let pick = if depth >= 3 { rng.below(5) } else { rng.below(8) };
    match pick {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number(match rng.below(6) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => -1.0e300,
            3 => -(f64::from(rng.below(100))),
            _ => f64::from(rng.below(5000)),
        }),
        3 => Value::String(WORDS[rng.below(WORDS.len() as u32) as usize].to_owned()),
        4 => Value::String("x".repeat(rng.below(3) as usize * 5000)),
        5 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.below(6))
                .map(|_| (KEYS[rng.below(KEYS.len() as u32) as usize].to_owned(), random_value(rng, depth + 1)))
                .collect(),
        ),
    }
}
