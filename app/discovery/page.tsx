import { DiscoveryPage } from "../_sagas/DiscoveryPage";

export default function Page() {
  return <DiscoveryPage />;
}
