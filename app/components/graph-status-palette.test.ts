import { describe, expect, it } from "vitest";
import { AA_GRAPHICS, AA_TEXT, contrastRatio } from "./contrast-ratio.ts";
import {
  CLUSTER_STYLE,
  EDGE_COLOURS,
  GRAPH_CANVAS_BACKGROUND,
  GRAPH_LEGEND_BACKGROUND,
  GRAPH_LEGEND_STATUSES,
  GRAPH_NODE_META_TEXT,
  GRAPH_NODE_TEXT,
  GRAPH_STATUS_STYLES,
  graphStatusKey,
} from "./graph-status-palette.ts";

const statuses = Object.entries(GRAPH_STATUS_STYLES);

describe("graph status palette (WCAG 2.2 AA)", () => {
  it.each(statuses)("%s: the node's name and details are readable on its fill (≥ 4.5:1)", (_, style) => {
    expect(contrastRatio(GRAPH_NODE_TEXT, style.fill)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(GRAPH_NODE_META_TEXT, style.fill)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it.each(statuses)("%s: the status stripe stands out from the fill, the canvas and the legend (≥ 3:1)", (_, style) => {
    expect(contrastRatio(style.stripe, style.fill)).toBeGreaterThanOrEqual(AA_GRAPHICS);
    expect(contrastRatio(style.stripe, GRAPH_CANVAS_BACKGROUND)).toBeGreaterThanOrEqual(AA_GRAPHICS);
    expect(contrastRatio(style.stripe, GRAPH_LEGEND_BACKGROUND)).toBeGreaterThanOrEqual(AA_GRAPHICS);
  });

  it.each(Object.entries(EDGE_COLOURS))("edge colour %s stands out from the canvas (≥ 3:1)", (_, colour) => {
    expect(contrastRatio(colour, GRAPH_CANVAS_BACKGROUND)).toBeGreaterThanOrEqual(AA_GRAPHICS);
  });

  it("cluster titles are readable on their frame", () => {
    expect(contrastRatio(CLUSTER_STYLE.title, CLUSTER_STYLE.fill)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it("the statuses a reader must tell apart have different words and stripes", () => {
    const shown = GRAPH_LEGEND_STATUSES.map((key) => GRAPH_STATUS_STYLES[key]);
    expect(new Set(shown.map((s) => s.word)).size).toBe(shown.length);
    const colours = ["breached", "at_risk", "healthy", "no_data"] as const;
    expect(new Set(colours.map((key) => GRAPH_STATUS_STYLES[key].stripe)).size).toBe(colours.length);
  });

  it.each([
    [{ kind: "service", sloStatus: "breached" }, "breached"],
    [{ kind: "service", sloStatus: null }, "none"],
    [{ kind: "team", sloStatus: "at_risk" }, "at_risk"],
    [{ kind: "outside", sloStatus: null }, "outside"],
  ] as const)("a node %j is drawn as %s", (node, key) => {
    expect(graphStatusKey(node)).toBe(key);
  });
});
