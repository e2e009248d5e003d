// The dashboard's entry: pick the view named in the URL, render it, keep the URL in step.

import { getJSON } from "./api.js";
import { el, showError } from "./dom.js";
import { renderAlerts } from "./alerts.js";
import { setupCode } from "./code.js";
import { renderDyad, setupDyad } from "./dyad.js";
import { renderEvents, setupEvents } from "./events.js";
import { openEvent, setupEventDialog } from "./events_ui.js";
import { renderNetwork, setupNetwork } from "./network.js";
import { readState } from "./state.js";

const VIEWS = {
  dyad: renderDyad,
  network: renderNetwork,
  events: renderEvents,
  alerts: renderAlerts,
  code: async () => {},
};

async function render() {
  const state = readState();
  const view = VIEWS[state.view] ? state.view : "dyad";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll("#tabs a")) {
    link.toggleAttribute("aria-current", link.dataset.view === view);
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
  }
  showError(null);
  document.body.dataset.ready = "false";
  try {
    await VIEWS[view]();
    if (state.event) await openEvent(state.event);
  } catch (error) {
    showError(error);
  } finally {
    document.body.dataset.ready = "true";  // the browser test waits for this
  }
}

async function showStatus() {
  try {
    const status = await getJSON("/api/status");
    document.getElementById("store-status").textContent =
      `${status.events} events · ${status.articles} articles` +
      (status.last_event_date ? ` · up to ${status.last_event_date}` : "");
    const network = await getJSON("/api/network", { min_events: 1 });
    document.getElementById("actors").replaceChildren(...network.nodes.map((n) => el("option", { value: n.id })));
  } catch (error) {
    showError(error);
  }
}

for (const link of document.querySelectorAll("#tabs a")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.history.pushState(null, "", `?view=${link.dataset.view}`);
    render();
  });
}
window.addEventListener("popstate", render);
setupDyad(render);
setupNetwork(render);
setupEvents(render);
setupCode();
setupEventDialog();
showStatus();
render();
