import fs from "node:fs";
import { getDMMF } from "@prisma/get-dmmf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_PATH } from "./migrations.ts";
import { SQL_ONLY_INDEXES } from "./sql-only-indexes.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import type { DbHandle } from "./client.ts";

// schema.prisma and the database the migrations build must agree exactly: a
// migration forgotten after a schema edit (or hand-edited SQL) fails here.

type ColumnShape = { table: string; column: string; type: string; nullable: boolean };
type IndexShape = { table: string; columns: string; unique: boolean; primary: boolean };

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  Float: "double precision",
  Boolean: "boolean",
  Json: "jsonb",
  BigInt: "bigint",
};

async function expectedShape(): Promise<{ columns: ColumnShape[]; indexes: IndexShape[] }> {
  const dmmf = getDMMF({ datamodel: fs.readFileSync(SCHEMA_PATH, "utf8") });
  if (!("datamodel" in dmmf)) throw new Error(`schema.prisma does not parse: ${dmmf.reason}`);
  const columns: ColumnShape[] = [];
  const columnName = new Map<string, string>();
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const column = field.dbName ?? field.name;
      columnName.set(`${model.name}.${field.name}`, column);
      let type: string;
      if (field.isList) type = `ARRAY`;
      else if (field.kind === "enum") type = `enum:${field.type}`;
      else if (field.type === "DateTime") {
        const native = (field as { nativeType?: [string, string[]] | null }).nativeType;
        type = native?.[0] === "Timestamptz" ? "timestamp with time zone" : native?.[0] === "Date" ? "date" : "timestamp without time zone";
      } else type = SCALAR_TYPES[field.type] ?? `unmapped:${field.type}`;
      // Prisma creates scalar-list columns nullable (TEXT[] DEFAULT ARRAY[]) whatever the field says.
      columns.push({ table, column, type, nullable: field.isList || !field.isRequired });
    }
  }
  const indexes = dmmf.datamodel.indexes.map((index) => {
    const model = dmmf.datamodel.models.find((m) => m.name === index.model);
    return {
      table: model?.dbName ?? index.model,
      columns: index.fields.map((f) => columnName.get(`${index.model}.${f.name}`) ?? f.name).join(","),
      unique: index.type === "unique" || index.type === "id",
      primary: index.type === "id",
    };
  });
  return { columns, indexes };
}

async function actualShape(handle: DbHandle): Promise<{ columns: ColumnShape[]; indexes: IndexShape[] }> {
  const columns = await handle.prisma.$queryRawUnsafe<
    { table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }[]
  >(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  const indexes = await handle.prisma.$queryRawUnsafe<{ table: string; columns: string; unique: boolean; primary: boolean }[]>(
    `SELECT t.relname AS "table", ix.indisunique AS "unique", ix.indisprimary AS "primary",
            array_to_string(ARRAY(
              SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') AS "columns"
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class i ON i.oid = ix.indexrelid
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
        AND NOT (i.relname = ANY($1::text[]))`,
    [...SQL_ONLY_INDEXES],
  );
  return {
    columns: columns.map((c) => ({
      table: c.table_name,
      column: c.column_name,
      type: c.data_type === "USER-DEFINED" ? `enum:${c.udt_name}` : c.data_type,
      nullable: c.is_nullable === "YES",
    })),
    indexes: indexes.map((i) => ({ ...i, unique: Boolean(i.unique), primary: Boolean(i.primary) })),
  };
}

const byKey = <T extends { table: string }>(key: (x: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));

describe.each(TEST_DATABASE_KINDS)("schema.prisma matches the migrated %s database", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("has the same tables, columns, types and nullability", async () => {
    const expected = await expectedShape();
    const actual = await actualShape(db.handle);
    const key = (c: ColumnShape) => `${c.table}.${c.column}`;
    expect(actual.columns.sort(byKey(key))).toEqual(expected.columns.sort(byKey(key)));
  });

  it("has the SQL-only indexes (GIN search indexes the schema engine cannot describe)", async () => {
    const rows = await db.handle.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT indexname AS "name" FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1::text[])`,
      [...SQL_ONLY_INDEXES],
    );
    expect(rows.map((r) => r.name).sort()).toEqual([...SQL_ONLY_INDEXES].sort());
  });

  it("has the same indexes (primary, unique and plain)", async () => {
    const expected = await expectedShape();
    const actual = await actualShape(db.handle);
    const key = (i: IndexShape) => `${i.table}(${i.columns})${i.unique ? "!" : ""}`;
    expect(actual.indexes.sort(byKey(key))).toEqual(expected.indexes.sort(byKey(key)));
  });
});
