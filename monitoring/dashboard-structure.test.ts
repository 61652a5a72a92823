import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DASHBOARD_FILE } from "./dashboard-queries.ts";

interface TPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
}

const dashboard = JSON.parse(fs.readFileSync(DASHBOARD_FILE, "utf8")) as {
  uid: string;
  title: string;
  panels: TPanel[];
  templating: { list: { name: string; type: string }[] };
};

// What Grafana needs to import the file on any installation: no data source id baked in,
// panels on its 24-column grid without overlaps, unique ids.
describe("monitoring/plumbline-dashboard.json", () => {
  it("asks for the Prometheus data source and the job instead of naming one installation's", () => {
    expect(dashboard.templating.list.map((variable) => [variable.name, variable.type])).toEqual([
      ["datasource", "datasource"],
      ["job", "query"],
    ]);
    for (const panel of dashboard.panels.filter((p) => p.type !== "row")) {
      expect(panel.datasource, panel.title).toEqual({ type: "prometheus", uid: "${datasource}" });
      for (const target of panel.targets ?? []) expect(target.expr, panel.title).toContain('job=~"$job"');
    }
  });

  it("has unique panel ids and refIds, and panels that fit the grid without overlapping", () => {
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    const taken = new Set<string>();
    for (const panel of dashboard.panels) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row++) {
        for (let column = x; column < x + w; column++) {
          const cell = `${row}:${column}`;
          expect(taken.has(cell), `${panel.title} overlaps another panel at ${cell}`).toBe(false);
          taken.add(cell);
        }
      }
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
    }
  });
});
