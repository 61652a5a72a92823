import { describe, expect, it } from "vitest";
import { firstSentence, normalizePostmortem, POSTMORTEM_TEMPLATE_SPECS, sectionsToShow } from "./postmortem-templates.ts";

describe("firstSentence", () => {
  it.each([
    ["Retries need jitter. We added it.", "Retries need jitter."],
    ["Retries need jitter", "Retries need jitter"],
    ["Did the cache expire? Yes.", "Did the cache expire?"],
    ["Use timeouts, e.g. 2s on every call. Always.", "Use timeouts, e.g. 2s on every call."],
    ["Version 1.4.2 broke checkout. Roll back.", "Version 1.4.2 broke checkout."],
    ["First line without stop\nsecond line.", "First line without stop"],
    ["   ", ""],
  ])("%j → %j", (text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });
});

describe("normalizePostmortem", () => {
  it("takes only the first sentence as the learning and keeps the rest in what happened", () => {
    const result = normalizePostmortem({ template: "one_sentence", learning: "Feature flags need owners. Two stale flags hid the bug.", sections: {} });
    expect(result).toEqual({ ok: true, template: "one_sentence", learning: "Feature flags need owners.", sections: { whatHappened: "Two stale flags hid the bug." } });
  });

  it("refuses only an empty learning", () => {
    expect(normalizePostmortem({ template: "full", learning: "  ", sections: { wentWell: "paging worked" } })).toMatchObject({ ok: false, field: "learning" });
  });

  it("never blocks on the template: a full review with only the learning is fine", () => {
    expect(normalizePostmortem({ template: "full", learning: "Alerts must page the owner.", sections: {} })).toMatchObject({ ok: true, learning: "Alerts must page the owner.", sections: {} });
  });

  it("keeps sections written under another template and drops unknown keys and blanks", () => {
    const result = normalizePostmortem({ template: "one_sentence", learning: "Check the dashboards.", sections: { gotLucky: " it was Sunday ", wentWrong: "  ", bogus: "x" } });
    expect(result).toMatchObject({ ok: true, sections: { gotLucky: "it was Sunday" } });
  });
});

describe("templates", () => {
  it("grow from one sentence to a full review with the sections the issue names", () => {
    expect(POSTMORTEM_TEMPLATE_SPECS.one_sentence.sections).toEqual([]);
    expect(POSTMORTEM_TEMPLATE_SPECS.short.sections.length).toBeGreaterThan(0);
    expect(POSTMORTEM_TEMPLATE_SPECS.full.sections.map((section) => section.key)).toEqual(expect.arrayContaining(["whatHappened", "wentWell", "wentWrong", "gotLucky"]));
    expect(POSTMORTEM_TEMPLATE_SPECS.full.hasActionItems).toBe(true);
  });

  it("shows the template's sections first, then any other with text", () => {
    const shown = sectionsToShow("short", { gotLucky: "lucky", whatHappened: "story", wentWrong: "wrong" });
    expect(shown.map((entry) => entry.spec.key)).toEqual(["whatHappened", "wentWrong", "gotLucky"]);
  });
});
