// The one place the dashboard talks to the server: the public HTTP API, nothing else.

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.reason = body && body.reason;
  }
}

// GET an API path with query parameters; empty values are left out.
export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// POST a text body to /api/code; with a token and store=true it is also stored.
export async function codeText(text, { store = false, token = "" } = {}) {
  const headers = { "Content-Type": "text/plain; charset=utf-8" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/api/code${store ? "?store=true" : ""}`, {
    method: "POST", headers, body: text,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
