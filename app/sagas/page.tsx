import { SagasPage } from "../_sagas/SagasPage";

export default function Page() {
  return <SagasPage />;
}
