import type { ImportAccounting } from "./account-import.ts";

const COLUMNS = ["read", "imported", "updated", "unchanged", "skipped", "rejected"] as const;

/** The kind as a person reads it: `Component`, `SLO (OpenSLO)`. */
export function accountingKindLabel(row: { format: "backstage" | "openslo" | "yaml"; kind: string }): string {
  return row.format === "openslo" ? `${row.kind} (OpenSLO)` : row.kind;
}

/**
 * The import summary as plain text lines (the CLI prints them): one row per kind, a total,
 * then each document that was skipped or rejected with its reason.
 */
export function formatImportAccounting(accounting: ImportAccounting): string[] {
  const total = Object.fromEntries(COLUMNS.map((column) => [column, accounting.kinds.reduce((sum, row) => sum + row[column], 0)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const rows = [
    ["kind", ...COLUMNS],
    ...accounting.kinds.map((row) => [accountingKindLabel(row), ...COLUMNS.map((column) => String(row[column]))]),
    ["total", ...COLUMNS.map((column) => String(total[column]))],
  ];
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? "").length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  for (const entry of accounting.notImported) {
    const label = accountingKindLabel(entry);
    const item = entry.itemIndex === undefined ? "" : `, item ${entry.itemIndex + 1}`;
    lines.push(`${entry.outcome}: ${entry.file}, document ${entry.documentIndex + 1}${item} (${entry.entityRef ?? label}): ${entry.reason}`);
  }
  return lines;
}
