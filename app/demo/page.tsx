import { ScenarioPage } from "../_demo/ScenarioPage";

export default function Page() {
  return <ScenarioPage />;
}
