/** Where a failed record came from and why, as Spring Kafka's DeadLetterPublishingRecoverer writes it. */
export interface DeadLetterCause {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  consumerGroup: string;
  exceptionFqcn: string;
  causeFqcn: string;
  message: string;
  stacktrace: string;
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int64 = (n: string) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

/**
 * Spring's header layout: partition as a 4-byte big-endian int, offset and
 * timestamp as 8-byte big-endian longs, the rest UTF-8 strings.
 */
export function springDltHeaders(c: DeadLetterCause): Record<string, Buffer> {
  return {
    "kafka_dlt-original-topic": Buffer.from(c.topic),
    "kafka_dlt-original-partition": int32(c.partition),
    "kafka_dlt-original-offset": int64(c.offset),
    "kafka_dlt-original-timestamp": int64(c.timestamp),
    "kafka_dlt-original-timestamp-type": Buffer.from("CreateTime"),
    "kafka_dlt-original-consumer-group": Buffer.from(c.consumerGroup),
    "kafka_dlt-exception-fqcn": Buffer.from(c.exceptionFqcn),
    "kafka_dlt-exception-cause-fqcn": Buffer.from(c.causeFqcn),
    "kafka_dlt-exception-message": Buffer.from(c.message),
    "kafka_dlt-exception-stacktrace": Buffer.from(c.stacktrace),
  };
}

/** A Java-looking stack trace for the demo's listener failure. */
export function listenerStacktrace(causeFqcn: string, message: string, listener: string): string {
  return [
    `org.springframework.kafka.listener.ListenerExecutionFailedException: Listener method '${listener}' threw exception`,
    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2951)",
    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2861)",
    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeOnMessage(KafkaMessageListenerContainer.java:2825)",
    `Caused by: ${causeFqcn}: ${message}`,
    "\tat com.example.payments.OrderListener.onOrderCreated(OrderListener.java:48)",
    "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "\t... 14 more",
  ].join("\n");
}
