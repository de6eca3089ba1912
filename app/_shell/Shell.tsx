"use client";
import { usePathname } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { connectLive } from "./connection";
import { StatusBar } from "./StatusBar";
import styles from "./shell.module.css";

/**
 * The frame of every page, mounted once in the root layout: the status bar
 * (navigation, connection pills, session) and the tab's one socket, which
 * stays open across client-side navigation. The login page gets neither: it
 * shows only its form, and a socket there would be refused (no session yet).
 */
export function Shell({ children }: { children: ReactNode }) {
  const bare = usePathname() === "/login";
  useEffect(() => (bare ? undefined : connectLive()), [bare]);
  if (bare) return children;
  return (
    <div className={styles.page}>
      <StatusBar />
      <main className={styles.main}>{children}</main>
    </div>
  );
}
