import type { TWorkerDefinition } from "./worker-definition.ts";

/** Every worker Plumbline runs, in start order. Add one line per worker. */
export const WORKERS: TWorkerDefinition[] = [];
