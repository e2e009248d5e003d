// Code view: paste an article, see the events coded from it and their sentences.

import { codeText } from "./api.js";
import { el, quadLabel, showError } from "./dom.js";
import { highlightedSentence } from "./events_ui.js";

function codedEvent(event) {
  return el("article", { className: "card" },
    el("h3", {}, `${event.source_code} → ${event.target_code || "—"} · CAMEO ${event.cameo_code} `,
      el("span", { className: `q${event.quad_class}` }, quadLabel(event.quad_class))),
    highlightedSentence(event),
    el("p", { className: "muted" },
      `date ${event.event_date || "?"} (${event.date_source}) · Goldstein ${event.goldstein} · `,
      `PLOVER ${event.plover_type} · confidence ${event.confidence}`));
}

export function setupCode() {
  const form = document.getElementById("code-form");
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const result = document.getElementById("code-result");
    const button = form.querySelector("button[type=submit]");
    result.replaceChildren(el("p", { className: "muted" }, "Coding… (the first run loads the model)"));
    button.disabled = true;
    try {
      const found = await codeText(form.elements.text.value, {
        store: form.elements.store.checked, token: form.elements.token.value,
      });
      const summary = `${found.events.length} event(s) in ${found.articles} article(s)` +
        (found.stored ? ", stored." : ", not stored.");
      result.replaceChildren(el("p", {}, summary),
        ...found.skips.map((skip) => el("p", { className: "muted" }, `skipped: ${skip.reason} ${skip.detail}`)),
        ...found.events.map(codedEvent));
      showError(null);
    } catch (error) {
      result.replaceChildren();
      showError(error);
    } finally {
      button.disabled = false;
    }
  });
}
