import { childProcessEnv } from "@/server/config/get-config.ts";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { plumblineCommand } from "./plumbline-command.ts";

export interface TTestApp {
  url: string;
  port: number;
  /** The server process, which leads its process group: benches read its RSS and the group's CPU time from /proc. */
  pid: number;
  /** Date.now() when the process was spawned (benches map phases onto its CPU profile). */
  startedAt: number;
  /** Everything the app printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * PLUMBLINE_AUTH_SECRET for an app started on Postgres (DATABASE_URL), which refuses to
 * start without one; 32+ characters like a real one.
 */
export const TEST_AUTH_SECRET = "plumbline-test-auth-secret-not-for-production";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// Another process is (re)building .next: wait for it rather than fail.
const CONCURRENT_BUILD = ["Another next build process is already running", "Could not find a production build"];

/**
 * Starts the real product (plumbline-command.ts, role all: build if sources
 * changed, migrations, catalog, web + workers) as a child process in its own process
 * group, and waits for /api/health. `stop` ends the whole group, so next-server cannot
 * outlive the test.
 *
 * Integration files run in parallel and each starts the app: when another process is
 * building, Next refuses a second build, so wait for it and start again (the build it
 * finishes is then reused).
 */
export async function startTestApp(
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; compiled?: boolean; nodeArgs?: string[] } = {},
): Promise<TTestApp> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 300_000);
  for (;;) {
    try {
      return await startOnce(env, deadline, options);
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      if (!CONCURRENT_BUILD.some((text) => message.includes(text)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  }
}

async function startOnce(env: Record<string, string>, deadline: number, options: { compiled?: boolean; nodeArgs?: string[] }): Promise<TTestApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  // compiled: the production start (node dist/start.js), as measured by the memory bench; nodeArgs e.g. --cpu-prof.
  const { file, args } = plumblineCommand("all", { compiled: options.compiled });
  const startedAt = Date.now();
  const child: ChildProcess = spawn(file, [...(options.nodeArgs ?? []), ...args], {
    cwd: process.cwd(),
    env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1", PLUMBLINE_DEMO: "0", LOG_LEVEL: "warn", LOG_FORMAT: "json", ...env, PORT: String(port), HOST: "127.0.0.1" }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const killer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(killer);
  };

  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app was not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, port, pid: child.pid ?? 0, startedAt, output: () => output, stop };
}
