// Shared pieces for events: the table, the highlighted sentence and the event dialog.

import { getJSON } from "./api.js";
import { el, quadLabel, showError } from "./dom.js";
import { writeState } from "./state.js";

// The verb (or noun) of the rule that coded the event: "verb:accuse->112" gives "accuse".
function ruleWord(rule) {
  const match = /^(?:verb|noun):([A-Za-z]+)/.exec(rule || "");
  return match ? match[1] : null;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Return [start, end, kind] spans of the actors and the verb found in the sentence.
function findSpans(event) {
  const sentence = event.sentence || "";
  const spans = [];
  const add = (pattern, kind) => {
    const match = pattern.exec(sentence);
    if (match && !spans.some(([s, e]) => match.index < e && s < match.index + match[0].length)) {
      spans.push([match.index, match.index + match[0].length, kind]);
    }
  };
  for (const [text, kind] of [[event.source_actor, "source"], [event.target_actor, "target"]]) {
    if (text) add(new RegExp(escapeRegExp(text), "i"), kind);
  }
  const word = ruleWord(event.rule);
  if (word) {
    const stem = word.length > 4 && word.endsWith("e") ? word.slice(0, -1) : word;
    add(new RegExp(`\\b${escapeRegExp(stem)}\\w*`, "i"), "verb");
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

// The evidence sentence with source, target and verb marked.
export function highlightedSentence(event) {
  const sentence = event.sentence || "";
  const node = el("p", { className: "sentence" });
  let at = 0;
  for (const [start, end, kind] of findSpans(event)) {
    node.append(sentence.slice(at, start), el("mark", { className: kind }, sentence.slice(start, end)));
    at = end;
  }
  node.append(sentence.slice(at));
  return node;
}

function actorName(event, side) {
  return event[`${side}_code`] || event[`${side}_actor`] || "—";
}

// A table of events; clicking a row opens its detail.
export function eventsTable(events) {
  if (!events.length) return el("p", { className: "muted" }, "No event matches.");
  const rows = events.map((event) =>
    el("tr", { "data-event-id": event.event_id, onclick: () => openEvent(event.event_id) },
      el("td", {}, event.event_date || "?"),
      el("td", {}, actorName(event, "source")),
      el("td", { className: `q${event.quad_class}`, title: quadLabel(event.quad_class) },
        `${event.cameo_code} ${event.plover_type || ""}`),
      el("td", {}, actorName(event, "target")),
      el("td", { className: "col-wide" }, event.sentence || ""),
      el("td", { className: "col-wide" }, event.num_mentions ?? ""),
    ));
  return el("div", { className: "table-wrap" },
    el("table", {},
      el("thead", {}, el("tr", {},
        el("th", {}, "Date"), el("th", {}, "Source"), el("th", {}, "Event"), el("th", {}, "Target"),
        el("th", { className: "col-wide" }, "Sentence"),
        el("th", { className: "col-wide", title: "mentions" }, "#"))),
      el("tbody", {}, rows)));
}

function mentionItem(mention) {
  const title = mention.title || mention.doc || mention.article_id;
  const link = mention.url ? el("a", { href: mention.url, target: "_blank", rel: "noopener" }, title) : title;
  const body = el("div", { className: "article-body", hidden: true });
  const showArticle = el("button", {
    type: "button",
    onclick: async () => {
      try {
        const article = await getJSON(`/api/articles/${encodeURIComponent(mention.article_id)}`);
        body.textContent = article.body || "(no text stored)";
        body.hidden = false;
        showArticle.hidden = true;
      } catch (error) {
        showError(error);
      }
    },
  }, "Read the article");
  return el("li", {},
    el("div", {}, link, " ", el("span", { className: "muted" },
      [mention.outlet, mention.published].filter(Boolean).join(" · "))),
    el("div", { className: "muted" }, `“${mention.sentence || ""}”`),
    mention.article_id ? showArticle : null, body);
}

// Open the dialog of one event: highlighted sentence, codes, every mention with its article.
export async function openEvent(eventId) {
  const dialog = document.getElementById("event-dialog");
  const box = document.getElementById("event-detail");
  try {
    const event = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    box.replaceChildren(
      el("h2", {}, `${actorName(event, "source")} → ${actorName(event, "target")}`,
        el("span", { className: "muted" }, ` ${event.event_date || ""}`)),
      highlightedSentence(event),
      el("p", { className: "muted" },
        el("mark", { className: "source" }, "source"), " ", el("mark", { className: "target" }, "target"),
        " ", el("mark", { className: "verb" }, "verb")),
      el("p", {}, `CAMEO ${event.cameo_code} · ${quadLabel(event.quad_class)} · Goldstein `,
        `${event.goldstein} · PLOVER ${event.plover_type || "?"} · rule ${event.rule || "?"}`),
      el("h3", {}, `Reported in ${event.mentions.length} place(s)`),
      el("ul", { className: "mentions" }, event.mentions.map(mentionItem)),
    );
    writeState({ event: event.event_id });
    if (!dialog.open) dialog.showModal();
  } catch (error) {
    showError(error);
  }
}

export function setupEventDialog() {
  document.getElementById("event-dialog").addEventListener("close", () => writeState({ event: null }));
}
