import { spawn, type ChildProcess } from "node:child_process";
import { childProcessEnv } from "@/server/config/get-config.ts";
import { plumblineCommand } from "./plumbline-command.ts";
import { freePort } from "./start-test-app.ts";

/** One role per process: the several-processes topology (role "all" is startTestApp's). */
export type TPlumblineRole = "web" | "workers";

export interface TPlumblineProcess {
  role: TPlumblineRole;
  /** The Node process's id: what leases and /settings/system show as its pid. */
  pid: number;
  /** From spawn to ready, ms. */
  readyMs: number;
  /** `http://127.0.0.1:PORT` of a web process; null for workers. */
  url: string | null;
  output(): string;
  /** Kills the process group at once (SIGKILL): a crash, no clean shutdown, no lease released. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const WORKERS_READY = /▸ Workers: /;

/**
 * Starts one web or workers process on its own (in its own process group, so next-server
 * and friends go with it) and resolves when it is ready: a web process when /api/health
 * answers, a workers process when it printed its started workers.
 */
export async function startPlumblineProcess(role: TPlumblineRole, env: Record<string, string>, options: { readyTimeoutMs?: number; compiled?: boolean } = {}): Promise<TPlumblineProcess> {
  const spawnedAt = Date.now();
  const deadline = spawnedAt + (options.readyTimeoutMs ?? 300_000);
  // Every process gets a port of its own: a workers process serves its health probes on PORT.
  const port = await freePort();
  const url = role === "web" ? `http://127.0.0.1:${port}` : null;
  const { file, args } = plumblineCommand(role, { compiled: options.compiled });
  let output = "";
  const child: ChildProcess = spawn(file, args, {
    cwd: process.cwd(),
    env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", LOG_FORMAT: "json", ...env, PORT: String(port), HOST: "127.0.0.1" }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the ${role} process`);

  const signal = (name: NodeJS.Signals): boolean => {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  const kill = async () => {
    if (signal("SIGKILL")) await exited;
  };
  const stop = async () => {
    if (!signal("SIGTERM")) return;
    const killer = setTimeout(() => signal("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  };

  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ${role} process exited with ${child.exitCode} before it was ready:\n${output}`);
    if (url === null ? WORKERS_READY.test(output) : await isHealthy(url)) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the ${role} process was not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { role, pid, url, readyMs: Date.now() - spawnedAt, output: () => output, kill, stop };
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}
