const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Plumbline slugs: lowercase kebab, at most 63 characters (a DNS label, like Kubernetes names). */
export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

/**
 * Derives a slug from a Backstage `metadata.name`. Backstage names may hold upper case,
 * "." and "_"; mapping them keeps one name → one slug, and a name that Backstage
 * accepts always gives a valid slug (same alphabet, same length limit).
 */
export function toSlug(name: string): string {
  return name.toLowerCase().replace(/[._]/g, "-");
}
