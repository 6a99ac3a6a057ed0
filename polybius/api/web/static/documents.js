/* The documents page: stored documents, the latest published first, with their events. */
"use strict";

const PAGE = 50;

async function load() {
  const params = new URLSearchParams(location.search);
  const offset = Number(params.get("offset") || 0);
  const body = await P.api("/api/documents", { outlet: params.get("outlet"), limit: PAGE, offset });
  const rows = body.documents.map((d) => [
    d.published || "—",
    P.el("a", { href: P.paths.document(d.id) }, d.title || d.id),
    d.outlet || "—",
    P.el("span", {}, d.mentions.map((m) => [P.typeBadge(m.type), " "])),
  ]);
  const more = (value, text) => P.el("a", { href: `/documents?offset=${value}` }, text);
  P.render(
    P.el("h1", {}, "Documents"),
    rows.length ? P.table(["published", "title", "outlet", "events"], rows)
      : P.el("p", { class: "muted" }, "No document stored yet: run polybius ingest."),
    P.el("p", { class: "pager" }, offset > 0 ? more(Math.max(0, offset - PAGE), "← Newer") : "", " ",
      body.next_offset !== null ? more(body.next_offset, "Older →") : ""),
  );
}

P.start(load);
