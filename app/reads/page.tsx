import { ReadsPage } from "../_reads/ReadsPage";

export default function Page() {
  return <ReadsPage />;
}
