/* The event page: what happened, who claims it and who denies it, and every report with its
   evidence sentence marked (actor, recipient, event word). */
"use strict";

const ROLE_NAMES = { actor: "actor", recipient: "recipient", trigger: "event word",
  attributed_to: "according to" };

function evidence(segments) {
  return P.el("blockquote", { class: "evidence-sentence" }, segments.map((s) => s.role
    ? P.el("mark", { class: `role-${s.role}`, title: ROLE_NAMES[s.role] || s.role }, s.text)
    : s.text));
}

function source(doc, docId) {
  const title = doc.title || docId;
  return P.el("div", { class: "source" },
    P.el("strong", {}, doc.outlet || "unknown outlet"), " · ",
    doc.published || "no date", " · ",
    P.el("a", { href: P.paths.document(docId) }, title),
    P.safeHref(doc.url || "")
      ? [" · ", P.el("a", { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank",
        class: "external" }, "original")]
      : "");
}

function report(mention) {
  const who = mention.attributed_to
    ? `according to ${mention.attributed_to.name || mention.attributed_to.id}`
    : "in the writer's own voice";
  return P.el("li", { class: "report" },
    P.el("div", {}, P.badge(mention.status, `status-${mention.status}`), " ", who),
    evidence(mention.evidence),
    source(mention.document, mention.doc_id));
}

function claimSummary(claim) {
  // A voice is an actor (a link to its page) or, when a report speaks in its own voice, an outlet.
  const outlets = new Set(claim.voices.map((v) => v.outlet));
  const voice = (c) => outlets.has(c) ? c : P.el("a", { href: P.paths.actor(c) }, c);
  const list = (codes) => codes.length
    ? codes.map((c, i) => [i ? ", " : "", voice(c)])
    : P.el("span", { class: "muted" }, "nobody");
  return P.section("Claim",
    P.el("p", {}, "State: ", P.badge(claim.state, `state-${claim.state}`)),
    P.el("p", { id: "asserted-by" }, "Asserted by: ", list(claim.asserted_by)),
    P.el("p", { id: "denied-by" }, "Denied by: ", list(claim.denied_by)),
    P.table(["speaker", "says", "status", "outlet", "published"], claim.voices.map((v) => [
      v.speaker, v.stance, v.status, v.outlet || "—", v.published || "—"])));
}

async function load() {
  const [id] = P.pathArgs(1);
  const body = await P.api(`/api/events/${encodeURIComponent(id)}`);
  const e = body.event;
  P.setTitle(`${e.type} ${e.actor.code} → ${e.recipient.code}`);
  const dyad = e.actor.code !== "-" && e.recipient.code !== "-"
    ? P.el("a", { href: P.paths.dyad(e.actor.code, e.recipient.code) }, "the dyad over time")
    : "";
  P.render(
    P.el("h1", {}, P.typeBadge(e.type), " ", P.actorLink(e.actor), " → ", P.actorLink(e.recipient)),
    P.el("p", { class: "meta" }, P.dates(e), " · status ", e.status, " · ",
      `${e.report_count} report(s), ${e.mention_count} mention(s)`, " · ", dyad),
    claimSummary(body.claim),
    P.section("Reports", P.el("p", { class: "legend" }, "Marked: ",
      P.el("mark", { class: "role-actor" }, "actor"), " ",
      P.el("mark", { class: "role-recipient" }, "recipient"), " ",
      P.el("mark", { class: "role-trigger" }, "event word"), " ",
      P.el("mark", { class: "role-attributed_to" }, "source of the claim")),
    P.el("ol", { class: "reports" }, body.mentions.map(report))),
  );
}

P.start(load);
