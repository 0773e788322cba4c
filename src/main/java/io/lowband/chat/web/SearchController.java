package io.lowband.chat.web;

import java.security.Principal;

import io.lowband.chat.History;
import io.lowband.chat.MessageSearch;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SearchController {

	private final MessageSearch search;

	SearchController(MessageSearch search) {
		this.search = search;
	}

	/**
	 * Messages of the caller's rooms (or of {@code room}) whose body or attachment name contains {@code q}, any
	 * case, newest first; {@code before} is the {@code nextBefore} of the previous page.
	 */
	@GetMapping("/api/search")
	MessageSearch.Page search(Principal me, @RequestParam @Size(min = 1, max = 200) String q,
			@RequestParam(required = false) String room, @RequestParam(required = false) String before,
			@RequestParam(defaultValue = "50") @Min(1) @Max(History.MAX_PAGE) int limit) {
		return search.search(me.getName(), q, room, before, limit);
	}

}
