import { Suspense } from "react";
import { TracesPage } from "../_traces/TracesPage";

export default function Page() {
  // useSearchParams needs a Suspense boundary in a statically rendered page.
  return (
    <Suspense>
      <TracesPage />
    </Suspense>
  );
}
