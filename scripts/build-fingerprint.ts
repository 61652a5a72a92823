import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUTS = ["app", "server", "domain", "integrations", "workers", "public"];
const FILES = ["package-lock.json", "next.config.js", "tsconfig.json", "prisma/schema.prisma", "proxy.ts"];

/** A hash of what `next build` reads, so `npm start` rebuilds only when sources changed. */
export function computeBuildFingerprint(root = process.cwd()): string {
  const hash = createHash("sha256");
  const visit = (file: string) => {
    const stat = fs.statSync(file);
    hash.update(`${path.relative(root, file)}:${stat.size}:${stat.mtimeMs}\n`);
  };
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "generated") walk(full);
      } else if (!entry.name.endsWith(".test.ts")) visit(full);
    }
  };
  for (const dir of INPUTS) walk(path.join(root, dir));
  for (const file of FILES) if (fs.existsSync(path.join(root, file))) visit(path.join(root, file));
  return hash.digest("hex");
}
