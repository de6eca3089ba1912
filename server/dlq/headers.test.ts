import { describe, expect, it } from "vitest";
import { decodeDeadLetterHeaders, decodeNumber, isDeadLetterHeader, type RawHeader } from "./headers";

const h = (name: string, value: string | Buffer | null): RawHeader => ({
  name,
  value: typeof value === "string" ? Buffer.from(value) : value,
});
const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const long = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};

describe("decodeNumber", () => {
  it("reads string digits and big-endian binary ints and longs", () => {
    expect(decodeNumber(Buffer.from("42"), "int")).toBe("42");
    expect(decodeNumber(int(7), "int")).toBe("7");
    expect(decodeNumber(long(1234567890123n), "long")).toBe("1234567890123");
    expect(decodeNumber(Buffer.from("9223372036854775807"), "long")).toBe("9223372036854775807");
    expect(decodeNumber(Buffer.from([1, 2, 3]), "long")).toBeUndefined();
  });
});

describe("decodeDeadLetterHeaders", () => {
  it("decodes Spring Kafka's binary origin and its exception, key exception included", () => {
    const info = decodeDeadLetterHeaders([
      h("kafka_dlt-original-topic", "orders"),
      h("kafka_dlt-original-partition", int(2)),
      h("kafka_dlt-original-offset", long(981n)),
      h("kafka_dlt-original-timestamp", long(1764000000000n)),
      h("kafka_dlt-original-timestamp-type", "CreateTime"),
      h("kafka_dlt-original-consumer-group", "payments"),
      h("kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException"),
      h("kafka_dlt-exception-cause-fqcn", "java.lang.IllegalStateException"),
      h("kafka_dlt-exception-message", "amount must be positive"),
      h("kafka_dlt-exception-stacktrace", "java.lang.IllegalStateException: amount\n\tat Pay.handle(Pay.java:12)"),
      h("kafka_dlt-key-exception-fqcn", "org.apache.kafka.common.errors.SerializationException"),
      h("traceparent", "00-abc-def-01"),
    ]);
    expect(info.conventions).toEqual(["spring"]);
    expect(info.origin).toEqual({
      topic: "orders",
      partition: 2,
      offset: "981",
      timestamp: 1764000000000,
      timestampType: "CreateTime",
      consumerGroup: "payments",
    });
    expect(info.error.className).toBe("org.springframework.kafka.listener.ListenerExecutionFailedException");
    expect(info.error.causeClassName).toBe("java.lang.IllegalStateException");
    expect(info.error.message).toBe("amount must be positive");
    expect(info.error.stackTrace).toContain("Pay.java:12");
    expect(info.keyError).toEqual({ className: "org.apache.kafka.common.errors.SerializationException" });
  });

  it("takes the last value of a repeated header", () => {
    const info = decodeDeadLetterHeaders([
      h("kafka_dlt-exception-message", "first failure"),
      h("kafka_dlt-original-partition", int(0)),
      h("kafka_dlt-exception-message", "second failure"),
      h("kafka_dlt-original-partition", int(5)),
    ]);
    expect(info.error.message).toBe("second failure");
    expect(info.origin.partition).toBe(5);
  });

  it("decodes Spring retry topics with attempts, and prefers the DLT headers when both are present", () => {
    const retry = decodeDeadLetterHeaders([
      h("kafka_original-topic", "orders"),
      h("kafka_original-offset", long(3n)),
      h("kafka_exception-message", "timeout"),
      h("retry_topic-attempts", int(3)),
    ]);
    expect(retry).toMatchObject({
      conventions: ["spring-retry"],
      origin: { topic: "orders", offset: "3" },
      error: { message: "timeout" },
      attempts: 3,
    });
    const both = decodeDeadLetterHeaders([
      h("kafka_dlt-original-topic", "orders-retry-1"),
      h("kafka_original-topic", "orders"),
    ]);
    expect(both.origin.topic).toBe("orders-retry-1");
    expect(both.conventions).toEqual(["spring", "spring-retry"]);
  });

  it("decodes Spring Cloud Stream, Kafka Connect (strings), Kafka Streams and share groups", () => {
    expect(
      decodeDeadLetterHeaders([
        h("x-original-topic", "payments"),
        h("x-original-partition", int(1)),
        h("x-original-offset", long(77n)),
        h("x-exception-fqcn", "java.lang.RuntimeException"),
        h("x-exception-message", "boom"),
      ]),
    ).toMatchObject({
      conventions: ["spring-cloud-stream"],
      origin: { topic: "payments", partition: 1, offset: "77" },
      error: { className: "java.lang.RuntimeException", message: "boom" },
    });
    expect(
      decodeDeadLetterHeaders([
        h("__connect.errors.topic", "inventory"),
        h("__connect.errors.partition", "0"),
        h("__connect.errors.offset", "1024"),
        h("__connect.errors.connector.name", "jdbc-sink"),
        h("__connect.errors.task.id", "0"),
        h("__connect.errors.stage", "VALUE_CONVERTER"),
        h("__connect.errors.class.name", "org.apache.kafka.connect.json.JsonConverter"),
        h("__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.DataException"),
        h("__connect.errors.exception.message", "Converting byte[] to Kafka Connect data failed"),
      ]),
    ).toMatchObject({
      conventions: ["connect"],
      origin: {
        topic: "inventory",
        partition: 0,
        offset: "1024",
        connector: "jdbc-sink",
        task: "0",
        stage: "VALUE_CONVERTER",
      },
      error: { className: "org.apache.kafka.connect.errors.DataException" },
    });
    expect(
      decodeDeadLetterHeaders([
        h("__streams.errors.topic", "clicks"),
        h("__streams.errors.partition", "3"),
        h("__streams.errors.offset", "9"),
        h("__streams.errors.exception", "java.lang.NullPointerException"),
        h("__streams.errors.message", "npe"),
      ]),
    ).toMatchObject({
      conventions: ["streams"],
      origin: { topic: "clicks", partition: 3, offset: "9" },
      error: { className: "java.lang.NullPointerException", message: "npe" },
    });
    expect(
      decodeDeadLetterHeaders([
        h("__dlq.errors.topic", "jobs"),
        h("__dlq.errors.group", "workers"),
        h("__dlq.errors.delivery.count", int(5)),
        h("__dlq.errors.message", "rejected"),
      ]),
    ).toMatchObject({
      conventions: ["share-group"],
      origin: { topic: "jobs", consumerGroup: "workers" },
      attempts: 5,
      error: { message: "rejected" },
    });
  });

  it("returns an empty result for a record without dead-letter headers, and skips undecodable or null values", () => {
    expect(decodeDeadLetterHeaders([h("content-type", "application/json")])).toEqual({
      conventions: [],
      origin: {},
      error: {},
    });
    expect(
      decodeDeadLetterHeaders([
        h("kafka_dlt-original-offset", Buffer.from([1, 2, 3])),
        h("kafka_dlt-original-topic", null),
      ]),
    ).toEqual({ conventions: [], origin: {}, error: {} });
  });

  it("knows which headers are dead-letter headers", () => {
    expect(isDeadLetterHeader("kafka_dlt-original-topic")).toBe(true);
    expect(isDeadLetterHeader("kafka_dlt-something-new")).toBe(true);
    expect(isDeadLetterHeader("__connect.errors.topic")).toBe(true);
    expect(isDeadLetterHeader("traceparent")).toBe(false);
    expect(isDeadLetterHeader("saga-id")).toBe(false);
    expect(isDeadLetterHeader("constructor")).toBe(false);
    expect(decodeDeadLetterHeaders([h("constructor", "x"), h("toString", "y"), h("__proto__", "z")])).toEqual({
      conventions: [],
      origin: {},
      error: {},
    });
  });
});
