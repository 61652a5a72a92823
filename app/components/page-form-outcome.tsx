/** What a settings form's server action answered, read back from the URL (?error=… / ?saved=1): an alert and/or "Saved.". */
export function PageFormOutcome({ error, saved }: { error: string | null | undefined; saved: boolean }) {
  return (
    <>
      {error ? (
        <p className="callout page-callout" role="alert">
          {error}
        </p>
      ) : null}
      {saved ? (
        <p className="callout page-callout" role="status">
          Saved.
        </p>
      ) : null}
    </>
  );
}
