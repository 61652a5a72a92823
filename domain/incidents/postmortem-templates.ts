/**
 * Postmortems from one sentence to a full review. Every template starts with the
 * learning ("what did we learn?", one sentence); the others only add optional sections.
 * A template never blocks filing: only the learning is required, and switching template
 * keeps every section already written.
 */
export const POSTMORTEM_TEMPLATES = ["one_sentence", "short", "full"] as const;
export type TPostmortemTemplate = (typeof POSTMORTEM_TEMPLATES)[number];

export const POSTMORTEM_SECTION_KEYS = ["whatHappened", "impact", "wentWell", "wentWrong", "gotLucky"] as const;
export type TPostmortemSectionKey = (typeof POSTMORTEM_SECTION_KEYS)[number];
export type TPostmortemSections = Partial<Record<TPostmortemSectionKey, string>>;

export interface TPostmortemSectionSpec {
  key: TPostmortemSectionKey;
  label: string;
  prompt: string;
}

const SECTION_SPECS: Record<TPostmortemSectionKey, TPostmortemSectionSpec> = {
  whatHappened: { key: "whatHappened", label: "What happened", prompt: "The story, in a few lines." },
  impact: { key: "impact", label: "Impact", prompt: "Who noticed, for how long, how much." },
  wentWell: { key: "wentWell", label: "What went well", prompt: "What helped: keep doing it." },
  wentWrong: { key: "wentWrong", label: "What went wrong", prompt: "What hurt or slowed us down." },
  gotLucky: { key: "gotLucky", label: "Where we got lucky", prompt: "What could have made it much worse." },
};

export interface TPostmortemTemplateSpec {
  id: TPostmortemTemplate;
  label: string;
  description: string;
  sections: readonly TPostmortemSectionSpec[];
  /** The full review also tracks the timeline and action items (owners, due dates). */
  hasActionItems: boolean;
}

export const POSTMORTEM_TEMPLATE_SPECS: Record<TPostmortemTemplate, TPostmortemTemplateSpec> = {
  one_sentence: { id: "one_sentence", label: "One sentence", description: "What did we learn? One sentence is a postmortem.", sections: [], hasActionItems: false },
  short: {
    id: "short",
    label: "Short",
    description: "The learning, what happened and what we do about it.",
    sections: [SECTION_SPECS.whatHappened, SECTION_SPECS.wentWrong],
    hasActionItems: true,
  },
  full: {
    id: "full",
    label: "Full review",
    description: "Timeline, what went well, what went wrong, where we got lucky, action items with owners and due dates.",
    sections: POSTMORTEM_SECTION_KEYS.map((key) => SECTION_SPECS[key]),
    hasActionItems: true,
  },
};

export function isPostmortemTemplate(value: unknown): value is TPostmortemTemplate {
  return typeof value === "string" && (POSTMORTEM_TEMPLATES as readonly string[]).includes(value);
}

/**
 * The first sentence of a text: up to the first `.`, `!` or `?` followed by white space
 * (or the end), else the first line. "Retries need jitter. We added it." → "Retries need
 * jitter." Abbreviations such as "e.g." are not sentence ends: a sentence ends only before a capital.
 */
export function firstSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? trimmed;
  const pattern = /[.!?](?=\s+(\S)|$)/g;
  for (const match of firstLine.matchAll(pattern)) {
    const next = match[1];
    // A new sentence starts with a capital (or a quote, a bracket); "e.g. 2s" and "i.e. the" do not.
    if (next !== undefined && !(next !== next.toLowerCase() || /["'“‘(\[]/.test(next))) continue;
    return firstLine.slice(0, match.index + 1).trim();
  }
  return firstLine.trim();
}

export interface TPostmortemDraft {
  template: TPostmortemTemplate;
  /** The learning as typed; only its first sentence is the learning, the rest joins "what happened". */
  learning: string;
  sections: Record<string, string | undefined>;
}

export type TNormalizedPostmortem =
  | { ok: true; template: TPostmortemTemplate; learning: string; sections: TPostmortemSections }
  | { ok: false; field: "learning"; message: string };

/**
 * What is stored from an editor's submission. The learning is the first sentence of what
 * was typed (more text moves to the front of "what happened", so nothing is lost);
 * sections keep only known keys with text in them, whatever the template (switching from
 * "full" to "one sentence" must not throw away what someone wrote). Only an empty
 * learning is refused.
 */
export function normalizePostmortem(draft: TPostmortemDraft): TNormalizedPostmortem {
  const typed = draft.learning.trim();
  const learning = firstSentence(typed);
  if (learning === "") return { ok: false, field: "learning", message: "Write what we learned, in one sentence." };
  const sections: TPostmortemSections = {};
  for (const key of POSTMORTEM_SECTION_KEYS) {
    const value = draft.sections[key]?.trim();
    if (value) sections[key] = value;
  }
  const rest = typed.slice(typed.indexOf(learning) + learning.length).trim();
  if (rest !== "") sections.whatHappened = sections.whatHappened ? `${rest}\n\n${sections.whatHappened}` : rest;
  return { ok: true, template: draft.template, learning, sections };
}

/** The sections a page shows for a stored postmortem: the template's, then any other with text. */
export function sectionsToShow(template: TPostmortemTemplate, sections: TPostmortemSections): { spec: TPostmortemSectionSpec; text: string }[] {
  const order = [...POSTMORTEM_TEMPLATE_SPECS[template].sections.map((spec) => spec.key), ...POSTMORTEM_SECTION_KEYS];
  const seen = new Set<TPostmortemSectionKey>();
  const shown: { spec: TPostmortemSectionSpec; text: string }[] = [];
  for (const key of order) {
    if (seen.has(key)) continue;
    seen.add(key);
    const text = sections[key];
    if (text) shown.push({ spec: SECTION_SPECS[key], text });
  }
  return shown;
}
