// Lay out a partnership graph with the dashboard's own spec in headless Vega and
// print where its nodes ended up (JSON). Usage: node network_layout.mjs STATIC_DIR N WIDTH
import { createRequire } from "module";

const [staticDir, count, width] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const vega = createRequire(import.meta.url)(`${staticDir}/vendor/vega.min.js`);
const { graphSpec } = await import(`${staticDir}/js/network.js`);
// A few linked blocs and many countries with no link of their own: the case that drifted.
const nodes = Array.from({ length: count }, (_, i) => ({ id: `C${i}`, events: 1 + ((i * 37) % 200),
  bloc: i % 5 === 0 ? i % 3 : null }));
const edges = nodes.filter((n) => n.bloc !== null).slice(1).map((n, i) => ({
  source: `C${i * 5}`, target: n.id, net: i % 2 ? 2 : -2, events: 5 + i }));
const spec = graphSpec({ nodes, edges, blocs: [] }, width);
const view = new vega.View(vega.parse(spec), { renderer: "none" });
await view.runAsync();
const marks = view.scenegraph().root.items[0].items;
const items = marks.find((m) => m.name === "nodes").items;
console.log(JSON.stringify({ width: spec.width, height: spec.height,
  points: items.map((item) => [item.x, item.y]) }));
