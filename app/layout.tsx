import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PresentationMode } from "./_present/PresentationMode";
import { Shell } from "./_shell/Shell";
import "./globals.css";

export const metadata: Metadata = {
  title: "Sagascope",
  description: "Live dashboard for event-driven systems on Apache Kafka",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Shell>{children}</Shell>
        <PresentationMode />
      </body>
    </html>
  );
}
