// Dyad view: two actors -> stacked QuadClass counts and the index, period by period.

import { getJSON } from "./api.js";
import { el, showError } from "./dom.js";
import { eventsTable } from "./events_ui.js";
import { fillForm, formValues, readState, writeState } from "./state.js";

const QUADS = [
  ["verbal_coop", "verbal cooperation", "#81c784"],
  ["material_coop", "material cooperation", "#2e7d32"],
  ["verbal_conflict", "verbal conflict", "#ef9a9a"],
  ["material_conflict", "material conflict", "#c62828"],
];

// The last day of the period that starts on `start` (YYYY-MM-DD).
export function periodEnd(start, freq) {
  const day = new Date(`${start}T00:00:00Z`);
  if (freq === "month") day.setUTCMonth(day.getUTCMonth() + 1, 0);
  else if (freq === "week") day.setUTCDate(day.getUTCDate() + 6);
  return day.toISOString().slice(0, 10);
}

function chartSpec(series) {
  return {
    width: "container",
    height: 300,
    data: { values: series },
    encoding: { x: { field: "period", type: "ordinal", title: null,
      axis: { labelAngle: -45, labelOverlap: true } } },
    layer: [
      {
        transform: [{ fold: QUADS.map(([key]) => key), as: ["quad", "count"] }],
        mark: { type: "bar", cursor: "pointer" },
        encoding: {
          y: { field: "count", type: "quantitative", stack: true, title: "events",
            axis: { tickMinStep: 1, format: "d" } },
          color: {
            field: "quad", type: "nominal", title: null,
            scale: { domain: QUADS.map(([key]) => key), range: QUADS.map(([, , color]) => color) },
            legend: { orient: "bottom", columns: window.innerWidth < 600 ? 2 : 4,
              labelExpr: "replace(datum.label, '_', ' ')" },
          },
          order: { field: "quad", sort: "ascending" },
          tooltip: [{ field: "period" }, { field: "quad" }, { field: "count" }, { field: "index" }],
        },
      },
      {
        mark: { type: "line", point: true, color: "#1d2433" },
        encoding: {
          y: { field: "index", type: "quantitative", title: "index", scale: { domain: [-1, 1] } },
          tooltip: [{ field: "period" }, { field: "index" }, { field: "goldstein_sum" }],
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}

async function showPeriod(state, period) {
  const until = periodEnd(period, state.freq);
  const title = document.getElementById("dyad-period-title");
  title.textContent = `Events of ${state.a} and ${state.b}, ${period} to ${until}`;
  title.hidden = false;
  const source = state.dir === "backward" ? state.b : state.a;
  const target = state.dir === "backward" ? state.a : state.b;
  const page = await getJSON("/api/events", {
    source, target, since: period, until, limit: 200,
    direction: state.dir === "both" ? "both" : "forward",
  });
  document.getElementById("dyad-events").replaceChildren(eventsTable(page.events));
  writeState({ period });
}

export async function renderDyad() {
  const form = document.getElementById("dyad-form");
  const state = { freq: "month", dir: "both", ...readState() };
  fillForm(form, state);
  if (!state.a || !state.b) return;
  const found = await getJSON(`/api/dyads/${encodeURIComponent(state.a)}/${encodeURIComponent(state.b)}`,
    { freq: state.freq, since: state.since, until: state.until, direction: state.dir });
  const target = document.getElementById("dyad-chart");
  if (!found.series.length) {
    target.replaceChildren(el("p", { className: "muted" }, "No event between these two actors."));
    return;
  }
  const result = await window.vegaEmbed(target, chartSpec(found.series),
    { renderer: "svg", actions: false });
  result.view.addEventListener("click", (_event, item) => {
    const period = item && item.datum && item.datum.period;
    if (period) showPeriod(state, period).catch(showError);
  });
  if (state.period) await showPeriod(state, state.period);
}

export function setupDyad(rerender) {
  document.getElementById("dyad-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const values = formValues(event.target);
    writeState({ ...values, a: values.a.toUpperCase(), b: values.b.toUpperCase(),
      since: values.since || null, until: values.until || null, period: null }, { push: true });
    document.getElementById("dyad-events").replaceChildren();
    document.getElementById("dyad-period-title").hidden = true;
    rerender();
  });
}
