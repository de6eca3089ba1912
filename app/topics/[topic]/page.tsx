import { TopicDetailPage } from "../../_topics/TopicDetailPage";

export default async function Page({ params }: { params: Promise<{ topic: string }> }) {
  const { topic } = await params;
  return <TopicDetailPage topic={decodeURIComponent(topic)} />;
}
