import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * Prisma's own schema engine, compiled to wasm. The CLI's native engine cannot be
 * downloaded here (and need not be in production), so `migrate deploy` and `migrate
 * diff` run through this instead; it writes `_prisma_migrations` exactly as the CLI does.
 */
type SchemaEngineBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
type SchemaEngineInstance = Awaited<ReturnType<SchemaEngineBindings["SchemaEngine"]["new"]>>;
export type TSchemaEngine = SchemaEngineInstance;

let bindingsPromise: Promise<SchemaEngineBindings> | null = null;

async function loadBindings(): Promise<SchemaEngineBindings> {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = (await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileUrl(bgPath)
  )) as SchemaEngineBindings;
  const wasmBytes = fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
  });
  const exports = instance.exports as unknown as Parameters<SchemaEngineBindings["__wbg_set_wasm"]>[0] & {
    __wbindgen_start: () => void;
  };
  bindings.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  return bindings;
}

function pathToFileUrl(p: string): string {
  return new URL(`file://${p}`).href;
}

export async function createSchemaEngine(
  schemaPath: string,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (message: string) => void = () => {},
): Promise<TSchemaEngine> {
  bindingsPromise ??= loadBindings();
  const bindings = await bindingsPromise;
  const schemaText = fs.readFileSync(schemaPath, "utf8");
  return bindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
