import { AdminPage } from "../_auth/AdminPage";

export default function Page() {
  return <AdminPage />;
}
