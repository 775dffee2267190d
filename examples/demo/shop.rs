//! The made-up bookshop the kit runs on, with its masked parts.

use super::*;

/// What Glance is told to mask for the agents in the session now (the console's agent list and
/// roles), as the kit's masking computes it.
#[component]
pub(crate) fn MaskingNow() -> impl IntoView {
    let ctx = use_visitor();
    let masked = move || {
        let agents = ctx.agent_list().map(|agents| SessionAgents { count: ctx.agents(), agents });
        let d = demo_masking().describe(agents.as_ref());
        std::iter::once(PRIVATE_SELECTOR.to_owned()).chain(d.masked).collect::<Vec<_>>().join(", ")
    };
    view! {
        <p class="demo-help" data-demo-masking="">
            "Masked for these agents: " <code>{masked}</code>
        </p>
    }
}

/// The host page: a small bookshop with a form, a long body and links.
#[component]
pub(crate) fn ShopPage() -> impl IntoView {
    let books = [
        ("The Tidal Atlas", "Maps of every harbour on the north coast, hand-drawn.", "£24.00"),
        ("Knots for Beginners", "Forty knots, each with a photo for every step.", "£12.50"),
        ("Lighthouse Keepers' Letters", "A century of letters from the people who kept the lights.", "£18.00"),
    ];
    view! {
        <section class="demo-card demo-hero" aria-labelledby="demo-shop">
            <h1 id="demo-shop" tabindex="-1">"Books about the sea"</h1>
            <p>
                "This page stands in for a site that embeds Glance Cobrowse. Press the cobrowse button in the bottom corner, accept the terms, then play the agent with the console: send requests, share a screen, drop the connection."
            </p>
            <ul class="demo-books">
                {books.map(|(title, blurb, price)| view! {
                    <li class="demo-book">
                        <h2>{title}</h2>
                        <p>{blurb}</p>
                        <p class="demo-price">{price}</p>
                    </li>
                })}
            </ul>
        </section>
        <section class="demo-card" aria-labelledby="demo-order">
            <h2 id="demo-order">"Your order"</h2>
            <form class="demo-form" on:submit=|e| e.prevent_default()>
                <label for="demo-name">"Name on the order"</label>
                <input id="demo-name" type="text" autocomplete="name" />
                <label for="demo-email">"Email"</label>
                <input id="demo-email" type="email" autocomplete="email" />
                <label for="demo-card-number">"Card number"</label>
                <Masked><input id="demo-card-number" type="text" inputmode="numeric" autocomplete="cc-number" aria-describedby="demo-card-private" /></Masked>
                <p class="demo-note" id="demo-card-private">"The agent never sees your card number: it is hidden from every agent."</p>
                <label for="demo-notes">"A note for the packer"</label>
                <textarea id="demo-notes" rows="3" aria-describedby="demo-notes-private"></textarea>
                <p class="demo-note" id="demo-notes-private">"Only a supervisor sees this note; it is hidden from other agents."</p>
                <button type="submit" class="demo-primary">"Place order"</button>
            </form>
        </section>
        <section class="demo-card" aria-labelledby="demo-delivery">
            <h2 id="demo-delivery">"Delivery and returns"</h2>
            <p>"We post every order within two working days, wrapped in paper and string. Orders above £30 travel free within the country; smaller ones cost £3.20."</p>
            <p>"If a book arrives damaged, tell us within a month and we send a new copy or refund you, whichever you prefer. You keep the damaged one."</p>
            <h3>"Questions people ask"</h3>
            <dl class="demo-faq">
                <dt>"Can someone from the shop look at my screen?"</dt>
                <dd>"Only when you start a cobrowse session and give them the key. They see this website, never the rest of your computer, and you can end the session at any moment."</dd>
                <dt>"Can the agent type for me?"</dt>
                <dd>"Only if you allow remote control when they ask. A red border shows while they can; you can take control back at any time."</dd>
                <dt>"What does the agent not see?"</dt>
                <dd>"Fields the shop masks, such as your card number, reach the agent as asterisks; while a session runs, each says so with a dashed outline."</dd>
                <dt>"Do you ship abroad?"</dt>
                <dd>"Yes, to most countries, at cost. The price shows before you pay."</dd>
            </dl>
            <p>"Read "<a href="terms.html">"how cobrowsing works on this site"</a>" before you start a session."</p>
        </section>
        <section class="demo-card" aria-labelledby="demo-story">
            <h2 id="demo-story">"About the shop"</h2>
            {(1..=6).map(|i| view! {
                <p>{match i {
                    1 => "The shop began in a boathouse, with one shelf of tide tables and a kettle.",
                    2 => "Today it holds four thousand books on sailing, navigation, coastal birds and the people who worked the harbours.",
                    3 => "Every book on this page is checked by hand before it leaves, and second-hand copies come with a note on their condition.",
                    4 => "We answer the phone from nine to five and, with cobrowsing, we can now help you find the right chart edition on this very page.",
                    5 => "If you visit in person, the door sticks a little in wet weather: push firmly.",
                    _ => "This long body is here so that the page scrolls, and the kit's page border and widget can be seen over real content.",
                }}</p>
            }).collect_view()}
        </section>
    }
}
