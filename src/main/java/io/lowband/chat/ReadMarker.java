package io.lowband.chat;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The highest seq a user has read in a room. It only moves forward. */
@Document("read_markers")
record ReadMarker(@Id String key, String room, String username, long seq) implements ForwardMarkers.Marker {
}
