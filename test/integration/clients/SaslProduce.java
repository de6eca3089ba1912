import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces one record per SASL mechanism with Apache Kafka's own Java client
 * (kafka-clients from the broker's jars), run as a single-file program:
 *
 *   SASL_PASSWORD=... java -cp '<libs>/*' SaslProduce.java <bootstrap> <user> <topic> PLAIN SCRAM-SHA-256 ...
 *
 * The record's key is "java-<mechanism>". The password comes from the
 * environment so it is not on the command line.
 */
public class SaslProduce {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0], user = args[1], topic = args[2];
    String password = System.getenv("SASL_PASSWORD");
    for (int i = 3; i < args.length; i++) {
      String mechanism = args[i];
      String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule" : "org.apache.kafka.common.security.scram.ScramLoginModule";
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("security.protocol", "SASL_PLAINTEXT");
      p.put("sasl.mechanism", mechanism);
      p.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
      p.put("key.serializer", StringSerializer.class.getName());
      p.put("value.serializer", StringSerializer.class.getName());
      p.put("delivery.timeout.ms", "20000");
      p.put("request.timeout.ms", "10000");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        producer.send(new ProducerRecord<>(topic, "java-" + mechanism, "{\"client\":\"java\",\"mechanism\":\"" + mechanism + "\"}")).get();
      }
      System.out.println("produced " + mechanism);
    }
  }
}
