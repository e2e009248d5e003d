// Network view: the partnership graph of a time window, blocs coloured (Vega force layout).

import { getJSON } from "./api.js";
import { el } from "./dom.js";
import { fillForm, readState, writeState } from "./state.js";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
let months = [];  // first day of each month between the store's first and last event

function monthList(first, last) {
  const out = [];
  const day = new Date(`${first.slice(0, 7)}-01T00:00:00Z`);
  while (day.toISOString().slice(0, 10) <= last) {
    out.push(day.toISOString().slice(0, 10));
    day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return out;
}

function monthEnd(start) {
  const day = new Date(`${start}T00:00:00Z`);
  day.setUTCMonth(day.getUTCMonth() + 1, 0);
  return day.toISOString().slice(0, 10);
}

function colour(bloc) {
  return bloc === null ? "#98a2b3" : PALETTE[bloc % PALETTE.length];
}

// The forces alone pushed countries with few links (or none) past the chart's
// edges: a weak pull to the middle on each axis keeps them near, and a clamp
// keeps every node at least MARGIN pixels inside.
const MARGIN = 24;

export function graphSpec(network, width) {
  const height = Math.min(520, Math.max(320, width * 0.7));
  const index = new Map(network.nodes.map((node, i) => [node.id, i]));
  const home = { homeX: width / 2, homeY: height / 2 };
  const nodes = network.nodes.map((node) => ({ ...node, ...home, colour: colour(node.bloc) }));
  const links = network.edges.map((edge) => ({
    source: index.get(edge.source), target: index.get(edge.target), net: edge.net, events: edge.events,
  }));
  return {
    width, height, autosize: "none", padding: 10,
    signals: [{ name: "cx", update: "width / 2" }, { name: "cy", update: "height / 2" }],
    data: [{ name: "node-data", values: nodes }, { name: "link-data", values: links }],
    scales: [{ name: "size", type: "sqrt", domain: { data: "node-data", field: "events" },
      range: [80, 900] }],
    marks: [
      {
        name: "nodes", type: "symbol", zindex: 1, from: { data: "node-data" },
        encode: {
          enter: { fill: { field: "colour" }, stroke: { value: "#fff" } },
          update: { size: { scale: "size", field: "events" },
            tooltip: { signal: "{title: datum.id, events: datum.events, bloc: datum.bloc}" } },
        },
        transform: [{
          type: "force", iterations: 300, static: true, signal: "force",
          forces: [
            { force: "center", x: { signal: "cx" }, y: { signal: "cy" } },
            { force: "collide", radius: 18 },
            { force: "nbody", strength: -90 },
            { force: "link", links: "link-data", distance: 90 },
            { force: "x", x: "datum.homeX", strength: 0.1 },
            { force: "y", y: "datum.homeY", strength: 0.1 },
          ],
        },
        { type: "formula", as: "x", expr: `clamp(datum.x, ${MARGIN}, ${width - MARGIN})` },
        { type: "formula", as: "y", expr: `clamp(datum.y, ${MARGIN}, ${height - MARGIN})` }],
      },
      {
        type: "path", from: { data: "link-data" }, interactive: false,
        encode: { update: {
          stroke: { signal: "datum.net > 0 ? '#2e7d32' : '#c62828'" },
          strokeOpacity: { value: 0.55 },
          strokeWidth: { signal: "1 + sqrt(datum.events) / 2" },
        } },
        transform: [{ type: "linkpath", require: { signal: "force" }, shape: "line",
          sourceX: "datum.source.x", sourceY: "datum.source.y",
          targetX: "datum.target.x", targetY: "datum.target.y" }],
      },
      {
        type: "text", from: { data: "nodes" }, zindex: 2, interactive: false,
        encode: { update: { x: { field: "x" }, y: { field: "y", offset: -12 }, text: { field: "datum.id" },
          align: { value: "center" }, fontSize: { value: 11 }, fill: { value: "#1d2433" } } },
      },
    ],
  };
}

function blocList(network) {
  if (!network.blocs.length) return el("p", { className: "muted" }, "No bloc in this window.");
  return el("div", { className: "blocs" }, network.blocs.map((members, i) =>
    el("span", { className: "bloc", style: `background:${colour(i)}` }, `Bloc ${i + 1}: ${members.join(", ")}`)));
}

export async function renderNetwork() {
  const form = document.getElementById("network-form");
  if (!months.length) {
    const status = await getJSON("/api/status");
    if (!status.first_event_date) return;
    months = monthList(status.first_event_date, status.last_event_date);
    form.elements.from.max = form.elements.to.max = String(months.length - 1);
  }
  const state = readState();
  const from = Math.max(0, months.indexOf(state.since));
  const toIndex = months.findIndex((m) => monthEnd(m) === state.until);
  const to = toIndex >= 0 ? toIndex : months.length - 1;
  fillForm(form, { from: String(from), to: String(Math.max(from, to)), min: state.min || "3" });
  form.elements.from_label.value = months[from].slice(0, 7);
  form.elements.to_label.value = months[Math.max(from, to)].slice(0, 7);
  const network = await getJSON("/api/network", {
    since: months[from], until: monthEnd(months[Math.max(from, to)]), min_events: state.min || 3,
  });
  const target = document.getElementById("network-chart");
  document.getElementById("network-blocs").replaceChildren(blocList(network));
  if (!network.nodes.length) {
    target.replaceChildren(el("p", { className: "muted" }, "No pair with enough events here."));
    return;
  }
  const width = Math.max(280, target.clientWidth - 20);
  await window.vegaEmbed(target, graphSpec(network, width), { renderer: "svg", actions: false, mode: "vega" });
}

export function setupNetwork(rerender) {
  const form = document.getElementById("network-form");
  let timer = null;
  form.addEventListener("input", () => {
    const from = Number(form.elements.from.value);
    const to = Math.max(from, Number(form.elements.to.value));
    form.elements.from_label.value = months[from]?.slice(0, 7) || "";
    form.elements.to_label.value = months[to]?.slice(0, 7) || "";
    clearTimeout(timer);
    timer = setTimeout(() => {
      writeState({ since: months[from], until: monthEnd(months[to]), min: form.elements.min.value });
      rerender();
    }, 250);
  });
}
