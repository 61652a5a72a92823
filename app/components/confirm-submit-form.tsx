"use client";

/** A one-button form (hidden fields only) that asks the browser's confirm() before submitting. */
export function ConfirmSubmitForm({
  action,
  fields,
  label,
  ariaLabel,
  question,
}: {
  action: (form: FormData) => Promise<void>;
  fields: Record<string, string>;
  label: string;
  ariaLabel: string;
  question: string;
}) {
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(question)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="button" aria-label={ariaLabel}>
        {label}
      </button>
    </form>
  );
}
