import { GroupPage } from "../../_groups/GroupPage";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <GroupPage id={decodeURIComponent(id)} />;
}
