/* The dyad page: events by type per period in both directions (A→B up, B→A down), and the
   cooperation–conflict score over time; the claims between the two below. */
"use strict";

let charts = [];

function controls(a, b, params) {
  const by = params.get("by") || "month";
  const form = P.el("form", { class: "filters", id: "dyad-form" },
    P.el("label", {}, P.el("span", {}, "Period"), P.el("select", { name: "by" },
      ["week", "month", "year"].map((p) => P.el("option", { value: p, selected: p === by }, p)))),
    P.el("label", {}, P.el("span", {}, "From"),
      P.el("input", { type: "date", name: "from", value: params.get("from") || "" })),
    P.el("label", {}, P.el("span", {}, "To"),
      P.el("input", { type: "date", name: "to", value: params.get("to") || "" })),
    P.el("button", { type: "submit" }, "Show"),
    P.el("a", { href: P.paths.dyad(b, a) }, "swap"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) next.set(key, value);
    history.pushState(null, "", `${location.pathname}?${next}`);
    P.start(load);
  });
  return form;
}

function typeDatasets(series) {
  const used = P.TYPES.filter((t) => series.periods.some(
    (p) => p.a_to_b.types[t] || p.b_to_a.types[t]));
  const sets = [];
  for (const t of used) {
    const colour = P.TYPE_COLOURS[t];
    sets.push({ label: `${t} ${series.a}→${series.b}`, stack: "s", backgroundColor: colour,
      data: series.periods.map((p) => p.a_to_b.types[t] || 0) });
    sets.push({ label: `${t} ${series.b}→${series.a}`, stack: "s", backgroundColor: colour + "99",
      data: series.periods.map((p) => -(p.b_to_a.types[t] || 0)) });
  }
  return sets;
}

function drawCharts(series, countCanvas, scoreCanvas) {
  charts.forEach((c) => c.destroy());
  const labels = series.periods.map((p) => p.period);
  const common = { animation: false, responsive: true, maintainAspectRatio: false };
  charts = [
    new Chart(countCanvas, {
      type: "bar",
      data: { labels, datasets: typeDatasets(series) },
      options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 },
        title: { display: true, text: `events (${series.b}→${series.a} below zero)` } } },
        plugins: { legend: { position: "right", labels: { boxWidth: 10 } } } },
    }),
    new Chart(scoreCanvas, {
      type: "line",
      data: { labels, datasets: [
        { label: `${series.a}→${series.b}`, data: series.periods.map((p) => p.a_to_b.score),
          borderColor: "#1c7ed6", backgroundColor: "#1c7ed6" },
        { label: `${series.b}→${series.a}`, data: series.periods.map((p) => p.b_to_a.score),
          borderColor: "#e8590c", backgroundColor: "#e8590c" },
        { label: "both", data: series.periods.map((p) => p.score), borderColor: "#495057",
          backgroundColor: "#495057", borderDash: [4, 4] },
      ] },
      options: { ...common, scales: { y: { title: { display: true,
        text: "cooperation (+) / conflict (−) score" } } } },
    }),
  ];
}

function claimRows(claims) {
  return claims.map((c) => [
    P.el("a", { href: P.paths.event(c.id) }, P.dates(c)), P.typeBadge(c.type),
    `${c.actor.code} → ${c.recipient.code}`, P.badge(c.state, `state-${c.state}`),
    c.asserted_by.join(", ") || "—", c.denied_by.join(", ") || "—",
    P.el("span", { class: "evidence" }, c.sentence),
  ]);
}

function summary(series) {
  const flow = (f, from, to) => P.el("li", {}, `${from} → ${to}: ${f.events} events, score `,
    P.el("strong", {}, P.signed(f.score)), f.mean === null ? "" : ` (mean ${P.signed(f.mean)})`);
  return P.el("ul", { class: "summary", id: "dyad-summary" },
    flow(series.a_to_b, series.a, series.b), flow(series.b_to_a, series.b, series.a),
    series.undated ? P.el("li", { class: "muted" }, `${series.undated} undated event(s) not shown`) : "");
}

async function load() {
  const [a, b] = P.pathArgs(2);
  const params = new URLSearchParams(location.search);
  const window_ = { by: params.get("by") || "month", from: params.get("from"), to: params.get("to") };
  const [series, claims] = await Promise.all([
    P.api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, window_),
    P.api(`/api/claims/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
      { from: window_.from, to: window_.to, limit: 50 }),
  ]);
  P.setTitle(`${series.a} ↔ ${series.b}`);
  const countCanvas = P.el("canvas", { id: "chart-types", role: "img",
    "aria-label": "events by type and period" });
  const scoreCanvas = P.el("canvas", { id: "chart-score", role: "img",
    "aria-label": "score by period" });
  const missing = typeof Chart === "undefined";
  P.render(
    P.el("h1", {}, P.el("a", { href: P.paths.actor(series.a) }, series.a), " ↔ ",
      P.el("a", { href: P.paths.actor(series.b) }, series.b)),
    controls(series.a, series.b, params),
    summary(series),
    missing ? P.el("p", { class: "error" }, "The chart library is missing: run scripts/web-assets.sh.") : "",
    series.periods.length
      ? [P.section("Events by type", P.el("div", { class: "chart" }, countCanvas)),
        P.section("Cooperation–conflict score", P.el("div", { class: "chart" }, scoreCanvas))]
      : P.el("p", { class: "muted" }, "No dated event between these two actors."),
    P.section("Claims between them", claims.claims.length
      ? P.table(["date", "type", "direction", "claim", "asserted by", "denied by", "evidence"],
        claimRows(claims.claims))
      : P.el("p", { class: "muted" }, "none")),
  );
  if (!missing && series.periods.length) drawCharts(series, countCanvas, scoreCanvas);
}

window.addEventListener("popstate", () => P.start(load));
P.start(load);
