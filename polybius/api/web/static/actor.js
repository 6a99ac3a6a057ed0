/* The actor page: its relations, most frequent partners and opponents, latest events. */
"use strict";

function relationRows(code, relations) {
  return relations.map((r) => [
    P.el("a", { href: P.paths.actor(r.code) }, r.name === r.code ? r.code : `${r.name} (${r.code})`),
    String(r.outgoing.events),
    String(r.incoming.events),
    P.el("span", { class: r.score < 0 ? "neg" : r.score > 0 ? "pos" : "" }, P.signed(r.score)),
    P.el("a", { href: P.paths.dyad(code, r.code) }, "dyad"),
  ]);
}

function shortList(title, id, code, relations) {
  return P.el("div", { class: "card", id },
    P.el("h2", {}, title),
    relations.length
      ? P.el("ol", {}, relations.map((r) => P.el("li", {},
        P.el("a", { href: P.paths.dyad(code, r.code) }, r.name), " ",
        P.el("span", { class: "muted" }, `${r.events} events, score ${P.signed(r.score)}`))))
      : P.el("p", { class: "muted" }, "none"));
}

function latestRows(events) {
  return events.map((e) => [
    P.el("a", { href: P.paths.event(e.id) }, P.dates(e)),
    P.typeBadge(e.type), P.actorLink(e.actor), P.actorLink(e.recipient),
    P.badge(e.state, `state-${e.state}`), P.el("span", { class: "evidence" }, e.sentence),
  ]);
}

async function load() {
  const [code] = P.pathArgs(1);
  const a = await P.api(`/api/actors/${encodeURIComponent(code)}`, { relations: 100 });
  P.setTitle(a.name);
  P.render(
    P.el("h1", {}, a.name, " ", P.el("span", { class: "muted" }, a.code)),
    P.el("p", { class: "meta" }, [a.country && `country ${a.country}`, a.sector && `sector ${a.sector}`,
      `${a.as_actor} events as actor`, `${a.as_recipient} as recipient`,
      `${a.relation_count} counterparts`].filter(Boolean).join(" · ")),
    P.el("div", { class: "cards" },
      shortList("Partners", "partners", a.code, a.partners),
      shortList("Opponents", "opponents", a.code, a.opponents)),
    P.section("Relations", a.relations.length
      ? P.table(["counterpart", "events by " + a.code, "events on " + a.code, "score", ""],
        relationRows(a.code, a.relations))
      : P.el("p", { class: "muted" }, "No counted event with another actor.")),
    P.section("Latest events", a.latest.length
      ? P.table(["date", "type", "actor", "recipient", "claim", "evidence"], latestRows(a.latest))
      : P.el("p", { class: "muted" }, "No dated event.")),
  );
}

P.start(load);
