import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROBLEM_CODES } from "./problem-codes.ts";

const ROOT = process.cwd();
const DOC = fs.readFileSync(path.join(ROOT, "docs/problems.md"), "utf8");

/** Each `## \`code\`` section of docs/problems.md with the status its **Status:** line gives. */
function documentedCodes(): Map<string, number | null> {
  const sections = new Map<string, number | null>();
  for (const section of DOC.split(/^## /m).slice(1)) {
    const code = /^`([a-z0-9-]+)`/.exec(section)?.[1];
    if (!code) continue;
    const status = /\*\*Status:\*\*\s*(\d{3})/.exec(section)?.[1];
    sections.set(code, status ? Number(status) : null);
  }
  return sections;
}

/** Source files that could name a problem type URI by hand (outside the registry). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".next", ".plumbline", ".git", "generated", "e2e"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe("problem codes and docs/problems.md", () => {
  it("documents every code in problem-codes.ts with its status, and nothing else", () => {
    const documented = documentedCodes();
    for (const [code, { status }] of Object.entries(PROBLEM_CODES)) {
      expect(documented.has(code), `docs/problems.md has no "## \`${code}\`" section`).toBe(true);
      expect(documented.get(code), `status of ${code} in docs/problems.md`).toBe(status);
    }
    expect([...documented.keys()].sort()).toEqual(Object.keys(PROBLEM_CODES).sort());
  });

  it("no source file writes a problem type URI whose code is not in the registry", () => {
    // Codes are typed (TProblemCode), so a new one has to go through the registry; this
    // catches one spelled into a string by hand.
    const known = new Set(Object.keys(PROBLEM_CODES));
    const unknown: string[] = [];
    for (const file of sourceFiles(ROOT)) {
      for (const match of fs.readFileSync(file, "utf8").matchAll(/plumbline\.dev\/problems\/([a-z0-9-]+)/g)) {
        if (!known.has(match[1] ?? "")) unknown.push(`${path.relative(ROOT, file)}: ${match[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("uses kebab-case codes", () => {
    for (const code of Object.keys(PROBLEM_CODES)) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
