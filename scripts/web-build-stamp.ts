import fs from "node:fs";
import path from "node:path";
import { computeBuildFingerprint } from "./build-fingerprint.ts";

const STAMP_FILE = path.join(".next", "plumbline-build.json");

/** Whether .next holds a build of the current sources (npm start's test before rebuilding). */
export function isWebBuildCurrent(): boolean {
  if (!fs.existsSync(path.join(".next", "BUILD_ID")) || !fs.existsSync(STAMP_FILE)) return false;
  const previous = JSON.parse(fs.readFileSync(STAMP_FILE, "utf8")) as { fingerprint: string };
  return previous.fingerprint === computeBuildFingerprint();
}

/** Records that .next was just built from the current sources (npm start, npm run build). */
export function writeWebBuildStamp(): void {
  fs.writeFileSync(STAMP_FILE, JSON.stringify({ fingerprint: computeBuildFingerprint(), builtAt: new Date().toISOString() }));
}
