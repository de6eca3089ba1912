/** A position a reader is sent to before its first fetch (server/kafka/readers.ts decides which). */
export interface StartSeek {
  topic: string;
  partition: number;
  offset: string;
}
