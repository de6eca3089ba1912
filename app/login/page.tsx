import { Suspense } from "react";
import { LoginPage } from "../_auth/LoginPage";

export default function Page() {
  return (
    <Suspense>
      <LoginPage />
    </Suspense>
  );
}
