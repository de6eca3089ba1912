import { LivePage } from "./_live/LivePage";

export default function Page() {
  return <LivePage />;
}
