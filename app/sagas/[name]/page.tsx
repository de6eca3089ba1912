import { SagaPage } from "../../_sagas/SagaPage";

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <SagaPage name={decodeURIComponent(name)} />;
}
