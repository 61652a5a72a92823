/**
 * Fuzzy matching of a typed name against service names and slugs (the /deploys search
 * box): exact, prefix, substring, in-order letters ("pmts" → payments) and small typos
 * ("chekout" → checkout). Case, spaces, dashes and dots are ignored. Pure and cheap: an
 * organization's few thousand names are scored per keystroke-debounced request.
 */

/** Lower-case letters and digits only: "Check-out API" and "checkout_api" compare equal. */
export function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/** Typos forgiven: none for 1–3 characters (too many false friends), one up to 7, two beyond. */
function allowedTypos(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/** Letters of `query` appear in `candidate` in order; the score drops with the gaps between them. */
function subsequenceGaps(query: string, candidate: string): number | null {
  let gaps = 0;
  let at = 0;
  for (const letter of query) {
    const found = candidate.indexOf(letter, at);
    if (found === -1) return null;
    if (found !== at) gaps += 1;
    at = found + 1;
  }
  return gaps;
}

/** How well `query` matches `candidate`: higher is better, null for no match. */
export function fuzzyScore(query: string, candidate: string): number | null {
  const q = normalizeForMatch(query);
  const c = normalizeForMatch(candidate);
  if (q === "" || c === "") return null;
  if (q === c) return 1000;
  if (c.startsWith(q)) return 900 - Math.min(99, c.length - q.length);
  const index = c.indexOf(q);
  if (index !== -1) return 800 - Math.min(99, index);
  const typos = allowedTypos(q.length);
  if (typos > 0) {
    // A typo in the whole name ("chekout"), or in its start while still typing ("paymnt").
    const whole = editDistance(q, c, typos);
    const start = editDistance(q, c.slice(0, q.length), typos);
    const distance = Math.min(whole, start);
    if (distance <= typos) return 600 - distance * 100 - (distance === whole ? 0 : 10);
  }
  // In-order letters only for 2+ characters, and only when the letters cover a good part of the name.
  if (q.length >= 2 && q.length * 2 >= Math.min(c.length, 8)) {
    const gaps = subsequenceGaps(q, c);
    if (gaps !== null) return 300 - Math.min(99, gaps * 10 + (c.length - q.length));
  }
  return null;
}

/**
 * The items matching `query` on any of their names, best first (ties in the items'
 * order), at most `limit`.
 */
export function rankFuzzy<TItem>(query: string, items: readonly TItem[], namesOf: (item: TItem) => readonly string[], limit: number): TItem[] {
  const scored: { item: TItem; score: number; order: number }[] = [];
  items.forEach((item, order) => {
    let best: number | null = null;
    for (const name of namesOf(item)) {
      const score = fuzzyScore(query, name);
      if (score !== null && (best === null || score > best)) best = score;
    }
    if (best !== null) scored.push({ item, score: best, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((entry) => entry.item);
}
