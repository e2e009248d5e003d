// Events view: a filterable table, newest first, paged with the API's cursor.

import { getJSON } from "./api.js";
import { showError } from "./dom.js";
import { eventsTable } from "./events_ui.js";
import { fillForm, formValues, readState, writeState } from "./state.js";

const FILTERS = ["source", "target", "root", "quad_class", "since", "until", "q"];
let shown = [];
let next = null;

function filters(state) {
  return Object.fromEntries(FILTERS.filter((key) => state[key]).map((key) => [key, state[key]]));
}

async function loadPage(cursor) {
  const page = await getJSON("/api/events", { ...filters(readState()), limit: 50, cursor });
  shown = cursor ? [...shown, ...page.events] : page.events;
  next = page.next;
  document.getElementById("events-table").replaceChildren(eventsTable(shown));
  document.getElementById("events-more").hidden = !next;
}

export async function renderEvents() {
  fillForm(document.getElementById("events-form"), readState());
  await loadPage(null);
}

export function setupEvents(rerender) {
  document.getElementById("events-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const values = formValues(event.target);
    const changes = Object.fromEntries(FILTERS.map((key) => [key, values[key] || null]));
    writeState(changes, { push: true });
    rerender();
  });
  document.getElementById("events-more").addEventListener("click", () => {
    if (next) loadPage(next).catch(showError);
  });
}
