import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

export const MONITORING_DIR = path.join(process.cwd(), "monitoring");
export const ALERT_RULES_FILE = path.join(MONITORING_DIR, "plumbline-alerts.yml");
export const ALERT_RULES_TEST_FILE = path.join(MONITORING_DIR, "tests", "plumbline-alerts.test.yml");
export const DASHBOARD_FILE = path.join(MONITORING_DIR, "plumbline-dashboard.json");

interface TDashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
}

/** Every PromQL expression of the Grafana dashboard, with the panel it belongs to. */
export function dashboardQueries(): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD_FILE, "utf8")) as TDashboard;
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
}

/** Every alert's expression, by alert name. */
export function alertExpressions(): { alert: string; expr: string }[] {
  const rules = YAML.parse(fs.readFileSync(ALERT_RULES_FILE, "utf8")) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ alert: rule.alert, expr: rule.expr })));
}

/**
 * A dashboard expression as Prometheus can run it: Grafana's variables replaced by what
 * they would be for a Prometheus scraping Plumbline as job "plumbline".
 */
export function asPlainPromql(expr: string, job = "plumbline"): string {
  return expr.replaceAll("$__rate_interval", "1m").replaceAll("$job", job);
}

/** The metric names an expression reads (histogram series reduced to their metric). */
export function metricNamesIn(expr: string): string[] {
  const names = expr.match(/\b(?:plumbline|process|nodejs)_[a-z0-9_]+\b|\bup\b/g) ?? [];
  return [...new Set(names.map((name) => name.replace(/_(bucket|sum|count)$/, "")))];
}
