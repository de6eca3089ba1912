"use client";
import { useEffect, useState } from "react";
import { profilesRoutes, type ProfileSummary, type TopicProfile } from "@contract";
import { ApiError, call } from "../_api/client";

export type ProfileState =
  | { state: "loading" }
  | { state: "ready"; profile: TopicProfile }
  | { state: "waiting"; expectedAt: number | null }
  | { state: "error"; message: string };

/** A profile changes every few minutes: polled rarely once there is one, more often while it is awaited. */
const READY_MS = 60_000;
const WAITING_MS = 5000;

/** The topic's profile (GET /api/topics/{name}/profile), or when it is expected. */
export function useProfile(topic: string): ProfileState {
  const [s, setS] = useState<ProfileState>({ state: "loading" });
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      let next = READY_MS;
      try {
        setS({
          state: "ready",
          profile: await call(profilesRoutes.profile, { params: { name: topic }, signal: abort.signal }),
        });
      } catch (err) {
        if (abort.signal.aborted) return;
        next = WAITING_MS;
        if (err instanceof ApiError && (err.code === "NOT_PROFILED_YET" || err.code === "UNKNOWN_TOPIC"))
          setS({
            state: "waiting",
            expectedAt: typeof err.detail.expectedAt === "number" ? err.detail.expectedAt : null,
          });
        else setS({ state: "error", message: (err as Error).message });
      }
      timer = setTimeout(() => void load(), next);
    };
    void load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [topic]);
  return s;
}

/** One-line profiles of the topics on a page of the list, refreshed every 30 s (a profile is minutes old anyway). */
export function useProfileSummaries(topics: string[]): Map<string, ProfileSummary> {
  const [byTopic, setByTopic] = useState<Map<string, ProfileSummary>>(new Map());
  const key = topics.join(",");
  useEffect(() => {
    if (!key) return;
    const abort = new AbortController();
    const load = async () => {
      try {
        const { profiles } = await call(profilesRoutes.summaries, { query: { topics: key }, signal: abort.signal });
        setByTopic(new Map(profiles.map((p) => [p.topic, p])));
      } catch {
        // Keeps the last summaries: a badge is a hint, not worth an error line.
      }
    };
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [key]);
  return byTopic;
}
