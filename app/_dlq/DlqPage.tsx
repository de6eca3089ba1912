"use client";
import Link from "next/link";
import { useState } from "react";
import { DeadLetterStatuses, type DeadLetterGroup } from "@contract";
import { listDeadLetters } from "./api";
import { AccessBar } from "./AccessBar";
import { DeadLetterPanel } from "./DeadLetterPanel";
import { DeadLetterTable } from "./DeadLetterTable";
import { RedrivePanel } from "./RedrivePanel";
import { usePoll } from "../_shared/use-poll";
import styles from "./dlq.module.css";
import ui from "../_ui/common.module.css";

type GroupKey = "originTopic" | "exceptionClass" | "message";
const groupLabels: Record<GroupKey, string> = {
  originTopic: "Original topic",
  exceptionClass: "Exception",
  message: "Message",
};

export function DlqPage() {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const [topic, setTopic] = useState("");
  const [group, setGroup] = useState<{ key: GroupKey; value: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const params = new URLSearchParams();
  if (topic) params.set("topic", topic);
  if (q) params.set("q", q);
  if (status) params.set("status", status);
  if (group) params.set("group", `${group.key}:${group.value}`);
  const query = params.toString();
  const list = usePoll((signal) => listDeadLetters(new URLSearchParams(query), signal), 2000, [query]);

  return (
    <>
      <div className={styles.titleRow}>
        <h1 className={ui.title}>Dead letters</h1>
        <Link href="/audit" className={styles.link}>
          Audit log
        </Link>
      </div>
      <AccessBar />
      <div className={styles.tools}>
        <input
          type="search"
          aria-label="Search dead letters"
          placeholder="Search topic, exception, message or id"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className={styles.search}
        />
        <label className={styles.muted}>
          Dead-letter topic{" "}
          <select aria-label="Dead-letter topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
            <option value="">any</option>
            {[...new Set([...(list.data?.groups.topic.map((g) => g.value) ?? []), ...(topic ? [topic] : [])])]
              .sort()
              .map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
          </select>
        </label>
        <label className={styles.muted}>
          Status{" "}
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            {DeadLetterStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {group ? (
          <button
            type="button"
            className={styles.chipActive}
            onClick={() => setGroup(null)}
            aria-label={`Clear group ${groupLabels[group.key]}: ${group.value}`}
          >
            {groupLabels[group.key]}: {group.value} ✕
          </button>
        ) : null}
        <span className={styles.muted} role="status" aria-label="Dead letter count">
          {list.data ? `${list.data.messages.length} of ${list.data.total}` : "loading…"}
        </span>
        {list.error ? <span className={styles.error}>could not refresh: {list.error}</span> : null}
      </div>
      {list.data ? (
        <div className={styles.groups}>
          {(Object.keys(groupLabels) as GroupKey[]).map((key) => (
            <GroupList
              key={key}
              label={groupLabels[key]}
              groups={list.data!.groups[key]}
              onPick={(value) => setGroup({ key, value })}
            />
          ))}
        </div>
      ) : null}
      {topic && list.data ? (
        <RedrivePanel
          dltTopic={topic}
          filter={{
            ...(q ? { q } : {}),
            ...(status === "new" || status === "failed" ? { status } : {}),
            ...(group?.key === "originTopic" ? { originTopic: group.value } : {}),
            ...(group?.key === "exceptionClass" ? { exceptionClass: group.value } : {}),
            ...(group?.key === "message" ? { message: group.value } : {}),
          }}
          open={list.data.groups.status
            .filter((g) => (status ? g.value === status : true) && (g.value === "new" || g.value === "failed"))
            .reduce((n, g) => n + g.count, 0)}
          onChanged={list.refresh}
        />
      ) : (
        <p className={styles.muted}>Choose a dead-letter topic to redrive its records in bulk.</p>
      )}
      <div className={styles.split}>
        <div className={styles.listWrap}>
          <DeadLetterTable messages={list.data?.messages ?? []} selected={selected} onSelect={setSelected} />
        </div>
        {selected ? <DeadLetterPanel id={selected} onClose={() => setSelected(null)} onChanged={list.refresh} /> : null}
      </div>
    </>
  );
}

function GroupList({
  label,
  groups,
  onPick,
}: {
  label: string;
  groups: DeadLetterGroup[];
  onPick: (v: string) => void;
}) {
  return (
    <section aria-label={`By ${label.toLowerCase()}`} className={styles.groupCard}>
      <h2>By {label.toLowerCase()}</h2>
      <ul>
        {groups.slice(0, 6).map((g) => (
          <li key={g.value}>
            <button type="button" onClick={() => onPick(g.value)} title={g.value}>
              <span className={styles.groupValue}>{g.value}</span>
              <span className={styles.count}>{g.count}</span>
            </button>
          </li>
        ))}
        {groups.length === 0 ? <li className={styles.muted}>none</li> : null}
      </ul>
    </section>
  );
}
