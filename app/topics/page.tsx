import { TopicsPage } from "../_topics/TopicsPage";

export default function Page() {
  return <TopicsPage />;
}
