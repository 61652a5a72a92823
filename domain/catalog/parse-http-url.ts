/** Returns the URL if it is an absolute http(s) URL, else null: other schemes cannot be opened from a service page. */
export function parseHttpUrl(value: string): string | null {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "") return null;
  return trimmed;
}
