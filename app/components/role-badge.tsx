/** A team member's role; owners are the people asked to approve deploys. */
export function RoleBadge({ role }: { role: "owner" | "member" }) {
  return <span className={role === "owner" ? "badge badge-owner" : "badge"}>{role}</span>;
}
