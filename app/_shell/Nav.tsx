"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, useSession } from "./session";
import styles from "./shell.module.css";

const pages = [
  { href: "/", label: "Stream" },
  { href: "/topics", label: "Topics" },
  { href: "/records", label: "Records" },
  { href: "/traces", label: "Traces" },
  { href: "/groups", label: "Groups" },
  { href: "/sagas", label: "Sagas" },
  { href: "/dlq", label: "Dead letters" },
  { href: "/audit", label: "Audit" },
  { href: "/demo", label: "Scenario" },
];

export function Nav() {
  const path = usePathname();
  const session = useSession();
  const shown = can(session, "admin") ? [...pages, { href: "/admin", label: "Admin" }] : pages;
  return (
    <nav aria-label="Pages" className={styles.nav}>
      {shown.map((p) => (
        <Link key={p.href} href={p.href} aria-current={path === p.href ? "page" : undefined} className={styles.navLink}>
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
