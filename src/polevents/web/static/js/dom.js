// Small DOM builders. Text always goes in as text nodes, never as HTML: article text is data.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? `${error.message}${error.reason ? ` (${error.reason})` : ""}` : "";
  box.hidden = !error;
}

const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
  4: "material conflict" };

export function quadLabel(quadClass) {
  return QUAD[quadClass] || String(quadClass);
}
