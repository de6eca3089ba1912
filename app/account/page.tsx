import { AccountPage } from "../_auth/AccountPage";

export default function Page() {
  return <AccountPage />;
}
