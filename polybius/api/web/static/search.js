/* The search page: filter merged events; the filters live in the URL (back and forward work). */
"use strict";

const FIELDS = [
  ["text", "Words in the evidence", "text", "drones"],
  ["either", "Actor (either side)", "text", "RUS"],
  ["actor", "Actor", "text", "IRN"],
  ["recipient", "Recipient", "text", "UKR"],
  ["type", "Type", P.TYPES],
  ["status", "Status", P.STATUSES],
  ["state", "Claim state", P.STATES],
  ["from", "From", "date"],
  ["to", "To", "date"],
  ["outlet", "Outlet", "text", ""],
];
const PAGE = 25;

function searchForm(params) {
  const inputs = FIELDS.map(([name, label, kind, placeholder]) => {
    const value = params.get(name) || "";
    let input;
    if (Array.isArray(kind)) {
      input = P.el("select", { name, id: `f-${name}` },
        P.el("option", { value: "" }, "any"),
        kind.map((choice) => P.el("option", { value: choice, selected: choice === value }, choice)));
    } else {
      const actorField = ["either", "actor", "recipient"].includes(name);
      input = P.el("input", { name, id: `f-${name}`, type: kind, value, placeholder,
        list: actorField ? "actor-codes" : null, autocomplete: "off" });
      if (actorField) input.addEventListener("input", () => suggestActors(input.value));
    }
    return P.el("label", { for: `f-${name}` }, P.el("span", {}, label), input);
  });
  const form = P.el("form", { class: "filters", id: "search" }, inputs,
    P.el("datalist", { id: "actor-codes" }),
    P.el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) next.set(key, value);
    history.pushState(null, "", `/?${next}`);
    load();
  });
  return form;
}

let suggestTimer = null;

/** Actor codes whose code or name contains the words typed, offered under the actor fields. */
function suggestActors(words) {
  clearTimeout(suggestTimer);
  if (words.trim().length < 2) return;
  suggestTimer = setTimeout(async () => {
    let body;
    try {
      body = await P.api("/api/actors", { q: words, limit: 15 });
    } catch (_e) {
      return; // suggestions are a convenience: the search works without them
    }
    const list = document.getElementById("actor-codes");
    if (list) list.replaceChildren(...body.actors.map(
      (a) => P.el("option", { value: a.code }, `${a.name} (${a.code})`)));
  }, 200);
}

function eventRow(event) {
  return [
    P.el("a", { href: P.paths.event(event.id) }, `#${event.id}`),
    P.dates(event),
    P.typeBadge(event.type),
    P.actorLink(event.actor),
    P.actorLink(event.recipient),
    P.badge(event.state, `state-${event.state}`),
    String(event.report_count),
    P.el("span", { class: "evidence" }, event.sentence),
    event.actor.code !== "-" && event.recipient.code !== "-"
      ? P.el("a", { href: P.paths.dyad(event.actor.code, event.recipient.code) }, "dyad")
      : "",
  ];
}

function pager(params, body) {
  const offset = Number(params.get("offset") || 0);
  const go = (value) => {
    const next = new URLSearchParams(params);
    if (value) next.set("offset", value); else next.delete("offset");
    history.pushState(null, "", `/?${next}`);
    load();
  };
  return P.el("div", { class: "pager" },
    offset > 0 ? P.el("button", { onclick: () => go(Math.max(0, offset - PAGE)) }, "← Earlier") : "",
    P.el("span", { class: "muted" },
      `events ${body.events.length ? offset + 1 : 0}–${offset + body.events.length}`),
    body.next_offset !== null ? P.el("button", { onclick: () => go(body.next_offset) }, "Later →") : "");
}

async function topActors() {
  const body = await P.api("/api/actors", { limit: 12 });
  return P.el("aside", { class: "side" }, P.el("h2", {}, "Most active actors"),
    P.el("ol", {}, body.actors.map((a) => P.el("li", {},
      P.actorLink(a), " ", P.el("span", { class: "muted" }, `${a.total} events`)))));
}

async function load() {
  const params = new URLSearchParams(location.search);
  const query = Object.fromEntries(params);
  const [body, side] = await Promise.all([
    P.api("/api/events", { ...query, limit: PAGE, mentions: "false" }),
    topActors(),
  ]);
  const results = body.events.length
    ? P.table(["", "date", "type", "actor", "recipient", "claim", "reports", "evidence", ""],
      body.events.map(eventRow))
    : P.el("p", { class: "muted", id: "no-results" }, "No event matches these filters.");
  P.render(P.el("h1", {}, "Events"), searchForm(params),
    P.el("div", { class: "columns" }, P.el("div", { id: "results" }, results, pager(params, body)), side));
}

window.addEventListener("popstate", () => P.start(load));
P.start(load);
