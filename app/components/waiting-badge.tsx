import Link from "next/link";
import styles from "./waiting-for-you.module.css";

/** The navigation's count of approvals waiting for the signed-in person; links to them. Nothing when none wait. */
export function WaitingBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  const label = `${count} ${count === 1 ? "approval" : "approvals"} waiting for you`;
  return (
    <Link href="/deploys?for=me" className={styles.badge} aria-label={label} title={label} data-testid="waiting-badge">
      {count}
    </Link>
  );
}
