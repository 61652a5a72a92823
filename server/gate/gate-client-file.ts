import fs from "node:fs/promises";
import path from "node:path";

/**
 * The standalone gate client as built by `npm run build:gate` (committed): published from
 * packages/plumbline-gate and served by every Plumbline server at /cli/plumbline-gate.mjs, so
 * a CI job can fetch the client that matches the server it talks to.
 */
export const GATE_CLIENT_FILE = path.join(process.cwd(), "packages", "plumbline-gate", "plumbline-gate.mjs");

/** The built client's bytes, as they are on disk (byte-identical to the file; null when this installation lacks it). */
export async function readGateClient(): Promise<Buffer | null> {
  try {
    return await fs.readFile(GATE_CLIENT_FILE);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw error;
  }
}

/** The POSIX-shell variant (sh + curl, for images without Node), served at /cli/plumbline-gate.sh. */
export const GATE_SHELL_CLIENT_FILE = path.join(process.cwd(), "packages", "plumbline-gate", "plumbline-gate.sh");

export async function readGateShellClient(): Promise<Buffer | null> {
  try {
    return await fs.readFile(GATE_SHELL_CLIENT_FILE);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw error;
  }
}
