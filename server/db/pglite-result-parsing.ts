import { types, type ParserOptions, type QueryOptions, type Results } from "@electric-sql/pglite";
import type { TRawResults } from "./pglite-worker-protocol.ts";

type TParser = (value: string, typeId?: number) => unknown;
type TParsers = Record<number | string, TParser>;

/**
 * PGlite's parsing of result values (its parse.ts and types.ts), on the main thread: the
 * worker sends Postgres' text output and the caller's parsers (functions: they cannot cross
 * threads) apply here. The same precedence as PGlite: the caller's parser for a type, else
 * the instance's (PGlite's defaults plus one array parser per array type it found when it
 * opened), else PGlite's module defaults, else the text as is.
 */
export class PGliteResultParsing {
  private readonly instanceParsers: TParsers;
  /** The merged parsers per caller-supplied parsers object (the Prisma adapter passes the same one every time). */
  private readonly merged = new WeakMap<ParserOptions, TParsers>();

  constructor(arrayTypes: [elementOid: number, arrayOid: number][]) {
    const parsers: TParsers = { ...types.parsers };
    for (const [elementOid, arrayOid] of arrayTypes) {
      // Looked up when called, as PGlite's own array parsers do.
      parsers[arrayOid] = (value) => types.arrayParser(value, parsers[elementOid] as TParser, arrayOid) as unknown;
    }
    this.instanceParsers = parsers;
  }

  parse<T>(raw: TRawResults, options: QueryOptions | undefined): Results<T> {
    const parsers = this.parsersFor(options?.parsers);
    const columnParsers = raw.fields.map((field) => parsers[field.dataTypeID] ?? (types.parsers[field.dataTypeID] as TParser | undefined));
    const typeIds = raw.fields.map((field) => field.dataTypeID);
    const parseRow = (row: (string | null)[]) =>
      row.map((value, i) => {
        if (value === null) return null;
        const parser = columnParsers[i];
        return parser ? parser(value, typeIds[i]) : value;
      });
    let rows: unknown[];
    if (options?.rowMode === "array") {
      rows = raw.rows.map(parseRow);
    } else {
      const names = raw.fields.map((field) => field.name);
      rows = raw.rows.map((row) => {
        const parsed = parseRow(row);
        const object: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) object[names[i] as string] = parsed[i];
        return object;
      });
    }
    const { rows: _rawRows, ...rest } = raw;
    return { ...rest, rows } as Results<T>;
  }

  private parsersFor(callerParsers: ParserOptions | undefined): TParsers {
    if (!callerParsers) return this.instanceParsers;
    let merged = this.merged.get(callerParsers);
    if (!merged) {
      merged = { ...this.instanceParsers, ...(callerParsers as TParsers) };
      this.merged.set(callerParsers, merged);
    }
    return merged;
  }
}
