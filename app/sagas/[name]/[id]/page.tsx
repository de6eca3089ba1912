import { InstancePage } from "../../../_sagas/InstancePage";

export default async function Page({ params }: { params: Promise<{ name: string; id: string }> }) {
  const { name, id } = await params;
  return <InstancePage name={decodeURIComponent(name)} id={decodeURIComponent(id)} />;
}
