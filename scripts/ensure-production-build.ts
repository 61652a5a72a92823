import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { waitFor } from "@/server/testing/wait-for.ts";
import { isWebBuildCurrent } from "./web-build-stamp.ts";

const run = promisify(execFile);

/**
 * For tests that run the production start (`node dist/start.js`): reuses `next build` when
 * current (scripts/test.sh runs `npm run build` first), builds it otherwise, waiting for
 * another test process's build when one is running, then compiles dist/ (about a second).
 */
export async function ensureProductionBuild(root = process.cwd()): Promise<void> {
  await waitFor(
    "a current web build (ours, or another test process's that is running)",
    async () => {
      if (isWebBuildCurrent()) return true;
      try {
        await run("npm", ["run", "build"], { cwd: root, maxBuffer: 1 << 26 });
        return true;
      } catch (error) {
        const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
        // Integration files run in parallel and npm start builds too: wait for that build.
        if (`${stdout}${stderr}`.includes("Another next build process is already running")) return false;
        throw new Error(`npm run build failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
      }
    },
    { timeoutMs: 540_000, intervalMs: 3_000 },
  );
  await run("npm", ["run", "build:server"], { cwd: root });
}
