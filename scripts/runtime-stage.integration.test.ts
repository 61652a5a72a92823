// The image cannot be built here (no container engine), so this test replays the
// Dockerfile's runtime stage on a clean copy: it reads the stage, copies exactly what it
// COPYs into an empty directory, performs its RUN lines (the production install as a
// hard-link copy of node_modules pruned with `npm prune --omit=dev`: the same package set
// as `npm ci --omit=dev`, without ~1 GB of copying), applies its ENV, runs as an
// unprivileged user in a directory it cannot write (as USER node on a read-only root fs),
// and starts its CMD as a web and a workers process against Postgres. A RUN line this test
// does not know fails it: change the Dockerfile and this test together.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv, getConfig } from "@/server/config/get-config.ts";
import { shippedMigrationNames } from "@/server/db/migration-names.ts";
import { freePort, TEST_AUTH_SECRET } from "@/server/testing/start-test-app.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { readDockerfileStage, type TInstruction } from "./dockerfile-stage.ts";
import { ensureProductionBuild } from "./ensure-production-build.ts";

const run = promisify(execFile);
const ROOT = process.cwd();
const CONTAINER_APP = "/app";
const CONTAINER_DATA = "/data";
const stage = readDockerfileStage(path.join(ROOT, "Dockerfile"), "runtime");
/** As root (CI), the processes run as nobody; otherwise the copy's directories are made read-only. */
const runAs = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;

let tmp: string;
let app: string;
let data: string;
let env: Record<string, string>;
let databaseUrl: string;
let dropDatabase: () => Promise<void>;
const children: ChildProcess[] = [];

function one<K extends TInstruction["kind"]>(kind: K): Extract<TInstruction, { kind: K }> {
  const found = stage.filter((i): i is Extract<TInstruction, { kind: K }> => i.kind === kind);
  expect(found, `the runtime stage has one ${kind}`).toHaveLength(1);
  return found[0] as Extract<TInstruction, { kind: K }>;
}

function hostPath(containerPath: string): string {
  if (containerPath === CONTAINER_DATA || containerPath.startsWith(`${CONTAINER_DATA}/`)) return data + containerPath.slice(CONTAINER_DATA.length);
  if (containerPath.startsWith("/")) {
    expect(containerPath.startsWith(`${CONTAINER_APP}/`) || containerPath === CONTAINER_APP, `${containerPath} is under ${CONTAINER_APP}`).toBe(true);
    return app + containerPath.slice(CONTAINER_APP.length);
  }
  return path.join(app, containerPath);
}

function chownForRun(target: string): void {
  if (runAs) fs.chownSync(target, runAs.uid, runAs.gid);
}

