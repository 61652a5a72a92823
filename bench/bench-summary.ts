// One summary table for every bench. A bench reports each figure with `benchRow(...)`:
// it prints a machine-readable line (`BENCH_ROW {json}`) that bench/write-path.bench.ts
// collects from its child benches, and `printSummaryTable` prints them as one Markdown
// table, target and verdict next to each figure.

export interface TBenchRow {
  /** What was measured, e.g. "catalog import, 10,000 components". */
  what: string;
  /** postgres | pglite */
  database: string;
  value: number;
  unit: "s" | "ms" | "req/s" | "MB" | "%" | "rows" | "×";
  /** The budget, in `unit`; a row without one only reports. */
  target?: { op: "<" | "<=" | ">="; value: number };
  /** Anything a reader needs next to the figure (rows written, statements, health in the same run). */
  note?: string;
}

const PREFIX = "BENCH_ROW ";

export function benchRow(row: TBenchRow): TBenchRow {
  console.log(`${PREFIX}${JSON.stringify(row)}`);
  return row;
}

/** The rows a child bench printed, in order. */
export function parseBenchRows(output: string): TBenchRow[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith(PREFIX))
    .map((line) => JSON.parse(line.slice(PREFIX.length)) as TBenchRow);
}

function verdict(row: TBenchRow): string {
  if (!row.target) return "";
  const { op, value } = row.target;
  const ok = op === "<" ? row.value < value : op === "<=" ? row.value <= value : row.value >= value;
  return ok ? "ok" : "MISSED";
}

export function printSummaryTable(title: string, rows: readonly TBenchRow[]): void {
  const format = (value: number) => (Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2));
  console.log(`\n## ${title}\n`);
  console.log("| what | database | measured | target | verdict | note |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const row of rows) {
    const target = row.target ? `${row.target.op} ${format(row.target.value)} ${row.unit}` : "";
    console.log(`| ${row.what} | ${row.database} | ${format(row.value)} ${row.unit} | ${target} | ${verdict(row)} | ${row.note ?? ""} |`);
  }
}
