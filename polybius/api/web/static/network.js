/* The network page: the international system in a time window as a graph. Edge colour:
   cooperation (blue) to conflict (red) by mean score; width: number of events. A slider moves
   the window; clicking an edge lists its events, clicking a node opens the actor. */
"use strict";

const WIDTHS = [["1", "1 month"], ["3", "3 months"], ["6", "6 months"], ["12", "12 months"],
  ["0", "all time"]];
const FORCE_LAYOUT_MAX = 120; // above this many nodes a force layout takes seconds: use rings

function monthStart(text) {
  const [y, m] = text.split("-").map(Number);
  return { y, m };
}

function addMonths({ y, m }, n) {
  const k = y * 12 + (m - 1) + n;
  return { y: Math.floor(k / 12), m: (k % 12) + 1 };
}

function iso({ y, m }, last) {
  const day = last ? new Date(Date.UTC(y, m, 0)).getUTCDate() : 1;
  return `${y}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function monthsBetween(a, b) {
  return (b.y - a.y) * 12 + (b.m - a.m);
}

function edgeColour(mean) {
  if (mean === null || mean === undefined) return "#adb5bd";
  if (mean > 0) return mean >= 3 ? "#1864ab" : "#4dabf7";
  if (mean < 0) return mean <= -5 ? "#c92a2a" : "#ff8787";
  return "#868e96";
}

function elements(net) {
  const maxActivity = Math.max(1, ...net.nodes.map((n) => n.activity));
  const maxEvents = Math.max(1, ...net.edges.map((e) => e.events));
  const nodes = net.nodes.map((n) => ({ data: {
    id: n.code, label: n.code.length <= 5 ? n.code : n.name, name: n.name, activity: n.activity,
    size: 14 + 36 * Math.sqrt(n.activity / maxActivity) } }));
  const edges = net.edges.map((e, i) => ({ data: {
    id: `e${i}`, source: e.source, target: e.target, events: e.events, score: e.score,
    mean: e.mean, types: e.types, colour: edgeColour(e.mean),
    width: 1 + 9 * Math.sqrt(e.events / maxEvents) } }));
  return [...nodes, ...edges];
}

function drawGraph(container, net, onEdge) {
  const big = net.edges.length > 300;
  const cy = cytoscape({
    container,
    elements: elements(net),
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: 1,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
        "background-color": "#495057", color: "#212529", "font-size": 10,
        "text-valign": "center", "text-halign": "right", "min-zoomed-font-size": 7 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)",
        "target-arrow-color": "data(colour)", "target-arrow-shape": big ? "none" : "triangle",
        "curve-style": big ? "haystack" : "bezier", opacity: 0.8 } },
      { selector: "edge:selected", style: { "line-color": "#fab005", "target-arrow-color": "#fab005",
        opacity: 1 } },
      { selector: "node:selected", style: { "background-color": "#fab005" } },
    ],
    layout: net.nodes.length <= FORCE_LAYOUT_MAX
      ? { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000,
        idealEdgeLength: () => 80 }
      : { name: "concentric", animate: false, concentric: (n) => n.data("activity"),
        levelWidth: () => Math.max(1, net.nodes.length / 400 * 20), minNodeSpacing: 4 },
  });
  cy.on("tap", "edge", (evt) => onEdge(evt.target.data()));
  cy.on("tap", "node", (evt) => {
    const d = evt.target.data();
    const panel = document.getElementById("panel");
    panel.replaceChildren(P.el("h2", {}, d.name), P.el("p", {}, `${d.activity} events in the window`),
      P.el("a", { href: P.paths.actor(d.id) }, "Open the actor page"));
  });
  return cy;
}

async function showEdge(edge, window_) {
  const panel = document.getElementById("panel");
  panel.replaceChildren(P.el("p", { class: "muted" }, "Loading events…"));
  const body = await P.api("/api/events", { actor: edge.source, recipient: edge.target,
    from: window_.from, to: window_.to, limit: 50, mentions: "false" });
  const types = Object.entries(edge.types).map(([t, n]) => [P.typeBadge(t), ` ${n} `]);
  panel.replaceChildren(
    P.el("h2", { id: "edge-title" }, `${edge.source} → ${edge.target}`),
    P.el("p", {}, `${edge.events} events, score ${P.signed(edge.score)}, mean ${P.signed(edge.mean)}`),
    P.el("p", {}, types),
    P.el("p", {}, P.el("a", { href: P.paths.dyad(edge.source, edge.target) }, "The dyad over time")),
    P.el("ol", { class: "edge-events", id: "edge-events" }, body.events.map((e) => P.el("li", {},
      P.el("a", { href: P.paths.event(e.id) }, `${P.dates(e)} ${e.type}`), " ",
      P.el("span", { class: "evidence" }, e.sentence)))),
    body.next_offset !== null ? P.el("p", { class: "muted" }, "(first 50 shown)") : "");
}

class NetworkPage {
  constructor(stats, params) {
    this.first = monthStart(stats.first || new Date().toISOString().slice(0, 7));
    this.last = monthStart(stats.last || new Date().toISOString().slice(0, 7));
    this.months = Math.max(1, monthsBetween(this.first, this.last) + 1);
    this.params = params;
    this.cy = null;
    this.timer = null;
  }

  window() {
    const width = Number(this.width.value);
    if (width === 0) return { from: null, to: null, label: "all time" };
    const end = addMonths(this.first, Number(this.slider.value));
    const start = addMonths(end, -(width - 1));
    return { from: iso(start, false), to: iso(end, true), label: `${iso(start, false)} to ${iso(end, true)}` };
  }

  controls() {
    this.width = P.el("select", { id: "width" }, WIDTHS.map(([v, label]) =>
      P.el("option", { value: v, selected: v === (this.params.get("width") || "12") }, label)));
    const at = this.params.get("at");
    this.slider = P.el("input", { id: "slider", type: "range", min: 0, max: this.months - 1,
      value: at === null ? this.months - 1 : at, step: 1 });
    this.minEvents = P.el("input", { id: "min-events", type: "number", min: 1,
      value: this.params.get("min_events") || 1 });
    this.maxEdges = P.el("input", { id: "max-edges", type: "number", min: 1, max: 5000,
      value: this.params.get("max_edges") || 300 });
    this.label = P.el("output", { id: "window-label" });
    const changed = () => { clearTimeout(this.timer); this.timer = setTimeout(() => this.refresh(), 250); };
    for (const input of [this.width, this.slider, this.minEvents, this.maxEdges]) {
      input.addEventListener("input", changed);
    }
    return P.el("div", { class: "filters" },
      P.el("label", {}, P.el("span", {}, "Window"), this.width),
      P.el("label", { class: "wide" }, P.el("span", {}, "Ending in month"), this.slider),
      P.el("label", {}, P.el("span", {}, "Min. events per edge"), this.minEvents),
      P.el("label", {}, P.el("span", {}, "Max. edges"), this.maxEdges),
      this.label);
  }

  async refresh() {
    const window_ = this.window();
    const asked = (this.asked = (this.asked || 0) + 1);
    this.label.value = window_.label;
    this.slider.disabled = window_.from === null;
    document.body.dataset.state = "loading";
    const net = await P.api("/api/network", { from: window_.from, to: window_.to,
      min_events: this.minEvents.value, max_edges: this.maxEdges.value });
    if (asked !== this.asked) return; // a later window was asked for meanwhile
    const started = performance.now();
    if (this.cy) this.cy.destroy();
    this.info.replaceChildren(`${net.nodes.length} actors, ${net.edges.length} edges shown`,
      net.total_edges > net.edges.length ? ` (the heaviest of ${net.total_edges})` : "");
    this.cy = drawGraph(this.graph, net, (edge) => showEdge(edge, window_).catch(P.fail));
    window.__polybius = { cy: this.cy, renderMs: performance.now() - started,
      nodes: net.nodes.length, edges: net.edges.length, window: window_.label };
    document.body.dataset.state = "ready";
  }
}

async function load() {
  if (typeof cytoscape === "undefined") {
    throw new Error("The graph library is missing: run scripts/web-assets.sh and reload.");
  }
  const stats = await P.api("/api/stats");
  const page = new NetworkPage(stats, new URLSearchParams(location.search));
  page.graph = P.el("div", { id: "graph", class: "graph" });
  page.info = P.el("p", { id: "graph-info", class: "muted" });
  P.render(P.el("h1", {}, "Network"), page.controls(), page.info,
    P.el("div", { class: "network" }, page.graph,
      P.el("aside", { id: "panel", class: "side" }, P.el("p", { class: "muted" },
        "Click an edge to see its events, a node to open its actor."))),
    P.el("p", { class: "legend" }, "Edges: ", P.el("span", { class: "pos" }, "blue: cooperation"),
      ", ", P.el("span", { class: "neg" }, "red: conflict"), "; width: number of events."));
  await page.refresh();
}

P.start(load);
