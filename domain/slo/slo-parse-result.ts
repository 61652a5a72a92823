/** Which piece of the text was wrong, so a UI or catalog finding can point at it. */
export type SloParsePart = "annotation" | "threshold" | "objective";

export interface SloParseError {
  part: SloParsePart;
  /** The offending piece of text, as written. */
  input: string;
  /** Names the bad part and shows a correct example. */
  message: string;
}

export type SloParseResult<T> = { ok: true; value: T } | { ok: false; error: SloParseError };
