import { Suspense } from "react";
import { RecordsPage } from "../_records/RecordsPage";

export default function Page() {
  return (
    <Suspense>
      <RecordsPage />
    </Suspense>
  );
}
