"use client";

/** Picks the organization the session acts for; submits on change. */
export function OrganizationSwitcher({
  organizationId,
  organizations,
  switchAction,
}: {
  organizationId: string;
  organizations: { id: string; name: string }[];
  switchAction: (form: FormData) => Promise<void>;
}) {
  return (
    <form action={switchAction} className="org-pill">
      <label htmlFor="organization-switcher" className="visually-hidden">
        Organization
      </label>
      <select id="organization-switcher" name="organizationId" className="select" defaultValue={organizationId} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
    </form>
  );
}
