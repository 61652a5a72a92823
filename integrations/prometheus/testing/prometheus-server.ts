import { getConfig } from "@/server/config/get-config.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { constants } from "node:fs";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Runs the real Prometheus binary (Debian's package) for integration tests: loopback
 * only, a temp data directory, a 1 s scrape interval. `halt()` + `restart()` keep the
 * port and the data, so a test can take Prometheus away and bring it back.
 */

export interface ScrapeJob {
  jobName: string;
  /** `host:port` targets serving /metrics. */
  targets: readonly string[];
  /** Sent as `Authorization: Bearer …` on every scrape (Plumbline's own /metrics). */
  bearerToken?: string;
  /** Prometheus `metric_relabel_configs` of the job (e.g. dropping series before storage). */
  metricRelabelConfigs?: readonly Readonly<Record<string, unknown>>[];
}

export interface PrometheusServerOptions {
  scrapeJobs: readonly ScrapeJob[];
  /** Default 1 s: rates become available a few seconds after start. */
  scrapeIntervalSeconds?: number;
  /** Default: PROMETHEUS_BIN, else /usr/bin/prometheus. */
  bin?: string;
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** Rule files Prometheus loads (alerting and recording rules), absolute paths. */
  ruleFiles?: readonly string[];
}

export interface PrometheusServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the process (SIGTERM) but keeps port and data for restart(). */
  halt(): Promise<void>;
  /** Starts it again on the same port and data directory; waits for /-/ready. */
  restart(): Promise<void>;
  /** Stops it and removes the temp directory. */
  stop(): Promise<void>;
  /** The last lines Prometheus logged, for failure messages. */
  logTail(): string;
}

const LOG_LINES_KEPT = 60;
const STOP_GRACE_MS = 10_000;

export async function startPrometheusServer(options: PrometheusServerOptions): Promise<PrometheusServer> {
  const bin = options.bin ?? getConfig().testing.prometheusBin;
  try {
    await access(bin, constants.X_OK);
  } catch {
    throw new Error(
      `Prometheus binary not found at ${bin}: run npm test, which installs prometheus (scripts/test-services/prometheus.sh; apt-get install -y prometheus), or set PROMETHEUS_BIN`,
    );
  }
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const root = await mkdtemp(path.join(tmpdir(), "plumbline-prometheus-"));
  const dataDir = path.join(root, "data");
  const configFile = path.join(root, "prometheus.yml");
  // JSON is YAML, and needs no YAML writer.
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    ...(options.ruleFiles ? { rule_files: options.ruleFiles } : {}),
    scrape_configs: options.scrapeJobs.map((job) => ({
      job_name: job.jobName,
      static_configs: [{ targets: job.targets }],
      ...(job.bearerToken ? { authorization: { type: "Bearer", credentials: job.bearerToken } } : {}),
      ...(job.metricRelabelConfigs ? { metric_relabel_configs: job.metricRelabelConfigs } : {}),
    })),
  };
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--storage.tsdb.retention.time=1h",
    "--log.level=warn",
  ];

  const logLines: string[] = [];
  const remember = (chunk: Buffer) => {
    logLines.push(...chunk.toString().split("\n").filter((line) => line !== ""));
    logLines.splice(0, Math.max(0, logLines.length - LOG_LINES_KEPT));
  };
  const logTail = () => logLines.join("\n");

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  // If the test process dies without stop(), do not leave Prometheus running.
  const killOnExit = () => child?.kill("SIGKILL");

  async function launch(): Promise<void> {
    const started = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    started.stdout?.on("data", remember);
    started.stderr?.on("data", remember);
    let hasExited = false;
    exited = new Promise((resolve) => {
      started.once("exit", () => {
        hasExited = true;
        resolve();
      });
    });
    process.once("exit", killOnExit);
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (hasExited) throw new Error(`Prometheus exited during startup (code ${started.exitCode}):\n${logTail()}`);
      if (await isReady(url)) return;
      if (Date.now() > deadline) {
        await halt();
        throw new Error(`Prometheus was not ready within ${readyTimeoutMs} ms:\n${logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function halt(): Promise<void> {
    const running = child;
    if (!running) return;
    child = undefined;
    process.removeListener("exit", killOnExit);
    if (running.exitCode === null && running.signalCode === null) {
      running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  }

  try {
    await launch();
  } catch (error) {
    await halt();
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    port,
    dataDir,
    halt,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      await rm(root, { recursive: true, force: true });
    },
    logTail,
  };
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** A port free right now on loopback (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}
