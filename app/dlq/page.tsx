import { DlqPage } from "../_dlq/DlqPage";

export default function Page() {
  return <DlqPage />;
}
