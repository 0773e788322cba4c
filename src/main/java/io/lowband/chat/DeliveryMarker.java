package io.lowband.chat;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The highest seq up to which a user's devices hold a room without a gap. It only moves forward. */
@Document("delivery_markers")
record DeliveryMarker(@Id String key, String room, String username, long seq) implements ForwardMarkers.Marker {
}
