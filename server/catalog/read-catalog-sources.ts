import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/server/http/problem.ts";

export interface TCatalogSource {
  file: string;
  text: string;
}

const YAML_FILE = /\.ya?ml$/i;

/** Reads one catalog file, or every .yaml/.yml file below a directory, in name order. */
export function readCatalogSources(target: string): TCatalogSource[] {
  const resolved = path.resolve(target);
  if (!fs.existsSync(resolved)) {
    throw new AppError(400, "Catalog not found", `No file or directory at ${resolved}.`);
  }
  const files = fs.statSync(resolved).isDirectory() ? listYamlFiles(resolved) : [resolved];
  if (files.length === 0) {
    throw new AppError(400, "Empty catalog", `${resolved} holds no .yaml or .yml files.`);
  }
  const base = fs.statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  return files.map((file) => ({
    file: path.relative(process.cwd(), file).startsWith("..") ? path.relative(base, file) : path.relative(process.cwd(), file),
    text: fs.readFileSync(file, "utf8"),
  }));
}

function listYamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : listYamlFiles(full);
      return YAML_FILE.test(entry.name) ? [full] : [];
    });
}
