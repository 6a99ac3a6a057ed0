/* The document page: the article text with every reported event marked inline. */
"use strict";

function eventLabel(e) {
  return `${e.type} ${e.actor.code} → ${e.recipient.code}`;
}

function articleText(segments, events) {
  const byId = new Map(events.map((e) => [e.id, e]));
  return P.el("div", { class: "article", id: "article" }, segments.map((s) => {
    if (!s.events.length) return s.text;
    const labels = s.events.map((id) => byId.get(id)).filter(Boolean);
    return [
      P.el("mark", { class: "reported", title: labels.map(eventLabel).join("; ") }, s.text),
      labels.map((e) => P.el("a", { class: "event-tag", href: P.paths.event(e.id) },
        P.typeBadge(e.type), ` ${e.actor.code}→${e.recipient.code}`)),
    ];
  }));
}

async function load() {
  const [id] = P.pathArgs(1);
  const body = await P.api(`/api/documents/${encodeURIComponent(id)}`);
  const d = body.document;
  P.setTitle(d.title || d.id);
  P.render(
    P.el("h1", { id: "doc-title" }, d.title || d.id),
    P.el("p", { class: "meta" }, d.outlet || "unknown outlet", " · ", d.published || "no date",
      " · ", `${d.mentions.length} event mention(s)`,
      P.safeHref(d.url || "")
        ? [" · ", P.el("a", { href: d.url, rel: "noopener noreferrer nofollow", target: "_blank" },
          "original")]
        : ""),
    articleText(body.segments, body.events),
  );
}

P.start(load);