/** What this test does for each RUN line of the runtime stage. */
const RUN_EQUIVALENTS: Record<string, () => Promise<void>> = {
  "npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force": async () => {
    await run("cp", ["-al", path.join(ROOT, "node_modules"), path.join(app, "node_modules")]);
    await run("npm", ["prune", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--offline"], { cwd: app, maxBuffer: 1 << 24 });
  },
  "mkdir -p .next/cache /data && chown node:node .next/cache /data": async () => {
    for (const dir of [hostPath(".next/cache"), hostPath(CONTAINER_DATA)]) {
      fs.mkdirSync(dir, { recursive: true });
      chownForRun(dir);
    }
  },
};

function dockerignored(): string[] {
  return fs
    .readFileSync(path.join(ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

async function replayRuntimeStage(): Promise<void> {
  expect(one("WORKDIR").dir).toBe(CONTAINER_APP);
  const ignored = dockerignored();
  env = {};
  for (const instruction of stage) {
    if (instruction.kind === "COPY") {
      for (const source of instruction.sources) {
        // The build stage is the build context plus `npm run build` in /app: here, ROOT after the build.
        const relative = instruction.from === null ? source : path.relative(CONTAINER_APP, source);
        if (instruction.from === null) expect(ignored, `${source} is COPYed from the context, so .dockerignore must not drop it`).not.toContain(relative.split("/")[0]);
        else expect(instruction.from).toBe("build");
        const from = path.join(ROOT, relative);
        const to = instruction.dest.endsWith("/") && fs.statSync(from).isFile() ? path.join(hostPath(instruction.dest), path.basename(from)) : hostPath(instruction.dest);
        // The build stage deletes .next/cache after building.
        fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (file) => file !== path.join(ROOT, ".next", "cache") });
      }
    } else if (instruction.kind === "RUN") {
      const equivalent = RUN_EQUIVALENTS[instruction.command];
      if (!equivalent) throw new Error(`The runtime stage runs "${instruction.command}", which this test does not know how to replay: add it to RUN_EQUIVALENTS.`);
      await equivalent();
    } else if (instruction.kind === "ENV") {
      for (const [key, value] of Object.entries(instruction.values)) env[key] = value.startsWith(CONTAINER_DATA) ? hostPath(value) : value;
    }
  }
  expect(one("USER").user).toBe("node");
  if (!runAs) {
    // Not root: make every directory of the copy read-only except the volumes.
    await run("find", [app, "-type", "d", "-not", "-path", `${hostPath(".next/cache")}*`, "-exec", "chmod", "a-w", "{}", "+"]);
  }
}

function spawnInImage(argv: readonly string[], extraEnv: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const [command, ...args] = argv;
  expect(command).toBe("node");
  let output = "";
  // A container's environment: the image's ENV and what the operator passes, nothing of this shell's
  // (NODE_ENV comes from the image's ENV; the first value only satisfies the type).
  const containerEnv: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: childProcessEnv().PATH ?? "/usr/bin:/bin", HOME: data, ...env, ...extraEnv };
  const child = spawn(process.execPath, args, {
    cwd: app,
    env: containerEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    ...(runAs ?? {}),
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      // sleep: not a wait, the SIGKILL fallback for a process that ignores SIGTERM (cleared when it exits).
      const killer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    }),
  );
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { redirect: "manual" })).status;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  // The build output the runtime stage copies: dist/ is compiled here (about a second);
  // `next build` is reused when current (scripts/test.sh runs `npm run build` first).
  await ensureProductionBuild(ROOT);

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-runtime-stage-"));
  fs.chmodSync(tmp, 0o755);
  app = path.join(tmp, "app");
  data = path.join(tmp, "data");
  fs.mkdirSync(app);
  await replayRuntimeStage();
  // `npm ci --omit=dev` keeps tsx and typescript: the lockfile marks them devOptional (reached
  // through better-auth's optional peer vitest), and npm omits those only with --omit=optional
  // too. Deleting them here proves nothing at run time needs them.
  for (const loader of ["tsx", "typescript"]) fs.rmSync(path.join(app, "node_modules", loader), { recursive: true, force: true });

  const adminUrl = getConfig().testing.databaseUrl;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: this test needs a real Postgres (npm test starts one).");
  const name = `plumbline_image_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
}, 600_000);

afterAll(async () => {
  await stopAll();
  await dropDatabase?.();
  if (tmp) {
    await run("chmod", ["-R", "u+w", tmp]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);

describe("the Dockerfile's runtime stage, replayed on a clean copy", () => {
  it("holds build output, not sources, and runs no TypeScript loader", () => {
    expect(fs.existsSync(path.join(app, "dist", "start.js"))).toBe(true);
    expect(fs.existsSync(path.join(app, "dist", "cli.js"))).toBe(true);
    expect(fs.existsSync(path.join(app, ".next", "BUILD_ID"))).toBe(true);
    for (const absent of ["scripts", "server", "app", "cli", "tsconfig.json"]) {
      expect(fs.existsSync(path.join(app, absent)), `${absent} is not in the image`).toBe(false);
    }
    for (const argv of [one("CMD").argv, one("HEALTHCHECK").argv]) {
      expect(argv.join(" ")).not.toMatch(/tsx|--import|--loader|\.ts\b/);
    }
  });

  it("`migrate` run twice at once applies each migration once (advisory lock), then web and workers start together with the image's CMD", async () => {
    const migrateArgv = ["node", "dist/cli.js", "migrate"];
    const serverEnv = { DATABASE_URL: databaseUrl, PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET, LOG_LEVEL: "warn", PLUMBLINE_DEMO: "0" };
    const migrations = [spawnInImage(migrateArgv, serverEnv), spawnInImage(migrateArgv, serverEnv)];
    const codes = await Promise.all(migrations.map((m) => m.exited));
    const outputs = migrations.map((m) => m.output());
    expect(codes, outputs.join("\n")).toEqual([0, 0]);
    const shipped = shippedMigrationNames(path.join(app, "prisma", "migrations"));
    expect(outputs.filter((o) => o.includes(`Applied ${shipped.length} migration(s)`)), outputs.join("\n")).toHaveLength(1);
    expect(outputs.filter((o) => o.includes("is up to date")), outputs.join("\n")).toHaveLength(1);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const rows = (await db.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name")).rows;
    await db.end();
    expect(rows.map((r) => r.migration_name)).toEqual(shipped);

    const [webPort, workersPort] = [await freePort(), await freePort()];
    const cmd = one("CMD").argv;
    const web = spawnInImage(cmd, { ...serverEnv, PLUMBLINE_ROLE: "web", PORT: String(webPort), HOST: "127.0.0.1" });
    const workers = spawnInImage(cmd, { ...serverEnv, PLUMBLINE_ROLE: "workers", PORT: String(workersPort), HOST: "127.0.0.1" });
    const detail = () => `web:\n${web.output()}\nworkers:\n${workers.output()}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    await waitFor("the web process to be ready", async () => (await status(`${webUrl}/api/health/ready`)) === 200, { timeoutMs: 90_000, intervalMs: 250, detail });
    await waitFor("the workers process to be ready", async () => (await status(`http://127.0.0.1:${workersPort}/api/health/ready`)) === 200, { timeoutMs: 90_000, intervalMs: 250, detail });
    await waitFor("the workers to start", () => workers.output().includes("▸ Workers:"), { timeoutMs: 60_000, intervalMs: 100, detail });

    expect(await (await fetch(`${webUrl}/api/health`)).json()).toEqual({ ok: true, database: "postgres" });
    const page = await fetch(`${webUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Plumbline");
    // The first-start tasks ran in exactly one of the two (the start-up advisory lock).
    const startOutputs = [web.output(), workers.output()];
    expect(startOutputs.filter((o) => /local admin of .*\n\s+password: /.test(o)), detail()).toHaveLength(1);
    expect(startOutputs.filter((o) => /catalog: \d+ services/.test(o)), detail()).toHaveLength(1);
    expect(web.output()).not.toMatch(/EACCES|EROFS/);
    expect(workers.output()).not.toMatch(/EACCES|EROFS/);

    // The image's HEALTHCHECK, as Docker runs it inside each container.
    const healthcheck = one("HEALTHCHECK").argv;
    for (const port of [webPort, workersPort]) {
      const check = spawnInImage(healthcheck, { PORT: String(port) });
      expect(await check.exited, check.output()).toBe(0);
    }
  }, 240_000);
});
