/** The wordmark's glyph: a plumb bob on its line. Inline SVG, no icon library. */
export function PlumblineMark() {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" fill="none" aria-hidden="true">
      <path d="M9 1.5v6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      <path d="M5.5 8.5h7L9 16.5 5.5 8.5Z" fill="currentColor" />
    </svg>
  );
}
