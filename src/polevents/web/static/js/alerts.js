// Alerts view: the latest shifts, each with the sentences behind it.

import { getJSON } from "./api.js";
import { el } from "./dom.js";
import { openEvent } from "./events_ui.js";

function alertCard(alert) {
  return el("article", { className: "card" },
    el("h3", {}, `${alert.period} · ${alert.kind.replaceAll("_", " ")} · ${alert.actors.join("–")}`),
    el("p", {}, alert.summary, el("span", { className: "muted" }, ` (score ${alert.score})`)),
    alert.evidence.map((event) =>
      el("p", { className: "evidence", onclick: () => openEvent(event.event_id) },
        el("span", { className: "muted" }, `${event.event_date} ${event.outlet || ""}: `),
        `“${event.sentence || ""}”`)));
}

export async function renderAlerts() {
  const found = await getJSON("/api/alerts", { limit: 50 });
  const list = document.getElementById("alerts-list");
  const heading = el("p", { className: "muted" },
    found.since ? `Alerts since ${found.since}, latest first.` : "The store holds no dated event yet.");
  if (!found.alerts.length) {
    list.replaceChildren(heading, el("p", {}, "No shift worth an alert in this window."));
    return;
  }
  list.replaceChildren(heading, ...found.alerts.map(alertCard));
}
