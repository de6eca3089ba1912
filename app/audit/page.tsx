import { AuditPage } from "../_dlq/AuditPage";

export default function Page() {
  return <AuditPage />;
}
