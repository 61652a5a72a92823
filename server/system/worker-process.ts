import { randomUUID } from "node:crypto";
import os from "node:os";

/** One running worker process, as leases and /settings/system name it. */
export interface TWorkerProcess {
  /** Unique per process start: a restarted process on the same host and pid is a new holder. */
  id: string;
  hostname: string;
  pid: number;
}

export function newWorkerProcess(): TWorkerProcess {
  return { id: randomUUID(), hostname: os.hostname(), pid: process.pid };
}
