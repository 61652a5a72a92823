import { documentKey } from "./account-import.ts";
import type { CatalogProblem } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";

/** A Backstage `kind: Location` document: where it sits and what it points at (`spec.target` and `spec.targets`). */
export interface LocationDocument {
  file: string;
  documentIndex: number;
  entityRef?: string;
  /** `spec.type`: `file` or `url` (Backstage's own default is the type of the location that read it). */
  type: string | null;
  targets: string[];
}

/** The type and targets of a Location's plain data, or null for anything else. */
export function readLocationSpec(value: unknown): { type: string | null; targets: string[] } | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (record["kind"] !== "Location") return null;
  const spec = record["spec"];
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return { type: null, targets: [] };
  const { type, target, targets } = spec as Record<string, unknown>;
  const list = [...(typeof target === "string" ? [target] : []), ...(Array.isArray(targets) ? targets.filter((t): t is string => typeof t === "string") : [])];
  return { type: typeof type === "string" ? type : null, targets: list.map((t) => t.trim()).filter((t) => t !== "") };
}

/** `http://`, `https://` or any other scheme, or a Location of type url: Plumbline never fetches these. */
export function isRemoteTarget(type: string | null, target: string): boolean {
  return type === "url" || /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

/** Backstage file targets may be globs (`./components/*.yaml`, `./**\/catalog-info.yaml`). */
export function isGlob(target: string): boolean {
  return /[*?[\]{}]/.test(target);
}

/**
 * A target relative to the file holding the Location, as a `/`-separated path in the same
 * terms as the import's file names (`..` resolved); null when it climbs above the import's root.
 */
export function resolveRelativeTarget(fromFile: string, target: string): string | null {
  const base = fromFile.split("/").slice(0, -1);
  const parts = target.startsWith("/") ? [] : [...base];
  for (const part of target.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join("/");
}

/** `*` within one path segment, `**` across segments, `?` one character, `{a,b}` alternatives, as Backstage's globs. */
export function globToRegExp(glob: string): RegExp {
  let pattern = "";
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? "";
    if (char === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      pattern += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (char === "*") pattern += "[^/]*";
    else if (char === "?") pattern += "[^/]";
    else if (char === "{") {
      const end = glob.indexOf("}", i);
      if (end === -1) pattern += "\\{";
      else {
        pattern += `(?:${glob
          .slice(i + 1, end)
          .split(",")
          .map((alternative) => alternative.replace(/[.+^$()|[\]\\]/g, "\\$&"))
          .join("|")})`;
        i = end;
      }
    } else pattern += char.replace(/[.+^$()|[\]\\{}]/g, "\\$&");
  }
  return new RegExp(`^${pattern}$`);
}

export interface FollowedLocations {
  /** Warnings: remote targets not followed, targets not in the import, cycles. */
  problems: CatalogProblem[];
  /** Per Location document (`documentKey`): the files of the import its targets name. */
  followed: Map<string, string[]>;
}

/**
 * Follows every Location of an import among the files it holds: a relative target or a
 * glob names files of the import (the CLI reads them from disk, the API must be sent them);
 * a remote target (a URL, type url) is reported as not followed, since Plumbline fetches
 * nothing; a target that names no file of the import is reported; Locations that lead back
 * to themselves are reported as a cycle (each file is still read once).
 */
export function followLocations(locations: readonly LocationDocument[], fileNames: readonly string[]): FollowedLocations {
  const problems: CatalogProblem[] = [];
  const followed = new Map<string, string[]>();
  const files = [...fileNames].sort(compareText);
  const edges = new Map<string, { to: string; location: LocationDocument; target: string }[]>();

  for (const location of locations) {
    const warn = (target: string, message: string) =>
      problems.push({
        file: location.file,
        documentIndex: location.documentIndex,
        ...(location.entityRef === undefined ? {} : { entityRef: location.entityRef }),
        field: "spec.targets",
        message: `${JSON.stringify(target)}: ${message}`,
        severity: "warning",
      });
    const names = new Set<string>();
    for (const target of location.targets) {
      if (isRemoteTarget(location.type, target)) {
        warn(target, "remote target not followed: Plumbline fetches nothing from the network; import that catalog's files directly");
        continue;
      }
      const resolved = resolveRelativeTarget(location.file, target);
      if (resolved === null) {
        warn(target, "climbs above the imported folder; not followed");
        continue;
      }
      const matches = isGlob(target) ? files.filter((file) => globToRegExp(resolved).test(file)) : files.filter((file) => file === resolved);
      if (matches.length === 0) {
        warn(target, `${isGlob(target) ? "matches" : "is"} no file of this import (looked for ${resolved}); not followed`);
        continue;
      }
      for (const match of matches) {
        names.add(match);
        edges.set(location.file, [...(edges.get(location.file) ?? []), { to: match, location, target }]);
      }
    }
    followed.set(documentKey(location.file, location.documentIndex), [...names].sort(compareText));
  }

  // Depth-first from each file in name order; an edge back into the current path is a cycle.
  const done = new Set<string>();
  const reported = new Set<string>();
  const visit = (file: string, path: string[]): void => {
    if (done.has(file)) return;
    for (const edge of edges.get(file) ?? []) {
      const at = path.indexOf(edge.to);
      if (edge.to === file || at !== -1) {
        const key = `${edge.location.file}#${edge.location.documentIndex}#${edge.target}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const cycle = [...path.slice(at === -1 ? path.length - 1 : at), edge.to].join(" → ");
        problems.push({
          file: edge.location.file,
          documentIndex: edge.location.documentIndex,
          ...(edge.location.entityRef === undefined ? {} : { entityRef: edge.location.entityRef }),
          field: "spec.targets",
          message: `${JSON.stringify(edge.target)} leads back to a file already being read (cycle: ${cycle}); each file is read once`,
          severity: "warning",
        });
        continue;
      }
      visit(edge.to, [...path, edge.to]);
    }
    done.add(file);
  };
  for (const file of files) visit(file, [file]);
  return { problems, followed };
}
