package io.lowband.user;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An MQTT client id and the user it belongs to: whoever used it first. */
@Document("clientIds")
record ClientIdOwner(@Id String clientId, String username, Instant since) {
}
