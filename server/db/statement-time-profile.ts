// Where the embedded database's thread spends its time, by statement: PGlite runs one
// statement at a time for the whole process, so the statement that holds it longest in sum
// is what every page and deploy decision waits behind. Kept only when benchmarks ask for it
// (PLUMBLINE_DEBUG_EVENT_LOOP), and read through the benchmark probe (/api/debug/event-loop).

export interface TStatementTime {
  /** The statement's text with its parameter lists folded ($n), whitespace collapsed, cut at MAX_SQL_CHARS. */
  sql: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface TStatementTimes {
  /** How long the profile has been collecting (since the worker started or the last reset). */
  sinceMs: number;
  /** Time in every statement, listed or not. */
  totalMs: number;
  statements: number;
  /** The statements with the most time in sum, most first. */
  top: TStatementTime[];
  /** The statements that held the database longest at once (max), longest first: what a deploy decision can wait behind. */
  longest: TStatementTime[];
}

const MAX_SQL_CHARS = 240;
/** Distinct statement texts kept; past it, new texts count under one "(other statements)" entry. */
const MAX_KEYS = 2000;
const OTHER = "(other statements)";

/** One key for a statement however many parameters its IN lists and VALUES rows carry. */
export function statementKey(sql: string): string {
  return sql
    .replace(/\s+/g, " ")
    .replace(/\$\d+(?:\s*,\s*\$\d+)+/g, "$n")
    .replace(/\(\$n\)(?:\s*,\s*\(\$n\))+/g, "($n)")
    .trim()
    .slice(0, MAX_SQL_CHARS);
}

export class StatementTimeProfile {
  private readonly times = new Map<string, TStatementTime>();
  private startedAt = performance.now();
  private totalMs = 0;
  private statements = 0;

  record(sql: string, ms: number): void {
    this.totalMs += ms;
    this.statements += 1;
    let key = statementKey(sql);
    if (!this.times.has(key) && this.times.size >= MAX_KEYS) key = OTHER;
    const entry = this.times.get(key);
    if (entry) {
      entry.count += 1;
      entry.totalMs += ms;
      entry.maxMs = Math.max(entry.maxMs, ms);
    } else this.times.set(key, { sql: key, count: 1, totalMs: ms, maxMs: ms });
  }

  read(limit: number): TStatementTimes {
    const entries = [...this.times.values()];
    const first = (by: (entry: TStatementTime) => number) => entries.sort((a, b) => by(b) - by(a)).slice(0, limit).map((entry) => ({ ...entry }));
    const top = first((entry) => entry.totalMs);
    const longest = first((entry) => entry.maxMs);
    return { sinceMs: performance.now() - this.startedAt, totalMs: this.totalMs, statements: this.statements, top, longest };
  }

  reset(): void {
    this.times.clear();
    this.totalMs = 0;
    this.statements = 0;
    this.startedAt = performance.now();
  }
}
