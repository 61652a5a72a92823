import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const KUBERNETES_DIR = path.join(process.cwd(), "deploy", "kubernetes");
export const OVERLAYS = ["production", "small"] as const;

export interface TManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `kubectl kustomize` (offline; Kustomize is built into kubectl) of one overlay, parsed. */
export function renderOverlay(overlay: string): TManifest[] {
  return renderKustomization(path.join(KUBERNETES_DIR, "overlays", overlay));
}

export function renderKustomization(dir: string): TManifest[] {
  const text = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  return parseAllDocuments(text).map((document) => document.toJS() as TManifest);
}
