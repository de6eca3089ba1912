import { GroupsPage } from "../_groups/GroupsPage";

export default function Page() {
  return <GroupsPage />;
}
