/* Polybius web UI: shared helpers. Every piece of data is put on the page as text
   (text nodes, textContent, attribute values); no HTML is ever built from data. */
"use strict";

const P = (() => {
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE",
    "ASSAULT"];
  const STATUSES = ["occurred", "planned", "possible", "denied", "negated"];
  const STATES = ["reported", "corroborated", "contested", "denied"];
  // Cooperation in greens and blues, conflict in yellows to reds, by the scale's weights.
  const TYPE_COLOURS = {
    AGREE: "#2b8a3e", CONSULT: "#74b816", SUPPORT: "#37b24d", CONCEDE: "#0ca678",
    COOPERATE: "#1098ad", AID: "#1c7ed6", RETREAT: "#4263eb", REQUEST: "#fab005",
    ACCUSE: "#f59f00", REJECT: "#f76707", THREATEN: "#e8590c", SANCTION: "#d9480f",
    PROTEST: "#c2255c", MOBILIZE: "#ae3ec9", COERCE: "#c92a2a", ASSAULT: "#862e2e",
  };

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "href") {
        const safe = safeHref(value);
        if (safe) node.setAttribute("href", safe);
      } else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Links inside the app, or http(s) URLs of sources; anything else (javascript:) is dropped. */
  function safeHref(value) {
    const text = String(value);
    if (text.startsWith("/") && !text.startsWith("//")) return text;
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_e) {
      return null;
    }
  }

  const enc = encodeURIComponent;
  const paths = {
    event: (id) => `/events/${enc(id)}`,
    actor: (code) => `/actors/${enc(code)}`,
    dyad: (a, b) => `/dyads/${enc(a)}/${enc(b)}`,
    document: (id) => `/documents/${enc(id)}`,
  };

  /** GET a JSON API path with query parameters (empty ones left out); throws the API's message. */
  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") query.set(key, value);
    }
    const url = query.toString() ? `${path}?${query}` : path;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (_e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** The decoded path segments after the page's own prefix: /dyads/A/B -> ["A", "B"]. */
  function pathArgs(count) {
    const parts = location.pathname.split("/").filter(Boolean).slice(1);
    if (count === 1) return [decodeURIComponent(parts.join("/"))];
    return parts.slice(0, count).map(decodeURIComponent);
  }

  function main() {
    return document.getElementById("main");
  }

  /** Replace the page's content, and mark it ready (for people and for tests). */
  function render(...children) {
    const root = main();
    root.replaceChildren();
    append(root, children);
    document.body.dataset.state = "ready";
  }

  function fail(error) {
    const root = main();
    root.replaceChildren(el("p", { class: "error", role: "alert" }, String(error.message || error)));
    document.body.dataset.state = "error";
  }

  function setTitle(text) {
    document.title = `${text} · Polybius`;
  }

  function actorLink(side) {
    if (!side || !side.code || side.code === "-") return el("span", { class: "muted" }, "—");
    const label = side.name && side.name !== side.code ? `${side.name} (${side.code})` : side.code;
    return el("a", { href: paths.actor(side.code), class: "actor" }, label);
  }

  function dates(event) {
    if (!event.date_start) return "undated";
    if (event.date_end && event.date_end !== event.date_start) {
      return `${event.date_start} – ${event.date_end}`;
    }
    return event.date_start;
  }

  function badge(text, kind) {
    return el("span", { class: `badge ${kind || ""}`.trim() }, text);
  }

  function typeBadge(type) {
    const node = badge(type, "type");
    node.style.background = TYPE_COLOURS[type] || "#666";
    return node;
  }

  function table(headers, rows) {
    return el("table", {},
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell) => el("td", {}, cell))))));
  }

  function section(title, ...children) {
    return el("section", {}, el("h2", {}, title), children);
  }

  function signed(value) {
    if (value === null || value === undefined) return "—";
    const number = Number(value);
    return (number > 0 ? "+" : "") + number.toFixed(1);
  }

  /** Run a page's async main, showing its error in place of the page. */
  function start(run) {
    run().catch(fail);
  }

  return {
    TYPES, STATUSES, STATES, TYPE_COLOURS, el, append, api, paths, pathArgs, render, fail,
    setTitle, actorLink, dates, badge, typeBadge, table, section, signed, start, safeHref,
  };
})();
