// View state lives in the query string, so every view can be shared by its URL.

export function readState() {
  return Object.fromEntries(new URLSearchParams(window.location.search));
}

// Merge `changes` into the URL (null or "" removes a key); push a history entry when asked.
export function writeState(changes, { push = false } = {}) {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") params.delete(key);
    else params.set(key, value);
  }
  const url = `${window.location.pathname}?${params}`;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

// Fill a form's fields from the state (only the fields it has).
export function fillForm(form, state) {
  for (const element of form.elements) {
    if (element.name && state[element.name] !== undefined) element.value = state[element.name];
  }
}

// Return a form's non-empty values as an object.
export function formValues(form) {
  const values = {};
  for (const [key, value] of new FormData(form)) if (value !== "") values[key] = value;
  return values;
}
