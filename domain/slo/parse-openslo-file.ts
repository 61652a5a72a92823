import { parseAllDocuments } from "yaml";
import type { CatalogProblem } from "@/domain/catalog/catalog-types.ts";
import type { DeclaredSlo } from "./declared-slo.ts";
import { parseOpenSloDocument } from "./parse-openslo-document.ts";
import type { OpenSloAlerting } from "./read-alert-policies.ts";

/** OpenSLO documents say so in their apiVersion; everything else in a catalog file is Backstage's. */
export function isOpenSloDocument(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const apiVersion = (value as Record<string, unknown>)["apiVersion"];
  return typeof apiVersion === "string" && apiVersion.toLowerCase().startsWith("openslo/");
}

/**
 * Whether a file's text can hold an OpenSLO document at all: its `apiVersion` must spell
 * `openslo/`, literally or through a YAML escape. A Backstage-only file (the bulk of a
 * large catalog) is then not parsed a second and third time for OpenSLO.
 */
export function mayHoldOpenSlo(text: string): boolean {
  return /openslo/i.test(text) || text.includes("\\");
}

/**
 * The OpenSLO documents of one catalog file; the Backstage documents beside them are
 * left to `parseCatalogFile`, which skips these in turn. YAML syntax errors are not
 * reported here: the catalog parser reads the same file and reports them once.
 */
export function parseOpenSloFile(
  file: string,
  text: string,
  /** `kind: SLI` documents of the whole import (`collectOpenSloIndicators`), for `spec.indicatorRef`. */
  indicators: ReadonlyMap<string, unknown> = new Map(),
  alerting?: OpenSloAlerting,
): { slos: DeclaredSlo[]; problems: CatalogProblem[] } {
  const slos: DeclaredSlo[] = [];
  const problems: CatalogProblem[] = [];
  if (!mayHoldOpenSlo(text)) return { slos, problems };
  parseAllDocuments(text).forEach((document, documentIndex) => {
    if (document.errors.length > 0) return;
    let value: unknown;
    try {
      value = document.toJS();
    } catch {
      return;
    }
    for (const { item, itemIndex } of openSloObjects(value)) {
      const at = { file, documentIndex, ...(itemIndex === undefined ? {} : { itemIndex }) };
      const parsed = parseOpenSloDocument(item, at, indicators, alerting);
      for (const finding of parsed.findings) {
        problems.push({ ...at, ...(parsed.entityRef === undefined ? {} : { entityRef: parsed.entityRef }), ...finding });
      }
      slos.push(...parsed.slos);
    }
  });
  return { slos, problems };
}

/**
 * The OpenSLO objects of one YAML document: the document itself, or each item of a
 * document that is a list of OpenSLO objects (which the spec allows), with its position.
 */
function openSloObjects(value: unknown): { item: Record<string, unknown>; itemIndex?: number }[] {
  if (isOpenSloDocument(value)) return [{ item: value as Record<string, unknown> }];
  if (!Array.isArray(value) || value.length === 0 || !value.every(isOpenSloDocument)) return [];
  return value.map((item: unknown, itemIndex) => ({ item: item as Record<string, unknown>, itemIndex }));
}

/** The AlertPolicy, AlertCondition and AlertNotificationTarget documents of an import, for SLOs' `spec.alertPolicies`. */
export function collectOpenSloAlerting(sources: readonly { file: string; text: string }[]): OpenSloAlerting {
  return {
    policies: collectOpenSloIndicators(sources, "AlertPolicy"),
    conditions: collectOpenSloIndicators(sources, "AlertCondition"),
    targets: collectOpenSloIndicators(sources, "AlertNotificationTarget"),
  };
}

/** Every OpenSLO document of one kind (`SLI` unless told) of an import, by `metadata.name` (the first of a name wins). */
export function collectOpenSloIndicators(sources: readonly { file: string; text: string }[], kind = "SLI"): Map<string, unknown> {
  const indicators = new Map<string, unknown>();
  for (const source of sources) {
    if (!mayHoldOpenSlo(source.text)) continue;
    for (const document of parseAllDocuments(source.text)) {
      if (document.errors.length > 0) continue;
      let value: unknown;
      try {
        value = document.toJS();
      } catch {
        continue;
      }
      for (const { item: record } of openSloObjects(value)) {
        const metadata = record["metadata"];
        const name = typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>)["name"] : undefined;
        if (record["kind"] === kind && typeof name === "string" && !indicators.has(name)) indicators.set(name, record);
      }
    }
  }
  return indicators;
}
